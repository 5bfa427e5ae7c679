/*===- libdevice/half.cu - float <-> half bits ----------------------------===*
 *
 * cumetal libdevice: __nv_float2half_rn and __nv_half2float, libdevice's
 * conversions between float and the bits of an IEEE binary16 value, by
 * cuda_fp16.h's exact integer conversions (cumetal/__cumetal_fp16_common.h).
 *===----------------------------------------------------------------------===*/
#include <cuda_fp16.h>

extern "C" __device__ unsigned short __nv_float2half_rn(float x) {
  return __half_as_ushort(__float2half_rn(x));
}

extern "C" __device__ float __nv_half2float(unsigned short h) {
  return __half2float(__ushort_as_half(h));
}

/*===- cuda_fp16.h - half precision: __half and __half2 -----------*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA Math API documentation ("Half Precision Intrinsics", "Half
 * Arithmetic/Comparison/Math/Conversion Functions", the __half and __half2
 * structure references) and the CUDA C++ Programming Guide (atomicAdd,
 * warp shuffles).
 *
 * IEEE binary16 __half and its pair __half2, as 16-bit storage: Clang 14
 * cannot compute in _Float16 on NVPTX, so conversions are exact integer
 * bit manipulation in every documented rounding mode and arithmetic is done
 * in float and rounded once (cumetal/__cumetal_fp16_common.h), bit for bit
 * what the documentation specifies. Usable from host and device code, and
 * from plain C++ host compilers (without the device-only shuffles, __ldg
 * and atomics, and without the integer conversion members, as NVIDIA's).
 * __CUDA_NO_HALF_CONVERSIONS__, __CUDA_NO_HALF_OPERATORS__ and
 * __CUDA_NO_HALF2_OPERATORS__ remove what they name.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUDA_FP16_H__
#define __CUDA_FP16_H__

#if defined(__cplusplus)

#include "cumetal/__cumetal_fp16_common.h"

#define __CUDA_FP16_TYPES_EXIST__

/* Types ------------------------------------------------------------------- */

struct __half_raw {
  unsigned short x;
};

struct __half2_raw {
  unsigned short x;
  unsigned short y;
};

struct __align__(2) __half {
  unsigned short __x; /* the binary16 bits */

  __half() = default;
  __CUMETAL_FP16_RAW_MEMBERS(__half, __half_raw)
#if !defined(__CUDA_NO_HALF_CONVERSIONS__)
  __CUMETAL_FP16_FLOAT_MEMBERS(__half, 5, 10)
#if defined(__CUDACC__)
  __CUMETAL_FP16_INTEGER_MEMBERS(__half, 5, 10)
#endif
#endif
};

struct __align__(4) __half2 {
  __half x;
  __half y;

  __half2() = default;
  __host__ __device__ constexpr __half2(const __half &__a, const __half &__b)
      : x(__a), y(__b) {}
  __host__ __device__ constexpr __half2(const __half2_raw &__r)
      : x(__half_raw{__r.x}), y(__half_raw{__r.y}) {}
  __host__ __device__ __half2 &operator=(const __half2_raw &__r) {
    x = __half_raw{__r.x};
    y = __half_raw{__r.y};
    return *this;
  }
  __host__ __device__ operator __half2_raw() const {
    __half2_raw __r;
    __r.x = x.__x;
    __r.y = y.__x;
    return __r;
  }
};

typedef __half half;
typedef __half2 half2;
typedef __half __nv_half;
typedef __half2 __nv_half2;
typedef __half_raw __nv_half_raw;
typedef __half2_raw __nv_half2_raw;
typedef __half nv_half;
typedef __half2 nv_half2;

template <> struct __cumetal_fp16_format<__half> {
  enum { __ew = 5, __mw = 10 };
};

/* Conversions ------------------------------------------------------------- */

__CUMETAL_FP16_HD__ __half __float2half(const float __a) {
  return __cumetal_fp16_round_float<__half>(__a, __cumetal_fp16_rn);
}
__CUMETAL_FP16_HD__ __half __float2half_rn(const float __a) {
  return __cumetal_fp16_round_float<__half>(__a, __cumetal_fp16_rn);
}
__CUMETAL_FP16_HD__ __half __float2half_rz(const float __a) {
  return __cumetal_fp16_round_float<__half>(__a, __cumetal_fp16_rz);
}
__CUMETAL_FP16_HD__ __half __float2half_rd(const float __a) {
  return __cumetal_fp16_round_float<__half>(__a, __cumetal_fp16_rd);
}
__CUMETAL_FP16_HD__ __half __float2half_ru(const float __a) {
  return __cumetal_fp16_round_float<__half>(__a, __cumetal_fp16_ru);
}
__CUMETAL_FP16_HD__ float __half2float(const __half __a) {
  return __cumetal_fp16_float(__a);
}
__CUMETAL_FP16_HD__ __half __double2half(const double __a) {
  return __cumetal_fp16_make<__half>(
      __cumetal_fp16_from_double<5, 10>(__a, __cumetal_fp16_rn));
}

__CUMETAL_FP16_HD__ __half2 __float2half2_rn(const float __a) {
  __half __h = __float2half_rn(__a);
  return __half2(__h, __h);
}
__CUMETAL_FP16_HD__ __half2 __floats2half2_rn(const float __a,
                                              const float __b) {
  return __half2(__float2half_rn(__a), __float2half_rn(__b));
}
__CUMETAL_FP16_HD__ __half2 __float22half2_rn(const float2 __a) {
  return __half2(__float2half_rn(__a.x), __float2half_rn(__a.y));
}
__CUMETAL_FP16_HD__ float2 __half22float2(const __half2 __a) {
  float2 __r;
  __r.x = __half2float(__a.x);
  __r.y = __half2float(__a.y);
  return __r;
}

__CUMETAL_FP16_INT_CONVERSION(__half, half, short, short)
__CUMETAL_FP16_INT_CONVERSION(__half, half, unsigned short, ushort)
__CUMETAL_FP16_INT_CONVERSION(__half, half, int, int)
__CUMETAL_FP16_INT_CONVERSION(__half, half, unsigned int, uint)
__CUMETAL_FP16_INT_CONVERSION(__half, half, long long, ll)
__CUMETAL_FP16_INT_CONVERSION(__half, half, unsigned long long, ull)

/* Reinterpretation of the bits. */
__CUMETAL_FP16_HD__ short __half_as_short(const __half __h) {
  return (short)__h.__x;
}
__CUMETAL_FP16_HD__ unsigned short __half_as_ushort(const __half __h) {
  return __h.__x;
}
__CUMETAL_FP16_HD__ __half __short_as_half(const short __i) {
  return __cumetal_fp16_make<__half>((unsigned short)__i);
}
__CUMETAL_FP16_HD__ __half __ushort_as_half(const unsigned short __i) {
  return __cumetal_fp16_make<__half>(__i);
}

/* Building and taking apart pairs. */
__CUMETAL_FP16_HD__ __half2 make_half2(const __half __x, const __half __y) {
  return __half2(__x, __y);
}
__CUMETAL_FP16_HD__ __half2 __halves2half2(const __half __a, const __half __b) {
  return __half2(__a, __b);
}
__CUMETAL_FP16_HD__ __half2 __half2half2(const __half __a) {
  return __half2(__a, __a);
}
__CUMETAL_FP16_HD__ __half __low2half(const __half2 __a) { return __a.x; }
__CUMETAL_FP16_HD__ __half __high2half(const __half2 __a) { return __a.y; }
__CUMETAL_FP16_HD__ __half2 __low2half2(const __half2 __a) {
  return __half2(__a.x, __a.x);
}
__CUMETAL_FP16_HD__ __half2 __high2half2(const __half2 __a) {
  return __half2(__a.y, __a.y);
}
__CUMETAL_FP16_HD__ __half2 __lows2half2(const __half2 __a, const __half2 __b) {
  return __half2(__a.x, __b.x);
}
__CUMETAL_FP16_HD__ __half2 __highs2half2(const __half2 __a,
                                          const __half2 __b) {
  return __half2(__a.y, __b.y);
}

/* Arithmetic, comparisons, math, operators, shuffles, atomics ------------- */

#define __CUMETAL_T __half
#define __CUMETAL_T2 __half2
#if defined(__CUDA_NO_HALF_OPERATORS__)
#define __CUMETAL_NO_OPERATORS
#endif
#if defined(__CUDA_NO_HALF2_OPERATORS__)
#define __CUMETAL_NO_OPERATORS2
#endif
#include "cumetal/__cumetal_fp16_ops.h"
#undef __CUMETAL_NO_OPERATORS2
#undef __CUMETAL_NO_OPERATORS
#undef __CUMETAL_T2
#undef __CUMETAL_T

#endif /* __cplusplus */

#endif /* __CUDA_FP16_H__ */

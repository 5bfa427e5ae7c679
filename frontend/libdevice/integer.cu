/*===- libdevice/integer.cu - Halving additions ---------------------------===*
 *
 * cumetal libdevice: __hadd, __rhadd, __uhadd, __urhadd (the CUDA integer
 * intrinsics without an AIR counterpart: air-abi.md §4 lists no halving
 * add).
 *
 * The sum is formed in 64 bits, so it never overflows, and halved with an
 * arithmetic (signed) or logical (unsigned) shift: the documented results
 * (x + y) >> 1 and (x + y + 1) >> 1 computed without overflow.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

extern "C" __device__ int __nv_hadd(int x, int y) {
  return (int)(((long long)x + y) >> 1);
}

extern "C" __device__ int __nv_rhadd(int x, int y) {
  return (int)(((long long)x + y + 1) >> 1);
}

/* libdevice's signature returns int (the unsigned result's bits). */
extern "C" __device__ int __nv_uhadd(unsigned int x, unsigned int y) {
  return (int)(((unsigned long long)x + y) >> 1);
}

extern "C" __device__ unsigned int __nv_urhadd(unsigned int x, unsigned int y) {
  return (unsigned int)(((unsigned long long)x + y + 1) >> 1);
}

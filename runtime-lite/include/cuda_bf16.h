/*===- cuda_bf16.h - bfloat16: __nv_bfloat16 and __nv_bfloat162 ---*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA Math API documentation ("Bfloat16 Precision Intrinsics", "Bfloat16
 * Arithmetic/Comparison/Math/Conversion Functions", the __nv_bfloat16 and
 * __nv_bfloat162 structure references) and the CUDA C++ Programming Guide
 * (atomicAdd, warp shuffles).
 *
 * bfloat16 (float's 8-bit exponent, 7 stored significand bits) and its pair,
 * as 16-bit storage: Clang 14 has no __bf16 arithmetic on NVPTX, so this
 * shares cuda_fp16.h's exact integer conversions and float-computed,
 * once-rounded arithmetic (cumetal/__cumetal_fp16_common.h). The functions
 * common to both types (__hadd, __hfma2, __heq, hsqrt, operators, atomicAdd,
 * ...) are overloads of cuda_fp16.h's, as documented. Usable from host and
 * device code and from plain C++ host compilers, as cuda_fp16.h.
 * __CUDA_NO_BFLOAT16_CONVERSIONS__, __CUDA_NO_BFLOAT16_OPERATORS__ and
 * __CUDA_NO_BFLOAT162_OPERATORS__ remove what they name.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUDA_BF16_H__
#define __CUDA_BF16_H__

#include "cuda_fp16.h"

#if defined(__cplusplus)

#define __CUDA_BF16_TYPES_EXIST__

/* Types ------------------------------------------------------------------- */

struct __nv_bfloat16_raw {
  unsigned short x;
};

struct __nv_bfloat162_raw {
  unsigned short x;
  unsigned short y;
};

struct __align__(2) __nv_bfloat16 {
  unsigned short __x; /* the bfloat16 bits */

  __nv_bfloat16() = default;
  __CUMETAL_FP16_RAW_MEMBERS(__nv_bfloat16, __nv_bfloat16_raw)
#if !defined(__CUDA_NO_BFLOAT16_CONVERSIONS__)
  __CUMETAL_FP16_FLOAT_MEMBERS(__nv_bfloat16, 8, 7)
#if defined(__CUDACC__)
  __CUMETAL_FP16_INTEGER_MEMBERS(__nv_bfloat16, 8, 7)
#endif
#endif
};

struct __align__(4) __nv_bfloat162 {
  __nv_bfloat16 x;
  __nv_bfloat16 y;

  __nv_bfloat162() = default;
  __host__ __device__ constexpr __nv_bfloat162(const __nv_bfloat16 &__a,
                                               const __nv_bfloat16 &__b)
      : x(__a), y(__b) {}
  __host__ __device__ constexpr __nv_bfloat162(const __nv_bfloat162_raw &__r)
      : x(__nv_bfloat16_raw{__r.x}), y(__nv_bfloat16_raw{__r.y}) {}
  __host__ __device__ __nv_bfloat162 &operator=(const __nv_bfloat162_raw &__r) {
    x = __nv_bfloat16_raw{__r.x};
    y = __nv_bfloat16_raw{__r.y};
    return *this;
  }
  __host__ __device__ operator __nv_bfloat162_raw() const {
    __nv_bfloat162_raw __r;
    __r.x = x.__x;
    __r.y = y.__x;
    return __r;
  }
};

typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

template <> struct __cumetal_fp16_format<__nv_bfloat16> {
  enum { __ew = 8, __mw = 7 };
};

/* Conversions ------------------------------------------------------------- */

__CUMETAL_FP16_HD__ __nv_bfloat16 __float2bfloat16(const float __a) {
  return __cumetal_fp16_round_float<__nv_bfloat16>(__a, __cumetal_fp16_rn);
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __float2bfloat16_rn(const float __a) {
  return __cumetal_fp16_round_float<__nv_bfloat16>(__a, __cumetal_fp16_rn);
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __float2bfloat16_rz(const float __a) {
  return __cumetal_fp16_round_float<__nv_bfloat16>(__a, __cumetal_fp16_rz);
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __float2bfloat16_rd(const float __a) {
  return __cumetal_fp16_round_float<__nv_bfloat16>(__a, __cumetal_fp16_rd);
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __float2bfloat16_ru(const float __a) {
  return __cumetal_fp16_round_float<__nv_bfloat16>(__a, __cumetal_fp16_ru);
}
__CUMETAL_FP16_HD__ float __bfloat162float(const __nv_bfloat16 __a) {
  return __cumetal_fp16_float(__a);
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __double2bfloat16(const double __a) {
  return __cumetal_fp16_make<__nv_bfloat16>(
      __cumetal_fp16_from_double<8, 7>(__a, __cumetal_fp16_rn));
}

__CUMETAL_FP16_HD__ __nv_bfloat162 __float2bfloat162_rn(const float __a) {
  __nv_bfloat16 __h = __float2bfloat16_rn(__a);
  return __nv_bfloat162(__h, __h);
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __floats2bfloat162_rn(const float __a,
                                                         const float __b) {
  return __nv_bfloat162(__float2bfloat16_rn(__a), __float2bfloat16_rn(__b));
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __float22bfloat162_rn(const float2 __a) {
  return __nv_bfloat162(__float2bfloat16_rn(__a.x), __float2bfloat16_rn(__a.y));
}
__CUMETAL_FP16_HD__ float2 __bfloat1622float2(const __nv_bfloat162 __a) {
  float2 __r;
  __r.x = __bfloat162float(__a.x);
  __r.y = __bfloat162float(__a.y);
  return __r;
}

__CUMETAL_FP16_INT_CONVERSION(__nv_bfloat16, bfloat16, short, short)
__CUMETAL_FP16_INT_CONVERSION(__nv_bfloat16, bfloat16, unsigned short, ushort)
__CUMETAL_FP16_INT_CONVERSION(__nv_bfloat16, bfloat16, int, int)
__CUMETAL_FP16_INT_CONVERSION(__nv_bfloat16, bfloat16, unsigned int, uint)
__CUMETAL_FP16_INT_CONVERSION(__nv_bfloat16, bfloat16, long long, ll)
__CUMETAL_FP16_INT_CONVERSION(__nv_bfloat16, bfloat16, unsigned long long, ull)

/* Reinterpretation of the bits. */
__CUMETAL_FP16_HD__ short __bfloat16_as_short(const __nv_bfloat16 __h) {
  return (short)__h.__x;
}
__CUMETAL_FP16_HD__ unsigned short
__bfloat16_as_ushort(const __nv_bfloat16 __h) {
  return __h.__x;
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __short_as_bfloat16(const short __i) {
  return __cumetal_fp16_make<__nv_bfloat16>((unsigned short)__i);
}
__CUMETAL_FP16_HD__ __nv_bfloat16
__ushort_as_bfloat16(const unsigned short __i) {
  return __cumetal_fp16_make<__nv_bfloat16>(__i);
}

/* Building and taking apart pairs. */
__CUMETAL_FP16_HD__ __nv_bfloat162 make_bfloat162(const __nv_bfloat16 __x,
                                                  const __nv_bfloat16 __y) {
  return __nv_bfloat162(__x, __y);
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __halves2bfloat162(const __nv_bfloat16 __a,
                                                      const __nv_bfloat16 __b) {
  return __nv_bfloat162(__a, __b);
}
__CUMETAL_FP16_HD__ __nv_bfloat162
__bfloat162bfloat162(const __nv_bfloat16 __a) {
  return __nv_bfloat162(__a, __a);
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __low2bfloat16(const __nv_bfloat162 __a) {
  return __a.x;
}
__CUMETAL_FP16_HD__ __nv_bfloat16 __high2bfloat16(const __nv_bfloat162 __a) {
  return __a.y;
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __low2bfloat162(const __nv_bfloat162 __a) {
  return __nv_bfloat162(__a.x, __a.x);
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __high2bfloat162(const __nv_bfloat162 __a) {
  return __nv_bfloat162(__a.y, __a.y);
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __lows2bfloat162(const __nv_bfloat162 __a,
                                                    const __nv_bfloat162 __b) {
  return __nv_bfloat162(__a.x, __b.x);
}
__CUMETAL_FP16_HD__ __nv_bfloat162 __highs2bfloat162(const __nv_bfloat162 __a,
                                                     const __nv_bfloat162 __b) {
  return __nv_bfloat162(__a.y, __b.y);
}

/* Arithmetic, comparisons, math, operators, shuffles, atomics ------------- */

#define __CUMETAL_T __nv_bfloat16
#define __CUMETAL_T2 __nv_bfloat162
#if defined(__CUDA_NO_BFLOAT16_OPERATORS__)
#define __CUMETAL_NO_OPERATORS
#endif
#if defined(__CUDA_NO_BFLOAT162_OPERATORS__)
#define __CUMETAL_NO_OPERATORS2
#endif
#include "cumetal/__cumetal_fp16_ops.h"
#undef __CUMETAL_NO_OPERATORS2
#undef __CUMETAL_NO_OPERATORS
#undef __CUMETAL_T2
#undef __CUMETAL_T

#endif /* __cplusplus */

#endif /* __CUDA_BF16_H__ */

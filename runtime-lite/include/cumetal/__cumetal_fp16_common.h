/*===- cumetal/__cumetal_fp16_common.h - 16-bit float engine -----*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA Math API documentation ("Half Precision Intrinsics", "Bfloat16
 * Precision Intrinsics") and IEEE 754-2008. Private to cuda_fp16.h and
 * cuda_bf16.h.
 *
 * Clang 14 has no usable _Float16 or __bf16 arithmetic on NVPTX, so __half
 * and __nv_bfloat16 are 16-bit storage types and everything here is integer
 * bit manipulation on binary formats with EW exponent and MW stored
 * significand bits (binary16: 5/10, bfloat16: 8/7), usable in host and device
 * code alike:
 *
 *  - __cumetal_fp16_round: an exact value m * 2^e rounded to the format in
 *    any of the four IEEE rounding modes, with subnormals and overflow; the
 *    conversions from float, double and the integer types are built on it;
 *  - __cumetal_fp16_to_float: the exact widening to float;
 *  - __cumetal_fp16_fma: a*b + c rounded once, computed exactly in 64-bit
 *    integers (float fmaf followed by a narrowing rounds twice);
 *  - __cumetal_fp16_to_int: float to integer in a rounding mode, saturating,
 *    with the documented result for NaN.
 *
 * Add, subtract, multiply, divide and square root of two 16-bit values need
 * no engine: computed in float and rounded once they are correctly rounded,
 * as float carries at least 2p + 2 significand bits for both formats.
 *
 * The functions named after each type (__float2half, __bfloat162float,
 * make_half2, ...) are stamped out by __CUMETAL_FP16_CONVERSIONS below, the
 * shared-name API (__hadd, __heq2, hsqrt, operators, atomicAdd ...) by
 * cumetal/__cumetal_fp16_ops.h.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_FP16_COMMON_H__
#define __CUMETAL_FP16_COMMON_H__

#include "host_defines.h"
#include "vector_types.h"

#include <math.h>

#define __CUMETAL_FP16_HD__ static __inline__ __host__ __device__
#define __CUMETAL_FP16_DEV__ static __device__ __inline__

/* Rounding modes, in the order of the _rn/_rz/_rd/_ru suffixes. */
enum {
  __cumetal_fp16_rn = 0,
  __cumetal_fp16_rz = 1,
  __cumetal_fp16_rd = 2,
  __cumetal_fp16_ru = 3
};

/* The canonical NaN both formats' arithmetic returns. */
#define __CUMETAL_FP16_NAN 0x7fffu

/* Specialised by each header: the exponent and stored significand widths
 * of its type. */
template <class __T> struct __cumetal_fp16_format;

__CUMETAL_FP16_HD__ unsigned int __cumetal_fp16_float_bits(float __f) {
  unsigned int __u;
  __builtin_memcpy(&__u, &__f, sizeof __u);
  return __u;
}

__CUMETAL_FP16_HD__ float __cumetal_fp16_bits_float(unsigned int __u) {
  float __f;
  __builtin_memcpy(&__f, &__u, sizeof __f);
  return __f;
}

/* Largest finite value or infinity, as the rounding mode decides on
 * overflow. */
template <int __EW, int __MW>
__CUMETAL_FP16_HD__ unsigned short __cumetal_fp16_overflow(bool __neg,
                                                           int __mode) {
  const unsigned int __inf = ((1u << __EW) - 1u) << __MW;
  bool __to_inf = __mode == __cumetal_fp16_rn ||
                  (__mode == __cumetal_fp16_ru && !__neg) ||
                  (__mode == __cumetal_fp16_rd && __neg);
  return (unsigned short)((__neg ? 0x8000u : 0u) |
                          (__to_inf ? __inf : __inf - 1u));
}

/* (-1)^neg * m * 2^e, m != 0, rounded to the format in the given mode. */
template <int __EW, int __MW>
__CUMETAL_FP16_HD__ unsigned short
__cumetal_fp16_round(bool __neg, unsigned long long __m, int __e, int __mode) {
  const int __bias = (1 << (__EW - 1)) - 1;
  const int __emax = (1 << __EW) - 1; /* the all-ones biased exponent */
  /* Biased exponent of the leading bit. */
  int __be = __e + 63 - __builtin_clzll(__m) + __bias;
  if (__be >= __emax)
    return __cumetal_fp16_overflow<__EW, __MW>(__neg, __mode);
  /* Exponent of the result's last significand bit; fixed in the subnormal
   * range. */
  int __q = (__be > 1 ? __be : 1) - __bias - __MW;
  int __sh = __q - __e;
  unsigned long long __r;
  bool __inc = false;
  if (__sh <= 0) {
    __r = __m << -__sh; /* exact: fewer than __MW + 1 bits */
  } else {
    __r = __sh < 64 ? __m >> __sh : 0u;
    unsigned long long __rem = __sh < 64 ? __m - (__r << __sh) : __m;
    if (__rem != 0u) {
      if (__mode == __cumetal_fp16_rn) {
        unsigned long long __mid = __sh <= 64 ? 1ull << (__sh - 1) : 0u;
        __inc = __sh <= 64 &&
                (__rem > __mid || (__rem == __mid && (__r & 1u) != 0u));
      } else {
        __inc = __mode == __cumetal_fp16_ru   ? !__neg
                : __mode == __cumetal_fp16_rd ? __neg
                                              : false;
      }
    }
  }
  /* The hidden bit of a normal result adds one to the biased exponent, and
   * a carry out of the significand moves up a binade (or to infinity). */
  unsigned int __bits = ((unsigned int)(__q + __bias + __MW - 1) << __MW) +
                        (unsigned int)__r + (__inc ? 1u : 0u);
  return (unsigned short)((__neg ? 0x8000u : 0u) | __bits);
}

/* A float or double, given as its bits __u (unsigned int or unsigned long
 * long) in a format with __SEW exponent and __SMW stored significand bits,
 * rounded to the format in the given mode; NaN becomes the canonical NaN. */
template <int __EW, int __MW, int __SEW, int __SMW, class __U>
__CUMETAL_FP16_HD__ unsigned short __cumetal_fp16_narrow(__U __u, int __mode) {
  const int __semax = (1 << __SEW) - 1, __sbias = (1 << (__SEW - 1)) - 1;
  bool __neg = (__u >> (__SEW + __SMW)) != 0u;
  int __ex = (int)((__u >> __SMW) & (unsigned int)__semax);
  __U __fr = __u & (((__U)1 << __SMW) - 1u);
  if (__ex == __semax)
    return __fr != 0u ? (unsigned short)__CUMETAL_FP16_NAN
                      : (unsigned short)((__neg ? 0x8000u : 0u) |
                                         (((1u << __EW) - 1u) << __MW));
  if (__ex == 0 && __fr == 0u)
    return __neg ? (unsigned short)0x8000u : (unsigned short)0u;
  unsigned long long __m = __ex != 0 ? (__fr | ((__U)1 << __SMW)) : __fr;
  return __cumetal_fp16_round<__EW, __MW>(
      __neg, __m, (__ex != 0 ? __ex : 1) - __sbias - __SMW, __mode);
}

template <int __EW, int __MW>
__CUMETAL_FP16_HD__ unsigned short __cumetal_fp16_from_float(float __f,
                                                             int __mode) {
  return __cumetal_fp16_narrow<__EW, __MW, 8, 23>(
      __cumetal_fp16_float_bits(__f), __mode);
}

/* The double argument is only reinterpreted as bits, never computed with. */
template <int __EW, int __MW>
__CUMETAL_FP16_HD__ unsigned short __cumetal_fp16_from_double(double __d,
                                                              int __mode) {
  unsigned long long __u;
  __builtin_memcpy(&__u, &__d, sizeof __u);
  return __cumetal_fp16_narrow<__EW, __MW, 11, 52>(__u, __mode);
}

template <int __EW, int __MW, class __I>
__CUMETAL_FP16_HD__ unsigned short __cumetal_fp16_from_int(__I __i,
                                                           int __mode) {
  bool __neg = __i < (__I)0;
  unsigned long long __mag = (unsigned long long)__i;
  if (__neg)
    __mag = 0u - __mag;
  return __mag != 0u ? __cumetal_fp16_round<__EW, __MW>(__neg, __mag, 0, __mode)
                     : (unsigned short)0u;
}

/* Exact: every value of both formats is a float. */
template <int __EW, int __MW>
__CUMETAL_FP16_HD__ float __cumetal_fp16_to_float(unsigned short __h) {
  const int __bias = (1 << (__EW - 1)) - 1;
  const unsigned int __emax = (1u << __EW) - 1u;
  unsigned int __sign = (unsigned int)(__h & 0x8000u) << 16;
  unsigned int __ex = (__h >> __MW) & __emax;
  unsigned int __fr = __h & ((1u << __MW) - 1u);
  unsigned int __u;
  if (__EW == 8) /* float's exponent: widen the significand only */
    __u = __sign | ((unsigned int)(__h & 0x7fffu) << (23 - __MW));
  else if (__ex == __emax)
    __u = __sign | 0x7f800000u | (__fr << (23 - __MW));
  else if (__ex != 0u)
    __u = __sign | ((__ex - __bias + 127u) << 23) | (__fr << (23 - __MW));
  else if (__fr == 0u)
    __u = __sign;
  else { /* subnormal: normalise */
    int __sh = __builtin_clz(__fr) - (31 - __MW);
    __u = __sign | ((unsigned int)(1 - __sh - __bias + 127) << 23) |
          (((__fr << __sh) & ((1u << __MW) - 1u)) << (23 - __MW));
  }
  return __cumetal_fp16_bits_float(__u);
}

/* m * 2^(e - t), m < 2^62, as an integer; bits below 2^t are jammed into
 * the last bit. */
__CUMETAL_FP16_HD__ unsigned long long
__cumetal_fp16_align(unsigned long long __m, int __e, int __t) {
  if (__e >= __t)
    return __m << (__e - __t);
  int __d = __t - __e;
  if (__d >= 64)
    return __m != 0u ? 1u : 0u;
  return (__m >> __d) | ((__m & ((1ull << __d) - 1u)) != 0u ? 1u : 0u);
}

/* a*b + c rounded to nearest even, once. Infinities and NaNs go through
 * float, where they are exact; otherwise the product (at most
 * 2 * (__MW + 1) bits) and c are aligned in a 62-bit window with a sticky
 * bit: an operand that loses bits lies at least 40 bits below the other,
 * whose low bits are then zero, so the sticky bit decides ties correctly. */
template <int __EW, int __MW>
__CUMETAL_FP16_HD__ unsigned short
__cumetal_fp16_fma(unsigned short __a, unsigned short __b, unsigned short __c) {
  const int __bias = (1 << (__EW - 1)) - 1;
  const unsigned int __emax = (1u << __EW) - 1u, __fmask = (1u << __MW) - 1u;
  const unsigned short __ops[3] = {__a, __b, __c};
  unsigned long long __m[3];
  int __e[3];
  bool __special = false;
  for (int __i = 0; __i < 3; ++__i) {
    unsigned int __ex = (__ops[__i] >> __MW) & __emax;
    unsigned int __fr = __ops[__i] & __fmask;
    __special |= __ex == __emax;
    __m[__i] = __ex != 0u ? (__fr | (1u << __MW)) : __fr;
    __e[__i] = (__ex != 0u ? (int)__ex : 1) - __bias - __MW;
  }
  if (__special) /* the result is NaN or infinite, exactly as in float */
    return __cumetal_fp16_from_float<__EW, __MW>(
        fmaf(__cumetal_fp16_to_float<__EW, __MW>(__a),
             __cumetal_fp16_to_float<__EW, __MW>(__b),
             __cumetal_fp16_to_float<__EW, __MW>(__c)),
        __cumetal_fp16_rn);
  bool __np = ((__a ^ __b) & 0x8000u) != 0u, __nc = (__c & 0x8000u) != 0u;
  unsigned long long __mp = __m[0] * __m[1];
  int __ep = __e[0] + __e[1];
  if (__mp == 0u) /* c, or a zero negative only if both terms are */
    return __m[2] != 0u ? __c : (unsigned short)(__np && __nc ? 0x8000u : 0u);
  if (__m[2] == 0u) /* c is a zero: the product's sign wins */
    return __cumetal_fp16_round<__EW, __MW>(__np, __mp, __ep,
                                            __cumetal_fp16_rn);
  int __tp = __ep + 64 - __builtin_clzll(__mp);
  int __tc = __e[2] + 64 - __builtin_clzll(__m[2]);
  int __t = (__tp > __tc ? __tp : __tc) - 62;
  unsigned long long __x = __cumetal_fp16_align(__mp, __ep, __t);
  unsigned long long __y = __cumetal_fp16_align(__m[2], __e[2], __t);
  bool __neg = __np;
  unsigned long long __s;
  if (__np == __nc)
    __s = __x + __y;
  else if (__x >= __y)
    __s = __x - __y;
  else {
    __s = __y - __x;
    __neg = __nc;
  }
  if (__s == 0u) /* exact cancellation is +0 when rounding to nearest */
    return 0u;
  return __cumetal_fp16_round<__EW, __MW>(__neg, __s, __t, __cumetal_fp16_rn);
}

/* float to integer in a rounding mode; out-of-range values saturate. NaN
 * gives 0, or 0x8000000000000000 for the 64-bit types, as documented. */
template <class __I>
__CUMETAL_FP16_HD__ __I __cumetal_fp16_to_int(float __f, int __mode) {
  const bool __sgn = (__I)-1 < (__I)0;
  const int __bits = (int)sizeof(__I) * 8 - (__sgn ? 1 : 0);
  if (__f != __f)
    return sizeof(__I) == 8 ? (__I)(1ull << 63) : (__I)0;
  float __r = __mode == __cumetal_fp16_rn   ? rintf(__f)
              : __mode == __cumetal_fp16_rz ? truncf(__f)
              : __mode == __cumetal_fp16_rd ? floorf(__f)
                                            : ceilf(__f);
  /* 2^bits, the first value above the range */
  float __lim = __cumetal_fp16_bits_float((unsigned int)(__bits + 127) << 23);
  if (__r >= __lim)
    return (__I)(__bits == 64 ? ~0ull : (1ull << __bits) - 1u);
  if (__r <= (__sgn ? -__lim : 0.0f))
    return __sgn ? (__I)(1ull << __bits) : (__I)0;
  return (__I)__r;
}

/* x clamped to [0, 1], NaN to +0 (the _sat variants). */
__CUMETAL_FP16_HD__ float __cumetal_fp16_sat(float __x) {
  return __x > 0.0f ? (__x < 1.0f ? __x : 1.0f) : 0.0f;
}

/* Typed wrappers for the headers: T is __half or __nv_bfloat16. */
template <class __T>
__CUMETAL_FP16_HD__ __T __cumetal_fp16_make(unsigned short __bits) {
  __T __r;
  __r.__x = __bits;
  return __r;
}

template <class __T> __CUMETAL_FP16_HD__ float __cumetal_fp16_float(__T __h) {
  return __cumetal_fp16_to_float<__cumetal_fp16_format<__T>::__ew,
                                 __cumetal_fp16_format<__T>::__mw>(__h.__x);
}

template <class __T>
__CUMETAL_FP16_HD__ __T __cumetal_fp16_round_float(float __f, int __mode = 0) {
  return __cumetal_fp16_make<__T>(
      __cumetal_fp16_from_float<__cumetal_fp16_format<__T>::__ew,
                                __cumetal_fp16_format<__T>::__mw>(__f, __mode));
}

template <class __T, class __I>
__CUMETAL_FP16_HD__ __T __cumetal_fp16_round_int(__I __i, int __mode) {
  return __cumetal_fp16_make<__T>(
      __cumetal_fp16_from_int<__cumetal_fp16_format<__T>::__ew,
                              __cumetal_fp16_format<__T>::__mw>(__i, __mode));
}

/* The integer conversions of one type: __<name>2<int>_r? and
 * __<int>2<name>_r? for the four rounding modes. */
#define __CUMETAL_FP16_INT_CONVERSION(T, NAME, I, IN)                          \
  __CUMETAL_FP16_INT_CONVERSION_MODE(T, NAME, I, IN, rn)                       \
  __CUMETAL_FP16_INT_CONVERSION_MODE(T, NAME, I, IN, rz)                       \
  __CUMETAL_FP16_INT_CONVERSION_MODE(T, NAME, I, IN, rd)                       \
  __CUMETAL_FP16_INT_CONVERSION_MODE(T, NAME, I, IN, ru)
#define __CUMETAL_FP16_INT_CONVERSION_MODE(T, NAME, I, IN, MODE)               \
  __CUMETAL_FP16_HD__ I __##NAME##2##IN##_##MODE(const T __h) {                \
    return __cumetal_fp16_to_int<I>(__cumetal_fp16_float(__h),                 \
                                    __cumetal_fp16_##MODE);                    \
  }                                                                            \
  __CUMETAL_FP16_HD__ T __##IN##2##NAME##_##MODE(const I __i) {                \
    return __cumetal_fp16_round_int<T>(__i, __cumetal_fp16_##MODE);            \
  }

/* The conversion and data movement functions named after the 16-bit type T
 * and its pair type T2, whose names NAME and NAME2 take the place of half
 * and half2 (bfloat16 and bfloat162 for __nv_bfloat16). For __half:
 *   __float2half (to nearest even), __float2half_rn, __float2half_rz,
 *   __float2half_rd, __float2half_ru, __half2float, __double2half (to
 *   nearest even), __float2half2_rn, __floats2half2_rn, __float22half2_rn
 *   and __half22float2;
 *   the integer conversions of __CUMETAL_FP16_INT_CONVERSION for short,
 *   ushort, int, uint, ll and ull;
 *   the reinterpretations __half_as_short, __half_as_ushort,
 *   __short_as_half and __ushort_as_half;
 *   make_half2, __halves2half2 and __half2half2, which build pairs, and
 *   __low2half, __high2half, __low2half2, __high2half2, __lows2half2 and
 *   __highs2half2, which take them apart.
 * The "halves" of __halves2half2 is part of the name for both types
 * (__halves2bfloat162). */
#define __CUMETAL_FP16_CONVERSIONS(T, T2, NAME, NAME2)                         \
  __CUMETAL_FP16_HD__ T __float2##NAME(const float __a) {                      \
    return __cumetal_fp16_round_float<T>(__a, __cumetal_fp16_rn);              \
  }                                                                            \
  __CUMETAL_FP16_FROM_FLOAT(T, NAME, rn)                                       \
  __CUMETAL_FP16_FROM_FLOAT(T, NAME, rz)                                       \
  __CUMETAL_FP16_FROM_FLOAT(T, NAME, rd)                                       \
  __CUMETAL_FP16_FROM_FLOAT(T, NAME, ru)                                       \
  __CUMETAL_FP16_HD__ float __##NAME##2float(const T __a) {                    \
    return __cumetal_fp16_float(__a);                                          \
  }                                                                            \
  __CUMETAL_FP16_HD__ T __double2##NAME(const double __a) {                    \
    return __cumetal_fp16_make<T>(                                             \
        __cumetal_fp16_from_double<__cumetal_fp16_format<T>::__ew,             \
                                   __cumetal_fp16_format<T>::__mw>(            \
            __a, __cumetal_fp16_rn));                                          \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __float2##NAME2##_rn(const float __a) {               \
    T __h = __float2##NAME##_rn(__a);                                          \
    return T2(__h, __h);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __floats2##NAME2##_rn(const float __a,                \
                                               const float __b) {              \
    return T2(__float2##NAME##_rn(__a), __float2##NAME##_rn(__b));             \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __float22##NAME2##_rn(const float2 __a) {             \
    return T2(__float2##NAME##_rn(__a.x), __float2##NAME##_rn(__a.y));         \
  }                                                                            \
  __CUMETAL_FP16_HD__ float2 __##NAME2##2float2(const T2 __a) {                \
    float2 __r;                                                                \
    __r.x = __##NAME##2float(__a.x);                                           \
    __r.y = __##NAME##2float(__a.y);                                           \
    return __r;                                                                \
  }                                                                            \
  __CUMETAL_FP16_INT_CONVERSION(T, NAME, short, short)                         \
  __CUMETAL_FP16_INT_CONVERSION(T, NAME, unsigned short, ushort)               \
  __CUMETAL_FP16_INT_CONVERSION(T, NAME, int, int)                             \
  __CUMETAL_FP16_INT_CONVERSION(T, NAME, unsigned int, uint)                   \
  __CUMETAL_FP16_INT_CONVERSION(T, NAME, long long, ll)                        \
  __CUMETAL_FP16_INT_CONVERSION(T, NAME, unsigned long long, ull)              \
  __CUMETAL_FP16_HD__ short __##NAME##_as_short(const T __h) {                 \
    return (short)__h.__x;                                                     \
  }                                                                            \
  __CUMETAL_FP16_HD__ unsigned short __##NAME##_as_ushort(const T __h) {       \
    return __h.__x;                                                            \
  }                                                                            \
  __CUMETAL_FP16_HD__ T __short_as_##NAME(const short __i) {                   \
    return __cumetal_fp16_make<T>((unsigned short)__i);                        \
  }                                                                            \
  __CUMETAL_FP16_HD__ T __ushort_as_##NAME(const unsigned short __i) {         \
    return __cumetal_fp16_make<T>(__i);                                        \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 make_##NAME2(const T __x, const T __y) {              \
    return T2(__x, __y);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __halves2##NAME2(const T __a, const T __b) {          \
    return T2(__a, __b);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __##NAME##2##NAME2(const T __a) {                     \
    return T2(__a, __a);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ T __low2##NAME(const T2 __a) { return __a.x; }           \
  __CUMETAL_FP16_HD__ T __high2##NAME(const T2 __a) { return __a.y; }          \
  __CUMETAL_FP16_HD__ T2 __low2##NAME2(const T2 __a) {                         \
    return T2(__a.x, __a.x);                                                   \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __high2##NAME2(const T2 __a) {                        \
    return T2(__a.y, __a.y);                                                   \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __lows2##NAME2(const T2 __a, const T2 __b) {          \
    return T2(__a.x, __b.x);                                                   \
  }                                                                            \
  __CUMETAL_FP16_HD__ T2 __highs2##NAME2(const T2 __a, const T2 __b) {         \
    return T2(__a.y, __b.y);                                                   \
  }
#define __CUMETAL_FP16_FROM_FLOAT(T, NAME, MODE)                               \
  __CUMETAL_FP16_HD__ T __float2##NAME##_##MODE(const float __a) {             \
    return __cumetal_fp16_round_float<T>(__a, __cumetal_fp16_##MODE);          \
  }

/* Members of the 16-bit type T (bits __x, format __EW/__MW), as documented:
 * to and from its raw type R; from float and double (rounding to nearest
 * even) and to float; from the integer types (rounding to nearest even) and
 * to them (truncating, saturating) and to bool. */
#define __CUMETAL_FP16_RAW_MEMBERS(T, R)                                       \
  __host__ __device__ constexpr T(const R &__r) : __x(__r.x) {}                \
  __host__ __device__ T &operator=(const R &__r) {                             \
    __x = __r.x;                                                               \
    return *this;                                                              \
  }                                                                            \
  __host__ __device__ operator R() const {                                     \
    R __r;                                                                     \
    __r.x = __x;                                                               \
    return __r;                                                                \
  }
#define __CUMETAL_FP16_FLOAT_MEMBERS(T, __EW, __MW)                            \
  __host__ __device__ T(const float __f)                                       \
      : __x(__cumetal_fp16_from_float<__EW, __MW>(__f, __cumetal_fp16_rn)) {}  \
  __host__ __device__ T(const double __d)                                      \
      : __x(__cumetal_fp16_from_double<__EW, __MW>(__d, __cumetal_fp16_rn)) {} \
  __host__ __device__ T &operator=(const float __f) {                          \
    __x = __cumetal_fp16_from_float<__EW, __MW>(__f, __cumetal_fp16_rn);       \
    return *this;                                                              \
  }                                                                            \
  __host__ __device__ T &operator=(const double __d) {                         \
    __x = __cumetal_fp16_from_double<__EW, __MW>(__d, __cumetal_fp16_rn);      \
    return *this;                                                              \
  }                                                                            \
  __host__ __device__ operator float() const {                                 \
    return __cumetal_fp16_to_float<__EW, __MW>(__x);                           \
  }
#define __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, I)                           \
  __host__ __device__ T(const I __i)                                           \
      : __x(__cumetal_fp16_from_int<__EW, __MW>(__i, __cumetal_fp16_rn)) {}    \
  __host__ __device__ T &operator=(const I __i) {                              \
    __x = __cumetal_fp16_from_int<__EW, __MW>(__i, __cumetal_fp16_rn);         \
    return *this;                                                              \
  }                                                                            \
  __host__ __device__ operator I() const {                                     \
    return __cumetal_fp16_to_int<I>(__cumetal_fp16_to_float<__EW, __MW>(__x),  \
                                    __cumetal_fp16_rz);                        \
  }
#define __CUMETAL_FP16_INTEGER_MEMBERS(T, __EW, __MW)                          \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, short)                             \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, unsigned short)                    \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, int)                               \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, unsigned int)                      \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, long)                              \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, unsigned long)                     \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, long long)                         \
  __CUMETAL_FP16_INT_MEMBERS(T, __EW, __MW, unsigned long long)                \
  /* +0 and -0 are false, everything else (NaN included) true */               \
  __host__ __device__ operator bool() const { return (__x & 0x7fffu) != 0u; }

/* The conversion members of T: from and to float and double, and in CUDA
 * code only, as NVIDIA's, from and to the integer types. */
#if defined(__CUDACC__)
#define __CUMETAL_FP16_CONVERSION_MEMBERS(T, __EW, __MW)                       \
  __CUMETAL_FP16_FLOAT_MEMBERS(T, __EW, __MW)                                  \
  __CUMETAL_FP16_INTEGER_MEMBERS(T, __EW, __MW)
#else
#define __CUMETAL_FP16_CONVERSION_MEMBERS(T, __EW, __MW)                       \
  __CUMETAL_FP16_FLOAT_MEMBERS(T, __EW, __MW)
#endif

/* Members of the pair type T2 of T (lanes x and y), as documented: from two
 * T, and to and from its raw type R2 through T's raw type R. */
#define __CUMETAL_FP16_PAIR_MEMBERS(T2, T, R2, R)                              \
  __host__ __device__ constexpr T2(const T &__a, const T &__b)                 \
      : x(__a), y(__b) {}                                                      \
  __host__ __device__ constexpr T2(const R2 &__r)                              \
      : x(R{__r.x}), y(R{__r.y}) {}                                            \
  __host__ __device__ T2 &operator=(const R2 &__r) {                           \
    x = R{__r.x};                                                              \
    y = R{__r.y};                                                              \
    return *this;                                                              \
  }                                                                            \
  __host__ __device__ operator R2() const {                                    \
    R2 __r;                                                                    \
    __r.x = x.__x;                                                             \
    __r.y = y.__x;                                                             \
    return __r;                                                                \
  }

#if defined(__CUDACC__)
/* Atomic read-modify-write of the 16-bit value at p through a 32-bit
 * compare-and-swap on the aligned word holding it. Returns the old value. */
template <class __T, class __Op>
__CUMETAL_FP16_DEV__ __T __cumetal_fp16_atomic(__T *__p, __Op __op) {
  unsigned long long __off = (unsigned long long)__p & 2u;
  unsigned int *__w = (unsigned int *)((char *)__p - __off);
  unsigned int __sh = (unsigned int)__off * 8u;
  unsigned int __old = __atomic_load_n(__w, __ATOMIC_RELAXED), __assumed;
  do {
    __assumed = __old;
    __T __cur = __cumetal_fp16_make<__T>((unsigned short)(__assumed >> __sh));
    unsigned int __new = (__assumed & ~(0xffffu << __sh)) |
                         ((unsigned int)__op(__cur).__x << __sh);
    __old = atomicCAS(__w, __assumed, __new);
  } while (__old != __assumed);
  return __cumetal_fp16_make<__T>((unsigned short)(__assumed >> __sh));
}

/* The same for a pair, on the whole (4-byte aligned) word. */
template <class __T2, class __Op>
__CUMETAL_FP16_DEV__ __T2 __cumetal_fp16_atomic2(__T2 *__p, __Op __op) {
  unsigned int *__w = (unsigned int *)__p;
  unsigned int __old = __atomic_load_n(__w, __ATOMIC_RELAXED), __assumed;
  __T2 __cur;
  do {
    __assumed = __old;
    __builtin_memcpy(&__cur, &__assumed, sizeof __cur);
    __T2 __next = __op(__cur);
    unsigned int __new;
    __builtin_memcpy(&__new, &__next, sizeof __new);
    __old = atomicCAS(__w, __assumed, __new);
  } while (__old != __assumed);
  return __cur;
}
#endif /* __CUDACC__ */

#endif /* __CUMETAL_FP16_COMMON_H__ */

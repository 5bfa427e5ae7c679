/*===- libdevice/ptx_helpers.cu - conversions for lifted PTX --------------===*
 *
 * cumetal libdevice: the operations the PTX lifter (ptx/LiftFloat.cpp,
 * ptx/LiftConvert.cpp) needs that CUDA's libdevice has no function for,
 * each rounded exactly once as PTX requires:
 *
 *   __cumetal_ptx_f2h(x, mode)      float -> f16 bits   (cvt.rz/rm/rp.f16.f32)
 *   __cumetal_ptx_d2h(bits, mode)   double -> f16 bits  (cvt.r*.f16.f64)
 *   __cumetal_ptx_d2bf(bits, mode)  double -> bf16 bits (cvt.r*.bf16.f64)
 *   __cumetal_ptx_i2h/u2h(x, mode)  64-bit integer -> f16 (cvt.r*.f16.s64...)
 *   __cumetal_ptx_i2bf/u2bf         the same to bf16
 *   __cumetal_ptx_hfma(a, b, c)     f16 a*b+c rounded once (fma.rn.f16)
 *   __cumetal_ptx_bfma(a, b, c)     bf16 a*b+c rounded once (fma.rn.bf16)
 *   __cumetal_ptx_d2f(bits, mode)   double -> float (cvt.rz/rm/rp.f32.f64)
 *   __cumetal_ptx_dround(bits, m)   double -> integral double in a rounding
 *                                   mode (cvt.rni/rzi/rmi/rpi.f64.f64 and
 *                                   the f64 -> integer conversions)
 *
 * mode: 0 to nearest even, 1 toward zero, 2 toward -inf, 3 toward +inf.
 * Doubles travel as their bits (unsigned long long) and are only handled
 * as integers, so these work under every --fp64 mode. The 16-bit formats
 * use cuda_fp16.h's exact engine (cumetal/__cumetal_fp16_common.h); NaN
 * results are the canonical NaN 0x7fff, except that __cumetal_ptx_d2f
 * keeps a NaN's sign and payload (as NVIDIA's cvt.f32.f64 does).
 *===----------------------------------------------------------------------===*/
#include <cuda_fp16.h>

#ifdef __clang__
#pragma clang fp contract(off)
#endif

extern "C" __device__ unsigned short __cumetal_ptx_f2h(float x, int mode) {
  return __cumetal_fp16_from_float<5, 10>(x, mode);
}

extern "C" __device__ unsigned short __cumetal_ptx_d2h(unsigned long long x,
                                                       int mode) {
  return __cumetal_fp16_narrow<5, 10, 11, 52>(x, mode);
}

extern "C" __device__ unsigned short __cumetal_ptx_d2bf(unsigned long long x,
                                                        int mode) {
  return __cumetal_fp16_narrow<8, 7, 11, 52>(x, mode);
}

extern "C" __device__ unsigned short __cumetal_ptx_i2h(long long x, int mode) {
  return __cumetal_fp16_from_int<5, 10>(x, mode);
}

extern "C" __device__ unsigned short __cumetal_ptx_u2h(unsigned long long x,
                                                       int mode) {
  return __cumetal_fp16_from_int<5, 10>(x, mode);
}

extern "C" __device__ unsigned short __cumetal_ptx_i2bf(long long x, int mode) {
  return __cumetal_fp16_from_int<8, 7>(x, mode);
}

extern "C" __device__ unsigned short __cumetal_ptx_u2bf(unsigned long long x,
                                                        int mode) {
  return __cumetal_fp16_from_int<8, 7>(x, mode);
}

extern "C" __device__ unsigned short
__cumetal_ptx_hfma(unsigned short a, unsigned short b, unsigned short c) {
  return __cumetal_fp16_fma<5, 10>(a, b, c);
}

extern "C" __device__ unsigned short
__cumetal_ptx_bfma(unsigned short a, unsigned short b, unsigned short c) {
  return __cumetal_fp16_fma<8, 7>(a, b, c);
}

/* (-1)^neg * m * 2^e (m != 0, at most 53 bits) rounded to float bits. */
static __device__ __forceinline__ unsigned
__cumetal_ptx_round_f32(bool neg, unsigned long long m, int e, int mode) {
  const unsigned sign = neg ? 0x80000000u : 0u;
  int be = e + 63 - __builtin_clzll(m) + 127; /* biased exponent of the msb */
  if (be >= 255) {
    bool to_inf = mode == 0 || (mode == 3 && !neg) || (mode == 2 && neg);
    return sign | (to_inf ? 0x7f800000u : 0x7f7fffffu);
  }
  /* exponent of the result's last significand bit (fixed when subnormal) */
  int q = (be > 1 ? be : 1) - 127 - 23;
  int sh = q - e;
  unsigned long long r;
  bool inc = false;
  if (sh <= 0) {
    r = m << -sh;
  } else {
    r = sh < 64 ? m >> sh : 0u;
    unsigned long long rem = sh < 64 ? m - (r << sh) : m;
    if (rem != 0u) {
      if (mode == 0) {
        unsigned long long half = sh <= 64 ? 1ull << (sh - 1) : 0u;
        inc = sh <= 64 && (rem > half || (rem == half && (r & 1u) != 0u));
      } else {
        inc = mode == 3 ? !neg : mode == 2 ? neg : false;
      }
    }
  }
  /* the hidden bit of a normal result adds one to the biased exponent; a
   * carry out of the significand moves up a binade (or to infinity) */
  unsigned bits =
      ((unsigned)(q + 127 + 23 - 1) << 23) + (unsigned)r + (inc ? 1u : 0u);
  return sign | bits;
}

extern "C" __device__ float __cumetal_ptx_d2f(unsigned long long u, int mode) {
  bool neg = (u >> 63) != 0u;
  int ex = (int)((u >> 52) & 0x7ffu);
  unsigned long long fr = u & 0xfffffffffffffull;
  unsigned bits;
  if (ex == 0x7ff) /* a NaN keeps its sign and payload's top, quieted */
    bits = fr != 0u ? (neg ? 0xffc00000u : 0x7fc00000u) | (unsigned)(fr >> 29)
                    : (neg ? 0xff800000u : 0x7f800000u);
  else if (ex == 0 && fr == 0u)
    bits = neg ? 0x80000000u : 0u;
  else
    bits = __cumetal_ptx_round_f32(neg, ex != 0 ? (fr | (1ull << 52)) : fr,
                                   (ex != 0 ? ex : 1) - 1075, mode);
  return __builtin_bit_cast(float, bits);
}

extern "C" __device__ unsigned long long
__cumetal_ptx_dround(unsigned long long u, int mode) {
  const unsigned long long sign = u & 0x8000000000000000ull;
  const unsigned long long one = 0x3ff0000000000000ull;
  int ex = (int)((u >> 52) & 0x7ffu);
  if (ex == 0x7ff && (u & 0xfffffffffffffull) != 0u)
    return u | 0x0008000000000000ull; /* NaN: quieted */
  if (ex >= 1075)                     /* integral already, or infinite */
    return u;
  if (ex < 1023) { /* |x| < 1 */
    if ((u << 1) == 0u)
      return u;
    switch (mode) {
    case 0: /* above one half: 1; one half ties to the even 0 */
      return sign | (ex == 1022 && (u & 0xfffffffffffffull) != 0u ? one : 0u);
    case 2:
      return sign | (sign ? one : 0u);
    case 3:
      return sign | (sign ? 0u : one);
    default:
      return sign;
    }
  }
  int frac = 1075 - ex; /* 1..52 fraction bits */
  unsigned long long unit = 1ull << frac, mask = unit - 1u;
  unsigned long long rem = u & mask;
  if (rem == 0u)
    return u;
  unsigned long long t = u & ~mask; /* toward zero */
  bool up;                          /* away from zero */
  switch (mode) {
  case 0: {
    unsigned long long half = unit >> 1;
    up = rem > half || (rem == half && (t & unit) != 0u);
    break;
  }
  case 2:
    up = sign != 0u;
    break;
  case 3:
    up = sign == 0u;
    break;
  default:
    up = false;
  }
  return up ? t + unit : t; /* a carry moves into the exponent: exact */
}

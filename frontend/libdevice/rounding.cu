/*===- libdevice/rounding.cu - directed rounding and conversions ----------===*
 *
 * cumetal libdevice: the single-precision operations with a named rounding
 * mode (_rz toward zero, _rd toward -inf, _ru toward +inf) and the integer
 * to float conversions, plus frsqrt_rn, llrintf and llroundf.
 *
 * Apple GPUs have no dynamic or static rounding-mode control, so the
 * directed add/sub/mul/div/fma/conversions are done with exact integer
 * arithmetic on the significands (a small soft-float: the exact result is
 * formed in a 64-bit significand with a "jammed" sticky bit, then rounded
 * once by __cumetal_round_pack), the classic method of IEEE-754 software
 * implementations (e.g. J. Hauser's SoftFloat design, written anew here).
 * Square roots use the correctly rounded square root and an exact residual
 * sign from fmaf on a scaled argument. All results are exact (0 ulp) for
 * every input, subnormals included.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

#define __CUMETAL_RN 0
#define __CUMETAL_RZ 1
#define __CUMETAL_RD 2
#define __CUMETAL_RU 3

/* Round (-1)^sign * mant * 2^exp (mant != 0; bits lost by the caller must be
 * OR-ed into mant's least significant bit, with mant then holding at least
 * 26 significant bits) to float in the given mode. */
__CUMETAL_LD__ float __cumetal_round_pack(unsigned sign, int exp,
                                          unsigned long long mant, int mode) {
  int lz = __nv_clzll((long long)mant);
  mant <<= lz;
  exp -= lz;
  /* value = (mant / 2^63) * 2^(exp + 63) */
  int biased = exp + 63 + 127;
  int shift = 40;
  if (biased <= 0)
    shift += 1 - biased;
  unsigned long long q, rem, half;
  if (shift >= 64) {
    q = 0;
    rem = mant; /* nonzero */
    half = shift == 64 ? 0x8000000000000000ull : 0ull;
    /* for shift > 64 the value is below half the smallest subnormal */
    if (shift > 64)
      half = ~0ull; /* rem < half always: never a tie/above */
  } else {
    q = mant >> shift;
    rem = mant & ((1ull << shift) - 1ull);
    half = 1ull << (shift - 1);
  }
  int up = 0;
  if (rem != 0) {
    if (mode == __CUMETAL_RN) {
      if (shift > 64)
        up = 0;
      else
        up = rem > half || (rem == half && (q & 1ull));
    } else if (mode == __CUMETAL_RU) {
      up = !sign;
    } else if (mode == __CUMETAL_RD) {
      up = (int)sign;
    }
  }
  q += (unsigned long long)up;
  unsigned bits;
  if (biased <= 0) {
    bits = (unsigned)q; /* subnormal (a carry into 2^23 makes it normal) */
  } else {
    unsigned long long b = ((unsigned long long)(biased - 1) << 23) + q;
    bits = b >= 0x7f800000ull ? 0x7f800000u : (unsigned)b;
  }
  if (bits >= 0x7f800000u) { /* overflow */
    int to_inf = mode == __CUMETAL_RN || (mode == __CUMETAL_RU && !sign) ||
                 (mode == __CUMETAL_RD && sign);
    bits = to_inf ? 0x7f800000u : 0x7f7fffffu;
  }
  return __cumetal_float(bits | (sign << 31));
}

/* Decompose finite nonzero x into sign, integer significand and exponent:
 * |x| = mant * 2^exp with mant < 2^24. */
__CUMETAL_LD__ void __cumetal_unpack(float x, unsigned *sign, int *exp,
                                     unsigned *mant) {
  unsigned u = __cumetal_bits(x);
  *sign = u >> 31;
  int e = (int)((u >> 23) & 0xffu);
  unsigned m = u & 0x007fffffu;
  if (e == 0) {
    *exp = -149;
  } else {
    m |= 0x00800000u;
    *exp = e - 150;
  }
  *mant = m;
}

/* Exact sum of (-1)^s1 m1 2^e1 and (-1)^s2 m2 2^e2 (both nonzero,
 * m < 2^48), rounded once. */
__CUMETAL_LD__ float __cumetal_add_core(unsigned s1, int e1,
                                        unsigned long long m1, unsigned s2,
                                        int e2, unsigned long long m2,
                                        int mode) {
  /* normalise both so that the leading bit is bit 62 */
  int l1 = __nv_clzll((long long)m1) - 1;
  int l2 = __nv_clzll((long long)m2) - 1;
  m1 <<= l1;
  e1 -= l1;
  m2 <<= l2;
  e2 -= l2;
  if (e1 < e2 || (e1 == e2 && m1 < m2)) {
    unsigned ts = s1;
    s1 = s2;
    s2 = ts;
    int te = e1;
    e1 = e2;
    e2 = te;
    unsigned long long tm = m1;
    m1 = m2;
    m2 = tm;
  }
  int d = e1 - e2;
  if (d >= 64) {
    m2 = 1ull; /* jammed */
  } else if (d > 0) {
    unsigned long long lost = m2 & ((1ull << d) - 1ull);
    m2 = (m2 >> d) | (lost != 0ull ? 1ull : 0ull);
  }
  unsigned long long m;
  if (s1 == s2) {
    m = m1 + m2;
  } else {
    m = m1 - m2;
    if (m == 0ull) /* exact cancellation */
      return mode == __CUMETAL_RD ? -0.0f : 0.0f;
  }
  return __cumetal_round_pack(s1, e1, m, mode);
}

__CUMETAL_LD__ float __cumetal_fadd_mode(float a, float b, int mode) {
  if (!__cumetal_isfinite(a) || !__cumetal_isfinite(b))
    return a + b;
  if (a == 0.0f || b == 0.0f) {
    if (a == 0.0f && b == 0.0f) {
      unsigned sa = __cumetal_bits(a) >> 31, sb = __cumetal_bits(b) >> 31;
      if (sa == sb)
        return a;
      return mode == __CUMETAL_RD ? -0.0f : 0.0f;
    }
    return a == 0.0f ? b : a; /* exact */
  }
  unsigned sa, sb, ma, mb;
  int ea, eb;
  __cumetal_unpack(a, &sa, &ea, &ma);
  __cumetal_unpack(b, &sb, &eb, &mb);
  return __cumetal_add_core(sa, ea, ma, sb, eb, mb, mode);
}

__CUMETAL_LD__ float __cumetal_fmul_mode(float a, float b, int mode) {
  if (!__cumetal_isfinite(a) || !__cumetal_isfinite(b) || a == 0.0f ||
      b == 0.0f)
    return a * b; /* exact: NaN, inf, signed zero */
  unsigned sa, sb, ma, mb;
  int ea, eb;
  __cumetal_unpack(a, &sa, &ea, &ma);
  __cumetal_unpack(b, &sb, &eb, &mb);
  return __cumetal_round_pack(sa ^ sb, ea + eb, (unsigned long long)ma * mb,
                              mode);
}

__CUMETAL_LD__ float __cumetal_fdiv_mode(float a, float b, int mode) {
  if (!__cumetal_isfinite(a) || !__cumetal_isfinite(b) || a == 0.0f ||
      b == 0.0f)
    return __nv_fdiv_rn(a, b); /* exact: NaN, inf, zero cases */
  unsigned sa, sb, ma, mb;
  int ea, eb;
  __cumetal_unpack(a, &sa, &ea, &ma);
  __cumetal_unpack(b, &sb, &eb, &mb);
  /* normalise the significands to 24 bits */
  int la = __nv_clz((int)ma) - 8, lb = __nv_clz((int)mb) - 8;
  ma <<= la;
  ea -= la;
  mb <<= lb;
  eb -= lb;
  unsigned long long num = (unsigned long long)ma << 40;
  unsigned long long q = num / mb;
  unsigned long long r = num - q * mb;
  q |= r != 0ull ? 1ull : 0ull; /* q >= 2^39: enough bits for the jam */
  return __cumetal_round_pack(sa ^ sb, ea - 40 - eb, q, mode);
}

__CUMETAL_LD__ float __cumetal_fma_mode(float a, float b, float c, int mode) {
  if (!__cumetal_isfinite(a) || !__cumetal_isfinite(b) ||
      !__cumetal_isfinite(c))
    return __nv_fmaf(a, b, c); /* NaN / inf: rounding-independent */
  if (a == 0.0f || b == 0.0f) {
    /* exact product zero with sign sa^sb */
    float p = a * b;
    if (c != 0.0f)
      return c;
    unsigned sp = __cumetal_bits(p) >> 31, sc = __cumetal_bits(c) >> 31;
    if (sp == sc)
      return c;
    return mode == __CUMETAL_RD ? -0.0f : 0.0f;
  }
  unsigned sa, sb, sc, ma, mb, mc;
  int ea, eb, ec;
  __cumetal_unpack(a, &sa, &ea, &ma);
  __cumetal_unpack(b, &sb, &eb, &mb);
  unsigned long long mp = (unsigned long long)ma * mb;
  if (c == 0.0f)
    return __cumetal_round_pack(sa ^ sb, ea + eb, mp, mode);
  __cumetal_unpack(c, &sc, &ec, &mc);
  return __cumetal_add_core(sa ^ sb, ea + eb, mp, sc, ec, mc, mode);
}

/* Correctly rounded square root in a directed mode: scale x to [1, 4) by an
 * even power of two, take the correctly rounded root and fix it up with the
 * exact sign of y*y - x from fmaf (the scaled values never underflow). */
__CUMETAL_LD__ float __cumetal_fsqrt_mode(float x, int mode) {
  if (!(x > 0.0f) || __cumetal_isinf(x))
    return __nv_fsqrt_rn(x);
  unsigned u = __cumetal_bits(x);
  int k = 0;
  if (u < 0x00800000u) {
    x = x * 16777216.0f; /* 2^24 */
    u = __cumetal_bits(x);
    k = -12;
  }
  int e = (int)(u >> 23) - 127; /* x = m 2^e */
  int h = e >> 1;               /* floor(e/2) */
  float xs =
      __cumetal_float((u & 0x007fffffu) | ((unsigned)(e - 2 * h + 127) << 23));
  k += h;
  float y = __nv_fsqrt_rn(xs);
  if (mode == __CUMETAL_RU) {
    if (__nv_fmaf(y, y, -xs) < 0.0f)
      y = __cumetal_nextup(y);
    float yd = __cumetal_nextdown(y);
    if (__nv_fmaf(yd, yd, -xs) >= 0.0f)
      y = yd;
  } else if (mode == __CUMETAL_RN) {
    /* not used */
  } else {
    if (__nv_fmaf(y, y, -xs) > 0.0f)
      y = __cumetal_nextdown(y);
    float yu = __cumetal_nextup(y);
    if (__nv_fmaf(yu, yu, -xs) <= 0.0f)
      y = yu;
  }
  return y * __cumetal_pow2(k);
}

/* ---- add / sub / mul / div / rcp / sqrt / fma ------------------------- */
extern "C" __device__ float __nv_fadd_rz(float a, float b) {
  return __cumetal_fadd_mode(a, b, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fadd_rd(float a, float b) {
  return __cumetal_fadd_mode(a, b, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fadd_ru(float a, float b) {
  return __cumetal_fadd_mode(a, b, __CUMETAL_RU);
}
extern "C" __device__ float __nv_fsub_rz(float a, float b) {
  return __cumetal_fadd_mode(a, -b, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fsub_rd(float a, float b) {
  return __cumetal_fadd_mode(a, -b, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fsub_ru(float a, float b) {
  return __cumetal_fadd_mode(a, -b, __CUMETAL_RU);
}
extern "C" __device__ float __nv_fmul_rz(float a, float b) {
  return __cumetal_fmul_mode(a, b, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fmul_rd(float a, float b) {
  return __cumetal_fmul_mode(a, b, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fmul_ru(float a, float b) {
  return __cumetal_fmul_mode(a, b, __CUMETAL_RU);
}
extern "C" __device__ float __nv_fdiv_rz(float a, float b) {
  return __cumetal_fdiv_mode(a, b, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fdiv_rd(float a, float b) {
  return __cumetal_fdiv_mode(a, b, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fdiv_ru(float a, float b) {
  return __cumetal_fdiv_mode(a, b, __CUMETAL_RU);
}
extern "C" __device__ float __nv_frcp_rz(float a) {
  return __cumetal_fdiv_mode(1.0f, a, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_frcp_rd(float a) {
  return __cumetal_fdiv_mode(1.0f, a, __CUMETAL_RD);
}
extern "C" __device__ float __nv_frcp_ru(float a) {
  return __cumetal_fdiv_mode(1.0f, a, __CUMETAL_RU);
}
extern "C" __device__ float __nv_fsqrt_rz(float a) {
  return __cumetal_fsqrt_mode(a, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fsqrt_rd(float a) {
  return __cumetal_fsqrt_mode(a, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fsqrt_ru(float a) {
  return __cumetal_fsqrt_mode(a, __CUMETAL_RU);
}
extern "C" __device__ float __nv_fmaf_rz(float a, float b, float c) {
  return __cumetal_fma_mode(a, b, c, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fmaf_rd(float a, float b, float c) {
  return __cumetal_fma_mode(a, b, c, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fmaf_ru(float a, float b, float c) {
  return __cumetal_fma_mode(a, b, c, __CUMETAL_RU);
}
/* The _ieee_ forms differ from the plain ones only in never flushing
 * subnormals, which these implementations never do. */
extern "C" __device__ float __nv_fmaf_ieee_rn(float a, float b, float c) {
  return __nv_fmaf(a, b, c);
}
extern "C" __device__ float __nv_fmaf_ieee_rz(float a, float b, float c) {
  return __cumetal_fma_mode(a, b, c, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_fmaf_ieee_rd(float a, float b, float c) {
  return __cumetal_fma_mode(a, b, c, __CUMETAL_RD);
}
extern "C" __device__ float __nv_fmaf_ieee_ru(float a, float b, float c) {
  return __cumetal_fma_mode(a, b, c, __CUMETAL_RU);
}

/* ---- integer to float ------------------------------------------------- */
__CUMETAL_LD__ float __cumetal_u64_to_float(unsigned sign, unsigned long long m,
                                            int mode) {
  if (m == 0ull)
    return 0.0f;
  return __cumetal_round_pack(sign, 0, m, mode);
}
__CUMETAL_LD__ float __cumetal_s64_to_float(long long a, int mode) {
  unsigned sign = a < 0;
  unsigned long long m =
      sign ? 0ull - (unsigned long long)a : (unsigned long long)a;
  return __cumetal_u64_to_float(sign, m, mode);
}
extern "C" __device__ float __nv_int2float_rn(int a) { return (float)a; }
extern "C" __device__ float __nv_int2float_rz(int a) {
  return __cumetal_s64_to_float(a, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_int2float_rd(int a) {
  return __cumetal_s64_to_float(a, __CUMETAL_RD);
}
extern "C" __device__ float __nv_int2float_ru(int a) {
  return __cumetal_s64_to_float(a, __CUMETAL_RU);
}
extern "C" __device__ float __nv_uint2float_rn(unsigned a) { return (float)a; }
extern "C" __device__ float __nv_uint2float_rz(unsigned a) {
  return __cumetal_u64_to_float(0, a, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_uint2float_rd(unsigned a) {
  return __cumetal_u64_to_float(0, a, __CUMETAL_RD);
}
extern "C" __device__ float __nv_uint2float_ru(unsigned a) {
  return __cumetal_u64_to_float(0, a, __CUMETAL_RU);
}
extern "C" __device__ float __nv_ll2float_rn(long long a) { return (float)a; }
extern "C" __device__ float __nv_ll2float_rz(long long a) {
  return __cumetal_s64_to_float(a, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_ll2float_rd(long long a) {
  return __cumetal_s64_to_float(a, __CUMETAL_RD);
}
extern "C" __device__ float __nv_ll2float_ru(long long a) {
  return __cumetal_s64_to_float(a, __CUMETAL_RU);
}
extern "C" __device__ float __nv_ull2float_rn(unsigned long long a) {
  return (float)a;
}
extern "C" __device__ float __nv_ull2float_rz(unsigned long long a) {
  return __cumetal_u64_to_float(0, a, __CUMETAL_RZ);
}
extern "C" __device__ float __nv_ull2float_rd(unsigned long long a) {
  return __cumetal_u64_to_float(0, a, __CUMETAL_RD);
}
extern "C" __device__ float __nv_ull2float_ru(unsigned long long a) {
  return __cumetal_u64_to_float(0, a, __CUMETAL_RU);
}

/* ---- float to integer -------------------------------------------------- */
extern "C" __device__ long long __nv_llrintf(float a) {
  return __nv_float2ll_rn(a);
}
/* round half away from zero; roundf is exact, the conversion then too */
extern "C" __device__ long long __nv_llroundf(float a) {
  return __nv_float2ll_rz(__nv_roundf(a));
}

/* ---- correctly rounded reciprocal square root --------------------------- */
/* Candidate from rsqrt, then exact decisions against the two neighbouring
 * midpoints with integer arithmetic: for x' = X 2^-23 in [1, 4) and a
 * midpoint m = M 2^-26, x' m^2 < 1  <=>  X M^2 < 2^75. */
__CUMETAL_LD__ int __cumetal_rsqrt_below(unsigned X, unsigned M) {
  /* returns 1 if X*M*M < 2^75 (X < 2^25, M < 2^27) */
  unsigned long long m2 = (unsigned long long)M * M; /* < 2^54 */
  unsigned long long lo = (m2 & 0xffffffffull) * X;  /* < 2^57 */
  unsigned long long hi = (m2 >> 32) * X;            /* < 2^47 */
  hi += lo >> 32; /* value = hi 2^32 + (lo & mask) */
  /* 2^75 = 2^43 * 2^32 */
  return hi < (1ull << 43);
}
extern "C" __device__ float __nv_frsqrt_rn(float x) {
  if (__cumetal_isnan(x) || x < 0.0f)
    return __cumetal_nan();
  if (x == 0.0f)
    return __cumetal_copysign(__cumetal_inf(), x);
  if (__cumetal_isinf(x))
    return 0.0f;
  unsigned u = __cumetal_bits(x);
  int k = 0;
  if (u < 0x00800000u) {
    x = x * 16777216.0f;
    u = __cumetal_bits(x);
    k = 12;
  }
  int e = (int)(u >> 23) - 127;
  int h = e >> 1;
  unsigned eb = (unsigned)(e - 2 * h); /* 0 or 1 */
  float xs = __cumetal_float((u & 0x007fffffu) | ((eb + 127u) << 23));
  k -= h;
  /* X: x' = X 2^-23, X < 2^25 */
  unsigned X = ((u & 0x007fffffu) | 0x00800000u) << eb;
  float y = __nv_frcp_rn(__nv_fsqrt_rn(xs)); /* within an ulp or so */
  if (y > 1.0f)
    y = 1.0f;
  if (y < 0.5f)
    y = 0.5f;
  for (int it = 0; it < 3; ++it) {
    /* y in [0.5, 1]: y = Y 2^-24 */
    unsigned Y = (unsigned)(y * 16777216.0f);
    /* midpoints y +- 2^-25 (spacing 2^-24 in [0.5, 1)), in units of 2^-26 */
    unsigned Mup = 4u * Y + 2u;
    unsigned Mdn = 4u * Y - 2u;
    if (Y < 16777216u && __cumetal_rsqrt_below(X, Mup)) {
      /* x' Mup^2 < 1: the root lies above the upper midpoint */
      y = __cumetal_nextup(y);
    } else if (!__cumetal_rsqrt_below(X, Mdn)) {
      /* x' Mdn^2 >= 1: the root lies below the lower midpoint */
      y = __cumetal_nextdown(y);
    } else {
      break;
    }
  }
  return y * __cumetal_pow2(k);
}

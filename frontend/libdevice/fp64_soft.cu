/*===- libdevice/fp64_soft.cu - software binary64 for --fp64=emulate ------===*
 *
 * cumetal libdevice: IEEE 754 binary64 arithmetic in software, the double
 * precision of --fp64=emulate (Apple GPUs have none; air/lower/
 * EmulateFP64.cpp turns each double operation into a call here). A double
 * travels as its bits in an unsigned long long; everything below is 32- and
 * 64-bit integer arithmetic (no float, no double, no 128-bit integers).
 *
 *   __cumetal_dadd/dsub/dmul/ddiv(a, b, mode), __cumetal_dfma(a, b, c, mode)
 *   (a*b+c, one rounding), __cumetal_dsqrt(a, mode): correctly rounded in
 *   the rounding mode `mode` (0 to nearest even, 1 toward zero, 2 toward
 *   -inf, 3 toward +inf);
 *   __cumetal_dfmod(a, b): C fmod (LLVM's frem), exact;
 *   __cumetal_dcmp(a, b): -1 a < b, 0 equal (+0 == -0), 1 a > b, 2 unordered;
 *   __cumetal_i64_to_d/u64_to_d(x, mode): rounded in `mode`;
 *   __cumetal_d_to_i64/d_to_u64(a): truncation toward zero, saturating to
 *   the integer type's range as NVIDIA's cvt.rzi.s64.f64 and
 *   cvt.rzi.u64.f64 do (+-inf included; a negative value converts to 0
 *   unsigned), and NaN -> 0x8000000000000000 for both, as an H100 does
 *   (measured; CUDA leaves the value unspecified).
 *
 * Full IEEE semantics: subnormal inputs and results (nothing is flushed),
 * signed zeros (an exact zero sum x + (-x) is +0, or -0 when rounding
 * toward -inf), infinities, overflow to infinity or the largest finite
 * value as the rounding mode says. An invalid operation (inf - inf,
 * 0 * inf, 0 / 0, inf / inf, sqrt of a negative number, fmod(inf, y),
 * fmod(x, 0)) returns CUDA's canonical NaN 0x7fffffffffffffff; a NaN
 * operand gives the first NaN operand, quieted (x86's rule; IEEE 754 leaves
 * the payload open).
 *
 * Method: the classic design of IEEE-754 software implementations (as in
 * J. Hauser's SoftFloat, written anew here, the approach of rounding.cu's
 * single-precision soft-float). Every operation forms its exact result, or
 * enough of it, as an integer significand with the bits beyond it OR-ed
 * ("jammed") into a sticky least significant bit, and one routine,
 * __cumetal_f64_round_pack, rounds and packs it. Addition aligns the
 * significands in 64 bits; multiplication takes the exact 128-bit product
 * of the significands (two 64-bit words from four 32x32-bit products);
 * division is restoring long division, one quotient bit per step; the
 * square root is the restoring digit-by-digit recurrence, one root bit per
 * two radicand bits; fma adds the exact 106-bit product and the aligned
 * addend in 128 bits (two words) with a sticky bit; fmod is the textbook
 * shift-and-subtract reduction done 11 bits at a time with 64-bit
 * remainders (as remainders.cu's fmodf).
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

/* Rounding modes (the values of rounding.cu). */
#define __CUMETAL_RN 0
#define __CUMETAL_RZ 1
#define __CUMETAL_RD 2
#define __CUMETAL_RU 3

#define __CUMETAL_F64_SIGN 0x8000000000000000ull
#define __CUMETAL_F64_INF 0x7ff0000000000000ull
#define __CUMETAL_F64_FRAC 0x000fffffffffffffull
#define __CUMETAL_F64_QUIET 0x0008000000000000ull
/* CUDA's canonical NaN: the result of an invalid operation. */
#define __CUMETAL_F64_NAN 0x7fffffffffffffffull

typedef unsigned long long __cumetal_u64;

/* ---- classification and special results --------------------------------- */
__CUMETAL_LD__ int __cumetal_f64_isnan(__cumetal_u64 a) {
  return (a & ~__CUMETAL_F64_SIGN) > __CUMETAL_F64_INF;
}
__CUMETAL_LD__ int __cumetal_f64_isinf(__cumetal_u64 a) {
  return (a & ~__CUMETAL_F64_SIGN) == __CUMETAL_F64_INF;
}
__CUMETAL_LD__ int __cumetal_f64_iszero(__cumetal_u64 a) {
  return (a << 1) == 0ull;
}
/* The first NaN of a, b, quieted (one of them is a NaN). */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_nan2(__cumetal_u64 a,
                                                __cumetal_u64 b) {
  return (__cumetal_f64_isnan(a) ? a : b) | __CUMETAL_F64_QUIET;
}
/* The zero of an exact cancellation x + (-x): -0 when rounding toward -inf,
 * +0 otherwise (IEEE 754, section 6.3). */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_cancel_zero(int mode) {
  return mode == __CUMETAL_RD ? __CUMETAL_F64_SIGN : 0ull;
}

/* ---- round and pack ------------------------------------------------------ */
/* Round (-1)^sign * mant * 2^exp to binary64 in the given mode (mant != 0).
 * Bits lost by the caller must be OR-ed into mant's least significant bit,
 * mant then holding at least 55 significant bits (53 kept, the round bit,
 * the sticky bit); an exact mant may have any length. */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_round_pack(unsigned sign, int exp,
                                                      __cumetal_u64 mant,
                                                      int mode) {
  int lz = __nv_clzll((long long)mant);
  mant <<= lz;
  exp -= lz;
  /* value = (mant / 2^63) * 2^(exp + 63); biased exponent if normal: */
  int biased = exp + 63 + 1023;
  int shift = 11; /* keep 53 of the 64 bits */
  if (biased <= 0)
    shift += 1 - biased; /* subnormal: keep fewer */
  __cumetal_u64 q, round, sticky;
  if (shift < 64) {
    q = mant >> shift;
    round = (mant >> (shift - 1)) & 1ull;
    sticky = mant & ((1ull << (shift - 1)) - 1ull);
  } else { /* below the smallest subnormal */
    q = 0ull;
    round = shift == 64 ? mant >> 63 : 0ull;
    sticky = shift == 64 ? mant << 1 : mant;
  }
  int up = 0;
  if (mode == __CUMETAL_RN)
    up = round != 0ull && (sticky != 0ull || (q & 1ull) != 0ull);
  else if ((round | sticky) != 0ull)
    up = mode == __CUMETAL_RU ? !sign : mode == __CUMETAL_RD ? (int)sign : 0;
  q += (__cumetal_u64)up;
  /* Normal: q carries the hidden bit 2^52, which adds the missing 1 to
   * biased - 1, and a carry out of the rounding raises the exponent.
   * Subnormal: q is the fraction field; a carry makes it the smallest
   * normal number. */
  __cumetal_u64 bits =
      biased <= 0 ? q : ((__cumetal_u64)(biased - 1) << 52) + q;
  /* overflow (testing biased too keeps a huge exponent from wrapping) */
  if (biased >= 0x7ff || bits >= __CUMETAL_F64_INF) {
    int to_inf = mode == __CUMETAL_RN || (mode == __CUMETAL_RU && !sign) ||
                 (mode == __CUMETAL_RD && sign);
    bits = to_inf ? __CUMETAL_F64_INF : __CUMETAL_F64_INF - 1ull;
  }
  return bits | ((__cumetal_u64)sign << 63);
}

/* |a| = mant * 2^exp for finite a, mant < 2^53 (the hidden bit included). */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_unpack(__cumetal_u64 a, int *exp) {
  int e = (int)((a >> 52) & 0x7ffull);
  __cumetal_u64 m = a & __CUMETAL_F64_FRAC;
  if (e == 0) {
    *exp = -1074;
    return m;
  }
  *exp = e - 1075;
  return m | (1ull << 52);
}
/* The same for finite nonzero a, normalised: mant in [2^63, 2^64), its low
 * 11 bits zero. */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_unpack_norm(__cumetal_u64 a,
                                                       int *exp) {
  __cumetal_u64 m = __cumetal_f64_unpack(a, exp);
  int lz = __nv_clzll((long long)m);
  *exp -= lz;
  return m << lz;
}

/* ---- 128-bit unsigned integers as two words ------------------------------ */
struct __cumetal_u128 {
  __cumetal_u64 hi, lo;
};
/* The exact product a * b from four 32x32 -> 64-bit products. */
__CUMETAL_LD__ __cumetal_u128 __cumetal_f64_mul128(__cumetal_u64 a,
                                                   __cumetal_u64 b) {
  __cumetal_u64 a0 = a & 0xffffffffull, a1 = a >> 32;
  __cumetal_u64 b0 = b & 0xffffffffull, b1 = b >> 32;
  __cumetal_u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  /* the middle column, below 3 * 2^32 */
  __cumetal_u64 mid =
      (p00 >> 32) + (p01 & 0xffffffffull) + (p10 & 0xffffffffull);
  __cumetal_u128 r;
  r.lo = (mid << 32) | (p00 & 0xffffffffull);
  r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return r;
}
/* x >> n (n >= 0) with the bits shifted out jammed into the last bit. */
__CUMETAL_LD__ __cumetal_u128 __cumetal_f64_shr_jam(__cumetal_u128 x, int n) {
  __cumetal_u64 lost;
  if (n == 0)
    return x;
  if (n < 64) {
    lost = x.lo << (64 - n);
    x.lo = (x.lo >> n) | (x.hi << (64 - n));
    x.hi >>= n;
  } else if (n < 128) {
    lost = x.lo | (n > 64 ? x.hi << (128 - n) : 0ull);
    x.lo = x.hi >> (n - 64);
    x.hi = 0ull;
  } else {
    lost = x.hi | x.lo;
    x.hi = x.lo = 0ull;
  }
  x.lo |= lost != 0ull ? 1ull : 0ull;
  return x;
}

/* ---- addition ------------------------------------------------------------ */
/* a + b for a, b not NaN. */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_add(__cumetal_u64 a, __cumetal_u64 b,
                                               int mode) {
  if (__cumetal_f64_isinf(a) || __cumetal_f64_isinf(b)) {
    if (__cumetal_f64_isinf(a) && __cumetal_f64_isinf(b) && a != b)
      return __CUMETAL_F64_NAN; /* inf - inf */
    return __cumetal_f64_isinf(a) ? a : b;
  }
  if (__cumetal_f64_iszero(a) || __cumetal_f64_iszero(b)) {
    if (!__cumetal_f64_iszero(b))
      return b;
    if (!__cumetal_f64_iszero(a) || a == b)
      return a; /* x + 0, or zeros of one sign */
    return __cumetal_f64_cancel_zero(mode);
  }
  /* significands with the leading bit at 62 (exact: their low bits are
   * zero; the value is m 2^(e+1)), the larger magnitude first */
  int ea, eb;
  __cumetal_u64 ma = __cumetal_f64_unpack_norm(a, &ea) >> 1;
  __cumetal_u64 mb = __cumetal_f64_unpack_norm(b, &eb) >> 1;
  unsigned sa = (unsigned)(a >> 63), sb = (unsigned)(b >> 63);
  if (eb > ea || (eb == ea && mb > ma)) {
    __cumetal_u64 tm = ma;
    ma = mb;
    mb = tm;
    int te = ea;
    ea = eb;
    eb = te;
    unsigned ts = sa;
    sa = sb;
    sb = ts;
  }
  int d = ea - eb; /* align; the shifted-out bits go into the sticky bit */
  if (d >= 64)
    mb = 1ull;
  else if (d > 0)
    mb = (mb >> d) | ((mb & ((1ull << d) - 1ull)) != 0ull ? 1ull : 0ull);
  /* A difference that cancels many bits has d <= 1: it is exact. */
  __cumetal_u64 m = sa == sb ? ma + mb : ma - mb;
  if (m == 0ull)
    return __cumetal_f64_cancel_zero(mode);
  return __cumetal_f64_round_pack(sa, ea + 1, m, mode);
}

/* ---- fused multiply-add -------------------------------------------------- */
/* Exact sum of (-1)^sx x 2^ex and (-1)^sy y 2^ey, x and y with the leading
 * bit at 126 and sticky bits as described, rounded once. */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_add128(unsigned sx, int ex,
                                                  __cumetal_u128 x, unsigned sy,
                                                  int ey, __cumetal_u128 y,
                                                  int mode) {
  if (ey > ex || (ey == ex && (y.hi > x.hi || (y.hi == x.hi && y.lo > x.lo)))) {
    __cumetal_u128 t = x;
    x = y;
    y = t;
    int te = ex;
    ex = ey;
    ey = te;
    unsigned ts = sx;
    sx = sy;
    sy = ts;
  }
  /* As in the 64-bit addition, a cancelling difference is exact. */
  y = __cumetal_f64_shr_jam(y, ex - ey);
  __cumetal_u128 s;
  if (sx == sy) {
    s.lo = x.lo + y.lo;
    s.hi = x.hi + y.hi + (s.lo < x.lo ? 1ull : 0ull);
  } else {
    s.lo = x.lo - y.lo;
    s.hi = x.hi - y.hi - (x.lo < y.lo ? 1ull : 0ull);
    if ((s.hi | s.lo) == 0ull)
      return __cumetal_f64_cancel_zero(mode);
  }
  /* normalise to the leading bit at 127, then keep the high word with the
   * low one as its sticky bit */
  int lz = s.hi != 0ull ? __nv_clzll((long long)s.hi)
                        : 64 + __nv_clzll((long long)s.lo);
  if (lz >= 64) {
    s.hi = s.lo << (lz - 64);
    s.lo = 0ull;
  } else if (lz > 0) {
    s.hi = (s.hi << lz) | (s.lo >> (64 - lz));
    s.lo <<= lz;
  }
  __cumetal_u64 m = s.hi | (s.lo != 0ull ? 1ull : 0ull);
  return __cumetal_f64_round_pack(sx, ex - lz + 64, m, mode);
}

/* ---- exported operations --------------------------------------------------
 * mode: 0 to nearest even, 1 toward zero, 2 toward -inf, 3 toward +inf. */
extern "C" __device__ unsigned long long
__cumetal_dadd(unsigned long long a, unsigned long long b, int mode) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b))
    return __cumetal_f64_nan2(a, b);
  return __cumetal_f64_add(a, b, mode);
}

extern "C" __device__ unsigned long long
__cumetal_dsub(unsigned long long a, unsigned long long b, int mode) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b))
    return __cumetal_f64_nan2(a, b);
  return __cumetal_f64_add(a, b ^ __CUMETAL_F64_SIGN, mode);
}

extern "C" __device__ unsigned long long
__cumetal_dmul(unsigned long long a, unsigned long long b, int mode) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b))
    return __cumetal_f64_nan2(a, b);
  __cumetal_u64 sign = (a ^ b) & __CUMETAL_F64_SIGN;
  if (__cumetal_f64_isinf(a) || __cumetal_f64_isinf(b)) {
    if (__cumetal_f64_iszero(a) || __cumetal_f64_iszero(b))
      return __CUMETAL_F64_NAN; /* 0 * inf */
    return sign | __CUMETAL_F64_INF;
  }
  if (__cumetal_f64_iszero(a) || __cumetal_f64_iszero(b))
    return sign;
  int ea, eb;
  __cumetal_u64 ma = __cumetal_f64_unpack_norm(a, &ea);
  __cumetal_u64 mb = __cumetal_f64_unpack_norm(b, &eb);
  /* product in [2^126, 2^128): the high word has 63 or 64 bits */
  __cumetal_u128 p = __cumetal_f64_mul128(ma, mb);
  return __cumetal_f64_round_pack((unsigned)(sign >> 63), ea + eb + 64,
                                  p.hi | (p.lo != 0ull ? 1ull : 0ull), mode);
}

extern "C" __device__ unsigned long long
__cumetal_ddiv(unsigned long long a, unsigned long long b, int mode) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b))
    return __cumetal_f64_nan2(a, b);
  __cumetal_u64 sign = (a ^ b) & __CUMETAL_F64_SIGN;
  if (__cumetal_f64_isinf(a))
    return __cumetal_f64_isinf(b) ? __CUMETAL_F64_NAN
                                  : sign | __CUMETAL_F64_INF;
  if (__cumetal_f64_isinf(b))
    return sign;
  if (__cumetal_f64_iszero(b))
    return __cumetal_f64_iszero(a) ? __CUMETAL_F64_NAN
                                   : sign | __CUMETAL_F64_INF;
  if (__cumetal_f64_iszero(a))
    return sign;
  /* 53-bit significands, ma / mb in [1, 2) */
  int ea, eb;
  __cumetal_u64 ma = __cumetal_f64_unpack_norm(a, &ea) >> 11;
  __cumetal_u64 mb = __cumetal_f64_unpack_norm(b, &eb) >> 11;
  if (ma < mb) {
    ma <<= 1;
    ea -= 1;
  }
  /* Restoring division: q = floor(ma 2^54 / mb) in [2^54, 2^55), one bit
   * per step; the partial remainder r stays below 2 mb < 2^54. */
  __cumetal_u64 q = 0ull, r = ma;
  for (int i = 0; i < 55; ++i) {
    q <<= 1;
    if (r >= mb) {
      r -= mb;
      q |= 1ull;
    }
    r <<= 1;
  }
  q |= r != 0ull ? 1ull : 0ull;
  return __cumetal_f64_round_pack((unsigned)(sign >> 63), ea - eb - 54, q,
                                  mode);
}

extern "C" __device__ unsigned long long __cumetal_dfma(unsigned long long a,
                                                        unsigned long long b,
                                                        unsigned long long c,
                                                        int mode) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b) ||
      __cumetal_f64_isnan(c))
    return __cumetal_f64_nan2(a, __cumetal_f64_isnan(b) ? b : c);
  __cumetal_u64 sp = (a ^ b) & __CUMETAL_F64_SIGN; /* sign of the product */
  if (__cumetal_f64_isinf(a) || __cumetal_f64_isinf(b)) {
    if (__cumetal_f64_iszero(a) || __cumetal_f64_iszero(b))
      return __CUMETAL_F64_NAN; /* 0 * inf */
    if (__cumetal_f64_isinf(c) && ((c ^ sp) & __CUMETAL_F64_SIGN) != 0ull)
      return __CUMETAL_F64_NAN; /* inf - inf */
    return sp | __CUMETAL_F64_INF;
  }
  if (__cumetal_f64_isinf(c))
    return c;
  if (__cumetal_f64_iszero(a) || __cumetal_f64_iszero(b)) {
    /* exact zero product: c, or a sum of two zeros */
    if (!__cumetal_f64_iszero(c) || (c & __CUMETAL_F64_SIGN) == sp)
      return c;
    return __cumetal_f64_cancel_zero(mode);
  }
  int ea, eb, ec;
  __cumetal_u64 ma = __cumetal_f64_unpack_norm(a, &ea);
  __cumetal_u64 mb = __cumetal_f64_unpack_norm(b, &eb);
  __cumetal_u128 p = __cumetal_f64_mul128(ma, mb); /* in [2^126, 2^128) */
  int ep = ea + eb;
  unsigned s = (unsigned)(sp >> 63);
  if (__cumetal_f64_iszero(c)) /* the product, rounded (never cancels) */
    return __cumetal_f64_round_pack(s, ep + 64,
                                    p.hi | (p.lo != 0ull ? 1ull : 0ull), mode);
  /* Leading bits at 126: the product has at most 106 significant bits, so
   * its shift is exact; the addend's 53 bits go to bits 126..74. */
  if ((p.hi >> 63) != 0ull) {
    p = __cumetal_f64_shr_jam(p, 1);
    ep += 1;
  }
  __cumetal_u64 mc = __cumetal_f64_unpack_norm(c, &ec);
  __cumetal_u128 cc;
  cc.hi = mc >> 1;
  cc.lo = mc << 63;
  return __cumetal_f64_add128(s, ep, p, (unsigned)(c >> 63), ec - 63, cc, mode);
}

extern "C" __device__ unsigned long long __cumetal_dsqrt(unsigned long long a,
                                                         int mode) {
  if (__cumetal_f64_isnan(a))
    return a | __CUMETAL_F64_QUIET;
  if (__cumetal_f64_iszero(a))
    return a; /* sqrt(-0) = -0 */
  if ((a & __CUMETAL_F64_SIGN) != 0ull)
    return __CUMETAL_F64_NAN;
  if (__cumetal_f64_isinf(a))
    return a;
  /* a = m 2^e with e even and m in [2^52, 2^54) */
  int e;
  __cumetal_u64 m = __cumetal_f64_unpack_norm(a, &e) >> 11;
  e += 11;
  if ((e & 1) != 0) {
    m <<= 1;
    e -= 1;
  }
  /* Digit-by-digit root of N = m 2^56 (110 bits, the radicand bits taken two
   * at a time from the top, zeros below m): q = floor(sqrt(N)) in
   * [2^54, 2^55) with the remainder r = N' - q^2 <= 2q of the bits used. */
  __cumetal_u64 q = 0ull, r = 0ull;
  for (int i = 0; i < 55; ++i) {
    int sh = 52 - 2 * i;
    r = (r << 2) | (sh >= 0 ? (m >> sh) & 3ull : 0ull);
    __cumetal_u64 t = (q << 2) | 1ull; /* (2q + 1) - the trial subtrahend */
    q <<= 1;
    if (r >= t) {
      r -= t;
      q |= 1ull;
    }
  }
  q |= r != 0ull ? 1ull : 0ull;
  return __cumetal_f64_round_pack(0u, e / 2 - 28, q, mode);
}

extern "C" __device__ unsigned long long __cumetal_dfmod(unsigned long long a,
                                                         unsigned long long b) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b))
    return __cumetal_f64_nan2(a, b);
  if (__cumetal_f64_isinf(a) || __cumetal_f64_iszero(b))
    return __CUMETAL_F64_NAN;
  if (__cumetal_f64_isinf(b) || __cumetal_f64_iszero(a))
    return a;
  int ea, eb;
  __cumetal_u64 ma = __cumetal_f64_unpack(a, &ea);
  __cumetal_u64 mb = __cumetal_f64_unpack(b, &eb);
  if (ea < eb || (ea == eb && ma < mb))
    return a; /* |a| < |b| (ea < eb only when a is subnormal) */
  /* r = (ma 2^(ea-eb)) mod mb, the shift taken 11 bits at a time so that
   * r << s (r < mb < 2^53) fits in 64 bits */
  __cumetal_u64 r = ma % mb;
  for (int d = ea - eb; d > 0;) {
    int s = d < 11 ? d : 11;
    r = (r << s) % mb;
    d -= s;
  }
  if (r == 0ull)
    return a & __CUMETAL_F64_SIGN;
  /* r 2^eb is a double: exact in any mode */
  return __cumetal_f64_round_pack((unsigned)(a >> 63), eb, r, __CUMETAL_RZ);
}

extern "C" __device__ int __cumetal_dcmp(unsigned long long a,
                                         unsigned long long b) {
  if (__cumetal_f64_isnan(a) || __cumetal_f64_isnan(b))
    return 2;
  /* sign-magnitude to two's complement: the order of the values, with
   * +0 and -0 both 0 */
  long long ka = (long long)(a & ~__CUMETAL_F64_SIGN);
  long long kb = (long long)(b & ~__CUMETAL_F64_SIGN);
  if ((a >> 63) != 0ull)
    ka = -ka;
  if ((b >> 63) != 0ull)
    kb = -kb;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/* ---- integer conversions ---------------------------------------------------
 * The integer is an exact significand: round_pack rounds it once. */
extern "C" __device__ unsigned long long __cumetal_i64_to_d(long long x,
                                                            int mode) {
  if (x == 0)
    return 0ull;
  unsigned sign = x < 0 ? 1u : 0u;
  __cumetal_u64 m = sign ? 0ull - (__cumetal_u64)x : (__cumetal_u64)x;
  return __cumetal_f64_round_pack(sign, 0, m, mode);
}

extern "C" __device__ unsigned long long
__cumetal_u64_to_d(unsigned long long x, int mode) {
  if (x == 0ull)
    return 0ull;
  return __cumetal_f64_round_pack(0u, 0, x, mode);
}

/* |a| truncated to an integer, for 1 <= |a| < 2^64 (biased exponent e in
 * [1023, 1086]). */
__CUMETAL_LD__ __cumetal_u64 __cumetal_f64_trunc_mag(__cumetal_u64 a, int e) {
  __cumetal_u64 m = (a & __CUMETAL_F64_FRAC) | (1ull << 52);
  int sh = e - 1075; /* in [-52, 11] */
  return sh >= 0 ? m << sh : m >> -sh;
}

/* As cvt.rzi.s64.f64: toward zero, saturating; NaN -> INT64_MIN (see the
 * top). */
extern "C" __device__ long long __cumetal_d_to_i64(unsigned long long a) {
  if (__cumetal_f64_isnan(a))
    return -0x7fffffffffffffffll - 1;
  int e = (int)((a >> 52) & 0x7ffull);
  int neg = (a >> 63) != 0ull;
  if (e >= 1023 + 63) /* |a| >= 2^63, infinities included */
    return neg ? (-0x7fffffffffffffffll - 1) : 0x7fffffffffffffffll;
  if (e < 1023) /* |a| < 1 */
    return 0;
  long long v = (long long)__cumetal_f64_trunc_mag(a, e);
  return neg ? -v : v;
}

/* As cvt.rzi.u64.f64: toward zero, saturating (negative values give 0);
 * NaN -> 0x8000000000000000 (see the top). */
extern "C" __device__ unsigned long long
__cumetal_d_to_u64(unsigned long long a) {
  int e = (int)((a >> 52) & 0x7ffull);
  if (__cumetal_f64_isnan(a))
    return 0x8000000000000000ull;
  if ((a >> 63) != 0ull || e < 1023)
    return 0ull;
  if (e >= 1023 + 64) /* a >= 2^64, +inf included */
    return 0xffffffffffffffffull;
  return __cumetal_f64_trunc_mag(a, e);
}

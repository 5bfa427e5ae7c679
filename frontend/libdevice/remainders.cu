/*===- libdevice/remainders.cu - exact remainders and exponent functions --===*
 *
 * cumetal libdevice: fmodf, remainderf, remquof, ldexpf, scalbnf, frexpf,
 * modff, logbf, ilogbf, nextafterf, nanf. All exact (0 ulp).
 *
 * fmod/remainder/remquo: the integer significands are reduced by long
 * division in chunks of up to 39 bits (r = (r << s) mod my, the textbook
 * shift-and-subtract division of IEEE remainder, done 39 bits at a time in
 * 64-bit integers), keeping the low bits of the quotient for remquo. The
 * other functions work on the bit fields.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

/* |x| = mant * 2^exp with mant normalised to [2^23, 2^24); x finite != 0 */
__CUMETAL_LD__ void __cumetal_unpack_norm(float x, int *exp, unsigned *mant) {
  unsigned u = __cumetal_bits(x) & 0x7fffffffu;
  int e = (int)(u >> 23);
  unsigned m = u & 0x007fffffu;
  if (e == 0) {
    int l = __nv_clz((int)m) - 8;
    m <<= l;
    *exp = -149 - l;
  } else {
    m |= 0x00800000u;
    *exp = e - 150;
  }
  *mant = m;
}

/* Remainder core for finite x, finite nonzero y: returns the truncated
 * remainder r (0 <= r < my, in units of 2^ey) and the low 32 bits of the
 * truncated quotient |x|/|y|. */
__CUMETAL_LD__ unsigned __cumetal_rem_core(float x, float y, int *ey_out,
                                           unsigned *my_out, unsigned *q_out) {
  int ex, ey;
  unsigned mx, my;
  __cumetal_unpack_norm(x, &ex, &mx);
  __cumetal_unpack_norm(y, &ey, &my);
  *ey_out = ey;
  *my_out = my;
  if (ex < ey) { /* |x| < |y| */
    *q_out = 0u;
    /* r = |x| in units of 2^ey is not an integer here; signal with my+1 */
    return 0xffffffffu;
  }
  unsigned long long r = mx;
  unsigned q = 0u;
  int d = ex - ey;
  while (d > 0) {
    int s = d < 39 ? d : 39;
    unsigned long long t = r << s;
    q = (s >= 32 ? 0u : q << s) + (unsigned)(t / my);
    r = t % my;
    d -= s;
  }
  q += (unsigned)(r / my);
  r = r % my;
  *q_out = q;
  return (unsigned)r;
}

extern "C" __device__ float __nv_fmodf(float x, float y) {
  if (__cumetal_isnan(x) || __cumetal_isnan(y) || __cumetal_isinf(x) ||
      y == 0.0f)
    return __cumetal_nan();
  if (__cumetal_isinf(y) || x == 0.0f)
    return x;
  int ey;
  unsigned my, q;
  unsigned r = __cumetal_rem_core(x, y, &ey, &my, &q);
  if (r == 0xffffffffu)
    return x;
  float res = __cumetal_scale((float)r, ey); /* exact */
  return __cumetal_copysign(res, x);
}

/* remquo with the low 3 bits of the quotient, like glibc and C99's minimum */
__CUMETAL_LD__ float __cumetal_remquo(float x, float y, int *quo) {
  *quo = 0;
  if (__cumetal_isnan(x) || __cumetal_isnan(y) || __cumetal_isinf(x) ||
      y == 0.0f)
    return __cumetal_nan();
  if (__cumetal_isinf(y))
    return x;
  if (x == 0.0f)
    return x;
  int ey;
  unsigned my, q;
  unsigned r = __cumetal_rem_core(x, y, &ey, &my, &q);
  float ax = __cumetal_fabs(x), ay = __cumetal_fabs(y);
  float res;
  if (r == 0xffffffffu) {
    /* |x| < |y|: remainder is x or x - y */
    q = 0u;
    /* 2|x| > |y| ? (exact: 2|x| cannot overflow as |x| < |y|) */
    if (ax + ax > ay) {
      res = ax - ay; /* exact (Sterbenz: |y|/2 < |x| < |y|) */
      q = 1u;
    } else {
      res = ax;
    }
  } else {
    unsigned long long r2 = 2ull * r;
    if (r2 > my || (r2 == my && (q & 1u))) {
      res = -__cumetal_scale((float)(my - r), ey); /* exact */
      q += 1u;
    } else {
      res = __cumetal_scale((float)r, ey);
    }
  }
  int neg = (__cumetal_bits(x) ^ __cumetal_bits(y)) >> 31;
  int q3 = (int)(q & 7u);
  *quo = neg ? -q3 : q3;
  if (res == 0.0f)
    return __cumetal_copysign(0.0f, x);
  return (__cumetal_bits(x) >> 31) ? -res : res;
}

extern "C" __device__ float __nv_remainderf(float x, float y) {
  int q;
  return __cumetal_remquo(x, y, &q);
}
extern "C" __device__ float __nv_remquof(float x, float y, int *quo) {
  return __cumetal_remquo(x, y, quo);
}

extern "C" __device__ float __nv_ldexpf(float x, int n) {
  return __cumetal_scale(x, n);
}
extern "C" __device__ float __nv_scalbnf(float x, int n) {
  return __cumetal_scale(x, n);
}

extern "C" __device__ float __nv_frexpf(float x, int *e) {
  *e = 0;
  if (x == 0.0f || !__cumetal_isfinite(x))
    return x;
  int ex;
  unsigned m;
  __cumetal_unpack_norm(x, &ex, &m);
  *e = ex + 24;
  /* m * 2^-24 in [0.5, 1) */
  return __cumetal_float((__cumetal_bits(x) & 0x80000000u) | (126u << 23) |
                         (m & 0x007fffffu));
}

extern "C" __device__ float __nv_modff(float x, float *ip) {
  if (__cumetal_isnan(x)) {
    *ip = x;
    return x;
  }
  float t = __nv_truncf(x);
  *ip = t;
  if (__cumetal_isinf(x))
    return __cumetal_copysign(0.0f, x);
  return __cumetal_copysign(x - t, x); /* exact */
}

extern "C" __device__ float __nv_logbf(float x) {
  if (__cumetal_isnan(x))
    return x;
  if (__cumetal_isinf(x))
    return __cumetal_inf();
  if (x == 0.0f)
    return -__cumetal_inf();
  int ex;
  unsigned m;
  __cumetal_unpack_norm(x, &ex, &m);
  return (float)(ex + 23);
}

extern "C" __device__ int __nv_ilogbf(float x) {
  if (__cumetal_isnan(x) || x == 0.0f)
    return (int)0x80000000u; /* INT_MIN */
  if (__cumetal_isinf(x))
    return 0x7fffffff; /* INT_MAX */
  int ex;
  unsigned m;
  __cumetal_unpack_norm(x, &ex, &m);
  return ex + 23;
}

extern "C" __device__ float __nv_nextafterf(float x, float y) {
  if (__cumetal_isnan(x) || __cumetal_isnan(y))
    return x + y;
  if (x == y)
    return y;
  if (x == 0.0f)
    return __cumetal_copysign(__cumetal_float(1u), y);
  unsigned u = __cumetal_bits(x);
  /* away from zero iff (x < y) == (x > 0) */
  if ((x < y) == (x > 0.0f))
    u += 1u;
  else
    u -= 1u;
  return __cumetal_float(u);
}

/* The tag selects nothing: CUDA's canonical quiet NaN is returned. */
extern "C" __device__ float __nv_nanf(const signed char *tagp) {
  (void)tagp;
  return __cumetal_nan();
}

/*===- libdevice/roots.cu - cube roots, hypot and norms --------------------===*
 *
 * cumetal libdevice: cbrtf, rcbrtf, hypotf, rhypotf, norm3df, rnorm3df,
 * norm4df, rnorm4df, normf, rnormf, sincospif.
 *
 * cbrt/rcbrt: the argument is reduced to m in [1, 8) and 2^(3q); a quadratic
 * starting value is refined by two Halley steps (Halley's method for
 * y^3 = m), then one Newton correction whose residual m - y^3 (resp.
 * 1 - m z^3) is computed exactly with TwoProduct, so only the final
 * addition rounds.
 * hypot/norms: scaling by a power of two (so nothing overflows or
 * underflows), the sum of squares accumulated exactly-ish in float-float
 * (TwoProduct + TwoSum), then a float-float square root (Newton-corrected),
 * divided into 1 for the reciprocal forms.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

/* x = 2^(3q) * m with m in [1, 8); x finite > 0 */
__CUMETAL_LD__ float __cumetal_cbrt_reduce(float x, int *q) {
  int e = 0;
  unsigned u = __cumetal_bits(x);
  if (u < 0x00800000u) {
    x = x * 16777216.0f; /* 2^24 */
    u = __cumetal_bits(x);
    e = -24;
  }
  e += (int)(u >> 23) - 127;
  int qq = e >= 0 ? e / 3 : -((-e + 2) / 3); /* floor(e / 3) */
  int r = e - 3 * qq;                        /* 0, 1, 2 */
  *q = qq;
  return __cumetal_float((u & 0x007fffffu) | ((unsigned)(127 + r) << 23));
}
/* cbrt(m), m in [1, 8), to about 1e-7 relative */
__CUMETAL_LD__ float __cumetal_cbrt_approx(float m) {
  /* least-squares quadratic for m^(1/3) on [1, 8] */
  float y = __nv_fmaf(__nv_fmaf(-0.0137786f, m, 0.2568475f), m, 0.7590f);
  for (int i = 0; i < 2; ++i) { /* Halley: y (y^3 + 2m) / (2y^3 + m) */
    float y3 = y * y * y;
    y = y * __nv_fdiv_rn(y3 + 2.0f * m, 2.0f * y3 + m);
  }
  return y;
}

extern "C" __device__ float __nv_cbrtf(float x) {
  if (x == 0.0f || !__cumetal_isfinite(x))
    return x + x;
  int q;
  float m = __cumetal_cbrt_reduce(__cumetal_fabs(x), &q);
  float y = __cumetal_cbrt_approx(m);
  /* residual y^3 - m exactly-ish: y^2 = p + pe, p*y = c + ce */
  __cumetal_ff p = __cumetal_two_prod(y, y);
  __cumetal_ff c = __cumetal_two_prod(p.hi, y);
  float r = (c.hi - m) + __nv_fmaf(p.lo, y, c.lo); /* c.hi - m exact */
  y = y - __nv_fdiv_rn(r, 3.0f * p.hi);
  return __cumetal_copysign(y * __cumetal_pow2(q), x);
}

extern "C" __device__ float __nv_rcbrtf(float x) {
  if (__cumetal_isnan(x))
    return x;
  if (x == 0.0f)
    return __cumetal_copysign(__cumetal_inf(), x);
  if (__cumetal_isinf(x))
    return __cumetal_copysign(0.0f, x);
  int q;
  float m = __cumetal_cbrt_reduce(__cumetal_fabs(x), &q);
  float z = __nv_frcp_rn(__cumetal_cbrt_approx(m));
  /* e = 1 - m z^3 in float-float; z' = z (1 + e/3) */
  __cumetal_ff z3 = __cumetal_ff_mul_f(__cumetal_two_prod(z, z), z);
  __cumetal_ff t = __cumetal_ff_mul_f(z3, m);
  float e = (1.0f - t.hi) - t.lo; /* 1 - t.hi exact (Sterbenz) */
  z = __nv_fmaf(z * 0.333333343f, e, z);
  return __cumetal_copysign(z * __cumetal_pow2(-q), x);
}

/* sqrt (or 1/sqrt if recip) of the sum of squares of v[0..n-1], all finite;
 * amax = max |v[i]| > 0. */
__CUMETAL_LD__ float __cumetal_norm_core(const float *v, int n, float amax,
                                         int recip) {
  /* scale so that amax is in [1, 2) */
  unsigned ua = __cumetal_bits(amax);
  int sub = 0;
  if (ua < 0x00800000u) {
    amax = amax * 16777216.0f;
    ua = __cumetal_bits(amax);
    sub = 24;
  }
  int k = (int)(ua >> 23) - 127 - sub; /* amax in [2^k, 2^(k+1)) */
  __cumetal_ff s = __cumetal_ff_make(0.0f, 0.0f);
  for (int i = 0; i < n; ++i) {
    /* two-step scaling by 2^-k (k may be out of the exponent range) */
    float a = __cumetal_fabs(v[i]);
    int k1 = k / 2, k2 = k - k / 2;
    a = a * __cumetal_pow2(-k1);
    a = a * __cumetal_pow2(-k2);
    s = __cumetal_ff_add(s, __cumetal_two_prod(a, a));
  }
  __cumetal_ff r = __cumetal_ff_sqrt(s);
  if (recip) {
    r = __cumetal_ff_div(__cumetal_ff_make(1.0f, 0.0f), r);
    return __cumetal_ff_scale(r, -k);
  }
  return __cumetal_ff_scale(r, k);
}

/* common special-value handling: returns 1 and sets *res if decided */
__CUMETAL_LD__ int __cumetal_norm_special(const float *v, int n, int recip,
                                          float *res, float *amax) {
  int has_inf = 0, has_nan = 0;
  float m = 0.0f;
  for (int i = 0; i < n; ++i) {
    float a = __cumetal_fabs(v[i]);
    if (__cumetal_isinf(a))
      has_inf = 1;
    else if (__cumetal_isnan(a))
      has_nan = 1;
    else if (a > m)
      m = a;
  }
  *amax = m;
  if (has_inf) {
    *res = recip ? 0.0f : __cumetal_inf();
    return 1;
  }
  if (has_nan) {
    *res = __cumetal_nan();
    return 1;
  }
  if (m == 0.0f) {
    *res = recip ? __cumetal_inf() : 0.0f;
    return 1;
  }
  return 0;
}

__CUMETAL_LD__ float __cumetal_normn(const float *v, int n, int recip) {
  float r, amax;
  if (__cumetal_norm_special(v, n, recip, &r, &amax))
    return r;
  return __cumetal_norm_core(v, n, amax, recip);
}

extern "C" __device__ float __nv_hypotf(float a, float b) {
  float v[2] = {a, b};
  return __cumetal_normn(v, 2, 0);
}
extern "C" __device__ float __nv_rhypotf(float a, float b) {
  float v[2] = {a, b};
  return __cumetal_normn(v, 2, 1);
}
extern "C" __device__ float __nv_norm3df(float a, float b, float c) {
  float v[3] = {a, b, c};
  return __cumetal_normn(v, 3, 0);
}
extern "C" __device__ float __nv_rnorm3df(float a, float b, float c) {
  float v[3] = {a, b, c};
  return __cumetal_normn(v, 3, 1);
}
extern "C" __device__ float __nv_norm4df(float a, float b, float c, float d) {
  float v[4] = {a, b, c, d};
  return __cumetal_normn(v, 4, 0);
}
extern "C" __device__ float __nv_rnorm4df(float a, float b, float c, float d) {
  float v[4] = {a, b, c, d};
  return __cumetal_normn(v, 4, 1);
}
extern "C" __device__ float __nv_normf(int dim, const float *a) {
  if (dim <= 0)
    return 0.0f;
  return __cumetal_normn(a, dim, 0);
}
extern "C" __device__ float __nv_rnormf(int dim, const float *a) {
  if (dim <= 0)
    return __cumetal_inf();
  return __cumetal_normn(a, dim, 1);
}

extern "C" __device__ void __nv_sincospif(float x, float *s, float *c) {
  *s = __nv_sinpif(x);
  *c = __nv_cospif(x);
}

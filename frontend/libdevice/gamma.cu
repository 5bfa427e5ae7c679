/*===- libdevice/gamma.cu - tgammaf and lgammaf ----------------------------===*
 *
 * cumetal libdevice: tgammaf, lgammaf.
 *
 * Core: 1/Gamma(1+f) = 1 + f (f-1) T(f) for -0.5 <= f <= 1.5, T our own
 * Chebyshev-node polynomial fit (1/Gamma is entire; factoring out the zeros
 * of 1/Gamma(1+f) - 1 at f = 0 and f = 1 keeps Gamma(x) - 1 relatively
 * accurate near x = 1 and x = 2, where lgamma has its zeros). Evaluated in
 * float-float.
 * tgamma: the recurrence Gamma(x+1) = x Gamma(x) applied with exact factors
 * (x + j is exact) and a float-float running product with a separate power
 * of two, so the result is rounded once, subnormal results included.
 * lgamma: log1p(Gamma(x) - 1) on [0.5, 2.5); log of the recurrence product
 * below 8 and for negative x down to -50; Stirling's series (A&S 6.1.40)
 * with float-float log for x >= 8; the reflection formula (A&S 6.1.17)
 * below -50.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

/* 1/Gamma(1+f) = 1 + f (f-1) T(f): T as a polynomial in f - 0.5, -0.5 <= f
 * <= 1.5 (max rel err 1.1e-11) */
__CUMETAL_LD__ __cumetal_ff __cumetal_rgamma_T(__cumetal_ff t) {
  float p = -9.184671512e-08f;
  p = __nv_fmaf(p, t.hi, 1.157331653e-07f);
  p = __nv_fmaf(p, t.hi, 2.136770036e-06f);
  p = __nv_fmaf(p, t.hi, -1.394740866e-05f);
  p = __nv_fmaf(p, t.hi, 2.588698226e-05f);
  p = __nv_fmaf(p, t.hi, 1.489267743e-04f);
  p = __nv_fmaf(p, t.hi, -1.104257652e-03f);
  p = __nv_fmaf(p, t.hi, 2.157941693e-03f);
  p = __nv_fmaf(p, t.hi, 6.336833350e-03f);
  __cumetal_ff q = __cumetal_ff_make(p, 0.0f);
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(-4.161567986e-02f, 2.413422240e-10f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(5.255106837e-02f, 2.105333269e-10f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(1.646981090e-01f, -3.300716145e-09f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(-5.135166645e-01f, -3.877045351e-09f));
  return q;
}

/* R(f) - 1 = f (f-1) T(f), float-float, -0.5 <= f <= 1.5 */
__CUMETAL_LD__ __cumetal_ff __cumetal_rgamma1_m1(float f) {
  __cumetal_ff fm1 = __cumetal_two_sum(f, -1.0f);
  __cumetal_ff t = __cumetal_rgamma_T(__cumetal_two_sum(f, -0.5f));
  return __cumetal_ff_mul(__cumetal_ff_mul_f(fm1, f), t);
}
/* 1/Gamma(1+f) */
__CUMETAL_LD__ __cumetal_ff __cumetal_rgamma1(float f) {
  return __cumetal_ff_add_f(__cumetal_rgamma1_m1(f), 1.0f);
}

/* prod_{j=0}^{cnt-1} (x + j) as m 2^k (x + j exact) */
__CUMETAL_LD__ __cumetal_ff __cumetal_rising(float x, int cnt, int *k) {
  __cumetal_ff p = __cumetal_ff_make(1.0f, 0.0f);
  int kk = 0;
  for (int j = 0; j < cnt; ++j) {
    p = __cumetal_ff_mul_f(p, x + (float)j);
    if (__cumetal_fabs(p.hi) > 1.15292150e18f) { /* 2^60 */
      p.hi *= 8.67361738e-19f;                   /* 2^-60, exact */
      p.lo *= 8.67361738e-19f;
      kk += 60;
    }
  }
  *k = kk;
  return p;
}

extern "C" __device__ float __nv_tgammaf(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x == 0.0f)
    return __cumetal_copysign(__cumetal_inf(), x);
  if (x > 35.0400963f)
    return __cumetal_inf();
  float n = __nv_floorf(x);
  if (x < 0.0f && (x == n || __cumetal_isinf(x)))
    return __cumetal_nan();
  if (__cumetal_fabs(x) < 9.31322575e-10f) /* 2^-30: 1/x - gamma + ... */
    return __nv_frcp_rn(x) - 0.577215665f;
  float f = x - n; /* exact */
  __cumetal_ff r = __cumetal_rgamma1(f);
  if (x >= 1.0f) {
    int k;
    /* prod_{i=1}^{n-1} (f + i) */
    __cumetal_ff p = __cumetal_rising(f + 1.0f, (int)n - 1, &k);
    return __cumetal_ff_scale(__cumetal_ff_div(p, r), k);
  }
  if (x > -0.5f) /* Gamma(x) = 1 / (x R(x)); x + 1 is not exact below 0 */
    return __cumetal_ff_scale(
        __cumetal_ff_div(__cumetal_ff_make(1.0f, 0.0f),
                         __cumetal_ff_mul_f(__cumetal_rgamma1(x), x)),
        0);
  /* x < 0: Gamma(x) = Gamma(1+f) / prod_{j=0}^{-n} (x + j) */
  int ni = (int)n;
  if (x < -60.0f) /* |Gamma(x)| < 2^-150 */
    return (ni & 1) ? -0.0f : 0.0f;
  int k;
  __cumetal_ff p = __cumetal_rising(x, 1 - ni, &k);
  return __cumetal_ff_scale(
      __cumetal_ff_div(__cumetal_ff_make(1.0f, 0.0f), __cumetal_ff_mul(r, p)),
      -k);
}

/* Stirling's series for lgamma(x), x >= 8 */
__CUMETAL_LD__ __cumetal_ff __cumetal_lgamma_stirling(float x) {
  /* (x - 1/2) log x - x + log(2 pi)/2 = x (log x - 1) - (log x)/2 + ...,
   * in this order so that nothing overflows before the result does */
  __cumetal_ff l = __cumetal_log_ff(x);
  __cumetal_ff t = __cumetal_ff_mul_f(__cumetal_ff_add_f(l, -1.0f), x);
  t = __cumetal_ff_add(t, __cumetal_ff_make(-0.5f * l.hi, -0.5f * l.lo));
  t = __cumetal_ff_add(t,
                       __cumetal_ff_make(9.189385176e-01f, 1.563417662e-08f));
  float r = __nv_frcp_rn(x);
  float r2 = r * r;
  float s =
      __nv_fmaf(r2, 8.41750842e-04f, -5.95238095e-04f); /* 1/1188, -1/1680 */
  s = __nv_fmaf(s, r2, 7.93650794e-04f);                /* 1/1260 */
  s = __nv_fmaf(s, r2, -2.77777778e-03f);               /* -1/360 */
  s = __nv_fmaf(s, r2, 8.33333333e-02f);                /* 1/12 */
  return __cumetal_ff_add_f(t, s * r);
}

extern "C" __device__ float __nv_lgammaf(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (__cumetal_isinf(x) || x == 0.0f)
    return __cumetal_inf();
  if (x >= 8.0f) {
    if (x > 4.085003108e+36f)
      return __cumetal_inf();
    __cumetal_ff r = __cumetal_lgamma_stirling(x);
    return r.hi + r.lo;
  }
  float n = __nv_floorf(x);
  if (x < 0.0f && x == n)
    return __cumetal_inf();
  __cumetal_ff res;
  if (x >= 0.5f && x < 2.5f) {
    /* Gamma(x) - 1 = -(R - 1) / R with R = 1/Gamma(1+f), f = x - 1 */
    float f = x - 1.0f; /* exact */
    __cumetal_ff g1 = __cumetal_rgamma1_m1(f);
    __cumetal_ff d =
        __cumetal_ff_div(__cumetal_ff_neg(g1), __cumetal_ff_add_f(g1, 1.0f));
    __cumetal_ff u = __cumetal_ff_add_f(d, 1.0f);
    res = __cumetal_log_ff2(u);
  } else if (x > -0.5f && x < 0.5f) {
    /* lgamma(x) = -log(R(x)) - log|x| */
    __cumetal_ff r = __cumetal_rgamma1(x);
    res = __cumetal_ff_neg(__cumetal_ff_add(
        __cumetal_log_ff2(r), __cumetal_log_ff(__cumetal_fabs(x))));
  } else if (x > 0.0f) {
    /* 2.5 <= x < 8: Gamma(x) = Gamma(1+f) prod_{i=1}^{n-1} (f + i) */
    float f = x - n;
    int k;
    __cumetal_ff p = __cumetal_rising(f + 1.0f, (int)n - 1, &k);
    res = __cumetal_log_ff2(__cumetal_ff_div(p, __cumetal_rgamma1(f)));
  } else if (x >= -50.0f) {
    /* |Gamma(x)| = 1 / |R(f) prod_{j=0}^{-n} (x + j)| */
    float f = x - n;
    int k;
    __cumetal_ff p = __cumetal_rising(x, 1 - (int)n, &k);
    __cumetal_ff q = __cumetal_ff_mul(__cumetal_rgamma1(f), p);
    if (q.hi < 0.0f)
      q = __cumetal_ff_neg(q);
    res = __cumetal_log_ff2(q);
    /* + k ln2 */
    float fk = (float)k;
    __cumetal_ff kl = __cumetal_ff_make(fk * 0.693145751953125f, 0.0f);
    kl = __cumetal_ff_add(kl, __cumetal_two_prod(fk, 1.428606765e-06f));
    res = __cumetal_ff_neg(__cumetal_ff_add(res, kl));
  } else {
    /* x < -50: lgamma(x) = log(pi) - log|sin(pi x)| - log(-x) - lgamma(-x) */
    float s = __cumetal_fabs(__nv_sinpif(x));
    __cumetal_ff t =
        __cumetal_ff_add(__cumetal_log_ff(s), __cumetal_log_ff(-x));
    t = __cumetal_ff_add(t, __cumetal_lgamma_stirling(-x));
    res =
        __cumetal_ff_add(__cumetal_ff_make(1.144729853e+00f, 3.317300923e-08f),
                         __cumetal_ff_neg(t));
  }
  return res.hi + res.lo;
}

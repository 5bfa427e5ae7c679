/*===- libdevice/erf.cu - error function family ---------------------------===*
 *
 * cumetal libdevice: erff, erfcf, erfcxf, erfinvf, erfcinvf, normcdff,
 * normcdfinvf.
 *
 * Two float-float kernels carry the family:
 *  - erf(x) for |x| <= 0.5: x E(x^2), E a polynomial (our own Chebyshev-node
 *    fit of erf(x)/x, the classical Taylor form of A&S 7.1.5);
 *  - erfc(y) for y >= 0.47: exp(-y^2) F(t) / (1 + 2y) with t = (y-3)/(y+3),
 *    the transformation of M. M. Shepherd and J. G. Laframboise,
 *    "Chebyshev approximation of (1+2x) exp(x^2) erfc x in 0 <= x < inf",
 *    Math. Comp. 36 (1981) 249-253; F is our own fit; exp(-y^2) comes from
 *    the float-float exp kernel with a separate power of two, so results
 *    far into the subnormal range are rounded once.
 * The inverses start from small polynomial approximations (erfinv(x)/x in
 * x^2; erfcinv(c)/w in 1/w with w = sqrt(-log c), the variable used by
 * M. Giles, "Approximating the erfinv function", GPU Computing Gems, 2011)
 * and take one Halley step y -= d / (1 + y d), d = f/f', on f = erf(y) - x
 * (|x| <= 0.5) or f = erfc(y) - c, with the residual computed in float-float
 * by the kernels above.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

/* erf(x)/x as a polynomial in z = x^2, 0 <= z <= 0.25 (Chebyshev-node fit, max
 * rel err 9.4e-14) */
__CUMETAL_LD__ __cumetal_ff __cumetal_erf_E(__cumetal_ff t) {
  float p = 1.082277522e-04f;
  p = __nv_fmaf(p, t.hi, -8.506765007e-04f);
  p = __nv_fmaf(p, t.hi, 5.223275628e-03f);
  p = __nv_fmaf(p, t.hi, -2.686611004e-02f);
  __cumetal_ff q = __cumetal_ff_make(p, 0.0f);
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(1.128379107e-01f, 3.518624947e-09f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(-3.761263788e-01f, -1.021758411e-08f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(1.128379226e+00f, -5.863548580e-08f));
  return q;
}

#define __CUMETAL_ERFC_TC 1.354466826e-01f

/* (1 + 2y) exp(y^2) erfc(y) as a polynomial in t - TC, t = (y - 3)/(y + 3), y
 * >= 0.47 (the Shepherd & Laframboise 1981 form; our own Chebyshev-node fit,
 * max rel err 1.0e-11) */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfc_F(__cumetal_ff t) {
  float p = 3.530623417e-06f;
  p = __nv_fmaf(p, t.hi, -9.587012755e-06f);
  p = __nv_fmaf(p, t.hi, -2.522466457e-05f);
  p = __nv_fmaf(p, t.hi, 1.000787088e-04f);
  p = __nv_fmaf(p, t.hi, 7.182462286e-05f);
  p = __nv_fmaf(p, t.hi, -7.952850428e-04f);
  p = __nv_fmaf(p, t.hi, 9.025855688e-04f);
  p = __nv_fmaf(p, t.hi, 4.042546730e-03f);
  p = __nv_fmaf(p, t.hi, -2.056977898e-02f);
  p = __nv_fmaf(p, t.hi, 5.019370839e-02f);
  __cumetal_ff q = __cumetal_ff_make(p, 0.0f);
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(-7.929462194e-02f, 2.324040738e-09f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(7.640878856e-02f, -2.036993463e-09f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(-6.431212649e-03f, 1.110760581e-10f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(-1.424470395e-01f, 6.414861087e-09f));
  q = __cumetal_ff_add(__cumetal_ff_mul(q, t),
                       __cumetal_ff_make(1.234050989e+00f, 4.987048996e-08f));
  return q;
}

/* starting value: erfinv(x)/x in z = x^2, 0 <= z <= 0.25 (max rel err 1.4e-08)
 */
__CUMETAL_LD__ float __cumetal_erfinv_P(float t) {
  float p = 1.025932804e-01f;
  p = __nv_fmaf(p, t, 4.863938317e-02f);
  p = __nv_fmaf(p, t, 8.880182356e-02f);
  p = __nv_fmaf(p, t, 1.274200231e-01f);
  p = __nv_fmaf(p, t, 2.320166230e-01f);
  p = __nv_fmaf(p, t, 8.862268925e-01f);
  return p;
}

/* starting value: erfcinv(c)/w in u = 1/w, w = sqrt(-log c), 0.097 <= u
 * <= 1.202 (max rel err 7.2e-06) */
__CUMETAL_LD__ float __cumetal_erfcinv_Q(float t) {
  float p = -9.718120098e-02f;
  p = __nv_fmaf(p, t, 5.872855186e-01f);
  p = __nv_fmaf(p, t, -1.546999812e+00f);
  p = __nv_fmaf(p, t, 2.394051075e+00f);
  p = __nv_fmaf(p, t, -2.547410011e+00f);
  p = __nv_fmaf(p, t, 2.076127768e+00f);
  p = __nv_fmaf(p, t, -1.171368837e+00f);
  p = __nv_fmaf(p, t, -5.914516002e-02f);
  p = __nv_fmaf(p, t, 1.001357079e+00f);
  return p;
}

/* erf(x) for |x.hi| <= 0.5, float-float */
__CUMETAL_LD__ __cumetal_ff __cumetal_erf_small(__cumetal_ff x) {
  __cumetal_ff z = __cumetal_ff_sqr(x);
  return __cumetal_ff_mul(__cumetal_erf_E(z), x);
}

/* (1 + 2y) erfcx(y) / (1 + 2y) = erfcx(y) for y.hi >= 0.47, float-float */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfcx_pos(__cumetal_ff y) {
  __cumetal_ff t = __cumetal_ff_div(__cumetal_ff_add_f(y, -3.0f),
                                    __cumetal_ff_add_f(y, 3.0f));
  __cumetal_ff F = __cumetal_erfc_F(__cumetal_ff_add_f(t, -__CUMETAL_ERFC_TC));
  __cumetal_ff d =
      __cumetal_ff_add_f(__cumetal_ff_make(2.0f * y.hi, 2.0f * y.lo), 1.0f);
  return __cumetal_ff_div(F, d);
}

/* erfc(y) = m 2^k for 0.47 <= y.hi <= 14 */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfc_big(__cumetal_ff y, int *k) {
  __cumetal_ff q = __cumetal_erfcx_pos(y);
  __cumetal_ff e = __cumetal_exp_ff(__cumetal_ff_neg(__cumetal_ff_sqr(y)), k);
  return __cumetal_ff_mul(e, q);
}

__CUMETAL_LD__ __cumetal_ff __cumetal_ff_scaled(__cumetal_ff m, int k) {
  float s = __cumetal_pow2(k); /* -126 <= k <= 127 */
  return __cumetal_ff_make(m.hi * s, m.lo * s);
}

/* erfc(x) for finite x as float-float times 2^k (k != 0 only for x > 0.5) */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfc_any(__cumetal_ff x, int *k) {
  *k = 0;
  if (x.hi > 0.5f) {
    if (x.hi > 10.5f)
      return __cumetal_ff_make(0.0f, 0.0f);
    return __cumetal_erfc_big(x, k);
  }
  if (x.hi >= -0.5f) /* 1 - erf(x) */
    return __cumetal_ff_add_f(__cumetal_ff_neg(__cumetal_erf_small(x)), 1.0f);
  if (x.hi < -4.5f)
    return __cumetal_ff_make(2.0f, 0.0f);
  int kk;
  __cumetal_ff m = __cumetal_erfc_big(__cumetal_ff_neg(x), &kk);
  return __cumetal_ff_add_f(__cumetal_ff_neg(__cumetal_ff_scaled(m, kk)), 2.0f);
}

extern "C" __device__ float __nv_erff(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  float ax = __cumetal_fabs(x);
  if (x == 0.0f)
    return x;
  if (ax <= 0.5f) {
    __cumetal_ff r = __cumetal_erf_small(__cumetal_ff_make(x, 0.0f));
    return r.hi + r.lo;
  }
  if (ax >= 4.0f)
    return __cumetal_copysign(1.0f, x);
  int k;
  __cumetal_ff m = __cumetal_erfc_big(__cumetal_ff_make(ax, 0.0f), &k);
  __cumetal_ff r =
      __cumetal_ff_add_f(__cumetal_ff_neg(__cumetal_ff_scaled(m, k)), 1.0f);
  return __cumetal_copysign(r.hi + r.lo, x);
}

extern "C" __device__ float __nv_erfcf(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (__cumetal_isinf(x))
    return x > 0.0f ? 0.0f : 2.0f;
  int k;
  __cumetal_ff m = __cumetal_erfc_any(__cumetal_ff_make(x, 0.0f), &k);
  return __cumetal_ff_scale(m, k);
}

extern "C" __device__ float __nv_erfcxf(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x >= 0.5f) {
    if (x > 1e6f) /* erfcx(x) = 1/(x sqrt(pi)) (1 - 1/(2x^2) + ...) */
      return __nv_fdiv_rn(0.564189613f, x);
    __cumetal_ff r = __cumetal_erfcx_pos(__cumetal_ff_make(x, 0.0f));
    return r.hi + r.lo;
  }
  if (x < -9.5f)
    return __cumetal_inf();
  int k;
  __cumetal_ff e = __cumetal_exp_ff(__cumetal_two_prod(x, x), &k);
  if (x >= -0.5f) {
    __cumetal_ff c = __cumetal_ff_add_f(
        __cumetal_ff_neg(__cumetal_erf_small(__cumetal_ff_make(x, 0.0f))),
        1.0f);
    return __cumetal_ff_scale(__cumetal_ff_mul(e, c), k);
  }
  /* erfcx(x) = 2 exp(x^2) - erfcx(-x) */
  __cumetal_ff q = __cumetal_erfcx_pos(__cumetal_ff_make(-x, 0.0f));
  if (k > 60)
    return __cumetal_ff_scale(e, k + 1);
  __cumetal_ff r =
      __cumetal_ff_add(__cumetal_ff_scaled(e, k + 1), __cumetal_ff_neg(q));
  return r.hi + r.lo;
}

extern "C" __device__ float __nv_normcdff(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x > 6.0f)
    return 1.0f;
  if (x < -15.0f)
    return 0.0f;
  /* z = -x / sqrt(2) in float-float */
  __cumetal_ff z = __cumetal_two_prod(x, -0.707106769f);
  z.lo = __nv_fmaf(x, -1.21016175e-08f, z.lo);
  z = __cumetal_fast_two_sum(z.hi, z.lo);
  int k;
  __cumetal_ff m = __cumetal_erfc_any(z, &k);
  return __cumetal_ff_scale(m, k - 1);
}

/* ---- inverses ----------------------------------------------------------- */
/* erfinv(x) for 0 <= x <= 0.5 as float-float */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfinv_central(float x) {
  if (x < 1e-20f) { /* erfinv(x) = sqrt(pi)/2 x (1 + pi x^2/12 + ...) */
    return __cumetal_ff_make(__nv_fmaf(x, 0.886226952f, x * -2.66231996e-08f),
                             0.0f);
  }
  float y = x * __cumetal_erfinv_P(x * x);
  __cumetal_ff r =
      __cumetal_ff_add_f(__cumetal_erf_small(__cumetal_ff_make(y, 0.0f)), -x);
  /* d = r / erf'(y), erf'(y) = 2/sqrt(pi) exp(-y^2) */
  float d = r.hi * 0.886226925f * __nv_expf(y * y);
  float dy = -__nv_fdiv_rn(d, __nv_fmaf(y, d, 1.0f));
  return __cumetal_fast_two_sum(y, dy);
}

/* erfcinv(c) for 0 < c <= 0.5 as float-float */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfcinv_tail(float c) {
  float w = __nv_fsqrt_rn(-__cumetal_log_ff(c).hi);
  float y = w * __cumetal_erfcinv_Q(__nv_frcp_rn(w));
  /* f = erfc(y) - c = exp(-y^2) (erfcx(y) - c exp(y^2)) */
  __cumetal_ff q = __cumetal_erfcx_pos(__cumetal_ff_make(y, 0.0f));
  int k;
  __cumetal_ff e = __cumetal_exp_ff(__cumetal_two_prod(y, y), &k);
  /* c = cm 2^ce with cm in [1, 2) (exact), then c e^(y^2) = cm m 2^(ce + k) */
  unsigned uc = __cumetal_bits(c);
  int ce = 0;
  if (uc < 0x00800000u) {
    c = c * 16777216.0f;
    uc = __cumetal_bits(c);
    ce = -24;
  }
  ce += (int)(uc >> 23) - 127;
  float cm = __cumetal_float((uc & 0x007fffffu) | 0x3f800000u);
  __cumetal_ff s = __cumetal_ff_scaled(__cumetal_ff_mul_f(e, cm), ce + k);
  __cumetal_ff diff = __cumetal_ff_add(q, __cumetal_ff_neg(s));
  /* d = f / f' with f' = -2/sqrt(pi) exp(-y^2) */
  float d = -0.886226925f * diff.hi;
  float dy = -__nv_fdiv_rn(d, __nv_fmaf(y, d, 1.0f));
  return __cumetal_fast_two_sum(y, dy);
}

/* erfcinv(c) for 0 < c < 2 as float-float */
__CUMETAL_LD__ __cumetal_ff __cumetal_erfcinv_ff(float c) {
  if (c < 0.5f)
    return __cumetal_erfcinv_tail(c);
  if (c > 1.5f)
    return __cumetal_ff_neg(__cumetal_erfcinv_tail(2.0f - c)); /* exact */
  float x = 1.0f - c; /* exact (Sterbenz) */
  __cumetal_ff r = __cumetal_erfinv_central(__cumetal_fabs(x));
  return x < 0.0f ? __cumetal_ff_neg(r) : r;
}

extern "C" __device__ float __nv_erfinvf(float x) {
  float ax = __cumetal_fabs(x);
  if (!(ax <= 1.0f))
    return __cumetal_nan();
  if (ax == 1.0f)
    return __cumetal_copysign(__cumetal_inf(), x);
  if (x == 0.0f)
    return x;
  __cumetal_ff r = ax <= 0.5f ? __cumetal_erfinv_central(ax)
                              : __cumetal_erfcinv_tail(1.0f - ax); /* exact */
  return __cumetal_copysign(r.hi + r.lo, x);
}

extern "C" __device__ float __nv_erfcinvf(float c) {
  if (!(c >= 0.0f && c <= 2.0f))
    return __cumetal_nan();
  if (c == 0.0f)
    return __cumetal_inf();
  if (c == 2.0f)
    return -__cumetal_inf();
  if (c == 1.0f)
    return 0.0f;
  __cumetal_ff r = __cumetal_erfcinv_ff(c);
  return r.hi + r.lo;
}

/* normcdfinv(p) = -sqrt(2) erfcinv(2p) */
extern "C" __device__ float __nv_normcdfinvf(float p) {
  if (!(p >= 0.0f && p <= 1.0f))
    return __cumetal_nan();
  if (p == 0.0f)
    return -__cumetal_inf();
  if (p == 1.0f)
    return __cumetal_inf();
  if (p == 0.5f)
    return 0.0f;
  __cumetal_ff r = __cumetal_erfcinv_ff(2.0f * p);
  r = __cumetal_ff_mul(r, __cumetal_ff_make(-1.41421354f, -2.42032350e-08f));
  return r.hi + r.lo;
}

/*===- libdevice/exp_log.cu - expm1f, log1pf, powif -----------------------===*
 *
 * cumetal libdevice: expm1f, log1pf, powif.
 *
 * expm1: |x| <= 0.35: Taylor series of expm1 with the leading terms in
 * float-float; otherwise the float-float exp kernel (Cody & Waite reduction)
 * gives m 2^k and m 2^k - 1 is formed in float-float before one rounding.
 * log1p: 1 + x is formed exactly with TwoSum, then log(hi) + lo/hi with the
 * float-float log kernel (atanh series), rounded once.
 * powi: the correctly rounded pow of the host (AIR pow) on |x| with the
 * exponent split so each part is exact in float, sign from n's parity.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

extern "C" __device__ float __nv_expm1f(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x > 88.8f)
    return __cumetal_inf();
  if (x < -18.0f)
    return -1.0f;
  float ax = __cumetal_fabs(x);
  if (ax < 0.35f) {
    if (ax < 1e-30f)
      return x; /* also keeps -0 */
    /* x + x^2/2 + ... : Horner with the last steps in float-float */
    float t = 2.50521084e-08f;
    t = __nv_fmaf(t, x, 2.75573192e-07f);
    t = __nv_fmaf(t, x, 2.75573192e-06f);
    t = __nv_fmaf(t, x, 2.48015873e-05f);
    t = __nv_fmaf(t, x, 1.98412698e-04f);
    t = __nv_fmaf(t, x, 1.38888889e-03f);
    t = __nv_fmaf(t, x, 8.33333333e-03f);
    t = __nv_fmaf(t, x, 4.16666679e-02f);
    __cumetal_ff xf = __cumetal_ff_make(x, 0.0f);
    __cumetal_ff p =
        __cumetal_ff_add(__cumetal_two_prod(t, x),
                         __cumetal_ff_make(0.166666672f, -4.96705388e-09f));
    p = __cumetal_ff_mul(p, xf);
    p = __cumetal_ff_add_f(p, 0.5f);
    p = __cumetal_ff_mul(p, xf);
    p = __cumetal_ff_add_f(p, 1.0f);
    p = __cumetal_ff_mul(p, xf);
    return p.hi + p.lo;
  }
  int k;
  __cumetal_ff m = __cumetal_exp_ff(__cumetal_ff_make(x, 0.0f), &k);
  if (k > 100)
    return __cumetal_ff_scale(m, k);
  float s = __cumetal_pow2(k);
  __cumetal_ff t = __cumetal_ff_make(m.hi * s, m.lo * s);
  t = __cumetal_ff_add_f(t, -1.0f);
  return t.hi + t.lo;
}

extern "C" __device__ float __nv_log1pf(float x) {
  if (__cumetal_isnan(x))
    return x + x;
  if (x == -1.0f)
    return -__cumetal_inf();
  if (x < -1.0f)
    return __cumetal_nan();
  if (__cumetal_isinf(x))
    return x;
  if (__cumetal_fabs(x) < 1e-30f)
    return x;
  __cumetal_ff u = __cumetal_two_sum(1.0f, x);
  __cumetal_ff l = __cumetal_log_ff2(u);
  return l.hi + l.lo;
}

extern "C" __device__ float __nv_powif(float x, int n) {
  if (n == 0)
    return 1.0f;
  float ax = __cumetal_fabs(x);
  float r;
  if (n >= -16777216 && n <= 16777216) {
    r = __nv_powf(ax, (float)n);
  } else {
    /* n = hi + lo with hi a multiple of 256 (exact in float), |lo| < 256 */
    int lo = n & 255;
    int hi = n - lo;
    r = __nv_powf(ax, (float)hi) * __nv_powf(ax, (float)lo);
  }
  return (n & 1) ? __cumetal_copysign(r, x) : r;
}

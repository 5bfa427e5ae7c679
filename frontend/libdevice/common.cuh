/*===- libdevice/common.cuh - internal helpers of cumetal's libdevice -----===*
 *
 * Internal helpers shared by the libdevice sources (all static, all named
 * __cumetal_*): bit casts, float-float ("double-float") arithmetic built
 * from the error-free transformations TwoSum (Knuth) and TwoProduct via
 * fmaf (Dekker / Ogita-Rump-Oishi), an exact power-of-two scaling with a
 * single round-to-nearest (ldexp semantics), and float-float log and exp
 * kernels used where a result needs more than float precision internally.
 *
 * No double precision anywhere: Apple GPUs have none. These sources must be
 * compiled without fast-math and without FP contraction (the error-free
 * transformations depend on every operation being rounded as written);
 * each .cu file turns contraction off with a pragma.
 *===----------------------------------------------------------------------===*/
#ifndef CUMETAL_LIBDEVICE_COMMON_CUH
#define CUMETAL_LIBDEVICE_COMMON_CUH

#ifdef __clang__
#pragma clang fp contract(off)
#endif

#define __CUMETAL_LD__ static __device__ __forceinline__

/* ---- bit casts ------------------------------------------------------- */
__CUMETAL_LD__ unsigned __cumetal_bits(float x) {
  return __builtin_bit_cast(unsigned, x);
}
__CUMETAL_LD__ float __cumetal_float(unsigned u) {
  return __builtin_bit_cast(float, u);
}
__CUMETAL_LD__ float __cumetal_inf(void) {
  return __cumetal_float(0x7f800000u);
}
/* CUDA's canonical NaN. */
__CUMETAL_LD__ float __cumetal_nan(void) {
  return __cumetal_float(0x7fffffffu);
}
__CUMETAL_LD__ int __cumetal_isnan(float x) {
  return (__cumetal_bits(x) & 0x7fffffffu) > 0x7f800000u;
}
__CUMETAL_LD__ int __cumetal_isinf(float x) {
  return (__cumetal_bits(x) & 0x7fffffffu) == 0x7f800000u;
}
__CUMETAL_LD__ int __cumetal_isfinite(float x) {
  return (__cumetal_bits(x) & 0x7fffffffu) < 0x7f800000u;
}
__CUMETAL_LD__ float __cumetal_fabs(float x) {
  return __cumetal_float(__cumetal_bits(x) & 0x7fffffffu);
}
__CUMETAL_LD__ float __cumetal_copysign(float x, float s) {
  return __cumetal_float((__cumetal_bits(x) & 0x7fffffffu) |
                         (__cumetal_bits(s) & 0x80000000u));
}
/* 2^n for -126 <= n <= 127. */
__CUMETAL_LD__ float __cumetal_pow2(int n) {
  return __cumetal_float((unsigned)(n + 127) << 23);
}
/* Next float toward +inf / -inf (x not NaN). */
__CUMETAL_LD__ float __cumetal_nextup(float x) {
  unsigned u = __cumetal_bits(x);
  if (u == 0x7f800000u)
    return x;
  if (u == 0x80000000u)
    return __cumetal_float(1u);
  return __cumetal_float((int)u >= 0 ? u + 1 : u - 1);
}
__CUMETAL_LD__ float __cumetal_nextdown(float x) {
  unsigned u = __cumetal_bits(x);
  if (u == 0xff800000u)
    return x;
  if (u == 0u)
    return __cumetal_float(0x80000001u);
  return __cumetal_float((int)u > 0 ? u - 1 : u + 1);
}

/* x * 2^n with one rounding to nearest even (ldexp semantics), x finite. */
__CUMETAL_LD__ float __cumetal_scale(float x, int n) {
  unsigned u = __cumetal_bits(x);
  int e = (int)((u >> 23) & 0xffu);
  if ((u & 0x7fffffffu) == 0u || e == 0xff)
    return x;
  if (n > 400)
    n = 400;
  if (n < -400)
    n = -400;
  if (e == 0) { /* subnormal: normalise exactly */
    x = x * 16777216.0f;
    u = __cumetal_bits(x);
    e = (int)((u >> 23) & 0xffu);
    n -= 24;
  }
  int t = e + n;
  if (t >= 255)
    return __cumetal_copysign(__cumetal_inf(), x);
  if (t >= 1)
    return __cumetal_float((u & 0x807fffffu) | ((unsigned)t << 23));
  if (t < -23)
    return __cumetal_copysign(0.0f, x);
  /* Subnormal result: bring the exponent to t + 126 (exact), then a single
   * multiplication by 2^-126 rounds once. */
  float y = __cumetal_float((u & 0x807fffffu) | ((unsigned)(t + 126) << 23));
  return y * 1.17549435e-38f;
}

/* ---- float-float arithmetic ------------------------------------------ */
struct __cumetal_ff {
  float hi, lo;
};
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_make(float hi, float lo) {
  __cumetal_ff r;
  r.hi = hi;
  r.lo = lo;
  return r;
}
/* TwoSum (Knuth): s + e == a + b exactly. */
__CUMETAL_LD__ __cumetal_ff __cumetal_two_sum(float a, float b) {
  float s = a + b;
  float bb = s - a;
  float e = (a - (s - bb)) + (b - bb);
  return __cumetal_ff_make(s, e);
}
/* Fast2Sum (Dekker), requires |a| >= |b| or a == 0. */
__CUMETAL_LD__ __cumetal_ff __cumetal_fast_two_sum(float a, float b) {
  float s = a + b;
  float e = b - (s - a);
  return __cumetal_ff_make(s, e);
}
/* TwoProduct via fma: p + e == a * b exactly (barring underflow). */
__CUMETAL_LD__ __cumetal_ff __cumetal_two_prod(float a, float b) {
  float p = a * b;
  float e = __nv_fmaf(a, b, -p);
  return __cumetal_ff_make(p, e);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_add(__cumetal_ff x, __cumetal_ff y) {
  __cumetal_ff s = __cumetal_two_sum(x.hi, y.hi);
  __cumetal_ff t = __cumetal_two_sum(x.lo, y.lo);
  s.lo += t.hi;
  s = __cumetal_fast_two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return __cumetal_fast_two_sum(s.hi, s.lo);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_add_f(__cumetal_ff x, float b) {
  __cumetal_ff s = __cumetal_two_sum(x.hi, b);
  s.lo += x.lo;
  return __cumetal_fast_two_sum(s.hi, s.lo);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_neg(__cumetal_ff x) {
  return __cumetal_ff_make(-x.hi, -x.lo);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_mul(__cumetal_ff x, __cumetal_ff y) {
  __cumetal_ff p = __cumetal_two_prod(x.hi, y.hi);
  p.lo = __nv_fmaf(x.hi, y.lo, __nv_fmaf(x.lo, y.hi, p.lo));
  return __cumetal_fast_two_sum(p.hi, p.lo);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_mul_f(__cumetal_ff x, float b) {
  __cumetal_ff p = __cumetal_two_prod(x.hi, b);
  p.lo = __nv_fmaf(x.lo, b, p.lo);
  return __cumetal_fast_two_sum(p.hi, p.lo);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_sqr(__cumetal_ff x) {
  __cumetal_ff p = __cumetal_two_prod(x.hi, x.hi);
  p.lo = __nv_fmaf(x.hi + x.hi, x.lo, p.lo);
  return __cumetal_fast_two_sum(p.hi, p.lo);
}
/* x / y, relative error about 2^-46. */
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_div(__cumetal_ff x, __cumetal_ff y) {
  float q = __nv_fdiv_rn(x.hi, y.hi);
  /* r = x - q*y */
  __cumetal_ff p = __cumetal_two_prod(q, y.hi);
  float r = (x.hi - p.hi) - p.lo;
  r = r + x.lo;
  r = __nv_fmaf(-q, y.lo, r);
  float q2 = __nv_fdiv_rn(r, y.hi);
  return __cumetal_fast_two_sum(q, q2);
}
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_div_f(__cumetal_ff x, float y) {
  return __cumetal_ff_div(x, __cumetal_ff_make(y, 0.0f));
}
/* p*x + c with p, c float-float and x float-float. */
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_fma(__cumetal_ff p, __cumetal_ff x,
                                             __cumetal_ff c) {
  return __cumetal_ff_add(__cumetal_ff_mul(p, x), c);
}
/* Square root of a float-float (one Newton correction), x > 0 normal. */
__CUMETAL_LD__ __cumetal_ff __cumetal_ff_sqrt(__cumetal_ff x) {
  float s = __nv_fsqrt_rn(x.hi);
  __cumetal_ff s2 = __cumetal_two_prod(s, s);
  float r = ((x.hi - s2.hi) - s2.lo) + x.lo;
  return __cumetal_fast_two_sum(s, __nv_fdiv_rn(r, s + s));
}

/* ---- float-float logarithm ------------------------------------------- */
/* log(x) for finite x > 0 (subnormals included) as a float-float with a
 * relative error below about 2^-36. Method: x = 2^e * m, m in
 * [sqrt(1/2), sqrt(2)), f = m - 1 exact, log(m) = 2 atanh(s) with
 * s = f / (2 + f), i.e. the series 2 (s + s^3/3 + s^5/5 + ...) (Abramowitz &
 * Stegun 4.1.27); the two leading terms are kept in float-float. Near x = 1
 * (e = 0) the error is relative to log(x) itself. */
__CUMETAL_LD__ __cumetal_ff __cumetal_log_ff(float x) {
  int e = 0;
  unsigned u = __cumetal_bits(x);
  if (u < 0x00800000u) {
    x = x * 16777216.0f;
    u = __cumetal_bits(x);
    e = -24;
  }
  e += (int)(u >> 23) - 127;
  float m = __cumetal_float((u & 0x007fffffu) | 0x3f800000u);
  if (m > 1.41421354f) {
    m = m * 0.5f;
    e += 1;
  }
  float f = m - 1.0f; /* exact */
  __cumetal_ff d = __cumetal_two_sum(2.0f, f);
  float sh = __nv_fdiv_rn(f, d.hi);
  float r = __nv_fmaf(-sh, d.hi, f);
  r = __nv_fmaf(-sh, d.lo, r);
  float sl = __nv_fdiv_rn(r, d.hi);
  __cumetal_ff s = __cumetal_fast_two_sum(sh, sl);
  __cumetal_ff s2 = __cumetal_ff_sqr(s);
  __cumetal_ff s3 = __cumetal_ff_mul(s2, s);
  float z = s2.hi;
  /* 2/5 + 2/7 z + ... + 2/17 z^6 */
  float t = 0.117647059f;
  t = __nv_fmaf(t, z, 0.133333333f);
  t = __nv_fmaf(t, z, 0.153846154f);
  t = __nv_fmaf(t, z, 0.181818182f);
  t = __nv_fmaf(t, z, 0.222222222f);
  t = __nv_fmaf(t, z, 0.285714286f);
  t = __nv_fmaf(t, z, 0.4f);
  float tail = t * z * s3.hi;
  /* 2s + (2/3)s^3 + tail */
  __cumetal_ff c23 = __cumetal_ff_make(0.666666687f, -1.98682149e-08f);
  __cumetal_ff res = __cumetal_ff_mul(c23, s3);
  res = __cumetal_ff_add_f(res, tail);
  res = __cumetal_ff_add(__cumetal_ff_make(2.0f * s.hi, 2.0f * s.lo), res);
  if (e != 0) {
    /* e*ln2, ln2 = L1 + L2 + L3 with L1 having 16 significant bits */
    float fe = (float)e;
    __cumetal_ff el =
        __cumetal_ff_make(fe * 0.693145751953125f, 0.0f); /* exact */
    el = __cumetal_ff_add(el, __cumetal_two_prod(fe, 1.428606765e-06f));
    el.lo = __nv_fmaf(fe, 5.49792315e-14f, el.lo);
    res = __cumetal_ff_add(el, res);
  }
  return res;
}
/* log(x.hi + x.lo), x.hi > 0 finite. */
__CUMETAL_LD__ __cumetal_ff __cumetal_log_ff2(__cumetal_ff x) {
  __cumetal_ff l = __cumetal_log_ff(x.hi);
  return __cumetal_ff_add_f(l, __nv_fdiv_rn(x.lo, x.hi));
}

/* ---- float-float exponential ----------------------------------------- */
/* exp(x.hi + x.lo) = (m.hi + m.lo) * 2^k with m in about [0.7, 1.42];
 * requires |x.hi| < 200. Cody & Waite argument reduction with a 3-part
 * ln2, then the Taylor series of exp(r), |r| <= 0.35, summed with the
 * last four terms in float-float. Relative error below about 2^-40. */
__CUMETAL_LD__ __cumetal_ff __cumetal_exp_ff(__cumetal_ff x, int *k) {
  float kf = __nv_rintf(x.hi * 1.44269502f);
  *k = (int)kf;
  float r0 = x.hi - kf * 0.693145751953125f; /* exact: k*L1 exact, Sterbenz */
  __cumetal_ff r = __cumetal_ff_add(__cumetal_ff_make(r0, 0.0f),
                                    __cumetal_two_prod(-kf, 1.428606765e-06f));
  r = __cumetal_ff_add_f(r, __nv_fmaf(-kf, 5.49792315e-14f, x.lo));
  float rh = r.hi;
  /* 1/24 + r/120 + ... + r^7/11! */
  float t = 2.50521084e-08f;
  t = __nv_fmaf(t, rh, 2.75573192e-07f);
  t = __nv_fmaf(t, rh, 2.75573192e-06f);
  t = __nv_fmaf(t, rh, 2.48015873e-05f);
  t = __nv_fmaf(t, rh, 1.98412698e-04f);
  t = __nv_fmaf(t, rh, 1.38888889e-03f);
  t = __nv_fmaf(t, rh, 8.33333333e-03f);
  /* (((t*r + 1/24)*r + 1/6)*r + 1/2)*r + 1)*r + 1, the last steps in
   * float-float */
  __cumetal_ff p =
      __cumetal_ff_add(__cumetal_two_prod(t, rh),
                       __cumetal_ff_make(4.16666679e-02f, -1.24176343e-09f));
  p = __cumetal_ff_mul(p, r);
  p = __cumetal_ff_add(p, __cumetal_ff_make(0.166666672f, -4.96705388e-09f));
  p = __cumetal_ff_mul(p, r);
  p = __cumetal_ff_add_f(p, 0.5f);
  p = __cumetal_ff_mul(p, r);
  p = __cumetal_ff_add_f(p, 1.0f);
  p = __cumetal_ff_mul(p, r);
  p = __cumetal_ff_add_f(p, 1.0f);
  return p;
}
/* Round (m.hi + m.lo) * 2^k to float (ldexp semantics on m.hi; the low
 * part is folded in first so that normal results round once). */
__CUMETAL_LD__ float __cumetal_ff_scale(__cumetal_ff m, int k) {
  return __cumetal_scale(m.hi + m.lo, k);
}

#endif /* CUMETAL_LIBDEVICE_COMMON_CUH */

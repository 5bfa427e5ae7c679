/*===- libdevice/double.cu - The double functions ------------------------===*
 *
 * cumetal libdevice: every double-precision __nv_* function, for Apple
 * GPUs, which have no double precision (docs/cumetalc.md, --fp64):
 *  - the functions that are one IEEE operation (fabs, copysign, fmin,
 *    fmax, sqrt, fma, the _rn arithmetic, truncating and round-to-nearest
 *    conversions, classification) are that operation on doubles, so
 *    --fp64=emulate computes them exactly and --fp64=demote in float;
 *  - the others (sin, exp, cbrt, the directed-rounding operations, ...)
 *    are their single-precision counterparts: the argument is rounded to
 *    float, the float function runs, the result is widened. That is
 *    --fp64=demote's meaning; --fp64=emulate reports them.
 * The conversions of the second kind are calls to two opaque markers,
 * which DemoteFP64 replaces by the values themselves: plain casts would let
 * the optimiser cancel the narrowing of an argument against the user's
 * widening of a float (cbrt((double)f) would silently become cbrtf(f)
 * under --fp64=error, where the markers are reported at the user's call).
 * Bit-level functions (__double_as_longlong, __hiloint2double, ...) are
 * bit casts, which both modes map to the 8-byte memory format.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

extern "C" __device__ __attribute__((const)) float
__cumetal_fp64_narrow(double);
extern "C" __device__ __attribute__((const)) double __cumetal_fp64_widen(float);
#define N(x) __cumetal_fp64_narrow(x)
#define W(x) __cumetal_fp64_widen(x)

#define CUMETAL_D1(name, fn)                                                   \
  extern "C" __device__ double __nv_##name(double x) {                         \
    return W(__nv_##fn(N(x)));                                                 \
  }
#define CUMETAL_D2(name, fn)                                                   \
  extern "C" __device__ double __nv_##name(double x, double y) {               \
    return W(__nv_##fn(N(x), N(y)));                                           \
  }
#define CUMETAL_D3(name, fn)                                                   \
  extern "C" __device__ double __nv_##name(double x, double y, double z) {     \
    return W(__nv_##fn(N(x), N(y), N(z)));                                     \
  }
/* One function in the three directed rounding modes (the _rn forms are
 * plain double operations, below). */
#define CUMETAL_DIRECTED(D, name, fn)                                          \
  D(name##_rz, fn##_rz) D(name##_rd, fn##_rd) D(name##_ru, fn##_ru)

CUMETAL_D1(acos, acosf)
CUMETAL_D1(acosh, acoshf)
CUMETAL_D1(asin, asinf)
CUMETAL_D1(asinh, asinhf)
CUMETAL_D1(atan, atanf)
CUMETAL_D1(atanh, atanhf)
CUMETAL_D1(cbrt, cbrtf)
CUMETAL_D1(ceil, ceilf)
CUMETAL_D1(cos, cosf)
CUMETAL_D1(cosh, coshf)
CUMETAL_D1(cospi, cospif)
CUMETAL_D1(cyl_bessel_i0, cyl_bessel_i0f)
CUMETAL_D1(cyl_bessel_i1, cyl_bessel_i1f)
CUMETAL_D1(erf, erff)
CUMETAL_D1(erfc, erfcf)
CUMETAL_D1(erfcinv, erfcinvf)
CUMETAL_D1(erfcx, erfcxf)
CUMETAL_D1(erfinv, erfinvf)
CUMETAL_D1(exp, expf)
CUMETAL_D1(exp10, exp10f)
CUMETAL_D1(exp2, exp2f)
CUMETAL_D1(expm1, expm1f)
CUMETAL_D1(floor, floorf)
CUMETAL_D1(j0, j0f)
CUMETAL_D1(j1, j1f)
CUMETAL_D1(lgamma, lgammaf)
CUMETAL_D1(log, logf)
CUMETAL_D1(log10, log10f)
CUMETAL_D1(log1p, log1pf)
CUMETAL_D1(log2, log2f)
CUMETAL_D1(logb, logbf)
CUMETAL_D1(nearbyint, nearbyintf)
CUMETAL_D1(normcdf, normcdff)
CUMETAL_D1(normcdfinv, normcdfinvf)
CUMETAL_D1(rcbrt, rcbrtf)
CUMETAL_D1(rcp64h, frcp_rn)
CUMETAL_D1(rint, rintf)
CUMETAL_D1(round, roundf)
CUMETAL_D1(rsqrt, rsqrtf)
CUMETAL_D1(sin, sinf)
CUMETAL_D1(sinh, sinhf)
CUMETAL_D1(sinpi, sinpif)
CUMETAL_D1(tan, tanf)
CUMETAL_D1(tanh, tanhf)
CUMETAL_D1(tgamma, tgammaf)
CUMETAL_D1(trunc, truncf)
CUMETAL_D1(y0, y0f)
CUMETAL_D1(y1, y1f)
CUMETAL_DIRECTED(CUMETAL_D1, drcp, frcp)
CUMETAL_DIRECTED(CUMETAL_D1, dsqrt, fsqrt)

CUMETAL_D2(atan2, atan2f)
CUMETAL_D2(fdim, fdimf)
CUMETAL_D2(fmod, fmodf)
CUMETAL_D2(hypot, hypotf)
CUMETAL_D2(nextafter, nextafterf)
CUMETAL_D2(pow, powf)
CUMETAL_D2(remainder, remainderf)
CUMETAL_D2(rhypot, rhypotf)
CUMETAL_DIRECTED(CUMETAL_D2, dadd, fadd)
CUMETAL_DIRECTED(CUMETAL_D2, dsub, fsub)
CUMETAL_DIRECTED(CUMETAL_D2, dmul, fmul)
CUMETAL_DIRECTED(CUMETAL_D2, ddiv, fdiv)

CUMETAL_D3(norm3d, norm3df)
CUMETAL_D3(rnorm3d, rnorm3df)
CUMETAL_DIRECTED(CUMETAL_D3, fma, fmaf)

extern "C" __device__ double __nv_norm4d(double a, double b, double c,
                                         double d) {
  return W(__nv_norm4df(N(a), N(b), N(c), N(d)));
}
extern "C" __device__ double __nv_rnorm4d(double a, double b, double c,
                                          double d) {
  return W(__nv_rnorm4df(N(a), N(b), N(c), N(d)));
}

/* Arguments or results that are not one double. */
extern "C" __device__ double __nv_jn(int n, double x) {
  return W(__nv_jnf(n, N(x)));
}
extern "C" __device__ double __nv_yn(int n, double x) {
  return W(__nv_ynf(n, N(x)));
}
extern "C" __device__ double __nv_ldexp(double x, int e) {
  return W(__nv_ldexpf(N(x), e));
}
extern "C" __device__ double __nv_scalbn(double x, int e) {
  return W(__nv_scalbnf(N(x), e));
}
extern "C" __device__ double __nv_powi(double x, int n) {
  return W(__nv_powif(N(x), n));
}
extern "C" __device__ int __nv_ilogb(double x) { return __nv_ilogbf(N(x)); }
extern "C" __device__ long long __nv_llrint(double x) {
  return __nv_llrintf(N(x));
}
extern "C" __device__ long long __nv_llround(double x) {
  return __nv_llroundf(N(x));
}
extern "C" __device__ double __nv_frexp(double x, int *e) {
  return W(__nv_frexpf(N(x), e));
}
extern "C" __device__ double __nv_modf(double x, double *ip) {
  float i;
  float r = __nv_modff(N(x), &i);
  *ip = W(i);
  return W(r);
}
extern "C" __device__ double __nv_remquo(double x, double y, int *q) {
  return W(__nv_remquof(N(x), N(y), q));
}
extern "C" __device__ double __nv_nan(const signed char *tag) {
  return W(__nv_nanf(tag));
}
extern "C" __device__ void __nv_sincos(double x, double *s, double *c) {
  float fs, fc;
  __nv_sincosf(N(x), &fs, &fc);
  *s = W(fs);
  *c = W(fc);
}
extern "C" __device__ void __nv_sincospi(double x, double *s, double *c) {
  float fs, fc;
  __nv_sincospif(N(x), &fs, &fc);
  *s = W(fs);
  *c = W(fc);
}
/* The Euclidean norm of dim doubles, in float: scaled by the largest
 * magnitude so that the sum of squares neither overflows nor underflows. */
extern "C" __device__ double __nv_norm(int dim, const double *a) {
  float m = 0.0f;
  for (int i = 0; i < dim; ++i)
    m = __nv_fmaxf(m, __nv_fabsf(N(a[i])));
  if (m == 0.0f || __nv_isinff(m) || __nv_isnanf(m))
    return W(m);
  float s = 0.0f;
  for (int i = 0; i < dim; ++i) {
    float t = N(a[i]) / m;
    s = __nv_fmaf(t, t, s);
  }
  return W(m * __nv_sqrtf(s));
}
extern "C" __device__ double __nv_rnorm(int dim, const double *a) {
  return W(__nv_frcp_rn(N(__nv_norm(dim, a))));
}

/* Conversions in the other rounding modes. A double -> float conversion is
 * exact on a demoted value. */
#define CUMETAL_TO_FLOAT(mode)                                                 \
  extern "C" __device__ float __nv_double2float_##mode(double x) {             \
    return N(x);                                                               \
  }
CUMETAL_TO_FLOAT(rz)
CUMETAL_TO_FLOAT(rd)
CUMETAL_TO_FLOAT(ru)
#define CUMETAL_TO_INT(type, name, fname, mode)                                \
  extern "C" __device__ type __nv_double2##name##_##mode(double x) {           \
    return __nv_float2##fname##_##mode(N(x));                                  \
  }
#define CUMETAL_TO_INT_MODES(type, name, fname)                                \
  CUMETAL_TO_INT(type, name, fname, rn)                                        \
  CUMETAL_TO_INT(type, name, fname, rd)                                        \
  CUMETAL_TO_INT(type, name, fname, ru)
CUMETAL_TO_INT_MODES(int, int, int)
CUMETAL_TO_INT_MODES(unsigned int, uint, uint)
CUMETAL_TO_INT_MODES(long long, ll, ll)
CUMETAL_TO_INT_MODES(unsigned long long, ull, ull)
#define CUMETAL_FROM_INT(type, name, mode)                                     \
  extern "C" __device__ double __nv_##name##2double_##mode(type x) {           \
    return W(__nv_##name##2float_##mode(x));                                   \
  }
CUMETAL_FROM_INT(long long, ll, rz)
CUMETAL_FROM_INT(long long, ll, rd)
CUMETAL_FROM_INT(long long, ll, ru)
CUMETAL_FROM_INT(unsigned long long, ull, rz)
CUMETAL_FROM_INT(unsigned long long, ull, rd)
CUMETAL_FROM_INT(unsigned long long, ull, ru)

/* Bits. */
extern "C" __device__ unsigned long long __nv_double_as_longlong(double x) {
  return __builtin_bit_cast(unsigned long long, x);
}
extern "C" __device__ double __nv_longlong_as_double(long long x) {
  return __builtin_bit_cast(double, x);
}
extern "C" __device__ int __nv_double2hiint(double x) {
  return (int)(__builtin_bit_cast(unsigned long long, x) >> 32);
}
extern "C" __device__ int __nv_double2loint(double x) {
  return (int)__builtin_bit_cast(unsigned long long, x);
}
extern "C" __device__ double __nv_hiloint2double(int hi, int lo) {
  return __builtin_bit_cast(double, (unsigned long long)(unsigned)hi << 32 |
                                        (unsigned)lo);
}

/* The functions that are one double operation: plain double code, so that
 * --fp64=emulate computes them exactly and --fp64=demote in float. */
extern "C" __device__ double __nv_fabs(double x) { return __builtin_fabs(x); }
extern "C" __device__ double __nv_copysign(double x, double y) {
  return __builtin_copysign(x, y);
}
extern "C" __device__ double __nv_fmin(double x, double y) {
  return __builtin_fmin(x, y);
}
extern "C" __device__ double __nv_fmax(double x, double y) {
  return __builtin_fmax(x, y);
}
extern "C" __device__ double __nv_sqrt(double x) { return __builtin_sqrt(x); }
extern "C" __device__ double __nv_dsqrt_rn(double x) {
  return __builtin_sqrt(x);
}
extern "C" __device__ double __nv_fma(double x, double y, double z) {
  return __builtin_fma(x, y, z);
}
extern "C" __device__ double __nv_fma_rn(double x, double y, double z) {
  return __builtin_fma(x, y, z);
}
extern "C" __device__ double __nv_dadd_rn(double x, double y) { return x + y; }
extern "C" __device__ double __nv_dsub_rn(double x, double y) { return x - y; }
extern "C" __device__ double __nv_dmul_rn(double x, double y) { return x * y; }
extern "C" __device__ double __nv_ddiv_rn(double x, double y) { return x / y; }
extern "C" __device__ double __nv_drcp_rn(double x) { return 1.0 / x; }
extern "C" __device__ float __nv_double2float_rn(double x) { return (float)x; }
#define CUMETAL_TRUNCATE(type, name)                                           \
  extern "C" __device__ type __nv_double2##name##_rz(double x) {               \
    return (type)x;                                                            \
  }
CUMETAL_TRUNCATE(int, int)
CUMETAL_TRUNCATE(unsigned int, uint)
CUMETAL_TRUNCATE(long long, ll)
CUMETAL_TRUNCATE(unsigned long long, ull)
extern "C" __device__ double __nv_int2double_rn(int x) { return x; }
extern "C" __device__ double __nv_uint2double_rn(unsigned int x) { return x; }
extern "C" __device__ double __nv_ll2double_rn(long long x) {
  return (double)x;
}
extern "C" __device__ double __nv_ull2double_rn(unsigned long long x) {
  return (double)x;
}
extern "C" __device__ int __nv_isfinited(double x) {
  return __builtin_isfinite(x);
}
extern "C" __device__ int __nv_isinfd(double x) { return __builtin_isinf(x); }
extern "C" __device__ int __nv_isnand(double x) { return __builtin_isnan(x); }
extern "C" __device__ int __nv_signbitd(double x) {
  return (int)(__builtin_bit_cast(unsigned long long, x) >> 63);
}

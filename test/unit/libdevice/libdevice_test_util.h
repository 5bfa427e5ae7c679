// Shared helpers of the libdevice accuracy tests: declarations of the
// functions under test, ULP measurement against long double references,
// and input generators.
#pragma once
#include <gtest/gtest.h>

#include <cfenv>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

extern "C" {
#define F1(n) float __nv_##n(float);
#define F2(n) float __nv_##n(float, float);
#define F3(n) float __nv_##n(float, float, float);
F1(cbrtf)
F1(rcbrtf) F2(hypotf) F2(rhypotf) F3(norm3df)
    F3(rnorm3df) float __nv_norm4df(float, float, float, float);
float __nv_rnorm4df(float, float, float, float);
float __nv_normf(int, const float *);
float __nv_rnormf(int, const float *);
F1(erff)
F1(erfcf) F1(erfinvf) F1(erfcinvf) F1(erfcxf) F1(normcdff) F1(normcdfinvf)
    F1(lgammaf) F1(tgammaf) F2(fmodf)
        F2(remainderf) float __nv_remquof(float, float, int *);
float __nv_ldexpf(float, int);
float __nv_scalbnf(float, int);
float __nv_frexpf(float, int *);
float __nv_modff(float, float *);
F1(logbf)
int __nv_ilogbf(float);
F1(expm1f) F1(log1pf) F2(nextafterf) float __nv_nanf(const signed char *);
float __nv_powif(float, int);
void __nv_sincospif(float, float *, float *);
long long __nv_llrintf(float);
long long __nv_llroundf(float);
F1(j0f) F1(j1f) F1(y0f) F1(y1f) float __nv_jnf(int, float);
float __nv_ynf(int, float);
F1(cyl_bessel_i0f)
F1(cyl_bessel_i1f) F1(frsqrt_rn)
#define CONV(t, n)                                                             \
  float __nv_##n##2float_rn(t);                                                \
  float __nv_##n##2float_rz(t);                                                \
  float __nv_##n##2float_rd(t);                                                \
  float __nv_##n##2float_ru(t);
    CONV(int, int) CONV(unsigned, uint) CONV(long long, ll)
        CONV(unsigned long long, ull)
#define MODES2(op) F2(op##_rz) F2(op##_rd) F2(op##_ru)
            MODES2(fadd) MODES2(fsub) MODES2(fmul) MODES2(fdiv) F1(frcp_rz)
                F1(frcp_rd) F1(frcp_ru) F1(fsqrt_rz) F1(fsqrt_rd) F1(fsqrt_ru)
                    F3(fmaf_rz) F3(fmaf_rd) F3(fmaf_ru) F3(fmaf_ieee_rn)
                        F3(fmaf_ieee_rz) F3(fmaf_ieee_rd) F3(fmaf_ieee_ru)
#undef F1
#undef F2
#undef F3
#undef CONV
#undef MODES2
}

namespace ldt {

inline uint32_t bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  return u;
}
inline float fromBits(uint32_t u) {
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}
inline bool sameBits(float a, float b) {
  if (std::isnan(a) && std::isnan(b))
    return true;
  return bits(a) == bits(b);
}

// Error of float result r against the exact value ref, in units of the
// float ulp at ref (subnormal spacing 2^-149 below 2^-126).
inline double ulpErr(float r, long double ref) {
  if (std::isnan(ref))
    return std::isnan(r) ? 0.0 : 1e30;
  if (std::isnan(r))
    return 1e30;
  const long double kOvf = 0x1.ffffffp127L; // FLT_MAX + half ulp
  if (std::isinf(r)) {
    if ((r > 0) == (ref > 0) && fabsl(ref) >= kOvf)
      return 0.0;
    if (std::isinf(ref) && (r > 0) == (ref > 0))
      return 0.0;
    return 1e30;
  }
  if (std::isinf(ref))
    return 1e30;
  long double a = fabsl(ref);
  int e;
  if (a < 0x1p-126L)
    e = -126;
  else {
    frexpl(a, &e);
    e -= 1;
  }
  if (e > 127)
    e = 127; // beyond FLT_MAX: measure with the last binade
  long double ulp = ldexpl(1.0L, e - 23);
  return (double)(fabsl((long double)r - ref) / ulp);
}

struct Worst {
  double maxUlp = 0.0;
  std::string where;
  long count = 0;
  void add(double e, const std::string &w) {
    ++count;
    if (e > maxUlp || (std::isnan(e) && !std::isnan(maxUlp))) {
      maxUlp = e;
      where = w;
    }
  }
};

inline std::string fmt(float x) {
  char b[64];
  std::snprintf(b, sizeof b, "%.9g (0x%08x)", x, bits(x));
  return b;
}

// Inputs: every special value, a dense sweep of [lo, hi], and random bit
// patterns restricted to [lo, hi].
inline std::vector<float> specials() {
  return {0.0f,
          -0.0f,
          INFINITY,
          -INFINITY,
          NAN,
          -NAN,
          1.0f,
          -1.0f,
          0.5f,
          -0.5f,
          2.0f,
          -2.0f,
          FLT_MIN,
          -FLT_MIN,
          FLT_MAX,
          -FLT_MAX,
          FLT_TRUE_MIN,
          -FLT_TRUE_MIN,
          fromBits(0x007fffff),
          fromBits(0x807fffff),
          1e-30f,
          -1e-30f,
          1e30f,
          -1e30f,
          3.0f,
          -3.0f,
          0.1f,
          -0.1f,
          10.0f,
          -10.0f,
          100.0f,
          -100.0f};
}
inline void sweep(std::vector<float> &v, float lo, float hi, long n) {
  for (long i = 0; i <= n; ++i)
    v.push_back((float)(lo + (hi - lo) * ((long double)i / n)));
}
inline void randomBits(std::vector<float> &v, long n, float lo, float hi,
                       uint32_t seed) {
  std::mt19937 g(seed);
  long got = 0;
  while (got < n) {
    float x = fromBits((uint32_t)g());
    if (!(x >= lo && x <= hi))
      continue;
    v.push_back(x);
    ++got;
  }
}
// Random floats spread logarithmically within [lo, hi] (lo > 0) and their
// negatives if withNeg.
inline void randomLog(std::vector<float> &v, long n, float lo, float hi,
                      bool withNeg, uint32_t seed) {
  std::mt19937 g(seed);
  uint32_t a = bits(lo), b = bits(hi);
  std::uniform_int_distribution<uint32_t> d(a, b);
  for (long i = 0; i < n; ++i) {
    float x = fromBits(d(g));
    v.push_back(withNeg && (g() & 1) ? -x : x);
  }
}
// Every float in [lo, hi] (lo, hi >= 0) with a bit-pattern stride.
inline void everyFloat(std::vector<float> &v, float lo, float hi,
                       uint32_t stride) {
  for (uint32_t u = bits(lo); u <= bits(hi); u += stride)
    v.push_back(fromBits(u));
}

template <class F, class R>
Worst measure(const std::vector<float> &in, F f, R ref) {
  Worst w;
  for (float x : in) {
    float r = f(x);
    long double e = ref((long double)x);
    w.add(ulpErr(r, e), "x=" + fmt(x) + " got " + fmt(r) + " want " +
                            std::to_string((double)e));
  }
  return w;
}

inline void report(const char *name, const Worst &w, double bound) {
  std::printf("[ accuracy ] %-16s max %.3f ulp (bound %.1f) over %ld inputs; "
              "worst %s\n",
              name, w.maxUlp, bound, w.count, w.where.c_str());
  EXPECT_LE(w.maxUlp, bound) << name << " worst at " << w.where;
}

} // namespace ldt

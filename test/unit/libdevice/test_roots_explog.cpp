// Accuracy of cbrtf, rcbrtf, hypotf, rhypotf, norm3df, rnorm3df, norm4df,
// rnorm4df, normf, rnormf, expm1f, log1pf, powif, sincospif against long
// double host references, in float ulps.
#include "libdevice_test_util.h"

using namespace ldt;

TEST(LibdeviceRoots, Cbrt) {
  std::vector<float> in = specials();
  randomBits(in, 2000000, -INFINITY, INFINITY, 31);
  sweep(in, -10.0f, 10.0f, 1000000);
  everyFloat(in, 1.0f, 8.0f, 29);
  auto w = measure(in, __nv_cbrtf, [](long double x) { return cbrtl(x); });
  report("cbrtf", w, 1.0);
  auto w2 = measure(in, __nv_rcbrtf, [](long double x) {
    return x == 0 ? copysignl(INFINITY, x) : 1.0L / cbrtl(x);
  });
  report("rcbrtf", w2, 1.0);
}

namespace {
template <int N, class F, class R>
void checkNorm(const char *name, F f, R ref, double bound, uint32_t seed) {
  std::mt19937 g(seed);
  Worst w;
  for (int i = 0; i < 1200000; ++i) {
    float v[4];
    int mode = i % 4;
    for (int j = 0; j < N; ++j) {
      if (mode == 0)
        v[j] = fromBits(g());
      else if (mode == 1)
        v[j] = (float)((g() / 4294967296.0) * 2 - 1) * 10.0f;
      else if (mode == 2)
        v[j] = fromBits((g() & 0x87ffffffu) | 0x38000000u); // similar exponents
      else
        v[j] = fromBits(g() & 0x80ffffffu); // tiny / subnormal
    }
    if (i < 200)
      for (int j = 0; j < N; ++j)
        v[j] = specials()[(i * (j + 3) + j) % specials().size()];
    float r = f(v);
    long double s = 0;
    bool inf = false, nan = false;
    long double mx = 0;
    for (int j = 0; j < N; ++j) {
      if (std::isinf(v[j]))
        inf = true;
      else if (std::isnan(v[j]))
        nan = true;
      else
        mx = fmaxl(mx, fabsl(v[j]));
    }
    long double e;
    if (inf)
      e = ref(INFINITY);
    else if (nan)
      e = NAN;
    else {
      if (mx > 0)
        for (int j = 0; j < N; ++j) {
          long double t = v[j] / mx;
          s += t * t;
        }
      e = ref(mx * sqrtl(s));
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "%a %a %a %a", v[0], v[1],
                  N > 2 ? v[2] : 0.f, N > 3 ? v[3] : 0.f);
    w.add(ulpErr(r, e), buf);
  }
  report(name, w, bound);
}
} // namespace

TEST(LibdeviceRoots, HypotNorms) {
  auto id = [](long double h) { return h; };
  auto rc = [](long double h) {
    return h == 0 ? (long double)INFINITY : 1.0L / h;
  };
  checkNorm<2>(
      "hypotf", [](float *v) { return __nv_hypotf(v[0], v[1]); }, id, 3.0, 1);
  checkNorm<2>(
      "rhypotf", [](float *v) { return __nv_rhypotf(v[0], v[1]); }, rc, 2.0, 2);
  checkNorm<3>(
      "norm3df", [](float *v) { return __nv_norm3df(v[0], v[1], v[2]); }, id,
      3.0, 3);
  checkNorm<3>(
      "rnorm3df", [](float *v) { return __nv_rnorm3df(v[0], v[1], v[2]); }, rc,
      2.0, 4);
  checkNorm<4>(
      "norm4df", [](float *v) { return __nv_norm4df(v[0], v[1], v[2], v[3]); },
      id, 3.0, 5);
  checkNorm<4>(
      "rnorm4df",
      [](float *v) { return __nv_rnorm4df(v[0], v[1], v[2], v[3]); }, rc, 2.0,
      6);
  // normf/rnormf: CUDA gives no bound; we hold them to the norm4df ones.
  checkNorm<4>(
      "normf(4)", [](float *v) { return __nv_normf(4, v); }, id, 3.0, 7);
  checkNorm<3>(
      "rnormf(3)", [](float *v) { return __nv_rnormf(3, v); }, rc, 2.0, 8);
  std::vector<float> big(1000);
  std::mt19937 g(3);
  long double s = 0;
  for (auto &x : big) {
    x = (float)(g() / 4294967296.0 - 0.5) * 1e20f;
    s += (long double)x * x;
  }
  EXPECT_LE(ulpErr(__nv_normf(1000, big.data()), sqrtl(s)), 3.0);
  EXPECT_LE(ulpErr(__nv_rnormf(1000, big.data()), 1 / sqrtl(s)), 2.0);
  EXPECT_EQ(__nv_normf(0, big.data()), 0.0f);
  EXPECT_EQ(__nv_hypotf(INFINITY, NAN), INFINITY);
  EXPECT_EQ(__nv_hypotf(NAN, -INFINITY), INFINITY);
  EXPECT_TRUE(std::isnan(__nv_hypotf(NAN, 1.0f)));
  EXPECT_EQ(__nv_rhypotf(0.0f, -0.0f), INFINITY);
}

TEST(LibdeviceExpLog, Expm1Log1p) {
  std::vector<float> in = specials();
  randomBits(in, 2000000, -INFINITY, INFINITY, 41);
  sweep(in, -20.0f, 90.0f, 1000000);
  sweep(in, -1.0f, 1.0f, 1000000);
  randomLog(in, 500000, 1e-30f, 1.0f, true, 42);
  auto w = measure(in, __nv_expm1f, [](long double x) { return expm1l(x); });
  report("expm1f", w, 1.0);
  std::vector<float> in2 = specials();
  randomBits(in2, 2000000, -1.0f, INFINITY, 43);
  sweep(in2, -1.0f, 10.0f, 1000000);
  randomLog(in2, 500000, 1e-30f, 1.0f, true, 44);
  auto w2 = measure(in2, __nv_log1pf, [](long double x) {
    return x < -1 ? (long double)NAN : log1pl(x);
  });
  report("log1pf", w2, 1.0);
}

TEST(LibdeviceExpLog, Powi) {
  std::mt19937 g(51);
  Worst w;
  for (int i = 0; i < 1000000; ++i) {
    float x = fromBits(g());
    int n = (int)(g() % 200) - 100;
    if (i % 3 == 0) {
      x = (float)(g() / 4294967296.0 * 4 - 2);
      n = (int)(g() % 2000) - 1000;
    }
    if (i % 5 == 0) {
      x = 1.0f + (float)((int)(g() % 2001) - 1000) * 1.1920929e-07f;
      n = (int)g();
    }
    float r = __nv_powif(x, n);
    long double e = powl((long double)x, (long double)n);
    w.add(ulpErr(r, e), "x=" + fmt(x) + " n=" + std::to_string(n));
  }
  report("powif", w, 2.0);
  EXPECT_EQ(__nv_powif(NAN, 0), 1.0f);
  EXPECT_EQ(__nv_powif(-0.0f, -3), -INFINITY);
  EXPECT_EQ(__nv_powif(-2.0f, 3), -8.0f);
}

TEST(LibdeviceExpLog, Sincospi) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, -INFINITY, INFINITY, 61);
  sweep(in, -4.0f, 4.0f, 200000);
  Worst ws, wc;
  for (float x : in) {
    float s, c;
    __nv_sincospif(x, &s, &c);
    long double r = fmodl((long double)x, 2.0L);
    const long double pi = 3.141592653589793238462643383279502884L;
    long double es = std::isfinite(x) ? sinl(r * pi) : (long double)NAN;
    long double ar = fabsl(r);
    long double ec = std::isfinite(x)
                         ? ((ar == 0.5L || ar == 1.5L) ? 0.0L : cosl(r * pi))
                         : (long double)NAN;
    ws.add(ulpErr(s, es), fmt(x));
    wc.add(ulpErr(c, ec), fmt(x));
  }
  report("sincospif(sin)", ws, 1.0);
  report("sincospif(cos)", wc, 1.0);
}

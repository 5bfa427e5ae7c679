// Accuracy of the Bessel functions against glibc's long double j0l, j1l,
// jnl, y0l, y1l, ynl and power series for I0/I1. CUDA's bounds: j0f, j1f,
// y0f, y1f: 9 ulp for |x| < 8, otherwise 2.2e-6 absolute; jnf: 2.2e-6
// absolute (stated for n = 128); ynf: ceil(2 + 2.5n) ulp for x < n,
// otherwise 2.2e-6 absolute; cyl_bessel_i0f/i1f: 6 ulp.
#include "libdevice_test_util.h"

using namespace ldt;

namespace {
long double besselIRef(int nu, long double x) {
  // sum_k (x/2)^(2k+nu) / (k! (k+nu)!), all terms positive
  long double ax = fabsl(x);
  if (ax > 120)
    return nu == 1 ? copysignl(INFINITY, x) : INFINITY; // beyond FLT_MAX
  long double h = ax / 2, y = h * h;
  long double term = nu == 1 ? h : 1.0L, sum = term;
  for (int k = 1; k < 2000; ++k) {
    term *= y / ((long double)k * (k + nu));
    sum += term;
    if (term < sum * 1e-21L)
      break;
  }
  return nu == 1 && x < 0 ? -sum : sum;
}

void checkSmallLarge(const char *name, float (*f)(float),
                     long double (*ref)(long double), bool positiveOnly) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, positiveOnly ? 0.0f : -INFINITY, INFINITY, 121);
  sweep(in, positiveOnly ? 0.0f : -8.0f, 8.0f, 1500000);
  randomLog(in, 200000, 1e-40f, 8.0f, !positiveOnly, 122);
  sweep(in, 8.0f, 200.0f, 300000);
  Worst small, large;
  for (float x : in) {
    float r = f(x);
    long double e = ref(x);
    if (positiveOnly && x < 0)
      e = NAN;
    if (std::isnan(x) || std::isnan(e) || fabsf(x) < 8.0f || std::isinf(e))
      small.add(ulpErr(r, e), fmt(x) + " got " + fmt(r));
    else
      large.add(std::isnan(r) ? 1e30 : (double)fabsl(r - e),
                fmt(x) + " got " + fmt(r));
  }
  std::printf("[ accuracy ] %-16s |x|<8: max %.3f ulp (bound 9); |x|>=8: max "
              "abs err %.3g (bound 2.2e-6); worst %s / %s\n",
              name, small.maxUlp, large.maxUlp, small.where.c_str(),
              large.where.c_str());
  EXPECT_LE(small.maxUlp, 9.0) << name << " " << small.where;
  EXPECT_LE(large.maxUlp, 2.2e-6) << name << " " << large.where;
}
long double j0r(long double x) { return std::isinf(x) ? 0.0L : j0l(x); }
long double j1r(long double x) {
  return std::isinf(x) ? copysignl(0.0L, x) : j1l(x);
}
long double y0r(long double x) {
  return x == 0 ? -INFINITY : (std::isinf(x) ? 0.0L : y0l(x));
}
long double y1r(long double x) {
  return x == 0 ? -INFINITY : (std::isinf(x) ? 0.0L : y1l(x));
}
} // namespace

TEST(LibdeviceBessel, J0J1Y0Y1) {
  checkSmallLarge("j0f", __nv_j0f, j0r, false);
  checkSmallLarge("j1f", __nv_j1f, j1r, false);
  checkSmallLarge("y0f", __nv_y0f, y0r, true);
  checkSmallLarge("y1f", __nv_y1f, y1r, true);
  // dense around every zero below 8
  const float zeros[] = {2.4048255f, 5.5200781f,  3.8317060f,
                         7.0155867f, 0.89357697f, 3.9576784f,
                         7.0860511f, 2.1971413f,  5.4296810f};
  Worst w;
  for (float z : zeros) {
    float x = z;
    for (int i = 0; i < 20000; ++i)
      x = std::nextafter(x, 0.0f);
    for (int i = 0; i < 40000; ++i, x = std::nextafter(x, 100.0f)) {
      w.add(ulpErr(__nv_j0f(x), j0l(x)), "j0 " + fmt(x));
      w.add(ulpErr(__nv_j1f(x), j1l(x)), "j1 " + fmt(x));
      w.add(ulpErr(__nv_y0f(x), y0l(x)), "y0 " + fmt(x));
      w.add(ulpErr(__nv_y1f(x), y1l(x)), "y1 " + fmt(x));
    }
  }
  report("j0/j1/y0/y1 @0s", w, 9.0);
}

TEST(LibdeviceBessel, JnYn) {
  std::mt19937 g(131);
  Worst wj, wy, wyu;
  for (int i = 0; i < 1000000; ++i) {
    int n = (int)(g() % 129);
    float x;
    switch (i % 4) {
    case 0:
      x = (float)(g() / 4294967296.0 * 200.0);
      break;
    case 1:
      x = (float)(g() / 4294967296.0 * 2.0 * (n + 1));
      break;
    case 2:
      x = fromBits(g() & 0x7fffffffu);
      break;
    default:
      x = -(float)(g() / 4294967296.0 * 150.0);
      break;
    }
    if (std::isnan(x))
      continue;
    float rj = __nv_jnf(n, x);
    long double ej = std::isinf(x) ? 0.0L : jnl(n, x);
    wj.add(std::isnan(rj) ? 1e30 : (double)fabsl(rj - ej),
           "n=" + std::to_string(n) + " x=" + fmt(x) + " got " + fmt(rj));
    if (x < 0 || i % 2)
      continue;
    float ry = __nv_ynf(n, x);
    long double ey = x == 0 ? -INFINITY : (std::isinf(x) ? 0.0L : ynl(n, x));
    double b = std::ceil(2 + 2.5 * n);
    double e = ulpErr(ry, ey);
    double a = std::isnan(ry) || std::isinf(ry) ? 1e30 : (double)fabsl(ry - ey);
    if (x < n || std::isinf(ey) || fabsl(ey) > 3.4e38L) {
      wyu.add(e / b, "n=" + std::to_string(n) + " x=" + fmt(x) + " got " +
                         fmt(ry) + " ulp=" + std::to_string(e));
    } else {
      // x >= n: 2.2e-6 absolute (for large |yn| the ulp bound applies)
      wy.add(e <= b ? 0.0 : a,
             "n=" + std::to_string(n) + " x=" + fmt(x) + " got " + fmt(ry));
    }
  }
  std::printf("[ accuracy ] jnf (n<=128)     max abs err %.3g (bound 2.2e-6); "
              "worst %s\n",
              wj.maxUlp, wj.where.c_str());
  std::printf(
      "[ accuracy ] ynf (n<=128)     x<n: max ulp/ceil(2+2.5n) %.3f (bound 1); "
      "x>=n: max abs err %.3g (bound 2.2e-6); worst %s / %s\n",
      wyu.maxUlp, wy.maxUlp, wyu.where.c_str(), wy.where.c_str());
  EXPECT_LE(wj.maxUlp, 2.2e-6);
  EXPECT_LE(wy.maxUlp, 2.2e-6);
  EXPECT_LE(wyu.maxUlp, 1.0);
  EXPECT_TRUE(std::isnan(__nv_jnf(-1, 1.0f)));
  EXPECT_TRUE(std::isnan(__nv_ynf(2, -1.0f)));
  EXPECT_EQ(__nv_ynf(3, 0.0f), -INFINITY);
}

TEST(LibdeviceBessel, I0I1) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, -INFINITY, INFINITY, 141);
  sweep(in, -100.0f, 100.0f, 1500000);
  randomLog(in, 200000, 1e-40f, 100.0f, true, 142);
  report("cyl_bessel_i0f",
         measure(in, __nv_cyl_bessel_i0f,
                 [](long double x) { return besselIRef(0, x); }),
         6.0);
  report("cyl_bessel_i1f",
         measure(in, __nv_cyl_bessel_i1f,
                 [](long double x) { return besselIRef(1, x); }),
         6.0);
}

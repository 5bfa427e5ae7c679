// Accuracy of the error-function family against long double references.
#include "libdevice_test_util.h"

using namespace ldt;

namespace {
long double erfcxRef(long double x) {
  if (x < 50)
    return expl(x * x) * erfcl(x);
  long double s = 1, t = 1;
  for (int k = 1; k < 12; ++k) {
    t *= -(2 * k - 1) / (2 * x * x);
    s += t;
  }
  return s / (x * sqrtl(3.141592653589793238462643383279502884L));
}
// erfinv/erfcinv references: Newton on erfl/erfcl in long double.
long double erfcinvRef(long double c) {
  if (c == 0)
    return INFINITY;
  if (c == 2)
    return -INFINITY;
  if (c < 0 || c > 2 || std::isnan(c))
    return NAN;
  if (c > 1)
    return -erfcinvRef(2 - c);
  const long double sp = 0.886226925452758013649083741671L; // sqrt(pi)/2
  long double y;
  if (c > 0.5L) {
    // erf(y) = 1 - c; start from the float result and refine on erf
    long double x = 1 - c;
    y = x * sp;
    for (int i = 0; i < 40; ++i) {
      long double f = erfl(y) - x;
      long double d = f * sp * expl(y * y);
      y -= d / (1 + y * d);
      if (fabsl(d) <= 1e-18L * fabsl(y))
        break;
    }
  } else {
    long double w = sqrtl(-logl(c));
    y = w - logl(w * 1.772453850905516L) / (2 * w);
    if (!(y > 0.3L))
      y = 0.5L;
    for (int i = 0; i < 40; ++i) {
      // f = erfc(y) - c, f' = -2/sqrt(pi) e^{-y^2}; d = f/f'
      long double d = -(erfcl(y) - c) * sp * expl(y * y);
      y -= d / (1 + y * d);
      if (fabsl(d) <= 1e-18L * fabsl(y))
        break;
    }
  }
  return y;
}
long double erfinvRef(long double x) {
  if (std::isnan(x) || fabsl(x) > 1)
    return NAN;
  if (x == 0)
    return x;
  long double ax = fabsl(x);
  long double r;
  if (ax <= 0.5L) {
    const long double sp = 0.886226925452758013649083741671L;
    long double y = ax * sp;
    for (int i = 0; i < 40; ++i) {
      long double d = (erfl(y) - ax) * sp * expl(y * y);
      y -= d / (1 + y * d);
      if (fabsl(d) <= 1e-18L * y)
        break;
    }
    r = y;
  } else {
    r = erfcinvRef(1 - ax); // 1 - ax exact in long double
  }
  return x < 0 ? -r : r;
}
} // namespace

TEST(LibdeviceErf, ErfErfcErfcx) {
  std::vector<float> in = specials();
  randomBits(in, 1500000, -INFINITY, INFINITY, 71);
  sweep(in, -5.0f, 11.0f, 1500000);
  randomLog(in, 300000, 1e-38f, 0.6f, true, 72);
  report("erff", measure(in, __nv_erff, [](long double x) { return erfl(x); }),
         2.0);
  report("erfcf",
         measure(in, __nv_erfcf, [](long double x) { return erfcl(x); }), 4.0);
  std::vector<float> in2 = in;
  sweep(in2, -10.0f, 0.0f, 500000);
  randomLog(in2, 300000, 1.0f, 3e38f, false, 73);
  report("erfcxf",
         measure(in2, __nv_erfcxf, [](long double x) { return erfcxRef(x); }),
         4.0);
}

TEST(LibdeviceErf, Normcdf) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, -INFINITY, INFINITY, 81);
  sweep(in, -15.0f, 7.0f, 1500000);
  report("normcdff",
         measure(in, __nv_normcdff,
                 [](long double x) {
                   return 0.5L *
                          erfcl(-x * 0.707106781186547524400844362104849L);
                 }),
         5.0);
}

TEST(LibdeviceErf, Inverses) {
  std::vector<float> in = specials();
  randomBits(in, 600000, -1.0f, 1.0f, 91);
  sweep(in, -1.0f, 1.0f, 500000);
  everyFloat(in, 0.5f, 1.0f, 31);
  randomLog(in, 200000, 1e-38f, 0.5f, true, 92);
  report("erfinvf", measure(in, __nv_erfinvf, erfinvRef), 2.0);
  std::vector<float> ic = specials();
  randomBits(ic, 600000, 0.0f, 2.0f, 93);
  sweep(ic, 0.0f, 2.0f, 500000);
  everyFloat(ic, 0.0f, 0.5f, 509);
  everyFloat(ic, 1.5f, 2.0f, 31);
  report("erfcinvf", measure(ic, __nv_erfcinvf, erfcinvRef), 4.0);
  std::vector<float> ip = specials();
  randomBits(ip, 600000, 0.0f, 1.0f, 94);
  sweep(ip, 0.0f, 1.0f, 500000);
  everyFloat(ip, 0.0f, 0.25f, 1021);
  report("normcdfinvf",
         measure(ip, __nv_normcdfinvf,
                 [](long double p) {
                   return -1.41421356237309504880168872420969808L *
                          erfcinvRef(2 * p);
                 }),
         5.0);
}

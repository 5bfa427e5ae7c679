// Exactness tests of fmodf, remainderf, remquof, ldexpf, scalbnf, frexpf,
// modff, logbf, ilogbf, nextafterf, nanf against the host libm (all exact).
#include "libdevice_test_util.h"

using namespace ldt;

namespace {
std::vector<std::pair<float, float>> remPairs() {
  std::vector<std::pair<float, float>> v;
  std::mt19937 g(21);
  for (int i = 0; i < 600000; ++i)
    v.push_back({fromBits(g()), fromBits(g())});
  for (int i = 0; i < 600000; ++i) {
    float a = fromBits(g()), b = fromBits(g());
    // nearby magnitudes: exponents within 30
    uint32_t ub = (bits(b) & 0x807fffffu) |
                  (((bits(a) >> 23 & 0xffu) - (g() % 30)) & 0xffu) << 23;
    v.push_back({a, fromBits(ub)});
  }
  for (int i = 0; i < 100000; ++i) {
    int q = (int)(g() % 64) - 32;
    float y = fromBits(g() & 0x3fffffffu);
    v.push_back({y * (float)q + (g() & 1 ? y * 0.5f : 0.0f), y});
  }
  for (int i = 0; i < 100000; ++i)
    v.push_back({fromBits(g() & 0x80ffffffu), fromBits(g() & 0x80ffffffu)});
  for (float a : specials())
    for (float b : specials())
      v.push_back({a, b});
  return v;
}
} // namespace

TEST(LibdeviceRemainders, FmodRemainderRemquo) {
  long bad = 0, n = 0;
  for (auto &p : remPairs()) {
    float x = p.first, y = p.second;
    ++n;
    float a = __nv_fmodf(x, y), ra = std::fmod(x, y);
    float b = __nv_remainderf(x, y), rb = std::remainder(x, y);
    int q = 0, rq = 0;
    float c = __nv_remquof(x, y, &q), rc = std::remquo(x, y, &rq);
    bool ok = sameBits(a, ra) && sameBits(b, rb) && sameBits(c, rc);
    if (!std::isnan(rc))
      ok = ok && (q & 7) == (rq & 7) &&
           ((q < 0) == (rq < 0) || (q == 0 && rq == 0) || (rq & 7) == 0);
    if (!ok && bad++ < 8)
      ADD_FAILURE() << "x=" << fmt(x) << " y=" << fmt(y) << " fmod " << fmt(a)
                    << "/" << fmt(ra) << " rem " << fmt(b) << "/" << fmt(rb)
                    << " remquo " << fmt(c) << "/" << fmt(rc) << " q " << q
                    << "/" << rq;
  }
  std::printf("[ accuracy ] fmod/remainder/remquo %ld pairs, %ld not exact\n",
              n, bad);
  EXPECT_EQ(bad, 0);
}

TEST(LibdeviceRemainders, ExponentFunctions) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, -INFINITY, INFINITY, 4);
  everyFloat(in, 0.0f, 2 * FLT_MIN, 13);
  std::mt19937 g(8);
  long bad = 0;
  for (float x : in) {
    int n = (int)(g() % 600) - 300;
    if (g() % 50 == 0)
      n = (g() & 1) ? INT_MAX - (int)(g() % 3) : INT_MIN + (int)(g() % 3);
    int e1 = 0, e2 = 0;
    float ip1, ip2;
    bool ok = sameBits(__nv_ldexpf(x, n), std::ldexp(x, n)) &&
              sameBits(__nv_scalbnf(x, n), std::scalbn(x, n));
    float fr = __nv_frexpf(x, &e1), rfr = std::frexp(x, &e2);
    ok = ok && sameBits(fr, rfr) && (e1 == e2 || !std::isfinite(x));
    ok = ok && sameBits(__nv_modff(x, &ip1), std::modf(x, &ip2)) &&
         sameBits(ip1, ip2);
    ok = ok && sameBits(__nv_logbf(x), std::logb(x)) &&
         __nv_ilogbf(x) == std::ilogb(x);
    float y = (g() & 3) == 0 ? x : fromBits(g());
    if ((g() & 7) == 0)
      y = -x;
    ok = ok && sameBits(__nv_nextafterf(x, y), std::nextafter(x, y));
    if (!ok && bad++ < 8)
      ADD_FAILURE() << "x=" << fmt(x) << " n=" << n << " ldexp "
                    << fmt(__nv_ldexpf(x, n)) << " frexp " << fmt(fr) << " "
                    << e1 << " logb " << fmt(__nv_logbf(x)) << " ilogb "
                    << __nv_ilogbf(x) << " nextafter(" << fmt(y) << ") "
                    << fmt(__nv_nextafterf(x, y)) << " modf "
                    << fmt(__nv_modff(x, &ip1));
  }
  std::printf("[ accuracy ] ldexp/scalbn/frexp/modf/logb/ilogb/nextafter %zu "
              "inputs, %ld not exact\n",
              in.size(), bad);
  EXPECT_EQ(bad, 0);
  EXPECT_TRUE(std::isnan(__nv_nanf((const signed char *)"")));
  EXPECT_TRUE(std::isnan(__nv_nanf((const signed char *)"0x12")));
}

// Accuracy of tgammaf and lgammaf against glibc's long double tgammal and
// lgammal.
#include "libdevice_test_util.h"

using namespace ldt;

namespace {
long double lgammaRef(long double x) {
  if (x <= 0 && x == floorl(x))
    return INFINITY;
  return lgammal(x);
}
long double tgammaRef(long double x) {
  if (x == 0)
    return copysignl(INFINITY, x);
  if (x < 0 && x == floorl(x))
    return NAN;
  if (std::isinf(x))
    return x > 0 ? x : (long double)NAN;
  return tgammal(x);
}
} // namespace

TEST(LibdeviceGamma, Tgamma) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, -INFINITY, INFINITY, 101);
  sweep(in, -45.0f, 36.0f, 2000000);
  sweep(in, -3.0f, 3.0f, 600000);
  randomLog(in, 200000, 1e-40f, 1.0f, true, 102);
  for (int i = -45; i < 36; ++i) {
    in.push_back((float)i);
    in.push_back(std::nextafter((float)i, 100.f));
    in.push_back(std::nextafter((float)i, -100.f));
  }
  report("tgammaf", measure(in, __nv_tgammaf, tgammaRef), 5.0);
}

TEST(LibdeviceGamma, Lgamma) {
  std::vector<float> in = specials();
  randomBits(in, 1000000, -INFINITY, INFINITY, 111);
  sweep(in, -60.0f, 20.0f, 1000000);
  sweep(in, 0.0f, 3.0f, 600000);
  randomLog(in, 200000, 1e-40f, 1e38f, true, 112);
  for (int i = -45; i < 36; ++i) {
    in.push_back((float)i);
    in.push_back(std::nextafter((float)i, 100.f));
    in.push_back(std::nextafter((float)i, -100.f));
  }
  // dense around the zeros of lgamma inside (-10.001, -2.264)
  for (float z : {-2.4570247f, -2.7476826f, -3.1435013f, -3.9552326f,
                  -4.0395196f, -4.9920903f, -5.0082033f})
    for (int i = -3000; i <= 3000; ++i)
      in.push_back(fromBits(bits(z) + i));
  std::vector<float> outside, inside;
  for (float x : in)
    (x > -10.001f && x < -2.264f ? inside : outside).push_back(x);
  report("lgammaf", measure(outside, __nv_lgammaf, lgammaRef), 6.0);
  // Inside (-10.001, -2.264) CUDA gives no ulp bound (lgamma has zeros
  // there); we require an absolute error below 2^-20 and report the ulps.
  Worst wa, wu;
  for (float x : inside) {
    float r = __nv_lgammaf(x);
    long double e = lgammaRef(x);
    wa.add(std::isinf(e) && r == e ? 0.0 : (double)fabsl(r - e), fmt(x));
    wu.add(ulpErr(r, e), fmt(x));
  }
  std::printf("[ accuracy ] lgammaf inside (-10.001,-2.264): max abs err %.3g, "
              "max %.1f ulp, worst ulp at %s\n",
              wa.maxUlp, wu.maxUlp, wu.where.c_str());
  EXPECT_LE(wa.maxUlp, 0x1p-20);
}

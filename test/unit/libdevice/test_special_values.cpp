// Special values as CUDA documents them (signed zeros, infinities, NaN,
// poles), which the ulp sweeps cannot see (they do not tell -0 from +0).
#include "libdevice_test_util.h"

using namespace ldt;

namespace {
bool isNegZero(float x) { return x == 0.0f && std::signbit(x); }
bool isPosZero(float x) { return x == 0.0f && !std::signbit(x); }
} // namespace

TEST(LibdeviceSpecial, SignedZerosAndPoles) {
  // odd functions keep the sign of zero
  for (auto f : {__nv_cbrtf, __nv_erff, __nv_erfinvf, __nv_expm1f, __nv_log1pf,
                 __nv_j1f, __nv_cyl_bessel_i1f}) {
    EXPECT_TRUE(isNegZero(f(-0.0f)));
    EXPECT_TRUE(isPosZero(f(0.0f)));
  }
  EXPECT_EQ(__nv_rcbrtf(-0.0f), -INFINITY);
  EXPECT_EQ(__nv_rcbrtf(INFINITY), 0.0f);
  EXPECT_TRUE(isNegZero(__nv_rcbrtf(-INFINITY)));
  EXPECT_EQ(__nv_tgammaf(-0.0f), -INFINITY);
  EXPECT_EQ(__nv_tgammaf(0.0f), INFINITY);
  EXPECT_TRUE(std::isnan(__nv_tgammaf(-1.0f)));
  EXPECT_TRUE(std::isnan(__nv_tgammaf(-INFINITY)));
  EXPECT_EQ(__nv_tgammaf(INFINITY), INFINITY);
  EXPECT_EQ(__nv_tgammaf(1.0f), 1.0f);
  EXPECT_EQ(__nv_tgammaf(2.0f), 1.0f);
  EXPECT_EQ(__nv_tgammaf(5.0f), 24.0f);
  EXPECT_EQ(__nv_lgammaf(-2.0f), INFINITY);
  EXPECT_EQ(__nv_lgammaf(-0.0f), INFINITY);
  EXPECT_EQ(__nv_lgammaf(-INFINITY), INFINITY);
  EXPECT_TRUE(isPosZero(__nv_lgammaf(1.0f)));
  EXPECT_TRUE(isPosZero(__nv_lgammaf(2.0f)));
  EXPECT_EQ(__nv_erfinvf(1.0f), INFINITY);
  EXPECT_EQ(__nv_erfinvf(-1.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(__nv_erfinvf(1.0000001f)));
  EXPECT_EQ(__nv_erfcinvf(0.0f), INFINITY);
  EXPECT_EQ(__nv_erfcinvf(2.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(__nv_erfcinvf(-1e-30f)));
  EXPECT_EQ(__nv_normcdfinvf(0.0f), -INFINITY);
  EXPECT_EQ(__nv_normcdfinvf(1.0f), INFINITY);
  EXPECT_EQ(__nv_erfcf(INFINITY), 0.0f);
  EXPECT_EQ(__nv_erfcf(-INFINITY), 2.0f);
  EXPECT_EQ(__nv_erfcxf(-INFINITY), INFINITY);
  EXPECT_TRUE(isPosZero(__nv_erfcxf(INFINITY)));
  EXPECT_EQ(__nv_normcdff(INFINITY), 1.0f);
  EXPECT_TRUE(isPosZero(__nv_normcdff(-INFINITY)));
  EXPECT_EQ(__nv_expm1f(-INFINITY), -1.0f);
  EXPECT_EQ(__nv_expm1f(INFINITY), INFINITY);
  EXPECT_EQ(__nv_log1pf(-1.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(__nv_log1pf(-2.0f)));
  EXPECT_EQ(__nv_y0f(0.0f), -INFINITY);
  EXPECT_EQ(__nv_y1f(-0.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(__nv_y0f(-1.0f)));
  EXPECT_TRUE(isPosZero(__nv_j0f(-INFINITY)));
  EXPECT_TRUE(isNegZero(__nv_j1f(-INFINITY)));
  EXPECT_EQ(__nv_cyl_bessel_i0f(-INFINITY), INFINITY);
  EXPECT_EQ(__nv_cyl_bessel_i1f(-INFINITY), -INFINITY);
  EXPECT_EQ(__nv_cyl_bessel_i0f(0.0f), 1.0f);
  EXPECT_EQ(__nv_hypotf(-0.0f, 0.0f), 0.0f);
  EXPECT_EQ(__nv_rnorm3df(0.0f, -0.0f, 0.0f), INFINITY);
  EXPECT_EQ(__nv_norm4df(1.0f, NAN, INFINITY, 0.0f), INFINITY);
  // directed-rounding zero signs
  EXPECT_TRUE(isNegZero(__nv_fadd_rd(1.0f, -1.0f)));
  EXPECT_TRUE(isPosZero(__nv_fadd_ru(1.0f, -1.0f)));
  EXPECT_TRUE(isNegZero(__nv_fsub_rz(-0.0f, 0.0f)));
  EXPECT_TRUE(isNegZero(__nv_fmaf_rd(1.0f, 1.0f, -1.0f)));
  EXPECT_EQ(__nv_fadd_rz(FLT_MAX, FLT_MAX), FLT_MAX);
  EXPECT_EQ(__nv_fmul_ru(FLT_MAX, 2.0f), INFINITY);
  EXPECT_EQ(__nv_fmul_rd(-FLT_MAX, 2.0f), -INFINITY);
  EXPECT_EQ(__nv_fdiv_ru(FLT_TRUE_MIN, 4.0f), FLT_TRUE_MIN);
  EXPECT_TRUE(isPosZero(__nv_fdiv_rd(FLT_TRUE_MIN, 4.0f)));
}

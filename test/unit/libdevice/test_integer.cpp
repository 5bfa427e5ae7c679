// The halving additions (__hadd, __rhadd, __uhadd, __urhadd): the CUDA Math
// API defines them as (x + y) >> 1 and (x + y + 1) >> 1 without overflow;
// expected values are worked out by hand at the overflow edges and for
// negative odd sums (the shift rounds towards minus infinity).
#include <climits>
#include <gtest/gtest.h>

extern "C" {
int __nv_hadd(int, int);
int __nv_rhadd(int, int);
int __nv_uhadd(unsigned, unsigned); // libdevice's signature
unsigned __nv_urhadd(unsigned, unsigned);
}

namespace {

TEST(LibdeviceInteger, SignedHalvingAdd) {
  EXPECT_EQ(__nv_hadd(INT_MAX, INT_MAX), INT_MAX);
  EXPECT_EQ(__nv_hadd(INT_MIN, INT_MIN), INT_MIN);
  EXPECT_EQ(__nv_hadd(INT_MAX, INT_MIN), -1); // -1 / 2 rounded down
  EXPECT_EQ(__nv_hadd(-3, 0), -2);
  EXPECT_EQ(__nv_hadd(3, 0), 1);
  EXPECT_EQ(__nv_rhadd(INT_MAX, INT_MAX), INT_MAX);
  EXPECT_EQ(__nv_rhadd(INT_MAX, INT_MIN), 0);
  EXPECT_EQ(__nv_rhadd(-3, 0), -1);
  EXPECT_EQ(__nv_rhadd(3, 0), 2);
  EXPECT_EQ(__nv_rhadd(INT_MAX, INT_MAX - 1), INT_MAX);
}

TEST(LibdeviceInteger, UnsignedHalvingAdd) {
  EXPECT_EQ(unsigned(__nv_uhadd(UINT_MAX, UINT_MAX)), UINT_MAX);
  EXPECT_EQ(unsigned(__nv_uhadd(UINT_MAX, 0)), 0x7fffffffu);
  EXPECT_EQ(__nv_urhadd(UINT_MAX, 0), 0x80000000u);
  EXPECT_EQ(__nv_urhadd(UINT_MAX, UINT_MAX), UINT_MAX);
  EXPECT_EQ(__nv_urhadd(0, 0), 0u);
}

} // namespace

// Exactness tests of the directed-rounding operations, conversions,
// frsqrt_rn, llrintf and llroundf: the reference is the host FPU run in the
// named rounding mode (fesetround), so the expected results are exact.
#include "libdevice_test_util.h"

using namespace ldt;

namespace {

const int kModes[3] = {FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};

// The reference ops are kept out of line with volatile operands so that
// the compiler cannot fold them in round-to-nearest.
__attribute__((noinline)) float refAdd(float a, float b, int m) {
  volatile float x = a, y = b;
  std::fesetround(m);
  volatile float r = x + y;
  std::fesetround(FE_TONEAREST);
  return r;
}
__attribute__((noinline)) float refMul(float a, float b, int m) {
  volatile float x = a, y = b;
  std::fesetround(m);
  volatile float r = x * y;
  std::fesetround(FE_TONEAREST);
  return r;
}
__attribute__((noinline)) float refDiv(float a, float b, int m) {
  volatile float x = a, y = b;
  std::fesetround(m);
  volatile float r = x / y;
  std::fesetround(FE_TONEAREST);
  return r;
}
__attribute__((noinline)) float refSqrt(float a, int m) {
  volatile float x = a;
  std::fesetround(m);
  volatile float r = std::sqrt((float)x);
  std::fesetround(FE_TONEAREST);
  return r;
}
__attribute__((noinline)) float refFma(float a, float b, float c, int m) {
  volatile float x = a, y = b, z = c;
  std::fesetround(m);
  volatile float r = std::fma((float)x, (float)y, (float)z);
  std::fesetround(FE_TONEAREST);
  return r;
}
template <class T> __attribute__((noinline)) float refConv(T a, int m) {
  volatile T x = a;
  std::fesetround(m);
  volatile float r = (float)x;
  std::fesetround(FE_TONEAREST);
  return r;
}

// Operand pairs: random bit patterns, pairs with nearby exponents (for
// cancellation), subnormals, and all combinations of special values.
std::vector<std::pair<float, float>> pairs(long n, uint32_t seed) {
  std::vector<std::pair<float, float>> v;
  std::mt19937 g(seed);
  for (long i = 0; i < n; ++i)
    v.push_back({fromBits(g()), fromBits(g())});
  for (long i = 0; i < n; ++i) {
    uint32_t a = g(), b = (a & 0xff800000u) ^ (g() & 0x80000000u);
    b |= g() & 0x007fffffu;
    int de = (int)(g() % 60) - 30;
    int eb = (int)((b >> 23) & 0xff) + de;
    eb = eb < 0 ? 0 : eb > 254 ? 254 : eb;
    b = (b & 0x807fffffu) | ((uint32_t)eb << 23);
    v.push_back({fromBits(a), fromBits(b)});
  }
  for (long i = 0; i < n / 8; ++i)
    v.push_back({fromBits(g() & 0x80ffffffu), fromBits(g() & 0x80ffffffu)});
  for (float a : specials())
    for (float b : specials())
      v.push_back({a, b});
  return v;
}

using Op2 = float (*)(float, float);

void checkBinary(const char *name, const Op2 fns[3],
                 float (*ref)(float, float, int)) {
  long bad = 0, n = 0;
  for (auto &p : pairs(400000, 7)) {
    for (int m = 0; m < 3; ++m) {
      float got = fns[m](p.first, p.second),
            want = ref(p.first, p.second, kModes[m]);
      ++n;
      if (!sameBits(got, want)) {
        if (bad++ < 5)
          ADD_FAILURE() << name << " mode " << m << " a=" << fmt(p.first)
                        << " b=" << fmt(p.second) << " got " << fmt(got)
                        << " want " << fmt(want);
      }
    }
  }
  std::printf("[ accuracy ] %-16s %ld results, %ld not exact\n", name, n, bad);
  EXPECT_EQ(bad, 0);
}

float subRef(float a, float b, int m) { return refAdd(a, -b, m); }

} // namespace

TEST(LibdeviceRounding, AddSubMulDiv) {
  const Op2 add[3] = {__nv_fadd_rz, __nv_fadd_rd, __nv_fadd_ru};
  const Op2 sub[3] = {__nv_fsub_rz, __nv_fsub_rd, __nv_fsub_ru};
  const Op2 mul[3] = {__nv_fmul_rz, __nv_fmul_rd, __nv_fmul_ru};
  const Op2 div[3] = {__nv_fdiv_rz, __nv_fdiv_rd, __nv_fdiv_ru};
  checkBinary("fadd_r{z,d,u}", add, refAdd);
  checkBinary("fsub_r{z,d,u}", sub, subRef);
  checkBinary("fmul_r{z,d,u}", mul, refMul);
  checkBinary("fdiv_r{z,d,u}", div, refDiv);
}

TEST(LibdeviceRounding, RcpSqrt) {
  float (*rcp[3])(float) = {__nv_frcp_rz, __nv_frcp_rd, __nv_frcp_ru};
  float (*sq[3])(float) = {__nv_fsqrt_rz, __nv_fsqrt_rd, __nv_fsqrt_ru};
  std::vector<float> in = specials();
  randomBits(in, 2000000, -INFINITY, INFINITY, 3);
  everyFloat(in, 0.0f, FLT_MIN, 97);
  long bad = 0;
  for (float x : in)
    for (int m = 0; m < 3; ++m) {
      float g1 = rcp[m](x), w1 = refDiv(1.0f, x, kModes[m]);
      float g2 = sq[m](x), w2 = refSqrt(x, kModes[m]);
      if (!sameBits(g1, w1) && bad++ < 5)
        ADD_FAILURE() << "frcp mode " << m << " x=" << fmt(x) << " got "
                      << fmt(g1) << " want " << fmt(w1);
      if (!sameBits(g2, w2) && bad++ < 5)
        ADD_FAILURE() << "fsqrt mode " << m << " x=" << fmt(x) << " got "
                      << fmt(g2) << " want " << fmt(w2);
    }
  std::printf(
      "[ accuracy ] frcp/fsqrt_r*    %zu inputs x 3 modes, %ld not exact\n",
      in.size(), bad);
  EXPECT_EQ(bad, 0);
}

TEST(LibdeviceRounding, Fma) {
  float (*f[3])(float, float, float) = {__nv_fmaf_rz, __nv_fmaf_rd,
                                        __nv_fmaf_ru};
  float (*fi[3])(float, float, float) = {__nv_fmaf_ieee_rz, __nv_fmaf_ieee_rd,
                                         __nv_fmaf_ieee_ru};
  std::mt19937 g(11);
  long bad = 0, n = 0;
  auto one = [&](float a, float b, float c) {
    for (int m = 0; m < 3; ++m) {
      float want = refFma(a, b, c, kModes[m]);
      float got = f[m](a, b, c), got2 = fi[m](a, b, c);
      ++n;
      if ((!sameBits(got, want) || !sameBits(got2, want)) && bad++ < 5)
        ADD_FAILURE() << "fmaf mode " << m << " " << fmt(a) << " " << fmt(b)
                      << " " << fmt(c) << " got " << fmt(got) << " want "
                      << fmt(want);
    }
    float rn = __nv_fmaf_ieee_rn(a, b, c), wrn = std::fma(a, b, c);
    if (!sameBits(rn, wrn) && bad++ < 5)
      ADD_FAILURE() << "fmaf_ieee_rn";
  };
  for (int i = 0; i < 300000; ++i)
    one(fromBits(g()), fromBits(g()), fromBits(g()));
  for (int i = 0; i < 700000; ++i) {
    // c close to -a*b: cancellation
    float a = fromBits(g() & 0xbfffffffu),
          b = fromBits((g() & 0x3fffffffu) | 0x20000000u);
    float p = a * b;
    uint32_t pc = bits(-p) ^ (g() & 0x1fu);
    if (i & 1)
      pc = bits(-p) + (int)(g() % 2000) - 1000;
    if (i % 7 == 0)
      pc = (pc & 0x807fffffu) |
           ((((pc >> 23) & 0xffu) + (g() % 50) - 25) & 0xffu) << 23;
    one(a, b, fromBits(pc));
  }
  for (int i = 0; i < 100000; ++i)
    one(fromBits(g() & 0x8fffffffu), fromBits(g() & 0x8fffffffu),
        fromBits(g() & 0x80ffffffu));
  for (float a : specials())
    for (float b : specials())
      for (float c : specials())
        one(a, b, c);
  std::printf("[ accuracy ] fmaf_r*/ieee     %ld results, %ld not exact\n", n,
              bad);
  EXPECT_EQ(bad, 0);
}

TEST(LibdeviceRounding, IntToFloat) {
  std::mt19937_64 g(5);
  long bad = 0, n = 0;
  auto chk = [&](const char *nm, float got, float want, long long v) {
    ++n;
    if (!sameBits(got, want) && bad++ < 5)
      ADD_FAILURE() << nm << " " << v << " got " << fmt(got) << " want "
                    << fmt(want);
  };
  for (int i = 0; i < 1000000; ++i) {
    uint64_t r = g();
    int sh = (int)(g() % 64);
    uint64_t u = i % 3 == 0 ? r : (r >> sh);
    int32_t s32 = (int32_t)u;
    uint32_t u32 = (uint32_t)u;
    int64_t s64 = (int64_t)u;
    float (*fi[4])(int) = {__nv_int2float_rn, __nv_int2float_rz,
                           __nv_int2float_rd, __nv_int2float_ru};
    float (*fu[4])(unsigned) = {__nv_uint2float_rn, __nv_uint2float_rz,
                                __nv_uint2float_rd, __nv_uint2float_ru};
    float (*fl[4])(long long) = {__nv_ll2float_rn, __nv_ll2float_rz,
                                 __nv_ll2float_rd, __nv_ll2float_ru};
    float (*ful[4])(unsigned long long) = {__nv_ull2float_rn, __nv_ull2float_rz,
                                           __nv_ull2float_rd,
                                           __nv_ull2float_ru};
    const int modes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
    for (int m = 0; m < 4; ++m) {
      chk("int2float", fi[m](s32), refConv<int32_t>(s32, modes[m]), s32);
      chk("uint2float", fu[m](u32), refConv<uint32_t>(u32, modes[m]), u32);
      chk("ll2float", fl[m](s64), refConv<int64_t>(s64, modes[m]), s64);
      chk("ull2float", ful[m](u), refConv<uint64_t>(u, modes[m]), (long long)u);
    }
  }
  for (int m = 0; m < 1; ++m) {
    chk("int2float_rd", __nv_int2float_rd(INT_MIN), -2147483648.0f, INT_MIN);
    chk("ll2float_ru", __nv_ll2float_ru(LLONG_MIN), -9223372036854775808.0f,
        LLONG_MIN);
    chk("ull2float_ru", __nv_ull2float_ru(~0ull), 18446744073709551616.0f, -1);
    chk("ull2float_rz", __nv_ull2float_rz(~0ull), 18446742974197923840.0f, -1);
    chk("uint2float_rz", __nv_uint2float_rz(0u), 0.0f, 0);
  }
  std::printf("[ accuracy ] *2float_r*       %ld results, %ld not exact\n", n,
              bad);
  EXPECT_EQ(bad, 0);
}

// frsqrt_rn: checked exactly with 128-bit integer arithmetic: y is the
// correctly rounded 1/sqrt(x) iff x*(y-h)^2 > 1 > x*(y+h)^2 for the half
// spacings h around y.
TEST(LibdeviceRounding, FrsqrtRn) {
  std::vector<float> in;
  everyFloat(in, FLT_TRUE_MIN, INFINITY, 1021);
  everyFloat(in, 1.0f, 4.0f, 7);
  randomBits(in, 2000000, 0.0f, INFINITY, 12);
  in.push_back(4.0f);
  in.push_back(1.0f);
  in.push_back(0.25f);
  long bad = 0;
  for (float x : in) {
    float y = __nv_frsqrt_rn(x);
    if (std::isinf(x)) {
      if (!(y == 0.0f))
        ++bad;
      continue;
    }
    // x = X 2^ex, y = Y 2^ey (integers), neighbours' half spacings.
    int ex, ey;
    long double fx = frexpl(x, &ex), fy = frexpl(y, &ey);
    unsigned __int128 X = (unsigned __int128)ldexpl(fx, 24);
    ex -= 24;
    unsigned __int128 Y = (unsigned __int128)ldexpl(fy, 24);
    ey -= 24;
    // scale by 4: y +- half = (4Y +- 2) 2^(ey-2); below a power of two the
    // lower neighbour is half as far.
    unsigned __int128 Mup = 4 * Y + 2, Mdn = (Y == ((unsigned __int128)1 << 23))
                                                 ? 4 * Y - 1
                                                 : 4 * Y - 2;
    // x*M^2*2^(ex + 2(ey-2)) vs 1
    int sh = ex + 2 * (ey - 2);
    auto cmp1 = [&](unsigned __int128 M) { // sign of X*M^2*2^sh - 1
      unsigned __int128 v = X * M * M;
      if (sh >= 0)
        return 1;
      if (-sh >= 127)
        return -1;
      unsigned __int128 one = (unsigned __int128)1 << (-sh);
      return v > one ? 1 : (v < one ? -1 : 0);
    };
    bool ok = cmp1(Mup) > 0 && cmp1(Mdn) < 0;
    if (!ok && bad++ < 5)
      ADD_FAILURE() << "frsqrt_rn x=" << fmt(x) << " got " << fmt(y);
  }
  for (float x : {0.0f, -0.0f, -1.0f, NAN}) {
    float y = __nv_frsqrt_rn(x);
    if (x == 0.0f)
      EXPECT_TRUE(std::isinf(y) && std::signbit(y) == std::signbit(x));
    else
      EXPECT_TRUE(std::isnan(y));
  }
  std::printf(
      "[ accuracy ] frsqrt_rn        %zu inputs, %ld not correctly rounded\n",
      in.size(), bad);
  EXPECT_EQ(bad, 0);
}

TEST(LibdeviceRounding, LlrintLlround) {
  std::vector<float> in = {0.5f,          1.5f,          2.5f,
                           -0.5f,         -1.5f,         -2.5f,
                           0.49999997f,   -0.49999997f,  8388609.0f,
                           9.2233715e18f, -9.2233720e18f};
  randomBits(in, 1000000, -9.2e18f, 9.2e18f, 9);
  sweep(in, -100.0f, 100.0f, 400000);
  long bad = 0;
  for (float x : in) {
    long long a = __nv_llrintf(x), b = __nv_llroundf(x);
    if (a != std::llrint(x) || b != std::llround(x)) {
      if (bad++ < 5)
        ADD_FAILURE() << "llrint/llround x=" << fmt(x) << " got " << a << " "
                      << b;
    }
  }
  std::printf("[ accuracy ] llrintf/llroundf %zu inputs, %ld not exact\n",
              in.size(), bad);
  EXPECT_EQ(bad, 0);
}

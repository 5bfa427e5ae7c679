// Exactness tests of the software binary64 of --fp64=emulate
// (frontend/libdevice/fp64_soft.cu): every operation against the host's
// hardware double arithmetic run in the same rounding mode (fesetround),
// bit for bit; a NaN result only has to be a NaN (payloads are unspecified).
// Inputs: random bit patterns, operands biased toward the hard cases
// (cancellation, results near overflow and in the subnormal range, exact
// and halfway results), every pair (triple for fma) of special values, and
// the edges of the integer conversions.
#include "libdevice_test_util.h"

using u64 = unsigned long long;

extern "C" {
u64 __cumetal_dadd(u64, u64, int);
u64 __cumetal_dsub(u64, u64, int);
u64 __cumetal_dmul(u64, u64, int);
u64 __cumetal_ddiv(u64, u64, int);
u64 __cumetal_dfma(u64, u64, u64, int);
u64 __cumetal_dsqrt(u64, int);
u64 __cumetal_dfmod(u64, u64);
int __cumetal_dcmp(u64, u64);
u64 __cumetal_i64_to_d(long long, int);
u64 __cumetal_u64_to_d(u64, int);
long long __cumetal_d_to_i64(u64);
u64 __cumetal_d_to_u64(u64);
}

namespace {

// The library's mode m (0 nearest even, 1 toward zero, 2 down, 3 up).
const int kFe[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
const u64 kSign = 0x8000000000000000ull, kFrac = 0x000fffffffffffffull;

double D(u64 u) {
  double d;
  std::memcpy(&d, &u, 8);
  return d;
}
u64 B(double d) {
  u64 u;
  std::memcpy(&u, &d, 8);
  return u;
}
bool same(u64 got, u64 want) {
  if (std::isnan(D(want)))
    return std::isnan(D(got));
  return got == want;
}
std::string hex(u64 u) {
  char b[64];
  std::snprintf(b, sizeof b, "%.17g (0x%016llx)", D(u), u);
  return b;
}

struct Args {
  u64 a, b, c;
};

// The references run in the rounding mode set around them: out of line,
// with volatile operands, so that nothing is folded in the default mode.
__attribute__((noinline)) u64 hAdd(const Args &v) {
  volatile double x = D(v.a), y = D(v.b);
  volatile double r = x + y;
  return B(r);
}
__attribute__((noinline)) u64 hSub(const Args &v) {
  volatile double x = D(v.a), y = D(v.b);
  volatile double r = x - y;
  return B(r);
}
__attribute__((noinline)) u64 hMul(const Args &v) {
  volatile double x = D(v.a), y = D(v.b);
  volatile double r = x * y;
  return B(r);
}
__attribute__((noinline)) u64 hDiv(const Args &v) {
  volatile double x = D(v.a), y = D(v.b);
  volatile double r = x / y;
  return B(r);
}
__attribute__((noinline)) u64 hFma(const Args &v) {
  volatile double x = D(v.a), y = D(v.b), z = D(v.c);
  volatile double r = std::fma((double)x, (double)y, (double)z);
  return B(r);
}
__attribute__((noinline)) u64 hSqrt(const Args &v) {
  volatile double x = D(v.a);
  volatile double r = std::sqrt((double)x);
  return B(r);
}
__attribute__((noinline)) u64 hFmod(const Args &v) {
  volatile double x = D(v.a), y = D(v.b);
  volatile double r = std::fmod((double)x, (double)y);
  return B(r);
}
__attribute__((noinline)) u64 hI64(const Args &v) {
  volatile long long x = (long long)v.a;
  volatile double r = (double)x;
  return B(r);
}
__attribute__((noinline)) u64 hU64(const Args &v) {
  volatile u64 x = v.a;
  volatile double r = (double)x;
  return B(r);
}

using Ref = u64 (*)(const Args &);
using Lib = u64 (*)(const Args &, int);

// lib in each of the modes against ref computed by the FPU in that mode
// (only mode 0 where modes is 1).
void check(const char *name, int nargs, const std::vector<Args> &in, Ref ref,
           Lib lib, int modes = 4) {
  std::vector<u64> want(in.size());
  long bad = 0, n = 0;
  for (int m = 0; m < modes; ++m) {
    std::fesetround(kFe[m]);
    for (size_t i = 0; i < in.size(); ++i)
      want[i] = ref(in[i]);
    std::fesetround(FE_TONEAREST);
    for (size_t i = 0; i < in.size(); ++i) {
      u64 got = lib(in[i], m);
      ++n;
      if (!same(got, want[i]) && bad++ < 8) {
        const Args &v = in[i];
        ADD_FAILURE() << name << " mode " << m << " a=" << hex(v.a)
                      << (nargs > 1 ? " b=" + hex(v.b) : "")
                      << (nargs > 2 ? " c=" + hex(v.c) : "") << " got "
                      << hex(got) << " want " << hex(want[i]);
      }
    }
  }
  std::printf("[ accuracy ] %-10s %8zu inputs x %d mode(s): %ld results, %ld "
              "not exact\n",
              name, in.size(), modes, n, bad);
  EXPECT_EQ(bad, 0);
}

// ±0, ±subnormal min/max, ±normal min/max, ±1, ±inf, NaNs, and values
// whose sums, products and quotients are exact, halfway or overflow.
std::vector<u64> specials() {
  const u64 pos[] = {
      0x0000000000000000ull, // 0
      0x0000000000000001ull, // smallest subnormal
      0x0000000000000003ull,
      0x0008000000000000ull, // 2^-1023
      0x000fffffffffffffull, // largest subnormal
      0x0010000000000000ull, // smallest normal
      0x0010000000000001ull, 0x001fffffffffffffull,
      0x3ca0000000000000ull, // 2^-53: 1 + 2^-53 is a tie
      0x3c90000000000000ull, // 2^-54
      0x3ca0000000000001ull,
      0x3fe0000000000000ull, // 0.5
      0x3fefffffffffffffull, // 1 - 2^-53
      0x3ff0000000000000ull, // 1
      0x3ff0000000000001ull, // 1 + 2^-52
      0x3ff8000000000000ull, // 1.5
      0x3fffffffffffffffull, // 2 - 2^-52
      0x4008000000000000ull, // 3
      0x3fb999999999999aull, // 0.1
      0x400921fb54442d18ull, // pi
      0x4340000000000000ull, // 2^53
      0x4340000000000001ull, // 2^53 + 2
      0x3fd5555555555555ull, // 1/3
      0x5fe0000000000000ull, // 2^511
      0x1ff0000000000000ull, // 2^-512
      0x7fe0000000000000ull, // 2^1023
      0x7fefffffffffffffull, // largest finite
      0x7ff0000000000000ull, // inf
      0x7ff8000000000000ull, // quiet NaN
      0x7ff0000000000001ull, // signalling NaN
  };
  std::vector<u64> v;
  for (u64 p : pos) {
    v.push_back(p);
    v.push_back(p | kSign);
  }
  return v;
}

// Operand generators: exponents often at the edges of the range, fraction
// fields often short (exact results, ties) or all ones.
struct Gen {
  std::mt19937_64 g;
  explicit Gen(u64 seed) : g(seed) {}
  u64 bits() { return g(); }
  int below(int n) { return (int)(g() % (u64)n); }
  u64 frac() {
    u64 f = g() & kFrac;
    switch (below(8)) {
    case 0: { // trailing zeros
      int k = below(53);
      return (f >> k) << k;
    }
    case 1:
      return kFrac - (u64)below(4);
    case 2:
      return below(4) == 0 ? 0ull : 1ull << below(52);
    case 3: // leading zeros
      return f >> below(53);
    default:
      return f;
    }
  }
  int expo() {
    switch (below(8)) {
    case 0:
      return below(3); // subnormal, smallest binades
    case 1:
      return 2046 - below(3); // largest binades
    case 2:
      return 1023 - 40 + below(80);
    default:
      return below(2047);
    }
  }
  static int clampE(int e) { return e < 0 ? 0 : e > 2046 ? 2046 : e; }
  static int expOf(u64 u) { return (int)((u >> 52) & 0x7ff); }
  u64 make(int e, u64 f) {
    return (below(2) ? kSign : 0ull) | ((u64)clampE(e) << 52) | f;
  }
  u64 any() { return make(expo(), frac()); }
  // x with exponent field e (clamped) and a fresh fraction and sign
  u64 withExp(int e) { return make(e, frac()); }
};

void addSpecialPairs(std::vector<Args> &v) {
  for (u64 a : specials())
    for (u64 b : specials())
      v.push_back({a, b, 0});
}

// Random pairs, pairs with near exponents (cancellation, alignment),
// nearly opposite operands (massive cancellation), subnormal pairs.
std::vector<Args> addInputs(long n, u64 seed) {
  Gen r(seed);
  std::vector<Args> v;
  for (long i = 0; i < n; ++i)
    v.push_back({r.bits(), r.bits(), 0});
  for (long i = 0; i < n; ++i) {
    u64 a = r.any();
    v.push_back({a, r.withExp(Gen::expOf(a) + r.below(121) - 60), 0});
  }
  for (long i = 0; i < n; ++i) {
    u64 a = r.any();
    u64 b = a ^ (r.bits() & ((1ull << r.below(60)) - 1ull));
    v.push_back({a, r.below(2) ? b ^ kSign : b, 0});
  }
  for (long i = 0; i < n / 4; ++i)
    v.push_back({r.withExp(r.below(3)), r.withExp(r.below(3)), 0});
  addSpecialPairs(v);
  return v;
}

// Random pairs and pairs whose product (sign +1) or quotient (-1) has a
// biased exponent around the subnormal range or overflow.
std::vector<Args> mulDivInputs(long n, u64 seed, int sign) {
  Gen r(seed);
  std::vector<Args> v;
  for (long i = 0; i < n; ++i)
    v.push_back({r.bits(), r.bits(), 0});
  for (long i = 0; i < 3 * n; ++i) {
    u64 a = r.any();
    int t; // target result exponent
    switch (r.below(3)) {
    case 0:
      t = r.below(66) - 60;
      break;
    case 1:
      t = 2040 + r.below(12);
      break;
    default:
      t = r.below(2047);
    }
    int eb = sign > 0 ? t - Gen::expOf(a) + 1023 : Gen::expOf(a) - t + 1023;
    v.push_back({a, r.withExp(eb), 0});
  }
  addSpecialPairs(v);
  return v;
}

} // namespace

TEST(LibdeviceSoftDouble, AddSub) {
  std::vector<Args> in = addInputs(500000, 1);
  check("dadd", 2, in, hAdd,
        [](const Args &v, int m) { return __cumetal_dadd(v.a, v.b, m); });
  check("dsub", 2, in, hSub,
        [](const Args &v, int m) { return __cumetal_dsub(v.a, v.b, m); });
}

TEST(LibdeviceSoftDouble, Mul) {
  check("dmul", 2, mulDivInputs(500000, 2, 1), hMul,
        [](const Args &v, int m) { return __cumetal_dmul(v.a, v.b, m); });
}

TEST(LibdeviceSoftDouble, Div) {
  std::vector<Args> in = mulDivInputs(400000, 3, -1);
  // exact quotients: a = b * k, b with 33 and k with 13 significant bits
  Gen r(33);
  for (int i = 0; i < 200000; ++i) {
    u64 b = r.make(r.expo(), r.bits() & (kFrac << 20 & kFrac));
    u64 k = r.make(1023 + r.below(40) - 20, r.bits() & (kFrac << 40 & kFrac));
    in.push_back({B(D(b) * D(k)), b, 0});
  }
  check("ddiv", 2, in, hDiv,
        [](const Args &v, int m) { return __cumetal_ddiv(v.a, v.b, m); });
}

TEST(LibdeviceSoftDouble, Fma) {
  Gen r(4);
  std::vector<Args> in;
  for (int i = 0; i < 400000; ++i)
    in.push_back({r.bits(), r.bits(), r.bits()});
  // c close to -a*b: cancellation of the exact product's leading bits
  for (int i = 0; i < 800000; ++i) {
    // product exponent anywhere, often near the subnormal range
    int t = r.below(4) == 0 ? r.below(80) : r.below(2047);
    u64 a = r.any(), b = r.withExp(t - Gen::expOf(a) + 1023);
    u64 p = B(D(a) * D(b)) ^ kSign, c = p;
    switch (r.below(4)) {
    case 0:
      c = p ^ (r.bits() & 0xffffull);
      break;
    case 1:
      c = p + (u64)(r.below(2001) - 1000);
      break;
    case 2:
      c = r.withExp(Gen::expOf(p) + r.below(121) - 60);
      break;
    default:
      break;
    }
    if (std::isnan(D(c)))
      c = p;
    in.push_back({a, b, r.below(8) == 0 ? c ^ kSign : c});
  }
  // products around the subnormal range and overflow, any addend
  std::vector<Args> md = mulDivInputs(100000, 44, 1);
  for (size_t i = 0; i < md.size(); ++i) {
    u64 a = md[i].a, b = md[i].b;
    u64 c = r.below(2) ? r.withExp(r.below(4)) : r.any();
    in.push_back({a, b, c});
  }
  std::vector<u64> s = specials();
  for (u64 a : s)
    for (u64 b : s)
      for (u64 c : s)
        in.push_back({a, b, c});
  check("dfma", 3, in, hFma,
        [](const Args &v, int m) { return __cumetal_dfma(v.a, v.b, v.c, m); });
}

TEST(LibdeviceSoftDouble, Sqrt) {
  Gen r(5);
  std::vector<Args> in;
  for (int i = 0; i < 500000; ++i)
    in.push_back({r.bits(), 0, 0});
  for (int i = 0; i < 1000000; ++i)
    in.push_back({r.any() & ~kSign, 0, 0});
  // exact squares and their neighbours
  for (int i = 0; i < 500000; ++i) {
    u64 y = r.make(r.below(2047), r.bits() & (kFrac << 27 & kFrac)) & ~kSign;
    u64 x = B(D(y) * D(y));
    if (x >= 0x7ff0000000000000ull)
      continue;
    in.push_back({x + (u64)r.below(3) - (x > 0 ? 1 : 0), 0, 0});
  }
  for (int i = 0; i < 100000; ++i)
    in.push_back({r.bits() & kFrac, 0, 0}); // subnormal
  for (u64 a : specials())
    in.push_back({a, 0, 0});
  check("dsqrt", 1, in, hSqrt,
        [](const Args &v, int m) { return __cumetal_dsqrt(v.a, m); });
}

TEST(LibdeviceSoftDouble, Fmod) {
  Gen r(6);
  std::vector<Args> in;
  for (int i = 0; i < 300000; ++i)
    in.push_back({r.bits(), r.bits(), 0});
  for (int i = 0; i < 1000000; ++i) {
    u64 a = r.any();
    in.push_back({a, r.withExp(Gen::expOf(a) - r.below(70) + 3), 0});
  }
  for (int i = 0; i < 100000; ++i)
    in.push_back({r.withExp(r.below(2) ? r.below(3) : r.below(2047)),
                  r.withExp(r.below(3)), 0});
  addSpecialPairs(in);
  // exact: no rounding mode
  check(
      "dfmod", 2, in, hFmod,
      [](const Args &v, int) { return __cumetal_dfmod(v.a, v.b); }, 1);
}

TEST(LibdeviceSoftDouble, Compare) {
  std::vector<Args> in = addInputs(300000, 7);
  Gen r(77);
  for (int i = 0; i < 300000; ++i) {
    u64 a = r.any();
    in.push_back({a, a + (u64)(r.below(5) - 2), 0});
  }
  long bad = 0;
  for (const Args &v : in) {
    volatile double x = D(v.a), y = D(v.b);
    int want = x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
    int got = __cumetal_dcmp(v.a, v.b);
    if (got != want && bad++ < 8)
      ADD_FAILURE() << "dcmp a=" << hex(v.a) << " b=" << hex(v.b) << " got "
                    << got << " want " << want;
  }
  std::printf("[ accuracy ] dcmp       %8zu inputs: %ld wrong\n", in.size(),
              bad);
  EXPECT_EQ(bad, 0);
}

TEST(LibdeviceSoftDouble, IntToDouble) {
  std::vector<u64> vals = {0,
                           1,
                           2,
                           3,
                           (1ull << 53) - 1,
                           1ull << 53,
                           (1ull << 53) + 1,
                           (1ull << 53) + 2,
                           (1ull << 53) + 3,
                           (1ull << 54) + 1,
                           (1ull << 54) + 2,
                           (1ull << 54) + 3,
                           (1ull << 62) + 1,
                           0x7fffffffffffffffull,
                           0x7ffffffffffffdffull,
                           0x7ffffffffffffc00ull,
                           0x7ffffffffffffe00ull,
                           1ull << 63,
                           (1ull << 63) + 1,
                           (1ull << 63) + 0x400,
                           (1ull << 63) + 0x401,
                           0xfffffffffffff800ull,
                           0xfffffffffffffbffull,
                           0xfffffffffffffc00ull,
                           0xfffffffffffffc01ull,
                           0xffffffffffffffffull};
  std::vector<Args> in;
  for (u64 x : vals) {
    in.push_back({x, 0, 0});
    in.push_back({0 - x, 0, 0});
  }
  Gen r(8);
  for (int i = 0; i < 1000000; ++i)
    in.push_back({r.bits() >> r.below(64), 0, 0});
  for (int i = 0; i < 200000; ++i) // 54 to 64 significant bits, ties
    in.push_back(
        {(r.bits() >> r.below(11)) & ~((1ull << r.below(12)) - 1), 0, 0});
  check("i64_to_d", 1, in, hI64, [](const Args &v, int m) {
    return __cumetal_i64_to_d((long long)v.a, m);
  });
  check("u64_to_d", 1, in, hU64,
        [](const Args &v, int m) { return __cumetal_u64_to_d(v.a, m); });
}

TEST(LibdeviceSoftDouble, DoubleToInt) {
  // saturating truncation as cvt.rzi.s64/u64.f64; NaN -> 0x8000000000000000
  // as an H100 gives (fp64_soft.cu)
  auto refI = [](double x) -> long long {
    if (std::isnan(x))
      return LLONG_MIN;
    if (x >= 0x1p63)
      return LLONG_MAX;
    if (x <= -0x1p63)
      return LLONG_MIN;
    return (long long)x;
  };
  auto refU = [](double x) -> u64 {
    if (std::isnan(x))
      return 0x8000000000000000ull;
    if (x <= -1.0)
      return 0;
    if (x >= 0x1p64)
      return ULLONG_MAX;
    return (u64)x;
  };
  std::vector<u64> in = specials();
  const double edges[] = {0x1p53 - 1,
                          0x1p53,
                          0x1p53 + 2,
                          0x1p52 + 0.5,
                          0x1p63,
                          std::nextafter(0x1p63, 0.0),
                          std::nextafter(0x1p63, INFINITY),
                          0x1p64,
                          std::nextafter(0x1p64, 0.0),
                          std::nextafter(0x1p64, INFINITY),
                          0.5,
                          0.9999999999999999,
                          1.0,
                          1.5,
                          2.5,
                          1e300,
                          4.9e-324};
  for (double e : edges) {
    in.push_back(B(e));
    in.push_back(B(-e));
  }
  Gen r(9);
  for (int i = 0; i < 1000000; ++i)
    in.push_back(r.bits());
  for (int i = 0; i < 1000000; ++i) // |x| in [2^-4, 2^70)
    in.push_back(r.make(1023 - 4 + r.below(75), r.frac()));
  long bad = 0;
  for (u64 a : in) {
    volatile double x = D(a);
    long long gi = __cumetal_d_to_i64(a), wi = refI(x);
    u64 gu = __cumetal_d_to_u64(a), wu = refU(x);
    if ((gi != wi || gu != wu) && bad++ < 8)
      ADD_FAILURE() << "d_to_i64/u64 " << hex(a) << " got " << gi << " / " << gu
                    << " want " << wi << " / " << wu;
  }
  std::printf("[ accuracy ] d_to_i64/u64 %zu inputs: %ld wrong\n", in.size(),
              bad);
  EXPECT_EQ(bad, 0);
}

// The SIMD-in-a-word ("video") functions of frontend/libdevice/simd_video.cu
// (__nv_vadd2, __nv_vcmpgtu4, __nv_vsads2, ... all 82) against a
// straightforward reference written here from the CUDA Math API's
// descriptions: the words are split into halfword or byte lanes read as
// int16_t/int8_t and uint16_t/uint8_t, each lane is computed in plain int
// arithmetic with explicit clamping, and the lanes are packed again (or
// summed, for the sums of absolute differences). Inputs: every pair of
// words made of the bytes 0x00 0x01 0x7f 0x80 0xff (which covers the
// halfwords 0x0000 0x7fff 0x8000 0x8001 0xffff ...) and random pairs.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

// clang-format off
#define SIMD_BINARY(X)                                                         \
  X(absdiffs) X(absdiffu) X(add) X(addss) X(addus) X(avgs) X(avgu)             \
  X(cmpeq) X(cmpges) X(cmpgeu) X(cmpgts) X(cmpgtu) X(cmples) X(cmpleu)         \
  X(cmplts) X(cmpltu) X(cmpne) X(haddu) X(maxs) X(maxu) X(mins) X(minu)        \
  X(sads) X(sadu) X(seteq) X(setges) X(setgeu) X(setgts) X(setgtu) X(setles)   \
  X(setleu) X(setlts) X(setltu) X(setne) X(sub) X(subss) X(subus)
#define SIMD_UNARY(X) X(abs) X(absss) X(neg) X(negss)
// clang-format on

extern "C" {
#define DECLARE_BINARY(n)                                                      \
  int __nv_v##n##2(int, int);                                                  \
  int __nv_v##n##4(int, int);
#define DECLARE_UNARY(n)                                                       \
  int __nv_v##n##2(int);                                                       \
  int __nv_v##n##4(int);
SIMD_BINARY(DECLARE_BINARY)
SIMD_UNARY(DECLARE_UNARY)
}

namespace {

struct Lane {
  int s, u; // the lane read as a signed and as an unsigned integer
};
struct LaneType {
  int smin, smax, umax;
};

Lane lane(uint32_t w, int bits, int k) {
  uint32_t u = (w >> (bits * k)) & ((1u << bits) - 1u);
  int s = bits == 16 ? int(int16_t(uint16_t(u))) : int(int8_t(uint8_t(u)));
  return {s, int(u)};
}

int clampTo(int v, int lo, int hi) {
  if (v < lo)
    return lo;
  if (v > hi)
    return hi;
  return v;
}
int absOf(int v) { return v < 0 ? -v : v; }
// Signed rounded average: halves rounded away from zero (CUDA's emulation
// of vavrg: (x + y) >> 1 for a negative sum, else (x + y + 1) >> 1).
int avgSigned(int sum) { return sum >= 0 ? (sum + 1) / 2 : -((1 - sum) / 2); }

using LaneRef = int (*)(Lane a, Lane b, LaneType t);

struct Op {
  const char *name;
  int (*f2)(int, int), (*f4)(int, int); // binary forms, or null
  int (*g2)(int), (*g4)(int);           // unary forms, or null
  LaneRef ref;                          // one lane's result (b unused if unary)
  bool sum;                             // add the lanes up instead of packing
};

#define BIN(n, ref)                                                            \
  { #n, __nv_v##n##2, __nv_v##n##4, nullptr, nullptr, ref, false }
#define SUM(n, ref)                                                            \
  { #n, __nv_v##n##2, __nv_v##n##4, nullptr, nullptr, ref, true }
#define UN(n, ref)                                                             \
  { #n, nullptr, nullptr, __nv_v##n##2, __nv_v##n##4, ref, false }
#define L [](Lane a, Lane b, LaneType t) -> int

const Op kOps[] = {
    UN(
        abs, L { return absOf(a.s); }),
    UN(
        absss, L { return clampTo(absOf(a.s), t.smin, t.smax); }),
    UN(
        neg, L { return -a.s; }),
    UN(
        negss, L { return clampTo(-a.s, t.smin, t.smax); }),
    BIN(
        absdiffs, L { return absOf(a.s - b.s); }),
    BIN(
        absdiffu, L { return absOf(a.u - b.u); }),
    BIN(
        add, L { return a.u + b.u; }),
    BIN(
        sub, L { return a.u - b.u; }),
    BIN(
        addss, L { return clampTo(a.s + b.s, t.smin, t.smax); }),
    BIN(
        subss, L { return clampTo(a.s - b.s, t.smin, t.smax); }),
    BIN(
        addus, L { return clampTo(a.u + b.u, 0, t.umax); }),
    BIN(
        subus, L { return clampTo(a.u - b.u, 0, t.umax); }),
    BIN(
        avgs, L { return avgSigned(a.s + b.s); }),
    BIN(
        avgu, L { return (a.u + b.u + 1) / 2; }),
    BIN(
        haddu, L { return (a.u + b.u) / 2; }),
    BIN(
        maxs, L { return a.s > b.s ? a.s : b.s; }),
    BIN(
        maxu, L { return a.u > b.u ? a.u : b.u; }),
    BIN(
        mins, L { return a.s < b.s ? a.s : b.s; }),
    BIN(
        minu, L { return a.u < b.u ? a.u : b.u; }),
    SUM(
        sads, L { return absOf(a.s - b.s); }),
    SUM(
        sadu, L { return absOf(a.u - b.u); }),
    BIN(
        cmpeq, L { return a.u == b.u ? t.umax : 0; }),
    BIN(
        cmpne, L { return a.u != b.u ? t.umax : 0; }),
    BIN(
        cmpges, L { return a.s >= b.s ? t.umax : 0; }),
    BIN(
        cmpgeu, L { return a.u >= b.u ? t.umax : 0; }),
    BIN(
        cmpgts, L { return a.s > b.s ? t.umax : 0; }),
    BIN(
        cmpgtu, L { return a.u > b.u ? t.umax : 0; }),
    BIN(
        cmples, L { return a.s <= b.s ? t.umax : 0; }),
    BIN(
        cmpleu, L { return a.u <= b.u ? t.umax : 0; }),
    BIN(
        cmplts, L { return a.s < b.s ? t.umax : 0; }),
    BIN(
        cmpltu, L { return a.u < b.u ? t.umax : 0; }),
    BIN(
        seteq, L { return a.u == b.u ? 1 : 0; }),
    BIN(
        setne, L { return a.u != b.u ? 1 : 0; }),
    BIN(
        setges, L { return a.s >= b.s ? 1 : 0; }),
    BIN(
        setgeu, L { return a.u >= b.u ? 1 : 0; }),
    BIN(
        setgts, L { return a.s > b.s ? 1 : 0; }),
    BIN(
        setgtu, L { return a.u > b.u ? 1 : 0; }),
    BIN(
        setles, L { return a.s <= b.s ? 1 : 0; }),
    BIN(
        setleu, L { return a.u <= b.u ? 1 : 0; }),
    BIN(
        setlts, L { return a.s < b.s ? 1 : 0; }),
    BIN(
        setltu, L { return a.u < b.u ? 1 : 0; }),
};
static_assert(sizeof(kOps) / sizeof(kOps[0]) == 41,
              "every __nv_v* function, in its 2 and 4 forms");

uint32_t reference(const Op &op, int bits, uint32_t a, uint32_t b) {
  LaneType t{-(1 << (bits - 1)), (1 << (bits - 1)) - 1, (1 << bits) - 1};
  uint32_t packed = 0;
  int sum = 0;
  for (int k = 0; k < 32 / bits; ++k) {
    int v = op.ref(lane(a, bits, k), lane(b, bits, k), t);
    sum += v;
    packed |= (uint32_t(v) & uint32_t(t.umax)) << (bits * k);
  }
  return op.sum ? uint32_t(sum) : packed;
}

uint32_t call(const Op &op, int bits, uint32_t a, uint32_t b) {
  if (op.g2)
    return uint32_t(bits == 16 ? op.g2(int(a)) : op.g4(int(a)));
  return uint32_t(bits == 16 ? op.f2(int(a), int(b)) : op.f4(int(a), int(b)));
}

std::vector<std::pair<uint32_t, uint32_t>> inputs() {
  const uint32_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
  std::vector<uint32_t> edges;
  for (uint32_t b0 : bytes)
    for (uint32_t b1 : bytes)
      for (uint32_t b2 : bytes)
        for (uint32_t b3 : bytes)
          edges.push_back(b0 | b1 << 8 | b2 << 16 | b3 << 24);
  std::vector<std::pair<uint32_t, uint32_t>> in;
  for (uint32_t a : edges)
    for (uint32_t b : edges)
      in.emplace_back(a, b);
  std::mt19937 g(20240611);
  for (int i = 0; i < 300000; ++i) {
    uint32_t a = g(), b = g();
    if (i % 4 == 1)
      b = a ^ (g() & 0x01010101u); // nearly equal lanes
    in.emplace_back(a, b);
  }
  return in;
}

TEST(LibdeviceSimdVideo, AllFunctionsMatchPerLaneReference) {
  const auto in = inputs();
  for (const Op &op : kOps) {
    for (int bits : {16, 8}) {
      std::string name =
          std::string("__nv_v") + op.name + (bits == 16 ? "2" : "4");
      long failures = 0;
      for (const auto &[a, b] : in) {
        uint32_t got = call(op, bits, a, b), want = reference(op, bits, a, b);
        if (got != want && ++failures <= 3)
          ADD_FAILURE() << std::hex << name << "(0x" << a << ", 0x" << b
                        << ") = 0x" << got << ", expected 0x" << want;
      }
      EXPECT_EQ(failures, 0) << name << " failed on " << failures << " of "
                             << in.size() << " inputs";
    }
  }
}

// A few results worked out by hand from the documentation, at the edges.
TEST(LibdeviceSimdVideo, EdgeValues) {
  EXPECT_EQ(uint32_t(__nv_vabs2(int(0x80000001u))), 0x80000001u); // wraps
  EXPECT_EQ(uint32_t(__nv_vabsss2(int(0x8000ffffu))), 0x7fff0001u);
  EXPECT_EQ(uint32_t(__nv_vabsss4(int(0x807f81ffu))), 0x7f7f7f01u);
  EXPECT_EQ(uint32_t(__nv_vneg4(0x00018000 | 0x80)), 0x00ff8080u);
  EXPECT_EQ(uint32_t(__nv_vnegss2(int(0x80000001u))), 0x7fffffffu);
  EXPECT_EQ(uint32_t(__nv_vaddss2(0x7fff0001, 0x00017fff)), 0x7fff7fffu);
  EXPECT_EQ(uint32_t(__nv_vsubss4(int(0x807f0000u), 0x01ff0000)), 0x807f0000u);
  EXPECT_EQ(uint32_t(__nv_vaddus4(int(0xff800100u), 0x01800000)), 0xffff0100u);
  EXPECT_EQ(uint32_t(__nv_vsubus2(0x00010005, 0x00020003)), 0x00000002u);
  // -3 and 3 averaged with 0: -1.5 -> -2, 1.5 -> 2; -1 with 0: -0.5 -> -1.
  EXPECT_EQ(uint32_t(__nv_vavgs2(int(0xfffd0003u), 0)), 0xfffe0002u);
  EXPECT_EQ(uint32_t(__nv_vavgs4(int(0xff000000u), 0)), 0xff000000u);
  EXPECT_EQ(uint32_t(__nv_vavgu4(int(0xff010000u), int(0xff000001u))),
            0xff010001u);
  EXPECT_EQ(uint32_t(__nv_vhaddu4(int(0xff010000u), int(0xff000001u))),
            0xff000000u);
  EXPECT_EQ(uint32_t(__nv_vabsdiffs2(0x7fff0000, int(0x80008000u))),
            0xffff8000u);
  EXPECT_EQ(__nv_vsads2(0x7fff8000, int(0x80007fffu)), 131070);
  EXPECT_EQ(__nv_vsadu4(int(0xffffffffu), 0), 1020);
  EXPECT_EQ(__nv_vsads4(0x7f7f7f7f, int(0x80808080u)), 1020);
  EXPECT_EQ(uint32_t(__nv_vcmpgts4(0x7f00ff01, int(0x80000100u))), 0xff0000ffu);
  EXPECT_EQ(uint32_t(__nv_vcmpgtu4(0x7f00ff01, int(0x80000100u))), 0x0000ffffu);
  EXPECT_EQ(uint32_t(__nv_vsetlts2(int(0x80000001u), 0x7fff0001)), 0x00010000u);
  EXPECT_EQ(uint32_t(__nv_vsetltu2(int(0x80000001u), 0x7fff0002)), 0x00000001u);
}

} // namespace

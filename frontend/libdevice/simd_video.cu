/*===- libdevice/simd_video.cu - SIMD-in-a-word (video) intrinsics --------===*
 *
 * cumetal libdevice: the __nv_v* functions behind CUDA's SIMD intrinsics
 * (__vadd2, __vsub4, __vabsdiffu4, __vcmpeq4, __vsetgts2, __vsadu4, ...).
 * Clang's CUDA headers call them when they see a CUDA_VERSION below 9020,
 * which cumetal's pre-include arranges for those headers; otherwise they
 * would use inline PTX (vadd2, vabsdiff4, vset2, ...), which cumetalc
 * rejects.
 *
 * A 32-bit word holds two halfword lanes (suffix 2) or four byte lanes
 * (suffix 4). Each operation is written once, per lane, in plain int
 * arithmetic on the lane's value zero- or sign-extended to int (so nothing
 * overflows); a macro defines the 2 and 4 forms, loops over the lanes and
 * packs the low bits of each lane's result, or first clamps it to the
 * lane type's range for the saturating forms. Semantics are those of the
 * CUDA Math API ("SIMD Intrinsics"): add, sub, neg, abs and absdiff wrap;
 * ss/us forms saturate to the signed/unsigned lane range; avgu is
 * (x + y + 1) >> 1, avgs rounds half away from zero ((x + y) >> 1 for a
 * negative sum, else (x + y + 1) >> 1), haddu is (x + y) >> 1; vcmp* give
 * all-ones lanes where true, vset* give 1; vsad* return the sum over the
 * lanes of |x - y| as one number.
 *
 * libdevice returns int (the result's bits) where CUDA documents unsigned
 * int; Clang's wrappers in __clang_cuda_device_functions.h convert.
 *===----------------------------------------------------------------------===*/
#include "common.cuh"

/* Lane i (of w bits) of v, sign-extended if sgn, else zero-extended. */
__CUMETAL_LD__ int __cumetal_lane(unsigned v, int w, int i, int sgn) {
  int u = (int)((v >> (w * i)) & ((1u << w) - 1u));
  int half = sgn ? 1 << (w - 1) : 0;
  return (u ^ half) - half;
}

/* v clamped to the range of a w-bit lane, signed if sgn, else unsigned. */
__CUMETAL_LD__ int __cumetal_lane_sat(int v, int w, int sgn) {
  int lo = sgn ? -(1 << (w - 1)) : 0;
  int hi = sgn ? (1 << (w - 1)) - 1 : (1 << w) - 1;
  return v < lo ? lo : v > hi ? hi : v;
}

__CUMETAL_LD__ int __cumetal_iabs(int x) { return x < 0 ? -x : x; }

/* The body of a W-bit lanewise function of a and b: x and y are lane i of
 * a and b, EXPR is the lane's result (saturated if SATURATE). */
#define __CUMETAL_LANEWISE(W, SIGNED, SATURATE, EXPR)                          \
  unsigned r = 0;                                                              \
  for (int i = 0; i < 32 / (W); ++i) {                                         \
    int x = __cumetal_lane((unsigned)a, W, i, SIGNED);                         \
    int y = __cumetal_lane((unsigned)b, W, i, SIGNED);                         \
    int v = EXPR;                                                              \
    if (SATURATE)                                                              \
      v = __cumetal_lane_sat(v, W, SIGNED);                                    \
    r |= ((unsigned)v & ((1u << (W)) - 1u)) << ((W)*i);                        \
  }                                                                            \
  return (int)r;

/* Defines __nv_v<NAME>2 and __nv_v<NAME>4. */
#define __CUMETAL_SIMD(NAME, SIGNED, SATURATE, EXPR)                           \
  extern "C" __device__ int __nv_v##NAME##2(int a, int b) {                    \
    __CUMETAL_LANEWISE(16, SIGNED, SATURATE, EXPR)                             \
  }                                                                            \
  extern "C" __device__ int __nv_v##NAME##4(int a, int b) {                    \
    __CUMETAL_LANEWISE(8, SIGNED, SATURATE, EXPR)                              \
  }

/* Defines __nv_vset<NAME>2/4 (1 where x OP y) and __nv_vcmp<NAME>2/4 (all
 * ones where x OP y). */
#define __CUMETAL_SIMD_COMPARE(NAME, SIGNED, OP)                               \
  __CUMETAL_SIMD(set##NAME, SIGNED, 0, x OP y)                                 \
  __CUMETAL_SIMD(cmp##NAME, SIGNED, 0, -(x OP y))

/* Arithmetic: wrapping, then saturating. */
__CUMETAL_SIMD(add, 0, 0, x + y)
__CUMETAL_SIMD(sub, 0, 0, x - y)
__CUMETAL_SIMD(absdiffs, 1, 0, __cumetal_iabs(x - y))
__CUMETAL_SIMD(absdiffu, 0, 0, __cumetal_iabs(x - y))
__CUMETAL_SIMD(addss, 1, 1, x + y)
__CUMETAL_SIMD(subss, 1, 1, x - y)
__CUMETAL_SIMD(addus, 0, 1, x + y)
__CUMETAL_SIMD(subus, 0, 1, x - y)

/* Averages. */
__CUMETAL_SIMD(avgs, 1, 0, (x + y + (x + y >= 0)) >> 1)
__CUMETAL_SIMD(avgu, 0, 0, (x + y + 1) >> 1)
__CUMETAL_SIMD(haddu, 0, 0, (x + y) >> 1)

/* Maximum and minimum. */
__CUMETAL_SIMD(maxs, 1, 0, x > y ? x : y)
__CUMETAL_SIMD(maxu, 0, 0, x > y ? x : y)
__CUMETAL_SIMD(mins, 1, 0, x < y ? x : y)
__CUMETAL_SIMD(minu, 0, 0, x < y ? x : y)

/* Comparisons. */
__CUMETAL_SIMD_COMPARE(eq, 0, ==)
__CUMETAL_SIMD_COMPARE(ne, 0, !=)
__CUMETAL_SIMD_COMPARE(ges, 1, >=)
__CUMETAL_SIMD_COMPARE(geu, 0, >=)
__CUMETAL_SIMD_COMPARE(gts, 1, >)
__CUMETAL_SIMD_COMPARE(gtu, 0, >)
__CUMETAL_SIMD_COMPARE(les, 1, <=)
__CUMETAL_SIMD_COMPARE(leu, 0, <=)
__CUMETAL_SIMD_COMPARE(lts, 1, <)
__CUMETAL_SIMD_COMPARE(ltu, 0, <)

/* Unary forms: |a| = |a - 0| (wrapping: -0x8000 stays 0x8000), -a = 0 - a,
 * and the saturated |a| = max(a, -a saturated). */
#define __CUMETAL_SIMD_UNARY(NAME, BODY2, BODY4)                               \
  extern "C" __device__ int __nv_v##NAME##2(int a) { return BODY2; }           \
  extern "C" __device__ int __nv_v##NAME##4(int a) { return BODY4; }

__CUMETAL_SIMD_UNARY(abs, __nv_vabsdiffs2(a, 0), __nv_vabsdiffs4(a, 0))
__CUMETAL_SIMD_UNARY(neg, __nv_vsub2(0, a), __nv_vsub4(0, a))
__CUMETAL_SIMD_UNARY(negss, __nv_vsubss2(0, a), __nv_vsubss4(0, a))
__CUMETAL_SIMD_UNARY(absss, __nv_vmaxs2(a, __nv_vnegss2(a)),
                     __nv_vmaxs4(a, __nv_vnegss4(a)))

/* Sums of absolute differences: the lanes of absdiff added up. */
__CUMETAL_LD__ int __cumetal_lane_sum(int v, int w) {
  int s = 0;
  for (int i = 0; i < 32 / w; ++i)
    s += __cumetal_lane((unsigned)v, w, i, 0);
  return s;
}

extern "C" __device__ int __nv_vsads2(int a, int b) {
  return __cumetal_lane_sum(__nv_vabsdiffs2(a, b), 16);
}
extern "C" __device__ int __nv_vsads4(int a, int b) {
  return __cumetal_lane_sum(__nv_vabsdiffs4(a, b), 8);
}
extern "C" __device__ int __nv_vsadu2(int a, int b) {
  return __cumetal_lane_sum(__nv_vabsdiffu2(a, b), 16);
}
extern "C" __device__ int __nv_vsadu4(int a, int b) {
  return __cumetal_lane_sum(__nv_vabsdiffu4(a, b), 8);
}

//===- test/unit/air/AIRIntrinsicsTest.cpp - AIR name registry tests ------===//
//
// Real names from air-abi.md §4 must be known; plausible look-alikes (names
// other emitters invented, wrong suffixes, wrong signedness, types Apple has
// no op for) must not. Generic llvm.* intrinsics are classified per §4.8.
//
//===----------------------------------------------------------------------===//

#include "air/AIRIntrinsics.h"

#include "gtest/gtest.h"

using namespace cumetal::air;

namespace {

TEST(AIRIntrinsics, KnownNames) {
  const char *Names[] = {
      // §4.1 barriers and fences.
      "air.wg.barrier",
      "air.simdgroup.barrier",
      "air.atomic.fence",
      // §4.2 atomics.
      "air.atomic.global.add.u.i32",
      "air.atomic.global.add.s.i32",
      "air.atomic.global.add.f32",
      "air.atomic.global.sub.f32",
      "air.atomic.local.add.u.i32",
      "air.atomic.local.cmpxchg.weak.i32",
      "air.atomic.global.cmpxchg.weak.f32",
      "air.atomic.global.load.i32",
      "air.atomic.local.store.f32",
      "air.atomic.global.xchg.i32",
      "air.atomic.global.min.s.i32",
      "air.atomic.local.max.u.i32",
      "air.atomic.global.and.u.i32",
      "air.atomic.global.or.s.i32",
      "air.atomic.local.xor.u.i32",
      // §4.3 SIMD-group and quad-group ops.
      "air.simd_shuffle.f32",
      "air.simd_shuffle.s.i32",
      "air.simd_shuffle_up.f16",
      "air.simd_shuffle_down.u.i16",
      "air.simd_shuffle_xor.f32",
      "air.simd_shuffle_xor.u.i8",
      "air.simd_shuffle_and_fill_up.v2f32",
      "air.simd_shuffle_and_fill_down.s.v3i32",
      "air.simd_ballot.i64",
      "air.simd_vote_all.i64",
      "air.simd_vote_any.i64",
      "air.simd_all",
      "air.simd_any",
      "air.simd_sum.f32",
      "air.simd_sum.u.v4i32",
      "air.simd_min.s.i32",
      "air.simd_max.v4f16",
      "air.simd_prefix_inclusive_sum.f32",
      "air.simd_prefix_exclusive_sum.u.i32",
      "air.quad_shuffle.f32",
      "air.quad_shuffle_xor.s.i16",
      "air.quad_ballot.i64",
      "air.quad_vote_any.i64",
      // §4.4 simdgroup_matrix.
      "air.simdgroup_matrix_8x8_load.v64f32.p3f32",
      "air.simdgroup_matrix_8x8_load.v64f16.p1f16",
      "air.simdgroup_matrix_8x8_store.v64bf16.p1bf16",
      ("air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64f32.v64f32."
       "v64f32"),
      ("air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64f16.v64f16."
       "v64f32"),
      "air.simdgroup_matrix_8x8_init_filled.v64f16.f16",
      // §4.5 math, precise and fast.
      "air.sqrt.f16",
      "air.sqrt.f32",
      "air.sqrt.bf16",
      "air.fast_sqrt.f32",
      "air.rsqrt.v4f32",
      "air.fast_exp2.f32",
      "air.exp10.f16",
      "air.log2.f32",
      "air.fast_pow.f32",
      "air.powr.f32",
      "air.sin.f32",
      "air.fast_cos.v2f32",
      "air.atan2.f32",
      "air.tanh.f16",
      "air.sinpi.f32",
      "air.sincos.f32",
      "air.fast_sincos.f32",
      "air.floor.f32",
      "air.fract.f16",
      "air.fabs.f32",
      "air.fmin.f32",
      "air.fast_fmax.f32",
      "air.fma.f32",
      "air.fma.v4f16",
      "air.fast_clamp.f32",
      "air.nextafter.f32",
      // §4.5 integer and bit ops.
      "air.abs.s.i32",
      "air.min.u.i16",
      "air.max.s.i64",
      "air.min3.s.i32",
      "air.max3.u.i32",
      "air.mul_hi.u.i32",
      "air.mul_hi.s.i64",
      "air.mad_sat.u.i32",
      "air.clz.i32",
      "air.ctz.i64",
      "air.popcount.i16",
      "air.reverse_bits.i32",
      // §4.6 conversions.
      "air.convert.f.f32.u.i32",
      "air.convert.f.f32.s.i32",
      "air.convert.s.i32.f.f32",
      "air.convert.u.i64.f.f16",
      "air.convert.f.v2f32.u.v2i32",
      "air.convert.f.f16.f.f32",
      // §4.7 printf.
      "air.os_log",
  };
  for (const char *Name : Names)
    EXPECT_TRUE(isKnownAIRIntrinsic(Name)) << Name;
}

TEST(AIRIntrinsics, PlausibleFakes) {
  const char *Names[] = {
      // Names other emitters invented (air-abi.md §2.4, §4.9).
      "air.threadgroup_barrier",
      "air.simdgroup.shuffle",
      "air.mem.barrier.device",
      "air.mem_barrier",
      "air.thread_position_in_grid",
      "air.thread_position_in_grid.x",
      "air.thread_position_in_simdgroup",
      "air.get_global_id",
      // Barrier spellings with suffixes.
      "air.wg.barrier.i32",
      "air.barrier",
      // Atomics: wrong space, type, signedness or op.
      "air.atomic.global.add.f64",
      "air.atomic.global.add.u.i64",
      "air.atomic.global.add.i32",
      "air.atomic.global.and.f32",
      "air.atomic.global.load.u.i32",
      "air.atomic.device.add.u.i32",
      "air.atomic.global.cmpxchg.i32",
      "air.atomic.global.cmpxchg.strong.i32",
      "air.atomic.global.nand.u.i32",
      "air.atomic.global",
      "air.atomic.fence.i32",
      // SIMD ops: missing signedness, sign on floats, bad widths.
      "air.simd_shuffle.i32",
      "air.simd_shuffle.s.f32",
      "air.simd_shuffle.f64",
      "air.simd_shuffle.s.i64",
      "air.simd_shuffle.v8f32",
      "air.simd_shuffle.v1f32",
      "air.simd_shuffle.v04f32",
      "air.simd_shuffle",
      "air.simd_ballot.i32",
      "air.simd_ballot",
      "air.simd_vote_all.i32",
      "air.simd_sum.s.f32",
      "air.simd_all.i1",
      "air.quad_sum.f32",
      // simdgroup_matrix: wrong shapes, spaces, element types.
      "air.simdgroup_matrix_8x8_load.v64f32.p3f16",
      "air.simdgroup_matrix_8x8_load.v64f32.p4f32",
      "air.simdgroup_matrix_8x8_load.v32f32.p1f32",
      "air.simdgroup_matrix_8x8_load.v64i32.p1i32",
      "air.simdgroup_matrix_8x8_load.v64f32",
      "air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64f32.v64f32",
      ("air.simdgroup_matrix_8x8_multiply_accumulate.v64f16.v64f32.v64f16."
       "v64f32"),
      "air.simdgroup_matrix_8x8_init_filled.v64f16.f32",
      "air.simdgroup_matrix_4x4_load.v16f32.p1f32",
      // Math: no fast fma/nextafter, fast only in f32, no vector fmin/fmax,
      // no f64, no precise clamp, no sign on floats.
      "air.fast_fma.f32",
      "air.fast_sqrt.f16",
      "air.fast_exp2.bf16",
      "air.fast_nextafter.f32",
      "air.fmin.v4f32",
      "air.fast_fmax.v2f32",
      "air.sqrt.f64",
      "air.clamp.f32",
      "air.sqrt.s.f32",
      "air.sqrt",
      "air.sqrt.f32.f32",
      "air.fast_.f32",
      "air.sinf",
      "air.sin.float",
      // Integer ops: signedness required for arithmetic, absent on bit ops.
      "air.abs.i32",
      "air.min.i32",
      "air.mul_hi.i32",
      "air.mad_sat.s.i32",
      "air.clz.u.i32",
      "air.popcount.f32",
      "air.ctz.i128",
      // Conversions: kind/type mismatch, lane mismatch, identity, arity.
      "air.convert.f.i32.u.i32",
      "air.convert.s.f32.f.f32",
      "air.convert.f.v2f32.u.v4i32",
      "air.convert.f.f32.f.f32",
      "air.convert.f.f32",
      "air.convert.f.f32.x.i32",
      // Malformed.
      "air.",
      "air",
      "air..sqrt.f32",
      "air.sqrt..f32",
      "air.sqrt.f32.",
      "sqrt.f32",
      "llvm.sqrt.f32",
      "",
  };
  for (const char *Name : Names)
    EXPECT_FALSE(isKnownAIRIntrinsic(Name)) << Name;
}

TEST(AIRIntrinsics, LLVMAccepted) {
  const char *Names[] = {
      "llvm.memcpy.p1i8.p1i8.i64",
      "llvm.memset.p0i8.i64",
      "llvm.memmove.p3i8.p3i8.i32",
      "llvm.sqrt.f32",
      "llvm.exp2.v4f32",
      "llvm.log2.f16",
      "llvm.fabs.f32",
      "llvm.floor.f32",
      "llvm.rint.f32",
      "llvm.fma.f32",
      "llvm.fmuladd.f32",
      "llvm.minnum.f32",
      "llvm.maxnum.f16",
      "llvm.copysign.f32",
      "llvm.ctlz.i32",
      "llvm.cttz.i64",
      "llvm.ctpop.i32",
      "llvm.bswap.i32",
      "llvm.bitreverse.i32",
      "llvm.umin.i32",
      "llvm.smax.i64",
      "llvm.uadd.sat.i32",
      "llvm.sshl.sat.i16",
      "llvm.sadd.with.overflow.i32",
      "llvm.umul.with.overflow.i64",
      "llvm.assume",
      "llvm.lifetime.start.p0i8",
      "llvm.lifetime.end.p0i8",
      // Debug info, as in Apple's own -g output.
      "llvm.dbg.declare",
      "llvm.dbg.value",
      "llvm.dbg.label",
  };
  for (const char *Name : Names) {
    LLVMIntrinsicStatus S = classifyLLVMIntrinsic(Name);
    EXPECT_TRUE(S.isAccepted()) << Name << ": " << S.Reason.str();
    EXPECT_TRUE(S.Reason.empty()) << Name;
  }
}

TEST(AIRIntrinsics, LLVMRejected) {
  struct Case {
    const char *Name;
    const char *ReasonContains;
  };
  const Case Cases[] = {
      {"llvm.trap", "wedge"},
      {"llvm.debugtrap", "wedge"},
      {"llvm.sin.f32", "air.* math"},
      {"llvm.cos.v2f32", "air.* math"},
      {"llvm.tan.f32", "air.* math"}, // not even an LLVM 14 intrinsic
      {"llvm.pow.f32", "air.* math"},
      {"llvm.powi.f32.i32", "air.* math"},
      {"llvm.log10.f32", "air.* math"},
      {"llvm.exp10.f32", "air.* math"},
      {"llvm.ldexp.f32.i32", "air.* math"},
      {"llvm.minimum.f32", "air.* math"},
      {"llvm.maximum.f32", "air.* math"},
      {"llvm.nearbyint.f32", "air.* math"},
      {"llvm.roundeven.f32", "air.* math"},
      {"llvm.vector.reduce.add.v4i32", "vector reductions"},
      {"llvm.vector.reduce.fmax.v4f32", "vector reductions"},
      // Neither column: rejected as not known to be accepted.
      {"llvm.memcpy.inline.p0i8.p0i8.i64", "not known to be accepted"},
      {"llvm.fshl.i32", "not known to be accepted"},
      {"llvm.experimental.noalias.scope.decl", "not known to be accepted"},
      {"llvm.nvvm.read.ptx.sreg.tid.x", "not known to be accepted"},
      {"llvm.dbg.addr", "not known to be accepted"},
      // Not intrinsics at all.
      {"llvm.bogus", "not an LLVM 14 intrinsic"},
      {"air.sqrt.f32", "not an llvm.* intrinsic"},
  };
  for (const Case &C : Cases) {
    LLVMIntrinsicStatus S = classifyLLVMIntrinsic(C.Name);
    EXPECT_FALSE(S.isAccepted()) << C.Name;
    EXPECT_NE(S.Reason.find(C.ReasonContains), llvm::StringRef::npos)
        << C.Name << ": " << S.Reason.str();
  }
}

} // namespace

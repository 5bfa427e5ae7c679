//===- AIRBuiltins.h - Host implementations of air.* functions --*- C++ -*-===//
//
// The cpu backend's vocabulary: one table, keyed by the full AIR name
// (`air.fast_sin.f32`, `air.atomic.global.add.u.i32`, ...), that says for
// each supported function where its host implementation lives, whether
// AIRLowering may replace calls to it by plain IR (an LLVM intrinsic or a
// cast) and whether it is a rendezvous point (barrier or SIMD-group
// operation) that forces the threads of a threadgroup to run as fibers.
// The same table resolves the JIT's `air.*` and `__cumetal_*` symbols.
//
// It also holds the semantics of the SIMD-group operations: GridRunner
// collects one SimdSlot per arriving lane and resolveSimdGroup computes
// every lane's result.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_AIRBUILTINS_H
#define CUMETAL_RUNTIME_CPU_AIRBUILTINS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace cumetal::cpu {

/// How AIRLowering may realise a call without calling the host.
enum class InlineKind : uint8_t {
  None,      ///< call the host implementation
  Intrinsic, ///< an LLVM intrinsic overloaded on the result type
  CountBits, ///< llvm.ctlz/cttz with is_zero_poison = false
  Rsqrt,     ///< 1 / sqrt(x)
  Clamp,     ///< minnum(maxnum(x, lo), hi)
  MulHi,     ///< high half of the double-width product
  Convert,   ///< a cast chosen by the kinds in the name
  Identity,  ///< returns its first argument (abs.u.*)
};

struct AIRFunction {
  std::string Name;
  void *Host = nullptr; ///< null when the function is only lowered inline
  InlineKind Inline = InlineKind::None;
  unsigned IntrinsicID = 0; ///< llvm::Intrinsic::ID for InlineKind::Intrinsic
  bool Signed = false;      ///< MulHi: signed operands
  /// Barriers and SIMD-group operations: the threads of a threadgroup
  /// must run as fibers.
  bool Rendezvous = false;
};

/// The entry for \p Name (`air.*` or a `__cumetal_*` runtime hook), or null.
const AIRFunction *lookupAIRFunction(llvm::StringRef Name);

/// Number of entries, for tests and diagnostics.
size_t numAIRFunctions();

/// Runtime hooks that the prepared module calls.
/// `i8 addrspace(3)* ()`: this threadgroup's static threadgroup memory.
constexpr const char kThreadgroupBaseHook[] = "__cumetal_tg_static_base";
/// `void (i8* addr, i64 size, i64 align, i32 kind)`: checked mode.
constexpr const char kCheckAccessHook[] = "__cumetal_check_access";
/// `void (i64 site)`: the site number of the SIMD-group call that follows
/// (SimdSites.h).
constexpr const char kSimdSiteHook[] = "__cumetal_simd_site";

/// Access kinds passed to kCheckAccessHook.
enum class AccessKind : uint32_t { Load, Store, Atomic, Copy };
const char *accessKindName(AccessKind K);

//===----------------------------------------------------------------------===//
// SIMD-group operations
//===----------------------------------------------------------------------===//

enum class SimdOp : uint8_t {
  Barrier, ///< air.simdgroup.barrier: no data
  Shuffle,
  ShuffleUp,
  ShuffleDown,
  ShuffleXor,
  ShuffleAndFillUp,
  ShuffleAndFillDown,
  Ballot,
  VoteAll,
  VoteAny,
  All,
  Any,
  Sum,
  Min,
  Max,
  PrefixInclusiveSum,
  PrefixExclusiveSum,
  QuadShuffle,
  QuadShuffleUp,
  QuadShuffleDown,
  QuadShuffleXor,
  QuadShuffleAndFillUp,
  QuadShuffleAndFillDown,
  QuadBallot,
  QuadVoteAll,
  QuadVoteAny,
  QuadAll,
  QuadAny,
  QuadSum,
  QuadMin,
  QuadMax,
  QuadPrefixInclusiveSum,
  QuadPrefixExclusiveSum,
};

/// Element types, as the name suffix spells them.
enum class SimdType : uint8_t { F32, S8, U8, S16, U16, S32, U32, S64, U64 };

/// What one lane deposits at a SIMD-group operation. Values are bit patterns
/// zero-extended to 64 bits.
struct SimdSlot {
  SimdOp Op = SimdOp::Barrier;
  SimdType Type = SimdType::U32;
  uint64_t Value = 0;
  uint64_t Fill = 0; ///< shuffle_and_fill: the filling value
  uint32_t A = 0;    ///< lane, delta or mask
  uint32_t B = 0;    ///< shuffle_and_fill: modulo
};

/// Computes Results[L] for every lane L in \p Participants (bit L set) from
/// the slots those lanes deposited. Lanes outside the mask are neither read
/// nor written.
void resolveSimdGroup(const SimdSlot *Slots, uint32_t Participants,
                      uint64_t *Results);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_AIRBUILTINS_H

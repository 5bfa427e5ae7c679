//===- air/AIRIntrinsics.h - The AIR intrinsic vocabulary -------*- C++ -*-===//
//
// Classifies the names of body-less functions that may appear in an AIR
// module: the `air.*` functions Apple's GPU backend resolves by name
// (air-abi.md §4) and the generic `llvm.*` intrinsics it is known to accept
// or to reject at pipeline creation (air-abi.md §4.8).
//
// `air.*` names are matched by grammar: the dotted name is split into its
// operation and type-suffix parts, and each family (barriers, atomics, SIMD
// and quad ops, simdgroup_matrix, math, integer and bit ops, conversions)
// states which suffixes it takes. A name outside that vocabulary, such as
// `air.threadgroup_barrier` or `air.thread_position_in_grid.x`, is unknown.
// The registry is version-agnostic: it knows names, not which AIR version
// introduced them.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_AIRINTRINSICS_H
#define CUMETAL_AIR_AIRINTRINSICS_H

#include "llvm/ADT/StringRef.h"

namespace cumetal {
namespace air {

/// Whether \p Name (including the `air.` prefix) belongs to the AIR
/// intrinsic vocabulary of air-abi.md §4.
bool isKnownAIRIntrinsic(llvm::StringRef Name);

/// Whether Apple's backend accepts a generic LLVM intrinsic.
struct LLVMIntrinsicStatus {
  enum Kind { Accepted, Rejected };
  Kind Status = Rejected;
  /// Why the intrinsic is rejected (a static string); empty when accepted.
  llvm::StringRef Reason;

  bool isAccepted() const { return Status == Accepted; }
};

/// Classifies \p Name (including the `llvm.` prefix, with or without type
/// mangling) per air-abi.md §4.8. Anything not in the accepted column is
/// rejected; names that are not LLVM 14 intrinsics are rejected too.
LLVMIntrinsicStatus classifyLLVMIntrinsic(llvm::StringRef Name);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_AIRINTRINSICS_H

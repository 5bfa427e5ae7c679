//===- ptx/TargetRules.h - What each instruction needs of the target -*- C++
//-*-===//
//
// PTX instructions, modifiers, types and special registers appear in a
// given PTX ISA version and need a minimum target (sm_XX, sometimes an
// architecture-specific sm_XXa). ptxas rejects a module that uses one its
// `.version`/`.target` do not allow; so does the checker, with the same
// thresholds (the PTX ISA's "PTX ISA Notes" / "Target ISA Notes", checked
// against ptxas by test/lit/ptx/target-rules.test), so that cumetal never
// accepts PTX NVIDIA's own assembler would refuse.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_TARGETRULES_H
#define CUMETAL_PTX_TARGETRULES_H

#include "ptx/AST.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace cumetal {
namespace ptx {

/// A `.target`'s `sm_XX[a|f]`.
struct SmTarget {
  unsigned Sm = 0;
  /// `sm_90a`: architecture-specific features.
  bool ArchSpecific = false;
  static std::optional<SmTarget> parse(llvm::StringRef Name);
  std::string str() const;
};

/// What a construct needs: a target and a PTX ISA version.
struct Requirement {
  /// The construct, as named in the diagnostic (`redux.sync`, `.cluster`
  /// scope, `%clusterid`).
  std::string What;
  /// The least target; an architecture-specific one needs an sm_XXa/f
  /// target at least as high (exactly that sm with ExactTarget).
  SmTarget Target;
  bool ExactTarget = false;
  unsigned PtxMajor = 0, PtxMinor = 0;
  /// Where the construct is written.
  llvm::SMLoc Loc;
};

/// The requirements of \p I (its opcode, modifiers, types and special
/// register operands), those of the instruction before those of its
/// modifiers; usually none, at most a few.
std::vector<Requirement> requirementsOf(const Instruction &I);

/// The PTX ISA version \p T first appears in (0.0 if unknown).
std::pair<unsigned, unsigned> ptxVersionOfTarget(const SmTarget &T);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_TARGETRULES_H

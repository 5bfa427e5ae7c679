//===- air/AIRVerifier.h - AIR dialect verifier -----------------*- C++ -*-===//
//
// Checks that one AIR module (the module of one .metallib function entry)
// stays inside what Apple's loader and GPU backend are known to accept
// (air-abi.md §2-§4 and §6): the entry point and its `!air.kernel` node, the
// module flags and version metadata, agreement between the container's VERS
// tag, `!air.version` and the target triple, typed pointers in AIR address
// spaces only, no traps, and only known `air.*` / accepted `llvm.*`
// declarations.
//
// Every check is always reported, in a fixed order, so that tools and tests
// can key on the check ids. The verifier never modifies the module.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_AIRVERIFIER_H
#define CUMETAL_AIR_AIRVERIFIER_H

#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal {
namespace air {

enum class CheckStatus { Passed, Failed, Skipped };

/// "passed", "failed" or "skipped".
llvm::StringRef checkStatusName(CheckStatus S);

struct CheckResult {
  /// Stable kebab-case id, e.g. "air-kernel", "module-flags".
  std::string Check;
  /// The entry point this concerns ("" for module-wide checks).
  std::string Function;
  CheckStatus Status = CheckStatus::Passed;
  /// One line. For Failed: what is wrong, naming the offender; for Skipped:
  /// why the check does not apply. Empty for Passed.
  std::string Message;
};

/// What the container says about the function whose module is verified.
struct EntryPointInfo {
  std::string Name; ///< NAME tag
  uint8_t Type = 2; ///< TYPE tag (2 = kernel)
  /// VERS tag: AIR major, AIR minor, MSL major, MSL minor.
  std::optional<std::array<uint16_t, 4>> Vers;
};

/// `!air.version = !{!{i32 maj, i32 min, i32 patch}}`, if well formed.
std::optional<std::array<unsigned, 3>> readAIRVersion(const llvm::Module &M);

/// The numbers of `!air.language_version = !{!{!"Metal", i32 maj, i32 min,
/// i32 patch}}`, if well formed.
std::optional<std::array<unsigned, 3>>
readLanguageVersion(const llvm::Module &M);

/// The check ids in the order verifyAIRModule reports them.
const std::vector<std::string> &airCheckIds();

/// Runs every AIR check on \p M (the module of one metallib function entry)
/// and returns one result per check, in the order of airCheckIds().
std::vector<CheckResult> verifyAIRModule(const llvm::Module &M,
                                         const EntryPointInfo &E);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_AIRVERIFIER_H

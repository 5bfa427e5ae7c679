//===- tools/air_validate/LibraryValidator.h - metallib checks --*- C++ -*-===//
//
// The checks air_validate runs, as a library so that tests can run them on
// thousands of damaged inputs in-process: the container's structure (header,
// file size, offsets, tag grammar, hashes, reflection list, platform) and,
// per function, the AIR checks of air/AIRVerifier on its module.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TOOLS_AIR_VALIDATE_LIBRARYVALIDATOR_H
#define CUMETAL_TOOLS_AIR_VALIDATE_LIBRARYVALIDATOR_H

#include "air/AIRVerifier.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace cumetal {
namespace tools {

/// Runs every check on the bytes of a .metallib. Each check yields one
/// result (per function where it concerns one); a check that does not apply
/// to this container is Skipped, never Passed.
std::vector<air::CheckResult> validateLibrary(llvm::ArrayRef<uint8_t> Bytes);

} // namespace tools
} // namespace cumetal

#endif

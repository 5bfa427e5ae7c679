//===- air/MetallibEmitter.h - Pack AIR modules into a metallib -*- C++ -*-===//
//
// The last step of the pipeline: split a finished AIR module into one
// module per kernel (as Apple's air-lld does), check each with the AIR
// verifier, write it with LLVM 14's bitcode writer (which adds the Darwin
// wrapper for macOS triples) and pack the modules into a .metallib whose
// header and VERS tags follow from the module's triple and !air.version.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_METALLIBEMITTER_H
#define CUMETAL_AIR_METALLIBEMITTER_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal {
namespace air {

/// Builds the bytes of a .metallib holding every kernel listed in
/// \p M's !air.kernel. Fails, naming the kernel and the check, if a split
/// module does not pass the AIR verifier, and if \p M has no kernel.
llvm::Expected<std::vector<uint8_t>> emitMetallib(const llvm::Module &M);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_METALLIBEMITTER_H

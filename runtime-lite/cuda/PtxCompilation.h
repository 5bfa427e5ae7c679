//===- PtxCompilation.h - PTX of nvcc-built programs, compiled ---*- C++
//-*-===//
//
// The binary path (docs/binary-path.md): a program whose host side nvcc
// compiled registers NVIDIA fat binaries; the runtime compiles their PTX
// into a cumetal envelope by running cumetalc (-fatbin), the same compiler
// and pipeline as `cumetalc x.ptx`, once: the result is cached under a key
// of the PTX, the extra flags and the compiler's identity.
//
// The runtime runs the compiler as a separate program rather than linking
// the PTX frontend and the lowering into every executable: data still flows
// one way (compiler -> envelope -> runtime), and the runtime stays the size
// of a runtime.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_PTXCOMPILATION_H
#define CUMETAL_RUNTIME_CUDA_PTXCOMPILATION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cumetal::rt {

/// The envelope (docs/abi.md §2) of the PTX module \p ptx, with the extra
/// cumetalc options of $CUMETAL_PTX_FLAGS. Errors carry cumetalc's
/// diagnostics.
llvm::Expected<std::vector<uint8_t>> compilePtx(llvm::StringRef ptx);

/// The cumetalc the runtime runs: $CUMETAL_CUMETALC, else the one beside
/// libcudart.so's toolkit, the build tree's, the installed one, or the
/// first on PATH.
llvm::Expected<std::string> findCumetalc();

/// The folder of cached envelopes: $CUMETAL_CACHE_DIR, else
/// $XDG_CACHE_HOME/cumetal or ~/.cache/cumetal, with "/ptx" appended. Empty
/// when caching is off (CUMETAL_CACHE_DIR set to an empty string) or no
/// folder can be named.
std::string ptxCacheDir();

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_PTXCOMPILATION_H

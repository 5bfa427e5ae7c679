//===- frontend/PrecompiledPreinclude.h - Cached PCH of the pre-include -*- C++
//-*-===//
//
// Every CUDA compile starts with cumetal's pre-include, which pulls in the
// CUDA headers and Clang's CUDA headers: parsing them is most of the front
// end's time on a small file. Like a compiler cache, cumetalc keeps a
// precompiled header of the pre-include per distinct Clang command line in
// a cache folder, builds it on first use and checks, before each use, that
// none of the files it was built from has changed (size and modification
// time). The result is the same as including the header: Clang's PCH
// reader validates the language and target options too.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_FRONTEND_PRECOMPILEDPREINCLUDE_H
#define CUMETAL_FRONTEND_PRECOMPILEDPREINCLUDE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>
#include <vector>

namespace clang {
class CompilerInstance;
} // namespace clang

namespace cumetal {
namespace frontend {

/// A file a precompiled header was built from, and whether it is a system
/// header (for -MM).
struct PchSource {
  std::string path;
  bool system = false;
};

/// If \p CacheDir is not empty and \p Clang's invocation pre-includes
/// \p Include (as spelled on the command line; \p HeaderPath is the file),
/// replaces that include by a precompiled header from the cache, built now
/// if there is none or it is stale. \p CC1 (the invocation's arguments)
/// keys the cache. Returns true and the files the header covers in
/// \p Sources when the precompiled header is used; false leaves \p Clang
/// unchanged (no cache, or the header could not be built: the textual
/// include then reports any problem).
bool usePrecompiledPreinclude(clang::CompilerInstance &Clang,
                              llvm::ArrayRef<std::string> CC1,
                              llvm::StringRef Include,
                              llvm::StringRef HeaderPath,
                              llvm::StringRef CacheDir,
                              std::vector<PchSource> &Sources);

} // namespace frontend
} // namespace cumetal

#endif // CUMETAL_FRONTEND_PRECOMPILEDPREINCLUDE_H

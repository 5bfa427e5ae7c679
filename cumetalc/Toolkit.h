//===- cumetalc/Toolkit.h - Where cumetal's toolkit is -----------*- C++
//-*-===//
//
// cumetalc is installed as a CUDA toolkit directory (docs/toolkit.md):
// bin/{cumetalc,nvcc}, include/ (the CUDA headers), lib/ and lib64/ (the
// runtime under the names builds link: libcudart_static.a, libcudart.so,
// libcudadevrt.a), nvvm/libdevice/ (empty: cumetal's device library is
// lib/cumetal/libdevice.bc). Build systems find that layout from the
// compiler's path and from the `-v` lines nvcc prints, which this file
// produces too, together with the `--version` text CMake identifies nvcc by
// and the host link command (the same text for -v and for the real link).
//
// Run from its build tree, cumetalc uses the headers of the source tree and
// the libraries of the build tree instead.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_CUMETALC_TOOLKIT_H
#define CUMETAL_CUMETALC_TOOLKIT_H

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace cumetal {
namespace driver {

struct Toolkit {
  std::string root;          ///< nvcc's TOP
  std::string includeDir;    ///< the CUDA headers
  std::string libDir;        ///< the runtime libraries
  std::string deviceLibrary; ///< lib/cumetal/libdevice.bc
  std::string libdeviceDir;  ///< root/nvvm/libdevice (CMake checks it exists)
};

Toolkit locateToolkit(const char *Argv0);

/// The CUDA version cumetal's headers implement, as nvcc prints it.
constexpr const char *kCudaRelease = "12.0";
constexpr const char *kCudaVersion = "12.0.76";

/// What `--version` prints. CMake (before 4.1) identifies an nvcc-compatible
/// compiler by the line `nvcc: NVIDIA (R) Cuda compiler driver` and takes
/// the toolkit version from `V<major>.<minor>.<build>`.
void printVersion(llvm::raw_ostream &OS);

/// The host linker driver cumetalc links with (Clang's, in g++ mode).
std::string hostLinkerDriver();

/// The runtime libraries a program links, after its own objects and
/// libraries: the toolkit's library directory as `-L<dir>` (the text nvcc
/// calls LIBRARIES), then -lcudadevrt and -lcudart_static (or -lcudart, or
/// nothing) and their system dependencies.
enum class RuntimeFlavour { Static, Shared, None };
std::vector<std::string>
runtimeLinkArgs(const Toolkit &TK, RuntimeFlavour Flavour, bool DeviceRuntime);

/// Prints the `#$ NAME=value` lines nvcc prints under -v and --dryrun
/// (TOP, NVVMIR_LIBRARY_DIR, PATH, INCLUDES, LIBRARIES), which CMake parses.
void printEnvironment(const Toolkit &TK, llvm::raw_ostream &OS);

/// Prints one phase as nvcc prints it under -v and --dryrun: `#$ ` and the
/// command, with arguments quoted for a POSIX shell where they need it.
void printCommand(llvm::raw_ostream &OS, const std::vector<std::string> &Argv);

} // namespace driver
} // namespace cumetal

#endif // CUMETAL_CUMETALC_TOOLKIT_H

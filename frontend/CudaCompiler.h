//===- frontend/CudaCompiler.h - In-process Clang for .cu files -*- C++ -*-===//
//
// The CUDA frontend (DESIGN.md §3): Clang 14 runs in this process, once for
// the device half of a .cu file, producing the shared IR (an llvm::Module in
// the NVVM dialect), and once for the host half, producing a host object that
// embeds cumetal's envelope through -fcuda-include-gpubinary. Clang's own
// diagnostics go to the given stream with file, line and column.
//
// Nothing here knows about command-line flags: the driver fills the options.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_FRONTEND_CUDACOMPILER_H
#define CUMETAL_FRONTEND_CUDACOMPILER_H

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
class raw_ostream;
} // namespace llvm

namespace cumetal {
namespace frontend {

struct CudaCompileOptions {
  std::vector<std::string> includeDirs;       ///< -I
  std::vector<std::string> systemIncludeDirs; ///< -isystem
  std::vector<std::string> defines;           ///< -D NAME or NAME=VALUE
  std::vector<std::string> undefines;         ///< -U NAME
  std::string languageStandard;               ///< e.g. "c++17"; empty: Clang's
  std::string optLevel = "3";                 ///< 0, 1, 2, 3, s, z
  /// Directory with cumetal's CUDA headers (runtime-lite/include).
  std::string cudaHeaderDir;
  /// Extra arguments for the host compile only (from -Xcompiler).
  std::vector<std::string> hostArgs;
  /// Keep source locations (line tables) in the device IR, so that the
  /// lowering can report file:line:col. They are stripped before AIR.
  bool deviceLineTables = true;
  /// Contract a*b+c into fused multiply-adds in device code (nvcc's
  /// --fmad, on by default as in nvcc).
  bool fmad = true;
  /// cumetal's device math library (the __nv_* functions without a direct
  /// AIR counterpart) as LLVM bitcode, linked into every device module the
  /// way Clang links a builtin library: only the functions used, made
  /// internal. Empty: link nothing.
  std::string deviceLibrary;
};

/// Compiles the device half of \p Input into the shared IR. Returns null
/// after printing Clang's diagnostics to \p Diags.
std::unique_ptr<llvm::Module> compileDevice(llvm::StringRef Input,
                                            const CudaCompileOptions &Opts,
                                            llvm::LLVMContext &Ctx,
                                            llvm::raw_ostream &Diags);

/// Compiles the host half of \p Input (CUDA, or C++ when \p IsCuda is false)
/// to an object file at \p Output. For CUDA, \p GpuBinary names the file
/// whose bytes are embedded and registered (cumetal's envelope). Returns
/// false after printing diagnostics.
bool compileHost(llvm::StringRef Input, bool IsCuda, llvm::StringRef GpuBinary,
                 llvm::StringRef Output, const CudaCompileOptions &Opts,
                 llvm::raw_ostream &Diags);

/// Links \p Objects (and extra linker arguments, e.g. -L/-l) into an
/// executable with the host linker through Clang's driver. Returns false
/// after printing diagnostics.
bool linkExecutable(const std::vector<std::string> &Objects,
                    const std::vector<std::string> &LinkArgs,
                    llvm::StringRef Output, llvm::raw_ostream &Diags);

} // namespace frontend
} // namespace cumetal

#endif // CUMETAL_FRONTEND_CUDACOMPILER_H

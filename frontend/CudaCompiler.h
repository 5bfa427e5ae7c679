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

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

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
  /// Macros for the device half only (e.g. __CUDA_ARCH__ for the
  /// architecture the user asked for; Clang's own is that of sm_80).
  std::vector<std::string> deviceDefines;
  std::vector<std::string> deviceUndefines;
  /// Headers included before the source (-include).
  std::vector<std::string> preIncludes;
  /// Host debug information (-g).
  bool hostDebugInfo = false;
  /// No warnings (-w); warnings are errors (-Werror).
  bool noWarnings = false;
  bool warningsAsErrors = false;
  /// Extra warning options for both halves (-Wno-deprecated-declarations).
  std::vector<std::string> warningOptions;
  /// Relocatable device code (Clang's -fgpu-rdc): device functions and
  /// variables visible across files, host registration through
  /// __cudaRegisterLinkedBinary_<id>, which the device link defines. Both
  /// halves of a file need the same compilation unit id (\c cuid).
  bool relocatable = false;
  std::string cuid;
  /// Folder of cached precompiled pre-includes (PrecompiledPreinclude.h);
  /// empty: include the pre-include as text.
  std::string pchCacheDir;
};

/// The files a compile reads, for dependency files (-M, -MD, ...): the
/// source first, then headers in the order they were entered.
struct Dependencies {
  bool includeSystemHeaders = true; ///< false for -MM/-MMD
  std::vector<std::string> files;
};

/// Compiles the device half of \p Input into the shared IR. Returns null
/// after printing Clang's diagnostics to \p Diags.
std::unique_ptr<llvm::Module> compileDevice(llvm::StringRef Input,
                                            const CudaCompileOptions &Opts,
                                            llvm::LLVMContext &Ctx,
                                            llvm::raw_ostream &Diags,
                                            Dependencies *Deps = nullptr);

/// Compiles the host half of \p Input (CUDA, or C++ when \p IsCuda is false)
/// to an object file at \p Output. For CUDA, \p GpuBinary names the file
/// whose bytes are embedded and registered (cumetal's envelope). Returns
/// false after printing diagnostics.
bool compileHost(llvm::StringRef Input, bool IsCuda, llvm::StringRef GpuBinary,
                 llvm::StringRef Output, const CudaCompileOptions &Opts,
                 llvm::raw_ostream &Diags, Dependencies *Deps = nullptr);

/// The host half of a .cu file, compiled before its device half is done:
/// startHostCompile parses, generates and optimises the host module with a
/// placeholder where the envelope goes; finishHostCompile puts the real
/// envelope there and emits the object. The driver runs the device half on
/// another thread meanwhile.
class HostCompilation;
void destroyHostCompilation(HostCompilation *HC);
struct HostCompilationDeleter {
  void operator()(HostCompilation *HC) const { destroyHostCompilation(HC); }
};
using HostCompilationPtr =
    std::unique_ptr<HostCompilation, HostCompilationDeleter>;

/// Null after printing diagnostics to \p Diags.
HostCompilationPtr startHostCompile(llvm::StringRef Input,
                                    const CudaCompileOptions &Opts,
                                    llvm::raw_ostream &Diags,
                                    Dependencies *Deps = nullptr);
bool finishHostCompile(HostCompilation &HC, llvm::ArrayRef<uint8_t> Envelope,
                       llvm::StringRef Output, llvm::raw_ostream &Diags);

/// Which half of a .cu file a preprocessing run sees.
enum class Half { Host, Device };

/// Preprocesses \p Input (CUDA, or C++ when \p IsCuda is false) as the
/// given half sees it. Writes the result to \p Output ("-": standard
/// output) unless it is empty, and collects the files read into \p Deps
/// if given. Returns false after printing diagnostics.
bool preprocess(llvm::StringRef Input, bool IsCuda, Half H,
                llvm::StringRef Output, const CudaCompileOptions &Opts,
                llvm::raw_ostream &Diags, Dependencies *Deps);

/// The Clang command lines cumetalc runs in-process for the device and the
/// host half of \p Input, for -v and --dryrun.
std::vector<std::string> deviceCommand(llvm::StringRef Input,
                                       const CudaCompileOptions &Opts);
std::vector<std::string> hostCommand(llvm::StringRef Input, bool IsCuda,
                                     llvm::StringRef GpuBinary,
                                     llvm::StringRef Output,
                                     const CudaCompileOptions &Opts);

/// Links \p Objects (and extra linker arguments, e.g. -L/-l) into an
/// executable with the host linker through Clang's driver. Returns false
/// after printing diagnostics.
bool linkExecutable(const std::vector<std::string> &Objects,
                    const std::vector<std::string> &LinkArgs,
                    llvm::StringRef Output, llvm::raw_ostream &Diags);

/// The host link command linkExecutable runs (argv[0] is "clang++").
std::vector<std::string> linkCommand(const std::vector<std::string> &Objects,
                                     const std::vector<std::string> &LinkArgs,
                                     llvm::StringRef Output);

} // namespace frontend
} // namespace cumetal

#endif // CUMETAL_FRONTEND_CUDACOMPILER_H

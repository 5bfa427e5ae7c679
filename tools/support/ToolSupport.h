//===- tools/support/ToolSupport.h - Shared code of the tools ---*- C++ -*-===//
//
// What air_inspect and air_validate both need: reading a file whole,
// parsing a metallib function's stored module with LLVM 14's bitcode
// reader, and summarising the AIR metadata Apple's loader looks at.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TOOLS_SUPPORT_TOOLSUPPORT_H
#define CUMETAL_TOOLS_SUPPORT_TOOLSUPPORT_H

#include "metallib/Metallib.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cumetal {
namespace tools {

/// Reads \p Path whole ("-" is standard input).
llvm::Expected<std::vector<uint8_t>> readFileBytes(const std::string &Path);

/// Reads the metallib a tool should look at from \p Path: a .metallib as
/// is, or, for an executable or object built by cumetalc, the metallib of
/// the first cumetal envelope embedded in it (docs/abi.md §2). Anything
/// else is returned unchanged, for the metallib reader to reject.
llvm::Expected<std::vector<uint8_t>> readMetallibBytes(const std::string &Path);

/// Writes \p Bytes to \p Path atomically: a temporary file renamed into
/// place, so a failure never leaves a partial output file.
llvm::Error writeFileBytes(const std::string &Path,
                           llvm::ArrayRef<uint8_t> Bytes);

/// Checks the Darwin bitcode wrapper of a stored module and parses the
/// bitcode it wraps.
llvm::Expected<std::unique_ptr<llvm::Module>>
parseStoredModule(const metallib::Function &F, llvm::LLVMContext &Ctx);

/// One argument node of an !air.kernel entry.
struct KernelArgument {
  unsigned Index = 0;
  std::string Kind; ///< e.g. "air.buffer", "air.thread_position_in_grid"
  std::optional<unsigned> LocationIndex, AddressSpace, TypeSize, TypeAlign;
  std::string Access, TypeName, Name;
};

/// The AIR-level facts of one module that the tools report.
struct ModuleSummary {
  std::string Triple, SourceFileName, Ident;
  std::optional<std::array<unsigned, 3>> AIRVersion;
  std::string Language;
  std::optional<std::array<unsigned, 3>> LanguageVersion;
  std::optional<std::pair<unsigned, unsigned>> SDKVersion;
  std::vector<std::string> CompileOptions;
  bool HasKernelNode = false;
  std::vector<KernelArgument> Arguments;
  unsigned DefinedFunctions = 0, DeclaredFunctions = 0, Globals = 0;
};
ModuleSummary summarizeModule(const llvm::Module &M,
                              const std::string &EntryPoint);

std::string hexString(llvm::ArrayRef<uint8_t> Bytes);

/// "1.2.7", and the platform's name for a Mach-O platform id.
std::string containerVersion(const metallib::Header &H);
llvm::StringRef platformName(uint8_t Platform);

} // namespace tools
} // namespace cumetal

#endif

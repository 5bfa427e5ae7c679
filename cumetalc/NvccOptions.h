//===- cumetalc/NvccOptions.h - nvcc's command-line grammar ------*- C++
//-*-===//
//
// cumetalc accepts nvcc's command line (docs/nvcc-options.md): every option
// has a long name (`--gpu-architecture`) and usually a short one (`-arch`),
// either spelled with one or two dashes; values follow `=` or come as the
// next argument, and a few short options take them glued (`-Idir`, `-DX`,
// `-O3`); list options split their values at commas and may repeat;
// `--options-file` (and `@file`) splice in more arguments.
//
// This file holds the table of every option cumetalc knows, each with its
// class — honoured, accepted and ignored (reported under -v with the
// reason), or rejected with an error naming it — and the parser that turns
// an nvcc-style argument vector into one canonical spelling per value
// (`--long-name=value`), which the driver's CLI11 parser then binds.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_CUMETALC_NVCCOPTIONS_H
#define CUMETAL_CUMETALC_NVCCOPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace cumetal {
namespace driver {

enum class OptionArity {
  Flag,  ///< no value
  Value, ///< one value; the last occurrence wins
  List,  ///< values split at commas; repeatable
  /// One value per occurrence, not split (e.g. `-gencode arch=...,code=...`);
  /// repeatable.
  Repeated,
};

enum class OptionClass {
  Honoured, ///< changes what cumetalc does
  Ignored,  ///< accepted, has no effect here; listed under -v
  Rejected, ///< an error naming the option and why
};

struct OptionInfo {
  llvm::StringRef longName;  ///< without dashes, e.g. "gpu-architecture"
  llvm::StringRef shortName; ///< without the dash, e.g. "arch"; may be empty
  OptionArity arity;
  OptionClass cls;
  /// The short name takes its value glued on (`-Idir`, `-O3`, `-DX`).
  bool glued;
  /// Help text (honoured), the reason it has no effect (ignored), or why it
  /// is an error (rejected).
  llvm::StringRef help;

  /// The name CLI11 knows the option by: `--long-name`, or `-x` for a
  /// one-letter long name.
  std::string cliName() const;
};

/// Every option cumetalc knows, in the order `--help` lists them.
llvm::ArrayRef<OptionInfo> optionTable();

/// The result of reading a command line in nvcc's grammar.
struct NvccCommandLine {
  /// One argument per option value, spelled `--long-name=value` (or
  /// `--long-name` for flags, `-x value` for one-letter names), and the
  /// inputs, for CLI11.
  std::vector<std::string> canonical;
  /// Ignored options as the user spelled them, each with the reason.
  std::vector<std::pair<std::string, std::string>> ignored;
  /// Unknown options passed on to the host compiler
  /// (-forward-unknown-to-host-compiler) or linker
  /// (-forward-unknown-to-host-linker).
  std::vector<std::string> forwardedToHostCompiler;
  std::vector<std::string> forwardedToHostLinker;
};

/// Reads \p Args (without argv[0]) in nvcc's grammar. Errors (an unknown or
/// rejected option, a missing value, an unreadable options file) name the
/// option as the user spelled it.
llvm::Expected<NvccCommandLine>
parseNvccCommandLine(llvm::ArrayRef<std::string> Args);

/// Splits an nvcc list value at commas, keeping `[...]` and quoted groups
/// together (`code=[sm_80,compute_80]` is one element).
std::vector<std::string> splitListValue(llvm::StringRef Value);

} // namespace driver
} // namespace cumetal

#endif // CUMETAL_CUMETALC_NVCCOPTIONS_H

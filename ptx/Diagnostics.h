//===- ptx/Diagnostics.h - Diagnostics of the PTX frontend ------*- C++ -*-===//
//
// Every message of the PTX frontend goes through one Diagnostics object: it
// turns a source location into `file:line:col: error: message`, the source
// line and a caret (llvm::SourceMgr, the format clang and llc use), prints
// it to a stream if one is given and keeps it, so that tests can compare
// messages and positions exactly.
//
// The number of errors is capped: after the limit the frontend stops
// (tooManyErrors()), which also bounds the work malformed input can cause.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_DIAGNOSTICS_H
#define CUMETAL_PTX_DIAGNOSTICS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SourceMgr.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace cumetal {
namespace ptx {

/// One reported message, with its position already resolved.
struct Diagnostic {
  llvm::SourceMgr::DiagKind Kind;
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0; // 1-based
  std::string Message;
};

class Diagnostics {
public:
  /// \p OS, when not null, receives every message as it is reported.
  explicit Diagnostics(llvm::SourceMgr &SM, llvm::raw_ostream *OS = nullptr)
      : SM(SM), OS(OS) {}

  void error(llvm::SMLoc Loc, const llvm::Twine &Msg,
             llvm::ArrayRef<llvm::SMRange> Ranges = {});
  void warning(llvm::SMLoc Loc, const llvm::Twine &Msg);
  void note(llvm::SMLoc Loc, const llvm::Twine &Msg);

  unsigned errorCount() const { return Errors; }
  bool hasErrors() const { return Errors != 0; }
  /// True once the error limit has been reached; the parser and the checker
  /// stop then. A note after the last error says so.
  bool tooManyErrors() const { return Errors >= Limit; }
  void setErrorLimit(unsigned N) { Limit = N ? N : 1; }

  const std::vector<Diagnostic> &diagnostics() const { return Diags; }
  llvm::SourceMgr &sourceMgr() { return SM; }

  /// Line and column (1-based) of \p Loc.
  std::pair<unsigned, unsigned> lineAndColumn(llvm::SMLoc Loc) const;

private:
  void report(llvm::SourceMgr::DiagKind Kind, llvm::SMLoc Loc,
              const llvm::Twine &Msg, llvm::ArrayRef<llvm::SMRange> Ranges);
  void emit(llvm::SourceMgr::DiagKind Kind, llvm::SMLoc Loc,
            const llvm::Twine &Msg, llvm::ArrayRef<llvm::SMRange> Ranges);

  llvm::SourceMgr &SM;
  llvm::raw_ostream *OS;
  std::vector<Diagnostic> Diags;
  unsigned Errors = 0;
  unsigned Limit = 50;
  bool LimitReported = false;
};

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_DIAGNOSTICS_H

//===- ptx/Diagnostics.cpp - Diagnostics of the PTX frontend --------------===//
//
// Formats messages with llvm::SourceMgr (file:line:col, source line, caret)
// and records them. See Diagnostics.h.
//
//===----------------------------------------------------------------------===//

#include "ptx/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

std::pair<unsigned, unsigned> Diagnostics::lineAndColumn(SMLoc Loc) const {
  if (!Loc.isValid() || !SM.FindBufferContainingLoc(Loc))
    return {0, 0};
  return SM.getLineAndColumn(Loc);
}

void Diagnostics::report(SourceMgr::DiagKind Kind, SMLoc Loc, const Twine &Msg,
                         ArrayRef<SMRange> Ranges) {
  // Past the limit everything is dropped, notes included.
  if (LimitReported)
    return;
  if (Kind == SourceMgr::DK_Error)
    ++Errors;
  emit(Kind, Loc, Msg, Ranges);
  if (Kind == SourceMgr::DK_Error && Errors >= Limit) {
    LimitReported = true;
    emit(SourceMgr::DK_Note, Loc,
         "too many errors (" + Twine(Limit) + "), stopping now", {});
  }
}

void Diagnostics::emit(SourceMgr::DiagKind Kind, SMLoc Loc, const Twine &Msg,
                       ArrayRef<SMRange> Ranges) {
  // A location outside every buffer (or none at all) still gets a message,
  // just without a position.
  if (Loc.isValid() && !SM.FindBufferContainingLoc(Loc))
    Loc = SMLoc();
  // Ranges outside the location's buffer would trip SourceMgr's asserts.
  SmallVector<SMRange, 2> Good;
  if (Loc.isValid()) {
    unsigned Buf = SM.FindBufferContainingLoc(Loc);
    for (SMRange R : Ranges)
      if (R.isValid() && SM.FindBufferContainingLoc(R.Start) == Buf &&
          SM.FindBufferContainingLoc(R.End) == Buf)
        Good.push_back(R);
  }
  SMDiagnostic D = SM.GetMessage(Loc, Kind, Msg, Good);
  Diagnostic Rec;
  Rec.Kind = Kind;
  Rec.File = D.getFilename().str();
  Rec.Line = D.getLineNo() > 0 ? unsigned(D.getLineNo()) : 0;
  Rec.Column = D.getColumnNo() >= 0 ? unsigned(D.getColumnNo()) + 1 : 0;
  Rec.Message = D.getMessage().str();
  Diags.push_back(std::move(Rec));
  if (OS)
    D.print(nullptr, *OS, /*ShowColors=*/false);
}

void Diagnostics::error(SMLoc Loc, const Twine &Msg, ArrayRef<SMRange> Ranges) {
  report(SourceMgr::DK_Error, Loc, Msg, Ranges);
}

void Diagnostics::warning(SMLoc Loc, const Twine &Msg) {
  report(SourceMgr::DK_Warning, Loc, Msg, {});
}

void Diagnostics::note(SMLoc Loc, const Twine &Msg) {
  report(SourceMgr::DK_Note, Loc, Msg, {});
}

} // namespace ptx
} // namespace cumetal

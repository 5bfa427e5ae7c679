//===- test/unit/ptx/PtxTestSupport.h - Helpers of the PTX tests -*- C++
//-*-===//
//
// Parses (and optionally checks) a PTX snippet held in a string and keeps
// the SourceMgr, the diagnostics and the module together, so that tests
// can compare messages as "line:col: message" and walk the AST.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TEST_UNIT_PTX_PTXTESTSUPPORT_H
#define CUMETAL_TEST_UNIT_PTX_PTXTESTSUPPORT_H

#include "ptx/AST.h"
#include "ptx/Checker.h"
#include "ptx/Diagnostics.h"
#include "ptx/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace cumetal {
namespace ptx {
namespace test {

struct Parsed {
  std::unique_ptr<llvm::SourceMgr> SM;
  std::unique_ptr<Diagnostics> Diags;
  std::unique_ptr<Module> M;

  /// Errors (and warnings/notes when \p All) as "line:col: message".
  std::vector<std::string> messages(bool All = false) const {
    std::vector<std::string> Out;
    for (const Diagnostic &D : Diags->diagnostics()) {
      if (!All && D.Kind != llvm::SourceMgr::DK_Error)
        continue;
      std::string Prefix;
      if (All)
        Prefix = D.Kind == llvm::SourceMgr::DK_Error     ? "error: "
                 : D.Kind == llvm::SourceMgr::DK_Warning ? "warning: "
                                                         : "note: ";
      Out.push_back(std::to_string(D.Line) + ":" + std::to_string(D.Column) +
                    ": " + Prefix + D.Message);
    }
    return Out;
  }
  bool ok() const { return !Diags->hasErrors(); }
  /// The function named \p Name.
  Function *function(llvm::StringRef Name) const {
    for (auto &Item : M->Items)
      if (auto *F = llvm::dyn_cast<Function>(Item.get()))
        if (F->Name == Name)
          return F;
    return nullptr;
  }
};

inline Parsed parse(llvm::StringRef Text, bool Check = true,
                    llvm::StringRef Name = "test.ptx") {
  Parsed P;
  P.SM = std::make_unique<llvm::SourceMgr>();
  unsigned ID = P.SM->AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(Text, Name), llvm::SMLoc());
  P.Diags = std::make_unique<Diagnostics>(*P.SM);
  P.M = parseModule(ID, *P.Diags);
  if (Check && !P.Diags->tooManyErrors())
    checkModule(*P.M, *P.Diags);
  return P;
}

/// The lines every kernel() snippet starts with; the body begins on line
/// 10 (column 3 with the two-space indent the tests use). The target,
/// sm_90a, has every feature the target checks know of (wgmma exists only
/// there), so snippets of any instruction family check.
inline const char *kernelPrologue() {
  return ".version 9.0\n"                        // 1
         ".target sm_90a\n"                      // 2
         ".address_size 64\n"                    // 3
         ".visible .entry k(.param .u64 k_p0)\n" // 4
         "{\n"                                   // 5
         "  .reg .pred %p<4>;\n"                 // 6
         "  .reg .b32 %r<10>;\n"                 // 7
         "  .reg .b64 %rd<10>;\n"                // 8
         "  .reg .f32 %f<10>;\n";                // 9
}

/// A module with one kernel whose body is \p Body (starting at line 10).
inline std::string kernel(llvm::StringRef Body) {
  return std::string(kernelPrologue()) + Body.str() + "}\n";
}

/// The body of the first function's first block.
inline StatementList &body(const Parsed &P) {
  for (auto &Item : P.M->Items)
    if (auto *F = llvm::dyn_cast<Function>(Item.get()))
      if (F->Body)
        return F->Body->Body;
  static StatementList Empty;
  return Empty;
}

/// The \p N-th instruction (0-based) of the first function body.
inline Instruction *instr(const Parsed &P, unsigned N) {
  for (auto &S : body(P))
    if (auto *I = llvm::dyn_cast<Instruction>(S.get()))
      if (N-- == 0)
        return I;
  return nullptr;
}

inline std::string printed(const Module &M) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  M.print(OS);
  return OS.str();
}

} // namespace test
} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_TEST_UNIT_PTX_PTXTESTSUPPORT_H

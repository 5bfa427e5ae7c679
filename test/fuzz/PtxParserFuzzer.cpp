//===- test/fuzz/PtxParserFuzzer.cpp - Fuzz the PTX parser and checker ----===//
//
// libFuzzer target: any byte string is lexed, parsed and checked; malformed
// input must end in diagnostics, never in a crash, a hang, unbounded
// recursion or a leak (under AddressSanitizer). When the input is valid
// PTX, the printed module must parse and check again without errors and
// print identically (the printer and the parser agree). Anything else
// aborts and is a finding.
//
//===----------------------------------------------------------------------===//

#include "ptx/AST.h"
#include "ptx/Checker.h"
#include "ptx/Diagnostics.h"
#include "ptx/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace cumetal::ptx;
using namespace llvm;

namespace {

/// Parses and checks \p Text; sets \p Printed to the printed module when
/// there were no errors. Returns whether there were none.
bool parsePrint(StringRef Text, std::string &Printed) {
  SourceMgr SM;
  unsigned ID = SM.AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(Text, "fuzz.ptx"), SMLoc());
  Diagnostics Diags(SM);
  std::unique_ptr<Module> M = parseModule(ID, Diags);
  if (!M)
    abort(); // parseModule always returns a module
  if (!Diags.tooManyErrors())
    checkModule(*M, Diags);
  if (Diags.hasErrors())
    return false;
  raw_string_ostream OS(Printed);
  M->print(OS);
  OS.flush();
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Text(reinterpret_cast<const char *>(Data), Size);
  std::string Once;
  if (!parsePrint(Text, Once))
    return 0;
  std::string Twice;
  if (!parsePrint(Once, Twice))
    abort(); // the printed form of valid PTX does not parse back
  if (Twice != Once)
    abort(); // printing is not a fixed point
  return 0;
}

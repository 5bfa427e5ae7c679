//===- test/unit/ptx/PtxParseFiles.cpp - Parse and check PTX files --------===//
//
// ptx_parse_check FILE...: a test-only driver of the PTX frontend. Parses
// and checks every file, prints the diagnostics (file:line:col: error: ...
// with the source line and a caret) and a summary line per file with
// --verbose. Exits 1 if any file has an error, 2 on a usage error (a file
// that cannot be read). Used by the nvcc corpus test (test/ptx-corpus/).
//
//===----------------------------------------------------------------------===//

#include "ptx/Diagnostics.h"
#include "ptx/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;
using namespace cumetal::ptx;

int main(int argc, char **argv) {
  bool Verbose = false, Print = false;
  std::vector<const char *> Files;
  for (int I = 1; I < argc; ++I) {
    if (!std::strcmp(argv[I], "--verbose") || !std::strcmp(argv[I], "-v"))
      Verbose = true;
    else if (!std::strcmp(argv[I], "--print"))
      Print = true;
    else
      Files.push_back(argv[I]);
  }
  if (Files.empty()) {
    errs() << "usage: ptx_parse_check [--verbose] [--print] FILE.ptx...\n";
    return 2;
  }
  int Status = 0;
  for (const char *File : Files) {
    auto Buf = MemoryBuffer::getFileOrSTDIN(File);
    if (!Buf) {
      errs() << File << ": error: " << Buf.getError().message() << "\n";
      Status = 2;
      continue;
    }
    SourceMgr SM;
    unsigned ID = SM.AddNewSourceBuffer(std::move(*Buf), SMLoc());
    Diagnostics Diags(SM, &errs());
    auto M = parseAndCheck(ID, Diags);
    if (Diags.hasErrors()) {
      if (Status == 0)
        Status = 1;
    } else if (Print && M) {
      M->print(outs());
    }
    if (Verbose)
      outs() << File << ": " << (Diags.hasErrors() ? "FAILED (" : "ok (")
             << Diags.errorCount() << " errors)\n";
  }
  return Status;
}

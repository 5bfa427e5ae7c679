//===- cumetalc/Driver.cpp - The cumetalc command line --------------------===//
//
// cumetalc's driver. This first increment packs AIR modules (LLVM IR text
// or bitcode, `-x air`) into a .metallib with the project's own writer; the
// CUDA (.cu) and PTX frontends plug in ahead of the same emitter.
//
// Exit status: 0 success, 1 compile error, 2 usage error. On failure no
// output file is left behind.
//
//===----------------------------------------------------------------------===//

#include "air/MetallibEmitter.h"

#include "CLI/CLI.hpp"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

int error(const Twine &Msg) {
  WithColor::error(errs(), "cumetalc") << Msg << "\n";
  return 1;
}

int usage(const Twine &Msg) {
  WithColor::error(errs(), "cumetalc") << Msg << "\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"cumetalc: CUDA to Apple Metal (AIR) ahead-of-time compiler"};
  std::vector<std::string> Inputs;
  std::string Output, Language, Emit = "metallib";
  App.add_option("inputs", Inputs, "input files")->required();
  App.add_option("-o", Output, "output file");
  App.add_option("-x", Language,
                 "input language: air (an AIR module as LLVM IR text or "
                 "bitcode)");
  App.add_option("--emit", Emit, "what to produce: metallib")
      ->check(CLI::IsMember({"metallib"}));
  try {
    App.parse(argc, argv);
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    App.exit(E);
    return 2;
  }

  if (Language.empty())
    return usage("cannot infer the input language yet: pass '-x air' (the "
                 "CUDA and PTX frontends are not built into this version)");
  if (Language != "air")
    return usage("input language '" + Language +
                 "' is not supported by this version (supported: air)");
  if (Inputs.size() != 1)
    return usage("-x air takes exactly one input module");
  const std::string &Input = Inputs.front();
  if (Output.empty()) {
    SmallString<128> Default(sys::path::filename(Input));
    sys::path::replace_extension(Default, "metallib");
    Output = std::string(Default);
  }

  LLVMContext Ctx;
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseIRFile(Input, Diag, Ctx);
  if (!M) {
    Diag.print(nullptr, errs());
    return 1;
  }
  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(*M, &BrokenOS))
    return error(Input + ": invalid LLVM IR: " + BrokenOS.str());

  auto Bytes = cumetal::air::emitMetallib(*M);
  if (!Bytes)
    return error(Input + ": " + toString(Bytes.takeError()));
  if (Error E = writeFileAtomically(
          Output + ".tmp-%%%%%%", Output,
          StringRef(reinterpret_cast<const char *>(Bytes->data()),
                    Bytes->size())))
    return error("cannot write '" + Output + "': " + toString(std::move(E)));
  return 0;
}

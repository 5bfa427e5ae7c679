//===- cumetalc/Driver.cpp - The cumetalc command line --------------------===//
//
// cumetalc's driver: parses the command line (CLI11), plans the phases and
// runs them. For each .cu input: the device half goes through the CUDA
// frontend to the shared IR, the generic lowering tier to AIR and the
// metallib emitter; the metallib and what the runtime needs to launch its
// kernels are wrapped in cumetal's envelope (docs/abi.md), which the host
// half embeds. Host objects, .cpp and .o inputs are then linked with
// runtime-lite by the host linker. `-x air` packs a ready AIR module.
//
// Nothing below the driver knows about flags: the frontend and the lowering
// take option structs. Exit status: 0 success, 1 compile error, 2 usage
// error. Outputs are written atomically and temporary files are removed, so
// a failure leaves no partial output.
//
//===----------------------------------------------------------------------===//

#include "air/MetallibEmitter.h"
#include "air/lower/Passes.h"
#include "frontend/CudaCompiler.h"
#include "metallib/Envelope.h"

#include "CLI/CLI.hpp"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace cumetal;

namespace {

int error(const Twine &Msg) {
  WithColor::error(errs(), "cumetalc") << Msg << "\n";
  return 1;
}

int usage(const Twine &Msg) {
  WithColor::error(errs(), "cumetalc") << Msg << "\n";
  return 2;
}

/// Writes \p Text to \p Path through a temporary file renamed into place,
/// or to standard output for "-".
Error writeAtomically(StringRef Path, StringRef Text) {
  if (Path == "-") {
    outs() << Text;
    outs().flush();
    return Error::success();
  }
  return writeFileAtomically((Path + ".tmp-%%%%%%").str(), Path, Text);
}

Error writeAtomically(StringRef Path, ArrayRef<uint8_t> Bytes) {
  return writeAtomically(
      Path,
      StringRef(reinterpret_cast<const char *>(Bytes.data()), Bytes.size()));
}

/// Temporary files that are removed when the driver exits.
class TempFiles {
public:
  ~TempFiles() {
    for (const std::string &F : Files)
      sys::fs::remove(F);
  }
  Expected<std::string> create(StringRef Prefix, StringRef Suffix) {
    SmallString<128> Path;
    if (std::error_code EC = sys::fs::createTemporaryFile(Prefix, Suffix, Path))
      return createStringError(EC, "cannot create a temporary file");
    Files.push_back(std::string(Path));
    return Files.back();
  }

private:
  std::vector<std::string> Files;
};

/// Where cumetal's CUDA headers and runtime libraries are: next to the
/// binary in an installed toolkit (bin/../include, bin/../lib), else in the
/// source and build trees this binary was built from.
struct Toolkit {
  std::string includeDir;
  std::string libDir;
  std::string deviceLibrary; ///< lib/cumetal/libdevice.bc
};

Toolkit locateToolkit(const char *Argv0) {
  Toolkit T{CUMETAL_SOURCE_INCLUDE_DIR, CUMETAL_BUILD_LIB_DIR, ""};
  std::string Exe = sys::fs::getMainExecutable(Argv0, (void *)&locateToolkit);
  SmallString<256> Prefix(sys::path::parent_path(sys::path::parent_path(Exe)));
  SmallString<256> Inc(Prefix), Lib(Prefix);
  sys::path::append(Inc, "include", "cumetal", "__cumetal_cuda_preinclude.h");
  sys::path::append(Lib, "lib");
  if (sys::fs::exists(Inc)) {
    SmallString<256> Dir(Prefix);
    sys::path::append(Dir, "include");
    T.includeDir = std::string(Dir);
    T.libDir = std::string(Lib);
  }
  SmallString<256> DeviceLib(T.libDir);
  sys::path::append(DeviceLib, "cumetal", "libdevice.bc");
  T.deviceLibrary = std::string(DeviceLib);
  return T;
}

struct Options {
  std::vector<std::string> inputs;
  std::string output, language, emit;
  bool compileOnly = false;
  frontend::CudaCompileOptions cuda;
  air::LoweringOptions lowering;
  std::vector<std::string> libDirs, libs;
};

enum class InputKind { Cuda, Cxx, Object, Air };

Optional<InputKind> kindOf(StringRef Path, StringRef Language) {
  if (Language == "cu")
    return InputKind::Cuda;
  if (Language == "c++")
    return InputKind::Cxx;
  if (Language == "air")
    return InputKind::Air;
  StringRef Ext = sys::path::extension(Path);
  if (Ext == ".cu")
    return InputKind::Cuda;
  if (Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".c")
    return InputKind::Cxx;
  if (Ext == ".o" || Ext == ".a" || Ext == ".so")
    return InputKind::Object;
  return None;
}

/// Device half of one .cu file: shared IR -> AIR -> metallib, as an
/// envelope. Returns null (after diagnostics) on failure. With
/// --emit=nvvm|air|metallib, writes that instead and sets \p Done.
Optional<metallib::Envelope> compileDeviceHalf(const std::string &Input,
                                               const Options &O, bool &Done,
                                               int &Status) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M =
      frontend::compileDevice(Input, O.cuda, Ctx, errs());
  if (!M) {
    Status = 1;
    return None;
  }
  if (O.emit == "nvvm") {
    std::string Text;
    raw_string_ostream OS(Text);
    M->print(OS, nullptr);
    if (Error E = writeAtomically(O.output, OS.str()))
      Status =
          error("cannot write '" + O.output + "': " + toString(std::move(E)));
    Done = true;
    return None;
  }
  air::LoweringContext LC(O.lowering, errs());
  if (!air::lowerToAIR(*M, LC)) {
    Status = 1;
    return None;
  }
  if (O.emit == "air") {
    std::string Text;
    raw_string_ostream OS(Text);
    M->print(OS, nullptr);
    if (Error E = writeAtomically(O.output, OS.str()))
      Status =
          error("cannot write '" + O.output + "': " + toString(std::move(E)));
    Done = true;
    return None;
  }
  metallib::Envelope Env = LC.envelope();
  if (!Env.kernels.empty()) {
    auto Bytes = air::emitMetallib(*M);
    if (!Bytes) {
      Status = error(Input + ": " + toString(Bytes.takeError()));
      return None;
    }
    Env.metallib = std::move(*Bytes);
  }
  if (O.emit == "metallib") {
    if (Env.kernels.empty()) {
      Status = error(Input + ": no __global__ function to put in a metallib");
    } else if (Error E = writeAtomically(O.output, Env.metallib)) {
      Status =
          error("cannot write '" + O.output + "': " + toString(std::move(E)));
    }
    Done = true;
    return None;
  }
  return Env;
}

int packAIR(const Options &O) {
  if (O.inputs.size() != 1)
    return usage("-x air takes exactly one input module");
  LLVMContext Ctx;
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseIRFile(O.inputs.front(), Diag, Ctx);
  if (!M) {
    Diag.print(nullptr, errs());
    return 1;
  }
  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(*M, &BrokenOS))
    return error(O.inputs.front() + ": invalid LLVM IR: " + BrokenOS.str());
  auto Bytes = air::emitMetallib(*M);
  if (!Bytes)
    return error(O.inputs.front() + ": " + toString(Bytes.takeError()));
  if (Error E = writeAtomically(O.output, *Bytes))
    return error("cannot write '" + O.output + "': " + toString(std::move(E)));
  return 0;
}

/// Rewrites nvcc/gcc-style spellings CLI11 does not take (`-std=c++17`) into
/// the long form it does.
std::vector<std::string> normaliseArgs(int argc, char **argv) {
  std::vector<std::string> Args;
  for (int I = 1; I < argc; ++I) {
    StringRef A(argv[I]);
    if (A.startswith("-std=") || A.startswith("-fmad") || A == "-nocudalib")
      Args.push_back(("-" + A).str());
    else
      Args.push_back(A.str());
  }
  std::reverse(Args.begin(), Args.end()); // CLI11 takes them reversed
  return Args;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"cumetalc: CUDA to Apple Metal (AIR) ahead-of-time compiler"};
  Options O;
  std::string FP64 = "error";
  App.add_option("inputs", O.inputs, "input files (.cu, .cpp, .o, .a)")
      ->required();
  App.add_option("-o", O.output, "output file");
  App.add_option("-x", O.language, "input language: cu, c++ or air")
      ->check(CLI::IsMember({"cu", "c++", "air"}));
  App.add_option("--emit", O.emit,
                 "stop after producing: nvvm (shared IR text), air (AIR "
                 "text), metallib")
      ->check(CLI::IsMember({"nvvm", "air", "metallib"}));
  App.add_flag("-c", O.compileOnly, "compile to an object file, do not link");
  App.add_option("-I", O.cuda.includeDirs, "add an include directory")
      ->allow_extra_args(false);
  App.add_option("-D", O.cuda.defines, "define a macro (NAME or NAME=VALUE)")
      ->allow_extra_args(false);
  App.add_option("-U", O.cuda.undefines, "undefine a macro")
      ->allow_extra_args(false);
  App.add_option("--std", O.cuda.languageStandard,
                 "C++ standard (also -std=...)");
  App.add_option("-O", O.cuda.optLevel, "optimisation level (default 3)")
      ->check(CLI::IsMember({"0", "1", "2", "3", "s", "z"}));
  App.add_option("-L", O.libDirs, "add a library directory for linking")
      ->allow_extra_args(false);
  App.add_option("-l", O.libs, "link a library")->allow_extra_args(false);
  App.add_option("--fp64", FP64,
                 "double precision in device code: error (default), demote, "
                 "emulate")
      ->check(CLI::IsMember({"error", "demote", "emulate"}));
  App.add_flag("--use_fast_math,--use-fast-math", O.lowering.fastMath,
               "use Apple's fast (relaxed) math functions");
  App.add_option("--fmad", O.cuda.fmad,
                 "contract a*b+c into fused multiply-adds in device code "
                 "(true, the default, or false; also -fmad=)");
  bool NoDeviceLib = false;
  App.add_flag("--nocudalib", NoDeviceLib,
               "do not link cumetal's device math library (also -nocudalib; "
               "used to build that library)");
  try {
    App.parse(normaliseArgs(argc, argv));
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    App.exit(E);
    return 2;
  }
  O.lowering.fp64 = FP64 == "demote"    ? air::FP64Mode::Demote
                    : FP64 == "emulate" ? air::FP64Mode::Emulate
                                        : air::FP64Mode::Error;
  Toolkit TK = locateToolkit(argv[0]);
  O.cuda.cudaHeaderDir = TK.includeDir;
  O.lowering.headerDirs = {TK.includeDir, CUMETAL_CLANG_HEADERS_PARENT};

  // -x air: pack a ready AIR module (the first driver increment).
  if (O.language == "air" ||
      (O.language.empty() && O.inputs.size() == 1 &&
       (sys::path::extension(O.inputs.front()) == ".ll" ||
        sys::path::extension(O.inputs.front()) == ".bc"))) {
    if (!O.emit.empty() && O.emit != "metallib")
      return usage("-x air only produces a metallib");
    if (O.output.empty()) {
      SmallString<128> Default(sys::path::filename(O.inputs.front()));
      sys::path::replace_extension(Default, "metallib");
      O.output = std::string(Default);
    }
    return packAIR(O);
  }

  std::vector<std::pair<std::string, InputKind>> Inputs;
  for (const std::string &In : O.inputs) {
    Optional<InputKind> K = kindOf(In, O.language);
    if (!K)
      return usage("cannot tell the language of '" + In +
                   "' from its extension; pass -x cu or -x c++");
    if (*K == InputKind::Air)
      return usage("-x air takes exactly one input module");
    if (!sys::fs::exists(In))
      return error("no such file: '" + In + "'");
    Inputs.push_back({In, *K});
  }
  bool AnyCuda = llvm::any_of(
      Inputs, [](const auto &In) { return In.second == InputKind::Cuda; });
  if (AnyCuda && !NoDeviceLib) {
    if (!sys::fs::exists(TK.deviceLibrary))
      return error("cannot find cumetal's device math library '" +
                   TK.deviceLibrary + "' (an incomplete installation?)");
    O.cuda.deviceLibrary = TK.deviceLibrary;
    O.lowering.deviceLibrary = TK.deviceLibrary;
  }
  bool StopEarly = !O.emit.empty() || O.compileOnly;
  if (StopEarly && Inputs.size() != 1 && !O.output.empty())
    return usage("-o with -c or --emit takes exactly one input");
  if (!O.emit.empty() && Inputs.front().second != InputKind::Cuda)
    return usage("--emit needs a .cu input");
  if (O.output.empty()) {
    if (!O.emit.empty() || O.compileOnly) {
      SmallString<128> Default(sys::path::filename(Inputs.front().first));
      sys::path::replace_extension(Default, O.compileOnly          ? "o"
                                            : O.emit == "metallib" ? "metallib"
                                                                   : "ll");
      O.output = std::string(Default);
    } else {
      O.output = "a.out";
    }
  }

  TempFiles Temps;
  std::vector<std::string> Objects;
  for (auto &[Input, Kind] : Inputs) {
    if (Kind == InputKind::Object) {
      Objects.push_back(Input);
      continue;
    }
    std::string Object;
    if (O.compileOnly) {
      Object = O.output;
    } else {
      auto Tmp = Temps.create(sys::path::stem(Input), "o");
      if (!Tmp)
        return error(toString(Tmp.takeError()));
      Object = *Tmp;
    }
    std::string Envelope;
    if (Kind == InputKind::Cuda) {
      bool Done = false;
      int Status = 0;
      Optional<metallib::Envelope> Env =
          compileDeviceHalf(Input, O, Done, Status);
      if (Done || Status)
        return Status;
      auto Tmp = Temps.create(sys::path::stem(Input), "cumetal");
      if (!Tmp)
        return error(toString(Tmp.takeError()));
      if (Error E = writeAtomically(*Tmp, metallib::writeEnvelope(*Env)))
        return error(toString(std::move(E)));
      Envelope = *Tmp;
    }
    // The host object: written to a temporary, then moved into place, so
    // that a failure never leaves a partial object.
    auto HostTmp = Temps.create(sys::path::stem(Input), "host.o");
    if (!HostTmp)
      return error(toString(HostTmp.takeError()));
    if (!frontend::compileHost(Input, Kind == InputKind::Cuda, Envelope,
                               *HostTmp, O.cuda, errs()))
      return 1;
    if (std::error_code EC = sys::fs::rename(*HostTmp, Object))
      if (std::error_code EC2 = sys::fs::copy_file(*HostTmp, Object))
        return error("cannot write '" + Object + "': " + EC2.message());
    Objects.push_back(Object);
  }
  if (O.compileOnly)
    return 0;

  // Link with runtime-lite (static by default).
  std::vector<std::string> LinkArgs;
  for (const std::string &D : O.libDirs)
    LinkArgs.push_back("-L" + D);
  for (const std::string &L : O.libs)
    LinkArgs.push_back("-l" + L);
  for (const char *A : {"-lcumetal_rt", "-lcumetal_cpu", "-lcumetal_metallib"})
    LinkArgs.push_back(A);
  LinkArgs.push_back("-L" + TK.libDir);
  LinkArgs.push_back("-L" CUMETAL_LLVM_LIB_DIR);
  LinkArgs.push_back("-Wl,-rpath," CUMETAL_LLVM_LIB_DIR);
  LinkArgs.push_back("-lLLVM-14");
  LinkArgs.push_back("-pthread");
  auto LinkTmp = Temps.create(sys::path::filename(O.output), "out");
  if (!LinkTmp)
    return error(toString(LinkTmp.takeError()));
  if (!frontend::linkExecutable(Objects, LinkArgs, *LinkTmp, errs()))
    return 1;
  if (std::error_code EC = sys::fs::rename(*LinkTmp, O.output)) {
    if (std::error_code EC2 = sys::fs::copy_file(*LinkTmp, O.output))
      return error("cannot write '" + O.output + "': " + EC2.message());
    sys::fs::setPermissions(O.output, sys::fs::all_read | sys::fs::all_exe |
                                          sys::fs::owner_write);
  }
  return 0;
}

//===- cumetalc/Driver.cpp - The cumetalc command line --------------------===//
//
// cumetalc's driver: reads nvcc's command line (cumetalc/NvccOptions: the
// grammar and the class of every option; CLI11 binds the canonical
// spellings), plans the phases and runs them. For each .cu input: the device
// half goes through the CUDA frontend to the shared IR, the generic lowering
// tier to AIR and the metallib emitter; the metallib and what the runtime
// needs to launch its kernels are wrapped in cumetal's envelope
// (docs/abi.md), which the host half embeds. Host objects, .c/.cpp and .o/.a
// inputs are then linked with runtime-lite by the host linker, or archived
// (-lib). -M* write make rules of what each compile read; -v and --dryrun
// print the phases as nvcc does (cumetalc/Toolkit).
//
// Nothing below the driver knows about flags: the frontend and the lowering
// take option structs. Exit status: 0 success, 1 compile error, 2 usage
// error. Outputs are written atomically and temporary files are removed, so
// a failure leaves no partial output.
//
//===----------------------------------------------------------------------===//

#include "air/MetallibEmitter.h"
#include "air/lower/Passes.h"
#include "cumetalc/DependencyFile.h"
#include "cumetalc/DeviceLink.h"
#include "cumetalc/NvccOptions.h"
#include "cumetalc/Toolkit.h"
#include "frontend/CudaCompiler.h"
#include "frontend/LinkedImageObject.h"
#include "metallib/Envelope.h"
#include "ptx/Diagnostics.h"
#include "ptx/Lifter.h"
#include "ptx/Parser.h"

#include "CLI/CLI.hpp"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <set>
#include <thread>

using namespace llvm;
using namespace cumetal;
using namespace cumetal::driver;

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

/// Moves a finished temporary file to its final name.
int moveIntoPlace(StringRef From, StringRef To, bool Executable = false) {
  if (!sys::fs::rename(From, To))
    return 0;
  if (std::error_code EC = sys::fs::copy_file(From, To))
    return error("cannot write '" + To + "': " + EC.message());
  if (Executable)
    sys::fs::setPermissions(To, sys::fs::all_read | sys::fs::all_exe |
                                    sys::fs::owner_write);
  return 0;
}

/// Intermediate files: temporary ones, removed when the driver exits, or
/// with --keep, kept in the keep directory under readable names.
class TempFiles {
public:
  TempFiles(bool Keep, std::string KeepDir)
      : Keep(Keep), KeepDir(std::move(KeepDir)) {}
  ~TempFiles() {
    for (const std::string &F : Files)
      sys::fs::remove(F);
  }
  /// A file for an intermediate result: kept (--keep) if \p Intermediate.
  Expected<std::string> create(StringRef Stem, StringRef Suffix,
                               bool Intermediate = true) {
    if (Keep && Intermediate) {
      SmallString<256> Path(KeepDir);
      sys::path::append(Path, Stem + "." + Suffix);
      return std::string(Path);
    }
    SmallString<128> Path;
    if (std::error_code EC = sys::fs::createTemporaryFile(Stem, Suffix, Path))
      return createStringError(EC, "cannot create a temporary file");
    Files.push_back(std::string(Path));
    return Files.back();
  }

private:
  bool Keep;
  std::string KeepDir;
  std::vector<std::string> Files;
};

/// Everything the command line sets. Names follow nvcc's long options.
struct Options {
  std::vector<std::string> inputs;
  std::string output, outputDir, language, emit;
  bool compile = false, link = false, lib = false, shared = false;
  bool deviceC = false, deviceW = false, deviceLink = false;
  std::string rdc = "false";
  bool preprocess = false, cubin = false, fatbin = false, run = false;
  std::vector<std::string> runArgs;
  bool depM = false, depMM = false, depMD = false, depMMD = false,
       depMP = false;
  std::string depFile;
  std::vector<std::string> depTargets;
  std::string arch;
  std::vector<std::string> gencode;
  bool listArch = false, listCode = false;
  std::string optimize = "3";
  bool debug = false, deviceDebug = false;
  std::string std;
  std::vector<std::string> includes, systemIncludes, defines, undefines,
      preIncludes, libDirs, libs, compilerOptions, linkerOptions;
  bool forwardCompiler = false, forwardLinker = false;
  bool fastMath = false;
  std::string fmad = "true";
  bool extendedLambda = false, relaxedConstexpr = false;
  std::string machine = "64";
  bool noWarnings = false;
  std::vector<std::string> werror;
  bool noDeprecatedDeclarations = false, reorder = false;
  bool verbose = false, dryrun = false, keep = false;
  std::string keepDir;
  bool version = false;
  std::string cudart = "static", cudadevrt = "static", defaultStream;
  std::string fp64 = "error";
  bool nocudalib = false;
  unsigned recursionDepth = air::LoweringOptions().recursionDepth;
  std::string deviceCode;
};

/// Registers every honoured option of the table with CLI11, bound to
/// \p O. Fails (an internal error) if the table has an honoured option this
/// function does not bind, so the two cannot drift apart.
bool registerOptions(CLI::App &App, Options &O) {
  auto Find = [](StringRef Long) -> const OptionInfo & {
    for (const OptionInfo &Info : optionTable())
      if (Info.longName == Long)
        return Info;
    report_fatal_error("cumetalc: option table lacks --" + Long);
  };
  auto Flag = [&](StringRef Long, bool &B) {
    const OptionInfo &I = Find(Long);
    App.add_flag(I.cliName(), B, I.help.str());
  };
  auto Opt = [&](StringRef Long, auto &V) {
    const OptionInfo &I = Find(Long);
    return App.add_option(I.cliName(), V, I.help.str());
  };
  auto OneOf = [](std::vector<std::string> Values) {
    return CLI::IsMember(std::move(Values));
  };
  App.add_option("inputs", O.inputs, "input files");
  Flag("compile", O.compile);
  Opt("output-file", O.output);
  Opt("output-directory", O.outputDir);
  Opt("x", O.language)->check(OneOf({"cu", "c", "c++", "air"}));
  Flag("link", O.link);
  Flag("lib", O.lib);
  Flag("shared", O.shared);
  Flag("device-c", O.deviceC);
  Flag("device-w", O.deviceW);
  Flag("device-link", O.deviceLink);
  Opt("relocatable-device-code", O.rdc)->check(OneOf({"true", "false"}));
  Flag("preprocess", O.preprocess);
  Flag("cubin", O.cubin);
  Flag("fatbin", O.fatbin);
  Flag("run", O.run);
  Opt("run-args", O.runArgs);
  Flag("generate-dependencies", O.depM);
  Flag("generate-nonsystem-dependencies", O.depMM);
  Flag("generate-dependencies-with-compile", O.depMD);
  Flag("generate-nonsystem-dependencies-with-compile", O.depMMD);
  Opt("dependency-output", O.depFile);
  Opt("dependency-target-name", O.depTargets);
  Flag("generate-dependency-targets", O.depMP);
  Opt("gpu-architecture", O.arch);
  Opt("generate-code", O.gencode);
  Flag("list-gpu-arch", O.listArch);
  Flag("list-gpu-code", O.listCode);
  Opt("optimize", O.optimize)->check(OneOf({"0", "1", "2", "3", "s", "z"}));
  Flag("debug", O.debug);
  Flag("device-debug", O.deviceDebug);
  Opt("std", O.std);
  Opt("include-path", O.includes);
  Opt("system-include", O.systemIncludes);
  Opt("define-macro", O.defines);
  Opt("undefine-macro", O.undefines);
  Opt("pre-include", O.preIncludes);
  Opt("library-path", O.libDirs);
  Opt("library", O.libs);
  Opt("compiler-options", O.compilerOptions);
  Opt("linker-options", O.linkerOptions);
  Flag("forward-unknown-to-host-compiler", O.forwardCompiler);
  Flag("forward-unknown-to-host-linker", O.forwardLinker);
  Flag("use_fast_math", O.fastMath);
  Opt("fmad", O.fmad)->check(OneOf({"true", "false"}));
  Flag("extended-lambda", O.extendedLambda);
  Flag("expt-extended-lambda", O.extendedLambda);
  Flag("expt-relaxed-constexpr", O.relaxedConstexpr);
  Opt("machine", O.machine)->check(OneOf({"64"}));
  Flag("disable-warnings", O.noWarnings);
  Opt("Werror", O.werror);
  Flag("Wno-deprecated-declarations", O.noDeprecatedDeclarations);
  Flag("Wreorder", O.reorder);
  Flag("verbose", O.verbose);
  Flag("dryrun", O.dryrun);
  Flag("keep", O.keep);
  Opt("keep-dir", O.keepDir);
  Flag("save-temps", O.keep);
  Flag("version", O.version);
  App.set_help_flag(Find("help").cliName(), Find("help").help.str());
  Opt("cudart", O.cudart)->check(OneOf({"static", "shared", "none"}));
  Opt("cudadevrt", O.cudadevrt)->check(OneOf({"static", "none"}));
  Opt("default-stream", O.defaultStream)
      ->check(OneOf({"legacy", "null", "per-thread"}));
  Opt("emit", O.emit)->check(OneOf({"nvvm", "air", "metallib"}));
  Opt("fp64", O.fp64)->check(OneOf({"error", "demote", "emulate"}));
  Flag("nocudalib", O.nocudalib);
  Opt("recursion-depth", O.recursionDepth)->check(CLI::Range(1u, 1u << 20));
  Opt("device-code", O.deviceCode);

  for (const OptionInfo &I : optionTable())
    if (I.cls == OptionClass::Honoured && I.longName != "options-file" &&
        !App.get_option_no_throw(I.cliName()) && I.longName != "help") {
      errs() << "cumetalc: internal error: option --" << I.longName
             << " is honoured but not bound\n";
      return false;
    }
  return true;
}

/// The GPU architectures the command line asks for, as __CUDA_ARCH__
/// values (e.g. 800). Named forms (native, all, all-major) mean the
/// architecture cumetal's runtime reports, 8.0.
Expected<std::vector<unsigned>> requestedArchitectures(const Options &O) {
  std::vector<unsigned> Archs;
  auto Add = [&](StringRef Spelling) -> Error {
    StringRef A = Spelling;
    if (A == "native" || A == "all" || A == "all-major") {
      Archs.push_back(800);
      return Error::success();
    }
    if (!A.consume_front("sm_") && !A.consume_front("compute_") &&
        !A.consume_front("lto_"))
      return createStringError(inconvertibleErrorCode(),
                               "unknown GPU architecture '" + Spelling + "'");
    A.consume_back("a") || A.consume_back("f");
    unsigned N;
    if (A.getAsInteger(10, N) || N < 10 || N > 199)
      return createStringError(inconvertibleErrorCode(),
                               "unknown GPU architecture '" + Spelling + "'");
    Archs.push_back(N * 10);
    return Error::success();
  };
  if (!O.arch.empty())
    if (Error E = Add(O.arch))
      return E;
  for (StringRef G : O.gencode) {
    // arch=compute_NN,code=... (code lists only say what to embed).
    bool Found = false;
    for (const std::string &Part : splitListValue(G)) {
      StringRef P(Part);
      if (P.consume_front("arch=")) {
        if (Error E = Add(P))
          return E;
        Found = true;
      } else if (!P.startswith("code=")) {
        return createStringError(inconvertibleErrorCode(),
                                 "malformed -gencode value '" + G +
                                     "' (expected arch=...,code=...)");
      }
    }
    if (!Found)
      return createStringError(inconvertibleErrorCode(),
                               "-gencode '" + G + "' names no arch=");
  }
  llvm::sort(Archs);
  Archs.erase(std::unique(Archs.begin(), Archs.end()), Archs.end());
  if (Archs.empty())
    Archs.push_back(800);
  return Archs;
}

/// A folder of cumetalc's cache: $CUMETAL_CACHE_DIR (set but empty: no
/// cache), else $XDG_CACHE_HOME/cumetal, else ~/.cache/cumetal.
std::string cacheDirectory(StringRef Kind) {
  SmallString<256> Dir;
  if (Optional<std::string> Env = sys::Process::GetEnv("CUMETAL_CACHE_DIR")) {
    if (Env->empty())
      return "";
    Dir = *Env;
  } else if (Optional<std::string> Xdg =
                 sys::Process::GetEnv("XDG_CACHE_HOME")) {
    Dir = *Xdg;
    sys::path::append(Dir, "cumetal");
  } else if (sys::path::home_directory(Dir)) {
    sys::path::append(Dir, ".cache", "cumetal");
  } else {
    return "";
  }
  sys::path::append(Dir, Kind);
  return std::string(Dir);
}

enum class InputKind { Cuda, C, Cxx, Object, Air, Ptx };

Optional<InputKind> kindOf(StringRef Path, StringRef Language) {
  StringRef Ext = sys::path::extension(Path);
  if (Ext == ".o" || Ext == ".a" || Ext == ".so" || Ext == ".obj")
    return InputKind::Object;
  if (Language == "cu")
    return InputKind::Cuda;
  if (Language == "c")
    return InputKind::C;
  if (Language == "c++")
    return InputKind::Cxx;
  if (Language == "air")
    return InputKind::Air;
  if (Ext == ".cu")
    return InputKind::Cuda;
  if (Ext == ".c")
    return InputKind::C;
  if (Ext == ".cpp" || Ext == ".cc" || Ext == ".cxx" || Ext == ".C" ||
      Ext == ".c++")
    return InputKind::Cxx;
  if (Ext == ".ptx")
    return InputKind::Ptx;
  return None;
}

/// Output path for \p Input with a new extension, in the -odir directory.
std::string defaultOutput(const Options &O, StringRef Input, StringRef Ext) {
  SmallString<256> Path(O.outputDir);
  SmallString<128> Name(sys::path::filename(Input));
  sys::path::replace_extension(Name, Ext);
  sys::path::append(Path, Name);
  return std::string(Path);
}

/// The shared IR of PTX file \p Input (ptx/Lifter.h); null after an error,
/// reported to \p Diags.
std::unique_ptr<Module> liftPtx(const std::string &Input, LLVMContext &Ctx,
                                raw_ostream &Diags) {
  auto Buffer = MemoryBuffer::getFile(Input, /*IsText=*/true);
  if (!Buffer) {
    WithColor::error(Diags, "cumetalc")
        << "cannot read '" << Input << "': " << Buffer.getError().message()
        << "\n";
    return nullptr;
  }
  SourceMgr SM;
  unsigned ID = SM.AddNewSourceBuffer(std::move(*Buffer), SMLoc());
  ptx::Diagnostics PD(SM, &Diags);
  std::unique_ptr<ptx::Module> AST = ptx::parseAndCheck(ID, PD);
  if (!AST || PD.hasErrors())
    return nullptr;
  return ptx::liftModule(*AST, Ctx, PD);
}

// [ptx lifter, numeric families] Lifted PTX calls cumetal's device math
// library (__nv_fadd_rz, __nv_float2half_rn, ptx_helpers.cu's
// __cumetal_ptx_*): link the functions it uses, made internal, as Clang's
// -mlink-builtin-bitcode does for CUDA sources. False after an error.
bool linkDeviceLibrary(Module &M, const std::string &Path, raw_ostream &Diags) {
  auto Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer) {
    WithColor::error(Diags, "cumetalc")
        << "cannot read '" << Path << "': " << Buffer.getError().message()
        << "\n";
    return false;
  }
  Expected<std::unique_ptr<Module>> Lib =
      parseBitcodeFile(**Buffer, M.getContext());
  if (!Lib) {
    WithColor::error(Diags, "cumetalc")
        << "cannot read '" << Path << "': " << toString(Lib.takeError())
        << "\n";
    return false;
  }
  (*Lib)->setDataLayout(M.getDataLayout());
  (*Lib)->setTargetTriple(M.getTargetTriple());
  // The library's own module flags (its DWARF version) are not the PTX's.
  if (NamedMDNode *Flags = (*Lib)->getModuleFlagsMetadata())
    (*Lib)->eraseNamedMetadata(Flags);
  // What the library may bring in: its definitions the module lacks (the
  // module's own definitions keep their linkage).
  std::set<std::string> Linked;
  for (const Function &F : **Lib)
    if (!F.isDeclaration()) {
      const Function *Own = M.getFunction(F.getName());
      if (!Own || Own->isDeclaration())
        Linked.insert(F.getName().str());
    }
  if (Linker::linkModules(M, std::move(*Lib), Linker::LinkOnlyNeeded)) {
    WithColor::error(Diags, "cumetalc")
        << "cannot link the device math library '" << Path << "'\n";
    return false;
  }
  for (Function &F : M)
    if (!F.isDeclaration() && Linked.count(F.getName().str()))
      F.setLinkage(GlobalValue::InternalLinkage);
  return true;
}

/// The driver proper: one instance per run.
class Driver {
public:
  Driver(Options &O, const NvccCommandLine &CL, const Toolkit &TK)
      : O(O), CL(CL), TK(TK), Temps(O.keep, O.keepDir) {}
  int run();

private:
  /// The device half of \p Input: writes the outputs that stop there
  /// (--emit, -cubin, -fatbin, --keep) and returns the envelope the host
  /// half embeds in \p EnvelopeBytes. Diagnostics go to \p Diags (this
  /// runs beside the host half).
  int compileDeviceHalf(const std::string &Input,
                        std::vector<uint8_t> &EnvelopeBytes,
                        llvm::raw_ostream &Diags);
  void showDevicePhases(const std::string &Input);
  frontend::CudaCompileOptions deviceOptions() const;
  /// \p Objects and the static libraries -l names in the -L directories.
  std::vector<std::string>
  withLibraries(const std::vector<std::string> &Objects);
  /// Device link of \p Files into the object \p Output; \p Found tells
  /// whether they had relocatable device code.
  int deviceLink(const std::vector<std::string> &Files,
                 const std::string &Output, bool &Found);
  int compileSource(const std::string &Input, InputKind Kind,
                    const std::string &Object);
  int writeDependencies(const std::string &Input, InputKind Kind,
                        const std::string &Target,
                        const frontend::Dependencies &Deps, bool DepsOnly);
  int dependenciesOnly(const std::string &Input, InputKind Kind);
  int preprocessOnly(const std::string &Input, InputKind Kind);
  int archive(const std::vector<std::string> &Objects);
  int linkAll(std::vector<std::string> Objects);
  void show(const std::vector<std::string> &Argv) {
    if (O.verbose || O.dryrun)
      printCommand(errs(), Argv);
  }
  bool wantDependencies() const { return O.depMD || O.depMMD; }

  Options &O;
  const NvccCommandLine &CL;
  const Toolkit &TK;
  TempFiles Temps;
  frontend::CudaCompileOptions Cuda;
  air::LoweringOptions Lowering;
  std::vector<unsigned> Archs;
  bool Relocatable = false;
  /// What the device half of the current source read (for -MD).
  std::vector<std::string> DeviceDeps;
};

void Driver::showDevicePhases(const std::string &Input) {
  std::string Stem = sys::path::stem(Input).str();
  show(frontend::deviceCommand(Input, deviceOptions()));
  // The lowering runs in this process; shown as the command that would
  // produce its output.
  std::string ArchFlag = "compute_" + utostr(Archs.back() / 10);
  show({"cumetalc", "--emit=metallib", "-arch", ArchFlag, "--fp64=" + O.fp64,
        Input, "-o", Stem + ".metallib"});
}

frontend::CudaCompileOptions Driver::deviceOptions() const {
  frontend::CudaCompileOptions DeviceOpts = Cuda;
  if (O.deviceDebug)
    DeviceOpts.optLevel = "0";
  return DeviceOpts;
}

int Driver::compileDeviceHalf(const std::string &Input,
                              std::vector<uint8_t> &EnvelopeBytes,
                              raw_ostream &Diags) {
  auto Fail = [&](const Twine &Msg) {
    WithColor::error(Diags, "cumetalc") << Msg << "\n";
    return 1;
  };
  std::string Stem = sys::path::stem(Input).str();
  frontend::Dependencies Deps;
  Deps.includeSystemHeaders = !O.depMMD;
  LLVMContext Ctx;
  std::unique_ptr<Module> M;
  if (kindOf(Input, O.language) == InputKind::Ptx || !O.deviceCode.empty()) {
    const std::string &Ptx = O.deviceCode.empty() ? Input : O.deviceCode;
    M = liftPtx(Ptx, Ctx, Diags);
    if (M && !Cuda.deviceLibrary.empty() &&
        !linkDeviceLibrary(*M, Cuda.deviceLibrary, Diags))
      return 1;
    Deps.files.push_back(Ptx);
  } else {
    M = frontend::compileDevice(Input, deviceOptions(), Ctx, Diags,
                                wantDependencies() ? &Deps : nullptr);
  }
  if (!M)
    return 1;
  DeviceDeps.insert(DeviceDeps.end(), Deps.files.begin(), Deps.files.end());
  auto WriteBytes = [&](StringRef Path, ArrayRef<uint8_t> Bytes) -> int {
    if (Error E = writeAtomically(Path, Bytes))
      return Fail("cannot write '" + Path + "': " + toString(std::move(E)));
    return 0;
  };
  auto WriteText = [&](StringRef Path) -> int {
    std::string Text;
    raw_string_ostream OS(Text);
    M->print(OS, nullptr);
    if (Error E = writeAtomically(Path, OS.str()))
      return Fail("cannot write '" + Path + "': " + toString(std::move(E)));
    return 0;
  };
  auto KeepPath = [&](StringRef Suffix) {
    SmallString<256> Path(O.keepDir);
    sys::path::append(Path, Stem + "." + Suffix);
    return std::string(Path);
  };
  if (O.emit == "nvvm")
    return WriteText(O.output);
  if (O.keep)
    if (int S = WriteText(KeepPath("nvvm.ll")))
      return S;
  metallib::Envelope Env;
  if (Relocatable && !O.cubin) {
    // Relocatable device code: the shared IR waits for the device link.
    SmallVector<char, 0> Bitcode;
    raw_svector_ostream OS(Bitcode);
    WriteBitcodeToFile(*M, OS);
    Env.relocatableIR.assign(Bitcode.begin(), Bitcode.end());
  } else {
    air::LoweringContext LC(Lowering, Diags);
    if (!air::lowerToAIR(*M, LC))
      return 1;
    if (O.emit == "air")
      return WriteText(O.output);
    Env = LC.envelope();
    if (!Env.kernels.empty()) {
      auto Bytes = air::emitMetallib(*M);
      if (!Bytes)
        return Fail(Input + ": " + toString(Bytes.takeError()));
      Env.metallib = std::move(*Bytes);
    }
    if (O.emit == "metallib" || O.cubin) {
      if (Env.kernels.empty())
        return Fail(Input + ": no __global__ function to put in a metallib");
      return WriteBytes(O.output, Env.metallib);
    }
    if (O.keep && !Env.metallib.empty())
      if (int S = WriteBytes(KeepPath("metallib"), Env.metallib))
        return S;
  }
  EnvelopeBytes = metallib::writeEnvelope(Env);
  if (O.fatbin)
    return WriteBytes(O.output, EnvelopeBytes);
  if (O.keep)
    return WriteBytes(KeepPath("fatbin"), EnvelopeBytes);
  return 0;
}

std::vector<std::string>
Driver::withLibraries(const std::vector<std::string> &Objects) {
  std::vector<std::string> Files = Objects;
  for (const std::string &L : O.libs)
    for (const std::string &D : O.libDirs) {
      SmallString<256> Path(D);
      sys::path::append(Path, "lib" + L + ".a");
      if (sys::fs::exists(Path)) {
        Files.push_back(std::string(Path));
        break;
      }
    }
  return Files;
}

int Driver::deviceLink(const std::vector<std::string> &Files,
                       const std::string &Output, bool &Found) {
  std::vector<std::string> Cmd = {"cumetalc", "-dlink"};
  Cmd.insert(Cmd.end(), Files.begin(), Files.end());
  Cmd.insert(Cmd.end(), {"-o", Output});
  show(Cmd);
  Found = false;
  if (O.dryrun)
    return 0;
  Expected<DeviceLinkInputs> In = findRelocatableCode(Files);
  if (!In)
    return error(toString(In.takeError()));
  Found = !In->code.empty();
  Optional<metallib::Envelope> Env = linkDeviceCode(In->code, Lowering, errs());
  if (!Env)
    return 1;
  std::vector<uint8_t> Bytes;
  if (Found)
    Bytes = metallib::writeEnvelope(*Env);
  auto Tmp = Temps.create(sys::path::filename(Output), "dlink.o", false);
  if (!Tmp)
    return error(toString(Tmp.takeError()));
  if (!frontend::emitLinkedImageObject(Bytes, In->moduleIds, *Tmp, errs()))
    return 1;
  return moveIntoPlace(*Tmp, Output);
}

int Driver::compileSource(const std::string &Input, InputKind Kind,
                          const std::string &Object) {
  DeviceDeps.clear();
  if (Relocatable) {
    // One id for both halves of the file (Clang names static device
    // variables and the registration function after it).
    SmallString<256> Abs(Input);
    sys::fs::make_absolute(Abs);
    Cuda.relocatable = true;
    Cuda.cuid = utohexstr(xxHash64(Abs));
  }
  bool DeviceOnly = !O.emit.empty() || O.cubin || O.fatbin;
  if ((Kind == InputKind::Cuda || Kind == InputKind::Ptx) && DeviceOnly) {
    showDevicePhases(Input);
    if (O.dryrun)
      return 0;
    std::vector<uint8_t> Bytes;
    return compileDeviceHalf(Input, Bytes, errs());
  }
  frontend::CudaCompileOptions HostOpts = Cuda;
  if (Kind == InputKind::C)
    HostOpts.hostArgs.insert(HostOpts.hostArgs.begin(), {"-x", "c"});
  // A host object is written to a temporary, then moved into place, so
  // that a failure never leaves a partial object.
  auto HostTmp = Temps.create(sys::path::stem(Input), "host.o", false);
  if (!HostTmp)
    return error(toString(HostTmp.takeError()));
  bool IsCuda = Kind == InputKind::Cuda;
  bool IsPtx = Kind == InputKind::Ptx;
  bool HasDevice = IsCuda || IsPtx;
  if (HasDevice)
    showDevicePhases(Input);
  // Relocatable device code from PTX (nvcc -dc x.ptx): the object holds
  // the lifted module for the device link and registers it, as a .cu's
  // -rdc object does; with no host source, its host half is an empty CUDA
  // file. As with nvcc, its kernels have no host launch stubs: other files'
  // device code calls its functions and uses its variables.
  std::string HostInput =
      IsPtx ? sys::path::stem(Input).str() + ".host.cu" : Input;
  show(frontend::hostCommand(
      HostInput, HasDevice,
      HasDevice ? sys::path::stem(Input).str() + ".fatbin" : "", Object,
      HostOpts));
  if (O.dryrun)
    return 0;
  if (IsPtx) {
    auto Source = Temps.create(sys::path::stem(Input), "host.cu", false);
    if (!Source)
      return error(toString(Source.takeError()));
    if (Error E = writeAtomically(*Source, "// no host code\n"))
      return error(toString(std::move(E)));
    HostInput = *Source;
  }
  frontend::Dependencies Deps;
  Deps.includeSystemHeaders = !O.depMMD;
  // A PTX input's dependency is the PTX alone (DeviceDeps).
  frontend::Dependencies *DepsOut =
      wantDependencies() && !IsPtx ? &Deps : nullptr;
  if (!HasDevice) {
    if (!frontend::compileHost(Input, false, "", *HostTmp, HostOpts, errs(),
                               DepsOut))
      return 1;
  } else {
    // The device half runs on another thread while the host half is
    // parsed, generated and optimised; the host object is emitted once
    // the envelope is known. Each half's diagnostics are buffered and
    // printed in order, device first.
    std::string DeviceText, HostText;
    raw_string_ostream DeviceDiags(DeviceText), HostDiags(HostText);
    std::vector<uint8_t> EnvelopeBytes;
    int DeviceStatus = 1;
    std::thread Device([&] {
      DeviceStatus = compileDeviceHalf(Input, EnvelopeBytes, DeviceDiags);
    });
    frontend::HostCompilationPtr Host =
        frontend::startHostCompile(HostInput, HostOpts, HostDiags, DepsOut);
    Device.join();
    // As if the halves ran one after the other: a failed device half is
    // reported alone (the host half would repeat its errors in shared
    // code).
    errs() << DeviceDiags.str();
    if (DeviceStatus)
      return 1;
    errs() << HostDiags.str();
    if (!Host)
      return 1;
    bool OK =
        frontend::finishHostCompile(*Host, EnvelopeBytes, *HostTmp, errs());
    if (!OK)
      return 1;
  }
  if (wantDependencies()) {
    for (const std::string &F : DeviceDeps)
      if (!is_contained(Deps.files, F))
        Deps.files.push_back(F);
    if (int S = writeDependencies(Input, Kind, Object, Deps, false))
      return S;
  }
  return moveIntoPlace(*HostTmp, Object);
}

int Driver::writeDependencies(const std::string &Input, InputKind Kind,
                              const std::string &Object,
                              const frontend::Dependencies &Deps,
                              bool DepsOnly) {
  std::vector<std::string> Targets = O.depTargets;
  if (Targets.empty())
    Targets.push_back(Object);
  std::string Rule = makeRule(Targets, Deps.files, O.depMP);
  std::string Path = O.depFile;
  if (Path.empty())
    Path = DepsOnly ? "-" : defaultOutput(O, Object, "d");
  if (Error E = writeAtomically(Path, Rule))
    return error("cannot write '" + Path + "': " + toString(std::move(E)));
  return 0;
}

int Driver::dependenciesOnly(const std::string &Input, InputKind Kind) {
  frontend::Dependencies Deps;
  Deps.includeSystemHeaders = !O.depMM;
  bool IsCuda = Kind == InputKind::Cuda;
  frontend::CudaCompileOptions Opts = Cuda;
  if (Kind == InputKind::C)
    Opts.hostArgs.insert(Opts.hostArgs.begin(), {"-x", "c"});
  if (!frontend::preprocess(Input, IsCuda, frontend::Half::Host, "", Opts,
                            errs(), &Deps))
    return 1;
  if (IsCuda && !frontend::preprocess(Input, true, frontend::Half::Device, "",
                                      Opts, errs(), &Deps))
    return 1;
  std::string Target = O.output.empty() || O.output == "-"
                           ? defaultOutput(O, Input, "o")
                           : O.output;
  if (O.depTargets.empty() && O.depFile.empty() && !O.output.empty() &&
      O.output != "-") {
    // `-M -o deps.d`: -o names the rule file, the target is the object.
    O.depFile = O.output;
    Target = defaultOutput(O, Input, "o");
  }
  return writeDependencies(Input, Kind, Target, Deps, true);
}

int Driver::preprocessOnly(const std::string &Input, InputKind Kind) {
  frontend::CudaCompileOptions Opts = Cuda;
  if (Kind == InputKind::C)
    Opts.hostArgs.insert(Opts.hostArgs.begin(), {"-x", "c"});
  std::string Out = O.output.empty() ? "-" : O.output;
  return frontend::preprocess(Input, Kind == InputKind::Cuda,
                              frontend::Half::Host, Out, Opts, errs(), nullptr)
             ? 0
             : 1;
}

int Driver::archive(const std::vector<std::string> &Objects) {
  show([&] {
    std::vector<std::string> Cmd = {"ar", "rcs", O.output};
    Cmd.insert(Cmd.end(), Objects.begin(), Objects.end());
    return Cmd;
  }());
  if (O.dryrun)
    return 0;
  std::vector<NewArchiveMember> Members;
  for (const std::string &Obj : Objects) {
    Expected<NewArchiveMember> M =
        NewArchiveMember::getFile(Obj, /*Deterministic=*/true);
    if (!M)
      return error("cannot read '" + Obj + "': " + toString(M.takeError()));
    Members.push_back(std::move(*M));
  }
  auto Tmp = Temps.create(sys::path::filename(O.output), "a", false);
  if (!Tmp)
    return error(toString(Tmp.takeError()));
  if (Error E = writeArchive(*Tmp, Members, /*WriteSymtab=*/true,
                             object::Archive::K_GNU, /*Deterministic=*/true,
                             /*Thin=*/false))
    return error("cannot write '" + O.output + "': " + toString(std::move(E)));
  return moveIntoPlace(*Tmp, O.output);
}

int Driver::linkAll(std::vector<std::string> Objects) {
  // Relocatable device code in the objects or libraries: link it first. A
  // dry run cannot look into objects it did not build: it shows the device
  // link when -rdc=true asks for one.
  bool DeviceRuntime = false;
  if (!O.dryrun || Relocatable) {
    auto DLink = Temps.create(sys::path::stem(O.output), "dlink.o");
    if (!DLink)
      return error(toString(DLink.takeError()));
    bool Found = false;
    if (int S = deviceLink(withLibraries(Objects), *DLink, Found))
      return S;
    if (Found || O.dryrun) {
      Objects.push_back(*DLink);
      DeviceRuntime = true;
    }
  }
  // LLVM's lld links the large runtime archive several times faster than
  // the system's ld.bfd.
  std::vector<std::string> LinkArgs = {"-fuse-ld=lld"};
  if (O.shared)
    LinkArgs.push_back("-shared");
  for (const std::string &D : O.libDirs)
    LinkArgs.push_back("-L" + D);
  for (const std::string &L : O.libs)
    LinkArgs.push_back("-l" + L);
  for (const std::string &L : O.linkerOptions) {
    LinkArgs.push_back("-Xlinker");
    LinkArgs.push_back(L);
  }
  for (const std::string &A : O.compilerOptions)
    if (A == "-fopenmp" || A == "-pthread" || StringRef(A).startswith("-fsan"))
      LinkArgs.push_back(A);
  LinkArgs.insert(LinkArgs.end(), CL.forwardedToHostLinker.begin(),
                  CL.forwardedToHostLinker.end());
  RuntimeFlavour Flavour = O.cudart == "none"     ? RuntimeFlavour::None
                           : O.cudart == "shared" ? RuntimeFlavour::Shared
                                                  : RuntimeFlavour::Static;
  for (const std::string &A :
       runtimeLinkArgs(TK, Flavour, DeviceRuntime && O.cudadevrt == "static"))
    LinkArgs.push_back(A);

  std::vector<std::string> Cmd =
      frontend::linkCommand(Objects, LinkArgs, O.output);
  Cmd.front() = hostLinkerDriver();
  show(Cmd);
  if (O.dryrun)
    return 0;
  auto LinkTmp = Temps.create(sys::path::filename(O.output), "out", false);
  if (!LinkTmp)
    return error(toString(LinkTmp.takeError()));
  if (!frontend::linkExecutable(Objects, LinkArgs, *LinkTmp, errs()))
    return 1;
  if (int S = moveIntoPlace(*LinkTmp, O.output, true))
    return S;
  if (!O.run)
    return 0;
  SmallString<256> Exe(O.output);
  sys::fs::make_absolute(Exe);
  std::vector<StringRef> RunArgv = {Exe};
  for (const std::string &A : O.runArgs)
    RunArgv.push_back(A);
  return sys::ExecuteAndWait(Exe, RunArgv);
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

int Driver::run() {
  if (O.verbose || O.dryrun) {
    printEnvironment(TK, errs());
    for (const auto &[Spelling, Why] : CL.ignored)
      errs() << "cumetalc: note: ignoring '" << Spelling << "': " << Why
             << "\n";
  }
  if (O.deviceC) {
    O.rdc = "true";
    O.compile = true;
  }
  if (O.deviceW) {
    O.rdc = "false";
    O.compile = true;
  }
  Relocatable = O.rdc == "true";

  Expected<std::vector<unsigned>> A = requestedArchitectures(O);
  if (!A)
    return usage(toString(A.takeError()));
  Archs = *A;

  // The frontend's and the lowering's options.
  Cuda.includeDirs = O.includes;
  Cuda.systemIncludeDirs = O.systemIncludes;
  Cuda.defines = O.defines;
  Cuda.undefines = O.undefines;
  Cuda.preIncludes = O.preIncludes;
  Cuda.languageStandard = O.std;
  Cuda.optLevel = O.optimize;
  Cuda.hostArgs = O.compilerOptions;
  Cuda.hostArgs.insert(Cuda.hostArgs.end(), CL.forwardedToHostCompiler.begin(),
                       CL.forwardedToHostCompiler.end());
  if (O.shared)
    Cuda.hostArgs.push_back("-fPIC");
  Cuda.hostDebugInfo = O.debug;
  Cuda.noWarnings = O.noWarnings;
  for (const std::string &W : O.werror) {
    if (W == "all-warnings")
      Cuda.warningsAsErrors = true;
    else if (W == "reorder" || W == "deprecated-declarations")
      Cuda.warningOptions.push_back("-Werror=" + W);
  }
  if (O.noDeprecatedDeclarations)
    Cuda.warningOptions.push_back("-Wno-deprecated-declarations");
  if (O.reorder)
    Cuda.warningOptions.push_back("-Wreorder");
  Cuda.fmad = O.fmad == "true";
  Cuda.cudaHeaderDir = TK.includeDir;
  Cuda.pchCacheDir = cacheDirectory("pch");
  // What nvcc predefines for these options.
  std::string ArchList;
  for (unsigned Arch : Archs)
    ArchList += (ArchList.empty() ? "" : ",") + utostr(Arch);
  Cuda.defines.push_back("__CUDA_ARCH_LIST__=" + ArchList);
  if (O.deviceDebug)
    Cuda.defines.push_back("__CUDACC_DEBUG__");
  if (Relocatable)
    Cuda.defines.push_back("__CUDACC_RDC__");
  if (O.relaxedConstexpr)
    Cuda.defines.push_back("__CUDACC_RELAXED_CONSTEXPR__");
  if (O.defaultStream == "per-thread")
    Cuda.defines.push_back("CUDA_API_PER_THREAD_DEFAULT_STREAM=1");
  if (O.extendedLambda)
    Cuda.defines.push_back("__CUDACC_EXTENDED_LAMBDA__");
  if (Archs.back() != 800) {
    Cuda.deviceUndefines.push_back("__CUDA_ARCH__");
    Cuda.deviceDefines.push_back("__CUDA_ARCH__=" + utostr(Archs.back()));
  }
  Lowering.fp64 = O.fp64 == "demote"    ? air::FP64Mode::Demote
                  : O.fp64 == "emulate" ? air::FP64Mode::Emulate
                                        : air::FP64Mode::Error;
  Lowering.fastMath = O.fastMath;
  Lowering.recursionDepth = O.recursionDepth;
  Lowering.headerDirs = {TK.includeDir, CUMETAL_CLANG_HEADERS_PARENT};

  // -x air: pack a ready AIR module.
  if (O.language == "air" ||
      (O.language.empty() && O.inputs.size() == 1 &&
       (sys::path::extension(O.inputs.front()) == ".ll" ||
        sys::path::extension(O.inputs.front()) == ".bc"))) {
    if (!O.emit.empty() && O.emit != "metallib")
      return usage("-x air only produces a metallib");
    if (O.output.empty())
      O.output = defaultOutput(O, O.inputs.front(), "metallib");
    return packAIR(O);
  }

  if (O.inputs.empty())
    return usage("no input files");
  std::vector<std::pair<std::string, InputKind>> Inputs;
  for (const std::string &In : O.inputs) {
    Optional<InputKind> K = kindOf(In, O.language);
    if (!K)
      return usage("cannot tell the language of '" + In +
                   "' from its extension; pass -x cu, -x c or -x c++");
    if (*K == InputKind::Air)
      return usage("-x air takes exactly one input module");
    if (!sys::fs::exists(In))
      return error("no such file: '" + In + "'");
    Inputs.push_back({In, *K});
  }
  bool AnyCuda = llvm::any_of(Inputs, [](const auto &In) {
    return In.second == InputKind::Cuda || In.second == InputKind::Ptx;
  });
  if (AnyCuda && !O.nocudalib) {
    if (!sys::fs::exists(TK.deviceLibrary))
      return error("cannot find cumetal's device math library '" +
                   TK.deviceLibrary + "' (an incomplete installation?)");
    Cuda.deviceLibrary = TK.deviceLibrary;
    Lowering.deviceLibrary = TK.deviceLibrary;
  }

  if (!O.deviceCode.empty()) {
    if (llvm::count_if(Inputs, [](const auto &In) {
          return In.second == InputKind::Cuda;
        }) != 1)
      return usage("--device-code takes exactly one .cu input");
    if (!sys::fs::exists(O.deviceCode))
      return error("no such file: '" + O.deviceCode + "'");
  }
  bool DepsOnly = O.depM || O.depMM;
  bool DeviceOnly = !O.emit.empty() || O.cubin || O.fatbin;
  bool PerInput = DepsOnly || O.preprocess || DeviceOnly || O.compile;
  if (PerInput && !O.output.empty() && Inputs.size() != 1 && !O.lib)
    return usage("-o with -c, -E, -M, -cubin, -fatbin or --emit takes "
                 "exactly one input");
  if (DeviceOnly && Inputs.front().second != InputKind::Cuda &&
      Inputs.front().second != InputKind::Ptx)
    return usage("-cubin, -fatbin and --emit need a .cu or .ptx input");
  for (auto &[Input, Kind] : Inputs)
    if (Kind == InputKind::Ptx && !DeviceOnly &&
        (!Relocatable || DepsOnly || O.preprocess))
      return usage("'" + Input +
                   "': a .ptx input compiles to a metallib or fat binary "
                   "(-cubin, -fatbin, --emit=nvvm|air|metallib) or, as "
                   "relocatable device code, to an object (-dc, or "
                   "-rdc=true) for the device link");

  if (O.deviceLink) {
    std::vector<std::string> Files;
    for (auto &[Input, Kind] : Inputs) {
      if (Kind != InputKind::Object)
        return usage("-dlink takes objects and libraries, not '" + Input + "'");
      Files.push_back(Input);
    }
    if (O.output.empty())
      O.output = defaultOutput(O, "a_dlink.o", "o");
    bool Found;
    return deviceLink(withLibraries(Files), O.output, Found);
  }

  // Phases that stop before an object.
  if (DepsOnly || O.preprocess) {
    for (auto &[Input, Kind] : Inputs) {
      if (Kind == InputKind::Object)
        continue;
      if (int S = DepsOnly ? dependenciesOnly(Input, Kind)
                           : preprocessOnly(Input, Kind))
        return S;
    }
    return 0;
  }
  if (DeviceOnly) {
    if (O.output.empty())
      O.output = defaultOutput(O, Inputs.front().first,
                               O.cubin                ? "cubin"
                               : O.fatbin             ? "fatbin"
                               : O.emit == "metallib" ? "metallib"
                                                      : "ll");
    std::string Object;
    return compileSource(Inputs.front().first, InputKind::Cuda, Object);
  }

  // Objects.
  std::vector<std::string> Objects;
  for (auto &[Input, Kind] : Inputs) {
    if (Kind == InputKind::Object) {
      Objects.push_back(Input);
      continue;
    }
    std::string Object;
    if (O.compile) {
      Object = O.output.empty() ? defaultOutput(O, Input, "o") : O.output;
    } else {
      auto Tmp = Temps.create(sys::path::stem(Input), "o");
      if (!Tmp)
        return error(toString(Tmp.takeError()));
      Object = *Tmp;
    }
    if (int S = compileSource(Input, Kind, Object))
      return S;
    Objects.push_back(Object);
  }
  if (O.compile)
    return 0;
  if (O.lib) {
    if (O.output.empty())
      O.output = defaultOutput(O, "a.a", "a");
    return archive(Objects);
  }
  if (O.output.empty())
    O.output = defaultOutput(O, "a.out", "out");
  return linkAll(Objects);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> Args(argv + 1, argv + argc);
  Expected<NvccCommandLine> CL = parseNvccCommandLine(Args);
  if (!CL)
    return usage(toString(CL.takeError()));

  CLI::App App{"cumetalc: CUDA to Apple GPU (Metal AIR) ahead-of-time "
               "compiler with nvcc's command line (docs/cumetalc.md)",
               "cumetalc"};
  Options O;
  if (!registerOptions(App, O))
    return 1;
  std::vector<std::string> Canonical(CL->canonical.rbegin(),
                                     CL->canonical.rend());
  try {
    App.parse(Canonical); // CLI11 takes them reversed
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    App.exit(E);
    return 2;
  }
  if (O.version) {
    printVersion(outs());
    return 0;
  }
  if (O.listArch || O.listCode) {
    for (unsigned N : {50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90,
                       100, 103, 110, 120, 121})
      outs() << (O.listArch ? "compute_" : "sm_") << N << "\n";
    return 0;
  }
  Toolkit TK = locateToolkit(argv[0]);
  if (O.keepDir.empty())
    O.keepDir = ".";
  Driver D(O, *CL, TK);
  return D.run();
}

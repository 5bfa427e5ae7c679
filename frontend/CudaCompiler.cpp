//===- frontend/CudaCompiler.cpp - In-process Clang for .cu files ---------===//
//
// Runs Clang's driver in-process only to compute the cc1 command line that
// `clang -x cuda --cuda-device-only` (or `--cuda-host-only`) would run, then
// runs that cc1 invocation in this process with a CompilerInstance. The
// device half stops at LLVM IR (EmitLLVMOnlyAction); the host half emits an
// object. Linking goes through the same driver, which runs the host linker.
//
// Device flags: -nocudainc -nocudalib (no NVIDIA SDK or libdevice: cumetal's
// own headers and __nv_* implementations), sm_80 with PTX 7.5 features so
// that Clang's sync-warp builtins are available, cumetal's pre-include.
// cumetal's device math library is linked as Clang links builtin bitcode
// (-mlink-builtin-bitcode: only what is used, internalised), before the
// optimisation pipeline, so its functions are optimised with their callers.
//
//===----------------------------------------------------------------------===//

#include "frontend/CudaCompiler.h"
#include "frontend/ManagedVariables.h"
#include "frontend/PrecompiledPreinclude.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/CodeGen/BackendUtil.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Tool.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Frontend/Utils.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/BasicAliasAnalysis.h"
#include "llvm/Analysis/ScopedNoAliasAA.h"
#include "llvm/Analysis/TypeBasedAliasAnalysis.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Host.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace llvm;
using namespace clang;

namespace cumetal {
namespace frontend {
namespace {

/// The GPU architecture Clang compiles the device half for. Clang 14 knows
/// sm_80/sm_86; the lowering does not depend on the choice beyond the set of
/// builtins it enables.
const char *const kDeviceArch = "sm_80";
const char *const kPreInclude = "cumetal/__cumetal_cuda_preinclude.h";

void initializeTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
  });
}

/// Owns the strings a driver argument vector points into.
class ArgList {
public:
  void add(const Twine &A) { Storage.push_back(A.str()); }
  void add(const std::vector<std::string> &As) {
    Storage.insert(Storage.end(), As.begin(), As.end());
  }
  const std::vector<std::string> &strings() const { return Storage; }
  std::vector<const char *> argv() const {
    std::vector<const char *> V;
    for (const std::string &S : Storage)
      V.push_back(S.c_str());
    return V;
  }

private:
  std::vector<std::string> Storage;
};

void addCommonArgs(ArgList &Args, const CudaCompileOptions &Opts) {
  for (const std::string &D : Opts.defines)
    Args.add("-D" + D);
  for (const std::string &U : Opts.undefines)
    Args.add("-U" + U);
  for (const std::string &I : Opts.includeDirs)
    Args.add("-I" + I);
  for (const std::string &I : Opts.systemIncludeDirs) {
    Args.add("-isystem");
    Args.add(I);
  }
  for (const std::string &F : Opts.preIncludes) {
    Args.add("-include");
    Args.add(F);
  }
  if (!Opts.languageStandard.empty())
    Args.add("-std=" + Opts.languageStandard);
  Args.add("-O" + Opts.optLevel);
  Args.add(Opts.warningOptions);
  if (Opts.noWarnings)
    Args.add("-w");
  if (Opts.warningsAsErrors)
    Args.add("-Werror");
}

/// Collects the files a compile reads (DependencyCollector keeps the order
/// in which they were entered, the main file first).
class FileCollector : public DependencyCollector {
public:
  explicit FileCollector(bool System) : System(System) {}
  bool needSystemDependencies() override { return System; }

private:
  bool System;
};

/// Adds what \p C collected to \p Deps, skipping files already there: the
/// source \p Input first, then the files of a precompiled pre-include
/// (\p Pch), where the textual include would have entered them.
void appendDependencies(const FileCollector &C,
                        const std::vector<PchSource> &Pch, StringRef Input,
                        Dependencies &Deps) {
  // Clang also reports the precompiled header's own inputs, with the
  // pre-include as a user file (it was the PCH's main file): classify them
  // by the cache's record instead.
  auto IsPchSystemFile = [&](const std::string &F) {
    return llvm::any_of(
        Pch, [&](const PchSource &S) { return S.system && S.path == F; });
  };
  std::vector<std::string> Files;
  for (const std::string &F : C.getDependencies())
    if (!llvm::StringRef(F).endswith(".pch") && // the cached header itself
        (Deps.includeSystemHeaders || !IsPchSystemFile(F)))
      Files.push_back(F);
  std::vector<std::string> PchFiles;
  for (const PchSource &S : Pch)
    if (Deps.includeSystemHeaders || !S.system)
      PchFiles.push_back(S.path);
  // The source first, then what it includes, the pre-include first.
  auto Main = llvm::find(Files, Input.str());
  if (Main != Files.end())
    Files.erase(Main);
  PchFiles.insert(PchFiles.begin(), Input.str());
  Files.insert(Files.begin(), PchFiles.begin(), PchFiles.end());
  for (const std::string &F : Files)
    if (!llvm::is_contained(Deps.files, F))
      Deps.files.push_back(F);
}

/// Collects what a compile reads into \p Deps (when given), the files of
/// a precompiled pre-include included: attach before the action, finish
/// after it succeeded.
class DependencyTracker {
public:
  DependencyTracker(CompilerInstance &Clang, Dependencies *Deps,
                    std::vector<PchSource> Pch)
      : Deps(Deps), Pch(std::move(Pch)) {
    if (Deps) {
      Collector = std::make_shared<FileCollector>(Deps->includeSystemHeaders);
      Clang.addDependencyCollector(Collector);
    }
  }
  void finish(StringRef Input) {
    if (Collector)
      appendDependencies(*Collector, Pch, Input, *Deps);
  }

private:
  Dependencies *Deps;
  std::vector<PchSource> Pch;
  std::shared_ptr<FileCollector> Collector;
};

/// Uses the cached precompiled pre-include for a CUDA compile.
std::vector<PchSource> precompilePreinclude(CompilerInstance &Clang,
                                            const std::vector<std::string> &CC1,
                                            const CudaCompileOptions &Opts) {
  std::vector<PchSource> Sources;
  SmallString<256> Header(Opts.cudaHeaderDir);
  llvm::sys::path::append(Header, kPreInclude);
  usePrecompiledPreinclude(Clang, CC1, kPreInclude, Header, Opts.pchCacheDir,
                           Sources);
  return Sources;
}

void addCudaArgs(ArgList &Args, const CudaCompileOptions &Opts) {
  Args.add("-x");
  Args.add("cuda");
  Args.add("-nocudainc");
  Args.add("-nocudalib");
  Args.add(Twine("--cuda-gpu-arch=") + kDeviceArch);
  // Clang 14 assumes the newest CUDA it knows when no SDK is installed; our
  // headers declare the version they implement.
  Args.add("-Wno-unknown-cuda-version");
  if (!Opts.cudaHeaderDir.empty()) {
    Args.add("-isystem");
    Args.add(Opts.cudaHeaderDir);
  }
  Args.add("-include");
  Args.add(kPreInclude);
  if (Opts.relocatable) {
    Args.add("-fgpu-rdc");
    Args.add("-cuid=" + Opts.cuid);
  }
}

std::unique_ptr<DiagnosticsEngine>
makeDiagnostics(raw_ostream &OS, IntrusiveRefCntPtr<DiagnosticOptions> &Opts) {
  Opts = new DiagnosticOptions();
  // The driver's own warning about the CUDA version (see addCudaArgs).
  Opts->Warnings.push_back("no-unknown-cuda-version");
  auto *Printer = new TextDiagnosticPrinter(OS, Opts.get());
  auto Diags = std::make_unique<DiagnosticsEngine>(new DiagnosticIDs(),
                                                   Opts.get(), Printer);
  ProcessWarningOptions(*Diags, *Opts, /*ReportDiags=*/false);
  return Diags;
}

/// Builds the compilation for \p Args and returns the arguments of its single
/// cc1 job, or None after reporting why.
Optional<std::vector<std::string>>
cc1ArgsFor(const ArgList &Args, DiagnosticsEngine &Diags, raw_ostream &OS) {
  driver::Driver D(CUMETAL_CLANG_EXECUTABLE, sys::getDefaultTargetTriple(),
                   Diags, "cumetalc");
  D.setCheckInputsExist(true);
  std::vector<const char *> Argv = Args.argv();
  std::unique_ptr<driver::Compilation> C(D.BuildCompilation(Argv));
  if (!C || Diags.hasErrorOccurred())
    return None;
  const driver::JobList &Jobs = C->getJobs();
  if (Jobs.size() != 1 || !isa<driver::Command>(*Jobs.begin())) {
    OS << "cumetalc: error: internal: Clang planned " << Jobs.size()
       << " jobs for one compile step\n";
    return None;
  }
  const driver::Command &Cmd = cast<driver::Command>(*Jobs.begin());
  if (StringRef(Cmd.getCreator().getName()) != "clang") {
    OS << "cumetalc: error: internal: Clang planned '"
       << Cmd.getCreator().getName() << "' instead of a compile\n";
    return None;
  }
  std::vector<std::string> Out;
  for (const char *A : Cmd.getArguments())
    Out.push_back(A);
  return Out;
}

/// Creates a CompilerInstance for cc1 arguments \p CC1, printing to \p OS.
std::unique_ptr<CompilerInstance>
makeInstance(const std::vector<std::string> &CC1, raw_ostream &OS) {
  auto Clang = std::make_unique<CompilerInstance>();
  Clang->createDiagnostics(
      new TextDiagnosticPrinter(OS, &Clang->getDiagnosticOpts()), true);
  std::vector<const char *> Argv;
  for (const std::string &A : CC1)
    Argv.push_back(A.c_str());
  if (!CompilerInvocation::CreateFromArgs(Clang->getInvocation(), Argv,
                                          Clang->getDiagnostics()))
    return nullptr;
  // Pick up the diagnostic options (-W..., colours) of the invocation.
  Clang->createDiagnostics(
      new TextDiagnosticPrinter(OS, &Clang->getDiagnosticOpts()), true);
  // "N errors generated" goes with the diagnostics.
  Clang->setVerboseOutputStream(OS);
  // The driver asks cc1 to leave its memory to the process exit
  // (-disable-free); here several compiles share one process.
  Clang->getFrontendOpts().DisableFree = false;
  return Clang;
}

/// The CompilerInstance of the single cc1 job of driver arguments \p Args,
/// with its cc1 arguments in \p CC1; null after printing why.
std::unique_ptr<CompilerInstance> instanceFor(const ArgList &Args,
                                              raw_ostream &OS,
                                              std::vector<std::string> &CC1) {
  IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts;
  std::unique_ptr<DiagnosticsEngine> Diags = makeDiagnostics(OS, DiagOpts);
  Optional<std::vector<std::string>> Job = cc1ArgsFor(Args, *Diags, OS);
  if (!Job)
    return nullptr;
  CC1 = std::move(*Job);
  return makeInstance(CC1, OS);
}

/// LLVM's standard pipeline for the -O level, with one change: no GlobalsAA.
/// GlobalsAA lets calls not touch internal globals whose address never
/// escapes; for __shared__ variables that is false across a barrier (other
/// threads write them), and LLVM 14 hoists a load of a shared flag above
/// __syncthreads() (e.g. "thread 0 sets a shared flag; barrier; everyone
/// reads it" reads the stale value).
void optimizeDeviceModule(llvm::Module &M, StringRef Level) {
  OptimizationLevel OL = Level == "0"   ? OptimizationLevel::O0
                         : Level == "1" ? OptimizationLevel::O1
                         : Level == "2" ? OptimizationLevel::O2
                         : Level == "s" ? OptimizationLevel::Os
                         : Level == "z" ? OptimizationLevel::Oz
                                        : OptimizationLevel::O3;
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // No vectorisers: a GPU thread is scalar (NVPTX's own cost model says
  // so too), and they would create llvm.vector.reduce.*, which Apple's
  // backend rejects.
  PipelineTuningOptions PTO;
  PTO.LoopVectorization = false;
  PTO.SLPVectorization = false;
  PassBuilder PB(nullptr, PTO);
  AAManager AA;
  AA.registerFunctionAnalysis<BasicAA>();
  AA.registerFunctionAnalysis<ScopedNoAliasAA>();
  AA.registerFunctionAnalysis<TypeBasedAA>();
  FAM.registerPass([&] { return std::move(AA); });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM = OL == OptimizationLevel::O0
                              ? PB.buildO0DefaultPipeline(OL)
                              : PB.buildPerModuleDefaultPipeline(OL);
  MPM.run(M, MAM);
}

} // namespace

namespace {

/// The driver arguments of the device half, up to the output and input.
ArgList deviceArgs(const CudaCompileOptions &Opts) {
  ArgList Args;
  Args.add("clang");
  addCudaArgs(Args, Opts);
  Args.add("--cuda-device-only");
  // PTX ISA 7.5 features for sm_80: enables Clang's *_sync builtins.
  Args.add("-Xclang");
  Args.add("-target-feature");
  Args.add("-Xclang");
  Args.add("+ptx75");
  if (Opts.deviceLineTables)
    Args.add("-gline-tables-only");
  // Clang contracts by default in CUDA device code, as nvcc does.
  if (!Opts.fmad)
    Args.add("-ffp-contract=off");
  if (!Opts.deviceLibrary.empty()) {
    Args.add("-Xclang");
    Args.add("-mlink-builtin-bitcode");
    Args.add("-Xclang");
    Args.add(Opts.deviceLibrary);
  }
  addCommonArgs(Args, Opts);
  for (const std::string &U : Opts.deviceUndefines)
    Args.add("-U" + U);
  for (const std::string &D : Opts.deviceDefines)
    Args.add("-D" + D);
  return Args;
}

/// The driver arguments of the host half, up to the output and input.
ArgList hostArgs(bool IsCuda, StringRef GpuBinary,
                 const CudaCompileOptions &Opts) {
  ArgList Args;
  Args.add("clang++");
  Args.add("--driver-mode=g++");
  if (IsCuda) {
    addCudaArgs(Args, Opts);
    Args.add("--cuda-host-only");
    if (!GpuBinary.empty()) {
      Args.add("-Xclang");
      Args.add("-fcuda-include-gpubinary");
      Args.add("-Xclang");
      Args.add(GpuBinary);
    }
  } else if (!Opts.cudaHeaderDir.empty()) {
    // Host C++ that includes <cuda_runtime.h> finds cumetal's headers.
    Args.add("-isystem");
    Args.add(Opts.cudaHeaderDir);
  }
  addCommonArgs(Args, Opts);
  if (Opts.hostDebugInfo)
    Args.add("-g");
  Args.add(Opts.hostArgs);
  return Args;
}

/// Device compile to LLVM IR: Clang generates IR for the requested -O
/// level; the LLVM passes run afterwards, in optimizeDeviceModule.
ArgList deviceCompileArgs(StringRef Input, const CudaCompileOptions &Opts) {
  ArgList Args = deviceArgs(Opts);
  Args.add("-Xclang");
  Args.add("-disable-llvm-passes");
  Args.add("-S");
  Args.add("-emit-llvm");
  Args.add("-o");
  Args.add("-");
  Args.add(Input);
  return Args;
}

ArgList hostCompileArgs(StringRef Input, bool IsCuda, StringRef GpuBinary,
                        StringRef Output, const CudaCompileOptions &Opts) {
  ArgList Args = hostArgs(IsCuda, GpuBinary, Opts);
  Args.add("-c");
  Args.add("-o");
  Args.add(Output);
  Args.add(Input);
  return Args;
}

} // namespace

std::vector<std::string> deviceCommand(StringRef Input,
                                       const CudaCompileOptions &Opts) {
  return deviceCompileArgs(Input, Opts).strings();
}

std::vector<std::string> hostCommand(StringRef Input, bool IsCuda,
                                     StringRef GpuBinary, StringRef Output,
                                     const CudaCompileOptions &Opts) {
  return hostCompileArgs(Input, IsCuda, GpuBinary, Output, Opts).strings();
}

std::unique_ptr<llvm::Module> compileDevice(StringRef Input,
                                            const CudaCompileOptions &Opts,
                                            LLVMContext &Ctx, raw_ostream &OS,
                                            Dependencies *Deps) {
  initializeTargets();
  ArgList Args = deviceCompileArgs(Input, Opts);

  std::vector<std::string> CC1;
  std::unique_ptr<CompilerInstance> Clang = instanceFor(Args, OS, CC1);
  if (!Clang)
    return nullptr;
  // Keep value names (the driver asks cc1 to discard them): they make
  // --emit=nvvm|air readable, and LLVM 14 gives a function created while
  // names are discarded no symbol table, so names set later (by the
  // optimiser and the lowering) are not made unique and the text output
  // may not parse.
  Clang->getCodeGenOpts().DiscardValueNames = false;
  DependencyTracker Tracker(*Clang, Deps,
                            precompilePreinclude(*Clang, CC1, Opts));
  EmitLLVMOnlyAction Act(&Ctx);
  bool OK = Clang->ExecuteAction(Act);
  if (OK)
    Tracker.finish(Input);
  std::unique_ptr<llvm::Module> M = OK ? Act.takeModule() : nullptr;
  if (M)
    optimizeDeviceModule(*M, Opts.optLevel);
  return M;
}

bool compileHost(StringRef Input, bool IsCuda, StringRef GpuBinary,
                 StringRef Output, const CudaCompileOptions &Opts,
                 raw_ostream &OS, Dependencies *Deps) {
  initializeTargets();
  ArgList Args = hostCompileArgs(Input, IsCuda, GpuBinary, Output, Opts);
  std::vector<std::string> CC1;
  std::unique_ptr<CompilerInstance> Clang = instanceFor(Args, OS, CC1);
  if (!Clang)
    return false;
  DependencyTracker Tracker(*Clang, Deps,
                            precompilePreinclude(*Clang, CC1, Opts));
  EmitObjAction Act;
  bool OK = Clang->ExecuteAction(Act);
  if (OK)
    Tracker.finish(Input);
  return OK;
}

/// The bytes the host half embeds until the envelope is known.
const char kEnvelopePlaceholder[] = "cumetal: envelope placeholder\x01";

class HostCompilation {
public:
  LLVMContext Ctx;
  std::unique_ptr<CompilerInstance> Clang;
  std::unique_ptr<llvm::Module> M;
  std::string Placeholder; ///< the placeholder file
  ~HostCompilation() {
    M.reset();
    if (!Placeholder.empty())
      llvm::sys::fs::remove(Placeholder);
  }
};

void destroyHostCompilation(HostCompilation *HC) { delete HC; }

HostCompilationPtr startHostCompile(StringRef Input,
                                    const CudaCompileOptions &Opts,
                                    raw_ostream &OS, Dependencies *Deps) {
  initializeTargets();
  HostCompilationPtr HC(new HostCompilation);
  SmallString<128> Placeholder;
  int FD;
  if (llvm::sys::fs::createTemporaryFile("cumetal-envelope", "bin", FD,
                                         Placeholder)) {
    OS << "cumetalc: error: cannot create a temporary file\n";
    return nullptr;
  }
  {
    raw_fd_ostream PO(FD, /*shouldClose=*/true);
    PO << StringRef(kEnvelopePlaceholder, sizeof(kEnvelopePlaceholder) - 1);
  }
  HC->Placeholder = std::string(Placeholder);
  ArgList Args =
      hostCompileArgs(Input, /*IsCuda=*/true, HC->Placeholder, "-", Opts);
  std::vector<std::string> CC1;
  HC->Clang = instanceFor(Args, OS, CC1);
  if (!HC->Clang)
    return nullptr;
  DependencyTracker Tracker(*HC->Clang, Deps,
                            precompilePreinclude(*HC->Clang, CC1, Opts));
  // Generate, then optimise with Clang's own pipeline for the host
  // (emitting nothing); code generation waits for the envelope.
  CodeGenOptions &CG = HC->Clang->getCodeGenOpts();
  bool DisablePasses = CG.DisableLLVMPasses;
  CG.DisableLLVMPasses = true;
  EmitLLVMOnlyAction Act(&HC->Ctx);
  if (!HC->Clang->ExecuteAction(Act))
    return nullptr;
  HC->M = Act.takeModule();
  if (!HC->M)
    return nullptr;
  // Before the optimiser sees the host shadows of __managed__ variables.
  if (!rewriteManagedVariables(*HC->M, OS))
    return nullptr;
  Tracker.finish(Input);
  CG.DisableLLVMPasses = DisablePasses;
  CompilerInstance &C = *HC->Clang;
  EmitBackendOutput(C.getDiagnostics(), C.getHeaderSearchOpts(), CG,
                    C.getTargetOpts(), C.getLangOpts(),
                    C.getTarget().getDataLayoutString(), HC->M.get(),
                    Backend_EmitNothing, nullptr);
  if (C.getDiagnostics().hasErrorOccurred())
    return nullptr;
  return HC;
}

bool finishHostCompile(HostCompilation &HC, ArrayRef<uint8_t> Envelope,
                       StringRef Output, raw_ostream &OS) {
  // The placeholder is a private constant in the fat binary section, used
  // by the registration wrapper: give that global the envelope's bytes.
  StringRef Want(kEnvelopePlaceholder, sizeof(kEnvelopePlaceholder) - 1);
  GlobalVariable *Blob = nullptr;
  for (GlobalVariable &GV : HC.M->globals())
    if (auto *Data =
            dyn_cast_or_null<ConstantDataSequential>(GV.getInitializer()))
      if (Data->isString() && Data->getAsString().startswith(Want))
        Blob = &GV; // Clang adds a NUL
  // None: a file without kernels or device variables, for which Clang
  // emits no registration (and no image).
  if (Blob) {
    Constant *Data = ConstantDataArray::get(HC.Ctx, Envelope);
    auto *New = new GlobalVariable(*HC.M, Data->getType(), /*isConstant=*/true,
                                   Blob->getLinkage(), Data, "", Blob);
    New->setSection(Blob->getSection());
    New->setAlignment(Blob->getAlign());
    New->setUnnamedAddr(Blob->getUnnamedAddr());
    New->takeName(Blob);
    Blob->replaceAllUsesWith(
        llvm::ConstantExpr::getBitCast(New, Blob->getType()));
    Blob->eraseFromParent();
  }

  std::error_code EC;
  auto Out = std::make_unique<raw_fd_ostream>(Output, EC, sys::fs::OF_None);
  if (EC) {
    OS << "cumetalc: error: cannot write '" << Output << "': " << EC.message()
       << "\n";
    return false;
  }
  CompilerInstance &C = *HC.Clang;
  CodeGenOptions &CG = C.getCodeGenOpts();
  CG.DisableLLVMPasses = true; // optimised already
  EmitBackendOutput(C.getDiagnostics(), C.getHeaderSearchOpts(), CG,
                    C.getTargetOpts(), C.getLangOpts(),
                    C.getTarget().getDataLayoutString(), HC.M.get(),
                    Backend_EmitObj, std::move(Out));
  return !C.getDiagnostics().hasErrorOccurred();
}

bool preprocess(StringRef Input, bool IsCuda, Half H, StringRef Output,
                const CudaCompileOptions &Opts, raw_ostream &OS,
                Dependencies *Deps) {
  initializeTargets();
  ArgList Args = H == Half::Device ? deviceArgs(Opts)
                                   : hostArgs(IsCuda, StringRef(), Opts);
  Args.add("-E");
  Args.add("-o");
  Args.add(Output.empty() ? StringRef("-") : Output);
  Args.add(Input);
  std::vector<std::string> CC1;
  std::unique_ptr<CompilerInstance> Clang = instanceFor(Args, OS, CC1);
  if (!Clang)
    return false;
  DependencyTracker Tracker(*Clang, Deps, {});
  bool OK;
  if (Output.empty()) {
    PreprocessOnlyAction Act;
    OK = Clang->ExecuteAction(Act);
  } else {
    PrintPreprocessedAction Act;
    OK = Clang->ExecuteAction(Act);
  }
  if (OK)
    Tracker.finish(Input);
  return OK;
}

std::vector<std::string> linkCommand(const std::vector<std::string> &Objects,
                                     const std::vector<std::string> &LinkArgs,
                                     StringRef Output) {
  std::vector<std::string> Args = {"clang++"};
  Args.insert(Args.end(), Objects.begin(), Objects.end());
  Args.insert(Args.end(), LinkArgs.begin(), LinkArgs.end());
  Args.push_back("-o");
  Args.push_back(Output.str());
  return Args;
}

bool linkExecutable(const std::vector<std::string> &Objects,
                    const std::vector<std::string> &LinkArgs, StringRef Output,
                    raw_ostream &OS) {
  ArgList Args;
  Args.add("clang++");
  Args.add("--driver-mode=g++"); // link the C++ runtime runtime-lite needs
  Args.add(Objects);
  Args.add(LinkArgs);
  Args.add("-o");
  Args.add(Output);

  IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts;
  std::unique_ptr<DiagnosticsEngine> Diags = makeDiagnostics(OS, DiagOpts);
  driver::Driver D(CUMETAL_CLANG_EXECUTABLE, sys::getDefaultTargetTriple(),
                   *Diags, "cumetalc");
  std::vector<const char *> Argv = Args.argv();
  std::unique_ptr<driver::Compilation> C(D.BuildCompilation(Argv));
  if (!C || Diags->hasErrorOccurred())
    return false;
  SmallVector<std::pair<int, const driver::Command *>, 4> Failing;
  int Res = D.ExecuteCompilation(*C, Failing);
  return Res == 0 && Failing.empty();
}

} // namespace frontend
} // namespace cumetal

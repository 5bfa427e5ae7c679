//===- CpuJIT.cpp - ORC JIT for prepared AIR modules ----------------------===//
//
// LLJIT for the host, with the host's CPU and features; host symbols are
// defined lazily, module by module, from the AIRBuiltins table.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/CpuJIT.h"

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <mutex>

using namespace llvm;
using namespace llvm::orc;

namespace cumetal::cpu {

namespace {

void initializeNativeTarget() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
  });
}

/// Names that must come from the AIRBuiltins table, never the process.
bool isRuntimeName(StringRef Name) {
  return Name.startswith("air.") || Name.startswith("__cumetal_");
}

} // namespace

CpuJIT::~CpuJIT() = default;

Expected<std::unique_ptr<CpuJIT>> CpuJIT::create() {
  initializeNativeTarget();
  auto JTMB = JITTargetMachineBuilder::detectHost();
  if (!JTMB)
    return JTMB.takeError();
  JTMB->setCodeGenOptLevel(CodeGenOpt::Aggressive);
  std::unique_ptr<CpuJIT> Self(new CpuJIT());
  auto TM = JTMB->createTargetMachine();
  if (!TM)
    return TM.takeError();
  Self->TM = std::move(*TM);
  Self->Triple = JTMB->getTargetTriple().str();
  auto J = LLJITBuilder().setJITTargetMachineBuilder(*JTMB).create();
  if (!J)
    return J.takeError();
  Self->J = std::move(*J);
  // Failures reach the caller through lookup(); do not print them too.
  Self->J->getExecutionSession().setErrorReporter(
      [](Error E) { consumeError(std::move(E)); });
  auto Process = DynamicLibrarySearchGenerator::GetForCurrentProcess(
      Self->J->getDataLayout().getGlobalPrefix(),
      [](const SymbolStringPtr &Name) { return !isRuntimeName(*Name); });
  if (!Process)
    return Process.takeError();
  Self->J->getMainJITDylib().addGenerator(std::move(*Process));
  return Self;
}

const DataLayout &CpuJIT::dataLayout() const { return J->getDataLayout(); }

void CpuJIT::optimize(Module &M) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB(TM.get());
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM =
      PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
  MPM.run(M, MAM);
}

Error CpuJIT::add(std::unique_ptr<LLVMContext> Context,
                  std::unique_ptr<Module> M) {
  SymbolMap Symbols;
  MangleAndInterner Mangle(J->getExecutionSession(), J->getDataLayout());
  for (const Function &F : *M) {
    if (!F.isDeclaration() || F.isIntrinsic() || !isRuntimeName(F.getName()))
      continue;
    const AIRFunction *A = lookupAIRFunction(F.getName());
    if (!A || !A->Host)
      return createStringError(std::errc::not_supported,
                               "unsupported AIR function '%s'",
                               F.getName().str().c_str());
    if (Defined.insert(F.getName()).second)
      Symbols[Mangle(F.getName())] = JITEvaluatedSymbol(
          pointerToJITTargetAddress(A->Host), JITSymbolFlags::Exported);
  }
  if (!Symbols.empty())
    if (Error E = J->getMainJITDylib().define(absoluteSymbols(Symbols)))
      return E;
  return J->addIRModule(ThreadSafeModule(std::move(M), std::move(Context)));
}

Expected<uint64_t> CpuJIT::lookup(StringRef Name) {
  auto Sym = J->lookup(Name);
  if (!Sym)
    return Sym.takeError();
  return Sym->getAddress();
}

} // namespace cumetal::cpu

//===- air/lower/LoweringContext.cpp - State shared by the lowering -------===//
//
// Diagnostics with source locations, placeholder kernel inputs, and the
// kernel marker the passes agree on.
//
//===----------------------------------------------------------------------===//

#include "air/lower/LoweringContext.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace cumetal {
namespace air {

static const char *const kKernelAttr = "cumetal-kernel";
static const char *const kInputPrefix = "cumetal.input.";

StringRef kernelInputName(KernelInput In) {
  switch (In) {
  case KernelInput::ParamBlock:
    return "cumetal.input.param_block";
  case KernelInput::DeviceGlobals:
    return "cumetal.input.device_globals";
  case KernelInput::PrintfBuffer:
    return "cumetal.input.printf_buffer";
  case KernelInput::ConstantGlobals:
    return "cumetal.input.constant_globals";
  case KernelInput::AtomicLocks:
    return "cumetal.input.atomic_locks";
  case KernelInput::DynamicShared:
    return "cumetal.input.dynamic_shared";
  case KernelInput::ThreadPositionInThreadgroup:
    return "cumetal.input.thread_position_in_threadgroup";
  case KernelInput::ThreadgroupPositionInGrid:
    return "cumetal.input.threadgroup_position_in_grid";
  case KernelInput::ThreadsPerThreadgroup:
    return "cumetal.input.threads_per_threadgroup";
  case KernelInput::ThreadgroupsPerGrid:
    return "cumetal.input.threadgroups_per_grid";
  case KernelInput::ThreadIndexInSimdgroup:
    return "cumetal.input.thread_index_in_simdgroup";
  case KernelInput::SimdgroupIndexInThreadgroup:
    return "cumetal.input.simdgroup_index_in_threadgroup";
  case KernelInput::ThreadsPerSimdgroup:
    return "cumetal.input.threads_per_simdgroup";
  case KernelInput::ThreadIndexInThreadgroup:
    return "cumetal.input.thread_index_in_threadgroup";
  }
  llvm_unreachable("unknown kernel input");
}

Type *kernelInputType(LLVMContext &Ctx, KernelInput In) {
  Type *I8 = Type::getInt8Ty(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx);
  switch (In) {
  case KernelInput::ParamBlock:
  case KernelInput::ConstantGlobals:
    return PointerType::get(I8, 2);
  case KernelInput::DeviceGlobals:
  case KernelInput::PrintfBuffer:
  case KernelInput::AtomicLocks:
    return PointerType::get(I8, 1);
  case KernelInput::DynamicShared:
    return PointerType::get(I8, 3);
  case KernelInput::ThreadPositionInThreadgroup:
  case KernelInput::ThreadgroupPositionInGrid:
  case KernelInput::ThreadsPerThreadgroup:
  case KernelInput::ThreadgroupsPerGrid:
    return FixedVectorType::get(I32, 3);
  case KernelInput::ThreadIndexInSimdgroup:
  case KernelInput::SimdgroupIndexInThreadgroup:
  case KernelInput::ThreadsPerSimdgroup:
  case KernelInput::ThreadIndexInThreadgroup:
    return I32;
  }
  llvm_unreachable("unknown kernel input");
}

Value *LoweringContext::getInput(Function &F, KernelInput In) {
  StringRef Name = kernelInputName(In);
  BasicBlock &Entry = F.getEntryBlock();
  for (Instruction &I : Entry)
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (Function *Callee = CI->getCalledFunction())
        if (Callee->getName() == Name)
          return CI;
  Module &M = *F.getParent();
  FunctionCallee Decl = M.getOrInsertFunction(
      Name, FunctionType::get(kernelInputType(M.getContext(), In), false));
  cast<Function>(Decl.getCallee())->setDoesNotAccessMemory();
  IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
  return B.CreateCall(Decl, {}, Name.drop_front(strlen(kInputPrefix)));
}

metallib::EnvelopeKernel &LoweringContext::kernel(StringRef Name) {
  auto It = KernelIndex.find(Name.str());
  if (It != KernelIndex.end())
    return Env.kernels[It->second];
  KernelIndex[Name.str()] = Env.kernels.size();
  Env.kernels.emplace_back();
  Env.kernels.back().name = Name.str();
  return Env.kernels.back();
}

void LoweringContext::report(StringRef Where, const Twine &Msg) {
  ++Errors;
  Diags << Where << ": error: " << Msg << "\n";
}

static std::string describe(const DILocation *Loc) {
  SmallString<128> Path(Loc->getFilename());
  if (!sys::path::is_absolute(Path) && !Loc->getDirectory().empty() &&
      !sys::fs::exists(Path)) {
    Path = Loc->getDirectory();
    sys::path::append(Path, Loc->getFilename());
  }
  std::string S;
  raw_string_ostream OS(S);
  OS << Path << ":" << Loc->getLine();
  if (Loc->getColumn())
    OS << ":" << Loc->getColumn();
  return OS.str();
}

/// Whether \p Loc lies in one of \p Dirs.
static bool inHeaderDir(const DILocation *Loc,
                        const std::vector<std::string> &Dirs) {
  SmallString<256> Path(Loc->getFilename());
  if (!sys::path::is_absolute(Path)) {
    Path = Loc->getDirectory();
    sys::path::append(Path, Loc->getFilename());
  }
  for (const std::string &D : Dirs)
    if (!D.empty() && StringRef(Path).startswith(D))
      return true;
  return false;
}

void LoweringContext::error(const Instruction *I, const Twine &Msg) {
  if (const DILocation *Loc = I->getDebugLoc().get()) {
    // Inside code inlined from a system header, point at the user's call.
    while (Loc->getInlinedAt() && inHeaderDir(Loc, Opts.headerDirs))
      Loc = Loc->getInlinedAt();
    return report(describe(Loc), Msg);
  }
  error(I->getFunction(), Msg);
}

void LoweringContext::error(const Function *F, const Twine &Msg) {
  if (const DISubprogram *SP = F ? F->getSubprogram() : nullptr) {
    std::string Where =
        SP->getFilename().str() + ":" + std::to_string(SP->getLine());
    return report(Where, Msg);
  }
  std::string Where = F ? F->getParent()->getSourceFileName() : "<input>";
  report(Where, Msg);
}

FunctionCallee declareAIRFunction(Module &M, StringRef Name, FunctionType *Ty,
                                  bool Convergent) {
  FunctionCallee Callee = M.getOrInsertFunction(Name, Ty);
  auto *F = cast<Function>(Callee.getCallee());
  F->addFnAttr(Attribute::NoUnwind);
  if (Convergent)
    F->addFnAttr(Attribute::Convergent);
  return Callee;
}

void runLLVMPasses(Module &M,
                   function_ref<void(ModulePassManager &)> AddPasses) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB;
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM;
  AddPasses(MPM);
  MPM.run(M, MAM);
}

bool isKernel(const Function &F) { return F.hasFnAttribute(kKernelAttr); }

void markKernel(Function &F) { F.addFnAttr(kKernelAttr); }

} // namespace air
} // namespace cumetal

//===- air/lower/FinalizeAIR.cpp - The AIR module Apple's loader accepts --===//
//
// The last pass of the generic tier: switches the module from the NVVM
// dialect to AIR for the macOS 14 baseline (DESIGN.md §4, air-abi.md §2):
// triple air64_v26-apple-macosx14.0.0, Apple's data layout, the module flags
// and named metadata Apple writes (SDK Version, wchar_size, frame-pointer,
// the air.max_* limits, !air.version 2.6, Metal 3.1, compile options), no
// debug info, no NVPTX function attributes, no `unreachable` (air-abi.md §6
// pitfall 6: kernels return instead). It then checks that every function the
// module calls is an AIR or accepted LLVM intrinsic: anything else (an
// unimplemented runtime call, a leftover NVVM intrinsic) is reported at the
// call's source location, so nothing reaches the GPU unresolved.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "air/AIRIntrinsics.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/VersionTuple.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

const char *const kTriple = "air64_v26-apple-macosx14.0.0";
const char *const kDataLayout =
    "e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-"
    "f64:64:64-v16:16:16-v24:32:32-v32:32:32-v48:64:64-v64:64:64-v96:128:128-"
    "v128:128:128-v192:256:256-v256:256:256-v512:512:512-v1024:1024:1024-"
    "n8:16:32";

Metadata *i32(LLVMContext &C, uint64_t V) {
  return ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(C), V));
}

void setModuleMetadata(Module &M, bool FastMath) {
  LLVMContext &C = M.getContext();
  if (NamedMDNode *Flags = M.getModuleFlagsMetadata())
    M.eraseNamedMetadata(Flags);
  M.setSDKVersion(VersionTuple(14, 0));
  M.addModuleFlag(Module::Error, "wchar_size", 4);
  M.addModuleFlag(Module::Max, "frame-pointer", 2);
  for (auto [Name, Value] :
       {std::pair<const char *, unsigned>{"air.max_device_buffers", 31},
        {"air.max_constant_buffers", 31},
        {"air.max_threadgroup_buffers", 31},
        {"air.max_textures", 128},
        {"air.max_read_write_textures", 8},
        {"air.max_samplers", 16}})
    M.addModuleFlag(Module::Max, Name, Value);

  for (StringRef Name : {"llvm.ident", "air.version", "air.language_version",
                         "air.compile_options", "nvvmir.version"})
    if (NamedMDNode *N = M.getNamedMetadata(Name))
      M.eraseNamedMetadata(N);
  M.getOrInsertNamedMetadata("llvm.ident")
      ->addOperand(MDNode::get(C, MDString::get(C, "cumetalc 0.1 (Clang 14)")));
  M.getOrInsertNamedMetadata("air.version")
      ->addOperand(MDNode::get(C, {i32(C, 2), i32(C, 6), i32(C, 0)}));
  M.getOrInsertNamedMetadata("air.language_version")
      ->addOperand(MDNode::get(
          C, {MDString::get(C, "Metal"), i32(C, 3), i32(C, 1), i32(C, 0)}));
  NamedMDNode *Opts = M.getOrInsertNamedMetadata("air.compile_options");
  for (const char *O : {"air.compile.denorms_disable",
                        FastMath ? "air.compile.fast_math_enable"
                                 : "air.compile.fast_math_disable",
                        "air.compile.framebuffer_fetch_enable"})
    Opts->addOperand(MDNode::get(C, MDString::get(C, O)));
  // Apple's order (air-abi.md §2.6): flags, ident, versions, options, kernel.
  if (NamedMDNode *K = M.getNamedMetadata("air.kernel")) {
    SmallVector<MDNode *, 8> Ops(K->operands());
    M.eraseNamedMetadata(K);
    NamedMDNode *NK = M.getOrInsertNamedMetadata("air.kernel");
    for (MDNode *N : Ops)
      NK->addOperand(N);
  }
}

void cleanFunction(Function &F) {
  for (const char *A :
       {"target-cpu", "target-features", "min-legal-vector-width",
        "cumetal-kernel", "uniform-work-group-size"})
    F.removeFnAttr(A);
  F.addFnAttr(Attribute::NoUnwind);
  // Kernels return; `unreachable` (after a no-return call or UB) would make
  // Apple's compiler hang or miscompile (air-abi.md §6, pitfall 6).
  SmallVector<UnreachableInst *, 4> Unreachables;
  for (BasicBlock &BB : F)
    if (auto *U = dyn_cast<UnreachableInst>(BB.getTerminator()))
      Unreachables.push_back(U);
  for (UnreachableInst *U : Unreachables) {
    IRBuilder<> B(U);
    if (F.getReturnType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(UndefValue::get(F.getReturnType()));
    U->eraseFromParent();
  }
}

std::string describeCallee(StringRef Name) {
  if (Name == "vprintf")
    return "printf in device code is not supported yet";
  if (Name == "__assertfail" || Name == "__assert_fail")
    return "assert in device code is not supported yet";
  if (Name == "malloc" || Name == "free")
    return "device-side " + Name.str() + " is not supported";
  return "call to '" + demangle(Name.str()) +
         "', which has no definition in device code (is it a __device__ "
         "function defined in another file, or a host function?)";
}

} // namespace

PreservedAnalyses FinalizeAIRPass::run(Module &M, ModuleAnalysisManager &) {
  // Diagnose unresolved calls while source locations still exist.
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      auto *CI = dyn_cast<CallInst>(&I);
      if (!CI)
        continue;
      Function *Callee = CI->getCalledFunction();
      if (!Callee || !Callee->isDeclaration())
        continue;
      StringRef Name = Callee->getName();
      if (Name.startswith("air.")) {
        if (!isKnownAIRIntrinsic(Name))
          Ctx.error(&I, "internal: the lowering produced an unknown AIR "
                        "function '" +
                            Name + "'");
      } else if (Name.startswith("llvm.")) {
        LLVMIntrinsicStatus S = classifyLLVMIntrinsic(Name);
        if (!S.isAccepted())
          Ctx.error(&I, "'" + Name + "' cannot be lowered to AIR (" + S.Reason +
                            ")");
      } else {
        Ctx.error(&I, describeCallee(Name));
      }
    }

  // A kernel whose entry is `unreachable` was optimised away as undefined
  // behaviour (an infinite recursion, a call that cannot return): running
  // nothing instead would be a silent miscompile.
  for (Function &F : M)
    if (!F.isDeclaration() && isKernel(F) &&
        isa<UnreachableInst>(F.getEntryBlock().getTerminator()))
      Ctx.error(&F, "kernel '" + demangle(F.getName().str()) +
                        "' always executes undefined behaviour (for example "
                        "an infinite recursion); it was optimised to nothing");

  StripDebugInfo(M);
  M.setTargetTriple(kTriple);
  M.setDataLayout(kDataLayout);
  for (Function &F : M)
    if (!F.isDeclaration())
      cleanFunction(F);
  setModuleMetadata(M, Ctx.options().fastMath);
  // Placeholder declarations are gone by now; drop unused declarations.
  for (Function &F : llvm::make_early_inc_range(M))
    if (F.isDeclaration() && F.use_empty())
      F.eraseFromParent();
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

//===- air/lower/LowerSync.cpp - Barriers and fences to AIR ---------------===//
//
// __syncthreads() is air.wg.barrier with threadgroup and device memory
// ordering (CUDA's barrier makes both visible to the block); __syncwarp() is
// air.simdgroup.barrier; __threadfence_block/__threadfence/__threadfence_system
// and C++ fences are air.atomic.fence with seq_cst order at threadgroup or
// device scope (air-abi.md §4.1 encodings). Barrier variants that count or
// vote (__syncthreads_count/_and/_or) and named barriers with thread counts
// are diagnosed until they are implemented.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

// air-abi.md §4.1.
enum : unsigned {
  MemDevice = 1,
  MemThreadgroup = 2,
  ScopeThreadgroup = 1,
  ScopeDevice = 2,
  ScopeSimdgroup = 4,
  OrderSeqCst = 5,
};

void emitBarrier(IRBuilder<> &B, StringRef Name, unsigned Flags,
                 unsigned Scope) {
  Module &M = *B.GetInsertBlock()->getModule();
  FunctionType *Ty =
      FunctionType::get(B.getVoidTy(), {B.getInt32Ty(), B.getInt32Ty()}, false);
  B.CreateCall(declareAIRFunction(M, Name, Ty, /*Convergent=*/true),
               {B.getInt32(Flags), B.getInt32(Scope)});
}

void emitFence(IRBuilder<> &B, unsigned Scope) {
  Module &M = *B.GetInsertBlock()->getModule();
  FunctionType *Ty = FunctionType::get(
      B.getVoidTy(), {B.getInt32Ty(), B.getInt32Ty(), B.getInt32Ty()}, false);
  B.CreateCall(declareAIRFunction(M, "air.atomic.fence", Ty),
               {B.getInt32(MemDevice | MemThreadgroup), B.getInt32(OrderSeqCst),
                B.getInt32(Scope)});
}

} // namespace

PreservedAnalyses LowerSyncPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<Instruction *, 16> Work;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (isa<FenceInst>(I))
        Work.push_back(&I);
      else if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction())
          if (Callee->getName().startswith("llvm.nvvm.barrier") ||
              Callee->getName().startswith("llvm.nvvm.bar.") ||
              Callee->getName().startswith("llvm.nvvm.membar."))
            Work.push_back(CI);

  for (Instruction *I : Work) {
    IRBuilder<> B(I);
    if (auto *FI = dyn_cast<FenceInst>(I)) {
      emitFence(B, FI->getSyncScopeID() == SyncScope::SingleThread
                       ? ScopeThreadgroup
                       : ScopeDevice);
      I->eraseFromParent();
      continue;
    }
    auto *CI = cast<CallInst>(I);
    StringRef Name = CI->getCalledFunction()->getName();
    bool Done = true;
    if (Name == "llvm.nvvm.barrier0") {
      emitBarrier(B, "air.wg.barrier", MemDevice | MemThreadgroup,
                  ScopeThreadgroup);
    } else if (Name == "llvm.nvvm.barrier.sync" ||
               Name == "llvm.nvvm.barrier.n") {
      auto *Id = dyn_cast<ConstantInt>(CI->getArgOperand(0));
      if (Id && Id->isZero())
        emitBarrier(B, "air.wg.barrier", MemDevice | MemThreadgroup,
                    ScopeThreadgroup);
      else
        Done = false;
    } else if (Name == "llvm.nvvm.bar.warp.sync") {
      emitBarrier(B, "air.simdgroup.barrier", MemDevice | MemThreadgroup,
                  ScopeSimdgroup);
    } else if (Name == "llvm.nvvm.membar.cta") {
      emitFence(B, ScopeThreadgroup);
    } else if (Name == "llvm.nvvm.membar.gl" ||
               Name == "llvm.nvvm.membar.sys") {
      emitFence(B, ScopeDevice);
    } else {
      Done = false;
    }
    if (!Done) {
      Ctx.error(CI, "'" + Name +
                        "' (a barrier that counts, votes, or names a barrier "
                        "other than 0) is not supported yet");
      continue;
    }
    CI->eraseFromParent();
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

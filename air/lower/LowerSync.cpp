//===- air/lower/LowerSync.cpp - Barriers and fences to AIR ---------------===//
//
// __syncthreads() is air.wg.barrier with threadgroup and device memory
// ordering (CUDA's barrier makes both visible to the block); __syncwarp() is
// air.simdgroup.barrier; __threadfence_block/__threadfence/__threadfence_system
// and C++ fences are air.atomic.fence with seq_cst order at threadgroup or
// device scope (air-abi.md §4.1 encodings). __syncthreads_count/_and/_or
// count through a hidden threadgroup counter between barriers. Named
// barriers other than 0 and barriers with thread counts are diagnosed.
//
//===----------------------------------------------------------------------===//

#include "air/lower/AtomicEmit.h"
#include "air/lower/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

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

/// __syncthreads_count/_and/_or (llvm.nvvm.barrier0.{popc,and,or}): a
/// barrier that also counts the threads whose predicate is true, through a
/// hidden threadgroup counter. The first barrier guarantees every thread
/// has read the previous result before thread 0 resets the counter.
Value *emitCountingBarrier(IRBuilder<> &B, LoweringContext &Ctx, StringRef Kind,
                           Value *Pred) {
  Function &F = *B.GetInsertBlock()->getParent();
  Module &M = *F.getParent();
  Type *I32 = B.getInt32Ty();
  GlobalVariable *Count = M.getGlobalVariable("cumetal.barrier_count", true);
  if (!Count) {
    Count = new GlobalVariable(M, I32, false, GlobalValue::InternalLinkage,
                               UndefValue::get(I32), "cumetal.barrier_count",
                               nullptr, GlobalValue::NotThreadLocal, 3);
    Count->setAlignment(Align(4));
  }
  auto Barrier = [&] {
    emitBarrier(B, "air.wg.barrier", MemDevice | MemThreadgroup,
                ScopeThreadgroup);
  };
  Barrier();
  Value *Tid = Ctx.getInput(F, KernelInput::ThreadIndexInThreadgroup);
  Instruction *Init = SplitBlockAndInsertIfThen(
      B.CreateICmpEQ(Tid, B.getInt32(0)), &*B.GetInsertPoint(), false);
  IRBuilder<>(Init).CreateStore(B.getInt32(0), Count);
  B.SetInsertPoint(&*B.GetInsertPoint()); // the split moved the point's block
  Barrier();
  FunctionType *AddTy = FunctionType::get(
      I32, {Count->getType(), I32, I32, I32, B.getInt1Ty()}, false);
  Value *Inc = B.CreateZExt(B.CreateICmpNE(Pred, B.getInt32(0)), I32);
  B.CreateCall(
      declareAIRFunction(M, "air.atomic.local.add.u.i32", AddTy),
      {Count, Inc, B.getInt32(0), B.getInt32(ScopeThreadgroup), B.getTrue()});
  Barrier();
  Value *N = B.CreateLoad(I32, Count, /*isVolatile=*/true);
  if (Kind == "popc")
    return N;
  if (Kind == "or")
    return B.CreateZExt(B.CreateICmpNE(N, B.getInt32(0)), I32);
  Value *Dim = Ctx.getInput(F, KernelInput::ThreadsPerThreadgroup);
  Value *Threads =
      B.CreateMul(B.CreateMul(B.CreateExtractElement(Dim, uint64_t(0)),
                              B.CreateExtractElement(Dim, 1)),
                  B.CreateExtractElement(Dim, 2));
  return B.CreateZExt(B.CreateICmpEQ(N, Threads), I32);
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
    if (Name == "llvm.nvvm.barrier0.popc" || Name == "llvm.nvvm.barrier0.and" ||
        Name == "llvm.nvvm.barrier0.or") {
      Value *R = emitCountingBarrier(B, Ctx, Name.rsplit('.').second,
                                     CI->getArgOperand(0));
      CI->replaceAllUsesWith(R);
    } else if (Name == "llvm.nvvm.barrier0") {
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
                        "' (a named barrier other than 0, or a barrier with a "
                        "thread count) is not supported yet");
      continue;
    }
    CI->eraseFromParent();
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

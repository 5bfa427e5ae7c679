//===- SimdSites.cpp - Numbering SIMD-group call sites --------------------===//
//
// See SimdSites.h.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/SimdSites.h"

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal::cpu {

void numberSimdSites(Module &M) {
  FunctionCallee Hook =
      M.getOrInsertFunction(kSimdSiteHook, Type::getVoidTy(M.getContext()),
                            Type::getInt64Ty(M.getContext()));
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    uint64_t Block = 0;
    for (BasicBlock *BB : ReversePostOrderTraversal<Function *>(&F)) {
      uint64_t Call = 0;
      for (Instruction &I : *BB) {
        auto *CI = dyn_cast<CallInst>(&I);
        Function *Callee = CI ? CI->getCalledFunction() : nullptr;
        const AIRFunction *A =
            Callee ? lookupAIRFunction(Callee->getName()) : nullptr;
        if (!A || !A->Rendezvous)
          continue;
        IRBuilder<> B(CI);
        B.CreateCall(Hook, B.getInt64(Block << 32 | Call++));
      }
      ++Block;
    }
  }
  if (auto *F = dyn_cast<Function>(Hook.getCallee()); F && F->use_empty())
    F->eraseFromParent();
}

} // namespace cumetal::cpu

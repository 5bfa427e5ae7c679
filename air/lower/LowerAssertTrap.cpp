//===- air/lower/LowerAssertTrap.cpp - assert() and __trap() --------------===//
//
// A failed device assert() calls __assertfail(message, file, line, function,
// charSize); __trap() is the inline PTX `trap;` (or llvm.trap). Apple GPUs
// must never execute llvm.trap (it wedges the GPU, air-abi.md §6), so:
//   - assert writes CUDA's message ("file:line: function: block: [x,y,z],
//     thread: [x,y,z] Assertion `message` failed.") as a record in the printf
//     buffer (format id with kAssertFormatBit: the runtime prints it to
//     stderr), raises the assert status bit and ends the thread;
//   - trap raises the trap status bit and ends the thread.
// The runtime turns the status into cudaErrorAssert / cudaErrorLaunchFailure
// for the launch, sticky as on NVIDIA GPUs (docs/abi.md §4).
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"
#include "air/lower/PrintfBuffer.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

bool isTrap(const CallInst &CI) {
  if (auto *IA = dyn_cast<InlineAsm>(CI.getCalledOperand()))
    return StringRef(IA->getAsmString()).trim() == "trap;";
  if (const Function *F = CI.getCalledFunction())
    return F->getIntrinsicID() == Intrinsic::trap;
  return false;
}

bool isAssertFail(const CallInst &CI) {
  const Function *F = CI.getCalledFunction();
  return F &&
         (F->getName() == "__assertfail" || F->getName() == "__assert_fail");
}

std::string constantText(Value *V) {
  StringRef S;
  if (getConstantStringInfo(V->stripPointerCasts(), S))
    return S.str();
  return "?";
}


/// Ends the thread right after \p I: the rest of the block is split off and
/// \p I's block returns.
void returnAfter(Instruction *I) {
  BasicBlock *BB = I->getParent();
  SplitBlock(BB, I->getNextNode());
  Instruction *Br = BB->getTerminator();
  ReturnInst::Create(BB->getContext(), nullptr, Br);
  Br->eraseFromParent();
}

} // namespace

PreservedAnalyses LowerAssertTrapPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<CallInst *, 8> Work;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (isTrap(*CI) || isAssertFail(*CI))
          Work.push_back(CI);

  for (CallInst *CI : Work) {
    Function &F = *CI->getFunction();
    if (!F.getReturnType()->isVoidTy()) {
      Ctx.error(CI, "internal: assert or __trap outside a kernel");
      continue;
    }
    IRBuilder<> B(CI);
    if (isTrap(*CI)) {
      emitStatus(B, F, Ctx, StatusTrap);
    } else {
      std::string Fmt =
          escapePercent(constantText(CI->getArgOperand(1))) +
          ":%u: " + escapePercent(constantText(CI->getArgOperand(3))) +
          ": block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `" +
          escapePercent(constantText(CI->getArgOperand(0))) + "` failed.\n";
      Value *Block = Ctx.getInput(F, KernelInput::ThreadgroupPositionInGrid);
      Value *Thread = Ctx.getInput(F, KernelInput::ThreadPositionInThreadgroup);
      SmallVector<Value *, 7> Args{
          B.CreateZExtOrTrunc(CI->getArgOperand(2), B.getInt32Ty())};
      for (Value *V : {Block, Thread})
        for (unsigned I = 0; I < 3; ++I)
          Args.push_back(B.CreateExtractElement(V, I));
      emitPrintfRecord(B, F, Ctx, printfFormatId(Ctx, Fmt) | kAssertFormatBit,
                       Args);
      emitStatus(B, F, Ctx, StatusAssert);
    }
    Instruction *Last = &*std::prev(B.GetInsertPoint());
    CI->eraseFromParent();
    returnAfter(Last);
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

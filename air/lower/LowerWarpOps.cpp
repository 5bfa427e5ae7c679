//===- air/lower/LowerWarpOps.cpp - Warp operations to SIMD-group ops -----===//
//
// A CUDA warp is an Apple SIMD-group of 32 threads. Shuffles follow PTX's
// shfl.sync definition exactly: the source lane is computed from the mode,
// the lane operand and the packed clamp/segment-mask operand (which is how
// `width` below 32 reaches the IR), out-of-range lanes read their own value,
// and the move itself is one air.simd_shuffle. Votes and ballots use
// air.simd_ballot restricted to the member mask, which is exact for the
// lanes that execute the call (the ones a CUDA mask may name).
// __activemask() is a ballot of true; Clang's headers spell it as the inline
// PTX `activemask.b32`, which is recognised here by its exact text.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

/// True for Clang's __activemask() inline assembly.
bool isActiveMaskAsm(const CallInst &CI) {
  auto *IA = dyn_cast<InlineAsm>(CI.getCalledOperand());
  return IA && StringRef(IA->getAsmString()).trim() == "activemask.b32 $0;";
}

Value *ballot(IRBuilder<> &B, Value *Pred) {
  Module &M = *B.GetInsertBlock()->getModule();
  FunctionType *Ty = FunctionType::get(B.getInt64Ty(), {B.getInt1Ty()}, false);
  Value *Bits = B.CreateCall(
      declareAIRFunction(M, "air.simd_ballot.i64", Ty, true), {Pred});
  return B.CreateTrunc(Bits, B.getInt32Ty());
}

Value *shuffle(IRBuilder<> &B, Value *V, Value *Lane) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *T = V->getType();
  StringRef Suffix = T->isFloatTy() ? "f32" : "s.i32";
  FunctionType *Ty = FunctionType::get(T, {T, B.getInt16Ty()}, false);
  return B.CreateCall(
      declareAIRFunction(M, ("air.simd_shuffle." + Suffix).str(), Ty, true),
      {V, B.CreateTrunc(Lane, B.getInt16Ty())});
}

/// llvm.nvvm.shfl.sync.<mode>.<type>[p](mask, value, b, c): returns the
/// shuffled value and PTX's predicate (whether the source lane was in range).
std::pair<Value *, Value *> lowerShuffle(IRBuilder<> &B, StringRef Mode,
                                         Value *V, Value *BOp, Value *C,
                                         Value *Lane) {
  // PTX: every operand contributes its low five bits (b[4:0], c[4:0],
  // c[12:8]).
  BOp = B.CreateAnd(BOp, 0x1f);
  Value *Clamp = B.CreateAnd(C, 0x1f);
  Value *SegMask = B.CreateAnd(B.CreateLShr(C, 8), 0x1f);
  Value *NotSeg = B.CreateXor(SegMask, 0x1f);
  Value *MinLane = B.CreateAnd(Lane, SegMask);
  Value *MaxLane = B.CreateOr(MinLane, B.CreateAnd(Clamp, NotSeg));
  Value *J, *InRange;
  if (Mode == "up") {
    J = B.CreateSub(Lane, BOp);
    InRange = B.CreateICmpSGE(J, MaxLane);
  } else if (Mode == "down") {
    J = B.CreateAdd(Lane, BOp);
    InRange = B.CreateICmpSLE(J, MaxLane);
  } else if (Mode == "bfly") {
    J = B.CreateXor(Lane, BOp);
    InRange = B.CreateICmpSLE(J, MaxLane);
  } else { // idx
    J = B.CreateOr(MinLane, B.CreateAnd(BOp, NotSeg));
    InRange = B.CreateICmpSLE(J, MaxLane);
  }
  Value *Src = B.CreateSelect(InRange, J, Lane);
  return {shuffle(B, V, Src), InRange};
}

/// __match_any_sync: the lanes (of the member mask, among those executing)
/// whose value equals this lane's, by comparing with each lane's value in
/// turn; 64-bit values are compared in two halves.
Value *matchAny(IRBuilder<> &B, Value *Mask, Value *V) {
  Value *Lo = V, *Hi = nullptr;
  if (V->getType()->isIntegerTy(64)) {
    Lo = B.CreateTrunc(V, B.getInt32Ty());
    Hi = B.CreateTrunc(B.CreateLShr(V, 32), B.getInt32Ty());
  }
  Value *Result = B.getInt32(0);
  for (unsigned J = 0; J < 32; ++J) {
    Value *Same = B.CreateICmpEQ(shuffle(B, Lo, B.getInt32(J)), Lo);
    if (Hi)
      Same =
          B.CreateAnd(Same, B.CreateICmpEQ(shuffle(B, Hi, B.getInt32(J)), Hi));
    Result = B.CreateOr(
        Result, B.CreateSelect(Same, B.getInt32(1u << J), B.getInt32(0)));
  }
  return B.CreateAnd(B.CreateAnd(Result, Mask), ballot(B, B.getTrue()));
}

} // namespace

PreservedAnalyses LowerWarpOpsPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<CallInst *, 16> Work;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CI = dyn_cast<CallInst>(&I)) {
        if (isActiveMaskAsm(*CI)) {
          Work.push_back(CI);
        } else if (Function *Callee = CI->getCalledFunction()) {
          StringRef N = Callee->getName();
          if (N.startswith("llvm.nvvm.shfl.") ||
              N.startswith("llvm.nvvm.vote.") ||
              N.startswith("llvm.nvvm.match.") ||
              N.startswith("llvm.nvvm.redux."))
            Work.push_back(CI);
        }
      }

  for (CallInst *CI : Work) {
    IRBuilder<> B(CI);
    Function &F = *CI->getFunction();
    if (isActiveMaskAsm(*CI)) {
      CI->replaceAllUsesWith(ballot(B, B.getTrue()));
      CI->eraseFromParent();
      continue;
    }
    StringRef Name = CI->getCalledFunction()->getName();
    Value *Result = nullptr;
    StringRef Rest = Name;
    if (Rest.consume_front("llvm.nvvm.shfl.sync.")) {
      auto [Mode, Type] = Rest.split('.');
      Value *Lane = Ctx.getInput(F, KernelInput::ThreadIndexInSimdgroup);
      auto [V, Pred] =
          lowerShuffle(B, Mode, CI->getArgOperand(1), CI->getArgOperand(2),
                       CI->getArgOperand(3), Lane);
      if (Type.endswith("p")) {
        Result = UndefValue::get(CI->getType());
        Result = B.CreateInsertValue(Result, V, 0);
        Result = B.CreateInsertValue(Result, Pred, 1);
      } else {
        Result = V;
      }
    } else if (Name == "llvm.nvvm.vote.ballot") {
      Result = ballot(B, CI->getArgOperand(0));
    } else if (Name == "llvm.nvvm.vote.any") {
      Result = B.CreateICmpNE(ballot(B, CI->getArgOperand(0)), B.getInt32(0));
    } else if (Name == "llvm.nvvm.vote.all") {
      Result = B.CreateICmpEQ(ballot(B, B.CreateNot(CI->getArgOperand(0))),
                              B.getInt32(0));
    } else if (Name == "llvm.nvvm.vote.ballot.sync") {
      Result =
          B.CreateAnd(ballot(B, CI->getArgOperand(1)), CI->getArgOperand(0));
    } else if (Name == "llvm.nvvm.vote.any.sync") {
      Value *Bits =
          B.CreateAnd(ballot(B, CI->getArgOperand(1)), CI->getArgOperand(0));
      Result = B.CreateICmpNE(Bits, B.getInt32(0));
    } else if (Name == "llvm.nvvm.vote.all.sync") {
      Value *Bits = B.CreateAnd(ballot(B, B.CreateNot(CI->getArgOperand(1))),
                                CI->getArgOperand(0));
      Result = B.CreateICmpEQ(Bits, B.getInt32(0));
    } else if (Name.startswith("llvm.nvvm.match.any.sync.")) {
      // The .i64 form returns its 32-bit lane mask as an i64.
      Result =
          B.CreateZExt(matchAny(B, CI->getArgOperand(0), CI->getArgOperand(1)),
                       CI->getType());
    } else if (Name.startswith("llvm.nvvm.match.all.sync.")) {
      // All executing member lanes hold the same value: {mask, true}.
      Value *Mask = CI->getArgOperand(0);
      Value *Same = matchAny(B, Mask, CI->getArgOperand(1));
      Value *Members = B.CreateAnd(Mask, ballot(B, B.getTrue()));
      Value *All = B.CreateICmpEQ(Same, Members);
      Result = UndefValue::get(CI->getType());
      Type *MaskTy = cast<StructType>(CI->getType())->getElementType(0);
      Result = B.CreateInsertValue(
          Result,
          B.CreateZExt(B.CreateSelect(All, Mask, B.getInt32(0)), MaskTy), 0);
      Result = B.CreateInsertValue(Result, All, 1);
    } else if (Name == "llvm.nvvm.vote.uni.sync") {
      Value *Mask = CI->getArgOperand(0);
      Value *Yes = B.CreateAnd(ballot(B, CI->getArgOperand(1)), Mask);
      Value *Active = B.CreateAnd(ballot(B, B.getTrue()), Mask);
      Result = B.CreateOr(B.CreateICmpEQ(Yes, B.getInt32(0)),
                          B.CreateICmpEQ(Yes, Active));
    }
    if (!Result) {
      Ctx.error(CI, "warp operation '" + Name + "' is not supported yet");
      continue;
    }
    CI->replaceAllUsesWith(Result);
    CI->eraseFromParent();
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

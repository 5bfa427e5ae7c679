//===- air/lower/Atomic64Lowering.cpp - 64-bit atomics under locks --------===//
//
// See Atomic64Lowering.h.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Atomic64Lowering.h"

#include "metallib/Envelope.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

/// The lock word of the datum at \p Ptr: (address >> 3) & (N - 1) in the
/// device lock table or the threadgroup lock array.
Value *Atomic64Lowering::lockWord(IRBuilder<> &B, Function &F, const Target &T,
                                  Value *Ptr) {
  Type *I32 = B.getInt32Ty();
  bool Shared = T.Scope == ScopeThreadgroup;
  uint64_t Words = Shared ? kSharedLockCount : metallib::kAtomicLockCount;
  Value *Addr = B.CreatePtrToInt(Ptr, B.getInt64Ty());
  Value *Index =
      B.CreateAnd(B.CreateLShr(Addr, 3), Words - 1, "atomic64.lock.index");
  if (!Shared) {
    Value *Table = B.CreateBitCast(Ctx.getInput(F, KernelInput::AtomicLocks),
                                   PointerType::get(I32, 1));
    return B.CreateInBoundsGEP(I32, Table, Index, "atomic64.lock");
  }
  if (!SharedLocks) {
    Module &M = *F.getParent();
    auto *Ty = ArrayType::get(I32, kSharedLockCount);
    SharedLocks = new GlobalVariable(
        M, Ty, /*isConstant=*/false, GlobalValue::InternalLinkage,
        UndefValue::get(Ty), "cumetal.atomic64_locks", nullptr,
        GlobalValue::NotThreadLocal, 3);
    SharedLocks->setAlignment(Align(16));
  }
  SharedLockUsers.insert(&F);
  return B.CreateInBoundsGEP(SharedLocks->getValueType(), SharedLocks,
                             {B.getInt64(0), Index}, "atomic64.lock");
}

/// The function's private flag telling the lock loop it is done.
AllocaInst *Atomic64Lowering::doneFlag(Function &F) {
  AllocaInst *&Slot = DoneFlags[&F];
  if (!Slot) {
    IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
    Slot = B.CreateAlloca(B.getInt32Ty(), nullptr, "atomic64.done");
  }
  return Slot;
}

/// Emits, in place of \p I, the lock loop
///
///   done = 0
///   do {
///     if (xchg(lock, 1) == 0) {           // this lane holds the lock
///       fence; old = {lo, hi}; [store Body(old)]; fence
///       store(lock, 0); done = 1
///     }
///   } while (!done)                       // `done` is a volatile load
///
/// and returns `old` (valid where \p I was). On SIMD hardware without
/// independent thread scheduling, the lanes that lose keep looping while the
/// winner finishes in the same iteration, so the lock is always released
/// before any lane spins on it again. `done` lives in volatile private
/// memory so that no optimiser (ours or Apple's) can thread the winner's
/// path out of the loop -- leaving the loop with the lock held, to run the
/// critical section after lanes that can never leave. Before the loop, a
/// volatile 64-bit load of the datum (its result unused) faults a bad
/// address, where checked mode reports one, before the lock is held: a
/// thread stopped inside would leave its lock taken.
Value *Atomic64Lowering::emitLocked(
    Instruction &I, const Target &T,
    function_ref<Update(IRBuilder<> &, Value *)> Body) {
  Function &F = *I.getFunction();
  LLVMContext &C = F.getContext();
  IRBuilder<> B(&I);
  Type *I32 = B.getInt32Ty();
  Type *I64 = B.getInt64Ty();
  Value *Ptr = pointerOperand(I);
  unsigned AS = Ptr->getType()->getPointerAddressSpace();
  Value *Lo = B.CreateBitCast(Ptr, PointerType::get(I32, AS));
  Value *Hi = B.CreateConstInBoundsGEP1_32(I32, Lo, 1);
  Value *Lock = lockWord(B, F, T, Ptr);
  AllocaInst *Done = doneFlag(F);
  B.CreateAlignedLoad(I64, B.CreateBitCast(Ptr, PointerType::get(I64, AS)),
                      alignOf(I), /*isVolatile=*/true, "atomic64.probe");
  B.CreateStore(B.getInt32(0), Done, /*isVolatile=*/true);

  BasicBlock *Pre = B.GetInsertBlock();
  BasicBlock *Tail = Pre->splitBasicBlock(&I, "atomic64.done");
  BasicBlock *Loop = BasicBlock::Create(C, "atomic64.lock", &F, Tail);
  BasicBlock *Critical = BasicBlock::Create(C, "atomic64.critical", &F, Tail);
  BasicBlock *Latch = BasicBlock::Create(C, "atomic64.latch", &F, Tail);
  Pre->getTerminator()->setSuccessor(0, Loop);

  B.SetInsertPoint(Loop);
  Value *Held = emitRMW(B, T, "xchg", "i32", Lock, B.getInt32(1));
  B.CreateCondBr(B.CreateICmpEQ(Held, B.getInt32(0)), Critical, Latch);

  B.SetInsertPoint(Critical);
  emitFence(B, T);
  Value *OldLo = emitAtomicLoad(B, T, I32, Lo);
  Value *OldHi = emitAtomicLoad(B, T, I32, Hi);
  Value *Old =
      B.CreateOr(B.CreateZExt(OldLo, I64),
                 B.CreateShl(B.CreateZExt(OldHi, I64), 32), "atomic64.old");
  Update U = Body(B, Old);
  if (U.New) {
    BasicBlock *Join = nullptr;
    if (U.If) {
      BasicBlock *Write = BasicBlock::Create(C, "atomic64.write", &F, Latch);
      Join = BasicBlock::Create(C, "atomic64.unlock", &F, Latch);
      B.CreateCondBr(U.If, Write, Join);
      B.SetInsertPoint(Write);
    }
    emitAtomicStore(B, T, Lo, B.CreateTrunc(U.New, I32));
    emitAtomicStore(B, T, Hi, B.CreateTrunc(B.CreateLShr(U.New, 32), I32));
    if (Join) {
      B.CreateBr(Join);
      B.SetInsertPoint(Join);
    }
  }
  emitFence(B, T);
  emitAtomicStore(B, T, Lock, B.getInt32(0));
  B.CreateStore(B.getInt32(1), Done, /*isVolatile=*/true);
  B.CreateBr(Latch);
  BasicBlock *CriticalEnd = B.GetInsertBlock();

  B.SetInsertPoint(Latch);
  PHINode *Result = B.CreatePHI(I64, 2, "atomic64.result");
  Result->addIncoming(UndefValue::get(I64), Loop);
  Result->addIncoming(Old, CriticalEnd);
  Value *Finished = B.CreateLoad(I32, Done, /*isVolatile=*/true);
  B.CreateCondBr(B.CreateICmpNE(Finished, B.getInt32(0)), Tail, Loop);
  return Result;
}

/// The value atomicrmw \p Op stores, given the old value \p Old and the
/// operand \p V (integers).
static Value *combine(IRBuilder<> &B, AtomicRMWInst::BinOp Op, Value *Old,
                      Value *V) {
  switch (Op) {
  case AtomicRMWInst::Xchg:
    return V;
  case AtomicRMWInst::Add:
    return B.CreateAdd(Old, V);
  case AtomicRMWInst::Sub:
    return B.CreateSub(Old, V);
  case AtomicRMWInst::And:
    return B.CreateAnd(Old, V);
  case AtomicRMWInst::Nand:
    return B.CreateNot(B.CreateAnd(Old, V));
  case AtomicRMWInst::Or:
    return B.CreateOr(Old, V);
  case AtomicRMWInst::Xor:
    return B.CreateXor(Old, V);
  case AtomicRMWInst::Max:
    return B.CreateSelect(B.CreateICmpSGT(Old, V), Old, V);
  case AtomicRMWInst::Min:
    return B.CreateSelect(B.CreateICmpSLT(Old, V), Old, V);
  case AtomicRMWInst::UMax:
    return B.CreateSelect(B.CreateICmpUGT(Old, V), Old, V);
  case AtomicRMWInst::UMin:
    return B.CreateSelect(B.CreateICmpULT(Old, V), Old, V);
  default:
    llvm_unreachable("not an integer atomicrmw operation");
  }
}

void Atomic64Lowering::lower(Instruction &I, const Target &T) {
  // Pointers are handled as their 64-bit addresses.
  Type *Ty = accessedType(I);
  IRBuilder<> B(&I);
  auto ToInt = [&](Value *V) {
    return Ty->isPointerTy() ? B.CreatePtrToInt(V, B.getInt64Ty()) : V;
  };
  auto FromInt = [&](Value *V) {
    return Ty->isPointerTy() ? B.CreateIntToPtr(V, Ty) : V;
  };

  Value *Result = nullptr;
  if (auto *S = dyn_cast<StoreInst>(&I)) {
    Value *V = ToInt(S->getValueOperand());
    emitLocked(I, T, [&](IRBuilder<> &, Value *) { return Update{V}; });
  } else if (isa<LoadInst>(I)) {
    Value *Old =
        emitLocked(I, T, [](IRBuilder<> &, Value *) { return Update{}; });
    B.SetInsertPoint(&I);
    Result = FromInt(Old);
  } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
    // A strong compare-and-swap: it stores only on success, and fails only
    // when the values differ.
    Value *Cmp = ToInt(CX->getCompareOperand());
    Value *New = ToInt(CX->getNewValOperand());
    Value *Old = emitLocked(I, T, [&](IRBuilder<> &B, Value *Old) {
      return Update{New, B.CreateICmpEQ(Old, Cmp)};
    });
    B.SetInsertPoint(&I);
    Result =
        B.CreateInsertValue(UndefValue::get(CX->getType()), FromInt(Old), 0);
    Result = B.CreateInsertValue(Result, B.CreateICmpEQ(Old, Cmp), 1);
  } else {
    auto *RMW = cast<AtomicRMWInst>(&I);
    AtomicRMWInst::BinOp Op = RMW->getOperation();
    Value *V = ToInt(RMW->getValOperand());
    Value *Old = emitLocked(I, T, [&](IRBuilder<> &B, Value *Old) {
      return Update{combine(B, Op, Old, V)};
    });
    B.SetInsertPoint(&I);
    Result = FromInt(Old);
  }
  if (Result)
    I.replaceAllUsesWith(Result);
  I.eraseFromParent();
}

void Atomic64Lowering::initSharedLocks() {
  for (Function *F : SharedLockUsers) {
    LLVMContext &C = F->getContext();
    Value *Tid = Ctx.getInput(*F, KernelInput::ThreadIndexInThreadgroup);
    Value *Dim = Ctx.getInput(*F, KernelInput::ThreadsPerThreadgroup);
    // The entry block keeps its allocas and kernel inputs (later passes
    // look for both there), gathered at its top; the clearing loop follows.
    BasicBlock &Entry = F->getEntryBlock();
    auto IsInput = [](Instruction &I) {
      auto *CI = dyn_cast<CallInst>(&I);
      return CI && CI->getCalledFunction() &&
             CI->getCalledFunction()->getName().startswith("cumetal.input.");
    };
    Instruction *Last = nullptr;
    for (Instruction &I : make_early_inc_range(Entry))
      if (isa<AllocaInst>(I) || IsInput(I)) {
        if (Last)
          I.moveAfter(Last);
        else
          I.moveBefore(&Entry.front());
        Last = &I;
      }
    BasicBlock::iterator At = std::next(Last->getIterator());
    BasicBlock *Body = Entry.splitBasicBlock(At, "entry.body");
    BasicBlock *Clear = BasicBlock::Create(C, "atomic64.clear", F, Body);
    BasicBlock *Sync = BasicBlock::Create(C, "atomic64.sync", F, Body);
    Entry.getTerminator()->eraseFromParent();

    IRBuilder<> B(&Entry);
    Value *Words = B.getInt32(kSharedLockCount);
    Value *Threads =
        B.CreateMul(B.CreateMul(B.CreateExtractElement(Dim, uint64_t(0)),
                                B.CreateExtractElement(Dim, 1)),
                    B.CreateExtractElement(Dim, 2));
    B.CreateCondBr(B.CreateICmpULT(Tid, Words), Clear, Sync);

    B.SetInsertPoint(Clear);
    PHINode *Index = B.CreatePHI(B.getInt32Ty(), 2, "atomic64.clear.index");
    Index->addIncoming(Tid, &Entry);
    B.CreateStore(B.getInt32(0),
                  B.CreateInBoundsGEP(SharedLocks->getValueType(), SharedLocks,
                                      {B.getInt32(0), Index}));
    Value *Next = B.CreateAdd(Index, Threads);
    Index->addIncoming(Next, Clear);
    B.CreateCondBr(B.CreateICmpULT(Next, Words), Clear, Sync);

    B.SetInsertPoint(Sync);
    FunctionType *BarrierTy = FunctionType::get(
        B.getVoidTy(), {B.getInt32Ty(), B.getInt32Ty()}, false);
    B.CreateCall(declareAIRFunction(*F->getParent(), "air.wg.barrier",
                                    BarrierTy, /*Convergent=*/true),
                 {B.getInt32(MemThreadgroup), B.getInt32(ScopeThreadgroup)});
    B.CreateBr(Body);
  }
}

} // namespace air
} // namespace cumetal

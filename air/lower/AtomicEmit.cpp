//===- air/lower/AtomicEmit.cpp - Emitting AIR atomics --------------------===//
//
// See AtomicEmit.h.
//
//===----------------------------------------------------------------------===//

#include "air/lower/AtomicEmit.h"

#include "air/lower/LoweringContext.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

Optional<Target> targetOf(Value *Ptr) {
  switch (Ptr->getType()->getPointerAddressSpace()) {
  case 1:
    return Target{"global", ScopeDevice, MemDevice};
  case 3:
    return Target{"local", ScopeThreadgroup, MemThreadgroup};
  default:
    return None;
  }
}

/// air.atomic.<space>.<op>.<suffix>(T *p, T v, order, scope, volatile) -> T
Value *emitRMW(IRBuilder<> &B, const Target &T, StringRef Op, StringRef Suffix,
               Value *Ptr, Value *V) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *Ty = V->getType();
  std::string Name = ("air.atomic." + T.Space + "." + Op + "." + Suffix).str();
  FunctionType *FT = FunctionType::get(
      Ty, {Ptr->getType(), Ty, B.getInt32Ty(), B.getInt32Ty(), B.getInt1Ty()},
      false);
  return B.CreateCall(
      declareAIRFunction(M, Name, FT),
      {Ptr, V, B.getInt32(OrderRelaxed), B.getInt32(T.Scope), B.getTrue()});
}

/// air.atomic.<space>.cmpxchg.weak.i32(i32 *p, i32 *expected, i32 desired,
/// order, order, scope, volatile) -> observed value. \p Expected is a
/// private i32 slot.
Value *emitCmpXchg(IRBuilder<> &B, const Target &T, Value *Ptr, Value *Expected,
                   Value *Cmp, Value *New) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  B.CreateStore(Cmp, Expected);
  std::string Name = ("air.atomic." + T.Space + ".cmpxchg.weak.i32").str();
  FunctionType *FT = FunctionType::get(
      I32,
      {Ptr->getType(), Expected->getType(), I32, I32, I32, I32, B.getInt1Ty()},
      false);
  return B.CreateCall(declareAIRFunction(M, Name, FT),
                      {Ptr, Expected, New, B.getInt32(OrderRelaxed),
                       B.getInt32(OrderRelaxed), B.getInt32(T.Scope),
                       B.getTrue()});
}

StringRef suffixOf(Type *Ty) { return Ty->isFloatTy() ? "f32" : "i32"; }

/// air.atomic.<space>.load.{i32,f32}(T *p, order, scope, volatile) -> T
Value *emitAtomicLoad(IRBuilder<> &B, const Target &T, Type *Ty, Value *Ptr) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  FunctionType *FT =
      FunctionType::get(Ty, {Ptr->getType(), I32, I32, B.getInt1Ty()}, false);
  return B.CreateCall(
      declareAIRFunction(
          M, ("air.atomic." + T.Space + ".load." + suffixOf(Ty)).str(), FT),
      {Ptr, B.getInt32(OrderRelaxed), B.getInt32(T.Scope), B.getTrue()});
}

/// air.atomic.<space>.store.{i32,f32}(T *p, T v, order, scope, volatile)
void emitAtomicStore(IRBuilder<> &B, const Target &T, Value *Ptr, Value *V) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  Type *Ty = V->getType();
  FunctionType *FT = FunctionType::get(
      B.getVoidTy(), {Ptr->getType(), Ty, I32, I32, B.getInt1Ty()}, false);
  B.CreateCall(
      declareAIRFunction(
          M, ("air.atomic." + T.Space + ".store." + suffixOf(Ty)).str(), FT),
      {Ptr, V, B.getInt32(OrderRelaxed), B.getInt32(T.Scope), B.getTrue()});
}

/// air.atomic.fence(mem_flags, seq_cst, scope) on the memory of \p T.
void emitFence(IRBuilder<> &B, const Target &T) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  FunctionType *FT =
      FunctionType::get(B.getVoidTy(), {I32, I32, I32}, /*isVarArg=*/false);
  B.CreateCall(
      declareAIRFunction(M, "air.atomic.fence", FT),
      {B.getInt32(T.MemFlags), B.getInt32(OrderSeqCst), B.getInt32(T.Scope)});
}

AllocaInst *expectedSlot(Function &F) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  return B.CreateAlloca(B.getInt32Ty(), nullptr, "cas.expected");
}

Value *pointerOperand(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return RMW->getPointerOperand();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getPointerOperand();
  return getLoadStorePointerOperand(&I);
}

/// The type of the datum atomic instruction \p I accesses.
Type *accessedType(Instruction &I) {
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getCompareOperand()->getType();
  if (auto *S = dyn_cast<StoreInst>(&I))
    return S->getValueOperand()->getType();
  return I.getType(); // atomicrmw, load
}

Align alignOf(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return RMW->getAlign();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getAlign();
  return getLoadStoreAlignment(&I);
}

} // namespace air
} // namespace cumetal

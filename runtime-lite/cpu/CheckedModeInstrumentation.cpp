//===- CheckedModeInstrumentation.cpp - Checked-mode access checks --------===//
//
// The required alignment of an access is its natural alignment (the store
// size for scalars and power-of-two vectors, capped at 16; the element size
// for other vectors; the ABI alignment for aggregates), relaxed to what the
// instruction itself states: an access marked `align 1` is legal anywhere.
// Calls of air.* functions (atomics, mostly) are checked on each pointer
// operand in address spaces 1-3, with the pointee's size.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/CheckedModeInstrumentation.h"

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace llvm;

namespace cumetal::cpu {

namespace {

bool isCheckedSpace(const Value *P) {
  auto *PT = dyn_cast<PointerType>(P->getType());
  if (!PT)
    return false;
  unsigned AS = PT->getAddressSpace();
  return AS >= 1 && AS <= 3;
}

uint64_t naturalAlign(const DataLayout &DL, Type *T) {
  uint64_t Size = DL.getTypeStoreSize(T);
  if (T->isAggregateType())
    return DL.getABITypeAlign(T).value();
  if (auto *VT = dyn_cast<VectorType>(T))
    if (!isPowerOf2_64(Size))
      return DL.getTypeStoreSize(VT->getElementType());
  return std::min<uint64_t>(isPowerOf2_64(Size) ? Size : 1, 16);
}

struct Check {
  Instruction *Before;
  Value *Pointer;
  Value *Size; ///< i64
  uint64_t Align;
  AccessKind Kind;
};

} // namespace

Expected<size_t> instrumentForCheckedMode(Module &M, StringRef RangesName) {
  const DataLayout &DL = M.getDataLayout();
  LLVMContext &C = M.getContext();
  Type *I8Ptr = Type::getInt8PtrTy(C);
  Type *I64 = Type::getInt64Ty(C);
  Type *I32 = Type::getInt32Ty(C);
  FunctionCallee Hook = M.getOrInsertFunction(
      kCheckAccessHook,
      FunctionType::get(Type::getVoidTy(C), {I8Ptr, I64, I64, I32}, false));
  if (auto *HF = dyn_cast<Function>(Hook.getCallee()))
    HF->setDoesNotThrow();

  SmallVector<Check, 64> Checks;
  auto Sized = [&](Type *T) {
    return ConstantInt::get(I64, DL.getTypeStoreSize(T));
  };
  auto Aligned = [&](Type *T, Align Declared) {
    return std::min<uint64_t>(naturalAlign(DL, T), Declared.value());
  };
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    for (Instruction &I : instructions(F)) {
      if (auto *L = dyn_cast<LoadInst>(&I)) {
        if (isCheckedSpace(L->getPointerOperand()))
          Checks.push_back(
              {L, L->getPointerOperand(), Sized(L->getType()),
               Aligned(L->getType(), L->getAlign()),
               L->isAtomic() ? AccessKind::Atomic : AccessKind::Load});
      } else if (auto *S = dyn_cast<StoreInst>(&I)) {
        Type *T = S->getValueOperand()->getType();
        if (isCheckedSpace(S->getPointerOperand()))
          Checks.push_back(
              {S, S->getPointerOperand(), Sized(T), Aligned(T, S->getAlign()),
               S->isAtomic() ? AccessKind::Atomic : AccessKind::Store});
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        Type *T = RMW->getValOperand()->getType();
        if (isCheckedSpace(RMW->getPointerOperand()))
          Checks.push_back({RMW, RMW->getPointerOperand(), Sized(T),
                            DL.getTypeStoreSize(T), AccessKind::Atomic});
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        Type *T = CX->getCompareOperand()->getType();
        if (isCheckedSpace(CX->getPointerOperand()))
          Checks.push_back({CX, CX->getPointerOperand(), Sized(T),
                            DL.getTypeStoreSize(T), AccessKind::Atomic});
      } else if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
        IRBuilder<> B(MI);
        Value *Len = B.CreateZExtOrTrunc(MI->getLength(), I64);
        if (isCheckedSpace(MI->getRawDest()))
          Checks.push_back(
              {MI, MI->getRawDest(), Len, 1,
               isa<MemSetInst>(MI) ? AccessKind::Store : AccessKind::Copy});
        if (auto *MT = dyn_cast<MemTransferInst>(MI))
          if (isCheckedSpace(MT->getRawSource()))
            Checks.push_back(
                {MI, MT->getRawSource(), Len, 1, AccessKind::Copy});
      } else if (auto *CI = dyn_cast<CallInst>(&I)) {
        Function *Callee = CI->getCalledFunction();
        if (!Callee || !Callee->getName().startswith("air."))
          continue;
        bool Atomic = Callee->getName().startswith("air.atomic.");
        for (Value *A : CI->args()) {
          if (!isCheckedSpace(A))
            continue;
          Type *T = A->getType()->getPointerElementType();
          if (!T->isSized())
            continue;
          uint64_t Size = DL.getTypeStoreSize(T);
          Checks.push_back(
              {CI, A, ConstantInt::get(I64, Size),
               isPowerOf2_64(Size) ? std::min<uint64_t>(Size, 16) : 1,
               Atomic ? AccessKind::Atomic : AccessKind::Copy});
        }
      }
    }
  }
  for (const Check &K : Checks) {
    IRBuilder<> B(K.Before);
    Value *P = B.CreatePointerBitCastOrAddrSpaceCast(K.Pointer, I8Ptr);
    B.CreateCall(Hook, {P, K.Size, ConstantInt::get(I64, K.Align),
                        ConstantInt::get(I32, uint32_t(K.Kind))});
  }

  // The module's own globals: constant tables, string literals.
  auto *Entry = StructType::get(C, {I8Ptr, I64});
  SmallVector<Constant *, 8> Ranges;
  for (GlobalVariable &G : M.globals()) {
    if (G.isDeclaration() || G.getName().startswith("llvm."))
      continue;
    Constant *P = ConstantExpr::getPointerBitCastOrAddrSpaceCast(&G, I8Ptr);
    Ranges.push_back(ConstantStruct::get(
        Entry,
        {P, ConstantInt::get(I64, DL.getTypeAllocSize(G.getValueType()))}));
  }
  auto *TableTy = ArrayType::get(Entry, Ranges.size());
  new GlobalVariable(M, TableTy, true, GlobalValue::ExternalLinkage,
                     ConstantArray::get(TableTy, Ranges), RangesName);
  return Ranges.size();
}

} // namespace cumetal::cpu

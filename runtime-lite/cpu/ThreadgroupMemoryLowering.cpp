//===- ThreadgroupMemoryLowering.cpp - Static threadgroup memory ----------===//
//
// 1. Lay out the address-space-3 globals (the module's data layout, each at
//    its own alignment; the block rounded up to 16 bytes).
// 2. Turn constant expressions that use them (GEPs into arrays, casts) into
//    instructions at their points of use, so every use is an instruction.
// 3. In each function that uses them, call the base hook once in the entry
//    block and replace each global by base + offset.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/ThreadgroupMemoryLowering.h"

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace cumetal::cpu {

namespace {

Error unsupportedUse(const GlobalVariable &G) {
  return createStringError(std::errc::not_supported,
                           "threadgroup variable '%s' is used outside a "
                           "function",
                           G.getName().str().c_str());
}

/// Makes every use of \p C that goes through constant expressions a use by
/// an instruction, re-creating those expressions as instructions where they
/// are used.
Error expandConstantUsers(Constant *C, const GlobalVariable &G) {
  C->removeDeadConstantUsers();
  SmallVector<User *, 8> Users(C->users());
  for (User *U : Users) {
    if (isa<Instruction>(U))
      continue;
    auto *CE = dyn_cast<ConstantExpr>(U);
    if (!CE)
      return unsupportedUse(G);
    if (Error E = expandConstantUsers(CE, G))
      return E;
    SmallVector<Use *, 8> Uses;
    for (Use &UU : CE->uses())
      Uses.push_back(&UU);
    for (Use *UU : Uses) {
      if (UU->get() != CE)
        continue; // a PHI entry already rewritten below
      auto *I = dyn_cast<Instruction>(UU->getUser());
      if (!I)
        return unsupportedUse(G);
      if (auto *PN = dyn_cast<PHINode>(I)) {
        // One instruction per incoming block: a PHI's entries for the same
        // block must agree.
        BasicBlock *BB = PN->getIncomingBlock(*UU);
        Instruction *NI = CE->getAsInstruction();
        NI->insertBefore(BB->getTerminator());
        for (unsigned K = 0; K < PN->getNumIncomingValues(); ++K)
          if (PN->getIncomingBlock(K) == BB && PN->getIncomingValue(K) == CE)
            PN->setIncomingValue(K, NI);
        continue;
      }
      Instruction *NI = CE->getAsInstruction();
      NI->insertBefore(I);
      UU->set(NI);
    }
    CE->removeDeadConstantUsers();
    if (CE->use_empty())
      CE->destroyConstant();
  }
  return Error::success();
}

} // namespace

Expected<uint64_t> lowerThreadgroupGlobals(Module &M) {
  SmallVector<GlobalVariable *, 8> Globals;
  for (GlobalVariable &G : M.globals())
    if (G.getAddressSpace() == 3)
      Globals.push_back(&G);
  if (Globals.empty())
    return 0;

  const DataLayout &DL = M.getDataLayout();
  DenseMap<GlobalVariable *, uint64_t> Offsets;
  uint64_t End = 0;
  for (GlobalVariable *G : Globals) {
    Type *T = G->getValueType();
    Align A = G->getAlign() ? *G->getAlign() : DL.getABITypeAlign(T);
    uint64_t Offset = alignTo(End, A);
    Offsets[G] = Offset;
    End = Offset + DL.getTypeAllocSize(T);
    if (Error E = expandConstantUsers(G, *G))
      return E;
  }
  uint64_t Total = alignTo(End, 16);

  // Uses per function, in a stable order.
  MapVector<Function *, SmallVector<std::pair<Use *, GlobalVariable *>, 8>>
      UsesByFunction;
  for (GlobalVariable *G : Globals)
    for (Use &U : G->uses()) {
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I)
        return unsupportedUse(*G);
      UsesByFunction[I->getFunction()].push_back({&U, G});
    }

  LLVMContext &C = M.getContext();
  Type *I8 = Type::getInt8Ty(C);
  Type *BaseTy = PointerType::get(I8, 3);
  FunctionCallee Hook = M.getOrInsertFunction(kThreadgroupBaseHook,
                                              FunctionType::get(BaseTy, false));
  if (auto *HF = dyn_cast<Function>(Hook.getCallee())) {
    // The block does not change while a thread runs: calls may be merged.
    HF->setDoesNotAccessMemory();
    HF->setDoesNotThrow();
    HF->addFnAttr(Attribute::WillReturn);
  }
  for (auto &[F, Uses] : UsesByFunction) {
    IRBuilder<> B(&*F->getEntryBlock().getFirstInsertionPt());
    Value *Base = B.CreateCall(Hook, {}, "tg.base");
    DenseMap<GlobalVariable *, Value *> Replacement;
    for (auto &[U, G] : Uses) {
      Value *&R = Replacement[G];
      if (!R) {
        Value *P = B.CreateConstInBoundsGEP1_64(I8, Base, Offsets[G]);
        R = B.CreateBitCast(P, G->getType(), G->getName());
      }
      U->set(R);
    }
  }
  for (GlobalVariable *G : Globals) {
    G->removeDeadConstantUsers();
    if (!G->use_empty())
      return unsupportedUse(*G);
    G->eraseFromParent();
  }
  return Total;
}

} // namespace cumetal::cpu

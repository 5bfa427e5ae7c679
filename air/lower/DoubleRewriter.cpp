//===- air/lower/DoubleRewriter.cpp - Replacing double values -------------===//
//
// See DoubleRewriter.h.
//
//===----------------------------------------------------------------------===//

#include "air/lower/DoubleRewriter.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

using namespace llvm;

namespace cumetal {
namespace air {

bool mentionsDouble(const Instruction &I) {
  auto Has = [](const Type *T) {
    if (T->isDoubleTy())
      return true;
    if (auto *VT = dyn_cast<VectorType>(T))
      return VT->getElementType()->isDoubleTy();
    if (auto *ST = dyn_cast<StructType>(T))
      return llvm::any_of(ST->elements(),
                          [](Type *E) { return E->isDoubleTy(); });
    return false;
  };
  if (Has(I.getType()))
    return true;
  return llvm::any_of(I.operands(),
                      [&](const Use &Op) { return Has(Op->getType()); });
}

Value *DoubleRewriter::counterpart(Value *V) {
  if (auto *C = dyn_cast<ConstantFP>(V))
    return constant(*C);
  if (isa<UndefValue>(V))
    return UndefValue::get(NewTy);
  return Map.lookup(V);
}

bool DoubleRewriter::define(Instruction &I, Value *V) {
  if (auto *NI = dyn_cast<Instruction>(V); NI && !NI->hasName())
    NI->takeName(&I);
  Map[&I] = V;
  Dead.push_back(&I);
  return true;
}

bool DoubleRewriter::replace(Instruction &I, Value *V) {
  I.replaceAllUsesWith(V);
  Dead.push_back(&I);
  return true;
}

bool DoubleRewriter::drop(Instruction &I) {
  Dead.push_back(&I);
  return true;
}

bool DoubleRewriter::definePhi(PHINode &Phi) {
  PHINode *N = PHINode::Create(NewTy, Phi.getNumIncomingValues(), "", &Phi);
  Phis.push_back({&Phi, N});
  return define(Phi, N);
}

bool DoubleRewriter::error(Instruction &I, const Twine &Msg) {
  Ctx.error(&I, Msg);
  return false;
}

bool DoubleRewriter::run() {
  SmallVector<Instruction *, 64> Work;
  for (BasicBlock *BB : ReversePostOrderTraversal<Function *>(&F))
    for (Instruction &I : *BB)
      if (mentionsDouble(I))
        Work.push_back(&I);
  for (Instruction *I : Work)
    if (!rewrite(*I))
      return false;
  for (auto &[Old, New] : Phis)
    for (unsigned K = 0; K < Old->getNumIncomingValues(); ++K) {
      Value *V = counterpart(Old->getIncomingValue(K));
      // No replacement: the value comes from an unreachable block.
      New->addIncoming(V ? V : UndefValue::get(NewTy),
                       Old->getIncomingBlock(K));
    }
  // The old double instructions now only use each other.
  for (Instruction *I : Dead)
    I->replaceAllUsesWith(UndefValue::get(I->getType()));
  for (Instruction *I : llvm::reverse(Dead))
    I->eraseFromParent();
  return true;
}

} // namespace air
} // namespace cumetal

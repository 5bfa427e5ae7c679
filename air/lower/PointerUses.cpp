//===- air/lower/PointerUses.cpp - Move a pointer to another space --------===//

#include "air/lower/PointerUses.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/NoFolder.h"
#include "llvm/IR/ReplaceConstant.h"

using namespace llvm;

namespace cumetal {
namespace air {

/// Expands every constant expression user of \p C into instructions.
static void expandConstantUsers(Constant *C) {
  SmallVector<User *, 8> Users(C->users());
  for (User *U : Users) {
    auto *CE = dyn_cast<ConstantExpr>(U);
    if (!CE)
      continue;
    expandConstantUsers(CE);
    SmallVector<Use *, 8> Uses;
    for (Use &Use : CE->uses())
      Uses.push_back(&Use);
    for (Use *Use : Uses) {
      auto *I = dyn_cast<Instruction>(Use->getUser());
      if (!I)
        continue;
      Instruction *Where = I;
      if (auto *Phi = dyn_cast<PHINode>(I))
        Where = Phi->getIncomingBlock(*Use)->getTerminator();
      Instruction *NI = CE->getAsInstruction(Where);
      Use->set(NI);
    }
    if (CE->use_empty())
      CE->destroyConstant();
  }
}

/// Rewrites the uses of \p Old (an instruction-level pointer) as uses of
/// \p New, a pointer to the same bytes in another address space.
static void rewriteUses(Value *Old, Value *New) {
  SmallVector<Use *, 8> Uses;
  for (Use &U : Old->uses())
    Uses.push_back(&U);
  auto *NewTy = cast<PointerType>(New->getType());
  unsigned AS = NewTy->getAddressSpace();
  for (Use *U : Uses) {
    auto *I = cast<Instruction>(U->getUser());
    IRBuilder<> B(I);
    if (auto *GEP = dyn_cast<GetElementPtrInst>(I);
        GEP && U->getOperandNo() == GEP->getPointerOperandIndex()) {
      Value *Base = B.CreatePointerCast(
          New, PointerType::get(GEP->getSourceElementType(), AS));
      SmallVector<Value *, 4> Idx(GEP->indices());
      Value *NG =
          GEP->isInBounds()
              ? B.CreateInBoundsGEP(GEP->getSourceElementType(), Base, Idx)
              : B.CreateGEP(GEP->getSourceElementType(), Base, Idx);
      rewriteUses(GEP, NG);
      GEP->eraseFromParent();
    } else if (auto *BC = dyn_cast<BitCastInst>(I)) {
      Type *Elt = BC->getType()->getPointerElementType();
      Value *NB = B.CreateBitCast(New, PointerType::get(Elt, AS));
      rewriteUses(BC, NB);
      BC->eraseFromParent();
    } else if (auto *ASC = dyn_cast<AddrSpaceCastInst>(I)) {
      Type *Elt = ASC->getType()->getPointerElementType();
      Value *Same = B.CreateBitCast(New, PointerType::get(Elt, AS));
      if (ASC->getDestAddressSpace() == AS) {
        ASC->replaceAllUsesWith(Same);
      } else {
        ASC->replaceAllUsesWith(B.CreateAddrSpaceCast(Same, ASC->getType()));
      }
      ASC->eraseFromParent();
    } else if (isa<LoadInst>(I) || isa<StoreInst>(I) || isa<AtomicRMWInst>(I) ||
               isa<AtomicCmpXchgInst>(I)) {
      Type *Elt = Old->getType()->getPointerElementType();
      U->set(B.CreateBitCast(New, PointerType::get(Elt, AS)));
    } else {
      // Anything else (calls, phis, selects, comparisons, ptrtoint) sees the
      // object through a generic pointer; address-space inference resolves
      // it where it can.
      Type *Elt = Old->getType()->getPointerElementType();
      Value *Same = B.CreateBitCast(New, PointerType::get(Elt, AS));
      Value *Generic =
          AS == 0 ? Same
                  : B.CreateAddrSpaceCast(Same, PointerType::get(Elt, 0));
      if (Generic->getType() != Old->getType())
        Generic = B.CreateAddrSpaceCast(Generic, Old->getType());
      U->set(Generic);
    }
  }
}

bool replaceGlobalUses(GlobalVariable &GV,
                       function_ref<Value *(Function &)> NewPointer) {
  GV.removeDeadConstantUsers();
  expandConstantUsers(&GV);
  for (User *U : GV.users())
    if (!isa<Instruction>(U))
      return false;
  // Group the uses by function: each function gets its own base pointer.
  DenseMap<Function *, SmallVector<Instruction *, 8>> ByFunction;
  for (User *U : GV.users())
    ByFunction[cast<Instruction>(U)->getFunction()].push_back(
        cast<Instruction>(U));
  for (auto &Entry : ByFunction) {
    Value *New = NewPointer(*Entry.first);
    unsigned AS = cast<PointerType>(New->getType())->getAddressSpace();
    Function &F = *Entry.first;
    // No folding: Stand must be an instruction even when New is a constant.
    IRBuilder<NoFolder> B(isa<Instruction>(New)
                              ? cast<Instruction>(New)->getNextNode()
                              : &*F.getEntryBlock().getFirstInsertionPt());
    Value *Typed =
        B.CreateBitCast(New, PointerType::get(GV.getValueType(), AS));
    // A stand-in with GV's exact type, so the existing users stay valid
    // until rewriteUses moves each of them to Typed.
    Value *Stand = GV.getAddressSpace() == AS
                       ? Typed
                       : B.CreateAddrSpaceCast(Typed, GV.getType());
    for (Instruction *I : Entry.second)
      I->replaceUsesOfWith(&GV, Stand);
    if (Stand != Typed) {
      rewriteUses(Stand, Typed);
      cast<Instruction>(Stand)->eraseFromParent();
    }
  }
  return true;
}

} // namespace air
} // namespace cumetal

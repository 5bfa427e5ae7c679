//===- air/lower/ResolveAddressSpaces.cpp - Generic pointers to AIR spaces ===//
//
// CUDA code addresses memory through generic pointers; AIR has no generic
// space (its address space 0 is thread-private). After kernels are single
// functions whose sources are explicit (parameters arrive as device
// pointers, globals as device/constant/threadgroup pointers), LLVM's
// InferAddressSpaces propagates the specific space to every access. Address
// arithmetic done on integers is first turned back into GEPs on the
// original pointer. Two rules complete it:
//   - a pointer loaded from memory or made from an integer is a device
//     address (DESIGN.md §5: pointers stored in memory are device addresses);
//   - what is left must be private (derived from allocas only).
// An access whose pointer may refer to more than one space is a diagnostic,
// never a guess.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Pass.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/InferAddressSpaces.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"

using namespace llvm;

namespace cumetal {
namespace air {

static void inferSpaces(Module &M) {
  runLLVMPasses(M, [](ModulePassManager &MPM) {
    FunctionPassManager FPM;
    FPM.addPass(SROAPass());
    FPM.addPass(EarlyCSEPass());
    FPM.addPass(InferAddressSpacesPass(/*AddressSpace=*/0));
    FPM.addPass(InstCombinePass());
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
  });
  // InferAddressSpaces leaves volatile accesses alone unless the target
  // says it has volatile accesses in every space (Apple GPUs do). Clear the
  // flag for one inference-only run, then restore it: the accesses are
  // rewritten in place, and nothing else runs meanwhile.
  SmallVector<Instruction *, 16> Volatile;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      if (auto *L = dyn_cast<LoadInst>(&I); L && L->isVolatile()) {
        L->setVolatile(false);
        Volatile.push_back(L);
      } else if (auto *S = dyn_cast<StoreInst>(&I); S && S->isVolatile()) {
        S->setVolatile(false);
        Volatile.push_back(S);
      }
    }
  runLLVMPasses(M, [](ModulePassManager &MPM) {
    MPM.addPass(createModuleToFunctionPassAdaptor(
        InferAddressSpacesPass(/*AddressSpace=*/0)));
  });
  for (Instruction *I : Volatile)
    if (auto *L = dyn_cast<LoadInst>(I))
      L->setVolatile(true);
    else
      cast<StoreInst>(I)->setVolatile(true);
}

/// Whether constant expression \p C contains an inttoptr.
static bool hasIntToPtr(const Constant *C) {
  auto *CE = dyn_cast<ConstantExpr>(C);
  if (!CE)
    return false;
  if (CE->getOpcode() == Instruction::IntToPtr)
    return true;
  for (const Use &Op : CE->operands())
    if (hasIntToPtr(cast<Constant>(Op.get())))
      return true;
  return false;
}

/// Turns the constant expression \p CE into instructions before \p At.
static Value *expandConstant(ConstantExpr *CE, Instruction *At) {
  Instruction *I = CE->getAsInstruction(At);
  for (Use &Op : I->operands())
    if (auto *Sub = dyn_cast<ConstantExpr>(Op.get()); Sub && hasIntToPtr(Sub))
      Op.set(expandConstant(Sub, I));
  return I;
}

/// Address arithmetic done on integers (`(T *)((char *)p - ((uintptr_t)p &
/// 3))`, which constant folding turns into inttoptr(sub(ptrtoint p, x)))
/// loses the address space. Rewrites inttoptr of ptrtoint(p) plus or minus
/// an offset into a GEP on p, which inference can follow.
static bool intToPtrToGEP(Function &F) {
  using namespace PatternMatch;
  // Constant-expression inttoptrs first become instructions.
  for (Instruction &I : instructions(F))
    for (Use &Op : I.operands())
      if (auto *CE = dyn_cast<ConstantExpr>(Op.get()); CE && hasIntToPtr(CE)) {
        Instruction *At = &I;
        if (auto *Phi = dyn_cast<PHINode>(&I))
          At = Phi->getIncomingBlock(Op)->getTerminator();
        Op.set(expandConstant(CE, At));
      }
  SmallVector<IntToPtrInst *, 8> Work;
  for (Instruction &I : instructions(F))
    if (auto *ITP = dyn_cast<IntToPtrInst>(&I))
      Work.push_back(ITP);
  bool Changed = false;
  for (IntToPtrInst *ITP : Work) {
    Value *Base = nullptr, *Off = nullptr;
    Value *V = ITP->getOperand(0);
    bool Negate = false;
    if (match(V, m_PtrToInt(m_Value(Base)))) {
    } else if (match(V, m_c_Add(m_PtrToInt(m_Value(Base)), m_Value(Off)))) {
    } else if (match(V, m_Sub(m_PtrToInt(m_Value(Base)), m_Value(Off)))) {
      Negate = true;
    } else {
      continue;
    }
    IRBuilder<> B(ITP);
    unsigned AS = Base->getType()->getPointerAddressSpace();
    Value *P = B.CreateBitCast(Base, B.getInt8PtrTy(AS));
    if (Off) {
      Off = B.CreateSExtOrTrunc(Off, B.getInt64Ty());
      P = B.CreateGEP(B.getInt8Ty(), P, Negate ? B.CreateNeg(Off) : Off);
    }
    auto *PT = cast<PointerType>(ITP->getType());
    P = B.CreatePointerBitCastOrAddrSpaceCast(
        P, PointerType::get(PT->getPointerElementType(), AS));
    if (AS != PT->getAddressSpace())
      P = B.CreateAddrSpaceCast(P, PT);
    ITP->replaceAllUsesWith(P);
    ITP->eraseFromParent();
    Changed = true;
  }
  return Changed;
}

/// Declares generic pointers read from memory (or made from integers) to be
/// device addresses. Returns whether anything changed.
static bool assumeStoredPointersAreDevice(Function &F) {
  SmallVector<Instruction *, 16> Sources;
  for (Instruction &I : instructions(F)) {
    auto *PT = dyn_cast<PointerType>(I.getType());
    if (!PT || PT->getAddressSpace() != 0)
      continue;
    if (isa<LoadInst>(I) || isa<IntToPtrInst>(I))
      Sources.push_back(&I);
  }
  for (Instruction *I : Sources) {
    // Re-create the value as a device pointer (a cast pair would be folded
    // away again by InstCombine), then give the users a generic view of it
    // for InferAddressSpaces to propagate.
    auto *PT = cast<PointerType>(I->getType());
    Type *DevTy = PointerType::get(PT->getPointerElementType(), 1);
    IRBuilder<> B(I);
    Instruction *Dev;
    if (auto *L = dyn_cast<LoadInst>(I)) {
      Value *Ptr =
          B.CreateBitCast(L->getPointerOperand(),
                          PointerType::get(DevTy, L->getPointerAddressSpace()));
      LoadInst *NL =
          B.CreateAlignedLoad(DevTy, Ptr, L->getAlign(), L->isVolatile());
      NL->copyMetadata(*L);
      NL->setAtomic(L->getOrdering(), L->getSyncScopeID());
      Dev = NL;
    } else {
      Dev = cast<Instruction>(
          B.CreateIntToPtr(cast<IntToPtrInst>(I)->getOperand(0), DevTy));
    }
    Dev->takeName(I);
    I->replaceAllUsesWith(B.CreateAddrSpaceCast(Dev, PT));
    I->eraseFromParent();
  }
  return !Sources.empty();
}

/// The pointer operand of a memory access, or null.
static Value *accessedPointer(Instruction &I) {
  if (auto *L = dyn_cast<LoadInst>(&I))
    return L->getPointerOperand();
  if (auto *S = dyn_cast<StoreInst>(&I))
    return S->getPointerOperand();
  if (auto *A = dyn_cast<AtomicRMWInst>(&I))
    return A->getPointerOperand();
  if (auto *C = dyn_cast<AtomicCmpXchgInst>(&I))
    return C->getPointerOperand();
  return nullptr;
}

static void checkPrivate(Function &F, Value *Ptr, Instruction &At,
                         LoweringContext &Ctx) {
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects, nullptr, /*MaxLookup=*/0);
  for (const Value *O : Objects)
    if (!isa<AllocaInst>(O)) {
      Ctx.error(&At, "cannot tell whether this pointer refers to device, "
                     "shared or local memory (a pointer that may point into "
                     "more than one memory space is not supported)");
      return;
    }
}

PreservedAnalyses ResolveAddressSpacesPass::run(Module &M,
                                                ModuleAnalysisManager &) {
  // Clean-ups can expose new loaded pointers (InstCombine turns a small
  // memcpy into loads that SROA then splits), so repeat until none is new.
  for (Function &F : M)
    if (!F.isDeclaration())
      intToPtrToGEP(F);
  inferSpaces(M);
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (Function &F : M)
      if (!F.isDeclaration())
        Changed |= intToPtrToGEP(F);
    for (Function &F : M)
      if (!F.isDeclaration())
        Changed |= assumeStoredPointersAreDevice(F);
    if (!Changed)
      break;
    inferSpaces(M);
  }

  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    for (Instruction &I : instructions(F)) {
      if (Value *Ptr = accessedPointer(I)) {
        if (Ptr->getType()->getPointerAddressSpace() == 0)
          checkPrivate(F, Ptr, I, Ctx);
        continue;
      }
      if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
        if (MI->getDestAddressSpace() == 0)
          checkPrivate(F, MI->getRawDest(), I, Ctx);
        if (auto *MT = dyn_cast<MemTransferInst>(MI))
          if (MT->getSourceAddressSpace() == 0)
            checkPrivate(F, MT->getRawSource(), I, Ctx);
      }
    }
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

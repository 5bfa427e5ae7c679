//===- air/lower/ResolveAddressSpaces.cpp - Generic pointers to AIR spaces ===//
//
// CUDA code addresses memory through generic pointers; AIR has no generic
// space (its address space 0 is thread-private). After kernels are single
// functions whose sources are explicit (parameters arrive as device
// pointers, globals as device/constant/threadgroup pointers), LLVM's
// InferAddressSpaces propagates the specific space to every access. Two
// rules complete it:
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
    FPM.addPass(InferAddressSpacesPass(/*AddressSpace=*/0));
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
  });
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
    auto *PT = cast<PointerType>(I->getType());
    IRBuilder<> B(I->getNextNode());
    Value *Device = B.CreateAddrSpaceCast(
        I, PointerType::get(PT->getPointerElementType(), 1));
    Value *Generic = B.CreateAddrSpaceCast(Device, PT);
    I->replaceUsesWithIf(Generic,
                         [&](Use &U) { return U.getUser() != Device; });
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
  inferSpaces(M);
  bool Changed = false;
  for (Function &F : M)
    if (!F.isDeclaration())
      Changed |= assumeStoredPointersAreDevice(F);
  if (Changed)
    inferSpaces(M);

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

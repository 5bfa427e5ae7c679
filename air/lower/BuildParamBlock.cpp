//===- air/lower/BuildParamBlock.cpp - Kernel parameters from buffer(0) ---===//
//
// The kernel ABI of DESIGN.md §5: a kernel's CUDA parameters arrive in one
// parameter block, laid out exactly as CUDA's .param space (in order, each at
// its natural alignment, by-value structs at their declared alignment). This
// pass records that layout for the envelope and replaces each kernel by a
// parameterless function that loads its parameters from the block:
//   - scalars are loaded from the block;
//   - pointers are device addresses: loaded as device (address space 1)
//     pointers, then cast to generic for the unchanged body, so that address
//     space inference sees where they point;
//   - by-value aggregates are copied into a private alloca (the callee may
//     write to its copy).
// MaterializeKernelABI later turns the block into the [[buffer(0)]] argument.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace cumetal {
namespace air {

static Function *rebuildKernel(Function &F, LoweringContext &Ctx) {
  Module &M = *F.getParent();
  const DataLayout &DL = M.getDataLayout();
  LLVMContext &C = M.getContext();
  metallib::EnvelopeKernel &Info = Ctx.kernel(F.getName());

  // The new, parameterless kernel takes over the body and the name.
  Function *NF = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                  F.getLinkage(), F.getAddressSpace(), "", &M);
  NF->copyAttributesFrom(&F);
  NF->setAttributes(
      AttributeList::get(C, AttributeList::FunctionIndex,
                         AttrBuilder(C, F.getAttributes().getFnAttrs())));
  NF->setSubprogram(F.getSubprogram());
  NF->getBasicBlockList().splice(NF->begin(), F.getBasicBlockList());
  NF->takeName(&F);

  uint64_t Offset = 0;
  Info.params.clear();
  IRBuilder<> B(&NF->getEntryBlock(), NF->getEntryBlock().begin());
  Value *Block =
      F.arg_empty() ? nullptr : Ctx.getInput(*NF, KernelInput::ParamBlock);
  if (Block)
    B.SetInsertPoint(cast<Instruction>(Block)->getNextNode());
  for (Argument &A : F.args()) {
    Type *T = A.getType();
    Type *ByVal = A.getParamByValType();
    Type *Stored = ByVal ? ByVal : T;
    uint64_t Size = DL.getTypeAllocSize(Stored);
    uint64_t PAlign = DL.getABITypeAlign(Stored).value();
    if (MaybeAlign PA = A.getParamAlign())
      PAlign = std::max<uint64_t>(PAlign, PA->value());
    Offset = alignTo(Offset, PAlign);
    Info.params.push_back({static_cast<uint32_t>(Offset),
                           static_cast<uint32_t>(Size),
                           static_cast<uint32_t>(PAlign)});

    Value *Slot = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Block, Offset);
    Value *Replacement;
    if (ByVal) {
      AllocaInst *Copy = B.CreateAlloca(ByVal, nullptr, A.getName());
      Copy->setAlignment(llvm::Align(PAlign));
      B.CreateMemCpy(Copy, llvm::Align(PAlign), Slot, llvm::Align(PAlign),
                     Size);
      Replacement = B.CreatePointerCast(Copy, T);
    } else if (auto *PT = dyn_cast<PointerType>(T);
               PT && PT->getAddressSpace() == 0) {
      // A device address: say so, then let the body see a generic pointer.
      Type *Device = PointerType::get(PT->getPointerElementType(), 1);
      Value *Ptr = B.CreateBitCast(Slot, PointerType::get(Device, 2));
      Value *Loaded =
          B.CreateAlignedLoad(Device, Ptr, llvm::Align(PAlign), A.getName());
      Replacement = B.CreateAddrSpaceCast(Loaded, T);
    } else {
      Value *Ptr = B.CreateBitCast(Slot, PointerType::get(T, 2));
      Replacement =
          B.CreateAlignedLoad(T, Ptr, llvm::Align(PAlign), A.getName());
    }
    A.replaceAllUsesWith(Replacement);
    Offset += Size;
  }
  Info.paramBlockSize =
      static_cast<uint32_t>(std::max<uint64_t>(8, alignTo(Offset, 8)));
  if (!Block)
    Info.paramBlockSize = 0;
  F.eraseFromParent();
  return NF;
}

PreservedAnalyses BuildParamBlockPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<Function *, 8> Kernels;
  for (Function &F : M)
    if (isKernel(F) && !F.isDeclaration())
      Kernels.push_back(&F);
  for (Function *F : Kernels)
    rebuildKernel(*F, Ctx);
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

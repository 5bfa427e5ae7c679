//===- air/lower/MaterializeKernelABI.cpp - AIR kernel signatures ---------===//
//
// Earlier passes request kernel inputs as placeholder calls
// (cumetal.input.*). This pass gives each kernel its AIR signature: one
// parameter per input it uses, in the order of docs/abi.md §1 (parameter
// block, device globals, printf buffer, constant globals, atomic lock table,
// dynamic shared memory, then hardware inputs), and describes each in the
// kernel's !air.kernel node with the argument-node fields Apple's compiler
// writes (air-abi.md §2.3, §2.4). It records the bindings in the envelope.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

const KernelInput kInputOrder[] = {
    KernelInput::ParamBlock,
    KernelInput::DeviceGlobals,
    KernelInput::PrintfBuffer,
    KernelInput::ConstantGlobals,
    KernelInput::AtomicLocks,
    KernelInput::DynamicShared,
    KernelInput::ThreadPositionInThreadgroup,
    KernelInput::ThreadgroupPositionInGrid,
    KernelInput::ThreadsPerThreadgroup,
    KernelInput::ThreadgroupsPerGrid,
    KernelInput::ThreadIndexInSimdgroup,
    KernelInput::SimdgroupIndexInThreadgroup,
    KernelInput::ThreadsPerSimdgroup,
    KernelInput::ThreadIndexInThreadgroup,
};

struct BufferInfo {
  unsigned Location;
  unsigned AddressSpace;
  bool ReadOnly;
  const char *Name;
};

/// The binding of a buffer input, or None for builtins.
Optional<BufferInfo> bufferInfo(KernelInput In) {
  switch (In) {
  case KernelInput::ParamBlock:
    return BufferInfo{0, 2, true, "cumetal_params"};
  case KernelInput::DeviceGlobals:
    return BufferInfo{1, 1, false, "cumetal_device_globals"};
  case KernelInput::PrintfBuffer:
    return BufferInfo{2, 1, false, "cumetal_printf"};
  case KernelInput::ConstantGlobals:
    return BufferInfo{3, 2, true, "cumetal_constant_globals"};
  case KernelInput::AtomicLocks:
    return BufferInfo{4, 1, false, "cumetal_atomic_locks"};
  case KernelInput::DynamicShared:
    return BufferInfo{0, 3, false, "cumetal_dynamic_shared"};
  default:
    return None;
  }
}

Metadata *str(LLVMContext &C, StringRef S) { return MDString::get(C, S); }
Metadata *i32(LLVMContext &C, uint64_t V) {
  return ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(C), V));
}

MDNode *argumentNode(LLVMContext &C, unsigned Index, KernelInput In,
                     const metallib::EnvelopeKernel &K) {
  SmallVector<Metadata *, 16> Ops{i32(C, Index)};
  if (Optional<BufferInfo> Buf = bufferInfo(In)) {
    bool Block = In == KernelInput::ParamBlock;
    Ops.append({str(C, "air.buffer"), str(C, "air.location_index"),
                i32(C, Buf->Location), i32(C, 1),
                str(C, Buf->ReadOnly ? "air.read" : "air.read_write"),
                str(C, "air.address_space"), i32(C, Buf->AddressSpace),
                str(C, "air.arg_type_size"),
                i32(C, Block ? K.paramBlockSize : 1),
                str(C, "air.arg_type_align_size"), i32(C, Block ? 8 : 1),
                str(C, "air.arg_type_name"),
                str(C, Block ? "cumetal_params" : "uchar"),
                str(C, "air.arg_name"), str(C, Buf->Name)});
    return MDNode::get(C, Ops);
  }
  StringRef Name = kernelInputName(In).drop_front(strlen("cumetal.input."));
  bool Vector = kernelInputType(C, In)->isVectorTy();
  Ops.append({str(C, ("air." + Name).str()), str(C, "air.arg_type_name"),
              str(C, Vector ? "uint3" : "uint"), str(C, "air.arg_name"),
              str(C, Name)});
  return MDNode::get(C, Ops);
}

/// Whether \p V is used (possibly through constant expressions) in \p F.
bool usedIn(const Value *V, const Function *F) {
  for (const User *U : V->users()) {
    if (auto *I = dyn_cast<Instruction>(U)) {
      if (I->getFunction() == F)
        return true;
    } else if (isa<ConstantExpr>(U) && usedIn(U, F)) {
      return true;
    }
  }
  return false;
}

} // namespace

PreservedAnalyses MaterializeKernelABIPass::run(Module &M,
                                                ModuleAnalysisManager &) {
  LLVMContext &C = M.getContext();
  NamedMDNode *Kernels = M.getOrInsertNamedMetadata("air.kernel");
  SmallVector<Function *, 8> Work;
  for (Function &F : M)
    if (isKernel(F) && !F.isDeclaration())
      Work.push_back(&F);

  for (Function *F : Work) {
    // The inputs this kernel uses, and their placeholder calls.
    SmallVector<std::pair<KernelInput, SmallVector<CallInst *, 2>>, 12> Used;
    for (KernelInput In : kInputOrder) {
      SmallVector<CallInst *, 2> Calls;
      for (Instruction &I : F->getEntryBlock())
        if (auto *CI = dyn_cast<CallInst>(&I))
          if (CI->getCalledFunction() &&
              CI->getCalledFunction()->getName() == kernelInputName(In))
            Calls.push_back(CI);
      if (!Calls.empty())
        Used.push_back({In, Calls});
    }
    SmallVector<Type *, 12> Params;
    for (auto &U : Used)
      Params.push_back(kernelInputType(C, U.first));
    Function *NF = Function::Create(
        FunctionType::get(Type::getVoidTy(C), Params, false),
        GlobalValue::ExternalLinkage, F->getAddressSpace(), "", &M);
    NF->copyAttributesFrom(F);
    NF->setSubprogram(F->getSubprogram());
    NF->getBasicBlockList().splice(NF->begin(), F->getBasicBlockList());
    NF->takeName(F);

    metallib::EnvelopeKernel &K = Ctx.kernel(NF->getName());
    K.buffers.clear();
    K.dynamicShared = false;
    SmallVector<Metadata *, 12> ArgNodes;
    for (unsigned I = 0; I < Used.size(); ++I) {
      KernelInput In = Used[I].first;
      Argument *A = NF->getArg(I);
      for (CallInst *CI : Used[I].second) {
        CI->replaceAllUsesWith(A);
        CI->eraseFromParent();
      }
      A->setName(kernelInputName(In).drop_front(strlen("cumetal.input.")));
      if (Optional<BufferInfo> Buf = bufferInfo(In)) {
        if (In == KernelInput::DynamicShared)
          K.dynamicShared = true;
        else
          K.buffers.push_back(Buf->Location);
        NF->addParamAttr(I, Attribute::NoAlias);
        NF->addParamAttr(I, Attribute::NoCapture);
      }
      ArgNodes.push_back(argumentNode(C, I, In, K));
    }
    F->eraseFromParent();

    // Static threadgroup memory, for the runtime's limits.
    const DataLayout &DL = M.getDataLayout();
    uint64_t Shared = 0;
    for (GlobalVariable &GV : M.globals())
      if (GV.getAddressSpace() == 3 && usedIn(&GV, NF))
        Shared = alignTo(Shared, GV.getAlign().valueOrOne()) +
                 DL.getTypeAllocSize(GV.getValueType());
    K.staticSharedBytes = static_cast<uint32_t>(Shared);

    Kernels->addOperand(
        MDNode::get(C, {ValueAsMetadata::get(NF), MDNode::get(C, {}),
                        MDNode::get(C, ArgNodes)}));
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

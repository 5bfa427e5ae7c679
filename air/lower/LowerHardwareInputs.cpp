//===- air/lower/LowerHardwareInputs.cpp - Special registers to builtins --===//
//
// CUDA's built-in variables reach the shared IR as
// llvm.nvvm.read.ptx.sreg.* calls. In AIR, hardware indices are kernel
// parameters with builtin metadata (air-abi.md §2.4): threadIdx is
// thread_position_in_threadgroup, blockIdx threadgroup_position_in_grid,
// blockDim threads_per_threadgroup, gridDim threadgroups_per_grid, the lane
// thread_index_in_simdgroup, the warp simdgroup_index_in_threadgroup and
// warpSize threads_per_simdgroup. Each read becomes a use of the matching
// kernel input; the lane masks are computed from the lane.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

struct VectorInput {
  const char *Prefix;
  KernelInput Input;
};

const VectorInput kVectorInputs[] = {
    {"llvm.nvvm.read.ptx.sreg.tid.", KernelInput::ThreadPositionInThreadgroup},
    {"llvm.nvvm.read.ptx.sreg.ctaid.", KernelInput::ThreadgroupPositionInGrid},
    {"llvm.nvvm.read.ptx.sreg.ntid.", KernelInput::ThreadsPerThreadgroup},
    {"llvm.nvvm.read.ptx.sreg.nctaid.", KernelInput::ThreadgroupsPerGrid},
};

/// Lowers one special-register read; null if \p Name is not one we know.
Value *lowerRead(StringRef Name, CallInst &CI, LoweringContext &Ctx) {
  Function &F = *CI.getFunction();
  IRBuilder<> B(&CI);
  for (const VectorInput &VI : kVectorInputs) {
    if (!Name.consume_front(VI.Prefix))
      continue;
    int Lane =
        StringSwitch<int>(Name).Case("x", 0).Case("y", 1).Case("z", 2).Default(
            -1);
    if (Lane < 0)
      return nullptr;
    return B.CreateExtractElement(Ctx.getInput(F, VI.Input), Lane);
  }
  if (Name == "llvm.nvvm.read.ptx.sreg.laneid")
    return Ctx.getInput(F, KernelInput::ThreadIndexInSimdgroup);
  if (Name == "llvm.nvvm.read.ptx.sreg.warpid")
    return Ctx.getInput(F, KernelInput::SimdgroupIndexInThreadgroup);
  if (Name == "llvm.nvvm.read.ptx.sreg.warpsize")
    return Ctx.getInput(F, KernelInput::ThreadsPerSimdgroup);
  if (Name.consume_front("llvm.nvvm.read.ptx.sreg.lanemask.")) {
    Value *Lane = Ctx.getInput(F, KernelInput::ThreadIndexInSimdgroup);
    Value *Bit = B.CreateShl(B.getInt32(1), Lane);
    Value *Below = B.CreateSub(Bit, B.getInt32(1));
    if (Name == "eq")
      return Bit;
    if (Name == "lt")
      return Below;
    if (Name == "le")
      return B.CreateOr(Below, Bit);
    if (Name == "gt")
      return B.CreateNot(B.CreateOr(Below, Bit));
    if (Name == "ge")
      return B.CreateNot(Below);
  }
  return nullptr;
}

} // namespace

PreservedAnalyses LowerHardwareInputsPass::run(Module &M,
                                               ModuleAnalysisManager &) {
  SmallVector<CallInst *, 32> Reads;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction())
          if (Callee->getName().startswith("llvm.nvvm.read.ptx.sreg."))
            Reads.push_back(CI);
  for (CallInst *CI : Reads) {
    StringRef Name = CI->getCalledFunction()->getName();
    if (Value *V = lowerRead(Name, *CI, Ctx)) {
      CI->replaceAllUsesWith(V);
      CI->eraseFromParent();
      continue;
    }
    StringRef Reg = Name.drop_front(strlen("llvm.nvvm.read.ptx.sreg."));
    if (Reg.startswith("clock") || Reg == "globaltimer")
      Ctx.error(CI, "'" + Reg +
                        "' (clock(), clock64(), %globaltimer) has no Apple GPU "
                        "equivalent and is not supported");
    else
      Ctx.error(CI, "special register '%" + Reg + "' is not supported");
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

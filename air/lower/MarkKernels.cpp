//===- air/lower/MarkKernels.cpp - Find the kernels of the shared IR ------===//
//
// Clang 14 lists CUDA kernels in !nvvm.annotations as {fn, "kernel", 1} and
// __launch_bounds__ as {fn, "maxntidx", N}. This pass marks each kernel with
// the attribute the rest of the pipeline tests (kernels are replaced by new
// functions later, so the annotations cannot be the record) and notes the
// thread limit for the envelope.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

PreservedAnalyses MarkKernelsPass::run(Module &M, ModuleAnalysisManager &) {
  NamedMDNode *Annotations = M.getNamedMetadata("nvvm.annotations");
  if (!Annotations)
    return PreservedAnalyses::all();
  for (MDNode *Node : Annotations->operands()) {
    if (Node->getNumOperands() < 3)
      continue;
    auto *F = mdconst::dyn_extract_or_null<Function>(Node->getOperand(0));
    if (!F)
      continue;
    // {fn, key, value, key, value, ...}
    for (unsigned I = 1; I + 1 < Node->getNumOperands(); I += 2) {
      auto *Key = dyn_cast<MDString>(Node->getOperand(I));
      auto *Value = mdconst::dyn_extract<ConstantInt>(Node->getOperand(I + 1));
      if (!Key || !Value)
        continue;
      if (Key->getString() == "kernel" && Value->isOne()) {
        markKernel(*F);
        Ctx.kernel(F->getName());
      } else if (Key->getString() == "maxntidx") {
        Ctx.kernel(F->getName()).maxThreadsPerBlock =
            static_cast<uint32_t>(Value->getZExtValue());
      }
    }
  }
  M.eraseNamedMetadata(Annotations);
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

//===- air/lower/Pipeline.cpp - The generic tier's fixed pipeline ---------===//
//
// Runs the generic-tier passes in their fixed order (DESIGN.md §4). The
// order matters: self-recursive functions become loops over explicit stacks
// before device functions are inlined; kernels are single functions before
// address spaces are inferred; atomics and warp operations need resolved
// address spaces; LLVM's clean-up runs before the math lowering, which removes
// the llvm.* intrinsics Apple rejects (InstCombine can create new ones); the
// ABI and the finalizer come last. Compilation stops after the first pass that
// reports an error, so one mistake does not cascade.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Pass.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/GlobalDCE.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/ADCE.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

template <typename PassT> bool runPass(Module &M, LoweringContext &Ctx) {
  ModuleAnalysisManager MAM;
  PassT(Ctx).run(M, MAM);
  return Ctx.errorCount() == 0;
}

void cleanUp(Module &M) {
  runLLVMPasses(M, [](ModulePassManager &MPM) {
    FunctionPassManager FPM;
    FPM.addPass(SROAPass());
    FPM.addPass(EarlyCSEPass());
    FPM.addPass(InstCombinePass());
    FPM.addPass(SimplifyCFGPass());
    FPM.addPass(ADCEPass());
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
    MPM.addPass(GlobalDCEPass());
  });
}

} // namespace

bool lowerToAIR(Module &M, LoweringContext &Ctx) {
  bool OK =
      runPass<MarkKernelsPass>(M, Ctx) &&
      runPass<CheckUnsupportedPass>(M, Ctx) &&
      runPass<EliminateRecursionPass>(M, Ctx) &&
      runPass<InlineDeviceFunctionsPass>(M, Ctx) &&
      runPass<BuildParamBlockPass>(M, Ctx) && runPass<DemoteFP64Pass>(M, Ctx) &&
      runPass<EmulateFP64Pass>(M, Ctx) && runPass<LowerGlobalsPass>(M, Ctx) &&
      runPass<ResolveAddressSpacesPass>(M, Ctx) &&
      runPass<LowerHardwareInputsPass>(M, Ctx) &&
      runPass<LowerSyncPass>(M, Ctx) && runPass<LowerWarpOpsPass>(M, Ctx) &&
      runPass<LowerAtomicsPass>(M, Ctx) && runPass<LowerPrintfPass>(M, Ctx) &&
      runPass<LowerAssertTrapPass>(M, Ctx);
  if (!OK)
    return false;
  cleanUp(M);
  OK = runPass<LowerMathPass>(M, Ctx) && runPass<FP64PolicyPass>(M, Ctx) &&
       runPass<MaterializeKernelABIPass>(M, Ctx) &&
       runPass<FinalizeAIRPass>(M, Ctx);
  if (!OK)
    return false;
  std::string Broken;
  raw_string_ostream OS(Broken);
  if (verifyModule(M, &OS)) {
    Ctx.error(static_cast<Function *>(nullptr),
              "internal: the lowering produced invalid IR: " + OS.str());
    return false;
  }
  return true;
}

} // namespace air
} // namespace cumetal

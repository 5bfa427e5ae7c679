//===- air/lower/FP64Policy.cpp - --fp64: double precision on Apple GPUs
//---===//
//
// Apple GPUs have no double-precision arithmetic (air-abi.md §4.5). The
// policy is chosen with --fp64 (docs/cumetalc.md):
//   error   (default) any double-precision value in device code stops
//           compilation at its first use in each kernel, naming it;
//   demote, emulate  DemoteFP64 / EmulateFP64 have rewritten every double
//           operation; anything left is an internal error.
// Running after the math lowering means __nv_* double functions that were
// never called do not count; it runs on whole kernels (device functions are
// inlined), so each report points at the source line in the kernel or in
// the inlined function.
//
//===----------------------------------------------------------------------===//

#include "air/lower/DoubleRewriter.h"
#include "air/lower/Passes.h"

#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

/// A conversion marker of the device library's double functions
/// (frontend/libdevice/double.cu).
static bool isDeviceLibraryConversion(const Instruction &I) {
  auto *CI = dyn_cast<CallInst>(&I);
  Function *Callee = CI ? CI->getCalledFunction() : nullptr;
  return Callee && (Callee->getName() == "__cumetal_fp64_narrow" ||
                    Callee->getName() == "__cumetal_fp64_widen");
}

PreservedAnalyses FP64PolicyPass::run(Module &M, ModuleAnalysisManager &) {
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    for (Instruction &I : instructions(F)) {
      if (!mentionsDouble(I))
        continue;
      switch (Ctx.options().fp64) {
      case FP64Mode::Error:
        if (isDeviceLibraryConversion(I)) {
          Ctx.error(&I, "double-precision math function: Apple GPUs have no "
                        "double precision (--fp64=error; --fp64=demote "
                        "computes it in single precision)");
          break;
        }
        Ctx.error(&I, "double-precision arithmetic ('" +
                          Twine(I.getOpcodeName()) +
                          "' on double) is not available on Apple GPUs "
                          "(--fp64=error)");
        break;
      case FP64Mode::Demote:
        Ctx.error(&I, "internal: --fp64=demote left a double-precision '" +
                          Twine(I.getOpcodeName()) + "'");
        break;
      case FP64Mode::Emulate:
        Ctx.error(&I, "internal: --fp64=emulate left a double-precision '" +
                          Twine(I.getOpcodeName()) + "'");
        break;
      }
      break; // one report per kernel
    }
  }
  return PreservedAnalyses::all();
}

} // namespace air
} // namespace cumetal

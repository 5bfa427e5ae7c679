//===- air/lower/CheckUnsupported.cpp - Constructs with no AIR form -------===//
//
// Stops compilation, naming the construct at its source location, for what
// the generic tier cannot lower: inline (PTX) assembly, calls through
// function pointers, kernel launches from device code (dynamic parallelism)
// and texture or surface operations. Everything else unknown is caught by
// the final check in FinalizeAIR, so nothing is silently dropped.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

static bool isDeviceLaunchAPI(StringRef Name) {
  return Name == "cudaLaunchDevice" || Name == "cudaLaunchDeviceV2" ||
         Name.startswith("cudaGetParameterBuffer") ||
         Name == "cudaCGGetIntrinsicHandle" || Name == "cudaCGSynchronizeGrid";
}

static bool isTextureOrSurface(StringRef Name) {
  return Name.startswith("llvm.nvvm.tex.") ||
         Name.startswith("llvm.nvvm.tld4.") ||
         Name.startswith("llvm.nvvm.suld.") ||
         Name.startswith("llvm.nvvm.sust.") ||
         Name.startswith("llvm.nvvm.txq.") ||
         Name.startswith("llvm.nvvm.suq.") ||
         Name.startswith("llvm.nvvm.texsurf.") ||
         Name.startswith("__nv_tex_surf_handler");
}

PreservedAnalyses CheckUnsupportedPass::run(Module &M,
                                            ModuleAnalysisManager &) {
  for (Function &F : M)
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *CB = dyn_cast<CallBase>(&I);
        if (!CB)
          continue;
        if (CB->isInlineAsm()) {
          // Clang's own __activemask() and __trap() are lowered by
          // LowerWarpOps and LowerAssertTrap; any other asm is not.
          StringRef Asm =
              StringRef(cast<InlineAsm>(CB->getCalledOperand())->getAsmString())
                  .trim();
          if (Asm != "activemask.b32 $0;" && Asm != "trap;")
            Ctx.error(&I, "inline assembly (asm statement) is not supported "
                          "in device code");
          continue;
        }
        Function *Callee = CB->getCalledFunction();
        if (!Callee) {
          Ctx.error(&I, "indirect call (function pointer or virtual "
                        "function) is not supported in device code");
          continue;
        }
        StringRef Name = Callee->getName();
        if (isDeviceLaunchAPI(Name))
          Ctx.error(&I, "dynamic parallelism (launching a kernel from device "
                        "code) is not supported");
        else if (isTextureOrSurface(Name))
          Ctx.error(&I, "texture and surface operations are not supported");
        else if (isa<InvokeInst>(&I))
          Ctx.error(&I, "exceptions are not supported in device code");
      }
  return PreservedAnalyses::all();
}

} // namespace air
} // namespace cumetal

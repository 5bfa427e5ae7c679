//===- air/lower/InlineDeviceFunctions.cpp - One function per kernel ------===//
//
// Apple's GPU compiler expects (and Metal.jl relies on) kernels whose device
// functions are inlined; the address-space inference of the next passes also
// works within one function. This pass diagnoses recursion that
// EliminateRecursion left (AIR has no call stack: cycles through several
// functions), then inlines every device function into the kernels whether
// or not the source asked for `__noinline__`, and drops device functions no
// kernel uses. Kernels keep their names.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/Analysis/CallGraph.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"
#include "llvm/Transforms/IPO/GlobalDCE.h"

using namespace llvm;

namespace cumetal {
namespace air {

static bool reportRecursion(Module &M, LoweringContext &Ctx) {
  CallGraph CG(M);
  bool Found = false;
  for (scc_iterator<CallGraph *> It = scc_begin(&CG); !It.isAtEnd(); ++It) {
    const std::vector<CallGraphNode *> &SCC = *It;
    if (!It.hasCycle())
      continue;
    for (CallGraphNode *Node : SCC) {
      Function *F = Node->getFunction();
      if (!F || F->isDeclaration())
        continue;
      // Point at a call that closes the cycle.
      const Instruction *Site = nullptr;
      for (const CallGraphNode::CallRecord &CR : *Node)
        if (CR.first && CR.second->getFunction() &&
            llvm::is_contained(SCC, CR.second))
          Site = dyn_cast<Instruction>(*CR.first);
      // Self-recursive functions were turned into loops by
      // EliminateRecursion; what is left is a cycle through several
      // functions (or through a kernel).
      std::string Msg = "recursion is not supported in device code: '" +
                        demangle(F->getName().str()) +
                        "' is part of a call cycle";
      if (SCC.size() > 1) {
        Msg += " through";
        unsigned Named = 0;
        for (CallGraphNode *Other : SCC) {
          if (Other == Node || !Other->getFunction())
            continue;
          if (Named++ == 3) {
            Msg += ", ...";
            break;
          }
          Msg += (Named > 1 ? ", '" : " '") +
                 demangle(Other->getFunction()->getName().str()) + "'";
        }
        Msg += " (only a function that calls itself directly can be "
               "recursive)";
      }
      if (Site)
        Ctx.error(Site, Msg);
      else
        Ctx.error(F, Msg);
      Found = true;
      break; // one diagnostic per cycle
    }
  }
  return Found;
}

PreservedAnalyses InlineDeviceFunctionsPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  if (reportRecursion(M, Ctx))
    return PreservedAnalyses::all();
  inlineIntoKernels(M);
  return PreservedAnalyses::none();
}

void inlineIntoKernels(Module &M) {
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    F.removeFnAttr(Attribute::OptimizeNone);
    F.removeFnAttr(Attribute::NoInline);
    if (!isKernel(F)) {
      F.addFnAttr(Attribute::AlwaysInline);
      // Device functions are not entry points: once inlined they go away.
      F.setLinkage(GlobalValue::InternalLinkage);
    }
  }
  runLLVMPasses(M, [](ModulePassManager &MPM) {
    MPM.addPass(AlwaysInlinerPass(/*InsertLifetimeIntrinsics=*/false));
    MPM.addPass(GlobalDCEPass());
  });
}

} // namespace air
} // namespace cumetal

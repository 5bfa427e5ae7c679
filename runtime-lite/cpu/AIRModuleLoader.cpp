//===- AIRModuleLoader.cpp - AIR modules from a metallib, for the host ----===//
//
// prepareKernel's steps, in order: parse (the bitcode reader handles the
// Darwin wrapper) and verify; read the binding plan; retarget to the host
// and drop what the kernel does not reach; lower air.* calls; number the
// SIMD-group call sites; reject calls
// of functions nobody defines; lower static threadgroup memory; drop
// noalias/nosync where threads meet at barriers; make a kernel whose only
// rendezvous points are barriers a region function (BarrierRegions.h),
// unless in checked mode or asked for fibers; emit the entry wrappers;
// instrument (checked mode); internalise so that O2 inlines the kernel into
// its wrappers.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/AIRModuleLoader.h"

#include "runtime-lite/cpu/AIRBuiltins.h"
#include "runtime-lite/cpu/AIRLowering.h"
#include "runtime-lite/cpu/BarrierRegions.h"
#include "runtime-lite/cpu/CheckedModeInstrumentation.h"
#include "runtime-lite/cpu/SimdSites.h"
#include "runtime-lite/cpu/ThreadgroupMemoryLowering.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Pass.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO.h"

#include <algorithm>

using namespace llvm;

namespace cumetal::cpu {

namespace {

/// Region functions are specialised for resume points (KernelBinder.h): for
/// at most this many (each specialised loop costs tens of milliseconds of
/// compile time), and no more once the copies hold this many instructions.
/// The rounds that start elsewhere run through the wrapper that dispatches
/// per thread.
constexpr unsigned kMaxSpecializedRegions = 16;
constexpr uint64_t kMaxSpecializedInstructions = 20000;

Error kernelError(StringRef Kernel, const Twine &Msg) {
  return createStringError(std::make_error_code(std::errc::invalid_argument),
                           "kernel '" + Kernel + "': " + Msg);
}

/// Functions and globals that are declared but that neither LLVM nor the
/// AIRBuiltins table provides.
Error checkUndefined(const Module &M, StringRef Kernel) {
  for (const Function &F : M) {
    if (!F.isDeclaration() || F.isIntrinsic() || F.use_empty())
      continue;
    if (F.getName().startswith("llvm."))
      return kernelError(Kernel,
                         "unsupported LLVM intrinsic '" + F.getName() + "'");
    const AIRFunction *A = lookupAIRFunction(F.getName());
    if (!A || !A->Host)
      return kernelError(Kernel, "calls '" + F.getName() +
                                     "', which is defined nowhere");
  }
  for (const GlobalVariable &G : M.globals())
    if (G.isDeclaration() && !G.use_empty())
      return kernelError(Kernel, "uses global '" + G.getName() +
                                     "', which is defined nowhere");
  return Error::success();
}

/// Threads that meet at barriers exchange data through memory while a
/// barrier call runs: no pointer may be assumed unaliased across such a
/// call, and no function may be assumed not to synchronise.
void forgetNoSync(Module &M) {
  for (Function &F : M) {
    F.removeFnAttr(Attribute::NoSync);
    for (Argument &A : F.args())
      A.removeAttr(Attribute::NoAlias);
    for (User *U : F.users())
      if (auto *CB = dyn_cast<CallBase>(U))
        for (unsigned I = 0; I < CB->arg_size(); ++I)
          CB->removeParamAttr(I, Attribute::NoAlias);
  }
}

} // namespace

Expected<metallib::Library> readMetallib(ArrayRef<uint8_t> Bytes) {
  auto Lib = metallib::readLibrary(Bytes);
  if (!Lib)
    return Lib.takeError();
  for (const metallib::Function &F : Lib->Functions) {
    if (F.name().empty())
      return createStringError(std::errc::invalid_argument,
                               "a function of the metallib has no name");
    if (F.Module.empty())
      return createStringError(std::errc::invalid_argument,
                               "function '%s' has no module", F.name().c_str());
  }
  return Lib;
}

Expected<PreparedKernel> prepareKernel(const metallib::Function &F,
                                       const PrepareOptions &Options) {
  PreparedKernel P;
  std::string Name = F.name();
  P.Context = std::make_unique<LLVMContext>();
  MemoryBufferRef Buffer(
      StringRef(reinterpret_cast<const char *>(F.Module.data()),
                F.Module.size()),
      Name);
  auto M = parseBitcodeFile(Buffer, *P.Context);
  if (!M)
    return kernelError(Name,
                       "cannot read its module: " + toString(M.takeError()));
  P.Module = std::move(*M);
  Module &Mod = *P.Module;
  {
    std::string Msg;
    raw_string_ostream OS(Msg);
    if (verifyModule(Mod, &OS))
      return kernelError(Name, "its module is not valid IR: " + OS.str());
  }
  Function *K = Mod.getFunction(Name);
  if (!K || K->isDeclaration())
    return kernelError(Name, "its module does not define it");
  auto Plan = readBindingPlan(*K);
  if (!Plan)
    return Plan.takeError();
  P.Plan = std::move(*Plan);

  Mod.setTargetTriple(Options.Triple);
  Mod.setDataLayout(*Options.Layout);
  for (const char *Used : {"llvm.used", "llvm.compiler.used"})
    if (GlobalVariable *G = Mod.getGlobalVariable(Used))
      G->eraseFromParent();
  // Only what the kernel reaches matters (a module may hold other kernels).
  for (Function &Fn : Mod)
    if (!Fn.isDeclaration() && &Fn != K)
      Fn.setLinkage(GlobalValue::InternalLinkage);
  for (GlobalVariable &G : Mod.globals())
    if (!G.isDeclaration())
      G.setLinkage(GlobalValue::InternalLinkage);
  {
    legacy::PassManager PM;
    PM.add(createGlobalDCEPass());
    PM.run(Mod);
  }

  if (Error E = lowerAIRCalls(Mod))
    return kernelError(Name, toString(std::move(E)));
  numberSimdSites(Mod);
  if (Error E = checkUndefined(Mod, Name))
    return E;
  auto Static = lowerThreadgroupGlobals(Mod);
  if (!Static)
    return kernelError(Name, toString(Static.takeError()));
  P.StaticThreadgroupBytes = *Static;

  bool Rendezvous = callsRendezvousFunctions(Mod);
  if (Rendezvous)
    forgetNoSync(Mod);
  std::string Id = std::to_string(Options.Id);
  SmallPtrSet<Function *, 8> Exported; ///< the wrappers
  if (Rendezvous && Options.BarrierRegions && !Options.Checked) {
    BarrierRegions BR = formBarrierRegions(*K);
    if (BR.Region) {
      K = nullptr; // erased: its body is the region function's
      P.FrameBytes = BR.FrameBytes;
      // A loop per resume point, through a copy of the region function
      // pruned to what runs from there, for the resume points deepest in
      // loops first, within a budget of compile time.
      std::vector<unsigned> Order(BR.NumBarriers + 1);
      for (unsigned R = 0; R < Order.size(); ++R)
        Order[R] = R;
      std::stable_sort(Order.begin(), Order.end(), [&](unsigned A, unsigned B) {
        return BR.ResumeLoopDepth[A] > BR.ResumeLoopDepth[B];
      });
      std::vector<Function *> Specialized(BR.NumBarriers + 1);
      uint64_t Size = 0;
      for (unsigned I = 0; I < Order.size() && I < kMaxSpecializedRegions;
           ++I) {
        Function *F = specializeRegion(*BR.Region, Order[I]);
        Size += F->getInstructionCount();
        if (Size > kMaxSpecializedInstructions) {
          F->eraseFromParent();
          break;
        }
        Specialized[Order[I]] = F;
      }
      auto W = emitRegionWrappers(*BR.Region, Specialized, P.Plan, BR.Parallel,
                                  "__cumetal_regions_" + Id);
      if (!W)
        return W.takeError();
      for (Function *F : *W) {
        P.RegionNames.push_back(F ? F->getName().str() : std::string());
        if (F)
          Exported.insert(F);
      }
    }
  }
  if (K) {
    P.EntryName = "__cumetal_entry_" + Id;
    auto W = emitEntryWrapper(*K, P.Plan, P.EntryName);
    if (!W)
      return W.takeError();
    Exported.insert(*W);
  }
  if (!Options.Checked && !Rendezvous) {
    P.GroupName = "__cumetal_group_" + Id;
    auto G = emitGroupWrapper(*K, P.Plan, P.GroupName);
    if (!G)
      return G.takeError();
    Exported.insert(*G);
  }
  if (Options.Checked) {
    P.RangesName = "__cumetal_ranges_" + std::to_string(Options.Id);
    auto N = instrumentForCheckedMode(Mod, P.RangesName);
    if (!N)
      return kernelError(Name, toString(N.takeError()));
    P.NumRanges = *N;
  }

  // Only the wrappers (and the range table) stay visible: the kernel is
  // inlined into the wrappers and the names of the kernel's helpers cannot
  // clash with other kernels' in the JIT.
  for (Function &Fn : Mod) {
    if (Fn.isDeclaration())
      continue;
    Fn.removeFnAttr(Attribute::OptimizeNone);
    if (!Exported.count(&Fn))
      Fn.setLinkage(GlobalValue::InternalLinkage);
  }
  if (K) {
    K->removeFnAttr(Attribute::NoInline);
    K->addFnAttr(Attribute::AlwaysInline);
  }
  for (GlobalVariable &G : Mod.globals())
    if (!G.isDeclaration() && G.getName() != P.RangesName)
      G.setLinkage(GlobalValue::InternalLinkage);
  if (NamedMDNode *Kernels = Mod.getNamedMetadata("air.kernel"))
    Mod.eraseNamedMetadata(Kernels); // read; it would pin nothing useful
  return P;
}

} // namespace cumetal::cpu

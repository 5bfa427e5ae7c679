//===- air/lower/Passes.h - The generic lowering tier -----------*- C++ -*-===//
//
// The passes of the generic tier (DESIGN.md §4), each in its own file, and
// the fixed pipeline that runs them. Every pass is a new-pass-manager module
// pass holding a reference to the shared LoweringContext; passes report
// unsupported constructs through the context and leave the module valid.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_PASSES_H
#define CUMETAL_AIR_LOWER_PASSES_H

#include "air/lower/LoweringContext.h"

#include "llvm/IR/PassManager.h"

namespace cumetal {
namespace air {

#define CUMETAL_DECLARE_PASS(Name)                                             \
  struct Name : llvm::PassInfoMixin<Name> {                                    \
    explicit Name(LoweringContext &Ctx) : Ctx(Ctx) {}                          \
    llvm::PreservedAnalyses run(llvm::Module &M,                               \
                                llvm::ModuleAnalysisManager &);                \
    LoweringContext &Ctx;                                                      \
  };

/// Marks the kernels of !nvvm.annotations and records __launch_bounds__.
CUMETAL_DECLARE_PASS(MarkKernelsPass)
/// Inline assembly, indirect calls, device-side launches, textures.
CUMETAL_DECLARE_PASS(CheckUnsupportedPass)
/// Self-recursive device functions -> loops over an explicit frame stack.
CUMETAL_DECLARE_PASS(EliminateRecursionPass)
/// Diagnoses call cycles through several functions; inlines every device
/// function into the kernels.
CUMETAL_DECLARE_PASS(InlineDeviceFunctionsPass)
/// Kernel parameters -> loads from the parameter block (buffer(0)).
CUMETAL_DECLARE_PASS(BuildParamBlockPass)
/// __device__/__constant__ variables -> globals blocks; constant data -> AS 2;
/// extern __shared__ -> threadgroup(0).
CUMETAL_DECLARE_PASS(LowerGlobalsPass)
/// Generic pointers -> device, constant, threadgroup or private.
CUMETAL_DECLARE_PASS(ResolveAddressSpacesPass)
/// llvm.nvvm.read.ptx.sreg.* -> builtin kernel inputs.
CUMETAL_DECLARE_PASS(LowerHardwareInputsPass)
/// Barriers and fences -> air.wg.barrier / air.simdgroup.barrier / fences.
CUMETAL_DECLARE_PASS(LowerSyncPass)
/// Warp shuffles, votes and ballots -> air.simd_*.
CUMETAL_DECLARE_PASS(LowerWarpOpsPass)
/// atomicrmw / cmpxchg -> air.atomic.* (or CAS loops, or, for 64-bit data,
/// critical sections under hashed spin locks; or a diagnostic).
struct LowerAtomicsPass : llvm::PassInfoMixin<LowerAtomicsPass> {
  explicit LowerAtomicsPass(LoweringContext &Ctx) : Ctx(Ctx) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  void lowerAtomicLoadStore(llvm::Instruction &I);
  LoweringContext &Ctx;
};
/// Device printf -> records in the printf buffer (buffer(2)).
CUMETAL_DECLARE_PASS(LowerPrintfPass)
/// assert() and __trap() -> message, status bit, end of the thread.
CUMETAL_DECLARE_PASS(LowerAssertTrapPass)
/// __nv_* and llvm.* math -> air.* math.
CUMETAL_DECLARE_PASS(LowerMathPass)
/// --fp64=demote: double-precision operations in single precision, doubles
/// in memory in their 8-byte format.
CUMETAL_DECLARE_PASS(DemoteFP64Pass)
/// --fp64=emulate: doubles as i64 bits, software binary64 arithmetic.
CUMETAL_DECLARE_PASS(EmulateFP64Pass)
/// --fp64: diagnoses double-precision arithmetic left in the module.
CUMETAL_DECLARE_PASS(FP64PolicyPass)
/// Placeholder inputs -> AIR kernel parameters with !air.kernel nodes.
CUMETAL_DECLARE_PASS(MaterializeKernelABIPass)
/// Triple, data layout, module flags, metadata, attributes; final checks.
CUMETAL_DECLARE_PASS(FinalizeAIRPass)

#undef CUMETAL_DECLARE_PASS

/// Runs the generic tier on \p M (shared IR in, AIR out). Returns false if
/// any pass reported an error; diagnostics have been printed by then.
bool lowerToAIR(llvm::Module &M, LoweringContext &Ctx);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_PASSES_H

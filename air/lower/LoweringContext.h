//===- air/lower/LoweringContext.h - State shared by the lowering -*- C++
//-*-===//
//
// The generic tier (DESIGN.md §4) is a fixed pipeline of module passes, one
// per file. They share this context: the options, a diagnostic sink that
// prints clang-style `file:line:col: error:` lines from the IR's debug
// locations, and what the runtime must learn about each kernel (parameter
// layout, bindings) and about the module (globals, printf formats), which the
// driver writes into the envelope (docs/abi.md).
//
// Kernel inputs that only exist once the AIR signature is built (the
// parameter block, the globals blocks, the atomic lock table, builtins such
// as the thread position) are requested by passes as calls to placeholder
// functions named `cumetal.input.<what>`; MaterializeKernelABI turns each
// into a kernel parameter with its AIR argument node.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_LOWERINGCONTEXT_H
#define CUMETAL_AIR_LOWER_LOWERINGCONTEXT_H

#include "metallib/Envelope.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/PassManager.h"

#include <map>
#include <string>
#include <vector>

namespace llvm {
class Function;
class Instruction;
class IRBuilderBase;
class Module;
class Type;
class Value;
class raw_ostream;
} // namespace llvm

namespace cumetal {
namespace air {

/// What `--fp64=` asks for (docs/cumetalc.md).
enum class FP64Mode { Error, Demote, Emulate };

struct LoweringOptions {
  FP64Mode fp64 = FP64Mode::Error;
  bool fastMath = false; ///< --use_fast_math: air.fast_* math
  /// Directories of headers the user did not write (cumetal's CUDA headers,
  /// Clang's): a diagnostic inside code inlined from them points at the
  /// user's call instead.
  std::vector<std::string> headerDirs;
  /// cumetal's device math library (bitcode), where --fp64=emulate finds
  /// its software binary64 functions.
  std::string deviceLibrary;
  /// Device-side recursion (EliminateRecursion, docs/recursion.md): each
  /// self-recursive function runs on a private stack of at most this many
  /// frames (the outermost call included); a deeper recursion traps, as a
  /// CUDA stack overflow fails the launch.
  unsigned recursionDepth = 64;
  /// ... and of at most this many bytes per thread (fewer frames when the
  /// frames are large), as every inlined call of the function has its own
  /// stack in the thread's private memory.
  unsigned recursionStackBytes = 8 * 1024;
};

/// The hidden kernel inputs of docs/abi.md §1, by placeholder name.
enum class KernelInput {
  ParamBlock,                  ///< buffer(0), i8 addrspace(2)*
  DeviceGlobals,               ///< buffer(1), i8 addrspace(1)*
  PrintfBuffer,                ///< buffer(2), i8 addrspace(1)*
  ConstantGlobals,             ///< buffer(3), i8 addrspace(2)*
  AtomicLocks,                 ///< buffer(4), i8 addrspace(1)*
  DynamicShared,               ///< threadgroup(0), i8 addrspace(3)*
  ThreadPositionInThreadgroup, ///< <3 x i32>
  ThreadgroupPositionInGrid,   ///< <3 x i32>
  ThreadsPerThreadgroup,       ///< <3 x i32>
  ThreadgroupsPerGrid,         ///< <3 x i32>
  ThreadIndexInSimdgroup,      ///< i32
  SimdgroupIndexInThreadgroup, ///< i32
  ThreadsPerSimdgroup,         ///< i32
  ThreadIndexInThreadgroup,    ///< i32
};

/// The placeholder function name of an input (`cumetal.input.<name>`).
llvm::StringRef kernelInputName(KernelInput In);

class LoweringContext {
public:
  LoweringContext(const LoweringOptions &Opts, llvm::raw_ostream &Diags)
      : Opts(Opts), Diags(Diags) {}

  const LoweringOptions &options() const { return Opts; }

  /// Reports an error at \p I's source location (or its function's).
  void error(const llvm::Instruction *I, const llvm::Twine &Msg);
  void error(const llvm::Function *F, const llvm::Twine &Msg);
  unsigned errorCount() const { return Errors; }

  /// Emits (at \p B's insertion point; callers put it in the entry block)
  /// or reuses the placeholder call that yields \p In in \p F.
  llvm::Value *getInput(llvm::Function &F, KernelInput In);

  /// What the envelope records (docs/abi.md §2).
  metallib::Envelope &envelope() { return Env; }
  /// The kernel entry being built for function \p Name (created on demand).
  metallib::EnvelopeKernel &kernel(llvm::StringRef Name);

private:
  void report(llvm::StringRef Where, const llvm::Twine &Msg);

  LoweringOptions Opts;
  llvm::raw_ostream &Diags;
  unsigned Errors = 0;
  metallib::Envelope Env;
  std::map<std::string, size_t> KernelIndex;
};

/// The placeholder's IR type for \p In.
llvm::Type *kernelInputType(llvm::LLVMContext &Ctx, KernelInput In);

/// Whether \p F is a CUDA kernel of the shared IR (listed in
/// !nvvm.annotations with "kernel") or, after the ABI rewrite, marked as one.
bool isKernel(const llvm::Function &F);

/// Marks \p F as a kernel (used when a kernel function is replaced).
void markKernel(llvm::Function &F);

/// Declares (or finds) the AIR function \p Name (air-abi.md §4), nounwind,
/// and convergent when \p Convergent (barriers and SIMD-group operations).
llvm::FunctionCallee declareAIRFunction(llvm::Module &M, llvm::StringRef Name,
                                        llvm::FunctionType *Ty,
                                        bool Convergent = false);

/// Inlines every function defined in \p M into the kernels, whatever its
/// inlining attributes, and drops the functions no kernel calls then
/// (InlineDeviceFunctions; again after a pass links library code).
void inlineIntoKernels(llvm::Module &M);

/// Runs the standard LLVM passes \p AddPasses adds on \p M, with fresh
/// analysis managers (used by passes that reuse LLVM's own transforms).
void runLLVMPasses(
    llvm::Module &M,
    llvm::function_ref<void(llvm::ModulePassManager &)> AddPasses);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_LOWERINGCONTEXT_H

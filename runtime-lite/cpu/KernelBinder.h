//===- KernelBinder.h - Metal's argument binding for a kernel ---*- C++ -*-===//
//
// Reads a kernel's !air.kernel argument nodes (air-abi.md §2.3-2.4) into a
// binding plan, exactly as Metal binds: device and constant buffers by
// air.location_index, threadgroup memory by its own location index,
// hardware inputs by builtin name. From the plan it generates the entry
// wrapper `void (i8* ctx)` that loads every argument from a ThreadContext
// and calls the kernel, so that the runtime needs no foreign-call machinery;
// for kernels that run as a plain loop, also a wrapper that loops over the
// threads of a whole threadgroup, and for kernels made into region
// functions (BarrierRegions.h), one that runs one region of every thread.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_KERNELBINDER_H
#define CUMETAL_RUNTIME_CPU_KERNELBINDER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Function;
} // namespace llvm

namespace cumetal::cpu {

struct ArgBinding {
  enum class Kind {
    Buffer,            ///< air.buffer in address space 1 or 2
    ThreadgroupBuffer, ///< air.buffer in address space 3
    Builtin,           ///< a hardware input
  };
  Kind K = Kind::Buffer;
  unsigned Param = 0;    ///< LLVM parameter index
  unsigned Location = 0; ///< buffer / threadgroup location index
  unsigned AddressSpace = 0;
  uint64_t MinLength = 0;   ///< air.buffer_size, when present
  bool Unused = false;      ///< air.arg_unused
  std::string Builtin;      ///< the air.* builtin name
  bool VectorInput = false; ///< builtin: a ThreadContext::Vec field
  unsigned Field = 0;       ///< builtin: VectorInput or ScalarInput value
};

struct BindingPlan {
  std::vector<ArgBinding> Args; ///< one per parameter, in parameter order
};

/// Reads the argument nodes of \p Kernel's !air.kernel entry. Fails, naming
/// the parameter, on a missing or malformed node or an unsupported kind
/// (textures, samplers, argument buffers).
llvm::Expected<BindingPlan> readBindingPlan(const llvm::Function &Kernel);

/// Adds `void @<WrapperName>(i8* ctx)` to the kernel's module: it loads the
/// arguments per \p Plan from the ThreadContext at ctx and calls \p Kernel:
/// one thread.
llvm::Expected<llvm::Function *> emitEntryWrapper(llvm::Function &Kernel,
                                                  const BindingPlan &Plan,
                                                  llvm::StringRef WrapperName);

/// Adds `void @<WrapperName>(i8* ctx)` that runs every thread of one
/// threadgroup in a loop (x fastest), computing each thread's hardware
/// inputs from the loop indices and the ThreadContext's per-threadgroup
/// fields. Only for kernels without barriers or SIMD-group operations;
/// once the kernel is inlined, the loop is open to the vectorizer.
llvm::Expected<llvm::Function *> emitGroupWrapper(llvm::Function &Kernel,
                                                  const BindingPlan &Plan,
                                                  llvm::StringRef WrapperName);

/// Adds the wrappers that run one region of every thread of a threadgroup
/// (x fastest), with the thread inputs emitGroupWrapper computes:
/// `i32 @<Prefix>_<R>(i8* ctx, i8* frames, i32* state, i32 resume)` for
/// each resume point R below Specialized.size() with Specialized[R] (the
/// result holds null for the others), which starts every thread there
/// through Specialized[R] (specializeRegion), in a loop marked
/// parallel with \p Parallel (the memory accesses of Specialized[R] join
/// the loop's access group then); and, last in the result, `@<Prefix>_any`,
/// which resumes each thread that has not exited (kRegionExited) where
/// state[tid] says, through \p Region (formBarrierRegions). `resume` is
/// unused. Each stores where every thread stopped in state[tid] and returns
/// that point if it is the same for all (kRegionExited once all have
/// returned), else kRegionsDiffer.
llvm::Expected<std::vector<llvm::Function *>> emitRegionWrappers(
    llvm::Function &Region, llvm::ArrayRef<llvm::Function *> Specialized,
    const BindingPlan &Plan, bool Parallel, llvm::StringRef Prefix);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_KERNELBINDER_H

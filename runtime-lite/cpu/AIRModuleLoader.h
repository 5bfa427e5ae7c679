//===- AIRModuleLoader.h - AIR modules for the host JIT ---------*- C++ -*-===//
//
// Reads the metallib container and, per kernel, parses its stored module
// (wrapped LLVM 14 bitcode) and prepares it for the host JIT: host triple
// and data layout, air.* calls lowered, static threadgroup memory made
// per-threadgroup, barrier kernels made region functions, the entry
// wrappers generated, checked-mode checks inserted, and everything but the
// wrappers internalised.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_AIRMODULELOADER_H
#define CUMETAL_RUNTIME_CPU_AIRMODULELOADER_H

#include "runtime-lite/cpu/KernelBinder.h"

#include "metallib/Metallib.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class DataLayout;
class LLVMContext;
class Module;
} // namespace llvm

namespace cumetal::cpu {

/// Parses a metallib; every structural problem is an error, never a crash.
llvm::Expected<metallib::Library> readMetallib(llvm::ArrayRef<uint8_t> Bytes);

/// A kernel's module, ready for CpuJIT.
struct PreparedKernel {
  std::unique_ptr<llvm::LLVMContext> Context;
  std::unique_ptr<llvm::Module> Module;
  /// `void (i8* ctx)`: one thread; empty for a region kernel.
  std::string EntryName;
  /// `void (i8* ctx)`: a whole threadgroup in a loop; empty when the kernel
  /// has rendezvous points or in checked mode (both run as fibers).
  std::string GroupName;
  /// A kernel whose only rendezvous points are barriers, made a region
  /// function (BarrierRegions.h): the region wrappers (emitRegionWrappers),
  /// `i32 (i8* ctx, i8* frames, i32* state, i32 resume)`, one per resume
  /// point (empty where it is not specialised), then the general one.
  std::vector<std::string> RegionNames;
  uint64_t FrameBytes = 0; ///< region kernels: frame bytes per thread
  std::string RangesName;  ///< checked mode: the module's global ranges
  size_t NumRanges = 0;
  BindingPlan Plan;
  uint64_t StaticThreadgroupBytes = 0;
};

struct PrepareOptions {
  std::string Triple;                       ///< the host's
  const llvm::DataLayout *Layout = nullptr; ///< the JIT's
  bool Checked = false;
  /// Run kernels whose only rendezvous points are barriers as regions
  /// (never in checked mode).
  bool BarrierRegions = false;
  /// Makes the module's exported names unique within the JIT.
  unsigned Id = 0;
};

/// Parses and prepares the module of kernel function \p F.
llvm::Expected<PreparedKernel> prepareKernel(const metallib::Function &F,
                                             const PrepareOptions &Options);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_AIRMODULELOADER_H

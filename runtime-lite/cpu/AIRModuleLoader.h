//===- AIRModuleLoader.h - AIR modules for the host JIT ---------*- C++ -*-===//
//
// Reads the metallib container and, per kernel, parses its stored module
// (wrapped LLVM 14 bitcode) and prepares it for the host JIT: host triple
// and data layout, air.* calls lowered, static threadgroup memory made
// per-threadgroup, the entry wrappers generated, checked-mode checks
// inserted, and everything but the wrapper internalised.
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
  std::string EntryName; ///< `void (i8* ctx)`: one thread
  /// `void (i8* ctx)`: a whole threadgroup in a loop; empty when the kernel
  /// has rendezvous points or in checked mode (both run as fibers).
  std::string GroupName;
  std::string RangesName; ///< checked mode: the module's global ranges
  size_t NumRanges = 0;
  BindingPlan Plan;
  uint64_t StaticThreadgroupBytes = 0;
};

struct PrepareOptions {
  std::string Triple;                       ///< the host's
  const llvm::DataLayout *Layout = nullptr; ///< the JIT's
  bool Checked = false;
  /// Makes the module's exported names unique within the JIT.
  unsigned Id = 0;
};

/// Parses and prepares the module of kernel function \p F.
llvm::Expected<PreparedKernel> prepareKernel(const metallib::Function &F,
                                             const PrepareOptions &Options);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_AIRMODULELOADER_H

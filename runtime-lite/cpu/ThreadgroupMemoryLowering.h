//===- ThreadgroupMemoryLowering.h - Static threadgroup memory --*- C++ -*-===//
//
// Static threadgroup memory (CUDA __shared__) is a set of address-space-3
// module globals, one instance per threadgroup. Many threadgroups run at
// once on the cpu backend, so the globals cannot stay globals: this pass
// lays them out in one block and rewrites every use into an offset from the
// running threadgroup's block, which the runtime hook
// `__cumetal_tg_static_base()` returns.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_THREADGROUPMEMORYLOWERING_H
#define CUMETAL_RUNTIME_CPU_THREADGROUPMEMORYLOWERING_H

#include "llvm/Support/Error.h"

#include <cstdint>

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal::cpu {

/// Rewrites the address-space-3 globals of \p M (uses in constant
/// expressions included) and removes them. Returns the size of the static
/// block in bytes, a multiple of 16 (0 if there are none). Uses of the
/// globals outside functions (in other globals' initializers) are an error.
llvm::Expected<uint64_t> lowerThreadgroupGlobals(llvm::Module &M);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_THREADGROUPMEMORYLOWERING_H

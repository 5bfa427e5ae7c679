//===- AIRLowering.h - air.* calls for the host -----------------*- C++ -*-===//
//
// Rewrites the air.* calls of a loaded AIR module into what the cpu backend
// provides, driven by the AIRBuiltins table: vector forms become one call
// per element, f16 forms go through the f32 form (or the u.i16 form for data
// movement), calls with an inline lowering become LLVM intrinsics or casts,
// and the remaining declarations are made safe to call on the host.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_AIRLOWERING_H
#define CUMETAL_RUNTIME_CPU_AIRLOWERING_H

#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal::cpu {

/// Lowers every air.* call in \p M. Fails, naming the function, when \p M
/// uses an air.* function the cpu backend does not implement.
llvm::Error lowerAIRCalls(llvm::Module &M);

/// Whether \p M still calls a barrier or SIMD-group operation, i.e. whether
/// the threads of a threadgroup must run as fibers.
bool callsRendezvousFunctions(const llvm::Module &M);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_AIRLOWERING_H

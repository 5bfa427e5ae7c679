//===- CheckedModeInstrumentation.h - Access checks -------------*- C++ -*-===//
//
// For checked mode (CUMETAL_CHECK=1): before every load, store, atomic and
// memory intrinsic on device, constant or threadgroup memory (address
// spaces 1, 2, 3), a call of `__cumetal_check_access(addr, size, align,
// kind)` lets the runtime validate the access, and stop the thread before
// it happens when it is out of bounds or misaligned.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_CHECKEDMODEINSTRUMENTATION_H
#define CUMETAL_RUNTIME_CPU_CHECKEDMODEINSTRUMENTATION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal::cpu {

/// Instruments every function defined in \p M. Also adds the constant
/// `[N x {i8*, i64}] @<RangesName>` that lists the module's own globals
/// (constant tables and the like) with their sizes, so that accesses to
/// them count as in bounds; returns N.
llvm::Expected<size_t> instrumentForCheckedMode(llvm::Module &M,
                                                llvm::StringRef RangesName);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_CHECKEDMODEINSTRUMENTATION_H

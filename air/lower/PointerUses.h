//===- air/lower/PointerUses.h - Move a pointer to another space -*- C++
//-*-===//
//
// Several passes replace a global (in one address space) by a pointer in
// another: __device__ variables by an offset into the device-globals buffer,
// constant data by an address-space-2 global, extern __shared__ by the
// threadgroup(0) argument. This helper rewrites every use, through constant
// expressions, GEPs, bitcasts and address-space casts, so that loads and
// stores address the new pointer directly.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_POINTERUSES_H
#define CUMETAL_AIR_LOWER_POINTERUSES_H

#include "llvm/ADT/STLFunctionalExtras.h"

namespace llvm {
class Function;
class GlobalVariable;
class Value;
} // namespace llvm

namespace cumetal {
namespace air {

/// Replaces every use of \p GV. \p NewPointer returns, for a function that
/// uses GV, a pointer to the same object (any address space; any pointee
/// type) valid in that function's entry block. Uses outside functions
/// (other globals' initialisers) are not allowed: returns false if any
/// remain, with GV left in place.
bool replaceGlobalUses(
    llvm::GlobalVariable &GV,
    llvm::function_ref<llvm::Value *(llvm::Function &)> NewPointer);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_POINTERUSES_H

//===- air/lower/FloatBits.h - IEEE conversions on the bits -----*- C++ -*-===//
//
// Conversions between IEEE binary32 values and the bits of binary64 values
// with integer operations only, for GPUs without double precision: printf
// promotes float arguments to double, and --fp64=demote keeps doubles in
// memory in their 8-byte format while computing in single precision.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_FLOATBITS_H
#define CUMETAL_AIR_LOWER_FLOATBITS_H

#include "llvm/IR/IRBuilder.h"

namespace cumetal {
namespace air {

/// The i64 bits of the binary64 value equal to float \p F: exact for every
/// input (zeros, subnormals, infinities, NaN payloads).
llvm::Value *floatToDoubleBits(llvm::IRBuilder<> &B, llvm::Value *F);

/// The float nearest to the binary64 value with i64 bits \p Bits (round to
/// nearest, ties to even, as a C cast): overflow gives infinity, results
/// below float's range are subnormal or zero, NaNs stay quiet NaNs with the
/// payload's top bits.
llvm::Value *doubleBitsToFloat(llvm::IRBuilder<> &B, llvm::Value *Bits);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_FLOATBITS_H

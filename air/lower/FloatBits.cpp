//===- air/lower/FloatBits.cpp - IEEE conversions on the bits -------------===//
//
// binary32 <-> binary64 with integer operations (FloatBits.h).
//
//===----------------------------------------------------------------------===//

#include "air/lower/FloatBits.h"
#include "air/lower/LoweringContext.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

Value *floatToDoubleBits(IRBuilder<> &B, Value *F) {
  Type *I32 = B.getInt32Ty(), *I64 = B.getInt64Ty();
  Value *Bits = B.CreateBitCast(F, I32);
  Value *Sign = B.CreateShl(B.CreateZExt(B.CreateLShr(Bits, 31), I64), 63);
  Value *Exp = B.CreateAnd(B.CreateLShr(Bits, 23), 0xff);
  Value *Man = B.CreateAnd(Bits, 0x7fffff);
  Value *Man64 = B.CreateZExt(Man, I64);
  // Normal: rebias the exponent (1023 - 127 = 896).
  Value *Normal = B.CreateOr(
      B.CreateShl(B.CreateZExt(B.CreateAdd(Exp, B.getInt32(896)), I64), 52),
      B.CreateShl(Man64, 29));
  // Inf/NaN: all-ones exponent, payload kept.
  Value *Special =
      B.CreateOr(B.getInt64(0x7ffULL << 52), B.CreateShl(Man64, 29));
  // Subnormal (Exp == 0, Man != 0): value = Man * 2^-149; normalise.
  Module &M = *B.GetInsertBlock()->getModule();
  FunctionType *ClzTy = FunctionType::get(I32, {I32, B.getInt1Ty()}, false);
  Value *Lz = B.CreateCall(declareAIRFunction(M, "air.clz.i32", ClzTy),
                           {Man, B.getFalse()});
  // Leading one at bit (31 - Lz); exponent = (31 - Lz) - 149 + 1023.
  Value *SubExp = B.CreateSub(B.getInt32(31 - 149 + 1023), Lz);
  Value *Shift = B.CreateZExt(B.CreateAdd(Lz, B.getInt32(21)), I64);
  Value *SubMan =
      B.CreateAnd(B.CreateShl(Man64, Shift), B.getInt64((1ULL << 52) - 1));
  Value *Sub = B.CreateOr(B.CreateShl(B.CreateZExt(SubExp, I64), 52), SubMan);
  Value *IsZeroExp = B.CreateICmpEQ(Exp, B.getInt32(0));
  Value *IsZero = B.CreateAnd(IsZeroExp, B.CreateICmpEQ(Man, B.getInt32(0)));
  Value *Mag = B.CreateSelect(
      B.CreateICmpEQ(Exp, B.getInt32(0xff)), Special,
      B.CreateSelect(IsZeroExp, B.CreateSelect(IsZero, B.getInt64(0), Sub),
                     Normal));
  return B.CreateOr(Sign, Mag);
}

Value *doubleBitsToFloat(IRBuilder<> &B, Value *Bits) {
  Type *I32 = B.getInt32Ty(), *I64 = B.getInt64Ty();
  Value *Sign = B.CreateTrunc(B.CreateShl(B.CreateLShr(Bits, 63), 31), I32);
  Value *Exp = B.CreateAnd(B.CreateLShr(Bits, 52), 0x7ff);
  Value *Man = B.CreateAnd(Bits, (1ULL << 52) - 1);
  // Inf/NaN: a NaN keeps the top 22 payload bits and becomes quiet.
  Value *NaN = B.CreateOr(B.getInt32(0x7fc00000),
                          B.CreateTrunc(B.CreateLShr(Man, 29), I32));
  Value *Special =
      B.CreateSelect(B.CreateIsNull(Man), B.getInt32(0x7f800000), NaN);
  // Finite: significand M = 1.man (subnormal doubles are far below float's
  // range and round to zero), float biased exponent E = Exp - 896. The
  // significand is shifted right by 29 (normal result) or more (subnormal
  // result), rounded to nearest even; (E - 1) << 23 plus the rounded
  // significand (implicit bit included) is the encoding, a carry out of
  // the significand moving the exponent up, as it should.
  Value *IsNormalIn = B.CreateICmpNE(Exp, B.getInt64(0));
  Value *M = B.CreateSelect(IsNormalIn, B.CreateOr(Man, B.getInt64(1ULL << 52)),
                            B.getInt64(0));
  Value *E = B.CreateSub(Exp, B.getInt64(896)); // as signed
  Value *Below = B.CreateICmpSLT(E, B.getInt64(1));
  // Shift = 29 + (1 - E) for subnormal results, capped at 63.
  Value *Shift = B.CreateSelect(
      Below,
      B.CreateSelect(B.CreateICmpSLT(E, B.getInt64(29 - 63 + 1)),
                     B.getInt64(63), B.CreateSub(B.getInt64(30), E)),
      B.getInt64(29));
  Value *R = B.CreateLShr(M, Shift);
  Value *Rem = B.CreateAnd(
      M, B.CreateSub(B.CreateShl(B.getInt64(1), Shift), B.getInt64(1)));
  Value *Half = B.CreateShl(B.getInt64(1), B.CreateSub(Shift, B.getInt64(1)));
  Value *Up =
      B.CreateOr(B.CreateICmpUGT(Rem, Half),
                 B.CreateAnd(B.CreateICmpEQ(Rem, Half),
                             B.CreateICmpNE(B.CreateAnd(R, 1), B.getInt64(0))));
  R = B.CreateAdd(R, B.CreateZExt(Up, I64));
  Value *Enc = B.CreateSelect(
      Below, R, B.CreateAdd(B.CreateShl(B.CreateSub(E, B.getInt64(1)), 23), R));
  // Overflow (including exponents far above float's): infinity.
  Value *Finite =
      B.CreateTrunc(B.CreateSelect(B.CreateICmpUGE(Enc, B.getInt64(0x7f800000)),
                                   B.getInt64(0x7f800000), Enc),
                    I32);
  Value *Mag =
      B.CreateSelect(B.CreateICmpEQ(Exp, B.getInt64(0x7ff)), Special, Finite);
  return B.CreateBitCast(B.CreateOr(Sign, Mag), B.getFloatTy());
}

} // namespace air
} // namespace cumetal

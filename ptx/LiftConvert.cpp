//===- ptx/LiftConvert.cpp - Lifting PTX cvt ------------------------------===//
//
// cvt and cvt.pack (PTX ISA 9.0 §9.7.9.21-22) between integers, f16, bf16,
// f32, f64 and tf32, with PTX's exact semantics:
//   - integer to integer: truncation, or extension by the source's
//     signedness; .sat clamps to the destination's range first;
//   - float to integer: rounded to an integral value (.rni/.rzi/.rmi/.rpi),
//     then saturated to the destination's range (PTX's float-to-integer
//     conversions always saturate); NaN gives what NVIDIA's hardware gives:
//     0 from f16/f32 to integers of up to 32 bits, else the destination's
//     sign bit alone. LLVM's fptosi would be poison out of range, so the
//     clamping is explicit;
//   - integer to float: .rn is sitofp/uitofp, .rz/.rm/.rp call cumetal's
//     correctly rounded __nv_int2float_rz... (and the software binary64 for
//     64-bit integers to f64); integers to f16/bf16 round once
//     (ptx_helpers.cu), never through float;
//   - float to float: widening is exact; narrowing rounds once in the given
//     mode (f32 -> f16 by __nv_float2half_rn or ptx_helpers.cu, f32 -> bf16
//     inline, f64 -> f32/f16/bf16 on the double's bits); .rni... to the same
//     type are rint/trunc/floor/ceil; .ftz (of f32 values only), .sat,
//     .relu and .satfinite; NaNs as an H100 converts them (f32 results
//     canonical, f64 -> f32/f16 keeping sign and payload, f16 -> f32
//     canonical, bf16 -> f32 exact);
//   - the packing forms cvt.rn.f16x2.f32 / bf16x2 (d = {a -> upper half,
//     b -> lower half}), cvt.rna/rn/rz.tf32.f32 and cvt.pack.sat.
// The 8-bit and 4-bit float formats (e4m3, e5m2, e2m1...) and .rs are
// named errors.
//
//===----------------------------------------------------------------------===//

#include "ptx/LiftHelpers.h"

#include <cmath>

using namespace llvm;

namespace cumetal {
namespace ptx {

using namespace lift;

namespace {

bool isIntType(Type T) {
  TypeClass C = typeClass(T);
  return C == TypeClass::Signed || C == TypeClass::Unsigned ||
         C == TypeClass::Bit;
}

/// [min, max] of integer type \p T, as APInts of its width.
std::pair<APInt, APInt> intRange(Type T) {
  unsigned W = typeBits(T);
  if (isSigned(T))
    return {APInt::getSignedMinValue(W), APInt::getSignedMaxValue(W)};
  return {APInt::getMinValue(W), APInt::getMaxValue(W)};
}

/// Integer \p V of type \p From converted to \p To (cvt's integer rules).
Value *convertInt(IRBuilder<> &B, Value *V, Type From, Type To, bool Sat) {
  unsigned FW = typeBits(From), TW = typeBits(To);
  bool FS = isSigned(From);
  if (Sat) {
    // Clamp in the source type: a bound of the destination's range that is
    // inside the source's is representable there.
    auto [FMin, FMax] = intRange(From);
    auto [TMin, TMax] = intRange(To);
    bool TS = isSigned(To);
    auto Extend = [&](const APInt &X, bool S) {
      return S ? X.sext(129) : X.zext(129);
    };
    APInt FMinW = Extend(FMin, FS), FMaxW = Extend(FMax, FS);
    APInt TMinW = Extend(TMin, TS), TMaxW = Extend(TMax, TS);
    if (FMaxW.sgt(TMaxW)) {
      Constant *Hi = ConstantInt::get(V->getType(), TMaxW.trunc(FW));
      Value *Over = FS ? B.CreateICmpSGT(V, Hi) : B.CreateICmpUGT(V, Hi);
      V = sel(B, Over, Hi, V);
    }
    if (FMinW.slt(TMinW)) {
      Constant *Lo = ConstantInt::get(V->getType(), TMinW.trunc(FW));
      Value *Under = FS ? B.CreateICmpSLT(V, Lo) : B.CreateICmpULT(V, Lo);
      V = sel(B, Under, Lo, V);
    }
  }
  llvm::Type *IT = B.getIntNTy(TW);
  if (TW < FW)
    return B.CreateTrunc(V, IT);
  if (TW > FW)
    return FS ? B.CreateSExt(V, IT) : B.CreateZExt(V, IT);
  return V;
}

/// A 16-bit, f32 or f64 source read as a float or double (16-bit formats
/// widened exactly), with .ftz of f32 inputs (cvt's .ftz flushes f32
/// subnormals only: f16 subnormals are normal floats).
Value *floatSource(FunctionLifter &L, Value *V, Type T, bool Ftz) {
  IRBuilder<> &B = L.builder();
  if (T == Type::F16) // an f16 NaN widens to the canonical NaN
    return canonicalize(B, halfToFloat(L, V, T));
  if (T == Type::BF16) // a bf16 NaN keeps its bits
    return halfToFloat(L, V, T);
  if (Ftz && T == Type::F32)
    V = flushSubnormal(B, V);
  return V;
}

/// Float/double \p V (integral after rounding) saturated to integer type
/// \p To: out of range -> the nearest bound; NaN -> what NVIDIA's hardware
/// gives: 0 from f16/f32 to 8- to 32-bit integers, else the sign bit alone
/// of the destination's width (64-bit integers, and every integer from
/// f64).
Value *floatToInt(IRBuilder<> &B, Value *V, Type To) {
  unsigned W = typeBits(To);
  bool S = isSigned(To);
  llvm::Type *FT = V->getType(), *IT = B.getIntNTy(W);
  auto [Min, Max] = intRange(To);
  // 2^(W-1) or 2^W: the first value above the range, exact in float.
  Value *Above = ConstantFP::get(FT, std::ldexp(1.0, S ? W - 1 : W));
  Value *Below = ConstantFP::get(FT, S ? -std::ldexp(1.0, W - 1) : 0.0);
  Value *TooBig = B.CreateFCmpOGE(V, Above);
  Value *TooSmall = B.CreateFCmpOLT(V, Below);
  Value *NaN = isNaN(B, V);
  // In range (and not NaN): exact conversion of an integral value.
  Value *Safe = sel(B, B.CreateOr(B.CreateOr(TooBig, TooSmall), NaN),
                    ConstantFP::get(FT, 0.0), V);
  Value *R = S ? B.CreateFPToSI(Safe, IT) : B.CreateFPToUI(Safe, IT);
  R = sel(B, TooBig, ConstantInt::get(IT, Max), R);
  R = sel(B, TooSmall, ConstantInt::get(IT, Min), R);
  bool SignNaN = W == 64 || FT->isDoubleTy();
  APInt NaNValue = SignNaN ? APInt::getSignMask(W) : APInt(W, 0);
  return sel(B, NaN, ConstantInt::get(IT, NaNValue), R);
}

/// Integer \p V of type \p From converted to float type \p To (f32, f64,
/// f16, bf16; 16-bit results as bits) in rounding \p R.
Value *intToFloat(FunctionLifter &L, Value *V, Type From, Type To, Rounding R) {
  IRBuilder<> &B = L.builder();
  bool S = isSigned(From);
  unsigned W = typeBits(From);
  if (R == Rounding::None)
    R = Rounding::RN;
  if (isHalfType(To)) {
    Value *X =
        S ? B.CreateSExt(V, B.getInt64Ty()) : B.CreateZExt(V, B.getInt64Ty());
    StringRef Name = To == Type::F16
                         ? (S ? "__cumetal_ptx_i2h" : "__cumetal_ptx_u2h")
                         : (S ? "__cumetal_ptx_i2bf" : "__cumetal_ptx_u2bf");
    return callLib(L, Name, B.getInt16Ty(), {X, B.getInt32(modeNumber(R))});
  }
  llvm::Type *FT = L.typeOf(To);
  // Exact conversions (no rounding needed): narrow integers, and 32-bit
  // integers to double.
  bool Exact = W <= 16 || (To == Type::F64 && W <= 32);
  if (Exact || R == Rounding::RN)
    return S ? B.CreateSIToFP(V, FT) : B.CreateUIToFP(V, FT);
  if (To == Type::F64) {
    Value *Bits = callLib(L, S ? "__cumetal_i64_to_d" : "__cumetal_u64_to_d",
                          B.getInt64Ty(), {V, B.getInt32(modeNumber(R))});
    return fromBits(B, Bits, FT);
  }
  StringRef Kind = W == 64 ? (S ? "ll" : "ull") : (S ? "int" : "uint");
  return callLib(L, ("__nv_" + Kind + "2float_" + libSuffix(R)).str(), FT, {V});
}

/// Float or double \p F rounded once to 16-bit format \p To in \p R.
Value *toHalf(FunctionLifter &L, Value *F, Type To, Rounding R) {
  IRBuilder<> &B = L.builder();
  if (!F->getType()->isDoubleTy())
    return floatToHalf(L, F, To, R);
  if (R == Rounding::None)
    R = Rounding::RN;
  Value *U = bitsOf(B, F);
  Value *H =
      callLib(L, To == Type::F16 ? "__cumetal_ptx_d2h" : "__cumetal_ptx_d2bf",
              B.getInt16Ty(), {U, B.getInt32(modeNumber(R))});
  // A NaN keeps its sign and the top of its payload (quieted), as NVIDIA's
  // f64 conversions do.
  bool Half = To == Type::F16;
  Value *Sign =
      B.CreateTrunc(B.CreateAnd(B.CreateLShr(U, 48), 0x8000), B.getInt16Ty());
  Value *Payload = B.CreateTrunc(
      B.CreateLShr(B.CreateAnd(U, 0xfffffffffffffULL), Half ? 42 : 45),
      B.getInt16Ty());
  Value *NaN =
      B.CreateOr(B.CreateOr(Sign, B.getInt16(Half ? 0x7e00 : 0x7fc0)), Payload);
  return sel(B, isNaN(B, F), NaN, H);
}

/// .relu and .satfinite of a 16-bit result \p H of format \p T (NaN
/// results stay).
Value *halfModifiers(IRBuilder<> &B, Value *H, Type T, bool Relu,
                     bool SatFinite) {
  Value *Mag = B.CreateAnd(H, 0x7fff);
  uint16_t Inf = T == Type::F16 ? 0x7c00 : 0x7f80;
  Value *NaN = B.CreateICmpUGT(Mag, B.getInt16(Inf));
  if (SatFinite) {
    // Infinite results become the largest finite value of their sign.
    Value *IsInf = B.CreateICmpEQ(Mag, B.getInt16(Inf));
    H = sel(B, IsInf, B.CreateOr(B.CreateAnd(H, 0x8000), B.getInt16(Inf - 1)),
            H);
  }
  if (Relu) {
    Value *Neg = B.CreateICmpSLT(H, B.getInt16(0));
    H = sel(B, B.CreateAnd(Neg, B.CreateNot(NaN)), B.getInt16(0), H);
  }
  return H;
}

/// f32 \p F rounded to tf32 (the upper 19 bits of a float) in \p R, with
/// NVIDIA's NaN results: .rna keeps the NaN's sign and upper payload,
/// .rn/.rz give 0x7fffe000; .satfinite turns a result with an all-ones
/// exponent (infinity, and NaN too) into the value one tf32 ulp below it.
Value *toTF32(IRBuilder<> &B, Value *F, Rounding R, bool SatFinite) {
  Value *U = bitsOf(B, F);
  Value *Mask = B.getInt32(0xffffe000);
  Value *V;
  switch (R) {
  case Rounding::RNA: // ties away from zero
    V = B.CreateAnd(B.CreateAdd(U, B.getInt32(0x1000)), Mask);
    break;
  case Rounding::RZ:
    V = B.CreateAnd(U, Mask);
    break;
  default: // to nearest, ties to even
    V = B.CreateAnd(
        B.CreateAdd(U, B.CreateAdd(B.getInt32(0xfff),
                                   B.CreateAnd(B.CreateLShr(U, 13), 1))),
        Mask);
    break;
  }
  Value *Mag = B.CreateAnd(U, 0x7fffffff);
  Value *Inf = B.getInt32(0x7f800000);
  V = sel(B, B.CreateICmpEQ(Mag, Inf), U, V);
  Value *NaN = B.CreateICmpUGT(Mag, Inf);
  V = sel(B, NaN,
          R == Rounding::RNA ? B.CreateAnd(U, Mask) : B.getInt32(0x7fffe000),
          V);
  if (SatFinite) {
    Value *AllOnes = B.CreateICmpEQ(B.CreateAnd(V, Inf), Inf);
    V = sel(B, AllOnes, B.CreateSub(V, B.getInt32(0x2000)), V);
  }
  return V;
}

bool liftCvtPack(FunctionLifter &L, const Instruction &I) {
  // cvt.pack.sat.convertType.abType.cType d, a, b{, c}
  std::vector<Type> Ts = I.types();
  if (Ts.size() < 2 || !I.hasModifier("sat"))
    return L.unsupported(I);
  Type CT = Ts[0];
  if (!isIntType(CT) || typeBits(CT) > 16)
    return L.unsupported(I, "this packing type");
  Value *A = L.read(I, 1, Type::S32), *Bv = L.read(I, 2, Type::S32);
  if (!A || !Bv)
    return false;
  IRBuilder<> &B = L.builder();
  unsigned W = typeBits(CT);
  bool S = isSigned(CT);
  int64_t Lo = S ? -(1LL << (W - 1)) : 0;
  int64_t Hi = S ? (1LL << (W - 1)) - 1 : (1LL << W) - 1;
  auto Clamp = [&](Value *V) {
    V = sel(B, B.CreateICmpSLT(V, B.getInt32(Lo)), B.getInt32(Lo), V);
    V = sel(B, B.CreateICmpSGT(V, B.getInt32(Hi)), B.getInt32(Hi), V);
    return B.CreateAnd(V, (1u << W) - 1);
  };
  Value *R = B.CreateOr(B.CreateShl(Clamp(A), W), Clamp(Bv));
  if (W < 16) {
    Value *C = L.read(I, 3, Type::B32);
    if (!C)
      return false;
    R = B.CreateOr(R, B.CreateShl(C, 2 * W));
  }
  return L.write(I, 0, R, Type::B32);
}

bool liftCvt(FunctionLifter &L, const Instruction &I) {
  if (I.hasModifier("pack"))
    return liftCvtPack(L, I);
  std::vector<Type> Ts = I.types();
  if (Ts.size() != 2)
    return L.unsupported(I, "expected a destination and a source type");
  Type DT = Ts[0], ST = Ts[1];
  Rounding R = roundingOf(I);
  IntRounding IR = intRoundingOf(I);
  bool Ftz = I.hasModifier("ftz"), Sat = I.hasModifier("sat"),
       Relu = I.hasModifier("relu"), SatFinite = I.hasModifier("satfinite");
  IRBuilder<> &B = L.builder();
  bool DInt = isIntType(DT), SInt = isIntType(ST);
  bool DFloat = isFloatType(DT) || DT == Type::TF32, SFloat = isFloatType(ST);
  if ((!DInt && !DFloat) || (!SInt && !SFloat))
    return L.unsupported(I, "conversions of this format are not supported");
  if (R == Rounding::RS)
    return L.unsupported(I, "stochastic rounding (.rs)");

  // Packing two f32 into f16x2/bf16x2: d = {a -> upper, b -> lower}.
  if (isPairType(DT)) {
    if (ST != Type::F32 || I.Operands.size() != 3)
      return L.unsupported(I);
    Value *A = L.read(I, 1, ST), *Bv = L.read(I, 2, ST);
    if (!A || !Bv)
      return false;
    Type ET = elementType(DT);
    auto One = [&](Value *F) {
      F = floatSource(L, F, ST, Ftz);
      return halfModifiers(B, floatToHalf(L, F, ET, R), ET, Relu, SatFinite);
    };
    Value *Hi = One(A), *Lo = One(Bv);
    return L.write(I, 0, joinPair(B, Lo, Hi), DT);
  }
  if (I.Operands.size() != 2)
    return L.unsupported(I, "this form of cvt");

  Value *V = L.read(I, 1, ST);
  if (!V)
    return false;

  if (DInt && SInt)
    return L.write(I, 0, convertInt(B, V, ST, DT, Sat), DT);

  if (DInt) {
    // Float to integer: an integral rounding, then saturation.
    if (IR == IntRounding::None) {
      if (R != Rounding::None)
        return L.unsupported(I, "float to integer needs .rni, .rzi, .rmi "
                                "or .rpi");
      IR = IntRounding::RZI; // not valid PTX, but what ptxas assumes
    }
    Value *F = floatSource(L, V, ST, Ftz);
    return L.write(I, 0, floatToInt(B, roundIntegral(L, F, IR), DT), DT);
  }

  if (SInt) {
    // Integer to float.
    if (DT == Type::TF32)
      return L.unsupported(I);
    Value *F = intToFloat(L, V, ST, DT, R);
    if (isHalfType(DT)) {
      if (Sat)
        F = floatToHalf(L, saturate(B, halfToFloat(L, F, DT)), DT,
                        Rounding::RN);
      return L.write(I, 0, halfModifiers(B, F, DT, Relu, SatFinite), DT);
    }
    if (Sat)
      F = saturate(B, F);
    return L.write(I, 0, F, DT);
  }

  // Float to float.
  Value *F = floatSource(L, V, ST, Ftz && ST != DT);
  if (ST == DT && (ST == Type::F32 || ST == Type::F64)) {
    if (Ftz)
      F = flushSubnormal(B, F);
    if (IR != IntRounding::None)
      F = roundIntegral(L, F, IR);
    if (Ftz)
      F = flushSubnormal(B, F);
    if (Sat)
      F = saturate(B, F);
    // f32 conversions return the canonical NaN.
    if (ST == Type::F32)
      F = canonicalize(B, F);
    return L.write(I, 0, F, DT);
  }
  if (IR != IntRounding::None) {
    // .rni... between float types: the integral value, then converted
    // (exactly, or rounded to nearest for a narrower destination).
    F = roundIntegral(L, F, IR);
    R = Rounding::RN;
  }
  if (DT == Type::TF32) {
    if (ST != Type::F32 || Sat || Relu)
      return L.unsupported(I);
    return L.write(I, 0, toTF32(B, F, R, SatFinite), DT);
  }
  if (isHalfType(DT)) {
    if (R == Rounding::RNA)
      return L.unsupported(I, ".rna to a 16-bit format");
    if (Sat)
      F = saturate(B, F); // [0, 1] stays in range after the rounding
    Value *H = toHalf(L, F, DT, R);
    return L.write(I, 0, halfModifiers(B, H, DT, Relu, SatFinite), DT);
  }
  if (Relu || SatFinite)
    return L.unsupported(I, ".relu and .satfinite need a 16-bit destination");
  if (DT == Type::F64) {
    // f32 or a 16-bit format to f64: exact; NaNs quieted.
    Value *NaN = isNaN(B, F);
    F = B.CreateFPExt(F, B.getDoubleTy());
    F = sel(B, NaN, quietNaN(B, F), F);
    if (Sat)
      F = saturate(B, F);
    return L.write(I, 0, F, DT);
  }
  // To f32: from a 16-bit format exactly, from f64 rounded once.
  if (F->getType()->isDoubleTy()) {
    if (R == Rounding::RZ || R == Rounding::RM || R == Rounding::RP)
      F = callLib(L, "__cumetal_ptx_d2f", B.getFloatTy(),
                  {bitsOf(B, F), B.getInt32(modeNumber(R))});
    else if (R == Rounding::RN || R == Rounding::None)
      F = B.CreateFPTrunc(F, B.getFloatTy());
    else
      return L.unsupported(I, "this rounding");
  }
  if (Ftz)
    F = flushSubnormal(B, F);
  if (Sat)
    F = saturate(B, F);
  return L.write(I, 0, F, DT);
}

} // namespace

void addConvertInstructions(LiftTable &T) { T.add("cvt", liftCvt); }

} // namespace ptx
} // namespace cumetal

//===- ptx/LiftFloat.cpp - Lifting PTX floating-point arithmetic ----------===//
//
// The floating-point instructions of PTX ISA 9.0 (§9.7.3, §9.7.4): add,
// sub, mul, fma, mad, div, rcp, sqrt, rsqrt, ex2, lg2, sin, cos, tanh,
// abs, neg, min, max, testp and copysign, on .f32, .f64, .f16, .bf16 and
// the .f16x2/.bf16x2 pairs, with PTX's exact semantics:
//   - .rn (or no rounding modifier) is the plain IEEE operation with no
//     fast-math flags, so nothing may contract or reassociate it; .rz, .rm
//     and .rp call cumetal's correctly rounded device library
//     (__nv_fadd_rz/_rd/_ru ... for f32, the software binary64
//     __cumetal_dadd(a, b, mode) ... for f64);
//   - .ftz flushes subnormal inputs and results to zeros of their sign,
//     detecting tininess before rounding as NVIDIA does (an exact result
//     below 2^-126 that rounds up to 2^-126 is flushed too); .sat clamps
//     results to [0, 1] with NaN -> +0;
//   - the approximate instructions (.approx) call the __nv_fast_*
//     functions, which the AIR lowering maps to Apple's fast math;
//   - min/max return the non-NaN operand (both NaN: the canonical NaN, for
//     f64 the first operand quieted), order -0 below +0, and support .NaN,
//     .abs, .xorsign and .relu; abs/neg of a NaN give the canonical NaN
//     (f32, f16, bf16) or the NaN quieted (f64), as measured on an H100;
//   - NaN payloads of the other operations are left to the target (NVIDIA
//     returns its canonical NaN; PTX does not specify them);
//   - the 16-bit formats are integer bits in the shared IR: each element
//     is widened to float exactly, computed in float and rounded once to
//     its format (correctly rounded for +-*/ since float has more than
//     2p + 2 significand bits); fma rounds once through ptx_helpers.cu.
// Also the helpers of LiftHelpers.h shared with the integer and conversion
// families. Variants without a faithful lowering are named errors.
//
//===----------------------------------------------------------------------===//

#include "ptx/LiftHelpers.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace ptx {
namespace lift {

//===----------------------------------------------------------------------===//
// Shared helpers (LiftHelpers.h)
//===----------------------------------------------------------------------===//

Rounding roundingOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers) {
    if (M.Kind != ModifierKind::Rounding)
      continue;
    if (M.Name == "rn")
      return Rounding::RN;
    if (M.Name == "rz")
      return Rounding::RZ;
    if (M.Name == "rm")
      return Rounding::RM;
    if (M.Name == "rp")
      return Rounding::RP;
    if (M.Name == "rna")
      return Rounding::RNA;
    if (M.Name == "rs")
      return Rounding::RS;
  }
  return Rounding::None;
}

IntRounding intRoundingOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers) {
    if (M.Kind != ModifierKind::Rounding)
      continue;
    if (M.Name == "rni")
      return IntRounding::RNI;
    if (M.Name == "rzi")
      return IntRounding::RZI;
    if (M.Name == "rmi")
      return IntRounding::RMI;
    if (M.Name == "rpi")
      return IntRounding::RPI;
  }
  return IntRounding::None;
}

StringRef libSuffix(Rounding R) {
  switch (R) {
  case Rounding::RZ:
    return "rz";
  case Rounding::RM:
    return "rd";
  case Rounding::RP:
    return "ru";
  default:
    return "rn";
  }
}

unsigned modeNumber(Rounding R) {
  switch (R) {
  case Rounding::RZ:
    return 1;
  case Rounding::RM:
    return 2;
  case Rounding::RP:
    return 3;
  default:
    return 0;
  }
}

Value *callLib(FunctionLifter &L, StringRef Name, llvm::Type *Ret,
               ArrayRef<Value *> Args) {
  SmallVector<llvm::Type *, 4> Params;
  for (Value *A : Args)
    Params.push_back(A->getType());
  FunctionCallee F = L.function(Name, FunctionType::get(Ret, Params, false));
  if (auto *Fn = dyn_cast<llvm::Function>(F.getCallee()))
    Fn->setDoesNotAccessMemory();
  return L.builder().CreateCall(F, Args);
}

Value *bitsOf(IRBuilder<> &B, Value *V) {
  llvm::Type *T = V->getType();
  if (T->isIntegerTy())
    return V;
  return B.CreateBitCast(V, B.getIntNTy(T->getPrimitiveSizeInBits()));
}

Value *fromBits(IRBuilder<> &B, Value *Bits, llvm::Type *FloatTy) {
  return Bits->getType() == FloatTy ? Bits : B.CreateBitCast(Bits, FloatTy);
}

Constant *canonicalNaN(llvm::Type *T) {
  if (T->isDoubleTy())
    return ConstantFP::get(
        T->getContext(),
        APFloat(APFloat::IEEEdouble(), APInt(64, 0x7fffffffffffffffULL)));
  return ConstantFP::get(T->getContext(),
                         APFloat(APFloat::IEEEsingle(), APInt(32, 0x7fffffff)));
}

Value *isNaN(IRBuilder<> &B, Value *V) { return B.CreateFCmpUNO(V, V); }

Value *quietNaN(IRBuilder<> &B, Value *V) {
  Value *Bits = bitsOf(B, V);
  uint64_t Quiet =
      V->getType()->isDoubleTy() ? 0x0008000000000000ULL : 0x00400000ULL;
  return fromBits(B, B.CreateOr(Bits, ConstantInt::get(Bits->getType(), Quiet)),
                  V->getType());
}

Value *canonicalize(IRBuilder<> &B, Value *V) {
  return sel(B, isNaN(B, V), canonicalNaN(V->getType()), V);
}

Value *flushSubnormal(IRBuilder<> &B, Value *V) {
  llvm::Type *T = V->getType();
  bool D = T->isDoubleTy();
  Value *Bits = bitsOf(B, V);
  llvm::Type *IT = Bits->getType();
  Constant *ExpMask =
      ConstantInt::get(IT, D ? 0x7ff0000000000000ULL : 0x7f800000ULL);
  Constant *Sign =
      ConstantInt::get(IT, D ? 0x8000000000000000ULL : 0x80000000ULL);
  Value *Sub =
      B.CreateICmpEQ(B.CreateAnd(Bits, ExpMask), ConstantInt::get(IT, 0));
  return sel(B, Sub, fromBits(B, B.CreateAnd(Bits, Sign), T), V);
}

Value *saturate(IRBuilder<> &B, Value *V) {
  llvm::Type *T = V->getType();
  Value *Zero = ConstantFP::get(T, 0.0), *One = ConstantFP::get(T, 1.0);
  // NaN, -0 and negative values fail the ordered test and become +0.
  Value *Lo = sel(B, B.CreateFCmpOGT(V, Zero), V, Zero);
  return sel(B, B.CreateFCmpOGT(Lo, One), One, Lo);
}

Value *roundIntegral(FunctionLifter &L, Value *V, IntRounding R) {
  IRBuilder<> &B = L.builder();
  if (V->getType()->isDoubleTy()) {
    // The software form on the bits works under every --fp64 mode.
    unsigned Mode = R == IntRounding::RZI   ? 1
                    : R == IntRounding::RMI ? 2
                    : R == IntRounding::RPI ? 3
                                            : 0;
    Value *Bits = callLib(L, "__cumetal_ptx_dround", B.getInt64Ty(),
                          {bitsOf(B, V), B.getInt32(Mode)});
    return fromBits(B, Bits, V->getType());
  }
  Intrinsic::ID ID = R == IntRounding::RZI   ? Intrinsic::trunc
                     : R == IntRounding::RMI ? Intrinsic::floor
                     : R == IntRounding::RPI ? Intrinsic::ceil
                                             : Intrinsic::rint;
  return L.intrinsic(ID, {V->getType()}, {V});
}

Value *halfToFloat(FunctionLifter &L, Value *H, Type T) {
  IRBuilder<> &B = L.builder();
  if (T == Type::BF16)
    return B.CreateBitCast(B.CreateShl(B.CreateZExt(H, B.getInt32Ty()), 16),
                           B.getFloatTy());
  return callLib(L, "__nv_half2float", B.getFloatTy(), {H});
}

Value *floatToHalf(FunctionLifter &L, Value *F, Type T, Rounding R) {
  IRBuilder<> &B = L.builder();
  if (R == Rounding::None)
    R = Rounding::RN;
  if (T == Type::F16) {
    if (R == Rounding::RN)
      return callLib(L, "__nv_float2half_rn", B.getInt16Ty(), {F});
    return callLib(L, "__cumetal_ptx_f2h", B.getInt16Ty(),
                   {F, B.getInt32(modeNumber(R))});
  }
  // bfloat16 is float's upper half: round the lower 16 bits away.
  Value *U = bitsOf(B, F);
  Value *Hi = B.CreateLShr(U, 16);
  Value *R16;
  switch (R) {
  case Rounding::RZ:
    R16 = Hi;
    break;
  case Rounding::RM:
  case Rounding::RP: {
    Value *Neg = B.CreateICmpSLT(U, B.getInt32(0));
    Value *Inexact = B.CreateICmpNE(B.CreateAnd(U, 0xffff), B.getInt32(0));
    Value *Away =
        B.CreateAnd(Inexact, R == Rounding::RM ? Neg : B.CreateNot(Neg));
    R16 = B.CreateAdd(Hi, B.CreateZExt(Away, B.getInt32Ty()));
    break;
  }
  default: // to nearest, ties to even
    R16 = B.CreateLShr(
        B.CreateAdd(
            U, B.CreateAdd(B.getInt32(0x7fff), B.CreateAnd(Hi, B.getInt32(1)))),
        16);
    break;
  }
  Value *H = B.CreateTrunc(R16, B.getInt16Ty());
  return sel(B, isNaN(B, F), B.getInt16(0x7fff), H);
}

Value *flushHalfSubnormal(IRBuilder<> &B, Value *H) {
  Value *Sub = B.CreateICmpEQ(B.CreateAnd(H, 0x7c00), B.getInt16(0));
  return sel(B, Sub, B.CreateAnd(H, 0x8000), H);
}

std::pair<Value *, Value *> splitPair(IRBuilder<> &B, Value *V) {
  return {B.CreateTrunc(V, B.getInt16Ty()),
          B.CreateTrunc(B.CreateLShr(V, 16), B.getInt16Ty())};
}

Value *joinPair(IRBuilder<> &B, Value *Lo, Value *Hi) {
  return B.CreateOr(B.CreateZExt(Lo, B.getInt32Ty()),
                    B.CreateShl(B.CreateZExt(Hi, B.getInt32Ty()), 16));
}

Value *compareFloat(IRBuilder<> &B, StringRef Cmp, Value *A, Value *C) {
  CmpInst::Predicate P;
  if (Cmp == "eq")
    P = CmpInst::FCMP_OEQ;
  else if (Cmp == "ne")
    P = CmpInst::FCMP_ONE;
  else if (Cmp == "lt")
    P = CmpInst::FCMP_OLT;
  else if (Cmp == "le")
    P = CmpInst::FCMP_OLE;
  else if (Cmp == "gt")
    P = CmpInst::FCMP_OGT;
  else if (Cmp == "ge")
    P = CmpInst::FCMP_OGE;
  else if (Cmp == "equ")
    P = CmpInst::FCMP_UEQ;
  else if (Cmp == "neu")
    P = CmpInst::FCMP_UNE;
  else if (Cmp == "ltu")
    P = CmpInst::FCMP_ULT;
  else if (Cmp == "leu")
    P = CmpInst::FCMP_ULE;
  else if (Cmp == "gtu")
    P = CmpInst::FCMP_UGT;
  else if (Cmp == "geu")
    P = CmpInst::FCMP_UGE;
  else if (Cmp == "num")
    P = CmpInst::FCMP_ORD;
  else if (Cmp == "nan")
    P = CmpInst::FCMP_UNO;
  else
    return nullptr;
  return B.CreateFCmp(P, A, C);
}

} // namespace lift

using namespace lift;

namespace {

//===----------------------------------------------------------------------===//
// Element-wise evaluation
//===----------------------------------------------------------------------===//

/// The flags of one floating-point instruction.
struct FloatOp {
  Type T = Type::None;  // the instruction type (f16x2...)
  Type ET = Type::None; // its element type (f16...)
  Rounding R = Rounding::None;
  bool Ftz = false, Sat = false, Approx = false, Relu = false;
};

bool parseFloatOp(FunctionLifter &L, const Instruction &I, FloatOp &Op) {
  Op.T = FunctionLifter::typeOfInstr(I);
  Op.ET = elementType(Op.T);
  Op.R = roundingOf(I);
  Op.Ftz = I.hasModifier("ftz");
  Op.Sat = I.hasModifier("sat");
  Op.Approx = I.hasModifier("approx");
  Op.Relu = I.hasModifier("relu");
  if (Op.T == Type::F32x2)
    return L.unsupported(I, "packed .f32x2 arithmetic (sm_100) is not "
                            "supported");
  if (!isFloatType(Op.T))
    return L.unsupported(I, "unexpected type");
  if (Op.R == Rounding::RNA || Op.R == Rounding::RS)
    return L.unsupported(I, "this rounding modifier");
  if (I.hasModifier("oob") || I.hasModifier("satfinite"))
    return L.unsupported(I, ".oob and .satfinite are not supported");
  return true;
}

/// Reads operands [First, First + N) as \p Op.T and applies \p Fn to each
/// element: f32/f64 values as float/double, 16-bit elements as their i16
/// bits. Writes the result to operand 0.
template <typename F>
bool elementwise(FunctionLifter &L, const Instruction &I, const FloatOp &Op,
                 unsigned First, unsigned N, F Fn) {
  IRBuilder<> &B = L.builder();
  SmallVector<Value *, 4> Args;
  for (unsigned K = 0; K < N; ++K) {
    Value *V = L.read(I, First + K, Op.T);
    if (!V)
      return false;
    Args.push_back(V);
  }
  Value *R;
  if (isPairType(Op.T)) {
    SmallVector<Value *, 4> Lo, Hi;
    for (Value *A : Args) {
      auto [AL, AH] = splitPair(B, A);
      Lo.push_back(AL);
      Hi.push_back(AH);
    }
    Value *RL = Fn(Lo), *RH = Fn(Hi);
    if (!RL || !RH)
      return false;
    R = joinPair(B, RL, RH);
  } else {
    R = Fn(Args);
    if (!R)
      return false;
  }
  return L.write(I, 0, R, Op.T);
}

/// A 16-bit element widened to float, flushed first under .ftz (f16).
Value *widen(FunctionLifter &L, const FloatOp &Op, Value *H) {
  if (Op.Ftz && Op.ET == Type::F16)
    H = flushHalfSubnormal(L.builder(), H);
  return halfToFloat(L, H, Op.ET);
}

/// Float result \p F of a 16-bit operation: .sat, one rounding to the
/// element format, .ftz and .relu on the result.
Value *narrow(FunctionLifter &L, const FloatOp &Op, Value *F) {
  IRBuilder<> &B = L.builder();
  if (Op.Sat)
    F = saturate(B, F);
  Value *H = floatToHalf(L, F, Op.ET, Rounding::RN);
  if (Op.Ftz && Op.ET == Type::F16)
    H = flushHalfSubnormal(B, H);
  return H;
}

/// .relu of a 16-bit result of format \p ET: negative values (and -0)
/// become +0; NaN stays NaN.
Value *reluHalf(IRBuilder<> &B, Value *H, Type ET) {
  Value *Neg = B.CreateICmpSLT(H, B.getInt16(0));
  Value *NaN = B.CreateICmpUGT(B.CreateAnd(H, 0x7fff),
                               B.getInt16(ET == Type::F16 ? 0x7c00 : 0x7f80));
  return sel(B, B.CreateAnd(Neg, B.CreateNot(NaN)), B.getInt16(0), H);
}

/// Flushes (.ftz) an f32 value.
Value *ftz(IRBuilder<> &B, const FloatOp &Op, Value *V) {
  return Op.Ftz && V->getType()->isFloatTy() ? flushSubnormal(B, V) : V;
}

/// .ftz of the f32 result \p R of an operation whose exact result is
/// below (\p Tiny true) or above the magnitude of R: NVIDIA detects
/// tininess before rounding, so an exact result below 2^-126 that rounds
/// to the smallest normal number is flushed too.
Value *flushTiny(IRBuilder<> &B, Value *R, Value *Tiny) {
  Value *Bits = bitsOf(B, R);
  Value *MinNormal =
      B.CreateICmpEQ(B.CreateAnd(Bits, 0x7fffffff), B.getInt32(0x00800000));
  Value *Zero = fromBits(B, B.CreateAnd(Bits, 0x80000000), R->getType());
  return sel(B, B.CreateAnd(MinNormal, Tiny), Zero, R);
}

/// Whether the exact product a*b is smaller in magnitude than its rounded
/// value \p R (meaningful for R = +-2^-126): the sign of |a*b| - |R|,
/// exact in one fma even when it rounds to a zero.
Value *productBelow(FunctionLifter &L, Value *A, Value *C, Value *R) {
  IRBuilder<> &B = L.builder();
  Value *Neg = B.CreateICmpSLT(bitsOf(B, R), B.getInt32(0));
  Value *AA = sel(B, Neg, B.CreateFNeg(A), A);
  Value *AbsR = L.intrinsic(Intrinsic::fabs, {R->getType()}, {R});
  Value *T =
      L.intrinsic(Intrinsic::fma, {R->getType()}, {AA, C, B.CreateFNeg(AbsR)});
  return B.CreateICmpSLT(bitsOf(B, T), B.getInt32(0));
}

/// Whether the exact quotient a/b is smaller in magnitude than its rounded
/// value \p R: the sign of |a| - |R|*|b|, exact in one fma.
Value *quotientBelow(FunctionLifter &L, Value *A, Value *C, Value *R) {
  IRBuilder<> &B = L.builder();
  auto Abs = [&](Value *V) {
    return L.intrinsic(Intrinsic::fabs, {V->getType()}, {V});
  };
  Value *T = L.intrinsic(Intrinsic::fma, {R->getType()},
                         {B.CreateFNeg(Abs(R)), Abs(C), Abs(A)});
  return B.CreateICmpSLT(bitsOf(B, T), B.getInt32(0));
}

/// Whether the exact a*b + c is below 2^-126 in magnitude, for a result
/// \p R that rounded to +-2^-126: the sign is not recoverable from one
/// more fma, so the (rare) case asks the correctly rounded fma toward zero,
/// which never rounds up to 2^-126, in a branch of its own.
Value *fmaBelow(FunctionLifter &L, Value *A, Value *C, Value *D, Value *R) {
  IRBuilder<> &B = L.builder();
  Value *MinNormal = B.CreateICmpEQ(B.CreateAnd(bitsOf(B, R), 0x7fffffff),
                                    B.getInt32(0x00800000));
  BasicBlock *From = B.GetInsertBlock();
  llvm::Function *F = From->getParent();
  BasicBlock *Check = BasicBlock::Create(L.context(), "ftz.tiny", F);
  BasicBlock *Join = BasicBlock::Create(L.context(), "ftz.join", F);
  B.CreateCondBr(MinNormal, Check, Join);
  B.SetInsertPoint(Check);
  Value *Z = callLib(L, "__nv_fmaf_rz", B.getFloatTy(), {A, C, D});
  Value *Tiny = B.CreateICmpULT(B.CreateAnd(bitsOf(B, Z), 0x7fffffff),
                                B.getInt32(0x00800000));
  B.CreateBr(Join);
  B.SetInsertPoint(Join);
  PHINode *Phi = B.CreatePHI(B.getInt1Ty(), 2);
  Phi->addIncoming(B.getFalse(), From);
  Phi->addIncoming(Tiny, Check);
  return Phi;
}

/// The result of an f32/f64 operation: .ftz, then .sat.
Value *finish(IRBuilder<> &B, const FloatOp &Op, Value *V) {
  V = ftz(B, Op, V);
  return Op.Sat ? saturate(B, V) : V;
}

/// A double operation of the software binary64 in mode \p R, on bits.
Value *softDouble(FunctionLifter &L, StringRef Name, ArrayRef<Value *> Args,
                  Rounding R) {
  IRBuilder<> &B = L.builder();
  SmallVector<Value *, 4> Bits;
  for (Value *A : Args)
    Bits.push_back(bitsOf(B, A));
  Bits.push_back(B.getInt32(modeNumber(R)));
  return fromBits(B, callLib(L, Name, B.getInt64Ty(), Bits), B.getDoubleTy());
}

bool directed(Rounding R) {
  return R == Rounding::RZ || R == Rounding::RM || R == Rounding::RP;
}

//===----------------------------------------------------------------------===//
// add, sub, mul, fma, mad, div
//===----------------------------------------------------------------------===//

enum class BinOp { Add, Sub, Mul, Div };

/// a op b for float or double in rounding \p R.
Value *binary(FunctionLifter &L, BinOp K, Value *A, Value *C, Rounding R) {
  IRBuilder<> &B = L.builder();
  bool D = A->getType()->isDoubleTy();
  if (!directed(R)) {
    switch (K) {
    case BinOp::Add:
      return B.CreateFAdd(A, C);
    case BinOp::Sub:
      return B.CreateFSub(A, C);
    case BinOp::Mul:
      return B.CreateFMul(A, C);
    case BinOp::Div:
      return B.CreateFDiv(A, C);
    }
  }
  static const char *const Names[] = {"add", "sub", "mul", "div"};
  StringRef Name = Names[static_cast<int>(K)];
  if (D)
    return softDouble(L, ("__cumetal_d" + Name).str(), {A, C}, R);
  return callLib(L, ("__nv_f" + Name + "_" + libSuffix(R)).str(),
                 B.getFloatTy(), {A, C});
}

} // namespace

namespace lift {

bool liftFloatBinary(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  BinOp K = I.Opcode == "add"   ? BinOp::Add
            : I.Opcode == "sub" ? BinOp::Sub
                                : BinOp::Mul;
  if (isHalfType(Op.ET) && directed(Op.R))
    return L.unsupported(I, "16-bit arithmetic rounds to nearest only");
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, 2, [&](ArrayRef<Value *> A) -> Value * {
    if (isHalfType(Op.ET)) {
      Value *R =
          binary(L, K, widen(L, Op, A[0]), widen(L, Op, A[1]), Rounding::RN);
      Value *H = narrow(L, Op, R);
      return Op.Relu ? reluHalf(B, H, Op.ET) : H;
    }
    Value *X = ftz(B, Op, A[0]), *Y = ftz(B, Op, A[1]);
    Value *R = binary(L, K, X, Y, Op.R);
    if (Op.Ftz && K == BinOp::Mul && R->getType()->isFloatTy())
      R = flushTiny(B, R, productBelow(L, X, Y, R));
    return finish(B, Op, R);
  });
}

bool liftFloatFma(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  if (isHalfType(Op.ET) && directed(Op.R))
    return L.unsupported(I, "16-bit arithmetic rounds to nearest only");
  if (Op.T == Type::F64 && Op.R == Rounding::None && I.Opcode == "fma")
    return L.unsupported(I, "fma.f64 needs a rounding modifier");
  IRBuilder<> &B = L.builder();
  // mad.f32 without a rounding modifier is mad.rn.f32 (fma) on sm_20+.
  return elementwise(L, I, Op, 1, 3, [&](ArrayRef<Value *> A) -> Value * {
    if (isHalfType(Op.ET)) {
      Value *X = A[0], *Y = A[1], *Z = A[2];
      if (Op.Ftz && Op.ET == Type::F16) {
        X = flushHalfSubnormal(B, X);
        Y = flushHalfSubnormal(B, Y);
        Z = flushHalfSubnormal(B, Z);
      }
      Value *H = callLib(
          L, Op.ET == Type::F16 ? "__cumetal_ptx_hfma" : "__cumetal_ptx_bfma",
          B.getInt16Ty(), {X, Y, Z});
      if (Op.Sat)
        H = floatToHalf(L, saturate(B, halfToFloat(L, H, Op.ET)), Op.ET,
                        Rounding::RN);
      if (Op.Ftz && Op.ET == Type::F16)
        H = flushHalfSubnormal(B, H);
      return Op.Relu ? reluHalf(B, H, Op.ET) : H;
    }
    Value *X = ftz(B, Op, A[0]), *Y = ftz(B, Op, A[1]), *Z = ftz(B, Op, A[2]);
    Value *R;
    if (!directed(Op.R))
      R = L.intrinsic(Intrinsic::fma, {X->getType()}, {X, Y, Z});
    else if (X->getType()->isDoubleTy())
      R = softDouble(L, "__cumetal_dfma", {X, Y, Z}, Op.R);
    else
      R = callLib(L, ("__nv_fmaf_" + libSuffix(Op.R)).str(), B.getFloatTy(),
                  {X, Y, Z});
    if (Op.Ftz && Op.R != Rounding::RZ && R->getType()->isFloatTy())
      R = flushTiny(B, R, fmaBelow(L, X, Y, Z, R));
    return finish(B, Op, R);
  });
}

bool liftFloatDiv(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  if (Op.T != Type::F32 && Op.T != Type::F64)
    return L.unsupported(I);
  bool Full = I.hasModifier("full");
  if ((Op.Approx || Full) && Op.T != Type::F32)
    return L.unsupported(I);
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, 2, [&](ArrayRef<Value *> A) -> Value * {
    Value *X = ftz(B, Op, A[0]), *Y = ftz(B, Op, A[1]);
    Value *R;
    if (Op.Approx)
      // a * (1/b), with 0 (NaN for infinite a) for 2^126 < |b| < 2^128.
      R = callLib(L, "__nv_fast_fdividef", B.getFloatTy(), {X, Y});
    else if (Full)
      // A full-range division within 2 ulp: the correctly rounded one.
      R = B.CreateFDiv(X, Y);
    else
      R = binary(L, BinOp::Div, X, Y, Op.R);
    if (Op.Ftz && !Op.Approx && R->getType()->isFloatTy())
      R = flushTiny(B, R, quotientBelow(L, X, Y, R));
    return finish(B, Op, R);
  });
}

//===----------------------------------------------------------------------===//
// abs, neg, min, max
//===----------------------------------------------------------------------===//

bool liftFloatAbsNeg(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  bool Abs = I.Opcode == "abs";
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, 1, [&](ArrayRef<Value *> A) -> Value * {
    // NaN operands: the canonical NaN for f32 and the 16-bit formats, the
    // operand quieted for f64 (as NVIDIA's hardware does).
    Value *V = A[0];
    if (isHalfType(Op.ET)) {
      if (Op.Ftz && Op.ET == Type::F16)
        V = flushHalfSubnormal(B, V);
      Value *R = Abs ? B.CreateAnd(V, 0x7fff) : B.CreateXor(V, 0x8000);
      Value *NaN =
          B.CreateICmpUGT(B.CreateAnd(V, 0x7fff),
                          B.getInt16(Op.ET == Type::F16 ? 0x7c00 : 0x7f80));
      return sel(B, NaN, B.getInt16(0x7fff), R);
    }
    V = ftz(B, Op, V);
    Value *Bits = bitsOf(B, V);
    unsigned W = Bits->getType()->getIntegerBitWidth();
    APInt Sign = APInt::getSignMask(W);
    Value *R = Abs ? B.CreateAnd(Bits, ConstantInt::get(B.getContext(), ~Sign))
                   : B.CreateXor(Bits, ConstantInt::get(B.getContext(), Sign));
    R = fromBits(B, R, V->getType());
    if (V->getType()->isDoubleTy())
      return sel(B, isNaN(B, V), quietNaN(B, V), R);
    return canonicalize(B, R);
  });
}

} // namespace lift

namespace {

/// min/max of two values of one format, given as the operands' bits
/// (\p A, \p C: iN) and their values (\p FA, \p FC: float or double, exact),
/// with PTX's rules: a NaN operand yields the other, two NaNs (or any NaN
/// under .NaN) the canonical NaN \p QNaN, -0 orders below +0.
Value *minMax(IRBuilder<> &B, bool Max, bool PropagateNaN, Value *A, Value *C,
              Value *FA, Value *FC, Value *QNaN) {
  Value *ANaN = isNaN(B, FA), *CNaN = isNaN(B, FC);
  Value *Less = Max ? B.CreateFCmpOGT(FA, FC) : B.CreateFCmpOLT(FA, FC);
  Value *Greater = Max ? B.CreateFCmpOLT(FA, FC) : B.CreateFCmpOGT(FA, FC);
  // Equal values: the same bits, or +0 and -0, where min takes the one
  // with the sign bit and max the one without.
  Value *Eq = Max ? B.CreateAnd(A, C) : B.CreateOr(A, C);
  Value *R = sel(B, Less, A, sel(B, Greater, C, Eq));
  if (PropagateNaN)
    return sel(B, B.CreateOr(ANaN, CNaN), QNaN, R);
  R = sel(B, ANaN, C, sel(B, CNaN, A, R));
  return sel(B, B.CreateAnd(ANaN, CNaN), QNaN, R);
}

} // namespace

namespace lift {

bool liftFloatMinMax(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  bool Max = I.Opcode == "max";
  bool NaNMode = I.hasModifier("NaN");
  bool AbsMode = I.hasModifier("abs");
  bool XorSign = I.hasModifier("xorsign");
  unsigned N = I.Operands.size() == 4 ? 3 : 2;
  if (XorSign && (!AbsMode || N == 3))
    return L.unsupported(I, ".xorsign needs .abs and two operands");
  if (Op.T == Type::F64 && (NaNMode || AbsMode || Op.Ftz))
    return L.unsupported(I);
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, N, [&](ArrayRef<Value *> Args) -> Value * {
    bool Half = isHalfType(Op.ET);
    SmallVector<Value *, 3> Bits, Vals;
    for (Value *A : Args) {
      Value *V = A;
      if (Half) {
        if (Op.Ftz && Op.ET == Type::F16)
          V = flushHalfSubnormal(B, V);
      } else {
        V = bitsOf(B, ftz(B, Op, V));
      }
      Bits.push_back(V);
    }
    unsigned W = Bits[0]->getType()->getIntegerBitWidth();
    APInt SignMask = APInt::getSignMask(W);
    Value *Sign = nullptr;
    if (XorSign)
      Sign = B.CreateAnd(B.CreateXor(Bits[0], Bits[1]),
                         ConstantInt::get(B.getContext(), SignMask));
    if (AbsMode)
      for (Value *&V : Bits)
        V = B.CreateAnd(V, ConstantInt::get(B.getContext(), ~SignMask));
    llvm::Type *FT = Half ? B.getFloatTy() : Args[0]->getType();
    for (Value *V : Bits)
      Vals.push_back(Half ? halfToFloat(L, V, Op.ET) : fromBits(B, V, FT));
    // Two NaNs: the canonical NaN, except for f64, where NVIDIA's hardware
    // returns the first operand quieted.
    Value *QNaN = Half ? static_cast<Value *>(B.getInt16(0x7fff))
                  : FT->isDoubleTy()
                      ? B.CreateOr(Bits[0], B.getInt64(0x0008000000000000ULL))
                      : bitsOf(B, canonicalNaN(FT));
    Value *R =
        minMax(B, Max, NaNMode, Bits[0], Bits[1], Vals[0], Vals[1], QNaN);
    if (N == 3) {
      Value *FR = Half ? halfToFloat(L, R, Op.ET) : fromBits(B, R, FT);
      R = minMax(B, Max, NaNMode, R, Bits[2], FR, Vals[2], QNaN);
    }
    Value *FR = Half ? halfToFloat(L, R, Op.ET) : fromBits(B, R, FT);
    if (XorSign)
      R = sel(B, isNaN(B, FR), R, B.CreateOr(R, Sign));
    if (Op.Relu)
      R = sel(B, B.CreateICmpSLT(R, ConstantInt::get(R->getType(), 0)),
              sel(B, isNaN(B, FR), R, ConstantInt::get(R->getType(), 0)), R);
    return Half ? R : fromBits(B, R, FT);
  });
}

} // namespace lift

namespace {

//===----------------------------------------------------------------------===//
// rcp, sqrt, rsqrt and the approximate functions
//===----------------------------------------------------------------------===//

bool liftRcp(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  if (Op.T != Type::F32 && Op.T != Type::F64)
    return L.unsupported(I);
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, 1, [&](ArrayRef<Value *> A) -> Value * {
    Value *X = A[0];
    llvm::Type *T = X->getType();
    if (T->isDoubleTy() && Op.Approx) {
      // rcp.approx.ftz.f64: NVIDIA computes from the upper 32 bits of x
      // and leaves the lower 32 bits of the result zero; a reciprocal
      // truncated to those bits is within its documented error.
      if (Op.Ftz)
        X = flushSubnormal(B, X);
      Value *R = bitsOf(B, B.CreateFDiv(ConstantFP::get(T, 1.0), X));
      Value *Trunc =
          fromBits(B, B.CreateAnd(R, B.getInt64(0xffffffff00000000ULL)), T);
      if (Op.Ftz)
        Trunc = flushSubnormal(B, Trunc);
      // Keep NaN results NaN after the truncation.
      return sel(B, isNaN(B, X), canonicalNaN(T), Trunc);
    }
    X = ftz(B, Op, X);
    Value *R;
    if (Op.Approx || !directed(Op.R))
      R = B.CreateFDiv(ConstantFP::get(T, 1.0), X);
    else if (T->isDoubleTy())
      R = softDouble(L, "__cumetal_ddiv", {ConstantFP::get(T, 1.0), X}, Op.R);
    else
      R = callLib(L, ("__nv_frcp_" + libSuffix(Op.R)).str(), T, {X});
    if (Op.Ftz && !Op.Approx && T->isFloatTy())
      R = flushTiny(B, R, quotientBelow(L, ConstantFP::get(T, 1.0), X, R));
    return finish(B, Op, R);
  });
}

bool liftSqrt(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  if (Op.T != Type::F32 && Op.T != Type::F64)
    return L.unsupported(I);
  if (Op.Approx && Op.T == Type::F64)
    return L.unsupported(I);
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, 1, [&](ArrayRef<Value *> A) -> Value * {
    Value *X = ftz(B, Op, A[0]);
    llvm::Type *T = X->getType();
    Value *R;
    if (Op.Approx)
      R = callLib(L, "__nv_fast_sqrtf", T, {X});
    else if (!directed(Op.R))
      R = L.intrinsic(Intrinsic::sqrt, {T}, {X});
    else if (T->isDoubleTy())
      R = softDouble(L, "__cumetal_dsqrt", {X}, Op.R);
    else
      R = callLib(L, ("__nv_fsqrt_" + libSuffix(Op.R)).str(), T, {X});
    return finish(B, Op, R);
  });
}

/// rsqrt, ex2, lg2, sin, cos, tanh: approximate functions of one operand.
bool liftApprox(FunctionLifter &L, const Instruction &I) {
  FloatOp Op;
  if (!parseFloatOp(L, I, Op))
    return false;
  StringRef Opc = I.Opcode;
  if (!Op.Approx)
    return L.unsupported(I, "'" + Opc + "' needs .approx");
  bool HalfOK = Opc == "ex2" || Opc == "tanh";
  if (isHalfType(Op.ET) && !HalfOK)
    return L.unsupported(I);
  if (Op.T == Type::F64 && Opc != "rsqrt")
    return L.unsupported(I);
  StringRef Fn = StringSwitch<StringRef>(Opc)
                     .Case("rsqrt", "__nv_fast_rsqrtf")
                     .Case("ex2", "__nv_fast_exp2f")
                     .Case("lg2", "__nv_fast_log2f")
                     .Case("sin", "__nv_fast_sinf")
                     .Case("cos", "__nv_fast_cosf")
                     .Case("tanh", "__nv_fast_tanhf")
                     .Default("");
  IRBuilder<> &B = L.builder();
  return elementwise(L, I, Op, 1, 1, [&](ArrayRef<Value *> A) -> Value * {
    if (isHalfType(Op.ET)) {
      // ex2.approx.f16/bf16, tanh.approx.f16/bf16: the float function
      // rounded to the format.
      Value *F = callLib(L, Fn, B.getFloatTy(), {widen(L, Op, A[0])});
      return narrow(L, Op, F);
    }
    Value *X = A[0];
    if (X->getType()->isDoubleTy()) {
      // rsqrt.approx.f64: 1/sqrt(x) in double.
      if (Op.Ftz)
        X = flushSubnormal(B, X);
      Value *S = L.intrinsic(Intrinsic::sqrt, {X->getType()}, {X});
      return B.CreateFDiv(ConstantFP::get(X->getType(), 1.0), S);
    }
    return finish(B, Op, callLib(L, Fn, B.getFloatTy(), {ftz(B, Op, X)}));
  });
}

//===----------------------------------------------------------------------===//
// testp, copysign
//===----------------------------------------------------------------------===//

bool liftTestp(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (T != Type::F32 && T != Type::F64)
    return L.unsupported(I);
  Value *V = L.read(I, 1, T);
  if (!V)
    return false;
  IRBuilder<> &B = L.builder();
  bool D = T == Type::F64;
  Value *Bits = bitsOf(B, V);
  llvm::Type *IT = Bits->getType();
  Value *Mag = B.CreateAnd(
      Bits, ConstantInt::get(IT, D ? 0x7fffffffffffffffULL : 0x7fffffffULL));
  Constant *Inf =
      ConstantInt::get(IT, D ? 0x7ff0000000000000ULL : 0x7f800000ULL);
  Constant *MinNormal =
      ConstantInt::get(IT, D ? 0x0010000000000000ULL : 0x00800000ULL);
  Constant *Zero = ConstantInt::get(IT, 0);
  Value *R = nullptr;
  for (const Modifier &M : I.Modifiers) {
    if (M.Kind != ModifierKind::Operation)
      continue;
    if (M.Name == "finite")
      R = B.CreateICmpULT(Mag, Inf);
    else if (M.Name == "infinite")
      R = B.CreateICmpEQ(Mag, Inf);
    else if (M.Name == "number")
      R = B.CreateICmpULE(Mag, Inf);
    else if (M.Name == "notanumber")
      R = B.CreateICmpUGT(Mag, Inf);
    else if (M.Name == "normal")
      // Zeros count as normal numbers (PTX ISA, testp).
      R = B.CreateOr(B.CreateAnd(B.CreateICmpUGE(Mag, MinNormal),
                                 B.CreateICmpULT(Mag, Inf)),
                     B.CreateICmpEQ(Mag, Zero));
    else if (M.Name == "subnormal")
      R = B.CreateAnd(B.CreateICmpNE(Mag, Zero),
                      B.CreateICmpULT(Mag, MinNormal));
  }
  if (!R)
    return L.unsupported(I, "testp needs an operation");
  return L.write(I, 0, R, Type::Pred);
}

bool liftCopysign(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (T != Type::F32 && T != Type::F64)
    return L.unsupported(I);
  Value *A = L.read(I, 1, T), *C = L.read(I, 2, T);
  if (!A || !C)
    return false;
  IRBuilder<> &B = L.builder();
  // d = the magnitude of b with the sign of a.
  Value *AB = bitsOf(B, A), *CB = bitsOf(B, C);
  unsigned W = AB->getType()->getIntegerBitWidth();
  APInt Sign = APInt::getSignMask(W);
  Value *R =
      B.CreateOr(B.CreateAnd(CB, ConstantInt::get(B.getContext(), ~Sign)),
                 B.CreateAnd(AB, ConstantInt::get(B.getContext(), Sign)));
  return L.write(I, 0, fromBits(B, R, A->getType()), T);
}

bool liftFma(FunctionLifter &L, const Instruction &I) {
  return liftFloatFma(L, I);
}

} // namespace

void addFloatInstructions(LiftTable &T) {
  T.add("fma", liftFma);
  T.add("rcp", liftRcp);
  T.add("sqrt", liftSqrt);
  T.add("rsqrt", liftApprox);
  T.add("ex2", liftApprox);
  T.add("lg2", liftApprox);
  T.add("sin", liftApprox);
  T.add("cos", liftApprox);
  T.add("tanh", liftApprox);
  T.add("testp", liftTestp);
  T.add("copysign", liftCopysign);
}

} // namespace ptx
} // namespace cumetal

//===- ptx/LiftArithmetic.cpp - Lifting PTX integer and logic instructions ===//
//
// The integer arithmetic, comparison, selection, logic and shift
// instructions of PTX ISA 9.0 (§9.7.1, §9.7.2, §9.7.5-§9.7.8) and the SIMD
// video instructions nvcc's device library emits (§9.7.18.2), with PTX's
// exact semantics where LLVM's differ:
//   - shifts by the type's width or more give 0 (sign fill for signed shr),
//     where LLVM's would be poison; funnel shifts clamp or wrap;
//   - division and remainder by zero, and INT_MIN / -1, are guarded (PTX
//     leaves the result unspecified; LLVM's would be undefined behaviour):
//     x / 0 and x % 0 are all ones (as NVIDIA's hardware gives), INT_MIN /
//     -1 wraps to INT_MIN with remainder 0;
//   - the carry chains (add.cc, addc, sub.cc, subc, mad.cc, madc) keep the
//     condition-code carry flag in an i1 variable of the function;
//   - mul.hi of 32 and 64 bits calls __nv_umulhi/__nv_mul64hi..., which the
//     AIR lowering maps to air.mul_hi; bfe, bfi, bfind, fns, prmt (all
//     modes), lop3 (also its predicate form), dp4a/dp2a, sad, mul24/mad24,
//     szext and bmsk are spelled out in plain integer IR;
//   - setp/set compare integers or floats (unordered comparisons, .ftz,
//     16-bit formats through float), combine with a predicate (.and, .or,
//     .xor) and write `%p|%q` pairs.
// Opcodes shared with floating point (add, sub, mul, mad, div, abs, neg,
// min, max) forward float instruction types to LiftFloat.cpp.
//
//===----------------------------------------------------------------------===//

#include "ptx/LiftHelpers.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

using namespace lift;

namespace {

/// The integer width of \p T (16x2 and 8x4 packings count as 32).
unsigned widthOf(Type T) { return typeBits(T); }

bool isPackedInt(Type T) {
  return T == Type::U16x2 || T == Type::S16x2 || T == Type::U8x4 ||
         T == Type::S8x4;
}
bool packedSigned(Type T) { return T == Type::S16x2 || T == Type::S8x4; }
unsigned laneBits(Type T) {
  return T == Type::U16x2 || T == Type::S16x2 ? 16 : 8;
}

/// Reads operands [First, First + N) as \p T; empty after an error.
SmallVector<Value *, 4> readAll(FunctionLifter &L, const Instruction &I,
                                unsigned First, unsigned N, Type T) {
  SmallVector<Value *, 4> Out;
  for (unsigned K = 0; K < N; ++K) {
    Value *V = L.read(I, First + K, T);
    if (!V)
      return {};
    Out.push_back(V);
  }
  return Out;
}

Value *constInt(Value *Like, uint64_t V) {
  return ConstantInt::get(Like->getType(), V);
}

/// \p R | \p V, or V alone when R is null: bitwise assemblies start from
/// their first part, not from a zero (an `or` with a constant zero would
/// look like null-pointer arithmetic to RecoverPointers).
Value *orInto(IRBuilder<> &B, Value *R, Value *V) {
  return R ? B.CreateOr(R, V) : V;
}

/// Applies \p Fn to each lane of packed integer operands (lane values
/// given at their lane width) and packs the results.
template <typename F>
Value *perLane(IRBuilder<> &B, Type T, ArrayRef<Value *> Args, F Fn) {
  unsigned LB = laneBits(T), Lanes = 32 / LB;
  Value *R = nullptr;
  for (unsigned K = 0; K < Lanes; ++K) {
    SmallVector<Value *, 3> LaneArgs;
    for (Value *A : Args)
      LaneArgs.push_back(
          B.CreateTrunc(B.CreateLShr(A, K * LB), B.getIntNTy(LB)));
    Value *V = Fn(LaneArgs);
    R = orInto(B, R, B.CreateShl(B.CreateZExt(V, B.getInt32Ty()), K * LB));
  }
  return R;
}

/// The i1 variable holding the condition-code carry flag of the current
/// function, created (false) in the entry block on first use.
Value *carryFlag(FunctionLifter &L) {
  IRBuilder<> &B = L.builder();
  llvm::Function *F = B.GetInsertBlock()->getParent();
  BasicBlock &Entry = F->getEntryBlock();
  for (llvm::Instruction &Inst : Entry)
    if (auto *A = dyn_cast<AllocaInst>(&Inst))
      if (A->getName() == "ptx.cc.cf")
        return A;
  IRBuilder<> EB(&Entry, Entry.begin());
  AllocaInst *A = EB.CreateAlloca(B.getInt1Ty(), nullptr, "ptx.cc.cf");
  EB.SetInsertPoint(Entry.getTerminator());
  EB.CreateStore(B.getFalse(), A);
  return A;
}

Value *loadCarry(FunctionLifter &L) {
  return L.builder().CreateLoad(L.builder().getInt1Ty(), carryFlag(L));
}

void storeCarry(FunctionLifter &L, Value *C) {
  L.builder().CreateStore(C, carryFlag(L));
}

/// a + b + cin, with the carry out written to the flag when \p SetCC.
Value *addWithCarry(FunctionLifter &L, Value *A, Value *C, Value *CarryIn,
                    bool SetCC) {
  IRBuilder<> &B = L.builder();
  Value *S = B.CreateAdd(A, C);
  Value *Out = B.CreateICmpULT(S, A);
  if (CarryIn) {
    Value *S2 = B.CreateAdd(S, B.CreateZExt(CarryIn, S->getType()));
    Out = B.CreateOr(Out, B.CreateICmpULT(S2, S));
    S = S2;
  }
  if (SetCC)
    storeCarry(L, Out);
  return S;
}

/// a - b - bin, with the borrow out written to the flag when \p SetCC.
Value *subWithBorrow(FunctionLifter &L, Value *A, Value *C, Value *BorrowIn,
                     bool SetCC) {
  IRBuilder<> &B = L.builder();
  Value *D = B.CreateSub(A, C);
  Value *Out = B.CreateICmpULT(A, C);
  if (BorrowIn) {
    Value *D2 = B.CreateSub(D, B.CreateZExt(BorrowIn, D->getType()));
    Out = B.CreateOr(Out,
                     B.CreateICmpULT(D, B.CreateZExt(BorrowIn, D->getType())));
    D = D2;
  }
  if (SetCC)
    storeCarry(L, Out);
  return D;
}

//===----------------------------------------------------------------------===//
// add, sub, mul, mad, mul24, mad24, sad, div, rem
//===----------------------------------------------------------------------===//

bool liftAddSub(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (isFloatType(T) || T == Type::F32x2)
    return liftFloatBinary(L, I);
  bool Sub = I.Opcode == "sub" || I.Opcode == "subc";
  bool Chained = I.Opcode == "addc" || I.Opcode == "subc";
  bool SetCC = I.hasModifier("cc");
  bool Sat = I.hasModifier("sat");
  IRBuilder<> &B = L.builder();
  auto Args = readAll(L, I, 1, 2, T);
  if (Args.empty())
    return false;
  Value *R;
  if (isPackedInt(T)) {
    if (SetCC || Chained)
      return L.unsupported(I);
    bool S = packedSigned(T);
    R = perLane(B, T, Args, [&](ArrayRef<Value *> A) -> Value * {
      if (Sat)
        return L.intrinsic(
            Sub ? (S ? Intrinsic::ssub_sat : Intrinsic::usub_sat)
                : (S ? Intrinsic::sadd_sat : Intrinsic::uadd_sat),
            {A[0]->getType()}, {A[0], A[1]});
      return Sub ? B.CreateSub(A[0], A[1]) : B.CreateAdd(A[0], A[1]);
    });
  } else if (SetCC || Chained) {
    Value *In = Chained ? loadCarry(L) : nullptr;
    R = Sub ? subWithBorrow(L, Args[0], Args[1], In, SetCC)
            : addWithCarry(L, Args[0], Args[1], In, SetCC);
  } else if (Sat) {
    if (T != Type::S32)
      return L.unsupported(I, ".sat needs .s32");
    R = L.intrinsic(Sub ? Intrinsic::ssub_sat : Intrinsic::sadd_sat,
                    {Args[0]->getType()}, {Args[0], Args[1]});
  } else {
    R = Sub ? B.CreateSub(Args[0], Args[1]) : B.CreateAdd(Args[0], Args[1]);
  }
  return L.write(I, 0, R, T);
}

/// The high half of the product of two W-bit integers.
Value *mulHi(FunctionLifter &L, Value *A, Value *C, bool Signed) {
  IRBuilder<> &B = L.builder();
  unsigned W = A->getType()->getIntegerBitWidth();
  if (W == 32 || W == 64) {
    // air.mul_hi through the AIR lowering's __nv_ mapping.
    const char *Name = W == 32 ? (Signed ? "__nv_mulhi" : "__nv_umulhi")
                               : (Signed ? "__nv_mul64hi" : "__nv_umul64hi");
    return callLib(L, Name, A->getType(), {A, C});
  }
  llvm::Type *Wide = B.getIntNTy(2 * W);
  Value *P = Signed ? B.CreateMul(B.CreateSExt(A, Wide), B.CreateSExt(C, Wide))
                    : B.CreateMul(B.CreateZExt(A, Wide), B.CreateZExt(C, Wide));
  return B.CreateTrunc(B.CreateLShr(P, W), A->getType());
}

enum class MulMode { Lo, Hi, Wide };

MulMode mulModeOf(const Instruction &I) {
  if (I.hasModifier("hi"))
    return MulMode::Hi;
  if (I.hasModifier("wide"))
    return MulMode::Wide;
  return MulMode::Lo;
}

bool liftMul(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (isFloatType(T) || T == Type::F32x2)
    return liftFloatBinary(L, I);
  IRBuilder<> &B = L.builder();
  auto Args = readAll(L, I, 1, 2, T);
  if (Args.empty())
    return false;
  bool S = isSigned(T);
  switch (mulModeOf(I)) {
  case MulMode::Lo:
    return L.write(I, 0, B.CreateMul(Args[0], Args[1]), T);
  case MulMode::Hi:
    return L.write(I, 0, mulHi(L, Args[0], Args[1], S), T);
  case MulMode::Wide: {
    Type WT = doubleWidth(T);
    if (WT == Type::None)
      return L.unsupported(I);
    llvm::Type *Wide = L.typeOf(WT);
    Value *X = S ? B.CreateSExt(Args[0], Wide) : B.CreateZExt(Args[0], Wide);
    Value *Y = S ? B.CreateSExt(Args[1], Wide) : B.CreateZExt(Args[1], Wide);
    return L.write(I, 0, B.CreateMul(X, Y), WT);
  }
  }
  return false;
}

bool liftMad(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (isFloatType(T) || T == Type::F32x2)
    return liftFloatFma(L, I);
  IRBuilder<> &B = L.builder();
  bool S = isSigned(T);
  bool Sat = I.hasModifier("sat");
  bool Chained = I.Opcode == "madc";
  bool SetCC = I.hasModifier("cc");
  MulMode M = mulModeOf(I);
  auto AB = readAll(L, I, 1, 2, T);
  if (AB.empty())
    return false;
  if (M == MulMode::Wide) {
    Type WT = doubleWidth(T);
    if (WT == Type::None || Sat || SetCC || Chained)
      return L.unsupported(I);
    Value *C = L.read(I, 3, WT);
    if (!C)
      return false;
    llvm::Type *Wide = L.typeOf(WT);
    Value *X = S ? B.CreateSExt(AB[0], Wide) : B.CreateZExt(AB[0], Wide);
    Value *Y = S ? B.CreateSExt(AB[1], Wide) : B.CreateZExt(AB[1], Wide);
    return L.write(I, 0, B.CreateAdd(B.CreateMul(X, Y), C), WT);
  }
  Value *C = L.read(I, 3, T);
  if (!C)
    return false;
  Value *P =
      M == MulMode::Hi ? mulHi(L, AB[0], AB[1], S) : B.CreateMul(AB[0], AB[1]);
  Value *R;
  if (Sat) {
    if (T != Type::S32 || M != MulMode::Hi || SetCC || Chained)
      return L.unsupported(I, ".sat needs mad.hi.s32");
    R = L.intrinsic(Intrinsic::sadd_sat, {P->getType()}, {P, C});
  } else if (SetCC || Chained) {
    R = addWithCarry(L, P, C, Chained ? loadCarry(L) : nullptr, SetCC);
  } else {
    R = B.CreateAdd(P, C);
  }
  return L.write(I, 0, R, T);
}

/// mul24/mad24: the product of the low 24 bits (sign-extended for .s32),
/// .lo its low 32 bits, .hi bits 47..16.
Value *mul24(IRBuilder<> &B, Value *A, Value *C, bool Signed, bool Hi) {
  auto Low24 = [&](Value *V) {
    Value *X =
        Signed ? B.CreateAShr(B.CreateShl(V, 8), 8) : B.CreateAnd(V, 0xffffff);
    return Signed ? B.CreateSExt(X, B.getInt64Ty())
                  : B.CreateZExt(X, B.getInt64Ty());
  };
  Value *P = B.CreateMul(Low24(A), Low24(C));
  if (Hi)
    P = B.CreateLShr(P, 16);
  return B.CreateTrunc(P, B.getInt32Ty());
}

bool liftMul24(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  bool Mad = I.Opcode == "mad24";
  auto Args = readAll(L, I, 1, Mad ? 3 : 2, T);
  if (Args.empty())
    return false;
  IRBuilder<> &B = L.builder();
  bool Hi = I.hasModifier("hi");
  Value *R = mul24(B, Args[0], Args[1], isSigned(T), Hi);
  if (Mad) {
    if (I.hasModifier("sat")) {
      if (T != Type::S32 || !Hi)
        return L.unsupported(I, ".sat needs mad24.hi.s32");
      R = L.intrinsic(Intrinsic::sadd_sat, {R->getType()}, {R, Args[2]});
    } else {
      R = B.CreateAdd(R, Args[2]);
    }
  }
  return L.write(I, 0, R, T);
}

bool liftSad(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  auto Args = readAll(L, I, 1, 3, T);
  if (Args.empty())
    return false;
  IRBuilder<> &B = L.builder();
  Value *Lt = isSigned(T) ? B.CreateICmpSLT(Args[0], Args[1])
                          : B.CreateICmpULT(Args[0], Args[1]);
  Value *D =
      sel(B, Lt, B.CreateSub(Args[1], Args[0]), B.CreateSub(Args[0], Args[1]));
  return L.write(I, 0, B.CreateAdd(Args[2], D), T);
}

bool liftDivRem(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (isFloatType(T))
    return liftFloatDiv(L, I);
  auto Args = readAll(L, I, 1, 2, T);
  if (Args.empty())
    return false;
  IRBuilder<> &B = L.builder();
  Value *A = Args[0], *C = Args[1];
  bool Rem = I.Opcode == "rem";
  Value *Zero = constInt(A, 0), *One = constInt(A, 1);
  Value *AllOnes = Constant::getAllOnesValue(A->getType());
  Value *ByZero = B.CreateICmpEQ(C, Zero);
  Value *R;
  if (!isSigned(T)) {
    Value *Safe = sel(B, ByZero, One, C);
    R = Rem ? B.CreateURem(A, Safe) : B.CreateUDiv(A, Safe);
  } else {
    Value *ByMinusOne = B.CreateICmpEQ(C, AllOnes);
    Value *Safe = sel(B, B.CreateOr(ByZero, ByMinusOne), One, C);
    R = Rem ? B.CreateSRem(A, Safe) : B.CreateSDiv(A, Safe);
    // x / -1 = -x (INT_MIN / -1 wraps to INT_MIN), x % -1 = 0.
    R = sel(B, ByMinusOne, Rem ? Zero : B.CreateNeg(A), R);
  }
  // PTX leaves division by zero unspecified; NVIDIA's hardware gives all
  // ones for the quotient and the remainder, signed or not.
  R = sel(B, ByZero, AllOnes, R);
  return L.write(I, 0, R, T);
}

//===----------------------------------------------------------------------===//
// abs, neg, min, max
//===----------------------------------------------------------------------===//

bool liftAbsNeg(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (isFloatType(T))
    return liftFloatAbsNeg(L, I);
  IRBuilder<> &B = L.builder();
  Value *A = L.read(I, 1, T);
  if (!A)
    return false;
  bool Abs = I.Opcode == "abs";
  auto Op = [&](Value *V) -> Value * {
    Value *N = B.CreateNeg(V);
    if (!Abs)
      return N;
    return sel(B, B.CreateICmpSLT(V, constInt(V, 0)), N, V);
  };
  Value *R;
  if (isPackedInt(T))
    R = perLane(B, T, {A}, [&](ArrayRef<Value *> X) { return Op(X[0]); });
  else
    R = Op(A);
  return L.write(I, 0, R, T);
}

bool liftMinMax(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  if (isFloatType(T))
    return liftFloatMinMax(L, I);
  IRBuilder<> &B = L.builder();
  bool Max = I.Opcode == "max";
  bool Relu = I.hasModifier("relu");
  unsigned N = I.Operands.size() == 4 ? 3 : 2;
  auto Args = readAll(L, I, 1, N, T);
  if (Args.empty())
    return false;
  bool S = isPackedInt(T) ? packedSigned(T) : isSigned(T);
  if (Relu && !S)
    return L.unsupported(I, ".relu needs a signed type");
  auto Op = [&](ArrayRef<Value *> X) -> Value * {
    Value *R = X[0];
    for (unsigned K = 1; K < X.size(); ++K) {
      Value *C = X[K];
      Value *Pick = Max ? (S ? B.CreateICmpSGT(C, R) : B.CreateICmpUGT(C, R))
                        : (S ? B.CreateICmpSLT(C, R) : B.CreateICmpULT(C, R));
      R = sel(B, Pick, C, R);
    }
    if (Relu)
      R = sel(B, B.CreateICmpSLT(R, constInt(R, 0)), constInt(R, 0), R);
    return R;
  };
  Value *R = isPackedInt(T) ? perLane(B, T, Args, Op) : Op(Args);
  return L.write(I, 0, R, T);
}

//===----------------------------------------------------------------------===//
// Bit manipulation: popc, clz, bfind, fns, brev, bfe, bfi, szext, bmsk
//===----------------------------------------------------------------------===//

bool liftPopcClz(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *A = L.read(I, 1, T);
  if (!A)
    return false;
  IRBuilder<> &B = L.builder();
  Value *R =
      I.Opcode == "popc"
          ? L.intrinsic(Intrinsic::ctpop, {A->getType()}, {A})
          : L.intrinsic(Intrinsic::ctlz, {A->getType()}, {A, B.getFalse()});
  return L.write(I, 0, B.CreateZExtOrTrunc(R, B.getInt32Ty()), Type::U32);
}

bool liftBfind(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *A = L.read(I, 1, T);
  if (!A)
    return false;
  IRBuilder<> &B = L.builder();
  unsigned W = widthOf(T);
  // Signed: the most significant bit that differs from the sign.
  Value *X = isSigned(T)
                 ? sel(B, B.CreateICmpSLT(A, constInt(A, 0)), B.CreateNot(A), A)
                 : A;
  Value *Lz = B.CreateZExtOrTrunc(
      L.intrinsic(Intrinsic::ctlz, {X->getType()}, {X, B.getFalse()}),
      B.getInt32Ty());
  Value *None = B.CreateICmpEQ(X, constInt(X, 0));
  Value *R =
      I.hasModifier("shiftamt") ? Lz : B.CreateSub(B.getInt32(W - 1), Lz);
  R = sel(B, None, B.getInt32(0xffffffff), R);
  return L.write(I, 0, R, Type::U32);
}

/// The position of the K-th (K >= 1) set bit of \p M counting from bit 0,
/// or -1 when M has fewer set bits: a binary search on popcounts.
Value *nthSetBit(FunctionLifter &L, Value *M, Value *K) {
  IRBuilder<> &B = L.builder();
  auto Popc = [&](Value *V) {
    return L.intrinsic(Intrinsic::ctpop, {V->getType()}, {V});
  };
  Value *Missing = B.CreateICmpULT(Popc(M), K);
  Value *Pos = B.getInt32(0);
  for (unsigned Width = 16; Width >= 1; Width /= 2) {
    Value *Low = B.CreateAnd(B.CreateLShr(M, Pos), (1u << Width) - 1);
    Value *C = Popc(Low);
    Value *Up = B.CreateICmpULT(C, K);
    K = sel(B, Up, B.CreateSub(K, C), K);
    Pos = sel(B, Up, B.CreateAdd(Pos, B.getInt32(Width)), Pos);
  }
  return sel(B, Missing, B.getInt32(0xffffffff), Pos);
}

bool liftFns(FunctionLifter &L, const Instruction &I) {
  Value *Mask = L.read(I, 1, Type::B32), *Base = L.read(I, 2, Type::U32),
        *Off = L.read(I, 3, Type::S32);
  if (!Mask || !Base || !Off)
    return false;
  IRBuilder<> &B = L.builder();
  Value *None = B.getInt32(0xffffffff);
  Value *InRange = B.CreateICmpULT(Base, B.getInt32(32));
  Value *SafeBase = B.CreateAnd(Base, 31);
  // offset 0: the base bit itself.
  Value *BaseSet = B.CreateICmpNE(B.CreateAnd(B.CreateLShr(Mask, SafeBase), 1),
                                  B.getInt32(0));
  Value *AtBase = sel(B, BaseSet, SafeBase, None);
  Value *Neg = B.CreateICmpSLT(Off, B.getInt32(0));
  Value *K = sel(B, Neg, B.CreateNeg(Off), Off); // |offset|, unsigned
  // Upward: the K-th set bit at or above base.
  Value *Above =
      B.CreateAnd(Mask, B.CreateShl(B.getInt32(0xffffffff), SafeBase));
  Value *Up = nthSetBit(L, Above, K);
  // Downward: the K-th set bit at or below base, searched in the reversed
  // mask (bit i of it is bit 31 - i of the mask).
  Value *Below =
      B.CreateAnd(Mask, B.CreateLShr(B.getInt32(0xffffffff),
                                     B.CreateSub(B.getInt32(31), SafeBase)));
  Value *Rev = L.intrinsic(Intrinsic::bitreverse, {B.getInt32Ty()}, {Below});
  Value *DownRev = nthSetBit(L, Rev, K);
  Value *Down = sel(B, B.CreateICmpEQ(DownRev, None), None,
                    B.CreateSub(B.getInt32(31), DownRev));
  Value *R =
      sel(B, B.CreateICmpEQ(Off, B.getInt32(0)), AtBase, sel(B, Neg, Down, Up));
  R = sel(B, InRange, R, None);
  return L.write(I, 0, R, Type::B32);
}

bool liftBrev(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *A = L.read(I, 1, T);
  if (!A)
    return false;
  return L.write(I, 0, L.intrinsic(Intrinsic::bitreverse, {A->getType()}, {A}),
                 T);
}

bool liftBfe(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *A = L.read(I, 1, T);
  Value *PosV = L.read(I, 2, Type::U32), *LenV = L.read(I, 3, Type::U32);
  if (!A || !PosV || !LenV)
    return false;
  IRBuilder<> &B = L.builder();
  unsigned W = widthOf(T);
  llvm::Type *IT = A->getType();
  bool S = isSigned(T);
  // Position and length are bits 7..0 of their operands.
  Value *Pos = B.CreateZExtOrTrunc(B.CreateAnd(PosV, 0xff), IT);
  Value *Len = B.CreateZExtOrTrunc(B.CreateAnd(LenV, 0xff), IT);
  Value *WC = ConstantInt::get(IT, W);
  Value *PosBig = B.CreateICmpUGE(Pos, WC);
  Value *SafePos = sel(B, PosBig, ConstantInt::get(IT, W - 1), Pos);
  // The field starting at pos, filled above the msb with the sign (or 0).
  Value *X = S ? B.CreateAShr(A, SafePos) : B.CreateLShr(A, SafePos);
  if (!S)
    X = sel(B, PosBig, ConstantInt::get(IT, 0), X);
  Value *LenSmall = B.CreateICmpULT(Len, WC);
  Value *SafeLen =
      sel(B, B.CreateAnd(LenSmall, B.CreateICmpNE(Len, constInt(Len, 0))), Len,
          ConstantInt::get(IT, 1));
  Value *Sh = B.CreateSub(WC, SafeLen); // 1..W-1
  Value *Field = S ? B.CreateAShr(B.CreateShl(X, Sh), Sh)
                   : B.CreateLShr(B.CreateShl(X, Sh), Sh);
  Value *R = sel(B, LenSmall, Field, X);
  R = sel(B, B.CreateICmpEQ(Len, constInt(Len, 0)), constInt(Len, 0), R);
  return L.write(I, 0, R, T);
}

bool liftBfi(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *F = L.read(I, 1, T), *Base = L.read(I, 2, T);
  Value *PosV = L.read(I, 3, Type::U32), *LenV = L.read(I, 4, Type::U32);
  if (!F || !Base || !PosV || !LenV)
    return false;
  IRBuilder<> &B = L.builder();
  unsigned W = widthOf(T);
  llvm::Type *IT = F->getType();
  Value *Pos = B.CreateZExtOrTrunc(B.CreateAnd(PosV, 0xff), IT);
  Value *Len = B.CreateZExtOrTrunc(B.CreateAnd(LenV, 0xff), IT);
  Value *WC = ConstantInt::get(IT, W);
  Value *Keep = B.CreateOr(B.CreateICmpEQ(Len, constInt(Len, 0)),
                           B.CreateICmpUGE(Pos, WC));
  Value *SafePos = sel(B, Keep, constInt(Pos, 0), Pos);
  Value *LenBig = B.CreateICmpUGE(Len, WC);
  Value *SafeLen = sel(B, LenBig, constInt(Len, 0), Len);
  Value *Ones = sel(
      B, LenBig, Constant::getAllOnesValue(IT),
      B.CreateSub(B.CreateShl(constInt(Len, 1), SafeLen), constInt(Len, 1)));
  Value *Mask = B.CreateShl(Ones, SafePos);
  Value *R = B.CreateOr(B.CreateAnd(Base, B.CreateNot(Mask)),
                        B.CreateAnd(B.CreateShl(F, SafePos), Mask));
  return L.write(I, 0, sel(B, Keep, Base, R), T);
}

bool liftSzext(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *A = L.read(I, 1, T), *N = L.read(I, 2, Type::U32);
  if (!A || !N)
    return false;
  IRBuilder<> &B = L.builder();
  bool Wrap = I.hasModifier("wrap");
  Value *Bits =
      Wrap ? B.CreateAnd(N, 31)
           : sel(B, B.CreateICmpUGT(N, B.getInt32(32)), B.getInt32(32), N);
  Value *Zero = B.CreateICmpEQ(Bits, B.getInt32(0));
  Value *Full = B.CreateICmpUGE(Bits, B.getInt32(32));
  Value *Sh = B.CreateSub(B.getInt32(32),
                          sel(B, B.CreateOr(Zero, Full), B.getInt32(1), Bits));
  Value *X = isSigned(T) ? B.CreateAShr(B.CreateShl(A, Sh), Sh)
                         : B.CreateLShr(B.CreateShl(A, Sh), Sh);
  Value *R = sel(B, Full, A, X);
  R = sel(B, Zero, B.getInt32(0), R);
  return L.write(I, 0, R, T);
}

bool liftBmsk(FunctionLifter &L, const Instruction &I) {
  Value *PosV = L.read(I, 1, Type::U32), *LenV = L.read(I, 2, Type::U32);
  if (!PosV || !LenV)
    return false;
  IRBuilder<> &B = L.builder();
  bool Wrap = I.hasModifier("wrap");
  auto Limit = [&](Value *V) {
    return Wrap ? B.CreateAnd(V, 31)
                : sel(B, B.CreateICmpUGT(V, B.getInt32(32)), B.getInt32(32), V);
  };
  Value *Pos = Limit(PosV), *Len = Limit(LenV);
  Value *PosBig = B.CreateICmpUGE(Pos, B.getInt32(32));
  Value *LenBig = B.CreateICmpUGE(Len, B.getInt32(32));
  Value *Ones = sel(B, LenBig, B.getInt32(0xffffffff),
                    B.CreateSub(B.CreateShl(B.getInt32(1),
                                            sel(B, LenBig, B.getInt32(0), Len)),
                                B.getInt32(1)));
  Value *R = B.CreateShl(Ones, sel(B, PosBig, B.getInt32(0), Pos));
  return L.write(I, 0, sel(B, PosBig, B.getInt32(0), R), Type::B32);
}

//===----------------------------------------------------------------------===//
// dp4a, dp2a
//===----------------------------------------------------------------------===//

bool liftDp(FunctionLifter &L, const Instruction &I) {
  std::vector<Type> Ts = I.types();
  if (Ts.size() != 2)
    return L.unsupported(I, "expected two types");
  bool SA = isSigned(Ts[0]), SB = isSigned(Ts[1]);
  Value *A = L.read(I, 1, Type::B32), *C = L.read(I, 2, Type::B32),
        *Acc = L.read(I, 3, Type::B32);
  if (!A || !C || !Acc)
    return false;
  IRBuilder<> &B = L.builder();
  auto Part = [&](Value *V, unsigned Bits, unsigned Index, bool S) {
    Value *X = B.CreateTrunc(B.CreateLShr(V, Bits * Index), B.getIntNTy(Bits));
    return S ? B.CreateSExt(X, B.getInt32Ty())
             : B.CreateZExt(X, B.getInt32Ty());
  };
  Value *R = Acc;
  if (I.Opcode == "dp4a") {
    for (unsigned K = 0; K < 4; ++K)
      R = B.CreateAdd(R, B.CreateMul(Part(A, 8, K, SA), Part(C, 8, K, SB)));
  } else {
    unsigned First = I.hasModifier("hi") ? 2 : 0;
    for (unsigned K = 0; K < 2; ++K)
      R = B.CreateAdd(
          R, B.CreateMul(Part(A, 16, K, SA), Part(C, 8, First + K, SB)));
  }
  Type DT = SA || SB ? Type::S32 : Type::U32;
  return L.write(I, 0, R, DT);
}

//===----------------------------------------------------------------------===//
// Comparison and selection: setp, set, selp, slct
//===----------------------------------------------------------------------===//

StringRef compareOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers)
    if (M.Kind == ModifierKind::Compare)
      return M.Name;
  return "";
}

StringRef boolOpOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers)
    if (M.Kind == ModifierKind::BoolOp)
      return M.Name;
  return "";
}

Value *compareInt(IRBuilder<> &B, StringRef Cmp, Value *A, Value *C,
                  bool Signed) {
  CmpInst::Predicate P;
  if (Cmp == "eq")
    P = CmpInst::ICMP_EQ;
  else if (Cmp == "ne")
    P = CmpInst::ICMP_NE;
  else if (Cmp == "lt")
    P = Signed ? CmpInst::ICMP_SLT : CmpInst::ICMP_ULT;
  else if (Cmp == "le")
    P = Signed ? CmpInst::ICMP_SLE : CmpInst::ICMP_ULE;
  else if (Cmp == "gt")
    P = Signed ? CmpInst::ICMP_SGT : CmpInst::ICMP_UGT;
  else if (Cmp == "ge")
    P = Signed ? CmpInst::ICMP_SGE : CmpInst::ICMP_UGE;
  else if (Cmp == "lo")
    P = CmpInst::ICMP_ULT;
  else if (Cmp == "ls")
    P = CmpInst::ICMP_ULE;
  else if (Cmp == "hi")
    P = CmpInst::ICMP_UGT;
  else if (Cmp == "hs")
    P = CmpInst::ICMP_UGE;
  else
    return nullptr;
  return B.CreateICmp(P, A, C);
}

/// The comparisons of setp/set of operands 1 and 2 read as \p T: one
/// result, or two (low, high) for the x2 pairs. Empty after an error.
SmallVector<Value *, 2> compareOperands(FunctionLifter &L, const Instruction &I,
                                        Type T) {
  IRBuilder<> &B = L.builder();
  StringRef Cmp = compareOf(I);
  bool Ftz = I.hasModifier("ftz");
  auto Args = readAll(L, I, 1, 2, T);
  if (Args.empty())
    return {};
  SmallVector<Value *, 2> Out;
  auto FloatCmp = [&](Value *A, Value *C) -> Value * {
    if (Ftz && A->getType()->isFloatTy()) {
      A = flushSubnormal(B, A);
      C = flushSubnormal(B, C);
    }
    return compareFloat(B, Cmp, A, C);
  };
  if (isHalfType(elementType(T))) {
    Type ET = elementType(T);
    auto Widen = [&](Value *H) {
      if (Ftz && ET == Type::F16)
        H = flushHalfSubnormal(B, H);
      return halfToFloat(L, H, ET);
    };
    if (isPairType(T)) {
      auto [AL, AH] = splitPair(B, Args[0]);
      auto [CL, CH] = splitPair(B, Args[1]);
      Out.push_back(FloatCmp(Widen(AL), Widen(CL)));
      Out.push_back(FloatCmp(Widen(AH), Widen(CH)));
    } else {
      Out.push_back(FloatCmp(Widen(Args[0]), Widen(Args[1])));
    }
  } else if (isFloatType(T)) {
    Out.push_back(FloatCmp(Args[0], Args[1]));
  } else {
    Out.push_back(compareInt(B, Cmp, Args[0], Args[1], isSigned(T)));
  }
  for (Value *V : Out)
    if (!V) {
      L.unsupported(I, "comparison '." + Cmp + "' for this type");
      return {};
    }
  return Out;
}

/// `r BoolOp c` for the combining forms; \p R unchanged without one.
Value *combine(IRBuilder<> &B, StringRef Op, Value *R, Value *C) {
  if (Op == "and")
    return B.CreateAnd(R, C);
  if (Op == "or")
    return B.CreateOr(R, C);
  if (Op == "xor")
    return B.CreateXor(R, C);
  return R;
}

bool liftSetp(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  IRBuilder<> &B = L.builder();
  StringRef Op = boolOpOf(I);
  Value *C = nullptr;
  if (!Op.empty()) {
    C = L.read(I, 3, Type::Pred);
    if (!C)
      return false;
  } else if (I.Operands.size() > 3) {
    return L.unsupported(I, "a fourth operand needs .and, .or or .xor");
  }
  auto Rs = compareOperands(L, I, T);
  if (Rs.empty())
    return false;
  if (Rs.size() == 2) {
    // Pairs: p from the low halves, q from the high halves.
    return L.write(I, 0, combine(B, Op, Rs[0], C), Type::Pred) &&
           L.write(I, 0, combine(B, Op, Rs[1], C), Type::Pred, true);
  }
  Value *P = combine(B, Op, Rs[0], C);
  Value *Q = combine(B, Op, B.CreateNot(Rs[0]), C);
  return L.write(I, 0, P, Type::Pred) && L.write(I, 0, Q, Type::Pred, true);
}

bool liftSet(FunctionLifter &L, const Instruction &I) {
  std::vector<Type> Ts = I.types();
  if (Ts.size() != 2)
    return L.unsupported(I, "expected a destination and a source type");
  Type DT = Ts[0], ST = Ts[1];
  IRBuilder<> &B = L.builder();
  StringRef Op = boolOpOf(I);
  Value *C = nullptr;
  if (!Op.empty()) {
    C = L.read(I, 3, Type::Pred);
    if (!C)
      return false;
  }
  auto Rs = compareOperands(L, I, ST);
  if (Rs.empty())
    return false;
  // true: 0xffffffff for integers, 1.0 in the destination's format.
  auto Encode = [&](Value *P, Type ET) -> Value * {
    switch (ET) {
    case Type::F32:
      return sel(B, P, ConstantFP::get(B.getFloatTy(), 1.0),
                 ConstantFP::get(B.getFloatTy(), 0.0));
    case Type::F16:
      return sel(B, P, B.getInt16(0x3c00), B.getInt16(0));
    case Type::BF16:
      return sel(B, P, B.getInt16(0x3f80), B.getInt16(0));
    default: {
      llvm::Type *IT = B.getIntNTy(typeBits(ET));
      return sel(B, P, Constant::getAllOnesValue(IT), ConstantInt::get(IT, 0));
    }
    }
  };
  Value *R;
  if (isPairType(DT)) {
    Type ET = elementType(DT);
    Value *Lo = combine(B, Op, Rs[0], C);
    Value *Hi = combine(B, Op, Rs.size() == 2 ? Rs[1] : Rs[0], C);
    R = joinPair(B, Encode(Lo, ET), Encode(Hi, ET));
  } else {
    if (Rs.size() != 1 || DT == Type::F64)
      return L.unsupported(I);
    R = Encode(combine(B, Op, Rs[0], C), DT);
  }
  return L.write(I, 0, R, DT);
}

bool liftSelp(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  auto Args = readAll(L, I, 1, 2, T);
  Value *P = L.read(I, 3, Type::Pred);
  if (Args.empty() || !P)
    return false;
  return L.write(I, 0, L.builder().CreateSelect(P, Args[0], Args[1]), T);
}

bool liftSlct(FunctionLifter &L, const Instruction &I) {
  std::vector<Type> Ts = I.types();
  if (Ts.size() != 2)
    return L.unsupported(I, "expected two types");
  Type DT = Ts[0], CT = Ts[1];
  auto Args = readAll(L, I, 1, 2, DT);
  Value *C = L.read(I, 3, CT);
  if (Args.empty() || !C)
    return false;
  IRBuilder<> &B = L.builder();
  Value *P;
  if (CT == Type::F32) {
    if (I.hasModifier("ftz"))
      C = flushSubnormal(B, C);
    P = B.CreateFCmpOGE(C, ConstantFP::get(C->getType(), 0.0)); // NaN: b
  } else if (CT == Type::S32) {
    P = B.CreateICmpSGE(C, B.getInt32(0));
  } else {
    return L.unsupported(I);
  }
  return L.write(I, 0, sel(B, P, Args[0], Args[1]), DT);
}

//===----------------------------------------------------------------------===//
// Logic and shifts: and, or, xor, not, cnot, lop3, shf, shl, shr
//===----------------------------------------------------------------------===//

bool liftLogic(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  IRBuilder<> &B = L.builder();
  StringRef Opc = I.Opcode;
  if (Opc == "not" || Opc == "cnot") {
    Value *A = L.read(I, 1, T);
    if (!A)
      return false;
    if (Opc == "not")
      return L.write(I, 0, B.CreateNot(A), T);
    return L.write(
        I, 0, B.CreateZExt(B.CreateICmpEQ(A, constInt(A, 0)), A->getType()), T);
  }
  auto Args = readAll(L, I, 1, 2, T);
  if (Args.empty())
    return false;
  Value *R = Opc == "and"  ? B.CreateAnd(Args[0], Args[1])
             : Opc == "or" ? B.CreateOr(Args[0], Args[1])
                           : B.CreateXor(Args[0], Args[1]);
  return L.write(I, 0, R, T);
}

/// The three-input function with truth table \p Lut (a: 0xf0, b: 0xcc,
/// c: 0xaa) as a sum of minterms (InstCombine simplifies it).
Value *lop3(IRBuilder<> &B, Value *A, Value *Bv, Value *C, unsigned Lut) {
  Value *R = nullptr;
  for (unsigned K = 0; K < 8; ++K) {
    if (!(Lut >> K & 1))
      continue;
    Value *X = K & 4 ? A : B.CreateNot(A);
    Value *Y = K & 2 ? Bv : B.CreateNot(Bv);
    Value *Z = K & 1 ? C : B.CreateNot(C);
    R = orInto(B, R, B.CreateAnd(X, B.CreateAnd(Y, Z)));
  }
  return R ? R : ConstantInt::get(A->getType(), 0);
}

bool liftLop3(FunctionLifter &L, const Instruction &I) {
  auto Args = readAll(L, I, 1, 3, Type::B32);
  if (Args.empty())
    return false;
  if (I.Operands.size() < 5 || I.Operands[4].K != Operand::Kind::IntImm)
    return L.unsupported(I, "the lookup table must be an immediate");
  unsigned Lut = I.Operands[4].IntValue & 0xff;
  IRBuilder<> &B = L.builder();
  Value *D = lop3(B, Args[0], Args[1], Args[2], Lut);
  StringRef Op = boolOpOf(I);
  if (Op.empty())
    return L.write(I, 0, D, Type::B32);
  // lop3.BoolOp.b32 d|p, a, b, c, immLut, q: p = (d != 0) BoolOp q.
  Value *Q = L.read(I, 5, Type::Pred);
  if (!Q)
    return false;
  Value *P = combine(B, Op, B.CreateICmpNE(D, B.getInt32(0)), Q);
  return L.write(I, 0, D, Type::B32) && L.write(I, 0, P, Type::Pred, true);
}

bool liftShf(FunctionLifter &L, const Instruction &I) {
  auto Args = readAll(L, I, 1, 2, Type::B32);
  Value *N = L.read(I, 3, Type::U32);
  if (Args.empty() || !N)
    return false;
  IRBuilder<> &B = L.builder();
  bool Left = I.hasModifier("l");
  if (!Left && !I.hasModifier("r"))
    return L.unsupported(I, "shf needs .l or .r");
  Value *Amount =
      I.hasModifier("clamp")
          ? sel(B, B.CreateICmpUGT(N, B.getInt32(32)), B.getInt32(32), N)
          : B.CreateAnd(N, 31);
  // {b, a}: b is the upper word.
  Value *Pair =
      B.CreateOr(B.CreateShl(B.CreateZExt(Args[1], B.getInt64Ty()), 32),
                 B.CreateZExt(Args[0], B.getInt64Ty()));
  Value *Sh = B.CreateZExt(Amount, B.getInt64Ty());
  Value *R =
      Left ? B.CreateLShr(B.CreateShl(Pair, Sh), 32) : B.CreateLShr(Pair, Sh);
  return L.write(I, 0, B.CreateTrunc(R, B.getInt32Ty()), Type::B32);
}

bool liftShift(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  Value *A = L.read(I, 1, T), *N = L.read(I, 2, Type::U32);
  if (!A || !N)
    return false;
  IRBuilder<> &B = L.builder();
  unsigned W = widthOf(T);
  llvm::Type *IT = A->getType();
  // Amounts of the width or more: 0, or the sign for signed shr.
  Value *Big = B.CreateICmpUGE(N, B.getInt32(W));
  Value *Safe = B.CreateZExtOrTrunc(sel(B, Big, B.getInt32(W - 1), N), IT);
  Value *R;
  if (I.Opcode == "shl")
    R = sel(B, Big, ConstantInt::get(IT, 0), B.CreateShl(A, Safe));
  else if (isSigned(T))
    R = B.CreateAShr(A, Safe);
  else
    R = sel(B, Big, ConstantInt::get(IT, 0), B.CreateLShr(A, Safe));
  return L.write(I, 0, R, T);
}

//===----------------------------------------------------------------------===//
// prmt
//===----------------------------------------------------------------------===//

bool liftPrmt(FunctionLifter &L, const Instruction &I) {
  auto Args = readAll(L, I, 1, 3, Type::B32);
  if (Args.empty())
    return false;
  IRBuilder<> &B = L.builder();
  StringRef Mode;
  for (const Modifier &M : I.Modifiers)
    if (M.Kind == ModifierKind::Mode)
      Mode = M.Name;
  Value *Pair =
      B.CreateOr(B.CreateShl(B.CreateZExt(Args[1], B.getInt64Ty()), 32),
                 B.CreateZExt(Args[0], B.getInt64Ty()));
  Value *C = Args[2];
  Value *C2 = B.CreateAnd(C, 3);
  Value *R = nullptr;
  for (unsigned K = 0; K < 4; ++K) {
    // The selector of byte K: 4 bits (bit 3: replicate the sign) in the
    // generic form, a byte index from c[1:0] in the modes.
    Value *Sel;
    bool SignBit = Mode.empty();
    if (Mode.empty())
      Sel = B.CreateAnd(B.CreateLShr(C, 4 * K), 0xf);
    else if (Mode == "f4e")
      Sel = B.CreateAnd(B.CreateAdd(C2, B.getInt32(K)), 7);
    else if (Mode == "b4e")
      Sel = B.CreateAnd(
          B.CreateSub(B.CreateAdd(C2, B.getInt32(8)), B.getInt32(K)), 7);
    else if (Mode == "rc8")
      Sel = C2;
    else if (Mode == "ecl")
      Sel = sel(B, B.CreateICmpUGT(C2, B.getInt32(K)), C2, B.getInt32(K));
    else if (Mode == "ecr")
      Sel = sel(B, B.CreateICmpULT(C2, B.getInt32(K)), C2, B.getInt32(K));
    else if (Mode == "rc16")
      Sel = B.CreateAdd(B.CreateShl(B.CreateAnd(C2, 1), 1), B.getInt32(K & 1));
    else
      return L.unsupported(I, "unknown prmt mode");
    Value *Index = B.CreateAnd(Sel, 7);
    Value *Byte = B.CreateTrunc(
        B.CreateLShr(Pair, B.CreateZExt(B.CreateShl(Index, 3), B.getInt64Ty())),
        B.getInt32Ty());
    Byte = B.CreateAnd(Byte, 0xff);
    if (SignBit) {
      Value *Rep = B.CreateICmpNE(B.CreateAnd(Sel, 8), B.getInt32(0));
      Value *Fill =
          sel(B, B.CreateICmpNE(B.CreateAnd(Byte, 0x80), B.getInt32(0)),
              B.getInt32(0xff), B.getInt32(0));
      Byte = sel(B, Rep, Fill, Byte);
    }
    R = orInto(B, R, B.CreateShl(Byte, 8 * K));
  }
  return L.write(I, 0, R, Type::B32);
}

//===----------------------------------------------------------------------===//
// SIMD video instructions: vadd2/4, vsub2/4, vavrg2/4, vabsdiff2/4,
// vmin2/4, vmax2/4, vset2/4
//===----------------------------------------------------------------------===//

/// The source lanes of an operand selector `.b3210`/`.h10` (the last
/// digit is lane 0) in \p Out; empty when there is no selector. False for
/// a malformed selector.
bool parseSelector(StringRef Sel, char Kind, unsigned Lanes,
                   SmallVectorImpl<unsigned> &Out) {
  Out.clear();
  if (Sel.empty())
    return true;
  if (Sel.size() != Lanes + 1 || Sel[0] != Kind)
    return false;
  for (unsigned K = 0; K < Lanes; ++K) {
    char D = Sel[Lanes - K];
    if (D < '0' || D > '7')
      return false;
    Out.push_back(D - '0');
  }
  return true;
}

bool liftSimdVideo(FunctionLifter &L, const Instruction &I) {
  StringRef Opc = I.Opcode;
  unsigned Lanes = Opc.back() == '2' ? 2 : 4;
  unsigned LB = 32 / Lanes;
  StringRef Op = Opc.drop_back();
  std::vector<Type> Ts = I.types();
  bool IsSet = Op == "vset";
  if (Ts.size() != (IsSet ? 2u : 3u))
    return L.unsupported(I, "unexpected types");
  bool SD = IsSet ? false : isSigned(Ts[0]);
  bool SA = isSigned(Ts[IsSet ? 0 : 1]), SB = isSigned(Ts[IsSet ? 1 : 2]);
  bool Sat = I.hasModifier("sat"), Acc = I.hasModifier("add");
  if (Sat && Acc)
    return L.unsupported(I, ".sat with .add");
  if (I.Operands.size() != 4)
    return L.unsupported(I, "needs four operands");
  // Selectors: read the registers without them, select lanes here.
  char Kind = Lanes == 4 ? 'b' : 'h';
  SmallVector<unsigned, 4> DSel, ASel, BSel;
  if (!parseSelector(I.Operands[1].Selector, Kind, Lanes, ASel) ||
      !parseSelector(I.Operands[2].Selector, Kind, Lanes, BSel))
    return L.unsupported(I, "this operand selector");
  StringRef DS = I.Operands[0].Selector;
  unsigned MaskBits = (1u << Lanes) - 1;
  if (!DS.empty()) {
    if (DS[0] != Kind)
      return L.unsupported(I, "this destination mask");
    MaskBits = 0;
    for (char D : DS.drop_front()) {
      if (D < '0' || D >= char('0' + Lanes))
        return L.unsupported(I, "this destination mask");
      MaskBits |= 1u << (D - '0');
    }
  }
  if (ASel.empty())
    for (unsigned K = 0; K < Lanes; ++K)
      ASel.push_back(K);
  if (BSel.empty())
    for (unsigned K = 0; K < Lanes; ++K)
      BSel.push_back(K + Lanes);
  Instruction Plain = I;
  for (Operand &O : Plain.Operands)
    O.Selector.clear();
  Value *A = L.read(Plain, 1, Type::B32), *Bv = L.read(Plain, 2, Type::B32),
        *C = L.read(Plain, 3, Type::B32);
  if (!A || !Bv || !C)
    return false;
  IRBuilder<> &B = L.builder();
  StringRef Cmp = compareOf(I);
  // {b, a}: a holds lanes 0..Lanes-1, b the next ones.
  Value *Pair = B.CreateOr(B.CreateShl(B.CreateZExt(Bv, B.getInt64Ty()), 32),
                           B.CreateZExt(A, B.getInt64Ty()));
  auto Lane = [&](unsigned Index, bool S) {
    Value *X = B.CreateTrunc(B.CreateLShr(Pair, Index * LB), B.getIntNTy(LB));
    return S ? B.CreateSExt(X, B.getInt32Ty())
             : B.CreateZExt(X, B.getInt32Ty());
  };
  int64_t Lo = SD ? -(1LL << (LB - 1)) : 0;
  int64_t Hi = SD ? (1LL << (LB - 1)) - 1 : (1LL << LB) - 1;
  Value *R = Acc ? C : nullptr;
  for (unsigned K = 0; K < Lanes; ++K) {
    Value *X = Lane(ASel[K], SA), *Y = Lane(BSel[K], SB);
    Value *T;
    if (IsSet) {
      Value *P = compareInt(B, Cmp, X, Y, true); // both extended to 32 bits
      if (!P)
        return L.unsupported(I, "this comparison");
      T = B.CreateZExt(P, B.getInt32Ty());
    } else if (Op == "vadd") {
      T = B.CreateAdd(X, Y);
    } else if (Op == "vsub") {
      T = B.CreateSub(X, Y);
    } else if (Op == "vavrg") {
      // (x + y + 1) >> 1 for a non-negative sum, else (x + y) >> 1.
      Value *Sum = B.CreateAdd(X, Y);
      Value *NonNeg = B.CreateICmpSGE(Sum, B.getInt32(0));
      T = B.CreateAShr(B.CreateAdd(Sum, B.CreateZExt(NonNeg, B.getInt32Ty())),
                       1);
    } else if (Op == "vabsdiff") {
      Value *D = B.CreateSub(X, Y);
      T = sel(B, B.CreateICmpSLT(D, B.getInt32(0)), B.CreateNeg(D), D);
    } else if (Op == "vmin") {
      T = sel(B, B.CreateICmpSLT(X, Y), X, Y);
    } else if (Op == "vmax") {
      T = sel(B, B.CreateICmpSGT(X, Y), X, Y);
    } else {
      return L.unsupported(I);
    }
    if (Sat) {
      T = sel(B, B.CreateICmpSLT(T, B.getInt32(Lo)), B.getInt32(Lo), T);
      T = sel(B, B.CreateICmpSGT(T, B.getInt32(Hi)), B.getInt32(Hi), T);
    }
    if (!(MaskBits >> K & 1)) {
      if (!Acc) // merge: the lane of c
        R = orInto(B, R, B.CreateAnd(C, ((1ULL << LB) - 1) << (K * LB)));
      continue;
    }
    if (Acc)
      R = B.CreateAdd(R, T);
    else
      R = orInto(B, R, B.CreateShl(B.CreateAnd(T, (1ULL << LB) - 1), K * LB));
  }
  // The operands' selectors were consumed; write the whole register.
  return L.write(Plain, 0, R, Type::B32);
}

/// The scalar video instructions (vadd, vsub, vabsdiff, vmin, vmax, vshl,
/// vshr, vmad, vset): nvcc never emits them (CUDA's SIMD intrinsics use the
/// vop2/vop4 forms).
bool liftScalarVideo(FunctionLifter &L, const Instruction &I) {
  return L.unsupported(I, "scalar video instructions are not supported");
}

} // namespace

void addArithmeticInstructions(LiftTable &T) {
  T.add("add", liftAddSub);
  T.add("sub", liftAddSub);
  T.add("addc", liftAddSub);
  T.add("subc", liftAddSub);
  T.add("mul", liftMul);
  T.add("mad", liftMad);
  T.add("madc", liftMad);
  T.add("mul24", liftMul24);
  T.add("mad24", liftMul24);
  T.add("sad", liftSad);
  T.add("div", liftDivRem);
  T.add("rem", liftDivRem);
  T.add("abs", liftAbsNeg);
  T.add("neg", liftAbsNeg);
  T.add("min", liftMinMax);
  T.add("max", liftMinMax);
  T.add("popc", liftPopcClz);
  T.add("clz", liftPopcClz);
  T.add("bfind", liftBfind);
  T.add("fns", liftFns);
  T.add("brev", liftBrev);
  T.add("bfe", liftBfe);
  T.add("bfi", liftBfi);
  T.add("szext", liftSzext);
  T.add("bmsk", liftBmsk);
  T.add("dp4a", liftDp);
  T.add("dp2a", liftDp);
  T.add("setp", liftSetp);
  T.add("set", liftSet);
  T.add("selp", liftSelp);
  T.add("slct", liftSlct);
  T.add("and", liftLogic);
  T.add("or", liftLogic);
  T.add("xor", liftLogic);
  T.add("not", liftLogic);
  T.add("cnot", liftLogic);
  T.add("lop3", liftLop3);
  T.add("shf", liftShf);
  T.add("shl", liftShift);
  T.add("shr", liftShift);
  T.add("prmt", liftPrmt);
  for (const char *Op : {"vadd", "vsub", "vabsdiff", "vmin", "vmax", "vshl",
                         "vshr", "vmad", "vset"})
    T.add(Op, liftScalarVideo);
  for (const char *Op :
       {"vadd", "vsub", "vavrg", "vabsdiff", "vmin", "vmax", "vset"}) {
    T.add((Twine(Op) + "2").str(), liftSimdVideo);
    T.add((Twine(Op) + "4").str(), liftSimdVideo);
  }
}

} // namespace ptx
} // namespace cumetal

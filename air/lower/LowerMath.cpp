//===- air/lower/LowerMath.cpp - CUDA math to AIR math --------------------===//
//
// CUDA's math API reaches the shared IR as calls to libdevice's __nv_*
// functions (declared by Clang's headers; cumetalc links no libdevice) and
// as llvm.* intrinsics. Apple's backend resolves air.* math by name and
// rejects many llvm.* intrinsics (air-abi.md §4.5, §4.8). This pass maps
//   - __nv_<op>f with a direct AIR counterpart to air.<op>.f32 (precise), or
//     air.fast_<op>.f32 under --use_fast_math, and __nv_fast_<op>f (the
//     __expf-style intrinsics) to air.fast_<op>.f32;
//   - integer intrinsics (__popc, __clz, __brev, __ffs, __umulhi, __mul24,
//     __byte_perm, ...) and conversions (__float2int_rn ...) to air.* bit
//     and conversion functions or short IR sequences;
//   - llvm.* math intrinsics to air.* (all of them, the safer policy of
//     air-abi.md §4.8), and drops llvm.lifetime/llvm.assume.
// An __nv_* function without a lowering yet is a diagnostic that names the
// CUDA function, never a silent call to nothing.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

/// Single-precision __nv_ functions (without the __nv_ prefix and the f
/// suffix) that are one AIR math function of the same arity.
const StringMap<StringRef> &directFloatOps() {
  static const StringMap<StringRef> Map = {
      {"sin", "sin"},     {"cos", "cos"},     {"tan", "tan"},
      {"asin", "asin"},   {"acos", "acos"},   {"atan", "atan"},
      {"atan2", "atan2"}, {"sinh", "sinh"},   {"cosh", "cosh"},
      {"tanh", "tanh"},   {"asinh", "asinh"}, {"acosh", "acosh"},
      {"atanh", "atanh"}, {"exp", "exp"},     {"exp2", "exp2"},
      {"exp10", "exp10"}, {"log", "log"},     {"log2", "log2"},
      {"log10", "log10"}, {"pow", "pow"},     {"sqrt", "sqrt"},
      {"rsqrt", "rsqrt"}, {"floor", "floor"}, {"ceil", "ceil"},
      {"trunc", "trunc"}, {"rint", "rint"},   {"nearbyint", "rint"},
      {"round", "round"}, {"fabs", "fabs"},   {"fmin", "fmin"},
      {"fmax", "fmax"},   {"fma", "fma"},     {"sinpi", "sinpi"},
      {"cospi", "cospi"},
  };
  return Map;
}

/// Ops that have a fast (relaxed) AIR variant (air-abi.md §4.5).
bool hasFastVariant(StringRef Op) {
  return Op != "fma" && Op != "fmin" && Op != "fmax" && Op != "rint";
}

class MathLowering {
public:
  MathLowering(Module &M, LoweringContext &Ctx) : M(M), Ctx(Ctx) {}

  /// Returns the replacement for \p CI, or null if there is none.
  Value *lower(CallInst &CI, StringRef Name);

private:
  Value *callAIR(IRBuilder<> &B, const Twine &Name, Type *Ret,
                 ArrayRef<Value *> Args) {
    SmallVector<Type *, 4> Tys;
    for (Value *A : Args)
      Tys.push_back(A->getType());
    FunctionCallee F =
        declareAIRFunction(M, Name.str(), FunctionType::get(Ret, Tys, false));
    cast<Function>(F.getCallee())->setDoesNotAccessMemory();
    return B.CreateCall(F, Args);
  }
  Value *floatOp(IRBuilder<> &B, StringRef Op, ArrayRef<Value *> Args,
                 bool Fast) {
    if (Fast && !hasFastVariant(Op))
      Fast = false;
    return callAIR(B, Twine("air.") + (Fast ? "fast_" : "") + Op + ".f32",
                   B.getFloatTy(), Args);
  }
  Value *intOp(IRBuilder<> &B, StringRef Op, Value *V,
               ArrayRef<Value *> Extra = {}) {
    SmallVector<Value *, 3> Args{V};
    Args.append(Extra.begin(), Extra.end());
    unsigned Bits = V->getType()->getIntegerBitWidth();
    return callAIR(B, "air." + Op + ".i" + Twine(Bits), V->getType(), Args);
  }
  Value *convert(IRBuilder<> &B, Value *F, bool Signed, Type *To) {
    unsigned Bits = To->getIntegerBitWidth();
    return callAIR(B,
                   Twine("air.convert.") + (Signed ? "s" : "u") + ".i" +
                       Twine(Bits) + ".f.f32",
                   To, {F});
  }
  /// __fdividef(x, y): CUDA documents a zero result (NaN for infinite x)
  /// for 2^126 < |y| < 2^128, where its fast reciprocal underflows.
  Value *fastDivide(IRBuilder<> &B, Value *X, Value *Y) {
    Value *Big = B.CreateFCmpOGT(floatOp(B, "fabs", Y, false),
                                 ConstantFP::get(B.getFloatTy(), 0x1p126));
    return B.CreateSelect(Big,
                          B.CreateFMul(X, ConstantFP::get(B.getFloatTy(), 0.0)),
                          B.CreateFDiv(X, Y));
  }
  Value *lowerNV(CallInst &CI, StringRef Name);
  Value *lowerIntrinsic(CallInst &CI, Intrinsic::ID ID);

  Module &M;
  LoweringContext &Ctx;
};

Value *MathLowering::lowerNV(CallInst &CI, StringRef Name) {
  IRBuilder<> B(&CI);
  SmallVector<Value *, 4> Args(CI.args());
  bool Fast = Ctx.options().fastMath;
  Type *I32 = B.getInt32Ty();

  // __nv_fast_<op>f: the __expf-style fast intrinsics.
  StringRef Rest = Name;
  if (Rest.consume_front("fast_") && Rest.consume_back("f")) {
    if (Rest == "fdivide")
      return fastDivide(B, Args[0], Args[1]);
    if (Rest == "sincos") {
      Value *S = floatOp(B, "sin", Args[0], true);
      Value *C = floatOp(B, "cos", Args[0], true);
      B.CreateStore(S, Args[1]);
      B.CreateStore(C, Args[2]);
      return UndefValue::get(CI.getType()); // void
    }
    if (directFloatOps().count(Rest))
      return floatOp(B, directFloatOps().lookup(Rest), Args, true);
    return nullptr;
  }
  // Single precision: __nv_<op>f.
  if (CI.getType()->isFloatTy() && Name.endswith("f")) {
    StringRef Op = Name.drop_back();
    auto It = directFloatOps().find(Op);
    if (It != directFloatOps().end())
      return floatOp(B, It->second, Args, Fast);
  }
  if (Name == "fdividef")
    return fastDivide(B, Args[0], Args[1]);
  if (Name == "frcp_rn")
    return B.CreateFDiv(ConstantFP::get(B.getFloatTy(), 1.0), Args[0]);
  if (Name == "fdiv_rn")
    return B.CreateFDiv(Args[0], Args[1]);
  if (Name == "fadd_rn")
    return B.CreateFAdd(Args[0], Args[1]);
  if (Name == "fsub_rn")
    return B.CreateFSub(Args[0], Args[1]);
  if (Name == "fmul_rn")
    return B.CreateFMul(Args[0], Args[1]);
  if (Name == "fmaf_rn")
    return floatOp(B, "fma", Args, false);
  if (Name == "fsqrt_rn")
    return floatOp(B, "sqrt", Args, false);
  if (Name == "saturatef") {
    // CUDA: NaN -> 0; fmax returns the non-NaN operand.
    Value *Lo = floatOp(B, "fmax",
                        {Args[0], ConstantFP::get(B.getFloatTy(), 0.0)}, false);
    return floatOp(B, "fmin", {Lo, ConstantFP::get(B.getFloatTy(), 1.0)},
                   false);
  }
  if (Name == "copysignf")
    return B.CreateBinaryIntrinsic(Intrinsic::copysign, Args[0], Args[1]);
  if (Name == "fdimf") {
    Value *D = B.CreateFSub(Args[0], Args[1]);
    Value *Gt = B.CreateFCmpUGT(Args[0], Args[1]); // true for NaN
    return B.CreateSelect(Gt, D, ConstantFP::get(B.getFloatTy(), 0.0));
  }
  if (Name == "isnanf")
    return B.CreateZExt(B.CreateFCmpUNO(Args[0], Args[0]), I32);
  if (Name == "isinff") {
    Value *A = floatOp(B, "fabs", Args[0], false);
    return B.CreateZExt(
        B.CreateFCmpOEQ(A, ConstantFP::getInfinity(B.getFloatTy())), I32);
  }
  if (Name == "finitef") {
    Value *A = floatOp(B, "fabs", Args[0], false);
    return B.CreateZExt(
        B.CreateFCmpOLT(A, ConstantFP::getInfinity(B.getFloatTy())), I32);
  }
  if (Name == "signbitf")
    return B.CreateLShr(B.CreateBitCast(Args[0], I32), 31);

  // Conversions: __float2{int,uint,ll,ull}_{rn,rz,rd,ru}.
  if (Name.consume_front("float2")) {
    auto [Kind, Mode] = Name.split('_');
    Type *To = (Kind == "ll" || Kind == "ull") ? B.getInt64Ty() : I32;
    bool Signed = Kind == "int" || Kind == "ll";
    if (Kind != "int" && Kind != "uint" && Kind != "ll" && Kind != "ull")
      return nullptr;
    Value *R = Args[0];
    if (Mode == "rn")
      R = floatOp(B, "rint", R, false);
    else if (Mode == "rd")
      R = floatOp(B, "floor", R, false);
    else if (Mode == "ru")
      R = floatOp(B, "ceil", R, false);
    else if (Mode != "rz")
      return nullptr;
    return convert(B, R, Signed, To);
  }
  if (Name == "int_as_float" || Name == "uint_as_float")
    return B.CreateBitCast(Args[0], B.getFloatTy());
  if (Name == "float_as_int" || Name == "float_as_uint")
    return B.CreateBitCast(Args[0], I32);

  // Integer intrinsics.
  if (Name == "popc" || Name == "popcll")
    return B.CreateZExtOrTrunc(intOp(B, "popcount", Args[0]), I32);
  if (Name == "clz" || Name == "clzll")
    return B.CreateZExtOrTrunc(intOp(B, "clz", Args[0], {B.getFalse()}), I32);
  if (Name == "brev" || Name == "brevll")
    return intOp(B, "reverse_bits", Args[0]);
  if (Name == "ffs" || Name == "ffsll") {
    Value *X = Args[0];
    Value *Tz = intOp(B, "ctz", X, {B.getFalse()});
    Value *One = B.CreateAdd(B.CreateZExtOrTrunc(Tz, I32), B.getInt32(1));
    Value *Zero = B.CreateICmpEQ(X, ConstantInt::get(X->getType(), 0));
    return B.CreateSelect(Zero, B.getInt32(0), One);
  }
  if (Name == "umulhi" || Name == "mulhi" || Name == "umul64hi" ||
      Name == "mul64hi") {
    bool Signed = Name == "mulhi" || Name == "mul64hi";
    unsigned Bits = Args[0]->getType()->getIntegerBitWidth();
    return callAIR(
        B, Twine("air.mul_hi.") + (Signed ? "s" : "u") + ".i" + Twine(Bits),
        Args[0]->getType(), {Args[0], Args[1]});
  }
  if (Name == "mul24" || Name == "umul24") {
    auto Low24 = [&](Value *V) {
      return Name == "mul24" ? B.CreateAShr(B.CreateShl(V, 8), 8)
                             : B.CreateAnd(V, 0xffffff);
    };
    return B.CreateMul(Low24(Args[0]), Low24(Args[1]));
  }
  if (Name == "byte_perm") {
    // Byte i of the result is byte (s >> 4i) & 7 of {y:x}.
    Value *Pair =
        B.CreateOr(B.CreateShl(B.CreateZExt(Args[1], B.getInt64Ty()), 32),
                   B.CreateZExt(Args[0], B.getInt64Ty()));
    Value *R = B.getInt32(0);
    for (unsigned I = 0; I < 4; ++I) {
      Value *Sel = B.CreateAnd(B.CreateLShr(Args[2], 4 * I), 7);
      Value *Shift = B.CreateZExt(B.CreateShl(Sel, 3), B.getInt64Ty());
      Value *Byte = B.CreateTrunc(B.CreateLShr(Pair, Shift), I32);
      R = B.CreateOr(R, B.CreateShl(B.CreateAnd(Byte, 0xff), 8 * I));
    }
    return R;
  }
  if (Name == "abs" || Name == "llabs") {
    Value *Neg = B.CreateNeg(Args[0]);
    return B.CreateSelect(
        B.CreateICmpSLT(Args[0], ConstantInt::get(Args[0]->getType(), 0)), Neg,
        Args[0]);
  }
  if (Name == "min" || Name == "llmin")
    return B.CreateSelect(B.CreateICmpSLT(Args[0], Args[1]), Args[0], Args[1]);
  if (Name == "max" || Name == "llmax")
    return B.CreateSelect(B.CreateICmpSGT(Args[0], Args[1]), Args[0], Args[1]);
  if (Name == "umin" || Name == "ullmin")
    return B.CreateSelect(B.CreateICmpULT(Args[0], Args[1]), Args[0], Args[1]);
  if (Name == "umax" || Name == "ullmax")
    return B.CreateSelect(B.CreateICmpUGT(Args[0], Args[1]), Args[0], Args[1]);
  if (Name == "sad" || Name == "usad") {
    bool Signed = Name == "sad";
    Value *Gt = Signed ? B.CreateICmpSGT(Args[0], Args[1])
                       : B.CreateICmpUGT(Args[0], Args[1]);
    Value *D = B.CreateSelect(Gt, B.CreateSub(Args[0], Args[1]),
                              B.CreateSub(Args[1], Args[0]));
    return B.CreateAdd(D, Args[2]);
  }
  if (Name == "sincosf") {
    B.CreateStore(floatOp(B, "sin", Args[0], Fast), Args[1]);
    B.CreateStore(floatOp(B, "cos", Args[0], Fast), Args[2]);
    return UndefValue::get(CI.getType());
  }
  return nullptr;
}

Value *MathLowering::lowerIntrinsic(CallInst &CI, Intrinsic::ID ID) {
  IRBuilder<> B(&CI);
  Type *T = CI.getType();
  SmallVector<Value *, 3> Args(CI.args());
  bool Fast = Ctx.options().fastMath || CI.hasApproxFunc();
  auto FloatOp = [&](StringRef Op) -> Value * {
    if (!T->isFloatTy())
      return nullptr;
    return floatOp(B, Op, Args, Fast);
  };
  switch (ID) {
  case Intrinsic::sin:
    return FloatOp("sin");
  case Intrinsic::cos:
    return FloatOp("cos");
  case Intrinsic::exp:
    return FloatOp("exp");
  case Intrinsic::exp2:
    return FloatOp("exp2");
  case Intrinsic::log:
    return FloatOp("log");
  case Intrinsic::log2:
    return FloatOp("log2");
  case Intrinsic::log10:
    return FloatOp("log10");
  case Intrinsic::pow:
    return FloatOp("pow");
  case Intrinsic::sqrt:
    return FloatOp("sqrt");
  case Intrinsic::fabs:
    return FloatOp("fabs");
  case Intrinsic::floor:
    return FloatOp("floor");
  case Intrinsic::ceil:
    return FloatOp("ceil");
  case Intrinsic::trunc:
    return FloatOp("trunc");
  case Intrinsic::rint:
  case Intrinsic::nearbyint:
    return FloatOp("rint");
  case Intrinsic::round:
    return FloatOp("round");
  case Intrinsic::fma:
    return FloatOp("fma");
  case Intrinsic::minnum:
    return FloatOp("fmin");
  case Intrinsic::maxnum:
    return FloatOp("fmax");
  case Intrinsic::ctpop:
    return T->isIntegerTy() ? intOp(B, "popcount", Args[0]) : nullptr;
  case Intrinsic::ctlz:
    return T->isIntegerTy() ? intOp(B, "clz", Args[0], {Args[1]}) : nullptr;
  case Intrinsic::cttz:
    return T->isIntegerTy() ? intOp(B, "ctz", Args[0], {Args[1]}) : nullptr;
  case Intrinsic::bitreverse:
    return T->isIntegerTy() ? intOp(B, "reverse_bits", Args[0]) : nullptr;
  case Intrinsic::abs: {
    if (!T->isIntegerTy())
      return nullptr;
    Value *Neg = B.CreateNeg(Args[0]);
    return B.CreateSelect(B.CreateICmpSLT(Args[0], ConstantInt::get(T, 0)), Neg,
                          Args[0]);
  }
  case Intrinsic::fshl:
  case Intrinsic::fshr: {
    if (!T->isIntegerTy())
      return nullptr;
    // fshl(a, b, s) = (a << s) | (b >> (w - s)), s mod w; s == 0 gives a.
    unsigned W = T->getIntegerBitWidth();
    Value *S = B.CreateURem(Args[2], ConstantInt::get(T, W));
    Value *Inv = B.CreateSub(ConstantInt::get(T, W), S);
    Value *Zero = B.CreateICmpEQ(S, ConstantInt::get(T, 0));
    if (ID == Intrinsic::fshl)
      return B.CreateSelect(
          Zero, Args[0],
          B.CreateOr(B.CreateShl(Args[0], S), B.CreateLShr(Args[1], Inv)));
    return B.CreateSelect(
        Zero, Args[1],
        B.CreateOr(B.CreateLShr(Args[1], S), B.CreateShl(Args[0], Inv)));
  }
  default:
    return nullptr;
  }
}

Value *MathLowering::lower(CallInst &CI, StringRef Name) {
  if (Name.consume_front("__nv_"))
    return lowerNV(CI, Name);
  if (Function *F = CI.getCalledFunction(); F && F->isIntrinsic())
    return lowerIntrinsic(CI, F->getIntrinsicID());
  return nullptr;
}

} // namespace

PreservedAnalyses LowerMathPass::run(Module &M, ModuleAnalysisManager &) {
  MathLowering L(M, Ctx);
  SmallVector<CallInst *, 32> Work;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction())
          if (Callee->getName().startswith("__nv_") || Callee->isIntrinsic())
            Work.push_back(CI);
  for (CallInst *CI : Work) {
    Function *Callee = CI->getCalledFunction();
    StringRef Name = Callee->getName();
    Intrinsic::ID ID = Callee->getIntrinsicID();
    if (ID == Intrinsic::lifetime_start || ID == Intrinsic::lifetime_end ||
        ID == Intrinsic::assume ||
        ID == Intrinsic::experimental_noalias_scope_decl ||
        ID == Intrinsic::dbg_declare || ID == Intrinsic::dbg_value) {
      CI->eraseFromParent();
      continue;
    }
    if (Value *V = L.lower(*CI, Name)) {
      if (!CI->getType()->isVoidTy())
        CI->replaceAllUsesWith(V);
      CI->eraseFromParent();
      continue;
    }
    if (Name.startswith("__nv_"))
      Ctx.error(CI, "CUDA math function '" + Name.drop_front(strlen("__nv_")) +
                        "' (" + Name + ") is not implemented yet");
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

//===- AIRLowering.cpp - air.* calls for the host -------------------------===//
//
// A worklist over the module's air.* declarations. Each is, in order of
// preference: lowered inline (table entry with an InlineKind whose types
// match), kept as a call to its host implementation, split into calls of
// its scalar form, or routed through its f32 / u.i16 form; anything else is
// an unsupported function.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/AIRLowering.h"

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

#include <optional>

using namespace llvm;

namespace cumetal::cpu {

namespace {

Error unsupported(const Twine &Msg) {
  return createStringError(std::make_error_code(std::errc::not_supported), Msg);
}

/// The direct calls of \p F, or an error if \p F is used otherwise.
Expected<SmallVector<CallInst *, 8>> callsOf(Function &F) {
  SmallVector<CallInst *, 8> Calls;
  for (User *U : F.users()) {
    auto *CI = dyn_cast<CallInst>(U);
    if (!CI || CI->getCalledOperand() != &F)
      return unsupported("AIR function '" + F.getName() +
                         "' is used other than by a direct call");
    Calls.push_back(CI);
  }
  return Calls;
}

//===----------------------------------------------------------------------===//
// Inline lowerings
//===----------------------------------------------------------------------===//

/// Builds the replacement of one call, or returns null when the call's
/// types do not fit the lowering.
Value *lowerCall(CallInst *CI, const AIRFunction &A, IRBuilder<> &B) {
  Module &M = *CI->getModule();
  Type *RetTy = CI->getType();
  unsigned NumArgs = CI->arg_size();
  auto Arg = [&](unsigned I) { return CI->getArgOperand(I); };
  switch (A.Inline) {
  case InlineKind::None:
    return nullptr;
  case InlineKind::Intrinsic:
  case InlineKind::CountBits: {
    if (RetTy->isVoidTy() || NumArgs == 0 || Arg(0)->getType() != RetTy)
      return nullptr;
    Function *Decl = Intrinsic::getDeclaration(
        &M, static_cast<Intrinsic::ID>(A.IntrinsicID), {RetTy});
    SmallVector<Value *, 3> Args;
    for (Type *PT : Decl->getFunctionType()->params()) {
      unsigned I = Args.size();
      bool Flag = PT->isIntegerTy(1) && !RetTy->isIntOrIntVectorTy(1);
      if (Flag && (A.Inline == InlineKind::CountBits || I >= NumArgs)) {
        // ctlz/cttz of 0 is defined (the bit width); abs of INT_MIN wraps.
        Args.push_back(B.getFalse());
        continue;
      }
      if (I >= NumArgs || Arg(I)->getType() != PT)
        return nullptr;
      Args.push_back(Arg(I));
    }
    return B.CreateCall(Decl, Args);
  }
  case InlineKind::Rsqrt: {
    if (NumArgs != 1 || !RetTy->isFPOrFPVectorTy() ||
        Arg(0)->getType() != RetTy)
      return nullptr;
    Value *Sqrt = B.CreateUnaryIntrinsic(Intrinsic::sqrt, Arg(0));
    return B.CreateFDiv(ConstantFP::get(RetTy, 1.0), Sqrt);
  }
  case InlineKind::Clamp: {
    if (NumArgs != 3 || !RetTy->isFPOrFPVectorTy())
      return nullptr;
    for (unsigned I = 0; I < 3; ++I)
      if (Arg(I)->getType() != RetTy)
        return nullptr;
    Value *Lo = B.CreateBinaryIntrinsic(Intrinsic::maxnum, Arg(0), Arg(1));
    return B.CreateBinaryIntrinsic(Intrinsic::minnum, Lo, Arg(2));
  }
  case InlineKind::MulHi: {
    if (NumArgs != 2 || !RetTy->isIntOrIntVectorTy() ||
        Arg(0)->getType() != RetTy || Arg(1)->getType() != RetTy)
      return nullptr;
    unsigned Bits = RetTy->getScalarSizeInBits();
    Type *Wide = RetTy->getWithNewBitWidth(2 * Bits);
    auto Ext = [&](Value *V) {
      return A.Signed ? B.CreateSExt(V, Wide) : B.CreateZExt(V, Wide);
    };
    Value *Prod = B.CreateMul(Ext(Arg(0)), Ext(Arg(1)));
    return B.CreateTrunc(B.CreateLShr(Prod, Bits), RetTy);
  }
  case InlineKind::Identity:
    if (NumArgs < 1 || Arg(0)->getType() != RetTy)
      return nullptr;
    return Arg(0);
  case InlineKind::Convert: {
    // air.convert.<dk>.<dt>.<sk>.<st>
    SmallVector<StringRef, 6> Toks;
    SplitString(A.Name, Toks, ".");
    if (Toks.size() != 6 || NumArgs != 1)
      return nullptr;
    char DK = Toks[2][0], SK = Toks[4][0];
    Value *X = Arg(0);
    Type *SrcTy = X->getType();
    bool SrcFP = SK == 'f', DstFP = DK == 'f';
    if (SrcFP != SrcTy->isFPOrFPVectorTy() ||
        DstFP != RetTy->isFPOrFPVectorTy() ||
        (!SrcFP && !SrcTy->isIntOrIntVectorTy()) ||
        (!DstFP && !RetTy->isIntOrIntVectorTy()))
      return nullptr;
    if (SrcFP && DstFP)
      return B.CreateFPCast(X, RetTy);
    if (SrcFP) // saturating, NaN -> 0
      return B.CreateIntrinsic(DK == 's' ? Intrinsic::fptosi_sat
                                         : Intrinsic::fptoui_sat,
                               {RetTy, SrcTy}, {X});
    if (DstFP)
      return SK == 's' ? B.CreateSIToFP(X, RetTy) : B.CreateUIToFP(X, RetTy);
    return B.CreateIntCast(X, RetTy, SK == 's');
  }
  }
  return nullptr;
}

/// Lowers every call of \p F inline. Returns false, changing nothing, if
/// some call's types do not fit.
Expected<bool> lowerInline(Function &F, const AIRFunction &A) {
  auto Calls = callsOf(F);
  if (!Calls)
    return Calls.takeError();
  // Build all replacements first so that a misfit changes nothing.
  SmallVector<std::pair<CallInst *, Value *>, 8> Done;
  for (CallInst *CI : *Calls) {
    IRBuilder<> B(CI);
    Value *V = lowerCall(CI, A, B);
    if (!V) {
      for (auto &[Old, New] : Done)
        if (auto *I = dyn_cast<Instruction>(New))
          if (I->use_empty() && I != Old)
            I->eraseFromParent();
      return false;
    }
    Done.push_back({CI, V});
  }
  for (auto &[CI, V] : Done) {
    CI->replaceAllUsesWith(V);
    CI->eraseFromParent();
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Scalarization and f16 promotion
//===----------------------------------------------------------------------===//

/// `v4f32` -> `f32`; nullopt if \p Tok is not a vector type token.
std::optional<StringRef> scalarToken(StringRef Tok) {
  if (!Tok.consume_front("v"))
    return std::nullopt;
  unsigned Lanes;
  if (Tok.consumeInteger(10, Lanes) || Lanes < 2)
    return std::nullopt;
  if (Tok == "f16" || Tok == "f32" || Tok == "bf16" || Tok == "i8" ||
      Tok == "i16" || Tok == "i32" || Tok == "i64")
    return Tok;
  return std::nullopt;
}

/// The name with every vector token made scalar, or nullopt if none is.
std::optional<std::string> scalarName(StringRef Name) {
  SmallVector<StringRef, 8> Toks;
  SplitString(Name, Toks, ".");
  bool Changed = false;
  std::string Out;
  for (StringRef T : Toks) {
    std::optional<StringRef> S = scalarToken(T);
    Changed |= S.has_value();
    if (!Out.empty())
      Out += '.';
    Out += S ? S->str() : T.str();
  }
  if (!Changed)
    return std::nullopt;
  return Out;
}

/// The function \p Name of type \p FT, declared if absent. Null if a
/// function of that name and another type exists.
Function *getScalarFunction(Module &M, StringRef Name, FunctionType *FT,
                            std::vector<Function *> &Work) {
  if (Function *F = M.getFunction(Name))
    return F->getFunctionType() == FT ? F : nullptr;
  Function *F = Function::Create(FT, GlobalValue::ExternalLinkage, Name, M);
  Work.push_back(F);
  return F;
}

/// Replaces each call of \p F by one call of \p Scalar per vector element.
Error scalarize(Function &F, StringRef ScalarName,
                std::vector<Function *> &Work) {
  FunctionType *FT = F.getFunctionType();
  unsigned Lanes = 0;
  auto ElemOf = [&](Type *T) -> Type * {
    auto *VT = dyn_cast<FixedVectorType>(T);
    if (!VT)
      return T;
    if (Lanes && Lanes != VT->getNumElements())
      return nullptr;
    Lanes = VT->getNumElements();
    return VT->getElementType();
  };
  SmallVector<Type *, 4> Params;
  for (Type *P : FT->params())
    Params.push_back(ElemOf(P));
  Type *Ret = ElemOf(FT->getReturnType());
  if (!Ret || Lanes == 0 || is_contained(Params, nullptr))
    return unsupported("AIR function '" + F.getName() +
                       "' has vector operands of different lengths");
  auto *SFT = FunctionType::get(Ret, Params, false);
  Function *S = getScalarFunction(*F.getParent(), ScalarName, SFT, Work);
  if (!S)
    return unsupported("AIR function '" + F.getName() + "' does not match '" +
                       ScalarName + "'");
  auto Calls = callsOf(F);
  if (!Calls)
    return Calls.takeError();
  for (CallInst *CI : *Calls) {
    IRBuilder<> B(CI);
    Value *Result = UndefValue::get(CI->getType());
    for (unsigned L = 0; L < Lanes; ++L) {
      SmallVector<Value *, 4> Args;
      for (Value *A : CI->args())
        Args.push_back(A->getType()->isVectorTy() ? B.CreateExtractElement(A, L)
                                                  : A);
      Value *R = B.CreateCall(S, Args);
      if (!CI->getType()->isVoidTy())
        Result = B.CreateInsertElement(Result, R, L);
    }
    CI->replaceAllUsesWith(Result);
    CI->eraseFromParent();
  }
  return Error::success();
}

bool isDataMovement(StringRef Name) {
  return Name.startswith("air.simd_shuffle") ||
         Name.startswith("air.quad_shuffle");
}

/// Routes the calls of an f16 function \p F through its f32 form (math,
/// reductions) or, for data movement, its u.i16 form. Returns false if
/// \p F has no f16 token.
Expected<bool> promoteHalf(Function &F, std::vector<Function *> &Work) {
  SmallVector<StringRef, 8> Toks;
  SplitString(F.getName(), Toks, ".");
  if (!is_contained(Toks, "f16"))
    return false;
  bool Bits = isDataMovement(F.getName());
  LLVMContext &C = F.getContext();
  Type *Half = Type::getHalfTy(C);
  Type *Wide = Bits ? Type::getInt16Ty(C) : Type::getFloatTy(C);
  std::string Name;
  for (StringRef T : Toks) {
    if (!Name.empty())
      Name += '.';
    Name += T == "f16" ? (Bits ? "u.i16" : "f32") : T.str();
  }
  FunctionType *FT = F.getFunctionType();
  SmallVector<Type *, 4> Params;
  for (Type *P : FT->params()) {
    if (P->isPointerTy() && P->getPointerElementType()->isHalfTy())
      return unsupported("AIR function '" + F.getName() +
                         "' is not supported (half pointer operand)");
    Params.push_back(P == Half ? Wide : P);
  }
  Type *Ret = FT->getReturnType() == Half ? Wide : FT->getReturnType();
  Function *W = getScalarFunction(*F.getParent(), Name,
                                  FunctionType::get(Ret, Params, false), Work);
  if (!W)
    return unsupported("AIR function '" + F.getName() + "' does not match '" +
                       Name + "'");
  auto Calls = callsOf(F);
  if (!Calls)
    return Calls.takeError();
  for (CallInst *CI : *Calls) {
    IRBuilder<> B(CI);
    SmallVector<Value *, 4> Args;
    for (Value *A : CI->args())
      Args.push_back(A->getType() != Half ? A
                     : Bits               ? B.CreateBitCast(A, Wide)
                                          : B.CreateFPExt(A, Wide));
    Value *R = B.CreateCall(W, Args);
    if (CI->getType() == Half)
      R = Bits ? B.CreateBitCast(R, Half) : B.CreateFPTrunc(R, Half);
    CI->replaceAllUsesWith(R);
    CI->eraseFromParent();
  }
  return true;
}

/// A declaration that stays a call to the host. Functions of values only
/// (math, bits, conversions) touch no memory the kernel can see; all others
/// (atomics, fences, sincos, barriers, SIMD-group operations) may touch any,
/// whatever the module declares, and rendezvous points must not be moved
/// across control flow.
void prepareDeclaration(Function &F, const AIRFunction &A) {
  const Attribute::AttrKind Memory[] = {Attribute::ReadNone,
                                        Attribute::ReadOnly,
                                        Attribute::WriteOnly,
                                        Attribute::ArgMemOnly,
                                        Attribute::InaccessibleMemOnly,
                                        Attribute::InaccessibleMemOrArgMemOnly};
  for (Attribute::AttrKind K : Memory)
    F.removeFnAttr(K);
  for (User *U : F.users())
    if (auto *CI = dyn_cast<CallInst>(U))
      for (Attribute::AttrKind K : Memory)
        CI->removeFnAttr(K);
  F.addFnAttr(Attribute::NoUnwind);
  bool Pure = !A.Rendezvous && !F.getName().startswith("air.atomic.") &&
              none_of(F.getFunctionType()->params(),
                      [](Type *T) { return T->isPointerTy(); });
  if (A.Rendezvous)
    F.addFnAttr(Attribute::Convergent);
  if (Pure) {
    F.setDoesNotAccessMemory();
    F.addFnAttr(Attribute::WillReturn);
  }
}

} // namespace

Error lowerAIRCalls(Module &M) {
  std::vector<Function *> Work;
  for (Function &F : M)
    if (F.isDeclaration() && F.getName().startswith("air."))
      Work.push_back(&F);
  while (!Work.empty()) {
    Function *F = Work.back();
    Work.pop_back();
    if (F->use_empty()) {
      F->eraseFromParent();
      continue;
    }
    std::string Name = F->getName().str();
    if (const AIRFunction *A = lookupAIRFunction(Name)) {
      if (A->Inline != InlineKind::None) {
        Expected<bool> Lowered = lowerInline(*F, *A);
        if (!Lowered)
          return Lowered.takeError();
        if (*Lowered) {
          F->eraseFromParent();
          continue;
        }
      }
      if (!A->Host)
        return unsupported("AIR function '" + Name +
                           "' is not supported with these operand types");
      prepareDeclaration(*F, *A);
      continue;
    }
    if (std::optional<std::string> S = scalarName(Name)) {
      if (Error E = scalarize(*F, *S, Work))
        return E;
      F->eraseFromParent();
      continue;
    }
    Expected<bool> Promoted = promoteHalf(*F, Work);
    if (!Promoted)
      return Promoted.takeError();
    if (*Promoted) {
      F->eraseFromParent();
      continue;
    }
    return unsupported("unsupported AIR function '" + Name + "'");
  }
  return Error::success();
}

bool callsRendezvousFunctions(const Module &M) {
  for (const Function &F : M)
    if (F.isDeclaration() && !F.use_empty())
      if (const AIRFunction *A = lookupAIRFunction(F.getName()))
        if (A->Rendezvous)
          return true;
  return false;
}

} // namespace cumetal::cpu

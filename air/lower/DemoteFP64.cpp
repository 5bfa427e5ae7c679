//===- air/lower/DemoteFP64.cpp - --fp64=demote: double as float ----------===//
//
// Apple GPUs have no double precision. Under --fp64=demote every
// double-precision operation in a kernel is performed in single precision,
// while doubles in memory keep their 8-byte IEEE format, so that the host,
// which shares that memory, sees ordinary doubles (docs/cumetalc.md):
//   - a double loaded from memory (a parameter, a global, a buffer) is read
//     as its 64 bits and rounded to the nearest float;
//   - a double stored to memory is the exact binary64 value of its float;
//   - arithmetic, comparisons, conversions and llvm.* math on double are
//     their float counterparts; constants are rounded to float; a bitcast
//     between double and i64 is a store/load in the memory format;
//   - the double CUDA math functions come from the device math library,
//     which implements them on their float versions (frontend/libdevice/
//     double.cu) between two opaque markers, __cumetal_fp64_narrow and
//     __cumetal_fp64_widen, which become the values themselves here.
// Anything else that involves double (a double inside a vector or an
// aggregate value, an atomic on double) is diagnosed.
//
// It runs on whole kernels (device functions are inlined) after the
// parameter block is built, where every double comes from a load, a
// constant or an operation.
//
//===----------------------------------------------------------------------===//

#include "air/lower/DoubleRewriter.h"
#include "air/lower/FloatBits.h"
#include "air/lower/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {
namespace {

bool isDouble(const Type *T) { return T->isDoubleTy(); }

class Demoter : public DoubleRewriter {
public:
  Demoter(Function &F, LoweringContext &Ctx)
      : DoubleRewriter(F, Ctx, Type::getFloatTy(F.getContext())) {}

private:
  bool rewrite(Instruction &I) override;
  /// A double constant rounded to float.
  Constant *constant(ConstantFP &C) override {
    APFloat A = C.getValueAPF();
    bool LosesInfo;
    A.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &LosesInfo);
    return ConstantFP::get(F.getContext(), A);
  }
  bool unsupported(Instruction &I, const Twine &What) {
    return error(I, "--fp64=demote cannot demote " + What);
  }
};

bool Demoter::rewrite(Instruction &I) {
  IRBuilder<> B(&I);
  auto Op = [&](unsigned N) { return counterpart(I.getOperand(N)); };

  if (auto *L = dyn_cast<LoadInst>(&I)) {
    if (!isDouble(L->getType()))
      return unsupported(I, "a load of a value that contains a double");
    Value *P = B.CreateBitCast(
        L->getPointerOperand(),
        B.getInt64Ty()->getPointerTo(L->getPointerAddressSpace()));
    LoadInst *NL =
        B.CreateAlignedLoad(B.getInt64Ty(), P, L->getAlign(), L->isVolatile());
    NL->setAtomic(L->getOrdering(), L->getSyncScopeID());
    NL->copyMetadata(*L, {LLVMContext::MD_dbg});
    return define(I, doubleBitsToFloat(B, NL));
  }
  if (auto *S = dyn_cast<StoreInst>(&I)) {
    Value *V = S->getValueOperand();
    if (!isDouble(V->getType()))
      return unsupported(I, "a store of a value that contains a double");
    Value *P = B.CreateBitCast(
        S->getPointerOperand(),
        B.getInt64Ty()->getPointerTo(S->getPointerAddressSpace()));
    StoreInst *NS = B.CreateAlignedStore(floatToDoubleBits(B, counterpart(V)),
                                         P, S->getAlign(), S->isVolatile());
    NS->setAtomic(S->getOrdering(), S->getSyncScopeID());
    return drop(I);
  }
  if (auto *BO = dyn_cast<BinaryOperator>(&I)) {
    Value *N = B.CreateBinOp(BO->getOpcode(), Op(0), Op(1));
    if (auto *NI = dyn_cast<Instruction>(N))
      NI->copyIRFlags(BO);
    return define(I, N);
  }
  if (auto *UO = dyn_cast<UnaryOperator>(&I)) {
    Value *N = B.CreateUnOp(UO->getOpcode(), Op(0));
    if (auto *NI = dyn_cast<Instruction>(N))
      NI->copyIRFlags(UO);
    return define(I, N);
  }
  if (auto *C = dyn_cast<FCmpInst>(&I)) {
    Value *N = B.CreateFCmp(C->getPredicate(), Op(0), Op(1));
    if (auto *NI = dyn_cast<Instruction>(N))
      NI->copyIRFlags(C);
    return replace(I, N);
  }
  if (auto *Cast = dyn_cast<CastInst>(&I)) {
    Type *To = Cast->getDestTy();
    Value *Src = Cast->getOperand(0);
    switch (Cast->getOpcode()) {
    case Instruction::FPExt: // float -> double: the float itself
      if (!Src->getType()->isFloatTy())
        return unsupported(I, "an extension from a type other than float");
      return define(I, Src);
    case Instruction::FPTrunc: // double -> float: already float
      if (!To->isFloatTy())
        return unsupported(I, "a truncation to a type other than float");
      return replace(I, Op(0));
    case Instruction::FPToSI:
    case Instruction::FPToUI:
      return replace(I, B.CreateCast(Cast->getOpcode(), Op(0), To));
    case Instruction::SIToFP:
    case Instruction::UIToFP:
      return define(I, B.CreateCast(Cast->getOpcode(), Src, NewTy));
    case Instruction::BitCast:
      if (To->isIntegerTy(64)) // the memory format's bits
        return replace(I, floatToDoubleBits(B, Op(0)));
      if (Src->getType()->isIntegerTy(64))
        return define(I, doubleBitsToFloat(B, Src));
      return unsupported(I, "a bit cast between double and a vector");
    default:
      return unsupported(I, Twine("'") + I.getOpcodeName() + "' on double");
    }
  }
  if (auto *Phi = dyn_cast<PHINode>(&I))
    return definePhi(*Phi);
  if (auto *Sel = dyn_cast<SelectInst>(&I))
    return define(I, B.CreateSelect(Sel->getCondition(), Op(1), Op(2)));
  if (auto *II = dyn_cast<IntrinsicInst>(&I)) {
    Intrinsic::ID ID = II->getIntrinsicID();
    // Lifetime and debug intrinsics carry no double value.
    if (ID == Intrinsic::lifetime_start || ID == Intrinsic::lifetime_end ||
        isa<DbgInfoIntrinsic>(II))
      return true;
    // Math on double: the same intrinsic on float, when every double in its
    // signature is its one overloaded type.
    SmallVector<Type *, 2> Overloads;
    if (!Intrinsic::getIntrinsicSignature(II->getCalledFunction(), Overloads))
      return unsupported(I, "the intrinsic '" +
                                II->getCalledFunction()->getName() + "'");
    for (Type *&T : Overloads)
      if (isDouble(T))
        T = NewTy;
    Function *FD = Intrinsic::getDeclaration(F.getParent(), ID, Overloads);
    SmallVector<Value *, 4> Args;
    for (unsigned A = 0; A < II->arg_size(); ++A) {
      Value *V = II->getArgOperand(A);
      Args.push_back(isDouble(V->getType()) ? counterpart(V) : V);
    }
    FunctionType *FT = FD->getFunctionType();
    for (unsigned A = 0; A < Args.size(); ++A)
      if (A >= FT->getNumParams() || Args[A]->getType() != FT->getParamType(A))
        return unsupported(I, "the intrinsic '" +
                                  II->getCalledFunction()->getName() + "'");
    CallInst *N = B.CreateCall(FD, Args);
    N->copyIRFlags(II);
    return isDouble(II->getType()) ? define(I, N) : replace(I, N);
  }
  if (auto *CI = dyn_cast<CallInst>(&I)) {
    Function *Callee = CI->getCalledFunction();
    // The device library's conversion markers (frontend/libdevice/
    // double.cu): the values themselves.
    if (Callee && Callee->getName() == "__cumetal_fp64_narrow")
      return replace(I, Op(0));
    if (Callee && Callee->getName() == "__cumetal_fp64_widen")
      return define(I, CI->getArgOperand(0));
    return unsupported(I, "a call to '" +
                              (Callee ? Callee->getName() : StringRef("?")) +
                              "' with double arguments or result");
  }
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I))
    return unsupported(I, "an atomic operation on double");
  return unsupported(I, Twine("'") + I.getOpcodeName() + "' on double");
}

} // namespace

PreservedAnalyses DemoteFP64Pass::run(Module &M, ModuleAnalysisManager &) {
  if (Ctx.options().fp64 != FP64Mode::Demote)
    return PreservedAnalyses::all();
  for (Function &F : M)
    if (!F.isDeclaration())
      Demoter(F, Ctx).run();
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

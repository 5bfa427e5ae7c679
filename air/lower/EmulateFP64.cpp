//===- air/lower/EmulateFP64.cpp - --fp64=emulate: software doubles -------===//
//
// Apple GPUs have no double precision. Under --fp64=emulate a double is
// its IEEE binary64 bits in an i64, and every double operation is integer
// code: the arithmetic calls the device library's software binary64
// (frontend/libdevice/fp64_soft.cu: correctly rounded add, sub, mul, div,
// fma, sqrt, fmod, comparison and integer conversions), the rest is done
// on the bits here:
//   - loads, stores, phis, selects and bit casts move the i64 unchanged;
//   - fneg, fabs and copysign flip or copy the sign bit; minnum/maxnum
//     pick an operand by the library's comparison;
//   - float <-> double conversions are FloatBits' exact widening and
//     round-to-nearest narrowing;
//   - fcmp maps the library's -1/0/1/unordered result to its predicate;
//   - a multiply and an add that may be contracted (--fmad=true, the
//     default) are one fma, as nvcc contracts them;
//   - atomicAdd/atomicSub on double become compare-and-swap loops on the
//     i64 (LowerAtomics then emulates the 64-bit compare-and-swap),
//     atomicExch a 64-bit exchange.
// The double CUDA math functions (sin, exp, ...) are not emulated: the
// device library computes them in single precision between conversion
// markers (libdevice/double.cu), which this pass reports, as it reports
// any other double operation it has no exact software form for.
//
// It runs where DemoteFP64 runs (whole kernels, after the parameter
// block), then links the library functions it called from the device
// library and inlines them.
//
//===----------------------------------------------------------------------===//

#include "air/lower/DoubleRewriter.h"
#include "air/lower/FloatBits.h"
#include "air/lower/Passes.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace cumetal {
namespace air {
namespace {

constexpr uint64_t SignBit = 1ULL << 63;

class Emulator : public DoubleRewriter {
public:
  Emulator(Function &F, LoweringContext &Ctx)
      : DoubleRewriter(F, Ctx, Type::getInt64Ty(F.getContext())),
        M(*F.getParent()), I64(NewTy), I32(Type::getInt32Ty(F.getContext())) {}

private:
  bool rewrite(Instruction &I) override;
  /// A double constant's bits.
  Constant *constant(ConstantFP &C) override {
    return ConstantInt::get(I64, C.getValueAPF().bitcastToAPInt());
  }
  bool unsupported(Instruction &I, const Twine &What) {
    return error(I, "--fp64=emulate cannot emulate " + What);
  }
  /// A call of the software binary64 function \p Name.
  Value *soft(IRBuilder<> &B, StringRef Name, Type *Ret,
              ArrayRef<Value *> Args);
  Value *compare(IRBuilder<> &B, CmpInst::Predicate P, Value *A, Value *C);
  bool atomicLoop(AtomicRMWInst &RMW, StringRef Op);
  Value *contracted(IRBuilder<> &B, BinaryOperator &BO);

  Module &M;
  Type *I64, *I32;
};

Value *Emulator::soft(IRBuilder<> &B, StringRef Name, Type *Ret,
                      ArrayRef<Value *> Args) {
  SmallVector<Type *, 3> Params;
  for (Value *A : Args)
    Params.push_back(A->getType());
  FunctionCallee Fn =
      M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
  return B.CreateCall(Fn, Args);
}

Value *Emulator::compare(IRBuilder<> &B, CmpInst::Predicate P, Value *A,
                         Value *C) {
  // __cumetal_dcmp: -1 less, 0 equal, 1 greater, 2 unordered.
  Value *R = soft(B, "__cumetal_dcmp", I32, {A, C});
  auto Is = [&](int K) { return B.CreateICmpEQ(R, B.getInt32(K)); };
  switch (P) {
  case CmpInst::FCMP_FALSE:
    return B.getFalse();
  case CmpInst::FCMP_TRUE:
    return B.getTrue();
  case CmpInst::FCMP_OEQ:
    return Is(0);
  case CmpInst::FCMP_OGT:
    return Is(1);
  case CmpInst::FCMP_OGE:
    return B.CreateOr(Is(0), Is(1));
  case CmpInst::FCMP_OLT:
    return Is(-1);
  case CmpInst::FCMP_OLE:
    return B.CreateOr(Is(-1), Is(0));
  case CmpInst::FCMP_ONE:
    return B.CreateOr(Is(-1), Is(1));
  case CmpInst::FCMP_ORD:
    return B.CreateNot(Is(2));
  case CmpInst::FCMP_UEQ:
    return B.CreateOr(Is(0), Is(2));
  case CmpInst::FCMP_UGT:
    return B.CreateOr(Is(1), Is(2));
  case CmpInst::FCMP_UGE:
    return B.CreateNot(Is(-1));
  case CmpInst::FCMP_ULT:
    return B.CreateOr(Is(-1), Is(2));
  case CmpInst::FCMP_ULE:
    return B.CreateNot(Is(1));
  case CmpInst::FCMP_UNE:
    return B.CreateNot(Is(0));
  case CmpInst::FCMP_UNO:
    return Is(2);
  default:
    llvm_unreachable("not a floating-point predicate");
  }
}

/// a*b+c, a*b-c and c-a*b whose multiply and add may be contracted (both
/// carry `contract`: Clang's default in CUDA, --fmad=true) as one fma, as
/// nvcc contracts them, also when the product has other uses (as NVPTX's
/// aggressive FMA fusion does); null for anything else.
Value *Emulator::contracted(IRBuilder<> &B, BinaryOperator &BO) {
  if (BO.getOpcode() != Instruction::FAdd &&
      BO.getOpcode() != Instruction::FSub)
    return nullptr;
  if (!BO.hasAllowContract())
    return nullptr;
  auto Product = [](Value *V) -> BinaryOperator * {
    auto *Mul = dyn_cast<BinaryOperator>(V);
    return Mul && Mul->getOpcode() == Instruction::FMul &&
                   Mul->hasAllowContract()
               ? Mul
               : nullptr;
  };
  Value *Sign = B.getInt64(SignBit);
  bool Sub = BO.getOpcode() == Instruction::FSub;
  Value *A, *Bv, *C;
  if (BinaryOperator *Mul = Product(BO.getOperand(0))) {
    A = counterpart(Mul->getOperand(0));
    Bv = counterpart(Mul->getOperand(1));
    C = counterpart(BO.getOperand(1));
    if (Sub) // a*b - c = fma(a, b, -c)
      C = B.CreateXor(C, Sign);
  } else if (BinaryOperator *Mul = Product(BO.getOperand(1))) {
    A = counterpart(Mul->getOperand(0));
    Bv = counterpart(Mul->getOperand(1));
    C = counterpart(BO.getOperand(0));
    if (Sub) // c - a*b = fma(-a, b, c)
      A = B.CreateXor(A, Sign);
  } else {
    return nullptr;
  }
  return soft(B, "__cumetal_dfma", I64, {A, Bv, C, B.getInt32(0)});
}

/// old = *p; do { new = old op v } while (!cas(p, old, new)); returns old.
bool Emulator::atomicLoop(AtomicRMWInst &RMW, StringRef Op) {
  IRBuilder<> B(&RMW);
  Value *P = B.CreateBitCast(RMW.getPointerOperand(),
                             I64->getPointerTo(RMW.getPointerAddressSpace()));
  Value *V = counterpart(RMW.getValOperand());
  LoadInst *Init = B.CreateAlignedLoad(I64, P, RMW.getAlign(), true);
  BasicBlock *Entry = B.GetInsertBlock();
  BasicBlock *Done = SplitBlock(Entry, &RMW);
  BasicBlock *Loop =
      BasicBlock::Create(F.getContext(), "fp64.atomic", &F, Done);
  Entry->getTerminator()->eraseFromParent();
  B.SetInsertPoint(Entry);
  B.CreateBr(Loop);
  B.SetInsertPoint(Loop);
  PHINode *Cur = B.CreatePHI(I64, 2, "fp64.old");
  Cur->addIncoming(Init, Entry);
  Value *New = soft(B, Op, I64, {Cur, V, B.getInt32(0)});
  auto *CAS = B.CreateAtomicCmpXchg(
      P, Cur, New, RMW.getAlign(), RMW.getOrdering(),
      AtomicCmpXchgInst::getStrongestFailureOrdering(RMW.getOrdering()),
      RMW.getSyncScopeID());
  Value *Seen = B.CreateExtractValue(CAS, 0);
  Cur->addIncoming(Seen, Loop);
  B.CreateCondBr(B.CreateExtractValue(CAS, 1), Done, Loop);
  return define(RMW, Cur);
}

bool Emulator::rewrite(Instruction &I) {
  IRBuilder<> B(&I);
  auto Op = [&](unsigned N) { return counterpart(I.getOperand(N)); };
  auto Define = [&](Value *V) { return define(I, V); };
  auto Replace = [&](Value *V) { return replace(I, V); };
  Value *Sign = B.getInt64(SignBit);

  if (auto *L = dyn_cast<LoadInst>(&I)) {
    if (!L->getType()->isDoubleTy())
      return unsupported(I, "a load of a value that contains a double");
    Value *P = B.CreateBitCast(L->getPointerOperand(),
                               I64->getPointerTo(L->getPointerAddressSpace()));
    LoadInst *NL = B.CreateAlignedLoad(I64, P, L->getAlign(), L->isVolatile());
    NL->setAtomic(L->getOrdering(), L->getSyncScopeID());
    return Define(NL);
  }
  if (auto *S = dyn_cast<StoreInst>(&I)) {
    if (!S->getValueOperand()->getType()->isDoubleTy())
      return unsupported(I, "a store of a value that contains a double");
    Value *P = B.CreateBitCast(S->getPointerOperand(),
                               I64->getPointerTo(S->getPointerAddressSpace()));
    StoreInst *NS = B.CreateAlignedStore(counterpart(S->getValueOperand()), P,
                                         S->getAlign(), S->isVolatile());
    NS->setAtomic(S->getOrdering(), S->getSyncScopeID());
    return drop(I);
  }
  if (auto *BO = dyn_cast<BinaryOperator>(&I)) {
    if (Value *Fused = contracted(B, *BO))
      return Define(Fused);
    const char *Name = nullptr;
    switch (BO->getOpcode()) {
    case Instruction::FAdd:
      Name = "__cumetal_dadd";
      break;
    case Instruction::FSub:
      Name = "__cumetal_dsub";
      break;
    case Instruction::FMul:
      Name = "__cumetal_dmul";
      break;
    case Instruction::FDiv:
      Name = "__cumetal_ddiv";
      break;
    case Instruction::FRem:
      return Define(soft(B, "__cumetal_dfmod", I64, {Op(0), Op(1)}));
    default:
      return unsupported(I, Twine("'") + I.getOpcodeName() + "' on double");
    }
    return Define(soft(B, Name, I64, {Op(0), Op(1), B.getInt32(0)}));
  }
  if (isa<UnaryOperator>(I)) // fneg
    return Define(B.CreateXor(Op(0), Sign));
  if (auto *C = dyn_cast<FCmpInst>(&I))
    return Replace(compare(B, C->getPredicate(), Op(0), Op(1)));
  if (auto *Cast = dyn_cast<CastInst>(&I)) {
    Type *To = Cast->getDestTy();
    Value *Src = Cast->getOperand(0);
    switch (Cast->getOpcode()) {
    case Instruction::FPExt:
      if (!Src->getType()->isFloatTy())
        return unsupported(I, "an extension from a type other than float");
      return Define(floatToDoubleBits(B, Src));
    case Instruction::FPTrunc:
      if (!To->isFloatTy())
        return unsupported(I, "a truncation to a type other than float");
      return Replace(doubleBitsToFloat(B, Op(0)));
    case Instruction::FPToSI:
      return Replace(
          B.CreateTrunc(soft(B, "__cumetal_d_to_i64", I64, {Op(0)}), To));
    case Instruction::FPToUI:
      return Replace(
          B.CreateTrunc(soft(B, "__cumetal_d_to_u64", I64, {Op(0)}), To));
    case Instruction::SIToFP:
      return Define(soft(B, "__cumetal_i64_to_d", I64,
                         {B.CreateSExt(Src, I64), B.getInt32(0)}));
    case Instruction::UIToFP:
      return Define(soft(B, "__cumetal_u64_to_d", I64,
                         {B.CreateZExt(Src, I64), B.getInt32(0)}));
    case Instruction::BitCast:
      if (To->isIntegerTy(64))
        return Replace(Op(0));
      if (Src->getType()->isIntegerTy(64))
        return Define(Src);
      return unsupported(I, "a bit cast between double and a vector");
    default:
      return unsupported(I, Twine("'") + I.getOpcodeName() + "' on double");
    }
  }
  if (auto *Phi = dyn_cast<PHINode>(&I))
    return definePhi(*Phi);
  if (auto *Sel = dyn_cast<SelectInst>(&I))
    return Define(B.CreateSelect(Sel->getCondition(), Op(1), Op(2)));
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    switch (RMW->getOperation()) {
    case AtomicRMWInst::FAdd:
      return atomicLoop(*RMW, "__cumetal_dadd");
    case AtomicRMWInst::FSub:
      return atomicLoop(*RMW, "__cumetal_dsub");
    case AtomicRMWInst::Xchg: {
      Value *P =
          B.CreateBitCast(RMW->getPointerOperand(),
                          I64->getPointerTo(RMW->getPointerAddressSpace()));
      return Define(B.CreateAtomicRMW(AtomicRMWInst::Xchg, P, Op(1),
                                      RMW->getAlign(), RMW->getOrdering(),
                                      RMW->getSyncScopeID()));
    }
    default:
      return unsupported(I, "this atomic operation on double");
    }
  }
  if (auto *II = dyn_cast<IntrinsicInst>(&I)) {
    switch (II->getIntrinsicID()) {
    case Intrinsic::lifetime_start:
    case Intrinsic::lifetime_end:
      return true;
    case Intrinsic::fabs:
      return Define(B.CreateAnd(Op(0), ~SignBit));
    case Intrinsic::copysign:
      return Define(
          B.CreateOr(B.CreateAnd(Op(0), ~SignBit), B.CreateAnd(Op(1), Sign)));
    case Intrinsic::fma:
    case Intrinsic::fmuladd:
      return Define(
          soft(B, "__cumetal_dfma", I64, {Op(0), Op(1), Op(2), B.getInt32(0)}));
    case Intrinsic::minnum:
    case Intrinsic::maxnum: {
      // The other operand when one is NaN; otherwise the smaller (larger).
      Value *A = Op(0), *C = Op(1);
      Value *R = soft(B, "__cumetal_dcmp", I32, {A, C});
      Value *ANaN = B.CreateICmpUGT(B.CreateAnd(A, ~SignBit),
                                    B.getInt64(0x7ff0000000000000ULL));
      bool Min = II->getIntrinsicID() == Intrinsic::minnum;
      Value *TakeC = B.CreateICmpEQ(R, B.getInt32(Min ? 1 : -1));
      return Define(B.CreateSelect(B.CreateICmpEQ(R, B.getInt32(2)),
                                   B.CreateSelect(ANaN, C, A),
                                   B.CreateSelect(TakeC, C, A)));
    }
    case Intrinsic::sqrt:
      return Define(soft(B, "__cumetal_dsqrt", I64, {Op(0), B.getInt32(0)}));
    default:
      if (isa<DbgInfoIntrinsic>(II))
        return true;
      return unsupported(I, "'" + II->getCalledFunction()->getName() + "'");
    }
  }
  if (auto *CI = dyn_cast<CallInst>(&I)) {
    Function *Callee = CI->getCalledFunction();
    StringRef Name = Callee ? Callee->getName() : "";
    if (Name == "__cumetal_fp64_narrow" || Name == "__cumetal_fp64_widen")
      return error(I, "double-precision math function: --fp64=emulate "
                      "emulates double arithmetic, comparisons and "
                      "conversions, not the math library (--fp64=demote "
                      "computes it in single precision)");
    return unsupported(I, "a call to '" + (Name.empty() ? "?" : Name) +
                              "' with double arguments or result");
  }
  return unsupported(I, Twine("'") + I.getOpcodeName() + "' on double");
}

/// Links the software binary64 functions the module now calls from the
/// device library and inlines them.
bool linkSoftDouble(Module &M, LoweringContext &Ctx) {
  bool Needed = llvm::any_of(M, [](const Function &F) {
    return F.isDeclaration() && F.getName().startswith("__cumetal_d") &&
           !F.use_empty();
  });
  if (!Needed)
    return true;
  const std::string &Path = Ctx.options().deviceLibrary;
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf) {
    Ctx.error(static_cast<Function *>(nullptr),
              "--fp64=emulate needs cumetal's device math library '" + Path +
                  "': " + Buf.getError().message());
    return false;
  }
  Expected<std::unique_ptr<Module>> Lib =
      parseBitcodeFile(**Buf, M.getContext());
  if (!Lib) {
    Ctx.error(static_cast<Function *>(nullptr),
              "cannot read cumetal's device math library '" + Path +
                  "': " + toString(Lib.takeError()));
    return false;
  }
  (*Lib)->setDataLayout(M.getDataLayout());
  (*Lib)->setTargetTriple(M.getTargetTriple());
  if (Linker::linkModules(M, std::move(*Lib), Linker::LinkOnlyNeeded)) {
    Ctx.error(static_cast<Function *>(nullptr),
              "internal: cannot link the software binary64 functions");
    return false;
  }
  inlineIntoKernels(M);
  return true;
}

} // namespace

PreservedAnalyses EmulateFP64Pass::run(Module &M, ModuleAnalysisManager &) {
  if (Ctx.options().fp64 != FP64Mode::Emulate)
    return PreservedAnalyses::all();
  bool OK = true;
  for (Function &F : M)
    if (!F.isDeclaration())
      OK &= Emulator(F, Ctx).run();
  if (OK)
    linkSoftDouble(M, Ctx);
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

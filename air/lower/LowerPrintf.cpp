//===- air/lower/LowerPrintf.cpp - Device printf into the printf buffer ---===//
//
// Clang lowers device printf to vprintf(format, args), with the arguments
// packed in a private struct as CUDA packs them (each at its natural
// alignment; float promoted to double). Apple's GPUs have no host console,
// so (docs/abi.md §4) each call appends a record to the printf buffer at
// [[buffer(2)]]: an atomic bump of the buffer's cursor reserves
// `8 + sizeof(args)` bytes plus the %s strings (rounded to 8), and, if they
// fit, the record's size, its format id, the argument bytes and the
// strings' bytes are written. The format
// strings stay with the module, in the envelope, indexed by id; the runtime
// formats the records after the launch.
//
// Two things are resolved here: plain %s arguments that are string literals
// are folded into the format (program-scope constants are not host
// memory; other %s strings are copied into the record, as the thread's
// private memory is gone when the runtime reads it), and the float->double
// promotion is done on the bits with integer
// arithmetic, so no double-precision operation reaches the GPU.
//
//===----------------------------------------------------------------------===//

#include "air/lower/FloatBits.h"
#include "air/lower/Passes.h"
#include "air/lower/PrintfBuffer.h"

#include "llvm/ADT/SmallSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

/// One conversion of a printf format: where it is and how many arguments it
/// takes (1, plus one each for a `*` width and precision).
struct Conversion {
  size_t Begin, End; ///< the spec's extent in the format, `%` to conversion
  char Type;         ///< conversion character
  unsigned Args;     ///< arguments consumed
  bool Wide;         ///< an `l`, `ll`, `j`, `z`, `t` or `q` length
};

/// Splits a printf format into conversions. Returns false for a format that
/// ends inside a conversion.
bool parseFormat(StringRef Fmt, std::vector<Conversion> &Out) {
  for (size_t I = 0; I < Fmt.size(); ++I) {
    if (Fmt[I] != '%')
      continue;
    size_t Begin = I++;
    if (I < Fmt.size() && Fmt[I] == '%')
      continue;
    unsigned Args = 1;
    while (I < Fmt.size() && StringRef("-+ #0").contains(Fmt[I]))
      ++I;
    if (I < Fmt.size() && Fmt[I] == '*')
      ++Args, ++I;
    while (I < Fmt.size() && isDigit(Fmt[I]))
      ++I;
    if (I < Fmt.size() && Fmt[I] == '.') {
      ++I;
      if (I < Fmt.size() && Fmt[I] == '*')
        ++Args, ++I;
      while (I < Fmt.size() && isDigit(Fmt[I]))
        ++I;
    }
    bool Wide = false;
    while (I < Fmt.size() && StringRef("hlLqjzt").contains(Fmt[I]))
      Wide |= Fmt[I++] != 'h';
    if (I >= Fmt.size())
      return false;
    Out.push_back({Begin, I + 1, Fmt[I], Args, Wide});
  }
  return true;
}

/// The constant C string \p V points to, if it is one.
Optional<StringRef> constantString(Value *V) {
  StringRef S;
  if (getConstantStringInfo(V->stripPointerCasts(), S))
    return S;
  if (auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(V)))
    if (GV->isConstant() && GV->hasInitializer())
      if (auto *CDA = dyn_cast<ConstantDataArray>(GV->getInitializer()))
        if (CDA->isCString())
          return CDA->getAsCString();
  return None;
}

/// The argument pack vprintf expects for \p Convs, as a struct (each
/// argument at its natural alignment): `*` widths and precisions and
/// integer conversions int (long and long long with their length), floating
/// conversions double, %s and %p pointers. Used when the pack is a byte
/// buffer (PTX's vprintf calls) rather than Clang's struct.
StructType *packType(LLVMContext &C, const std::vector<Conversion> &Convs) {
  std::vector<Type *> Fields;
  for (const Conversion &Conv : Convs) {
    for (unsigned K = 1; K < Conv.Args; ++K)
      Fields.push_back(Type::getInt32Ty(C));
    if (StringRef("fFeEgGaA").contains(Conv.Type))
      Fields.push_back(Type::getDoubleTy(C));
    else if (Conv.Type == 's' || Conv.Type == 'p')
      Fields.push_back(Type::getInt8PtrTy(C));
    else
      Fields.push_back(Conv.Wide ? Type::getInt64Ty(C) : Type::getInt32Ty(C));
  }
  return StructType::get(C, Fields);
}

/// The float that double \p V is exactly: `fpext float x` gives x; the
/// optimiser may move a sign change across the promotion (`-(double)x`,
/// `fabs((double)x)`), which is exact on the float too. Null if \p V is
/// not a promoted float.
Value *promotedFloat(Value *V, IRBuilder<> &B) {
  if (auto *Ext = dyn_cast<FPExtInst>(V))
    return Ext->getOperand(0)->getType()->isFloatTy() ? Ext->getOperand(0)
                                                      : nullptr;
  // A promotion that quiets NaNs explicitly (PTX's cvt.f64.f32):
  // select(isnan x, bits(fpext x) | quiet, fpext x). The printf promotion
  // of x quiets NaNs too.
  if (auto *Sel = dyn_cast<SelectInst>(V)) {
    auto *Ext = dyn_cast<FPExtInst>(Sel->getFalseValue());
    if (auto *BC = dyn_cast<BitCastInst>(Sel->getTrueValue()))
      if (auto *Or = dyn_cast<BinaryOperator>(BC->getOperand(0)))
        if (Or->getOpcode() == Instruction::Or)
          if (auto *Bits = dyn_cast<BitCastInst>(Or->getOperand(0)))
            if (Ext && Bits->getOperand(0) == Ext &&
                isa<ConstantInt>(Or->getOperand(1)))
              return promotedFloat(Ext, B);
  }
  if (auto *Neg = dyn_cast<UnaryOperator>(V))
    if (Neg->getOpcode() == Instruction::FNeg)
      if (Value *X = promotedFloat(Neg->getOperand(0), B))
        return B.CreateFNeg(X);
  if (auto *II = dyn_cast<IntrinsicInst>(V))
    if (II->getIntrinsicID() == Intrinsic::fabs)
      if (Value *X = promotedFloat(II->getArgOperand(0), B))
        return B.CreateUnaryIntrinsic(Intrinsic::fabs, X);
  return nullptr;
}

class PrintfLowering {
public:
  PrintfLowering(Module &M, LoweringContext &Ctx) : M(M), Ctx(Ctx) {}
  void lower(CallInst &CI);

private:
  Module &M;
  LoweringContext &Ctx;
};

void PrintfLowering::lower(CallInst &CI) {
  Optional<StringRef> Fmt = constantString(CI.getArgOperand(0));
  if (!Fmt) {
    Ctx.error(&CI, "printf with a format that is not a string literal is not "
                   "supported in device code");
    return;
  }
  std::vector<Conversion> Convs;
  if (!parseFormat(*Fmt, Convs)) {
    Ctx.error(&CI, "printf format ends inside a conversion specification");
    return;
  }
  const DataLayout &DL = M.getDataLayout();
  Value *Args = CI.getArgOperand(1)->stripPointerCasts();
  // Clang's pack is a struct alloca; PTX's a byte range of a local buffer,
  // whose layout the format gives.
  int64_t PackOffset = 0;
  auto *Pack = dyn_cast<AllocaInst>(
      GetPointerBaseWithConstantOffset(Args, PackOffset, DL));
  StructType *ST = Pack && PackOffset == 0
                       ? dyn_cast<StructType>(Pack->getAllocatedType())
                       : nullptr;
  bool ByteBuffer = Pack && !ST;
  if (ByteBuffer)
    ST = packType(M.getContext(), Convs);
  if (!isa<ConstantPointerNull>(Args) && !ST) {
    Ctx.error(&CI, "internal: unexpected printf argument pack");
    return;
  }
  unsigned NumFields = ST ? ST->getNumElements() : 0;
  unsigned Needed = 0;
  for (const Conversion &C : Convs)
    Needed += C.Args;
  if (Needed != NumFields) {
    Ctx.error(&CI, "printf format \"" + *Fmt + "\" takes " + Twine(Needed) +
                       " arguments but " + Twine(NumFields) + " were given");
    return;
  }

  // The value stored into each field of the pack before the call, found by
  // byte offset (the optimiser stores through bitcasts of the fields, e.g.
  // an `i64*` into an `i8*` field).
  SmallVector<Value *, 8> FieldValues(NumFields, nullptr);
  if (Pack) {
    DominatorTree DT(*CI.getFunction());
    SmallVector<StoreInst *, 8> Stores(NumFields, nullptr);
    const StructLayout *SL = DL.getStructLayout(ST);
    // Offsets relative to the pack's start.
    SmallVector<std::pair<Value *, int64_t>, 8> Work{{Pack, -PackOffset}};
    while (!Work.empty()) {
      auto [P, Off] = Work.pop_back_val();
      for (User *U : P->users()) {
        if (auto *BC = dyn_cast<BitCastInst>(U)) {
          Work.push_back({BC, Off});
        } else if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
          APInt GOff(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
          if (GEP->accumulateConstantOffset(DL, GOff))
            Work.push_back({GEP, Off + GOff.getSExtValue()});
        } else if (auto *S = dyn_cast<StoreInst>(U)) {
          if (S->getPointerOperand() != P || Off < 0 ||
              uint64_t(Off) >= SL->getSizeInBytes())
            continue;
          unsigned F = SL->getElementContainingOffset(Off);
          // The store that reaches the call: it dominates the call, and
          // of two such stores the later one.
          if (SL->getElementOffset(F) == uint64_t(Off) &&
              DL.getTypeStoreSize(S->getValueOperand()->getType()) ==
                  DL.getTypeStoreSize(ST->getElementType(F)) &&
              DT.dominates(S, &CI) &&
              (!Stores[F] || DT.dominates(Stores[F], S)))
            Stores[F] = S;
        }
      }
    }
    for (unsigned F = 0; F < NumFields; ++F)
      if (Stores[F])
        FieldValues[F] = Stores[F]->getValueOperand();
  }

  // The final format: constant %s arguments are folded into it (the host
  // cannot read GPU constants); everything else is sent in the record.
  std::string NewFmt;
  SmallVector<unsigned, 8> Sent;
  SmallSet<unsigned, 4> StringFields;
  size_t Pos = 0;
  unsigned Field = 0;
  for (const Conversion &C : Convs) {
    NewFmt += Fmt->slice(Pos, C.Begin).str();
    StringRef Spec = Fmt->slice(C.Begin, C.End);
    Pos = C.End;
    Optional<StringRef> Str;
    if (C.Type == 's' && Spec == "%s" && FieldValues[Field])
      Str = constantString(FieldValues[Field]);
    if (Str) {
      NewFmt += escapePercent(*Str);
    } else {
      // Other %s arguments are copied into the record (the last of the
      // conversion's arguments; '*' width and precision come first).
      NewFmt += Spec.str();
      for (unsigned K = 0; K < C.Args; ++K)
        Sent.push_back(Field + K);
      if (C.Type == 's')
        StringFields.insert(Field + C.Args - 1);
    }
    Field += C.Args;
  }
  NewFmt += Fmt->substr(Pos).str();

  // The record's arguments, as vprintf packs them.
  IRBuilder<> B(&CI);
  SmallVector<Value *, 8> Values;
  SmallVector<bool, 8> IsString;
  for (unsigned F : Sent) {
    Value *V = FieldValues[F];
    if (!V && ByteBuffer) {
      Value *P = B.CreateConstGEP1_64(
          B.getInt8Ty(), B.CreateBitCast(Pack, B.getInt8PtrTy()),
          PackOffset + DL.getStructLayout(ST)->getElementOffset(F));
      Type *FT = ST->getElementType(F);
      V = B.CreateLoad(FT, B.CreateBitCast(P, FT->getPointerTo()));
    } else if (!V) {
      V = B.CreateLoad(ST->getElementType(F), B.CreateStructGEP(ST, Pack, F));
    }
    IsString.push_back(StringFields.count(F));
    if (IsString.back()) {
      // Copied into the record: the string may be in the thread's private
      // memory, or change before the runtime reads the buffer.
      Value *P = V->stripPointerCasts();
      if (P->getType()->getPointerAddressSpace() == 0 &&
          !isa<AllocaInst>(getUnderlyingObject(P))) {
        Ctx.error(&CI, "internal: printf %s of a pointer in no known address "
                       "space");
        return;
      }
      Values.push_back(B.CreatePointerCast(
          P, B.getInt8PtrTy(P->getType()->getPointerAddressSpace())));
      continue;
    }
    if (auto *C = dyn_cast<ConstantFP>(V); C && V->getType()->isDoubleTy()) {
      // A promoted float constant: its double bits, computed here.
      V = B.getInt64(C->getValueAPF().bitcastToAPInt().getZExtValue());
    } else if (V->getType()->isDoubleTy()) {
      // float arguments are promoted to double: convert on the bits.
      Value *Single = promotedFloat(V, B);
      if (!Single) {
        Ctx.error(&CI, "printf of a double-precision value: Apple GPUs have "
                       "no double precision (--fp64=error)");
        return;
      }
      V = floatToDoubleBits(B, Single);
    } else if (V->getType()->isPointerTy()) {
      V = B.CreatePtrToInt(V, B.getInt64Ty());
    }
    Values.push_back(V);
  }
  emitPrintfRecord(B, *CI.getFunction(), Ctx, printfFormatId(Ctx, NewFmt),
                   Values, IsString);
  CI.replaceAllUsesWith(ConstantInt::get(CI.getType(), Sent.size()));
  CI.eraseFromParent();
}

} // namespace

PreservedAnalyses LowerPrintfPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<CallInst *, 8> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction())
          if (Callee->getName() == "vprintf")
            Calls.push_back(CI);
  PrintfLowering L(M, Ctx);
  for (CallInst *CI : Calls)
    L.lower(*CI);
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

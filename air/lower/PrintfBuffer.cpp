//===- air/lower/PrintfBuffer.cpp - Records in the printf buffer ----------===//

#include "air/lower/PrintfBuffer.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace cumetal {
namespace air {

std::string escapePercent(StringRef Text) {
  std::string Out;
  for (char C : Text) {
    Out.push_back(C);
    if (C == '%')
      Out.push_back('%');
  }
  return Out;
}

uint32_t printfFormatId(LoweringContext &Ctx, const std::string &Format) {
  std::vector<std::string> &F = Ctx.envelope().printfFormats;
  auto It = std::find(F.begin(), F.end(), Format);
  if (It != F.end())
    return It - F.begin();
  F.push_back(Format);
  return F.size() - 1;
}

static Value *atomicAdd(IRBuilder<> &B, StringRef Op, Value *Ptr, Value *V) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  FunctionType *Ty = FunctionType::get(
      I32, {Ptr->getType(), I32, I32, I32, B.getInt1Ty()}, false);
  return B.CreateCall(
      declareAIRFunction(M, ("air.atomic.global." + Op + ".u.i32").str(), Ty),
      {Ptr, V, B.getInt32(0), B.getInt32(2), B.getTrue()});
}

/// The length of the C string at \p P (an `i8` pointer in any address
/// space); 0 for a null pointer. Leaves \p B after the loop.
static Value *emitStrlen(IRBuilder<> &B, Value *P) {
  BasicBlock *Entry = B.GetInsertBlock();
  BasicBlock *Tail = SplitBlock(Entry, &*B.GetInsertPoint());
  Function *F = Entry->getParent();
  BasicBlock *Loop = BasicBlock::Create(B.getContext(), "strlen", F, Tail);
  Entry->getTerminator()->eraseFromParent();
  B.SetInsertPoint(Entry);
  B.CreateCondBr(B.CreateIsNull(P), Tail, Loop);
  B.SetInsertPoint(Loop);
  PHINode *I = B.CreatePHI(B.getInt64Ty(), 2, "strlen.i");
  I->addIncoming(B.getInt64(0), Entry);
  Value *C =
      B.CreateLoad(B.getInt8Ty(), B.CreateInBoundsGEP(B.getInt8Ty(), P, I));
  I->addIncoming(B.CreateAdd(I, B.getInt64(1)), Loop);
  B.CreateCondBr(B.CreateIsNull(C), Tail, Loop);
  B.SetInsertPoint(Tail, Tail->begin());
  PHINode *Len = B.CreatePHI(B.getInt64Ty(), 2, "strlen");
  Len->addIncoming(B.getInt64(0), Entry);
  Len->addIncoming(I, Loop);
  return Len;
}

/// Copies \p Len bytes from \p Src to \p Dst. Leaves \p B after the loop.
static void emitCopy(IRBuilder<> &B, Value *Dst, Value *Src, Value *Len) {
  BasicBlock *Entry = B.GetInsertBlock();
  BasicBlock *Tail = SplitBlock(Entry, &*B.GetInsertPoint());
  BasicBlock *Loop =
      BasicBlock::Create(B.getContext(), "copy", Entry->getParent(), Tail);
  Entry->getTerminator()->eraseFromParent();
  B.SetInsertPoint(Entry);
  B.CreateCondBr(B.CreateIsNull(Len), Tail, Loop);
  B.SetInsertPoint(Loop);
  PHINode *I = B.CreatePHI(B.getInt64Ty(), 2, "copy.i");
  I->addIncoming(B.getInt64(0), Entry);
  Type *I8 = B.getInt8Ty();
  B.CreateStore(B.CreateLoad(I8, B.CreateInBoundsGEP(I8, Src, I)),
                B.CreateInBoundsGEP(I8, Dst, I));
  Value *Next = B.CreateAdd(I, B.getInt64(1));
  I->addIncoming(Next, Loop);
  B.CreateCondBr(B.CreateICmpEQ(Next, Len), Tail, Loop);
  B.SetInsertPoint(Tail, Tail->begin());
}

void emitPrintfRecord(IRBuilder<> &B, Function &F, LoweringContext &Ctx,
                      uint32_t FormatId, ArrayRef<Value *> Args,
                      ArrayRef<bool> IsString) {
  const DataLayout &DL = F.getParent()->getDataLayout();
  auto StringArg = [&](unsigned I) {
    return I < IsString.size() && IsString[I];
  };
  SmallVector<uint64_t, 8> Offsets;
  uint64_t Off = 8;
  for (unsigned I = 0; I < Args.size(); ++I) {
    uint64_t Size = StringArg(I) ? 8 : DL.getTypeStoreSize(Args[I]->getType());
    Off = alignTo(Off, Size);
    Offsets.push_back(Off);
    Off += Size;
  }
  // The string area follows the fixed part; strings are measured first.
  Type *I64 = B.getInt64Ty();
  Value *RecordSize = B.getInt64(alignTo(Off, 8));
  SmallVector<Value *, 4> Lengths(Args.size(), nullptr);
  SmallVector<Value *, 4> StringAt(Args.size(), nullptr);
  for (unsigned I = 0; I < Args.size(); ++I)
    if (StringArg(I)) {
      Lengths[I] = emitStrlen(B, Args[I]);
      StringAt[I] = RecordSize;
      RecordSize = B.CreateAdd(RecordSize, Lengths[I]);
    }
  RecordSize = B.CreateAnd(B.CreateAdd(RecordSize, B.getInt64(7)),
                           B.getInt64(~uint64_t(7)));
  Type *I32 = B.getInt32Ty();
  Value *Buf = Ctx.getInput(F, KernelInput::PrintfBuffer);
  Value *Cursor = B.CreateBitCast(Buf, PointerType::get(I32, 1));
  Value *Cap = B.CreateLoad(I32, B.CreateConstInBoundsGEP1_64(I32, Cursor, 1),
                            "printf.capacity");
  // A record with strings may be larger than the whole buffer: it cannot
  // fit, and its size must not wrap the 32-bit cursor, so it counts as
  // capacity + 8 bytes.
  Value *Size32 =
      isa<Constant>(RecordSize)
          ? B.CreateTrunc(RecordSize, I32)
          : B.CreateTrunc(
                B.CreateSelect(
                    B.CreateICmpUGT(RecordSize, B.CreateZExt(Cap, I64)),
                    B.CreateAdd(B.CreateZExt(Cap, I64), B.getInt64(8)),
                    RecordSize),
                I32);
  Value *Start = atomicAdd(B, "add", Cursor, Size32);
  Value *Fits = B.CreateAnd(B.CreateICmpULE(Start, Cap),
                            B.CreateICmpUGE(B.CreateSub(Cap, Start), Size32));
  Instruction *Then =
      SplitBlockAndInsertIfThen(Fits, &*B.GetInsertPoint(), false);
  BasicBlock *After = Then->getParent()->getSingleSuccessor();
  B.SetInsertPoint(Then);
  Value *Rec = B.CreateInBoundsGEP(
      B.getInt8Ty(), Buf,
      B.CreateAdd(B.CreateZExt(Start, I64), B.getInt64(16)));
  auto StoreAt = [&](uint64_t At, Value *V) {
    Value *P =
        B.CreateBitCast(B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Rec, At),
                        PointerType::get(V->getType(), 1));
    B.CreateAlignedStore(V, P, Align(MinAlign(At, 8)));
  };
  StoreAt(0, Size32);
  StoreAt(4, B.getInt32(FormatId));
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (!StringArg(I)) {
      StoreAt(Offsets[I], Args[I]);
      continue;
    }
    // The slot: the string's offset in the record (high half) and length
    // (low half); all ones for a null pointer.
    Value *Slot =
        B.CreateSelect(B.CreateIsNull(Args[I]), B.getInt64(~uint64_t(0)),
                       B.CreateOr(B.CreateShl(StringAt[I], 32), Lengths[I]));
    StoreAt(Offsets[I], Slot);
    emitCopy(B, B.CreateInBoundsGEP(B.getInt8Ty(), Rec, StringAt[I]), Args[I],
             Lengths[I]);
  }
  B.SetInsertPoint(&*After->begin());
}

void emitStatus(IRBuilder<> &B, Function &F, LoweringContext &Ctx,
                uint32_t Bits) {
  Value *Buf = Ctx.getInput(F, KernelInput::PrintfBuffer);
  Value *Status = B.CreateConstInBoundsGEP1_64(
      B.getInt32Ty(), B.CreateBitCast(Buf, PointerType::get(B.getInt32Ty(), 1)),
      2);
  atomicAdd(B, "or", Status, B.getInt32(Bits));
}

} // namespace air
} // namespace cumetal

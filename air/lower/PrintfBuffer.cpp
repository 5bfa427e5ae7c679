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

void emitPrintfRecord(IRBuilder<> &B, Function &F, LoweringContext &Ctx,
                      uint32_t FormatId, ArrayRef<Value *> Args) {
  const DataLayout &DL = F.getParent()->getDataLayout();
  SmallVector<uint64_t, 8> Offsets;
  uint64_t Off = 8;
  for (Value *A : Args) {
    uint64_t Size = DL.getTypeStoreSize(A->getType());
    Off = alignTo(Off, Size);
    Offsets.push_back(Off);
    Off += Size;
  }
  uint64_t RecordSize = alignTo(Off, 8);

  Type *I32 = B.getInt32Ty();
  Value *Buf = Ctx.getInput(F, KernelInput::PrintfBuffer);
  Value *Cursor = B.CreateBitCast(Buf, PointerType::get(I32, 1));
  Value *Start = atomicAdd(B, "add", Cursor, B.getInt32(RecordSize));
  Value *Cap = B.CreateLoad(I32, B.CreateConstInBoundsGEP1_64(I32, Cursor, 1),
                            "printf.capacity");
  Value *Fits = B.CreateAnd(
      B.CreateICmpULE(Start, Cap),
      B.CreateICmpUGE(B.CreateSub(Cap, Start), B.getInt32(RecordSize)));
  Instruction *Then =
      SplitBlockAndInsertIfThen(Fits, &*B.GetInsertPoint(), false);
  Instruction *After = &*Then->getParent()->getSingleSuccessor()->begin();
  B.SetInsertPoint(Then);
  Value *Rec = B.CreateInBoundsGEP(
      B.getInt8Ty(), Buf,
      B.CreateAdd(B.CreateZExt(Start, B.getInt64Ty()), B.getInt64(16)));
  auto StoreAt = [&](uint64_t At, Value *V) {
    Value *P =
        B.CreateBitCast(B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Rec, At),
                        PointerType::get(V->getType(), 1));
    B.CreateAlignedStore(V, P, Align(MinAlign(At, 8)));
  };
  StoreAt(0, B.getInt32(RecordSize));
  StoreAt(4, B.getInt32(FormatId));
  for (unsigned I = 0; I < Args.size(); ++I)
    StoreAt(Offsets[I], Args[I]);
  B.SetInsertPoint(After);
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

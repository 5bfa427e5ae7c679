//===- ptx/LiftWarp.cpp - Lifting PTX warp-level instructions -------------===//
//
// shfl, vote, match, redux, activemask and elect (PTX ISA §9.7.9.6,
// §9.7.13), lifted to the llvm.nvvm.* intrinsics Clang 14 emits for
// __shfl*_sync, __ballot_sync, __all_sync, __any_sync, __uni_sync,
// __match_{any,all}_sync and __activemask, which LowerWarpOps implements
// on Apple SIMD-groups:
//   - shfl.sync.{up,down,bfly,idx}.b32 d[|p], a, b, c, membermask:
//     llvm.nvvm.shfl.sync.<mode>.i32 with PTX's operands unchanged (the c
//     operand packs the clamp value and the segment mask exactly as the
//     lowering decodes it), the `p` form when the predicate destination
//     is wanted; the deprecated shfl without .sync shuffles among the
//     active lanes (__activemask());
//   - vote.sync.{all,any,uni}.pred and vote.sync.ballot.b32, with `!%p`
//     inputs: llvm.nvvm.vote.*.sync; the deprecated forms without .sync
//     as Clang's non-sync builtins (uni among the active lanes);
//   - match.{any,all}.sync.{b32,b64}: llvm.nvvm.match.*.sync.*, the
//     predicate of match.all from the intrinsic's second result;
//   - redux.sync.{add,min,max,and,or,xor} on .u32/.s32/.b32: the lowering
//     has no llvm.nvvm.redux.sync, so they are shuffle reductions as
//     cumetal's __reduce_*_sync are written: a xor butterfly for the full
//     mask, else the member lanes' values combined in lane order, which
//     gives every member lane the same result;
//   - activemask.b32: llvm.nvvm.vote.ballot(true), cumetal's __activemask;
//   - elect.sync d|p, membermask: the lowest active lane of membermask.
// %laneid and %lanemask_* are special registers (Lifter.cpp).
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"

#include "llvm/IR/IntrinsicsNVPTX.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

/// The operation word of \p I among \p Names (`bfly`, `ballot`...).
StringRef operationOf(const Instruction &I,
                      std::initializer_list<StringRef> Names) {
  for (const Modifier &M : I.Modifiers)
    for (StringRef N : Names)
      if (M.Name == N)
        return N;
  return "";
}

/// Whether destination \p Index is a pair whose second (predicate) half is
/// a register rather than `_`.
bool wantsPredicate(const Instruction &I, unsigned Index) {
  return Index < I.Operands.size() &&
         I.Operands[Index].K == Operand::Kind::PredPair &&
         I.Operands[Index].Name2 != "_";
}

/// __activemask(): the lanes executing this instruction.
Value *activeMask(FunctionLifter &L) {
  return L.intrinsic(Intrinsic::nvvm_vote_ballot, {}, {L.builder().getTrue()});
}

bool liftShfl(FunctionLifter &L, const Instruction &I) {
  StringRef Mode = operationOf(I, {"up", "down", "bfly", "idx"});
  if (Mode.empty())
    return L.error(I, "'shfl' needs a mode (.up, .down, .bfly or .idx)");
  bool Sync = I.hasModifier("sync");
  if (I.Operands.size() != (Sync ? 5u : 4u))
    return L.error(I, "'" + I.spelling() + "' takes " + Twine(Sync ? 5 : 4) +
                          " operands");
  Value *A = L.read(I, 1, Type::B32);
  Value *BOp = L.read(I, 2, Type::B32);
  Value *C = L.read(I, 3, Type::B32);
  if (!A || !BOp || !C)
    return false;
  // Without .sync (deprecated, PTX < 6.4): the lanes that execute the
  // shuffle take part.
  Value *Mask = Sync ? L.read(I, 4, Type::B32) : activeMask(L);
  if (!Mask)
    return false;
  bool WithPred = wantsPredicate(I, 0);
  static const struct {
    StringRef Mode;
    Intrinsic::ID Plain, Pred;
  } Modes[] = {
      {"up", Intrinsic::nvvm_shfl_sync_up_i32,
       Intrinsic::nvvm_shfl_sync_up_i32p},
      {"down", Intrinsic::nvvm_shfl_sync_down_i32,
       Intrinsic::nvvm_shfl_sync_down_i32p},
      {"bfly", Intrinsic::nvvm_shfl_sync_bfly_i32,
       Intrinsic::nvvm_shfl_sync_bfly_i32p},
      {"idx", Intrinsic::nvvm_shfl_sync_idx_i32,
       Intrinsic::nvvm_shfl_sync_idx_i32p},
  };
  for (const auto &M : Modes) {
    if (M.Mode != Mode)
      continue;
    IRBuilder<> &B = L.builder();
    if (!WithPred)
      return L.write(I, 0, L.intrinsic(M.Plain, {}, {Mask, A, BOp, C}),
                     Type::B32);
    Value *R = L.intrinsic(M.Pred, {}, {Mask, A, BOp, C});
    return L.write(I, 0, B.CreateExtractValue(R, 0), Type::B32) &&
           L.write(I, 0, B.CreateExtractValue(R, 1), Type::Pred,
                   /*Second=*/true);
  }
  return L.unsupported(I);
}

bool liftVote(FunctionLifter &L, const Instruction &I) {
  StringRef Op = operationOf(I, {"all", "any", "uni", "ballot"});
  if (Op.empty())
    return L.error(I, "'vote' needs an operation");
  bool Sync = I.hasModifier("sync");
  if (I.Operands.size() != (Sync ? 3u : 2u))
    return L.error(I, "'" + I.spelling() + "' takes " + Twine(Sync ? 3 : 2) +
                          " operands");
  Value *P = L.read(I, 1, Type::Pred); // `!%p` is negated by read()
  if (!P)
    return false;
  Value *Mask = Sync ? L.read(I, 2, Type::B32) : nullptr;
  if (Sync && !Mask)
    return false;
  if (Op == "ballot") {
    Value *R =
        Sync ? L.intrinsic(Intrinsic::nvvm_vote_ballot_sync, {}, {Mask, P})
             : L.intrinsic(Intrinsic::nvvm_vote_ballot, {}, {P});
    return L.write(I, 0, R, Type::B32);
  }
  if (FunctionLifter::typeOfInstr(I) != Type::Pred)
    return L.error(I, "'vote." + Op + "' needs the type .pred");
  Value *R;
  if (Op == "all")
    R = Sync ? L.intrinsic(Intrinsic::nvvm_vote_all_sync, {}, {Mask, P})
             : L.intrinsic(Intrinsic::nvvm_vote_all, {}, {P});
  else if (Op == "any")
    R = Sync ? L.intrinsic(Intrinsic::nvvm_vote_any_sync, {}, {Mask, P})
             : L.intrinsic(Intrinsic::nvvm_vote_any, {}, {P});
  else // uni: the lowering knows only the .sync form
    R = L.intrinsic(Intrinsic::nvvm_vote_uni_sync, {},
                    {Sync ? Mask : activeMask(L), P});
  return L.write(I, 0, R, Type::Pred);
}

bool liftMatch(FunctionLifter &L, const Instruction &I) {
  StringRef Op = operationOf(I, {"any", "all"});
  Type T = FunctionLifter::typeOfInstr(I);
  if (Op.empty() || (T != Type::B32 && T != Type::B64))
    return L.error(I, "'" + I.spelling() +
                          "' needs .any or .all and .b32 "
                          "or .b64");
  Value *V = L.read(I, 1, T);
  Value *Mask = L.read(I, 2, Type::B32);
  if (!V || !Mask)
    return false;
  IRBuilder<> &B = L.builder();
  bool Wide = T == Type::B64;
  // Clang's 64-bit forms return the lane mask as an i64.
  auto ToMask = [&](Value *R) {
    return Wide ? B.CreateTrunc(R, B.getInt32Ty()) : R;
  };
  if (Op == "any") {
    Value *R = L.intrinsic(Wide ? Intrinsic::nvvm_match_any_sync_i64
                                : Intrinsic::nvvm_match_any_sync_i32,
                           {}, {Mask, V});
    return L.write(I, 0, ToMask(R), Type::B32);
  }
  Value *R = L.intrinsic(Wide ? Intrinsic::nvvm_match_all_sync_i64p
                              : Intrinsic::nvvm_match_all_sync_i32p,
                         {}, {Mask, V});
  if (!L.write(I, 0, ToMask(B.CreateExtractValue(R, 0)), Type::B32))
    return false;
  return !wantsPredicate(I, 0) ||
         L.write(I, 0, B.CreateExtractValue(R, 1), Type::Pred,
                 /*Second=*/true);
}

bool liftRedux(FunctionLifter &L, const Instruction &I) {
  StringRef Op = operationOf(I, {"add", "min", "max", "and", "or", "xor"});
  Type T = FunctionLifter::typeOfInstr(I);
  if (T == Type::F32)
    return L.unsupported(I, "floating-point warp reductions (sm_100a) are "
                            "not supported");
  if (Op.empty() || (T != Type::U32 && T != Type::S32 && T != Type::B32))
    return L.error(I, "'" + I.spelling() +
                          "' needs an operation and .u32, "
                          ".s32 or .b32");
  Value *V = L.read(I, 1, T);
  Value *Mask = L.read(I, 2, Type::B32);
  if (!V || !Mask)
    return false;
  IRBuilder<> &B = L.builder();
  bool Signed = T == Type::S32;
  auto Combine = [&](Value *X, Value *Y) -> Value * {
    if (Op == "add")
      return B.CreateAdd(X, Y);
    if (Op == "and")
      return B.CreateAnd(X, Y);
    if (Op == "or")
      return B.CreateOr(X, Y);
    if (Op == "xor")
      return B.CreateXor(X, Y);
    Value *Less = Signed ? B.CreateICmpSLT(X, Y) : B.CreateICmpULT(X, Y);
    return Op == "min" ? B.CreateSelect(Less, X, Y)
                       : B.CreateSelect(Less, Y, X);
  };
  Value *Clamp = B.getInt32(0x1f);
  auto *Const = dyn_cast<ConstantInt>(Mask);
  if (Const && Const->isAllOnesValue()) {
    // The whole warp: a xor butterfly, every lane ending with the result.
    Value *Acc = V;
    for (unsigned Offset = 16; Offset; Offset /= 2)
      Acc = Combine(Acc, L.intrinsic(Intrinsic::nvvm_shfl_sync_bfly_i32, {},
                                     {Mask, Acc, B.getInt32(Offset), Clamp}));
    return L.write(I, 0, Acc, T);
  }
  // Any other mask: the member lanes' values in lane order, read with a
  // shuffle each (the same lanes, in the same order, for every member).
  //   acc = v[first]; m = mask & (mask - 1);
  //   while (m) { acc = acc op v[cttz(m)]; m &= m - 1; }
  LLVMContext &C = L.context();
  llvm::Function *F = B.GetInsertBlock()->getParent();
  auto Cttz = [&](Value *X) {
    return L.intrinsic(Intrinsic::cttz, {B.getInt32Ty()}, {X, B.getFalse()});
  };
  auto Shfl = [&](Value *Lane) {
    return L.intrinsic(Intrinsic::nvvm_shfl_sync_idx_i32, {},
                       {Mask, V, Lane, Clamp});
  };
  Value *First = Shfl(Cttz(Mask));
  Value *Rest = B.CreateAnd(Mask, B.CreateSub(Mask, B.getInt32(1)));
  BasicBlock *Entry = B.GetInsertBlock();
  BasicBlock *Loop = BasicBlock::Create(C, "redux.loop", F);
  BasicBlock *Done = BasicBlock::Create(C, "redux.done", F);
  B.CreateCondBr(B.CreateICmpNE(Rest, B.getInt32(0)), Loop, Done);
  B.SetInsertPoint(Loop);
  PHINode *Acc = B.CreatePHI(B.getInt32Ty(), 2, "redux.acc");
  PHINode *M = B.CreatePHI(B.getInt32Ty(), 2, "redux.mask");
  Acc->addIncoming(First, Entry);
  M->addIncoming(Rest, Entry);
  Value *NextAcc = Combine(Acc, Shfl(Cttz(M)));
  Value *NextM = B.CreateAnd(M, B.CreateSub(M, B.getInt32(1)));
  Acc->addIncoming(NextAcc, Loop);
  M->addIncoming(NextM, Loop);
  B.CreateCondBr(B.CreateICmpNE(NextM, B.getInt32(0)), Loop, Done);
  B.SetInsertPoint(Done);
  PHINode *Result = B.CreatePHI(B.getInt32Ty(), 2, "redux.result");
  Result->addIncoming(First, Entry);
  Result->addIncoming(NextAcc, Loop);
  return L.write(I, 0, Result, T);
}

bool liftActivemask(FunctionLifter &L, const Instruction &I) {
  return L.write(I, 0, activeMask(L), Type::B32);
}

bool liftElect(FunctionLifter &L, const Instruction &I) {
  // elect.sync d|p, membermask: the leader is the lowest-numbered active
  // lane of membermask; d is its lane, p true in the leader only.
  Value *Mask = L.read(I, 1, Type::B32);
  if (!Mask)
    return false;
  IRBuilder<> &B = L.builder();
  Value *Members =
      L.intrinsic(Intrinsic::nvvm_vote_ballot_sync, {}, {Mask, B.getTrue()});
  Value *Leader =
      L.intrinsic(Intrinsic::cttz, {B.getInt32Ty()}, {Members, B.getTrue()});
  Value *Lane =
      B.CreateCall(L.function("llvm.nvvm.read.ptx.sreg.laneid",
                              FunctionType::get(B.getInt32Ty(), false)));
  return L.write(I, 0, Leader, Type::B32) &&
         L.write(I, 0, B.CreateICmpEQ(Lane, Leader), Type::Pred,
                 /*Second=*/true);
}

} // namespace

void addWarpInstructions(LiftTable &T) {
  T.add("shfl", liftShfl);
  T.add("vote", liftVote);
  T.add("match", liftMatch);
  T.add("redux", liftRedux);
  T.add("activemask", liftActivemask);
  T.add("elect", liftElect);
}

} // namespace ptx
} // namespace cumetal

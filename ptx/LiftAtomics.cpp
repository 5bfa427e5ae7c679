//===- ptx/LiftAtomics.cpp - Lifting PTX atom and red ---------------------===//
//
// atom and red (PTX ISA §9.7.13.5, §9.7.13.6), lifted to what Clang 14
// emits for CUDA's atomic functions with cumetal's headers
// (runtime-lite/include/cumetal/__cumetal_device_api.h), which
// LowerAtomics and Atomic64Lowering implement on Apple GPUs:
//   - add, exch, and, or, xor, min, max on 32- and 64-bit integers, add on
//     f64: one atomicrmw (min/max signed for .s32/.s64, unsigned for
//     .u32/.u64); cas on .b32/.b64: cmpxchg, the old value its result;
//   - add on f32: a compare-and-swap loop, since NVIDIA's results differ
//     from a plain atomicrmw fadd: NaNs become the canonical NaN, and in
//     global memory subnormals are flushed (see liftFloatAdd);
//   - inc and dec (.u32) with PTX's wrapping, ((old >= b) ? 0 : old + 1)
//     and ((old == 0 || old > b) ? b : old - 1): a compare-and-swap loop,
//     as atomicInc/atomicDec are written (the lowering has no
//     llvm.nvvm.atomic.load.inc/dec.32);
//   - cas.b16 (16-bit atomicCAS) and add.noftz on .f16/.bf16: a
//     compare-and-swap loop on the naturally aligned 32-bit word holding
//     the datum; .f16x2/.bf16x2 add: a loop on the word itself (both
//     halves rounded to nearest even, subnormals kept, as .noftz says);
//   - state spaces: .global and .shared give pointers in address spaces 1
//     and 3, no space a generic pointer (the lowering infers its space);
//   - memory semantics: .relaxed (the default) monotonic, .acquire,
//     .release and .acq_rel the same LLVM orderings (a cmpxchg fails with
//     the strongest ordering LLVM allows); scopes (.cta, .gpu, .sys;
//     .cluster without clusters is the CTA) keep LLVM's default system
//     scope, since a wider scope is a correct implementation of a narrower
//     one, as cumetal's atomicAdd_block/_system are plain atomicAdd;
//   - red is atom without a result.
// Rejected by name: .shared::cluster (Hopper clusters), vector atomics
// (.v2/.v4/.v8), 128-bit cas/exch, f16 min/max, red.async.
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"
#include "ptx/LiftHelpers.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

/// The memory ordering of \p I's .sem modifier; monotonic when none.
AtomicOrdering orderingOf(const Instruction &I) {
  if (I.hasModifier("acq_rel"))
    return AtomicOrdering::AcquireRelease;
  if (I.hasModifier("acquire"))
    return AtomicOrdering::Acquire;
  if (I.hasModifier("release"))
    return AtomicOrdering::Release;
  return AtomicOrdering::Monotonic;
}

/// The ordering a failed cmpxchg of success ordering \p O has (LLVM allows
/// no release component there).
AtomicOrdering failureOrdering(AtomicOrdering O) {
  return AtomicCmpXchgInst::getStrongestFailureOrdering(O);
}

StringRef operationOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers)
    if (M.Kind == ModifierKind::Operation)
      return M.Name;
  return "";
}

/// One atom/red being lifted: its operands' positions and properties.
struct Atomic {
  FunctionLifter &L;
  const Instruction &I;
  bool HasResult; ///< atom (true) or red
  StringRef Op;
  Type T;
  StateSpace Space;
  AtomicOrdering Order;

  IRBuilder<> &B() { return L.builder(); }
  unsigned addressIndex() const { return HasResult ? 1 : 0; }
  unsigned valueIndex() const { return addressIndex() + 1; }
  Value *address(llvm::Type *ElemTy) {
    return L.address(I, addressIndex(), Space, ElemTy);
  }
  bool result(Value *Old) { return !HasResult || L.write(I, 0, Old, T); }

  bool lift();
  bool liftRMW(AtomicRMWInst::BinOp Op);
  bool liftCas();
  bool liftWrapping();
  bool liftHalfWord(function_ref<Value *(Value *)> NewHalf,
                    function_ref<Value *(Value *)> Stop);
  bool liftHalfAdd();
  bool liftFloatAdd();
  Value *casLoop(Value *Ptr, llvm::Type *Ty,
                 function_ref<Value *(Value *)> Update,
                 function_ref<Value *(Value *)> Stop = nullptr);
};

bool Atomic::liftRMW(AtomicRMWInst::BinOp Op) {
  Value *V = L.read(I, valueIndex(), T);
  if (!V)
    return false;
  Value *P = address(V->getType());
  if (!P)
    return false;
  unsigned Size = typeBits(T) / 8;
  Value *Old = B().CreateAtomicRMW(Op, P, V, llvm::MaybeAlign(Size), Order);
  return result(Old);
}

bool Atomic::liftCas() {
  unsigned Bits = typeBits(T);
  if (Bits == 128)
    return L.unsupported(I, "128-bit atomics have no Apple equivalent");
  if (Bits == 16) {
    Value *Cmp = L.read(I, valueIndex(), T);
    Value *New = L.read(I, valueIndex() + 1, T);
    if (!Cmp || !New)
      return false;
    // Stops without writing when the half differs from Cmp.
    return liftHalfWord([&](Value *) { return New; },
                        [&](Value *Cur) { return B().CreateICmpNE(Cur, Cmp); });
  }
  if (Bits != 32 && Bits != 64)
    return L.error(I, "'atom.cas' needs a 16-, 32- or 64-bit type");
  Value *Cmp = L.read(I, valueIndex(), T);
  Value *New = L.read(I, valueIndex() + 1, T);
  if (!Cmp || !New)
    return false;
  Value *P = address(Cmp->getType());
  if (!P)
    return false;
  Value *Pair = B().CreateAtomicCmpXchg(P, Cmp, New, llvm::MaybeAlign(Bits / 8),
                                        Order, failureOrdering(Order));
  return result(B().CreateExtractValue(Pair, 0));
}

/// A compare-and-swap loop on the \p Ty at \p Ptr:
///   old = atomic load (relaxed)
///   loop: if (Stop(old)) break;            (when Stop is given)
///         (old', ok) = cmpxchg(ptr, old, Update(old)); old = old'
///         until ok
/// Returns the value the location held when the loop ended, which is the
/// old value of the atomic operation.
Value *Atomic::casLoop(Value *Ptr, llvm::Type *Ty,
                       function_ref<Value *(Value *)> Update,
                       function_ref<Value *(Value *)> Stop) {
  IRBuilder<> &Bd = B();
  LLVMContext &C = L.context();
  llvm::Function *F = Bd.GetInsertBlock()->getParent();
  llvm::Align A(Ty->getPrimitiveSizeInBits() / 8);
  LoadInst *Init = Bd.CreateAlignedLoad(Ty, Ptr, A);
  Init->setAtomic(AtomicOrdering::Monotonic);
  BasicBlock *Entry = Bd.GetInsertBlock();
  BasicBlock *Loop = BasicBlock::Create(C, "atom.loop", F);
  BasicBlock *Done = BasicBlock::Create(C, "atom.done", F);
  Bd.CreateBr(Loop);
  Bd.SetInsertPoint(Loop);
  PHINode *Old = Bd.CreatePHI(Ty, 2, "atom.old");
  Old->addIncoming(Init, Entry);
  BasicBlock *StopFrom = nullptr;
  if (Stop) {
    BasicBlock *Swap = BasicBlock::Create(C, "atom.swap", F, Done);
    Bd.CreateCondBr(Stop(Old), Done, Swap);
    StopFrom = Bd.GetInsertBlock();
    Bd.SetInsertPoint(Swap);
  }
  Value *Pair = Bd.CreateAtomicCmpXchg(Ptr, Old, Update(Old), A, Order,
                                       failureOrdering(Order));
  Value *Seen = Bd.CreateExtractValue(Pair, 0);
  Value *OK = Bd.CreateExtractValue(Pair, 1);
  Old->addIncoming(Seen, Bd.GetInsertBlock());
  BasicBlock *SwapEnd = Bd.GetInsertBlock();
  Bd.CreateCondBr(OK, Done, Loop);
  Bd.SetInsertPoint(Done);
  if (!StopFrom)
    return Old;
  PHINode *Result = Bd.CreatePHI(Ty, 2, "atom.result");
  Result->addIncoming(Old, StopFrom);
  Result->addIncoming(Old, SwapEnd);
  return Result;
}

bool Atomic::liftWrapping() {
  if (T != Type::U32)
    return L.error(I, "'atom." + Op + "' needs the type .u32");
  Value *V = L.read(I, valueIndex(), T);
  if (!V)
    return false;
  Value *P = address(V->getType());
  if (!P)
    return false;
  IRBuilder<> &Bd = B();
  bool Inc = Op == "inc";
  Value *Old = casLoop(P, Bd.getInt32Ty(), [&](Value *Old) -> Value * {
    if (Inc)
      return Bd.CreateSelect(Bd.CreateICmpUGE(Old, V), Bd.getInt32(0),
                             Bd.CreateAdd(Old, Bd.getInt32(1)));
    Value *Reload = Bd.CreateOr(Bd.CreateICmpEQ(Old, Bd.getInt32(0)),
                                Bd.CreateICmpUGT(Old, V));
    return Bd.CreateSelect(Reload, V, Bd.CreateSub(Old, Bd.getInt32(1)));
  });
  return result(Old);
}

/// An operation on a 16-bit datum through the 32-bit word holding it:
/// \p NewHalf gives the new half from the current one, \p Stop (if given)
/// whether to leave the word alone. The result is the old half.
bool Atomic::liftHalfWord(function_ref<Value *(Value *)> NewHalf,
                          function_ref<Value *(Value *)> Stop) {
  IRBuilder<> &Bd = B();
  Value *P16 = address(Bd.getInt16Ty());
  if (!P16)
    return false;
  unsigned AS = P16->getType()->getPointerAddressSpace();
  // The word at (address & ~3); the half at bit (address & 2) * 8. The
  // word's pointer is a select of the datum's pointer and that pointer
  // minus 2, so that no optimisation can turn it into an integer.
  Value *Off = Bd.CreateAnd(Bd.CreatePtrToInt(P16, Bd.getInt64Ty()), 2);
  Value *Byte = Bd.CreateBitCast(P16, Bd.getInt8PtrTy(AS));
  Value *High = Bd.CreateICmpNE(Off, Bd.getInt64(0));
  Value *Word = Bd.CreateBitCast(
      Bd.CreateSelect(High, Bd.CreateConstGEP1_64(Bd.getInt8Ty(), Byte, -2),
                      Byte),
      Bd.getInt32Ty()->getPointerTo(AS));
  Value *Shift = Bd.CreateTrunc(Bd.CreateShl(Off, 3), Bd.getInt32Ty());
  Value *Keep = Bd.CreateNot(Bd.CreateShl(Bd.getInt32(0xffff), Shift));
  auto HalfOf = [&](Value *W) {
    return Bd.CreateTrunc(Bd.CreateLShr(W, Shift), Bd.getInt16Ty());
  };
  Value *OldWord = casLoop(
      Word, Bd.getInt32Ty(),
      [&](Value *W) -> Value * {
        Value *H = Bd.CreateZExt(NewHalf(HalfOf(W)), Bd.getInt32Ty());
        return Bd.CreateOr(Bd.CreateAnd(W, Keep), Bd.CreateShl(H, Shift));
      },
      Stop ? function_ref<Value *(Value *)>(
                 [&](Value *W) { return Stop(HalfOf(W)); })
           : nullptr);
  return result(HalfOf(OldWord));
}

bool Atomic::liftHalfAdd() {
  if (!I.hasModifier("noftz"))
    return L.error(I, "'atom.add' on 16-bit floating-point data needs "
                      ".noftz");
  IRBuilder<> &Bd = B();
  Type ET = lift::elementType(T);
  Value *V = L.read(I, valueIndex(), T);
  if (!V)
    return false;
  V = Bd.CreateBitCast(V, Bd.getIntNTy(typeBits(T)));
  auto AddHalf = [&](Value *A, Value *C) {
    Value *Sum =
        Bd.CreateFAdd(lift::halfToFloat(L, A, ET), lift::halfToFloat(L, C, ET));
    return lift::floatToHalf(L, Sum, ET, lift::Rounding::RN);
  };
  if (!lift::isPairType(T))
    return liftHalfWord([&](Value *Cur) { return AddHalf(Cur, V); }, nullptr);
  Value *P = address(Bd.getInt32Ty());
  if (!P)
    return false;
  // Not a structured binding: lambdas cannot capture those in C++17.
  std::pair<Value *, Value *> VHalves = lift::splitPair(Bd, V);
  Value *VLo = VHalves.first, *VHi = VHalves.second;
  Value *Old = casLoop(P, Bd.getInt32Ty(), [&](Value *W) {
    auto [Lo, Hi] = lift::splitPair(Bd, W);
    return lift::joinPair(Bd, AddHalf(Lo, VLo), AddHalf(Hi, VHi));
  });
  return result(Old);
}

/// atom.add.f32 as NVIDIA GPUs compute it: NaN results are the canonical
/// NaN, and in global memory (and generic addresses, most often global)
/// subnormal inputs and results are flushed to zeros of their sign, as
/// PTX specifies; shared-memory atomics keep subnormals (measured on
/// Hopper). atomicrmw fadd (Clang's atomicAdd) gives neither, so this is
/// a compare-and-swap loop on the bits.
bool Atomic::liftFloatAdd() {
  IRBuilder<> &Bd = B();
  Value *V = L.read(I, valueIndex(), T);
  if (!V)
    return false;
  Value *P = address(Bd.getInt32Ty());
  if (!P)
    return false;
  bool Flush = Space != StateSpace::Shared;
  if (Flush)
    V = lift::flushSubnormal(Bd, V);
  Value *Old = casLoop(P, Bd.getInt32Ty(), [&](Value *W) {
    Value *A = Bd.CreateBitCast(W, Bd.getFloatTy());
    if (Flush)
      A = lift::flushSubnormal(Bd, A);
    Value *Sum = Bd.CreateFAdd(A, V);
    if (Flush)
      Sum = lift::flushSubnormal(Bd, Sum);
    return Bd.CreateBitCast(lift::canonicalize(Bd, Sum), Bd.getInt32Ty());
  });
  return result(Bd.CreateBitCast(Old, Bd.getFloatTy()));
}

bool Atomic::lift() {
  if (I.hasModifier("async"))
    return L.unsupported(I, "asynchronous reductions (red.async) complete "
                            "through an mbarrier, which has no Apple "
                            "equivalent");
  if (I.hasModifier("shared::cluster"))
    return L.unsupported(I, "Hopper cluster instructions have no Apple "
                            "equivalent");
  if (I.vectorWidth())
    return L.unsupported(I, "vector atomics (.v2, .v4, .v8) are not "
                            "supported");
  if (Space != StateSpace::None && Space != StateSpace::Global &&
      Space != StateSpace::Shared)
    return L.unsupported(I, "atomics on ." + stateSpaceName(Space).str() +
                                " memory");
  if (Op.empty() || T == Type::None)
    return L.error(I, "'" + I.spelling() + "' needs an operation and a type");
  bool Int = !isFloat(T);
  bool Signed = isSigned(T);
  unsigned Bits = typeBits(T);
  if (Op == "cas")
    return liftCas();
  if (Op == "inc" || Op == "dec")
    return liftWrapping();
  if (Bits == 128)
    return L.unsupported(I, "128-bit atomics have no Apple equivalent");
  if (Int && Bits != 32 && Bits != 64)
    return L.error(I, "'" + I.spelling() + "' needs a 32- or 64-bit type");
  if (Op == "exch")
    return Int ? liftRMW(AtomicRMWInst::Xchg)
               : L.error(I, "'atom.exch' needs a bit-size type");
  if (Op == "and" || Op == "or" || Op == "xor") {
    if (!Int)
      return L.error(I, "'" + I.spelling() + "' needs a bit-size type");
    return liftRMW(Op == "and"  ? AtomicRMWInst::And
                   : Op == "or" ? AtomicRMWInst::Or
                                : AtomicRMWInst::Xor);
  }
  if (Op == "min" || Op == "max") {
    if (!Int)
      return L.unsupported(I, "floating-point atomic minimum and maximum "
                              "are not supported");
    bool Min = Op == "min";
    return liftRMW(Signed ? (Min ? AtomicRMWInst::Min : AtomicRMWInst::Max)
                          : (Min ? AtomicRMWInst::UMin : AtomicRMWInst::UMax));
  }
  if (Op == "add") {
    if (Int)
      return liftRMW(AtomicRMWInst::Add);
    if (T == Type::F32)
      return liftFloatAdd();
    if (T == Type::F64)
      return liftRMW(AtomicRMWInst::FAdd);
    return liftHalfAdd();
  }
  return L.unsupported(I);
}

bool liftAtomicInstr(FunctionLifter &L, const Instruction &I, bool HasResult) {
  Atomic A{L,
           I,
           HasResult,
           operationOf(I),
           FunctionLifter::typeOfInstr(I),
           FunctionLifter::spaceOf(I),
           orderingOf(I)};
  return A.lift();
}

bool liftAtom(FunctionLifter &L, const Instruction &I) {
  return liftAtomicInstr(L, I, true);
}

bool liftRed(FunctionLifter &L, const Instruction &I) {
  return liftAtomicInstr(L, I, false);
}

} // namespace

void addAtomicsInstructions(LiftTable &T) {
  T.add("atom", liftAtom);
  T.add("red", liftRed);
}

} // namespace ptx
} // namespace cumetal

//===- air/lower/LowerAtomics.cpp - Atomics to air.atomic.* ---------------===//
//
// CUDA's atomic functions reach the shared IR as atomicrmw / cmpxchg
// instructions (from Clang's __nvvm_atom_* builtins). Apple GPUs offer
// relaxed 32-bit atomics on device and threadgroup memory
// (air.atomic.{global,local}.<op>, air-abi.md §4.2); CUDA's atomics are
// relaxed too, so orderings map to relaxed, with device scope for device
// memory and threadgroup scope for shared memory.
//   - 32-bit integer add/sub/and/or/xor/min/max/xchg: one AIR call.
//   - float add on device memory: air.atomic.global.add.f32; on threadgroup
//     memory, and float sub/min/max/xchg: a compare-and-swap loop on the bits.
//   - 32-bit cmpxchg: air.atomic.*.cmpxchg.weak.i32, whose result is the
//     value observed at the address (also written to *expected).
//   - 64-bit integer (and pointer) atomics -- every atomicrmw operation,
//     cmpxchg, atomic loads and stores -- have no Apple GPU instruction. Each
//     runs as a critical section under a 32-bit spin lock chosen by hashing
//     the address, lock word (address >> 3) & (N - 1) of
//       * device memory: the runtime's lock table at [[buffer(4)]],
//         N = metallib::kAtomicLockCount (docs/abi.md §5);
//       * shared memory: a hidden static threadgroup array of N = 64 words,
//         which each kernel using it clears at its start (each thread a
//         slice, then a threadgroup barrier: threadgroup memory starts
//         undefined, and no lock scheme works on arbitrary initial words).
//     Inside, the 64-bit value is read and written as two relaxed 32-bit
//     atomics, between seq_cst fences. The loop is shaped so that the lock
//     holder finishes before any SIMD lane spins again (emitLocked).
//     Known limitation: the emulated atomics are atomic with respect to each
//     other only; a plain (non-atomic) 64-bit access racing with one may see
//     or leave a torn value.
//   - 64-bit floating-point atomics (atomicAdd on double) are diagnosed:
//     Apple GPUs have no double precision.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

// air-abi.md §4.1 encodings.
enum : unsigned {
  OrderRelaxed = 0,
  OrderSeqCst = 5,
  ScopeThreadgroup = 1,
  ScopeDevice = 2,
  MemDevice = 1,
  MemThreadgroup = 2,
};

struct Target {
  StringRef Space; ///< "global" or "local"
  unsigned Scope;
  unsigned MemFlags; ///< the memory a fence orders
};

Optional<Target> targetOf(Value *Ptr) {
  switch (Ptr->getType()->getPointerAddressSpace()) {
  case 1:
    return Target{"global", ScopeDevice, MemDevice};
  case 3:
    return Target{"local", ScopeThreadgroup, MemThreadgroup};
  default:
    return None;
  }
}

/// air.atomic.<space>.<op>.<suffix>(T *p, T v, order, scope, volatile) -> T
Value *emitRMW(IRBuilder<> &B, const Target &T, StringRef Op, StringRef Suffix,
               Value *Ptr, Value *V) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *Ty = V->getType();
  std::string Name = ("air.atomic." + T.Space + "." + Op + "." + Suffix).str();
  FunctionType *FT = FunctionType::get(
      Ty, {Ptr->getType(), Ty, B.getInt32Ty(), B.getInt32Ty(), B.getInt1Ty()},
      false);
  return B.CreateCall(
      declareAIRFunction(M, Name, FT),
      {Ptr, V, B.getInt32(OrderRelaxed), B.getInt32(T.Scope), B.getTrue()});
}

/// air.atomic.<space>.cmpxchg.weak.i32(i32 *p, i32 *expected, i32 desired,
/// order, order, scope, volatile) -> observed value. \p Expected is a
/// private i32 slot.
Value *emitCmpXchg(IRBuilder<> &B, const Target &T, Value *Ptr, Value *Expected,
                   Value *Cmp, Value *New) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  B.CreateStore(Cmp, Expected);
  std::string Name = ("air.atomic." + T.Space + ".cmpxchg.weak.i32").str();
  FunctionType *FT = FunctionType::get(
      I32,
      {Ptr->getType(), Expected->getType(), I32, I32, I32, I32, B.getInt1Ty()},
      false);
  return B.CreateCall(declareAIRFunction(M, Name, FT),
                      {Ptr, Expected, New, B.getInt32(OrderRelaxed),
                       B.getInt32(OrderRelaxed), B.getInt32(T.Scope),
                       B.getTrue()});
}

StringRef suffixOf(Type *Ty) { return Ty->isFloatTy() ? "f32" : "i32"; }

/// air.atomic.<space>.load.{i32,f32}(T *p, order, scope, volatile) -> T
Value *emitAtomicLoad(IRBuilder<> &B, const Target &T, Type *Ty, Value *Ptr) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  FunctionType *FT =
      FunctionType::get(Ty, {Ptr->getType(), I32, I32, B.getInt1Ty()}, false);
  return B.CreateCall(
      declareAIRFunction(
          M, ("air.atomic." + T.Space + ".load." + suffixOf(Ty)).str(), FT),
      {Ptr, B.getInt32(OrderRelaxed), B.getInt32(T.Scope), B.getTrue()});
}

/// air.atomic.<space>.store.{i32,f32}(T *p, T v, order, scope, volatile)
void emitAtomicStore(IRBuilder<> &B, const Target &T, Value *Ptr, Value *V) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  Type *Ty = V->getType();
  FunctionType *FT = FunctionType::get(
      B.getVoidTy(), {Ptr->getType(), Ty, I32, I32, B.getInt1Ty()}, false);
  B.CreateCall(
      declareAIRFunction(
          M, ("air.atomic." + T.Space + ".store." + suffixOf(Ty)).str(), FT),
      {Ptr, V, B.getInt32(OrderRelaxed), B.getInt32(T.Scope), B.getTrue()});
}

/// air.atomic.fence(mem_flags, seq_cst, scope) on the memory of \p T.
void emitFence(IRBuilder<> &B, const Target &T) {
  Module &M = *B.GetInsertBlock()->getModule();
  Type *I32 = B.getInt32Ty();
  FunctionType *FT =
      FunctionType::get(B.getVoidTy(), {I32, I32, I32}, /*isVarArg=*/false);
  B.CreateCall(
      declareAIRFunction(M, "air.atomic.fence", FT),
      {B.getInt32(T.MemFlags), B.getInt32(OrderSeqCst), B.getInt32(T.Scope)});
}

AllocaInst *expectedSlot(Function &F) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  return B.CreateAlloca(B.getInt32Ty(), nullptr, "cas.expected");
}

/// A compare-and-swap loop computing `new = Op(old, V)` on 32-bit data.
/// Returns the old value.
Value *emitCASLoop(AtomicRMWInst &RMW, const Target &T,
                   function_ref<Value *(IRBuilder<> &, Value *)> Combine) {
  Function &F = *RMW.getFunction();
  IRBuilder<> B(&RMW);
  Type *I32 = B.getInt32Ty();
  Type *Ty = RMW.getType();
  Value *Ptr =
      B.CreateBitCast(RMW.getPointerOperand(),
                      PointerType::get(I32, RMW.getPointerAddressSpace()));
  AllocaInst *Slot = expectedSlot(F);
  Value *Init = B.CreateLoad(I32, Ptr, /*isVolatile=*/true);
  BasicBlock *Pre = B.GetInsertBlock();
  BasicBlock *Tail = Pre->splitBasicBlock(&RMW, "cas.done");
  BasicBlock *Loop = BasicBlock::Create(F.getContext(), "cas.loop", &F, Tail);
  Pre->getTerminator()->setSuccessor(0, Loop);
  B.SetInsertPoint(Loop);
  PHINode *Old = B.CreatePHI(I32, 2, "cas.old");
  Old->addIncoming(Init, Pre);
  Value *OldT = B.CreateBitCast(Old, Ty);
  Value *New = B.CreateBitCast(Combine(B, OldT), I32);
  Value *Seen = emitCmpXchg(B, T, Ptr, Slot, Old, New);
  Old->addIncoming(Seen, Loop);
  B.CreateCondBr(B.CreateICmpEQ(Seen, Old), Tail, Loop);
  B.SetInsertPoint(&*Tail->getFirstInsertionPt());
  return B.CreateBitCast(Seen, Ty);
}

Value *pointerOperand(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return RMW->getPointerOperand();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getPointerOperand();
  return getLoadStorePointerOperand(&I);
}

/// The type of the datum atomic instruction \p I accesses.
Type *accessedType(Instruction &I) {
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getCompareOperand()->getType();
  if (auto *S = dyn_cast<StoreInst>(&I))
    return S->getValueOperand()->getType();
  return I.getType(); // atomicrmw, load
}

Align alignOf(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return RMW->getAlign();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getAlign();
  return getLoadStoreAlignment(&I);
}

/// The number of words of the threadgroup lock array (a power of two).
constexpr uint64_t kSharedLockCount = 64;

/// What a 64-bit atomic does in its critical section with the old value:
/// the value to store (none if null), stored only if \c If (when set) holds.
struct Update {
  Value *New = nullptr;
  Value *If = nullptr;
};

/// Lowers 64-bit atomics to critical sections under hashed spin locks.
class Atomic64Lowering {
public:
  explicit Atomic64Lowering(LoweringContext &Ctx) : Ctx(Ctx) {}

  /// Whether atomics on \p Ty are emulated here.
  static bool handles(Type *Ty) {
    return Ty->isIntegerTy(64) || Ty->isPointerTy();
  }

  /// Replaces \p I (an atomicrmw, cmpxchg, atomic load or store on a type
  /// handles() accepts) by its critical section.
  void lower(Instruction &I, const Target &T);

  /// Clears the threadgroup lock words at the start of each kernel that uses
  /// them.
  void initSharedLocks();

private:
  Value *lockWord(IRBuilder<> &B, Function &F, const Target &T, Value *Ptr);
  AllocaInst *doneFlag(Function &F);
  Value *emitLocked(Instruction &I, const Target &T,
                    function_ref<Update(IRBuilder<> &, Value *)> Body);

  LoweringContext &Ctx;
  DenseMap<Function *, AllocaInst *> DoneFlags;
  SetVector<Function *> SharedLockUsers;
  GlobalVariable *SharedLocks = nullptr;
};

/// The lock word of the datum at \p Ptr: (address >> 3) & (N - 1) in the
/// device lock table or the threadgroup lock array.
Value *Atomic64Lowering::lockWord(IRBuilder<> &B, Function &F, const Target &T,
                                  Value *Ptr) {
  Type *I32 = B.getInt32Ty();
  bool Shared = T.Scope == ScopeThreadgroup;
  uint64_t Words = Shared ? kSharedLockCount : metallib::kAtomicLockCount;
  Value *Addr = B.CreatePtrToInt(Ptr, B.getInt64Ty());
  Value *Index =
      B.CreateAnd(B.CreateLShr(Addr, 3), Words - 1, "atomic64.lock.index");
  if (!Shared) {
    Value *Table = B.CreateBitCast(Ctx.getInput(F, KernelInput::AtomicLocks),
                                   PointerType::get(I32, 1));
    return B.CreateInBoundsGEP(I32, Table, Index, "atomic64.lock");
  }
  if (!SharedLocks) {
    Module &M = *F.getParent();
    auto *Ty = ArrayType::get(I32, kSharedLockCount);
    SharedLocks = new GlobalVariable(
        M, Ty, /*isConstant=*/false, GlobalValue::InternalLinkage,
        UndefValue::get(Ty), "cumetal.atomic64_locks", nullptr,
        GlobalValue::NotThreadLocal, 3);
    SharedLocks->setAlignment(Align(16));
  }
  SharedLockUsers.insert(&F);
  return B.CreateInBoundsGEP(SharedLocks->getValueType(), SharedLocks,
                             {B.getInt64(0), Index}, "atomic64.lock");
}

/// The function's private flag telling the lock loop it is done.
AllocaInst *Atomic64Lowering::doneFlag(Function &F) {
  AllocaInst *&Slot = DoneFlags[&F];
  if (!Slot) {
    IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
    Slot = B.CreateAlloca(B.getInt32Ty(), nullptr, "atomic64.done");
  }
  return Slot;
}

/// Emits, in place of \p I, the lock loop
///
///   done = 0
///   do {
///     if (xchg(lock, 1) == 0) {           // this lane holds the lock
///       fence; old = {lo, hi}; [store Body(old)]; fence
///       store(lock, 0); done = 1
///     }
///   } while (!done)                       // `done` is a volatile load
///
/// and returns `old` (valid where \p I was). On SIMD hardware without
/// independent thread scheduling, the lanes that lose keep looping while the
/// winner finishes in the same iteration, so the lock is always released
/// before any lane spins on it again. `done` lives in volatile private
/// memory so that no optimiser (ours or Apple's) can thread the winner's
/// path out of the loop -- leaving the loop with the lock held, to run the
/// critical section after lanes that can never leave. Before the loop, a
/// volatile 64-bit load of the datum (its result unused) faults a bad
/// address, where checked mode reports one, before the lock is held: a
/// thread stopped inside would leave its lock taken.
Value *Atomic64Lowering::emitLocked(
    Instruction &I, const Target &T,
    function_ref<Update(IRBuilder<> &, Value *)> Body) {
  Function &F = *I.getFunction();
  LLVMContext &C = F.getContext();
  IRBuilder<> B(&I);
  Type *I32 = B.getInt32Ty();
  Type *I64 = B.getInt64Ty();
  Value *Ptr = pointerOperand(I);
  unsigned AS = Ptr->getType()->getPointerAddressSpace();
  Value *Lo = B.CreateBitCast(Ptr, PointerType::get(I32, AS));
  Value *Hi = B.CreateConstInBoundsGEP1_32(I32, Lo, 1);
  Value *Lock = lockWord(B, F, T, Ptr);
  AllocaInst *Done = doneFlag(F);
  B.CreateAlignedLoad(I64, B.CreateBitCast(Ptr, PointerType::get(I64, AS)),
                      alignOf(I), /*isVolatile=*/true, "atomic64.probe");
  B.CreateStore(B.getInt32(0), Done, /*isVolatile=*/true);

  BasicBlock *Pre = B.GetInsertBlock();
  BasicBlock *Tail = Pre->splitBasicBlock(&I, "atomic64.done");
  BasicBlock *Loop = BasicBlock::Create(C, "atomic64.lock", &F, Tail);
  BasicBlock *Critical = BasicBlock::Create(C, "atomic64.critical", &F, Tail);
  BasicBlock *Latch = BasicBlock::Create(C, "atomic64.latch", &F, Tail);
  Pre->getTerminator()->setSuccessor(0, Loop);

  B.SetInsertPoint(Loop);
  Value *Held = emitRMW(B, T, "xchg", "i32", Lock, B.getInt32(1));
  B.CreateCondBr(B.CreateICmpEQ(Held, B.getInt32(0)), Critical, Latch);

  B.SetInsertPoint(Critical);
  emitFence(B, T);
  Value *OldLo = emitAtomicLoad(B, T, I32, Lo);
  Value *OldHi = emitAtomicLoad(B, T, I32, Hi);
  Value *Old =
      B.CreateOr(B.CreateZExt(OldLo, I64),
                 B.CreateShl(B.CreateZExt(OldHi, I64), 32), "atomic64.old");
  Update U = Body(B, Old);
  if (U.New) {
    BasicBlock *Join = nullptr;
    if (U.If) {
      BasicBlock *Write = BasicBlock::Create(C, "atomic64.write", &F, Latch);
      Join = BasicBlock::Create(C, "atomic64.unlock", &F, Latch);
      B.CreateCondBr(U.If, Write, Join);
      B.SetInsertPoint(Write);
    }
    emitAtomicStore(B, T, Lo, B.CreateTrunc(U.New, I32));
    emitAtomicStore(B, T, Hi, B.CreateTrunc(B.CreateLShr(U.New, 32), I32));
    if (Join) {
      B.CreateBr(Join);
      B.SetInsertPoint(Join);
    }
  }
  emitFence(B, T);
  emitAtomicStore(B, T, Lock, B.getInt32(0));
  B.CreateStore(B.getInt32(1), Done, /*isVolatile=*/true);
  B.CreateBr(Latch);
  BasicBlock *CriticalEnd = B.GetInsertBlock();

  B.SetInsertPoint(Latch);
  PHINode *Result = B.CreatePHI(I64, 2, "atomic64.result");
  Result->addIncoming(UndefValue::get(I64), Loop);
  Result->addIncoming(Old, CriticalEnd);
  Value *Finished = B.CreateLoad(I32, Done, /*isVolatile=*/true);
  B.CreateCondBr(B.CreateICmpNE(Finished, B.getInt32(0)), Tail, Loop);
  return Result;
}

/// The value atomicrmw \p Op stores, given the old value \p Old and the
/// operand \p V (integers).
Value *combine(IRBuilder<> &B, AtomicRMWInst::BinOp Op, Value *Old, Value *V) {
  switch (Op) {
  case AtomicRMWInst::Xchg:
    return V;
  case AtomicRMWInst::Add:
    return B.CreateAdd(Old, V);
  case AtomicRMWInst::Sub:
    return B.CreateSub(Old, V);
  case AtomicRMWInst::And:
    return B.CreateAnd(Old, V);
  case AtomicRMWInst::Nand:
    return B.CreateNot(B.CreateAnd(Old, V));
  case AtomicRMWInst::Or:
    return B.CreateOr(Old, V);
  case AtomicRMWInst::Xor:
    return B.CreateXor(Old, V);
  case AtomicRMWInst::Max:
    return B.CreateSelect(B.CreateICmpSGT(Old, V), Old, V);
  case AtomicRMWInst::Min:
    return B.CreateSelect(B.CreateICmpSLT(Old, V), Old, V);
  case AtomicRMWInst::UMax:
    return B.CreateSelect(B.CreateICmpUGT(Old, V), Old, V);
  case AtomicRMWInst::UMin:
    return B.CreateSelect(B.CreateICmpULT(Old, V), Old, V);
  default:
    llvm_unreachable("not an integer atomicrmw operation");
  }
}

void Atomic64Lowering::lower(Instruction &I, const Target &T) {
  // Pointers are handled as their 64-bit addresses.
  Type *Ty = accessedType(I);
  IRBuilder<> B(&I);
  auto ToInt = [&](Value *V) {
    return Ty->isPointerTy() ? B.CreatePtrToInt(V, B.getInt64Ty()) : V;
  };
  auto FromInt = [&](Value *V) {
    return Ty->isPointerTy() ? B.CreateIntToPtr(V, Ty) : V;
  };

  Value *Result = nullptr;
  if (auto *S = dyn_cast<StoreInst>(&I)) {
    Value *V = ToInt(S->getValueOperand());
    emitLocked(I, T, [&](IRBuilder<> &, Value *) { return Update{V}; });
  } else if (isa<LoadInst>(I)) {
    Value *Old =
        emitLocked(I, T, [](IRBuilder<> &, Value *) { return Update{}; });
    B.SetInsertPoint(&I);
    Result = FromInt(Old);
  } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
    // A strong compare-and-swap: it stores only on success, and fails only
    // when the values differ.
    Value *Cmp = ToInt(CX->getCompareOperand());
    Value *New = ToInt(CX->getNewValOperand());
    Value *Old = emitLocked(I, T, [&](IRBuilder<> &B, Value *Old) {
      return Update{New, B.CreateICmpEQ(Old, Cmp)};
    });
    B.SetInsertPoint(&I);
    Result =
        B.CreateInsertValue(UndefValue::get(CX->getType()), FromInt(Old), 0);
    Result = B.CreateInsertValue(Result, B.CreateICmpEQ(Old, Cmp), 1);
  } else {
    auto *RMW = cast<AtomicRMWInst>(&I);
    AtomicRMWInst::BinOp Op = RMW->getOperation();
    Value *V = ToInt(RMW->getValOperand());
    Value *Old = emitLocked(I, T, [&](IRBuilder<> &B, Value *Old) {
      return Update{combine(B, Op, Old, V)};
    });
    B.SetInsertPoint(&I);
    Result = FromInt(Old);
  }
  if (Result)
    I.replaceAllUsesWith(Result);
  I.eraseFromParent();
}

void Atomic64Lowering::initSharedLocks() {
  for (Function *F : SharedLockUsers) {
    LLVMContext &C = F->getContext();
    Value *Tid = Ctx.getInput(*F, KernelInput::ThreadIndexInThreadgroup);
    Value *Dim = Ctx.getInput(*F, KernelInput::ThreadsPerThreadgroup);
    // The entry block keeps its allocas and kernel inputs (later passes
    // look for both there), gathered at its top; the clearing loop follows.
    BasicBlock &Entry = F->getEntryBlock();
    auto IsInput = [](Instruction &I) {
      auto *CI = dyn_cast<CallInst>(&I);
      return CI && CI->getCalledFunction() &&
             CI->getCalledFunction()->getName().startswith("cumetal.input.");
    };
    Instruction *Last = nullptr;
    for (Instruction &I : make_early_inc_range(Entry))
      if (isa<AllocaInst>(I) || IsInput(I)) {
        if (Last)
          I.moveAfter(Last);
        else
          I.moveBefore(&Entry.front());
        Last = &I;
      }
    BasicBlock::iterator At = std::next(Last->getIterator());
    BasicBlock *Body = Entry.splitBasicBlock(At, "entry.body");
    BasicBlock *Clear = BasicBlock::Create(C, "atomic64.clear", F, Body);
    BasicBlock *Sync = BasicBlock::Create(C, "atomic64.sync", F, Body);
    Entry.getTerminator()->eraseFromParent();

    IRBuilder<> B(&Entry);
    Value *Words = B.getInt32(kSharedLockCount);
    Value *Threads =
        B.CreateMul(B.CreateMul(B.CreateExtractElement(Dim, uint64_t(0)),
                                B.CreateExtractElement(Dim, 1)),
                    B.CreateExtractElement(Dim, 2));
    B.CreateCondBr(B.CreateICmpULT(Tid, Words), Clear, Sync);

    B.SetInsertPoint(Clear);
    PHINode *Index = B.CreatePHI(B.getInt32Ty(), 2, "atomic64.clear.index");
    Index->addIncoming(Tid, &Entry);
    B.CreateStore(B.getInt32(0),
                  B.CreateInBoundsGEP(SharedLocks->getValueType(), SharedLocks,
                                      {B.getInt32(0), Index}));
    Value *Next = B.CreateAdd(Index, Threads);
    Index->addIncoming(Next, Clear);
    B.CreateCondBr(B.CreateICmpULT(Next, Words), Clear, Sync);

    B.SetInsertPoint(Sync);
    FunctionType *BarrierTy = FunctionType::get(
        B.getVoidTy(), {B.getInt32Ty(), B.getInt32Ty()}, false);
    B.CreateCall(declareAIRFunction(*F->getParent(), "air.wg.barrier",
                                    BarrierTy, /*Convergent=*/true),
                 {B.getInt32(MemThreadgroup), B.getInt32(ScopeThreadgroup)});
    B.CreateBr(Body);
  }
}

} // namespace

/// Atomic loads and stores (from C++ atomics, or from an exchange whose
/// result is unused) become air.atomic.<space>.{load,store}.{i32,f32}.
void LowerAtomicsPass::lowerAtomicLoadStore(Instruction &I) {
  Type *Ty = accessedType(I);
  Optional<Target> T = targetOf(pointerOperand(I));
  if (!T || !(Ty->isIntegerTy(32) || Ty->isFloatTy())) {
    Ctx.error(&I, "atomic load or store of this type or memory space has no "
                  "Apple GPU equivalent");
    return;
  }
  IRBuilder<> B(&I);
  if (isa<LoadInst>(I))
    I.replaceAllUsesWith(emitAtomicLoad(B, *T, Ty, pointerOperand(I)));
  else
    emitAtomicStore(B, *T, pointerOperand(I),
                    cast<StoreInst>(I).getValueOperand());
  I.eraseFromParent();
}

PreservedAnalyses LowerAtomicsPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<Instruction *, 16> Work;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I) ||
          (isa<LoadInst>(I) && cast<LoadInst>(I).isAtomic()) ||
          (isa<StoreInst>(I) && cast<StoreInst>(I).isAtomic()))
        Work.push_back(&I);

  Atomic64Lowering Atomic64(Ctx);
  for (Instruction *I : Work) {
    Value *Ptr = pointerOperand(*I);
    Optional<Target> T = targetOf(Ptr);
    if (T && Atomic64Lowering::handles(accessedType(*I))) {
      Atomic64.lower(*I, *T);
      continue;
    }
    if (isa<LoadInst>(I) || isa<StoreInst>(I)) {
      lowerAtomicLoadStore(*I);
      continue;
    }
    if (!T) {
      Ctx.error(I, "atomic operation on memory that is neither device nor "
                   "shared memory is not supported");
      continue;
    }

    if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I)) {
      Type *Ty = CX->getCompareOperand()->getType();
      if (!Ty->isIntegerTy(32)) {
        Ctx.error(I, "atomicCAS on " + Twine(Ty->getPrimitiveSizeInBits()) +
                         "-bit data has no Apple GPU equivalent (Metal's "
                         "compare-and-swap is 32-bit only)");
        continue;
      }
      IRBuilder<> B(I);
      AllocaInst *Slot = expectedSlot(*CX->getFunction());
      Value *Seen = emitCmpXchg(B, *T, Ptr, Slot, CX->getCompareOperand(),
                                CX->getNewValOperand());
      Value *Result = UndefValue::get(CX->getType());
      Result = B.CreateInsertValue(Result, Seen, 0);
      Result = B.CreateInsertValue(
          Result, B.CreateICmpEQ(Seen, CX->getCompareOperand()), 1);
      CX->replaceAllUsesWith(Result);
      CX->eraseFromParent();
      continue;
    }

    auto *RMW = cast<AtomicRMWInst>(I);
    Type *Ty = RMW->getType();
    Value *V = RMW->getValOperand();
    IRBuilder<> B(RMW);
    Value *Result = nullptr;
    AtomicRMWInst::BinOp Op = RMW->getOperation();
    if (Ty->isIntegerTy(32)) {
      StringRef OpName, Sign = "u";
      switch (Op) {
      case AtomicRMWInst::Add:
        OpName = "add";
        break;
      case AtomicRMWInst::Sub:
        OpName = "sub";
        break;
      case AtomicRMWInst::And:
        OpName = "and";
        break;
      case AtomicRMWInst::Or:
        OpName = "or";
        break;
      case AtomicRMWInst::Xor:
        OpName = "xor";
        break;
      case AtomicRMWInst::Min:
        OpName = "min";
        Sign = "s";
        break;
      case AtomicRMWInst::Max:
        OpName = "max";
        Sign = "s";
        break;
      case AtomicRMWInst::UMin:
        OpName = "min";
        break;
      case AtomicRMWInst::UMax:
        OpName = "max";
        break;
      case AtomicRMWInst::Xchg:
        OpName = "xchg";
        Sign = "";
        break;
      default:
        break;
      }
      if (!OpName.empty())
        Result =
            emitRMW(B, *T, OpName,
                    Sign.empty() ? StringRef("i32")
                                 : StringRef(Sign == "u" ? "u.i32" : "s.i32"),
                    Ptr, V);
    } else if (Ty->isFloatTy()) {
      if (Op == AtomicRMWInst::FAdd && T->Space == "global") {
        Result = emitRMW(B, *T, "add", "f32", Ptr, V);
      } else if (Op == AtomicRMWInst::Xchg) {
        Result = emitRMW(B, *T, "xchg", "f32", Ptr, V);
      } else if (Op == AtomicRMWInst::FAdd || Op == AtomicRMWInst::FSub) {
        Result = emitCASLoop(*RMW, *T, [&](IRBuilder<> &B, Value *Old) {
          return Op == AtomicRMWInst::FAdd ? B.CreateFAdd(Old, V)
                                           : B.CreateFSub(Old, V);
        });
      }
    }
    if (!Result && Ty->isDoubleTy()) {
      Ctx.error(I, "atomic " + AtomicRMWInst::getOperationName(Op) +
                       " on double has no Apple GPU equivalent: Apple GPUs "
                       "have no double precision (and --fp64=demote does not "
                       "demote atomics)");
      continue;
    }
    if (!Result) {
      Ctx.error(I,
                "atomic " + AtomicRMWInst::getOperationName(Op) + " on " +
                    Twine(Ty->getPrimitiveSizeInBits()) + "-bit " +
                    (Ty->isFloatingPointTy() ? "floating-point" : "integer") +
                    " data has no Apple GPU equivalent");
      continue;
    }
    RMW->replaceAllUsesWith(Result);
    RMW->eraseFromParent();
  }
  Atomic64.initSharedLocks();
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

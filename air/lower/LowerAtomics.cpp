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

#include "air/lower/Atomic64Lowering.h"
#include "air/lower/AtomicEmit.h"
#include "air/lower/Passes.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

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
//===- air/lower/Atomic64Lowering.h - 64-bit atomics under locks -*- C++
//-*-===//
//
// Apple GPUs have no 64-bit atomics. Atomic64Lowering replaces every 64-bit
// integer or pointer atomic (atomicrmw, cmpxchg, atomic load and store) by
// a critical section under a 32-bit spin lock chosen by hashing the
// address (docs/abi.md §5; the design is described in LowerAtomics.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_ATOMIC64LOWERING_H
#define CUMETAL_AIR_LOWER_ATOMIC64LOWERING_H

#include "air/lower/AtomicEmit.h"
#include "air/lower/LoweringContext.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/IR/GlobalVariable.h"

namespace cumetal {
namespace air {

/// The number of words of the threadgroup lock array (a power of two).
constexpr uint64_t kSharedLockCount = 64;

/// What a 64-bit atomic does in its critical section with the old value:
/// the value to store (none if null), stored only if \c If (when set) holds.
struct Update {
  llvm::Value *New = nullptr;
  llvm::Value *If = nullptr;
};

/// Lowers 64-bit atomics to critical sections under hashed spin locks.
class Atomic64Lowering {
public:
  explicit Atomic64Lowering(LoweringContext &Ctx) : Ctx(Ctx) {}

  /// Whether atomics on \p Ty are emulated here.
  static bool handles(llvm::Type *Ty) {
    return Ty->isIntegerTy(64) || Ty->isPointerTy();
  }

  /// Replaces \p I (an atomicrmw, cmpxchg, atomic load or store on a type
  /// handles() accepts) by its critical section.
  void lower(llvm::Instruction &I, const Target &T);

  /// Clears the threadgroup lock words at the start of each kernel that uses
  /// them.
  void initSharedLocks();

private:
  llvm::Value *lockWord(llvm::IRBuilder<> &B, llvm::Function &F,
                        const Target &T, llvm::Value *Ptr);
  llvm::AllocaInst *doneFlag(llvm::Function &F);
  llvm::Value *emitLocked(
      llvm::Instruction &I, const Target &T,
      llvm::function_ref<Update(llvm::IRBuilder<> &, llvm::Value *)> Body);

  LoweringContext &Ctx;
  llvm::DenseMap<llvm::Function *, llvm::AllocaInst *> DoneFlags;
  llvm::SetVector<llvm::Function *> SharedLockUsers;
  llvm::GlobalVariable *SharedLocks = nullptr;
};

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_ATOMIC64LOWERING_H

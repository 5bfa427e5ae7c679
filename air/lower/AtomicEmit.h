//===- air/lower/AtomicEmit.h - Emitting AIR atomics ------------*- C++ -*-===//
//
// The AIR atomic functions (air-abi.md §4.1, §4.2) as LowerAtomics and the
// 64-bit atomic emulation (Atomic64Lowering) emit them: the memory an
// address is in, atomic read-modify-writes, compare-and-swap, loads, stores
// and fences, and what an LLVM atomic instruction accesses.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_ATOMICEMIT_H
#define CUMETAL_AIR_LOWER_ATOMICEMIT_H

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

namespace cumetal {
namespace air {

/// air-abi.md §4.1 encodings of memory orders, scopes and fence flags.
enum : unsigned {
  OrderRelaxed = 0,
  OrderSeqCst = 5,
  ScopeThreadgroup = 1,
  ScopeDevice = 2,
  ScopeSimdgroup = 4,
  MemDevice = 1,
  MemThreadgroup = 2,
};

/// Where an atomic operates: device or threadgroup memory.
struct Target {
  llvm::StringRef Space; ///< "global" or "local"
  unsigned Scope;
  unsigned MemFlags; ///< the memory a fence orders
};

/// The memory \p Ptr (address space 1 or 3) is in; None for others.
llvm::Optional<Target> targetOf(llvm::Value *Ptr);

/// air.atomic.<space>.<op>.<suffix>(T *p, T v, order, scope, volatile) -> T
llvm::Value *emitRMW(llvm::IRBuilder<> &B, const Target &T, llvm::StringRef Op,
                     llvm::StringRef Suffix, llvm::Value *Ptr, llvm::Value *V);

/// air.atomic.<space>.cmpxchg.weak.i32(i32 *p, i32 *expected, i32 desired,
/// order, order, scope, volatile) -> observed value. \p Expected is a
/// private i32 slot.
llvm::Value *emitCmpXchg(llvm::IRBuilder<> &B, const Target &T,
                         llvm::Value *Ptr, llvm::Value *Expected,
                         llvm::Value *Cmp, llvm::Value *New);

/// The AIR type suffix of a 32-bit atomic on \p Ty: f32 or i32.
llvm::StringRef suffixOf(llvm::Type *Ty);

/// air.atomic.<space>.load.{i32,f32}(T *p, order, scope, volatile) -> T
llvm::Value *emitAtomicLoad(llvm::IRBuilder<> &B, const Target &T,
                            llvm::Type *Ty, llvm::Value *Ptr);

/// air.atomic.<space>.store.{i32,f32}(T *p, T v, order, scope, volatile)
void emitAtomicStore(llvm::IRBuilder<> &B, const Target &T, llvm::Value *Ptr,
                     llvm::Value *V);

/// air.atomic.fence(mem_flags, seq_cst, scope) on the memory of \p T.
void emitFence(llvm::IRBuilder<> &B, const Target &T);

/// The private i32 slot of \p F that emitCmpXchg's expected value lives in.
llvm::AllocaInst *expectedSlot(llvm::Function &F);

/// The address atomic instruction \p I accesses.
llvm::Value *pointerOperand(llvm::Instruction &I);

/// The type of the datum atomic instruction \p I accesses.
llvm::Type *accessedType(llvm::Instruction &I);

/// The alignment of atomic instruction \p I's access.
llvm::Align alignOf(llvm::Instruction &I);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_ATOMICEMIT_H

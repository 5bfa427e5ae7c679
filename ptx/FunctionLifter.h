//===- ptx/FunctionLifter.h - Lifting one PTX function ----------*- C++ -*-===//
//
// The interface between the lifter's core (Lifter.cpp: module, functions,
// registers, control flow, calls) and the files that lift instruction
// families (LiftMemory.cpp, LiftArithmetic.cpp, LiftFloat.cpp,
// LiftConvert.cpp, LiftAtomics.cpp, LiftWarp.cpp, LiftSync.cpp). Each family
// file registers a handler per opcode in the LiftTable; a handler reads its
// operands through the FunctionLifter, emits IR with its builder, and writes
// its results back, so no family file knows how registers, immediates or
// special registers are represented.
//
// Registers live in allocas of their declared type (predicates as i1,
// .f32/.f64 as float/double, every other type as an integer of its size);
// SROA/mem2reg make SSA of them after lifting. Addresses are integers, as in
// PTX: address(...) returns inttoptr(base + offset) for register bases, and
// RecoverPointers.cpp later turns those back into pointer arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_FUNCTIONLIFTER_H
#define CUMETAL_PTX_FUNCTIONLIFTER_H

#include "ptx/AST.h"
#include "ptx/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/IRBuilder.h"

namespace cumetal {
namespace ptx {

class FunctionLifter;

/// Lifts one instruction at the builder's insertion point; returns false
/// after reporting an error.
using LiftHandler = bool (*)(FunctionLifter &L, const Instruction &I);

/// Opcode (the first word, `add`) -> handler. A handler sees every variant
/// of its opcode and rejects, with a named error, what it does not support.
class LiftTable {
public:
  static const LiftTable &get();
  LiftHandler lookup(llvm::StringRef Opcode) const {
    auto It = Handlers.find(Opcode);
    return It == Handlers.end() ? nullptr : It->second;
  }
  void add(llvm::StringRef Opcode, LiftHandler H) { Handlers[Opcode] = H; }

private:
  LiftTable();
  llvm::StringMap<LiftHandler> Handlers;
};

// Each family file adds its handlers.
void addMemoryInstructions(LiftTable &T);
void addArithmeticInstructions(LiftTable &T);
void addFloatInstructions(LiftTable &T);
void addConvertInstructions(LiftTable &T);
void addAtomicsInstructions(LiftTable &T);
void addWarpInstructions(LiftTable &T);
void addSyncInstructions(LiftTable &T);

class FunctionLifter {
public:
  virtual ~FunctionLifter();

  llvm::IRBuilder<> &builder() { return B; }
  llvm::LLVMContext &context() { return B.getContext(); }
  virtual llvm::Module &module() = 0;

  /// The LLVM type of values of PTX type \p T inside the lifted code:
  /// pred -> i1, f16 -> half, bf16 -> i16 (bits; LLVM 14's bfloat has no
  /// arithmetic the lowering accepts), f32 -> float, f64 -> double,
  /// f16x2/bf16x2 -> i32 (bits), other types -> an integer of their size.
  llvm::Type *typeOf(Type T);

  /// The value of operand \p Index of \p I read as PTX type \p T: a
  /// register (converted from its declared type: bitcast at equal size,
  /// truncated when wider), an immediate, a special register, a variable's
  /// address (`mov.u64 %rd1, sym`), `!%p`. Returns null after an error.
  virtual llvm::Value *read(const Instruction &I, unsigned Index, Type T) = 0;
  /// The elements of vector operand \p Index (`{%r1, %r2}`) read as \p T;
  /// a sink `_` element reads as undef. Empty after an error.
  virtual std::vector<llvm::Value *> readVector(const Instruction &I,
                                                unsigned Index, Type T) = 0;
  /// Writes \p V (of typeOf(T)) to destination operand \p Index: a
  /// register (bitcast at equal size; extended when the register is wider,
  /// sign-extending for signed \p T), a sink `_` (dropped), or one half of
  /// a `%p|%q` pair when \p Second. Returns false after an error.
  virtual bool write(const Instruction &I, unsigned Index, llvm::Value *V,
                     Type T, bool Second = false) = 0;
  /// Writes the elements of vector operand \p Index.
  virtual bool writeVector(const Instruction &I, unsigned Index,
                           llvm::ArrayRef<llvm::Value *> Elements, Type T) = 0;

  /// A pointer to \p ElemTy in the LLVM address space of state space \p S
  /// (Global 1, Shared 3, Const 4, Local/None/Param 0) for address operand
  /// \p Index (`[%rd1+8]`, `[sym+4]`, `[sym]`, `[64]`). Variables give
  /// GEPs on their globals or allocas; register bases give
  /// inttoptr(base + offset), resolved later by RecoverPointers.
  virtual llvm::Value *address(const Instruction &I, unsigned Index,
                               StateSpace S, llvm::Type *ElemTy) = 0;

  /// The state space named among \p I's modifiers (`ld.global` -> Global),
  /// None when generic.
  static StateSpace spaceOf(const Instruction &I);
  /// The single type modifier of \p I (the last one when several), None
  /// when there is none.
  static Type typeOfInstr(const Instruction &I);

  /// A declaration of intrinsic-like function \p Name with type \p FT in
  /// the module (created on first use).
  llvm::FunctionCallee function(llvm::StringRef Name, llvm::FunctionType *FT);
  /// Calls LLVM intrinsic \p ID overloaded on \p Types.
  llvm::Value *intrinsic(llvm::Intrinsic::ID ID,
                         llvm::ArrayRef<llvm::Type *> Types,
                         llvm::ArrayRef<llvm::Value *> Args);

  /// Reports `error: <Msg>` at \p I's opcode and returns false.
  bool error(const Instruction &I, const llvm::Twine &Msg);
  /// The standard error for a variant the lifter does not support:
  /// `unsupported PTX instruction 'cvt.rn.f16x2.e4m3x2'` plus \p Why.
  bool unsupported(const Instruction &I, const llvm::Twine &Why = "");

protected:
  FunctionLifter(llvm::LLVMContext &Ctx, Diagnostics &Diags)
      : B(Ctx), Diags(Diags) {}
  llvm::IRBuilder<> B;
  Diagnostics &Diags;
};

/// Integer sizes and classes used by the family files.
inline bool isSigned(Type T) { return typeClass(T) == TypeClass::Signed; }
inline bool isFloat(Type T) { return typeClass(T) == TypeClass::Float; }

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_FUNCTIONLIFTER_H

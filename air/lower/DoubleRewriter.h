//===- air/lower/DoubleRewriter.h - Replacing double values -----*- C++ -*-===//
//
// What --fp64=demote (DemoteFP64.cpp: double as float) and --fp64=emulate
// (EmulateFP64.cpp: double as its i64 bits) share: a walk over a kernel's
// instructions that mention double, in reverse post-order so that an
// operand's replacement exists before its users are rewritten, with phis
// completed at the end and the old double instructions erased. Each mode
// says how one instruction is rewritten and what stands for a constant.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_DOUBLEREWRITER_H
#define CUMETAL_AIR_LOWER_DOUBLEREWRITER_H

#include "air/lower/LoweringContext.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Instructions.h"

namespace cumetal {
namespace air {

/// Whether \p I has a double (or a vector or struct of doubles) among its
/// result and operand types.
bool mentionsDouble(const llvm::Instruction &I);

class DoubleRewriter {
public:
  /// \p NewTy stands for double in the rewritten function.
  DoubleRewriter(llvm::Function &F, LoweringContext &Ctx, llvm::Type *NewTy)
      : F(F), Ctx(Ctx), NewTy(NewTy) {}
  virtual ~DoubleRewriter() = default;

  /// Rewrites the function. Stops at the first diagnostic (a later
  /// instruction would use a value that has no replacement) and returns
  /// false.
  bool run();

protected:
  /// Rewrites one instruction that mentions double; false after a
  /// diagnostic.
  virtual bool rewrite(llvm::Instruction &I) = 0;
  /// What stands for the double constant \p C.
  virtual llvm::Constant *constant(llvm::ConstantFP &C) = 0;

  /// The value standing for double \p V: a rewritten instruction's
  /// replacement or a constant's.
  llvm::Value *counterpart(llvm::Value *V);
  /// \p V now stands for the double \p I defined; \p I goes away.
  bool define(llvm::Instruction &I, llvm::Value *V);
  /// \p V (not a double) replaces \p I's uses; \p I goes away.
  bool replace(llvm::Instruction &I, llvm::Value *V);
  /// \p I, rewritten in place of its stores, goes away.
  bool drop(llvm::Instruction &I);
  /// A phi of NewTy replacing \p Phi, completed once every block is done.
  bool definePhi(llvm::PHINode &Phi);
  /// Reports \p Msg at \p I; returns false.
  bool error(llvm::Instruction &I, const llvm::Twine &Msg);

  llvm::Function &F;
  LoweringContext &Ctx;
  llvm::Type *NewTy;

private:
  llvm::DenseMap<llvm::Value *, llvm::Value *> Map;
  llvm::SmallVector<std::pair<llvm::PHINode *, llvm::PHINode *>, 8> Phis;
  llvm::SmallVector<llvm::Instruction *, 32> Dead;
};

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_DOUBLEREWRITER_H

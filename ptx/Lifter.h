//===- ptx/Lifter.h - PTX to the shared IR ----------------------*- C++ -*-===//
//
// The second half of the PTX frontend: turns a checked PTX module (AST.h)
// into the shared IR of DESIGN.md §3, an NVVM-dialect llvm::Module like the
// one Clang's CUDA device compile produces, so that everything after the
// frontend cannot tell the two apart. docs/ptx.md describes the mapping and
// lists, per instruction family, what is supported.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_LIFTER_H
#define CUMETAL_PTX_LIFTER_H

#include <memory>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace cumetal {
namespace ptx {

class Diagnostics;
struct Module;

struct LiftOptions {
  /// Run the cleanup pipeline (SROA, instcombine...) after lifting; off
  /// only in tests that look at the raw lifted form.
  bool optimize = true;
};

/// Lifts \p M (parsed from \p Diags' source manager and checked) into a new
/// module in \p Ctx. Unsupported instructions and addresses whose pointer
/// cannot be recovered are errors at their PTX location; returns null
/// after any error.
std::unique_ptr<llvm::Module> liftModule(const Module &M,
                                         llvm::LLVMContext &Ctx,
                                         Diagnostics &Diags,
                                         const LiftOptions &Opts = {});

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_LIFTER_H

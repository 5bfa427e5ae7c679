//===- ptx/RecoverPointers.h - Pointers from PTX's integer addresses -*- C++
//-*-===//
//
// PTX addresses are integers; the shared IR's are pointers (the lowering's
// address-space inference works on pointers, and AIR has no integer to
// pointer casts). See RecoverPointers.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_RECOVERPOINTERS_H
#define CUMETAL_PTX_RECOVERPOINTERS_H

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal {
namespace ptx {

class Diagnostics;

/// Rewrites every inttoptr of \p M into pointer arithmetic on the pointer
/// the integer came from. Reports an error at the PTX location of each
/// address whose pointer cannot be found; returns false then.
bool recoverPointers(llvm::Module &M, Diagnostics &Diags);

/// Reports an error for every inttoptr left in \p M (after optimisation);
/// returns false if there was one.
bool checkNoIntToPtr(llvm::Module &M, Diagnostics &Diags);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_RECOVERPOINTERS_H

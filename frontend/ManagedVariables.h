//===- frontend/ManagedVariables.h - Host access to __managed__ -*- C++ -*-===//
//
// Clang 14 ignores the `managed` attribute in CUDA mode, so a __managed__
// variable compiles as a __device__ one: its host-side name is a shadow
// that never sees the device's writes. cumetal's headers mark __managed__
// variables in the host pass (annotate("cumetal.managed")); this pass
// gives the host half nvcc's scheme: every host access goes through a
// pointer the runtime sets to the variable's device memory, registered with
// __cudaRegisterManagedVar instead of __cudaRegisterVar.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_FRONTEND_MANAGEDVARIABLES_H
#define CUMETAL_FRONTEND_MANAGEDVARIABLES_H

namespace llvm {
class Module;
class raw_ostream;
} // namespace llvm

namespace cumetal {
namespace frontend {

/// Rewrites the host module \p M (before optimisation). Errors (a managed
/// variable's address in a static initializer) go to \p Diags; returns
/// false on one.
bool rewriteManagedVariables(llvm::Module &M, llvm::raw_ostream &Diags);

} // namespace frontend
} // namespace cumetal

#endif // CUMETAL_FRONTEND_MANAGEDVARIABLES_H

//===- SimdSites.h - Numbering SIMD-group call sites ------------*- C++ -*-===//
//
// Lanes of a SIMD-group that diverged meet again where control flow
// rejoins. The scheduler resolves a SIMD-group operation for the lanes at
// the earliest call site first (GridRunner.cpp); "earliest" must follow the
// kernel's control flow, not the machine code's layout, which places
// blocks as the code generator likes (a loop inside a branch may land after
// the code that follows the branch, and the lanes that skipped the branch
// would then shuffle without the others). Each call of a SIMD-group or
// barrier function therefore reports a site number first: the position of
// its block in the function's reverse post-order (a topological order of
// the forward edges, so a branch's blocks come before its join point and a
// loop's blocks before its exit), then of the call in its block. It runs
// after the air.* calls are lowered, so that every host call that meets
// other lanes (a vector operation split per element, say) has its own
// number, read on entry before any fiber switch.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_LITE_CPU_SIMDSITES_H
#define CUMETAL_RUNTIME_LITE_CPU_SIMDSITES_H

namespace llvm {
class Module;
} // namespace llvm

namespace cumetal::cpu {

/// Precedes every call of a rendezvous AIR host function in \p M with a
/// call of the site hook (kSimdSiteHook) passing its site number.
void numberSimdSites(llvm::Module &M);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_LITE_CPU_SIMDSITES_H

//===- DeviceLinkRegistration.cpp - what a device link's object calls ----===//
//
// Programs with relocatable device code (-rdc=true, -dc) get their device
// code from the device link (cumetalc -dlink, or cumetalc's own link): one
// image with every kernel, lowered once, in an object whose constructor
// calls __cumetalRegisterLinkedImage. This entry point is the device
// runtime library, libcudadevrt.a, which such programs link, as programs
// with relocatable device code link NVIDIA's (docs/abi.md §2.1).
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include <cstdlib>
#include <vector>

extern "C" void __cumetalRegisterLinkedImage(const void *envelope) {
  cumetal::rt::Module *M =
      cumetal::rt::Runtime::get().modules.registerLinkedImage(envelope);
  if (!M->valid)
    cumetal::rt::Runtime::get().modules.report(M);
}

extern "C" {
void **__cudaRegisterFatBinary(void *fatCubin);
void __cudaRegisterFatBinaryEnd(void **fatCubinHandle);
void __cudaUnregisterFatBinary(void **fatCubinHandle);

/// What __cudaRegisterLinkedBinary_<id> (in the device link's object) does
/// for a file compiled as relocatable device code: register its envelope
/// as __cudaRegisterFatBinary would, then its kernels and variables through
/// the file's own registration function, and unregister it at exit.
void __cumetalRegisterLinkedBinary(void (*registerGlobals)(void **),
                                   void *fatbinWrapper, const char *moduleId,
                                   void (*dummy)(void *)) {
  (void)moduleId;
  (void)dummy;
  static std::vector<void **> *Handles = [] {
    auto *V = new std::vector<void **>;
    std::atexit([] {
      for (void **H : *Handles)
        __cudaUnregisterFatBinary(H);
    });
    return V;
  }();
  void **Handle = __cudaRegisterFatBinary(fatbinWrapper);
  if (registerGlobals)
    registerGlobals(Handle);
  __cudaRegisterFatBinaryEnd(Handle);
  Handles->push_back(Handle);
}
}

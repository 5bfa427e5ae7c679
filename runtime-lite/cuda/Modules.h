//===- Modules.h - registered device code ------------------------*- C++
//-*-===//
//
// A Module is one envelope (docs/abi.md §2): the manifest, the metallib and,
// once loaded into the device (lazily, on first use), the backend library
// and the module's __device__ and __constant__ blocks. A Function is one
// kernel of a module; Clang's host registration code names it by its host
// stub address, the driver API by its CUfunction handle (a Function *).
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_MODULES_H
#define CUMETAL_RUNTIME_CUDA_MODULES_H

#include "driver_types.h"
#include "metallib/Envelope.h"
#include "runtime-lite/device/Device.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cumetal::rt {

struct Module;

struct Function {
  Module *module = nullptr;
  std::string name;
  /// The manifest entry; null when the name is not in the manifest.
  const metallib::EnvelopeKernel *meta = nullptr;
  /// The backend kernel, created on first launch (guarded by module->mu).
  device::Kernel *kernel = nullptr;
  /// cudaFuncAttributeMaxDynamicSharedMemorySize.
  std::atomic<int> maxDynamicShared{0};
  std::atomic<int> carveout{-1};
  /// A relocatable kernel without a linked image was reported.
  bool reportedUnlinked = false;

  size_t staticShared() const { return meta ? meta->staticSharedBytes : 0; }
  unsigned maxThreads() const;
};

struct Module {
  std::string source; ///< where the image came from, for messages
  bool valid = false;
  std::string error; ///< why the image cannot be used
  metallib::Envelope env;
  std::vector<std::unique_ptr<Function>> functions;
  std::map<std::string, Function *> functionsByName;
  std::map<std::string, size_t> globalsByName;
  bool usedByRegistration = false;
  bool reported = false;
  /// __cudaRegisterManagedVar: host pointer variables to point at globals.
  std::vector<std::pair<void **, size_t>> managedVars;

  std::mutex mu; ///< guards the loaded state below
  bool loaded = false;
  cudaError_t loadError = cudaSuccess;
  std::unique_ptr<device::Library> library;
  void *deviceBlock = nullptr;
  void *constantBlock = nullptr;

  /// Function for a kernel name (creates an entry for unknown names so
  /// that their launches fail with cudaErrorInvalidDeviceFunction).
  Function *functionNamed(const std::string &name);
  const metallib::EnvelopeGlobal *global(const std::string &name) const;
  /// Address of global \p g in the loaded blocks (null before loading);
  /// the caller holds mu.
  void *addressLocked(const metallib::EnvelopeGlobal &g) const;
};

class ModuleRegistry {
public:
  /// Parses an envelope (Size 0: read its size from the header). The module
  /// is always created; an unusable image leaves it invalid with an error.
  Module *create(const void *data, size_t size, std::string source);
  /// Registers the image a device link produced (docs/abi.md §2.1): the
  /// kernels and variables of relocatable modules are found in it by name.
  Module *registerLinkedImage(const void *envelope);
  /// The same for Clang's __fatBinC_Wrapper_t (and nvcc's, whose data is
  /// an NVIDIA fat binary: see createFromNvFatbin).
  Module *createFromWrapper(const void *wrapper);
  /// The binary path: compiles the PTX of an NVIDIA fat binary into an
  /// envelope (PtxCompilation.h) and registers that.
  Module *createFromNvFatbin(const void *fatbin);
  /// Forgets the registrations of M and M itself.
  void destroy(Module *m, bool keepDeviceState);

  void registerFunction(Module *m, const void *stub, const char *name);
  void registerVar(Module *m, const void *shadow, const char *name);
  /// A __managed__ variable (nvcc's scheme, and cumetalc's host code): the
  /// host reaches it through *hostPtr, which is pointed at the variable's
  /// device memory as soon as its module is loaded (for relocatable code,
  /// the device-linked image's, whenever that image is registered).
  void registerManagedVar(Module *m, void **hostPtr, const char *name);
  Function *function(const void *stub);
  /// The module and global of a registered host shadow.
  bool variable(const void *shadow, Module *&m,
                const metallib::EnvelopeGlobal *&g);
  bool isModule(const Module *m);

  /// Loads M into the device if needed: library and globals blocks.
  cudaError_t ensureLoaded(Module *m);
  /// The backend kernel of F (loads and compiles on first use).
  cudaError_t kernel(Function *f, device::Kernel *&out);
  /// Address of global G of loaded module M.
  void *address(Module *m, const metallib::EnvelopeGlobal &g);
  /// cudaDeviceReset: drops every module's device state (reloaded lazily).
  void unloadAll();
  /// Prints M's load problem to stderr once.
  void report(Module *m);

private:
  void unloadLocked(Module *m);

  std::mutex mu_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::vector<std::unique_ptr<Module>> retired_;
  /// A relocatable module's kernel or variable \p name, in the first
  /// linked image that has it (null: none does). Caller holds mu_.
  Module *linkedModuleWith(const std::string &name, bool isKernel);
  std::vector<Module *> linked_;
  /// Managed variables of relocatable code whose linked image is not
  /// registered yet: the host pointer and the variable's name.
  std::vector<std::pair<void **, std::string>> pendingManaged_;
  std::unordered_map<const void *, Function *> functions_;
  std::unordered_map<const void *, std::pair<Module *, std::string>> vars_;
};

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_MODULES_H

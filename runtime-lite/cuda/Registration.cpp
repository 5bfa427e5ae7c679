//===- Registration.cpp - what Clang's host code calls -------------------===//
//
// The registration entry points of Clang's CUDA host code generation
// (nvcc-compat §B3.4): __cudaRegisterFatBinary with the envelope,
// __cudaRegisterFunction / __cudaRegisterVar naming kernels by their host
// stubs and variables by their host shadows, __cudaUnregisterFatBinary at
// exit; and the launch configuration stack of `k<<<...>>>(...)`
// (__cudaPushCallConfiguration / __cudaPopCallConfiguration) plus the
// pre-9.2 protocol (cudaConfigureCall / cudaSetupArgument / cudaLaunch).
// nvcc's host code (the binary path) launches through a kernel handle
// instead: __cudaGetKernel once per stub, then __cudaLaunchKernel, and
// calls __cudaInitModule before a __managed__ variable's first use.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include <cstring>
#include <vector>

using namespace cumetal;
using namespace cumetal::rt;

namespace {

struct CallConfig {
  dim3 grid;
  dim3 block;
  size_t sharedMem;
  cudaStream_t stream;
  std::vector<uint8_t> args; ///< cudaSetupArgument's packed arguments
};

thread_local std::vector<CallConfig> PushedConfigs;
thread_local std::vector<CallConfig> LegacyConfigs;

Module *moduleOf(void **handle) { return reinterpret_cast<Module *>(handle); }

} // namespace

extern "C" {

void **__cudaRegisterFatBinary(void *fatCubin) {
  Module *M = Runtime::get().modules.createFromWrapper(fatCubin);
  return reinterpret_cast<void **>(M);
}

void __cudaRegisterFatBinaryEnd(void **fatCubinHandle) {
  Module *M = moduleOf(fatCubinHandle);
  if (!M)
    return;
  // An image nobody uses (a placeholder for a host-only file) is fine; one
  // with kernels or variables is reported now, once.
  if (!M->valid && M->usedByRegistration)
    Runtime::get().modules.report(M);
  if (M->valid && !M->managedVars.empty())
    Runtime::get().modules.ensureLoaded(M);
}

void __cudaUnregisterFatBinary(void **fatCubinHandle) {
  Module *M = moduleOf(fatCubinHandle);
  Runtime &R = Runtime::get();
  if (!M || !R.modules.isModule(M))
    return;
  // Called at exit: finish queued work and print its output, as CUDA's
  // context teardown does.
  R.streams.synchronizeAll();
  R.printf.flush();
  R.modules.destroy(M, /*keepDeviceState=*/true);
}

void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun,
                            char *deviceFun, const char *deviceName,
                            int threadLimit, uint3 *tid, uint3 *bid, dim3 *bDim,
                            dim3 *gDim, int *wSize) {
  (void)deviceName;
  (void)threadLimit;
  (void)tid;
  (void)bid;
  (void)bDim;
  (void)gDim;
  (void)wSize;
  Runtime::get().modules.registerFunction(moduleOf(fatCubinHandle), hostFun,
                                          deviceFun);
}

void __cudaRegisterVar(void **fatCubinHandle, char *hostVar,
                       char *deviceAddress, const char *deviceName, int ext,
                       size_t size, int constant, int global) {
  (void)deviceName;
  (void)ext;
  (void)size;
  (void)constant;
  (void)global;
  Runtime::get().modules.registerVar(moduleOf(fatCubinHandle), hostVar,
                                     deviceAddress);
}

// nvcc's scheme for __managed__ variables: the host accesses the variable
// through *HostVarPtrAddress, which the runtime points at the device copy.
// cumetalc's host code uses it too (frontend/ManagedVariables.cpp).
void __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress,
                              char *deviceAddress, const char *deviceName,
                              int ext, size_t size, int constant, int global) {
  (void)deviceName;
  (void)ext;
  (void)size;
  (void)constant;
  (void)global;
  Module *M = moduleOf(fatCubinHandle);
  if (!M || !hostVarPtrAddress || !deviceAddress)
    return;
  Runtime::get().modules.registerManagedVar(M, hostVarPtrAddress,
                                            deviceAddress);
}

// Textures and surfaces are not supported; their registration is accepted.
void __cudaRegisterTexture(void **, const void *, const void **, const char *,
                           int, int, int) {}
void __cudaRegisterSurface(void **, const void *, const void **, const char *,
                           int, int) {}

unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim,
                                     size_t sharedMem,
                                     struct CUstream_st *stream) {
  PushedConfigs.push_back({gridDim, blockDim, sharedMem, stream, {}});
  return 0;
}

cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim,
                                       size_t *sharedMem, void *stream) {
  if (PushedConfigs.empty()) {
    // No <<<>>> configured this call: launch parameters that fail the
    // launch with cudaErrorInvalidConfiguration.
    *gridDim = dim3(0, 0, 0);
    *blockDim = dim3(0, 0, 0);
    *sharedMem = 0;
    *static_cast<cudaStream_t *>(stream) = nullptr;
    return cudaErrorMissingConfiguration;
  }
  CallConfig &C = PushedConfigs.back();
  *gridDim = C.grid;
  *blockDim = C.block;
  *sharedMem = C.sharedMem;
  *static_cast<cudaStream_t *>(stream) = C.stream;
  PushedConfigs.pop_back();
  return cudaSuccess;
}

// A kernel handle is the Function of the stub (null for an unknown stub,
// whose launch then fails as cudaLaunchKernel's would).
cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFun) {
  Function *F = Runtime::get().modules.function(hostFun);
  *kernel = reinterpret_cast<cudaKernel_t>(F);
  return F ? cudaSuccess : cudaErrorInvalidDeviceFunction;
}

cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                               void **args, size_t sharedMem,
                               cudaStream_t stream) {
  return launchWithArgs(reinterpret_cast<Function *>(kernel), gridDim, blockDim,
                        args, sharedMem, stream);
}

char __cudaInitModule(void **fatCubinHandle) {
  Module *M = moduleOf(fatCubinHandle);
  return M && Runtime::get().modules.ensureLoaded(M) == cudaSuccess;
}

cudaError_t cudaConfigureCall(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                              cudaStream_t stream) {
  LegacyConfigs.push_back({gridDim, blockDim, sharedMem, stream, {}});
  return cudaSuccess;
}

cudaError_t cudaSetupArgument(const void *arg, size_t size, size_t offset) {
  if (LegacyConfigs.empty())
    return record(cudaErrorMissingConfiguration);
  if (!arg && size)
    return record(cudaErrorInvalidValue);
  std::vector<uint8_t> &A = LegacyConfigs.back().args;
  if (A.size() < offset + size)
    A.resize(offset + size);
  if (size)
    std::memcpy(A.data() + offset, arg, size);
  return cudaSuccess;
}

cudaError_t cudaLaunch(const void *func) {
  if (LegacyConfigs.empty())
    return record(cudaErrorMissingConfiguration);
  CallConfig C = std::move(LegacyConfigs.back());
  LegacyConfigs.pop_back();
  Function *F = Runtime::get().modules.function(func);
  if (!F)
    return record(cudaErrorInvalidDeviceFunction);
  LaunchArgs A;
  A.packed = C.args.data();
  A.packedSize = C.args.size();
  return record(launch(F, C.grid, C.block, A, C.sharedMem, C.stream));
}

} // extern "C"

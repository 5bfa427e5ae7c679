//===- Testing.h - test hooks of the CUDA runtime layer ----------*- C++
//-*-===//
//
// Not part of the CUDA API: lets unit tests run the runtime layer on a test
// double of the device interface, and declares the registration entry
// points Clang's host code calls (tests call them by hand).
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_TESTING_H
#define CUMETAL_RUNTIME_CUDA_TESTING_H

#include "cuda_runtime_api.h"
#include "runtime-lite/device/Device.h"

#include <memory>
#include <string>

namespace cumetal::rt {

/// Resets the runtime (as cudaDeviceReset) and makes Dev its device. Null
/// goes back to creating the default backend on first use.
void setDeviceForTesting(std::unique_ptr<device::Device> dev);

/// Device printf text formatted but not yet written to stdout.
std::string pendingPrintfOutputForTesting();

} // namespace cumetal::rt

/// The fat binary wrapper Clang emits (__fatBinC_Wrapper_t).
struct CumetalFatBinaryWrapper {
  int magic; ///< 0x466243B1
  int version;
  const void *data;
  void *filename;
};

extern "C" {
void **__cudaRegisterFatBinary(void *fatCubin);
void __cudaRegisterFatBinaryEnd(void **fatCubinHandle);
void __cudaUnregisterFatBinary(void **fatCubinHandle);
void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun,
                            char *deviceFun, const char *deviceName,
                            int threadLimit, uint3 *tid, uint3 *bid, dim3 *bDim,
                            dim3 *gDim, int *wSize);
void __cudaRegisterVar(void **fatCubinHandle, char *hostVar,
                       char *deviceAddress, const char *deviceName, int ext,
                       size_t size, int constant, int global);
void __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress,
                              char *deviceAddress, const char *deviceName,
                              int ext, size_t size, int constant, int global);
unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim,
                                     size_t sharedMem,
                                     struct CUstream_st *stream);
cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim,
                                       size_t *sharedMem, void *stream);
}

#endif // CUMETAL_RUNTIME_CUDA_TESTING_H

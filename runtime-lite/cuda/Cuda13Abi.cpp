//===- Cuda13Abi.cpp - entry points with CUDA 13's parameters -------------===//
//
// cumetal's headers are CUDA 12's API. CUDA 13 changed what a few entry
// points take without renaming them, so an object nvcc 13 compiled (the
// binary path, docs/binary-path.md) calls the plain symbol with CUDA 13's
// ABI; cumetal's headers bind CUDA 12's versions to other symbols, as CUDA
// 12's own headers did for cudaGetDeviceProperties:
//
//   cudaGetDeviceProperties   CUDA 13's cudaDeviceProp (1008 bytes: the
//                             deprecated fields gone, NUMA fields added);
//                             CUDA 12's is cudaGetDeviceProperties_v2.
//   cudaMemPrefetchAsync,     a cudaMemLocation (and flags) instead of a
//   cudaMemAdvise             device number; CUDA 12 named these _v2, and
//                             its device-number forms are cumetal's
//                             __cumetal_*_device symbols here.
//
// The CUDA 13 structure below is laid out as NVIDIA documents it (field
// names, types and order of cudaDeviceProp in CUDA 13.0).
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include <cstring>

using namespace cumetal;
using namespace cumetal::rt;

namespace {

struct DevicePropCuda13 {
  char name[256];
  cudaUUID_t uuid;
  char luid[8];
  unsigned int luidDeviceNodeMask;
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int regsPerBlock;
  int warpSize;
  size_t memPitch;
  int maxThreadsPerBlock;
  int maxThreadsDim[3];
  int maxGridSize[3];
  size_t totalConstMem;
  int major;
  int minor;
  size_t textureAlignment;
  size_t texturePitchAlignment;
  int multiProcessorCount;
  int integrated;
  int canMapHostMemory;
  int maxTexture1D;
  int maxTexture1DMipmap;
  int maxTexture2D[2];
  int maxTexture2DMipmap[2];
  int maxTexture2DLinear[3];
  int maxTexture2DGather[2];
  int maxTexture3D[3];
  int maxTexture3DAlt[3];
  int maxTextureCubemap;
  int maxTexture1DLayered[2];
  int maxTexture2DLayered[3];
  int maxTextureCubemapLayered[2];
  int maxSurface1D;
  int maxSurface2D[2];
  int maxSurface3D[3];
  int maxSurface1DLayered[2];
  int maxSurface2DLayered[3];
  int maxSurfaceCubemap;
  int maxSurfaceCubemapLayered[2];
  size_t surfaceAlignment;
  int concurrentKernels;
  int ECCEnabled;
  int pciBusID;
  int pciDeviceID;
  int pciDomainID;
  int tccDriver;
  int asyncEngineCount;
  int unifiedAddressing;
  int memoryBusWidth;
  int l2CacheSize;
  int persistingL2CacheMaxSize;
  int maxThreadsPerMultiProcessor;
  int streamPrioritiesSupported;
  int globalL1CacheSupported;
  int localL1CacheSupported;
  size_t sharedMemPerMultiprocessor;
  int regsPerMultiprocessor;
  int managedMemory;
  int isMultiGpuBoard;
  int multiGpuBoardGroupID;
  int hostNativeAtomicSupported;
  int pageableMemoryAccess;
  int concurrentManagedAccess;
  int computePreemptionSupported;
  int canUseHostPointerForRegisteredMem;
  int cooperativeLaunch;
  size_t sharedMemPerBlockOptin;
  int pageableMemoryAccessUsesHostPageTables;
  int directManagedMemAccessFromHost;
  int maxBlocksPerMultiProcessor;
  int accessPolicyMaxWindowSize;
  size_t reservedSharedMemPerBlock;
  int hostRegisterSupported;
  int sparseCudaArraySupported;
  int hostRegisterReadOnlySupported;
  int timelineSemaphoreInteropSupported;
  int memoryPoolsSupported;
  int gpuDirectRDMASupported;
  unsigned int gpuDirectRDMAFlushWritesOptions;
  int gpuDirectRDMAWritesOrdering;
  unsigned int memoryPoolSupportedHandleTypes;
  int deferredMappingCudaArraySupported;
  int ipcEventSupported;
  int clusterLaunch;
  int unifiedFunctionPointers;
  int deviceNumaConfig;
  int deviceNumaId;
  int mpsEnabled;
  int hostNumaId;
  unsigned int gpuPciDeviceID;
  unsigned int gpuPciSubsystemID;
  int hostNumaMultinodeIpcSupported;
  int reserved[56];
};
static_assert(sizeof(DevicePropCuda13) == 1008,
              "CUDA 13's cudaDeviceProp is 1008 bytes");

#define CUMETAL_COPY(field)                                                    \
  static_assert(sizeof(Out.field) == sizeof(In.field), #field);                \
  std::memcpy(&Out.field, &In.field, sizeof(Out.field));

void toCuda13(const cudaDeviceProp &In, DevicePropCuda13 &Out) {
  std::memset(&Out, 0, sizeof(Out));
  CUMETAL_COPY(name)
  CUMETAL_COPY(uuid)
  CUMETAL_COPY(luid)
  CUMETAL_COPY(luidDeviceNodeMask)
  CUMETAL_COPY(totalGlobalMem)
  CUMETAL_COPY(sharedMemPerBlock)
  CUMETAL_COPY(regsPerBlock)
  CUMETAL_COPY(warpSize)
  CUMETAL_COPY(memPitch)
  CUMETAL_COPY(maxThreadsPerBlock)
  CUMETAL_COPY(maxThreadsDim)
  CUMETAL_COPY(maxGridSize)
  CUMETAL_COPY(totalConstMem)
  CUMETAL_COPY(major)
  CUMETAL_COPY(minor)
  CUMETAL_COPY(textureAlignment)
  CUMETAL_COPY(texturePitchAlignment)
  CUMETAL_COPY(multiProcessorCount)
  CUMETAL_COPY(integrated)
  CUMETAL_COPY(canMapHostMemory)
  CUMETAL_COPY(maxTexture1D)
  CUMETAL_COPY(maxTexture1DMipmap)
  CUMETAL_COPY(maxTexture2D)
  CUMETAL_COPY(maxTexture2DMipmap)
  CUMETAL_COPY(maxTexture2DLinear)
  CUMETAL_COPY(maxTexture2DGather)
  CUMETAL_COPY(maxTexture3D)
  CUMETAL_COPY(maxTexture3DAlt)
  CUMETAL_COPY(maxTextureCubemap)
  CUMETAL_COPY(maxTexture1DLayered)
  CUMETAL_COPY(maxTexture2DLayered)
  CUMETAL_COPY(maxTextureCubemapLayered)
  CUMETAL_COPY(maxSurface1D)
  CUMETAL_COPY(maxSurface2D)
  CUMETAL_COPY(maxSurface3D)
  CUMETAL_COPY(maxSurface1DLayered)
  CUMETAL_COPY(maxSurface2DLayered)
  CUMETAL_COPY(maxSurfaceCubemap)
  CUMETAL_COPY(maxSurfaceCubemapLayered)
  CUMETAL_COPY(surfaceAlignment)
  CUMETAL_COPY(concurrentKernels)
  CUMETAL_COPY(ECCEnabled)
  CUMETAL_COPY(pciBusID)
  CUMETAL_COPY(pciDeviceID)
  CUMETAL_COPY(pciDomainID)
  CUMETAL_COPY(tccDriver)
  CUMETAL_COPY(asyncEngineCount)
  CUMETAL_COPY(unifiedAddressing)
  CUMETAL_COPY(memoryBusWidth)
  CUMETAL_COPY(l2CacheSize)
  CUMETAL_COPY(persistingL2CacheMaxSize)
  CUMETAL_COPY(maxThreadsPerMultiProcessor)
  CUMETAL_COPY(streamPrioritiesSupported)
  CUMETAL_COPY(globalL1CacheSupported)
  CUMETAL_COPY(localL1CacheSupported)
  CUMETAL_COPY(sharedMemPerMultiprocessor)
  CUMETAL_COPY(regsPerMultiprocessor)
  CUMETAL_COPY(managedMemory)
  CUMETAL_COPY(isMultiGpuBoard)
  CUMETAL_COPY(multiGpuBoardGroupID)
  CUMETAL_COPY(hostNativeAtomicSupported)
  CUMETAL_COPY(pageableMemoryAccess)
  CUMETAL_COPY(concurrentManagedAccess)
  CUMETAL_COPY(computePreemptionSupported)
  CUMETAL_COPY(canUseHostPointerForRegisteredMem)
  CUMETAL_COPY(cooperativeLaunch)
  CUMETAL_COPY(sharedMemPerBlockOptin)
  CUMETAL_COPY(pageableMemoryAccessUsesHostPageTables)
  CUMETAL_COPY(directManagedMemAccessFromHost)
  CUMETAL_COPY(maxBlocksPerMultiProcessor)
  CUMETAL_COPY(accessPolicyMaxWindowSize)
  CUMETAL_COPY(reservedSharedMemPerBlock)
  CUMETAL_COPY(hostRegisterSupported)
  CUMETAL_COPY(sparseCudaArraySupported)
  CUMETAL_COPY(hostRegisterReadOnlySupported)
  CUMETAL_COPY(timelineSemaphoreInteropSupported)
  CUMETAL_COPY(memoryPoolsSupported)
  CUMETAL_COPY(gpuDirectRDMASupported)
  CUMETAL_COPY(gpuDirectRDMAFlushWritesOptions)
  CUMETAL_COPY(gpuDirectRDMAWritesOrdering)
  CUMETAL_COPY(memoryPoolSupportedHandleTypes)
  CUMETAL_COPY(deferredMappingCudaArraySupported)
  CUMETAL_COPY(ipcEventSupported)
  CUMETAL_COPY(clusterLaunch)
  CUMETAL_COPY(unifiedFunctionPointers)
  // One device, no NUMA: CUDA reports -1 for the NUMA ids it cannot name.
  Out.deviceNumaId = -1;
  Out.hostNumaId = -1;
}
#undef CUMETAL_COPY

/// The device number of a CUDA 13 location (cudaCpuDeviceId for the host).
bool locationDevice(cudaMemLocation Loc, int &Device) {
  switch (rawEnum(Loc.type)) {
  case cudaMemLocationTypeDevice:
    Device = Loc.id;
    return true;
  case cudaMemLocationTypeHost:
  case cudaMemLocationTypeHostNuma:
  case cudaMemLocationTypeHostNumaCurrent:
    Device = cudaCpuDeviceId;
    return true;
  default:
    return false;
  }
}

} // namespace

extern "C" {

cudaError_t
cumetalGetDevicePropertiesCuda13(DevicePropCuda13 *prop,
                                 int device) __asm__("cudaGetDeviceProperties");
cudaError_t cumetalGetDevicePropertiesCuda13(DevicePropCuda13 *prop,
                                             int device) {
  if (!prop)
    return record(cudaErrorInvalidValue);
  cudaDeviceProp P;
  if (cudaError_t E = cudaGetDeviceProperties_v2(&P, device))
    return E;
  toCuda13(P, *prop);
  return cudaSuccess;
}

#define CUMETAL_PREFETCH(Name, Sym, PerThread)                                 \
  cudaError_t Name(const void *devPtr, size_t count, cudaMemLocation location, \
                   unsigned int flags, cudaStream_t stream) __asm__(Sym);      \
  cudaError_t Name(const void *devPtr, size_t count, cudaMemLocation location, \
                   unsigned int flags, cudaStream_t stream) {                  \
    int Device;                                                                \
    if (flags != 0 || !locationDevice(location, Device))                       \
      return record(cudaErrorInvalidValue);                                    \
    if (PerThread && !stream)                                                  \
      stream = cudaStreamPerThread;                                            \
    return cudaMemPrefetchAsync(devPtr, count, Device, stream);                \
  }
CUMETAL_PREFETCH(cumetalMemPrefetchAsync, "cudaMemPrefetchAsync", false)
CUMETAL_PREFETCH(cumetalMemPrefetchAsyncV2, "cudaMemPrefetchAsync_v2", false)
CUMETAL_PREFETCH(cumetalMemPrefetchAsyncPtsz, "cudaMemPrefetchAsync_ptsz", true)
CUMETAL_PREFETCH(cumetalMemPrefetchAsyncV2Ptsz, "cudaMemPrefetchAsync_v2_ptsz",
                 true)
#undef CUMETAL_PREFETCH

#define CUMETAL_ADVISE(Name, Sym)                                              \
  cudaError_t Name(const void *devPtr, size_t count, cudaMemoryAdvise advice,  \
                   cudaMemLocation location) __asm__(Sym);                     \
  cudaError_t Name(const void *devPtr, size_t count, cudaMemoryAdvise advice,  \
                   cudaMemLocation location) {                                 \
    int Device;                                                                \
    if (!locationDevice(location, Device))                                     \
      return record(cudaErrorInvalidValue);                                    \
    return cudaMemAdvise(devPtr, count, advice, Device);                       \
  }
CUMETAL_ADVISE(cumetalMemAdvise, "cudaMemAdvise")
CUMETAL_ADVISE(cumetalMemAdviseV2, "cudaMemAdvise_v2")
#undef CUMETAL_ADVISE

} // extern "C"

/*===- cuda_runtime.h - the CUDA runtime API ---------------------*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA Runtime API documentation. The C API (cuda_runtime_api.h) plus the
 * documented C++ convenience overloads (typed cudaMalloc, symbol copies by
 * reference, kernel-pointer launch and occupancy templates).
 *
 * In a .cu file compiled by cumetalc this header is already included by the
 * pre-include, as nvcc includes it implicitly.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_H__

#include "builtin_types.h"
#include "cuda_runtime_api.h"
#include "driver_functions.h"
#include "host_defines.h"
#include "vector_functions.h"

#if defined(__cplusplus)

/* Clang's launch lowering looks this function up by name (CUDA >= 9.2
 * protocol): `a<<<g, b, s, st>>>(...)` calls it, then the kernel's stub
 * pops the configuration and calls cudaLaunchKernel. */
#if defined(__CUMETAL_CUDA_COMPILER__)
extern "C" unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim,
                                                size_t sharedMem = 0,
                                                struct CUstream_st *stream = 0)
    __CUMETAL_PTSZ(__cudaPushCallConfiguration);
#endif

/* Events ------------------------------------------------------------------ */

static __inline__ __host__ cudaError_t cudaEventCreate(cudaEvent_t *event,
                                                       unsigned int flags) {
  return ::cudaEventCreateWithFlags(event, flags);
}

/* Memory ------------------------------------------------------------------ */

template <class T>
static __inline__ __host__ cudaError_t cudaMalloc(T **devPtr, size_t size) {
  return ::cudaMalloc((void **)(void *)devPtr, size);
}

template <class T>
static __inline__ __host__ cudaError_t cudaMallocHost(T **ptr, size_t size,
                                                      unsigned int flags = 0) {
  return ::cudaHostAlloc((void **)(void *)ptr, size, flags);
}

static __inline__ __host__ cudaError_t cudaMallocHost(void **ptr, size_t size,
                                                      unsigned int flags) {
  return ::cudaHostAlloc(ptr, size, flags);
}

template <class T>
static __inline__ __host__ cudaError_t cudaHostAlloc(T **ptr, size_t size,
                                                     unsigned int flags) {
  return ::cudaHostAlloc((void **)(void *)ptr, size, flags);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaHostGetDevicePointer(T **pDevice, void *pHost, unsigned int flags) {
  return ::cudaHostGetDevicePointer((void **)(void *)pDevice, pHost, flags);
}

template <class T>
static __inline__ __host__ cudaError_t cudaMallocManaged(
    T **devPtr, size_t size, unsigned int flags = cudaMemAttachGlobal) {
  return ::cudaMallocManaged((void **)(void *)devPtr, size, flags);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaMallocPitch(T **devPtr, size_t *pitch, size_t width, size_t height) {
  return ::cudaMallocPitch((void **)(void *)devPtr, pitch, width, height);
}

template <class T>
static __inline__ __host__ cudaError_t cudaMallocAsync(T **devPtr, size_t size,
                                                       cudaStream_t stream) {
  return ::cudaMallocAsync((void **)(void *)devPtr, size, stream);
}

/* Symbols: the symbol is the __device__/__constant__ variable itself. */
template <class T>
static __inline__ __host__ cudaError_t cudaMemcpyToSymbol(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyHostToDevice) {
  return ::cudaMemcpyToSymbol((const void *)&symbol, src, count, offset, kind);
}

template <class T>
static __inline__ __host__ cudaError_t cudaMemcpyToSymbolAsync(
    const T &symbol, const void *src, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyHostToDevice,
    cudaStream_t stream = 0) {
  return ::cudaMemcpyToSymbolAsync((const void *)&symbol, src, count, offset,
                                   kind, stream);
}

template <class T>
static __inline__ __host__ cudaError_t cudaMemcpyFromSymbol(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyDeviceToHost) {
  return ::cudaMemcpyFromSymbol(dst, (const void *)&symbol, count, offset,
                                kind);
}

template <class T>
static __inline__ __host__ cudaError_t cudaMemcpyFromSymbolAsync(
    void *dst, const T &symbol, size_t count, size_t offset = 0,
    enum cudaMemcpyKind kind = cudaMemcpyDeviceToHost,
    cudaStream_t stream = 0) {
  return ::cudaMemcpyFromSymbolAsync(dst, (const void *)&symbol, count, offset,
                                     kind, stream);
}

template <class T>
static __inline__ __host__ cudaError_t cudaGetSymbolAddress(void **devPtr,
                                                            const T &symbol) {
  return ::cudaGetSymbolAddress(devPtr, (const void *)&symbol);
}

template <class T>
static __inline__ __host__ cudaError_t cudaGetSymbolSize(size_t *size,
                                                         const T &symbol) {
  return ::cudaGetSymbolSize(size, (const void *)&symbol);
}

/* Kernels: the kernel is named by its host stub (&kernel). `T *` rather
 * than `const T *` so that Clang deduces T from a kernel's function pointer
 * (Clang does not drop the const of a deduced function type, CWG 1584). */

template <class T>
static __inline__ __host__ cudaError_t
cudaLaunchKernel(T *func, dim3 gridDim, dim3 blockDim, void **args,
                 size_t sharedMem = 0, cudaStream_t stream = 0) {
  return ::cudaLaunchKernel((const void *)func, gridDim, blockDim, args,
                            sharedMem, stream);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaLaunchCooperativeKernel(T *func, dim3 gridDim, dim3 blockDim, void **args,
                            size_t sharedMem = 0, cudaStream_t stream = 0) {
  return ::cudaLaunchCooperativeKernel((const void *)func, gridDim, blockDim,
                                       args, sharedMem, stream);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaFuncGetAttributes(struct cudaFuncAttributes *attr, T *entry) {
  return ::cudaFuncGetAttributes(attr, (const void *)entry);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaFuncSetAttribute(T *entry, enum cudaFuncAttribute attr, int value) {
  return ::cudaFuncSetAttribute((const void *)entry, attr, value);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaFuncSetCacheConfig(T *func, enum cudaFuncCache cacheConfig) {
  return ::cudaFuncSetCacheConfig((const void *)func, cacheConfig);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaFuncSetSharedMemConfig(T *func, enum cudaSharedMemConfig config) {
  return ::cudaFuncSetSharedMemConfig((const void *)func, config);
}

/* Occupancy --------------------------------------------------------------- */

template <class T>
static __inline__ __host__ cudaError_t
cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, T func,
                                              int blockSize,
                                              size_t dynamicSMemSize) {
  return ::cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, (const void *)func, blockSize, dynamicSMemSize,
      cudaOccupancyDefault);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int *numBlocks, T func,
                                                       int blockSize,
                                                       size_t dynamicSMemSize,
                                                       unsigned int flags) {
  return ::cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, (const void *)func, blockSize, dynamicSMemSize, flags);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize, T func,
                                          int numBlocks, int blockSize) {
  return ::cudaOccupancyAvailableDynamicSMemPerBlock(
      dynamicSmemSize, (const void *)func, numBlocks, blockSize);
}

namespace __cumetal {
struct __ConstantSMem {
  size_t n;
  __host__ size_t operator()(int) const { return n; }
};
} // namespace __cumetal

/* The block size that maximises the threads resident per multiprocessor,
 * searched downwards in warp-size steps as CUDA documents; the dynamic
 * shared memory per block may depend on the block size. */
template <typename UnaryFunction, class T>
static __inline__ __host__ cudaError_t
cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
    int *minGridSize, int *blockSize, T func,
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0,
    unsigned int flags = 0) {
  if (!minGridSize || !blockSize || !func)
    return cudaErrorInvalidValue;
  int device = 0, threadsPerSM = 0, warp = 0, devMaxBlock = 0, numSMs = 0;
  cudaError_t err = ::cudaGetDevice(&device);
  if (err == cudaSuccess)
    err = ::cudaDeviceGetAttribute(
        &threadsPerSM, cudaDevAttrMaxThreadsPerMultiProcessor, device);
  if (err == cudaSuccess)
    err = ::cudaDeviceGetAttribute(&warp, cudaDevAttrWarpSize, device);
  if (err == cudaSuccess)
    err = ::cudaDeviceGetAttribute(&devMaxBlock, cudaDevAttrMaxThreadsPerBlock,
                                   device);
  if (err == cudaSuccess)
    err = ::cudaDeviceGetAttribute(&numSMs, cudaDevAttrMultiProcessorCount,
                                   device);
  struct cudaFuncAttributes attr;
  if (err == cudaSuccess)
    err = ::cudaFuncGetAttributes(&attr, (const void *)func);
  if (err != cudaSuccess)
    return err;
  if (blockSizeLimit <= 0 || blockSizeLimit > devMaxBlock)
    blockSizeLimit = devMaxBlock;
  if (blockSizeLimit > attr.maxThreadsPerBlock)
    blockSizeLimit = attr.maxThreadsPerBlock;
  int bestBlock = 0, bestBlocks = 0, bestThreads = 0;
  int aligned = ((blockSizeLimit + warp - 1) / warp) * warp;
  for (int tryAligned = aligned; tryAligned > 0; tryAligned -= warp) {
    int tryBlock = tryAligned < blockSizeLimit ? tryAligned : blockSizeLimit;
    int blocks = 0;
    err = ::cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &blocks, (const void *)func, tryBlock,
        blockSizeToDynamicSMemSize(tryBlock), flags);
    if (err != cudaSuccess)
      return err;
    if (blocks * tryBlock > bestThreads) {
      bestBlock = tryBlock;
      bestBlocks = blocks;
      bestThreads = blocks * tryBlock;
    }
    if (bestThreads == threadsPerSM)
      break;
  }
  *minGridSize = bestBlocks * numSMs;
  *blockSize = bestBlock;
  return cudaSuccess;
}

template <typename UnaryFunction, class T>
static __inline__ __host__ cudaError_t
cudaOccupancyMaxPotentialBlockSizeVariableSMem(
    int *minGridSize, int *blockSize, T func,
    UnaryFunction blockSizeToDynamicSMemSize, int blockSizeLimit = 0) {
  return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, func, blockSizeToDynamicSMemSize, blockSizeLimit,
      cudaOccupancyDefault);
}

template <class T>
static __inline__ __host__ cudaError_t cudaOccupancyMaxPotentialBlockSize(
    int *minGridSize, int *blockSize, T func, size_t dynamicSMemSize = 0,
    int blockSizeLimit = 0) {
  return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, func, __cumetal::__ConstantSMem{dynamicSMemSize},
      blockSizeLimit, cudaOccupancyDefault);
}

template <class T>
static __inline__ __host__ cudaError_t
cudaOccupancyMaxPotentialBlockSizeWithFlags(int *minGridSize, int *blockSize,
                                            T func, size_t dynamicSMemSize = 0,
                                            int blockSizeLimit = 0,
                                            unsigned int flags = 0) {
  return cudaOccupancyMaxPotentialBlockSizeVariableSMemWithFlags(
      minGridSize, blockSize, func, __cumetal::__ConstantSMem{dynamicSMemSize},
      blockSizeLimit, flags);
}

#endif /* __cplusplus */

#endif /* __CUDA_RUNTIME_H__ */

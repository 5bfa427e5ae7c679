/*===- cuda_runtime_api.h - the CUDA runtime C API ---------------*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA Runtime API documentation. Declares the C functions cumetal's
 * runtime-lite implements, with CUDA's signatures and default arguments
 * (C++ only). The C++ overloads live in cuda_runtime.h.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUDA_RUNTIME_API_H__
#define __CUDA_RUNTIME_API_H__

/* cumetal claims CUDA 12.0: the runtime and driver report 12000. */
#define CUDART_VERSION 12000
#ifndef CUDA_VERSION
#define CUDA_VERSION 12000
#endif

#include "builtin_types.h"
#include "host_defines.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* Device management */
extern __host__ cudaError_t CUDARTAPI cudaDeviceReset(void);
extern __host__ cudaError_t CUDARTAPI cudaDeviceSynchronize(void);
extern __host__ cudaError_t CUDARTAPI cudaDeviceSetLimit(enum cudaLimit limit,
                                                         size_t value);
extern __host__ cudaError_t CUDARTAPI cudaDeviceGetLimit(size_t *pValue,
                                                         enum cudaLimit limit);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceGetCacheConfig(enum cudaFuncCache *pCacheConfig);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceSetCacheConfig(enum cudaFuncCache cacheConfig);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceGetSharedMemConfig(enum cudaSharedMemConfig *pConfig);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceSetSharedMemConfig(enum cudaSharedMemConfig config);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags);
extern __host__ cudaError_t CUDARTAPI
cudaDeviceDisablePeerAccess(int peerDevice);
extern __host__ cudaError_t CUDARTAPI cudaThreadExit(void);
extern __host__ cudaError_t CUDARTAPI cudaThreadSynchronize(void);
extern __host__ cudaError_t CUDARTAPI cudaGetDeviceCount(int *count);
/* As in CUDA 12's headers: the entry point of cudaDeviceProp's CUDA 12
 * layout is cudaGetDeviceProperties_v2; the plain symbol fills CUDA 13's
 * layout, for objects nvcc 13 compiled (docs/binary-path.md). */
#define cudaGetDeviceProperties cudaGetDeviceProperties_v2
extern __host__ cudaError_t CUDARTAPI
cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device);
extern __host__ cudaError_t CUDARTAPI
cudaChooseDevice(int *device, const struct cudaDeviceProp *prop);
extern __host__ cudaError_t CUDARTAPI cudaSetDevice(int device);
extern __host__ cudaError_t CUDARTAPI cudaGetDevice(int *device);
extern __host__ cudaError_t CUDARTAPI cudaSetValidDevices(int *deviceArr,
                                                          int len);
extern __host__ cudaError_t CUDARTAPI cudaSetDeviceFlags(unsigned int flags);
extern __host__ cudaError_t CUDARTAPI cudaGetDeviceFlags(unsigned int *flags);

/* Errors */
extern __host__ cudaError_t CUDARTAPI cudaGetLastError(void);
extern __host__ cudaError_t CUDARTAPI cudaPeekAtLastError(void);
extern __host__ const char *CUDARTAPI cudaGetErrorName(cudaError_t error);
extern __host__ const char *CUDARTAPI cudaGetErrorString(cudaError_t error);

/* Per-thread default stream (nvcc --default-stream per-thread, which
 * defines CUDA_API_PER_THREAD_DEFAULT_STREAM): the functions that take a
 * stream bind to their `_ptsz` versions, as in NVIDIA's runtime, for which
 * the null stream is the calling thread's default stream. */
#if defined(CUDA_API_PER_THREAD_DEFAULT_STREAM) && !defined(__CUDA_ARCH__)
#define __CUMETAL_PTSZ(name) __asm__(#name "_ptsz")
#else
#define __CUMETAL_PTSZ(name)
#endif

/* Streams */
extern __host__ cudaError_t CUDARTAPI cudaStreamCreate(cudaStream_t *pStream);
extern __host__ cudaError_t CUDARTAPI
cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags);
extern __host__ cudaError_t CUDARTAPI cudaStreamCreateWithPriority(
    cudaStream_t *pStream, unsigned int flags, int priority);
extern __host__ cudaError_t CUDARTAPI cudaStreamGetPriority(
    cudaStream_t hStream, int *priority) __CUMETAL_PTSZ(cudaStreamGetPriority);
extern __host__ cudaError_t CUDARTAPI cudaStreamGetFlags(cudaStream_t hStream,
                                                         unsigned int *flags)
    __CUMETAL_PTSZ(cudaStreamGetFlags);
extern __host__ cudaError_t CUDARTAPI cudaStreamDestroy(cudaStream_t stream);
extern __host__ cudaError_t CUDARTAPI cudaStreamWaitEvent(
    cudaStream_t stream, cudaEvent_t event, unsigned int flags __dv(0))
    __CUMETAL_PTSZ(cudaStreamWaitEvent);
extern __host__ cudaError_t CUDARTAPI cudaStreamAddCallback(
    cudaStream_t stream, cudaStreamCallback_t callback, void *userData,
    unsigned int flags) __CUMETAL_PTSZ(cudaStreamAddCallback);
extern __host__ cudaError_t CUDARTAPI cudaLaunchHostFunc(cudaStream_t stream,
                                                         cudaHostFn_t fn,
                                                         void *userData)
    __CUMETAL_PTSZ(cudaLaunchHostFunc);
extern __host__ cudaError_t CUDARTAPI cudaStreamSynchronize(cudaStream_t stream)
    __CUMETAL_PTSZ(cudaStreamSynchronize);
extern __host__ cudaError_t CUDARTAPI cudaStreamQuery(cudaStream_t stream)
    __CUMETAL_PTSZ(cudaStreamQuery);
extern __host__ cudaError_t CUDARTAPI cudaStreamAttachMemAsync(
    cudaStream_t stream, void *devPtr, size_t length __dv(0),
    unsigned int flags __dv(cudaMemAttachSingle))
    __CUMETAL_PTSZ(cudaStreamAttachMemAsync);

/* Events */
extern __host__ cudaError_t CUDARTAPI cudaEventCreate(cudaEvent_t *event);
extern __host__ cudaError_t CUDARTAPI
cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags);
extern __host__ cudaError_t CUDARTAPI
cudaEventRecord(cudaEvent_t event, cudaStream_t stream __dv(0))
    __CUMETAL_PTSZ(cudaEventRecord);
extern __host__ cudaError_t CUDARTAPI cudaEventRecordWithFlags(
    cudaEvent_t event, cudaStream_t stream __dv(0), unsigned int flags __dv(0))
    __CUMETAL_PTSZ(cudaEventRecordWithFlags);
extern __host__ cudaError_t CUDARTAPI cudaEventQuery(cudaEvent_t event);
extern __host__ cudaError_t CUDARTAPI cudaEventSynchronize(cudaEvent_t event);
extern __host__ cudaError_t CUDARTAPI cudaEventDestroy(cudaEvent_t event);
extern __host__ cudaError_t CUDARTAPI cudaEventElapsedTime(float *ms,
                                                           cudaEvent_t start,
                                                           cudaEvent_t end);

/* Execution control */
extern __host__ cudaError_t CUDARTAPI cudaLaunchKernel(
    const void *func, dim3 gridDim, dim3 blockDim, void **args,
    size_t sharedMem, cudaStream_t stream) __CUMETAL_PTSZ(cudaLaunchKernel);
/* The pre-CUDA-9.2 launch protocol: Clang uses it when it assumes an old
 * (or no) CUDA SDK, e.g. in a device-only pass without -target-sdk-version. */
extern __host__ cudaError_t CUDARTAPI
cudaConfigureCall(dim3 gridDim, dim3 blockDim, size_t sharedMem __dv(0),
                  cudaStream_t stream __dv(0));
extern __host__ cudaError_t CUDARTAPI cudaSetupArgument(const void *arg,
                                                        size_t size,
                                                        size_t offset);
extern __host__ cudaError_t CUDARTAPI cudaLaunch(const void *func);
extern __host__ cudaError_t CUDARTAPI
cudaLaunchCooperativeKernel(const void *func, dim3 gridDim, dim3 blockDim,
                            void **args, size_t sharedMem, cudaStream_t stream)
    __CUMETAL_PTSZ(cudaLaunchCooperativeKernel);
extern __host__ cudaError_t CUDARTAPI
cudaFuncGetAttributes(struct cudaFuncAttributes *attr, const void *func);
extern __host__ cudaError_t CUDARTAPI
cudaFuncSetAttribute(const void *func, enum cudaFuncAttribute attr, int value);
extern __host__ cudaError_t CUDARTAPI
cudaFuncSetCacheConfig(const void *func, enum cudaFuncCache cacheConfig);
extern __host__ cudaError_t CUDARTAPI
cudaFuncSetSharedMemConfig(const void *func, enum cudaSharedMemConfig config);

/* Occupancy */
extern __host__ cudaError_t CUDARTAPI
cudaOccupancyMaxActiveBlocksPerMultiprocessor(int *numBlocks, const void *func,
                                              int blockSize,
                                              size_t dynamicSMemSize);
extern __host__ cudaError_t CUDARTAPI
cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(int *numBlocks,
                                                       const void *func,
                                                       int blockSize,
                                                       size_t dynamicSMemSize,
                                                       unsigned int flags);
extern __host__ cudaError_t CUDARTAPI cudaOccupancyAvailableDynamicSMemPerBlock(
    size_t *dynamicSmemSize, const void *func, int numBlocks, int blockSize);

/* Memory */
extern __host__ cudaError_t CUDARTAPI cudaMalloc(void **devPtr, size_t size);
extern __host__ cudaError_t CUDARTAPI cudaFree(void *devPtr);
extern __host__ cudaError_t CUDARTAPI cudaMallocHost(void **ptr, size_t size);
extern __host__ cudaError_t CUDARTAPI cudaFreeHost(void *ptr);
extern __host__ cudaError_t CUDARTAPI cudaHostAlloc(void **pHost, size_t size,
                                                    unsigned int flags);
extern __host__ cudaError_t CUDARTAPI cudaHostRegister(void *ptr, size_t size,
                                                       unsigned int flags);
extern __host__ cudaError_t CUDARTAPI cudaHostUnregister(void *ptr);
extern __host__ cudaError_t CUDARTAPI
cudaHostGetDevicePointer(void **pDevice, void *pHost, unsigned int flags);
extern __host__ cudaError_t CUDARTAPI cudaHostGetFlags(unsigned int *pFlags,
                                                       void *pHost);
extern __host__ cudaError_t CUDARTAPI cudaMallocManaged(
    void **devPtr, size_t size, unsigned int flags __dv(cudaMemAttachGlobal));
extern __host__ cudaError_t CUDARTAPI cudaMallocPitch(void **devPtr,
                                                      size_t *pitch,
                                                      size_t width,
                                                      size_t height);
extern __host__ cudaError_t CUDARTAPI
cudaMalloc3D(struct cudaPitchedPtr *pitchedDevPtr, struct cudaExtent extent);
extern __host__ cudaError_t CUDARTAPI cudaMallocAsync(void **devPtr,
                                                      size_t size,
                                                      cudaStream_t hStream)
    __CUMETAL_PTSZ(cudaMallocAsync);
extern __host__ cudaError_t CUDARTAPI cudaFreeAsync(void *devPtr,
                                                    cudaStream_t hStream)
    __CUMETAL_PTSZ(cudaFreeAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemGetInfo(size_t *free,
                                                     size_t *total);
extern __host__ cudaError_t CUDARTAPI cudaMemcpy(void *dst, const void *src,
                                                 size_t count,
                                                 enum cudaMemcpyKind kind);
extern __host__ cudaError_t CUDARTAPI cudaMemcpyAsync(
    void *dst, const void *src, size_t count, enum cudaMemcpyKind kind,
    cudaStream_t stream __dv(0)) __CUMETAL_PTSZ(cudaMemcpyAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemcpyPeer(void *dst, int dstDevice,
                                                     const void *src,
                                                     int srcDevice,
                                                     size_t count);
extern __host__ cudaError_t CUDARTAPI cudaMemcpyPeerAsync(
    void *dst, int dstDevice, const void *src, int srcDevice, size_t count,
    cudaStream_t stream __dv(0)) __CUMETAL_PTSZ(cudaMemcpyPeerAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemcpy2D(void *dst, size_t dpitch,
                                                   const void *src,
                                                   size_t spitch, size_t width,
                                                   size_t height,
                                                   enum cudaMemcpyKind kind);
extern __host__ cudaError_t CUDARTAPI cudaMemcpy2DAsync(
    void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
    size_t height, enum cudaMemcpyKind kind, cudaStream_t stream __dv(0))
    __CUMETAL_PTSZ(cudaMemcpy2DAsync);
extern __host__ cudaError_t CUDARTAPI
cudaMemcpy3D(const struct cudaMemcpy3DParms *p);
extern __host__ cudaError_t CUDARTAPI cudaMemcpy3DAsync(
    const struct cudaMemcpy3DParms *p, cudaStream_t stream __dv(0))
    __CUMETAL_PTSZ(cudaMemcpy3DAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemset(void *devPtr, int value,
                                                 size_t count);
extern __host__ cudaError_t CUDARTAPI cudaMemsetAsync(
    void *devPtr, int value, size_t count, cudaStream_t stream __dv(0))
    __CUMETAL_PTSZ(cudaMemsetAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemset2D(void *devPtr, size_t pitch,
                                                   int value, size_t width,
                                                   size_t height);
extern __host__ cudaError_t CUDARTAPI cudaMemset2DAsync(
    void *devPtr, size_t pitch, int value, size_t width, size_t height,
    cudaStream_t stream __dv(0)) __CUMETAL_PTSZ(cudaMemset2DAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemset3D(
    struct cudaPitchedPtr pitchedDevPtr, int value, struct cudaExtent extent);
extern __host__ cudaError_t CUDARTAPI cudaMemset3DAsync(
    struct cudaPitchedPtr pitchedDevPtr, int value, struct cudaExtent extent,
    cudaStream_t stream __dv(0)) __CUMETAL_PTSZ(cudaMemset3DAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemcpyToSymbol(
    const void *symbol, const void *src, size_t count, size_t offset __dv(0),
    enum cudaMemcpyKind kind __dv(cudaMemcpyHostToDevice));
extern __host__ cudaError_t CUDARTAPI cudaMemcpyFromSymbol(
    void *dst, const void *symbol, size_t count, size_t offset __dv(0),
    enum cudaMemcpyKind kind __dv(cudaMemcpyDeviceToHost));
extern __host__ cudaError_t CUDARTAPI cudaMemcpyToSymbolAsync(
    const void *symbol, const void *src, size_t count, size_t offset,
    enum cudaMemcpyKind kind, cudaStream_t stream __dv(0))
    __CUMETAL_PTSZ(cudaMemcpyToSymbolAsync);
extern __host__ cudaError_t CUDARTAPI cudaMemcpyFromSymbolAsync(
    void *dst, const void *symbol, size_t count, size_t offset,
    enum cudaMemcpyKind kind, cudaStream_t stream __dv(0))
    __CUMETAL_PTSZ(cudaMemcpyFromSymbolAsync);
extern __host__ cudaError_t CUDARTAPI cudaGetSymbolAddress(void **devPtr,
                                                           const void *symbol);
extern __host__ cudaError_t CUDARTAPI cudaGetSymbolSize(size_t *size,
                                                        const void *symbol);
extern __host__ cudaError_t CUDARTAPI cudaPointerGetAttributes(
    struct cudaPointerAttributes *attributes, const void *ptr);
/* CUDA 12's cudaMemPrefetchAsync and cudaMemAdvise take a device number;
 * CUDA 13's, under the same names, a cudaMemLocation. These declarations
 * are CUDA 12's, bound to cumetal symbols of their own, so that the plain
 * symbols can have CUDA 13's parameters for objects nvcc 13 compiled
 * (docs/binary-path.md). */
#if defined(CUDA_API_PER_THREAD_DEFAULT_STREAM) && !defined(__CUDA_ARCH__)
#define __CUMETAL_PREFETCH_DEVICE __asm__("__cumetal_cudaMemPrefetchAsync_device_ptsz")
#else
#define __CUMETAL_PREFETCH_DEVICE __asm__("__cumetal_cudaMemPrefetchAsync_device")
#endif
extern __host__ cudaError_t CUDARTAPI cudaMemPrefetchAsync(
    const void *devPtr, size_t count, int dstDevice,
    cudaStream_t stream __dv(0)) __CUMETAL_PREFETCH_DEVICE;
extern __host__ cudaError_t CUDARTAPI
cudaMemAdvise(const void *devPtr, size_t count, enum cudaMemoryAdvise advice,
              int device) __asm__("__cumetal_cudaMemAdvise_device");

/* Versions */
extern __host__ cudaError_t CUDARTAPI cudaDriverGetVersion(int *driverVersion);
extern __host__ cudaError_t CUDARTAPI
cudaRuntimeGetVersion(int *runtimeVersion);

/* Profiler control (cuda_profiler_api.h): accepted, no effect. */
extern __host__ cudaError_t CUDARTAPI cudaProfilerStart(void);
extern __host__ cudaError_t CUDARTAPI cudaProfilerStop(void);

#if defined(__cplusplus)
} /* extern "C" */
#endif

#endif /* __CUDA_RUNTIME_API_H__ */

//===- PerThreadStream.cpp - the per-thread default stream entry points ---===//
//
// Code compiled with nvcc's --default-stream per-thread (the macro
// CUDA_API_PER_THREAD_DEFAULT_STREAM) calls the `_ptsz` versions of the
// functions that take a stream (cuda_runtime_api.h binds them by asm
// label, as NVIDIA's headers do): for them the null stream is the calling
// thread's default stream, cudaStreamPerThread, instead of the legacy
// one. Each forwards to the ordinary function with that stream.
//
//===----------------------------------------------------------------------===//

#include "cuda_runtime.h"

namespace {

cudaStream_t perThread(cudaStream_t S) { return S ? S : cudaStreamPerThread; }

} // namespace

extern "C" {

// Registration.cpp (cuda_runtime.h declares it only for cumetal's compiler).
unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim,
                                     size_t sharedMem,
                                     struct CUstream_st *stream);

cudaError_t __cudaLaunchKernel(cudaKernel_t kernel, dim3 gridDim, dim3 blockDim,
                               void **args, size_t sharedMem,
                               cudaStream_t stream);

cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t kernel, dim3 gridDim,
                                    dim3 blockDim, void **args,
                                    size_t sharedMem, cudaStream_t stream) {
  return __cudaLaunchKernel(kernel, gridDim, blockDim, args, sharedMem,
                            perThread(stream));
}

unsigned __cudaPushCallConfiguration_ptsz(dim3 gridDim, dim3 blockDim,
                                          size_t sharedMem,
                                          struct CUstream_st *stream) {
  return __cudaPushCallConfiguration(gridDim, blockDim, sharedMem,
                                     perThread(stream));
}

cudaError_t cudaStreamGetPriority_ptsz(cudaStream_t hStream, int *priority) {
  return cudaStreamGetPriority(perThread(hStream), priority);
}

cudaError_t cudaStreamGetFlags_ptsz(cudaStream_t hStream, unsigned int *flags) {
  return cudaStreamGetFlags(perThread(hStream), flags);
}

cudaError_t cudaStreamWaitEvent_ptsz(cudaStream_t stream, cudaEvent_t event,
                                     unsigned int flags) {
  return cudaStreamWaitEvent(perThread(stream), event, flags);
}

cudaError_t cudaStreamAddCallback_ptsz(cudaStream_t stream,
                                       cudaStreamCallback_t callback,
                                       void *userData, unsigned int flags) {
  return cudaStreamAddCallback(perThread(stream), callback, userData, flags);
}

cudaError_t cudaLaunchHostFunc_ptsz(cudaStream_t stream, cudaHostFn_t fn,
                                    void *userData) {
  return cudaLaunchHostFunc(perThread(stream), fn, userData);
}

cudaError_t cudaStreamSynchronize_ptsz(cudaStream_t stream) {
  return cudaStreamSynchronize(perThread(stream));
}

cudaError_t cudaStreamQuery_ptsz(cudaStream_t stream) {
  return cudaStreamQuery(perThread(stream));
}

cudaError_t cudaStreamAttachMemAsync_ptsz(cudaStream_t stream, void *devPtr,
                                          size_t length, unsigned int flags) {
  return cudaStreamAttachMemAsync(perThread(stream), devPtr, length, flags);
}

cudaError_t cudaEventRecord_ptsz(cudaEvent_t event, cudaStream_t stream) {
  return cudaEventRecord(event, perThread(stream));
}

cudaError_t cudaEventRecordWithFlags_ptsz(cudaEvent_t event,
                                          cudaStream_t stream,
                                          unsigned int flags) {
  return cudaEventRecordWithFlags(event, perThread(stream), flags);
}

cudaError_t cudaLaunchKernel_ptsz(const void *func, dim3 gridDim, dim3 blockDim,
                                  void **args, size_t sharedMem,
                                  cudaStream_t stream) {
  return cudaLaunchKernel(func, gridDim, blockDim, args, sharedMem,
                          perThread(stream));
}

cudaError_t cudaLaunchCooperativeKernel_ptsz(const void *func, dim3 gridDim,
                                             dim3 blockDim, void **args,
                                             size_t sharedMem,
                                             cudaStream_t stream) {
  return cudaLaunchCooperativeKernel(func, gridDim, blockDim, args, sharedMem,
                                     perThread(stream));
}

cudaError_t cudaMallocAsync_ptsz(void **devPtr, size_t size,
                                 cudaStream_t hStream) {
  return cudaMallocAsync(devPtr, size, perThread(hStream));
}

cudaError_t cudaFreeAsync_ptsz(void *devPtr, cudaStream_t hStream) {
  return cudaFreeAsync(devPtr, perThread(hStream));
}

cudaError_t cudaMemcpyAsync_ptsz(void *dst, const void *src, size_t count,
                                 enum cudaMemcpyKind kind,
                                 cudaStream_t stream) {
  return cudaMemcpyAsync(dst, src, count, kind, perThread(stream));
}

cudaError_t cudaMemcpyPeerAsync_ptsz(void *dst, int dstDevice, const void *src,
                                     int srcDevice, size_t count,
                                     cudaStream_t stream) {
  return cudaMemcpyPeerAsync(dst, dstDevice, src, srcDevice, count,
                             perThread(stream));
}

cudaError_t cudaMemcpy2DAsync_ptsz(void *dst, size_t dpitch, const void *src,
                                   size_t spitch, size_t width, size_t height,
                                   enum cudaMemcpyKind kind,
                                   cudaStream_t stream) {
  return cudaMemcpy2DAsync(dst, dpitch, src, spitch, width, height, kind,
                           perThread(stream));
}

cudaError_t cudaMemcpy3DAsync_ptsz(const struct cudaMemcpy3DParms *p,
                                   cudaStream_t stream) {
  return cudaMemcpy3DAsync(p, perThread(stream));
}

cudaError_t cudaMemsetAsync_ptsz(void *devPtr, int value, size_t count,
                                 cudaStream_t stream) {
  return cudaMemsetAsync(devPtr, value, count, perThread(stream));
}

cudaError_t cudaMemset2DAsync_ptsz(void *devPtr, size_t pitch, int value,
                                   size_t width, size_t height,
                                   cudaStream_t stream) {
  return cudaMemset2DAsync(devPtr, pitch, value, width, height,
                           perThread(stream));
}

cudaError_t cudaMemset3DAsync_ptsz(struct cudaPitchedPtr pitchedDevPtr,
                                   int value, struct cudaExtent extent,
                                   cudaStream_t stream) {
  return cudaMemset3DAsync(pitchedDevPtr, value, extent, perThread(stream));
}

cudaError_t cudaMemcpyToSymbolAsync_ptsz(const void *symbol, const void *src,
                                         size_t count, size_t offset,
                                         enum cudaMemcpyKind kind,
                                         cudaStream_t stream) {
  return cudaMemcpyToSymbolAsync(symbol, src, count, offset, kind,
                                 perThread(stream));
}

cudaError_t cudaMemcpyFromSymbolAsync_ptsz(void *dst, const void *symbol,
                                           size_t count, size_t offset,
                                           enum cudaMemcpyKind kind,
                                           cudaStream_t stream) {
  return cudaMemcpyFromSymbolAsync(dst, symbol, count, offset, kind,
                                   perThread(stream));
}

// cuda_runtime_api.h binds this to __cumetal_cudaMemPrefetchAsync_device_ptsz
// (Cuda13Abi.cpp has the plain cudaMemPrefetchAsync_ptsz).
cudaError_t cumetalMemPrefetchAsyncDevicePtsz(
    const void *devPtr, size_t count, int dstDevice,
    cudaStream_t stream) __asm__("__cumetal_cudaMemPrefetchAsync_device_ptsz");
cudaError_t cumetalMemPrefetchAsyncDevicePtsz(const void *devPtr, size_t count,
                                              int dstDevice,
                                              cudaStream_t stream) {
  return cudaMemPrefetchAsync(devPtr, count, dstDevice, perThread(stream));
}

} // extern "C"

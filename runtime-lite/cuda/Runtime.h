//===- Runtime.h - state shared by the CUDA runtime layer --------*- C++
//-*-===//
//
// The process-wide runtime: the device (created on first use from
// CUMETAL_BACKEND / CUMETAL_CHECK), the allocation record, the streams, the
// registered modules, the printf system, the atomic lock table, device
// limits and the error state (per-thread last error, process-wide sticky
// error).
//
// Every public entry point is a thin wrapper around an internal function
// returning cudaError_t; the runtime API wrappers record non-success
// results as the thread's last error, the driver API wrappers do not.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_RUNTIME_H
#define CUMETAL_RUNTIME_CUDA_RUNTIME_H

#include "cuda_runtime_api.h"
#include "runtime-lite/cuda/Memory.h"
#include "runtime-lite/cuda/Modules.h"
#include "runtime-lite/cuda/Printf.h"
#include "runtime-lite/cuda/Streams.h"
#include "runtime-lite/device/Device.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>

namespace cumetal::rt {

/// The integer value of a CUDA enum parameter, read without an enum-typed
/// load: callers may pass values outside the enumeration (CUDA documents
/// the error they get), which would be undefined behaviour to load as the
/// enum type.
template <typename E> int rawEnum(const E &e) {
  static_assert(sizeof(E) == sizeof(int), "CUDA enums are int-sized");
  int V;
  std::memcpy(&V, &e, sizeof V);
  return V;
}

// Limits cumetal advertises (both backends). Shared memory per block is
// Apple GPUs' 32 KiB threadgroup memory.
constexpr size_t kSharedMemPerBlock = 32 * 1024;
constexpr size_t kSharedMemPerSM = 32 * 1024;
constexpr unsigned kMaxThreadsPerBlock = 1024;
constexpr unsigned kMaxBlockDimXY = 1024;
constexpr unsigned kMaxBlockDimZ = 64;
constexpr unsigned kMaxGridDimX = 0x7fffffffu;
constexpr unsigned kMaxGridDimYZ = 65535;
constexpr int kWarpSize = 32;
constexpr int kMaxThreadsPerSM = 2048;
constexpr int kMaxBlocksPerSM = 32;
constexpr size_t kPitchAlignment = 512;
constexpr int kCudaVersion = 12000;
/// The compute capability reported for the device: 8.0, the sm_80 target
/// the device code is compiled for (__CUDA_ARCH__ 800), so host-side
/// feature checks agree with what the device side was compiled with.
constexpr int kComputeMajor = 8;
constexpr int kComputeMinor = 0;

struct Limits {
  size_t stackSize = 1024;
  size_t mallocHeapSize = 8u << 20;
  size_t devRuntimeSyncDepth = 2;
  size_t devRuntimePendingLaunchCount = 2048;
  size_t maxL2FetchGranularity = 64;
  size_t persistingL2CacheSize = 0;
};

class Runtime {
public:
  static Runtime &get();

  /// The device, created on first use; cudaErrorNoDevice if no backend is
  /// available.
  cudaError_t device(device::Device *&dev);
  /// The device if it exists already (never creates it).
  device::Device *existingDevice();
  /// cudaDeviceReset: waits for all work, frees every allocation, forgets
  /// streams and events, unloads modules (they reload on next use), clears
  /// errors and limits.
  void reset();
  /// Testing: reset, then use Dev (null: create the default device again
  /// on next use).
  void replaceDevice(std::unique_ptr<device::Device> dev);
  /// The atomic lock table kernels with emulated 64-bit atomics bind at
  /// buffer 4 (docs/abi.md §5): metallib::kAtomicLockCount zeroed 32-bit
  /// words, allocated on \p dev at first use and kept until reset. Null if
  /// the device is out of memory.
  void *atomicLockTable(device::Device &dev);

  MemoryRegistry memory;
  StreamManager streams;
  ModuleRegistry modules;
  PrintfSystem printf;

  std::mutex configMu; ///< guards the fields below
  Limits limits;
  unsigned deviceFlags = 0;
  cudaFuncCache cacheConfig = cudaFuncCachePreferNone;
  cudaSharedMemConfig sharedMemConfig = cudaSharedMemBankSizeFourByte;

  std::atomic<bool> driverInitialized{false};

private:
  Runtime() = default;
  void resetLocked();

  std::mutex deviceMu_;
  std::unique_ptr<device::Device> device_;
  bool deviceTried_ = false;
  bool useDefaultDevice_ = true;

  std::mutex locksMu_;
  void *atomicLocks_ = nullptr; ///< on the current device
};

// Errors (Errors.cpp) ------------------------------------------------------

/// Records E as the calling thread's last error unless it is cudaSuccess.
cudaError_t record(cudaError_t e);
/// The sticky error, or cudaSuccess.
cudaError_t sticky();
/// A sticky fault found while a kernel ran (assert, trap, illegal address):
/// recorded now, visible after the next synchronising call publishes it.
void raiseDeviceFault(cudaError_t e);
/// Whether a fault is recorded, published or not (later kernels do not run).
bool deviceFaulted();
/// Called by every synchronising wait: makes recorded faults sticky.
void publishDeviceFaults();
/// Makes E the sticky error (the first one stays).
void raiseSticky(cudaError_t e);
/// A non-sticky error found by asynchronous work; reported by the next
/// synchronising call.
void raiseAsync(cudaError_t e);
/// At a synchronisation point: the sticky error, else the pending
/// asynchronous error (which this clears), else cudaSuccess.
cudaError_t syncResult();
/// Clears the sticky, asynchronous and the calling thread's last error.
void clearErrors();
/// The CUDA error for a backend fault, and whether it is sticky.
cudaError_t faultToError(device::Fault f, bool &isSticky);
const char *errorName(cudaError_t e);
const char *errorString(cudaError_t e);

// Shared helpers ------------------------------------------------------------

/// The device, for internal functions that also need the sticky check.
cudaError_t deviceForApi(device::Device *&dev);

/// Kernel launch with a parameter source (Launch.cpp).
struct LaunchArgs {
  void *const *args = nullptr;  ///< CUDA: one pointer per parameter
  const void *packed = nullptr; ///< or the packed parameter block
  size_t packedSize = 0;
};
cudaError_t launch(Function *f, dim3 grid, dim3 block, const LaunchArgs &a,
                   size_t sharedMem, cudaStream_t stream);
/// A runtime API launch (cudaLaunchKernel, nvcc's __cudaLaunchKernel) with
/// one pointer per parameter; the result is the thread's last error.
cudaError_t launchWithArgs(Function *f, dim3 grid, dim3 block, void **args,
                           size_t sharedMem, cudaStream_t stream);
cudaError_t funcAttributes(Function *f, cudaFuncAttributes &attr);
cudaError_t setFuncAttribute(Function *f, cudaFuncAttribute attr, int value);

/// Memory internals (Memory.cpp), shared with the driver API.
cudaError_t mallocKind(void **ptr, size_t size, MemKind kind, unsigned flags);
cudaError_t freeKind(void *ptr, bool host);
cudaError_t memcpyOn(void *dst, const void *src, size_t count,
                     cudaMemcpyKind kind, cudaStream_t stream, bool async);
cudaError_t memsetOn(void *dst, int value, size_t count, cudaStream_t stream,
                     bool async);
/// Fills Count elements of ElemSize bytes with the pattern at Value.
cudaError_t memsetPattern(void *dst, const void *value, size_t elemSize,
                          size_t count, cudaStream_t stream, bool async);
cudaError_t memGetInfo(size_t *freeBytes, size_t *totalBytes);

/// Stream/event internals (StreamApi.cpp), shared with the driver API.
cudaError_t streamCreate(cudaStream_t *s, unsigned flags, int priority);
cudaError_t streamDestroy(cudaStream_t s);
cudaError_t streamSynchronize(cudaStream_t s);
cudaError_t streamQuery(cudaStream_t s);
cudaError_t streamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned flags);
cudaError_t eventCreate(cudaEvent_t *e, unsigned flags);
cudaError_t eventRecord(cudaEvent_t e, cudaStream_t s);
cudaError_t eventQuery(cudaEvent_t e);
cudaError_t eventSynchronize(cudaEvent_t e);
cudaError_t eventElapsed(float *ms, cudaEvent_t a, cudaEvent_t b);
cudaError_t eventDestroy(cudaEvent_t e);
cudaError_t deviceSynchronize();

/// Device queries (DeviceApi.cpp), shared with the driver API.
cudaError_t deviceProperties(cudaDeviceProp &prop);
cudaError_t deviceAttribute(int *value, int attr);

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_RUNTIME_H

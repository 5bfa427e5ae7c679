//===- Launch.cpp - kernel launches and function attributes --------------===//
//
// cudaLaunchKernel and its driver-API twin: validate the configuration as
// CUDA does, marshal the arguments into the parameter block, bind the
// buffers of docs/abi.md §3 and queue the dispatch on the stream. After the
// dispatch the printf buffer is drained and device faults become CUDA
// errors (sticky where CUDA's are). Also cudaFuncGetAttributes,
// cudaFuncSetAttribute and the occupancy calculator.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace cumetal;
using namespace cumetal::rt;

namespace {

Runtime &R() { return Runtime::get(); }

bool binds(const metallib::EnvelopeKernel &k, uint32_t buffer) {
  return std::find(k.buffers.begin(), k.buffers.end(), buffer) !=
         k.buffers.end();
}

/// What CUDA 13 returns for a launch it refuses, as recorded on an H100
/// (test/conformance/programs/39_errors.cu, 48_launch_bounds_attrs.cu):
/// cudaErrorInvalidValue for bad block and grid dimensions, too much shared
/// memory and exceeding __launch_bounds__ alike.
cudaError_t checkConfiguration(const Function &f, dim3 grid, dim3 block,
                               size_t sharedMem) {
  if (block.x == 0 || block.y == 0 || block.z == 0 ||
      block.x > kMaxBlockDimXY || block.y > kMaxBlockDimXY ||
      block.z > kMaxBlockDimZ)
    return cudaErrorInvalidValue;
  uint64_t Threads = uint64_t(block.x) * block.y * block.z;
  if (Threads > kMaxThreadsPerBlock)
    return cudaErrorInvalidValue;
  if (grid.x == 0 || grid.y == 0 || grid.z == 0 || grid.x > kMaxGridDimX ||
      grid.y > kMaxGridDimYZ || grid.z > kMaxGridDimYZ)
    return cudaErrorInvalidValue;
  // More dynamic shared memory than the function allows (by default, what
  // the 32 KiB left over from its static shared memory): CUDA answers
  // cudaErrorInvalidValue.
  if (sharedMem > static_cast<size_t>(std::max(f.maxDynamicShared.load(), 0)) ||
      f.staticShared() + sharedMem > kSharedMemPerBlock)
    return cudaErrorInvalidValue;
  // Above the kernel's __launch_bounds__.
  if (Threads > f.maxThreads())
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

/// Copies the arguments into a parameter block laid out as the manifest
/// says (docs/abi.md §3).
cudaError_t marshal(const metallib::EnvelopeKernel &k, const LaunchArgs &a,
                    std::vector<uint8_t> &block) {
  block.assign(std::max<uint32_t>(k.paramBlockSize, 8), 0);
  if (a.packed) {
    size_t Needed = 0;
    for (const metallib::EnvelopeParam &P : k.params)
      Needed = std::max<size_t>(Needed, size_t(P.offset) + P.size);
    if (a.packedSize < Needed)
      return cudaErrorInvalidValue;
    std::memcpy(block.data(), a.packed, std::min(a.packedSize, block.size()));
    return cudaSuccess;
  }
  if (!k.params.empty() && !a.args)
    return cudaErrorInvalidValue;
  for (size_t I = 0; I < k.params.size(); ++I) {
    const metallib::EnvelopeParam &P = k.params[I];
    if (!a.args[I])
      return cudaErrorInvalidValue;
    std::memcpy(block.data() + P.offset, a.args[I], P.size);
  }
  return cudaSuccess;
}

struct LaunchWork {
  device::Device *dev;
  device::Kernel *kernel;
  Module *module;
  device::LaunchConfig config;
  std::vector<uint8_t> params;
  void *printfBuffer = nullptr;
  size_t printfLength = 0;
};

void runLaunch(LaunchWork &w) {
  if (deviceFaulted()) {
    // The context is unusable: the kernel does not run.
    if (w.printfBuffer)
      R().printf.drain(*w.dev, w.printfBuffer, w.printfLength, {});
    return;
  }
  w.config.buffers[0] = {w.params.data(), w.params.size()};
  device::Status St = w.kernel->launch(w.config);
  if (w.printfBuffer) {
    uint32_t Status = R().printf.drain(*w.dev, w.printfBuffer, w.printfLength,
                                       w.module->env.printfFormats);
    if (Status & kPrintfStatusAssert)
      raiseDeviceFault(cudaErrorAssert);
    if (Status & kPrintfStatusTrap)
      raiseDeviceFault(cudaErrorLaunchFailure);
  }
  if (St.fault != device::Fault::None) {
    bool IsSticky;
    cudaError_t E = faultToError(St.fault, IsSticky);
    // The backend's message names the kernel, thread and address.
    if (!St.message.empty())
      std::fprintf(stderr, "cumetal: %s\n", St.message.c_str());
    if (IsSticky)
      raiseDeviceFault(E);
    else
      raiseAsync(E);
  }
}

} // namespace

cudaError_t rt::launch(Function *f, dim3 grid, dim3 block, const LaunchArgs &a,
                       size_t sharedMem, cudaStream_t stream) {
  if (cudaError_t E = sticky())
    return E;
  if (!f)
    return cudaErrorInvalidDeviceFunction;
  device::Device *Dev;
  if (cudaError_t E = R().device(Dev))
    return E;
  device::Kernel *K;
  if (cudaError_t E = R().modules.kernel(f, K))
    return E;
  if (cudaError_t E = checkConfiguration(*f, grid, block, sharedMem))
    return E;
  std::shared_ptr<Stream> S = R().streams.resolve(stream);
  if (!S)
    return cudaErrorInvalidResourceHandle;

  // A launch is a point where CUDA flushes earlier device printf output.
  R().printf.flush();

  const metallib::EnvelopeKernel &Meta = *f->meta;
  auto W = std::make_shared<LaunchWork>();
  W->dev = Dev;
  W->kernel = K;
  W->module = f->module;
  if (cudaError_t E = marshal(Meta, a, W->params))
    return E;
  device::LaunchConfig &C = W->config;
  C.grid = {grid.x, grid.y, grid.z};
  C.block = {block.x, block.y, block.z};
  Module *M = f->module;
  C.buffers[1] = {M->deviceBlock,
                  std::max<size_t>(M->env.deviceGlobalsSize, 16)};
  C.buffers[3] = {M->constantBlock,
                  std::max<size_t>(M->env.constantGlobalsSize, 16)};
  if (binds(Meta, 2)) {
    W->printfBuffer = R().printf.acquire(*Dev, W->printfLength);
    if (!W->printfBuffer)
      return cudaErrorMemoryAllocation;
    C.buffers[2] = {W->printfBuffer, W->printfLength};
  }
  if (binds(Meta, 4)) {
    void *Locks = R().atomicLockTable(*Dev);
    if (!Locks)
      return cudaErrorMemoryAllocation;
    C.buffers[4] = {Locks, metallib::kAtomicLockCount * sizeof(uint32_t)};
  }
  C.threadgroupLengths[0] = sharedMem;
  R().streams.enqueue(S, [W] { runLaunch(*W); });
  return cudaSuccess;
}

cudaError_t rt::funcAttributes(Function *f, cudaFuncAttributes &attr) {
  if (!f)
    return cudaErrorInvalidDeviceFunction;
  if (!f->module->valid) {
    R().modules.report(f->module);
    return cudaErrorInvalidKernelImage;
  }
  if (!f->meta)
    return cudaErrorInvalidDeviceFunction;
  std::memset(&attr, 0, sizeof(attr));
  attr.sharedSizeBytes = f->staticShared();
  attr.constSizeBytes = f->module->env.constantGlobalsSize;
  attr.localSizeBytes = 0;
  attr.maxThreadsPerBlock = static_cast<int>(f->maxThreads());
  attr.numRegs = 0;
  attr.ptxVersion = kComputeMajor * 10 + kComputeMinor;
  attr.binaryVersion = kComputeMajor * 10 + kComputeMinor;
  attr.cacheModeCA = 0;
  attr.maxDynamicSharedSizeBytes = f->maxDynamicShared;
  attr.preferredShmemCarveout = f->carveout;
  return cudaSuccess;
}

cudaError_t rt::setFuncAttribute(Function *f, cudaFuncAttribute attr,
                                 int value) {
  if (!f || !f->meta)
    return cudaErrorInvalidDeviceFunction;
  switch (attr) {
  case cudaFuncAttributeMaxDynamicSharedMemorySize:
    if (value < 0 ||
        static_cast<size_t>(value) + f->staticShared() > kSharedMemPerBlock)
      return cudaErrorInvalidValue;
    f->maxDynamicShared = value;
    return cudaSuccess;
  case cudaFuncAttributePreferredSharedMemoryCarveout:
    if (value < -1 || value > 100)
      return cudaErrorInvalidValue;
    f->carveout = value;
    return cudaSuccess;
  default:
    // Thread block clusters need compute capability 9.0.
    return cudaErrorInvalidValue;
  }
}

namespace {

/// Blocks of F resident on one multiprocessor: limited by threads (in
/// whole warps), blocks and shared memory per multiprocessor.
int occupancy(const Function &f, int blockSize, size_t dynamicSMem) {
  if (blockSize <= 0 || static_cast<unsigned>(blockSize) > f.maxThreads())
    return 0;
  size_t Shared = f.staticShared() + dynamicSMem;
  if (Shared > kSharedMemPerBlock)
    return 0;
  int Warps = (blockSize + kWarpSize - 1) / kWarpSize;
  int Blocks =
      std::min(kMaxBlocksPerSM, (kMaxThreadsPerSM / kWarpSize) / Warps);
  if (Shared)
    Blocks = std::min<int>(Blocks, static_cast<int>(kSharedMemPerSM / Shared));
  return Blocks;
}

} // namespace

cudaError_t rt::launchWithArgs(Function *f, dim3 grid, dim3 block, void **args,
                               size_t sharedMem, cudaStream_t stream) {
  LaunchArgs A;
  A.args = args;
  return record(launch(f, grid, block, A, sharedMem, stream));
}

extern "C" {

cudaError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim,
                             void **args, size_t sharedMem,
                             cudaStream_t stream) {
  return launchWithArgs(R().modules.function(func), gridDim, blockDim, args,
                        sharedMem, stream);
}

cudaError_t cudaLaunchCooperativeKernel(const void *func, dim3 gridDim,
                                        dim3 blockDim, void **args,
                                        size_t sharedMem, cudaStream_t stream) {
  if (cudaError_t E = sticky())
    return record(E);
  Function *F = R().modules.function(func);
  if (F && F->meta) {
    // Every block of a cooperative grid must be resident at once.
    device::Device *Dev;
    if (cudaError_t E = R().device(Dev))
      return record(E);
    uint64_t Blocks = uint64_t(gridDim.x) * gridDim.y * gridDim.z;
    int PerSM =
        occupancy(*F, int(blockDim.x * blockDim.y * blockDim.z), sharedMem);
    if (Blocks > uint64_t(PerSM) * Dev->multiprocessorCount())
      return record(cudaErrorCooperativeLaunchTooLarge);
  }
  return launchWithArgs(F, gridDim, blockDim, args, sharedMem, stream);
}

cudaError_t cudaFuncGetAttributes(cudaFuncAttributes *attr, const void *func) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!attr)
    return record(cudaErrorInvalidValue);
  return record(funcAttributes(R().modules.function(func), *attr));
}

cudaError_t cudaFuncSetAttribute(const void *func, cudaFuncAttribute attr,
                                 int value) {
  if (cudaError_t E = sticky())
    return record(E);
  return record(setFuncAttribute(R().modules.function(func), attr, value));
}

cudaError_t cudaFuncSetCacheConfig(const void *func,
                                   cudaFuncCache cacheConfig) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!R().modules.function(func))
    return record(cudaErrorInvalidDeviceFunction);
  if (cacheConfig < cudaFuncCachePreferNone ||
      cacheConfig > cudaFuncCachePreferEqual)
    return record(cudaErrorInvalidValue);
  return cudaSuccess; // no configurable L1/shared split
}

cudaError_t cudaFuncSetSharedMemConfig(const void *func,
                                       cudaSharedMemConfig config) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!R().modules.function(func))
    return record(cudaErrorInvalidDeviceFunction);
  if (config < cudaSharedMemBankSizeDefault ||
      config > cudaSharedMemBankSizeEightByte)
    return record(cudaErrorInvalidValue);
  return cudaSuccess;
}

cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!numBlocks || (flags & ~1u))
    return record(cudaErrorInvalidValue);
  Function *F = R().modules.function(func);
  if (!F || !F->meta)
    return record(cudaErrorInvalidDeviceFunction);
  *numBlocks = occupancy(*F, blockSize, dynamicSMemSize);
  return cudaSuccess;
}

cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, func, blockSize, dynamicSMemSize, cudaOccupancyDefault);
}

cudaError_t cudaOccupancyAvailableDynamicSMemPerBlock(size_t *dynamicSmemSize,
                                                      const void *func,
                                                      int numBlocks,
                                                      int blockSize) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!dynamicSmemSize || numBlocks <= 0 || blockSize <= 0)
    return record(cudaErrorInvalidValue);
  Function *F = R().modules.function(func);
  if (!F || !F->meta)
    return record(cudaErrorInvalidDeviceFunction);
  if (occupancy(*F, blockSize, 0) < numBlocks) {
    *dynamicSmemSize = 0;
    return cudaSuccess;
  }
  size_t PerBlock = std::min(kSharedMemPerSM / numBlocks, kSharedMemPerBlock);
  *dynamicSmemSize =
      PerBlock > F->staticShared() ? PerBlock - F->staticShared() : 0;
  return cudaSuccess;
}

} // extern "C"

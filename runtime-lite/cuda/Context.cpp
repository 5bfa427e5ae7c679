//===- Context.cpp - the runtime singleton and its device ---------------===//
//
// Creates the device on first use (CUMETAL_BACKEND selects the backend;
// only "cpu" exists on Linux; CUMETAL_CHECK=1 turns on checked mode) and the
// atomic lock table, implements cudaDeviceReset's teardown, and the test
// hooks.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"
#include "runtime-lite/cuda/Testing.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace cumetal;
using namespace cumetal::rt;

Runtime &Runtime::get() {
  // Never destroyed: stream workers and atexit handlers may still use it
  // while static destructors run.
  static Runtime *R = new Runtime();
  return *R;
}

static std::unique_ptr<device::Device> createDefaultDevice() {
  const char *Backend = std::getenv("CUMETAL_BACKEND");
  const char *Check = std::getenv("CUMETAL_CHECK");
  bool Checked = Check && *Check && std::strcmp(Check, "0") != 0;
  if (Backend && *Backend && std::strcmp(Backend, "cpu") != 0) {
    std::fprintf(stderr,
                 "cumetal: CUMETAL_BACKEND=%s is not available in this build "
                 "(available: cpu)\n",
                 Backend);
    return nullptr;
  }
#if defined(CUMETAL_HAVE_CPU_BACKEND)
  return device::createCpuDevice(Checked);
#else
  (void)Checked;
  std::fprintf(stderr, "cumetal: this runtime was built without a device "
                       "backend\n");
  return nullptr;
#endif
}

cudaError_t Runtime::device(device::Device *&dev) {
  std::lock_guard<std::mutex> Lock(deviceMu_);
  if (!device_ && !deviceTried_ && useDefaultDevice_) {
    deviceTried_ = true;
    device_ = createDefaultDevice();
  }
  dev = device_.get();
  if (!dev)
    return cudaErrorNoDevice;
  driverInitialized = true;
  return cudaSuccess;
}

device::Device *Runtime::existingDevice() {
  std::lock_guard<std::mutex> Lock(deviceMu_);
  return device_.get();
}

void Runtime::reset() {
  streams.synchronizeAll();
  printf.flush();
  streams.reset();
  modules.unloadAll();
  device::Device *Dev = existingDevice();
  for (const Allocation &A : memory.takeAll())
    if (Dev && A.ownedByDevice() && A.kind != MemKind::Module)
      Dev->release(A.ptr());
  printf.releaseAll(Dev);
  {
    // No kernel runs now; a fault may have left locks taken.
    std::lock_guard<std::mutex> Lock(locksMu_);
    if (Dev && atomicLocks_)
      Dev->release(atomicLocks_);
    atomicLocks_ = nullptr;
  }
  {
    std::lock_guard<std::mutex> Lock(configMu);
    limits = Limits();
    deviceFlags = 0;
    cacheConfig = cudaFuncCachePreferNone;
    sharedMemConfig = cudaSharedMemBankSizeFourByte;
  }
  printf.setFifoSize(1u << 20);
  clearErrors();
}

void Runtime::replaceDevice(std::unique_ptr<device::Device> dev) {
  reset();
  std::lock_guard<std::mutex> Lock(deviceMu_);
  device_ = std::move(dev);
  useDefaultDevice_ = device_ == nullptr;
  deviceTried_ = false;
}

void *Runtime::atomicLockTable(device::Device &dev) {
  std::lock_guard<std::mutex> Lock(locksMu_);
  if (!atomicLocks_) {
    size_t Bytes = metallib::kAtomicLockCount * sizeof(uint32_t);
    atomicLocks_ = dev.allocate(Bytes);
    if (atomicLocks_)
      dev.fill(atomicLocks_, 0, Bytes);
  }
  return atomicLocks_;
}

cudaError_t rt::deviceForApi(device::Device *&dev) {
  if (cudaError_t S = sticky())
    return S;
  return Runtime::get().device(dev);
}

void rt::setDeviceForTesting(std::unique_ptr<device::Device> dev) {
  Runtime::get().replaceDevice(std::move(dev));
}

std::string rt::pendingPrintfOutputForTesting() {
  return Runtime::get().printf.pending();
}

//===- Device.h - the narrow device interface of runtime-lite ---*- C++ -*-===//
//
// The CUDA API layer (runtime-lite/cuda) holds every CUDA semantic: errors,
// streams, registration, argument marshalling. Below it sits this small
// interface, implemented once per backend (cpu here, Metal on macOS): load a
// metallib, allocate device memory, and run one kernel launch bound the way
// Metal binds it (buffers and threadgroup memory by AIR location index,
// hardware inputs by builtin name). See docs/abi.md.
//
// The interface deliberately uses no LLVM types, so that the Metal backend and
// the API layer do not depend on LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_DEVICE_DEVICE_H
#define CUMETAL_RUNTIME_DEVICE_DEVICE_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace cumetal::device {

/// What went wrong below the API layer; the API layer maps it to a cudaError_t.
enum class Fault {
  None,
  InvalidImage,      ///< the metallib or an AIR module in it cannot be used
  KernelNotFound,    ///< no such function in the library
  InvalidLaunch,     ///< a binding the kernel needs is missing or too small
  OutOfResources,    ///< threadgroup memory or threads above the limits
  IllegalAddress,    ///< checked mode: out-of-bounds access
  MisalignedAddress, ///< checked mode: misaligned access
  BarrierDivergence, ///< checked mode: not every thread reached a barrier
  LaunchFailure,     ///< anything else that made the launch fail
};

/// A result: Fault::None or a fault with a one-line message (for checked
/// mode: kernel, thread and address).
struct Status {
  Fault fault = Fault::None;
  std::string message;

  static Status ok() { return {}; }
  static Status error(Fault f, std::string msg) { return {f, std::move(msg)}; }
  explicit operator bool() const { return fault == Fault::None; }
};

struct Dim3 {
  uint32_t x = 1, y = 1, z = 1;
};

/// Metal's limits on bindings (air.max_device_buffers etc.).
constexpr unsigned kMaxBuffers = 31;
constexpr unsigned kMaxThreadgroupBindings = 31;

struct BufferBinding {
  void *data = nullptr; ///< device address (cpu backend: host address)
  size_t length = 0;    ///< bytes
};

/// Everything one dispatch needs, as a Metal compute encoder would hold it.
struct LaunchConfig {
  Dim3 grid;  ///< threadgroups per grid
  Dim3 block; ///< threads per threadgroup
  std::array<BufferBinding, kMaxBuffers> buffers{};
  std::array<size_t, kMaxThreadgroupBindings> threadgroupLengths{};
};

/// A kernel function of a loaded library, ready to dispatch.
class Kernel {
public:
  virtual ~Kernel() = default;
  virtual const std::string &name() const = 0;
  /// Bytes of static threadgroup memory (address-space-3 globals).
  virtual size_t staticThreadgroupBytes() const = 0;
  /// Runs the whole grid and returns when every thread has finished.
  /// Thread-safe: launches of the same kernel may run concurrently.
  virtual Status launch(const LaunchConfig &config) = 0;
};

/// A loaded metallib. Kernels live as long as the library.
class Library {
public:
  virtual ~Library() = default;
  /// Finds (and on first use compiles) the kernel named Name. On failure,
  /// returns null and sets Err.
  virtual Kernel *getKernel(const std::string &name, Status &err) = 0;
};

class Device {
public:
  virtual ~Device() = default;
  virtual std::string name() const = 0;
  /// Loads a metallib (the bytes are copied).
  virtual std::unique_ptr<Library> loadLibrary(const uint8_t *data, size_t size,
                                               Status &err) = 0;
  /// Device memory. Null on exhaustion. Allocations are 256-byte aligned.
  virtual void *allocate(size_t bytes) = 0;
  virtual void release(void *ptr) = 0;
  /// Copies between device and host memory (both are addresses the host
  /// can use on the cpu backend; Metal uses shared storage).
  virtual void copy(void *dst, const void *src, size_t bytes) = 0;
  virtual void fill(void *dst, int value, size_t bytes) = 0;
  /// Bytes of device memory in total and still free.
  virtual size_t totalMemory() const = 0;
  virtual size_t freeMemory() const = 0;
  /// Number of host threads (cpu) or GPU cores that run threadgroups.
  virtual unsigned multiprocessorCount() const = 0;
};

/// The cpu backend (runtime-lite/cpu). `checked` turns on checked mode
/// (CUMETAL_CHECK=1): out-of-bounds/misaligned accesses and barrier
/// divergence become faults instead of crashes.
std::unique_ptr<Device> createCpuDevice(bool checked);

} // namespace cumetal::device

#endif // CUMETAL_RUNTIME_DEVICE_DEVICE_H

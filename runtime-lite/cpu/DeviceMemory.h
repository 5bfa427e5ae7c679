//===- DeviceMemory.h - Device allocations of the cpu backend ---*- C++ -*-===//
//
// Device memory is host memory: 256-byte aligned allocations, recorded in a
// registry of live allocations so that checked mode can tell whether an
// address lies inside one, and so that the device can report its usage.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_DEVICEMEMORY_H
#define CUMETAL_RUNTIME_CPU_DEVICEMEMORY_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <shared_mutex>

namespace cumetal::cpu {

class DeviceMemory {
public:
  DeviceMemory() = default;
  DeviceMemory(const DeviceMemory &) = delete;
  DeviceMemory &operator=(const DeviceMemory &) = delete;
  ~DeviceMemory();

  /// 256-byte aligned; null when the host has no memory left.
  void *allocate(size_t Bytes);
  /// Frees an allocation; addresses that are not one are ignored.
  void release(void *Ptr);
  /// Whether [Addr, Addr + Size) lies inside one live allocation.
  bool contains(uintptr_t Addr, uint64_t Size) const;
  size_t bytesInUse() const;

private:
  mutable std::shared_mutex Mutex;
  std::map<uintptr_t, size_t> Live; ///< start -> requested bytes
  size_t InUse = 0;
};

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_DEVICEMEMORY_H

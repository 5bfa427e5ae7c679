//===- DeviceMemory.cpp - Device allocations of the cpu backend -----------===//
//
// Aligned host allocations and the registry of live ones.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/DeviceMemory.h"

#include <cstdlib>
#include <mutex>

namespace cumetal::cpu {

namespace {
constexpr size_t kAlignment = 256;
} // namespace

DeviceMemory::~DeviceMemory() {
  for (auto &[Addr, Size] : Live)
    std::free(reinterpret_cast<void *>(Addr));
}

void *DeviceMemory::allocate(size_t Bytes) {
  // Round up so that the aligned_alloc size rule holds and so that vector
  // loads a kernel makes near the end stay inside the mapping.
  size_t Rounded = (Bytes + kAlignment - 1) & ~(kAlignment - 1);
  if (Rounded < Bytes)
    return nullptr; // overflow
  if (Rounded == 0)
    Rounded = kAlignment;
  void *P = std::aligned_alloc(kAlignment, Rounded);
  if (!P)
    return nullptr;
  std::unique_lock<std::shared_mutex> Lock(Mutex);
  Live.emplace(reinterpret_cast<uintptr_t>(P), Bytes);
  InUse += Bytes;
  return P;
}

void DeviceMemory::release(void *Ptr) {
  if (!Ptr)
    return;
  {
    std::unique_lock<std::shared_mutex> Lock(Mutex);
    auto It = Live.find(reinterpret_cast<uintptr_t>(Ptr));
    if (It == Live.end())
      return;
    InUse -= It->second;
    Live.erase(It);
  }
  std::free(Ptr);
}

bool DeviceMemory::contains(uintptr_t Addr, uint64_t Size) const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  auto It = Live.upper_bound(Addr);
  if (It == Live.begin())
    return false;
  --It;
  uintptr_t Begin = It->first;
  return Addr - Begin <= It->second && Size <= It->second - (Addr - Begin);
}

size_t DeviceMemory::bytesInUse() const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  return InUse;
}

} // namespace cumetal::cpu

//===- Memory.h - the runtime's record of allocations ------------*- C++
//-*-===//
//
// Every allocation the runtime hands out or learns about (cudaMalloc,
// cudaMallocHost, cudaMallocManaged, cudaHostRegister, module globals
// blocks) is recorded with its kind, so that the API can validate pointers
// as CUDA does (cudaFree of a bad pointer, memcpy directions) and answer
// cudaPointerGetAttributes.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_MEMORY_H
#define CUMETAL_RUNTIME_CUDA_MEMORY_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

namespace cumetal::rt {

enum class MemKind {
  Device,     ///< cudaMalloc, cudaMallocPitch, cuMemAlloc
  Host,       ///< cudaMallocHost / cudaHostAlloc (pinned, mapped)
  Managed,    ///< cudaMallocManaged
  Registered, ///< cudaHostRegister: the program's memory, not ours
  Module,     ///< a module's __device__/__constant__ block (not freeable)
};

struct Allocation {
  uintptr_t base = 0;
  size_t size = 0;
  MemKind kind = MemKind::Device;
  unsigned flags = 0;

  void *ptr() const { return reinterpret_cast<void *>(base); }
  /// True for memory the device can access (everything we record).
  bool deviceAccessible() const { return true; }
  /// True for memory that came from Device::allocate.
  bool ownedByDevice() const { return kind != MemKind::Registered; }
};

class MemoryRegistry {
public:
  void add(void *ptr, size_t size, MemKind kind, unsigned flags = 0);
  /// Removes the allocation starting exactly at Ptr; false if none.
  bool remove(const void *ptr, Allocation *removed = nullptr);
  /// Finds the allocation containing Ptr (a zero-size allocation contains
  /// its own base only).
  bool find(const void *ptr, Allocation &out) const;
  /// True if [Ptr, Ptr + Size) lies inside one recorded allocation.
  bool containsRange(const void *ptr, size_t size) const;
  /// True if any recorded allocation overlaps [Ptr, Ptr + Size).
  bool overlaps(const void *ptr, size_t size) const;
  /// Removes and returns everything.
  std::vector<Allocation> takeAll();

private:
  mutable std::mutex mu_;
  std::map<uintptr_t, Allocation> map_;
};

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_MEMORY_H

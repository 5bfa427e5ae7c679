//===- Memory.cpp - CUDA memory management --------------------------------===//
//
// cudaMalloc and friends, copies and fills in every documented shape (1D,
// 2D, 3D, symbols, async), pointer attributes. All memory comes from the
// device (Device::allocate: shared storage on Metal, host memory on the cpu
// backend), so pinned and managed memory are device-accessible at the same
// address, as under CUDA's unified addressing.
//
// Copies run in stream order. Synchronous copies (cudaMemcpy, cudaMemset)
// go on the legacy default stream and wait; asynchronous ones from pageable
// host memory snapshot the source first and ones into pageable host memory
// wait for completion, as CUDA documents.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include "driver_functions.h"

#include <algorithm>
#include <cstring>

using namespace cumetal;
using namespace cumetal::rt;

// MemoryRegistry ------------------------------------------------------------

void MemoryRegistry::add(void *ptr, size_t size, MemKind kind, unsigned flags) {
  std::lock_guard<std::mutex> Lock(mu_);
  uintptr_t B = reinterpret_cast<uintptr_t>(ptr);
  map_[B] = Allocation{B, size, kind, flags};
}

bool MemoryRegistry::remove(const void *ptr, Allocation *removed) {
  std::lock_guard<std::mutex> Lock(mu_);
  auto It = map_.find(reinterpret_cast<uintptr_t>(ptr));
  if (It == map_.end())
    return false;
  if (removed)
    *removed = It->second;
  map_.erase(It);
  return true;
}

bool MemoryRegistry::find(const void *ptr, Allocation &out) const {
  std::lock_guard<std::mutex> Lock(mu_);
  uintptr_t P = reinterpret_cast<uintptr_t>(ptr);
  auto It = map_.upper_bound(P);
  if (It == map_.begin())
    return false;
  --It;
  const Allocation &A = It->second;
  if (P == A.base || P - A.base < A.size) {
    out = A;
    return true;
  }
  return false;
}

bool MemoryRegistry::containsRange(const void *ptr, size_t size) const {
  Allocation A;
  if (!find(ptr, A))
    return false;
  uintptr_t P = reinterpret_cast<uintptr_t>(ptr);
  return size <= A.size && P - A.base <= A.size - size;
}

bool MemoryRegistry::overlaps(const void *ptr, size_t size) const {
  std::lock_guard<std::mutex> Lock(mu_);
  uintptr_t P = reinterpret_cast<uintptr_t>(ptr);
  auto It = map_.lower_bound(P);
  if (It != map_.end() && It->first < P + size)
    return true;
  if (It == map_.begin())
    return false;
  --It;
  return It->first + It->second.size > P;
}

std::vector<Allocation> MemoryRegistry::takeAll() {
  std::lock_guard<std::mutex> Lock(mu_);
  std::vector<Allocation> All;
  for (auto &KV : map_)
    All.push_back(KV.second);
  map_.clear();
  return All;
}

// Internals -----------------------------------------------------------------

namespace {

Runtime &R() { return Runtime::get(); }

bool isDevicePointer(const void *p) {
  Allocation A;
  return R().memory.find(p, A);
}

/// Host memory the device may read asynchronously (pinned, registered or
/// managed). Anything else is pageable.
bool isPinned(const void *p) {
  Allocation A;
  return R().memory.find(p, A) && A.kind != MemKind::Device &&
         A.kind != MemKind::Module;
}

cudaError_t checkKind(cudaMemcpyKind kind) {
  switch (kind) {
  case cudaMemcpyHostToHost:
  case cudaMemcpyHostToDevice:
  case cudaMemcpyDeviceToHost:
  case cudaMemcpyDeviceToDevice:
  case cudaMemcpyDefault:
    return cudaSuccess;
  }
  return cudaErrorInvalidMemcpyDirection;
}

/// The device-side operands of a copy of kind K must lie inside recorded
/// allocations (CUDA: cudaErrorInvalidValue, e.g. for swapped arguments).
cudaError_t checkOperands(void *dst, const void *src, size_t bytes,
                          cudaMemcpyKind kind) {
  if (!dst || !src)
    return cudaErrorInvalidValue;
  bool DstDev =
      kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
  bool SrcDev =
      kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
  if (DstDev && !R().memory.containsRange(dst, bytes))
    return cudaErrorInvalidValue;
  if (SrcDev && !R().memory.containsRange(src, bytes))
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

/// Whether a copy of kind K reads pageable host memory at Src / writes
/// pageable host memory at Dst.
void pageability(const void *dst, const void *src, cudaMemcpyKind kind,
                 bool &srcPageable, bool &dstPageable) {
  bool SrcHost = kind == cudaMemcpyHostToDevice ||
                 kind == cudaMemcpyHostToHost ||
                 (kind == cudaMemcpyDefault && !isDevicePointer(src));
  bool DstHost = kind == cudaMemcpyDeviceToHost ||
                 kind == cudaMemcpyHostToHost ||
                 (kind == cudaMemcpyDefault && !isDevicePointer(dst));
  srcPageable = SrcHost && !isPinned(src);
  dstPageable = DstHost && !isPinned(dst);
}

/// Runs Op in stream order: synchronously (wait) or asynchronously.
cudaError_t submit(cudaStream_t stream, bool async, bool mustWait,
                   Stream::Task op) {
  std::shared_ptr<Stream> S = R().streams.resolve(stream);
  if (!S)
    return cudaErrorInvalidResourceHandle;
  Stream::Task Guarded = [Op = std::move(op)] {
    if (sticky() == cudaSuccess)
      Op();
  };
  if (async && !mustWait) {
    R().streams.enqueue(S, std::move(Guarded));
    return cudaSuccess;
  }
  R().streams.runSync(S, std::move(Guarded));
  if (async)
    return sticky();
  R().printf.flush();
  return syncResult();
}

size_t roundUp(size_t v, size_t a) { return (v + a - 1) / a * a; }

} // namespace

cudaError_t rt::mallocKind(void **ptr, size_t size, MemKind kind,
                           unsigned flags) {
  if (!ptr)
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  if (size == 0) {
    *ptr = nullptr;
    return cudaSuccess;
  }
  void *P = Dev->allocate(size);
  if (!P)
    return cudaErrorMemoryAllocation;
  R().memory.add(P, size, kind, flags);
  *ptr = P;
  return cudaSuccess;
}

cudaError_t rt::freeKind(void *ptr, bool host) {
  if (!ptr)
    return sticky();
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  Allocation A;
  if (!R().memory.find(ptr, A) || A.base != reinterpret_cast<uintptr_t>(ptr))
    return cudaErrorInvalidValue;
  bool Ok = host ? A.kind == MemKind::Host
                 : (A.kind == MemKind::Device || A.kind == MemKind::Managed);
  if (!Ok)
    return cudaErrorInvalidValue;
  // The memory may still be in use by queued work: CUDA's cudaFree
  // synchronises too.
  R().streams.synchronizeAll();
  R().memory.remove(ptr);
  Dev->release(ptr);
  return sticky();
}

cudaError_t rt::memcpyOn(void *dst, const void *src, size_t count,
                         cudaMemcpyKind kind, cudaStream_t stream, bool async) {
  if (cudaError_t E = sticky())
    return E;
  if (cudaError_t E = checkKind(kind))
    return E;
  if (count == 0)
    return cudaSuccess;
  if (cudaError_t E = checkOperands(dst, src, count, kind))
    return E;
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  bool SrcPageable, DstPageable;
  pageability(dst, src, kind, SrcPageable, DstPageable);
  if (async && SrcPageable) {
    // Staged: the caller may reuse its buffer as soon as we return.
    auto Staged = std::make_shared<std::vector<uint8_t>>(
        static_cast<const uint8_t *>(src),
        static_cast<const uint8_t *>(src) + count);
    return submit(stream, async, DstPageable, [Dev, dst, Staged, count] {
      Dev->copy(dst, Staged->data(), count);
    });
  }
  return submit(stream, async, DstPageable,
                [Dev, dst, src, count] { Dev->copy(dst, src, count); });
}

cudaError_t rt::memsetOn(void *dst, int value, size_t count,
                         cudaStream_t stream, bool async) {
  if (cudaError_t E = sticky())
    return E;
  if (count == 0)
    return cudaSuccess;
  if (!dst || !R().memory.containsRange(dst, count))
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  return submit(stream, async, false,
                [Dev, dst, value, count] { Dev->fill(dst, value, count); });
}

cudaError_t rt::memsetPattern(void *dst, const void *value, size_t elemSize,
                              size_t count, cudaStream_t stream, bool async) {
  if (cudaError_t E = sticky())
    return E;
  if (count == 0)
    return cudaSuccess;
  size_t Bytes = elemSize * count;
  if (!dst || !R().memory.containsRange(dst, Bytes))
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  auto Pattern = std::make_shared<std::vector<uint8_t>>(Bytes);
  for (size_t I = 0; I < count; ++I)
    std::memcpy(Pattern->data() + I * elemSize, value, elemSize);
  return submit(stream, async, false, [Dev, dst, Pattern] {
    Dev->copy(dst, Pattern->data(), Pattern->size());
  });
}

cudaError_t rt::memGetInfo(size_t *freeBytes, size_t *totalBytes) {
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  if (freeBytes)
    *freeBytes = Dev->freeMemory();
  if (totalBytes)
    *totalBytes = Dev->totalMemory();
  return cudaSuccess;
}

namespace {

struct Copy2D {
  void *dst;
  size_t dpitch;
  const void *src;
  size_t spitch;
  size_t width;
  size_t height;
};

cudaError_t memcpy2DOn(const Copy2D &c, cudaMemcpyKind kind,
                       cudaStream_t stream, bool async) {
  if (cudaError_t E = sticky())
    return E;
  if (cudaError_t E = checkKind(kind))
    return E;
  if (c.width == 0 || c.height == 0)
    return cudaSuccess;
  if (c.width > c.dpitch || c.width > c.spitch)
    return cudaErrorInvalidPitchValue;
  size_t DstSpan = c.dpitch * (c.height - 1) + c.width;
  size_t SrcSpan = c.spitch * (c.height - 1) + c.width;
  if (!c.dst || !c.src)
    return cudaErrorInvalidValue;
  bool DstDev =
      kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
  bool SrcDev =
      kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
  if ((DstDev && !R().memory.containsRange(c.dst, DstSpan)) ||
      (SrcDev && !R().memory.containsRange(c.src, SrcSpan)))
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  bool SrcPageable, DstPageable;
  pageability(c.dst, c.src, kind, SrcPageable, DstPageable);
  // Rows of a pageable source are staged so that async copies may return.
  std::shared_ptr<std::vector<uint8_t>> Staged;
  Copy2D C = c;
  if (async && SrcPageable) {
    Staged = std::make_shared<std::vector<uint8_t>>(c.width * c.height);
    for (size_t Y = 0; Y < c.height; ++Y)
      std::memcpy(Staged->data() + Y * c.width,
                  static_cast<const uint8_t *>(c.src) + Y * c.spitch, c.width);
    C.src = Staged->data();
    C.spitch = c.width;
  }
  return submit(stream, async, DstPageable, [Dev, C, Staged] {
    for (size_t Y = 0; Y < C.height; ++Y)
      Dev->copy(static_cast<uint8_t *>(C.dst) + Y * C.dpitch,
                static_cast<const uint8_t *>(C.src) + Y * C.spitch, C.width);
  });
}

cudaError_t memcpy3DOn(const cudaMemcpy3DParms *p, cudaStream_t stream,
                       bool async) {
  if (cudaError_t E = sticky())
    return E;
  if (!p || p->srcArray || p->dstArray || !p->srcPtr.ptr || !p->dstPtr.ptr)
    return cudaErrorInvalidValue;
  if (cudaError_t E = checkKind(p->kind))
    return E;
  const cudaExtent &X = p->extent;
  if (X.width == 0 || X.height == 0 || X.depth == 0)
    return cudaSuccess;
  // Each slice is a 2D copy; slices follow each other ysize rows apart.
  for (size_t Z = 0; Z < X.depth; ++Z) {
    size_t SrcRow = (p->srcPos.z + Z) * p->srcPtr.ysize + p->srcPos.y;
    size_t DstRow = (p->dstPos.z + Z) * p->dstPtr.ysize + p->dstPos.y;
    Copy2D C{static_cast<uint8_t *>(p->dstPtr.ptr) + DstRow * p->dstPtr.pitch +
                 p->dstPos.x,
             p->dstPtr.pitch,
             static_cast<const uint8_t *>(p->srcPtr.ptr) +
                 SrcRow * p->srcPtr.pitch + p->srcPos.x,
             p->srcPtr.pitch,
             X.width,
             X.height};
    if (cudaError_t E = memcpy2DOn(C, p->kind, stream, async))
      return E;
  }
  return cudaSuccess;
}

cudaError_t memset2DOn(void *ptr, size_t pitch, int value, size_t width,
                       size_t height, cudaStream_t stream, bool async) {
  if (cudaError_t E = sticky())
    return E;
  if (width == 0 || height == 0)
    return cudaSuccess;
  if (width > pitch)
    return cudaErrorInvalidPitchValue;
  if (!ptr || !R().memory.containsRange(ptr, pitch * (height - 1) + width))
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = deviceForApi(Dev))
    return E;
  return submit(stream, async, false, [=] {
    for (size_t Y = 0; Y < height; ++Y)
      Dev->fill(static_cast<uint8_t *>(ptr) + Y * pitch, value, width);
  });
}

cudaError_t memset3DOn(cudaPitchedPtr p, int value, cudaExtent x,
                       cudaStream_t stream, bool async) {
  for (size_t Z = 0; Z < x.depth; ++Z)
    if (cudaError_t E =
            memset2DOn(static_cast<uint8_t *>(p.ptr) + Z * p.ysize * p.pitch,
                       p.pitch, value, x.width, x.height, stream, async))
      return E;
  return cudaSuccess;
}

/// Resolves a registered __device__/__constant__ variable to its address.
cudaError_t symbolAddress(const void *symbol, void *&addr, size_t &size) {
  Module *M;
  const metallib::EnvelopeGlobal *G;
  if (!symbol || !R().modules.variable(symbol, M, G))
    return cudaErrorInvalidSymbol;
  if (cudaError_t E = R().modules.ensureLoaded(M))
    return E;
  addr = R().modules.address(M, *G);
  size = G->size;
  return cudaSuccess;
}

cudaError_t symbolCopy(void *dst, const void *src, const void *symbol,
                       size_t count, size_t offset, cudaMemcpyKind kind,
                       bool toSymbol, cudaStream_t stream, bool async) {
  if (cudaError_t E = sticky())
    return E;
  bool KindOk =
      kind == cudaMemcpyDeviceToDevice || kind == cudaMemcpyDefault ||
      kind == (toSymbol ? cudaMemcpyHostToDevice : cudaMemcpyDeviceToHost);
  if (!KindOk)
    return cudaErrorInvalidMemcpyDirection;
  void *Addr;
  size_t Size;
  if (cudaError_t E = symbolAddress(symbol, Addr, Size))
    return E;
  if (offset > Size || count > Size - offset)
    return cudaErrorInvalidValue;
  uint8_t *Sym = static_cast<uint8_t *>(Addr) + offset;
  if (toSymbol)
    return memcpyOn(Sym, src, count, kind, stream, async);
  return memcpyOn(dst, Sym, count, kind, stream, async);
}

} // namespace

extern "C" {

cudaError_t cudaMalloc(void **devPtr, size_t size) {
  return record(mallocKind(devPtr, size, MemKind::Device, 0));
}

cudaError_t cudaFree(void *devPtr) { return record(freeKind(devPtr, false)); }

cudaError_t cudaMallocHost(void **ptr, size_t size) {
  return record(mallocKind(ptr, size, MemKind::Host, 0));
}

cudaError_t cudaHostAlloc(void **pHost, size_t size, unsigned int flags) {
  if (flags & ~0x7u)
    return record(cudaErrorInvalidValue);
  return record(mallocKind(pHost, size, MemKind::Host, flags));
}

cudaError_t cudaFreeHost(void *ptr) { return record(freeKind(ptr, true)); }

cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags) {
  if (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost)
    return record(cudaErrorInvalidValue);
  if (size == 0)
    return record(cudaErrorInvalidValue);
  return record(mallocKind(devPtr, size, MemKind::Managed, flags));
}

cudaError_t cudaHostRegister(void *ptr, size_t size, unsigned int flags) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!ptr || size == 0 || (flags & ~0xfu))
    return record(cudaErrorInvalidValue);
  if (R().memory.overlaps(ptr, size))
    return record(cudaErrorHostMemoryAlreadyRegistered);
  R().memory.add(ptr, size, MemKind::Registered, flags);
  return cudaSuccess;
}

cudaError_t cudaHostUnregister(void *ptr) {
  if (cudaError_t E = sticky())
    return record(E);
  Allocation A;
  if (!ptr || !R().memory.find(ptr, A) || A.kind != MemKind::Registered ||
      A.base != reinterpret_cast<uintptr_t>(ptr))
    return record(cudaErrorHostMemoryNotRegistered);
  R().streams.synchronizeAll();
  R().memory.remove(ptr);
  return cudaSuccess;
}

cudaError_t cudaHostGetDevicePointer(void **pDevice, void *pHost,
                                     unsigned int flags) {
  if (cudaError_t E = sticky())
    return record(E);
  Allocation A;
  if (!pDevice || flags != 0 || !R().memory.find(pHost, A) ||
      (A.kind != MemKind::Host && A.kind != MemKind::Registered &&
       A.kind != MemKind::Managed))
    return record(cudaErrorInvalidValue);
  *pDevice = pHost; // unified addressing
  return cudaSuccess;
}

cudaError_t cudaHostGetFlags(unsigned int *pFlags, void *pHost) {
  Allocation A;
  if (!pFlags || !R().memory.find(pHost, A) ||
      (A.kind != MemKind::Host && A.kind != MemKind::Registered))
    return record(cudaErrorInvalidValue);
  *pFlags = A.flags;
  return cudaSuccess;
}

cudaError_t cudaMallocPitch(void **devPtr, size_t *pitch, size_t width,
                            size_t height) {
  if (!devPtr || !pitch)
    return record(cudaErrorInvalidValue);
  // Rows start kPitchAlignment (512) bytes apart, as on NVIDIA GPUs.
  size_t P = roundUp(std::max<size_t>(width, 1), kPitchAlignment);
  cudaError_t E = mallocKind(devPtr, P * height, MemKind::Device, 0);
  if (E == cudaSuccess)
    *pitch = P;
  return record(E);
}

cudaError_t cudaMalloc3D(cudaPitchedPtr *pitchedDevPtr, cudaExtent extent) {
  if (!pitchedDevPtr)
    return record(cudaErrorInvalidValue);
  size_t P = roundUp(std::max<size_t>(extent.width, 1), kPitchAlignment);
  void *Ptr = nullptr;
  cudaError_t E =
      mallocKind(&Ptr, P * extent.height * extent.depth, MemKind::Device, 0);
  if (E == cudaSuccess)
    *pitchedDevPtr = make_cudaPitchedPtr(Ptr, P, extent.width, extent.height);
  return record(E);
}

cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t hStream) {
  if (!R().streams.resolve(hStream))
    return record(cudaErrorInvalidResourceHandle);
  return record(mallocKind(devPtr, size, MemKind::Device, 0));
}

cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t hStream) {
  if (cudaError_t E = sticky())
    return record(E);
  std::shared_ptr<Stream> S = R().streams.resolve(hStream);
  if (!S)
    return record(cudaErrorInvalidResourceHandle);
  Allocation A;
  if (!devPtr || !R().memory.find(devPtr, A) ||
      A.base != reinterpret_cast<uintptr_t>(devPtr) ||
      A.kind != MemKind::Device)
    return record(cudaErrorInvalidValue);
  R().memory.remove(devPtr);
  device::Device *Dev = R().existingDevice();
  R().streams.enqueue(S, [Dev, devPtr] {
    if (Dev)
      Dev->release(devPtr);
  });
  return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t *free, size_t *total) {
  return record(memGetInfo(free, total));
}

cudaError_t cudaMemcpy(void *dst, const void *src, size_t count,
                       cudaMemcpyKind kind) {
  return record(memcpyOn(dst, src, count, kind, nullptr, false));
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count,
                            cudaMemcpyKind kind, cudaStream_t stream) {
  return record(memcpyOn(dst, src, count, kind, stream, true));
}

cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src,
                           int srcDevice, size_t count) {
  if (dstDevice != 0 || srcDevice != 0)
    return record(cudaErrorInvalidDevice);
  return record(
      memcpyOn(dst, src, count, cudaMemcpyDeviceToDevice, nullptr, false));
}

cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src,
                                int srcDevice, size_t count,
                                cudaStream_t stream) {
  if (dstDevice != 0 || srcDevice != 0)
    return record(cudaErrorInvalidDevice);
  return record(
      memcpyOn(dst, src, count, cudaMemcpyDeviceToDevice, stream, true));
}

cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src,
                         size_t spitch, size_t width, size_t height,
                         cudaMemcpyKind kind) {
  return record(memcpy2DOn({dst, dpitch, src, spitch, width, height}, kind,
                           nullptr, false));
}

cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src,
                              size_t spitch, size_t width, size_t height,
                              cudaMemcpyKind kind, cudaStream_t stream) {
  return record(memcpy2DOn({dst, dpitch, src, spitch, width, height}, kind,
                           stream, true));
}

cudaError_t cudaMemcpy3D(const cudaMemcpy3DParms *p) {
  return record(memcpy3DOn(p, nullptr, false));
}

cudaError_t cudaMemcpy3DAsync(const cudaMemcpy3DParms *p, cudaStream_t stream) {
  return record(memcpy3DOn(p, stream, true));
}

cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
  return record(memsetOn(devPtr, value, count, nullptr, false));
}

cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count,
                            cudaStream_t stream) {
  return record(memsetOn(devPtr, value, count, stream, true));
}

cudaError_t cudaMemset2D(void *devPtr, size_t pitch, int value, size_t width,
                         size_t height) {
  return record(
      memset2DOn(devPtr, pitch, value, width, height, nullptr, false));
}

cudaError_t cudaMemset2DAsync(void *devPtr, size_t pitch, int value,
                              size_t width, size_t height,
                              cudaStream_t stream) {
  return record(memset2DOn(devPtr, pitch, value, width, height, stream, true));
}

cudaError_t cudaMemset3D(cudaPitchedPtr pitchedDevPtr, int value,
                         cudaExtent extent) {
  return record(memset3DOn(pitchedDevPtr, value, extent, nullptr, false));
}

cudaError_t cudaMemset3DAsync(cudaPitchedPtr pitchedDevPtr, int value,
                              cudaExtent extent, cudaStream_t stream) {
  return record(memset3DOn(pitchedDevPtr, value, extent, stream, true));
}

cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src,
                               size_t count, size_t offset,
                               cudaMemcpyKind kind) {
  return record(symbolCopy(nullptr, src, symbol, count, offset, kind, true,
                           nullptr, false));
}

cudaError_t cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                 size_t offset, cudaMemcpyKind kind) {
  return record(symbolCopy(dst, nullptr, symbol, count, offset, kind, false,
                           nullptr, false));
}

cudaError_t cudaMemcpyToSymbolAsync(const void *symbol, const void *src,
                                    size_t count, size_t offset,
                                    cudaMemcpyKind kind, cudaStream_t stream) {
  return record(symbolCopy(nullptr, src, symbol, count, offset, kind, true,
                           stream, true));
}

cudaError_t cudaMemcpyFromSymbolAsync(void *dst, const void *symbol,
                                      size_t count, size_t offset,
                                      cudaMemcpyKind kind,
                                      cudaStream_t stream) {
  return record(symbolCopy(dst, nullptr, symbol, count, offset, kind, false,
                           stream, true));
}

cudaError_t cudaGetSymbolAddress(void **devPtr, const void *symbol) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!devPtr)
    return record(cudaErrorInvalidValue);
  size_t Size;
  return record(symbolAddress(symbol, *devPtr, Size));
}

cudaError_t cudaGetSymbolSize(size_t *size, const void *symbol) {
  if (cudaError_t E = sticky())
    return record(E);
  Module *M;
  const metallib::EnvelopeGlobal *G;
  if (!size)
    return record(cudaErrorInvalidValue);
  if (!symbol || !R().modules.variable(symbol, M, G))
    return record(cudaErrorInvalidSymbol);
  *size = G->size;
  return cudaSuccess;
}

cudaError_t cudaPointerGetAttributes(cudaPointerAttributes *attributes,
                                     const void *ptr) {
  if (!attributes)
    return record(cudaErrorInvalidValue);
  Allocation A;
  if (!ptr || !R().memory.find(ptr, A)) {
    attributes->type = cudaMemoryTypeUnregistered;
    attributes->device = cudaInvalidDeviceId;
    attributes->devicePointer = nullptr;
    attributes->hostPointer = nullptr;
    return cudaSuccess;
  }
  void *P = const_cast<void *>(ptr);
  attributes->device = 0;
  switch (A.kind) {
  case MemKind::Device:
  case MemKind::Module:
    attributes->type = cudaMemoryTypeDevice;
    attributes->devicePointer = P;
    attributes->hostPointer = nullptr;
    break;
  case MemKind::Managed:
    attributes->type = cudaMemoryTypeManaged;
    attributes->devicePointer = P;
    attributes->hostPointer = P;
    break;
  case MemKind::Host:
  case MemKind::Registered:
    attributes->type = cudaMemoryTypeHost;
    attributes->devicePointer = P;
    attributes->hostPointer = P;
    break;
  }
  return cudaSuccess;
}

cudaError_t cudaMemPrefetchAsync(const void *devPtr, size_t count,
                                 int dstDevice, cudaStream_t stream) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!R().streams.resolve(stream))
    return record(cudaErrorInvalidResourceHandle);
  if (dstDevice != 0 && dstDevice != cudaCpuDeviceId)
    return record(cudaErrorInvalidDevice);
  Allocation A;
  if (count && (!R().memory.find(devPtr, A) || A.kind != MemKind::Managed))
    return record(cudaErrorInvalidValue);
  return cudaSuccess; // one memory: nothing to migrate
}

cudaError_t cudaMemAdvise(const void *devPtr, size_t count,
                          cudaMemoryAdvise advice, int device) {
  if (cudaError_t E = sticky())
    return record(E);
  if (advice < cudaMemAdviseSetReadMostly ||
      advice > cudaMemAdviseUnsetAccessedBy)
    return record(cudaErrorInvalidValue);
  Allocation A;
  if (count && (!R().memory.find(devPtr, A) || A.kind != MemKind::Managed))
    return record(cudaErrorInvalidValue);
  (void)device;
  return cudaSuccess;
}

} // extern "C"

//===- DriverApi.cpp - a subset of the CUDA driver API --------------------===//
//
// cu* entry points over the same runtime state as the runtime API: one
// device, its primary context, modules loaded from cumetal envelopes,
// cuLaunchKernel with kernelParams or a packed `extra` buffer, linear
// memory, streams and events. Driver calls return CUresult and, as in CUDA,
// do not touch the runtime API's last error.
//
//===----------------------------------------------------------------------===//

#include "cuda.h"
#include "runtime-lite/cuda/Runtime.h"

#include <cstring>
#include <fstream>
#include <iterator>

using namespace cumetal;
using namespace cumetal::rt;

namespace {

Runtime &R() { return Runtime::get(); }

/// The only context: device 0's primary context.
struct PrimaryContextObject {
} PrimaryContext;
thread_local CUcontext Current = nullptr;
thread_local std::vector<CUcontext> ContextStack;

CUcontext primary() { return reinterpret_cast<CUcontext>(&PrimaryContext); }

CUresult toCU(cudaError_t e) {
  switch (e) {
  case cudaSuccess:
    return CUDA_SUCCESS;
  case cudaErrorInvalidValue:
  case cudaErrorInvalidConfiguration:
  case cudaErrorInvalidPitchValue:
  case cudaErrorInvalidMemcpyDirection:
  case cudaErrorInvalidDevicePointer:
  case cudaErrorMissingConfiguration:
    return CUDA_ERROR_INVALID_VALUE;
  case cudaErrorMemoryAllocation:
    return CUDA_ERROR_OUT_OF_MEMORY;
  case cudaErrorInitializationError:
    return CUDA_ERROR_NOT_INITIALIZED;
  case cudaErrorInvalidSymbol:
    return CUDA_ERROR_NOT_FOUND;
  case cudaErrorInvalidDeviceFunction:
  case cudaErrorInvalidResourceHandle:
    return CUDA_ERROR_INVALID_HANDLE;
  case cudaErrorInvalidKernelImage:
    return CUDA_ERROR_INVALID_IMAGE;
  case cudaErrorHostMemoryAlreadyRegistered:
    return CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED;
  default:
    // Codes 100 and up share their numbers with CUresult.
    return e >= 100 ? static_cast<CUresult>(e) : CUDA_ERROR_UNKNOWN;
  }
}

cudaError_t toCuda(CUresult r) {
  switch (r) {
  case CUDA_SUCCESS:
    return cudaSuccess;
  case CUDA_ERROR_INVALID_VALUE:
    return cudaErrorInvalidValue;
  case CUDA_ERROR_OUT_OF_MEMORY:
    return cudaErrorMemoryAllocation;
  case CUDA_ERROR_NOT_INITIALIZED:
    return cudaErrorInitializationError;
  case CUDA_ERROR_DEINITIALIZED:
    return cudaErrorCudartUnloading;
  case CUDA_ERROR_INVALID_HANDLE:
    return cudaErrorInvalidResourceHandle;
  case CUDA_ERROR_NOT_FOUND:
    return cudaErrorSymbolNotFound;
  case CUDA_ERROR_INVALID_CONTEXT:
    return cudaErrorDeviceUninitialized;
  default:
    return static_cast<cudaError_t>(r);
  }
}

struct DriverName {
  CUresult code;
  const char *name;
};
#define N(c)                                                                   \
  { c, #c }
const DriverName DriverNames[] = {
    N(CUDA_SUCCESS),
    N(CUDA_ERROR_INVALID_VALUE),
    N(CUDA_ERROR_OUT_OF_MEMORY),
    N(CUDA_ERROR_NOT_INITIALIZED),
    N(CUDA_ERROR_DEINITIALIZED),
    N(CUDA_ERROR_PROFILER_DISABLED),
    N(CUDA_ERROR_PROFILER_NOT_INITIALIZED),
    N(CUDA_ERROR_PROFILER_ALREADY_STARTED),
    N(CUDA_ERROR_PROFILER_ALREADY_STOPPED),
    N(CUDA_ERROR_STUB_LIBRARY),
    N(CUDA_ERROR_DEVICE_UNAVAILABLE),
    N(CUDA_ERROR_NO_DEVICE),
    N(CUDA_ERROR_INVALID_DEVICE),
    N(CUDA_ERROR_DEVICE_NOT_LICENSED),
    N(CUDA_ERROR_INVALID_IMAGE),
    N(CUDA_ERROR_INVALID_CONTEXT),
    N(CUDA_ERROR_CONTEXT_ALREADY_CURRENT),
    N(CUDA_ERROR_MAP_FAILED),
    N(CUDA_ERROR_UNMAP_FAILED),
    N(CUDA_ERROR_ARRAY_IS_MAPPED),
    N(CUDA_ERROR_ALREADY_MAPPED),
    N(CUDA_ERROR_NO_BINARY_FOR_GPU),
    N(CUDA_ERROR_ALREADY_ACQUIRED),
    N(CUDA_ERROR_NOT_MAPPED),
    N(CUDA_ERROR_NOT_MAPPED_AS_ARRAY),
    N(CUDA_ERROR_NOT_MAPPED_AS_POINTER),
    N(CUDA_ERROR_ECC_UNCORRECTABLE),
    N(CUDA_ERROR_UNSUPPORTED_LIMIT),
    N(CUDA_ERROR_CONTEXT_ALREADY_IN_USE),
    N(CUDA_ERROR_PEER_ACCESS_UNSUPPORTED),
    N(CUDA_ERROR_INVALID_PTX),
    N(CUDA_ERROR_INVALID_GRAPHICS_CONTEXT),
    N(CUDA_ERROR_NVLINK_UNCORRECTABLE),
    N(CUDA_ERROR_JIT_COMPILER_NOT_FOUND),
    N(CUDA_ERROR_UNSUPPORTED_PTX_VERSION),
    N(CUDA_ERROR_JIT_COMPILATION_DISABLED),
    N(CUDA_ERROR_UNSUPPORTED_EXEC_AFFINITY),
    N(CUDA_ERROR_INVALID_SOURCE),
    N(CUDA_ERROR_FILE_NOT_FOUND),
    N(CUDA_ERROR_SHARED_OBJECT_SYMBOL_NOT_FOUND),
    N(CUDA_ERROR_SHARED_OBJECT_INIT_FAILED),
    N(CUDA_ERROR_OPERATING_SYSTEM),
    N(CUDA_ERROR_INVALID_HANDLE),
    N(CUDA_ERROR_ILLEGAL_STATE),
    N(CUDA_ERROR_NOT_FOUND),
    N(CUDA_ERROR_NOT_READY),
    N(CUDA_ERROR_ILLEGAL_ADDRESS),
    N(CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES),
    N(CUDA_ERROR_LAUNCH_TIMEOUT),
    N(CUDA_ERROR_LAUNCH_INCOMPATIBLE_TEXTURING),
    N(CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED),
    N(CUDA_ERROR_PEER_ACCESS_NOT_ENABLED),
    N(CUDA_ERROR_PRIMARY_CONTEXT_ACTIVE),
    N(CUDA_ERROR_CONTEXT_IS_DESTROYED),
    N(CUDA_ERROR_ASSERT),
    N(CUDA_ERROR_TOO_MANY_PEERS),
    N(CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED),
    N(CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED),
    N(CUDA_ERROR_HARDWARE_STACK_ERROR),
    N(CUDA_ERROR_ILLEGAL_INSTRUCTION),
    N(CUDA_ERROR_MISALIGNED_ADDRESS),
    N(CUDA_ERROR_INVALID_ADDRESS_SPACE),
    N(CUDA_ERROR_INVALID_PC),
    N(CUDA_ERROR_LAUNCH_FAILED),
    N(CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE),
    N(CUDA_ERROR_NOT_PERMITTED),
    N(CUDA_ERROR_NOT_SUPPORTED),
    N(CUDA_ERROR_SYSTEM_NOT_READY),
    N(CUDA_ERROR_SYSTEM_DRIVER_MISMATCH),
    N(CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE),
    N(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED),
    N(CUDA_ERROR_STREAM_CAPTURE_INVALIDATED),
    N(CUDA_ERROR_STREAM_CAPTURE_MERGE),
    N(CUDA_ERROR_STREAM_CAPTURE_UNMATCHED),
    N(CUDA_ERROR_STREAM_CAPTURE_UNJOINED),
    N(CUDA_ERROR_STREAM_CAPTURE_ISOLATION),
    N(CUDA_ERROR_STREAM_CAPTURE_IMPLICIT),
    N(CUDA_ERROR_CAPTURED_EVENT),
    N(CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD),
    N(CUDA_ERROR_TIMEOUT),
    N(CUDA_ERROR_GRAPH_EXEC_UPDATE_FAILURE),
    N(CUDA_ERROR_EXTERNAL_DEVICE),
    N(CUDA_ERROR_INVALID_CLUSTER_SIZE),
    N(CUDA_ERROR_UNKNOWN),
};
#undef N

/// Checks cuInit and a current (or the runtime's) context.
CUresult ready(bool needContext = true) {
  if (!R().driverInitialized)
    return CUDA_ERROR_NOT_INITIALIZED;
  if (needContext && !Current && !R().existingDevice())
    return CUDA_ERROR_INVALID_CONTEXT;
  return CUDA_SUCCESS;
}

Module *moduleOf(CUmodule m) { return reinterpret_cast<Module *>(m); }
Function *functionOf(CUfunction f) { return reinterpret_cast<Function *>(f); }
void *ptr(CUdeviceptr p) { return reinterpret_cast<void *>(p); }

CUresult loadModule(CUmodule *module, const void *image, std::string source) {
  if (CUresult E = ready())
    return E;
  if (!module || !image)
    return CUDA_ERROR_INVALID_VALUE;
  int Magic;
  std::memcpy(&Magic, image, sizeof(Magic));
  Module *M = Magic == 0x466243B1
                  ? R().modules.createFromWrapper(image)
                  : R().modules.create(image, 0, std::move(source));
  // The driver loads (and reports bad images) at load time.
  if (!M->valid) {
    R().modules.destroy(M, false);
    return CUDA_ERROR_INVALID_IMAGE;
  }
  if (cudaError_t E = R().modules.ensureLoaded(M)) {
    R().modules.destroy(M, false);
    return toCU(E);
  }
  *module = reinterpret_cast<CUmodule>(M);
  return CUDA_SUCCESS;
}

} // namespace

extern "C" {

CUresult cuInit(unsigned int Flags) {
  if (Flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  device::Device *Dev;
  cudaError_t E = R().device(Dev);
  return E == cudaSuccess ? CUDA_SUCCESS : CUDA_ERROR_NO_DEVICE;
}

CUresult cuDriverGetVersion(int *driverVersion) {
  if (!driverVersion)
    return CUDA_ERROR_INVALID_VALUE;
  *driverVersion = kCudaVersion;
  return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult error, const char **pStr) {
  if (!pStr)
    return CUDA_ERROR_INVALID_VALUE;
  for (const DriverName &N : DriverNames)
    if (rawEnum(N.code) == rawEnum(error)) {
      *pStr = N.name;
      return CUDA_SUCCESS;
    }
  *pStr = nullptr;
  return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuGetErrorString(CUresult error, const char **pStr) {
  if (!pStr)
    return CUDA_ERROR_INVALID_VALUE;
  const char *Name;
  if (cuGetErrorName(error, &Name) != CUDA_SUCCESS) {
    *pStr = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
  }
  *pStr = errorString(toCuda(error));
  return CUDA_SUCCESS;
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (CUresult E = ready(false))
    return E;
  if (!device)
    return CUDA_ERROR_INVALID_VALUE;
  if (ordinal != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *device = 0;
  return CUDA_SUCCESS;
}

CUresult cuDeviceGetCount(int *count) {
  if (CUresult E = ready(false))
    return E;
  if (!count)
    return CUDA_ERROR_INVALID_VALUE;
  *count = 1;
  return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char *name, int len, CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  if (!name || len <= 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  cudaDeviceProp P;
  if (cudaError_t E = deviceProperties(P))
    return toCU(E);
  std::strncpy(name, P.name, static_cast<size_t>(len) - 1);
  name[len - 1] = '\0';
  return CUDA_SUCCESS;
}

CUresult cuDeviceTotalMem(size_t *bytes, CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  if (!bytes)
    return CUDA_ERROR_INVALID_VALUE;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  return toCU(memGetInfo(nullptr, bytes));
}

CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib,
                              CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  if (!pi)
    return CUDA_ERROR_INVALID_VALUE;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  return toCU(deviceAttribute(pi, attrib));
}

CUresult cuDeviceComputeCapability(int *major, int *minor, CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  if (!major || !minor)
    return CUDA_ERROR_INVALID_VALUE;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *major = kComputeMajor;
  *minor = kComputeMinor;
  return CUDA_SUCCESS;
}

CUresult cuCtxCreate(CUcontext *pctx, unsigned int flags, CUdevice dev) {
  (void)flags;
  if (CUresult E = ready(false))
    return E;
  if (!pctx)
    return CUDA_ERROR_INVALID_VALUE;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *pctx = Current = primary();
  return CUDA_SUCCESS;
}

CUresult cuCtxDestroy(CUcontext ctx) {
  if (CUresult E = ready(false))
    return E;
  if (ctx != primary())
    return CUDA_ERROR_INVALID_CONTEXT;
  if (Current == ctx)
    Current = nullptr;
  return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize(void) {
  if (CUresult E = ready())
    return E;
  return toCU(deviceSynchronize());
}

CUresult cuCtxGetCurrent(CUcontext *pctx) {
  if (CUresult E = ready(false))
    return E;
  if (!pctx)
    return CUDA_ERROR_INVALID_VALUE;
  *pctx = Current;
  return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(CUcontext ctx) {
  if (CUresult E = ready(false))
    return E;
  if (ctx && ctx != primary())
    return CUDA_ERROR_INVALID_CONTEXT;
  Current = ctx;
  return CUDA_SUCCESS;
}

CUresult cuCtxGetDevice(CUdevice *device) {
  if (CUresult E = ready())
    return E;
  if (!device)
    return CUDA_ERROR_INVALID_VALUE;
  *device = 0;
  return CUDA_SUCCESS;
}

CUresult cuCtxPushCurrent(CUcontext ctx) {
  if (CUresult E = ready(false))
    return E;
  if (ctx != primary())
    return CUDA_ERROR_INVALID_CONTEXT;
  ContextStack.push_back(Current);
  Current = ctx;
  return CUDA_SUCCESS;
}

CUresult cuCtxPopCurrent(CUcontext *pctx) {
  if (CUresult E = ready(false))
    return E;
  if (!Current)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (pctx)
    *pctx = Current;
  Current = ContextStack.empty() ? nullptr : ContextStack.back();
  if (!ContextStack.empty())
    ContextStack.pop_back();
  return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  if (!pctx)
    return CUDA_ERROR_INVALID_VALUE;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  *pctx = primary();
  return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease(CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  return dev == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

CUresult cuDevicePrimaryCtxReset(CUdevice dev) {
  if (CUresult E = ready(false))
    return E;
  if (dev != 0)
    return CUDA_ERROR_INVALID_DEVICE;
  R().reset();
  return CUDA_SUCCESS;
}

CUresult cuModuleLoad(CUmodule *module, const char *fname) {
  if (CUresult E = ready())
    return E;
  if (!module || !fname)
    return CUDA_ERROR_INVALID_VALUE;
  std::ifstream In(fname, std::ios::binary);
  if (!In)
    return CUDA_ERROR_FILE_NOT_FOUND;
  std::vector<char> Bytes((std::istreambuf_iterator<char>(In)),
                          std::istreambuf_iterator<char>());
  if (Bytes.size() < metallib::kEnvelopeHeaderSize ||
      !metallib::isEnvelope(Bytes.data()) ||
      metallib::envelopeSize(Bytes.data()) > Bytes.size())
    return CUDA_ERROR_INVALID_IMAGE;
  return loadModule(module, Bytes.data(), fname);
}

CUresult cuModuleLoadData(CUmodule *module, const void *image) {
  return loadModule(module, image, "");
}

CUresult cuModuleLoadDataEx(CUmodule *module, const void *image,
                            unsigned int numOptions, CUjit_option *options,
                            void **optionValues) {
  (void)numOptions;
  (void)options;
  (void)optionValues;
  return loadModule(module, image, "");
}

CUresult cuModuleLoadFatBinary(CUmodule *module, const void *fatCubin) {
  return loadModule(module, fatCubin, "");
}

CUresult cuModuleUnload(CUmodule hmod) {
  if (CUresult E = ready())
    return E;
  Module *M = moduleOf(hmod);
  if (!M || !R().modules.isModule(M))
    return CUDA_ERROR_INVALID_HANDLE;
  R().streams.synchronizeAll();
  R().printf.flush();
  R().modules.destroy(M, false);
  return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod,
                             const char *name) {
  if (CUresult E = ready())
    return E;
  if (!hfunc || !name)
    return CUDA_ERROR_INVALID_VALUE;
  Module *M = moduleOf(hmod);
  if (!M || !R().modules.isModule(M))
    return CUDA_ERROR_INVALID_HANDLE;
  std::lock_guard<std::mutex> Lock(M->mu);
  auto It = M->functionsByName.find(name);
  if (It == M->functionsByName.end() || !It->second->meta)
    return CUDA_ERROR_NOT_FOUND;
  *hfunc = reinterpret_cast<CUfunction>(It->second);
  return CUDA_SUCCESS;
}

CUresult cuModuleGetGlobal(CUdeviceptr *dptr, size_t *bytes, CUmodule hmod,
                           const char *name) {
  if (CUresult E = ready())
    return E;
  if (!name)
    return CUDA_ERROR_INVALID_VALUE;
  Module *M = moduleOf(hmod);
  if (!M || !R().modules.isModule(M))
    return CUDA_ERROR_INVALID_HANDLE;
  const metallib::EnvelopeGlobal *G = M->global(name);
  if (!G)
    return CUDA_ERROR_NOT_FOUND;
  if (cudaError_t E = R().modules.ensureLoaded(M))
    return toCU(E);
  if (dptr)
    *dptr = reinterpret_cast<CUdeviceptr>(R().modules.address(M, *G));
  if (bytes)
    *bytes = G->size;
  return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX,
                        unsigned int gridDimY, unsigned int gridDimZ,
                        unsigned int blockDimX, unsigned int blockDimY,
                        unsigned int blockDimZ, unsigned int sharedMemBytes,
                        CUstream hStream, void **kernelParams, void **extra) {
  if (CUresult E = ready())
    return E;
  Function *F = functionOf(f);
  if (!F)
    return CUDA_ERROR_INVALID_HANDLE;
  LaunchArgs A;
  if (kernelParams && extra)
    return CUDA_ERROR_INVALID_VALUE;
  if (extra) {
    const void *Buffer = nullptr;
    size_t *Size = nullptr;
    for (void **P = extra; *P != CU_LAUNCH_PARAM_END; P += 2) {
      if (*P == CU_LAUNCH_PARAM_BUFFER_POINTER)
        Buffer = P[1];
      else if (*P == CU_LAUNCH_PARAM_BUFFER_SIZE)
        Size = static_cast<size_t *>(P[1]);
      else
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (!Buffer || !Size)
      return CUDA_ERROR_INVALID_VALUE;
    A.packed = Buffer;
    A.packedSize = *Size;
  } else {
    A.args = kernelParams;
  }
  return toCU(launch(F, dim3(gridDimX, gridDimY, gridDimZ),
                     dim3(blockDimX, blockDimY, blockDimZ), A, sharedMemBytes,
                     hStream));
}

CUresult cuFuncGetAttribute(int *pi, CUfunction_attribute attrib,
                            CUfunction hfunc) {
  if (CUresult E = ready())
    return E;
  if (!pi)
    return CUDA_ERROR_INVALID_VALUE;
  cudaFuncAttributes A;
  if (cudaError_t E = funcAttributes(functionOf(hfunc), A))
    return toCU(E);
  switch (attrib) {
  case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK:
    *pi = A.maxThreadsPerBlock;
    break;
  case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES:
    *pi = int(A.sharedSizeBytes);
    break;
  case CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES:
    *pi = int(A.constSizeBytes);
    break;
  case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES:
    *pi = int(A.localSizeBytes);
    break;
  case CU_FUNC_ATTRIBUTE_NUM_REGS:
    *pi = A.numRegs;
    break;
  case CU_FUNC_ATTRIBUTE_PTX_VERSION:
    *pi = A.ptxVersion;
    break;
  case CU_FUNC_ATTRIBUTE_BINARY_VERSION:
    *pi = A.binaryVersion;
    break;
  case CU_FUNC_ATTRIBUTE_CACHE_MODE_CA:
    *pi = A.cacheModeCA;
    break;
  case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
    *pi = A.maxDynamicSharedSizeBytes;
    break;
  case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT:
    *pi = A.preferredShmemCarveout;
    break;
  default:
    return CUDA_ERROR_INVALID_VALUE;
  }
  return CUDA_SUCCESS;
}

CUresult cuFuncSetAttribute(CUfunction hfunc, CUfunction_attribute attrib,
                            int value) {
  if (CUresult E = ready())
    return E;
  return toCU(setFuncAttribute(functionOf(hfunc),
                               static_cast<cudaFuncAttribute>(attrib), value));
}

CUresult cuMemGetInfo(size_t *free, size_t *total) {
  if (CUresult E = ready())
    return E;
  return toCU(memGetInfo(free, total));
}

CUresult cuMemAlloc(CUdeviceptr *dptr, size_t bytesize) {
  if (CUresult E = ready())
    return E;
  if (!dptr || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  void *P = nullptr;
  cudaError_t E = mallocKind(&P, bytesize, MemKind::Device, 0);
  *dptr = reinterpret_cast<CUdeviceptr>(P);
  return toCU(E);
}

CUresult cuMemFree(CUdeviceptr dptr) {
  if (CUresult E = ready())
    return E;
  return toCU(freeKind(ptr(dptr), false));
}

CUresult cuMemAllocHost(void **pp, size_t bytesize) {
  if (CUresult E = ready())
    return E;
  if (!pp || bytesize == 0)
    return CUDA_ERROR_INVALID_VALUE;
  return toCU(mallocKind(pp, bytesize, MemKind::Host, 0));
}

CUresult cuMemFreeHost(void *p) {
  if (CUresult E = ready())
    return E;
  return toCU(freeKind(p, true));
}

CUresult cuMemAllocManaged(CUdeviceptr *dptr, size_t bytesize,
                           unsigned int flags) {
  if (CUresult E = ready())
    return E;
  if (!dptr || bytesize == 0 ||
      (flags != CU_MEM_ATTACH_GLOBAL && flags != CU_MEM_ATTACH_HOST))
    return CUDA_ERROR_INVALID_VALUE;
  void *P = nullptr;
  cudaError_t E = mallocKind(&P, bytesize, MemKind::Managed, flags);
  *dptr = reinterpret_cast<CUdeviceptr>(P);
  return toCU(E);
}

CUresult cuMemcpy(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount) {
  if (CUresult E = ready())
    return E;
  return toCU(memcpyOn(ptr(dst), ptr(src), ByteCount, cudaMemcpyDefault,
                       nullptr, false));
}

CUresult cuMemcpyHtoD(CUdeviceptr dstDevice, const void *srcHost,
                      size_t ByteCount) {
  if (CUresult E = ready())
    return E;
  return toCU(memcpyOn(ptr(dstDevice), srcHost, ByteCount,
                       cudaMemcpyHostToDevice, nullptr, false));
}

CUresult cuMemcpyDtoH(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount) {
  if (CUresult E = ready())
    return E;
  return toCU(memcpyOn(dstHost, ptr(srcDevice), ByteCount,
                       cudaMemcpyDeviceToHost, nullptr, false));
}

CUresult cuMemcpyDtoD(CUdeviceptr dstDevice, CUdeviceptr srcDevice,
                      size_t ByteCount) {
  if (CUresult E = ready())
    return E;
  return toCU(memcpyOn(ptr(dstDevice), ptr(srcDevice), ByteCount,
                       cudaMemcpyDeviceToDevice, nullptr, false));
}

CUresult cuMemcpyHtoDAsync(CUdeviceptr dstDevice, const void *srcHost,
                           size_t ByteCount, CUstream hStream) {
  if (CUresult E = ready())
    return E;
  return toCU(memcpyOn(ptr(dstDevice), srcHost, ByteCount,
                       cudaMemcpyHostToDevice, hStream, true));
}

CUresult cuMemcpyDtoHAsync(void *dstHost, CUdeviceptr srcDevice,
                           size_t ByteCount, CUstream hStream) {
  if (CUresult E = ready())
    return E;
  return toCU(memcpyOn(dstHost, ptr(srcDevice), ByteCount,
                       cudaMemcpyDeviceToHost, hStream, true));
}

CUresult cuMemsetD8(CUdeviceptr dstDevice, unsigned char uc, size_t N) {
  if (CUresult E = ready())
    return E;
  return toCU(memsetOn(ptr(dstDevice), uc, N, nullptr, false));
}

CUresult cuMemsetD16(CUdeviceptr dstDevice, unsigned short us, size_t N) {
  if (CUresult E = ready())
    return E;
  return toCU(
      memsetPattern(ptr(dstDevice), &us, sizeof(us), N, nullptr, false));
}

CUresult cuMemsetD32(CUdeviceptr dstDevice, unsigned int ui, size_t N) {
  if (CUresult E = ready())
    return E;
  return toCU(
      memsetPattern(ptr(dstDevice), &ui, sizeof(ui), N, nullptr, false));
}

CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags) {
  if (CUresult E = ready())
    return E;
  return toCU(streamCreate(phStream, Flags, 0));
}

CUresult cuStreamDestroy(CUstream hStream) {
  if (CUresult E = ready())
    return E;
  return toCU(streamDestroy(hStream));
}

CUresult cuStreamSynchronize(CUstream hStream) {
  if (CUresult E = ready())
    return E;
  return toCU(streamSynchronize(hStream));
}

CUresult cuStreamQuery(CUstream hStream) {
  if (CUresult E = ready())
    return E;
  return toCU(streamQuery(hStream));
}

CUresult cuStreamWaitEvent(CUstream hStream, CUevent hEvent,
                           unsigned int Flags) {
  if (CUresult E = ready())
    return E;
  return toCU(streamWaitEvent(hStream, hEvent, Flags));
}

CUresult cuEventCreate(CUevent *phEvent, unsigned int Flags) {
  if (CUresult E = ready())
    return E;
  return toCU(eventCreate(phEvent, Flags));
}

CUresult cuEventRecord(CUevent hEvent, CUstream hStream) {
  if (CUresult E = ready())
    return E;
  return toCU(eventRecord(hEvent, hStream));
}

CUresult cuEventQuery(CUevent hEvent) {
  if (CUresult E = ready())
    return E;
  return toCU(eventQuery(hEvent));
}

CUresult cuEventSynchronize(CUevent hEvent) {
  if (CUresult E = ready())
    return E;
  return toCU(eventSynchronize(hEvent));
}

CUresult cuEventElapsedTime(float *pMilliseconds, CUevent hStart,
                            CUevent hEnd) {
  if (CUresult E = ready())
    return E;
  return toCU(eventElapsed(pMilliseconds, hStart, hEnd));
}

CUresult cuEventDestroy(CUevent hEvent) {
  if (CUresult E = ready())
    return E;
  return toCU(eventDestroy(hEvent));
}

} // extern "C"

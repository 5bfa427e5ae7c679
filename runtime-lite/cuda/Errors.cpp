//===- Errors.cpp - CUDA error state, names and strings ------------------===//
//
// The per-thread last error, the process-wide sticky error, the pending
// asynchronous error, the mapping from backend faults to CUDA errors, and
// cudaGetLastError / cudaPeekAtLastError / cudaGetErrorName /
// cudaGetErrorString. Names and strings are CUDA's documented ones.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include <atomic>

using namespace cumetal;
using namespace cumetal::rt;

namespace {

// A sticky error is reported by cudaGetLastError once, after which it
// returns cudaSuccess while every other call keeps failing (as recorded on
// an H100: test/conformance/programs/40_assert.cu, 41_out_of_bounds.cu).
std::atomic<bool> StickyReported{false};

thread_local cudaError_t LastError = cudaSuccess;
std::atomic<int> Sticky{cudaSuccess};
std::atomic<int> Async{cudaSuccess};

struct ErrorInfo {
  cudaError_t code;
  const char *name;
  const char *text;
};

#define E(code, text)                                                          \
  { code, #code, text }
const ErrorInfo Errors[] = {
    E(cudaSuccess, "no error"),
    E(cudaErrorInvalidValue, "invalid argument"),
    E(cudaErrorMemoryAllocation, "out of memory"),
    E(cudaErrorInitializationError, "initialization error"),
    E(cudaErrorCudartUnloading, "driver shutting down"),
    E(cudaErrorProfilerDisabled,
      "profiler disabled while using external profiling tool"),
    E(cudaErrorProfilerNotInitialized,
      "profiler not initialized: call cudaProfilerInitialize()"),
    E(cudaErrorProfilerAlreadyStarted, "profiler already started"),
    E(cudaErrorProfilerAlreadyStopped, "profiler already stopped"),
    E(cudaErrorInvalidConfiguration, "invalid configuration argument"),
    E(cudaErrorInvalidPitchValue, "invalid pitch argument"),
    E(cudaErrorInvalidSymbol, "invalid device symbol"),
    E(cudaErrorInvalidHostPointer, "invalid host pointer"),
    E(cudaErrorInvalidDevicePointer, "invalid device pointer"),
    E(cudaErrorInvalidTexture, "invalid texture reference"),
    E(cudaErrorInvalidTextureBinding, "texture is not bound to a pointer"),
    E(cudaErrorInvalidChannelDescriptor, "invalid channel descriptor"),
    E(cudaErrorInvalidMemcpyDirection, "invalid copy direction for memcpy"),
    E(cudaErrorAddressOfConstant, "invalid address of constant"),
    E(cudaErrorTextureFetchFailed, "fetch from texture failed"),
    E(cudaErrorTextureNotBound,
      "cannot fetch from a texture that is not bound"),
    E(cudaErrorSynchronizationError, "incorrect use of __syncthreads()"),
    E(cudaErrorInvalidFilterSetting,
      "linear filtering not supported for non-float type"),
    E(cudaErrorInvalidNormSetting,
      "read as normalized float not supported for 32-bit non float type"),
    E(cudaErrorMixedDeviceExecution,
      "device emulation mode and device execution mode cannot be mixed"),
    E(cudaErrorNotYetImplemented, "feature not yet implemented"),
    E(cudaErrorMemoryValueTooLarge,
      "memory size or pointer value too large to fit in 32 bit"),
    E(cudaErrorStubLibrary, "CUDA driver is a stub library"),
    E(cudaErrorInsufficientDriver,
      "CUDA driver version is insufficient for CUDA runtime version"),
    E(cudaErrorCallRequiresNewerDriver,
      "API call is not supported in the installed CUDA driver"),
    E(cudaErrorInvalidSurface, "invalid surface reference"),
    E(cudaErrorDuplicateVariableName,
      "duplicate global variable looked up by string name"),
    E(cudaErrorDuplicateTextureName,
      "duplicate texture looked up by string name"),
    E(cudaErrorDuplicateSurfaceName,
      "duplicate surface looked up by string name"),
    E(cudaErrorDevicesUnavailable,
      "CUDA-capable device(s) is/are busy or unavailable"),
    E(cudaErrorIncompatibleDriverContext, "incompatible driver context"),
    E(cudaErrorMissingConfiguration,
      "__global__ function call is not configured"),
    E(cudaErrorPriorLaunchFailure,
      "unspecified launch failure in prior launch"),
    E(cudaErrorLaunchMaxDepthExceeded,
      "launch would exceed maximum depth of nested launches"),
    E(cudaErrorLaunchFileScopedTex,
      "launch failed because kernel uses unsupported, file-scoped textures "
      "(texture objects are supported)"),
    E(cudaErrorLaunchFileScopedSurf,
      "launch failed because kernel uses unsupported, file-scoped surfaces "
      "(surface objects are supported)"),
    E(cudaErrorSyncDepthExceeded,
      "cudaDeviceSynchronize failed because caller's grid depth exceeds "
      "cudaLimitDevRuntimeSyncDepth"),
    E(cudaErrorLaunchPendingCountExceeded,
      "launch failed because launch would exceed "
      "cudaLimitDevRuntimePendingLaunchCount"),
    E(cudaErrorInvalidDeviceFunction, "invalid device function"),
    E(cudaErrorNoDevice, "no CUDA-capable device is detected"),
    E(cudaErrorInvalidDevice, "invalid device ordinal"),
    E(cudaErrorDeviceNotLicensed, "device doesn't have valid Grid license"),
    E(cudaErrorSoftwareValidityNotEstablished,
      "integrity checks failed for the device"),
    E(cudaErrorStartupFailure, "startup failure in cuda runtime"),
    E(cudaErrorInvalidKernelImage, "device kernel image is invalid"),
    E(cudaErrorDeviceUninitialized, "invalid device context"),
    E(cudaErrorMapBufferObjectFailed, "mapping of buffer object failed"),
    E(cudaErrorUnmapBufferObjectFailed, "unmapping of buffer object failed"),
    E(cudaErrorArrayIsMapped, "array is mapped"),
    E(cudaErrorAlreadyMapped, "resource already mapped"),
    E(cudaErrorNoKernelImageForDevice,
      "no kernel image is available for execution on the device"),
    E(cudaErrorAlreadyAcquired, "resource already acquired"),
    E(cudaErrorNotMapped, "resource not mapped"),
    E(cudaErrorNotMappedAsArray, "resource not mapped as array"),
    E(cudaErrorNotMappedAsPointer, "resource not mapped as pointer"),
    E(cudaErrorECCUncorrectable, "uncorrectable ECC error encountered"),
    E(cudaErrorUnsupportedLimit, "limit is not supported on this architecture"),
    E(cudaErrorDeviceAlreadyInUse,
      "exclusive-thread device already in use by a different thread"),
    E(cudaErrorPeerAccessUnsupported,
      "peer access is not supported between these two devices"),
    E(cudaErrorInvalidPtx, "a PTX JIT compilation failed"),
    E(cudaErrorInvalidGraphicsContext, "invalid OpenGL or DirectX context"),
    E(cudaErrorNvlinkUncorrectable,
      "uncorrectable NVLink error detected during the execution"),
    E(cudaErrorJitCompilerNotFound, "PTX JIT compiler library not found"),
    E(cudaErrorUnsupportedPtxVersion,
      "the provided PTX was compiled with an unsupported toolchain."),
    E(cudaErrorJitCompilationDisabled, "PTX JIT compilation was disabled"),
    E(cudaErrorUnsupportedExecAffinity,
      "the provided execution affinity is not supported"),
    E(cudaErrorUnsupportedDevSideSync,
      "the provided PTX contains unsupported call to "
      "cudaDeviceSynchronize"),
    E(cudaErrorInvalidSource, "device kernel image is invalid"),
    E(cudaErrorFileNotFound, "file not found"),
    E(cudaErrorSharedObjectSymbolNotFound, "shared object symbol not found"),
    E(cudaErrorSharedObjectInitFailed, "shared object initialization failed"),
    E(cudaErrorOperatingSystem, "OS call failed or operation not supported on "
                                "this OS"),
    E(cudaErrorInvalidResourceHandle, "invalid resource handle"),
    E(cudaErrorIllegalState,
      "the operation cannot be performed in the present state"),
    E(cudaErrorSymbolNotFound, "named symbol not found"),
    E(cudaErrorNotReady, "device not ready"),
    E(cudaErrorIllegalAddress, "an illegal memory access was encountered"),
    E(cudaErrorLaunchOutOfResources, "too many resources requested for launch"),
    E(cudaErrorLaunchTimeout, "the launch timed out and was terminated"),
    E(cudaErrorLaunchIncompatibleTexturing,
      "launch uses incompatible texturing mode"),
    E(cudaErrorPeerAccessAlreadyEnabled, "peer access is already enabled"),
    E(cudaErrorPeerAccessNotEnabled, "peer access has not been enabled"),
    E(cudaErrorSetOnActiveProcess,
      "cannot set while device is active in this process"),
    E(cudaErrorContextIsDestroyed, "context is destroyed"),
    E(cudaErrorAssert, "device-side assert triggered"),
    E(cudaErrorTooManyPeers, "peer mapping resources exhausted"),
    E(cudaErrorHostMemoryAlreadyRegistered,
      "part or all of the requested memory range is already mapped"),
    E(cudaErrorHostMemoryNotRegistered,
      "pointer does not correspond to a registered memory region"),
    E(cudaErrorHardwareStackError, "hardware stack error"),
    E(cudaErrorIllegalInstruction, "an illegal instruction was encountered"),
    E(cudaErrorMisalignedAddress, "misaligned address"),
    E(cudaErrorInvalidAddressSpace,
      "operation not supported on global/shared address space"),
    E(cudaErrorInvalidPc, "invalid program counter"),
    E(cudaErrorLaunchFailure, "unspecified launch failure"),
    E(cudaErrorCooperativeLaunchTooLarge,
      "too many blocks in cooperative launch"),
    E(cudaErrorNotPermitted, "operation not permitted"),
    E(cudaErrorNotSupported, "operation not supported"),
    E(cudaErrorSystemNotReady, "system not yet initialized"),
    E(cudaErrorSystemDriverMismatch,
      "system has unsupported display driver / cuda driver combination"),
    E(cudaErrorCompatNotSupportedOnDevice,
      "forward compatibility was attempted on non supported HW"),
    E(cudaErrorMpsConnectionFailed,
      "MPS client failed to connect to the MPS control daemon or the MPS "
      "server"),
    E(cudaErrorMpsRpcFailure,
      "the remote procedural call between the MPS server and the MPS client "
      "failed"),
    E(cudaErrorMpsServerNotReady,
      "MPS server is not ready to accept new MPS client requests"),
    E(cudaErrorMpsMaxClientsReached,
      "the hardware resources required to create MPS client have been "
      "exhausted"),
    E(cudaErrorMpsMaxConnectionsReached,
      "the hardware resources required to support device connections have "
      "been exhausted"),
    E(cudaErrorMpsClientTerminated,
      "the MPS client has been terminated by the server"),
    E(cudaErrorCdpNotSupported,
      "the module is using CUDA Dynamic Parallelism, but the current "
      "configuration, like MPS, does not support it"),
    E(cudaErrorCdpVersionMismatch,
      "a module contains an unsupported interaction between different "
      "versions of CUDA Dynamic Parallelism"),
    E(cudaErrorStreamCaptureUnsupported,
      "operation not permitted when stream is capturing"),
    E(cudaErrorStreamCaptureInvalidated,
      "operation failed due to a previous error during capture"),
    E(cudaErrorStreamCaptureMerge,
      "operation would result in a merge of separate capture sequences"),
    E(cudaErrorStreamCaptureUnmatched,
      "capture was not ended in the same stream as it began"),
    E(cudaErrorStreamCaptureUnjoined, "capturing stream has unjoined work"),
    E(cudaErrorStreamCaptureIsolation,
      "dependency created on uncaptured work in another stream"),
    E(cudaErrorStreamCaptureImplicit,
      "operation would make the legacy stream depend on a capturing blocking "
      "stream"),
    E(cudaErrorCapturedEvent,
      "operation not permitted on an event last recorded in a capturing "
      "stream"),
    E(cudaErrorStreamCaptureWrongThread,
      "attempt to terminate a thread-local capture sequence from another "
      "thread"),
    E(cudaErrorTimeout, "wait operation timed out"),
    E(cudaErrorGraphExecUpdateFailure,
      "the graph update was not performed because it included changes which "
      "violated constraints specific to instantiated graph update"),
    E(cudaErrorExternalDevice,
      "an async error has occurred in external entity outside of CUDA"),
    E(cudaErrorInvalidClusterSize,
      "a kernel launch error has occurred due to cluster misconfiguration"),
    E(cudaErrorUnknown, "unknown error"),
    E(cudaErrorApiFailureBase, "api failure base"),
};
#undef E

const ErrorInfo *lookup(cudaError_t e) {
  for (const ErrorInfo &I : Errors)
    if (I.code == e)
      return &I;
  return nullptr;
}

} // namespace

cudaError_t rt::record(cudaError_t e) {
  if (e != cudaSuccess)
    LastError = e;
  return e;
}

cudaError_t rt::sticky() {
  return static_cast<cudaError_t>(Sticky.load(std::memory_order_acquire));
}

void rt::raiseSticky(cudaError_t e) {
  int Expected = cudaSuccess;
  Sticky.compare_exchange_strong(Expected, e, std::memory_order_acq_rel);
}

// A fault found while a kernel runs on a stream's worker becomes visible,
// as on NVIDIA GPUs, at the next synchronising call (not to a launch or
// cudaGetLastError issued meanwhile).
static std::atomic<int> PendingFault{cudaSuccess};

void rt::raiseDeviceFault(cudaError_t e) {
  int Expected = cudaSuccess;
  PendingFault.compare_exchange_strong(Expected, e, std::memory_order_acq_rel);
}

bool rt::deviceFaulted() {
  return PendingFault.load(std::memory_order_acquire) != cudaSuccess ||
         sticky() != cudaSuccess;
}

void rt::publishDeviceFaults() {
  int F = PendingFault.exchange(cudaSuccess, std::memory_order_acq_rel);
  if (F != cudaSuccess)
    raiseSticky(static_cast<cudaError_t>(F));
}

void rt::raiseAsync(cudaError_t e) {
  int Expected = cudaSuccess;
  Async.compare_exchange_strong(Expected, e, std::memory_order_acq_rel);
}

cudaError_t rt::syncResult() {
  if (cudaError_t S = sticky())
    return S;
  return static_cast<cudaError_t>(Async.exchange(cudaSuccess));
}

void rt::clearErrors() {
  StickyReported = false;
  PendingFault.store(cudaSuccess);
  Sticky.store(cudaSuccess);
  Async.store(cudaSuccess);
  LastError = cudaSuccess;
}

cudaError_t rt::faultToError(device::Fault f, bool &isSticky) {
  isSticky = true;
  switch (f) {
  case device::Fault::None:
    isSticky = false;
    return cudaSuccess;
  case device::Fault::IllegalAddress:
    return cudaErrorIllegalAddress;
  case device::Fault::MisalignedAddress:
    return cudaErrorMisalignedAddress;
  case device::Fault::BarrierDivergence:
  case device::Fault::LaunchFailure:
    return cudaErrorLaunchFailure;
  case device::Fault::InvalidImage:
    isSticky = false;
    return cudaErrorInvalidKernelImage;
  case device::Fault::KernelNotFound:
    isSticky = false;
    return cudaErrorInvalidDeviceFunction;
  case device::Fault::InvalidLaunch:
  case device::Fault::OutOfResources:
    isSticky = false;
    return cudaErrorLaunchOutOfResources;
  }
  return cudaErrorUnknown;
}

const char *rt::errorName(cudaError_t e) {
  const ErrorInfo *I = lookup(e);
  return I ? I->name : "unrecognized error code";
}

const char *rt::errorString(cudaError_t e) {
  const ErrorInfo *I = lookup(e);
  return I ? I->text : "unrecognized error code";
}

extern "C" {

cudaError_t cudaGetLastError(void) {
  cudaError_t E = LastError;
  LastError = cudaSuccess;
  cudaError_t S = sticky();
  if (E == cudaSuccess && S != cudaSuccess && !StickyReported.exchange(true))
    return S;
  if (E != cudaSuccess && E == S)
    StickyReported = true;
  return E;
}

cudaError_t cudaPeekAtLastError(void) {
  if (LastError != cudaSuccess)
    return LastError;
  return StickyReported ? cudaSuccess : sticky();
}

const char *cudaGetErrorName(cudaError_t error) { return errorName(error); }

const char *cudaGetErrorString(cudaError_t error) { return errorString(error); }

} // extern "C"

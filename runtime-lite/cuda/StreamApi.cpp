//===- StreamApi.cpp - CUDA stream, event and synchronisation API --------===//
//
// cudaStream*, cudaEvent*, host callbacks and cudaDeviceSynchronize on top
// of the StreamManager (Streams.h). Errors follow CUDA's documentation:
// invalid handles give cudaErrorInvalidResourceHandle, queries
// cudaErrorNotReady while work is pending, and synchronising calls report
// errors of earlier asynchronous work.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

using namespace cumetal;
using namespace cumetal::rt;

namespace {
Runtime &R() { return Runtime::get(); }
} // namespace

cudaError_t rt::streamCreate(cudaStream_t *s, unsigned flags, int priority) {
  if (cudaError_t E = sticky())
    return E;
  if (!s || (flags & ~unsigned(cudaStreamNonBlocking)))
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = R().device(Dev))
    return E;
  // Priorities are accepted and clamped to the range we report [-1, 0];
  // every stream runs on its own worker thread anyway.
  priority = priority < -1 ? -1 : (priority > 0 ? 0 : priority);
  *s = R().streams.create(flags, priority);
  return cudaSuccess;
}

cudaError_t rt::streamDestroy(cudaStream_t s) {
  if (cudaError_t E = sticky())
    return E;
  if (s == nullptr || s == cudaStreamLegacy || s == cudaStreamPerThread)
    return cudaErrorInvalidResourceHandle;
  return R().streams.destroy(s) ? cudaSuccess : cudaErrorInvalidResourceHandle;
}

cudaError_t rt::streamSynchronize(cudaStream_t s) {
  std::shared_ptr<Stream> S = R().streams.resolve(s);
  if (!S)
    return cudaErrorInvalidResourceHandle;
  R().streams.synchronize(S);
  R().printf.flush();
  return syncResult();
}

cudaError_t rt::streamQuery(cudaStream_t s) {
  if (cudaError_t E = sticky())
    return E;
  std::shared_ptr<Stream> S = R().streams.resolve(s);
  if (!S)
    return cudaErrorInvalidResourceHandle;
  return R().streams.isIdle(S) ? cudaSuccess : cudaErrorNotReady;
}

cudaError_t rt::streamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned flags) {
  if (cudaError_t E = sticky())
    return E;
  if (flags & ~unsigned(cudaEventWaitExternal))
    return cudaErrorInvalidValue;
  std::shared_ptr<Stream> S = R().streams.resolve(s);
  std::shared_ptr<Event> Ev = R().streams.resolveEvent(e);
  if (!S || !Ev)
    return cudaErrorInvalidResourceHandle;
  uint64_t Gen = Ev->recordedGeneration();
  if (Gen == 0)
    return cudaSuccess; // never recorded: nothing to wait for
  R().streams.enqueue(S, [Ev, Gen] { Ev->waitFor(Gen); });
  return cudaSuccess;
}

cudaError_t rt::eventCreate(cudaEvent_t *e, unsigned flags) {
  if (cudaError_t E = sticky())
    return E;
  if (!e || (flags & ~unsigned(cudaEventBlockingSync | cudaEventDisableTiming |
                               cudaEventInterprocess)))
    return cudaErrorInvalidValue;
  // Interprocess events must also disable timing.
  if ((flags & cudaEventInterprocess) && !(flags & cudaEventDisableTiming))
    return cudaErrorInvalidValue;
  device::Device *Dev;
  if (cudaError_t E = R().device(Dev))
    return E;
  *e = R().streams.createEvent(flags);
  return cudaSuccess;
}

cudaError_t rt::eventRecord(cudaEvent_t e, cudaStream_t s) {
  if (cudaError_t E = sticky())
    return E;
  std::shared_ptr<Event> Ev = R().streams.resolveEvent(e);
  std::shared_ptr<Stream> S = R().streams.resolve(s);
  if (!Ev || !S)
    return cudaErrorInvalidResourceHandle;
  uint64_t Gen = Ev->beginRecord();
  R().streams.enqueue(S, [Ev, Gen] { Ev->complete(Gen); });
  return cudaSuccess;
}

cudaError_t rt::eventQuery(cudaEvent_t e) {
  if (cudaError_t E = sticky())
    return E;
  std::shared_ptr<Event> Ev = R().streams.resolveEvent(e);
  if (!Ev)
    return cudaErrorInvalidResourceHandle;
  return Ev->isComplete() ? cudaSuccess : cudaErrorNotReady;
}

cudaError_t rt::eventSynchronize(cudaEvent_t e) {
  std::shared_ptr<Event> Ev = R().streams.resolveEvent(e);
  if (!Ev)
    return cudaErrorInvalidResourceHandle;
  Ev->waitFor(Ev->recordedGeneration());
  R().printf.flush();
  return syncResult();
}

cudaError_t rt::eventElapsed(float *ms, cudaEvent_t a, cudaEvent_t b) {
  if (cudaError_t E = sticky())
    return E;
  if (!ms)
    return cudaErrorInvalidValue;
  std::shared_ptr<Event> Start = R().streams.resolveEvent(a);
  std::shared_ptr<Event> End = R().streams.resolveEvent(b);
  if (!Start || !End)
    return cudaErrorInvalidResourceHandle;
  if (Start->timingDisabled() || End->timingDisabled())
    return cudaErrorInvalidResourceHandle;
  if (Start->recordedGeneration() == 0 || End->recordedGeneration() == 0)
    return cudaErrorInvalidResourceHandle;
  if (!Start->isComplete() || !End->isComplete())
    return cudaErrorNotReady;
  std::chrono::duration<double, std::milli> D = End->time() - Start->time();
  *ms = static_cast<float>(D.count());
  return cudaSuccess;
}

cudaError_t rt::eventDestroy(cudaEvent_t e) {
  if (cudaError_t E = sticky())
    return E;
  // A pending record keeps the event alive until it completes.
  return R().streams.destroyEvent(e) ? cudaSuccess
                                     : cudaErrorInvalidResourceHandle;
}

cudaError_t rt::deviceSynchronize() {
  device::Device *Dev;
  if (cudaError_t E = R().device(Dev))
    return E;
  R().streams.synchronizeAll();
  R().printf.flush();
  return syncResult();
}

extern "C" {

cudaError_t cudaStreamCreate(cudaStream_t *pStream) {
  return record(streamCreate(pStream, cudaStreamDefault, 0));
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream,
                                      unsigned int flags) {
  return record(streamCreate(pStream, flags, 0));
}

cudaError_t cudaStreamCreateWithPriority(cudaStream_t *pStream,
                                         unsigned int flags, int priority) {
  return record(streamCreate(pStream, flags, priority));
}

cudaError_t cudaStreamGetPriority(cudaStream_t hStream, int *priority) {
  std::shared_ptr<Stream> S = R().streams.resolve(hStream);
  if (!S)
    return record(cudaErrorInvalidResourceHandle);
  if (!priority)
    return record(cudaErrorInvalidValue);
  *priority = S->priority();
  return cudaSuccess;
}

cudaError_t cudaStreamGetFlags(cudaStream_t hStream, unsigned int *flags) {
  std::shared_ptr<Stream> S = R().streams.resolve(hStream);
  if (!S)
    return record(cudaErrorInvalidResourceHandle);
  if (!flags)
    return record(cudaErrorInvalidValue);
  *flags = S->flags();
  return cudaSuccess;
}

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  return record(streamDestroy(stream));
}

cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event,
                                unsigned int flags) {
  return record(streamWaitEvent(stream, event, flags));
}

cudaError_t cudaStreamAddCallback(cudaStream_t stream,
                                  cudaStreamCallback_t callback, void *userData,
                                  unsigned int flags) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!callback || flags != 0)
    return record(cudaErrorInvalidValue);
  std::shared_ptr<Stream> S = R().streams.resolve(stream);
  if (!S)
    return record(cudaErrorInvalidResourceHandle);
  // The callback learns of errors of the work before it.
  R().streams.enqueue(S, [stream, callback, userData] {
    callback(stream, sticky(), userData);
  });
  return cudaSuccess;
}

cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn,
                               void *userData) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!fn)
    return record(cudaErrorInvalidValue);
  std::shared_ptr<Stream> S = R().streams.resolve(stream);
  if (!S)
    return record(cudaErrorInvalidResourceHandle);
  // Unlike callbacks, host functions do not run once the context failed.
  R().streams.enqueue(S, [fn, userData] {
    if (sticky() == cudaSuccess)
      fn(userData);
  });
  return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  return record(streamSynchronize(stream));
}

cudaError_t cudaStreamQuery(cudaStream_t stream) {
  cudaError_t E = streamQuery(stream);
  // cudaErrorNotReady is an answer, not an error.
  return E == cudaErrorNotReady ? E : record(E);
}

cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream, void *devPtr,
                                     size_t length, unsigned int flags) {
  if (cudaError_t E = sticky())
    return record(E);
  if (!R().streams.resolve(stream))
    return record(cudaErrorInvalidResourceHandle);
  (void)devPtr;
  (void)length;
  (void)flags;
  return cudaSuccess; // one memory: nothing to attach
}

cudaError_t cudaEventCreate(cudaEvent_t *event) {
  return record(eventCreate(event, cudaEventDefault));
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
  return record(eventCreate(event, flags));
}

cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  return record(eventRecord(event, stream));
}

cudaError_t cudaEventRecordWithFlags(cudaEvent_t event, cudaStream_t stream,
                                     unsigned int flags) {
  if (flags & ~unsigned(cudaEventRecordExternal))
    return record(cudaErrorInvalidValue);
  return record(eventRecord(event, stream));
}

cudaError_t cudaEventQuery(cudaEvent_t event) {
  cudaError_t E = eventQuery(event);
  return E == cudaErrorNotReady ? E : record(E);
}

cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  return record(eventSynchronize(event));
}

cudaError_t cudaEventDestroy(cudaEvent_t event) {
  return record(eventDestroy(event));
}

cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start,
                                 cudaEvent_t end) {
  return record(eventElapsed(ms, start, end));
}

cudaError_t cudaDeviceSynchronize(void) { return record(deviceSynchronize()); }

cudaError_t cudaThreadSynchronize(void) { return record(deviceSynchronize()); }

} // extern "C"

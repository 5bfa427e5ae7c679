//===- Streams.h - CUDA streams and events -----------------------*- C++
//-*-===//
//
// A stream is an in-order queue of host closures (copies, launches, event
// markers, callbacks) serviced by its own worker thread, created on first
// use, so asynchronous APIs really are asynchronous and cudaStreamQuery /
// cudaEventQuery observe progress.
//
// The StreamManager adds CUDA's legacy default stream semantics: work on the
// legacy stream waits for all earlier work on blocking streams, and work on
// a blocking stream waits for all earlier work on the legacy stream;
// streams created with cudaStreamNonBlocking are exempt. The per-thread
// default stream (cudaStreamPerThread) is a blocking stream per host thread.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_STREAMS_H
#define CUMETAL_RUNTIME_CUDA_STREAMS_H

#include "driver_types.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cumetal::rt {

class Stream {
public:
  using Task = std::function<void()>;

  Stream(unsigned flags, int priority, bool legacy);
  ~Stream();
  Stream(const Stream &) = delete;
  Stream &operator=(const Stream &) = delete;

  /// Queues T; returns its ticket (1, 2, ...).
  uint64_t enqueue(Task task);
  /// Blocks until the task with Ticket (and all before it) has run.
  void waitFor(uint64_t ticket);
  bool reached(uint64_t ticket) const;
  uint64_t submitted() const;
  bool idle() const;

  unsigned flags() const { return flags_; }
  int priority() const { return priority_; }
  bool isLegacy() const { return legacy_; }
  /// Synchronises with the legacy stream.
  bool isBlocking() const {
    return !legacy_ && !(flags_ & cudaStreamNonBlocking);
  }

private:
  void run();

  const unsigned flags_;
  const int priority_;
  const bool legacy_;
  mutable std::mutex mu_;
  std::condition_variable workCv_;
  mutable std::condition_variable doneCv_;
  std::deque<Task> queue_;
  uint64_t submitted_ = 0;
  uint64_t completed_ = 0;
  bool stop_ = false;
  std::thread worker_;
};

class Event {
public:
  explicit Event(unsigned flags) : flags_(flags) {}

  unsigned flags() const { return flags_; }
  bool timingDisabled() const { return flags_ & cudaEventDisableTiming; }

  /// Starts a record: returns the generation the stream marker completes.
  uint64_t beginRecord();
  /// Called by the stream marker: stamps the time, wakes waiters.
  void complete(uint64_t generation);
  /// The generation of the latest cudaEventRecord (0: never recorded).
  uint64_t recordedGeneration() const;
  bool isComplete() const;
  /// Waits until generation G (0: nothing to wait for) has completed.
  void waitFor(uint64_t generation) const;
  std::chrono::steady_clock::time_point time() const;

private:
  const unsigned flags_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  uint64_t recorded_ = 0;
  uint64_t completed_ = 0;
  std::chrono::steady_clock::time_point time_{};
};

class StreamManager {
public:
  StreamManager();

  /// 0 and cudaStreamLegacy name the legacy stream, cudaStreamPerThread
  /// this thread's default stream; anything else must be a live stream.
  /// Null for an invalid handle.
  std::shared_ptr<Stream> resolve(cudaStream_t handle);
  std::shared_ptr<Stream> legacy() const { return legacy_; }

  cudaStream_t create(unsigned flags, int priority);
  /// Waits for the stream's work, then forgets it. False if not a stream.
  bool destroy(cudaStream_t handle);

  /// Queues T on S after the work S must wait for (legacy semantics).
  uint64_t enqueue(const std::shared_ptr<Stream> &s, Stream::Task task);
  /// Runs T in S's order and waits for it. When S and everything it would
  /// wait for are idle, T runs on the calling thread.
  void runSync(const std::shared_ptr<Stream> &s, Stream::Task task);
  /// cudaStreamSynchronize: all work queued on S so far (for the legacy
  /// stream, also the work of blocking streams it would wait for).
  void synchronize(const std::shared_ptr<Stream> &s);
  bool isIdle(const std::shared_ptr<Stream> &s);
  /// cudaDeviceSynchronize: all work on all streams.
  void synchronizeAll();

  cudaEvent_t createEvent(unsigned flags);
  std::shared_ptr<Event> resolveEvent(cudaEvent_t handle);
  bool destroyEvent(cudaEvent_t handle);

  /// cudaDeviceReset: synchronises, then forgets every stream and event.
  void reset();

private:
  std::vector<std::shared_ptr<Stream>> allStreamsLocked();
  std::vector<std::shared_ptr<Stream>> blockingStreamsLocked();
  bool dependenciesIdleLocked(const std::shared_ptr<Stream> &s);
  std::shared_ptr<Stream> perThreadStream();

  std::mutex mu_; // orders enqueue decisions, guards the tables
  std::shared_ptr<Stream> legacy_;
  std::unordered_map<Stream *, std::shared_ptr<Stream>> streams_;
  std::unordered_map<Stream *, std::weak_ptr<Stream>> perThread_;
  std::unordered_map<Event *, std::shared_ptr<Event>> events_;
  std::atomic<uint64_t> epoch_{1};

  friend struct PerThreadStreamHolder;
};

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_STREAMS_H

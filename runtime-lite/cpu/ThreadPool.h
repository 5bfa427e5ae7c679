//===- ThreadPool.h - Persistent workers for threadgroups -------*- C++ -*-===//
//
// A fixed set of host threads, started once per device, that share out the
// threadgroups of a launch. The launching thread works too, so a launch of
// one threadgroup never wakes anybody, and it returns as soon as every index
// is done, without waiting for helpers that woke up too late to help. Idle
// helpers spin briefly before they sleep, so that back-to-back launches
// find them awake.
// Several launches (from several host threads) may be in flight at once;
// helpers take the oldest first.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_THREADPOOL_H
#define CUMETAL_RUNTIME_CPU_THREADPOOL_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cumetal::cpu {

class ThreadPool {
public:
  /// Starts \p Workers helper threads (the caller of parallelFor is one more).
  explicit ThreadPool(unsigned Workers);
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;
  ~ThreadPool();

  /// Helper threads plus the calling thread.
  unsigned concurrency() const { return unsigned(Threads.size()) + 1; }

  /// Calls Body(I) once for every I in [0, N), on the calling thread and on
  /// idle helpers, and returns when all calls have returned. Once *Stop is
  /// true, indices not yet started are skipped.
  void parallelFor(uint64_t N, llvm::function_ref<void(uint64_t)> Body,
                   const std::atomic<bool> *Stop = nullptr);

private:
  /// One parallelFor. Shared with the helpers that join it, which may still
  /// hold it (but no longer touch Body or Stop) after parallelFor returned.
  struct Job {
    llvm::function_ref<void(uint64_t)> Body;
    uint64_t N = 0;
    uint64_t Chunk = 1;
    const std::atomic<bool> *Stop = nullptr;
    std::atomic<uint64_t> Next{0}; ///< first index not handed out
    std::atomic<uint64_t> Done{0}; ///< indices run or skipped
    unsigned HelpersWanted = 0;    ///< guarded by the pool's mutex
    std::mutex Mutex;
    std::condition_variable Finished;

    /// Runs chunks until none is left.
    void work();
    bool finished() const { return Done.load(std::memory_order_acquire) == N; }
  };

  void workerLoop();

  std::mutex Mutex;
  std::condition_variable WorkAvailable;
  std::deque<std::shared_ptr<Job>> Queue;
  /// Queue.size(), readable without the mutex by helpers that spin.
  std::atomic<size_t> QueueSize{0};
  bool Stopping = false;
  std::vector<std::thread> Threads;
};

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_THREADPOOL_H

//===- ThreadPool.cpp - Persistent workers for threadgroups ---------------===//
//
// A queue of in-flight jobs under one mutex. A job hands out indices in
// chunks through an atomic counter and counts finished ones; whoever
// finishes the last chunk wakes the launching thread, which returns without
// touching the pool again (helpers drop jobs that have nothing left). The
// launcher wakes one helper; each helper that joins wakes up to two more while
// the job still wants helpers, so that the launcher does not pay for every
// wake-up. Idle helpers spin on the queue's size for 100 us before they sleep.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/ThreadPool.h"

#include <algorithm>
#include <chrono>

namespace cumetal::cpu {

namespace {

constexpr std::chrono::microseconds kSpin(100);

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

} // namespace

ThreadPool::ThreadPool(unsigned Workers) {
  Threads.reserve(Workers);
  for (unsigned I = 0; I < Workers; ++I)
    Threads.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Stopping = true;
  }
  WorkAvailable.notify_all();
  for (std::thread &T : Threads)
    T.join();
}

void ThreadPool::Job::work() {
  while (true) {
    uint64_t Begin = Next.fetch_add(Chunk, std::memory_order_relaxed);
    if (Begin >= N)
      return; // touches nothing of the launcher's any more
    uint64_t End = std::min(N, Begin + Chunk);
    for (uint64_t I = Begin; I < End; ++I)
      if (!(Stop && Stop->load(std::memory_order_relaxed)))
        Body(I);
    uint64_t Count = End - Begin;
    if (Done.fetch_add(Count, std::memory_order_acq_rel) + Count == N) {
      std::lock_guard<std::mutex> Lock(Mutex);
      Finished.notify_all();
    }
  }
}

void ThreadPool::parallelFor(uint64_t N,
                             llvm::function_ref<void(uint64_t)> Body,
                             const std::atomic<bool> *Stop) {
  if (N == 0)
    return;
  // Chunks keep the shared counter cool for grids of many tiny
  // threadgroups, yet leave several chunks per participant for balance.
  uint64_t Chunk = std::clamp<uint64_t>(N / (concurrency() * 8), 1, 64);
  uint64_t Chunks = (N + Chunk - 1) / Chunk;
  unsigned Helpers = unsigned(std::min<uint64_t>(Threads.size(), Chunks - 1));
  if (!Helpers) {
    for (uint64_t I = 0; I < N; ++I)
      if (!(Stop && Stop->load(std::memory_order_relaxed)))
        Body(I);
    return;
  }
  auto J = std::make_shared<Job>();
  J->Body = Body;
  J->N = N;
  J->Chunk = Chunk;
  J->Stop = Stop;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    J->HelpersWanted = Helpers;
    Queue.push_back(J);
    QueueSize.store(Queue.size(), std::memory_order_release);
  }
  WorkAvailable.notify_one();
  J->work();
  // Helpers still running chunks finish them soon; spin a little before
  // sleeping.
  for (int Spin = 0; Spin < 256 && !J->finished(); ++Spin)
    cpuRelax();
  if (!J->finished()) {
    std::unique_lock<std::mutex> Lock(J->Mutex);
    J->Finished.wait(Lock, [&] { return J->finished(); });
  }
  // The job may still sit in the queue: the next helper to look drops it.
}

void ThreadPool::workerLoop() {
  std::unique_lock<std::mutex> Lock(Mutex);
  while (true) {
    if (Queue.empty() && !Stopping) {
      // Spin for a while (about kSpin) before sleeping: the next launch
      // often follows at once.
      Lock.unlock();
      auto Start = std::chrono::steady_clock::now();
      for (unsigned I = 1; QueueSize.load(std::memory_order_acquire) == 0;
           ++I) {
        cpuRelax();
        if (I % 64 == 0 && std::chrono::steady_clock::now() - Start > kSpin)
          break;
      }
      Lock.lock();
    }
    WorkAvailable.wait(Lock, [&] { return Stopping || !Queue.empty(); });
    if (Stopping)
      return;
    std::shared_ptr<Job> J = Queue.front();
    bool Over = J->Next.load(std::memory_order_relaxed) >= J->N;
    if (Over || --J->HelpersWanted == 0) {
      Queue.pop_front();
      QueueSize.store(Queue.size(), std::memory_order_relaxed);
    }
    if (Over)
      continue;
    unsigned Wake = std::min(J->HelpersWanted, 2u);
    Lock.unlock();
    for (unsigned I = 0; I < Wake; ++I)
      WorkAvailable.notify_one();
    J->work();
    J.reset();
    Lock.lock();
  }
}

} // namespace cumetal::cpu

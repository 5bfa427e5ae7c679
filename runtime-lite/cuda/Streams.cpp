//===- Streams.cpp - CUDA streams and events ----------------------------===//
//
// Stream worker threads, events, and the legacy default stream's implicit
// synchronisation (see Streams.h).
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Streams.h"

#include "runtime-lite/cuda/Runtime.h"

using namespace cumetal;
using namespace cumetal::rt;

// Stream --------------------------------------------------------------------

Stream::Stream(unsigned flags, int priority, bool legacy)
    : flags_(flags), priority_(priority), legacy_(legacy) {}

Stream::~Stream() {
  {
    std::lock_guard<std::mutex> Lock(mu_);
    stop_ = true;
  }
  workCv_.notify_all();
  if (worker_.joinable()) {
    if (worker_.get_id() == std::this_thread::get_id())
      worker_.detach();
    else
      worker_.join();
  }
}

uint64_t Stream::enqueue(Task task) {
  std::lock_guard<std::mutex> Lock(mu_);
  queue_.push_back(std::move(task));
  if (!worker_.joinable())
    worker_ = std::thread([this] { run(); });
  workCv_.notify_one();
  return ++submitted_;
}

void Stream::run() {
  std::unique_lock<std::mutex> Lock(mu_);
  for (;;) {
    workCv_.wait(Lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty())
      return; // stopping, and everything queued has run
    Task T = std::move(queue_.front());
    queue_.pop_front();
    Lock.unlock();
    T();
    T = nullptr; // release captured state before reporting completion
    Lock.lock();
    ++completed_;
    doneCv_.notify_all();
  }
}

void Stream::waitFor(uint64_t ticket) {
  {
    std::unique_lock<std::mutex> Lock(mu_);
    doneCv_.wait(Lock, [&] { return completed_ >= ticket; });
  }
  publishDeviceFaults();
}

bool Stream::reached(uint64_t ticket) const {
  std::lock_guard<std::mutex> Lock(mu_);
  return completed_ >= ticket;
}

uint64_t Stream::submitted() const {
  std::lock_guard<std::mutex> Lock(mu_);
  return submitted_;
}

bool Stream::idle() const {
  std::lock_guard<std::mutex> Lock(mu_);
  return completed_ == submitted_;
}

// Event ---------------------------------------------------------------------

uint64_t Event::beginRecord() {
  std::lock_guard<std::mutex> Lock(mu_);
  return ++recorded_;
}

void Event::complete(uint64_t generation) {
  auto Now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> Lock(mu_);
    if (generation > completed_) {
      completed_ = generation;
      time_ = Now;
    }
  }
  cv_.notify_all();
}

uint64_t Event::recordedGeneration() const {
  std::lock_guard<std::mutex> Lock(mu_);
  return recorded_;
}

bool Event::isComplete() const {
  std::lock_guard<std::mutex> Lock(mu_);
  return completed_ >= recorded_;
}

void Event::waitFor(uint64_t generation) const {
  {
    std::unique_lock<std::mutex> Lock(mu_);
    cv_.wait(Lock, [&] { return completed_ >= generation; });
  }
  publishDeviceFaults();
}

std::chrono::steady_clock::time_point Event::time() const {
  std::lock_guard<std::mutex> Lock(mu_);
  return time_;
}

// StreamManager ---------------------------------------------------------------

namespace cumetal::rt {

/// This thread's default stream (cudaStreamPerThread); leaves the
/// manager's table when the thread exits.
struct PerThreadStreamHolder {
  StreamManager *manager = nullptr;
  std::shared_ptr<Stream> stream;
  uint64_t epoch = 0;

  void drop() {
    if (!stream)
      return;
    {
      std::lock_guard<std::mutex> Lock(manager->mu_);
      manager->perThread_.erase(stream.get());
    }
    stream.reset();
  }
  ~PerThreadStreamHolder() { drop(); }
};

} // namespace cumetal::rt

namespace {
thread_local PerThreadStreamHolder PerThread;
} // namespace

StreamManager::StreamManager()
    : legacy_(std::make_shared<Stream>(cudaStreamDefault, 0, true)) {}

std::shared_ptr<Stream> StreamManager::perThreadStream() {
  uint64_t Epoch = epoch_.load();
  if (PerThread.stream && PerThread.epoch == Epoch)
    return PerThread.stream;
  if (PerThread.stream && PerThread.manager == this)
    PerThread.drop();
  auto S = std::make_shared<Stream>(cudaStreamDefault, 0, false);
  {
    std::lock_guard<std::mutex> Lock(mu_);
    perThread_[S.get()] = S;
  }
  PerThread.manager = this;
  PerThread.stream = S;
  PerThread.epoch = Epoch;
  return S;
}

std::shared_ptr<Stream> StreamManager::resolve(cudaStream_t handle) {
  if (handle == nullptr || handle == cudaStreamLegacy)
    return legacy_;
  if (handle == cudaStreamPerThread)
    return perThreadStream();
  std::lock_guard<std::mutex> Lock(mu_);
  auto It = streams_.find(reinterpret_cast<Stream *>(handle));
  return It == streams_.end() ? nullptr : It->second;
}

cudaStream_t StreamManager::create(unsigned flags, int priority) {
  auto S = std::make_shared<Stream>(flags, priority, false);
  std::lock_guard<std::mutex> Lock(mu_);
  streams_[S.get()] = S;
  return reinterpret_cast<cudaStream_t>(S.get());
}

bool StreamManager::destroy(cudaStream_t handle) {
  std::shared_ptr<Stream> S;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    auto It = streams_.find(reinterpret_cast<Stream *>(handle));
    if (It == streams_.end())
      return false;
    S = std::move(It->second);
    streams_.erase(It);
  }
  // Work already queued still runs; the worker exits once it is done.
  S->waitFor(S->submitted());
  return true;
}

std::vector<std::shared_ptr<Stream>> StreamManager::blockingStreamsLocked() {
  std::vector<std::shared_ptr<Stream>> Out;
  for (auto &KV : streams_)
    if (KV.second->isBlocking())
      Out.push_back(KV.second);
  for (auto &KV : perThread_)
    if (auto S = KV.second.lock())
      Out.push_back(std::move(S));
  return Out;
}

std::vector<std::shared_ptr<Stream>> StreamManager::allStreamsLocked() {
  std::vector<std::shared_ptr<Stream>> Out{legacy_};
  for (auto &KV : streams_)
    Out.push_back(KV.second);
  for (auto &KV : perThread_)
    if (auto S = KV.second.lock())
      Out.push_back(std::move(S));
  return Out;
}

uint64_t StreamManager::enqueue(const std::shared_ptr<Stream> &s,
                                Stream::Task task) {
  std::lock_guard<std::mutex> Lock(mu_);
  if (s->isLegacy()) {
    // Waits for everything queued so far on blocking streams.
    std::vector<std::pair<std::shared_ptr<Stream>, uint64_t>> Deps;
    for (auto &B : blockingStreamsLocked()) {
      uint64_t T = B->submitted();
      if (!B->reached(T))
        Deps.emplace_back(std::move(B), T);
    }
    if (!Deps.empty())
      task = [Deps = std::move(Deps), T = std::move(task)] {
        for (auto &D : Deps)
          D.first->waitFor(D.second);
        T();
      };
  } else if (s->isBlocking()) {
    uint64_t T = legacy_->submitted();
    if (!legacy_->reached(T))
      task = [L = legacy_, T, Inner = std::move(task)] {
        L->waitFor(T);
        Inner();
      };
  }
  return s->enqueue(std::move(task));
}

bool StreamManager::dependenciesIdleLocked(const std::shared_ptr<Stream> &s) {
  if (!s->idle())
    return false;
  if (s->isLegacy()) {
    for (auto &B : blockingStreamsLocked())
      if (!B->idle())
        return false;
  } else if (s->isBlocking() && !legacy_->idle()) {
    return false;
  }
  return true;
}

void StreamManager::runSync(const std::shared_ptr<Stream> &s,
                            Stream::Task task) {
  uint64_t Ticket;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    if (dependenciesIdleLocked(s)) {
      // Nothing to order against; holding the lock keeps new work on
      // streams that would wait for this one from overtaking it.
      publishDeviceFaults();
      task();
      return;
    }
  }
  Ticket = enqueue(s, std::move(task));
  s->waitFor(Ticket);
}

void StreamManager::synchronize(const std::shared_ptr<Stream> &s) {
  std::vector<std::pair<std::shared_ptr<Stream>, uint64_t>> Waits;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    Waits.emplace_back(s, s->submitted());
    if (s->isLegacy())
      for (auto &B : blockingStreamsLocked()) {
        uint64_t T = B->submitted();
        Waits.emplace_back(std::move(B), T);
      }
  }
  for (auto &W : Waits)
    W.first->waitFor(W.second);
}

bool StreamManager::isIdle(const std::shared_ptr<Stream> &s) {
  return s->idle();
}

void StreamManager::synchronizeAll() {
  std::vector<std::pair<std::shared_ptr<Stream>, uint64_t>> Waits;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    for (auto &S : allStreamsLocked()) {
      uint64_t T = S->submitted();
      Waits.emplace_back(std::move(S), T);
    }
  }
  for (auto &W : Waits)
    W.first->waitFor(W.second);
}

cudaEvent_t StreamManager::createEvent(unsigned flags) {
  auto E = std::make_shared<Event>(flags);
  std::lock_guard<std::mutex> Lock(mu_);
  events_[E.get()] = E;
  return reinterpret_cast<cudaEvent_t>(E.get());
}

std::shared_ptr<Event> StreamManager::resolveEvent(cudaEvent_t handle) {
  std::lock_guard<std::mutex> Lock(mu_);
  auto It = events_.find(reinterpret_cast<Event *>(handle));
  return It == events_.end() ? nullptr : It->second;
}

bool StreamManager::destroyEvent(cudaEvent_t handle) {
  std::lock_guard<std::mutex> Lock(mu_);
  return events_.erase(reinterpret_cast<Event *>(handle)) != 0;
}

void StreamManager::reset() {
  synchronizeAll();
  std::unordered_map<Stream *, std::shared_ptr<Stream>> Streams;
  std::unordered_map<Event *, std::shared_ptr<Event>> Events;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    Streams.swap(streams_);
    Events.swap(events_);
    ++epoch_; // per-thread default streams are created afresh
  }
}

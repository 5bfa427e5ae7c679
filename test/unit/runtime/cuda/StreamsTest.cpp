//===- StreamsTest.cpp - streams, events and callbacks --------------------===//
//
// In-order execution per stream, asynchrony (queries see pending work),
// the legacy default stream's implicit synchronisation with blocking
// streams (and non-blocking streams' exemption), events across streams,
// event timing and its documented errors, host callbacks.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda_runtime.h"

#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <mutex>
#include <thread>
#include <vector>

using namespace cumetal;
using namespace cumetal::test;

namespace {

/// A host function that blocks its stream until opened.
struct Gate {
  std::atomic<bool> open{false};
  static void wait(void *g) {
    while (!static_cast<Gate *>(g)->open.load())
      std::this_thread::yield();
  }
  void block(cudaStream_t s) {
    ASSERT_EQ(cudaLaunchHostFunc(s, wait, this), cudaSuccess);
  }
};

/// Host functions appending to a log.
struct Log {
  std::mutex mu;
  std::vector<int> items;
  struct Item {
    Log *log;
    int value;
  };
  std::vector<std::unique_ptr<Item>> pending;
  static void append(void *p) {
    Item *I = static_cast<Item *>(p);
    std::lock_guard<std::mutex> Lock(I->log->mu);
    I->log->items.push_back(I->value);
  }
  void add(cudaStream_t s, int v) {
    pending.push_back(std::make_unique<Item>(Item{this, v}));
    ASSERT_EQ(cudaLaunchHostFunc(s, append, pending.back().get()), cudaSuccess);
  }
  std::vector<int> get() {
    std::lock_guard<std::mutex> Lock(mu);
    return items;
  }
};

const char StubK = 0;

class StreamsTest : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    metallib::Envelope E;
    E.kernels.push_back(kernel("k", {{0, 4, 4}}, 8));
    registerModule(E).function(&StubK, "k");
  }
  cudaError_t launch(int tag, cudaStream_t s) {
    void *Args[] = {&tag};
    return cudaLaunchKernel(&StubK, 1, 1, Args, 0, s);
  }
};

TEST_F(StreamsTest, QueryAndSynchronize) {
  cudaStream_t S;
  ASSERT_EQ(cudaStreamCreate(&S), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(S), cudaSuccess);
  Gate G;
  G.block(S);
  ASSERT_EQ(launch(1, S), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(S), cudaErrorNotReady);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess); // not an error
  EXPECT_TRUE(dev->launches().empty());
  G.open = true;
  EXPECT_EQ(cudaStreamSynchronize(S), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(S), cudaSuccess);
  EXPECT_EQ(dev->launches().size(), 1u);
  EXPECT_EQ(cudaStreamDestroy(S), cudaSuccess);
  EXPECT_EQ(cudaStreamDestroy(S), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaStreamQuery(S), cudaErrorInvalidResourceHandle);
}

TEST_F(StreamsTest, InOrderPerStream) {
  cudaStream_t A, B;
  ASSERT_EQ(cudaStreamCreate(&A), cudaSuccess);
  ASSERT_EQ(cudaStreamCreate(&B), cudaSuccess);
  Log L;
  Gate G;
  G.block(A);
  for (int I = 0; I < 5; ++I)
    L.add(A, I);
  L.add(B, 100); // B is not held up by A
  ASSERT_EQ(cudaStreamSynchronize(B), cudaSuccess);
  EXPECT_EQ(L.get(), std::vector<int>{100});
  G.open = true;
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(L.get(), (std::vector<int>{100, 0, 1, 2, 3, 4}));
  cudaStreamDestroy(A);
  cudaStreamDestroy(B);
}

TEST_F(StreamsTest, LegacyStreamSynchronisesWithBlockingStreams) {
  cudaStream_t Blocking, NonBlocking;
  ASSERT_EQ(cudaStreamCreate(&Blocking), cudaSuccess);
  ASSERT_EQ(cudaStreamCreateWithFlags(&NonBlocking, cudaStreamNonBlocking),
            cudaSuccess);
  unsigned Flags = 7;
  ASSERT_EQ(cudaStreamGetFlags(NonBlocking, &Flags), cudaSuccess);
  EXPECT_EQ(Flags, unsigned(cudaStreamNonBlocking));
  Log L;
  Gate G;
  G.block(Blocking);
  L.add(Blocking, 1);
  L.add(nullptr, 2);     // waits for Blocking's work
  L.add(Blocking, 3);    // waits for the legacy stream's work
  L.add(NonBlocking, 4); // exempt
  ASSERT_EQ(cudaStreamSynchronize(NonBlocking), cudaSuccess);
  EXPECT_EQ(L.get(), std::vector<int>{4});
  G.open = true;
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(L.get(), (std::vector<int>{4, 1, 2, 3}));

  // The per-thread default stream is a blocking stream too.
  Gate G2;
  G2.block(cudaStreamPerThread);
  L.add(cudaStreamLegacy, 5);
  EXPECT_EQ(cudaStreamQuery(cudaStreamLegacy), cudaErrorNotReady);
  G2.open = true;
  ASSERT_EQ(cudaStreamSynchronize(nullptr), cudaSuccess);
  EXPECT_EQ(L.get().back(), 5);
  cudaStreamDestroy(Blocking);
  cudaStreamDestroy(NonBlocking);
}

TEST_F(StreamsTest, SynchronousCopyWaitsForLegacyWork) {
  int *D;
  ASSERT_EQ(cudaMalloc(&D, 4), cudaSuccess);
  cudaStream_t S;
  ASSERT_EQ(cudaStreamCreate(&S), cudaSuccess);
  Gate G;
  G.block(S);
  int One = 1;
  ASSERT_EQ(cudaMemcpyAsync(D, &One, 4, cudaMemcpyHostToDevice, S),
            cudaSuccess);
  std::thread Opener([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    G.open = true;
  });
  int Out = 0;
  // cudaMemcpy is on the legacy stream: it waits for S's copy.
  ASSERT_EQ(cudaMemcpy(&Out, D, 4, cudaMemcpyDeviceToHost), cudaSuccess);
  EXPECT_EQ(Out, 1);
  Opener.join();
  cudaStreamDestroy(S);
  cudaFree(D);
}

TEST_F(StreamsTest, EventsOrderStreams) {
  cudaStream_t A, B;
  ASSERT_EQ(cudaStreamCreateWithFlags(&A, cudaStreamNonBlocking), cudaSuccess);
  ASSERT_EQ(cudaStreamCreateWithFlags(&B, cudaStreamNonBlocking), cudaSuccess);
  cudaEvent_t E;
  ASSERT_EQ(cudaEventCreateWithFlags(&E, cudaEventDisableTiming), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(E), cudaSuccess); // never recorded
  EXPECT_EQ(cudaEventSynchronize(E), cudaSuccess);
  Log L;
  Gate G;
  G.block(A);
  L.add(A, 1);
  ASSERT_EQ(cudaEventRecord(E, A), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(E), cudaErrorNotReady);
  ASSERT_EQ(cudaStreamWaitEvent(B, E, 0), cudaSuccess);
  L.add(B, 2);
  ASSERT_EQ(cudaEventRecord(E, A), cudaSuccess); // re-record: B unaffected
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(L.get().empty());
  G.open = true;
  ASSERT_EQ(cudaStreamSynchronize(B), cudaSuccess);
  EXPECT_EQ(L.get(), (std::vector<int>{1, 2}));
  ASSERT_EQ(cudaEventSynchronize(E), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(E), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(E), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(E), cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaStreamWaitEvent(B, E, 0), cudaErrorInvalidResourceHandle);
  cudaStreamDestroy(A);
  cudaStreamDestroy(B);
}

TEST_F(StreamsTest, EventTiming) {
  cudaEvent_t Start, Stop, NoTiming, Never;
  ASSERT_EQ(cudaEventCreate(&Start), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&Stop), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&Never), cudaSuccess);
  ASSERT_EQ(cudaEventCreate(&NoTiming, cudaEventDisableTiming), cudaSuccess);
  float Ms = -1;
  EXPECT_EQ(cudaEventElapsedTime(&Ms, Start, Never),
            cudaErrorInvalidResourceHandle);

  Gate G;
  ASSERT_EQ(cudaEventRecord(Start, nullptr), cudaSuccess);
  G.block(nullptr);
  ASSERT_EQ(cudaEventRecord(Stop, nullptr), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(NoTiming, nullptr), cudaSuccess);
  EXPECT_EQ(cudaEventElapsedTime(&Ms, Start, Stop), cudaErrorNotReady);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  G.open = true;
  ASSERT_EQ(cudaEventSynchronize(Stop), cudaSuccess);
  ASSERT_EQ(cudaEventElapsedTime(&Ms, Start, Stop), cudaSuccess);
  EXPECT_GE(Ms, 25.0f);
  EXPECT_LT(Ms, 5000.0f);
  float Back;
  ASSERT_EQ(cudaEventElapsedTime(&Back, Stop, Start), cudaSuccess);
  EXPECT_FLOAT_EQ(Back, -Ms);
  ASSERT_EQ(cudaEventSynchronize(NoTiming), cudaSuccess);
  EXPECT_EQ(cudaEventElapsedTime(&Ms, Start, NoTiming),
            cudaErrorInvalidResourceHandle);
  EXPECT_EQ(cudaEventElapsedTime(nullptr, Start, Stop), cudaErrorInvalidValue);
  for (cudaEvent_t E : {Start, Stop, NoTiming, Never})
    cudaEventDestroy(E);
}

TEST_F(StreamsTest, CallbacksSeeErrorsAndRunInOrder) {
  struct Seen {
    std::vector<cudaError_t> statuses;
    std::vector<cudaStream_t> streams;
  } S;
  auto Callback = [](cudaStream_t st, cudaError_t status, void *p) {
    static_cast<Seen *>(p)->statuses.push_back(status);
    static_cast<Seen *>(p)->streams.push_back(st);
  };
  cudaStream_t Str;
  ASSERT_EQ(cudaStreamCreate(&Str), cudaSuccess);
  ASSERT_EQ(cudaStreamAddCallback(Str, Callback, &S, 0), cudaSuccess);
  EXPECT_EQ(cudaStreamAddCallback(Str, Callback, &S, 1), cudaErrorInvalidValue);
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &) {
    return device::Status::error(device::Fault::IllegalAddress, "");
  };
  ASSERT_EQ(launch(0, Str), cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize(Str), cudaErrorIllegalAddress);
  ASSERT_EQ(S.statuses.size(), 1u);
  EXPECT_EQ(S.statuses[0], cudaSuccess);
  EXPECT_EQ(S.streams[0], Str);
  // Once the context has failed, no new work is accepted.
  EXPECT_EQ(cudaStreamAddCallback(Str, Callback, &S, 0),
            cudaErrorIllegalAddress);
  EXPECT_EQ(cudaStreamCreate(&Str), cudaErrorIllegalAddress);
}

TEST_F(StreamsTest, LaunchesRunAsynchronously) {
  std::atomic<int> Running{0};
  dev->onLaunch = [&](const std::string &, const device::LaunchConfig &) {
    Running = 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    Running = 2;
    return device::Status::ok();
  };
  auto T0 = std::chrono::steady_clock::now();
  ASSERT_EQ(launch(0, nullptr), cudaSuccess);
  auto Dt = std::chrono::steady_clock::now() - T0;
  EXPECT_LT(Dt, std::chrono::milliseconds(25));
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(Running.load(), 2);
}

TEST_F(StreamsTest, PriorityAndPerThreadStreams) {
  int Least, Greatest;
  ASSERT_EQ(cudaDeviceGetStreamPriorityRange(&Least, &Greatest), cudaSuccess);
  EXPECT_EQ(Least, 0);
  EXPECT_EQ(Greatest, -1);
  cudaStream_t S;
  ASSERT_EQ(cudaStreamCreateWithPriority(&S, cudaStreamDefault, -5),
            cudaSuccess);
  int P = 0;
  ASSERT_EQ(cudaStreamGetPriority(S, &P), cudaSuccess);
  EXPECT_EQ(P, -1);
  cudaStreamDestroy(S);

  // Each host thread has its own per-thread default stream.
  Gate G;
  G.block(cudaStreamPerThread);
  std::thread Other([&] {
    Log L;
    L.add(cudaStreamPerThread, 1);
    EXPECT_EQ(cudaStreamSynchronize(cudaStreamPerThread), cudaSuccess);
    EXPECT_EQ(L.get(), std::vector<int>{1});
  });
  Other.join();
  EXPECT_EQ(cudaStreamQuery(cudaStreamPerThread), cudaErrorNotReady);
  G.open = true;
  EXPECT_EQ(cudaStreamSynchronize(cudaStreamPerThread), cudaSuccess);
}

} // namespace

//===- LaunchTest.cpp - launches: marshalling, bindings, attributes -------===//
//
// The exact parameter block the device receives for a kernel with int,
// double, pointer and 12-byte struct parameters, through every launch path
// (cudaLaunchKernel, Clang's <<<>>> protocol, the pre-9.2 protocol); the
// buffers bound per docs/abi.md §3, the atomic lock table among them;
// function attributes and occupancy.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda_runtime.h"

#include <algorithm>
#include <cstring>
#include <gtest/gtest.h>

using namespace cumetal;
using namespace cumetal::test;

namespace {

struct Triple {
  int a, b, c;
};

// __global__ void mixed(int i, double d, float *p, Triple t): the
// parameter block as CUDA's .param space lays it out.
const char StubMixed = 0;
const char StubShared = 0;
const char StubLocked = 0;
int GlobalShadow;

class LaunchTest : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    metallib::Envelope E;
    E.kernels.push_back(kernel("_Z5mixedidPf6Triple",
                               {{0, 4, 4}, {8, 8, 8}, {16, 8, 8}, {24, 12, 4}},
                               40, {0, 1}));
    E.kernels.push_back(
        kernel("_Z6sharedv", {}, 8, {0, 1, 3}, /*staticShared=*/1024, 512));
    // A kernel with emulated 64-bit atomics on device memory.
    E.kernels.push_back(kernel("_Z6lockedv", {}, 8, {0, 4}));
    metallib::EnvelopeGlobal G;
    G.name = "g";
    G.size = 4;
    G.align = 4;
    E.globals.push_back(G);
    E.deviceGlobalsSize = 16;
    RegisteredModule &M = registerModule(E);
    M.function(&StubMixed, "_Z5mixedidPf6Triple");
    M.function(&StubShared, "_Z6sharedv");
    M.function(&StubLocked, "_Z6lockedv");
    M.variable(&GlobalShadow, "g", 4, false);
    M.end();
  }

  std::vector<uint8_t> expectedBlock() {
    std::vector<uint8_t> B(40, 0);
    std::memcpy(&B[0], &I, 4);
    std::memcpy(&B[8], &D, 8);
    std::memcpy(&B[16], &P, 8);
    std::memcpy(&B[24], &T, 12);
    return B;
  }

  int I = -7;
  double D = 2.5;
  float *P = reinterpret_cast<float *>(0x123456789aULL);
  Triple T{1, 2, 3};
};

TEST_F(LaunchTest, ParameterBlockBytes) {
  void *Args[] = {&I, &D, &P, &T};
  ASSERT_EQ(
      cudaLaunchKernel(&StubMixed, dim3(3, 2), dim3(64), Args, 128, nullptr),
      cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  auto L = dev->launches();
  ASSERT_EQ(L.size(), 1u);
  EXPECT_EQ(L[0].kernel, "_Z5mixedidPf6Triple");
  EXPECT_EQ(L[0].params, expectedBlock());
  EXPECT_EQ(L[0].config.grid.x, 3u);
  EXPECT_EQ(L[0].config.grid.y, 2u);
  EXPECT_EQ(L[0].config.grid.z, 1u);
  EXPECT_EQ(L[0].config.block.x, 64u);
  EXPECT_EQ(L[0].config.threadgroupLengths[0], 128u);
}

TEST_F(LaunchTest, ArgumentsAreCopiedAtLaunch) {
  void *Args[] = {&I, &D, &P, &T};
  // Keep the launch queued behind a host function while we change I.
  std::atomic<bool> Go{false};
  cudaLaunchHostFunc(
      nullptr,
      [](void *G) {
        while (!static_cast<std::atomic<bool> *>(G)->load())
          ;
      },
      &Go);
  ASSERT_EQ(cudaLaunchKernel(&StubMixed, 1, 1, Args, 0, nullptr), cudaSuccess);
  std::vector<uint8_t> Want = expectedBlock();
  I = 99;
  Go = true;
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(dev->launches().at(0).params, Want);
}

TEST_F(LaunchTest, TripleChevronProtocol) {
  // What Clang emits for mixed<<<dim3(2), dim3(32), 0, 0>>>(I, D, P, T).
  ASSERT_EQ(__cudaPushCallConfiguration(dim3(2), dim3(32), 0, nullptr), 0u);
  dim3 G, B;
  size_t Shmem;
  cudaStream_t S;
  ASSERT_EQ(__cudaPopCallConfiguration(&G, &B, &Shmem, &S), cudaSuccess);
  EXPECT_EQ(G.x, 2u);
  EXPECT_EQ(B.x, 32u);
  void *Args[] = {&I, &D, &P, &T};
  ASSERT_EQ(cudaLaunchKernel(&StubMixed, G, B, Args, Shmem, S), cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(dev->launches().at(0).params, expectedBlock());
  // A pop without a push fails the launch it feeds.
  EXPECT_EQ(__cudaPopCallConfiguration(&G, &B, &Shmem, &S),
            cudaErrorMissingConfiguration);
  EXPECT_EQ(cudaLaunchKernel(&StubMixed, G, B, Args, Shmem, S),
            cudaErrorInvalidValue);
}

TEST_F(LaunchTest, LegacyLaunchProtocol) {
  ASSERT_EQ(cudaConfigureCall(dim3(1), dim3(8)), cudaSuccess);
  ASSERT_EQ(cudaSetupArgument(&I, 4, 0), cudaSuccess);
  ASSERT_EQ(cudaSetupArgument(&D, 8, 8), cudaSuccess);
  ASSERT_EQ(cudaSetupArgument(&P, 8, 16), cudaSuccess);
  ASSERT_EQ(cudaSetupArgument(&T, 12, 24), cudaSuccess);
  ASSERT_EQ(cudaLaunch(&StubMixed), cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(dev->launches().at(0).params, expectedBlock());
  EXPECT_EQ(cudaLaunch(&StubMixed), cudaErrorMissingConfiguration);
}

TEST_F(LaunchTest, MissingArguments) {
  EXPECT_EQ(cudaLaunchKernel(&StubMixed, 1, 1, nullptr, 0, nullptr),
            cudaErrorInvalidValue);
}

TEST_F(LaunchTest, BindingsFollowTheAbi) {
  // The kernel reads g; the host wrote it through cudaMemcpyToSymbol.
  int V = 1234;
  ASSERT_EQ(cudaMemcpyToSymbol(GlobalShadow, &V, sizeof(V)), cudaSuccess);
  void *GAddr;
  ASSERT_EQ(cudaGetSymbolAddress(&GAddr, GlobalShadow), cudaSuccess);
  int Seen = 0;
  dev->onLaunch = [&](const std::string &, const device::LaunchConfig &C) {
    std::memcpy(&Seen, C.buffers[1].data, 4);
    return device::Status::ok();
  };
  ASSERT_EQ(cudaLaunchKernel(&StubShared, 1, 1, nullptr, 0, nullptr),
            cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(Seen, 1234);
  auto L = dev->launches().at(0);
  EXPECT_EQ(L.config.buffers[1].data, GAddr);
  EXPECT_GE(L.config.buffers[1].length, 16u);
  EXPECT_NE(L.config.buffers[3].data, nullptr);
  EXPECT_EQ(L.config.buffers[2].data, nullptr); // no printf in this kernel
  EXPECT_EQ(L.params.size(), 8u);               // block at least 8 bytes
}

TEST_F(LaunchTest, AtomicLockTable) {
  // Kernels whose manifest lists buffer 4 get the device's lock table:
  // zeroed, one for all launches, released (and so cleared of locks a
  // faulting kernel left taken) by cudaDeviceReset.
  std::vector<bool> Zeroed;
  dev->onLaunch = [&](const std::string &, const device::LaunchConfig &C) {
    auto *Words = static_cast<uint32_t *>(C.buffers[4].data);
    if (Words) {
      Zeroed.push_back(std::all_of(Words, Words + metallib::kAtomicLockCount,
                                   [](uint32_t W) { return W == 0; }));
      Words[9] = 1; // a lock left taken
    }
    return device::Status::ok();
  };
  ASSERT_EQ(cudaLaunchKernel(&StubLocked, 2, 32, nullptr, 0, nullptr),
            cudaSuccess);
  ASSERT_EQ(cudaLaunchKernel(&StubShared, 1, 1, nullptr, 0, nullptr),
            cudaSuccess);
  ASSERT_EQ(cudaLaunchKernel(&StubLocked, 1, 1, nullptr, 0, nullptr),
            cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  auto L = dev->launches();
  ASSERT_EQ(L.size(), 3u);
  EXPECT_NE(L[0].config.buffers[4].data, nullptr);
  EXPECT_EQ(L[0].config.buffers[4].length,
            metallib::kAtomicLockCount * sizeof(uint32_t));
  EXPECT_EQ(L[1].config.buffers[4].data, nullptr); // binds no lock table
  EXPECT_EQ(L[2].config.buffers[4].data, L[0].config.buffers[4].data);
  EXPECT_EQ(Zeroed, (std::vector<bool>{true, false}));

  ASSERT_EQ(cudaDeviceReset(), cudaSuccess);
  EXPECT_EQ(dev->liveAllocations(), 0u);
  ASSERT_EQ(cudaLaunchKernel(&StubLocked, 1, 1, nullptr, 0, nullptr),
            cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(Zeroed, (std::vector<bool>{true, false, true}));
}

TEST_F(LaunchTest, FunctionAttributes) {
  cudaFuncAttributes A;
  ASSERT_EQ(cudaFuncGetAttributes(&A, &StubShared), cudaSuccess);
  EXPECT_EQ(A.sharedSizeBytes, 1024u);
  EXPECT_EQ(A.maxThreadsPerBlock, 512);
  EXPECT_EQ(A.numRegs, 0);
  EXPECT_EQ(A.localSizeBytes, 0u);
  EXPECT_EQ(A.maxDynamicSharedSizeBytes, 32 * 1024 - 1024);
  EXPECT_EQ(A.binaryVersion, 80);

  // Static shared memory counts against the 32 KiB.
  EXPECT_EQ(cudaLaunchKernel(&StubShared, 1, 1, nullptr, 31 * 1024, nullptr),
            cudaSuccess);
  EXPECT_EQ(
      cudaLaunchKernel(&StubShared, 1, 1, nullptr, 31 * 1024 + 1, nullptr),
      cudaErrorInvalidValue);
  EXPECT_EQ(cudaFuncSetAttribute(&StubShared,
                                 cudaFuncAttributeMaxDynamicSharedMemorySize,
                                 31 * 1024 + 1),
            cudaErrorInvalidValue);
  EXPECT_EQ(cudaFuncSetAttribute(
                &StubShared, cudaFuncAttributeMaxDynamicSharedMemorySize, 4096),
            cudaSuccess);
  EXPECT_EQ(cudaLaunchKernel(&StubShared, 1, 1, nullptr, 4097, nullptr),
            cudaErrorInvalidValue);
  ASSERT_EQ(cudaFuncGetAttributes(&A, &StubShared), cudaSuccess);
  EXPECT_EQ(A.maxDynamicSharedSizeBytes, 4096);
  EXPECT_EQ(cudaFuncSetCacheConfig(&StubShared, cudaFuncCachePreferShared),
            cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
}

TEST_F(LaunchTest, Occupancy) {
  int Blocks = -1;
  ASSERT_EQ(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&Blocks, &StubMixed,
                                                          256, 0),
            cudaSuccess);
  EXPECT_EQ(Blocks, 8); // 2048 threads per multiprocessor
  ASSERT_EQ(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&Blocks, &StubMixed, 32, 0),
      cudaSuccess);
  EXPECT_EQ(Blocks, 32); // 32 blocks per multiprocessor
  ASSERT_EQ(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&Blocks, &StubMixed,
                                                          64, 16 * 1024),
            cudaSuccess);
  EXPECT_EQ(Blocks, 2); // 32 KiB of shared memory per multiprocessor
  ASSERT_EQ(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&Blocks, &StubShared,
                                                          1024, 0),
            cudaSuccess);
  EXPECT_EQ(Blocks, 0); // above its launch bounds

  // The C++ templates of cuda_runtime.h on a function pointer.
  void (*Kernel)() =
      reinterpret_cast<void (*)()>(const_cast<char *>(&StubMixed));
  int MinGrid = 0, BlockSize = 0;
  ASSERT_EQ(cudaOccupancyMaxPotentialBlockSize(&MinGrid, &BlockSize, Kernel),
            cudaSuccess);
  EXPECT_EQ(BlockSize, 1024);
  EXPECT_EQ(MinGrid, 2 * 4); // two blocks on each of 4 multiprocessors
  ASSERT_EQ(
      cudaOccupancyMaxPotentialBlockSize(&MinGrid, &BlockSize, Kernel, 0, 100),
      cudaSuccess);
  EXPECT_EQ(BlockSize, 64); // 32 blocks of 64 fill a multiprocessor
  size_t Dyn = 0;
  ASSERT_EQ(
      cudaOccupancyAvailableDynamicSMemPerBlock(&Dyn, &StubShared, 2, 256),
      cudaSuccess);
  EXPECT_EQ(Dyn, 16u * 1024 - 1024);
}

TEST_F(LaunchTest, InvalidStreamHandle) {
  void *Args[] = {&I, &D, &P, &T};
  int NotAStream;
  EXPECT_EQ(cudaLaunchKernel(&StubMixed, 1, 1, Args, 0,
                             reinterpret_cast<cudaStream_t>(&NotAStream)),
            cudaErrorInvalidResourceHandle);
}

} // namespace

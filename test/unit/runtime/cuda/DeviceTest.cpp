//===- DeviceTest.cpp - device management ---------------------------------===//
//
// Device count, properties, attributes, limits and versions as the runtime
// reports them for its backends.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda_runtime.h"

#include <gtest/gtest.h>

using namespace cumetal;
using namespace cumetal::test;

namespace {

using DeviceTest = RuntimeTest;

TEST_F(DeviceTest, OneDevice) {
  int N = 0;
  ASSERT_EQ(cudaGetDeviceCount(&N), cudaSuccess);
  EXPECT_EQ(N, 1);
  EXPECT_EQ(cudaSetDevice(0), cudaSuccess);
  EXPECT_EQ(cudaSetDevice(1), cudaErrorInvalidDevice);
  int D = -1;
  ASSERT_EQ(cudaGetDevice(&D), cudaSuccess);
  EXPECT_EQ(D, 0);
  cudaDeviceProp Want = {};
  Want.major = 7;
  ASSERT_EQ(cudaChooseDevice(&D, &Want), cudaSuccess);
  EXPECT_EQ(D, 0);
}

TEST_F(DeviceTest, Properties) {
  cudaDeviceProp P;
  ASSERT_EQ(cudaGetDeviceProperties(&P, 0), cudaSuccess);
  EXPECT_STREQ(P.name, "cumetal fake device");
  EXPECT_EQ(P.totalGlobalMem, size_t(1) << 30);
  EXPECT_EQ(P.multiProcessorCount, 4);
  EXPECT_EQ(P.warpSize, 32);
  EXPECT_EQ(P.maxThreadsPerBlock, 1024);
  EXPECT_EQ(P.maxThreadsDim[0], 1024);
  EXPECT_EQ(P.maxThreadsDim[2], 64);
  EXPECT_EQ(P.maxGridSize[0], 2147483647);
  EXPECT_EQ(P.maxGridSize[1], 65535);
  EXPECT_EQ(P.sharedMemPerBlock, 32768u);
  EXPECT_EQ(P.major, 8);
  EXPECT_EQ(P.minor, 0);
  EXPECT_EQ(P.unifiedAddressing, 1);
  EXPECT_EQ(P.managedMemory, 1);
  EXPECT_EQ(P.concurrentManagedAccess, 1);
  EXPECT_EQ(cudaGetDeviceProperties(&P, 1), cudaErrorInvalidDevice);

  int V = 0;
  ASSERT_EQ(cudaDeviceGetAttribute(&V, cudaDevAttrComputeCapabilityMajor, 0),
            cudaSuccess);
  EXPECT_EQ(V, 8);
  ASSERT_EQ(cudaDeviceGetAttribute(&V, cudaDevAttrMultiProcessorCount, 0),
            cudaSuccess);
  EXPECT_EQ(V, 4);
  ASSERT_EQ(cudaDeviceGetAttribute(&V, cudaDevAttrMaxSharedMemoryPerBlock, 0),
            cudaSuccess);
  EXPECT_EQ(V, 32768);
  ASSERT_EQ(cudaDeviceGetAttribute(&V, cudaDevAttrWarpSize, 0), cudaSuccess);
  EXPECT_EQ(V, 32);
  EXPECT_EQ(cudaDeviceGetAttribute(&V, static_cast<cudaDeviceAttr>(100000), 0),
            cudaErrorInvalidValue);
  EXPECT_EQ(cudaDeviceGetAttribute(&V, cudaDevAttrWarpSize, 2),
            cudaErrorInvalidDevice);
}

TEST_F(DeviceTest, LimitsVersionsFlags) {
  size_t V = 0;
  ASSERT_EQ(cudaDeviceGetLimit(&V, cudaLimitPrintfFifoSize), cudaSuccess);
  EXPECT_EQ(V, 1u << 20);
  ASSERT_EQ(cudaDeviceSetLimit(cudaLimitStackSize, 4096), cudaSuccess);
  ASSERT_EQ(cudaDeviceGetLimit(&V, cudaLimitStackSize), cudaSuccess);
  EXPECT_EQ(V, 4096u);
  EXPECT_EQ(cudaDeviceSetLimit(static_cast<cudaLimit>(99), 1),
            cudaErrorUnsupportedLimit);
  ASSERT_EQ(cudaDeviceReset(), cudaSuccess);
  ASSERT_EQ(cudaDeviceGetLimit(&V, cudaLimitStackSize), cudaSuccess);
  EXPECT_EQ(V, 1024u);

  int Version = 0;
  ASSERT_EQ(cudaRuntimeGetVersion(&Version), cudaSuccess);
  EXPECT_EQ(Version, CUDART_VERSION);
  ASSERT_EQ(cudaDriverGetVersion(&Version), cudaSuccess);
  EXPECT_EQ(Version, 12000);

  ASSERT_EQ(cudaSetDeviceFlags(cudaDeviceScheduleBlockingSync), cudaSuccess);
  unsigned Flags = 0;
  ASSERT_EQ(cudaGetDeviceFlags(&Flags), cudaSuccess);
  EXPECT_EQ(Flags & cudaDeviceScheduleMask,
            unsigned(cudaDeviceScheduleBlockingSync));
  EXPECT_EQ(cudaSetDeviceFlags(0x1000), cudaErrorInvalidValue);
}

TEST(NoBackend, NoDevice) {
  // With no device installed and (in this test binary) no backend
  // compiled in or selectable, the runtime reports no device.
  setenv("CUMETAL_BACKEND", "metal-on-linux", 1);
  rt::setDeviceForTesting(nullptr);
  testing::internal::CaptureStderr();
  int N = 5;
  EXPECT_EQ(cudaGetDeviceCount(&N), cudaErrorNoDevice);
  EXPECT_EQ(N, 0);
  void *P;
  EXPECT_EQ(cudaMalloc(&P, 4), cudaErrorNoDevice);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("metal-on-linux"),
            std::string::npos);
  unsetenv("CUMETAL_BACKEND");
  rt::setDeviceForTesting(nullptr);
}

} // namespace

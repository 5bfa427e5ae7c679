//===- ErrorsTest.cpp - CUDA error semantics of the runtime layer --------===//
//
// Error codes, names and strings; what cudaGetLastError returns and clears;
// sticky errors from device faults poisoning later calls until
// cudaDeviceReset; non-sticky launch-time errors.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda_runtime.h"

#include <gtest/gtest.h>

using namespace cumetal;
using namespace cumetal::test;

static_assert(
    cudaSuccess == 0 && cudaErrorInvalidValue == 1 &&
        cudaErrorMemoryAllocation == 2 && cudaErrorInitializationError == 3 &&
        cudaErrorInvalidConfiguration == 9 && cudaErrorInvalidSymbol == 13 &&
        cudaErrorInvalidDevicePointer == 17 &&
        cudaErrorInvalidMemcpyDirection == 21 &&
        cudaErrorInvalidDeviceFunction == 98 && cudaErrorNoDevice == 100 &&
        cudaErrorInvalidDevice == 101 && cudaErrorInvalidKernelImage == 200 &&
        cudaErrorInvalidResourceHandle == 400 && cudaErrorNotReady == 600 &&
        cudaErrorIllegalAddress == 700 &&
        cudaErrorLaunchOutOfResources == 701 && cudaErrorLaunchTimeout == 702 &&
        cudaErrorAssert == 710 && cudaErrorMisalignedAddress == 716 &&
        cudaErrorLaunchFailure == 719 && cudaErrorNotSupported == 801 &&
        cudaErrorUnknown == 999,
    "documented cudaError_t values");

namespace {

const char StubK = 0;

class ErrorsTest : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    metallib::Envelope E;
    E.kernels.push_back(kernel("k", {}, 8, {0}, 0, 256));
    registerModule(E).function(&StubK, "k");
  }
  cudaError_t launchK(dim3 grid = 1, dim3 block = 1, size_t shmem = 0) {
    return cudaLaunchKernel(&StubK, grid, block, nullptr, shmem, nullptr);
  }
};

TEST(ErrorStrings, DocumentedNamesAndStrings) {
  struct {
    cudaError_t e;
    const char *name, *text;
  } Cases[] = {
      {cudaSuccess, "cudaSuccess", "no error"},
      {cudaErrorInvalidValue, "cudaErrorInvalidValue", "invalid argument"},
      {cudaErrorMemoryAllocation, "cudaErrorMemoryAllocation", "out of memory"},
      {cudaErrorInvalidConfiguration, "cudaErrorInvalidConfiguration",
       "invalid configuration argument"},
      {cudaErrorIllegalAddress, "cudaErrorIllegalAddress",
       "an illegal memory access was encountered"},
      {cudaErrorAssert, "cudaErrorAssert", "device-side assert triggered"},
      {cudaErrorLaunchFailure, "cudaErrorLaunchFailure",
       "unspecified launch failure"},
      {cudaErrorInvalidResourceHandle, "cudaErrorInvalidResourceHandle",
       "invalid resource handle"},
      {cudaErrorNotReady, "cudaErrorNotReady", "device not ready"},
      {cudaErrorInvalidDeviceFunction, "cudaErrorInvalidDeviceFunction",
       "invalid device function"},
      {cudaErrorLaunchOutOfResources, "cudaErrorLaunchOutOfResources",
       "too many resources requested for launch"},
      {cudaErrorMisalignedAddress, "cudaErrorMisalignedAddress",
       "misaligned address"},
      {cudaErrorInvalidMemcpyDirection, "cudaErrorInvalidMemcpyDirection",
       "invalid copy direction for memcpy"},
      {cudaErrorNoDevice, "cudaErrorNoDevice",
       "no CUDA-capable device is detected"},
  };
  for (auto &C : Cases) {
    EXPECT_STREQ(cudaGetErrorName(C.e), C.name);
    EXPECT_STREQ(cudaGetErrorString(C.e), C.text);
  }
  EXPECT_STREQ(cudaGetErrorString(static_cast<cudaError_t>(12345)),
               "unrecognized error code");
}

TEST_F(ErrorsTest, GetLastErrorReturnsAndClears) {
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  EXPECT_EQ(cudaMalloc(nullptr, 16), cudaErrorInvalidValue);
  void *P;
  EXPECT_EQ(cudaMalloc(&P, 16), cudaSuccess); // success does not clear
  EXPECT_EQ(cudaPeekAtLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaPeekAtLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  EXPECT_EQ(cudaFree(P), cudaSuccess);
}

TEST_F(ErrorsTest, LastErrorIsTheLatest) {
  EXPECT_EQ(cudaMalloc(nullptr, 16), cudaErrorInvalidValue);
  EXPECT_EQ(cudaSetDevice(3), cudaErrorInvalidDevice);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidDevice);
}

TEST_F(ErrorsTest, InvalidConfigurationIsNotSticky) {
  EXPECT_EQ(launchK(1, dim3(1025)), cudaErrorInvalidValue);
  EXPECT_EQ(launchK(1, dim3(32, 32, 2)), cudaErrorInvalidValue);
  EXPECT_EQ(launchK(1, dim3(1, 1, 65)), cudaErrorInvalidValue);
  EXPECT_EQ(launchK(1, dim3(0)), cudaErrorInvalidValue);
  EXPECT_EQ(launchK(dim3(0)), cudaErrorInvalidValue);
  EXPECT_EQ(launchK(dim3(1, 65536)), cudaErrorInvalidValue);
  EXPECT_EQ(launchK(dim3(1, 1, 65536)), cudaErrorInvalidValue);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  EXPECT_EQ(launchK(dim3(0x7fffffff, 65535, 1), dim3(2, 2)), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(dev->launches().size(), 1u);
}

TEST_F(ErrorsTest, LaunchBoundsAndSharedMemoryLimits) {
  // The kernel's __launch_bounds__ say 256 threads.
  // CUDA 13 answers cudaErrorInvalidValue (recorded on an H100).
  EXPECT_EQ(launchK(1, 512), cudaErrorInvalidValue);
  // 32 KiB of shared memory per block.
  EXPECT_EQ(launchK(1, 1, 32 * 1024), cudaSuccess);
  EXPECT_EQ(launchK(1, 1, 32 * 1024 + 1), cudaErrorInvalidValue);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  ASSERT_EQ(dev->launches().size(), 1u);
  EXPECT_EQ(dev->launches()[0].config.threadgroupLengths[0], 32u * 1024);
}

TEST_F(ErrorsTest, UnknownFunction) {
  const char Unregistered = 0;
  EXPECT_EQ(cudaLaunchKernel(&Unregistered, 1, 1, nullptr, 0, nullptr),
            cudaErrorInvalidDeviceFunction);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidDeviceFunction);
  cudaFuncAttributes A;
  EXPECT_EQ(cudaFuncGetAttributes(&A, &Unregistered),
            cudaErrorInvalidDeviceFunction);
}

TEST_F(ErrorsTest, KernelMissingFromLibrary) {
  dev->missingKernels.insert("k");
  testing::internal::CaptureStderr();
  EXPECT_EQ(launchK(), cudaErrorInvalidDeviceFunction);
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidDeviceFunction);
  EXPECT_EQ(cudaMalloc(nullptr, 1), cudaErrorInvalidValue); // not sticky
}

TEST_F(ErrorsTest, IllegalAddressIsStickyUntilReset) {
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &) {
    return device::Status::error(device::Fault::IllegalAddress,
                                 "thread (0,0,0): load at 0x10");
  };
  testing::internal::CaptureStderr();
  EXPECT_EQ(launchK(), cudaSuccess); // reported asynchronously
  EXPECT_EQ(cudaDeviceSynchronize(), cudaErrorIllegalAddress);
  std::string Err = testing::internal::GetCapturedStderr();
  EXPECT_NE(Err.find("load at 0x10"), std::string::npos);
  void *P;
  EXPECT_EQ(cudaMalloc(&P, 16), cudaErrorIllegalAddress);
  EXPECT_EQ(launchK(), cudaErrorIllegalAddress);
  EXPECT_EQ(cudaMemset(nullptr, 0, 0), cudaErrorIllegalAddress);
  // Reported once by cudaGetLastError, as on an H100; other calls keep
  // failing.
  EXPECT_EQ(cudaGetLastError(), cudaErrorIllegalAddress);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  EXPECT_EQ(cudaPeekAtLastError(), cudaSuccess);
  // The device is unusable: later launches never reach it.
  EXPECT_EQ(dev->launches().size(), 1u);

  EXPECT_EQ(cudaDeviceReset(), cudaSuccess);
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  dev->onLaunch = nullptr;
  EXPECT_EQ(cudaMalloc(&P, 16), cudaSuccess);
  EXPECT_EQ(launchK(), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(cudaFree(P), cudaSuccess);
}

TEST_F(ErrorsTest, FaultMapping) {
  struct {
    device::Fault fault;
    cudaError_t error;
    bool sticky;
  } Cases[] = {
      {device::Fault::MisalignedAddress, cudaErrorMisalignedAddress, true},
      {device::Fault::LaunchFailure, cudaErrorLaunchFailure, true},
      {device::Fault::OutOfResources, cudaErrorLaunchOutOfResources, false},
      {device::Fault::InvalidLaunch, cudaErrorLaunchOutOfResources, false},
  };
  for (auto &C : Cases) {
    SCOPED_TRACE(cudaGetErrorName(C.error));
    cudaDeviceReset();
    device::Fault F = C.fault;
    dev->onLaunch = [F](const std::string &, const device::LaunchConfig &) {
      return device::Status::error(F, "");
    };
    EXPECT_EQ(launchK(), cudaSuccess);
    EXPECT_EQ(cudaDeviceSynchronize(), C.error);
    EXPECT_EQ(cudaGetLastError(), C.error);
    EXPECT_EQ(cudaGetLastError(), cudaSuccess);
    EXPECT_EQ(cudaDeviceSynchronize(), C.sticky ? C.error : cudaSuccess);
  }
}

TEST_F(ErrorsTest, AssertAndTrapStatusBits) {
  metallib::Envelope E;
  E.kernels.push_back(kernel("p", {}, 8, {0, 2}));
  const char StubP = 0;
  registerModule(E).function(&StubP, "p");
  for (uint32_t Bit : {1u, 2u}) {
    cudaDeviceReset();
    dev->onLaunch = [Bit](const std::string &, const device::LaunchConfig &C) {
      PrintfWriter(C.buffers[2]).setStatus(Bit);
      return device::Status::ok();
    };
    EXPECT_EQ(cudaLaunchKernel(&StubP, 1, 1, nullptr, 0, nullptr), cudaSuccess);
    cudaError_t Want = Bit == 1 ? cudaErrorAssert : cudaErrorLaunchFailure;
    EXPECT_EQ(cudaDeviceSynchronize(), Want);
    EXPECT_EQ(cudaMemcpy(nullptr, nullptr, 0, cudaMemcpyHostToHost), Want);
  }
}

TEST_F(ErrorsTest, BadEnvelopeFailsLaunchesAndIsReportedOnce) {
  std::vector<uint8_t> Garbage(64, 0x5a);
  const char StubBad = 0;
  testing::internal::CaptureStderr();
  modules.push_back(std::make_unique<RegisteredModule>(Garbage, "broken.cu"));
  modules.back()->function(&StubBad, "bad");
  modules.back()->end();
  EXPECT_EQ(cudaLaunchKernel(&StubBad, 1, 1, nullptr, 0, nullptr),
            cudaErrorInvalidKernelImage);
  EXPECT_EQ(cudaLaunchKernel(&StubBad, 1, 1, nullptr, 0, nullptr),
            cudaErrorInvalidKernelImage);
  std::string Err = testing::internal::GetCapturedStderr();
  EXPECT_NE(Err.find("broken.cu"), std::string::npos) << Err;
  EXPECT_EQ(Err.find("broken.cu"), Err.rfind("broken.cu")) << Err;
  // Other modules are unaffected.
  EXPECT_EQ(launchK(), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
}

TEST_F(ErrorsTest, RejectedLibrary) {
  dev->rejectLibraries = true;
  testing::internal::CaptureStderr();
  EXPECT_EQ(launchK(), cudaErrorInvalidKernelImage);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("rejects"),
            std::string::npos);
}

TEST(NoDevice, PlaceholderImageIsSilent) {
  // A host-only translation unit registers an image with no kernels.
  std::vector<uint8_t> Empty(64, 0);
  testing::internal::CaptureStderr();
  {
    RegisteredModule M(Empty, "host_only.cu");
    M.end();
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

} // namespace

//===- DriverApiTest.cpp - the CUDA driver API subset
//----------------------===//
//
// cuInit, devices, the primary context, cuModuleLoadData of an envelope,
// cuModuleGetFunction / cuModuleGetGlobal, cuLaunchKernel with
// kernelParams and with a packed `extra` buffer, memory, error names.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda.h"
#include "cuda_runtime.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace cumetal;
using namespace cumetal::test;

namespace {

class DriverApiTest : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    metallib::Envelope E;
    // extern "C" __global__ void scale(float *x, float s, int n)
    E.kernels.push_back(
        kernel("scale", {{0, 8, 8}, {8, 4, 4}, {12, 4, 4}}, 16, {0, 1}));
    metallib::EnvelopeGlobal G;
    G.name = "counter";
    G.size = 8;
    G.align = 8;
    G.init = {1, 2, 3, 4, 5, 6, 7, 8};
    E.globals.push_back(G);
    E.deviceGlobalsSize = 8;
    Image = makeEnvelope(E);
  }
  std::vector<uint8_t> Image;
};

TEST_F(DriverApiTest, ErrorNames) {
  const char *S = nullptr;
  ASSERT_EQ(cuGetErrorName(CUDA_ERROR_INVALID_VALUE, &S), CUDA_SUCCESS);
  EXPECT_STREQ(S, "CUDA_ERROR_INVALID_VALUE");
  ASSERT_EQ(cuGetErrorString(CUDA_ERROR_INVALID_VALUE, &S), CUDA_SUCCESS);
  EXPECT_STREQ(S, "invalid argument");
  ASSERT_EQ(cuGetErrorString(CUDA_ERROR_ILLEGAL_ADDRESS, &S), CUDA_SUCCESS);
  EXPECT_STREQ(S, "an illegal memory access was encountered");
  ASSERT_EQ(cuGetErrorString(CUDA_ERROR_LAUNCH_FAILED, &S), CUDA_SUCCESS);
  EXPECT_STREQ(S, "unspecified launch failure");
  EXPECT_EQ(cuGetErrorName(static_cast<CUresult>(4242), &S),
            CUDA_ERROR_INVALID_VALUE);
  EXPECT_EQ(S, nullptr);
}

TEST_F(DriverApiTest, ModuleLaunchAndMemory) {
  ASSERT_EQ(cuInit(0), CUDA_SUCCESS);
  int Count = 0;
  ASSERT_EQ(cuDeviceGetCount(&Count), CUDA_SUCCESS);
  EXPECT_EQ(Count, 1);
  CUdevice Dev;
  ASSERT_EQ(cuDeviceGet(&Dev, 0), CUDA_SUCCESS);
  EXPECT_EQ(cuDeviceGet(&Dev, 1), CUDA_ERROR_INVALID_DEVICE);
  char Name[64];
  ASSERT_EQ(cuDeviceGetName(Name, sizeof(Name), Dev), CUDA_SUCCESS);
  EXPECT_STREQ(Name, "cumetal fake device");
  int Major = 0;
  ASSERT_EQ(cuDeviceGetAttribute(
                &Major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, Dev),
            CUDA_SUCCESS);
  EXPECT_EQ(Major, 8);
  CUcontext Ctx;
  ASSERT_EQ(cuCtxCreate(&Ctx, 0, Dev), CUDA_SUCCESS);

  CUmodule Mod;
  ASSERT_EQ(cuModuleLoadData(&Mod, Image.data()), CUDA_SUCCESS);
  std::vector<uint8_t> Bad(64, 1);
  CUmodule BadMod;
  EXPECT_EQ(cuModuleLoadData(&BadMod, Bad.data()), CUDA_ERROR_INVALID_IMAGE);
  CUfunction F;
  ASSERT_EQ(cuModuleGetFunction(&F, Mod, "scale"), CUDA_SUCCESS);
  EXPECT_EQ(cuModuleGetFunction(&F, Mod, "nope"), CUDA_ERROR_NOT_FOUND);
  ASSERT_EQ(cuModuleGetFunction(&F, Mod, "scale"), CUDA_SUCCESS);

  CUdeviceptr Counter;
  size_t Bytes = 0;
  ASSERT_EQ(cuModuleGetGlobal(&Counter, &Bytes, Mod, "counter"), CUDA_SUCCESS);
  EXPECT_EQ(Bytes, 8u);
  uint64_t Init = 0;
  ASSERT_EQ(cuMemcpyDtoH(&Init, Counter, 8), CUDA_SUCCESS);
  EXPECT_EQ(Init, 0x0807060504030201ULL);

  CUdeviceptr X;
  ASSERT_EQ(cuMemAlloc(&X, 64), CUDA_SUCCESS);
  ASSERT_EQ(cuMemsetD32(X, 0x3f800000u, 16), CUDA_SUCCESS);
  float Ones[16];
  ASSERT_EQ(cuMemcpyDtoH(Ones, X, sizeof(Ones)), CUDA_SUCCESS);
  EXPECT_EQ(Ones[15], 1.0f);

  float S = 2.0f;
  int N = 16;
  void *Params[] = {&X, &S, &N};
  ASSERT_EQ(cuLaunchKernel(F, 4, 1, 1, 4, 1, 1, 0, nullptr, Params, nullptr),
            CUDA_SUCCESS);
  // The same launch with a packed argument buffer.
  struct {
    CUdeviceptr x;
    float s;
    int n;
  } Packed{X, S, N};
  size_t PackedSize = sizeof(Packed);
  void *Extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, &Packed,
                   CU_LAUNCH_PARAM_BUFFER_SIZE, &PackedSize,
                   CU_LAUNCH_PARAM_END};
  ASSERT_EQ(cuLaunchKernel(F, 4, 1, 1, 4, 1, 1, 0, nullptr, nullptr, Extra),
            CUDA_SUCCESS);
  size_t Short = 8;
  void *ShortExtra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, &Packed,
                        CU_LAUNCH_PARAM_BUFFER_SIZE, &Short,
                        CU_LAUNCH_PARAM_END};
  EXPECT_EQ(
      cuLaunchKernel(F, 4, 1, 1, 4, 1, 1, 0, nullptr, nullptr, ShortExtra),
      CUDA_ERROR_INVALID_VALUE);
  EXPECT_EQ(cuLaunchKernel(F, 4, 1, 1, 2048, 1, 1, 0, nullptr, Params, nullptr),
            CUDA_ERROR_INVALID_VALUE);
  ASSERT_EQ(cuCtxSynchronize(), CUDA_SUCCESS);
  auto L = dev->launches();
  ASSERT_EQ(L.size(), 2u);
  EXPECT_EQ(L[0].params, L[1].params);
  EXPECT_EQ(L[0].params.size(), 16u);
  float SeenS;
  std::memcpy(&SeenS, L[0].params.data() + 8, 4);
  EXPECT_EQ(SeenS, 2.0f);
  // Driver errors do not become the runtime's last error.
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);

  int MaxThreads = 0;
  ASSERT_EQ(cuFuncGetAttribute(&MaxThreads,
                               CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, F),
            CUDA_SUCCESS);
  EXPECT_EQ(MaxThreads, 1024);
  ASSERT_EQ(cuMemFree(X), CUDA_SUCCESS);
  EXPECT_EQ(cuMemFree(X), CUDA_ERROR_INVALID_VALUE);
  ASSERT_EQ(cuModuleUnload(Mod), CUDA_SUCCESS);
  EXPECT_EQ(cuModuleUnload(Mod), CUDA_ERROR_INVALID_HANDLE);
  ASSERT_EQ(cuCtxDestroy(Ctx), CUDA_SUCCESS);
}

TEST_F(DriverApiTest, StreamsAndEvents) {
  ASSERT_EQ(cuInit(0), CUDA_SUCCESS);
  CUcontext Ctx;
  ASSERT_EQ(cuDevicePrimaryCtxRetain(&Ctx, 0), CUDA_SUCCESS);
  ASSERT_EQ(cuCtxSetCurrent(Ctx), CUDA_SUCCESS);
  CUstream S;
  ASSERT_EQ(cuStreamCreate(&S, CU_STREAM_NON_BLOCKING), CUDA_SUCCESS);
  CUevent A, B;
  ASSERT_EQ(cuEventCreate(&A, CU_EVENT_DEFAULT), CUDA_SUCCESS);
  ASSERT_EQ(cuEventCreate(&B, CU_EVENT_DEFAULT), CUDA_SUCCESS);
  ASSERT_EQ(cuEventRecord(A, S), CUDA_SUCCESS);
  ASSERT_EQ(cuEventRecord(B, S), CUDA_SUCCESS);
  ASSERT_EQ(cuStreamSynchronize(S), CUDA_SUCCESS);
  float Ms = -1;
  ASSERT_EQ(cuEventElapsedTime(&Ms, A, B), CUDA_SUCCESS);
  EXPECT_GE(Ms, 0.0f);
  EXPECT_EQ(cuEventDestroy(A), CUDA_SUCCESS);
  EXPECT_EQ(cuEventDestroy(A), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_EQ(cuEventDestroy(B), CUDA_SUCCESS);
  EXPECT_EQ(cuStreamDestroy(S), CUDA_SUCCESS);
  EXPECT_EQ(cuDevicePrimaryCtxRelease(0), CUDA_SUCCESS);
}

} // namespace

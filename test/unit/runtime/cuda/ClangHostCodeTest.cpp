//===- ClangHostCodeTest.cpp - the calls Clang's host code makes ----------===//
//
// ClangHostProgram.cu, compiled by Clang's CUDA host pass, registers its
// envelope, kernels and variables before main; here its launches and
// symbol copies run against the fake device, checking the registration and
// launch ABI end to end (nvcc-compat §B3.4).
//
//===----------------------------------------------------------------------===//

#include "ClangHostProgram.h"
#include "FakeDevice.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace cumetal;
using namespace cumetal::test;

namespace {

using ClangHostCodeTest = RuntimeTest;

TEST_F(ClangHostCodeTest, SymbolsOfRegisteredVariables) {
  EXPECT_EQ(clangHostReadValue(), 7); // the envelope's initial value
  float T[4] = {1, 2, 3, 4};
  EXPECT_EQ(clangHostWriteTable(T), cudaSuccess);
}

TEST_F(ClangHostCodeTest, TripleChevronLaunches) {
  float *X;
  ASSERT_EQ(cudaMalloc(&X, 64), cudaSuccess);
  Params P{2.0f, 16, 0.25};
  ASSERT_EQ(clangHostLaunchScale(X, P, nullptr), cudaSuccess);
  ASSERT_EQ(clangHostLaunchFill(reinterpret_cast<int *>(X), 5, 300),
            cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  auto L = dev->launches();
  ASSERT_EQ(L.size(), 2u);

  EXPECT_EQ(L[0].kernel, "_Z5scalePf6Params");
  EXPECT_EQ(L[0].config.grid.x, 3u);
  EXPECT_EQ(L[0].config.grid.y, 2u);
  EXPECT_EQ(L[0].config.block.x, 64u);
  EXPECT_EQ(L[0].config.threadgroupLengths[0], 256u);
  std::vector<uint8_t> Want(24, 0);
  std::memcpy(&Want[0], &X, 8);
  std::memcpy(&Want[8], &P, sizeof(P));
  EXPECT_EQ(L[0].params, Want);

  EXPECT_EQ(L[1].kernel, "_Z4fillIiEvPT_S0_i");
  EXPECT_EQ(L[1].config.grid.x, 3u);
  int V, N;
  std::memcpy(&V, &L[1].params[8], 4);
  std::memcpy(&N, &L[1].params[12], 4);
  EXPECT_EQ(V, 5);
  EXPECT_EQ(N, 300);
  cudaFree(X);
}

TEST_F(ClangHostCodeTest, ExternCKernelWithPrintf) {
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &C) {
    int A;
    char B;
    long long Ll;
    std::memcpy(&A, static_cast<char *>(C.buffers[0].data), 4);
    std::memcpy(&B, static_cast<char *>(C.buffers[0].data) + 4, 1);
    std::memcpy(&Ll, static_cast<char *>(C.buffers[0].data) + 8, 8);
    PrintfWriter(C.buffers[2]).record(0).i32(A).i32(B).i64(Ll).done();
    return device::Status::ok();
  };
  testing::internal::CaptureStdout();
  ASSERT_EQ(clangHostLaunchPlain(-4, 'q', 1LL << 40), cudaSuccess);
  ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "-4 q 1099511627776\n");
  EXPECT_EQ(clangHostLaunchBadBlock(), cudaErrorInvalidValue); // as CUDA 13
}

TEST_F(ClangHostCodeTest, KernelHandleIsTheStub) {
  cudaFuncAttributes A;
  ASSERT_EQ(cudaFuncGetAttributes(&A, clangHostScaleKernel()), cudaSuccess);
  EXPECT_EQ(A.maxThreadsPerBlock, 1024);
}

} // namespace

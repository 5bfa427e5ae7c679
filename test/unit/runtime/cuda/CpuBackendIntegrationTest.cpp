//===- CpuBackendIntegrationTest.cpp - the runtime on the cpu backend -----===//
//
// examples/air/vector_add.ll packed into a metallib (air/MetallibEmitter.h),
// wrapped in an envelope with a hand-written manifest, registered the way
// Clang's host code registers it and launched through cudaLaunchKernel on
// the real cpu backend.
//
//===----------------------------------------------------------------------===//

#include "air/MetallibEmitter.h"
#include "cuda_runtime.h"
#include "metallib/Envelope.h"
#include "runtime-lite/cuda/Testing.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>
#include <numeric>

using namespace cumetal;

namespace {

const char StubVectorAdd = 0;
const char StubScale = 0;

class CpuBackendIntegrationTest : public ::testing::Test {
protected:
  void SetUp() override {
    rt::setDeviceForTesting(nullptr); // the default (cpu) backend
    llvm::LLVMContext Ctx;
    llvm::SMDiagnostic Diag;
    std::unique_ptr<llvm::Module> M = llvm::parseAssemblyFile(
        CUMETAL_EXAMPLES_DIR "/air/vector_add.ll", Diag, Ctx);
    ASSERT_TRUE(M) << Diag.getMessage().str();
    llvm::Expected<std::vector<uint8_t>> Lib = air::emitMetallib(*M);
    ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());

    metallib::Envelope E;
    // vector_add(const float *a, const float *b, float *c, int n)
    E.kernels.push_back({"vector_add",
                         {{0, 8, 8}, {8, 8, 8}, {16, 8, 8}, {24, 4, 4}},
                         32,
                         0,
                         1024,
                         {0},
                         false});
    // scale(float *x, float s, int n)
    E.kernels.push_back(
        {"scale", {{0, 8, 8}, {8, 4, 4}, {12, 4, 4}}, 16, 0, 1024, {0}, false});
    E.metallib = std::move(*Lib);
    Envelope = metallib::writeEnvelope(E);
    Wrapper = {0x466243B1, 1, Envelope.data(), nullptr};
    Handle = __cudaRegisterFatBinary(&Wrapper);
    __cudaRegisterFunction(Handle, &StubVectorAdd,
                           const_cast<char *>("vector_add"), "vector_add", -1,
                           nullptr, nullptr, nullptr, nullptr, nullptr);
    __cudaRegisterFunction(Handle, &StubScale, const_cast<char *>("scale"),
                           "scale", -1, nullptr, nullptr, nullptr, nullptr,
                           nullptr);
    __cudaRegisterFatBinaryEnd(Handle);
  }
  void TearDown() override {
    cudaDeviceReset();
    __cudaUnregisterFatBinary(Handle);
  }

  std::vector<uint8_t> Envelope;
  CumetalFatBinaryWrapper Wrapper;
  void **Handle = nullptr;
};

TEST_F(CpuBackendIntegrationTest, VectorAdd) {
  int N = 1000;
  std::vector<float> A(N), B(N), C(N, 0);
  std::iota(A.begin(), A.end(), 0.0f);
  std::iota(B.begin(), B.end(), 1000.0f);
  float *DA, *DB, *DC;
  ASSERT_EQ(cudaMalloc(&DA, N * sizeof(float)), cudaSuccess);
  ASSERT_EQ(cudaMalloc(&DB, N * sizeof(float)), cudaSuccess);
  ASSERT_EQ(cudaMalloc(&DC, N * sizeof(float)), cudaSuccess);
  ASSERT_EQ(cudaMemcpy(DA, A.data(), N * sizeof(float), cudaMemcpyHostToDevice),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy(DB, B.data(), N * sizeof(float), cudaMemcpyHostToDevice),
            cudaSuccess);
  void *Args[] = {&DA, &DB, &DC, &N};
  ASSERT_EQ(cudaLaunchKernel(&StubVectorAdd, dim3((N + 127) / 128), dim3(128),
                             Args, 0, nullptr),
            cudaSuccess);
  float S = 0.5f;
  void *ScaleArgs[] = {&DC, &S, &N};
  ASSERT_EQ(cudaLaunchKernel(&StubScale, dim3((N + 255) / 256), dim3(256),
                             ScaleArgs, 0, nullptr),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy(C.data(), DC, N * sizeof(float), cudaMemcpyDeviceToHost),
            cudaSuccess);
  for (int I = 0; I < N; ++I)
    ASSERT_EQ(C[I], (A[I] + B[I]) * 0.5f) << "at " << I;
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
  cudaDeviceProp P;
  ASSERT_EQ(cudaGetDeviceProperties(&P, 0), cudaSuccess);
  EXPECT_GT(P.multiProcessorCount, 0);
  EXPECT_GT(P.totalGlobalMem, 0u);
  cudaFree(DA);
  cudaFree(DB);
  cudaFree(DC);
}

} // namespace

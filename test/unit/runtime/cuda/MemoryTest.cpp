//===- MemoryTest.cpp - memory management of the runtime layer -----------===//
//
// Allocation kinds and their validation (cudaFree of bad pointers, copy
// directions), 1D/2D/3D copies and fills, symbol copies through a
// registered module, pointer attributes.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda_runtime.h"

#include <cstring>
#include <gtest/gtest.h>
#include <numeric>

using namespace cumetal;
using namespace cumetal::test;

namespace {

// __device__ int g = 42; __constant__ float c[4]; __device__ char bytes[8];
int GShadow;
float CShadow[4];
char BytesShadow[8];
int Unregistered;

class MemoryTest : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    metallib::Envelope E;
    metallib::EnvelopeGlobal G;
    G.name = "_Z1g";
    G.size = 4;
    G.align = 4;
    G.init = {42, 0, 0, 0};
    E.globals.push_back(G);
    G.name = "_Z5bytes";
    G.offset = 8;
    G.size = 8;
    G.init.clear();
    E.globals.push_back(G);
    G.name = "_Z1c";
    G.space = metallib::EnvelopeGlobal::Space::Constant;
    G.offset = 0;
    G.size = 16;
    E.globals.push_back(G);
    E.deviceGlobalsSize = 16;
    E.constantGlobalsSize = 16;
    RegisteredModule &M = registerModule(E);
    M.variable(&GShadow, "_Z1g", 4, false);
    M.variable(&BytesShadow, "_Z5bytes", 8, false);
    M.variable(&CShadow, "_Z1c", 16, true);
    M.end();
  }
};

TEST_F(MemoryTest, MallocFreeValidation) {
  void *P = nullptr;
  ASSERT_EQ(cudaMalloc(&P, 1000), cudaSuccess);
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(P) % 256, 0u);
  EXPECT_EQ(cudaFree(static_cast<char *>(P) + 4), cudaErrorInvalidValue);
  int Stack;
  EXPECT_EQ(cudaFree(&Stack), cudaErrorInvalidValue);
  EXPECT_EQ(cudaFreeHost(P), cudaErrorInvalidValue); // wrong kind
  EXPECT_EQ(cudaFree(P), cudaSuccess);
  EXPECT_EQ(cudaFree(P), cudaErrorInvalidValue); // double free
  EXPECT_EQ(cudaFree(nullptr), cudaSuccess);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidValue);
  EXPECT_EQ(cudaMalloc(&P, 0), cudaSuccess);
  EXPECT_EQ(P, nullptr);
}

TEST_F(MemoryTest, EverythingIsFreedByReset) {
  void *A, *B, *C;
  ASSERT_EQ(cudaMalloc(&A, 64), cudaSuccess);
  ASSERT_EQ(cudaMallocHost(&B, 64), cudaSuccess);
  ASSERT_EQ(cudaMallocManaged(&C, 64), cudaSuccess);
  int V;
  ASSERT_EQ(cudaMemcpyFromSymbol(&V, GShadow, 4), cudaSuccess); // loads
  EXPECT_GT(dev->liveAllocations(), 3u);
  ASSERT_EQ(cudaDeviceReset(), cudaSuccess);
  EXPECT_EQ(dev->liveAllocations(), 0u);
  EXPECT_EQ(cudaFree(A), cudaErrorInvalidValue);
}

TEST_F(MemoryTest, MemcpyDirections) {
  std::vector<int> Host(16), Back(16, 0);
  std::iota(Host.begin(), Host.end(), 0);
  int *D = nullptr;
  ASSERT_EQ(cudaMalloc(&D, 64), cudaSuccess);
  EXPECT_EQ(cudaMemcpy(D, Host.data(), 64, static_cast<cudaMemcpyKind>(7)),
            cudaErrorInvalidMemcpyDirection);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidMemcpyDirection);
  // Swapped arguments: the "device" pointer is host memory.
  EXPECT_EQ(cudaMemcpy(Host.data(), D, 64, cudaMemcpyHostToDevice),
            cudaErrorInvalidValue);
  // Out of the allocation.
  EXPECT_EQ(cudaMemcpy(D + 1, Host.data(), 64, cudaMemcpyHostToDevice),
            cudaErrorInvalidValue);
  EXPECT_EQ(cudaMemcpy(D, Host.data(), 64, cudaMemcpyHostToDevice),
            cudaSuccess);
  int *D2;
  ASSERT_EQ(cudaMalloc(&D2, 64), cudaSuccess);
  EXPECT_EQ(cudaMemcpy(D2, D, 64, cudaMemcpyDeviceToDevice), cudaSuccess);
  EXPECT_EQ(cudaMemcpy(Back.data(), D2, 64, cudaMemcpyDefault), cudaSuccess);
  EXPECT_EQ(Back, Host);
  EXPECT_EQ(cudaMemcpy(nullptr, nullptr, 0, cudaMemcpyDeviceToHost),
            cudaSuccess);
  cudaFree(D);
  cudaFree(D2);
}

TEST_F(MemoryTest, AsyncCopyFromPageableMemoryIsStaged) {
  cudaStream_t S;
  ASSERT_EQ(cudaStreamCreate(&S), cudaSuccess);
  std::atomic<bool> Go{false};
  // Hold the stream so that the copy cannot run yet.
  cudaLaunchHostFunc(
      S,
      [](void *G) {
        while (!static_cast<std::atomic<bool> *>(G)->load())
          ;
      },
      &Go);
  int *D;
  ASSERT_EQ(cudaMalloc(&D, 4), cudaSuccess);
  int V = 5;
  ASSERT_EQ(cudaMemcpyAsync(D, &V, 4, cudaMemcpyHostToDevice, S), cudaSuccess);
  V = 6; // allowed: the source was staged
  Go = true;
  ASSERT_EQ(cudaStreamSynchronize(S), cudaSuccess);
  int Out = 0;
  ASSERT_EQ(cudaMemcpy(&Out, D, 4, cudaMemcpyDeviceToHost), cudaSuccess);
  EXPECT_EQ(Out, 5);
  cudaStreamDestroy(S);
  cudaFree(D);
}

TEST_F(MemoryTest, MemsetAnd2D3D) {
  char *D;
  size_t Pitch = 0;
  ASSERT_EQ(cudaMallocPitch(reinterpret_cast<void **>(&D), &Pitch, 100, 4),
            cudaSuccess);
  EXPECT_EQ(Pitch, 512u);
  EXPECT_EQ(cudaMemset2D(D, Pitch, 7, 100, 4), cudaSuccess);
  EXPECT_EQ(cudaMemset2D(D, Pitch, 7, 600, 4), cudaErrorInvalidPitchValue);
  std::vector<char> Host(100 * 4, 0);
  EXPECT_EQ(
      cudaMemcpy2D(Host.data(), 100, D, Pitch, 100, 4, cudaMemcpyDeviceToHost),
      cudaSuccess);
  EXPECT_EQ(std::count(Host.begin(), Host.end(), 7), 400);
  std::iota(Host.begin(), Host.end(), 0);
  EXPECT_EQ(
      cudaMemcpy2D(D, Pitch, Host.data(), 100, 100, 4, cudaMemcpyHostToDevice),
      cudaSuccess);
  EXPECT_EQ(D[Pitch * 2 + 5], Host[200 + 5]);
  EXPECT_EQ(
      cudaMemcpy2D(D, Pitch, Host.data(), 50, 100, 4, cudaMemcpyHostToDevice),
      cudaErrorInvalidPitchValue);

  // 3D: copy a 4x3x2 box out of a 8x4x3 volume at (1, 1, 1).
  cudaExtent Vol = make_cudaExtent(8, 4, 3);
  cudaPitchedPtr PP;
  ASSERT_EQ(cudaMalloc3D(&PP, Vol), cudaSuccess);
  EXPECT_EQ(PP.pitch, 512u);
  EXPECT_EQ(PP.ysize, 4u);
  ASSERT_EQ(cudaMemset3D(PP, 0, Vol), cudaSuccess);
  char *Base = static_cast<char *>(PP.ptr);
  for (size_t Z = 0; Z < 3; ++Z)
    for (size_t Y = 0; Y < 4; ++Y)
      for (size_t X = 0; X < 8; ++X)
        Base[(Z * 4 + Y) * PP.pitch + X] = char(Z * 100 + Y * 10 + X);
  std::vector<char> Box(4 * 3 * 2, 0);
  cudaMemcpy3DParms P = {};
  P.srcPtr = PP;
  P.srcPos = make_cudaPos(1, 1, 1);
  P.dstPtr = make_cudaPitchedPtr(Box.data(), 4, 4, 3);
  P.extent = make_cudaExtent(4, 3, 2);
  P.kind = cudaMemcpyDeviceToHost;
  ASSERT_EQ(cudaMemcpy3D(&P), cudaSuccess);
  EXPECT_EQ(Box[0], char(111));
  EXPECT_EQ(Box[3], char(114));
  EXPECT_EQ(Box[4], char(121));
  EXPECT_EQ(Box[12], char(211));
  EXPECT_EQ(Box[23], char(234));
  cudaFree(D);
  cudaFree(PP.ptr);
}

TEST_F(MemoryTest, SymbolCopies) {
  int V = 0;
  ASSERT_EQ(cudaMemcpyFromSymbol(&V, GShadow, sizeof(V)), cudaSuccess);
  EXPECT_EQ(V, 42); // the manifest's initial value
  V = 7;
  ASSERT_EQ(cudaMemcpyToSymbol(GShadow, &V, sizeof(V)), cudaSuccess);
  V = 0;
  ASSERT_EQ(cudaMemcpyFromSymbol(&V, GShadow, sizeof(V)), cudaSuccess);
  EXPECT_EQ(V, 7);

  float C[4] = {1, 2, 3, 4}, CB[2] = {};
  ASSERT_EQ(cudaMemcpyToSymbol(CShadow, C, sizeof(C)), cudaSuccess);
  ASSERT_EQ(cudaMemcpyFromSymbol(CB, CShadow, 8, 8), cudaSuccess);
  EXPECT_EQ(CB[0], 3.0f);
  EXPECT_EQ(CB[1], 4.0f);

  // Bounds: offset + count within the variable.
  EXPECT_EQ(cudaMemcpyToSymbol(CShadow, C, 16, 4), cudaErrorInvalidValue);
  EXPECT_EQ(cudaMemcpyToSymbol(GShadow, C, 8), cudaErrorInvalidValue);
  EXPECT_EQ(cudaMemcpyToSymbol(BytesShadow, C, 8), cudaSuccess);
  // Direction and symbol checks.
  EXPECT_EQ(cudaMemcpyToSymbol(GShadow, &V, 4, 0, cudaMemcpyDeviceToHost),
            cudaErrorInvalidMemcpyDirection);
  EXPECT_EQ(cudaMemcpyToSymbol(Unregistered, &V, 4), cudaErrorInvalidSymbol);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidSymbol);

  size_t Size = 0;
  ASSERT_EQ(cudaGetSymbolSize(&Size, CShadow), cudaSuccess);
  EXPECT_EQ(Size, 16u);
  void *GAddr, *BAddr;
  ASSERT_EQ(cudaGetSymbolAddress(&GAddr, GShadow), cudaSuccess);
  ASSERT_EQ(cudaGetSymbolAddress(&BAddr, BytesShadow), cudaSuccess);
  EXPECT_EQ(static_cast<char *>(BAddr) - static_cast<char *>(GAddr), 8);
  // A symbol's address is device memory usable with cudaMemcpy.
  int W = 0;
  ASSERT_EQ(cudaMemcpy(&W, GAddr, 4, cudaMemcpyDeviceToHost), cudaSuccess);
  EXPECT_EQ(W, 7);
  cudaPointerAttributes A;
  ASSERT_EQ(cudaPointerGetAttributes(&A, GAddr), cudaSuccess);
  EXPECT_EQ(A.type, cudaMemoryTypeDevice);
  EXPECT_EQ(cudaFree(GAddr), cudaErrorInvalidValue);

  // Async symbol copies are ordered on their stream, and read pinned
  // memory when they run.
  cudaStream_t S;
  ASSERT_EQ(cudaStreamCreate(&S), cudaSuccess);
  std::atomic<bool> Go{false};
  cudaLaunchHostFunc(
      S,
      [](void *G) {
        while (!static_cast<std::atomic<bool> *>(G)->load())
          ;
      },
      &Go);
  int *Pinned;
  ASSERT_EQ(cudaMallocHost(&Pinned, 4), cudaSuccess);
  *Pinned = 99;
  ASSERT_EQ(
      cudaMemcpyToSymbolAsync(GShadow, Pinned, 4, 0, cudaMemcpyHostToDevice, S),
      cudaSuccess);
  *Pinned = 55;
  Go = true;
  ASSERT_EQ(
      cudaMemcpyFromSymbolAsync(&W, GShadow, 4, 0, cudaMemcpyDeviceToHost, S),
      cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize(S), cudaSuccess);
  EXPECT_EQ(W, 55);
  cudaFreeHost(Pinned);
  cudaStreamDestroy(S);
}

TEST_F(MemoryTest, PointerAttributesAndHostMemory) {
  void *Dev, *Host, *Managed;
  ASSERT_EQ(cudaMalloc(&Dev, 32), cudaSuccess);
  ASSERT_EQ(cudaHostAlloc(&Host, 32, cudaHostAllocMapped), cudaSuccess);
  ASSERT_EQ(cudaMallocManaged(&Managed, 32), cudaSuccess);
  cudaPointerAttributes A;
  ASSERT_EQ(cudaPointerGetAttributes(&A, static_cast<char *>(Dev) + 8),
            cudaSuccess);
  EXPECT_EQ(A.type, cudaMemoryTypeDevice);
  EXPECT_EQ(A.device, 0);
  ASSERT_EQ(cudaPointerGetAttributes(&A, Host), cudaSuccess);
  EXPECT_EQ(A.type, cudaMemoryTypeHost);
  EXPECT_EQ(A.hostPointer, Host);
  ASSERT_EQ(cudaPointerGetAttributes(&A, Managed), cudaSuccess);
  EXPECT_EQ(A.type, cudaMemoryTypeManaged);
  int Stack;
  ASSERT_EQ(cudaPointerGetAttributes(&A, &Stack), cudaSuccess);
  EXPECT_EQ(A.type, cudaMemoryTypeUnregistered);

  void *DevPtr;
  ASSERT_EQ(cudaHostGetDevicePointer(&DevPtr, Host, 0), cudaSuccess);
  EXPECT_EQ(DevPtr, Host);
  unsigned Flags;
  ASSERT_EQ(cudaHostGetFlags(&Flags, Host), cudaSuccess);
  EXPECT_EQ(Flags, unsigned(cudaHostAllocMapped));
  EXPECT_EQ(cudaHostGetDevicePointer(&DevPtr, &Stack, 0),
            cudaErrorInvalidValue);

  std::vector<int> Mine(64);
  ASSERT_EQ(cudaHostRegister(Mine.data(), 256, cudaHostRegisterDefault),
            cudaSuccess);
  EXPECT_EQ(cudaHostRegister(Mine.data() + 4, 16, 0),
            cudaErrorHostMemoryAlreadyRegistered);
  ASSERT_EQ(cudaHostGetDevicePointer(&DevPtr, Mine.data(), 0), cudaSuccess);
  // Registered memory is a valid device operand.
  EXPECT_EQ(cudaMemset(Mine.data(), 0xff, 256), cudaSuccess);
  EXPECT_EQ(Mine[63], -1);
  EXPECT_EQ(cudaHostUnregister(Mine.data()), cudaSuccess);
  EXPECT_EQ(cudaHostUnregister(Mine.data()), cudaErrorHostMemoryNotRegistered);
  EXPECT_EQ(cudaMemset(Mine.data(), 0, 256), cudaErrorInvalidValue);

  size_t Free = 0, Total = 0;
  ASSERT_EQ(cudaMemGetInfo(&Free, &Total), cudaSuccess);
  EXPECT_EQ(Total, size_t(1) << 30);
  EXPECT_LT(Free, Total);
  EXPECT_EQ(cudaFreeHost(Host), cudaSuccess);
  EXPECT_EQ(cudaFree(Managed), cudaSuccess);
  EXPECT_EQ(cudaFree(Dev), cudaSuccess);
}

} // namespace

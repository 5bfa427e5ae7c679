// Host code compiled by Clang's CUDA host pass with the cumetal headers and
// -fcuda-include-gpubinary of the envelope EnvelopeGen.cpp writes; linked
// into cuda_runtime_unittests so that ClangHostCodeTest.cpp checks the
// registration and launch calls Clang really emits. The kernels' bodies do
// not matter: the fake device does not run them.
#include "ClangHostProgram.h"

__device__ int d_value;
__constant__ float c_table[4];

__global__ void scale(float *x, Params p) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < p.n)
    x[i] = x[i] * p.scale + c_table[i % 4] + d_value + p.bias;
}

template <typename T> __global__ void fill(T *x, T v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    x[i] = v;
}

extern "C" __global__ void plain(int a, char b, long long c) {
  printf("%d %c %lld\n", a, b, c);
}

int clangHostReadValue() {
  int V = -1;
  if (cudaMemcpyFromSymbol(&V, d_value, sizeof(V)) != cudaSuccess)
    return -1;
  return V;
}

cudaError_t clangHostWriteTable(const float *values) {
  return cudaMemcpyToSymbol(c_table, values, 4 * sizeof(float));
}

cudaError_t clangHostLaunchScale(float *x, Params p, cudaStream_t s) {
  scale<<<dim3(3, 2), 64, 256, s>>>(x, p);
  return cudaGetLastError();
}

cudaError_t clangHostLaunchFill(int *x, int v, int n) {
  fill<<<(n + 127) / 128, 128>>>(x, v, n);
  return cudaGetLastError();
}

cudaError_t clangHostLaunchPlain(int a, char b, long long c) {
  plain<<<1, 1>>>(a, b, c);
  return cudaPeekAtLastError();
}

cudaError_t clangHostLaunchBadBlock() {
  plain<<<1, 2048>>>(0, 'x', 0);
  return cudaGetLastError();
}

const void *clangHostScaleKernel() {
  return reinterpret_cast<const void *>(scale);
}

// One kernel, for the binary path's container and cache tests.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void scale(float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    x[i] *= a;
}

int main() {
  const int N = 300;
  float H[N], *D;
  for (int I = 0; I < N; ++I)
    H[I] = (float)I;
  cudaMalloc(&D, sizeof H);
  cudaMemcpy(D, H, sizeof H, cudaMemcpyHostToDevice);
  scale<<<(N + 63) / 64, 64>>>(D, 2.5f, N);
  cudaError_t E = cudaGetLastError();
  std::printf("launch %s\n", cudaGetErrorName(E));
  cudaMemcpy(H, D, sizeof H, cudaMemcpyDeviceToHost);
  double Sum = 0;
  for (int I = 0; I < N; ++I)
    Sum += H[I];
  std::printf("sum %.1f\n", Sum);
  return E == cudaSuccess ? 0 : 1;
}

// A double-precision atomic sum: cumetalc rejects it unless --fp64=emulate.
#include <cstdio>
#include <cuda_runtime.h>

__global__ void dsum(const double *x, double *sum, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicAdd(sum, x[i]);
}

int main() {
  const int N = 1000;
  double H[N], *X, *S, R = 0;
  for (int I = 0; I < N; ++I)
    H[I] = I * 0.5;
  cudaMalloc(&X, sizeof H);
  cudaMalloc(&S, sizeof(double));
  cudaMemcpy(X, H, sizeof H, cudaMemcpyHostToDevice);
  cudaMemset(S, 0, sizeof(double));
  dsum<<<(N + 127) / 128, 128>>>(X, S, N);
  cudaError_t E = cudaGetLastError();
  std::printf("launch %s\n", cudaGetErrorName(E));
  cudaMemcpy(&R, S, sizeof R, cudaMemcpyDeviceToHost);
  std::printf("sum %.1f\n", R);
  return E == cudaSuccess ? 0 : 1;
}

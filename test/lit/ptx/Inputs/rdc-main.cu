// Uses the PTX library rdc-lib.ptx through the device link.
#include <cstdio>

extern __device__ int twice(int);
extern __device__ int gBias;

__global__ void use(int *out) { out[threadIdx.x] = twice(threadIdx.x) + gBias; }

__global__ void bump() { gBias += 1; }

// The host has no shadow of a variable defined in PTX (as with nvcc, it
// cannot name it in cudaMemcpyFromSymbol): a kernel reads it.
__global__ void readBias(int *out) { *out = gBias; }

int main() {
  int *d, h[33];
  cudaMalloc(&d, sizeof h);
  use<<<1, 32>>>(d);
  bump<<<1, 1>>>();
  use<<<1, 32>>>(d);
  readBias<<<1, 1>>>(d + 32);
  cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
  std::printf("%d %d %d %s\n", h[0], h[31], h[32],
              cudaGetErrorName(cudaGetLastError()));
  return 0;
}

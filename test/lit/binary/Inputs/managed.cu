// __managed__, __device__ and __constant__ variables from host and device
// code (managed.test).
#include <cstdio>
__managed__ int counter = 5;
__device__ int dev_val = 7;
__constant__ int cst[4];
__global__ void bump(int n) { atomicAdd(&counter, n + dev_val + cst[2]); }
int main() {
  int c[4] = {0, 0, 100, 0};
  cudaMemcpyToSymbol(cst, c, sizeof c);
  bump<<<1, 4>>>(1);
  cudaDeviceSynchronize();
  int v;
  cudaMemcpyFromSymbol(&v, dev_val, sizeof v);
  std::printf("counter %d dev_val %d %s\n", counter, v,
              cudaGetErrorName(cudaGetLastError()));
  counter = 1;
  bump<<<1, 1>>>(0);
  cudaDeviceSynchronize();
  std::printf("counter %d\n", counter);
}

// Uses rdc-a.cu's device function, device variable and kernel.
#include <cstdio>
extern __device__ int counter;
__device__ int twice(int);
static __device__ int s = 2;
__global__ void ka(int *o);
__global__ void kb(int *o) { o[threadIdx.x] = twice(threadIdx.x); o[5] = s; }
int main() {
  int *d;
  cudaMallocManaged(&d, 6 * sizeof(int));
  int v = 10;
  cudaMemcpyToSymbol(counter, &v, sizeof v);
  kb<<<1, 4>>>(d);
  ka<<<1, 1>>>(d);
  cudaError_t e = cudaDeviceSynchronize();
  printf("%d %d %d %d %d %d %s\n", d[0], d[1], d[2], d[3], d[4], d[5],
         cudaGetErrorName(e));
}

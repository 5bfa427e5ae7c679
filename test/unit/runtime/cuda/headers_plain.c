/* Header smoke check: the C headers in a C compiler. Compiled only. */
#include <cuda.h>
#include <cuda_runtime_api.h>

int main(void) {
  void *p;
  struct cudaDeviceProp prop;
  CUdevice dev;
  cudaError_t e = cudaMalloc(&p, 16);
  cudaGetDeviceProperties(&prop, 0);
  cuDeviceGet(&dev, 0);
  return e == cudaSuccess && prop.major == 8;
}

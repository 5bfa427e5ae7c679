// Header smoke check: cuda_runtime.h (and cuda.h) in a plain host C++
// compiler, as in .cpp files of CUDA projects. Compiled only.
#include <cuda.h>
#include <cuda_runtime.h>
#include <math_constants.h>
#include <memory>
#include <vector_functions.h>

static_assert(alignof(float4) == 16 && alignof(double2) == 16 &&
                  alignof(short2) == 4 && sizeof(dim3) == 12,
              "CUDA's vector alignments");

int main() {
  float *d = nullptr;
  if (cudaMalloc(&d, 16) != cudaSuccess)
    return 1;
  dim3 grid(4), block(128, 2);
  uint3 u = grid;
  float4 f = make_float4(1, 2, 3, 4);
  cudaStream_t s = cudaStreamPerThread;
  cudaMemcpyAsync(d, &f, sizeof f, cudaMemcpyHostToDevice, s);
  CUdeviceptr p = 0;
  cuMemAlloc(&p, 16);
  return static_cast<int>(u.x + block.y + CUDART_PI_F) > 100;
}

// A dot product whose terms come from the library's axpy_op: a block
// reduction in shared memory, one partial sum per block.
#include "dot_config.h"
#include "vecops.h"

#include <vector>

__global__ void dot_axpy_kernel(float a, const float *x, const float *y,
                                int n, float *partial) {
  __shared__ float sums[DOT_BLOCK];
  float s = 0.0f;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += gridDim.x * blockDim.x)
    s += axpy_op(a, x[i], y[i]) * x[i];
  sums[threadIdx.x] = s;
  __syncthreads();
  for (int stride = DOT_BLOCK / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride)
      sums[threadIdx.x] += sums[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0)
    partial[blockIdx.x] = sums[0];
}

float run_dot_axpy(float a, const float *d_x, const float *d_y, int n) {
  const int blocks = 16;
  float *d_partial;
  cudaMalloc(&d_partial, blocks * sizeof(float));
  dot_axpy_kernel<<<blocks, DOT_BLOCK>>>(a, d_x, d_y, n, d_partial);
  std::vector<float> partial(blocks);
  cudaMemcpy(partial.data(), d_partial, blocks * sizeof(float),
             cudaMemcpyDeviceToHost);
  cudaFree(d_partial);
  double sum = 0;
  for (float p : partial)
    sum += p;
  return static_cast<float>(sum);
}

// axpy as a device function and as a kernel.
#include "vecops.h"

__device__ float axpy_op(float a, float x, float y) { return a * x + y; }

__global__ void saxpy_kernel(float a, const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] = axpy_op(a, x[i], y[i]);
}

void run_saxpy(float a, const float *d_x, float *d_y, int n) {
  saxpy_kernel<<<(n + 255) / 256, 256>>>(a, d_x, d_y, n);
}

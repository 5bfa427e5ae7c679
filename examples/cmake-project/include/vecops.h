// The vecops library: an axpy element operation in device code (used by
// dot.cu's kernel, so both are built with CUDA_SEPARABLE_COMPILATION) and
// host entry points.
#pragma once

#ifdef __CUDACC__
__device__ float axpy_op(float a, float x, float y);
#endif

/// y = a*x + y on the device.
void run_saxpy(float a, const float *d_x, float *d_y, int n);
/// sum((a*x + y) * x) on the device.
float run_dot_axpy(float a, const float *d_x, const float *d_y, int n);

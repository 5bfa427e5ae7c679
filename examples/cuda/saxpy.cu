// saxpy: y = a*x + y with a grid-stride loop, checked on the host.
//   cumetalc saxpy.cu -o saxpy && ./saxpy
#include <cmath>
#include <cstdio>
#include <cuda_runtime.h>
#include <vector>

__global__ void saxpy(int n, float a, const float *x, float *y) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += blockDim.x * gridDim.x)
    y[i] = a * x[i] + y[i];
}

int main() {
  const int n = 1 << 22;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = (float)(i % 1000) * 0.5f;
    y[i] = (float)(i % 7);
  }
  float *dx, *dy;
  cudaMalloc(&dx, n * sizeof(float));
  cudaMalloc(&dy, n * sizeof(float));
  cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemcpy(dy, y.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  saxpy<<<256, 256>>>(n, 3.0f, dx, dy);
  cudaError_t err = cudaDeviceSynchronize();
  if (err != cudaSuccess) {
    printf("saxpy: %s\n", cudaGetErrorString(err));
    return 1;
  }
  std::vector<float> out(n);
  cudaMemcpy(out.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost);
  int wrong = 0;
  for (int i = 0; i < n; ++i)
    wrong += std::fabs(out[i] - (3.0f * x[i] + y[i])) > 1e-5f * std::fabs(out[i]);
  printf("saxpy: %d elements, %d wrong: %s\n", n, wrong,
         wrong ? "FAIL" : "PASS");
  cudaFree(dx);
  cudaFree(dy);
  return wrong != 0;
}

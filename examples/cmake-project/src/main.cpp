// Host code (C++, compiled by the C++ compiler): data, the calls into the
// library, and a check against the same computation on the host.
#include "vecops.h"

#include <cmath>
#include <cstdio>
#include <cuda_runtime.h>
#include <vector>

int main() {
  const int n = 1 << 16;
  const float a = 0.5f;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = static_cast<float>(i % 97) / 97.0f;
    y[i] = static_cast<float>(i % 13) - 6.0f;
  }
  float *d_x, *d_y;
  cudaMalloc(&d_x, n * sizeof(float));
  cudaMalloc(&d_y, n * sizeof(float));
  cudaMemcpy(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemcpy(d_y, y.data(), n * sizeof(float), cudaMemcpyHostToDevice);

  float dot = run_dot_axpy(a, d_x, d_y, n);
  run_saxpy(a, d_x, d_y, n);
  std::vector<float> y2(n);
  cudaMemcpy(y2.data(), d_y, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaError_t err = cudaGetLastError();

  double want = 0;
  int wrong = 0;
  for (int i = 0; i < n; ++i) {
    float t = a * x[i] + y[i];
    want += static_cast<double>(t) * x[i];
    if (y2[i] != t)
      ++wrong;
  }
  bool ok = err == cudaSuccess && wrong == 0 &&
            std::fabs(dot - want) <= 1e-4 * std::fabs(want) + 1e-3;
  std::printf("saxpy: %d wrong; dot: %.3f (host %.3f); %s: %s\n", wrong, dot,
              want, cudaGetErrorName(err), ok ? "PASS" : "FAIL");
  cudaFree(d_x);
  cudaFree(d_y);
  return ok ? 0 : 1;
}

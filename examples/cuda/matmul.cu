// matmul: C = A * B for 256x256 floats with 16x16 shared-memory tiles,
// checked against a host product.
//   cumetalc matmul.cu -o matmul && ./matmul
#include <cmath>
#include <cstdio>
#include <cuda_runtime.h>
#include <vector>

constexpr int Tile = 16;

__global__ void matmul(const float *A, const float *B, float *C, int n) {
  __shared__ float a[Tile][Tile];
  __shared__ float b[Tile][Tile];
  int row = blockIdx.y * Tile + threadIdx.y;
  int col = blockIdx.x * Tile + threadIdx.x;
  float acc = 0.0f;
  for (int k0 = 0; k0 < n; k0 += Tile) {
    a[threadIdx.y][threadIdx.x] = A[row * n + k0 + threadIdx.x];
    b[threadIdx.y][threadIdx.x] = B[(k0 + threadIdx.y) * n + col];
    __syncthreads();
    for (int k = 0; k < Tile; ++k)
      acc += a[threadIdx.y][k] * b[k][threadIdx.x];
    __syncthreads();
  }
  C[row * n + col] = acc;
}

int main() {
  const int n = 256;
  std::vector<float> A(n * n), B(n * n), C(n * n);
  for (int i = 0; i < n * n; ++i) {
    A[i] = (float)((i * 7) % 11) - 5.0f;
    B[i] = (float)((i * 3) % 13) - 6.0f;
  }
  float *dA, *dB, *dC;
  size_t bytes = n * n * sizeof(float);
  cudaMalloc(&dA, bytes);
  cudaMalloc(&dB, bytes);
  cudaMalloc(&dC, bytes);
  cudaMemcpy(dA, A.data(), bytes, cudaMemcpyHostToDevice);
  cudaMemcpy(dB, B.data(), bytes, cudaMemcpyHostToDevice);
  matmul<<<dim3(n / Tile, n / Tile), dim3(Tile, Tile)>>>(dA, dB, dC, n);
  cudaMemcpy(C.data(), dC, bytes, cudaMemcpyDeviceToHost);
  // Small integers: every product and sum is exact in float.
  int wrong = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      float ref = 0.0f;
      for (int k = 0; k < n; ++k)
        ref += A[i * n + k] * B[k * n + j];
      wrong += C[i * n + j] != ref;
    }
  printf("matmul: %dx%d, %d wrong: %s\n", n, n, wrong, wrong ? "FAIL" : "PASS");
  cudaFree(dA);
  cudaFree(dB);
  cudaFree(dC);
  return wrong != 0;
}

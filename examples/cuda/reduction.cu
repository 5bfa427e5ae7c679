// reduction: sum of a million integers with a shared-memory tree per block,
// warp shuffles for the last 32 partial sums, and one atomicAdd per block.
//   cumetalc reduction.cu -o reduction && ./reduction
#include <cstdio>
#include <cuda_runtime.h>
#include <vector>

template <unsigned Block>
__global__ void reduce_sum(const int *in, unsigned long n, int *total) {
  __shared__ int partial[Block];
  unsigned t = threadIdx.x;
  int sum = 0;
  for (unsigned long i = blockIdx.x * Block + t; i < n; i += Block * gridDim.x)
    sum += in[i];
  partial[t] = sum;
  __syncthreads();
  for (unsigned s = Block / 2; s >= 32; s >>= 1) {
    if (t < s)
      partial[t] += partial[t + s];
    __syncthreads();
  }
  if (t < 32) {
    int v = partial[t];
    for (int offset = 16; offset > 0; offset >>= 1)
      v += __shfl_down_sync(0xffffffffu, v, offset);
    if (t == 0)
      atomicAdd(total, v);
  }
}

int main() {
  const unsigned long n = 1 << 20;
  std::vector<int> data(n);
  long long expected = 0;
  for (unsigned long i = 0; i < n; ++i) {
    data[i] = (int)(i % 17) - 8;
    expected += data[i];
  }
  int *din, *dtotal;
  cudaMalloc(&din, n * sizeof(int));
  cudaMalloc(&dtotal, sizeof(int));
  cudaMemcpy(din, data.data(), n * sizeof(int), cudaMemcpyHostToDevice);
  cudaMemset(dtotal, 0, sizeof(int));
  reduce_sum<256><<<64, 256>>>(din, n, dtotal);
  int total = 0;
  cudaMemcpy(&total, dtotal, sizeof(int), cudaMemcpyDeviceToHost);
  printf("reduction: sum %d, expected %lld: %s\n", total, expected,
         total == expected ? "PASS" : "FAIL");
  cudaFree(din);
  cudaFree(dtotal);
  return total != expected;
}

// A shared-memory histogram: each block counts into __shared__ bins with
// atomics, then adds its counts to the global bins.
#include "common.h"
#include "config.h"

__global__ void histogram_kernel(const unsigned *data, int n, unsigned *bins) {
  __shared__ unsigned local[NUM_BINS];
  for (int b = threadIdx.x; b < NUM_BINS; b += blockDim.x)
    local[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += gridDim.x * blockDim.x)
    atomicAdd(&local[data[i] % NUM_BINS], 1u);
  __syncthreads();
  for (int b = threadIdx.x; b < NUM_BINS; b += blockDim.x)
    atomicAdd(&bins[b], local[b]);
}

void histogram(const unsigned *d_data, int n, unsigned *d_bins) {
  cudaMemset(d_bins, 0, NUM_BINS * sizeof(unsigned));
  histogram_kernel<<<8, 128>>>(d_data, n, d_bins);
}

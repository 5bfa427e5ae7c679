// The cumulative histogram of pseudo-random data: histogram.cu counts,
// a kernel here turns the counts into a CDF with scan.cu's warp scan, and
// host.cpp checks the result against a host computation.
#include "common.h"
#include "config.h"
#include "scan.h"

#include <cstdio>
#include <cuda_runtime.h>

__global__ void cdf_kernel(unsigned *bins) {
  // NUM_BINS == 32: one warp scans them all.
  bins[threadIdx.x] = warp_inclusive_scan(bins[threadIdx.x]);
}

int main() {
  const int n = 100000;
  std::vector<unsigned> data(n);
  unsigned x = 12345;
  for (unsigned &v : data) {
    x = x * 1664525u + 1013904223u;
    v = x >> 8;
  }
  unsigned *d_data, *d_bins;
  cudaMalloc(&d_data, n * sizeof(unsigned));
  cudaMalloc(&d_bins, NUM_BINS * sizeof(unsigned));
  cudaMemcpy(d_data, data.data(), n * sizeof(unsigned),
             cudaMemcpyHostToDevice);
  histogram(d_data, n, d_bins);
  cdf_kernel<<<1, NUM_BINS>>>(d_bins);
  std::vector<unsigned> cdf(NUM_BINS);
  cudaMemcpy(cdf.data(), d_bins, NUM_BINS * sizeof(unsigned),
             cudaMemcpyDeviceToHost);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) {
    std::printf("CUDA error: %s\n", cudaGetErrorString(err));
    return 1;
  }
  bool ok = report("cumulative histogram", cdf, reference_cdf(data, NUM_BINS));
  cudaFree(d_data);
  cudaFree(d_bins);
  return ok ? 0 : 1;
}

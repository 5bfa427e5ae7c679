// Empty-kernel launch cost: many <<<1, 1>>> launches of a kernel that does
// nothing, then one synchronisation (throughput of the launch path), and
// launch + synchronise one at a time (round-trip latency). Issue 4 targets
// at most 20 microseconds per empty launch.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cuda_runtime.h>

__global__ void empty() {}

int main() {
  const int n = 20000;
  empty<<<1, 1>>>(); // warm-up (and JIT)
  cudaDeviceSynchronize();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    empty<<<1, 1>>>();
  cudaDeviceSynchronize();
  double queued = std::chrono::duration<double, std::micro>(
                      std::chrono::steady_clock::now() - t0)
                      .count() /
                  n;
  double best = 1e30;
  for (int r = 0; r < 5; ++r) {
    auto t1 = std::chrono::steady_clock::now();
    for (int i = 0; i < n / 10; ++i) {
      empty<<<1, 1>>>();
      cudaDeviceSynchronize();
    }
    best = std::min(best, std::chrono::duration<double, std::micro>(
                              std::chrono::steady_clock::now() - t1)
                                  .count() /
                              (n / 10));
  }
  if (cudaGetLastError() != cudaSuccess) {
    printf("launch_latency: launch failed\n");
    return 1;
  }
  printf("launch_latency: %.2f us per queued launch, %.2f us per launch + "
         "synchronize (target <= 20 us)\n",
         queued, best);
  return 0;
}

// The runtime's structures and entry points seen from host code compiled
// against cumetal's headers (CUDA 12's API) and against NVIDIA's (nvcc 13,
// the binary path): both builds must print the same lines.
#include <cstdio>
#include <cuda_runtime.h>

#define SHOW(field) std::printf(#field " %lld\n", (long long)P.field)

__global__ void touch(int *p) { p[threadIdx.x] += 1; }

int main() {
  // A canary after the structure: a runtime writing a larger cudaDeviceProp
  // than the caller's would overwrite it.
  struct {
    cudaDeviceProp P;
    unsigned Canary[16];
  } S;
  for (unsigned &C : S.Canary)
    C = 0xC0FFEE;
  cudaDeviceProp &P = S.P;
  std::printf("get %d\n", (int)cudaGetDeviceProperties(&P, 0));
  std::printf("name %s\n", P.name);
  SHOW(totalGlobalMem);
  SHOW(sharedMemPerBlock);
  SHOW(regsPerBlock);
  SHOW(warpSize);
  SHOW(maxThreadsPerBlock);
  SHOW(maxThreadsDim[0]);
  SHOW(maxThreadsDim[2]);
  SHOW(maxGridSize[0]);
  SHOW(maxGridSize[1]);
  SHOW(totalConstMem);
  SHOW(major);
  SHOW(minor);
  SHOW(multiProcessorCount);
  SHOW(integrated);
  SHOW(canMapHostMemory);
  SHOW(concurrentKernels);
  SHOW(asyncEngineCount);
  SHOW(unifiedAddressing);
  SHOW(l2CacheSize);
  SHOW(maxThreadsPerMultiProcessor);
  SHOW(sharedMemPerMultiprocessor);
  SHOW(regsPerMultiprocessor);
  SHOW(managedMemory);
  SHOW(concurrentManagedAccess);
  SHOW(cooperativeLaunch);
  SHOW(sharedMemPerBlockOptin);
  SHOW(maxBlocksPerMultiProcessor);
  SHOW(reservedSharedMemPerBlock);
  SHOW(memoryPoolsSupported);
  SHOW(clusterLaunch);
  SHOW(unifiedFunctionPointers);
  bool CanaryOk = true;
  for (unsigned C : S.Canary)
    CanaryOk &= C == 0xC0FFEE;
  std::printf("canary %s\n", CanaryOk ? "intact" : "overwritten");

  // Managed memory, prefetched and advised through whichever signature the
  // headers declare (CUDA 13 takes a cudaMemLocation).
  int *M;
  cudaMallocManaged(&M, 32 * sizeof(int));
  for (int I = 0; I < 32; ++I)
    M[I] = I;
#if CUDART_VERSION >= 13000
  cudaMemLocation Dev = {cudaMemLocationTypeDevice, 0};
  cudaMemLocation Host = {cudaMemLocationTypeHost, 0};
  int Prefetch = cudaMemPrefetchAsync(M, 32 * sizeof(int), Dev, 0, 0);
  int Advise = cudaMemAdvise(M, 32 * sizeof(int),
                             cudaMemAdviseSetPreferredLocation, Dev);
  int Back = cudaMemPrefetchAsync(M, 32 * sizeof(int), Host, 0, 0);
  int BadDevice = cudaMemPrefetchAsync(
      M, 32 * sizeof(int), cudaMemLocation{cudaMemLocationTypeDevice, 3}, 0, 0);
#else
  int Prefetch = cudaMemPrefetchAsync(M, 32 * sizeof(int), 0, 0);
  int Advise =
      cudaMemAdvise(M, 32 * sizeof(int), cudaMemAdviseSetPreferredLocation, 0);
  int Back = cudaMemPrefetchAsync(M, 32 * sizeof(int), cudaCpuDeviceId, 0);
  int BadDevice = cudaMemPrefetchAsync(M, 32 * sizeof(int), 3, 0);
#endif
  std::printf("prefetch %d advise %d back %d bad-device %d\n", Prefetch, Advise,
              Back, BadDevice);
  cudaGetLastError();
  touch<<<1, 32>>>(M);
  std::printf("sync %d\n", (int)cudaDeviceSynchronize());
  long Sum = 0;
  for (int I = 0; I < 32; ++I)
    Sum += M[I];
  std::printf("sum %ld\n", Sum);
  cudaFree(M);
  return 0;
}

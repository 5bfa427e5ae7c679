// Header smoke check: host code of a typical CUDA program compiles in
// Clang's host pass (<<<>>> launches, the documented C++ overloads,
// symbols) and device pass. Not run; compiled only.
#include <cstdio>
#include <cstdlib>
#include <cuda.h>
#include <cuda_profiler_api.h>
#include <cuda_runtime.h>
#include <vector>

#define CHECK(x)                                                               \
  do {                                                                         \
    cudaError_t e = (x);                                                       \
    if (e != cudaSuccess) {                                                    \
      std::fprintf(stderr, "%s: %s (%s)\n", #x, cudaGetErrorString(e),         \
                   cudaGetErrorName(e));                                       \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

__device__ int d_value;
__constant__ float c_table[16];

struct Params {
  float scale;
  int n;
  double bias;
};

__global__ void scale(float *x, Params p) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < p.n)
    x[i] = x[i] * p.scale * c_table[i % 16] + d_value + p.bias;
}

template <typename T> __global__ void fill(T *x, T v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    x[i] = v;
}

static void CUDART_CB done(cudaStream_t, cudaError_t status, void *user) {
  *static_cast<int *>(user) = status == cudaSuccess;
}

int main() {
  static_assert(CUDART_VERSION == 12000 && CUDA_VERSION == 12000, "version");
#if !defined(__CUDACC__) || !defined(__NVCC__) || __CUDACC_VER_MAJOR__ != 12
#error "nvcc's predefined macros"
#endif
  int n = 1000;
  float *d_x = nullptr;
  CHECK(cudaMalloc(&d_x, n * sizeof(float)));
  std::vector<float> h(n, 1.0f), table(16, 2.0f);
  CHECK(cudaMemcpy(d_x, h.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpyToSymbol(c_table, table.data(), 16 * sizeof(float)));
  int v = 3;
  CHECK(cudaMemcpyToSymbol(d_value, &v, sizeof v));
  CHECK(cudaMemcpyToSymbol(d_value, &v, sizeof v, 0, cudaMemcpyHostToDevice));
  void *addr;
  CHECK(cudaGetSymbolAddress(&addr, d_value));
  size_t sz;
  CHECK(cudaGetSymbolSize(&sz, c_table));

  cudaStream_t s;
  CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop, cudaEventBlockingSync));
  CHECK(cudaEventRecord(start, s));
  Params p{2.0f, n, 0.5};
  scale<<<(n + 255) / 256, 256>>>(d_x, p);
  scale<<<dim3((n + 127) / 128), dim3(128), 0, s>>>(d_x, p);
  fill<float><<<4, 256, 0, cudaStreamPerThread>>>(d_x, 1.0f, n);
  fill<<<4, 256, 64>>>(d_x, 2.0f, n);
  CHECK(cudaGetLastError());
  void *args[] = {&d_x, &p};
  CHECK(cudaLaunchKernel(scale, dim3(4), dim3(256), args));
  CHECK(cudaLaunchKernel((const void *)scale, dim3(4), dim3(256), args, 0, s));
  int flag = 0;
  CHECK(cudaStreamAddCallback(s, done, &flag, 0));
  CHECK(cudaEventRecord(stop, s));
  CHECK(cudaEventSynchronize(stop));
  float ms;
  CHECK(cudaEventElapsedTime(&ms, start, stop));

  cudaFuncAttributes attr;
  CHECK(cudaFuncGetAttributes(&attr, scale));
  CHECK(cudaFuncSetAttribute(scale, cudaFuncAttributeMaxDynamicSharedMemorySize,
                             1024));
  CHECK(cudaFuncSetCacheConfig(scale, cudaFuncCachePreferL1));
  int minGrid, block, blocks;
  CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, scale, 0, 0));
  CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &block, fill<int>));
  CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, scale, 128, 0));

  float *pinned, *managed;
  CHECK(cudaMallocHost(&pinned, 64));
  CHECK(cudaHostAlloc(&pinned, 64, cudaHostAllocMapped));
  CHECK(cudaMallocManaged(&managed, 64));
  size_t pitch;
  float *pitched;
  CHECK(cudaMallocPitch(&pitched, &pitch, 100, 10));
  cudaPitchedPtr pp = make_cudaPitchedPtr(pitched, pitch, 100, 10);
  cudaMemcpy3DParms parms = {};
  parms.srcPtr = pp;
  parms.dstPtr = pp;
  parms.extent = make_cudaExtent(100, 10, 1);
  parms.kind = cudaMemcpyDeviceToDevice;
  CHECK(cudaMemcpy3D(&parms));
  cudaPointerAttributes pa;
  CHECK(cudaPointerGetAttributes(&pa, managed));
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("%s %d.%d %d\n", prop.name, prop.major, prop.minor,
              prop.multiProcessorCount);
  CHECK(cudaMemcpyFromSymbol(&v, d_value, sizeof v));
  CHECK(cudaProfilerStart());
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaFreeHost(pinned));
  CHECK(cudaFree(managed));
  CHECK(cudaFree(d_x));
  CHECK(cudaDeviceReset());

  CUresult r = cuInit(0);
  const char *msg;
  cuGetErrorString(r, &msg);
  return 0;
}

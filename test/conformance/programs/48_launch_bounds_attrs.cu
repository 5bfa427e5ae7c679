// __launch_bounds__, cudaFuncGetAttributes, cudaOccupancyMaxPotentialBlockSize,
// cudaOccupancyMaxActiveBlocksPerMultiprocessor, cudaFuncSetCacheConfig and
// device properties. Values that differ between GPUs are only printed as
// sanity verdicts (e.g. "blockSize>0 && <=1024: yes").
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call)                                                            \
    do {                                                                       \
        cudaError_t err_ = (call);                                             \
        if (err_ != cudaSuccess) {                                             \
            printf("CUDA error %s at line %d\n", cudaGetErrorName(err_),       \
                   __LINE__);                                                  \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

static bool g_ok = true;
static void yesno(const char *what, bool ok) {
    printf("%s: %s\n", what, ok ? "yes" : "no");
    if (!ok) g_ok = false;
}

__global__ void __launch_bounds__(256, 2) bounded256(float *out, const float *in, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = in[i] * 2.0f + 1.0f;
}

__global__ void __launch_bounds__(128) bounded128(int *out) {
    out[blockIdx.x * blockDim.x + threadIdx.x] = threadIdx.x;
}

__global__ void with_static_smem(int *out) {
    __shared__ float s[1024];
    s[threadIdx.x] = (float)threadIdx.x;
    __syncthreads();
    out[threadIdx.x] = (int)s[1023 - threadIdx.x];
}

__global__ void plain(int *out) { out[threadIdx.x] = 1; }

int main() {
    int count = 0;
    CHECK(cudaGetDeviceCount(&count));
    yesno("device count >= 1", count >= 1);
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    yesno("warpSize == 32", prop.warpSize == 32);
    yesno("maxThreadsPerBlock == 1024", prop.maxThreadsPerBlock == 1024);
    yesno("maxThreadsDim == (1024, 1024, 64)", prop.maxThreadsDim[0] == 1024 &&
                                                  prop.maxThreadsDim[1] == 1024 &&
                                                  prop.maxThreadsDim[2] == 64);
    yesno("maxGridSize == (2147483647, 65535, 65535)", prop.maxGridSize[0] == 2147483647 &&
                                                          prop.maxGridSize[1] == 65535 &&
                                                          prop.maxGridSize[2] == 65535);
    yesno("sharedMemPerBlock >= 32768", prop.sharedMemPerBlock >= 32768);
    yesno("multiProcessorCount >= 1", prop.multiProcessorCount >= 1);
    yesno("totalGlobalMem > 0", prop.totalGlobalMem > 0);
    int ws = 0;
    CHECK(cudaDeviceGetAttribute(&ws, cudaDevAttrWarpSize, 0));
    yesno("cudaDevAttrWarpSize == 32", ws == 32);

    cudaFuncAttributes a;
    CHECK(cudaFuncGetAttributes(&a, bounded256));
    printf("bounded256 maxThreadsPerBlock = %d\n", a.maxThreadsPerBlock);
    yesno("__launch_bounds__(256, 2) -> maxThreadsPerBlock == 256", a.maxThreadsPerBlock == 256);
    CHECK(cudaFuncGetAttributes(&a, bounded128));
    printf("bounded128 maxThreadsPerBlock = %d\n", a.maxThreadsPerBlock);
    yesno("__launch_bounds__(128) -> maxThreadsPerBlock == 128", a.maxThreadsPerBlock == 128);
    yesno("numRegs <= 255", a.numRegs >= 0 && a.numRegs <= 255);
    CHECK(cudaFuncGetAttributes(&a, with_static_smem));
    printf("with_static_smem sharedSizeBytes = %zu\n", a.sharedSizeBytes);
    yesno("static __shared__ float[1024] -> sharedSizeBytes == 4096", a.sharedSizeBytes == 4096);
    yesno("plain kernel maxThreadsPerBlock == 1024",
          cudaFuncGetAttributes(&a, plain) == cudaSuccess && a.maxThreadsPerBlock == 1024);

    int minGrid = 0, blockSize = 0;
    CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, bounded256, 0, 0));
    yesno("bounded256: blockSize>0 && <=256", blockSize > 0 && blockSize <= 256);
    yesno("bounded256: minGridSize > 0", minGrid > 0);
    CHECK(cudaOccupancyMaxPotentialBlockSize(&minGrid, &blockSize, plain, 0, 0));
    yesno("plain: blockSize>0 && <=1024", blockSize > 0 && blockSize <= 1024);
    yesno("plain: blockSize multiple of 32", blockSize % 32 == 0);
    int active = 0;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&active, bounded256, 256, 0));
    yesno("active blocks per SM for 256 threads >= 1", active >= 1);

    CHECK(cudaFuncSetCacheConfig(bounded256, cudaFuncCachePreferShared));
    yesno("cudaFuncSetAttribute(PreferredSharedMemoryCarveout) succeeds",
          cudaFuncSetAttribute(bounded256, cudaFuncAttributePreferredSharedMemoryCarveout, 50) == cudaSuccess);

    // launches within the bounds work
    const int n = 1000;
    std::vector<float> in(n), out(n);
    for (int i = 0; i < n; ++i) in[i] = (float)i;
    float *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(float)));
    CHECK(cudaMalloc(&d_out, n * sizeof(float)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    bounded256<<<(n + 255) / 256, 256>>>(d_out, d_in, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(float), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (out[i] != 2.0f * i + 1.0f) ok = false;
    yesno("launch of bounded256 with 256 threads gives correct results", ok);
    int *d_i;
    CHECK(cudaMalloc(&d_i, 1024 * sizeof(int)));
    with_static_smem<<<1, 1024>>>(d_i);
    CHECK(cudaGetLastError());
    std::vector<int> hi(1024);
    CHECK(cudaMemcpy(hi.data(), d_i, 1024 * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int t = 0; t < 1024; ++t)
        if (hi[t] != 1023 - t) ok = false;
    yesno("1024-thread block with static shared memory", ok);

    // launching above the declared bound fails
    bounded128<<<1, 256>>>(d_i);
    cudaError_t e = cudaGetLastError();
    printf("bounded128 launched with 256 threads -> %s\n", cudaGetErrorName(e));
    yesno("launch above __launch_bounds__ fails", e != cudaSuccess);
    yesno("device usable afterwards", cudaDeviceSynchronize() == cudaSuccess);

    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_i));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

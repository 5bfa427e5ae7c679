// Error semantics of the runtime API (non-sticky errors): invalid launch
// configurations, bad memcpy kind, huge allocation, invalid device, invalid
// pointers and sizes; cudaPeekAtLastError (does not clear) versus
// cudaGetLastError (clears); cudaGetErrorName / cudaGetErrorString of each
// error; the device keeps working afterwards.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

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
static void verdict(const char *what, bool ok) {
    printf("%s: %s\n", what, ok ? "PASS" : "FAIL");
    if (!ok) g_ok = false;
}

// CUDA 13 reports invalid launch configurations as cudaErrorInvalidValue;
// older releases used cudaErrorInvalidConfiguration. The exact name is part of
// the recorded output; the verdict accepts either.
static bool rejected(cudaError_t e) {
    return e == cudaErrorInvalidConfiguration || e == cudaErrorInvalidValue;
}

static void show(const char *what, cudaError_t e) {
    printf("%s -> %s (%d): %s\n", what, cudaGetErrorName(e), (int)e, cudaGetErrorString(e));
}

__global__ void fill(int *p, int v) { p[blockIdx.x * blockDim.x + threadIdx.x] = v; }

__global__ void uses_dynamic_smem(int *p) {
    extern __shared__ int s[];
    s[threadIdx.x] = threadIdx.x;
    __syncthreads();
    p[threadIdx.x] = s[blockDim.x - 1 - threadIdx.x];
}

static bool device_still_works(int *d) {
    fill<<<2, 64>>>(d, 77);
    if (cudaGetLastError() != cudaSuccess) return false;
    int h[128];
    if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess) return false;
    for (int i = 0; i < 128; ++i)
        if (h[i] != 77) return false;
    return true;
}

int main() {
    int *d;
    CHECK(cudaMalloc(&d, 1024 * sizeof(int)));
    verdict("no error at start", cudaGetLastError() == cudaSuccess);

    // 1. block of 2048 threads
    fill<<<1, 2048>>>(d, 1);
    cudaError_t peek1 = cudaPeekAtLastError();
    cudaError_t peek2 = cudaPeekAtLastError();
    cudaError_t get1 = cudaGetLastError();
    cudaError_t get2 = cudaGetLastError();
    show("launch with 2048 threads per block: cudaPeekAtLastError", peek1);
    verdict("block of 2048 threads rejected at launch", rejected(peek1));
    verdict("cudaPeekAtLastError does not clear", peek2 == peek1 && get1 == peek1);
    verdict("cudaGetLastError clears", get2 == cudaSuccess);
    verdict("invalid configuration is not sticky", device_still_works(d));
    verdict("cudaDeviceSynchronize after invalid launch", cudaDeviceSynchronize() == cudaSuccess);

    // 2. grid.y too large, 3. blockDim.z too large, 4. empty grid
    fill<<<dim3(1, 65536), 1>>>(d, 1);
    cudaError_t e = cudaGetLastError();
    show("grid (1, 65536)", e);
    verdict("gridDim.y > 65535 rejected at launch", rejected(e));
    fill<<<1, dim3(1, 1, 128)>>>(d, 1);
    e = cudaGetLastError();
    show("block (1, 1, 128)", e);
    verdict("blockDim.z > 64 rejected at launch", rejected(e));
    fill<<<0, 32>>>(d, 1);
    e = cudaGetLastError();
    show("grid of 0 blocks", e);
    verdict("empty grid rejected at launch", rejected(e));

    // 5. too much dynamic shared memory (1 MiB)
    uses_dynamic_smem<<<1, 32, 1 << 20>>>(d);
    e = cudaGetLastError();
    show("1 MiB dynamic shared memory", e);
    verdict("too much dynamic shared memory fails at launch", e != cudaSuccess);
    verdict("device works after failed launches", device_still_works(d));

    // 6. bad memcpy kind
    int h[16] = {0};
    e = cudaMemcpy(h, d, sizeof h, (cudaMemcpyKind)42);
    show("cudaMemcpy with kind 42", e);
    verdict("bad memcpy kind -> cudaErrorInvalidMemcpyDirection", e == cudaErrorInvalidMemcpyDirection);
    e = cudaGetLastError();
    show("  then cudaGetLastError", e);
    verdict("bad memcpy kind is reported by cudaGetLastError once", e == cudaErrorInvalidMemcpyDirection &&
                                                                     cudaGetLastError() == cudaSuccess);

    // 7. absurd allocation
    void *p = nullptr;
    e = cudaMalloc(&p, 1ull << 62);
    show("cudaMalloc(2^62 bytes)", e);
    verdict("huge cudaMalloc -> cudaErrorMemoryAllocation", e == cudaErrorMemoryAllocation);
    e = cudaPeekAtLastError();
    show("  then cudaPeekAtLastError", e);
    verdict("allocation failure recorded as last error", e == cudaErrorMemoryAllocation);
    cudaGetLastError();
    verdict("allocation failure is not sticky", device_still_works(d));

    // 8. invalid device
    e = cudaSetDevice(9999);
    show("cudaSetDevice(9999)", e);
    verdict("cudaSetDevice(9999) -> cudaErrorInvalidDevice", e == cudaErrorInvalidDevice);
    cudaGetLastError();
    int dev = -1;
    CHECK(cudaGetDevice(&dev));
    verdict("current device unchanged", dev == 0);

    // 9. null destination
    e = cudaMemcpy(nullptr, d, 64, cudaMemcpyDeviceToHost);
    show("cudaMemcpy to nullptr", e);
    verdict("cudaMemcpy to nullptr -> cudaErrorInvalidValue", e == cudaErrorInvalidValue);
    cudaGetLastError();

    // 10. cudaMemset past the end of an allocation
    e = cudaMemset(d, 0, 1 << 20);
    show("cudaMemset of 1 MiB on a 4 KiB allocation", e);
    verdict("cudaMemset past the allocation -> cudaErrorInvalidValue", e == cudaErrorInvalidValue);
    cudaGetLastError();

    // 11. freeing a pointer that was never allocated
    int on_stack = 0;
    e = cudaFree(&on_stack);
    show("cudaFree(host stack address)", e);
    verdict("cudaFree of a non-device pointer -> cudaErrorInvalidValue", e == cudaErrorInvalidValue);
    cudaGetLastError();
    verdict("cudaFree(nullptr) is cudaSuccess", cudaFree(nullptr) == cudaSuccess);

    // names and strings of some codes
    const cudaError_t codes[] = {cudaSuccess,
                                 cudaErrorInvalidValue,
                                 cudaErrorMemoryAllocation,
                                 cudaErrorInvalidConfiguration,
                                 cudaErrorInvalidDevice,
                                 cudaErrorInvalidMemcpyDirection,
                                 cudaErrorLaunchOutOfResources,
                                 cudaErrorIllegalAddress,
                                 cudaErrorAssert,
                                 cudaErrorLaunchFailure,
                                 cudaErrorNotReady};
    for (cudaError_t c : codes) printf("code %d: %s: %s\n", (int)c, cudaGetErrorName(c), cudaGetErrorString(c));

    verdict("device works at the end", device_still_works(d));
    verdict("no pending error at the end", cudaGetLastError() == cudaSuccess &&
                                               cudaDeviceSynchronize() == cudaSuccess);
    CHECK(cudaFree(d));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

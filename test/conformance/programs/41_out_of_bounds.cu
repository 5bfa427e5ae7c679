// A deliberately out-of-bounds kernel: thread 0 writes far outside a 1 KiB
// allocation (element 1<<28, i.e. 1 GiB past its start). On an NVIDIA GPU this
// is reported as cudaErrorIllegalAddress at the next synchronisation, and the
// error is sticky: later allocations, copies and launches fail with it, while
// cudaGetLastError reports it once. cumetalc's CPU backend is run with
// CUMETAL_CHECK=1 so that it checks memory accesses. The program exits 0 after
// checking this behaviour.
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

__global__ void in_bounds(int *buf, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) buf[i] = i;
}

__global__ void out_of_bounds(int *buf, long long far_index, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) buf[i] = -i;
    if (i == 0) buf[far_index] = 12345;  // 1 GiB past the start of a 1 KiB buffer
}

int main() {
    const int n = 256;  // 1 KiB
    int *d;
    CHECK(cudaMalloc(&d, n * sizeof(int)));
    in_bounds<<<1, n>>>(d, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    int h[n];
    CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (h[i] != i) ok = false;
    verdict("in-bounds kernel", ok);
    fflush(stdout);

    out_of_bounds<<<1, n>>>(d, 1LL << 28, n);
    cudaError_t launch = cudaGetLastError();
    printf("launch: %s\n", cudaGetErrorName(launch));
    verdict("the launch itself succeeds", launch == cudaSuccess);
    cudaError_t sync = cudaDeviceSynchronize();
    printf("cudaDeviceSynchronize: %s: %s\n", cudaGetErrorName(sync), cudaGetErrorString(sync));
    verdict("out-of-bounds write -> cudaErrorIllegalAddress", sync == cudaErrorIllegalAddress);

    cudaError_t g1 = cudaGetLastError(), g2 = cudaGetLastError();
    printf("cudaGetLastError twice: %s, %s\n", cudaGetErrorName(g1), cudaGetErrorName(g2));
    // the last-error slot reports the error once; the context stays broken
    verdict("cudaGetLastError reports cudaErrorIllegalAddress", g1 == cudaErrorIllegalAddress);
    void *p = nullptr;
    cudaError_t m = cudaMalloc(&p, 1024);
    printf("cudaMalloc afterwards: %s\n", cudaGetErrorName(m));
    verdict("sticky: cudaMalloc fails", m == cudaErrorIllegalAddress);
    cudaError_t c = cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    printf("cudaMemcpy afterwards: %s\n", cudaGetErrorName(c));
    verdict("sticky: cudaMemcpy fails", c == cudaErrorIllegalAddress);
    in_bounds<<<1, n>>>(d, n);
    cudaError_t l = cudaGetLastError();
    printf("launch afterwards: %s\n", cudaGetErrorName(l));
    verdict("sticky: a new launch fails", l == cudaErrorIllegalAddress);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

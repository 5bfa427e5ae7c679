// Device-side assert: a kernel whose assertion fails makes the next
// synchronising call return cudaErrorAssert, and the error is sticky: later
// runtime calls (allocation, copies, launches, synchronisation) keep
// returning it, while cudaGetLastError reports it once. The device prints the
// assertion message to stderr, which is not compared. The program exits 0
// after checking this behaviour.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cassert>  // needed for assert(); the only program that includes it

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

__global__ void check_positive(const int *data, int *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        assert(data[i] >= 0);
        out[i] = data[i] * 2;
    }
}

int main() {
    const int n = 256;
    int h[n];
    for (int i = 0; i < n; ++i) h[i] = i;
    int *d_data, *d_out;
    CHECK(cudaMalloc(&d_data, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMemcpy(d_data, h, sizeof h, cudaMemcpyHostToDevice));

    // all values valid: the assertion holds
    check_positive<<<2, 128>>>(d_data, d_out, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    int o[n];
    CHECK(cudaMemcpy(o, d_out, sizeof o, cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (o[i] != 2 * i) ok = false;
    verdict("kernel with a passing assert", ok);
    fflush(stdout);

    // one negative value: the assertion fails in one thread
    h[77] = -5;
    CHECK(cudaMemcpy(d_data, h, sizeof h, cudaMemcpyHostToDevice));
    check_positive<<<2, 128>>>(d_data, d_out, n);
    cudaError_t launch = cudaGetLastError();
    printf("launch: %s\n", cudaGetErrorName(launch));
    cudaError_t sync = cudaDeviceSynchronize();
    printf("cudaDeviceSynchronize: %s: %s\n", cudaGetErrorName(sync), cudaGetErrorString(sync));
    verdict("failed assert -> cudaErrorAssert at synchronisation", sync == cudaErrorAssert);

    cudaError_t g1 = cudaGetLastError();
    cudaError_t g2 = cudaGetLastError();
    printf("cudaGetLastError twice: %s, %s\n", cudaGetErrorName(g1), cudaGetErrorName(g2));
    // the last-error slot reports the error once; the context stays broken
    verdict("cudaGetLastError reports cudaErrorAssert", g1 == cudaErrorAssert);
    void *p = nullptr;
    cudaError_t m = cudaMalloc(&p, 1024);
    printf("cudaMalloc after assert: %s\n", cudaGetErrorName(m));
    verdict("sticky: cudaMalloc fails with cudaErrorAssert", m == cudaErrorAssert);
    cudaError_t c = cudaMemcpy(o, d_out, sizeof o, cudaMemcpyDeviceToHost);
    printf("cudaMemcpy after assert: %s\n", cudaGetErrorName(c));
    verdict("sticky: cudaMemcpy fails with cudaErrorAssert", c == cudaErrorAssert);
    check_positive<<<1, 1>>>(d_data, d_out, 1);
    cudaError_t l = cudaGetLastError();
    printf("launch after assert: %s\n", cudaGetErrorName(l));
    verdict("sticky: a new launch reports cudaErrorAssert", l == cudaErrorAssert);
    cudaError_t s2 = cudaDeviceSynchronize();
    printf("cudaDeviceSynchronize again: %s\n", cudaGetErrorName(s2));
    verdict("sticky: cudaDeviceSynchronize keeps failing", s2 == cudaErrorAssert);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

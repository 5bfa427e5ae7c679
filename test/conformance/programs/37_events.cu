// Events: cudaEventCreate/WithFlags, cudaEventRecord on the default and on
// created streams, cudaEventSynchronize, cudaEventQuery (never-recorded and
// completed events), cudaEventElapsedTime (printed only as "> 0" / ">= 0"
// booleans), events created with cudaEventDisableTiming, and the error for
// timing such an event.
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
static void verdict(const char *what, bool ok) {
    printf("%s: %s\n", what, ok ? "PASS" : "FAIL");
    if (!ok) g_ok = false;
}

__global__ void busy(unsigned *out, int iters) {
    unsigned v = threadIdx.x + blockIdx.x * blockDim.x;
    for (int k = 0; k < iters; ++k) v = v * 1664525u + 1013904223u;
    out[blockIdx.x * blockDim.x + threadIdx.x] = v;
}

int main() {
    const int threads = 256, blocks = 4, iters = 2000;  // ~2M dependent steps in total
    unsigned *d;
    CHECK(cudaMalloc(&d, blocks * threads * sizeof(unsigned)));

    cudaEvent_t start, stop, never;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    CHECK(cudaEventCreate(&never));
    cudaError_t q = cudaEventQuery(never);
    printf("cudaEventQuery(never recorded) = %s\n", cudaGetErrorName(q));
    verdict("query of a never-recorded event is cudaSuccess", q == cudaSuccess);

    CHECK(cudaEventRecord(start));
    busy<<<blocks, threads>>>(d, iters);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    q = cudaEventQuery(stop);
    printf("cudaEventQuery(after synchronize) = %s\n", cudaGetErrorName(q));
    verdict("query after cudaEventSynchronize is cudaSuccess", q == cudaSuccess);
    float ms = -1.0f;
    CHECK(cudaEventElapsedTime(&ms, start, stop));
    printf("elapsed > 0: %s\n", ms > 0.0f ? "yes" : "no");
    verdict("elapsed time positive", ms > 0.0f);

    // events on a created stream; back-to-back records give elapsed >= 0
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    cudaEvent_t a, b;
    CHECK(cudaEventCreateWithFlags(&a, cudaEventDefault));
    CHECK(cudaEventCreateWithFlags(&b, cudaEventBlockingSync));
    CHECK(cudaEventRecord(a, s));
    CHECK(cudaEventRecord(b, s));
    CHECK(cudaEventSynchronize(b));
    float ms2 = -1.0f;
    CHECK(cudaEventElapsedTime(&ms2, a, b));
    printf("back-to-back elapsed >= 0: %s\n", ms2 >= 0.0f ? "yes" : "no");
    verdict("back-to-back events elapsed >= 0", ms2 >= 0.0f);

    CHECK(cudaEventRecord(a, s));
    busy<<<blocks, threads, 0, s>>>(d, iters);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(b, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaEventElapsedTime(&ms2, a, b));
    printf("stream elapsed > 0: %s\n", ms2 > 0.0f ? "yes" : "no");
    verdict("elapsed time on a created stream positive", ms2 > 0.0f);
    verdict("cudaEventQuery after cudaStreamSynchronize", cudaEventQuery(b) == cudaSuccess);

    // timing disabled
    cudaEvent_t nt1, nt2;
    CHECK(cudaEventCreateWithFlags(&nt1, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&nt2, cudaEventDisableTiming));
    CHECK(cudaEventRecord(nt1, s));
    busy<<<1, 32, 0, s>>>(d, 10);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(nt2, s));
    CHECK(cudaEventSynchronize(nt2));
    verdict("cudaEventQuery on a DisableTiming event", cudaEventQuery(nt2) == cudaSuccess);
    float ms3 = 0.0f;
    cudaError_t e = cudaEventElapsedTime(&ms3, nt1, nt2);
    printf("cudaEventElapsedTime(DisableTiming) = %s: %s\n", cudaGetErrorName(e), cudaGetErrorString(e));
    verdict("timing a DisableTiming event fails", e != cudaSuccess);
    cudaGetLastError();  // clear

    // results of the busy kernel are deterministic too
    std::vector<unsigned> h(32);
    CHECK(cudaMemcpy(h.data(), d, 32 * sizeof(unsigned), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int t = 0; t < 32; ++t) {
        unsigned v = t;
        for (int k = 0; k < 10; ++k) v = v * 1664525u + 1013904223u;
        if (h[t] != v) ok = false;
    }
    verdict("kernel between DisableTiming events ran", ok);

    CHECK(cudaEventDestroy(start));
    CHECK(cudaEventDestroy(stop));
    CHECK(cudaEventDestroy(never));
    CHECK(cudaEventDestroy(a));
    CHECK(cudaEventDestroy(b));
    CHECK(cudaEventDestroy(nt1));
    CHECK(cudaEventDestroy(nt2));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(d));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Host work in stream order: cudaLaunchHostFunc and cudaStreamAddCallback
// interleaved with kernels and async copies (each host function sees the
// results of the work enqueued before it), cudaStreamWaitEvent making one
// stream wait for an event recorded in another, and event-based fork/join.
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

__global__ void add_k(int *buf, int n, int k, int iters, int zero) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned v = (unsigned)i;
    for (int t = 0; t < iters; ++t) v = v * 1664525u + 1013904223u;  // delay
    buf[i] += k + (int)(v & 1u) * zero;
}

__global__ void accumulate(int *a, const int *b, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) a[i] += b[i];
}

struct Log {
    int entries[64];
    int seen[64];
    int count;
    const int *pinned;  // host-visible copy of buf[0]
};

static void CUDART_CB host_fn(void *p) {
    Log *log = (Log *)p;
    log->entries[log->count] = 100 + log->count;
    log->seen[log->count] = *log->pinned;
    log->count++;
}

static void CUDART_CB stream_cb(cudaStream_t, cudaError_t status, void *p) {
    Log *log = (Log *)p;
    log->entries[log->count] = status == cudaSuccess ? 200 + log->count : -1;
    log->seen[log->count] = *log->pinned;
    log->count++;
}

int main() {
    const int n = 8192;
    int *d_buf, *h_pinned;
    CHECK(cudaMalloc(&d_buf, n * sizeof(int)));
    CHECK(cudaMallocHost(&h_pinned, sizeof(int)));
    *h_pinned = -1;
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    Log log;
    log.count = 0;
    log.pinned = h_pinned;
    CHECK(cudaMemsetAsync(d_buf, 0, n * sizeof(int), s));
    // kernel k adds k; after each, copy buf[0] to pinned memory, then a host
    // function or callback records what it sees
    for (int k = 1; k <= 6; ++k) {
        add_k<<<n / 256, 256, 0, s>>>(d_buf, n, k, 20, 0);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpyAsync(h_pinned, d_buf, sizeof(int), cudaMemcpyDeviceToHost, s));
        if (k % 2)
            CHECK(cudaLaunchHostFunc(s, host_fn, &log));
        else
            CHECK(cudaStreamAddCallback(s, stream_cb, &log, 0));
    }
    CHECK(cudaStreamSynchronize(s));
    bool ok_order = log.count == 6;
    int acc = 0;
    for (int k = 1; k <= 6 && ok_order; ++k) {
        acc += k;
        int expect_entry = (k % 2 ? 100 : 200) + (k - 1);
        if (log.entries[k - 1] != expect_entry || log.seen[k - 1] != acc) ok_order = false;
        printf("host step %d: entry %d saw %d\n", k, log.entries[k - 1], log.seen[k - 1]);
    }
    verdict("cudaLaunchHostFunc/cudaStreamAddCallback run in stream order", ok_order);

    // cudaStreamWaitEvent: s2 waits for the event recorded after a slow kernel on s1
    cudaStream_t s1, s2;
    CHECK(cudaStreamCreateWithFlags(&s1, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&s2, cudaStreamNonBlocking));
    cudaEvent_t ev;
    CHECK(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming));
    CHECK(cudaMemset(d_buf, 0, n * sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    add_k<<<n / 256, 256, 0, s1>>>(d_buf, n, 1000, 100, 0);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(ev, s1));
    CHECK(cudaStreamWaitEvent(s2, ev, 0));
    add_k<<<n / 256, 256, 0, s2>>>(d_buf, n, 1, 0, 0);  // must see the +1000
    CHECK(cudaGetLastError());
    CHECK(cudaStreamSynchronize(s2));
    std::vector<int> h(n);
    CHECK(cudaMemcpy(h.data(), d_buf, n * sizeof(int), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (h[i] != 1001) ok = false;
    verdict("cudaStreamWaitEvent orders work across non-blocking streams", ok);

    // fork/join: main stream forks to two streams, joins back with events
    cudaEvent_t fork, j1, j2;
    CHECK(cudaEventCreateWithFlags(&fork, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&j1, cudaEventDisableTiming));
    CHECK(cudaEventCreateWithFlags(&j2, cudaEventDisableTiming));
    int *d_a, *d_b;
    CHECK(cudaMalloc(&d_a, n * sizeof(int)));
    CHECK(cudaMalloc(&d_b, n * sizeof(int)));
    CHECK(cudaMemsetAsync(d_a, 0, n * sizeof(int), s));
    CHECK(cudaMemsetAsync(d_b, 0, n * sizeof(int), s));
    CHECK(cudaEventRecord(fork, s));
    CHECK(cudaStreamWaitEvent(s1, fork, 0));
    CHECK(cudaStreamWaitEvent(s2, fork, 0));
    add_k<<<n / 256, 256, 0, s1>>>(d_a, n, 5, 50, 0);
    add_k<<<n / 256, 256, 0, s2>>>(d_b, n, 9, 50, 0);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(j1, s1));
    CHECK(cudaEventRecord(j2, s2));
    CHECK(cudaStreamWaitEvent(s, j1, 0));
    CHECK(cudaStreamWaitEvent(s, j2, 0));
    // on s: a += b (needs both branches)
    accumulate<<<n / 256, 256, 0, s>>>(d_a, d_b, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpyAsync(h.data(), d_b, n * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    std::vector<int> ha(n);
    CHECK(cudaMemcpy(ha.data(), d_a, n * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int i = 0; i < n; ++i)
        if (ha[i] != 14 || h[i] != 9) ok = false;
    verdict("event fork/join across three streams", ok);

    CHECK(cudaEventDestroy(ev));
    CHECK(cudaEventDestroy(fork));
    CHECK(cudaEventDestroy(j1));
    CHECK(cudaEventDestroy(j2));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaStreamDestroy(s1));
    CHECK(cudaStreamDestroy(s2));
    CHECK(cudaFree(d_buf));
    CHECK(cudaFree(d_a));
    CHECK(cudaFree(d_b));
    CHECK(cudaFreeHost(h_pinned));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

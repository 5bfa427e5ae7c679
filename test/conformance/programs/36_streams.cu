// Streams: several blocking streams each running copy-in / kernel / copy-out
// on pinned memory with cudaMemcpyAsync; cudaStreamNonBlocking streams;
// legacy default stream ordering (work on stream 0 waits for, and is waited
// on by, work in blocking streams); cudaStreamPerThread; cudaStreamQuery,
// cudaStreamSynchronize, cudaStreamGetFlags.
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

// deliberately slow-ish: each element runs a dependent loop
__global__ void work(const int *in, int *out, int n, int iters, int add) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned v = (unsigned)in[i];
    for (int k = 0; k < iters; ++k) v = v * 1664525u + 1013904223u;
    out[i] = (int)(v & 0xffff) + add;
}

static int host_work(int x, int iters, int add) {
    unsigned v = (unsigned)x;
    for (int k = 0; k < iters; ++k) v = v * 1664525u + 1013904223u;
    return (int)(v & 0xffff) + add;
}

// producer writes a marker late; consumer copies it
// (zero is 0 at run time; it keeps the delay loop from being optimised away)
__global__ void produce(int *buf, int n, int iters, int value, int zero) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    unsigned v = (unsigned)i;
    for (int k = 0; k < iters; ++k) v = v * 1664525u + 1013904223u;
    buf[i] = value + (int)(v & 1u) * zero;  // value, after the delay loop
}
__global__ void consume(const int *buf, int *out, int n, int add) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = buf[i] + add;
}

int main() {
    const int nstreams = 4, chunk = 8192, n = nstreams * chunk, iters = 50;
    int *h_in, *h_out;
    CHECK(cudaMallocHost(&h_in, n * sizeof(int)));
    CHECK(cudaMallocHost(&h_out, n * sizeof(int)));
    for (int i = 0; i < n; ++i) {
        h_in[i] = i * 7 + 1;
        h_out[i] = -1;
    }
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));

    // --- several blocking streams, pipelined chunks
    cudaStream_t s[nstreams];
    for (int k = 0; k < nstreams; ++k) CHECK(cudaStreamCreate(&s[k]));
    for (int k = 0; k < nstreams; ++k) {
        int off = k * chunk;
        CHECK(cudaMemcpyAsync(d_in + off, h_in + off, chunk * sizeof(int), cudaMemcpyHostToDevice, s[k]));
        work<<<chunk / 256, 256, 0, s[k]>>>(d_in + off, d_out + off, chunk, iters, k * 100000);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpyAsync(h_out + off, d_out + off, chunk * sizeof(int), cudaMemcpyDeviceToHost, s[k]));
    }
    for (int k = 0; k < nstreams; ++k) CHECK(cudaStreamSynchronize(s[k]));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (h_out[i] != host_work(h_in[i], iters, (i / chunk) * 100000)) ok = false;
    verdict("4 streams: async copy / kernel / async copy", ok);
    bool q = true;
    for (int k = 0; k < nstreams; ++k)
        if (cudaStreamQuery(s[k]) != cudaSuccess) q = false;
    verdict("cudaStreamQuery after synchronize is cudaSuccess", q);
    unsigned flags = 99;
    CHECK(cudaStreamGetFlags(s[0], &flags));
    printf("blocking stream flags = %u\n", flags);

    // --- legacy default stream ordering:
    // produce on s[0] (blocking) -> consume on stream 0 -> consume on s[1]
    const int m = 4096;
    int *d_buf, *d_mid, *d_fin;
    CHECK(cudaMalloc(&d_buf, m * sizeof(int)));
    CHECK(cudaMalloc(&d_mid, m * sizeof(int)));
    CHECK(cudaMalloc(&d_fin, m * sizeof(int)));
    CHECK(cudaMemset(d_buf, 0, m * sizeof(int)));
    CHECK(cudaMemset(d_mid, 0, m * sizeof(int)));
    CHECK(cudaDeviceSynchronize());
    produce<<<m / 128, 128, 0, s[0]>>>(d_buf, m, 300, 41, 0);
    CHECK(cudaGetLastError());
    consume<<<m / 128, 128>>>(d_buf, d_mid, m, 1);  // legacy stream 0: waits for s[0]
    CHECK(cudaGetLastError());
    consume<<<m / 128, 128, 0, s[1]>>>(d_mid, d_fin, m, 100);  // waits for stream 0
    CHECK(cudaGetLastError());
    CHECK(cudaStreamSynchronize(s[1]));
    std::vector<int> fin(m);
    CHECK(cudaMemcpy(fin.data(), d_fin, m * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int i = 0; i < m; ++i)
        if (fin[i] != 142) ok = false;
    verdict("legacy default stream orders blocking streams", ok);

    // --- non-blocking streams with explicit synchronisation
    cudaStream_t nb1, nb2;
    CHECK(cudaStreamCreateWithFlags(&nb1, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&nb2, cudaStreamNonBlocking));
    CHECK(cudaStreamGetFlags(nb1, &flags));
    printf("non-blocking stream flags = %u (cudaStreamNonBlocking = %u)\n", flags,
           (unsigned)cudaStreamNonBlocking);
    verdict("cudaStreamGetFlags reports cudaStreamNonBlocking", flags == cudaStreamNonBlocking);
    CHECK(cudaMemsetAsync(d_buf, 0, m * sizeof(int), nb1));
    produce<<<m / 128, 128, 0, nb1>>>(d_buf, m, 100, 7, 0);
    CHECK(cudaGetLastError());
    CHECK(cudaStreamSynchronize(nb1));
    consume<<<m / 128, 128, 0, nb2>>>(d_buf, d_fin, m, 3);
    CHECK(cudaGetLastError());
    CHECK(cudaStreamSynchronize(nb2));
    CHECK(cudaMemcpy(fin.data(), d_fin, m * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int i = 0; i < m; ++i)
        if (fin[i] != 10) ok = false;
    verdict("non-blocking streams with cudaStreamSynchronize between them", ok);

    // --- per-thread default stream handle
    consume<<<m / 128, 128, 0, cudaStreamPerThread>>>(d_buf, d_mid, m, 5);
    CHECK(cudaGetLastError());
    CHECK(cudaStreamSynchronize(cudaStreamPerThread));
    CHECK(cudaMemcpy(fin.data(), d_mid, m * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int i = 0; i < m; ++i)
        if (fin[i] != 12) ok = false;
    verdict("cudaStreamPerThread launch + synchronize", ok);

    // --- many small async operations on one stream keep their order
    int *h_acc;
    CHECK(cudaMallocHost(&h_acc, sizeof(int)));
    *h_acc = 0;
    int *d_acc;
    CHECK(cudaMalloc(&d_acc, sizeof(int)));
    CHECK(cudaMemsetAsync(d_acc, 0, sizeof(int), s[2]));
    for (int k = 1; k <= 50; ++k) {
        consume<<<1, 1, 0, s[2]>>>(d_acc, d_acc, 1, k);  // acc += k, in order
        CHECK(cudaGetLastError());
    }
    CHECK(cudaMemcpyAsync(h_acc, d_acc, sizeof(int), cudaMemcpyDeviceToHost, s[2]));
    CHECK(cudaStreamSynchronize(s[2]));
    printf("in-order accumulation = %d\n", *h_acc);
    verdict("stream order of 50 dependent kernels", *h_acc == 1275);

    for (int k = 0; k < nstreams; ++k) CHECK(cudaStreamDestroy(s[k]));
    CHECK(cudaStreamDestroy(nb1));
    CHECK(cudaStreamDestroy(nb2));
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_buf));
    CHECK(cudaFree(d_mid));
    CHECK(cudaFree(d_fin));
    CHECK(cudaFree(d_acc));
    CHECK(cudaFreeHost(h_in));
    CHECK(cudaFreeHost(h_out));
    CHECK(cudaFreeHost(h_acc));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

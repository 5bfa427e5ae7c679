// Histograms: 256 bins over 1 Mi bytes with per-block privatised shared-memory
// histograms (shared atomics) merged with global atomics; a 1000-bin histogram
// (more bins than threads per block); and a global-atomics-only version.
// Counts are order-independent.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
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

__global__ void hist256_shared(const unsigned char *data, int n, unsigned *hist) {
    __shared__ unsigned local[256];
    for (int i = threadIdx.x; i < 256; i += blockDim.x) local[i] = 0;
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        atomicAdd(&local[data[i]], 1u);
    __syncthreads();
    for (int i = threadIdx.x; i < 256; i += blockDim.x)
        if (local[i]) atomicAdd(&hist[i], local[i]);
}

__global__ void hist_bins_shared(const int *vals, int n, int nbins, unsigned *hist) {
    extern __shared__ unsigned bins[];
    for (int i = threadIdx.x; i < nbins; i += blockDim.x) bins[i] = 0;
    __syncthreads();
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        atomicAdd(&bins[vals[i] % nbins], 1u);
    __syncthreads();
    for (int i = threadIdx.x; i < nbins; i += blockDim.x) atomicAdd(&hist[i], bins[i]);
}

__global__ void hist256_global(const unsigned char *data, int n, unsigned *hist) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        atomicAdd(&hist[data[i]], 1u);
}

int main() {
    const int n = 1 << 20;
    std::vector<unsigned char> data(n);
    uint32_t s = 2463534242u;
    for (int i = 0; i < n; ++i) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        // skewed distribution: low byte of a sum, so some bins are much fuller
        data[i] = (unsigned char)((s & 0xff) < 64 ? 7 : (s >> 8) & 0xff);
    }
    std::vector<unsigned> ref(256, 0);
    for (int i = 0; i < n; ++i) ref[data[i]]++;
    unsigned char *d_data;
    unsigned *d_hist;
    CHECK(cudaMalloc(&d_data, n));
    CHECK(cudaMalloc(&d_hist, 1000 * sizeof(unsigned)));
    CHECK(cudaMemcpy(d_data, data.data(), n, cudaMemcpyHostToDevice));

    CHECK(cudaMemset(d_hist, 0, 256 * sizeof(unsigned)));
    hist256_shared<<<64, 256>>>(d_data, n, d_hist);
    CHECK(cudaGetLastError());
    std::vector<unsigned> h(256);
    CHECK(cudaMemcpy(h.data(), d_hist, 256 * sizeof(unsigned), cudaMemcpyDeviceToHost));
    verdict("256-bin histogram, shared-memory atomics", h == ref);
    printf("bin[7] = %u, bin[0] = %u, bin[255] = %u\n", h[7], h[0], h[255]);

    CHECK(cudaMemset(d_hist, 0, 256 * sizeof(unsigned)));
    hist256_global<<<48, 192>>>(d_data, n, d_hist);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h.data(), d_hist, 256 * sizeof(unsigned), cudaMemcpyDeviceToHost));
    verdict("256-bin histogram, global atomics only", h == ref);

    const int m = 300000, nbins = 1000;
    std::vector<int> vals(m);
    for (int i = 0; i < m; ++i) vals[i] = (int)(((unsigned)i * 2654435761u) >> 7) + (i % 3) * 17;
    std::vector<unsigned> ref2(nbins, 0);
    for (int i = 0; i < m; ++i) ref2[vals[i] % nbins]++;
    int *d_vals;
    CHECK(cudaMalloc(&d_vals, m * sizeof(int)));
    CHECK(cudaMemcpy(d_vals, vals.data(), m * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d_hist, 0, nbins * sizeof(unsigned)));
    hist_bins_shared<<<40, 128, nbins * sizeof(unsigned)>>>(d_vals, m, nbins, d_hist);
    CHECK(cudaGetLastError());
    std::vector<unsigned> h2(nbins);
    CHECK(cudaMemcpy(h2.data(), d_hist, nbins * sizeof(unsigned), cudaMemcpyDeviceToHost));
    verdict("1000-bin histogram, dynamic shared memory", h2 == ref2);
    unsigned total = 0;
    for (unsigned c : h2) total += c;
    printf("1000-bin total = %u\n", total);
    CHECK(cudaFree(d_data));
    CHECK(cudaFree(d_hist));
    CHECK(cudaFree(d_vals));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

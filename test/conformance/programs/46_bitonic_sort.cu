// Bitonic sort: a 1024-element block sort in shared memory (many blocks at
// once), and a 16384-element global sort of key/value pairs mixing global
// compare-exchange passes and shared-memory passes; results are compared with
// std::sort (keys are distinct, so the permutation is unique).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <vector>
#include <algorithm>

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

#define BLOCK_ELEMS 1024

// sorts each 1024-element segment; 512 threads, each handles one pair per step
__global__ void block_bitonic(unsigned *keys) {
    __shared__ unsigned s[BLOCK_ELEMS];
    unsigned *seg = keys + blockIdx.x * BLOCK_ELEMS;
    int t = threadIdx.x;
    s[t] = seg[t];
    s[t + 512] = seg[t + 512];
    __syncthreads();
    for (int k = 2; k <= BLOCK_ELEMS; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            int i = 2 * t - (t & (j - 1));  // lower index of the pair
            int p = i + j;
            bool ascending = (i & k) == 0;
            unsigned a = s[i], b = s[p];
            if ((a > b) == ascending) {
                s[i] = b;
                s[p] = a;
            }
            __syncthreads();
        }
    }
    seg[t] = s[t];
    seg[t + 512] = s[t + 512];
}

// one global compare-exchange pass (k, j) over key/value pairs
__global__ void global_step(unsigned *keys, unsigned *vals, int n, int k, int j) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int p = i ^ j;
    if (p > i) {
        bool ascending = (i & k) == 0;
        unsigned a = keys[i], b = keys[p];
        if ((a > b) == ascending) {
            keys[i] = b;
            keys[p] = a;
            unsigned va = vals[i];
            vals[i] = vals[p];
            vals[p] = va;
        }
    }
}

// all passes with j < 512 for a given k, in shared memory (1024 per block)
__global__ void shared_steps(unsigned *keys, unsigned *vals, int k, int jstart) {
    __shared__ unsigned sk[1024], sv[1024];
    int base = blockIdx.x * 1024, t = threadIdx.x;
    sk[t] = keys[base + t];
    sk[t + 512] = keys[base + t + 512];
    sv[t] = vals[base + t];
    sv[t + 512] = vals[base + t + 512];
    __syncthreads();
    for (int j = jstart; j > 0; j >>= 1) {
        int i = 2 * t - (t & (j - 1));
        int p = i + j;
        bool ascending = ((base + i) & k) == 0;
        unsigned a = sk[i], b = sk[p];
        if ((a > b) == ascending) {
            sk[i] = b;
            sk[p] = a;
            unsigned va = sv[i];
            sv[i] = sv[p];
            sv[p] = va;
        }
        __syncthreads();
    }
    keys[base + t] = sk[t];
    keys[base + t + 512] = sk[t + 512];
    vals[base + t] = sv[t];
    vals[base + t + 512] = sv[t + 512];
}

static std::vector<unsigned> distinct_keys(int n, uint32_t seed) {
    // a permutation of a multiplicative sequence: distinct 32-bit keys
    std::vector<unsigned> v(n);
    for (int i = 0; i < n; ++i) v[i] = ((unsigned)i * 2654435761u) ^ seed;
    return v;
}

int main() {
    {
        const int segs = 16, n = segs * BLOCK_ELEMS;
        std::vector<unsigned> keys = distinct_keys(n, 0x9e3779b9u);
        unsigned *d;
        CHECK(cudaMalloc(&d, n * sizeof(unsigned)));
        CHECK(cudaMemcpy(d, keys.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));
        block_bitonic<<<segs, 512>>>(d);
        CHECK(cudaGetLastError());
        std::vector<unsigned> out(n);
        CHECK(cudaMemcpy(out.data(), d, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
        for (int s = 0; s < segs; ++s)
            std::sort(keys.begin() + s * BLOCK_ELEMS, keys.begin() + (s + 1) * BLOCK_ELEMS);
        verdict("16 segments of 1024 sorted in shared memory", out == keys);
        CHECK(cudaFree(d));
    }
    {
        const int n = 16384;
        std::vector<unsigned> keys = distinct_keys(n, 0x12345678u), vals(n);
        for (int i = 0; i < n; ++i) vals[i] = (unsigned)i;
        unsigned *dk, *dv;
        CHECK(cudaMalloc(&dk, n * sizeof(unsigned)));
        CHECK(cudaMalloc(&dv, n * sizeof(unsigned)));
        CHECK(cudaMemcpy(dk, keys.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dv, vals.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));
        int launches = 0;
        for (int k = 2; k <= n; k <<= 1) {
            int j = k >> 1;
            for (; j >= 512; j >>= 1) {
                global_step<<<n / 256, 256>>>(dk, dv, n, k, j);
                ++launches;
            }
            shared_steps<<<n / 1024, 512>>>(dk, dv, k, j);
            ++launches;
        }
        CHECK(cudaGetLastError());
        std::vector<unsigned> ok_keys(n), ok_vals(n);
        CHECK(cudaMemcpy(ok_keys.data(), dk, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(ok_vals.data(), dv, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
        std::vector<unsigned> sorted = keys;
        std::sort(sorted.begin(), sorted.end());
        bool pairs = true;
        for (int i = 0; i < n; ++i)
            if (keys[ok_vals[i]] != ok_keys[i]) pairs = false;
        printf("global sort of %d pairs in %d launches\n", n, launches);
        verdict("16384 keys sorted", ok_keys == sorted);
        verdict("values follow their keys", pairs);
        printf("min key 0x%08x, max key 0x%08x\n", ok_keys[0], ok_keys[n - 1]);
        CHECK(cudaFree(dk));
        CHECK(cudaFree(dv));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

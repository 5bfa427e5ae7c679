// Block-wide barrier reductions: __syncthreads_count, __syncthreads_and,
// __syncthreads_or, for full blocks (256 threads) and blocks with a partial
// last warp (100 threads), with predicates that are true for all, none, one
// or some threads.
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

#define NP 5
__host__ __device__ inline int pred(int k, int t, int b, int v) {
    switch (k) {
    case 0: return 1;
    case 1: return 0;
    case 2: return t == 37 + b;
    case 3: return (v & 3) == 1;
    default: return t % 2;
    }
}

__global__ void k(const int *data, int *out) {
    int t = threadIdx.x, b = blockIdx.x;
    int v = data[b * blockDim.x + t];
    int *o = out + (b * blockDim.x + t) * NP * 3;
    for (int p = 0; p < NP; ++p) {
        int q = pred(p, t, b, v);
        o[p * 3 + 0] = __syncthreads_count(q);
        o[p * 3 + 1] = __syncthreads_and(q);
        o[p * 3 + 2] = __syncthreads_or(q);
    }
}

int main() {
    const int sizes[2] = {256, 100};
    const int blocks = 5;
    for (int B : sizes) {
        int n = blocks * B;
        std::vector<int> data(n);
        for (int i = 0; i < n; ++i) data[i] = (int)((i * 2654435761u) >> 9);
        int *d_data, *d_out;
        CHECK(cudaMalloc(&d_data, n * sizeof(int)));
        CHECK(cudaMalloc(&d_out, n * NP * 3 * sizeof(int)));
        CHECK(cudaMemcpy(d_data, data.data(), n * sizeof(int), cudaMemcpyHostToDevice));
        k<<<blocks, B>>>(d_data, d_out);
        CHECK(cudaGetLastError());
        std::vector<int> out(n * NP * 3);
        CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(int), cudaMemcpyDeviceToHost));
        bool okc = true, oka = true, oko = true;
        for (int b = 0; b < blocks; ++b)
            for (int p = 0; p < NP; ++p) {
                int cnt = 0;
                for (int t = 0; t < B; ++t) cnt += pred(p, t, b, data[b * B + t]) ? 1 : 0;
                for (int t = 0; t < B; ++t) {
                    const int *o = &out[((b * B + t) * NP + p) * 3];
                    if (o[0] != cnt) okc = false;
                    if ((o[1] != 0) != (cnt == B)) oka = false;
                    if ((o[2] != 0) != (cnt > 0)) oko = false;
                }
            }
        char name[64];
        snprintf(name, sizeof name, "__syncthreads_count block=%d", B);
        verdict(name, okc);
        snprintf(name, sizeof name, "__syncthreads_and block=%d", B);
        verdict(name, oka);
        snprintf(name, sizeof name, "__syncthreads_or block=%d", B);
        verdict(name, oko);
        CHECK(cudaFree(d_data));
        CHECK(cudaFree(d_out));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

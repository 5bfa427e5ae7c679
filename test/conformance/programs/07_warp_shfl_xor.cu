// __shfl_xor_sync with width 32, 16, 8 and 4 for every lane mask below the
// width, plus butterfly all-reductions (sum, max, min) in each segment.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

template <typename T, int W>
__global__ void xor_all(const T *in, T *out) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int n = gridDim.x * blockDim.x;
    T v = in[g];
    for (int m = 1; m < W; ++m) out[(m - 1) * n + g] = __shfl_xor_sync(0xffffffffu, v, m, W);
}

template <typename T, int W>
__global__ void butterfly(const T *in, T *sum, T *mx, T *mn) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    T s = in[g], a = in[g], b = in[g];
    for (int m = W / 2; m > 0; m /= 2) {
        s += __shfl_xor_sync(0xffffffffu, s, m, W);
        T oa = __shfl_xor_sync(0xffffffffu, a, m, W);
        T ob = __shfl_xor_sync(0xffffffffu, b, m, W);
        a = oa > a ? oa : a;
        b = ob < b ? ob : b;
    }
    sum[g] = s;
    mx[g] = a;
    mn[g] = b;
}

template <typename T> T make_value(int i);
template <> int make_value<int>(int i) { return (int)((i * 2246822519u) >> 8) % 100000 - 50000; }
template <> unsigned make_value<unsigned>(int i) { return (i * 2654435761u) >> 4; }
template <> float make_value<float>(int i) { return (float)((i * 53) % 1999 - 999) * 0.25f; }

template <typename T> static bool same(T a, T b) { return memcmp(&a, &b, sizeof(T)) == 0; }

template <typename T, int W>
static void run(const char *tname) {
    const int blocks = 2, threads = 128, n = blocks * threads;
    std::vector<T> in(n);
    for (int i = 0; i < n; ++i) in[i] = make_value<T>(i);
    T *d_in, *d_out, *d_sum, *d_max, *d_min;
    CHECK(cudaMalloc(&d_in, n * sizeof(T)));
    CHECK(cudaMalloc(&d_out, (W - 1) * n * sizeof(T)));
    CHECK(cudaMalloc(&d_sum, n * sizeof(T)));
    CHECK(cudaMalloc(&d_max, n * sizeof(T)));
    CHECK(cudaMalloc(&d_min, n * sizeof(T)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(T), cudaMemcpyHostToDevice));
    xor_all<T, W><<<blocks, threads>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    butterfly<T, W><<<blocks, threads>>>(d_in, d_sum, d_max, d_min);
    CHECK(cudaGetLastError());
    std::vector<T> out((W - 1) * n), sum(n), mx(n), mn(n);
    CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sum.data(), d_sum, n * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(mx.data(), d_max, n * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(mn.data(), d_min, n * sizeof(T), cudaMemcpyDeviceToHost));
    bool ok = true, ok_red = true;
    for (int m = 1; m < W; ++m)
        for (int g = 0; g < n; ++g) {
            int l = (g % 32) % W, base = g - l;
            if (!same(out[(m - 1) * n + g], in[base + (l ^ m)])) ok = false;
        }
    for (int g = 0; g < n; ++g) {
        int base = g - (g % 32) % W;
        T s = 0, a = in[base], b = in[base];
        for (int l = 0; l < W; ++l) {
            s += in[base + l];
            a = std::max(a, in[base + l]);
            b = std::min(b, in[base + l]);
        }
        if (!same(sum[g], s) || !same(mx[g], a) || !same(mn[g], b)) ok_red = false;
    }
    char name[96];
    snprintf(name, sizeof name, "__shfl_xor_sync %s width=%d all masks", tname, W);
    verdict(name, ok);
    snprintf(name, sizeof name, "butterfly sum/max/min %s width=%d", tname, W);
    verdict(name, ok_red);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_sum));
    CHECK(cudaFree(d_max));
    CHECK(cudaFree(d_min));
}

template <typename T>
static void run_all(const char *tname) {
    run<T, 32>(tname);
    run<T, 16>(tname);
    run<T, 8>(tname);
    run<T, 4>(tname);
}

int main() {
    run_all<int>("int");
    run_all<unsigned>("unsigned");
    run_all<float>("float");
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

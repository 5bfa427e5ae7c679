// __shfl_sync (indexed shuffle) with width 32, 16, 8 and 4, for int,
// unsigned, float, long long and unsigned long long; source lanes that are
// constant, rotating, reversed and out of range (taken modulo width).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

#define NMODES 6
__host__ __device__ inline int src_lane(int mode, int lane, int width) {
    switch (mode) {
    case 0: return 0;
    case 1: return lane + 1;              // rotate (wraps modulo width)
    case 2: return width - 1 - (lane % width);  // reverse within segment
    case 3: return lane + width + 3;      // >= width: modulo width
    case 4: return (lane * 5) % 32;       // scattered
    default: return width / 2;            // broadcast from the middle
    }
}

template <typename T, int W>
__global__ void shfl_idx(const T *in, T *out) {
    int gtid = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31;
    T v = in[gtid];
    for (int mode = 0; mode < NMODES; ++mode) {
        int src = src_lane(mode, lane, W);
        out[mode * gridDim.x * blockDim.x + gtid] = __shfl_sync(0xffffffffu, v, src, W);
    }
}

template <typename T> T make_value(int i);
template <> int make_value<int>(int i) { return (int)(i * 2654435761u) ^ (i << 3); }
template <> unsigned make_value<unsigned>(int i) { return i * 40503u + 0x9e3779b9u; }
template <> float make_value<float>(int i) { return (float)((i * 37) % 2001 - 1000) * 0.125f; }
template <> long long make_value<long long>(int i) {
    return (long long)(((unsigned long long)(i * 7 + 1) << 33) ^ (unsigned long long)(i * 977)) *
           (i % 2 ? -1 : 1);
}
template <> unsigned long long make_value<unsigned long long>(int i) {
    return 0xfedcba9876543210ull ^ ((unsigned long long)i << 40) ^ (unsigned long long)(i * 131);
}

template <typename T> static bool same(T a, T b) { return memcmp(&a, &b, sizeof(T)) == 0; }

template <typename T, int W>
static void run(const char *tname) {
    const int blocks = 3, threads = 128, n = blocks * threads;
    std::vector<T> in(n), out((size_t)n * NMODES);
    for (int i = 0; i < n; ++i) in[i] = make_value<T>(i);
    T *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(T)));
    CHECK(cudaMalloc(&d_out, out.size() * sizeof(T)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(T), cudaMemcpyHostToDevice));
    shfl_idx<T, W><<<blocks, threads>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(T), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int mode = 0; mode < NMODES; ++mode)
        for (int g = 0; g < n; ++g) {
            int lane = g % 32, warp_base = g - lane;
            int seg_base = warp_base + (lane / W) * W;
            int src = src_lane(mode, lane, W) % W;
            if (!same(out[(size_t)mode * n + g], in[seg_base + src])) ok = false;
        }
    char name[96];
    snprintf(name, sizeof name, "__shfl_sync %s width=%d", tname, W);
    verdict(name, ok);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
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
    run_all<long long>("long long");
    run_all<unsigned long long>("unsigned long long");
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// __shfl_up_sync and __shfl_down_sync with width 32, 16, 8 and 4: lanes
// whose source falls outside their segment keep their own value; warp
// inclusive scans (shfl_up) and segment reductions (shfl_down) per width.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

#define NDELTA 6
__host__ __device__ inline unsigned delta_of(int k, int width) {
    switch (k) {
    case 0: return 1;
    case 1: return 2;
    case 2: return 3;
    case 3: return width / 2;
    case 4: return width - 1;
    default: return width;  // every lane keeps its own value
    }
}

template <typename T, int W>
__global__ void updown(const T *in, T *up, T *down) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int n = gridDim.x * blockDim.x;
    T v = in[g];
    for (int k = 0; k < NDELTA; ++k) {
        unsigned d = delta_of(k, W);
        up[k * n + g] = __shfl_up_sync(0xffffffffu, v, d, W);
        down[k * n + g] = __shfl_down_sync(0xffffffffu, v, d, W);
    }
}

// Inclusive scan within each segment of W lanes (Hillis-Steele with shfl_up)
// and a segment sum with shfl_down (lane 0 of the segment holds the total).
template <typename T, int W>
__global__ void scan_reduce(const T *in, T *scan, T *sum) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int l = threadIdx.x % W;
    T v = in[g];
    T s = v;
    for (int off = 1; off < W; off *= 2) {
        T o = __shfl_up_sync(0xffffffffu, s, off, W);
        if (l >= off) s += o;
    }
    scan[g] = s;
    T r = v;
    for (int off = W / 2; off > 0; off /= 2) r += __shfl_down_sync(0xffffffffu, r, off, W);
    if (l == 0) sum[g / W] = r;
}

template <typename T> T make_value(int i);
template <> int make_value<int>(int i) { return (i * 7919) % 2001 - 1000; }
template <> float make_value<float>(int i) { return (float)((i * 31) % 257 - 128) * 0.5f; }
template <> long long make_value<long long>(int i) {
    return ((long long)((i * 131) % 1000 - 500) << 32) + (i * 17);
}

template <typename T> static bool same(T a, T b) { return memcmp(&a, &b, sizeof(T)) == 0; }

template <typename T, int W>
static void run(const char *tname) {
    const int blocks = 2, threads = 96, n = blocks * threads;
    std::vector<T> in(n);
    for (int i = 0; i < n; ++i) in[i] = make_value<T>(i);
    T *d_in, *d_up, *d_down, *d_scan, *d_sum;
    CHECK(cudaMalloc(&d_in, n * sizeof(T)));
    CHECK(cudaMalloc(&d_up, NDELTA * n * sizeof(T)));
    CHECK(cudaMalloc(&d_down, NDELTA * n * sizeof(T)));
    CHECK(cudaMalloc(&d_scan, n * sizeof(T)));
    CHECK(cudaMalloc(&d_sum, (n / W) * sizeof(T)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(T), cudaMemcpyHostToDevice));
    updown<T, W><<<blocks, threads>>>(d_in, d_up, d_down);
    CHECK(cudaGetLastError());
    scan_reduce<T, W><<<blocks, threads>>>(d_in, d_scan, d_sum);
    CHECK(cudaGetLastError());
    std::vector<T> up(NDELTA * n), down(NDELTA * n), scan(n), sum(n / W);
    CHECK(cudaMemcpy(up.data(), d_up, up.size() * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(down.data(), d_down, down.size() * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(scan.data(), d_scan, scan.size() * sizeof(T), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sum.data(), d_sum, sum.size() * sizeof(T), cudaMemcpyDeviceToHost));
    bool ok_up = true, ok_down = true, ok_scan = true, ok_sum = true;
    for (int k = 0; k < NDELTA; ++k) {
        int d = (int)delta_of(k, W);
        for (int g = 0; g < n; ++g) {
            int l = (g % 32) % W, base = g - l;
            T eu = (l - d >= 0) ? in[base + l - d] : in[g];
            T ed = (l + d < W) ? in[base + l + d] : in[g];
            if (!same(up[k * n + g], eu)) ok_up = false;
            if (!same(down[k * n + g], ed)) ok_down = false;
        }
    }
    for (int seg = 0; seg < n / W; ++seg) {
        T acc = 0;
        for (int l = 0; l < W; ++l) {
            acc += in[seg * W + l];
            if (!same(scan[seg * W + l], acc)) ok_scan = false;
        }
        if (!same(sum[seg], acc)) ok_sum = false;
    }
    char name[96];
    snprintf(name, sizeof name, "__shfl_up_sync %s width=%d", tname, W);
    verdict(name, ok_up);
    snprintf(name, sizeof name, "__shfl_down_sync %s width=%d", tname, W);
    verdict(name, ok_down);
    snprintf(name, sizeof name, "segment scan (shfl_up) %s width=%d", tname, W);
    verdict(name, ok_scan);
    snprintf(name, sizeof name, "segment sum (shfl_down) %s width=%d", tname, W);
    verdict(name, ok_sum);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_up));
    CHECK(cudaFree(d_down));
    CHECK(cudaFree(d_scan));
    CHECK(cudaFree(d_sum));
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
    run_all<float>("float");
    run_all<long long>("long long");
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

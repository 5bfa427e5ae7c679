// Grid-stride loops: 1-D (int and float), more threads than elements, empty
// ranges, per-thread iteration counts, and a 2-D grid-stride loop.
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

__global__ void saxpy_int(int n, int a, const int *x, int *y) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        y[i] = a * x[i] + y[i];
}

// a, x and y are chosen so that every product and sum is exact in float.
__global__ void saxpy_float(int n, float a, const float *x, float *y) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        y[i] = a * x[i] + y[i];
}

__global__ void count_iters(int n, int *iters) {
    int c = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) ++c;
    iters[blockIdx.x * blockDim.x + threadIdx.x] = c;
}

__global__ void stride2d(int w, int h, int *out) {
    for (int y = blockIdx.y * blockDim.y + threadIdx.y; y < h; y += blockDim.y * gridDim.y)
        for (int x = blockIdx.x * blockDim.x + threadIdx.x; x < w; x += blockDim.x * gridDim.x)
            out[y * w + x] += (y * 31) ^ x;
}

static void int_case(int n, int grid, int block) {
    std::vector<int> x(n), y(n);
    for (int i = 0; i < n; ++i) {
        x[i] = (i * 7) % 1001 - 500;
        y[i] = (i * 13) % 997;
    }
    int *dx = nullptr, *dy = nullptr;
    CHECK(cudaMalloc(&dx, (n > 0 ? n : 1) * sizeof(int)));
    CHECK(cudaMalloc(&dy, (n > 0 ? n : 1) * sizeof(int)));
    if (n > 0) {
        CHECK(cudaMemcpy(dx, x.data(), n * sizeof(int), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(dy, y.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    }
    saxpy_int<<<grid, block>>>(n, 3, dx, dy);
    CHECK(cudaGetLastError());
    int *d_it;
    int nt = grid * block;
    CHECK(cudaMalloc(&d_it, nt * sizeof(int)));
    count_iters<<<grid, block>>>(n, d_it);
    CHECK(cudaGetLastError());
    std::vector<int> r(n), it(nt);
    if (n > 0) CHECK(cudaMemcpy(r.data(), dy, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(it.data(), d_it, nt * sizeof(int), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (r[i] != 3 * x[i] + y[i]) ok = false;
    bool itok = true;
    long long total = 0;
    for (int t = 0; t < nt; ++t) {
        int expect = t < n ? (n - 1 - t) / nt + 1 : 0;
        if (it[t] != expect) itok = false;
        total += it[t];
    }
    if (total != n) itok = false;
    char name[96];
    snprintf(name, sizeof name, "saxpy_int n=%d grid=%d block=%d", n, grid, block);
    verdict(name, ok);
    snprintf(name, sizeof name, "iterations n=%d grid=%d block=%d", n, grid, block);
    verdict(name, itok);
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    CHECK(cudaFree(d_it));
}

static void float_case(int n, int grid, int block) {
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; ++i) {
        x[i] = (float)((i * 7) % 513 - 256);  // |x| <= 256
        y[i] = (float)((i * 11) % 1024) * 0.5f;
    }
    float *dx, *dy;
    CHECK(cudaMalloc(&dx, n * sizeof(float)));
    CHECK(cudaMalloc(&dy, n * sizeof(float)));
    CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    saxpy_float<<<grid, block>>>(n, 2.25f, dx, dy);
    CHECK(cudaGetLastError());
    std::vector<float> r(n);
    CHECK(cudaMemcpy(r.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (r[i] != 2.25f * x[i] + y[i]) ok = false;
    char name[96];
    snprintf(name, sizeof name, "saxpy_float n=%d grid=%d block=%d", n, grid, block);
    verdict(name, ok);
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
}

static void case2d(int w, int h, dim3 grid, dim3 block) {
    std::vector<int> init((size_t)w * h);
    for (size_t i = 0; i < init.size(); ++i) init[i] = (int)i;
    int *d;
    CHECK(cudaMalloc(&d, init.size() * sizeof(int)));
    CHECK(cudaMemcpy(d, init.data(), init.size() * sizeof(int), cudaMemcpyHostToDevice));
    stride2d<<<grid, block>>>(w, h, d);
    CHECK(cudaGetLastError());
    std::vector<int> r(init.size());
    CHECK(cudaMemcpy(r.data(), d, r.size() * sizeof(int), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (r[(size_t)y * w + x] != y * w + x + ((y * 31) ^ x)) ok = false;
    char name[96];
    snprintf(name, sizeof name, "stride2d %dx%d grid %ux%u block %ux%u", w, h, grid.x, grid.y,
             block.x, block.y);
    verdict(name, ok);
    CHECK(cudaFree(d));
}

int main() {
    int_case(1000003, 37, 96);
    int_case(10, 4, 256);
    int_case(0, 2, 64);
    int_case(65536, 1, 1);
    int_case(123457, 1000, 33);
    float_case(500001, 13, 128);
    case2d(1000, 700, dim3(3, 5), dim3(32, 4));
    case2d(17, 3, dim3(8, 8), dim3(8, 8));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// 1-D indexing: blockIdx/threadIdx/blockDim/gridDim in x, bounds checks,
// block sizes that are not multiples of 32, no writes past n.
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

__global__ void fill1d(int *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = i * 3 + 7;
}

__global__ void record_ids(int4 *rec, int *yz, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        rec[i] = make_int4(blockIdx.x, threadIdx.x, blockDim.x, gridDim.x);
        // y and z components of a 1-D launch must be 0 / 1
        yz[i] = (int)(threadIdx.y + threadIdx.z + blockIdx.y + blockIdx.z) * 1000 +
                (int)(blockDim.y + blockDim.z + gridDim.y + gridDim.z);
    }
}

static void run_case(int n, int block) {
    const int pad = 256;
    int grid = (n + block - 1) / block;
    int *d_out;
    int4 *d_rec;
    int *d_yz;
    CHECK(cudaMalloc(&d_out, (n + pad) * sizeof(int)));
    CHECK(cudaMalloc(&d_rec, n * sizeof(int4)));
    CHECK(cudaMalloc(&d_yz, n * sizeof(int)));
    CHECK(cudaMemset(d_out, 0xFF, (n + pad) * sizeof(int)));
    fill1d<<<grid, block>>>(d_out, n);
    CHECK(cudaGetLastError());
    record_ids<<<dim3(grid), dim3(block)>>>(d_rec, d_yz, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    std::vector<int> out(n + pad);
    std::vector<int4> rec(n);
    std::vector<int> yz(n);
    CHECK(cudaMemcpy(out.data(), d_out, (n + pad) * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rec.data(), d_rec, n * sizeof(int4), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(yz.data(), d_yz, n * sizeof(int), cudaMemcpyDeviceToHost));

    bool vals = true, tail = true, ids = true, dims = true;
    for (int i = 0; i < n; ++i) {
        if (out[i] != i * 3 + 7) vals = false;
        if (rec[i].x != i / block || rec[i].y != i % block || rec[i].z != block ||
            rec[i].w != grid)
            ids = false;
        if (yz[i] != 4) dims = false;
    }
    for (int i = n; i < n + pad; ++i)
        if (out[i] != -1) tail = false;

    char name[96];
    snprintf(name, sizeof name, "n=%d block=%d grid=%d values", n, block, grid);
    verdict(name, vals);
    snprintf(name, sizeof name, "n=%d block=%d grid=%d ids", n, block, grid);
    verdict(name, ids && dims);
    snprintf(name, sizeof name, "n=%d block=%d grid=%d no-write-past-end", n, block, grid);
    verdict(name, tail);
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_rec));
    CHECK(cudaFree(d_yz));
}

int main() {
    run_case(1000, 128);
    run_case(1, 1);
    run_case(33, 32);
    run_case(777, 33);
    run_case(4097, 1024);
    run_case(100000, 256);
    run_case(5000, 1000);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// 2-D indexing: (x, y) grids and blocks, partial edge blocks, a naive and a
// shared-memory-tiled transpose of non-square matrices.
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

__global__ void fill2d(int *out, int w, int h) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) out[y * w + x] = y * 10000 + x;
}

// Every thread records its coordinates; one slot per (block, thread).
__global__ void record2d(int4 *rec, int2 *dims) {
    int bid = blockIdx.y * gridDim.x + blockIdx.x;
    int tid = threadIdx.y * blockDim.x + threadIdx.x;
    int slot = bid * (blockDim.x * blockDim.y) + tid;
    rec[slot] = make_int4(blockIdx.x, blockIdx.y, threadIdx.x, threadIdx.y);
    dims[slot] = make_int2(blockDim.x * 1000 + blockDim.y, gridDim.x * 1000 + gridDim.y);
}

__global__ void transpose_naive(const int *in, int *out, int w, int h) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) out[x * h + y] = in[y * w + x];
}

#define TILE 32
#define ROWS 8
__global__ void transpose_tiled(const int *in, int *out, int w, int h) {
    __shared__ int tile[TILE][TILE + 1];
    int x = blockIdx.x * TILE + threadIdx.x;
    int y = blockIdx.y * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        if (x < w && y + j < h) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * w + x];
    __syncthreads();
    x = blockIdx.y * TILE + threadIdx.x;
    y = blockIdx.x * TILE + threadIdx.y;
    for (int j = 0; j < TILE; j += ROWS)
        if (x < h && y + j < w) out[(y + j) * h + x] = tile[threadIdx.x][threadIdx.y + j];
}

static void fill_case(int w, int h, int bx, int by) {
    dim3 block(bx, by);
    dim3 grid((w + bx - 1) / bx, (h + by - 1) / by);
    int *d;
    CHECK(cudaMalloc(&d, (size_t)w * h * sizeof(int)));
    CHECK(cudaMemset(d, 0xFF, (size_t)w * h * sizeof(int)));
    fill2d<<<grid, block>>>(d, w, h);
    CHECK(cudaGetLastError());
    int nthreads = grid.x * grid.y * bx * by;
    int4 *d_rec;
    int2 *d_dims;
    CHECK(cudaMalloc(&d_rec, nthreads * sizeof(int4)));
    CHECK(cudaMalloc(&d_dims, nthreads * sizeof(int2)));
    record2d<<<grid, block>>>(d_rec, d_dims);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    std::vector<int> h_out((size_t)w * h);
    std::vector<int4> rec(nthreads);
    std::vector<int2> dims(nthreads);
    CHECK(cudaMemcpy(h_out.data(), d, h_out.size() * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rec.data(), d_rec, nthreads * sizeof(int4), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dims.data(), d_dims, nthreads * sizeof(int2), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if (h_out[(size_t)y * w + x] != y * 10000 + x) ok = false;
    bool ids = true;
    for (int s = 0; s < nthreads; ++s) {
        int bid = s / (bx * by), tid = s % (bx * by);
        if (rec[s].x != bid % (int)grid.x || rec[s].y != bid / (int)grid.x ||
            rec[s].z != tid % bx || rec[s].w != tid / bx)
            ids = false;
        if (dims[s].x != bx * 1000 + by || dims[s].y != (int)grid.x * 1000 + (int)grid.y)
            ids = false;
    }
    char name[96];
    snprintf(name, sizeof name, "fill %dx%d block %dx%d", w, h, bx, by);
    verdict(name, ok);
    snprintf(name, sizeof name, "ids grid %dx%d block %dx%d", grid.x, grid.y, bx, by);
    verdict(name, ids);
    CHECK(cudaFree(d));
    CHECK(cudaFree(d_rec));
    CHECK(cudaFree(d_dims));
}

static void transpose_case(int w, int h) {
    std::vector<int> in((size_t)w * h), out1((size_t)w * h), out2((size_t)w * h);
    for (size_t i = 0; i < in.size(); ++i) in[i] = (int)(i * 2654435761u % 100003u);
    int *d_in, *d_o1, *d_o2;
    size_t bytes = in.size() * sizeof(int);
    CHECK(cudaMalloc(&d_in, bytes));
    CHECK(cudaMalloc(&d_o1, bytes));
    CHECK(cudaMalloc(&d_o2, bytes));
    CHECK(cudaMemcpy(d_in, in.data(), bytes, cudaMemcpyHostToDevice));
    transpose_naive<<<dim3((w + 15) / 16, (h + 15) / 16), dim3(16, 16)>>>(d_in, d_o1, w, h);
    CHECK(cudaGetLastError());
    transpose_tiled<<<dim3((w + TILE - 1) / TILE, (h + TILE - 1) / TILE), dim3(TILE, ROWS)>>>(
        d_in, d_o2, w, h);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out1.data(), d_o1, bytes, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(out2.data(), d_o2, bytes, cudaMemcpyDeviceToHost));
    bool ok1 = true, ok2 = true;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            int v = in[(size_t)y * w + x];
            if (out1[(size_t)x * h + y] != v) ok1 = false;
            if (out2[(size_t)x * h + y] != v) ok2 = false;
        }
    char name[96];
    snprintf(name, sizeof name, "transpose naive %dx%d", w, h);
    verdict(name, ok1);
    snprintf(name, sizeof name, "transpose tiled %dx%d", w, h);
    verdict(name, ok2);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_o1));
    CHECK(cudaFree(d_o2));
}

int main() {
    fill_case(100, 77, 16, 8);
    fill_case(1, 1, 1, 1);
    fill_case(1024, 3, 32, 32);
    fill_case(513, 259, 8, 16);
    fill_case(37, 1000, 4, 64);
    fill_case(300, 2, 3, 100);
    transpose_case(67, 45);
    transpose_case(256, 128);
    transpose_case(1, 333);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

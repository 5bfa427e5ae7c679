// 3-D indexing: (x, y, z) grids and blocks with partial edge blocks; every
// (block, thread) pair runs exactly once; blockDim.z up to 64.
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

__global__ void fill3d(int *out, int nx, int ny, int nz) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    int z = blockIdx.z * blockDim.z + threadIdx.z;
    if (x < nx && y < ny && z < nz) out[(z * ny + y) * nx + x] = z * 1000000 + y * 1000 + x;
}

__global__ void count_slots(unsigned *counts, int *dims_ok) {
    unsigned bid = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
    unsigned tid = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    unsigned nthreads = blockDim.x * blockDim.y * blockDim.z;
    atomicAdd(&counts[bid * nthreads + tid], 1u);
    // store the launch shape seen by this thread (all threads must agree)
    int code = (int)(gridDim.x * 1000000 + gridDim.y * 10000 + gridDim.z * 100) +
               (int)(blockDim.x + blockDim.y + blockDim.z);
    dims_ok[bid * nthreads + tid] = code;
}

static void run(int nx, int ny, int nz, dim3 block) {
    dim3 grid((nx + block.x - 1) / block.x, (ny + block.y - 1) / block.y,
              (nz + block.z - 1) / block.z);
    size_t n = (size_t)nx * ny * nz;
    int *d_out;
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMemset(d_out, 0xFF, n * sizeof(int)));
    fill3d<<<grid, block>>>(d_out, nx, ny, nz);
    CHECK(cudaGetLastError());

    size_t slots = (size_t)grid.x * grid.y * grid.z * block.x * block.y * block.z;
    unsigned *d_cnt;
    int *d_dims;
    CHECK(cudaMalloc(&d_cnt, slots * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_dims, slots * sizeof(int)));
    CHECK(cudaMemset(d_cnt, 0, slots * sizeof(unsigned)));
    count_slots<<<grid, block>>>(d_cnt, d_dims);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    std::vector<int> out(n);
    std::vector<unsigned> cnt(slots);
    std::vector<int> dims(slots);
    CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(cnt.data(), d_cnt, slots * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dims.data(), d_dims, slots * sizeof(int), cudaMemcpyDeviceToHost));

    bool vals = true;
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y)
            for (int x = 0; x < nx; ++x)
                if (out[((size_t)z * ny + y) * nx + x] != z * 1000000 + y * 1000 + x) vals = false;
    bool once = true, shape = true;
    int code = (int)(grid.x * 1000000 + grid.y * 10000 + grid.z * 100) +
               (int)(block.x + block.y + block.z);
    for (size_t s = 0; s < slots; ++s) {
        if (cnt[s] != 1u) once = false;
        if (dims[s] != code) shape = false;
    }
    char name[128];
    snprintf(name, sizeof name, "volume %dx%dx%d block %ux%ux%u values", nx, ny, nz, block.x,
             block.y, block.z);
    verdict(name, vals);
    snprintf(name, sizeof name, "grid %ux%ux%u block %ux%ux%u each thread once", grid.x, grid.y,
             grid.z, block.x, block.y, block.z);
    verdict(name, once);
    snprintf(name, sizeof name, "grid %ux%ux%u block %ux%ux%u dims", grid.x, grid.y, grid.z,
             block.x, block.y, block.z);
    verdict(name, shape);
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_cnt));
    CHECK(cudaFree(d_dims));
}

int main() {
    run(19, 13, 11, dim3(8, 4, 2));
    run(5, 6, 70, dim3(4, 4, 64));
    run(64, 1, 33, dim3(1, 1, 1));
    run(33, 17, 9, dim3(3, 5, 7));
    run(128, 16, 3, dim3(32, 8, 4));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Large grids: 65536 x 4 blocks (gridDim.x > 65535 and gridDim.y > 1) and a
// 3-D grid of 5 x 2000 x 3 blocks; every block writes a hash of its
// coordinates, and order-independent checksums (wrapping sum and xor) are
// accumulated with 32-bit atomics.
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

__host__ __device__ inline unsigned mix(unsigned x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

__global__ void grid2d(unsigned *per_block, unsigned *sum, unsigned *xr) {
    unsigned b = blockIdx.y * gridDim.x + blockIdx.x;
    unsigned h = mix(b * 8u + threadIdx.x);
    if (threadIdx.x == 0) per_block[b] = mix(blockIdx.x ^ (blockIdx.y << 20));
    // reduce within the block first to keep atomic traffic low
    unsigned s = h, x = h;
    for (int off = 4; off > 0; off >>= 1) {
        s += __shfl_down_sync(0xffu, s, off, 8);
        x ^= __shfl_down_sync(0xffu, x, off, 8);
    }
    if (threadIdx.x == 0) {
        atomicAdd(sum, s);
        atomicXor(xr, x);
    }
}

__global__ void grid3d(unsigned *per_block, unsigned *count) {
    unsigned b = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
    if (threadIdx.x == 0) {
        per_block[b] = mix(blockIdx.x + 7u * blockIdx.y + 131u * blockIdx.z);
        atomicAdd(count, 1u);
    }
}

int main() {
    {
        dim3 grid(65536, 4);
        const unsigned nblocks = 65536u * 4u;
        unsigned *d_pb, *d_sum, *d_xr;
        CHECK(cudaMalloc(&d_pb, nblocks * sizeof(unsigned)));
        CHECK(cudaMalloc(&d_sum, sizeof(unsigned)));
        CHECK(cudaMalloc(&d_xr, sizeof(unsigned)));
        CHECK(cudaMemset(d_pb, 0, nblocks * sizeof(unsigned)));
        CHECK(cudaMemset(d_sum, 0, sizeof(unsigned)));
        CHECK(cudaMemset(d_xr, 0, sizeof(unsigned)));
        grid2d<<<grid, 8>>>(d_pb, d_sum, d_xr);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        std::vector<unsigned> pb(nblocks);
        unsigned sum, xr;
        CHECK(cudaMemcpy(pb.data(), d_pb, nblocks * sizeof(unsigned), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&sum, d_sum, sizeof sum, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&xr, d_xr, sizeof xr, cudaMemcpyDeviceToHost));
        unsigned es = 0, ex = 0;
        bool ok = true;
        for (unsigned y = 0; y < 4; ++y)
            for (unsigned x = 0; x < 65536; ++x) {
                unsigned b = y * 65536u + x;
                if (pb[b] != mix(x ^ (y << 20))) ok = false;
                for (unsigned t = 0; t < 8; ++t) {
                    unsigned h = mix(b * 8u + t);
                    es += h;
                    ex ^= h;
                }
            }
        printf("grid 65536x4x1, 8 threads: sum=0x%08x xor=0x%08x\n", sum, xr);
        verdict("every block of a 65536x4 grid ran with the right coordinates", ok);
        verdict("2-D grid checksums", sum == es && xr == ex);
        CHECK(cudaFree(d_pb));
        CHECK(cudaFree(d_sum));
        CHECK(cudaFree(d_xr));
    }
    {
        dim3 grid(5, 2000, 3);
        const unsigned nblocks = 5u * 2000u * 3u;
        unsigned *d_pb, *d_cnt;
        CHECK(cudaMalloc(&d_pb, nblocks * sizeof(unsigned)));
        CHECK(cudaMalloc(&d_cnt, sizeof(unsigned)));
        CHECK(cudaMemset(d_cnt, 0, sizeof(unsigned)));
        grid3d<<<grid, 32>>>(d_pb, d_cnt);
        CHECK(cudaGetLastError());
        std::vector<unsigned> pb(nblocks);
        unsigned cnt = 0;
        CHECK(cudaMemcpy(pb.data(), d_pb, nblocks * sizeof(unsigned), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&cnt, d_cnt, sizeof cnt, cudaMemcpyDeviceToHost));
        bool ok = cnt == nblocks;
        for (unsigned z = 0; z < 3; ++z)
            for (unsigned y = 0; y < 2000; ++y)
                for (unsigned x = 0; x < 5; ++x)
                    if (pb[(z * 2000 + y) * 5 + x] != mix(x + 7u * y + 131u * z)) ok = false;
        printf("grid 5x2000x3: %u blocks counted\n", cnt);
        verdict("3-D grid 5x2000x3", ok);
        CHECK(cudaFree(d_pb));
        CHECK(cudaFree(d_cnt));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Shared-memory reductions with statically sized __shared__ arrays:
// sequential-addressing tree, interleaved tree, warp-shuffle + shared
// partials, float max, 2-D shared tile row sums; two-pass over ~1M ints.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
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

#define BS 256

__global__ void reduce_seq(const int *in, long long *partial, int n) {
    __shared__ long long s[BS];
    int tid = threadIdx.x;
    int i = blockIdx.x * BS * 2 + tid;
    long long v = 0;
    if (i < n) v = in[i];
    if (i + BS < n) v += in[i + BS];
    s[tid] = v;
    __syncthreads();
    for (int stride = BS / 2; stride > 0; stride >>= 1) {
        if (tid < stride) s[tid] += s[tid + stride];
        __syncthreads();
    }
    if (tid == 0) partial[blockIdx.x] = s[0];
}

__global__ void reduce_interleaved(const int *in, int *partial, int n) {
    __shared__ int s[BS];
    int tid = threadIdx.x;
    int i = blockIdx.x * BS + tid;
    s[tid] = i < n ? in[i] : 0;
    __syncthreads();
    for (int stride = 1; stride < BS; stride *= 2) {
        int idx = 2 * stride * tid;
        if (idx < BS) s[idx] += s[idx + stride];
        __syncthreads();
    }
    if (tid == 0) partial[blockIdx.x] = s[0];
}

__global__ void reduce_shfl(const int *in, int *partial, int n) {
    __shared__ int warp_sums[32];
    int sum = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        sum += in[i];
    for (int off = 16; off > 0; off >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, off);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) warp_sums[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        int nw = (blockDim.x + 31) / 32;
        sum = lane < nw ? warp_sums[lane] : 0;
        for (int off = 16; off > 0; off >>= 1) sum += __shfl_down_sync(0xffffffffu, sum, off);
        if (lane == 0) partial[blockIdx.x] = sum;
    }
}

__global__ void max_float(const float *in, float *partial, int n) {
    __shared__ float s[BS];
    int tid = threadIdx.x;
    float m = -3.0e38f;
    for (int i = blockIdx.x * BS + tid; i < n; i += BS * gridDim.x) m = fmaxf(m, in[i]);
    s[tid] = m;
    __syncthreads();
    for (int stride = BS / 2; stride > 0; stride >>= 1) {
        if (tid < stride) s[tid] = fmaxf(s[tid], s[tid + stride]);
        __syncthreads();
    }
    if (tid == 0) partial[blockIdx.x] = s[0];
}

// float sum of small integers: exact in any order
__global__ void sum_float(const float *in, float *partial, int n) {
    __shared__ float s[BS];
    int tid = threadIdx.x;
    float acc = 0.0f;
    for (int i = blockIdx.x * BS + tid; i < n; i += BS * gridDim.x) acc += in[i];
    s[tid] = acc;
    __syncthreads();
    for (int stride = BS / 2; stride > 0; stride >>= 1) {
        if (tid < stride) s[tid] += s[tid + stride];
        __syncthreads();
    }
    if (tid == 0) partial[blockIdx.x] = s[0];
}

// 16x16 tiles; each block writes the row sums of its tile (padded shared array)
__global__ void tile_row_sums(const int *m, int *rowsum, int w, int h) {
    __shared__ int tile[16][17];
    int x = blockIdx.x * 16 + threadIdx.x, y = blockIdx.y * 16 + threadIdx.y;
    tile[threadIdx.y][threadIdx.x] = (x < w && y < h) ? m[y * w + x] : 0;
    __syncthreads();
    if (threadIdx.x == 0 && y < h) {
        int s = 0;
        for (int k = 0; k < 16; ++k) s += tile[threadIdx.y][k];
        atomicAdd(&rowsum[y], s);
    }
}

int main() {
    const int n = (1 << 20) + 123;
    std::vector<int> in(n);
    long long expect = 0;
    for (int i = 0; i < n; ++i) {
        in[i] = (int)((i * 2654435761u) >> 16) % 2001 - 1000;
        expect += in[i];
    }
    int *d_in;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));

    {
        int blocks = (n + 2 * BS - 1) / (2 * BS);
        long long *d_p;
        CHECK(cudaMalloc(&d_p, blocks * sizeof(long long)));
        reduce_seq<<<blocks, BS>>>(d_in, d_p, n);
        CHECK(cudaGetLastError());
        std::vector<long long> p(blocks);
        CHECK(cudaMemcpy(p.data(), d_p, blocks * sizeof(long long), cudaMemcpyDeviceToHost));
        long long total = 0;
        bool ok = true;
        for (int b = 0; b < blocks; ++b) {
            long long e = 0;
            for (int k = 0; k < 2 * BS; ++k) {
                int i = b * 2 * BS + k;
                if (i < n) e += in[i];
            }
            if (p[b] != e) ok = false;
            total += p[b];
        }
        verdict("sequential-addressing tree (long long), per block", ok);
        verdict("sequential-addressing tree (long long), total", total == expect);
        CHECK(cudaFree(d_p));
    }
    {
        int blocks = (n + BS - 1) / BS;
        int *d_p;
        CHECK(cudaMalloc(&d_p, blocks * sizeof(int)));
        reduce_interleaved<<<blocks, BS>>>(d_in, d_p, n);
        CHECK(cudaGetLastError());
        std::vector<int> p(blocks);
        CHECK(cudaMemcpy(p.data(), d_p, blocks * sizeof(int), cudaMemcpyDeviceToHost));
        long long total = 0;
        for (int b = 0; b < blocks; ++b) total += p[b];
        verdict("interleaved tree total", total == expect);
        CHECK(cudaFree(d_p));
    }
    {
        const int blocks = 64, threads = 192;
        int *d_p, *d_final;
        CHECK(cudaMalloc(&d_p, blocks * sizeof(int)));
        CHECK(cudaMalloc(&d_final, sizeof(int)));
        reduce_shfl<<<blocks, threads>>>(d_in, d_p, n);
        CHECK(cudaGetLastError());
        reduce_shfl<<<1, 64>>>(d_p, d_final, blocks);  // second pass on the device
        CHECK(cudaGetLastError());
        int final_sum = 0;
        CHECK(cudaMemcpy(&final_sum, d_final, sizeof(int), cudaMemcpyDeviceToHost));
        verdict("warp shuffle + shared partials, two passes", (long long)final_sum == expect);
        CHECK(cudaFree(d_p));
        CHECK(cudaFree(d_final));
    }
    {
        const int nf = 65536 + 7, blocks = 40;
        std::vector<float> f(nf);
        float fmax_e = -3.0e38f, fsum_e = 0.0f;
        for (int i = 0; i < nf; ++i) {
            f[i] = (float)((int)((i * 2246822519u) >> 20) % 17 - 8);  // integers in [-8, 8]
            fsum_e += f[i];
        }
        f[12345] = 1234.5f;
        fsum_e += 1234.5f - (float)((int)((12345u * 2246822519u) >> 20) % 17 - 8);
        for (int i = 0; i < nf; ++i) fmax_e = std::max(fmax_e, f[i]);
        float *d_f, *d_p;
        CHECK(cudaMalloc(&d_f, nf * sizeof(float)));
        CHECK(cudaMalloc(&d_p, blocks * sizeof(float)));
        CHECK(cudaMemcpy(d_f, f.data(), nf * sizeof(float), cudaMemcpyHostToDevice));
        max_float<<<blocks, BS>>>(d_f, d_p, nf);
        CHECK(cudaGetLastError());
        std::vector<float> p(blocks);
        CHECK(cudaMemcpy(p.data(), d_p, blocks * sizeof(float), cudaMemcpyDeviceToHost));
        float m = -3.0e38f;
        for (int b = 0; b < blocks; ++b) m = std::max(m, p[b]);
        verdict("float max", m == fmax_e);
        sum_float<<<blocks, BS>>>(d_f, d_p, nf);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(p.data(), d_p, blocks * sizeof(float), cudaMemcpyDeviceToHost));
        float s = 0.0f;
        for (int b = 0; b < blocks; ++b) s += p[b];
        verdict("float sum of small integers (exact)", s == fsum_e);
        printf("float sum = %.1f\n", (double)s);
        CHECK(cudaFree(d_f));
        CHECK(cudaFree(d_p));
    }
    {
        const int w = 100, h = 37;
        std::vector<int> m(w * h), rs(h, 0);
        for (int i = 0; i < w * h; ++i) m[i] = i % 97 - 48;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) rs[y] += m[y * w + x];
        int *d_m, *d_rs;
        CHECK(cudaMalloc(&d_m, w * h * sizeof(int)));
        CHECK(cudaMalloc(&d_rs, h * sizeof(int)));
        CHECK(cudaMemcpy(d_m, m.data(), w * h * sizeof(int), cudaMemcpyHostToDevice));
        CHECK(cudaMemset(d_rs, 0, h * sizeof(int)));
        tile_row_sums<<<dim3((w + 15) / 16, (h + 15) / 16), dim3(16, 16)>>>(d_m, d_rs, w, h);
        CHECK(cudaGetLastError());
        std::vector<int> got(h);
        CHECK(cudaMemcpy(got.data(), d_rs, h * sizeof(int), cudaMemcpyDeviceToHost));
        verdict("2-D shared tile row sums", got == rs);
        CHECK(cudaFree(d_m));
        CHECK(cudaFree(d_rs));
    }
    printf("int sum = %lld\n", expect);
    CHECK(cudaFree(d_in));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

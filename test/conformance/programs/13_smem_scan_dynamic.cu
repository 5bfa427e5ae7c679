// Block scans in dynamic shared memory (extern __shared__, sized at launch):
// Hillis-Steele inclusive scan (double buffer), Blelloch work-efficient
// exclusive scan with bank-conflict padding, and one extern buffer carved
// into arrays of different types.
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

// Each block scans its own segment of blockDim.x elements.
__global__ void hillis_steele(const int *in, int *out, int n) {
    extern __shared__ int buf[];  // 2 * blockDim.x ints
    int *a = buf, *b = buf + blockDim.x;
    int tid = threadIdx.x;
    int i = blockIdx.x * blockDim.x + tid;
    a[tid] = i < n ? in[i] : 0;
    __syncthreads();
    for (int off = 1; off < (int)blockDim.x; off *= 2) {
        b[tid] = tid >= off ? a[tid] + a[tid - off] : a[tid];
        __syncthreads();
        int *t = a;
        a = b;
        b = t;
    }
    if (i < n) out[i] = a[tid];
}

#define LOG_BANKS 5
#define PAD(i) ((i) >> LOG_BANKS)

// Each block scans 2 * blockDim.x elements (blockDim.x a power of two).
__global__ void blelloch(const int *in, int *out, int n) {
    extern __shared__ int tmp[];  // 2*blockDim.x + padding
    int tid = threadIdx.x;
    int m = 2 * blockDim.x;
    int base = blockIdx.x * m;
    int ai = tid, bi = tid + blockDim.x;
    tmp[ai + PAD(ai)] = base + ai < n ? in[base + ai] : 0;
    tmp[bi + PAD(bi)] = base + bi < n ? in[base + bi] : 0;
    int offset = 1;
    for (int d = m >> 1; d > 0; d >>= 1) {
        __syncthreads();
        if (tid < d) {
            int x = offset * (2 * tid + 1) - 1;
            int y = offset * (2 * tid + 2) - 1;
            tmp[y + PAD(y)] += tmp[x + PAD(x)];
        }
        offset *= 2;
    }
    if (tid == 0) tmp[m - 1 + PAD(m - 1)] = 0;
    for (int d = 1; d < m; d *= 2) {
        offset >>= 1;
        __syncthreads();
        if (tid < d) {
            int x = offset * (2 * tid + 1) - 1;
            int y = offset * (2 * tid + 2) - 1;
            int t = tmp[x + PAD(x)];
            tmp[x + PAD(x)] = tmp[y + PAD(y)];
            tmp[y + PAD(y)] += t;
        }
    }
    __syncthreads();
    if (base + ai < n) out[base + ai] = tmp[ai + PAD(ai)];
    if (base + bi < n) out[base + bi] = tmp[bi + PAD(bi)];
}

// One extern buffer: blockDim.x ints followed by blockDim.x floats.
__global__ void carved(const int *in, int *iout, float *fout) {
    extern __shared__ int raw[];
    int *ints = raw;
    float *floats = (float *)&raw[blockDim.x];
    int tid = threadIdx.x;
    int g = blockIdx.x * blockDim.x + tid;
    ints[tid] = in[g];
    floats[tid] = (float)in[g] * 0.5f;
    __syncthreads();
    int r = blockDim.x - 1 - tid;
    iout[g] = ints[r] + ints[tid];
    fout[g] = floats[r] - floats[tid];
}

static void check_hs(int n, int block) {
    std::vector<int> in(n), out(n);
    for (int i = 0; i < n; ++i) in[i] = (i * 7) % 19 - 9;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    int blocks = (n + block - 1) / block;
    hillis_steele<<<blocks, block, 2 * block * sizeof(int)>>>(d_in, d_out, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int b = 0; b < blocks; ++b) {
        int acc = 0;
        for (int k = 0; k < block && b * block + k < n; ++k) {
            acc += in[b * block + k];
            if (out[b * block + k] != acc) ok = false;
        }
    }
    char name[96];
    snprintf(name, sizeof name, "Hillis-Steele inclusive n=%d block=%d smem=%d", n, block,
             (int)(2 * block * sizeof(int)));
    verdict(name, ok);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
}

static void check_blelloch(int n, int block) {
    std::vector<int> in(n), out(n);
    for (int i = 0; i < n; ++i) in[i] = (i * 13) % 23;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    int m = 2 * block;
    int blocks = (n + m - 1) / m;
    size_t smem = (m + PAD(m - 1) + 1) * sizeof(int);
    blelloch<<<blocks, block, smem>>>(d_in, d_out, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int b = 0; b < blocks; ++b) {
        int acc = 0;
        for (int k = 0; k < m && b * m + k < n; ++k) {
            if (out[b * m + k] != acc) ok = false;
            acc += in[b * m + k];
        }
    }
    char name[96];
    snprintf(name, sizeof name, "Blelloch exclusive n=%d block=%d smem=%d", n, block, (int)smem);
    verdict(name, ok);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
}

static void check_carved(int block) {
    const int blocks = 5, n = blocks * block;
    std::vector<int> in(n), io(n);
    std::vector<float> fo(n);
    for (int i = 0; i < n; ++i) in[i] = (i * 29) % 101 - 50;
    int *d_in, *d_io;
    float *d_fo;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_io, n * sizeof(int)));
    CHECK(cudaMalloc(&d_fo, n * sizeof(float)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    carved<<<blocks, block, block * (sizeof(int) + sizeof(float))>>>(d_in, d_io, d_fo);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(io.data(), d_io, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(fo.data(), d_fo, n * sizeof(float), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int b = 0; b < blocks; ++b)
        for (int t = 0; t < block; ++t) {
            int g = b * block + t, r = b * block + block - 1 - t;
            if (io[g] != in[r] + in[g]) ok = false;
            if (fo[g] != (float)in[r] * 0.5f - (float)in[g] * 0.5f) ok = false;
        }
    char name[96];
    snprintf(name, sizeof name, "extern buffer carved int+float block=%d", block);
    verdict(name, ok);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_io));
    CHECK(cudaFree(d_fo));
}

int main() {
    check_hs(5000, 256);
    check_hs(1024, 1024);
    check_hs(77, 96);
    check_blelloch(10000, 512);
    check_blelloch(4096, 128);
    check_blelloch(33, 16);
    check_carved(64);
    check_carved(300);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

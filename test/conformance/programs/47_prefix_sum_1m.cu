// Prefix sums over 1,000,000 ints: a three-phase scan (block scans with warp
// shuffles and shared memory, a recursive scan of the block totals, then a
// uniform add) producing inclusive and exclusive results, and a decoupled
// single-pass variant that chains blocks through a flag array.
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

#define BS 512  // threads per block, one element per thread

__device__ int block_inclusive_scan(int v) {
    __shared__ int warp_tot[BS / 32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int off = 1; off < 32; off <<= 1) {
        int o = __shfl_up_sync(0xffffffffu, v, off);
        if (lane >= off) v += o;
    }
    if (lane == 31) warp_tot[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int t = lane < BS / 32 ? warp_tot[lane] : 0;
        for (int off = 1; off < 32; off <<= 1) {
            int o = __shfl_up_sync(0xffffffffu, t, off);
            if (lane >= off) t += o;
        }
        if (lane < BS / 32) warp_tot[lane] = t;
    }
    __syncthreads();
    if (warp > 0) v += warp_tot[warp - 1];
    __syncthreads();  // warp_tot may be reused by the next call
    return v;
}

__global__ void scan_blocks(const int *in, int *out, int *block_sums, int n) {
    int i = blockIdx.x * BS + threadIdx.x;
    int v = i < n ? in[i] : 0;
    int s = block_inclusive_scan(v);
    if (i < n) out[i] = s;
    if (threadIdx.x == BS - 1) block_sums[blockIdx.x] = s;
}

__global__ void add_offsets(int *out, const int *scanned_sums, int n) {
    int i = blockIdx.x * BS + threadIdx.x;
    if (blockIdx.x > 0 && i < n) out[i] += scanned_sums[blockIdx.x - 1];
}

__global__ void to_exclusive(const int *incl, const int *in, int *excl, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) excl[i] = incl[i] - in[i];
}

// recursive inclusive scan on the device
static void scan(const int *d_in, int *d_out, int n) {
    int blocks = (n + BS - 1) / BS;
    int *d_sums;
    CHECK(cudaMalloc(&d_sums, blocks * sizeof(int)));
    scan_blocks<<<blocks, BS>>>(d_in, d_out, d_sums, n);
    CHECK(cudaGetLastError());
    if (blocks > 1) {
        int *d_scanned;
        CHECK(cudaMalloc(&d_scanned, blocks * sizeof(int)));
        scan(d_sums, d_scanned, blocks);
        add_offsets<<<blocks, BS>>>(d_out, d_scanned, n);
        CHECK(cudaGetLastError());
        CHECK(cudaFree(d_scanned));
    }
    CHECK(cudaFree(d_sums));
}

// Single pass: block b waits until block b-1 has published its inclusive
// prefix. Block indices are taken from an atomic ticket so that a block only
// waits for blocks that have already started (no dependence on scheduling order).
__global__ void chained_scan(const int *in, int *out, int n, unsigned *ticket,
                             volatile int *prefix, volatile int *flag) {
    __shared__ int b_sh, carry;
    if (threadIdx.x == 0) b_sh = (int)atomicAdd(ticket, 1u);
    __syncthreads();
    int b = b_sh;
    int i = b * BS + threadIdx.x;
    int v = i < n ? in[i] : 0;
    int s = block_inclusive_scan(v);
    if (threadIdx.x == BS - 1) {
        int c = 0;
        if (b > 0) {
            while (flag[b - 1] == 0) {
            }
            __threadfence();
            c = prefix[b - 1];
        }
        prefix[b] = c + s;
        __threadfence();
        flag[b] = 1;
        carry = c;
    }
    __syncthreads();
    if (i < n) out[i] = s + carry;
}

int main() {
    const int n = 1000000;
    std::vector<int> in(n), incl(n), excl(n);
    for (int i = 0; i < n; ++i) in[i] = (int)((i * 2654435761u) >> 28);  // 0..15
    long long acc = 0;
    for (int i = 0; i < n; ++i) {
        excl[i] = (int)acc;
        acc += in[i];
        incl[i] = (int)acc;
    }
    int *d_in, *d_out, *d_ex;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMalloc(&d_ex, n * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    scan(d_in, d_out, n);
    to_exclusive<<<(n + 255) / 256, 256>>>(d_out, d_in, d_ex, n);
    CHECK(cudaGetLastError());
    std::vector<int> got(n), got_ex(n);
    CHECK(cudaMemcpy(got.data(), d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(got_ex.data(), d_ex, n * sizeof(int), cudaMemcpyDeviceToHost));
    verdict("three-phase inclusive scan of 1000000 ints", got == incl);
    verdict("exclusive scan derived from it", got_ex == excl);
    printf("total = %d, out[499999] = %d\n", got[n - 1], got[499999]);

    int blocks = (n + BS - 1) / BS;
    unsigned *d_ticket;
    int *d_prefix, *d_flag;
    CHECK(cudaMalloc(&d_ticket, sizeof(unsigned)));
    CHECK(cudaMalloc(&d_prefix, blocks * sizeof(int)));
    CHECK(cudaMalloc(&d_flag, blocks * sizeof(int)));
    CHECK(cudaMemset(d_ticket, 0, sizeof(unsigned)));
    CHECK(cudaMemset(d_flag, 0, blocks * sizeof(int)));
    CHECK(cudaMemset(d_out, 0, n * sizeof(int)));
    chained_scan<<<blocks, BS>>>(d_in, d_out, n, d_ticket, d_prefix, d_flag);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got.data(), d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    verdict("single-pass chained scan (atomic block tickets)", got == incl);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_ex));
    CHECK(cudaFree(d_ticket));
    CHECK(cudaFree(d_prefix));
    CHECK(cudaFree(d_flag));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

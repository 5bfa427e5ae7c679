// Cooperative groups collectives: cg::reduce with cg::plus / cg::less /
// cg::greater / cg::bit_and / cg::bit_or / cg::bit_xor on tiles of 32, 16, 8
// and 4 threads (int, unsigned, float with exact values), cg::inclusive_scan
// and cg::exclusive_scan (plus and a custom max functor), and a block-wide
// sum built from tile reductions.
#include <cuda_runtime.h>
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace cg = cooperative_groups;

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

__host__ __device__ inline int ival(int g) { return (g * 7919) % 2003 - 1000; }
__host__ __device__ inline unsigned uval(int g) { return (unsigned)g * 2654435761u; }
__host__ __device__ inline float fval(int g) { return (float)((g * 37) % 129 - 64) * 0.25f; }

struct MaxFn {
    __device__ int operator()(int a, int b) const { return a > b ? a : b; }
};

#define NR 12
template <int T>
__global__ void k_collectives(int *o) {
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<T> tile = cg::tiled_partition<T>(block);
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int v = ival(g);
    unsigned u = uval(g);
    float f = fval(g);
    int *r = o + g * NR;
    r[0] = cg::reduce(tile, v, cg::plus<int>());
    r[1] = cg::reduce(tile, v, cg::less<int>());
    r[2] = cg::reduce(tile, v, cg::greater<int>());
    r[3] = (int)cg::reduce(tile, u, cg::bit_and<unsigned>());
    r[4] = (int)cg::reduce(tile, u, cg::bit_or<unsigned>());
    r[5] = (int)cg::reduce(tile, u, cg::bit_xor<unsigned>());
    r[6] = __float_as_int(cg::reduce(tile, f, cg::plus<float>()));
    r[7] = cg::inclusive_scan(tile, v);
    r[8] = cg::exclusive_scan(tile, v);
    r[9] = cg::inclusive_scan(tile, v, MaxFn());
    r[10] = cg::exclusive_scan(tile, v, MaxFn());
    r[11] = __float_as_int(cg::inclusive_scan(tile, f, cg::plus<float>()));
}

// block sum: reduce per 32-thread tile, then reduce the tile sums
__global__ void k_block_sum(const int *in, int *out, int n) {
    __shared__ int partial[32];
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<32> tile = cg::tiled_partition<32>(block);
    int s = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) s += in[i];
    s = cg::reduce(tile, s, cg::plus<int>());
    if (tile.thread_rank() == 0) partial[tile.meta_group_rank()] = s;
    block.sync();
    if (tile.meta_group_rank() == 0) {
        int p = tile.thread_rank() < tile.meta_group_size() ? partial[tile.thread_rank()] : 0;
        p = cg::reduce(tile, p, cg::plus<int>());
        if (tile.thread_rank() == 0) atomicAdd(out, p);
    }
}

template <int T>
static void run(const char *tname) {
    const int blocks = 3, threads = 128, n = blocks * threads;
    int *d;
    CHECK(cudaMalloc(&d, n * NR * sizeof(int)));
    k_collectives<T><<<blocks, threads>>>(d);
    CHECK(cudaGetLastError());
    std::vector<int> o(n * NR);
    CHECK(cudaMemcpy(o.data(), d, o.size() * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d));
    bool ok[NR];
    for (int k = 0; k < NR; ++k) ok[k] = true;
    for (int g = 0; g < n; ++g) {
        int rank = g % T, base = g - rank;
        int sum = 0, mn = ival(base), mx = ival(base);
        unsigned a = 0xffffffffu, orr = 0, x = 0;
        float fs = 0.0f;
        for (int k = 0; k < T; ++k) {
            int w = ival(base + k);
            sum += w;
            mn = w < mn ? w : mn;
            mx = w > mx ? w : mx;
            a &= uval(base + k);
            orr |= uval(base + k);
            x ^= uval(base + k);
            fs += fval(base + k);
        }
        int incl = 0, excl = 0, imax = ival(base), emax = 0;
        float finc = 0.0f;
        for (int k = 0; k <= rank; ++k) {
            incl += ival(base + k);
            finc += fval(base + k);
            imax = ival(base + k) > imax ? ival(base + k) : imax;
            if (k < rank) {
                excl += ival(base + k);
                emax = k == 0 ? ival(base) : (ival(base + k) > emax ? ival(base + k) : emax);
            }
        }
        const int *r = &o[g * NR];
        float rf, rfi;
        memcpy(&rf, &r[6], 4);
        memcpy(&rfi, &r[11], 4);
        if (r[0] != sum) ok[0] = false;
        if (r[1] != mn) ok[1] = false;
        if (r[2] != mx) ok[2] = false;
        if ((unsigned)r[3] != a) ok[3] = false;
        if ((unsigned)r[4] != orr) ok[4] = false;
        if ((unsigned)r[5] != x) ok[5] = false;
        if (rf != fs) ok[6] = false;
        if (r[7] != incl) ok[7] = false;
        if (rank > 0 && r[8] != excl) ok[8] = false;  // rank 0 result is not specified
        if (r[9] != imax) ok[9] = false;
        if (rank > 0 && r[10] != emax) ok[10] = false;
        if (rfi != finc) ok[11] = false;
    }
    const char *what[NR] = {"reduce plus int",    "reduce less (min)", "reduce greater (max)",
                            "reduce bit_and",     "reduce bit_or",     "reduce bit_xor",
                            "reduce plus float",  "inclusive_scan",    "exclusive_scan",
                            "inclusive_scan max", "exclusive_scan max", "inclusive_scan float"};
    for (int k = 0; k < NR; ++k) {
        char buf[96];
        snprintf(buf, sizeof buf, "%s %s", tname, what[k]);
        verdict(buf, ok[k]);
    }
}

int main() {
    run<32>("tile<32>");
    run<16>("tile<16>");
    run<8>("tile<8>");
    run<4>("tile<4>");
    const int n = 100003;
    std::vector<int> in(n);
    long long e = 0;
    for (int i = 0; i < n; ++i) {
        in[i] = ival(i);
        e += in[i];
    }
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d_out, 0, sizeof(int)));
    k_block_sum<<<20, 256>>>(d_in, d_out, n);
    CHECK(cudaGetLastError());
    int got = 0;
    CHECK(cudaMemcpy(&got, d_out, sizeof(int), cudaMemcpyDeviceToHost));
    printf("block sum = %d\n", got);
    verdict("block sum from tile reductions", (long long)got == e);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

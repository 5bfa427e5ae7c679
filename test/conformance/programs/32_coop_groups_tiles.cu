// Cooperative groups: this_thread_block (size, thread_rank, group_index,
// thread_index, dim_threads, sync), static tiled_partition<32>/<16>/<4>
// (thread_rank, num_threads, meta_group_rank/size, shfl, shfl_up, shfl_down,
// shfl_xor, any, all, ballot, match_any, sync), a tile of a tile, dynamic
// tiled_partition(block, 8) and coalesced_threads() (warp-aggregated atomic
// compaction: the set of results is order-independent).
#include <cuda_runtime.h>
#include <cooperative_groups.h>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>

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

__host__ __device__ inline int val(int g) { return (g * 73) % 211 - 100; }

struct BlockRec {
    unsigned size, rank;
    int3 gidx, tidx, dims;
    int after_sync;  // value written by another thread before block.sync()
};

__global__ void k_block(BlockRec *o) {
    __shared__ int sh[256];
    cg::thread_block block = cg::this_thread_block();
    int flat = blockIdx.x * blockDim.x * blockDim.y + threadIdx.y * blockDim.x + threadIdx.x;
    BlockRec r;
    r.size = block.size();
    r.rank = block.thread_rank();
    dim3 gi = block.group_index(), ti = block.thread_index(), dd = block.dim_threads();
    r.gidx = make_int3(gi.x, gi.y, gi.z);
    r.tidx = make_int3(ti.x, ti.y, ti.z);
    r.dims = make_int3(dd.x, dd.y, dd.z);
    sh[block.thread_rank()] = (int)block.thread_rank() * 3;
    block.sync();
    r.after_sync = sh[block.size() - 1 - block.thread_rank()];
    o[flat] = r;
}

template <int T>
struct TileRec {
    unsigned rank, nthreads, meta_rank, meta_size;
    int shfl0, shfl_up1, shfl_down2, shfl_xor1, shfl_dyn;
    int any, all;
    unsigned ballot, match;
    int sum;  // via tile.sync() + shared memory
};

template <int T>
__global__ void k_tile(TileRec<T> *o) {
    __shared__ int sh[256];
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<T> tile = cg::tiled_partition<T>(block);
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int v = val(g);
    TileRec<T> r;
    r.rank = tile.thread_rank();
    r.nthreads = tile.num_threads();
    r.meta_rank = tile.meta_group_rank();
    r.meta_size = tile.meta_group_size();
    r.shfl0 = tile.shfl(v, 0);
    r.shfl_up1 = tile.shfl_up(v, 1);
    r.shfl_down2 = tile.shfl_down(v, 2);
    r.shfl_xor1 = tile.shfl_xor(v, 1);
    r.shfl_dyn = tile.shfl(v, (tile.thread_rank() + 3) % T);
    r.any = tile.any(v > 90);
    r.all = tile.all(v > -95);
    r.ballot = tile.ballot(v & 1);
    r.match = tile.match_any(v % 3);
    sh[threadIdx.x] = v;
    tile.sync();
    int s = 0;
    int base = threadIdx.x - tile.thread_rank();
    for (int k = 0; k < T; ++k) s += sh[base + k];
    r.sum = s;
    o[g] = r;
}

// tile of a tile, and dynamic partition
__global__ void k_nested(int *o_sub, int *o_dyn) {
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<32> t32 = cg::tiled_partition<32>(block);
    cg::thread_block_tile<4> t4 = cg::tiled_partition<4>(t32);
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int v = val(g);
    // sum over the 4-thread tile with shfl_xor
    int s = v;
    for (int m = 2; m > 0; m >>= 1) s += t4.shfl_xor(s, m);
    o_sub[g * 3 + 0] = s;
    o_sub[g * 3 + 1] = t4.meta_group_rank();
    o_sub[g * 3 + 2] = t4.meta_group_size();
    cg::thread_group dyn = cg::tiled_partition(block, 8);
    __shared__ int sh[256];
    sh[threadIdx.x] = v;
    dyn.sync();
    int base = threadIdx.x - dyn.thread_rank();
    int ds = 0;
    for (unsigned k = 0; k < dyn.size(); ++k) ds += sh[base + k];
    o_dyn[g * 3 + 0] = ds;
    o_dyn[g * 3 + 1] = dyn.thread_rank();
    o_dyn[g * 3 + 2] = dyn.size();
}

// warp-aggregated append of the values that pass a predicate
__global__ void k_coalesced(const int *in, int *out, int *counter, int *meta, int n) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    if (g >= n) return;
    int v = in[g];
    meta[g] = 0;
    if (v % 3 == 0) {
        cg::coalesced_group active = cg::coalesced_threads();
        int base = 0;
        if (active.thread_rank() == 0) base = atomicAdd(counter, (int)active.size());
        base = active.shfl(base, 0);
        out[base + active.thread_rank()] = v;
        int ok = active.thread_rank() < active.size() && active.size() <= 32 && active.size() >= 1;
        meta[g] = ok ? 1 : -1;
    }
}

template <int T>
static void run_tile(const char *name) {
    const int blocks = 3, threads = 128, n = blocks * threads;
    TileRec<T> *d;
    CHECK(cudaMalloc(&d, n * sizeof(TileRec<T>)));
    k_tile<T><<<blocks, threads>>>(d);
    CHECK(cudaGetLastError());
    std::vector<TileRec<T>> o(n);
    CHECK(cudaMemcpy(o.data(), d, n * sizeof(TileRec<T>), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d));
    bool ok_meta = true, ok_shfl = true, ok_vote = true, ok_match = true, ok_sync = true;
    for (int g = 0; g < n; ++g) {
        int t = g % threads, rank = t % T, base = g - rank;
        const TileRec<T> &r = o[g];
        if (r.rank != (unsigned)rank || r.nthreads != (unsigned)T || r.meta_rank != (unsigned)(t / T) ||
            r.meta_size != (unsigned)(threads / T))
            ok_meta = false;
        int v = val(g);
        if (r.shfl0 != val(base) || r.shfl_up1 != (rank >= 1 ? val(g - 1) : v) ||
            r.shfl_down2 != (rank + 2 < T ? val(g + 2) : v) || r.shfl_xor1 != val(base + (rank ^ 1)) ||
            r.shfl_dyn != val(base + (rank + 3) % T))
            ok_shfl = false;
        bool any = false, all = true;
        unsigned ballot = 0, match = 0;
        int s = 0;
        for (int k = 0; k < T; ++k) {
            int w = val(base + k);
            any |= w > 90;
            all &= w > -95;
            if (w & 1) ballot |= 1u << k;
            if (w % 3 == v % 3) match |= 1u << k;
            s += w;
        }
        if (r.any != (int)any || r.all != (int)all || r.ballot != ballot) ok_vote = false;
        if (r.match != match) ok_match = false;
        if (r.sum != s) ok_sync = false;
    }
    char buf[96];
    snprintf(buf, sizeof buf, "%s rank/num_threads/meta_group", name);
    verdict(buf, ok_meta);
    snprintf(buf, sizeof buf, "%s shfl/shfl_up/shfl_down/shfl_xor", name);
    verdict(buf, ok_shfl);
    snprintf(buf, sizeof buf, "%s any/all/ballot", name);
    verdict(buf, ok_vote);
    snprintf(buf, sizeof buf, "%s match_any", name);
    verdict(buf, ok_match);
    snprintf(buf, sizeof buf, "%s sync + shared memory", name);
    verdict(buf, ok_sync);
}

int main() {
    // thread_block with a 2-D block
    {
        const int blocks = 2;
        dim3 bd(16, 12);
        int n = blocks * 192;
        BlockRec *d;
        CHECK(cudaMalloc(&d, n * sizeof(BlockRec)));
        k_block<<<blocks, bd>>>(d);
        CHECK(cudaGetLastError());
        std::vector<BlockRec> o(n);
        CHECK(cudaMemcpy(o.data(), d, n * sizeof(BlockRec), cudaMemcpyDeviceToHost));
        CHECK(cudaFree(d));
        bool ok = true, ok_sync = true;
        for (int g = 0; g < n; ++g) {
            int b = g / 192, t = g % 192;
            const BlockRec &r = o[g];
            if (r.size != 192 || r.rank != (unsigned)t || r.gidx.x != b || r.gidx.y != 0 ||
                r.tidx.x != t % 16 || r.tidx.y != t / 16 || r.tidx.z != 0 || r.dims.x != 16 ||
                r.dims.y != 12 || r.dims.z != 1)
                ok = false;
            if (r.after_sync != (191 - t) * 3) ok_sync = false;
        }
        verdict("this_thread_block size/thread_rank/group_index/thread_index/dim_threads", ok);
        verdict("this_thread_block sync", ok_sync);
    }
    run_tile<32>("tiled_partition<32>");
    run_tile<16>("tiled_partition<16>");
    run_tile<4>("tiled_partition<4>");
    {
        const int blocks = 2, threads = 96, n = blocks * threads;
        int *d_sub, *d_dyn;
        CHECK(cudaMalloc(&d_sub, 3 * n * sizeof(int)));
        CHECK(cudaMalloc(&d_dyn, 3 * n * sizeof(int)));
        k_nested<<<blocks, threads>>>(d_sub, d_dyn);
        CHECK(cudaGetLastError());
        std::vector<int> sub(3 * n), dyn(3 * n);
        CHECK(cudaMemcpy(sub.data(), d_sub, sub.size() * sizeof(int), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(dyn.data(), d_dyn, dyn.size() * sizeof(int), cudaMemcpyDeviceToHost));
        bool ok_sub = true, ok_dyn = true;
        for (int g = 0; g < n; ++g) {
            int t = g % threads;
            int b4 = g - t % 4, b8 = g - t % 8;
            int s4 = 0, s8 = 0;
            for (int k = 0; k < 4; ++k) s4 += val(b4 + k);
            for (int k = 0; k < 8; ++k) s8 += val(b8 + k);
            if (sub[g * 3] != s4 || sub[g * 3 + 1] != (t % 32) / 4 || sub[g * 3 + 2] != 8) ok_sub = false;
            if (dyn[g * 3] != s8 || dyn[g * 3 + 1] != t % 8 || dyn[g * 3 + 2] != 8) ok_dyn = false;
        }
        verdict("tiled_partition<4> of a tiled_partition<32>", ok_sub);
        verdict("dynamic tiled_partition(block, 8)", ok_dyn);
        CHECK(cudaFree(d_sub));
        CHECK(cudaFree(d_dyn));
    }
    {
        const int n = 5000;
        std::vector<int> in(n);
        for (int i = 0; i < n; ++i) in[i] = (i * 7919) % 10007;
        int *d_in, *d_out, *d_cnt, *d_meta;
        CHECK(cudaMalloc(&d_in, n * sizeof(int)));
        CHECK(cudaMalloc(&d_out, n * sizeof(int)));
        CHECK(cudaMalloc(&d_cnt, sizeof(int)));
        CHECK(cudaMalloc(&d_meta, n * sizeof(int)));
        CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
        CHECK(cudaMemset(d_cnt, 0, sizeof(int)));
        k_coalesced<<<(n + 127) / 128, 128>>>(d_in, d_out, d_cnt, d_meta, n);
        CHECK(cudaGetLastError());
        int cnt = 0;
        CHECK(cudaMemcpy(&cnt, d_cnt, sizeof(int), cudaMemcpyDeviceToHost));
        std::vector<int> expect;
        for (int i = 0; i < n; ++i)
            if (in[i] % 3 == 0) expect.push_back(in[i]);
        bool ok = cnt == (int)expect.size();
        std::vector<int> meta(n);
        CHECK(cudaMemcpy(meta.data(), d_meta, n * sizeof(int), cudaMemcpyDeviceToHost));
        if (ok) {
            std::vector<int> got(cnt);
            CHECK(cudaMemcpy(got.data(), d_out, cnt * sizeof(int), cudaMemcpyDeviceToHost));
            std::sort(got.begin(), got.end());
            std::sort(expect.begin(), expect.end());
            ok = got == expect;
        }
        bool ok_meta = true;
        for (int i = 0; i < n; ++i)
            if (meta[i] != (in[i] % 3 == 0 ? 1 : 0)) ok_meta = false;
        printf("coalesced compaction count = %d\n", cnt);
        verdict("coalesced_threads warp-aggregated compaction", ok);
        verdict("coalesced_group thread_rank < size <= 32", ok_meta);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_out));
        CHECK(cudaFree(d_cnt));
        CHECK(cudaFree(d_meta));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

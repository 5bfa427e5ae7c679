// Warp operations in partial warps (block sizes 7, 50, 100, 200: the last
// warp of each block has fewer than 32 lanes) and after lanes exit early;
// __syncwarp with full and partial masks ordering shared-memory exchanges.
// Only results that CUDA defines are checked: a shuffle whose source lane does
// not exist returns an undefined value, so such lanes are skipped.
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

struct Rec {
    unsigned active, ballot;
    int any, all_true, all_mod;
    int shfl0, shfl_last, up1, down1, xor1, idx_rot;
    unsigned red_add;
    unsigned match;
    int warp_sum;  // lane 0 only: shfl_down tree guarded by lane count
    int neighbour;  // via shared memory + __syncwarp(mask)
};

__host__ __device__ inline int value_of(int g) { return (g * 37) % 101 - 20; }

__global__ void partial(Rec *out) {
    __shared__ int buf[256];
    unsigned entry = __activemask();
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31;
    int wbase = threadIdx.x - lane;
    int nl = min(32, (int)blockDim.x - wbase);
    unsigned mask = nl == 32 ? 0xffffffffu : ((1u << nl) - 1u);
    int v = value_of(g);
    Rec r;
    r.active = entry;
    r.ballot = __ballot_sync(mask, v & 1);
    r.any = __any_sync(mask, v > 70);
    r.all_true = __all_sync(mask, v >= -20);
    r.all_mod = __all_sync(mask, v % 5 != 0);
    r.shfl0 = __shfl_sync(mask, v, 0);
    r.shfl_last = __shfl_sync(mask, v, nl - 1);
    r.up1 = __shfl_up_sync(mask, v, 1);
    r.down1 = __shfl_down_sync(mask, v, 1);     // undefined for lane nl-1 if nl < 32
    r.xor1 = __shfl_xor_sync(mask, v, 1);       // undefined for the last lane if nl is odd
    r.idx_rot = __shfl_sync(mask, v, lane + 1 < nl ? lane + 1 : 0);
    r.red_add = __reduce_add_sync(mask, (unsigned)v);
    r.match = __match_any_sync(mask, (v % 4 + 4) % 4);
    int s = v;
    for (int off = 16; off > 0; off >>= 1) {
        int o = __shfl_down_sync(mask, s, off);
        if (lane + off < nl) s += o;
    }
    r.warp_sum = lane == 0 ? s : 0;
    buf[threadIdx.x] = v * 3;
    __syncwarp(mask);
    r.neighbour = buf[wbase + (lane + 1) % nl];
    out[g] = r;
}

// Lanes leave early: in warp 0 lanes >= 20 return, in warp 1 every lane
// divisible by 3 returns; the survivors keep working with explicit masks.
struct Rec2 {
    unsigned ballot, red_add;
    int leader_val, high_val, neighbour, active_ok;
};

__global__ void early_exit(Rec2 *out) {
    __shared__ int buf[64];
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    Rec2 r;
    r.ballot = r.red_add = 0xdeadbeefu;
    r.leader_val = r.high_val = r.neighbour = -1;
    r.active_ok = -1;
    out[g] = r;
    if (warp == 0 && lane >= 20) return;
    if (warp == 1 && lane % 3 == 0) return;
    unsigned mask = warp == 0 ? 0x000fffffu : (0xffffffffu & ~0x49249249u);
    int v = value_of(g) * 7 + lane;
    unsigned am = __activemask();
    r.active_ok = ((am >> lane) & 1u) && (am & ~mask) == 0;
    r.ballot = __ballot_sync(mask, v > 0);
    r.red_add = __reduce_add_sync(mask, (unsigned)v);
    int leader = __ffs(mask) - 1;
    int high = 31 - __clz(mask);
    r.leader_val = __shfl_sync(mask, v, leader);
    r.high_val = __shfl_sync(mask, v, high);
    buf[threadIdx.x] = v + 1000;
    __syncwarp(mask);
    // next surviving lane (cyclic)
    unsigned rest = mask & ~((2u << lane) - 1u);
    if (lane == 31) rest = 0;
    int nxt = rest ? __ffs(rest) - 1 : leader;
    r.neighbour = buf[warp * 32 + nxt];
    __syncwarp(mask);
    out[g] = r;
}

int main() {
    const int sizes[4] = {7, 50, 100, 200};
    const int blocks = 3;
    for (int si = 0; si < 4; ++si) {
        int B = sizes[si], n = B * blocks;
        Rec *d;
        CHECK(cudaMalloc(&d, n * sizeof(Rec)));
        partial<<<blocks, B>>>(d);
        CHECK(cudaGetLastError());
        std::vector<Rec> r(n);
        CHECK(cudaMemcpy(r.data(), d, n * sizeof(Rec), cudaMemcpyDeviceToHost));
        CHECK(cudaFree(d));
        bool ok_active = true, ok_vote = true, ok_shfl = true, ok_red = true, ok_match = true,
             ok_sum = true, ok_sync = true;
        for (int b = 0; b < blocks; ++b)
            for (int wb = 0; wb < B; wb += 32) {
                int nl = B - wb < 32 ? B - wb : 32;
                unsigned mask = nl == 32 ? 0xffffffffu : ((1u << nl) - 1u);
                int base = b * B + wb;
                unsigned ballot = 0;
                bool any = false, all_true = true, all_mod = true;
                unsigned sum = 0;
                for (int l = 0; l < nl; ++l) {
                    int v = value_of(base + l);
                    if (v & 1) ballot |= 1u << l;
                    if (v > 70) any = true;
                    if (!(v >= -20)) all_true = false;
                    if (!(v % 5 != 0)) all_mod = false;
                    sum += (unsigned)v;
                }
                for (int l = 0; l < nl; ++l) {
                    const Rec &x = r[base + l];
                    int v = value_of(base + l);
                    if (x.active != mask) ok_active = false;
                    if (x.ballot != ballot || x.any != (int)any || x.all_true != (int)all_true ||
                        x.all_mod != (int)all_mod)
                        ok_vote = false;
                    if (x.shfl0 != value_of(base)) ok_shfl = false;
                    if (x.shfl_last != value_of(base + nl - 1)) ok_shfl = false;
                    if (x.up1 != (l >= 1 ? value_of(base + l - 1) : v)) ok_shfl = false;
                    if (l + 1 < nl && x.down1 != value_of(base + l + 1)) ok_shfl = false;
                    if (nl == 32 && l == 31 && x.down1 != v) ok_shfl = false;
                    if ((l ^ 1) < nl && x.xor1 != value_of(base + (l ^ 1))) ok_shfl = false;
                    if (x.idx_rot != value_of(base + (l + 1 < nl ? l + 1 : 0))) ok_shfl = false;
                    if (x.red_add != sum) ok_red = false;
                    unsigned m = 0;
                    int cls = (v % 4 + 4) % 4;
                    for (int k = 0; k < nl; ++k)
                        if ((value_of(base + k) % 4 + 4) % 4 == cls) m |= 1u << k;
                    if (x.match != m) ok_match = false;
                    if (l == 0 && x.warp_sum != (int)sum) ok_sum = false;
                    if (x.neighbour != value_of(base + (l + 1) % nl) * 3) ok_sync = false;
                }
            }
        char name[96];
        snprintf(name, sizeof name, "block=%d __activemask at entry", B);
        verdict(name, ok_active);
        snprintf(name, sizeof name, "block=%d ballot/any/all", B);
        verdict(name, ok_vote);
        snprintf(name, sizeof name, "block=%d shfl idx/up/down/xor", B);
        verdict(name, ok_shfl);
        snprintf(name, sizeof name, "block=%d __reduce_add_sync", B);
        verdict(name, ok_red);
        snprintf(name, sizeof name, "block=%d __match_any_sync", B);
        verdict(name, ok_match);
        snprintf(name, sizeof name, "block=%d guarded shfl_down sum", B);
        verdict(name, ok_sum);
        snprintf(name, sizeof name, "block=%d __syncwarp shared exchange", B);
        verdict(name, ok_sync);
    }

    {
        const int n = 2 * 64;
        Rec2 *d;
        CHECK(cudaMalloc(&d, n * sizeof(Rec2)));
        early_exit<<<2, 64>>>(d);
        CHECK(cudaGetLastError());
        std::vector<Rec2> r(n);
        CHECK(cudaMemcpy(r.data(), d, n * sizeof(Rec2), cudaMemcpyDeviceToHost));
        CHECK(cudaFree(d));
        bool ok_exit = true, ok_vote = true, ok_red = true, ok_shfl = true, ok_sync = true,
             ok_active = true;
        for (int b = 0; b < 2; ++b)
            for (int w = 0; w < 2; ++w) {
                unsigned mask = w == 0 ? 0x000fffffu : (0xffffffffu & ~0x49249249u);
                int base = b * 64 + w * 32;
                unsigned ballot = 0, sum = 0;
                int leader = __builtin_ctz(mask), high = 31 - __builtin_clz(mask);
                for (int l = 0; l < 32; ++l)
                    if (mask >> l & 1u) {
                        int v = value_of(base + l) * 7 + l;
                        if (v > 0) ballot |= 1u << l;
                        sum += (unsigned)v;
                    }
                for (int l = 0; l < 32; ++l) {
                    const Rec2 &x = r[base + l];
                    if (!(mask >> l & 1u)) {
                        if (x.ballot != 0xdeadbeefu || x.leader_val != -1 || x.active_ok != -1)
                            ok_exit = false;
                        continue;
                    }
                    if (x.active_ok != 1) ok_active = false;
                    if (x.ballot != ballot) ok_vote = false;
                    if (x.red_add != sum) ok_red = false;
                    if (x.leader_val != value_of(base + leader) * 7 + leader ||
                        x.high_val != value_of(base + high) * 7 + high)
                        ok_shfl = false;
                    int nxt = leader;
                    for (int k = l + 1; k < 32; ++k)
                        if (mask >> k & 1u) { nxt = k; break; }
                    if (x.neighbour != value_of(base + nxt) * 7 + nxt + 1000) ok_sync = false;
                }
            }
        verdict("early exit: exited lanes wrote nothing more", ok_exit);
        verdict("early exit: __activemask within survivors", ok_active);
        verdict("early exit: __ballot_sync", ok_vote);
        verdict("early exit: __reduce_add_sync", ok_red);
        verdict("early exit: __shfl_sync from lowest/highest survivor", ok_shfl);
        verdict("early exit: __syncwarp(mask) shared exchange", ok_sync);
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// __ballot_sync, __any_sync, __all_sync and __activemask on full warps:
// fixed and data-dependent predicates, sub-masks inside a branch, leader
// election with __ffs(ballot) and a shuffle limited to the voting lanes.
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

#define NPRED 6
__host__ __device__ inline bool pred_of(int k, int lane, int data, int thresh) {
    switch (k) {
    case 0: return lane % 3 == 0;
    case 1: return data > thresh;
    case 2: return true;
    case 3: return false;
    case 4: return lane < 16;
    default: return lane == 31;
    }
}

struct Out {
    unsigned ballot[NPRED];
    int any[NPRED];
    int all[NPRED];
    unsigned entry_mask;     // __activemask() at kernel entry (converged)
    unsigned odd_ballot;     // __ballot_sync(0xAAAAAAAA, ...) inside "if (lane & 1)"
    int odd_any, odd_all;
    int odd_active_ok;       // own bit set in __activemask() inside the branch
    int leader_value;        // value broadcast from the elected leader
    int popc;
};

__global__ void vote(const int *data, Out *out, int thresh) {
    unsigned entry = __activemask();
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31;
    int d = data[g];
    Out o;
    o.entry_mask = entry;
    for (int k = 0; k < NPRED; ++k) {
        bool p = pred_of(k, lane, d, thresh);
        o.ballot[k] = __ballot_sync(0xffffffffu, p);
        o.any[k] = __any_sync(0xffffffffu, p);
        o.all[k] = __all_sync(0xffffffffu, p);
    }
    o.odd_ballot = 0;
    o.odd_any = o.odd_all = -1;
    o.odd_active_ok = 1;
    if (lane & 1) {
        unsigned am = __activemask();
        // Only the calling lane's own bit is guaranteed (the compiler may
        // predicate the branch, so other lanes can appear active).
        o.odd_active_ok = (am >> lane) & 1u;
        o.odd_ballot = __ballot_sync(0xAAAAAAAAu, d > thresh);
        o.odd_any = __any_sync(0xAAAAAAAAu, d > thresh);
        o.odd_all = __all_sync(0xAAAAAAAAu, d > -thresh);
    }
    // leader election among the lanes whose value exceeds the threshold
    bool p = d > thresh;
    unsigned m = __ballot_sync(0xffffffffu, p);
    o.leader_value = -1;
    o.popc = __popc(m);
    if (p) {
        int leader = __ffs(m) - 1;
        o.leader_value = __shfl_sync(m, d, leader);
    }
    out[g] = o;
}

int main() {
    const int blocks = 4, threads = 128, n = blocks * threads;
    const int thresh = 500;
    std::vector<int> data(n);
    for (int i = 0; i < n; ++i) data[i] = (int)((i * 2654435761u) >> 7) % 1000;
    // make some warps uniform to exercise all/any edge cases
    for (int i = 32; i < 64; ++i) data[i] = 900;   // warp 1: all above
    for (int i = 64; i < 96; ++i) data[i] = 100;   // warp 2: none above
    for (int i = 96; i < 128; ++i) data[i] = (i == 100) ? 999 : 0;  // warp 3: one lane
    int *d_data;
    Out *d_out;
    CHECK(cudaMalloc(&d_data, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(Out)));
    CHECK(cudaMemcpy(d_data, data.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    vote<<<blocks, threads>>>(d_data, d_out, thresh);
    CHECK(cudaGetLastError());
    std::vector<Out> out(n);
    CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(Out), cudaMemcpyDeviceToHost));

    bool ok_ballot = true, ok_any = true, ok_all = true, ok_entry = true;
    bool ok_sub = true, ok_active = true, ok_leader = true;
    for (int w = 0; w < n / 32; ++w) {
        for (int k = 0; k < NPRED; ++k) {
            unsigned b = 0;
            for (int l = 0; l < 32; ++l)
                if (pred_of(k, l, data[w * 32 + l], thresh)) b |= 1u << l;
            for (int l = 0; l < 32; ++l) {
                const Out &o = out[w * 32 + l];
                if (o.ballot[k] != b) ok_ballot = false;
                if (o.any[k] != (b != 0)) ok_any = false;
                if (o.all[k] != (b == 0xffffffffu)) ok_all = false;
            }
        }
        unsigned ob = 0;
        bool oall = true;
        unsigned full = 0;
        int first = -1;
        for (int l = 0; l < 32; ++l) {
            int d = data[w * 32 + l];
            if ((l & 1) && d > thresh) ob |= 1u << l;
            if ((l & 1) && !(d > -thresh)) oall = false;
            if (d > thresh) {
                full |= 1u << l;
                if (first < 0) first = l;
            }
        }
        for (int l = 0; l < 32; ++l) {
            const Out &o = out[w * 32 + l];
            if (o.entry_mask != 0xffffffffu) ok_entry = false;
            if (!o.odd_active_ok) ok_active = false;
            if (l & 1) {
                if (o.odd_ballot != ob || o.odd_any != (ob != 0) || o.odd_all != (int)oall)
                    ok_sub = false;
            } else if (o.odd_ballot != 0 || o.odd_any != -1 || o.odd_all != -1) {
                ok_sub = false;
            }
            if (o.popc != __builtin_popcount(full)) ok_leader = false;
            int expect = (full >> l & 1u) ? data[w * 32 + first] : -1;
            if (o.leader_value != expect) ok_leader = false;
        }
    }
    verdict("__ballot_sync full mask", ok_ballot);
    verdict("__any_sync full mask", ok_any);
    verdict("__all_sync full mask", ok_all);
    verdict("__activemask at entry is full", ok_entry);
    verdict("__activemask in branch has own bit", ok_active);
    verdict("ballot/any/all with mask 0xAAAAAAAA in branch", ok_sub);
    verdict("leader election __ffs + __shfl_sync(ballot mask)", ok_leader);
    CHECK(cudaFree(d_data));
    CHECK(cudaFree(d_out));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

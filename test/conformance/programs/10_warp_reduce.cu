// __reduce_add_sync / __reduce_min_sync / __reduce_max_sync (unsigned and
// int) and __reduce_and_sync / __reduce_or_sync / __reduce_xor_sync, with a
// full mask, the first 20 lanes and the odd lanes.
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

#define NOPS 9
static const char *op_names[NOPS] = {"add unsigned", "min unsigned", "max unsigned",
                                     "add int",      "min int",      "max int",
                                     "and",          "or",           "xor"};

__device__ void do_ops(unsigned mask, unsigned u, int s, unsigned *o) {
    o[0] = __reduce_add_sync(mask, u);
    o[1] = __reduce_min_sync(mask, u);
    o[2] = __reduce_max_sync(mask, u);
    o[3] = (unsigned)__reduce_add_sync(mask, s);
    o[4] = (unsigned)__reduce_min_sync(mask, s);
    o[5] = (unsigned)__reduce_max_sync(mask, s);
    o[6] = __reduce_and_sync(mask, u);
    o[7] = __reduce_or_sync(mask, u);
    o[8] = __reduce_xor_sync(mask, u);
}

// out layout: [variant][op][thread]; variant 0 full, 1 lanes<20, 2 odd lanes
__global__ void reduce_k(const unsigned *uin, const int *sin, unsigned *out) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int n = gridDim.x * blockDim.x;
    int lane = threadIdx.x & 31;
    unsigned u = uin[g];
    int s = sin[g];
    unsigned r[NOPS];
    do_ops(0xffffffffu, u, s, r);
    for (int k = 0; k < NOPS; ++k) out[(0 * NOPS + k) * n + g] = r[k];
    for (int k = 0; k < NOPS; ++k) r[k] = 0x5a5a5a5au;
    if (lane < 20) do_ops(0x000fffffu, u, s, r);
    for (int k = 0; k < NOPS; ++k) out[(1 * NOPS + k) * n + g] = r[k];
    for (int k = 0; k < NOPS; ++k) r[k] = 0x5a5a5a5au;
    if (lane & 1) do_ops(0xAAAAAAAAu, u, s, r);
    for (int k = 0; k < NOPS; ++k) out[(2 * NOPS + k) * n + g] = r[k];
}

static void host_ops(const unsigned *u, const int *s, unsigned mask, unsigned *r) {
    unsigned add = 0, mn = 0xffffffffu, mx = 0, a = 0xffffffffu, o = 0, x = 0;
    int sadd = 0, smn = 0x7fffffff, smx = -0x7fffffff - 1;
    for (int l = 0; l < 32; ++l) {
        if (!(mask >> l & 1u)) continue;
        add += u[l];
        mn = u[l] < mn ? u[l] : mn;
        mx = u[l] > mx ? u[l] : mx;
        sadd += s[l];
        smn = s[l] < smn ? s[l] : smn;
        smx = s[l] > smx ? s[l] : smx;
        a &= u[l];
        o |= u[l];
        x ^= u[l];
    }
    r[0] = add; r[1] = mn; r[2] = mx;
    r[3] = (unsigned)sadd; r[4] = (unsigned)smn; r[5] = (unsigned)smx;
    r[6] = a; r[7] = o; r[8] = x;
}

int main() {
    const int blocks = 2, threads = 128, n = blocks * threads;
    std::vector<unsigned> u(n);
    std::vector<int> s(n);
    for (int i = 0; i < n; ++i) {
        u[i] = (i * 2654435761u) ^ (i * 40503u << 7);   // large: the add wraps
        s[i] = (int)((i * 2246822519u) >> 6) - (1 << 25);  // mixed signs, no overflow
    }
    // warp 2: values that make AND non-zero
    for (int i = 64; i < 96; ++i) u[i] = 0xF0F00000u | (unsigned)i;
    // warp 3: equal values
    for (int i = 96; i < 128; ++i) { u[i] = 12345u; s[i] = -7; }
    unsigned *d_u, *d_out;
    int *d_s;
    CHECK(cudaMalloc(&d_u, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_s, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, 3 * NOPS * n * sizeof(unsigned)));
    CHECK(cudaMemcpy(d_u, u.data(), n * sizeof(unsigned), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_s, s.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    reduce_k<<<blocks, threads>>>(d_u, d_s, d_out);
    CHECK(cudaGetLastError());
    std::vector<unsigned> out(3 * NOPS * n);
    CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    const unsigned masks[3] = {0xffffffffu, 0x000fffffu, 0xAAAAAAAAu};
    const char *vnames[3] = {"full mask", "lanes 0-19", "odd lanes"};
    for (int v = 0; v < 3; ++v) {
        bool ok[NOPS];
        for (int k = 0; k < NOPS; ++k) ok[k] = true;
        for (int w = 0; w < n / 32; ++w) {
            unsigned r[NOPS];
            host_ops(&u[w * 32], &s[w * 32], masks[v], r);
            for (int l = 0; l < 32; ++l) {
                bool in = masks[v] >> l & 1u;
                for (int k = 0; k < NOPS; ++k) {
                    unsigned got = out[(v * NOPS + k) * n + w * 32 + l];
                    unsigned expect = in ? r[k] : 0x5a5a5a5au;
                    if (got != expect) ok[k] = false;
                }
            }
        }
        for (int k = 0; k < NOPS; ++k) {
            char name[96];
            snprintf(name, sizeof name, "__reduce %s %s", op_names[k], vnames[v]);
            verdict(name, ok[k]);
        }
    }
    CHECK(cudaFree(d_u));
    CHECK(cudaFree(d_s));
    CHECK(cudaFree(d_out));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

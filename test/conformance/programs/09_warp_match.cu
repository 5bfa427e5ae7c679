// __match_any_sync and __match_all_sync for unsigned, int, unsigned long long
// (values differing only in the high word), float; full and partial masks.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

template <typename T>
__global__ void match_k(const T *in, unsigned *any_full, unsigned *all_full, int *all_pred,
                        unsigned *any_odd, unsigned *all_odd, int *odd_pred) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31;
    T v = in[g];
    any_full[g] = __match_any_sync(0xffffffffu, v);
    int p = -1;
    all_full[g] = __match_all_sync(0xffffffffu, v, &p);
    all_pred[g] = p;
    any_odd[g] = 0;
    all_odd[g] = 0;
    odd_pred[g] = -1;
    if (lane & 1) {
        any_odd[g] = __match_any_sync(0xAAAAAAAAu, v);
        int q = -1;
        all_odd[g] = __match_all_sync(0xAAAAAAAAu, v, &q);
        odd_pred[g] = q;
    }
}

template <typename T> static bool same(T a, T b) { return memcmp(&a, &b, sizeof(T)) == 0; }

template <typename T>
static void run(const char *tname, const std::vector<T> &in) {
    int n = (int)in.size();
    int blocks = n / 64;
    T *d_in;
    unsigned *d_af, *d_lf, *d_ao, *d_lo;
    int *d_pf, *d_po;
    CHECK(cudaMalloc(&d_in, n * sizeof(T)));
    CHECK(cudaMalloc(&d_af, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_lf, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_ao, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_lo, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_pf, n * sizeof(int)));
    CHECK(cudaMalloc(&d_po, n * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(T), cudaMemcpyHostToDevice));
    match_k<T><<<blocks, 64>>>(d_in, d_af, d_lf, d_pf, d_ao, d_lo, d_po);
    CHECK(cudaGetLastError());
    std::vector<unsigned> af(n), lf(n), ao(n), lo(n);
    std::vector<int> pf(n), po(n);
    CHECK(cudaMemcpy(af.data(), d_af, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(lf.data(), d_lf, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(ao.data(), d_ao, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(lo.data(), d_lo, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(pf.data(), d_pf, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(po.data(), d_po, n * sizeof(int), cudaMemcpyDeviceToHost));
    bool ok_any = true, ok_all = true, ok_any_odd = true, ok_all_odd = true;
    for (int w = 0; w < n / 32; ++w) {
        const T *v = &in[w * 32];
        bool uniform = true, odd_uniform = true;
        for (int l = 1; l < 32; ++l)
            if (!same(v[l], v[0])) uniform = false;
        for (int l = 3; l < 32; l += 2)
            if (!same(v[l], v[1])) odd_uniform = false;
        for (int l = 0; l < 32; ++l) {
            int g = w * 32 + l;
            unsigned m = 0, mo = 0;
            for (int k = 0; k < 32; ++k)
                if (same(v[k], v[l])) {
                    m |= 1u << k;
                    if (k & 1) mo |= 1u << k;
                }
            if (af[g] != m) ok_any = false;
            if (lf[g] != (uniform ? 0xffffffffu : 0u) || pf[g] != (uniform ? 1 : 0)) ok_all = false;
            if (l & 1) {
                if (ao[g] != mo) ok_any_odd = false;
                if (lo[g] != (odd_uniform ? 0xAAAAAAAAu : 0u) || po[g] != (odd_uniform ? 1 : 0))
                    ok_all_odd = false;
            }
        }
    }
    char name[96];
    snprintf(name, sizeof name, "__match_any_sync %s full mask", tname);
    verdict(name, ok_any);
    snprintf(name, sizeof name, "__match_all_sync %s full mask", tname);
    verdict(name, ok_all);
    snprintf(name, sizeof name, "__match_any_sync %s odd lanes", tname);
    verdict(name, ok_any_odd);
    snprintf(name, sizeof name, "__match_all_sync %s odd lanes", tname);
    verdict(name, ok_all_odd);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_af));
    CHECK(cudaFree(d_lf));
    CHECK(cudaFree(d_ao));
    CHECK(cudaFree(d_lo));
    CHECK(cudaFree(d_pf));
    CHECK(cudaFree(d_po));
}

// Warp patterns (8 warps = 4 blocks of 64 threads):
// 0 groups of 4 lanes, 1 hashed values in 5 classes, 2 uniform,
// 3 odd lanes uniform / even lanes distinct, 4 all distinct, 5 two halves,
// 6 uniform except lane 31, 7 alternating pair of values.
static int pattern(int w, int l) {
    switch (w % 8) {
    case 0: return l / 4;
    case 1: return (int)((l * 2654435761u) >> 29) % 5;
    case 2: return 7;
    case 3: return (l & 1) ? 42 : 100 + l;
    case 4: return l;
    case 5: return l < 16 ? 1 : 2;
    case 6: return l == 31 ? 9 : 3;
    default: return l & 1;
    }
}

int main() {
    const int n = 256;
    std::vector<unsigned> vu(n);
    std::vector<int> vi(n);
    std::vector<unsigned long long> vl(n);
    std::vector<float> vf(n);
    for (int g = 0; g < n; ++g) {
        int p = pattern(g / 32, g % 32);
        vu[g] = (unsigned)p * 0x01010101u;
        vi[g] = -p * 1000 - 1;
        // identical low word, classes differ only in the high word
        vl[g] = ((unsigned long long)(p + 1) << 32) | 0xdeadbeefull;
        vf[g] = (float)p * 0.75f + 1.0f;
    }
    run<unsigned>("unsigned", vu);
    run<int>("int", vi);
    run<unsigned long long>("unsigned long long", vl);
    run<float>("float", vf);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

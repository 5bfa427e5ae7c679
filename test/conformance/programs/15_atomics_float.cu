// float atomics under contention in global and shared memory: atomicAdd of
// values whose partial sums are all exact (so the result is independent of
// order), returned values of +1.0f increments, atomicExch chains, and
// atomicCAS loops implementing float min, max and multiply by powers of two.
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

#define NSLOT 8

// multiples of 0.25 in [-1, 2.75]: every partial sum is exact in float
__host__ __device__ inline float addval(int g) { return (float)(g % 16) * 0.25f - 1.0f; }
// arbitrary floats for min/max
__host__ __device__ inline float mmval(int g) {
    return (float)((int)((g * 2654435761u) >> 8) % 200001 - 100000) * 0.001f;
}

__device__ float atomicMinFloat(float *addr, float v) {
    int *ia = (int *)addr;
    int old = *ia, assumed;
    do {
        assumed = old;
        if (__int_as_float(assumed) <= v) break;
        old = atomicCAS(ia, assumed, __float_as_int(v));
    } while (old != assumed);
    return __int_as_float(old);
}

__device__ float atomicMaxFloat(float *addr, float v) {
    int *ia = (int *)addr;
    int old = *ia, assumed;
    do {
        assumed = old;
        if (__int_as_float(assumed) >= v) break;
        old = atomicCAS(ia, assumed, __float_as_int(v));
    } while (old != assumed);
    return __int_as_float(old);
}

__device__ float atomicMulFloat(float *addr, float v) {
    unsigned *ua = (unsigned *)addr;
    unsigned old = *ua, assumed;
    do {
        assumed = old;
        old = atomicCAS(ua, assumed, __float_as_uint(__uint_as_float(assumed) * v));
    } while (old != assumed);
    return __uint_as_float(old);
}

struct Res {
    float add[NSLOT];
    float mn, mx, mul;
    float exch_final;
};

__global__ void global_k(Res *r, float *olds_inc, float *olds_exch, float *counter) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    atomicAdd(&r->add[g % NSLOT], addval(g));
    atomicMinFloat(&r->mn, mmval(g));
    atomicMaxFloat(&r->mx, mmval(g));
    // few participants: every intermediate product stays a normal float
    if (g < 120) atomicMulFloat(&r->mul, (g % 3 == 0) ? 2.0f : 0.5f);
    olds_inc[g] = atomicAdd(counter, 1.0f);
    olds_exch[g] = atomicExch(&r->exch_final, (float)g + 0.5f);
}

__global__ void shared_k(Res *out, float *olds_inc) {
    __shared__ Res s;
    __shared__ float counter;
    int t = threadIdx.x;
    if (t < NSLOT) s.add[t] = 0.0f;
    if (t == 0) {
        s.mn = 1.0e30f;
        s.mx = -1.0e30f;
        s.mul = 1.0f;
        s.exch_final = -1.0f;
        counter = 0.0f;
    }
    __syncthreads();
    int g = blockIdx.x * blockDim.x + t;
    atomicAdd(&s.add[t % NSLOT], addval(g));
    atomicMinFloat(&s.mn, mmval(g));
    atomicMaxFloat(&s.mx, mmval(g));
    if (t < 48) atomicMulFloat(&s.mul, (t % 4 == 0) ? 4.0f : ((t % 4 == 1) ? 0.25f : 1.0f));
    olds_inc[g] = atomicAdd(&counter, 1.0f);
    atomicExch(&s.exch_final, (float)t);
    __syncthreads();
    if (t == 0) out[blockIdx.x] = s;
}

static bool is_range_perm(std::vector<float> v, float first) {
    std::sort(v.begin(), v.end());
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i] != first + (float)i) return false;
    return true;
}

int main() {
    const int blocks = 64, threads = 256, n = blocks * threads;
    Res init;
    for (int s = 0; s < NSLOT; ++s) init.add[s] = 0.0f;
    init.mn = 1.0e30f;
    init.mx = -1.0e30f;
    init.mul = 1.0f;
    init.exch_final = -7.0f;
    Res *d_r;
    float *d_inc, *d_exch, *d_counter;
    CHECK(cudaMalloc(&d_r, sizeof(Res)));
    CHECK(cudaMalloc(&d_inc, n * sizeof(float)));
    CHECK(cudaMalloc(&d_exch, n * sizeof(float)));
    CHECK(cudaMalloc(&d_counter, sizeof(float)));
    CHECK(cudaMemcpy(d_r, &init, sizeof(Res), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d_counter, 0, sizeof(float)));
    global_k<<<blocks, threads>>>(d_r, d_inc, d_exch, d_counter);
    CHECK(cudaGetLastError());
    Res r;
    std::vector<float> inc(n), ex(n);
    float counter;
    CHECK(cudaMemcpy(&r, d_r, sizeof(Res), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(inc.data(), d_inc, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(ex.data(), d_exch, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&counter, d_counter, sizeof(float), cudaMemcpyDeviceToHost));

    float e_add[NSLOT] = {0};
    float e_mn = 1.0e30f, e_mx = -1.0e30f;
    int pow2 = 0;
    for (int g = 0; g < n; ++g) {
        e_add[g % NSLOT] += addval(g);
        e_mn = std::min(e_mn, mmval(g));
        e_mx = std::max(e_mx, mmval(g));
        if (g < 120) pow2 += (g % 3 == 0) ? 1 : -1;
    }
    bool add_ok = true;
    for (int s = 0; s < NSLOT; ++s)
        if (r.add[s] != e_add[s]) add_ok = false;
    verdict("global atomicAdd float (exact partial sums)", add_ok);
    printf("global atomicAdd float slot sums: %.2f %.2f %.2f\n", (double)r.add[0],
           (double)r.add[1], (double)r.add[7]);
    verdict("global atomicCAS float min", r.mn == e_mn);
    verdict("global atomicCAS float max", r.mx == e_mx);
    verdict("global atomicCAS float multiply", r.mul == ldexpf(1.0f, pow2));
    verdict("global atomicAdd +1.0f counter", counter == (float)n);
    verdict("global atomicAdd +1.0f returned values are a permutation", is_range_perm(inc, 0.0f));
    {
        // exchange chain: returned values plus the final value are the initial
        // value plus every written value, each exactly once
        std::vector<float> all(ex);
        all.push_back(r.exch_final);
        std::sort(all.begin(), all.end());
        std::vector<float> expect;
        expect.push_back(-7.0f);
        for (int g = 0; g < n; ++g) expect.push_back((float)g + 0.5f);
        std::sort(expect.begin(), expect.end());
        verdict("global atomicExch float chain", all == expect);
    }

    Res *d_sr;
    CHECK(cudaMalloc(&d_sr, blocks * sizeof(Res)));
    shared_k<<<blocks, threads>>>(d_sr, d_inc);
    CHECK(cudaGetLastError());
    std::vector<Res> sr(blocks);
    CHECK(cudaMemcpy(sr.data(), d_sr, blocks * sizeof(Res), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(inc.data(), d_inc, n * sizeof(float), cudaMemcpyDeviceToHost));
    bool s_add = true, s_mn = true, s_mx = true, s_mul = true, s_perm = true, s_exch = true;
    for (int b = 0; b < blocks; ++b) {
        float ea[NSLOT] = {0};
        float mn = 1.0e30f, mx = -1.0e30f;
        int p2 = 0;
        for (int t = 0; t < threads; ++t) {
            int g = b * threads + t;
            ea[t % NSLOT] += addval(g);
            mn = std::min(mn, mmval(g));
            mx = std::max(mx, mmval(g));
            if (t < 48) p2 += (t % 4 == 0) ? 2 : ((t % 4 == 1) ? -2 : 0);
        }
        for (int s = 0; s < NSLOT; ++s)
            if (sr[b].add[s] != ea[s]) s_add = false;
        if (sr[b].mn != mn) s_mn = false;
        if (sr[b].mx != mx) s_mx = false;
        if (sr[b].mul != ldexpf(1.0f, p2)) s_mul = false;
        float fe = sr[b].exch_final;
        if (!(fe >= 0.0f && fe < (float)threads && fe == (float)(int)fe)) s_exch = false;
        std::vector<float> bo(inc.begin() + b * threads, inc.begin() + (b + 1) * threads);
        if (!is_range_perm(bo, 0.0f)) s_perm = false;
    }
    verdict("shared atomicAdd float (exact partial sums)", s_add);
    verdict("shared atomicCAS float min", s_mn);
    verdict("shared atomicCAS float max", s_mx);
    verdict("shared atomicCAS float multiply", s_mul);
    verdict("shared atomicAdd +1.0f returned values are a permutation", s_perm);
    verdict("shared atomicExch final value is one of the written values", s_exch);

    CHECK(cudaFree(d_r));
    CHECK(cudaFree(d_sr));
    CHECK(cudaFree(d_inc));
    CHECK(cudaFree(d_exch));
    CHECK(cudaFree(d_counter));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

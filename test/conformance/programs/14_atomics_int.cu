// 32-bit integer atomics under contention (16384 threads on 4 addresses per
// operation) in global and shared memory: atomicAdd, atomicSub, atomicMin,
// atomicMax, atomicAnd, atomicOr, atomicXor for int and unsigned; the values
// returned by atomicAdd form a permutation; atomicAdd_block and
// atomicAdd_system. Only order-independent results are printed.
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

#define NSLOT 4
#define NOP 7
static const char *op_names[NOP] = {"add", "sub", "min", "max", "and", "or", "xor"};

__host__ __device__ inline int ival(int g) { return (int)((g * 2654435761u) >> 12) % 2001 - 1000; }
__host__ __device__ inline unsigned uval(int g) { return (unsigned)g * 2246822519u + 12345u; }
__host__ __device__ inline int and_mask(int g) { return ~(1 << (g % 31)); }
__host__ __device__ inline unsigned or_bits(int g) { return 1u << ((g * 7) % 32); }

static const int init_i[NOP] = {5, -5, 0x7fffffff, (int)0x80000000u, -1, 0, 0x12345678};
static const unsigned init_u[NOP] = {7u, 0u, 0xffffffffu, 0u, 0xffffffffu, 0u, 0xcafef00du};

__device__ void apply(int *ci, unsigned *cu, int g, int slot) {
    int v = ival(g);
    unsigned u = uval(g);
    atomicAdd(&ci[0 * NSLOT + slot], v);
    atomicSub(&ci[1 * NSLOT + slot], v);
    atomicMin(&ci[2 * NSLOT + slot], v);
    atomicMax(&ci[3 * NSLOT + slot], v);
    atomicAnd(&ci[4 * NSLOT + slot], and_mask(g));
    atomicOr(&ci[5 * NSLOT + slot], (int)or_bits(g));
    atomicXor(&ci[6 * NSLOT + slot], v);
    atomicAdd(&cu[0 * NSLOT + slot], u);
    atomicSub(&cu[1 * NSLOT + slot], u);
    atomicMin(&cu[2 * NSLOT + slot], u);
    atomicMax(&cu[3 * NSLOT + slot], u);
    atomicAnd(&cu[4 * NSLOT + slot], ~or_bits(g));
    atomicOr(&cu[5 * NSLOT + slot], or_bits(g + 3));
    atomicXor(&cu[6 * NSLOT + slot], u);
}

__global__ void global_atomics(int *ci, unsigned *cu, unsigned *counter, unsigned *olds) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    apply(ci, cu, g, g % NSLOT);
    olds[g] = atomicAdd(counter, 1u);
}

__global__ void shared_atomics(const int *init_ci, const unsigned *init_cu, int *out_ci,
                               unsigned *out_cu, unsigned *olds) {
    __shared__ int ci[NOP * NSLOT];
    __shared__ unsigned cu[NOP * NSLOT];
    __shared__ unsigned counter;
    int t = threadIdx.x;
    if (t < NOP * NSLOT) {
        ci[t] = init_ci[t];
        cu[t] = init_cu[t];
    }
    if (t == 0) counter = 0;
    __syncthreads();
    int g = blockIdx.x * blockDim.x + t;
    apply(ci, cu, g, (t / 3) % NSLOT);
    olds[g] = atomicAdd(&counter, 1u);
    __syncthreads();
    if (t < NOP * NSLOT) {
        out_ci[blockIdx.x * NOP * NSLOT + t] = ci[t];
        out_cu[blockIdx.x * NOP * NSLOT + t] = cu[t];
    }
}

__global__ void scoped(int *per_block, int *sys_counter) {
    atomicAdd_block(&per_block[blockIdx.x], (int)threadIdx.x + 1);
    atomicAdd_system(sys_counter, 2);
}

static void host_apply(int *ci, unsigned *cu, int g, int slot) {
    int v = ival(g);
    unsigned u = uval(g);
    ci[0 * NSLOT + slot] += v;
    ci[1 * NSLOT + slot] -= v;
    ci[2 * NSLOT + slot] = std::min(ci[2 * NSLOT + slot], v);
    ci[3 * NSLOT + slot] = std::max(ci[3 * NSLOT + slot], v);
    ci[4 * NSLOT + slot] &= and_mask(g);
    ci[5 * NSLOT + slot] |= (int)or_bits(g);
    ci[6 * NSLOT + slot] ^= v;
    cu[0 * NSLOT + slot] += u;
    cu[1 * NSLOT + slot] -= u;
    cu[2 * NSLOT + slot] = std::min(cu[2 * NSLOT + slot], u);
    cu[3 * NSLOT + slot] = std::max(cu[3 * NSLOT + slot], u);
    cu[4 * NSLOT + slot] &= ~or_bits(g);
    cu[5 * NSLOT + slot] |= or_bits(g + 3);
    cu[6 * NSLOT + slot] ^= u;
}

static bool is_permutation_of_range(std::vector<unsigned> v) {
    std::sort(v.begin(), v.end());
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i] != i) return false;
    return true;
}

int main() {
    const int blocks = 64, threads = 256, n = blocks * threads;
    std::vector<int> hi(NOP * NSLOT);
    std::vector<unsigned> hu(NOP * NSLOT);
    for (int op = 0; op < NOP; ++op)
        for (int s = 0; s < NSLOT; ++s) {
            hi[op * NSLOT + s] = init_i[op];
            hu[op * NSLOT + s] = init_u[op];
        }
    int *d_ci, *d_oci;
    unsigned *d_cu, *d_ocu, *d_counter, *d_olds;
    CHECK(cudaMalloc(&d_ci, hi.size() * sizeof(int)));
    CHECK(cudaMalloc(&d_cu, hu.size() * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_oci, blocks * hi.size() * sizeof(int)));
    CHECK(cudaMalloc(&d_ocu, blocks * hu.size() * sizeof(unsigned)));
    CHECK(cudaMalloc(&d_counter, sizeof(unsigned)));
    CHECK(cudaMalloc(&d_olds, n * sizeof(unsigned)));
    CHECK(cudaMemcpy(d_ci, hi.data(), hi.size() * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_cu, hu.data(), hu.size() * sizeof(unsigned), cudaMemcpyHostToDevice));
    CHECK(cudaMemset(d_counter, 0, sizeof(unsigned)));

    global_atomics<<<blocks, threads>>>(d_ci, d_cu, d_counter, d_olds);
    CHECK(cudaGetLastError());
    std::vector<int> gi(hi.size());
    std::vector<unsigned> gu(hu.size()), olds(n);
    unsigned counter = 0;
    CHECK(cudaMemcpy(gi.data(), d_ci, gi.size() * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(gu.data(), d_cu, gu.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(olds.data(), d_olds, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&counter, d_counter, sizeof(unsigned), cudaMemcpyDeviceToHost));

    std::vector<int> ei = hi;
    std::vector<unsigned> eu = hu;
    for (int g = 0; g < n; ++g) host_apply(ei.data(), eu.data(), g, g % NSLOT);
    for (int op = 0; op < NOP; ++op) {
        bool oki = true, oku = true;
        for (int s = 0; s < NSLOT; ++s) {
            if (gi[op * NSLOT + s] != ei[op * NSLOT + s]) oki = false;
            if (gu[op * NSLOT + s] != eu[op * NSLOT + s]) oku = false;
        }
        char name[64];
        snprintf(name, sizeof name, "global atomic %s int", op_names[op]);
        verdict(name, oki);
        snprintf(name, sizeof name, "global atomic %s unsigned", op_names[op]);
        verdict(name, oku);
    }
    verdict("global atomicAdd counter", counter == (unsigned)n);
    verdict("global atomicAdd returned values are a permutation", is_permutation_of_range(olds));
    printf("global add int slot0 = %d, min = %d, max = %d\n", gi[0], gi[2 * NSLOT], gi[3 * NSLOT]);

    // shared memory: fresh initial values, one set of counters per block
    CHECK(cudaMemcpy(d_ci, hi.data(), hi.size() * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_cu, hu.data(), hu.size() * sizeof(unsigned), cudaMemcpyHostToDevice));
    shared_atomics<<<blocks, threads>>>(d_ci, d_cu, d_oci, d_ocu, d_olds);
    CHECK(cudaGetLastError());
    std::vector<int> si(blocks * hi.size());
    std::vector<unsigned> su(blocks * hu.size());
    CHECK(cudaMemcpy(si.data(), d_oci, si.size() * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(su.data(), d_ocu, su.size() * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(olds.data(), d_olds, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    bool sok_i[NOP], sok_u[NOP];
    for (int op = 0; op < NOP; ++op) sok_i[op] = sok_u[op] = true;
    bool perm_ok = true;
    for (int b = 0; b < blocks; ++b) {
        std::vector<int> e_i = hi;
        std::vector<unsigned> e_u = hu;
        for (int t = 0; t < threads; ++t) host_apply(e_i.data(), e_u.data(), b * threads + t, (t / 3) % NSLOT);
        for (int op = 0; op < NOP; ++op)
            for (int s = 0; s < NSLOT; ++s) {
                size_t k = b * hi.size() + op * NSLOT + s;
                if (si[k] != e_i[op * NSLOT + s]) sok_i[op] = false;
                if (su[k] != e_u[op * NSLOT + s]) sok_u[op] = false;
            }
        std::vector<unsigned> bo(olds.begin() + b * threads, olds.begin() + (b + 1) * threads);
        if (!is_permutation_of_range(bo)) perm_ok = false;
    }
    for (int op = 0; op < NOP; ++op) {
        char name[64];
        snprintf(name, sizeof name, "shared atomic %s int", op_names[op]);
        verdict(name, sok_i[op]);
        snprintf(name, sizeof name, "shared atomic %s unsigned", op_names[op]);
        verdict(name, sok_u[op]);
    }
    verdict("shared atomicAdd returned values are a permutation per block", perm_ok);

    // scoped variants
    int *d_pb, *d_sys;
    CHECK(cudaMalloc(&d_pb, blocks * sizeof(int)));
    CHECK(cudaMalloc(&d_sys, sizeof(int)));
    CHECK(cudaMemset(d_pb, 0, blocks * sizeof(int)));
    CHECK(cudaMemset(d_sys, 0, sizeof(int)));
    scoped<<<blocks, threads>>>(d_pb, d_sys);
    CHECK(cudaGetLastError());
    std::vector<int> pb(blocks);
    int sys = 0;
    CHECK(cudaMemcpy(pb.data(), d_pb, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&sys, d_sys, sizeof(int), cudaMemcpyDeviceToHost));
    bool pb_ok = true;
    for (int b = 0; b < blocks; ++b)
        if (pb[b] != threads * (threads + 1) / 2) pb_ok = false;
    verdict("atomicAdd_block per-block sums", pb_ok);
    verdict("atomicAdd_system total", sys == 2 * n);

    CHECK(cudaFree(d_ci));
    CHECK(cudaFree(d_cu));
    CHECK(cudaFree(d_oci));
    CHECK(cudaFree(d_ocu));
    CHECK(cudaFree(d_counter));
    CHECK(cudaFree(d_olds));
    CHECK(cudaFree(d_pb));
    CHECK(cudaFree(d_sys));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

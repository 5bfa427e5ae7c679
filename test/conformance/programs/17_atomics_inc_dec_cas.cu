// atomicInc / atomicDec with wrap-around limits (final value and the
// multiset of returned values are order-independent), atomicExch chains
// (int and unsigned), atomicCAS tickets (int, unsigned, unsigned short), and
// a global spin lock built from atomicCAS/atomicExch (one thread per block).
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

#define INC_LIMIT 37u
#define DEC_LIMIT 41u
#define DEC_START 5u

struct Ctr {
    unsigned inc, dec;
    int exch_i;
    unsigned exch_u;
    int ticket_i;
    unsigned ticket_u;
};

struct Olds {
    unsigned inc, dec;
    int exch_i;
    unsigned exch_u;
    int ticket_i;
    unsigned ticket_u;
};

__device__ void apply(Ctr *c, Olds *o, int g) {
    o->inc = atomicInc(&c->inc, INC_LIMIT);
    o->dec = atomicDec(&c->dec, DEC_LIMIT);
    o->exch_i = atomicExch(&c->exch_i, -g - 1);
    o->exch_u = atomicExch(&c->exch_u, (unsigned)g * 3u + 1u);
    int old = c->ticket_i, assumed;
    do {
        assumed = old;
        old = atomicCAS(&c->ticket_i, assumed, assumed + 1);
    } while (old != assumed);
    o->ticket_i = old;
    unsigned uo = c->ticket_u, ua;
    do {
        ua = uo;
        uo = atomicCAS(&c->ticket_u, ua, ua + 2u);
    } while (uo != ua);
    o->ticket_u = uo;
}

__global__ void global_k(Ctr *c, Olds *o) {
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    apply(c, &o[g], g);
}

__global__ void shared_k(const Ctr *init, Ctr *out, Olds *o, unsigned short *o16,
                         unsigned short *final16) {
    __shared__ Ctr s;
    __shared__ unsigned short t16;
    if (threadIdx.x == 0) {
        s = *init;
        t16 = 100;
    }
    __syncthreads();
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    apply(&s, &o[g], g);
    unsigned short old = t16, assumed;
    do {
        assumed = old;
        old = atomicCAS(&t16, assumed, (unsigned short)(assumed + 1));
    } while (old != assumed);
    o16[g] = old;
    __syncthreads();
    if (threadIdx.x == 0) {
        out[blockIdx.x] = s;
        final16[blockIdx.x] = t16;
    }
}

// One thread per block takes a global lock and does a non-atomic update.
__global__ void spin_lock(int *lock, volatile int *counter, volatile int *order_sum) {
    if (threadIdx.x != 0) return;
    while (atomicCAS(lock, 0, 1) != 0) {
    }
    __threadfence();
    int v = *counter;
    *counter = v + 1;
    *order_sum += v;  // sum of 0..gridDim.x-1 if the lock excludes properly
    __threadfence();
    atomicExch(lock, 0);
}

static void host_sequences(int count, std::vector<unsigned> &inc, std::vector<unsigned> &dec,
                           unsigned &inc_final, unsigned &dec_final) {
    unsigned a = 0, d = DEC_START;
    inc.clear();
    dec.clear();
    for (int i = 0; i < count; ++i) {
        inc.push_back(a);
        a = (a >= INC_LIMIT) ? 0 : a + 1;
        dec.push_back(d);
        d = (d == 0 || d > DEC_LIMIT) ? DEC_LIMIT : d - 1;
    }
    std::sort(inc.begin(), inc.end());
    std::sort(dec.begin(), dec.end());
    inc_final = a;
    dec_final = d;
}

static Ctr make_init() {
    Ctr c;
    c.inc = 0;
    c.dec = DEC_START;
    c.exch_i = 77;
    c.exch_u = 0xffffffffu;
    c.ticket_i = 0;
    c.ticket_u = 1000;
    return c;
}

static void check(const char *where, const Ctr &c, const Olds *o, int g0, int count) {
    std::vector<unsigned> ei, ed;
    unsigned fi, fd;
    host_sequences(count, ei, ed, fi, fd);
    std::vector<unsigned> gi, gd, gu, tu;
    std::vector<int> xi, ti;
    for (int k = 0; k < count; ++k) {
        gi.push_back(o[k].inc);
        gd.push_back(o[k].dec);
        xi.push_back(o[k].exch_i);
        gu.push_back(o[k].exch_u);
        ti.push_back(o[k].ticket_i);
        tu.push_back(o[k].ticket_u);
    }
    std::sort(gi.begin(), gi.end());
    std::sort(gd.begin(), gd.end());
    char name[96];
    snprintf(name, sizeof name, "%s atomicInc final", where);
    verdict(name, c.inc == fi);
    snprintf(name, sizeof name, "%s atomicInc returned multiset", where);
    verdict(name, gi == ei);
    snprintf(name, sizeof name, "%s atomicDec final", where);
    verdict(name, c.dec == fd);
    snprintf(name, sizeof name, "%s atomicDec returned multiset", where);
    verdict(name, gd == ed);
    xi.push_back(c.exch_i);
    std::sort(xi.begin(), xi.end());
    std::vector<int> exi;
    exi.push_back(77);
    for (int g = g0; g < g0 + count; ++g) exi.push_back(-g - 1);
    std::sort(exi.begin(), exi.end());
    snprintf(name, sizeof name, "%s atomicExch int chain", where);
    verdict(name, xi == exi);
    gu.push_back(c.exch_u);
    std::sort(gu.begin(), gu.end());
    std::vector<unsigned> exu;
    exu.push_back(0xffffffffu);
    for (int g = g0; g < g0 + count; ++g) exu.push_back((unsigned)g * 3u + 1u);
    std::sort(exu.begin(), exu.end());
    snprintf(name, sizeof name, "%s atomicExch unsigned chain", where);
    verdict(name, gu == exu);
    std::sort(ti.begin(), ti.end());
    std::sort(tu.begin(), tu.end());
    bool tok = c.ticket_i == count && c.ticket_u == 1000u + 2u * count;
    for (int k = 0; k < count; ++k)
        if (ti[k] != k || tu[k] != 1000u + 2u * k) tok = false;
    snprintf(name, sizeof name, "%s atomicCAS tickets int/unsigned", where);
    verdict(name, tok);
}

int main() {
    const int blocks = 48, threads = 256, n = blocks * threads;
    Ctr init = make_init();
    Ctr *d_c, *d_init, *d_out;
    Olds *d_o;
    unsigned short *d_o16, *d_f16;
    CHECK(cudaMalloc(&d_c, sizeof(Ctr)));
    CHECK(cudaMalloc(&d_init, sizeof(Ctr)));
    CHECK(cudaMalloc(&d_out, blocks * sizeof(Ctr)));
    CHECK(cudaMalloc(&d_o, n * sizeof(Olds)));
    CHECK(cudaMalloc(&d_o16, n * sizeof(unsigned short)));
    CHECK(cudaMalloc(&d_f16, blocks * sizeof(unsigned short)));
    CHECK(cudaMemcpy(d_c, &init, sizeof(Ctr), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_init, &init, sizeof(Ctr), cudaMemcpyHostToDevice));
    global_k<<<blocks, threads>>>(d_c, d_o);
    CHECK(cudaGetLastError());
    Ctr c;
    std::vector<Olds> o(n);
    CHECK(cudaMemcpy(&c, d_c, sizeof(Ctr), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(Olds), cudaMemcpyDeviceToHost));
    check("global", c, o.data(), 0, n);
    printf("global atomicInc final = %u, atomicDec final = %u\n", c.inc, c.dec);

    shared_k<<<blocks, threads>>>(d_init, d_out, d_o, d_o16, d_f16);
    CHECK(cudaGetLastError());
    std::vector<Ctr> sc(blocks);
    std::vector<unsigned short> o16(n), f16(blocks);
    CHECK(cudaMemcpy(sc.data(), d_out, blocks * sizeof(Ctr), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(Olds), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(o16.data(), d_o16, n * sizeof(unsigned short), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(f16.data(), d_f16, blocks * sizeof(unsigned short), cudaMemcpyDeviceToHost));
    check("shared block0", sc[0], o.data(), 0, threads);
    check("shared block7", sc[7], o.data() + 7 * threads, 7 * threads, threads);
    bool ok16 = true;
    for (int b = 0; b < blocks; ++b) {
        if (f16[b] != 100 + threads) ok16 = false;
        std::vector<unsigned short> v(o16.begin() + b * threads, o16.begin() + (b + 1) * threads);
        std::sort(v.begin(), v.end());
        for (int k = 0; k < threads; ++k)
            if (v[k] != 100 + k) ok16 = false;
    }
    verdict("shared atomicCAS unsigned short tickets", ok16);

    int *d_lock, *d_counter, *d_sum;
    CHECK(cudaMalloc(&d_lock, sizeof(int)));
    CHECK(cudaMalloc(&d_counter, sizeof(int)));
    CHECK(cudaMalloc(&d_sum, sizeof(int)));
    CHECK(cudaMemset(d_lock, 0, sizeof(int)));
    CHECK(cudaMemset(d_counter, 0, sizeof(int)));
    CHECK(cudaMemset(d_sum, 0, sizeof(int)));
    const int lock_blocks = 200;
    spin_lock<<<lock_blocks, 64>>>(d_lock, d_counter, d_sum);
    CHECK(cudaGetLastError());
    int counter = 0, sum = 0, lock = -1;
    CHECK(cudaMemcpy(&counter, d_counter, sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&sum, d_sum, sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&lock, d_lock, sizeof(int), cudaMemcpyDeviceToHost));
    verdict("spin lock: counter", counter == lock_blocks);
    verdict("spin lock: sum of observed values", sum == lock_blocks * (lock_blocks - 1) / 2);
    verdict("spin lock: released", lock == 0);

    CHECK(cudaFree(d_c));
    CHECK(cudaFree(d_init));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_o));
    CHECK(cudaFree(d_o16));
    CHECK(cudaFree(d_f16));
    CHECK(cudaFree(d_lock));
    CHECK(cudaFree(d_counter));
    CHECK(cudaFree(d_sum));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Kernel arguments: structs with padding, arrays inside structs, nested
// structs, a 1.2 KB struct by value, 16-byte aligned structs, enums, many
// scalar arguments of mixed sizes, structs holding device pointers, and
// pointer-to-pointer arguments (a device array of device pointers).
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

struct Small {
    char c;
    short s;
    int i;
    float f;
    unsigned char tail;
};
struct WithArray {
    int n;
    float coef[8];
    int idx[4];
};
struct Nested {
    Small a;
    WithArray b;
    long long big;
    unsigned char last;
};
struct PtrBundle {
    int *a;
    float *b;
    int n;
};
struct Big {
    int vals[300];
};
struct alignas(16) Aligned {
    float4 v;
    int k;
};
struct PtrPtr {
    int **rows;
    const int *lens;
    int nrows;
};
enum Mode { MODE_A = 3, MODE_B = 7 };

__global__ void k_small(Small s, int *out) {
    out[0] = s.c;
    out[1] = s.s;
    out[2] = s.i;
    out[3] = __float_as_int(s.f);
    out[4] = s.tail;
}

__global__ void k_array(WithArray w, float *out) {
    int i = threadIdx.x;
    if (i < w.n) out[i] = w.coef[i % 8] * (float)w.idx[i % 4];
}

__global__ void k_nested(Nested n, long long *out) {
    out[0] = n.a.c + n.a.s + n.a.i;
    out[1] = (long long)(n.b.coef[7] * 4.0f) + n.b.idx[3];
    out[2] = n.big;
    out[3] = n.last;
    out[4] = n.b.n;
}

__global__ void k_ptrs(PtrBundle p) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < p.n) {
        p.a[i] = i * 2;
        p.b[i] = (float)i * 0.5f;
    }
}

__global__ void k_big(Big b, int *out) {
    for (int i = threadIdx.x; i < 300; i += blockDim.x) out[i] = b.vals[i] * 2 + 1;
}

__global__ void k_aligned(Aligned a, float *out) {
    out[0] = a.v.x + a.v.y;
    out[1] = a.v.z * a.v.w;
    out[2] = (float)a.k;
}

__global__ void k_many(char a, unsigned char b, short c, unsigned short d, int e, unsigned f,
                       long long g, unsigned long long h, float i, bool j, Mode m, int *out,
                       long long *out64) {
    out[0] = a;
    out[1] = b;
    out[2] = c;
    out[3] = d;
    out[4] = e;
    out[5] = (int)f;
    out[6] = __float_as_int(i);
    out[7] = j ? 1 : 0;
    out[8] = (int)m;
    out64[0] = g;
    out64[1] = (long long)h;
}

// Pointer to pointer: block b sums row b, then doubles it in place.
__global__ void k_ptrptr(int **rows, const int *lens, int *sums) {
    int b = blockIdx.x;
    int *row = rows[b];
    __shared__ int s;
    if (threadIdx.x == 0) s = 0;
    __syncthreads();
    for (int i = threadIdx.x; i < lens[b]; i += blockDim.x) atomicAdd(&s, row[i]);
    __syncthreads();
    if (threadIdx.x == 0) sums[b] = s;
    for (int i = threadIdx.x; i < lens[b]; i += blockDim.x) row[i] *= 2;
}

__global__ void k_ptrptr_struct(PtrPtr pp, int *out) {
    int r = threadIdx.x;
    if (r < pp.nrows) out[r] = pp.rows[r][0] + (pp.lens[r] > 1 ? pp.rows[r][1] : 0);
}

int main() {
    int *d_i;
    long long *d_ll;
    float *d_f;
    CHECK(cudaMalloc(&d_i, 512 * sizeof(int)));
    CHECK(cudaMalloc(&d_ll, 16 * sizeof(long long)));
    CHECK(cudaMalloc(&d_f, 512 * sizeof(float)));
    int hi[512];
    long long hll[16];
    float hf[512];

    Small s = {-7, -1234, 123456789, -2.5f, 200};
    k_small<<<1, 1>>>(s, d_i);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hi, d_i, 5 * sizeof(int), cudaMemcpyDeviceToHost));
    int fbits;
    memcpy(&fbits, &s.f, 4);
    verdict("struct with padding by value", hi[0] == -7 && hi[1] == -1234 && hi[2] == 123456789 &&
                                                 hi[3] == fbits && hi[4] == 200);
    printf("sizeof(Small)=%zu sizeof(WithArray)=%zu sizeof(Nested)=%zu sizeof(Big)=%zu sizeof(Aligned)=%zu\n",
           sizeof(Small), sizeof(WithArray), sizeof(Nested), sizeof(Big), sizeof(Aligned));

    WithArray w;
    w.n = 100;
    for (int k = 0; k < 8; ++k) w.coef[k] = (float)k * 0.25f - 1.0f;
    for (int k = 0; k < 4; ++k) w.idx[k] = k * 3 - 5;
    k_array<<<1, 128>>>(w, d_f);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hf, d_f, 100 * sizeof(float), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < 100; ++i)
        if (hf[i] != w.coef[i % 8] * (float)w.idx[i % 4]) ok = false;
    verdict("array inside struct", ok);

    Nested nst;
    memset(&nst, 0, sizeof nst);
    nst.a = s;
    nst.b = w;
    nst.big = -0x123456789abcLL;
    nst.last = 0xEE;
    k_nested<<<1, 1>>>(nst, d_ll);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hll, d_ll, 5 * sizeof(long long), cudaMemcpyDeviceToHost));
    verdict("nested struct", hll[0] == -7 - 1234 + 123456789 &&
                                 hll[1] == (long long)(w.coef[7] * 4.0f) + w.idx[3] &&
                                 hll[2] == -0x123456789abcLL && hll[3] == 0xEE && hll[4] == 100);

    PtrBundle pb;
    pb.n = 300;
    CHECK(cudaMalloc(&pb.a, pb.n * sizeof(int)));
    CHECK(cudaMalloc(&pb.b, pb.n * sizeof(float)));
    k_ptrs<<<3, 128>>>(pb);
    CHECK(cudaGetLastError());
    std::vector<int> pa(pb.n);
    std::vector<float> pbf(pb.n);
    CHECK(cudaMemcpy(pa.data(), pb.a, pb.n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(pbf.data(), pb.b, pb.n * sizeof(float), cudaMemcpyDeviceToHost));
    ok = true;
    for (int i = 0; i < pb.n; ++i)
        if (pa[i] != 2 * i || pbf[i] != (float)i * 0.5f) ok = false;
    verdict("struct holding device pointers", ok);
    CHECK(cudaFree(pb.a));
    CHECK(cudaFree(pb.b));

    Big big;
    for (int i = 0; i < 300; ++i) big.vals[i] = i * i - 7;
    k_big<<<1, 64>>>(big, d_i);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hi, d_i, 300 * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int i = 0; i < 300; ++i)
        if (hi[i] != big.vals[i] * 2 + 1) ok = false;
    verdict("1200-byte struct by value", ok);

    Aligned al;
    memset(&al, 0, sizeof al);
    al.v = make_float4(1.5f, 2.25f, -3.0f, 0.5f);
    al.k = -99;
    k_aligned<<<1, 1>>>(al, d_f);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hf, d_f, 3 * sizeof(float), cudaMemcpyDeviceToHost));
    verdict("16-byte aligned struct with float4", hf[0] == 3.75f && hf[1] == -1.5f && hf[2] == -99.0f);

    k_many<<<1, 1>>>((char)-3, (unsigned char)250, (short)-30000, (unsigned short)60000,
                     -2000000000, 4000000000u, -0x7edcba9876543210LL, 0xfedcba9876543210ull,
                     0.1f, true, MODE_B, d_i, d_ll);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hi, d_i, 9 * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hll, d_ll, 2 * sizeof(long long), cudaMemcpyDeviceToHost));
    float tenth = 0.1f;
    int tbits;
    memcpy(&tbits, &tenth, 4);
    verdict("13 mixed scalar arguments", hi[0] == -3 && hi[1] == 250 && hi[2] == -30000 &&
                                            hi[3] == 60000 && hi[4] == -2000000000 &&
                                            (unsigned)hi[5] == 4000000000u && hi[6] == tbits &&
                                            hi[7] == 1 && hi[8] == 7 &&
                                            hll[0] == -0x7edcba9876543210LL &&
                                            (unsigned long long)hll[1] == 0xfedcba9876543210ull);

    // array of device pointers
    const int nrows = 6;
    int lens[nrows] = {1, 17, 256, 1000, 33, 512};
    std::vector<int *> rows(nrows);
    std::vector<std::vector<int>> host_rows(nrows);
    for (int r = 0; r < nrows; ++r) {
        host_rows[r].resize(lens[r]);
        for (int i = 0; i < lens[r]; ++i) host_rows[r][i] = (r + 1) * 1000 + i % 97;
        CHECK(cudaMalloc(&rows[r], lens[r] * sizeof(int)));
        CHECK(cudaMemcpy(rows[r], host_rows[r].data(), lens[r] * sizeof(int), cudaMemcpyHostToDevice));
    }
    int **d_rows;
    int *d_lens, *d_sums;
    CHECK(cudaMalloc(&d_rows, nrows * sizeof(int *)));
    CHECK(cudaMalloc(&d_lens, nrows * sizeof(int)));
    CHECK(cudaMalloc(&d_sums, nrows * sizeof(int)));
    CHECK(cudaMemcpy(d_rows, rows.data(), nrows * sizeof(int *), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_lens, lens, nrows * sizeof(int), cudaMemcpyHostToDevice));
    k_ptrptr<<<nrows, 128>>>(d_rows, d_lens, d_sums);
    CHECK(cudaGetLastError());
    int sums[nrows];
    CHECK(cudaMemcpy(sums, d_sums, sizeof sums, cudaMemcpyDeviceToHost));
    bool ok_sum = true, ok_dbl = true;
    for (int r = 0; r < nrows; ++r) {
        int e = 0;
        for (int i = 0; i < lens[r]; ++i) e += host_rows[r][i];
        if (sums[r] != e) ok_sum = false;
        std::vector<int> back(lens[r]);
        CHECK(cudaMemcpy(back.data(), rows[r], lens[r] * sizeof(int), cudaMemcpyDeviceToHost));
        for (int i = 0; i < lens[r]; ++i)
            if (back[i] != 2 * host_rows[r][i]) ok_dbl = false;
    }
    verdict("int** argument: read through device pointer array", ok_sum);
    verdict("int** argument: write through device pointer array", ok_dbl);
    PtrPtr pp = {d_rows, d_lens, nrows};
    k_ptrptr_struct<<<1, 32>>>(pp, d_i);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hi, d_i, nrows * sizeof(int), cudaMemcpyDeviceToHost));
    ok = true;
    for (int r = 0; r < nrows; ++r) {
        int e = 2 * host_rows[r][0] + (lens[r] > 1 ? 2 * host_rows[r][1] : 0);
        if (hi[r] != e) ok = false;
    }
    verdict("struct holding int** argument", ok);
    for (int r = 0; r < nrows; ++r) CHECK(cudaFree(rows[r]));
    CHECK(cudaFree(d_rows));
    CHECK(cudaFree(d_lens));
    CHECK(cudaFree(d_sums));
    CHECK(cudaFree(d_i));
    CHECK(cudaFree(d_ll));
    CHECK(cudaFree(d_f));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

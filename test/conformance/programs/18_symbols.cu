// __constant__ and __device__ variables: static initialisers,
// cudaMemcpyToSymbol / cudaMemcpyFromSymbol (with offsets, async on a
// stream), cudaGetSymbolAddress, cudaGetSymbolSize, struct constants,
// uniform and divergent constant reads, device-side writes to __device__ data.
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

struct Params {
    int n;
    float scale;
    int offset;
    int pad;
};

__constant__ float c_coef[16];
__constant__ int c_table[256];
__constant__ Params c_params;
__constant__ int c_init[4] = {10, 20, 30, 40};
__device__ int d_counter;
__device__ int d_init = 42;
__device__ float d_array[100];
__device__ int d_matrix[4][8];
__device__ unsigned long long d_wide = 0x1122334455667788ull;

__global__ void use_constants(const float *x, float *out_f, int *out_i) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= c_params.n) return;
    // divergent index into c_coef and c_table, uniform read of c_params
    out_f[i] = c_coef[i % 16] * x[i] * c_params.scale;
    out_i[i] = c_table[(i * 7) % 256] + c_params.offset + c_init[i % 4];
}

__global__ void bump(int times) {
    for (int k = 0; k < times; ++k) atomicAdd(&d_counter, 1);
}

__global__ void read_device_vars(int *out) {
    out[0] = d_init;
    out[1] = (int)(d_wide >> 32);
    out[2] = (int)(d_wide & 0xffffffffu);
}

__global__ void scale_array(float f) {
    int i = threadIdx.x;
    if (i < 100) d_array[i] *= f;
}

__global__ void fill_matrix() {
    d_matrix[threadIdx.y][threadIdx.x] = threadIdx.y * 100 + threadIdx.x;
}

int main() {
    // --- static initialisers are visible before any copy
    {
        int *d_out;
        CHECK(cudaMalloc(&d_out, 3 * sizeof(int)));
        read_device_vars<<<1, 1>>>(d_out);
        CHECK(cudaGetLastError());
        int h[3];
        CHECK(cudaMemcpy(h, d_out, sizeof h, cudaMemcpyDeviceToHost));
        verdict("__device__ initialiser int", h[0] == 42);
        verdict("__device__ initialiser unsigned long long",
                h[1] == 0x11223344 && (unsigned)h[2] == 0x55667788u);
        int ci[4];
        CHECK(cudaMemcpyFromSymbol(ci, c_init, sizeof ci));
        verdict("__constant__ initialiser read back", ci[0] == 10 && ci[1] == 20 && ci[2] == 30 && ci[3] == 40);
        // write d_init at an offset inside d_wide and d_init itself
        int v = -5;
        CHECK(cudaMemcpyToSymbol(d_init, &v, sizeof v));
        unsigned hi_word = 0xAABBCCDDu;
        CHECK(cudaMemcpyToSymbol(d_wide, &hi_word, 4, 4));  // little endian: high word
        read_device_vars<<<1, 1>>>(d_out);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(h, d_out, sizeof h, cudaMemcpyDeviceToHost));
        verdict("cudaMemcpyToSymbol then kernel read", h[0] == -5);
        verdict("cudaMemcpyToSymbol with offset", (unsigned)h[1] == 0xAABBCCDDu && (unsigned)h[2] == 0x55667788u);
        CHECK(cudaFree(d_out));
    }
    // --- constant memory used by a kernel
    {
        const int n = 5000;
        float coef[16];
        std::vector<int> table(256);
        for (int k = 0; k < 16; ++k) coef[k] = (float)(k - 8) * 0.125f;
        for (int k = 0; k < 256; ++k) table[k] = k * k - 1000;
        Params p = {n, 4.0f, 17, 0};
        CHECK(cudaMemcpyToSymbol(c_coef, coef, sizeof coef));
        CHECK(cudaMemcpyToSymbol(c_table, table.data(), 128 * sizeof(int)));  // first half
        CHECK(cudaMemcpyToSymbol(c_table, table.data() + 128, 128 * sizeof(int),
                                 128 * sizeof(int)));  // second half at an offset
        CHECK(cudaMemcpyToSymbol(c_params, &p, sizeof p));
        std::vector<float> x(n), of(n);
        std::vector<int> oi(n);
        for (int i = 0; i < n; ++i) x[i] = (float)(i % 64 - 32);
        float *d_x, *d_of;
        int *d_oi;
        CHECK(cudaMalloc(&d_x, n * sizeof(float)));
        CHECK(cudaMalloc(&d_of, n * sizeof(float)));
        CHECK(cudaMalloc(&d_oi, n * sizeof(int)));
        CHECK(cudaMemcpy(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
        use_constants<<<(n + 127) / 128, 128>>>(d_x, d_of, d_oi);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(of.data(), d_of, n * sizeof(float), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(oi.data(), d_oi, n * sizeof(int), cudaMemcpyDeviceToHost));
        const int cinit[4] = {10, 20, 30, 40};
        bool okf = true, oki = true;
        for (int i = 0; i < n; ++i) {
            if (of[i] != coef[i % 16] * x[i] * 4.0f) okf = false;
            if (oi[i] != table[(i * 7) % 256] + 17 + cinit[i % 4]) oki = false;
        }
        verdict("__constant__ float array (divergent index)", okf);
        verdict("__constant__ int array written in two halves + struct + initialised", oki);
        std::vector<int> back(256);
        CHECK(cudaMemcpyFromSymbol(back.data(), c_table, 256 * sizeof(int)));
        int part[16];
        CHECK(cudaMemcpyFromSymbol(part, c_table, sizeof part, 200 * sizeof(int)));
        bool okb = back == table;
        for (int k = 0; k < 16; ++k)
            if (part[k] != table[200 + k]) okb = false;
        verdict("cudaMemcpyFromSymbol (whole and with offset)", okb);
        Params pb;
        CHECK(cudaMemcpyFromSymbol(&pb, c_params, sizeof pb));
        verdict("struct constant round trip", pb.n == n && pb.scale == 4.0f && pb.offset == 17);
        CHECK(cudaFree(d_x));
        CHECK(cudaFree(d_of));
        CHECK(cudaFree(d_oi));
    }
    // --- __device__ counter updated by atomics, read with FromSymbol
    {
        int zero = 0;
        CHECK(cudaMemcpyToSymbol(d_counter, &zero, sizeof zero));
        bump<<<40, 128>>>(3);
        CHECK(cudaGetLastError());
        int cnt = 0;
        CHECK(cudaMemcpyFromSymbol(&cnt, d_counter, sizeof cnt));
        verdict("__device__ counter", cnt == 40 * 128 * 3);
        printf("counter = %d\n", cnt);
    }
    // --- cudaGetSymbolAddress / cudaGetSymbolSize
    {
        float *p = nullptr;
        CHECK(cudaGetSymbolAddress((void **)&p, d_array));
        size_t sz = 0, szm = 0, szc = 0;
        CHECK(cudaGetSymbolSize(&sz, d_array));
        CHECK(cudaGetSymbolSize(&szm, d_matrix));
        CHECK(cudaGetSymbolSize(&szc, c_table));
        printf("symbol sizes: d_array=%zu d_matrix=%zu c_table=%zu\n", sz, szm, szc);
        verdict("cudaGetSymbolSize", sz == 400 && szm == 128 && szc == 1024);
        float h[100];
        for (int i = 0; i < 100; ++i) h[i] = (float)i + 0.5f;
        CHECK(cudaMemcpy(p, h, sizeof h, cudaMemcpyHostToDevice));  // through the address
        scale_array<<<1, 128>>>(2.0f);
        CHECK(cudaGetLastError());
        float back[100];
        CHECK(cudaMemcpyFromSymbol(back, d_array, sizeof back));
        bool ok = true;
        for (int i = 0; i < 100; ++i)
            if (back[i] != (2.0f * i + 1.0f)) ok = false;
        verdict("cudaGetSymbolAddress + cudaMemcpy + kernel + FromSymbol", ok);
        float via_ptr[100];
        CHECK(cudaMemcpy(via_ptr, p, sizeof via_ptr, cudaMemcpyDeviceToHost));
        bool same = true;
        for (int i = 0; i < 100; ++i)
            if (via_ptr[i] != back[i]) same = false;
        verdict("symbol address aliases the symbol", same);
    }
    // --- 2-D __device__ array written by a kernel; async symbol copies
    {
        fill_matrix<<<1, dim3(8, 4)>>>();
        CHECK(cudaGetLastError());
        cudaStream_t s;
        CHECK(cudaStreamCreate(&s));
        int m[4][8];
        CHECK(cudaMemcpyFromSymbolAsync(m, d_matrix, sizeof m, 0, cudaMemcpyDeviceToHost, s));
        CHECK(cudaStreamSynchronize(s));
        bool ok = true;
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 8; ++c)
                if (m[r][c] != r * 100 + c) ok = false;
        verdict("__device__ 2-D array via cudaMemcpyFromSymbolAsync", ok);
        int row[8];
        for (int c = 0; c < 8; ++c) row[c] = -c;
        CHECK(cudaMemcpyToSymbolAsync(d_matrix, row, sizeof row, 2 * sizeof row,
                                      cudaMemcpyHostToDevice, s));
        CHECK(cudaMemcpyFromSymbolAsync(m, d_matrix, sizeof m, 0, cudaMemcpyDeviceToHost, s));
        CHECK(cudaStreamSynchronize(s));
        ok = true;
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 8; ++c)
                if (m[r][c] != (r == 2 ? -c : r * 100 + c)) ok = false;
        verdict("cudaMemcpyToSymbolAsync with offset (row 2)", ok);
        CHECK(cudaStreamDestroy(s));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Memory fences: the "last block" reduction pattern (each block writes its
// partial sum, __threadfence(), takes a ticket with atomicInc; the last block
// to finish sums all partials), plus a producer/consumer hand-off inside a
// block through a volatile flag with __threadfence_block().
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

__device__ unsigned d_retirement;

__global__ void last_block_sum(const int *in, int n, volatile int *partials, int *result,
                               int *last_block_id) {
    __shared__ int s[256];
    __shared__ bool am_last;
    int sum = 0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) sum += in[i];
    s[threadIdx.x] = sum;
    __syncthreads();
    for (int st = blockDim.x / 2; st > 0; st >>= 1) {
        if ((int)threadIdx.x < st) s[threadIdx.x] += s[threadIdx.x + st];
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = s[0];
        __threadfence();
        unsigned ticket = atomicInc(&d_retirement, gridDim.x);
        am_last = ticket == gridDim.x - 1;
    }
    __syncthreads();
    if (am_last) {
        int t = 0;
        for (int b = threadIdx.x; b < (int)gridDim.x; b += blockDim.x) t += partials[b];
        s[threadIdx.x] = t;
        __syncthreads();
        for (int st = blockDim.x / 2; st > 0; st >>= 1) {
            if ((int)threadIdx.x < st) s[threadIdx.x] += s[threadIdx.x + st];
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            *result = s[0];
            *last_block_id = 1;  // only that the last block ran, not which one
            d_retirement = 0;    // reset for the next launch
        }
    }
}

// warp 0 lane 0 produces, warp 1 lane 0 consumes through shared memory
__global__ void handoff(int *out) {
    __shared__ volatile int data;
    __shared__ volatile int flag;
    if (threadIdx.x == 0) {
        data = 0;
        flag = 0;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        data = 4242;
        __threadfence_block();
        flag = 1;
    } else if (threadIdx.x == 32) {
        while (flag == 0) {
        }
        __threadfence_block();
        out[blockIdx.x] = data;
    }
}

int main() {
    const int n = 1 << 20, blocks = 96;
    std::vector<int> in(n);
    long long e = 0;
    for (int i = 0; i < n; ++i) {
        in[i] = (int)((i * 2654435761u) >> 22) - 512;
        e += in[i];
    }
    int *d_in, *d_part, *d_res, *d_flag;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_part, blocks * sizeof(int)));
    CHECK(cudaMalloc(&d_res, sizeof(int)));
    CHECK(cudaMalloc(&d_flag, sizeof(int)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    unsigned zero = 0;
    CHECK(cudaMemcpyToSymbol(d_retirement, &zero, sizeof zero));
    for (int rep = 0; rep < 2; ++rep) {
        CHECK(cudaMemset(d_res, 0, sizeof(int)));
        CHECK(cudaMemset(d_flag, 0, sizeof(int)));
        last_block_sum<<<blocks, 256>>>(d_in, n, d_part, d_res, d_flag);
        CHECK(cudaGetLastError());
        int res = 0, flag = 0;
        CHECK(cudaMemcpy(&res, d_res, sizeof(int), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&flag, d_flag, sizeof(int), cudaMemcpyDeviceToHost));
        printf("launch %d: sum = %d\n", rep, res);
        verdict(rep == 0 ? "last-block reduction" : "last-block reduction (counter reset, second launch)",
                res == e && flag == 1);
    }
    int *d_out;
    CHECK(cudaMalloc(&d_out, 8 * sizeof(int)));
    handoff<<<8, 64>>>(d_out);
    CHECK(cudaGetLastError());
    int out[8];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int b = 0; b < 8; ++b)
        if (out[b] != 4242) ok = false;
    verdict("intra-block hand-off with volatile flag and __threadfence_block", ok);
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_part));
    CHECK(cudaFree(d_res));
    CHECK(cudaFree(d_flag));
    CHECK(cudaFree(d_out));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Matrix multiply with 16x16 shared-memory tiles (C = A * B), for
// 128x128x128 and 64x192x160 problems (multiples of the tile) and a 130x97x75
// problem (edge tiles), plus a naive kernel. Entries are small integers stored as floats,
// so every product and partial sum is exact and the device result must equal
// the host result exactly, whatever the summation order.
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

#define T 16

// A is M x K, B is K x N, C is M x N, all row-major
__global__ void matmul_tiled(const float *A, const float *B, float *C, int M, int N, int K) {
    __shared__ float As[T][T];
    __shared__ float Bs[T][T + 1];
    int row = blockIdx.y * T + threadIdx.y;
    int col = blockIdx.x * T + threadIdx.x;
    float acc = 0.0f;
    for (int t0 = 0; t0 < K; t0 += T) {
        int ka = t0 + threadIdx.x, kb = t0 + threadIdx.y;
        As[threadIdx.y][threadIdx.x] = (row < M && ka < K) ? A[row * K + ka] : 0.0f;
        Bs[threadIdx.y][threadIdx.x] = (kb < K && col < N) ? B[kb * N + col] : 0.0f;
        __syncthreads();
#pragma unroll
        for (int k = 0; k < T; ++k) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
        __syncthreads();
    }
    if (row < M && col < N) C[row * N + col] = acc;
}

__global__ void matmul_naive(const float *A, const float *B, float *C, int M, int N, int K) {
    int row = blockIdx.y * blockDim.y + threadIdx.y;
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= M || col >= N) return;
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc += A[row * K + k] * B[k * N + col];
    C[row * N + col] = acc;
}

static void run(int M, int N, int K) {
    std::vector<float> A((size_t)M * K), B((size_t)K * N), C((size_t)M * N), C2((size_t)M * N),
        ref((size_t)M * N);
    for (int i = 0; i < M * K; ++i) A[i] = (float)((i * 7 + 3) % 9 - 4);     // [-4, 4]
    for (int i = 0; i < K * N; ++i) B[i] = (float)((i * 11 + 5) % 9 - 4);
    for (int r = 0; r < M; ++r)
        for (int c = 0; c < N; ++c) {
            int acc = 0;
            for (int k = 0; k < K; ++k) acc += (int)A[r * K + k] * (int)B[k * N + c];
            ref[r * N + c] = (float)acc;  // |acc| <= 16 K: exact in float
        }
    float *dA, *dB, *dC, *dC2;
    CHECK(cudaMalloc(&dA, A.size() * sizeof(float)));
    CHECK(cudaMalloc(&dB, B.size() * sizeof(float)));
    CHECK(cudaMalloc(&dC, C.size() * sizeof(float)));
    CHECK(cudaMalloc(&dC2, C2.size() * sizeof(float)));
    CHECK(cudaMemcpy(dA, A.data(), A.size() * sizeof(float), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dB, B.data(), B.size() * sizeof(float), cudaMemcpyHostToDevice));
    dim3 block(T, T), grid((N + T - 1) / T, (M + T - 1) / T);
    matmul_tiled<<<grid, block>>>(dA, dB, dC, M, N, K);
    CHECK(cudaGetLastError());
    matmul_naive<<<grid, block>>>(dA, dB, dC2, M, N, K);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(C.data(), dC, C.size() * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(C2.data(), dC2, C2.size() * sizeof(float), cudaMemcpyDeviceToHost));
    bool ok1 = C == ref, ok2 = C2 == ref;
    double trace = 0.0;
    for (int i = 0; i < M && i < N; ++i) trace += C[i * N + i];
    double total = 0.0;
    for (float v : C) total += v;
    char name[96];
    snprintf(name, sizeof name, "tiled %dx%dx%d exact", M, N, K);
    verdict(name, ok1);
    snprintf(name, sizeof name, "naive %dx%dx%d exact", M, N, K);
    verdict(name, ok2);
    printf("%dx%dx%d: sum of C = %.0f, trace = %.0f\n", M, N, K, total, trace);
    CHECK(cudaFree(dA));
    CHECK(cudaFree(dB));
    CHECK(cudaFree(dC));
    CHECK(cudaFree(dC2));
}

int main() {
    run(128, 128, 128);
    run(130, 97, 75);
    run(64, 192, 160);
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

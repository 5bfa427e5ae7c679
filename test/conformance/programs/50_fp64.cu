// FP64 on the device (the one program that deliberately uses double
// precision in device code, for cumetalc's FP64 policy): a double SAXPY
// checked exactly on integer-valued data and against a tolerance on general
// data, and a double reduction with atomicAdd(double*) on exact values.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cmath>
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

__global__ void daxpy(int n, double a, const double *x, double *y) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        y[i] = a * x[i] + y[i];
}

__global__ void dsum(const double *x, int n, double *out) {
    double s = 0.0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) s += x[i];
    atomicAdd(out, s);
}

int main() {
    const int n = 100000;
    // integer-valued data: every product and sum is exact (no dependence on FMA)
    std::vector<double> x(n), y(n), r(n);
    for (int i = 0; i < n; ++i) {
        x[i] = (double)(i % 1000 - 500);
        y[i] = (double)(i * 3 % 777);
    }
    double *dx, *dy;
    CHECK(cudaMalloc(&dx, n * sizeof(double)));
    CHECK(cudaMalloc(&dy, n * sizeof(double)));
    CHECK(cudaMemcpy(dx, x.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    daxpy<<<64, 256>>>(n, 3.0, dx, dy);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(r.data(), dy, n * sizeof(double), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (r[i] != 3.0 * x[i] + y[i]) ok = false;
    verdict("daxpy exact on integer-valued doubles", ok);

    // general data: compare with a relative tolerance (FMA may or may not be used)
    for (int i = 0; i < n; ++i) {
        x[i] = sin(0.001 * i) * 1.0e3;
        y[i] = cos(0.002 * i);
    }
    CHECK(cudaMemcpy(dx, x.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    const double a = 1.0 / 3.0;
    daxpy<<<64, 256>>>(n, a, dx, dy);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(r.data(), dy, n * sizeof(double), cudaMemcpyDeviceToHost));
    double worst = 0.0;
    for (int i = 0; i < n; ++i) {
        double e = a * x[i] + y[i];
        // error relative to the size of the terms (robust to cancellation)
        double rel = fabs(r[i] - e) / (fabs(a * x[i]) + fabs(y[i]));
        if (!(rel <= worst)) worst = rel;
    }
    verdict("daxpy general data within 1e-15 of the terms' magnitude", worst <= 1e-15);

    // exact double reduction (integers, sums < 2^53)
    double *dsum_out;
    CHECK(cudaMalloc(&dsum_out, sizeof(double)));
    CHECK(cudaMemset(dsum_out, 0, sizeof(double)));
    std::vector<double> v(n);
    double e = 0.0;
    for (int i = 0; i < n; ++i) {
        v[i] = (double)(i * 7 % 10007) * 1024.0;
        e += v[i];
    }
    CHECK(cudaMemcpy(dx, v.data(), n * sizeof(double), cudaMemcpyHostToDevice));
    dsum<<<32, 128>>>(dx, n, dsum_out);
    CHECK(cudaGetLastError());
    double got = 0.0;
    CHECK(cudaMemcpy(&got, dsum_out, sizeof(double), cudaMemcpyDeviceToHost));
    printf("double sum = %.1f\n", got);
    verdict("atomicAdd(double*) reduction exact", got == e);
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    CHECK(cudaFree(dsum_out));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Fast single-precision intrinsics checked against the error bounds that the
// CUDA C++ Programming Guide documents for them ("Intrinsic Functions"):
//   __sinf(x), x in [-pi, pi]: absolute error <= 2^-21.41
//   __cosf(x), x in [-pi, pi]: absolute error <= 2^-21.19
//   __sincosf: as __sinf and __cosf
//   __expf(x):   <= 2 + floor(|1.173 x|) ulp
//   __exp10f(x): <= 2 + floor(|2.97 x|) ulp
//   __logf(x):   x in [0.5, 2]: absolute error <= 2^-21.41, otherwise <= 3 ulp
//   __log2f(x):  x in [0.5, 2]: absolute error <= 2^-22,    otherwise <= 2 ulp
//   __log10f(x): x in [0.5, 2]: absolute error <= 2^-24,    otherwise <= 3 ulp
//   __fdividef(x, y), 2^-126 <= |y| <= 2^126: <= 2 ulp; for 2^126 < |y| < 2^128
//   it returns 0 (finite x).
// (__tanf and __powf are only documented as derived from other intrinsics.)
// ulp bounds are tested as |device - exact| <= bound + 0.5 ulp.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
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

enum Fn { F_SIN, F_COS, F_SINCOS, F_EXP, F_EXP10, F_LOG, F_LOG2, F_LOG10, F_FDIVIDE, NFN };

__global__ void eval(int fn, const float *xa, const float *ya, float *r0, float *r1, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float x = xa[i], y = ya[i], a = 0.0f, b = 0.0f;
    switch (fn) {
    case F_SIN: a = __sinf(x); break;
    case F_COS: a = __cosf(x); break;
    case F_SINCOS: __sincosf(x, &a, &b); break;
    case F_EXP: a = __expf(x); break;
    case F_EXP10: a = __exp10f(x); break;
    case F_LOG: a = __logf(x); break;
    case F_LOG2: a = __log2f(x); break;
    case F_LOG10: a = __log10f(x); break;
    case F_FDIVIDE: a = __fdividef(x, y); break;
    }
    r0[i] = a;
    r1[i] = b;
}

struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
    double u() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return (double)(s >> 11) * (1.0 / 9007199254740992.0);
    }
    double uni(double lo, double hi) { return lo + (hi - lo) * u(); }
    double logu(double lo, double hi) { return exp(log(lo) + (log(hi) - log(lo)) * u()); }
    double slogu(double lo, double hi) { return (u() < 0.5 ? -1.0 : 1.0) * logu(lo, hi); }
};

static double ulp_err(float dev, double ref) {
    if (std::isnan(dev) || std::isinf(dev)) return 1e9;
    double a = fabs(ref);
    int e;
    frexp(a, &e);
    int ex = e - 24;
    if (ex < -149) ex = -149;
    double ulp = a == 0.0 ? ldexp(1.0, -149) : ldexp(1.0, ex);
    return fabs((double)dev - ref) / ulp;
}

int main() {
    const int N = 4096;
    std::vector<float> x(N), y(N), r0(N), r1(N);
    float *d_x, *d_y, *d_r0, *d_r1;
    CHECK(cudaMalloc(&d_x, N * sizeof(float)));
    CHECK(cudaMalloc(&d_y, N * sizeof(float)));
    CHECK(cudaMalloc(&d_r0, N * sizeof(float)));
    CHECK(cudaMalloc(&d_r1, N * sizeof(float)));
    bool all_ok = true;
    for (int fn = 0; fn < NFN; ++fn) {
        Rng r(4000 + fn);
        for (int i = 0; i < N; ++i) {
            y[i] = 1.0f;
            switch (fn) {
            case F_SIN: case F_COS: case F_SINCOS:
                x[i] = (float)r.uni(-3.1415926, 3.1415926);
                break;
            case F_EXP: x[i] = (float)r.uni(-80.0, 80.0); break;
            case F_EXP10: x[i] = (float)r.uni(-30.0, 30.0); break;
            case F_LOG: case F_LOG2: case F_LOG10:
                x[i] = (float)(i % 2 ? r.uni(0.5, 2.0)
                                     : (i % 4 == 0 ? r.logu(2.0001, 1.0e30) : r.logu(1.0e-30, 0.4999)));
                break;
            case F_FDIVIDE:
                x[i] = (float)r.slogu(1.0e-5, 1.0e5);
                y[i] = (float)r.slogu(1.0e-20, 1.0e20);
                break;
            }
        }
        CHECK(cudaMemcpy(d_x, x.data(), N * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_y, y.data(), N * sizeof(float), cudaMemcpyHostToDevice));
        eval<<<(N + 127) / 128, 128>>>(fn, d_x, d_y, d_r0, d_r1, N);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(r0.data(), d_r0, N * sizeof(float), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(r1.data(), d_r1, N * sizeof(float), cudaMemcpyDeviceToHost));
        bool ok = true;
        double worst = 0.0;  // worst error as a fraction of the allowed error
        int wi = 0;
        const char *line = "";
        for (int i = 0; i < N; ++i) {
            double xv = x[i], frac = 0.0;
            switch (fn) {
            case F_SIN:
                line = "__sinf: abs<=2^-21.41 on [-pi,pi]";
                frac = fabs(r0[i] - sin(xv)) / exp2(-21.41);
                break;
            case F_COS:
                line = "__cosf: abs<=2^-21.19 on [-pi,pi]";
                frac = fabs(r0[i] - cos(xv)) / exp2(-21.19);
                break;
            case F_SINCOS:
                line = "__sincosf: abs<=2^-21.41 (sin), 2^-21.19 (cos)";
                frac = fmax(fabs(r0[i] - sin(xv)) / exp2(-21.41), fabs(r1[i] - cos(xv)) / exp2(-21.19));
                break;
            case F_EXP:
                line = "__expf: max_ulp<=2+floor(|1.173x|)";
                frac = ulp_err(r0[i], exp(xv)) / (2.0 + floor(fabs(1.173 * xv)) + 0.5);
                break;
            case F_EXP10:
                line = "__exp10f: max_ulp<=2+floor(|2.97x|)";
                frac = ulp_err(r0[i], pow(10.0, xv)) / (2.0 + floor(fabs(2.97 * xv)) + 0.5);
                break;
            case F_LOG:
                line = "__logf: abs<=2^-21.41 on [0.5,2], max_ulp<=3 elsewhere";
                frac = (xv >= 0.5 && xv <= 2.0) ? fabs(r0[i] - log(xv)) / exp2(-21.41)
                                                : ulp_err(r0[i], log(xv)) / 3.5;
                break;
            case F_LOG2:
                line = "__log2f: abs<=2^-22 on [0.5,2], max_ulp<=2 elsewhere";
                frac = (xv >= 0.5 && xv <= 2.0) ? fabs(r0[i] - log2(xv)) / exp2(-22.0)
                                                : ulp_err(r0[i], log2(xv)) / 2.5;
                break;
            case F_LOG10:
                line = "__log10f: abs<=2^-24 on [0.5,2], max_ulp<=3 elsewhere";
                frac = (xv >= 0.5 && xv <= 2.0) ? fabs(r0[i] - log10(xv)) / exp2(-24.0)
                                                : ulp_err(r0[i], log10(xv)) / 3.5;
                break;
            case F_FDIVIDE:
                line = "__fdividef: max_ulp<=2 for 2^-126<=|y|<=2^126";
                frac = ulp_err(r0[i], xv / (double)y[i]) / 2.5;
                break;
            }
            if (!(frac <= 1.0)) ok = false;
            if (!(frac <= worst)) {
                worst = frac;
                wi = i;
            }
        }
        if (ok)
            printf("%s PASS\n", line);
        else
            printf("%s FAIL (%.2f x the bound at x=%.9g y=%.9g)\n", line, worst, (double)x[wi],
                   (double)y[wi]);
        if (!ok) all_ok = false;
    }
    // __fdividef for 2^126 < |y| < 2^128 returns 0 for finite x
    {
        float hx[4] = {1.0f, -3.0f, 1.0e30f, 5.0f};
        float hy[4] = {ldexpf(1.0f, 127), -ldexpf(1.5f, 126), ldexpf(1.0f, 127) * 1.5f,
                       -ldexpf(1.25f, 127)};
        CHECK(cudaMemcpy(d_x, hx, sizeof hx, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_y, hy, sizeof hy, cudaMemcpyHostToDevice));
        eval<<<1, 32>>>(F_FDIVIDE, d_x, d_y, d_r0, d_r1, 4);
        CHECK(cudaGetLastError());
        float hr[4];
        CHECK(cudaMemcpy(hr, d_r0, sizeof hr, cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int i = 0; i < 4; ++i)
            if (hr[i] != 0.0f) ok = false;
        printf("__fdividef: 2^126<|y|<2^128 gives 0 %s\n", ok ? "PASS" : "FAIL");
        if (!ok) all_ok = false;
    }
    CHECK(cudaFree(d_x));
    CHECK(cudaFree(d_y));
    CHECK(cudaFree(d_r0));
    CHECK(cudaFree(d_r1));
    printf("RESULT: %s\n", all_ok ? "PASS" : "FAIL");
    return 0;
}

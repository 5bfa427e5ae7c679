// Single-precision operations and functions whose documented maximum error
// is 0 ulp: x+y, x*y, x/y, 1/x (IEEE round-to-nearest-even with the default
// -prec-div=true), fmaf, rounding functions, fmodf/remainderf/remquof,
// modff/frexpf/ldexpf/scalbnf/logbf/ilogbf, fminf/fmaxf/fdimf/fabsf/
// copysignf/nextafterf, lrintf/lroundf/llrintf/llroundf. Results must equal
// the host result bit for bit (including the sign of zero). Also the
// special-value behaviour (C99 Annex F) of common functions.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
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

enum Fn {
    F_ADD, F_MUL, F_DIV, F_RCP, F_FMAF,
    F_FLOORF, F_CEILF, F_TRUNCF, F_ROUNDF, F_RINTF, F_NEARBYINTF,
    F_LRINTF, F_LROUNDF, F_LLRINTF, F_LLROUNDF,
    F_FABSF, F_FMINF, F_FMAXF, F_FDIMF, F_COPYSIGNF, F_NEXTAFTERF,
    F_FMODF, F_REMAINDERF, F_REMQUOF,
    F_MODFF, F_FREXPF, F_LDEXPF, F_SCALBNF, F_LOGBF, F_ILOGBF,
    NFN
};
static const char *names[NFN] = {
    "x+y", "x*y", "x/y", "1/x", "fmaf",
    "floorf", "ceilf", "truncf", "roundf", "rintf", "nearbyintf",
    "lrintf", "lroundf", "llrintf", "llroundf",
    "fabsf", "fminf", "fmaxf", "fdimf", "copysignf", "nextafterf",
    "fmodf", "remainderf", "remquof",
    "modff", "frexpf", "ldexpf", "scalbnf", "logbf", "ilogbf"};

struct Res {
    float f;
    float f2;
    long long k;
};

__device__ __host__ inline Res compute(int fn, float x, float y, float z) {
    Res r = {0.0f, 0.0f, 0};
    int e = 0;
    switch (fn) {
    case F_ADD: r.f = x + y; break;
    case F_MUL: r.f = x * y; break;
    case F_DIV: r.f = x / y; break;
    case F_RCP: r.f = 1.0f / x; break;
    case F_FMAF: r.f = fmaf(x, y, z); break;
    case F_FLOORF: r.f = floorf(x); break;
    case F_CEILF: r.f = ceilf(x); break;
    case F_TRUNCF: r.f = truncf(x); break;
    case F_ROUNDF: r.f = roundf(x); break;
    case F_RINTF: r.f = rintf(x); break;
    case F_NEARBYINTF: r.f = nearbyintf(x); break;
    case F_LRINTF: r.k = lrintf(x); break;
    case F_LROUNDF: r.k = lroundf(x); break;
    case F_LLRINTF: r.k = llrintf(x); break;
    case F_LLROUNDF: r.k = llroundf(x); break;
    case F_FABSF: r.f = fabsf(x); break;
    case F_FMINF: r.f = fminf(x, y); break;
    case F_FMAXF: r.f = fmaxf(x, y); break;
    case F_FDIMF: r.f = fdimf(x, y); break;
    case F_COPYSIGNF: r.f = copysignf(x, y); break;
    case F_NEXTAFTERF: r.f = nextafterf(x, y); break;
    case F_FMODF: r.f = fmodf(x, y); break;
    case F_REMAINDERF: r.f = remainderf(x, y); break;
    case F_REMQUOF: {
        int q = 0;
        r.f = remquof(x, y, &q);
        // only the sign and the 3 lowest bits of the quotient are specified
        r.k = (q < 0 ? -1 : 1) * ((q < 0 ? -q : q) & 7);
        break;
    }
    case F_MODFF: r.f = modff(x, &r.f2); break;
    case F_FREXPF: r.f = frexpf(x, &e); r.k = e; break;
    case F_LDEXPF: r.f = ldexpf(x, (int)y); break;
    case F_SCALBNF: r.f = scalbnf(x, (int)y); break;
    case F_LOGBF: r.f = logbf(x); break;
    case F_ILOGBF: r.k = ilogbf(x); break;
    }
    return r;
}

__global__ void eval(int fn, const float *x, const float *y, const float *z, Res *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = compute(fn, x[i], y[i], z[i]);
}

// special values: {fn id, x, y}
enum Sp {
    S_SQRT, S_LOG, S_EXP, S_POW, S_ATAN2, S_SIN, S_COS, S_TANH, S_ERF, S_ERFC, S_TGAMMA,
    S_LGAMMA, S_HYPOT, S_FMIN, S_FMAX, S_FMOD, S_RINT, S_ROUND, S_FLOOR, S_CEIL, S_TRUNC,
    S_CBRT, S_LOG1P, S_EXPM1, S_ACOS, S_ASIN, S_ATAN, S_LDEXP, S_LOG2, S_EXP2, S_COPYSIGN
};
__device__ __host__ inline float special(int fn, float x, float y) {
    switch (fn) {
    case S_SQRT: return sqrtf(x);
    case S_LOG: return logf(x);
    case S_EXP: return expf(x);
    case S_POW: return powf(x, y);
    case S_ATAN2: return atan2f(x, y);
    case S_SIN: return sinf(x);
    case S_COS: return cosf(x);
    case S_TANH: return tanhf(x);
    case S_ERF: return erff(x);
    case S_ERFC: return erfcf(x);
    case S_TGAMMA: return tgammaf(x);
    case S_LGAMMA: return lgammaf(x);
    case S_HYPOT: return hypotf(x, y);
    case S_FMIN: return fminf(x, y);
    case S_FMAX: return fmaxf(x, y);
    case S_FMOD: return fmodf(x, y);
    case S_RINT: return rintf(x);
    case S_ROUND: return roundf(x);
    case S_FLOOR: return floorf(x);
    case S_CEIL: return ceilf(x);
    case S_TRUNC: return truncf(x);
    case S_CBRT: return cbrtf(x);
    case S_LOG1P: return log1pf(x);
    case S_EXPM1: return expm1f(x);
    case S_ACOS: return acosf(x);
    case S_ASIN: return asinf(x);
    case S_ATAN: return atanf(x);
    case S_LDEXP: return ldexpf(x, (int)y);
    case S_LOG2: return log2f(x);
    case S_EXP2: return exp2f(x);
    case S_COPYSIGN: return copysignf(x, y);
    }
    return 0.0f;
}

struct SpCase {
    int fn;
    float x, y;
    const char *label;
};

__global__ void eval_special(const SpCase *c, float *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = special(c[i].fn, c[i].x, c[i].y);
}

// ---------------------------------------------------------------- host side
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

static void gen(int fn, int i, Rng &r, float &x, float &y, float &z) {
    x = 1.0f;
    y = 1.0f;
    z = 0.0f;
    switch (fn) {
    case F_ADD: case F_MUL: case F_DIV:
        x = (float)r.slogu(1.0e-15, 1.0e15);
        y = (float)r.slogu(1.0e-15, 1.0e15);
        if (fn == F_ADD && i % 4 == 0) y = -x * (float)r.uni(0.5, 2.0);  // cancellation
        return;
    case F_RCP: x = (float)r.slogu(1.0e-30, 1.0e30); return;
    case F_FMAF:
        x = (float)r.slogu(1.0e-3, 1.0e3);
        y = (float)r.slogu(1.0e-3, 1.0e3);
        z = (i % 3 == 0) ? -x * y : (float)r.slogu(1.0e-6, 1.0e6);  // exact cancellation cases
        return;
    case F_FLOORF: case F_CEILF: case F_TRUNCF: case F_ROUNDF: case F_RINTF: case F_NEARBYINTF:
    case F_LRINTF: case F_LROUNDF: case F_LLRINTF: case F_LLROUNDF: {
        static const float sp[] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49999997f, -0.3f,
                                   8388607.5f, -8388607.5f, 1.0e9f, 0.0f, 3.0f, -7.0f};
        if (i < 14) { x = sp[i]; return; }
        if (i % 3 == 0) x = (float)((double)(int)r.uni(-2000.0, 2000.0) * 0.5);  // halves
        else x = (float)r.uni(-1.0e6, 1.0e6);
        if ((fn == F_FLOORF || fn == F_CEILF || fn == F_TRUNCF || fn == F_ROUNDF ||
             fn == F_RINTF || fn == F_NEARBYINTF) && i % 7 == 0)
            x = (float)r.slogu(1.0e-3, 1.0e12);
        return;
    }
    case F_FABSF: case F_FMINF: case F_FMAXF: case F_FDIMF: case F_COPYSIGNF:
        x = (float)r.slogu(1.0e-3, 1.0e3);
        y = (float)r.slogu(1.0e-3, 1.0e3);
        if (i % 5 == 0) y = x;
        if (fn == F_COPYSIGNF && i % 7 == 0) y = -0.0f;
        return;
    case F_NEXTAFTERF:
        x = (float)r.slogu(1.0e-30, 1.0e30);
        y = (i % 3 == 0) ? INFINITY : (i % 3 == 1 ? -INFINITY : (float)r.slogu(1.0e-30, 1.0e30));
        return;
    case F_FMODF: case F_REMAINDERF: case F_REMQUOF:
        x = (float)r.slogu(1.0e-3, 1.0e10);
        y = (float)r.slogu(1.0e-3, 1.0e3);
        if (i % 9 == 0) x = y * (float)(int)r.uni(1.0, 100.0);  // exact multiples
        return;
    case F_MODFF: x = (float)r.slogu(1.0e-3, 1.0e9); return;
    case F_FREXPF: case F_LOGBF: case F_ILOGBF: x = (float)r.slogu(1.0e-37, 1.0e37); return;
    case F_LDEXPF: case F_SCALBNF:
        x = (float)r.slogu(1.0e-3, 1.0e3);
        y = (float)(int)r.uni(-100.0, 100.0);
        return;
    }
}

static bool same_float(float a, float b) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return memcmp(&a, &b, 4) == 0;
}

int main() {
    const int N = 4096;
    std::vector<float> x(N), y(N), z(N);
    std::vector<Res> out(N);
    float *d_x, *d_y, *d_z;
    Res *d_out;
    CHECK(cudaMalloc(&d_x, N * sizeof(float)));
    CHECK(cudaMalloc(&d_y, N * sizeof(float)));
    CHECK(cudaMalloc(&d_z, N * sizeof(float)));
    CHECK(cudaMalloc(&d_out, N * sizeof(Res)));
    bool all_ok = true;
    for (int fn = 0; fn < NFN; ++fn) {
        Rng rng(3000 + fn);
        for (int i = 0; i < N; ++i) gen(fn, i, rng, x[i], y[i], z[i]);
        CHECK(cudaMemcpy(d_x, x.data(), N * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_y, y.data(), N * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_z, z.data(), N * sizeof(float), cudaMemcpyHostToDevice));
        eval<<<(N + 127) / 128, 128>>>(fn, d_x, d_y, d_z, d_out, N);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out.data(), d_out, N * sizeof(Res), cudaMemcpyDeviceToHost));
        int bad = -1;
        for (int i = 0; i < N && bad < 0; ++i) {
            Res h = compute(fn, x[i], y[i], z[i]);  // host libm: exact for these
            if (!same_float(h.f, out[i].f) || !same_float(h.f2, out[i].f2) || h.k != out[i].k)
                bad = i;
        }
        if (bad < 0) {
            printf("%s: max_ulp<=0 PASS\n", names[fn]);
        } else {
            Res h = compute(fn, x[bad], y[bad], z[bad]);
            printf("%s: max_ulp<=0 FAIL (x=%a y=%a z=%a: device %a/%a/%lld host %a/%a/%lld)\n",
                   names[fn], (double)x[bad], (double)y[bad], (double)z[bad], (double)out[bad].f,
                   (double)out[bad].f2, out[bad].k, (double)h.f, (double)h.f2, h.k);
            all_ok = false;
        }
    }

    const float inf = INFINITY, nan = NAN;
    const SpCase cases[] = {
        {S_SQRT, -1.0f, 0, "sqrtf(-1)"},      {S_SQRT, -0.0f, 0, "sqrtf(-0)"},
        {S_SQRT, inf, 0, "sqrtf(inf)"},       {S_SQRT, nan, 0, "sqrtf(nan)"},
        {S_LOG, 0.0f, 0, "logf(0)"},          {S_LOG, -1.0f, 0, "logf(-1)"},
        {S_LOG, inf, 0, "logf(inf)"},         {S_LOG, 1.0f, 0, "logf(1)"},
        {S_EXP, -inf, 0, "expf(-inf)"},       {S_EXP, inf, 0, "expf(inf)"},
        {S_EXP, 100.0f, 0, "expf(100)"},      {S_EXP, -200.0f, 0, "expf(-200)"},
        {S_EXP, 0.0f, 0, "expf(0)"},          {S_POW, 0.0f, -1.0f, "powf(0,-1)"},
        {S_POW, -0.0f, -1.0f, "powf(-0,-1)"}, {S_POW, -1.0f, inf, "powf(-1,inf)"},
        {S_POW, 1.0f, nan, "powf(1,nan)"},    {S_POW, nan, 0.0f, "powf(nan,0)"},
        {S_POW, -8.0f, 0.33333334f, "powf(-8,1/3)"}, 
        {S_POW, 0.5f, inf, "powf(0.5,inf)"},  {S_POW, 2.0f, -inf, "powf(2,-inf)"},
        {S_POW, -inf, 3.0f, "powf(-inf,3)"},  
        {S_ATAN2, 0.0f, -1.0f, "atan2f(0,-1)"}, {S_ATAN2, -0.0f, -1.0f, "atan2f(-0,-1)"},
        {S_ATAN2, 1.0f, 0.0f, "atan2f(1,0)"}, {S_ATAN2, inf, inf, "atan2f(inf,inf)"},
        {S_ATAN2, 0.0f, 0.0f, "atan2f(0,0)"}, {S_ATAN2, -0.0f, 0.0f, "atan2f(-0,0)"},
        {S_SIN, inf, 0, "sinf(inf)"},         {S_SIN, -0.0f, 0, "sinf(-0)"},
        {S_COS, -inf, 0, "cosf(-inf)"},       {S_COS, 0.0f, 0, "cosf(0)"},
        {S_TANH, inf, 0, "tanhf(inf)"},       {S_TANH, -inf, 0, "tanhf(-inf)"},
        {S_TANH, -0.0f, 0, "tanhf(-0)"},      {S_ERF, inf, 0, "erff(inf)"},
        {S_ERF, -0.0f, 0, "erff(-0)"},        {S_ERFC, -inf, 0, "erfcf(-inf)"},
        {S_ERFC, inf, 0, "erfcf(inf)"},       {S_TGAMMA, -1.0f, 0, "tgammaf(-1)"},
        {S_TGAMMA, 0.0f, 0, "tgammaf(+0)"},   
        {S_LGAMMA, 1.0f, 0, "lgammaf(1)"},    {S_LGAMMA, 2.0f, 0, "lgammaf(2)"},
        {S_LGAMMA, 0.0f, 0, "lgammaf(0)"},    {S_LGAMMA, inf, 0, "lgammaf(inf)"},
        {S_HYPOT, inf, nan, "hypotf(inf,nan)"}, 
        {S_FMIN, nan, 1.0f, "fminf(nan,1)"},  {S_FMAX, 2.0f, nan, "fmaxf(2,nan)"},
        {S_FMIN, nan, nan, "fminf(nan,nan)"}, {S_FMOD, 1.0f, 0.0f, "fmodf(1,0)"},
        {S_FMOD, inf, 1.0f, "fmodf(inf,1)"},  {S_FMOD, 5.0f, inf, "fmodf(5,inf)"},
        {S_FMOD, -6.0f, 3.0f, "fmodf(-6,3)"}, {S_RINT, 2.5f, 0, "rintf(2.5)"},
        {S_RINT, -0.5f, 0, "rintf(-0.5)"},    {S_ROUND, 2.5f, 0, "roundf(2.5)"},
        {S_ROUND, -2.5f, 0, "roundf(-2.5)"},  {S_ROUND, -0.4f, 0, "roundf(-0.4)"},
        {S_FLOOR, -0.0f, 0, "floorf(-0)"},    {S_FLOOR, -inf, 0, "floorf(-inf)"},
        {S_CEIL, -0.5f, 0, "ceilf(-0.5)"},    {S_TRUNC, -0.7f, 0, "truncf(-0.7)"},
            {S_CBRT, -inf, 0, "cbrtf(-inf)"},
        {S_LOG1P, -1.0f, 0, "log1pf(-1)"},    {S_LOG1P, -2.0f, 0, "log1pf(-2)"},
        {S_EXPM1, -inf, 0, "expm1f(-inf)"},   {S_EXPM1, -0.0f, 0, "expm1f(-0)"},
        {S_ACOS, 2.0f, 0, "acosf(2)"},        {S_ACOS, 1.0f, 0, "acosf(1)"},
        {S_ASIN, -0.0f, 0, "asinf(-0)"},      {S_ATAN, inf, 0, "atanf(inf)"},
        {S_LDEXP, 1.0f, 200.0f, "ldexpf(1,200)"}, {S_LDEXP, -1.0f, 200.0f, "ldexpf(-1,200)"},
                {S_LOG2, 0.0f, 0, "log2f(0)"},
              {S_EXP2, -inf, 0, "exp2f(-inf)"},
        {S_COPYSIGN, 1.0f, -0.0f, "copysignf(1,-0)"}, {S_COPYSIGN, nan, -1.0f, "copysignf(nan,-1) is nan"},
    };
    const int nc = sizeof cases / sizeof cases[0];
    SpCase *d_c;
    float *d_sv;
    CHECK(cudaMalloc(&d_c, sizeof cases));
    CHECK(cudaMalloc(&d_sv, nc * sizeof(float)));
    CHECK(cudaMemcpy(d_c, cases, sizeof cases, cudaMemcpyHostToDevice));
    eval_special<<<1, 128>>>(d_c, d_sv, nc);
    CHECK(cudaGetLastError());
    std::vector<float> sv(nc);
    CHECK(cudaMemcpy(sv.data(), d_sv, nc * sizeof(float), cudaMemcpyDeviceToHost));
    bool sp_ok = true;
    for (int i = 0; i < nc; ++i) {
        float h = special(cases[i].fn, cases[i].x, cases[i].y);
        if (!same_float(h, sv[i])) {
            printf("special value %s: FAIL (device %a, host %a)\n", cases[i].label, (double)sv[i],
                   (double)h);
            sp_ok = false;
        }
    }
    printf("special values (%d cases): %s\n", nc, sp_ok ? "PASS" : "FAIL");
    if (!sp_ok) all_ok = false;
    CHECK(cudaFree(d_x));
    CHECK(cudaFree(d_y));
    CHECK(cudaFree(d_z));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_c));
    CHECK(cudaFree(d_sv));
    printf("RESULT: %s\n", all_ok ? "PASS" : "FAIL");
    return 0;
}

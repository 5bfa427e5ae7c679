// Conversion intrinsics: __float2int_rn/rz/ru/rd, __float2uint_*,
// __float2ll_*, __float2ull_*, __int2float_*, __uint2float_*, __ll2float_*,
// __ull2float_* (rounding of integers with more than 24 significant bits),
// out-of-range float->int conversions (saturate; NaN -> 0 for 32-bit
// results), __saturatef,
// __float_as_int/__int_as_float/__float_as_uint/__uint_as_float (bit
// patterns, NaN payloads included) and plain C++ casts.
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

static bool g_ok = true;
static void verdict(const char *what, bool ok) {
    printf("%s: %s\n", what, ok ? "PASS" : "FAIL");
    if (!ok) g_ok = false;
}

struct F2I {
    int i[4];
    unsigned u[4];
    long long ll[4];
    unsigned long long ull[4];
    int cast_i;
    unsigned cast_u;
};

__global__ void float_to_int(const float *x, F2I *o, int n) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n) return;
    float v = x[k];
    F2I r;
    r.i[0] = __float2int_rn(v); r.i[1] = __float2int_rz(v); r.i[2] = __float2int_ru(v); r.i[3] = __float2int_rd(v);
    float a = fabsf(v);
    r.u[0] = __float2uint_rn(a); r.u[1] = __float2uint_rz(a); r.u[2] = __float2uint_ru(a); r.u[3] = __float2uint_rd(a);
    float w = v * 1.0e9f;
    r.ll[0] = __float2ll_rn(w); r.ll[1] = __float2ll_rz(w); r.ll[2] = __float2ll_ru(w); r.ll[3] = __float2ll_rd(w);
    float wa = fabsf(w);
    r.ull[0] = __float2ull_rn(wa); r.ull[1] = __float2ull_rz(wa); r.ull[2] = __float2ull_ru(wa); r.ull[3] = __float2ull_rd(wa);
    r.cast_i = (int)v;
    r.cast_u = (unsigned)a;
    o[k] = r;
}

struct I2F {
    float fi[4], fu[4], fll[4], full[4];
    float cast_i, cast_ll;
};

__global__ void int_to_float(const int *xi, const unsigned *xu, const long long *xl,
                             const unsigned long long *xul, I2F *o, int n) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n) return;
    int i = xi[k];
    unsigned u = xu[k];
    long long l = xl[k];
    unsigned long long ul = xul[k];
    I2F r;
    r.fi[0] = __int2float_rn(i); r.fi[1] = __int2float_rz(i); r.fi[2] = __int2float_ru(i); r.fi[3] = __int2float_rd(i);
    r.fu[0] = __uint2float_rn(u); r.fu[1] = __uint2float_rz(u); r.fu[2] = __uint2float_ru(u); r.fu[3] = __uint2float_rd(u);
    r.fll[0] = __ll2float_rn(l); r.fll[1] = __ll2float_rz(l); r.fll[2] = __ll2float_ru(l); r.fll[3] = __ll2float_rd(l);
    r.full[0] = __ull2float_rn(ul); r.full[1] = __ull2float_rz(ul); r.full[2] = __ull2float_ru(ul); r.full[3] = __ull2float_rd(ul);
    r.cast_i = (float)i;
    r.cast_ll = (float)l;
    o[k] = r;
}

struct Sat {
    int i_rn, i_rz;
    unsigned u_rn, u_rd;
    long long ll_rz;
    unsigned long long ull_rn;
};

__global__ void saturation(const float *x, Sat *o, int n) {
    int k = threadIdx.x;
    if (k >= n) return;
    float v = x[k];
    Sat s;
    s.i_rn = __float2int_rn(v);
    s.i_rz = __float2int_rz(v);
    s.u_rn = __float2uint_rn(v);
    s.u_rd = __float2uint_rd(v);
    s.ll_rz = __float2ll_rz(v);
    s.ull_rn = __float2ull_rn(v);
    o[k] = s;
}

__global__ void misc(const float *x, float *sat, const unsigned *bits, unsigned *roundtrip,
                     int *as_int, unsigned *as_uint, float *from_int, int n) {
    int k = threadIdx.x;
    if (k >= n) return;
    sat[k] = __saturatef(x[k]);
    roundtrip[k] = __float_as_uint(__uint_as_float(bits[k]));
    as_int[k] = __float_as_int(x[k]);
    as_uint[k] = __float_as_uint(x[k]);
    from_int[k] = __int_as_float((int)bits[k]);
}

// ---------------------------------------------------------------- host side
// Round a non-negative integer magnitude to float in the given mode
// (0 rn, 1 rz, 2 ru, 3 rd), with the sign applied.
static float int_round(unsigned long long mag, bool neg, int mode) {
    if (mag == 0) return 0.0f;
    int p = 63;
    while (!((mag >> p) & 1ull)) --p;
    if (p < 24) return neg ? -(float)mag : (float)mag;
    int sh = p - 23;
    unsigned long long q = mag >> sh, rem = mag & ((1ull << sh) - 1), half = 1ull << (sh - 1);
    bool up_mag;
    int m = mode;
    if (neg && m >= 2) m = 5 - m;  // ru <-> rd for negative values
    switch (m) {
    case 0: up_mag = rem > half || (rem == half && (q & 1)); break;
    case 1: up_mag = false; break;
    case 2: up_mag = rem != 0; break;
    default: up_mag = false; break;
    }
    if (up_mag) ++q;
    float f = (float)ldexp((double)q, sh);  // exact
    return neg ? -f : f;
}

static bool same(float a, float b) { return memcmp(&a, &b, 4) == 0; }

static int host_round_mode(double v, int mode) {
    switch (mode) {
    case 0: return (int)nearbyint(v);
    case 1: return (int)trunc(v);
    case 2: return (int)ceil(v);
    default: return (int)floor(v);
    }
}
static long long host_round_ll(double v, int mode) {
    switch (mode) {
    case 0: return (long long)nearbyint(v);
    case 1: return (long long)trunc(v);
    case 2: return (long long)ceil(v);
    default: return (long long)floor(v);
    }
}

int main() {
    const int N = 4096;
    // ---- float -> integer, in range
    {
        std::vector<float> x(N);
        uint64_t s = 7;
        for (int i = 0; i < N; ++i) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            double u = (double)(s >> 11) / 9007199254740992.0;
            if (i % 4 == 0) x[i] = (float)((int)(u * 4000.0) - 2000) * 0.5f;  // halves
            else if (i % 4 == 1) x[i] = (float)((u - 0.5) * 2.0e9);
            else x[i] = (float)((u - 0.5) * 2000.0);
        }
        const float sp[] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.0f, -0.0f, 0.49999997f,
                            2147483520.0f, -2147483648.0f, 8388607.5f};
        for (int i = 0; i < 12; ++i) x[i] = sp[i];
        float *d_x;
        F2I *d_o;
        CHECK(cudaMalloc(&d_x, N * sizeof(float)));
        CHECK(cudaMalloc(&d_o, N * sizeof(F2I)));
        CHECK(cudaMemcpy(d_x, x.data(), N * sizeof(float), cudaMemcpyHostToDevice));
        float_to_int<<<(N + 127) / 128, 128>>>(d_x, d_o, N);
        CHECK(cudaGetLastError());
        std::vector<F2I> o(N);
        CHECK(cudaMemcpy(o.data(), d_o, N * sizeof(F2I), cudaMemcpyDeviceToHost));
        bool ok_i[4] = {true, true, true, true}, ok_u[4] = {true, true, true, true};
        bool ok_ll[4] = {true, true, true, true}, ok_ull[4] = {true, true, true, true};
        bool ok_cast = true;
        for (int i = 0; i < N; ++i) {
            double v = x[i], a = fabs(v), w = (double)(x[i] * 1.0e9f), wa = fabs(w);
            for (int m = 0; m < 4; ++m) {
                if (o[i].i[m] != host_round_mode(v, m)) ok_i[m] = false;
                if (o[i].u[m] != (unsigned)host_round_ll(a, m)) ok_u[m] = false;
                if (o[i].ll[m] != host_round_ll(w, m)) ok_ll[m] = false;
                if (o[i].ull[m] != (unsigned long long)host_round_ll(wa, m)) ok_ull[m] = false;
            }
            if (o[i].cast_i != (int)x[i] || o[i].cast_u != (unsigned)fabsf(x[i])) ok_cast = false;
        }
        const char *mn[4] = {"rn", "rz", "ru", "rd"};
        char name[64];
        for (int m = 0; m < 4; ++m) {
            snprintf(name, sizeof name, "__float2int_%s", mn[m]);
            verdict(name, ok_i[m]);
        }
        for (int m = 0; m < 4; ++m) {
            snprintf(name, sizeof name, "__float2uint_%s", mn[m]);
            verdict(name, ok_u[m]);
        }
        for (int m = 0; m < 4; ++m) {
            snprintf(name, sizeof name, "__float2ll_%s", mn[m]);
            verdict(name, ok_ll[m]);
        }
        for (int m = 0; m < 4; ++m) {
            snprintf(name, sizeof name, "__float2ull_%s", mn[m]);
            verdict(name, ok_ull[m]);
        }
        verdict("(int)/(unsigned) casts truncate", ok_cast);
        CHECK(cudaFree(d_x));
        CHECK(cudaFree(d_o));
    }
    // ---- integer -> float with rounding
    {
        std::vector<int> xi(N);
        std::vector<unsigned> xu(N);
        std::vector<long long> xl(N);
        std::vector<unsigned long long> xul(N);
        uint64_t s = 99;
        for (int i = 0; i < N; ++i) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            unsigned long long r = s ^ (s >> 29);
            int sh = (int)(r % 40);
            xi[i] = (int)((unsigned)r >> (sh % 31));
            xu[i] = (unsigned)(r >> 7) >> (sh % 31);
            xl[i] = (long long)(r >> (sh % 63));
            if (i & 1) xl[i] = -xl[i];
            xul[i] = r >> (sh % 64);
        }
        xi[0] = 0x7fffffff; xi[1] = -0x7fffffff - 1; xi[2] = 16777217; xi[3] = -16777217;
        xi[4] = 16777219; xi[5] = 0; xi[6] = 33554435;
        xu[0] = 0xffffffffu; xu[1] = 16777217u; xu[2] = 0x80000001u;
        xl[0] = 0x7fffffffffffffffLL; xl[1] = -0x7fffffffffffffffLL - 1; xl[2] = (1LL << 53) + 1;
        xl[3] = -((1LL << 40) + 3);
        xul[0] = ~0ull; xul[1] = (1ull << 63) + 1; xul[2] = (1ull << 24) + 1;
        int *d_xi;
        unsigned *d_xu;
        long long *d_xl;
        unsigned long long *d_xul;
        I2F *d_o;
        CHECK(cudaMalloc(&d_xi, N * sizeof(int)));
        CHECK(cudaMalloc(&d_xu, N * sizeof(unsigned)));
        CHECK(cudaMalloc(&d_xl, N * sizeof(long long)));
        CHECK(cudaMalloc(&d_xul, N * sizeof(unsigned long long)));
        CHECK(cudaMalloc(&d_o, N * sizeof(I2F)));
        CHECK(cudaMemcpy(d_xi, xi.data(), N * sizeof(int), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_xu, xu.data(), N * sizeof(unsigned), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_xl, xl.data(), N * sizeof(long long), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_xul, xul.data(), N * sizeof(unsigned long long), cudaMemcpyHostToDevice));
        int_to_float<<<(N + 127) / 128, 128>>>(d_xi, d_xu, d_xl, d_xul, d_o, N);
        CHECK(cudaGetLastError());
        std::vector<I2F> o(N);
        CHECK(cudaMemcpy(o.data(), d_o, N * sizeof(I2F), cudaMemcpyDeviceToHost));
        bool ok[4][4];
        for (int a = 0; a < 4; ++a)
            for (int m = 0; m < 4; ++m) ok[a][m] = true;
        bool ok_cast = true;
        for (int i = 0; i < N; ++i) {
            bool ni = xi[i] < 0, nl = xl[i] < 0;
            unsigned long long mi = ni ? (unsigned long long)(-(long long)xi[i]) : (unsigned long long)xi[i];
            unsigned long long ml = nl ? (0ull - (unsigned long long)xl[i]) : (unsigned long long)xl[i];
            for (int m = 0; m < 4; ++m) {
                if (!same(o[i].fi[m], int_round(mi, ni, m))) ok[0][m] = false;
                if (!same(o[i].fu[m], int_round(xu[i], false, m))) ok[1][m] = false;
                if (!same(o[i].fll[m], int_round(ml, nl, m))) ok[2][m] = false;
                if (!same(o[i].full[m], int_round(xul[i], false, m))) ok[3][m] = false;
            }
            if (!same(o[i].cast_i, int_round(mi, ni, 0)) || !same(o[i].cast_ll, int_round(ml, nl, 0)))
                ok_cast = false;
        }
        const char *tn[4] = {"__int2float", "__uint2float", "__ll2float", "__ull2float"};
        const char *mn[4] = {"rn", "rz", "ru", "rd"};
        for (int a = 0; a < 4; ++a)
            for (int m = 0; m < 4; ++m) {
                char name[64];
                snprintf(name, sizeof name, "%s_%s", tn[a], mn[m]);
                verdict(name, ok[a][m]);
            }
        verdict("(float) casts of int and long long round to nearest", ok_cast);
        CHECK(cudaFree(d_xi));
        CHECK(cudaFree(d_xu));
        CHECK(cudaFree(d_xl));
        CHECK(cudaFree(d_xul));
        CHECK(cudaFree(d_o));
    }
    // ---- out-of-range conversions saturate, NaN converts to 0
    {
        const float xs[] = {3.0e9f, -3.0e9f, NAN, INFINITY, -INFINITY, 5.0e9f, -5.0f, 1.0e19f,
                            -1.0e19f, 2.0e19f, 4294967296.0f, -0.75f};
        const int n = sizeof xs / sizeof xs[0];
        float *d_x;
        Sat *d_o;
        CHECK(cudaMalloc(&d_x, sizeof xs));
        CHECK(cudaMalloc(&d_o, n * sizeof(Sat)));
        CHECK(cudaMemcpy(d_x, xs, sizeof xs, cudaMemcpyHostToDevice));
        saturation<<<1, 32>>>(d_x, d_o, n);
        CHECK(cudaGetLastError());
        Sat o[n];
        CHECK(cudaMemcpy(o, d_o, sizeof o, cudaMemcpyDeviceToHost));
        const int IMAX = 0x7fffffff, IMIN = -0x7fffffff - 1;
        const long long LMAX = 0x7fffffffffffffffLL, LMIN = -0x7fffffffffffffffLL - 1;
        bool ok = true;
        for (int k = 0; k < n; ++k) {
            float v = xs[k];
            int ei;
            unsigned eu;
            long long el;
            unsigned long long eul;
            if (std::isnan(v)) {
                ei = 0; eu = 0; el = 0; eul = 0;
            } else {
                ei = v >= 2147483648.0f ? IMAX : (v <= -2147483649.0f ? IMIN : (int)nearbyint(v));
                eu = v >= 4294967296.0f ? 0xffffffffu : (v <= 0.0f ? 0u : (unsigned)nearbyint(v));
                el = v >= 9.2233720368547758e18f ? LMAX : (v <= -9.2233720368547758e18f ? LMIN : (long long)trunc(v));
                eul = v >= 1.8446744073709552e19f ? ~0ull : (v <= 0.0f ? 0ull : (unsigned long long)nearbyint(v));
            }
            int ei_rz = std::isnan(v) ? 0 : (v >= 2147483648.0f ? IMAX : (v <= -2147483649.0f ? IMIN : (int)trunc(v)));
            unsigned eu_rd = std::isnan(v) ? 0u : (v >= 4294967296.0f ? 0xffffffffu : (v <= 0.0f ? 0u : (unsigned)floor(v)));
            bool bad32 = o[k].i_rn != ei || o[k].i_rz != ei_rz || o[k].u_rn != eu || o[k].u_rd != eu_rd;
            // the result of a NaN -> 64-bit conversion is not specified: skip it
            bool bad64 = !std::isnan(v) && (o[k].ll_rz != el || o[k].ull_rn != eul);
            if (bad32 || bad64) {
                ok = false;
                printf("saturation case %d (%g) mismatch: %d %d %u %u %lld %llu\n", k, (double)v,
                       o[k].i_rn, o[k].i_rz, o[k].u_rn, o[k].u_rd, o[k].ll_rz, o[k].ull_rn);
            }
        }
        verdict("out-of-range float->integer saturates, NaN -> 0 (32-bit)", ok);
        CHECK(cudaFree(d_x));
        CHECK(cudaFree(d_o));
    }
    // ---- __saturatef and bit casts
    {
        const float xs[] = {-1.0f, 0.25f, 1.5f, 1.0f, 0.0f, NAN, -INFINITY, INFINITY,
                            0.99999994f, 1.0e-30f, -1.0e-30f, 123.0f};
        const unsigned bits[] = {0x7fc12345u, 0xffc00001u, 0x7f800000u, 0x00000001u,
                                 0x80000000u, 0x3f800000u, 0x7fa00000u, 0xdeadbeefu,
                                 0x007fffffu, 0xff7fffffu, 0x12345678u, 0x7fffffffu};
        const int n = 12;
        float *d_x, *d_sat, *d_fi;
        unsigned *d_bits, *d_rt, *d_au;
        int *d_ai;
        CHECK(cudaMalloc(&d_x, sizeof xs));
        CHECK(cudaMalloc(&d_sat, sizeof xs));
        CHECK(cudaMalloc(&d_fi, sizeof xs));
        CHECK(cudaMalloc(&d_bits, sizeof bits));
        CHECK(cudaMalloc(&d_rt, sizeof bits));
        CHECK(cudaMalloc(&d_au, sizeof bits));
        CHECK(cudaMalloc(&d_ai, sizeof bits));
        CHECK(cudaMemcpy(d_x, xs, sizeof xs, cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_bits, bits, sizeof bits, cudaMemcpyHostToDevice));
        misc<<<1, 32>>>(d_x, d_sat, d_bits, d_rt, d_ai, d_au, d_fi, n);
        CHECK(cudaGetLastError());
        float sat[n], fi[n];
        unsigned rt[n], au[n];
        int ai[n];
        CHECK(cudaMemcpy(sat, d_sat, sizeof sat, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(fi, d_fi, sizeof fi, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(rt, d_rt, sizeof rt, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(au, d_au, sizeof au, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(ai, d_ai, sizeof ai, cudaMemcpyDeviceToHost));
        bool ok_sat = true, ok_bits = true;
        for (int k = 0; k < n; ++k) {
            float v = xs[k];
            float e = std::isnan(v) ? 0.0f : (v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v));
            if (!(sat[k] == e) || std::signbit(sat[k])) ok_sat = false;
            unsigned xb;
            memcpy(&xb, &v, 4);
            if (!std::isnan(v) && (au[k] != xb || (unsigned)ai[k] != xb)) ok_bits = false;
            if (rt[k] != bits[k]) ok_bits = false;
            unsigned fb;
            memcpy(&fb, &fi[k], 4);
            if (fb != bits[k]) ok_bits = false;
        }
        verdict("__saturatef (NaN -> 0)", ok_sat);
        verdict("__float_as_int/__int_as_float/__float_as_uint/__uint_as_float bit patterns", ok_bits);
        CHECK(cudaFree(d_x));
        CHECK(cudaFree(d_sat));
        CHECK(cudaFree(d_fi));
        CHECK(cudaFree(d_bits));
        CHECK(cudaFree(d_rt));
        CHECK(cudaFree(d_au));
        CHECK(cudaFree(d_ai));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

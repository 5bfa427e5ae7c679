// __half and __half2 (cuda_fp16.h): float->half conversions in all four
// rounding modes (subnormals, overflow), half->float for all 65536 bit
// patterns, arithmetic (__hadd/__hsub/__hmul/__hdiv/__hfma/__hneg/__habs and
// operators; round-to-nearest-even, checked bit for bit), half2 arithmetic,
// comparisons (ordered and unordered), __hmax/__hmin, __hisnan/__hisinf,
// integer conversions, and atomicAdd on __half and __half2 with exact sums.
#include <cuda_runtime.h>
#include <cuda_fp16.h>
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

__device__ inline __half hb(unsigned short b) { return __ushort_as_half(b); }
__device__ inline unsigned short bh(__half h) { return __half_as_ushort(h); }

__global__ void k_from_float(const float *x, ushort4 *o, unsigned short *o_default, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    o[i] = make_ushort4(bh(__float2half_rn(v)), bh(__float2half_rz(v)), bh(__float2half_ru(v)),
                        bh(__float2half_rd(v)));
    o_default[i] = bh(__float2half(v));
}

__global__ void k_to_float(float *o) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;  // 65536 threads
    o[i] = __half2float(hb((unsigned short)i));
}

struct Arith {
    unsigned short add, sub, mul, div, fma, neg, abs, op_add, op_mul, op_div, hmax, hmin;
    unsigned cmp;  // bit flags
};

__global__ void k_arith(const ushort4 *in, Arith *o, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    __half a = hb(in[i].x), b = hb(in[i].y), c = hb(in[i].z);
    Arith r;
    r.add = bh(__hadd(a, b));
    r.sub = bh(__hsub(a, b));
    r.mul = bh(__hmul(a, b));
    r.div = bh(__hdiv(a, b));
    r.fma = bh(__hfma(a, b, c));
    r.neg = bh(__hneg(a));
    r.abs = bh(__habs(a));
    r.op_add = bh(a + b);
    r.op_mul = bh(a * b);
    r.op_div = bh(a / b);
    r.hmax = bh(__hmax(a, b));
    r.hmin = bh(__hmin(a, b));
    unsigned f = 0;
    f |= (unsigned)__heq(a, b) << 0;
    f |= (unsigned)__hne(a, b) << 1;
    f |= (unsigned)__hlt(a, b) << 2;
    f |= (unsigned)__hle(a, b) << 3;
    f |= (unsigned)__hgt(a, b) << 4;
    f |= (unsigned)__hge(a, b) << 5;
    f |= (unsigned)__hequ(a, b) << 6;
    f |= (unsigned)__hneu(a, b) << 7;
    f |= (unsigned)__hltu(a, b) << 8;
    f |= (unsigned)__hgtu(a, b) << 9;
    f |= (unsigned)(a < b) << 10;
    f |= (unsigned)(a == b) << 11;
    f |= (unsigned)__hisnan(a) << 12;
    f |= (unsigned)(__hisinf(a) + 1) << 13;  // -1, 0, 1 -> 0, 1, 2 (two bits)
    r.cmp = f;
    o[i] = r;
}

__global__ void k_half2(const ushort4 *in, ushort4 *o_add, ushort4 *o_mulfma, float4 *o_f,
                        ushort2 *o_swap, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    __half2 a = __halves2half2(hb(in[i].x), hb(in[i].y));
    __half2 b = __halves2half2(hb(in[i].z), hb(in[i].w));
    __half2 s = __hadd2(a, b), d = __hsub2(a, b), m = __hmul2(a, b), f = __hfma2(a, b, a);
    o_add[i] = make_ushort4(bh(__low2half(s)), bh(__high2half(s)), bh(__low2half(d)), bh(__high2half(d)));
    o_mulfma[i] = make_ushort4(bh(__low2half(m)), bh(__high2half(m)), bh(__low2half(f)), bh(__high2half(f)));
    float2 fa = __half22float2(a), fb = __half22float2(b);
    o_f[i] = make_float4(fa.x, fa.y, fb.x, fb.y);
    __half2 sw = __lowhigh2highlow(a);
    o_swap[i] = make_ushort2(bh(__low2half(sw)), bh(__high2half(sw)));
}

__global__ void k_float2_to_half2(const float2 *in, ushort4 *o, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    __half2 h = __floats2half2_rn(in[i].x, in[i].y);
    __half2 g = __float22half2_rn(in[i]);
    o[i] = make_ushort4(bh(__low2half(h)), bh(__high2half(h)), bh(__low2half(g)), bh(__high2half(g)));
}

struct IntConv {
    int rn, rz, ru, rd;
    short s_rz;
    unsigned short us_rn;
    unsigned short from_int, from_short, from_uint;
};

__global__ void k_int(const unsigned short *hin, const int *iin, IntConv *o, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    __half h = hb(hin[i]);
    IntConv r;
    r.rn = __half2int_rn(h);
    r.rz = __half2int_rz(h);
    r.ru = __half2int_ru(h);
    r.rd = __half2int_rd(h);
    r.s_rz = __half2short_rz(h);
    r.us_rn = __half2ushort_rn(__habs(h));
    r.from_int = bh(__int2half_rn(iin[i]));
    r.from_short = bh(__short2half_rn((short)(iin[i] % 30000)));
    r.from_uint = bh(__uint2half_rn((unsigned)(iin[i] < 0 ? -iin[i] : iin[i])));
    o[i] = r;
}

__global__ void k_atomics(__half2 *h2, __half *h1) {
    atomicAdd(h2, __halves2half2(__float2half(1.0f), __float2half(0.5f)));
    atomicAdd(h1, __float2half(0.25f));
}

// ---------------------------------------------------------------- host side
// Round a double to binary16 (mode 0 rn, 1 rz, 2 ru, 3 rd); NaN -> 0x7fff.
static unsigned short to_half(double v, int mode) {
    if (std::isnan(v)) return 0x7fff;
    unsigned short sign = std::signbit(v) ? 0x8000 : 0;
    double a = fabs(v);
    int m = mode;
    if (sign && m >= 2) m = 5 - m;  // 2: magnitude up, 3: magnitude down
    if (std::isinf(a)) return sign | 0x7c00;
    if (a == 0.0) return sign;
    int e;
    frexp(a, &e);
    int eu = e - 1;
    if (eu < -14) eu = -14;
    double q = ldexp(1.0, eu - 10);
    double t = a / q, fl = floor(t), fr = t - fl;
    bool up = false;
    if (m == 0) up = fr > 0.5 || (fr == 0.5 && fmod(fl, 2.0) == 1.0);
    else if (m == 2) up = fr > 0.0;
    double r = (fl + (up ? 1.0 : 0.0)) * q;
    if (r > 65504.0) return (m == 0 || m == 2) ? (sign | 0x7c00) : (sign | 0x7bff);
    if (r == 0.0) return sign;
    frexp(r, &e);
    eu = e - 1;
    if (eu < -14) return sign | (unsigned short)(r / ldexp(1.0, -24));
    return sign | (unsigned short)((eu + 15) << 10) | (unsigned short)(r / ldexp(1.0, eu - 10) - 1024.0);
}

static double from_half(unsigned short h) {
    int s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
    double v;
    if (e == 0) v = ldexp((double)m, -24);
    else if (e == 31) v = m ? NAN : INFINITY;
    else v = ldexp((double)(m + 1024), e - 25);
    return s ? -v : v;
}

static bool same_half(unsigned short a, unsigned short b) {
    bool na = (a & 0x7c00) == 0x7c00 && (a & 0x3ff), nb = (b & 0x7c00) == 0x7c00 && (b & 0x3ff);
    if (na || nb) return na && nb;
    return a == b;
}

static unsigned short hmax_ref(unsigned short a, unsigned short b, bool is_max) {
    double x = from_half(a), y = from_half(b);
    if (std::isnan(x) && std::isnan(y)) return 0x7fff;
    if (std::isnan(x)) return b;
    if (std::isnan(y)) return a;
    if (x == 0.0 && y == 0.0) {  // +0 > -0
        bool xneg = a & 0x8000;
        if (is_max) return xneg ? b : a;
        return xneg ? a : b;
    }
    if (is_max) return x >= y ? a : b;
    return x <= y ? a : b;
}

struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
    unsigned next() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return (unsigned)(s >> 32);
    }
    double u() { return (double)(next() >> 8) / 16777216.0; }
};

// random half: mostly finite values of every magnitude, some specials
static unsigned short rand_half(Rng &r, bool allow_special) {
    unsigned short h = (unsigned short)(r.next() & 0xffff);
    if (!allow_special) {
        while ((h & 0x7c00) == 0x7c00) h = (unsigned short)(r.next() & 0xffff);
    }
    return h;
}

int main() {
    // ---- float -> half
    {
        const int n = 8192;
        std::vector<float> x(n);
        Rng r(1);
        for (int i = 0; i < n; ++i) {
            double mag = ldexp(1.0 + r.u(), (int)(r.u() * 50.0) - 30);  // 2^-30 .. 2^20
            x[i] = (float)((r.next() & 1) ? -mag : mag);
        }
        const float sp[] = {0.0f, -0.0f, 1.0f, 65504.0f, 65519.0f, 65520.0f, 70000.0f, -70000.0f,
                            5.9604645e-8f, 2.9802322e-8f, 2.9802326e-8f, 6.1035156e-5f,
                            1.0e-10f, INFINITY, -INFINITY, 0.33333334f, 2049.0f, 2051.0f};
        for (int i = 0; i < 18; ++i) x[i] = sp[i];
        x[18] = NAN;
        float *d_x;
        ushort4 *d_o;
        unsigned short *d_od;
        CHECK(cudaMalloc(&d_x, n * sizeof(float)));
        CHECK(cudaMalloc(&d_o, n * sizeof(ushort4)));
        CHECK(cudaMalloc(&d_od, n * sizeof(unsigned short)));
        CHECK(cudaMemcpy(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));
        k_from_float<<<n / 128, 128>>>(d_x, d_o, d_od, n);
        CHECK(cudaGetLastError());
        std::vector<ushort4> o(n);
        std::vector<unsigned short> od(n);
        CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(ushort4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(od.data(), d_od, n * sizeof(unsigned short), cudaMemcpyDeviceToHost));
        bool ok[4] = {true, true, true, true}, ok_def = true;
        for (int i = 0; i < n; ++i) {
            const unsigned short *g = &o[i].x;
            for (int m = 0; m < 4; ++m)
                if (!same_half(g[m], to_half(x[i], m))) ok[m] = false;
            if (!same_half(od[i], to_half(x[i], 0))) ok_def = false;
        }
        verdict("__float2half_rn", ok[0]);
        verdict("__float2half_rz", ok[1]);
        verdict("__float2half_ru", ok[2]);
        verdict("__float2half_rd", ok[3]);
        verdict("__float2half (round to nearest even)", ok_def);
        CHECK(cudaFree(d_x));
        CHECK(cudaFree(d_o));
        CHECK(cudaFree(d_od));
    }
    // ---- half -> float, exhaustive
    {
        float *d;
        CHECK(cudaMalloc(&d, 65536 * sizeof(float)));
        k_to_float<<<256, 256>>>(d);
        CHECK(cudaGetLastError());
        std::vector<float> o(65536);
        CHECK(cudaMemcpy(o.data(), d, 65536 * sizeof(float), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int h = 0; h < 65536; ++h) {
            double e = from_half((unsigned short)h);
            if (std::isnan(e)) {
                if (!std::isnan(o[h])) ok = false;
            } else {
                float ef = (float)e;
                if (memcmp(&ef, &o[h], 4) != 0) ok = false;
            }
        }
        verdict("__half2float all 65536 patterns", ok);
        CHECK(cudaFree(d));
    }
    // ---- arithmetic and comparisons
    {
        const int n = 16384;
        std::vector<ushort4> in(n);
        Rng r(2);
        for (int i = 0; i < n; ++i) {
            in[i].x = rand_half(r, i % 16 == 3);
            in[i].y = rand_half(r, i % 16 == 1);
            // fma: a and b of magnitude >= 2^-7 so that a*b+c is exact in double
            if (i % 2 == 0) {
                while ((in[i].x & 0x7c00) < (8u << 10) || (in[i].x & 0x7c00) == 0x7c00) in[i].x = rand_half(r, false);
                while ((in[i].y & 0x7c00) < (8u << 10) || (in[i].y & 0x7c00) == 0x7c00) in[i].y = rand_half(r, false);
            }
            in[i].z = rand_half(r, false);
            in[i].w = rand_half(r, false);
            if (i % 7 == 0) in[i].y = in[i].x;  // equal operands
            if (i % 11 == 0) in[i].y = (unsigned short)(in[i].x ^ 0x8000);
        }
        ushort4 *d_in;
        Arith *d_o;
        CHECK(cudaMalloc(&d_in, n * sizeof(ushort4)));
        CHECK(cudaMalloc(&d_o, n * sizeof(Arith)));
        CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(ushort4), cudaMemcpyHostToDevice));
        k_arith<<<n / 128, 128>>>(d_in, d_o, n);
        CHECK(cudaGetLastError());
        std::vector<Arith> o(n);
        CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(Arith), cudaMemcpyDeviceToHost));
        bool ok_add = true, ok_sub = true, ok_mul = true, ok_div = true, ok_fma = true,
             ok_negabs = true, ok_ops = true, ok_max = true, ok_cmp = true;
        for (int i = 0; i < n; ++i) {
            unsigned short ha = in[i].x, hbb = in[i].y, hc = in[i].z;
            double a = from_half(ha), b = from_half(hbb), c = from_half(hc);
            const Arith &g = o[i];
            if (!same_half(g.add, to_half(a + b, 0))) ok_add = false;
            if (!same_half(g.sub, to_half(a - b, 0))) ok_sub = false;
            if (!same_half(g.mul, to_half(a * b, 0))) ok_mul = false;
            if (!same_half(g.div, to_half(a / b, 0))) ok_div = false;
            bool fma_exact = (i % 2 == 0);
            if (fma_exact && !same_half(g.fma, to_half(a * b + c, 0))) ok_fma = false;
            if (!same_half(g.neg, (unsigned short)(ha ^ 0x8000)) ||
                !same_half(g.abs, (unsigned short)(ha & 0x7fff)))
                ok_negabs = false;
            if (g.op_add != g.add || g.op_mul != g.mul || !same_half(g.op_div, g.div)) ok_ops = false;
            if (!same_half(g.hmax, hmax_ref(ha, hbb, true)) || !same_half(g.hmin, hmax_ref(ha, hbb, false)))
                ok_max = false;
            bool un = std::isnan(a) || std::isnan(b);
            unsigned f = 0;
            f |= (unsigned)(!un && a == b) << 0;
            f |= (unsigned)(!un && a != b) << 1;
            f |= (unsigned)(!un && a < b) << 2;
            f |= (unsigned)(!un && a <= b) << 3;
            f |= (unsigned)(!un && a > b) << 4;
            f |= (unsigned)(!un && a >= b) << 5;
            f |= (unsigned)(un || a == b) << 6;
            f |= (unsigned)(un || a != b) << 7;
            f |= (unsigned)(un || a < b) << 8;
            f |= (unsigned)(un || a > b) << 9;
            f |= (unsigned)(!un && a < b) << 10;
            f |= (unsigned)(!un && a == b) << 11;
            f |= (unsigned)std::isnan(a) << 12;
            f |= (unsigned)(std::isinf(a) ? (a > 0 ? 2 : 0) : 1) << 13;
            if (g.cmp != f) ok_cmp = false;
        }
        verdict("__hadd (rn, bit exact)", ok_add);
        verdict("__hsub (rn, bit exact)", ok_sub);
        verdict("__hmul (rn, bit exact)", ok_mul);
        verdict("__hdiv (rn, bit exact)", ok_div);
        verdict("__hfma (rn, bit exact)", ok_fma);
        verdict("__hneg/__habs", ok_negabs);
        verdict("operators + * / match intrinsics", ok_ops);
        verdict("__hmax/__hmin (NaN and signed zero rules)", ok_max);
        verdict("comparisons ordered/unordered, __hisnan, __hisinf", ok_cmp);

        // half2 on the same data
        ushort4 *d_a2, *d_m2;
        float4 *d_f;
        ushort2 *d_sw;
        CHECK(cudaMalloc(&d_a2, n * sizeof(ushort4)));
        CHECK(cudaMalloc(&d_m2, n * sizeof(ushort4)));
        CHECK(cudaMalloc(&d_f, n * sizeof(float4)));
        CHECK(cudaMalloc(&d_sw, n * sizeof(ushort2)));
        k_half2<<<n / 128, 128>>>(d_in, d_a2, d_m2, d_f, d_sw, n);
        CHECK(cudaGetLastError());
        std::vector<ushort4> a2(n), m2(n);
        std::vector<float4> f4(n);
        std::vector<ushort2> sw(n);
        CHECK(cudaMemcpy(a2.data(), d_a2, n * sizeof(ushort4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(m2.data(), d_m2, n * sizeof(ushort4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(f4.data(), d_f, n * sizeof(float4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(sw.data(), d_sw, n * sizeof(ushort2), cudaMemcpyDeviceToHost));
        bool ok2 = true, okf = true, oksw = true;
        for (int i = 0; i < n; ++i) {
            double lo_a = from_half(in[i].x), hi_a = from_half(in[i].y);
            double lo_b = from_half(in[i].z), hi_b = from_half(in[i].w);
            if (!same_half(a2[i].x, to_half(lo_a + lo_b, 0)) || !same_half(a2[i].y, to_half(hi_a + hi_b, 0)) ||
                !same_half(a2[i].z, to_half(lo_a - lo_b, 0)) || !same_half(a2[i].w, to_half(hi_a - hi_b, 0)) ||
                !same_half(m2[i].x, to_half(lo_a * lo_b, 0)) || !same_half(m2[i].y, to_half(hi_a * hi_b, 0)))
                ok2 = false;
            // __hfma2(a, b, a): exact in double when the products are not tiny
            if (i % 2 == 0 && (in[i].z & 0x7c00) >= (8u << 10) && (in[i].w & 0x7c00) >= (8u << 10) &&
                (!same_half(m2[i].z, to_half(lo_a * lo_b + lo_a, 0)) ||
                 !same_half(m2[i].w, to_half(hi_a * hi_b + hi_a, 0))))
                ok2 = false;
            const float *fv = &f4[i].x;
            const unsigned short hv[4] = {in[i].x, in[i].y, in[i].z, in[i].w};
            for (int k = 0; k < 4; ++k) {
                double e = from_half(hv[k]);
                if (std::isnan(e) ? !std::isnan(fv[k]) : (fv[k] != (float)e)) okf = false;
            }
            if (sw[i].x != in[i].y || sw[i].y != in[i].x) oksw = false;
        }
        verdict("__hadd2/__hsub2/__hmul2/__hfma2 per lane", ok2);
        verdict("__half22float2", okf);
        verdict("__lowhigh2highlow/__halves2half2/__low2half/__high2half", oksw);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_o));
        CHECK(cudaFree(d_a2));
        CHECK(cudaFree(d_m2));
        CHECK(cudaFree(d_f));
        CHECK(cudaFree(d_sw));
    }
    // ---- float2 -> half2
    {
        const int n = 1024;
        std::vector<float2> in(n);
        Rng r(3);
        for (int i = 0; i < n; ++i)
            in[i] = make_float2((float)ldexp(r.u() - 0.5, (int)(r.u() * 30) - 10),
                                (float)ldexp(r.u() - 0.5, (int)(r.u() * 30) - 20));
        float2 *d_in;
        ushort4 *d_o;
        CHECK(cudaMalloc(&d_in, n * sizeof(float2)));
        CHECK(cudaMalloc(&d_o, n * sizeof(ushort4)));
        CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(float2), cudaMemcpyHostToDevice));
        k_float2_to_half2<<<n / 128, 128>>>(d_in, d_o, n);
        CHECK(cudaGetLastError());
        std::vector<ushort4> o(n);
        CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(ushort4), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int i = 0; i < n; ++i)
            if (o[i].x != to_half(in[i].x, 0) || o[i].y != to_half(in[i].y, 0) ||
                o[i].z != o[i].x || o[i].w != o[i].y)
                ok = false;
        verdict("__floats2half2_rn/__float22half2_rn", ok);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_o));
    }
    // ---- integer conversions
    {
        const int n = 4096;
        std::vector<unsigned short> hin(n);
        std::vector<int> iin(n);
        Rng r(4);
        for (int i = 0; i < n; ++i) {
            // finite halves with |h| < 32768 so every integer result is in range
            unsigned short h;
            do {
                h = (unsigned short)(r.next() & 0xffff);
            } while ((h & 0x7c00) >= (30u << 10));
            hin[i] = h;
            iin[i] = (int)(r.next() % 200001) - 100000;
        }
        hin[0] = 0x3800;  // 0.5
        hin[1] = 0x3e00;  // 1.5
        hin[2] = 0x4100;  // 2.5
        hin[3] = 0xb800;  // -0.5
        iin[0] = 2049;    // halfway between 2048 and 2050
        iin[1] = 2051;
        iin[2] = 65520;   // rounds to infinity
        iin[3] = -65519;
        unsigned short *d_h;
        int *d_i;
        IntConv *d_o;
        CHECK(cudaMalloc(&d_h, n * sizeof(unsigned short)));
        CHECK(cudaMalloc(&d_i, n * sizeof(int)));
        CHECK(cudaMalloc(&d_o, n * sizeof(IntConv)));
        CHECK(cudaMemcpy(d_h, hin.data(), n * sizeof(unsigned short), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_i, iin.data(), n * sizeof(int), cudaMemcpyHostToDevice));
        k_int<<<n / 128, 128>>>(d_h, d_i, d_o, n);
        CHECK(cudaGetLastError());
        std::vector<IntConv> o(n);
        CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(IntConv), cudaMemcpyDeviceToHost));
        bool ok_h2i = true, ok_i2h = true;
        for (int i = 0; i < n; ++i) {
            double v = from_half(hin[i]);
            if (o[i].rn != (int)nearbyint(v) || o[i].rz != (int)trunc(v) || o[i].ru != (int)ceil(v) ||
                o[i].rd != (int)floor(v) || o[i].s_rz != (short)trunc(v) ||
                o[i].us_rn != (unsigned short)nearbyint(fabs(v)))
                ok_h2i = false;
            if (o[i].from_int != to_half(iin[i], 0) || o[i].from_short != to_half(iin[i] % 30000, 0) ||
                o[i].from_uint != to_half(fabs((double)iin[i]), 0))
                ok_i2h = false;
        }
        verdict("__half2int_rn/rz/ru/rd, __half2short_rz, __half2ushort_rn", ok_h2i);
        verdict("__int2half_rn, __short2half_rn, __uint2half_rn", ok_i2h);
        CHECK(cudaFree(d_h));
        CHECK(cudaFree(d_i));
        CHECK(cudaFree(d_o));
    }
    // ---- atomics with exact partial sums
    {
        __half2 *d_h2;
        __half *d_h1;
        CHECK(cudaMalloc(&d_h2, sizeof(__half2)));
        CHECK(cudaMalloc(&d_h1, sizeof(__half)));
        CHECK(cudaMemset(d_h2, 0, sizeof(__half2)));
        CHECK(cudaMemset(d_h1, 0, sizeof(__half)));
        k_atomics<<<4, 250>>>(d_h2, d_h1);  // 1000 threads
        CHECK(cudaGetLastError());
        unsigned short h2[2], h1;
        CHECK(cudaMemcpy(h2, d_h2, sizeof h2, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&h1, d_h1, sizeof h1, cudaMemcpyDeviceToHost));
        printf("atomicAdd __half2 = (%g, %g), __half = %g\n", from_half(h2[0]), from_half(h2[1]),
               from_half(h1));
        verdict("atomicAdd __half2 (1000 x (1.0, 0.5))", from_half(h2[0]) == 1000.0 && from_half(h2[1]) == 500.0);
        verdict("atomicAdd __half (1000 x 0.25)", from_half(h1) == 250.0);
        CHECK(cudaFree(d_h2));
        CHECK(cudaFree(d_h1));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

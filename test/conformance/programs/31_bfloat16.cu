// __nv_bfloat16 and __nv_bfloat162 (cuda_bf16.h): float->bf16 conversions in
// all four rounding modes, bf16->float for all 65536 bit patterns, arithmetic
// (__hadd/__hsub/__hmul/__hdiv/__hfma/__hneg/__habs, round-to-nearest-even,
// bit exact), bf162 arithmetic, comparisons, __hmax/__hmin, integer
// conversions and atomicAdd on __nv_bfloat16/__nv_bfloat162 with exact sums.
#include <cuda_runtime.h>
#include <cuda_bf16.h>
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

typedef __nv_bfloat16 bf16;
typedef __nv_bfloat162 bf162;

__device__ inline bf16 hb(unsigned short b) { return __ushort_as_bfloat16(b); }
__device__ inline unsigned short bh(bf16 h) { return __bfloat16_as_ushort(h); }

__global__ void k_from_float(const float *x, ushort4 *o, unsigned short *o_default, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    o[i] = make_ushort4(bh(__float2bfloat16_rn(v)), bh(__float2bfloat16_rz(v)),
                        bh(__float2bfloat16_ru(v)), bh(__float2bfloat16_rd(v)));
    o_default[i] = bh(__float2bfloat16(v));
}

__global__ void k_to_float(float *o) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    o[i] = __bfloat162float(hb((unsigned short)i));
}

struct Arith {
    unsigned short add, sub, mul, div, fma, neg, abs, op_add, op_mul, hmax, hmin;
    unsigned short pad;
    unsigned cmp;
};

__global__ void k_arith(const ushort4 *in, Arith *o, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    bf16 a = hb(in[i].x), b = hb(in[i].y), c = hb(in[i].z);
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
    r.hmax = bh(__hmax(a, b));
    r.hmin = bh(__hmin(a, b));
    r.pad = 0;
    unsigned f = 0;
    f |= (unsigned)__heq(a, b) << 0;
    f |= (unsigned)__hne(a, b) << 1;
    f |= (unsigned)__hlt(a, b) << 2;
    f |= (unsigned)__hle(a, b) << 3;
    f |= (unsigned)__hgt(a, b) << 4;
    f |= (unsigned)__hge(a, b) << 5;
    f |= (unsigned)__hequ(a, b) << 6;
    f |= (unsigned)__hneu(a, b) << 7;
    f |= (unsigned)__hisnan(a) << 8;
    f |= (unsigned)(__hisinf(a) + 1) << 9;
    r.cmp = f;
    o[i] = r;
}

__global__ void k_bf162(const ushort4 *in, ushort4 *o_as, ushort2 *o_m, float4 *o_f, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    bf162 a = __halves2bfloat162(hb(in[i].x), hb(in[i].y));
    bf162 b = __halves2bfloat162(hb(in[i].z), hb(in[i].w));
    bf162 s = __hadd2(a, b), d = __hsub2(a, b), m = __hmul2(a, b);
    o_as[i] = make_ushort4(bh(__low2bfloat16(s)), bh(__high2bfloat16(s)), bh(__low2bfloat16(d)),
                           bh(__high2bfloat16(d)));
    o_m[i] = make_ushort2(bh(__low2bfloat16(m)), bh(__high2bfloat16(m)));
    float2 fa = __bfloat1622float2(a), fb = __bfloat1622float2(b);
    o_f[i] = make_float4(fa.x, fa.y, fb.x, fb.y);
}

__global__ void k_int(const unsigned short *hin, const int *iin, int4 *o, unsigned short *o_from,
                      int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    bf16 h = hb(hin[i]);
    o[i] = make_int4(__bfloat162int_rn(h), __bfloat162int_rz(h), __bfloat162int_ru(h),
                     __bfloat162int_rd(h));
    o_from[i] = bh(__int2bfloat16_rn(iin[i]));
}

__global__ void k_atomics(bf162 *h2, bf16 *h1) {
    atomicAdd(h2, __halves2bfloat162(__float2bfloat16(1.0f), __float2bfloat16(0.5f)));
    atomicAdd(h1, __float2bfloat16(0.25f));
}

// ---------------------------------------------------------------- host side
static const double BF16_MAX = 3.3895313892515355e38;  // (2 - 2^-7) * 2^127

static unsigned short to_bf16(double v, int mode) {
    if (std::isnan(v)) return 0x7fff;
    unsigned short sign = std::signbit(v) ? 0x8000 : 0;
    double a = fabs(v);
    int m = mode;
    if (sign && m >= 2) m = 5 - m;
    if (std::isinf(a)) return sign | 0x7f80;
    if (a == 0.0) return sign;
    int e;
    frexp(a, &e);
    int eu = e - 1;
    if (eu < -126) eu = -126;
    double q = ldexp(1.0, eu - 7);
    double t = a / q, fl = floor(t), fr = t - fl;
    bool up = false;
    if (m == 0) up = fr > 0.5 || (fr == 0.5 && fmod(fl, 2.0) == 1.0);
    else if (m == 2) up = fr > 0.0;
    double r = (fl + (up ? 1.0 : 0.0)) * q;
    if (r > BF16_MAX) return (m == 0 || m == 2) ? (sign | 0x7f80) : (sign | 0x7f7f);
    if (r == 0.0) return sign;
    frexp(r, &e);
    eu = e - 1;
    if (eu < -126) return sign | (unsigned short)(r / ldexp(1.0, -133));
    return sign | (unsigned short)((eu + 127) << 7) | (unsigned short)(r / ldexp(1.0, eu - 7) - 128.0);
}

static double from_bf16(unsigned short h) {
    uint32_t b = (uint32_t)h << 16;
    float f;
    memcpy(&f, &b, 4);
    return f;
}

static bool is_nan16(unsigned short h) { return (h & 0x7f80) == 0x7f80 && (h & 0x7f); }
static bool same(unsigned short a, unsigned short b) {
    if (is_nan16(a) || is_nan16(b)) return is_nan16(a) && is_nan16(b);
    return a == b;
}

static unsigned short hmax_ref(unsigned short a, unsigned short b, bool is_max) {
    double x = from_bf16(a), y = from_bf16(b);
    if (std::isnan(x) && std::isnan(y)) return 0x7fff;
    if (std::isnan(x)) return b;
    if (std::isnan(y)) return a;
    if (x == 0.0 && y == 0.0) {
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

// bf16 with a biased exponent in [lo, hi] (1..254 are normal numbers)
static unsigned short rand_bf16(Rng &r, int lo, int hi) {
    unsigned e = lo + r.next() % (unsigned)(hi - lo + 1);
    return (unsigned short)(((r.next() & 1) << 15) | (e << 7) | (r.next() & 0x7f));
}

int main() {
    // ---- float -> bf16
    {
        const int n = 8192;
        std::vector<float> x(n);
        Rng r(1);
        for (int i = 0; i < n; ++i) {
            uint32_t bits = r.next();
            if (i % 5 == 0) bits &= 0x807fffffu;  // float subnormals
            memcpy(&x[i], &bits, 4);
            if (std::isnan(x[i])) x[i] = 1.0f;
        }
        const float sp[] = {0.0f, -0.0f, 1.0f, 3.3895314e38f, 3.4028235e38f, -3.4028235e38f,
                            1.00390625f, 1.01171875f, 1.0e-40f, 9.2e-41f, INFINITY, -INFINITY};
        for (int i = 0; i < 12; ++i) x[i] = sp[i];
        x[12] = NAN;
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
                if (!same(g[m], to_bf16(x[i], m))) ok[m] = false;
            if (!same(od[i], to_bf16(x[i], 0))) ok_def = false;
        }
        verdict("__float2bfloat16_rn", ok[0]);
        verdict("__float2bfloat16_rz", ok[1]);
        verdict("__float2bfloat16_ru", ok[2]);
        verdict("__float2bfloat16_rd", ok[3]);
        verdict("__float2bfloat16 (round to nearest even)", ok_def);
        CHECK(cudaFree(d_x));
        CHECK(cudaFree(d_o));
        CHECK(cudaFree(d_od));
    }
    // ---- bf16 -> float, exhaustive
    {
        float *d;
        CHECK(cudaMalloc(&d, 65536 * sizeof(float)));
        k_to_float<<<256, 256>>>(d);
        CHECK(cudaGetLastError());
        std::vector<float> o(65536);
        CHECK(cudaMemcpy(o.data(), d, 65536 * sizeof(float), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int h = 0; h < 65536; ++h) {
            float e = (float)from_bf16((unsigned short)h);
            if (std::isnan(e) ? !std::isnan(o[h]) : memcmp(&e, &o[h], 4) != 0) ok = false;
        }
        verdict("__bfloat162float all 65536 patterns", ok);
        CHECK(cudaFree(d));
    }
    // ---- arithmetic
    {
        const int n = 16384;
        std::vector<ushort4> in(n);
        Rng r(2);
        for (int i = 0; i < n; ++i) {
            // exponents within 2^-8..2^8: a*b+c is exact in double, a/b is normal
            in[i].x = rand_bf16(r, 119, 135);
            in[i].y = rand_bf16(r, 119, 135);
            in[i].z = rand_bf16(r, 119, 135);
            in[i].w = rand_bf16(r, 1, 254);
            if (i % 3 == 1) {  // wide range for add/sub/mul/compare
                in[i].x = rand_bf16(r, 1, 254);
                in[i].y = rand_bf16(r, 1, 254);
            }
            if (i % 7 == 0) in[i].y = in[i].x;
            if (i % 11 == 0) in[i].y = (unsigned short)(in[i].x ^ 0x8000);
            if (i % 13 == 0) in[i].x = (i % 2) ? 0x7fc0 : 0xff80;  // NaN / -inf
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
             ok_na = true, ok_ops = true, ok_max = true, ok_cmp = true;
        for (int i = 0; i < n; ++i) {
            unsigned short ha = in[i].x, hbv = in[i].y;
            double a = from_bf16(ha), b = from_bf16(hbv), c = from_bf16(in[i].z);
            const Arith &g = o[i];
            bool narrow = (i % 3 != 1) && (i % 13 != 0);
            if (!same(g.add, to_bf16(a + b, 0))) ok_add = false;
            if (!same(g.sub, to_bf16(a - b, 0))) ok_sub = false;
            if (!same(g.mul, to_bf16(a * b, 0))) ok_mul = false;
            if (narrow && !same(g.div, to_bf16(a / b, 0))) ok_div = false;
            if (narrow && !same(g.fma, to_bf16(a * b + c, 0))) ok_fma = false;
            if (!same(g.neg, (unsigned short)(ha ^ 0x8000)) || !same(g.abs, (unsigned short)(ha & 0x7fff)))
                ok_na = false;
            if (!same(g.op_add, g.add) || !same(g.op_mul, g.mul)) ok_ops = false;
            if (!same(g.hmax, hmax_ref(ha, hbv, true)) || !same(g.hmin, hmax_ref(ha, hbv, false)))
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
            f |= (unsigned)std::isnan(a) << 8;
            f |= (unsigned)(std::isinf(a) ? (a > 0 ? 2 : 0) : 1) << 9;
            if (g.cmp != f) ok_cmp = false;
        }
        verdict("__hadd bf16 (rn, bit exact)", ok_add);
        verdict("__hsub bf16 (rn, bit exact)", ok_sub);
        verdict("__hmul bf16 (rn, bit exact)", ok_mul);
        verdict("__hdiv bf16 (rn, bit exact, normal operands)", ok_div);
        verdict("__hfma bf16 (rn, bit exact)", ok_fma);
        verdict("__hneg/__habs bf16", ok_na);
        verdict("operators + * match intrinsics", ok_ops);
        verdict("__hmax/__hmin bf16", ok_max);
        verdict("comparisons bf16, __hisnan, __hisinf", ok_cmp);

        ushort4 *d_as;
        ushort2 *d_m;
        float4 *d_f;
        CHECK(cudaMalloc(&d_as, n * sizeof(ushort4)));
        CHECK(cudaMalloc(&d_m, n * sizeof(ushort2)));
        CHECK(cudaMalloc(&d_f, n * sizeof(float4)));
        k_bf162<<<n / 128, 128>>>(d_in, d_as, d_m, d_f, n);
        CHECK(cudaGetLastError());
        std::vector<ushort4> as(n);
        std::vector<ushort2> mm(n);
        std::vector<float4> f4(n);
        CHECK(cudaMemcpy(as.data(), d_as, n * sizeof(ushort4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(mm.data(), d_m, n * sizeof(ushort2), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(f4.data(), d_f, n * sizeof(float4), cudaMemcpyDeviceToHost));
        bool ok2 = true, okf = true;
        for (int i = 0; i < n; ++i) {
            double a0 = from_bf16(in[i].x), a1 = from_bf16(in[i].y);
            double b0 = from_bf16(in[i].z), b1 = from_bf16(in[i].w);
            if (!same(as[i].x, to_bf16(a0 + b0, 0)) || !same(as[i].y, to_bf16(a1 + b1, 0)) ||
                !same(as[i].z, to_bf16(a0 - b0, 0)) || !same(as[i].w, to_bf16(a1 - b1, 0)) ||
                !same(mm[i].x, to_bf16(a0 * b0, 0)) || !same(mm[i].y, to_bf16(a1 * b1, 0)))
                ok2 = false;
            const float *fv = &f4[i].x;
            const unsigned short hv[4] = {in[i].x, in[i].y, in[i].z, in[i].w};
            for (int k = 0; k < 4; ++k) {
                float e = (float)from_bf16(hv[k]);
                if (std::isnan(e) ? !std::isnan(fv[k]) : memcmp(&e, &fv[k], 4) != 0) okf = false;
            }
        }
        verdict("__hadd2/__hsub2/__hmul2 bf162 per lane", ok2);
        verdict("__bfloat1622float2", okf);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_o));
        CHECK(cudaFree(d_as));
        CHECK(cudaFree(d_m));
        CHECK(cudaFree(d_f));
    }
    // ---- integer conversions
    {
        const int n = 4096;
        std::vector<unsigned short> hin(n);
        std::vector<int> iin(n);
        Rng r(4);
        for (int i = 0; i < n; ++i) {
            hin[i] = rand_bf16(r, 100, 156);  // |h| < 2^30: in int range
            iin[i] = (int)r.next();
            if (i % 2) iin[i] >>= (r.next() % 24);
        }
        hin[0] = 0x3f00;  // 0.5
        hin[1] = 0x3fc0;  // 1.5
        hin[2] = 0x4020;  // 2.5
        hin[3] = 0xbf00;  // -0.5
        iin[0] = 257;     // halfway between 256 and 258
        iin[1] = 259;
        iin[2] = 0x7fffffff;
        iin[3] = -0x7fffffff - 1;
        unsigned short *d_h, *d_from;
        int *d_i;
        int4 *d_o;
        CHECK(cudaMalloc(&d_h, n * sizeof(unsigned short)));
        CHECK(cudaMalloc(&d_from, n * sizeof(unsigned short)));
        CHECK(cudaMalloc(&d_i, n * sizeof(int)));
        CHECK(cudaMalloc(&d_o, n * sizeof(int4)));
        CHECK(cudaMemcpy(d_h, hin.data(), n * sizeof(unsigned short), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_i, iin.data(), n * sizeof(int), cudaMemcpyHostToDevice));
        k_int<<<n / 128, 128>>>(d_h, d_i, d_o, d_from, n);
        CHECK(cudaGetLastError());
        std::vector<int4> o(n);
        std::vector<unsigned short> from(n);
        CHECK(cudaMemcpy(o.data(), d_o, n * sizeof(int4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(from.data(), d_from, n * sizeof(unsigned short), cudaMemcpyDeviceToHost));
        bool ok_h2i = true, ok_i2h = true;
        for (int i = 0; i < n; ++i) {
            double v = from_bf16(hin[i]);
            if (o[i].x != (int)nearbyint(v) || o[i].y != (int)trunc(v) || o[i].z != (int)ceil(v) ||
                o[i].w != (int)floor(v))
                ok_h2i = false;
            if (from[i] != to_bf16((double)iin[i], 0)) ok_i2h = false;
        }
        verdict("__bfloat162int_rn/rz/ru/rd", ok_h2i);
        verdict("__int2bfloat16_rn", ok_i2h);
        CHECK(cudaFree(d_h));
        CHECK(cudaFree(d_from));
        CHECK(cudaFree(d_i));
        CHECK(cudaFree(d_o));
    }
    // ---- atomics with exact partial sums
    {
        bf162 *d_h2;
        bf16 *d_h1;
        CHECK(cudaMalloc(&d_h2, sizeof(bf162)));
        CHECK(cudaMalloc(&d_h1, sizeof(bf16)));
        CHECK(cudaMemset(d_h2, 0, sizeof(bf162)));
        CHECK(cudaMemset(d_h1, 0, sizeof(bf16)));
        k_atomics<<<2, 100>>>(d_h2, d_h1);  // 200 threads
        CHECK(cudaGetLastError());
        unsigned short h2[2], h1;
        CHECK(cudaMemcpy(h2, d_h2, sizeof h2, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(&h1, d_h1, sizeof h1, cudaMemcpyDeviceToHost));
        printf("atomicAdd __nv_bfloat162 = (%g, %g), __nv_bfloat16 = %g\n", from_bf16(h2[0]),
               from_bf16(h2[1]), from_bf16(h1));
        verdict("atomicAdd __nv_bfloat162 (200 x (1.0, 0.5))",
                from_bf16(h2[0]) == 200.0 && from_bf16(h2[1]) == 100.0);
        verdict("atomicAdd __nv_bfloat16 (200 x 0.25)", from_bf16(h1) == 50.0);
        CHECK(cudaFree(d_h2));
        CHECK(cudaFree(d_h1));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

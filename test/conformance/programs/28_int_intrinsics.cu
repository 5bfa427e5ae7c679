// Integer intrinsics against host reference implementations: __popc,
// __popcll, __clz, __clzll, __ffs, __ffsll, __brev, __brevll, __byte_perm,
// __umulhi, __mulhi, __umul64hi, __mul64hi, __mul24, __umul24, __sad, __usad,
// __funnelshift_l/lc/r/rc, __hadd, __rhadd, __uhadd, __urhadd, __dp4a,
// __dp2a_lo/hi and SIMD-in-a-word intrinsics (__vadd2, __vsub2, __vadd4,
// __vsub4, __vabsdiffu4, __vmaxu4, __vminu4, __vmaxs2, __vcmpeq4,
// __vcmpgtu4, __vavgu4).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
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

#define NOPS 39
static const char *names[NOPS] = {
    "__popc", "__popcll", "__clz", "__clzll", "__ffs", "__ffsll", "__brev", "__brevll",
    "__byte_perm", "__umulhi", "__mulhi", "__umul64hi", "__mul64hi", "__mul24 (24-bit operands)",
    "__umul24", "__sad", "__usad", "__funnelshift_l", "__funnelshift_lc", "__funnelshift_r",
    "__funnelshift_rc", "__hadd", "__rhadd", "__uhadd", "__urhadd", "__dp4a (signed)",
    "__dp4a (unsigned)", "__dp2a_lo", "__dp2a_hi", "__vadd2", "__vsub2", "__vadd4", "__vsub4",
    "__vabsdiffu4", "__vmaxu4", "__vminu4", "__vmaxs2", "__vcmpeq4", "__vcmpgtu4"};
// __vavgu4 is checked separately below (index NOPS)

struct In {
    unsigned a, b, c;
    unsigned long long la, lb;
};

__global__ void eval(const In *in, unsigned long long *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    In v = in[i];
    unsigned a = v.a, b = v.b, c = v.c;
    int sa = (int)a, sb = (int)b;
    unsigned long long la = v.la, lb = v.lb;
    unsigned long long *o = out + (size_t)i * (NOPS + 1);
    o[0] = __popc(a);
    o[1] = __popcll(la);
    o[2] = __clz(sa);
    o[3] = __clzll((long long)la);
    o[4] = __ffs(sa);
    o[5] = __ffsll((long long)la);
    o[6] = __brev(a);
    o[7] = __brevll(la);
    o[8] = __byte_perm(a, b, c & 0x7777u);
    o[9] = __umulhi(a, b);
    o[10] = (unsigned)__mulhi(sa, sb);
    o[11] = __umul64hi(la, lb);
    o[12] = (unsigned long long)__mul64hi((long long)la, (long long)lb);
    int a24 = (int)(a << 8) >> 8, b24 = (int)(b << 8) >> 8;  // sign-extended 24-bit values
    o[13] = (unsigned)__mul24(a24, b24);
    o[14] = __umul24(a, b);
    o[15] = __sad(sa >> 2, sb >> 2, c);
    o[16] = __usad(a, b, c);
    o[17] = __funnelshift_l(a, b, c);
    o[18] = __funnelshift_lc(a, b, c & 63u);
    o[19] = __funnelshift_r(a, b, c);
    o[20] = __funnelshift_rc(a, b, c & 63u);
    o[21] = (unsigned)__hadd(sa, sb);
    o[22] = (unsigned)__rhadd(sa, sb);
    o[23] = __uhadd(a, b);
    o[24] = __urhadd(a, b);
    o[25] = (unsigned)__dp4a(sa, sb, (int)c);
    o[26] = __dp4a(a, b, c);
    o[27] = (unsigned)__dp2a_lo(sa, sb, (int)c);
    o[28] = (unsigned)__dp2a_hi(sa, sb, (int)c);
    o[29] = __vadd2(a, b);
    o[30] = __vsub2(a, b);
    o[31] = __vadd4(a, b);
    o[32] = __vsub4(a, b);
    o[33] = __vabsdiffu4(a, b);
    o[34] = __vmaxu4(a, b);
    o[35] = __vminu4(a, b);
    o[36] = __vmaxs2(a, b);
    o[37] = __vcmpeq4(a, b);
    o[38] = __vcmpgtu4(a, b);
    o[39] = __vavgu4(a, b);
}

// ---------------------------------------------------------------- host side
static int popc32(unsigned x) { int n = 0; while (x) { n += x & 1u; x >>= 1; } return n; }
static int popc64(unsigned long long x) { int n = 0; while (x) { n += (int)(x & 1u); x >>= 1; } return n; }
static int clz32(unsigned x) { int n = 0; for (int b = 31; b >= 0 && !((x >> b) & 1u); --b) ++n; return n; }
static int clz64(unsigned long long x) { int n = 0; for (int b = 63; b >= 0 && !((x >> b) & 1u); --b) ++n; return n; }
static int ffs32(unsigned x) { for (int b = 0; b < 32; ++b) if ((x >> b) & 1u) return b + 1; return 0; }
static int ffs64(unsigned long long x) { for (int b = 0; b < 64; ++b) if ((x >> b) & 1u) return b + 1; return 0; }
static unsigned brev32(unsigned x) { unsigned r = 0; for (int b = 0; b < 32; ++b) if ((x >> b) & 1u) r |= 1u << (31 - b); return r; }
static unsigned long long brev64(unsigned long long x) {
    unsigned long long r = 0;
    for (int b = 0; b < 64; ++b) if ((x >> b) & 1u) r |= 1ull << (63 - b);
    return r;
}
static unsigned byte_perm(unsigned x, unsigned y, unsigned s) {
    unsigned long long bytes = ((unsigned long long)y << 32) | x;
    unsigned r = 0;
    for (int k = 0; k < 4; ++k) {
        unsigned sel = (s >> (4 * k)) & 7u;
        r |= (unsigned)((bytes >> (8 * sel)) & 0xffu) << (8 * k);
    }
    return r;
}
static unsigned lane16(unsigned x, int k) { return (x >> (16 * k)) & 0xffffu; }
static unsigned lane8(unsigned x, int k) { return (x >> (8 * k)) & 0xffu; }

static unsigned long long host_op(int op, const In &v) {
    unsigned a = v.a, b = v.b, c = v.c;
    int sa = (int)a, sb = (int)b;
    unsigned long long la = v.la, lb = v.lb;
    switch (op) {
    case 0: return popc32(a);
    case 1: return popc64(la);
    case 2: return clz32(a);
    case 3: return clz64(la);
    case 4: return ffs32(a);
    case 5: return ffs64(la);
    case 6: return brev32(a);
    case 7: return brev64(la);
    case 8: return byte_perm(a, b, c & 0x7777u);
    case 9: return (unsigned)(((unsigned long long)a * b) >> 32);
    case 10: return (unsigned)(int)(((long long)sa * sb) >> 32);
    case 11: return (unsigned long long)(((unsigned __int128)la * lb) >> 64);
    case 12: return (unsigned long long)(long long)(((__int128)(long long)la * (long long)lb) >> 64);
    case 13: {
        int a24 = (int)(a << 8) >> 8, b24 = (int)(b << 8) >> 8;
        return (unsigned)(int)((long long)a24 * b24);
    }
    case 14: return (unsigned)((unsigned long long)(a & 0xffffffu) * (b & 0xffffffu));
    case 15: {
        int x = sa >> 2, y = sb >> 2;
        unsigned d = x > y ? (unsigned)(x - y) : (unsigned)(y - x);
        return (unsigned)(d + c);
    }
    case 16: return (unsigned)((a > b ? a - b : b - a) + c);
    case 17: {
        unsigned long long hl = ((unsigned long long)b << 32) | a;
        return (unsigned)((hl << (c & 31u)) >> 32);
    }
    case 18: {
        unsigned s = (c & 63u) > 32u ? 32u : (c & 63u);
        unsigned long long hl = ((unsigned long long)b << 32) | a;
        return (unsigned)((hl << s) >> 32);
    }
    case 19: {
        unsigned long long hl = ((unsigned long long)b << 32) | a;
        return (unsigned)(hl >> (c & 31u));
    }
    case 20: {
        unsigned s = (c & 63u) > 32u ? 32u : (c & 63u);
        unsigned long long hl = ((unsigned long long)b << 32) | a;
        return (unsigned)(hl >> s);
    }
    case 21: return (unsigned)(int)(((long long)sa + sb) >> 1);
    case 22: return (unsigned)(int)(((long long)sa + sb + 1) >> 1);
    case 23: return (unsigned)(((unsigned long long)a + b) >> 1);
    case 24: return (unsigned)(((unsigned long long)a + b + 1) >> 1);
    case 25: {
        unsigned s = c;  // wraps modulo 2^32 like the hardware
        for (int k = 0; k < 4; ++k)
            s += (unsigned)((int)(signed char)lane8(a, k) * (int)(signed char)lane8(b, k));
        return s;
    }
    case 26: {
        unsigned s = c;
        for (int k = 0; k < 4; ++k) s += lane8(a, k) * lane8(b, k);
        return s;
    }
    case 27: case 28: {
        unsigned s = c;
        int base = op == 27 ? 0 : 2;
        for (int k = 0; k < 2; ++k)
            s += (unsigned)((int)(short)lane16(a, k) * (int)(signed char)lane8(b, base + k));
        return s;
    }
    case 29: case 30: {
        unsigned r = 0;
        for (int k = 0; k < 2; ++k) {
            unsigned x = op == 29 ? lane16(a, k) + lane16(b, k) : lane16(a, k) - lane16(b, k);
            r |= (x & 0xffffu) << (16 * k);
        }
        return r;
    }
    case 31: case 32: case 33: case 34: case 35: case 37: case 38: {
        unsigned r = 0;
        for (int k = 0; k < 4; ++k) {
            unsigned x = lane8(a, k), y = lane8(b, k), z = 0;
            switch (op) {
            case 31: z = x + y; break;
            case 32: z = x - y; break;
            case 33: z = x > y ? x - y : y - x; break;
            case 34: z = x > y ? x : y; break;
            case 35: z = x < y ? x : y; break;
            case 37: z = x == y ? 0xffu : 0u; break;
            case 38: z = x > y ? 0xffu : 0u; break;
            }
            r |= (z & 0xffu) << (8 * k);
        }
        return r;
    }
    case 36: {
        unsigned r = 0;
        for (int k = 0; k < 2; ++k) {
            short x = (short)lane16(a, k), y = (short)lane16(b, k);
            r |= ((unsigned)(unsigned short)(x > y ? x : y)) << (16 * k);
        }
        return r;
    }
    case 39: {  // per-byte unsigned average, rounded up
        unsigned r = 0;
        for (int k = 0; k < 4; ++k) r |= ((lane8(a, k) + lane8(b, k) + 1) >> 1) << (8 * k);
        return r;
    }
    }
    return 0;
}

int main() {
    const int N = 4096;
    std::vector<In> in(N);
    uint64_t s = 12345;
    auto next = [&s]() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return (unsigned)(s >> 32);
    };
    for (int i = 0; i < N; ++i) {
        In &v = in[i];
        v.a = next();
        v.b = next();
        v.c = next();
        v.la = ((unsigned long long)next() << 32) | next();
        v.lb = ((unsigned long long)next() << 32) | next();
        switch (i % 8) {  // edge patterns
        case 1: v.a = 0; v.la = 0; break;
        case 2: v.a = 0xffffffffu; v.la = ~0ull; v.b = 0xffffffffu; break;
        case 3: v.a >>= (v.c & 31u); v.la >>= (v.c & 63u); break;
        case 4: v.a = 0x80000000u; v.b = 0x80000000u; v.la = 1ull << 63; v.lb = 1ull << 63; break;
        case 5: v.b = v.a ^ 0x00ff00ffu; break;
        case 6: v.c &= 0x3fu; break;
        default: break;
        }
    }
    In *d_in;
    unsigned long long *d_out;
    CHECK(cudaMalloc(&d_in, N * sizeof(In)));
    CHECK(cudaMalloc(&d_out, (size_t)N * (NOPS + 1) * sizeof(unsigned long long)));
    CHECK(cudaMemcpy(d_in, in.data(), N * sizeof(In), cudaMemcpyHostToDevice));
    eval<<<(N + 127) / 128, 128>>>(d_in, d_out, N);
    CHECK(cudaGetLastError());
    std::vector<unsigned long long> out((size_t)N * (NOPS + 1));
    CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(unsigned long long), cudaMemcpyDeviceToHost));
    bool all_ok = true;
    for (int op = 0; op <= NOPS; ++op) {
        int bad = -1;
        for (int i = 0; i < N && bad < 0; ++i)
            if (out[(size_t)i * (NOPS + 1) + op] != host_op(op, in[i])) bad = i;
        const char *name = op < NOPS ? names[op] : "__vavgu4";
        if (bad < 0) {
            printf("%s: PASS\n", name);
        } else {
            printf("%s: FAIL (a=0x%08x b=0x%08x c=0x%08x la=0x%016llx lb=0x%016llx got 0x%llx want 0x%llx)\n",
                   name, in[bad].a, in[bad].b, in[bad].c, in[bad].la, in[bad].lb,
                   out[(size_t)bad * (NOPS + 1) + op], host_op(op, in[bad]));
            all_ok = false;
        }
    }
    // a few fixed values printed for reference
    printf("__popc(0xF0F0F0F0)=%d __clz(1)=%d __ffs(0x80)=%d __brev(1)=0x%08x\n",
           popc32(0xF0F0F0F0u), clz32(1u), ffs32(0x80u), brev32(1u));
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    printf("RESULT: %s\n", all_ok ? "PASS" : "FAIL");
    return 0;
}

// Built-in vector types and make_* constructors: float2/3/4, int2/3/4,
// uint2/4, uchar4, char4, short2, ushort4, longlong2; vectorised float4
// loads/stores, RGBA byte manipulation, sizes and alignments on host and
// device.
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

#define NTYPES 14
#define SIZES(X)                                                               \
    X(float2) X(float3) X(float4) X(int2) X(int3) X(int4) X(uint2) X(uint4)    \
    X(uchar4) X(char4) X(short2) X(ushort4) X(longlong2) X(uchar3)

__global__ void sizes(int *out) {
    int k = 0;
#define S(T)                                                                   \
    out[k++] = (int)sizeof(T);                                                 \
    out[k++] = (int)alignof(T);
    SIZES(S)
#undef S
}

__global__ void vec_float4(const float4 *in, float4 *out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float4 a = in[i];
        out[i] = make_float4(a.x * 2.0f, a.y + 1.0f, a.z - a.w, a.w * 0.5f);
    }
}

__global__ void vec_int(const int2 *a2, int2 *o2, const int3 *a3, const int3 *b3, int3 *o3,
                        const int4 *a4, int4 *o4, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int2 p = a2[i];
    o2[i] = make_int2(p.y, p.x);  // swap
    int3 u = a3[i], v = b3[i];    // cross product
    o3[i] = make_int3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x);
    int4 q = a4[i];
    o4[i] = make_int4(q.x + q.y, q.y - q.z, q.z * q.w, q.w ^ q.x);
}

// RGBA: grayscale (integer weights) and inversion
__global__ void rgba(const uchar4 *in, uchar4 *gray, uchar4 *inv, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    uchar4 p = in[i];
    unsigned char y = (unsigned char)((p.x * 77 + p.y * 150 + p.z * 29) >> 8);
    gray[i] = make_uchar4(y, y, y, p.w);
    inv[i] = make_uchar4(255 - p.x, 255 - p.y, 255 - p.z, p.w);
}

__global__ void misc(const char4 *c4, const short2 *s2, const ushort4 *u4, const uint2 *ui2,
                     const uint4 *ui4, const longlong2 *l2, const float2 *f2, const float3 *f3,
                     int *out_i, long long *out_l, float *out_f, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    char4 c = c4[i];
    short2 s = s2[i];
    ushort4 u = u4[i];
    uint2 a = ui2[i];
    uint4 b = ui4[i];
    longlong2 l = l2[i];
    float2 z = f2[i];
    float3 v = f3[i];
    out_i[i * 4 + 0] = c.x + c.y + c.z + c.w;
    out_i[i * 4 + 1] = s.x * s.y;
    out_i[i * 4 + 2] = u.x + u.y + u.z + u.w;
    out_i[i * 4 + 3] = (int)(a.x ^ a.y ^ b.x ^ b.y ^ b.z ^ b.w);
    out_l[i] = l.x - l.y;
    // complex multiply z*z and dot(v, v) with exactly representable values
    float2 zz = make_float2(z.x * z.x - z.y * z.y, 2.0f * z.x * z.y);
    out_f[i * 3 + 0] = zz.x;
    out_f[i * 3 + 1] = zz.y;
    out_f[i * 3 + 2] = v.x * v.x + v.y * v.y + v.z * v.z;
}

int main() {
    // sizes and alignments
    {
        int host[2 * NTYPES];
        int k = 0;
#define S(T)                                                                   \
    host[k++] = (int)sizeof(T);                                                \
    host[k++] = (int)alignof(T);
        SIZES(S)
#undef S
        int *d;
        CHECK(cudaMalloc(&d, sizeof host));
        sizes<<<1, 1>>>(d);
        CHECK(cudaGetLastError());
        int dev[2 * NTYPES];
        CHECK(cudaMemcpy(dev, d, sizeof dev, cudaMemcpyDeviceToHost));
        CHECK(cudaFree(d));
        const char *names[NTYPES] = {"float2", "float3", "float4",  "int2",   "int3",
                                     "int4",   "uint2",  "uint4",   "uchar4", "char4",
                                     "short2", "ushort4", "longlong2", "uchar3"};
        bool same = true;
        for (int t = 0; t < NTYPES; ++t) {
            printf("%s size=%d align=%d\n", names[t], host[2 * t], host[2 * t + 1]);
            if (host[2 * t] != dev[2 * t] || host[2 * t + 1] != dev[2 * t + 1]) same = false;
        }
        verdict("sizes and alignments agree on host and device", same);
    }
    const int n = 2000;
    // float4
    {
        std::vector<float4> in(n), out(n);
        for (int i = 0; i < n; ++i)
            in[i] = make_float4((float)(i % 100), (float)(i % 7) * 0.5f, (float)(i % 33),
                                (float)(i % 5) - 2.0f);
        float4 *d_in, *d_out;
        CHECK(cudaMalloc(&d_in, n * sizeof(float4)));
        CHECK(cudaMalloc(&d_out, n * sizeof(float4)));
        CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(float4), cudaMemcpyHostToDevice));
        vec_float4<<<(n + 127) / 128, 128>>>(d_in, d_out, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(float4), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int i = 0; i < n; ++i) {
            float4 a = in[i], r = out[i];
            if (r.x != a.x * 2.0f || r.y != a.y + 1.0f || r.z != a.z - a.w || r.w != a.w * 0.5f)
                ok = false;
        }
        verdict("float4 load/compute/store", ok);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_out));
    }
    // int2/int3/int4
    {
        std::vector<int2> a2(n), o2(n);
        std::vector<int3> a3(n), b3(n), o3(n);
        std::vector<int4> a4(n), o4(n);
        for (int i = 0; i < n; ++i) {
            a2[i] = make_int2(i, -i * 3);
            a3[i] = make_int3(i % 17 - 8, i % 13 - 6, i % 11 - 5);
            b3[i] = make_int3(i % 7 - 3, i % 19 - 9, i % 23 - 11);
            a4[i] = make_int4(i, i * 2 + 1, i % 99, -i);
        }
        int2 *d_a2, *d_o2;
        int3 *d_a3, *d_b3, *d_o3;
        int4 *d_a4, *d_o4;
        CHECK(cudaMalloc(&d_a2, n * sizeof(int2)));
        CHECK(cudaMalloc(&d_o2, n * sizeof(int2)));
        CHECK(cudaMalloc(&d_a3, n * sizeof(int3)));
        CHECK(cudaMalloc(&d_b3, n * sizeof(int3)));
        CHECK(cudaMalloc(&d_o3, n * sizeof(int3)));
        CHECK(cudaMalloc(&d_a4, n * sizeof(int4)));
        CHECK(cudaMalloc(&d_o4, n * sizeof(int4)));
        CHECK(cudaMemcpy(d_a2, a2.data(), n * sizeof(int2), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_a3, a3.data(), n * sizeof(int3), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_b3, b3.data(), n * sizeof(int3), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_a4, a4.data(), n * sizeof(int4), cudaMemcpyHostToDevice));
        vec_int<<<(n + 127) / 128, 128>>>(d_a2, d_o2, d_a3, d_b3, d_o3, d_a4, d_o4, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(o2.data(), d_o2, n * sizeof(int2), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(o3.data(), d_o3, n * sizeof(int3), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(o4.data(), d_o4, n * sizeof(int4), cudaMemcpyDeviceToHost));
        bool ok2 = true, ok3 = true, ok4 = true;
        for (int i = 0; i < n; ++i) {
            if (o2[i].x != a2[i].y || o2[i].y != a2[i].x) ok2 = false;
            int3 u = a3[i], v = b3[i], r = o3[i];
            if (r.x != u.y * v.z - u.z * v.y || r.y != u.z * v.x - u.x * v.z ||
                r.z != u.x * v.y - u.y * v.x)
                ok3 = false;
            int4 q = a4[i], s = o4[i];
            if (s.x != q.x + q.y || s.y != q.y - q.z || s.z != q.z * q.w || s.w != (q.w ^ q.x))
                ok4 = false;
        }
        verdict("int2 swap", ok2);
        verdict("int3 cross product (12-byte elements)", ok3);
        verdict("int4 arithmetic", ok4);
        CHECK(cudaFree(d_a2));
        CHECK(cudaFree(d_o2));
        CHECK(cudaFree(d_a3));
        CHECK(cudaFree(d_b3));
        CHECK(cudaFree(d_o3));
        CHECK(cudaFree(d_a4));
        CHECK(cudaFree(d_o4));
    }
    // uchar4 RGBA
    {
        std::vector<uchar4> in(n), gray(n), inv(n);
        for (int i = 0; i < n; ++i)
            in[i] = make_uchar4((unsigned char)(i * 7), (unsigned char)(i * 13),
                                (unsigned char)(i * 29), (unsigned char)(255 - i % 256));
        uchar4 *d_in, *d_g, *d_v;
        CHECK(cudaMalloc(&d_in, n * sizeof(uchar4)));
        CHECK(cudaMalloc(&d_g, n * sizeof(uchar4)));
        CHECK(cudaMalloc(&d_v, n * sizeof(uchar4)));
        CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(uchar4), cudaMemcpyHostToDevice));
        rgba<<<(n + 63) / 64, 64>>>(d_in, d_g, d_v, n);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(gray.data(), d_g, n * sizeof(uchar4), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(inv.data(), d_v, n * sizeof(uchar4), cudaMemcpyDeviceToHost));
        bool okg = true, oki = true;
        for (int i = 0; i < n; ++i) {
            uchar4 p = in[i];
            unsigned char y = (unsigned char)((p.x * 77 + p.y * 150 + p.z * 29) >> 8);
            if (gray[i].x != y || gray[i].y != y || gray[i].z != y || gray[i].w != p.w) okg = false;
            if (inv[i].x != 255 - p.x || inv[i].y != 255 - p.y || inv[i].z != 255 - p.z ||
                inv[i].w != p.w)
                oki = false;
        }
        verdict("uchar4 grayscale", okg);
        verdict("uchar4 invert", oki);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_g));
        CHECK(cudaFree(d_v));
    }
    // the remaining types
    {
        std::vector<char4> c4(n);
        std::vector<short2> s2(n);
        std::vector<ushort4> u4(n);
        std::vector<uint2> ui2(n);
        std::vector<uint4> ui4(n);
        std::vector<longlong2> l2(n);
        std::vector<float2> f2(n);
        std::vector<float3> f3(n);
        for (int i = 0; i < n; ++i) {
            c4[i] = make_char4((signed char)(i % 256 - 128), (signed char)(i % 100),
                               (signed char)(-(i % 50)), (signed char)(i % 3));
            s2[i] = make_short2((short)(i - 1000), (short)(i % 30 - 15));
            u4[i] = make_ushort4((unsigned short)(i * 31), (unsigned short)(65535 - i),
                                 (unsigned short)(i * i), (unsigned short)7);
            ui2[i] = make_uint2(i * 2654435761u, ~(unsigned)i);
            ui4[i] = make_uint4((unsigned)i, (unsigned)i << 8, (unsigned)i << 16, (unsigned)i << 24);
            l2[i] = make_longlong2((long long)i << 40, -(long long)i * 1000000007LL);
            f2[i] = make_float2((float)(i % 64) * 0.25f, (float)(i % 10) - 5.0f);
            f3[i] = make_float3((float)(i % 9), -(float)(i % 11) * 0.5f, (float)(i % 4) * 0.25f);
        }
        char4 *d_c4;
        short2 *d_s2;
        ushort4 *d_u4;
        uint2 *d_ui2;
        uint4 *d_ui4;
        longlong2 *d_l2;
        float2 *d_f2;
        float3 *d_f3;
        int *d_oi;
        long long *d_ol;
        float *d_of;
        CHECK(cudaMalloc(&d_c4, n * sizeof(char4)));
        CHECK(cudaMalloc(&d_s2, n * sizeof(short2)));
        CHECK(cudaMalloc(&d_u4, n * sizeof(ushort4)));
        CHECK(cudaMalloc(&d_ui2, n * sizeof(uint2)));
        CHECK(cudaMalloc(&d_ui4, n * sizeof(uint4)));
        CHECK(cudaMalloc(&d_l2, n * sizeof(longlong2)));
        CHECK(cudaMalloc(&d_f2, n * sizeof(float2)));
        CHECK(cudaMalloc(&d_f3, n * sizeof(float3)));
        CHECK(cudaMalloc(&d_oi, 4 * n * sizeof(int)));
        CHECK(cudaMalloc(&d_ol, n * sizeof(long long)));
        CHECK(cudaMalloc(&d_of, 3 * n * sizeof(float)));
        CHECK(cudaMemcpy(d_c4, c4.data(), n * sizeof(char4), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_s2, s2.data(), n * sizeof(short2), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_u4, u4.data(), n * sizeof(ushort4), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_ui2, ui2.data(), n * sizeof(uint2), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_ui4, ui4.data(), n * sizeof(uint4), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_l2, l2.data(), n * sizeof(longlong2), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_f2, f2.data(), n * sizeof(float2), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_f3, f3.data(), n * sizeof(float3), cudaMemcpyHostToDevice));
        misc<<<(n + 127) / 128, 128>>>(d_c4, d_s2, d_u4, d_ui2, d_ui4, d_l2, d_f2, d_f3, d_oi,
                                       d_ol, d_of, n);
        CHECK(cudaGetLastError());
        std::vector<int> oi(4 * n);
        std::vector<long long> ol(n);
        std::vector<float> of(3 * n);
        CHECK(cudaMemcpy(oi.data(), d_oi, oi.size() * sizeof(int), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(ol.data(), d_ol, ol.size() * sizeof(long long), cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(of.data(), d_of, of.size() * sizeof(float), cudaMemcpyDeviceToHost));
        bool okc = true, oks = true, oku = true, okw = true, okl = true, okf2 = true, okf3 = true;
        for (int i = 0; i < n; ++i) {
            if (oi[i * 4 + 0] != c4[i].x + c4[i].y + c4[i].z + c4[i].w) okc = false;
            if (oi[i * 4 + 1] != s2[i].x * s2[i].y) oks = false;
            if (oi[i * 4 + 2] != u4[i].x + u4[i].y + u4[i].z + u4[i].w) oku = false;
            if ((unsigned)oi[i * 4 + 3] !=
                (ui2[i].x ^ ui2[i].y ^ ui4[i].x ^ ui4[i].y ^ ui4[i].z ^ ui4[i].w))
                okw = false;
            if (ol[i] != l2[i].x - l2[i].y) okl = false;
            float2 z = f2[i];
            if (of[i * 3 + 0] != z.x * z.x - z.y * z.y || of[i * 3 + 1] != 2.0f * z.x * z.y)
                okf2 = false;
            float3 v = f3[i];
            if (of[i * 3 + 2] != v.x * v.x + v.y * v.y + v.z * v.z) okf3 = false;
        }
        verdict("char4 (signed)", okc);
        verdict("short2", oks);
        verdict("ushort4", oku);
        verdict("uint2/uint4", okw);
        verdict("longlong2", okl);
        verdict("float2 complex square (exact)", okf2);
        verdict("float3 dot (exact, 12-byte elements)", okf3);
        CHECK(cudaFree(d_c4));
        CHECK(cudaFree(d_s2));
        CHECK(cudaFree(d_u4));
        CHECK(cudaFree(d_ui2));
        CHECK(cudaFree(d_ui4));
        CHECK(cudaFree(d_l2));
        CHECK(cudaFree(d_f2));
        CHECK(cudaFree(d_f3));
        CHECK(cudaFree(d_oi));
        CHECK(cudaFree(d_ol));
        CHECK(cudaFree(d_of));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

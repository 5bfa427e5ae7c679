// Device functions: __noinline__ and __forceinline__, __host__ __device__
// functions giving identical results on both sides, references, struct
// returns, overloads, default arguments, namespaces, static functions,
// pointers to shared and local memory, dynamically indexed local arrays.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>

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

__host__ __device__ unsigned hash32(unsigned x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

__host__ __device__ int gcd(int a, int b) {
    while (b != 0) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

__host__ __device__ __noinline__ int collatz_steps(unsigned x) {
    int steps = 0;
    while (x != 1u && steps < 1000) {
        x = (x & 1u) ? 3u * x + 1u : x >> 1;
        ++steps;
    }
    return steps;
}

__device__ __forceinline__ float lerp(float a, float b, float t) { return a + t * (b - a); }

struct MinMax {
    int mn, mx;
};
__device__ MinMax minmax(const int *p, int n) {
    MinMax r = {p[0], p[0]};
    for (int i = 1; i < n; ++i) {
        r.mn = p[i] < r.mn ? p[i] : r.mn;
        r.mx = p[i] > r.mx ? p[i] : r.mx;
    }
    return r;
}

__device__ void swap_ref(int &a, int &b) {
    int t = a;
    a = b;
    b = t;
}
__device__ int twice(int x) { return 2 * x; }
__device__ float twice(float x) { return x + x; }
__device__ int scaled(int x, int k = 3) { return x * k; }

namespace geom {
__device__ int manhattan(int2 a, int2 b) { return abs(a.x - b.x) + abs(a.y - b.y); }
}  // namespace geom

static __device__ int helper_static(int x) { return x ^ 0x5555; }

__device__ int sum_arr(const int *a, int n) {  // used with shared and local memory
    int s = 0;
    for (int i = 0; i < n; ++i) s += a[i];
    return s;
}

__device__ void insertion_sort(int *a, int n) {
    for (int i = 1; i < n; ++i) {
        int v = a[i], j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            --j;
        }
        a[j + 1] = v;
    }
}

struct Out {
    unsigned h;
    int g, steps, mn, mx, sw_a, sw_b, tw_i, sc_def, sc_two, man, st, shared_sum, local_sum;
    int sorted_first, sorted_last, sorted_ok, dyn_pick;
    float lerp_v, tw_f;
};

__global__ void kernel(const int *in, Out *out, int n) {
    __shared__ int sh[128];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    sh[threadIdx.x] = in[i % n];
    __syncthreads();
    if (i >= n) return;
    int v = in[i];
    Out o;
    o.h = hash32((unsigned)v);
    o.g = gcd(v * 6, 84);
    o.steps = collatz_steps((unsigned)(i + 1));
    MinMax mm = minmax(&in[i - i % 8], 8);
    o.mn = mm.mn;
    o.mx = mm.mx;
    int a = v, b = -v;
    swap_ref(a, b);
    o.sw_a = a;
    o.sw_b = b;
    o.tw_i = twice(v);
    o.tw_f = twice((float)v * 0.5f);
    o.sc_def = scaled(v);
    o.sc_two = scaled(v, 2);
    o.man = geom::manhattan(make_int2(v, i), make_int2(-i, v % 7));
    o.st = helper_static(v);
    o.shared_sum = sum_arr(&sh[threadIdx.x & ~7], 8);
    int local[16];
    for (int k = 0; k < 16; ++k) local[k] = hash32(v + k) % 1000;
    o.local_sum = sum_arr(local, 16);
    o.dyn_pick = local[(v & 0x7fffffff) % 16];  // dynamic index into a local array
    insertion_sort(local, 16);
    int sorted = 1;
    for (int k = 1; k < 16; ++k)
        if (local[k - 1] > local[k]) sorted = 0;
    o.sorted_ok = sorted;
    o.sorted_first = local[0];
    o.sorted_last = local[15];
    o.lerp_v = lerp((float)v, (float)(v + 8), 0.25f);
    out[i] = o;
}

int main() {
    const int n = 1000;  // multiple of 8 so minmax windows stay in range
    std::vector<int> in(n);
    for (int i = 0; i < n; ++i) in[i] = (int)(hash32(i) % 20001) - 10000;
    int *d_in;
    Out *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(Out)));
    CHECK(cudaMemcpy(d_in, in.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    kernel<<<(n + 127) / 128, 128>>>(d_in, d_out, n);
    CHECK(cudaGetLastError());
    std::vector<Out> out(n);
    CHECK(cudaMemcpy(out.data(), d_out, n * sizeof(Out), cudaMemcpyDeviceToHost));

    bool ok_hash = true, ok_gcd = true, ok_collatz = true, ok_mm = true, ok_ref = true,
         ok_ovl = true, ok_def = true, ok_ns = true, ok_ptr = true, ok_local = true,
         ok_inline = true;
    for (int i = 0; i < n; ++i) {
        const Out &o = out[i];
        int v = in[i];
        if (o.h != hash32((unsigned)v)) ok_hash = false;
        if (o.g != gcd(v * 6, 84)) ok_gcd = false;
        if (o.steps != collatz_steps((unsigned)(i + 1))) ok_collatz = false;
        int mn = in[i - i % 8], mx = mn;
        for (int k = 0; k < 8; ++k) {
            mn = std::min(mn, in[i - i % 8 + k]);
            mx = std::max(mx, in[i - i % 8 + k]);
        }
        if (o.mn != mn || o.mx != mx) ok_mm = false;
        if (o.sw_a != -v || o.sw_b != v) ok_ref = false;
        if (o.tw_i != 2 * v || o.tw_f != (float)v) ok_ovl = false;
        if (o.sc_def != 3 * v || o.sc_two != 2 * v) ok_def = false;
        int man = std::abs(v + i) + std::abs(i - v % 7);
        if (o.man != man || o.st != (v ^ 0x5555)) ok_ns = false;
        int ss = 0;
        int base = (i - (i % 128)) + ((i % 128) & ~7);
        for (int k = 0; k < 8; ++k) ss += in[(base + k) % n];
        if (o.shared_sum != ss) ok_ptr = false;
        int local[16], ls = 0;
        for (int k = 0; k < 16; ++k) {
            local[k] = hash32(v + k) % 1000;
            ls += local[k];
        }
        int pick = local[(v & 0x7fffffff) % 16];
        std::sort(local, local + 16);
        if (o.local_sum != ls || o.dyn_pick != pick || !o.sorted_ok || o.sorted_first != local[0] ||
            o.sorted_last != local[15])
            ok_local = false;
        if (o.lerp_v != (float)v + 2.0f) ok_inline = false;
    }
    verdict("__host__ __device__ hash identical on host and device", ok_hash);
    verdict("__host__ __device__ gcd", ok_gcd);
    verdict("__noinline__ collatz", ok_collatz);
    verdict("struct return value", ok_mm);
    verdict("reference parameters", ok_ref);
    verdict("overloads int/float", ok_ovl);
    verdict("default arguments", ok_def);
    verdict("namespace and static device functions", ok_ns);
    verdict("pointer to shared memory parameter", ok_ptr);
    verdict("local array: sum, dynamic index, insertion sort", ok_local);
    verdict("__forceinline__ lerp (exact)", ok_inline);
    printf("collatz steps for 27 = %d\n", collatz_steps(27));
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

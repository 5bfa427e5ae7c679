// Templates: type-templated kernels (int, unsigned, float, short), non-type
// template parameters (block size in static shared memory, unrolled loops),
// functors with state passed by value, template specialisation, variadic
// templates with fold expressions, if constexpr, lambdas inside kernels,
// constexpr device functions and class templates with operators.
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

template <typename T>
__global__ void axpy(T a, const T *x, T *y, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

template <typename T, int BLOCK>
__global__ void block_sum(const T *in, T *out) {
    __shared__ T s[BLOCK];
    s[threadIdx.x] = in[blockIdx.x * BLOCK + threadIdx.x];
    __syncthreads();
    for (int st = BLOCK / 2; st > 0; st /= 2) {
        if ((int)threadIdx.x < st) s[threadIdx.x] += s[threadIdx.x + st];
        __syncthreads();
    }
    if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}

struct AddOp {
    __device__ int operator()(int a, int b) const { return a + b; }
};
struct MaxOp {
    __device__ int operator()(int a, int b) const { return a > b ? a : b; }
};
struct Affine {
    int m, c;
    __device__ int operator()(int x) const { return m * x + c; }
};

template <typename Op>
__global__ void combine(const int *a, const int *b, int *out, int n, Op op) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = op(a[i], b[i]);
}

template <typename F>
__global__ void transform(const int *in, int *out, int n, F f) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = f(in[i]);
}

template <int N>
__device__ int unrolled_sum(const int *p) {
    int s = 0;
#pragma unroll
    for (int k = 0; k < N; ++k) s += p[k] * (k + 1);
    return s;
}

template <typename T> struct Traits;
template <> struct Traits<int> {
    static constexpr int id = 1;
};
template <> struct Traits<float> {
    static constexpr int id = 2;
};
template <> struct Traits<short> {
    static constexpr int id = 3;
};

template <typename... Args>
__device__ int sum_all(Args... args) {
    return (args + ... + 0);
}

template <typename T>
__device__ int kind_code(T v) {
    if constexpr (sizeof(T) == 2)
        return 200 + (int)v;
    else if constexpr (Traits<T>::id == 2)
        return 100 + (int)v;
    else
        return (int)v;
}

constexpr __host__ __device__ int cube(int x) { return x * x * x; }

template <typename T>
struct Vec2 {
    T x, y;
    __host__ __device__ Vec2 operator+(const Vec2 &o) const { return {x + o.x, y + o.y}; }
    __host__ __device__ Vec2 operator*(T s) const { return {x * s, y * s}; }
    __host__ __device__ T dot(const Vec2 &o) const { return x * o.x + y * o.y; }
};

__global__ void misc(const int *in, int *out, Vec2<int> *vout) {
    int i = threadIdx.x;
    int local[cube(2)];  // constexpr array bound
    for (int k = 0; k < cube(2); ++k) local[k] = in[(i + k) % 64];
    out[i * 8 + 0] = unrolled_sum<8>(local);
    out[i * 8 + 1] = unrolled_sum<3>(local);
    out[i * 8 + 2] = sum_all(i, 2 * i, in[i], 7);
    out[i * 8 + 3] = Traits<int>::id * 100 + Traits<float>::id * 10 + Traits<short>::id;
    out[i * 8 + 4] = kind_code(i) + kind_code((float)i) + kind_code((short)i);
    auto sq = [](int v) { return v * v; };
    int bias = in[0];
    auto add_bias = [bias](int v) { return v + bias; };
    out[i * 8 + 5] = sq(in[i]) + add_bias(i);
    out[i * 8 + 6] = cube(i - 32);
    Vec2<int> a = {i, -i}, b = {in[i], 3};
    Vec2<int> c = (a + b) * 2;
    out[i * 8 + 7] = a.dot(b);
    vout[i] = c;
}

template <typename T>
static bool run_axpy(T a, int n) {
    std::vector<T> x(n), y(n);
    for (int i = 0; i < n; ++i) {
        x[i] = (T)(i % 50);
        y[i] = (T)(i % 7);
    }
    T *dx, *dy;
    CHECK(cudaMalloc(&dx, n * sizeof(T)));
    CHECK(cudaMalloc(&dy, n * sizeof(T)));
    CHECK(cudaMemcpy(dx, x.data(), n * sizeof(T), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y.data(), n * sizeof(T), cudaMemcpyHostToDevice));
    axpy<T><<<(n + 255) / 256, 256>>>(a, dx, dy, n);
    CHECK(cudaGetLastError());
    std::vector<T> r(n);
    CHECK(cudaMemcpy(r.data(), dy, n * sizeof(T), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int i = 0; i < n; ++i)
        if (r[i] != (T)(a * x[i] + y[i])) ok = false;
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    return ok;
}

template <typename T, int BLOCK>
static bool run_block_sum() {
    const int blocks = 7;
    std::vector<T> in(blocks * BLOCK);
    for (size_t i = 0; i < in.size(); ++i) in[i] = (T)(i % 13);
    T *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, in.size() * sizeof(T)));
    CHECK(cudaMalloc(&d_out, blocks * sizeof(T)));
    CHECK(cudaMemcpy(d_in, in.data(), in.size() * sizeof(T), cudaMemcpyHostToDevice));
    block_sum<T, BLOCK><<<blocks, BLOCK>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    std::vector<T> out(blocks);
    CHECK(cudaMemcpy(out.data(), d_out, blocks * sizeof(T), cudaMemcpyDeviceToHost));
    bool ok = true;
    for (int b = 0; b < blocks; ++b) {
        T s = 0;
        for (int k = 0; k < BLOCK; ++k) s += in[b * BLOCK + k];
        if (out[b] != s) ok = false;
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    return ok;
}

int main() {
    verdict("axpy<int>", run_axpy<int>(-3, 1000));
    verdict("axpy<unsigned>", run_axpy<unsigned>(7u, 777));
    verdict("axpy<float>", run_axpy<float>(0.5f, 1000));
    verdict("axpy<short>", run_axpy<short>((short)3, 500));
    verdict("block_sum<int,64>", (run_block_sum<int, 64>()));
    verdict("block_sum<int,256>", (run_block_sum<int, 256>()));
    verdict("block_sum<float,128>", (run_block_sum<float, 128>()));
    verdict("block_sum<unsigned,32>", (run_block_sum<unsigned, 32>()));

    const int n = 3000;
    std::vector<int> a(n), b(n);
    for (int i = 0; i < n; ++i) {
        a[i] = (i * 37) % 1000 - 500;
        b[i] = (i * 91) % 777 - 300;
    }
    int *da, *db, *dout;
    CHECK(cudaMalloc(&da, n * sizeof(int)));
    CHECK(cudaMalloc(&db, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMemcpy(da, a.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b.data(), n * sizeof(int), cudaMemcpyHostToDevice));
    std::vector<int> r(n);
    bool ok = true;
    combine<<<(n + 127) / 128, 128>>>(da, db, dout, n, AddOp());
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(r.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; ++i)
        if (r[i] != a[i] + b[i]) ok = false;
    verdict("functor AddOp", ok);
    ok = true;
    combine<<<(n + 127) / 128, 128>>>(da, db, dout, n, MaxOp());
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(r.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; ++i)
        if (r[i] != std::max(a[i], b[i])) ok = false;
    verdict("functor MaxOp", ok);
    ok = true;
    Affine aff = {-7, 13};
    transform<<<(n + 127) / 128, 128>>>(da, dout, n, aff);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(r.data(), dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; ++i)
        if (r[i] != -7 * a[i] + 13) ok = false;
    verdict("stateful functor by value", ok);

    int *dm;
    Vec2<int> *dv;
    CHECK(cudaMalloc(&dm, 64 * 8 * sizeof(int)));
    CHECK(cudaMalloc(&dv, 64 * sizeof(Vec2<int>)));
    misc<<<1, 64>>>(da, dm, dv);
    CHECK(cudaGetLastError());
    std::vector<int> m(64 * 8);
    std::vector<Vec2<int>> v(64);
    CHECK(cudaMemcpy(m.data(), dm, m.size() * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(v.data(), dv, v.size() * sizeof(Vec2<int>), cudaMemcpyDeviceToHost));
    bool ok_unroll = true, ok_var = true, ok_spec = true, ok_ifc = true, ok_lambda = true,
         ok_cexpr = true, ok_cls = true;
    for (int i = 0; i < 64; ++i) {
        int s8 = 0, s3 = 0;
        for (int k = 0; k < 8; ++k) s8 += a[(i + k) % 64] * (k + 1);
        for (int k = 0; k < 3; ++k) s3 += a[(i + k) % 64] * (k + 1);
        if (m[i * 8 + 0] != s8 || m[i * 8 + 1] != s3) ok_unroll = false;
        if (m[i * 8 + 2] != i + 2 * i + a[i] + 7) ok_var = false;
        if (m[i * 8 + 3] != 123) ok_spec = false;
        if (m[i * 8 + 4] != i + (100 + i) + (200 + i)) ok_ifc = false;
        if (m[i * 8 + 5] != a[i] * a[i] + i + a[0]) ok_lambda = false;
        if (m[i * 8 + 6] != cube(i - 32)) ok_cexpr = false;
        Vec2<int> va = {i, -i}, vb = {a[i], 3};
        Vec2<int> vc = (va + vb) * 2;
        if (m[i * 8 + 7] != va.dot(vb) || v[i].x != vc.x || v[i].y != vc.y) ok_cls = false;
    }
    verdict("template<int N> unrolled loop", ok_unroll);
    verdict("variadic template fold", ok_var);
    verdict("template specialisation constants", ok_spec);
    verdict("if constexpr dispatch", ok_ifc);
    verdict("lambdas in device code", ok_lambda);
    verdict("constexpr function (array bound and value)", ok_cexpr);
    verdict("class template with operators", ok_cls);
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(dm));
    CHECK(cudaFree(dv));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

// Dynamic shared memory sized at launch: the same kernel launched with
// 1 KiB .. 32 KiB, a templated kernel reusing one extern byte buffer for
// different element types, static and dynamic shared memory together, and
// cudaFuncSetAttribute(cudaFuncAttributeMaxDynamicSharedMemorySize) within
// the default 48 KiB limit. (Sizes stay <= 32 KiB, the threadgroup memory of
// Apple GPUs.)
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

// Each block stages `count` ints in dynamic shared memory (count = smem/4),
// reverses them and writes them back.
__global__ void reverse_block(const int *in, int *out, int count) {
    extern __shared__ int buf[];
    const int *src = in + blockIdx.x * count;
    for (int i = threadIdx.x; i < count; i += blockDim.x) buf[i] = src[i];
    __syncthreads();
    for (int i = threadIdx.x; i < count; i += blockDim.x)
        out[blockIdx.x * count + i] = buf[count - 1 - i];
}

template <typename T>
__global__ void stage_and_sum(const T *in, T *out, int count) {
    extern __shared__ __align__(16) unsigned char raw[];
    T *buf = reinterpret_cast<T *>(raw);
    for (int i = threadIdx.x; i < count; i += blockDim.x) buf[i] = in[blockIdx.x * count + i];
    __syncthreads();
    if (threadIdx.x == 0) {
        T s = 0;
        for (int i = 0; i < count; ++i) s += buf[i];
        out[blockIdx.x] = s;
    }
}

// static + dynamic: the static array and the dynamic buffer must not overlap
__global__ void mixed(int *out, int count) {
    __shared__ int fixed[64];
    extern __shared__ int dyn[];
    int t = threadIdx.x;
    if (t < 64) fixed[t] = 1000 + t;
    for (int i = t; i < count; i += blockDim.x) dyn[i] = -i;
    __syncthreads();
    if (t < 64) out[t] = fixed[t];
    for (int i = t; i < count; i += blockDim.x) out[64 + i] = dyn[i];
}

int main() {
    const int blocks = 6;
    const int sizes[] = {1024, 4096, 12288, 16384, 32768};
    for (int sz : sizes) {
        int count = sz / 4;
        std::vector<int> in(blocks * count), out(blocks * count);
        for (size_t i = 0; i < in.size(); ++i) in[i] = (int)(i * 2654435761u >> 3);
        int *d_in, *d_out;
        CHECK(cudaMalloc(&d_in, in.size() * sizeof(int)));
        CHECK(cudaMalloc(&d_out, out.size() * sizeof(int)));
        CHECK(cudaMemcpy(d_in, in.data(), in.size() * sizeof(int), cudaMemcpyHostToDevice));
        reverse_block<<<blocks, 128, sz>>>(d_in, d_out, count);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(int), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int b = 0; b < blocks; ++b)
            for (int i = 0; i < count; ++i)
                if (out[b * count + i] != in[b * count + count - 1 - i]) ok = false;
        char name[64];
        snprintf(name, sizeof name, "dynamic shared memory %d bytes", sz);
        verdict(name, ok);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_out));
    }
    // one extern buffer, different element types
    {
        const int count = 2000;
        std::vector<int> ii(blocks * count);
        std::vector<float> ff(blocks * count);
        std::vector<short> ss(blocks * count);
        for (int i = 0; i < blocks * count; ++i) {
            ii[i] = i % 1000 - 300;
            ff[i] = (float)(i % 64) * 0.5f;
            ss[i] = (short)(i % 7);
        }
        int *d_i, *d_io;
        float *d_f, *d_fo;
        short *d_s, *d_so;
        CHECK(cudaMalloc(&d_i, ii.size() * sizeof(int)));
        CHECK(cudaMalloc(&d_f, ff.size() * sizeof(float)));
        CHECK(cudaMalloc(&d_s, ss.size() * sizeof(short)));
        CHECK(cudaMalloc(&d_io, blocks * sizeof(int)));
        CHECK(cudaMalloc(&d_fo, blocks * sizeof(float)));
        CHECK(cudaMalloc(&d_so, blocks * sizeof(short)));
        CHECK(cudaMemcpy(d_i, ii.data(), ii.size() * sizeof(int), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_f, ff.data(), ff.size() * sizeof(float), cudaMemcpyHostToDevice));
        CHECK(cudaMemcpy(d_s, ss.data(), ss.size() * sizeof(short), cudaMemcpyHostToDevice));
        stage_and_sum<int><<<blocks, 256, count * sizeof(int)>>>(d_i, d_io, count);
        stage_and_sum<float><<<blocks, 256, count * sizeof(float)>>>(d_f, d_fo, count);
        stage_and_sum<short><<<blocks, 256, count * sizeof(short)>>>(d_s, d_so, count);
        CHECK(cudaGetLastError());
        int io[blocks];
        float fo[blocks];
        short so[blocks];
        CHECK(cudaMemcpy(io, d_io, sizeof io, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(fo, d_fo, sizeof fo, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(so, d_so, sizeof so, cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int b = 0; b < blocks; ++b) {
            int si = 0;
            float sf = 0.0f;
            short sh = 0;
            for (int i = 0; i < count; ++i) {
                si += ii[b * count + i];
                sf += ff[b * count + i];
                sh = (short)(sh + ss[b * count + i]);
            }
            if (io[b] != si || fo[b] != sf || so[b] != sh) ok = false;
        }
        verdict("templated kernel, one extern buffer, int/float/short", ok);
        CHECK(cudaFree(d_i));
        CHECK(cudaFree(d_f));
        CHECK(cudaFree(d_s));
        CHECK(cudaFree(d_io));
        CHECK(cudaFree(d_fo));
        CHECK(cudaFree(d_so));
    }
    // static + dynamic
    {
        const int count = 3000;
        int *d_out;
        CHECK(cudaMalloc(&d_out, (64 + count) * sizeof(int)));
        mixed<<<1, 256, count * sizeof(int)>>>(d_out, count);
        CHECK(cudaGetLastError());
        std::vector<int> out(64 + count);
        CHECK(cudaMemcpy(out.data(), d_out, out.size() * sizeof(int), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int t = 0; t < 64; ++t)
            if (out[t] != 1000 + t) ok = false;
        for (int i = 0; i < count; ++i)
            if (out[64 + i] != -i) ok = false;
        verdict("static and dynamic shared memory together", ok);
        CHECK(cudaFree(d_out));
    }
    // explicit attribute within the default limit
    {
        CHECK(cudaFuncSetAttribute(reverse_block, cudaFuncAttributeMaxDynamicSharedMemorySize, 32768));
        cudaFuncAttributes attr;
        CHECK(cudaFuncGetAttributes(&attr, reverse_block));
        printf("maxDynamicSharedSizeBytes = %d\n", attr.maxDynamicSharedSizeBytes);
        verdict("cudaFuncSetAttribute MaxDynamicSharedMemorySize = 32768", attr.maxDynamicSharedSizeBytes == 32768);
        const int count = 8192;
        std::vector<int> in(count), out(count);
        for (int i = 0; i < count; ++i) in[i] = i * 3;
        int *d_in, *d_out;
        CHECK(cudaMalloc(&d_in, count * sizeof(int)));
        CHECK(cudaMalloc(&d_out, count * sizeof(int)));
        CHECK(cudaMemcpy(d_in, in.data(), count * sizeof(int), cudaMemcpyHostToDevice));
        reverse_block<<<1, 256, count * sizeof(int)>>>(d_in, d_out, count);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out.data(), d_out, count * sizeof(int), cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int i = 0; i < count; ++i)
            if (out[i] != in[count - 1 - i]) ok = false;
        verdict("launch after cudaFuncSetAttribute", ok);
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_out));
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

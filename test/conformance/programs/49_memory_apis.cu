// Memory APIs: cudaMallocManaged (host and device access), cudaMallocHost /
// cudaHostAlloc(Mapped) + cudaHostGetDevicePointer (zero copy),
// cudaMallocPitch + cudaMemcpy2D + cudaMemset2D, cudaMemset/cudaMemsetAsync
// byte patterns, cudaMemcpyAsync in all directions including
// device-to-device and cudaMemcpyDefault, cudaMemGetInfo and
// cudaPointerGetAttributes. Pitches and addresses are never printed.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

__global__ void scale_add(int *p, int n, int mul, int add) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) p[i] = p[i] * mul + add;
}

__global__ void pitched(float *base, size_t pitch, int w, int h) {
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h) {
        float *row = (float *)((char *)base + y * pitch);
        row[x] = row[x] * 2.0f + (float)y;
    }
}

int main() {
    // --- managed memory
    {
        const int n = 10000;
        int *m;
        CHECK(cudaMallocManaged(&m, n * sizeof(int)));
        for (int i = 0; i < n; ++i) m[i] = i;
        scale_add<<<(n + 255) / 256, 256>>>(m, n, 3, -1);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        bool ok = true;
        for (int i = 0; i < n; ++i)
            if (m[i] != 3 * i - 1) ok = false;
        verdict("cudaMallocManaged: host write, kernel, host read", ok);
        for (int i = 0; i < n; ++i) m[i] += 1;  // host modifies again
        scale_add<<<(n + 255) / 256, 256>>>(m, n, 1, 5);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        ok = true;
        for (int i = 0; i < n; ++i)
            if (m[i] != 3 * i + 5) ok = false;
        verdict("cudaMallocManaged: second round trip", ok);
        cudaPointerAttributes pa;
        CHECK(cudaPointerGetAttributes(&pa, m));
        verdict("cudaPointerGetAttributes(managed).type == cudaMemoryTypeManaged",
                pa.type == cudaMemoryTypeManaged);
        CHECK(cudaFree(m));
    }
    // --- pinned host memory, mapped zero-copy memory
    {
        const int n = 4096;
        int *h, *mapped, *d_mapped, *d;
        CHECK(cudaMallocHost(&h, n * sizeof(int)));
        CHECK(cudaHostAlloc(&mapped, n * sizeof(int), cudaHostAllocMapped));
        CHECK(cudaHostGetDevicePointer(&d_mapped, mapped, 0));
        CHECK(cudaMalloc(&d, n * sizeof(int)));
        for (int i = 0; i < n; ++i) {
            h[i] = i * 2;
            mapped[i] = i;
        }
        scale_add<<<n / 256, 256>>>(d_mapped, n, 5, 1);  // kernel writes host memory
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
        bool ok = true;
        for (int i = 0; i < n; ++i)
            if (mapped[i] != 5 * i + 1) ok = false;
        verdict("cudaHostAllocMapped zero-copy: kernel writes host memory", ok);
        cudaStream_t s;
        CHECK(cudaStreamCreate(&s));
        CHECK(cudaMemcpyAsync(d, h, n * sizeof(int), cudaMemcpyHostToDevice, s));
        scale_add<<<n / 256, 256, 0, s>>>(d, n, 1, 7);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpyAsync(h, d, n * sizeof(int), cudaMemcpyDeviceToHost, s));
        CHECK(cudaStreamSynchronize(s));
        ok = true;
        for (int i = 0; i < n; ++i)
            if (h[i] != 2 * i + 7) ok = false;
        verdict("cudaMallocHost + cudaMemcpyAsync H2D/D2H", ok);
        int *d2;
        CHECK(cudaMalloc(&d2, n * sizeof(int)));
        CHECK(cudaMemcpyAsync(d2, d, n * sizeof(int), cudaMemcpyDeviceToDevice, s));
        CHECK(cudaMemsetAsync(d, 0, n * sizeof(int), s));
        CHECK(cudaMemcpyAsync(h, d2, n * sizeof(int), cudaMemcpyDefault, s));
        CHECK(cudaStreamSynchronize(s));
        ok = true;
        for (int i = 0; i < n; ++i)
            if (h[i] != 2 * i + 7) ok = false;
        verdict("cudaMemcpyAsync device-to-device and cudaMemcpyDefault", ok);
        cudaPointerAttributes pa;
        CHECK(cudaPointerGetAttributes(&pa, h));
        bool host_ok = pa.type == cudaMemoryTypeHost;
        CHECK(cudaPointerGetAttributes(&pa, d));
        bool dev_ok = pa.type == cudaMemoryTypeDevice;
        verdict("cudaPointerGetAttributes host/device types", host_ok && dev_ok);
        CHECK(cudaStreamDestroy(s));
        CHECK(cudaFreeHost(h));
        CHECK(cudaFreeHost(mapped));
        CHECK(cudaFree(d));
        CHECK(cudaFree(d2));
    }
    // --- pitched 2-D memory
    {
        const int w = 300, hgt = 77;
        std::vector<float> host((size_t)w * hgt), back((size_t)w * hgt);
        for (int i = 0; i < w * hgt; ++i) host[i] = (float)(i % 1000) * 0.5f;
        float *dp;
        size_t pitch = 0;
        CHECK(cudaMallocPitch(&dp, &pitch, w * sizeof(float), hgt));
        verdict("pitch >= row size", pitch >= w * sizeof(float));
        CHECK(cudaMemcpy2D(dp, pitch, host.data(), w * sizeof(float), w * sizeof(float), hgt,
                           cudaMemcpyHostToDevice));
        pitched<<<dim3((w + 31) / 32, (hgt + 7) / 8), dim3(32, 8)>>>(dp, pitch, w, hgt);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy2D(back.data(), w * sizeof(float), dp, pitch, w * sizeof(float), hgt,
                           cudaMemcpyDeviceToHost));
        bool ok = true;
        for (int y = 0; y < hgt; ++y)
            for (int x = 0; x < w; ++x)
                if (back[y * w + x] != host[y * w + x] * 2.0f + (float)y) ok = false;
        verdict("cudaMallocPitch + cudaMemcpy2D + pitched kernel", ok);
        // copy a sub-rectangle (columns 10..59 of rows 5..24) into a dense buffer
        std::vector<float> sub(50 * 20);
        CHECK(cudaMemcpy2D(sub.data(), 50 * sizeof(float), (char *)dp + 5 * pitch + 10 * sizeof(float),
                           pitch, 50 * sizeof(float), 20, cudaMemcpyDeviceToHost));
        ok = true;
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 50; ++x)
                if (sub[y * 50 + x] != back[(y + 5) * w + x + 10]) ok = false;
        verdict("cudaMemcpy2D of a sub-rectangle", ok);
        CHECK(cudaMemset2D(dp, pitch, 0x3f, w * sizeof(float), hgt));  // 0x3f3f3f3f
        CHECK(cudaMemcpy2D(back.data(), w * sizeof(float), dp, pitch, w * sizeof(float), hgt,
                           cudaMemcpyDeviceToHost));
        unsigned expect_bits = 0x3f3f3f3fu;
        ok = true;
        for (int i = 0; i < w * hgt; ++i)
            if (memcmp(&back[i], &expect_bits, 4) != 0) ok = false;
        verdict("cudaMemset2D byte pattern", ok);
        CHECK(cudaFree(dp));
    }
    // --- cudaMemset patterns and partial ranges
    {
        const int n = 1000;
        int *d;
        CHECK(cudaMalloc(&d, n * sizeof(int)));
        CHECK(cudaMemset(d, 0xAB, n * sizeof(int)));
        CHECK(cudaMemset(d + 100, 0, 50 * sizeof(int)));
        CHECK(cudaMemset((char *)d + 1, 0x11, 2));  // unaligned bytes inside element 0
        std::vector<int> h(n);
        CHECK(cudaMemcpy(h.data(), d, n * sizeof(int), cudaMemcpyDeviceToHost));
        bool ok = (unsigned)h[0] == 0xAB1111ABu;
        for (int i = 1; i < n; ++i) {
            unsigned e = (i >= 100 && i < 150) ? 0u : 0xABABABABu;
            if ((unsigned)h[i] != e) ok = false;
        }
        verdict("cudaMemset byte patterns, partial and unaligned ranges", ok);
        printf("element 0 after memsets = 0x%08x\n", (unsigned)h[0]);
        CHECK(cudaFree(d));
    }
    // --- memory info
    {
        size_t free_b = 0, total_b = 0;
        CHECK(cudaMemGetInfo(&free_b, &total_b));
        verdict("cudaMemGetInfo: 0 < free <= total", free_b > 0 && free_b <= total_b);
    }
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

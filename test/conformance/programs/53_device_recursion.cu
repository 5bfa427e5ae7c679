// Recursive device functions (a real call stack on the device): factorial,
// Fibonacci, Ackermann with small arguments, and a recursive quicksort of a
// per-thread local array.
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

__host__ __device__ unsigned long long factorial(int n) { return n <= 1 ? 1ull : n * factorial(n - 1); }
__host__ __device__ int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
__host__ __device__ int ackermann(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}
__host__ __device__ void quicksort(int *a, int lo, int hi) {
    if (lo >= hi) return;
    int p = a[(lo + hi) / 2], i = lo, j = hi;
    while (i <= j) {
        while (a[i] < p) ++i;
        while (a[j] > p) --j;
        if (i <= j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
            ++i;
            --j;
        }
    }
    quicksort(a, lo, j);
    quicksort(a, i, hi);
}

__global__ void k(unsigned long long *fact, int *fibs, int *ack, int *sorted) {
    int t = threadIdx.x;
    fact[t] = factorial(t % 21);
    fibs[t] = fib(t % 16);
    ack[t] = ackermann(t % 3, t % 4);
    int a[24];
    for (int i = 0; i < 24; ++i) a[i] = (int)(((unsigned)(t * 24 + i) * 2654435761u) >> 20);
    quicksort(a, 0, 23);
    for (int i = 0; i < 24; ++i) sorted[t * 24 + i] = a[i];
}

int main() {
    const int n = 64;
    unsigned long long *d_f;
    int *d_fib, *d_ack, *d_s;
    CHECK(cudaMalloc(&d_f, n * sizeof(unsigned long long)));
    CHECK(cudaMalloc(&d_fib, n * sizeof(int)));
    CHECK(cudaMalloc(&d_ack, n * sizeof(int)));
    CHECK(cudaMalloc(&d_s, n * 24 * sizeof(int)));
    k<<<1, n>>>(d_f, d_fib, d_ack, d_s);
    CHECK(cudaGetLastError());
    std::vector<unsigned long long> f(n);
    std::vector<int> fb(n), ak(n), s(n * 24);
    CHECK(cudaMemcpy(f.data(), d_f, n * sizeof(unsigned long long), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(fb.data(), d_fib, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(ak.data(), d_ack, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(s.data(), d_s, s.size() * sizeof(int), cudaMemcpyDeviceToHost));
    bool okf = true, okb = true, oka = true, oks = true;
    for (int t = 0; t < n; ++t) {
        if (f[t] != factorial(t % 21)) okf = false;
        if (fb[t] != fib(t % 16)) okb = false;
        if (ak[t] != ackermann(t % 3, t % 4)) oka = false;
        int a[24];
        for (int i = 0; i < 24; ++i) a[i] = (int)(((unsigned)(t * 24 + i) * 2654435761u) >> 20);
        std::sort(a, a + 24);
        for (int i = 0; i < 24; ++i)
            if (s[t * 24 + i] != a[i]) oks = false;
    }
    printf("20! = %llu, fib(15) = %d, ackermann(2,3) = %d\n", f[20], fb[15], ak[11]);
    verdict("recursive factorial", okf);
    verdict("recursive fibonacci", okb);
    verdict("recursive ackermann", oka);
    verdict("recursive quicksort of a local array", oks);
    CHECK(cudaFree(d_f));
    CHECK(cudaFree(d_fib));
    CHECK(cudaFree(d_ack));
    CHECK(cudaFree(d_s));
    printf("RESULT: %s\n", g_ok ? "PASS" : "FAIL");
    return 0;
}

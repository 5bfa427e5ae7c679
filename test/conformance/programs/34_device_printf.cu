// Device printf with integers, characters and strings (literals, __constant__
// arrays, local arrays), width/flags, many threads and blocks. The order of
// device output lines between threads is unspecified: every device line starts
// with "dev: " and the comparison treats those lines as a multiset.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call)                                                            \
    do {                                                                       \
        cudaError_t err_ = (call);                                             \
        if (err_ != cudaSuccess) {                                             \
            printf("CUDA error %s at line %d\n", cudaGetErrorName(err_),       \
                   __LINE__);                                                  \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

__constant__ char c_names[4][8] = {"alpha", "beta", "gamma", "delta"};

__global__ void hello(int tag) {
    if (threadIdx.x % 8 == 0)
        printf("dev: block %d thread %d tag %d name %s\n", blockIdx.x, threadIdx.x, tag,
               c_names[(threadIdx.x / 8) % 4]);
}

__global__ void formats() {
    printf("dev: int %d neg %d unsigned %u hex %x HEX %X oct %o\n", 42, -42, 4000000000u, 0xbeef,
           0xBEEF, 8);
    printf("dev: long long %lld unsigned long long %llu long %ld\n", -1234567890123LL,
           18446744073709551615ull, -7L);
    printf("dev: width [%5d] [%-5d] [%05d] [%+d] char %c percent %%\n", 42, 42, 42, 7, 'Z');
    printf("dev: string [%s] [%10s] [%-10s] [%.2s]\n", "abc", "right", "left", "truncate");
    printf("dev: a line without arguments\n");
    char local[8] = {'l', 'o', 'c', 'a', 'l', 0, 0, 0};
    printf("dev: local string %s, constant string %s\n", local, c_names[2]);
    short s = -12345;
    unsigned char uc = 200;
    printf("dev: short %hd uchar %u size_t %zu\n", s, (unsigned)uc, (size_t)123456789);
}

// each thread computes something and prints it; two lines per thread
__global__ void compute_and_print(const int *data, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int v = data[i];
    printf("dev: item %d value %d square %d\n", i, v, v * v);
    if (v % 5 == 0) printf("dev: item %d is a multiple of 5\n", i);
}

int main() {
    printf("host: before kernels\n");
    fflush(stdout);
    hello<<<4, 64>>>(7);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    fflush(stdout);
    printf("host: after hello (expect 32 device lines)\n");
    fflush(stdout);
    formats<<<1, 1>>>();
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    fflush(stdout);
    printf("host: after formats (expect 7 device lines)\n");
    fflush(stdout);
    const int n = 40;
    int h[n];
    int mult5 = 0;
    for (int i = 0; i < n; ++i) {
        h[i] = (i * 13) % 31 - 10;
        if (h[i] % 5 == 0) ++mult5;
    }
    int *d;
    CHECK(cudaMalloc(&d, sizeof h));
    CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
    compute_and_print<<<3, 16>>>(d, n);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    fflush(stdout);
    printf("host: after compute_and_print (expect %d device lines)\n", n + mult5);
    CHECK(cudaFree(d));
    printf("RESULT: PASS\n");
    return 0;
}

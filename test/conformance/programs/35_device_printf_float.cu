// Device printf of floating-point values (%f, %e, %g, width and precision,
// infinities). printf is variadic, so each float argument is promoted to
// double on the device: this is the one place besides NN_fp64 where device
// code carries doubles. Only exactly representable values are printed, none
// near a rounding boundary. Device lines start with "dev: " (multiset).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call)                                                            \
    do {                                                                       \
        cudaError_t err_ = (call);                                             \
        if (err_ != cudaSuccess) {                                             \
            printf("CUDA error %s at line %d\n", cudaGetErrorName(err_),       \
                   __LINE__);                                                  \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

__global__ void fixed(float inf) {
    printf("dev: f %f %f %f\n", 1.5f, -0.25f, 0.0f);
    printf("dev: precision %.2f %.0f %.3f %8.3f|\n", 0.75f, 2.0f, -2.125f, 3.5f);
    printf("dev: exp %e %E %.3e\n", 1024.0f, 0.0078125f, -65536.0f);
    printf("dev: general %g %g %g %g\n", 0.5f, 100000.0f, 1.0e10f, 0.0625f);
    printf("dev: big %f\n", 1.0e10f);
    printf("dev: inf %f %f\n", inf, -inf);
}

__global__ void per_thread() {
    float x = (float)threadIdx.x * 0.5f - 4.0f;  // exact multiples of 0.5
    printf("dev: thread %d x %.1f x*x %.2f\n", threadIdx.x, x, x * x);
}

int main() {
    printf("host: float printf\n");
    fflush(stdout);
    float inf;
    unsigned bits = 0x7f800000u;
    memcpy(&inf, &bits, 4);
    fixed<<<1, 1>>>(inf);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    per_thread<<<1, 20>>>();
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    fflush(stdout);
    printf("host: expect 26 device lines\n");
    printf("RESULT: PASS\n");
    return 0;
}

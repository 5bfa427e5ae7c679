// The null stream under nvcc's --default-stream: legacy (it waits for work
// in blocking streams) or per-thread (it does not).
#include <cstdio>
#include <unistd.h>

static int *flag; // managed: set by a slow host function on stream s

void CUDART_CB slow(void *) {
  usleep(300000);
  *flag = 1;
}

void CUDART_CB check(void *seen) { *static_cast<int *>(seen) = *flag; }

__global__ void read_flag(const int *f, int *out) { *out = *f; }

int main() {
  cudaMallocManaged(&flag, sizeof(int));
  int *kernelSeen;
  cudaMallocManaged(&kernelSeen, sizeof(int));
  *flag = 0;
  *kernelSeen = -1;
  cudaStream_t s;
  cudaStreamCreate(&s); // a blocking stream
  cudaLaunchHostFunc(s, slow, nullptr);
  int hostSeen = -1;
  read_flag<<<1, 1>>>(flag, kernelSeen); // the null stream
  cudaLaunchHostFunc(0, check, &hostSeen);
  cudaStreamSynchronize(0);
  int k = *kernelSeen, h = hostSeen;
  cudaDeviceSynchronize();
  printf("kernel on the null stream saw %d, host function saw %d: %s\n", k, h,
         cudaGetErrorName(cudaGetLastError()));
}

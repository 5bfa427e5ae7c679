#include <cstdio>
extern __device__ int shared_total; // the device half of the managed variable
void launch_add(int n);
int host_total();
void set_host_total(int v);
__global__ void double_total() { shared_total *= 2; }
int main() {
  std::printf("start %d\n", host_total()); // 40, set by the device image
  launch_add(1);                           // + 2 * 1
  std::printf("after add %d\n", host_total());
  set_host_total(5); // a host write the device sees
  double_total<<<1, 1>>>();
  cudaDeviceSynchronize();
  std::printf("after double %d\n", host_total());
  return 0;
}

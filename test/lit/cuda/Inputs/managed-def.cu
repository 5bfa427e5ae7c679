// A __managed__ variable defined here and used by managed-use.cu (-rdc):
// its device code directly, its host code through functions of this file.
__managed__ int shared_total = 40;
__global__ void add_total(int n) { atomicAdd(&shared_total, n); }
void launch_add(int n) {
  add_total<<<1, 2>>>(n);
  cudaDeviceSynchronize();
}
int host_total() { return shared_total; }
void set_host_total(int v) { shared_total = v; }

// Defines a device function and a device variable for rdc-b.cu.
__device__ int counter = 5;
__device__ int twice(int x) { return 2 * x + counter; }
static __device__ int s = 1;
__global__ void ka(int *o) { o[4] = s; }

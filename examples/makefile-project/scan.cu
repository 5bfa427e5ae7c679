// A warp-level inclusive scan with shuffles, used from another file.
#include "scan.h"

__device__ unsigned warp_inclusive_scan(unsigned v) {
  int lane = threadIdx.x % 32;
  for (int d = 1; d < 32; d *= 2) {
    unsigned up = __shfl_up_sync(0xffffffffu, v, d);
    if (lane >= d)
      v += up;
  }
  return v;
}

// Host-only code, compiled by the system C++ compiler with the toolkit's
// headers: the reference result and the report.
#include "common.h"

#include <cstdio>
#include <cuda_runtime.h>

std::vector<unsigned> reference_cdf(const std::vector<unsigned> &data,
                                    int bins) {
  std::vector<unsigned> cdf(bins, 0);
  for (unsigned v : data)
    ++cdf[v % bins];
  for (int b = 1; b < bins; ++b)
    cdf[b] += cdf[b - 1];
  return cdf;
}

bool report(const char *what, const std::vector<unsigned> &got,
            const std::vector<unsigned> &want) {
  int device = -1;
  cudaGetDevice(&device);
  bool ok = got == want;
  std::printf("%s on device %d: last bin %u (expected %u): %s\n", what,
              device, got.back(), want.back(), ok ? "PASS" : "FAIL");
  return ok;
}

// scan.cu: an inclusive scan of one warp's values. Device code used by
// main.cu, so both are compiled with separate compilation (-dc).
#pragma once
__device__ unsigned warp_inclusive_scan(unsigned v);

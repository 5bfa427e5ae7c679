// Compiles cumetal's libdevice CUDA sources as host C++ (see
// libdevice_host_shim.h) so that the accuracy tests can call them.
#include "libdevice_host_shim.h"

// Order matters: later files call functions of earlier ones (bessel.cu
// calls exp_log.cu's __nv_log1pf).
// clang-format off
#include "../../../frontend/libdevice/rounding.cu"
#include "../../../frontend/libdevice/remainders.cu"
#include "../../../frontend/libdevice/roots.cu"
#include "../../../frontend/libdevice/exp_log.cu"
#include "../../../frontend/libdevice/erf.cu"
#include "../../../frontend/libdevice/gamma.cu"
#include "../../../frontend/libdevice/bessel.cu"
#include "../../../frontend/libdevice/integer.cu"
#include "../../../frontend/libdevice/simd_video.cu"
#include "../../../frontend/libdevice/fp64_soft.cu"
// clang-format on

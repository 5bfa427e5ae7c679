/*===- cumetal/__cumetal_cuda_preinclude.h - CUDA pre-include ----*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers. cumetalc force-includes this
 * file into every CUDA translation unit, in both the device pass and the
 * host pass (Clang 14 with -nocudainc), where nvcc would include
 * cuda_runtime.h and Clang would include __clang_cuda_runtime_wrapper.h.
 *
 * It defines nvcc's predefined macros, the CUDA declaration specifiers and
 * types, then reuses Clang's own self-contained CUDA headers from its
 * resource directory (part of our compiler, not of NVIDIA's SDK) in the
 * order __clang_cuda_runtime_wrapper.h uses them, then adds the documented
 * device API Clang lacks (cumetal/__cumetal_device_api.h) and the host
 * runtime API (cuda_runtime.h).
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_CUDA_PREINCLUDE_H__
#define __CUMETAL_CUDA_PREINCLUDE_H__

#if !defined(__CUDA__) || !defined(__clang__) || !defined(__cplusplus)
#error "the cumetal CUDA pre-include is for Clang's CUDA mode only"
#endif

/* Must precede <cmath>. */
#include <__clang_cuda_math_forward_declares.h>

/* What nvcc predefines. cumetal claims CUDA 12.0 (CUDA_VERSION 12000);
 * __CUDA_ARCH__ comes from Clang in the device pass. libstdc++ needs
 * __CUDACC__ before its headers (it then avoids __float128). */
#define __CUDACC__ 1
#define __NVCC__ 1
#define __CUDACC_VER_MAJOR__ 12
#define __CUDACC_VER_MINOR__ 0
#define __CUDACC_VER_BUILD__ 76
#define CUDA_VERSION 12000
#define __CUMETAL__ 1

#include <cmath>
#include <cstdlib>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
/* libstdc++'s <memory> spells __attribute__((__noinline__)), which the
 * __noinline__ macro of host_defines.h would break: include it first. */
#include <memory>

#include "host_defines.h"
#include "vector_types.h"

typedef unsigned int cuuint32_t;
typedef unsigned long long cuuint64_t;

/* Clang's self-contained device headers, in this order. The two middle
 * ones see CUDA_VERSION 9010: then the SIMD video intrinsics (__vadd2,
 * __vcmpeq4, ...) call libdevice's __nv_v* functions, which cumetal
 * implements (frontend/libdevice/simd_video.cu), instead of inline PTX.
 * Nothing else in these two headers depends on the version. */
// clang-format off
#include <__clang_cuda_builtin_vars.h>
#pragma push_macro("CUDA_VERSION")
#undef CUDA_VERSION
#define CUDA_VERSION 9010
#include <__clang_cuda_libdevice_declares.h>
#include <__clang_cuda_device_functions.h>
#pragma pop_macro("CUDA_VERSION")
#include <__clang_cuda_math.h>
// clang-format on

/* Device-side system calls. Clang rewrites printf into vprintf; the device
 * assert() of glibc calls __assert_fail, which forwards to __assertfail. */
extern "C" {
__device__ int vprintf(const char *, const char *);
__device__ int printf(const char *, ...);
__device__ void free(void *) __attribute__((nothrow));
__device__ void *malloc(size_t) __attribute__((nothrow))
__attribute__((malloc));
__device__ void __assertfail(const char *__message, const char *__file,
                             unsigned __line, const char *__function,
                             size_t __charSize);
__device__ static inline void __assert_fail(const char *__message,
                                            const char *__file, unsigned __line,
                                            const char *__function) {
  __assertfail(__message, __file, __line, __function, sizeof(char));
}
} // extern "C"

namespace std {
__device__ static inline void free(void *__ptr) { ::free(__ptr); }
__device__ static inline void *malloc(size_t __size) {
  return ::malloc(__size);
}
} // namespace std

/* The builtin index variables convert to dim3 and uint3. */
__device__ inline __cuda_builtin_threadIdx_t::operator dim3() const {
  return dim3(x, y, z);
}
__device__ inline __cuda_builtin_threadIdx_t::operator uint3() const {
  return {x, y, z};
}
__device__ inline __cuda_builtin_blockIdx_t::operator dim3() const {
  return dim3(x, y, z);
}
__device__ inline __cuda_builtin_blockIdx_t::operator uint3() const {
  return {x, y, z};
}
__device__ inline __cuda_builtin_blockDim_t::operator dim3() const {
  return dim3(x, y, z);
}
__device__ inline __cuda_builtin_blockDim_t::operator uint3() const {
  return {x, y, z};
}
__device__ inline __cuda_builtin_gridDim_t::operator dim3() const {
  return dim3(x, y, z);
}
__device__ inline __cuda_builtin_gridDim_t::operator uint3() const {
  return {x, y, z};
}

#include <__clang_cuda_cmath.h>
/* Clang implements these with inline PTX (and __fns with an NVVM intrinsic
 * of its own); cumetal/__cumetal_device_api.h defines them without (Clang's
 * versions are renamed out of the way). */
#pragma push_macro("__activemask")
#pragma push_macro("__fns")
#pragma push_macro("__funnelshift_l")
#pragma push_macro("__funnelshift_lc")
#pragma push_macro("__funnelshift_r")
#pragma push_macro("__funnelshift_rc")
#pragma push_macro("__shfl_xor_sync")
#pragma push_macro("__shfl_down_sync")
#pragma push_macro("__shfl_up_sync")
#pragma push_macro("__shfl_sync")
#define __activemask __clang_ptx_activemask
#define __fns __clang_nvvm_fns
#define __funnelshift_l __clang_ptx_funnelshift_l
#define __funnelshift_lc __clang_ptx_funnelshift_lc
#define __funnelshift_r __clang_ptx_funnelshift_r
#define __funnelshift_rc __clang_ptx_funnelshift_rc
#define __shfl_xor_sync __clang_ptx__shfl_xor_sync
#define __shfl_down_sync __clang_ptx__shfl_down_sync
#define __shfl_up_sync __clang_ptx__shfl_up_sync
#define __shfl_sync __clang_ptx__shfl_sync
#include <__clang_cuda_intrinsics.h>
#pragma pop_macro("__activemask")
#pragma pop_macro("__fns")
#pragma pop_macro("__funnelshift_l")
#pragma pop_macro("__funnelshift_lc")
#pragma pop_macro("__funnelshift_r")
#pragma pop_macro("__funnelshift_rc")
#pragma pop_macro("__shfl_xor_sync")
#pragma pop_macro("__shfl_down_sync")
#pragma pop_macro("__shfl_up_sync")
#pragma pop_macro("__shfl_sync")
#include <__clang_cuda_complex_builtins.h>

#include "cumetal/__cumetal_device_api.h"

/* The host runtime API, as nvcc includes it implicitly. */
#include "cuda_runtime.h"

/* device_launch_parameters.h names nothing the builtin variables above do
 * not already provide. */
#define __DEVICE_LAUNCH_PARAMETERS_H__

#endif /* __CUMETAL_CUDA_PREINCLUDE_H__ */

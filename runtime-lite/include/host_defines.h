/*===- host_defines.h - CUDA declaration specifiers -------------*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA documentation.
 *
 * The execution-space and memory-space specifiers (__host__, __device__,
 * __global__, __shared__, __constant__, __managed__) and the helper macros
 * CUDA headers and programs use. Under Clang's CUDA mode they map onto
 * Clang's CUDA attributes; in a plain host compiler (g++ including
 * cuda_runtime.h) they expand to nothing, as with NVIDIA's headers.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __HOST_DEFINES_H__
#define __HOST_DEFINES_H__

#if defined(__CUDA__) && defined(__clang__)
#define __CUMETAL_CUDA_COMPILER__ 1
#endif

#if defined(__CUMETAL_CUDA_COMPILER__)
#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
/* Clang 14 ignores the 'managed' attribute in CUDA mode (with a warning);
 * a __managed__ variable is compiled as a __device__ variable, marked in
 * the host pass so that cumetalc sends host accesses to its device memory
 * (frontend/ManagedVariables.cpp). */
#if defined(__CUDA_ARCH__)
#define __managed__ __attribute__((device))
#else
#define __managed__ __attribute__((device, annotate("cumetal.managed")))
#endif
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#else
#define __host__
#define __device__
#define __global__
#define __shared__
#define __constant__
#define __managed__
#define __launch_bounds__(...)
#endif

/* Clang 14 has no __grid_constant__; a const kernel parameter already lives
 * in the read-only parameter block. */
#define __grid_constant__

#define __forceinline__ __inline__ __attribute__((always_inline))
#if defined(__CUMETAL_CUDA_COMPILER__) || defined(__CUDACC__)
#define __noinline__ __attribute__((noinline))
#endif
#define __align__(n) __attribute__((aligned(n)))
#define __thread__ __thread
#define __import__
#define __export__
#define __cdecl
#define __annotate__(a) __attribute__((a))
#define __location__(a) __annotate__(a)
#define __builtin_align__(a) __align__(a)
#define __CUDA_ALIGN__(n) __align__(n)
#define __nv_pure__ __attribute__((pure))
#define __specialization_static

#define __device_builtin__
#define __device_builtin_texture_type__
#define __device_builtin_surface_type__
#define __cudart_builtin__

#define CUDARTAPI
#define CUDARTAPI_CDECL
#define CUDART_CB

#if defined(__cplusplus)
#define __dv(v) = v
#else
#define __dv(v)
#endif

#endif /* __HOST_DEFINES_H__ */

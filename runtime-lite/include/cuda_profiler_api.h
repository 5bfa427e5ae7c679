/*===- cuda_profiler_api.h - profiler control --------------------*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers. cudaProfilerStart/Stop are
 * accepted and have no effect.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUDA_PROFILER_API_H__
#define __CUDA_PROFILER_API_H__

#include "cuda_runtime_api.h"

#endif /* __CUDA_PROFILER_API_H__ */

/*===- cuda_device_runtime_api.h - device-side runtime API ------*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers. CUDA's device runtime
 * (dynamic parallelism) is not supported by cumetal; this header only
 * provides the host runtime API for programs that include it.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUDA_DEVICE_RUNTIME_API_H__
#define __CUDA_DEVICE_RUNTIME_API_H__

#include "cuda_runtime_api.h"

#endif /* __CUDA_DEVICE_RUNTIME_API_H__ */

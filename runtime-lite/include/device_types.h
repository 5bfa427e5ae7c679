/*===- device_types.h - thin include
 *--------------------------------------------------===//
 *
 * Part of cumetalc's clean-room CUDA headers. Programs include this NVIDIA
 * header name; in a CUDA compilation everything it would declare is already
 * provided by the cumetal pre-include, so it only makes sure that is
 * present. In a plain host compiler it provides the runtime API.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_THIN_DEVICE_TYPES_H__
#define __CUMETAL_THIN_DEVICE_TYPES_H__

#if defined(__CUDA__) && defined(__clang__)
#include "cumetal/__cumetal_cuda_preinclude.h"
#else
#include "cuda_runtime.h"
#endif

#endif /* __CUMETAL_THIN_DEVICE_TYPES_H__ */

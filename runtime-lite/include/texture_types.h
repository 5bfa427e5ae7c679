/*===- texture_types.h - CUDA texture object handle ---------------*- C -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers. Texture objects are not
 * supported by cumetal; the handle type is declared so that code naming it
 * compiles.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __TEXTURE_TYPES_H__
#define __TEXTURE_TYPES_H__

#include "driver_types.h"

typedef __device_builtin__ unsigned long long cudaTextureObject_t;

#endif /* __TEXTURE_TYPES_H__ */

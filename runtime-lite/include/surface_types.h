/*===- surface_types.h - CUDA surface object handle ---------------*- C -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers. Surface objects are not
 * supported by cumetal; the handle type is declared so that code naming it
 * compiles.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __SURFACE_TYPES_H__
#define __SURFACE_TYPES_H__

#include "driver_types.h"

typedef __device_builtin__ unsigned long long cudaSurfaceObject_t;

#endif /* __SURFACE_TYPES_H__ */

/*===- builtin_types.h - CUDA built-in types ----------------------*- C -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers: every type header at once.
 *
 *===----------------------------------------------------------------------===*/

#include "driver_types.h"
#include "surface_types.h"
#include "texture_types.h"
#include "vector_types.h"

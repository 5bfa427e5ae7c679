/*===- crt/host_defines.h - CUDA declaration specifiers ---------*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers. Some programs include the crt/
 * spelling; it is the same header.
 *
 *===----------------------------------------------------------------------===*/

#include "../host_defines.h"

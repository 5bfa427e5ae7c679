/*===- vector_functions.hpp - make_<type>N constructors --------*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers; the definitions live in
 * vector_functions.h.
 *
 *===----------------------------------------------------------------------===*/

#include "vector_functions.h"

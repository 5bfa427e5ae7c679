/*===- crt/sm_70_rt.hpp - compute capability 7.0 warp matching --*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA documentation ("Warp Match Functions"). Clang's
 * __clang_cuda_intrinsics.h includes this file for sm_70 and newer after
 * defining __match{32,64}_{any,all}_sync; here are the documented
 * overloads on top of them.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_CRT_SM_70_RT_HPP__
#define __CUMETAL_CRT_SM_70_RT_HPP__

#pragma push_macro("__CUMETAL_MATCH__")
#define __CUMETAL_MATCH__ static __inline__ __device__

__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask,
                                                unsigned int value) {
  return __match32_any_sync(mask, value);
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask, int value) {
  return __match32_any_sync(mask, (unsigned int)value);
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask,
                                                unsigned long long value) {
  return (unsigned int)__match64_any_sync(mask, value);
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask,
                                                long long value) {
  return (unsigned int)__match64_any_sync(mask, (unsigned long long)value);
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask,
                                                unsigned long value) {
  return sizeof(long) == 8
             ? (unsigned int)__match64_any_sync(mask, (unsigned long long)value)
             : __match32_any_sync(mask, (unsigned int)value);
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask, long value) {
  return __match_any_sync(mask, (unsigned long)value);
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask,
                                                float value) {
  return __match32_any_sync(mask, __float_as_uint(value));
}
__CUMETAL_MATCH__ unsigned int __match_any_sync(unsigned int mask,
                                                double value) {
  return (unsigned int)__match64_any_sync(
      mask, (unsigned long long)__double_as_longlong(value));
}

__CUMETAL_MATCH__ unsigned int __match_all_sync(unsigned int mask,
                                                unsigned int value, int *pred) {
  return __match32_all_sync(mask, value, pred);
}
__CUMETAL_MATCH__ unsigned int __match_all_sync(unsigned int mask, int value,
                                                int *pred) {
  return __match32_all_sync(mask, (unsigned int)value, pred);
}
__CUMETAL_MATCH__ unsigned int
__match_all_sync(unsigned int mask, unsigned long long value, int *pred) {
  return (unsigned int)__match64_all_sync(mask, value, pred);
}
__CUMETAL_MATCH__ unsigned int __match_all_sync(unsigned int mask,
                                                long long value, int *pred) {
  return (unsigned int)__match64_all_sync(mask, (unsigned long long)value,
                                          pred);
}
__CUMETAL_MATCH__ unsigned int
__match_all_sync(unsigned int mask, unsigned long value, int *pred) {
  return sizeof(long) == 8
             ? (unsigned int)__match64_all_sync(mask, (unsigned long long)value,
                                                pred)
             : __match32_all_sync(mask, (unsigned int)value, pred);
}
__CUMETAL_MATCH__ unsigned int __match_all_sync(unsigned int mask, long value,
                                                int *pred) {
  return __match_all_sync(mask, (unsigned long)value, pred);
}
__CUMETAL_MATCH__ unsigned int __match_all_sync(unsigned int mask, float value,
                                                int *pred) {
  return __match32_all_sync(mask, __float_as_uint(value), pred);
}
__CUMETAL_MATCH__ unsigned int __match_all_sync(unsigned int mask, double value,
                                                int *pred) {
  return (unsigned int)__match64_all_sync(
      mask, (unsigned long long)__double_as_longlong(value), pred);
}

#pragma pop_macro("__CUMETAL_MATCH__")

#endif /* __CUMETAL_CRT_SM_70_RT_HPP__ */

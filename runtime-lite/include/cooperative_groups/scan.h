/*===- cooperative_groups/scan.h - Cooperative Groups scans -----*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from the Cooperative
 * Groups chapter of NVIDIA's public CUDA C++ Programming Guide:
 * cg::inclusive_scan and cg::exclusive_scan over a thread_block_tile or a
 * coalesced_group, with cg::plus by default or any associative binary
 * function object or lambda.
 *
 * The inclusive scan is Hillis-Steele over shfl_up (strides 1, 2, 4, ...),
 * combining the lower ranks' partial result on the left; the exclusive scan
 * moves it up one rank. The documentation leaves rank 0's exclusive result
 * unspecified; here it is the value-initialised result type (0 for
 * arithmetic types).
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_COOPERATIVE_GROUPS_SCAN_H__
#define __CUMETAL_COOPERATIVE_GROUPS_SCAN_H__

#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

#pragma push_macro("__CG_QUALIFIER__")
#define __CG_QUALIFIER__ __device__ __forceinline__

namespace cooperative_groups {

namespace __cumetal_cg {

template <typename _Tp, typename _Group, typename _Op>
__CG_QUALIFIER__ _Tp __inclusive_scan(const _Group &__g, _Tp __v, _Op &__op) {
  static_assert(__is_warp_group<_Group>::value,
                "cg::inclusive_scan and cg::exclusive_scan take a "
                "thread_block_tile or a coalesced_group");
  unsigned int __n = (unsigned int)__g.num_threads();
  unsigned int __rank = (unsigned int)__g.thread_rank();
  for (unsigned int __stride = 1; __stride < __n; __stride *= 2) {
    _Tp __lower = __g.shfl_up(__v, __stride);
    if (__rank >= __stride)
      __v = __op(__lower, __v);
  }
  return __v;
}

template <typename _Tp, typename _Group, typename _Op>
__CG_QUALIFIER__ _Tp __exclusive_scan(const _Group &__g, _Tp __v, _Op &__op) {
  _Tp __below = __g.shfl_up(__inclusive_scan(__g, __v, __op), 1);
  return __g.thread_rank() == 0 ? _Tp() : __below;
}

} // namespace __cumetal_cg

/// Every member gets the reduction by \p __op of the values of the ranks up
/// to and including its own.
template <typename _Group, typename _Arg, typename _Op>
__CG_QUALIFIER__ auto inclusive_scan(const _Group &__g, _Arg &&__val,
                                     _Op &&__op) ->
    typename std::decay<decltype(__op(__val, __val))>::type {
  typedef typename std::decay<decltype(__op(__val, __val))>::type _Tp;
  return __cumetal_cg::__inclusive_scan(__g, _Tp(__val), __op);
}
template <typename _Group, typename _Arg>
__CG_QUALIFIER__ typename std::decay<_Arg>::type
inclusive_scan(const _Group &__g, _Arg &&__val) {
  return inclusive_scan(__g, __val, plus<typename std::decay<_Arg>::type>());
}

/// Every member gets the reduction by \p __op of the values of the ranks
/// below its own.
template <typename _Group, typename _Arg, typename _Op>
__CG_QUALIFIER__ auto exclusive_scan(const _Group &__g, _Arg &&__val,
                                     _Op &&__op) ->
    typename std::decay<decltype(__op(__val, __val))>::type {
  typedef typename std::decay<decltype(__op(__val, __val))>::type _Tp;
  return __cumetal_cg::__exclusive_scan(__g, _Tp(__val), __op);
}
template <typename _Group, typename _Arg>
__CG_QUALIFIER__ typename std::decay<_Arg>::type
exclusive_scan(const _Group &__g, _Arg &&__val) {
  return exclusive_scan(__g, __val, plus<typename std::decay<_Arg>::type>());
}

} // namespace cooperative_groups

#pragma pop_macro("__CG_QUALIFIER__")

#endif /* __CUMETAL_COOPERATIVE_GROUPS_SCAN_H__ */

/*===- cooperative_groups/reduce.h - Cooperative Groups reduce --*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from the Cooperative
 * Groups chapter of NVIDIA's public CUDA C++ Programming Guide: cg::reduce
 * over a thread_block_tile or a coalesced_group, and the function objects
 * cg::plus, cg::less (minimum), cg::greater (maximum), cg::bit_and,
 * cg::bit_or and cg::bit_xor. Any associative and commutative binary function
 * object or lambda works too.
 *
 * A tile reduces with a xor butterfly (strides size/2 ... 1), after which
 * every rank holds the result. A coalesced group may have any size: a
 * pairwise tree in rank order over shfl_down, then rank 0's result is
 * broadcast. Both combine the lower ranks' partial result on the left.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_COOPERATIVE_GROUPS_REDUCE_H__
#define __CUMETAL_COOPERATIVE_GROUPS_REDUCE_H__

#include <cooperative_groups.h>

#pragma push_macro("__CG_QUALIFIER__")
#define __CG_QUALIFIER__ __device__ __forceinline__

namespace cooperative_groups {

#define __CUMETAL_CG_FUNCTOR(NAME, EXPR)                                       \
  template <typename _Tp> struct NAME {                                        \
    __CG_QUALIFIER__ _Tp operator()(const _Tp &__a, const _Tp &__b) const {    \
      return EXPR;                                                             \
    }                                                                          \
  };
__CUMETAL_CG_FUNCTOR(plus, __a + __b)
__CUMETAL_CG_FUNCTOR(less, __b < __a ? __b : __a)
__CUMETAL_CG_FUNCTOR(greater, __a < __b ? __b : __a)
__CUMETAL_CG_FUNCTOR(bit_and, (__a & __b))
__CUMETAL_CG_FUNCTOR(bit_or, __a | __b)
__CUMETAL_CG_FUNCTOR(bit_xor, __a ^ __b)
#undef __CUMETAL_CG_FUNCTOR

namespace __cumetal_cg {

template <typename _Tp, typename _Op, unsigned int _Size, typename _Parent>
__CG_QUALIFIER__ _Tp __reduce(const thread_block_tile<_Size, _Parent> &__g,
                              _Tp __v, _Op &__op) {
  for (unsigned int __stride = _Size / 2; __stride > 0; __stride /= 2)
    __v = __op(__v, __g.shfl_xor(__v, __stride));
  return __v;
}

template <typename _Tp, typename _Op>
__CG_QUALIFIER__ _Tp __reduce(const coalesced_group &__g, _Tp __v, _Op &__op) {
  unsigned int __n = (unsigned int)__g.num_threads();
  unsigned int __rank = (unsigned int)__g.thread_rank();
  // After the round of stride s, each rank that is a multiple of 2s holds
  // the reduction of ranks [rank, rank + 2s).
  for (unsigned int __stride = 1; __stride < __n; __stride *= 2) {
    _Tp __other = __g.shfl_down(__v, __stride);
    if ((__rank & (2 * __stride - 1)) == 0 && __rank + __stride < __n)
      __v = __op(__v, __other);
  }
  return __g.shfl(__v, 0);
}

} // namespace __cumetal_cg

/// The reduction of every member's \p __val by \p __op, returned to every
/// member.
template <typename _Group, typename _Arg, typename _Op>
__CG_QUALIFIER__ auto reduce(const _Group &__g, _Arg &&__val, _Op &&__op) ->
    typename std::decay<decltype(__op(__val, __val))>::type {
  static_assert(__cumetal_cg::__is_warp_group<_Group>::value,
                "cg::reduce takes a thread_block_tile or a coalesced_group");
  typedef typename std::decay<decltype(__op(__val, __val))>::type _Tp;
  return __cumetal_cg::__reduce(__g, _Tp(__val), __op);
}

} // namespace cooperative_groups

#pragma pop_macro("__CG_QUALIFIER__")

#endif /* __CUMETAL_COOPERATIVE_GROUPS_REDUCE_H__ */

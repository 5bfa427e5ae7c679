/*===- cooperative_groups/memcpy_async.h - Group copies ---------*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from the Cooperative
 * Groups chapter of NVIDIA's public CUDA C++ Programming Guide:
 * cg::memcpy_async, cg::wait and cg::wait_prior.
 *
 * The copy is synchronous, each member copying a strided share, and the
 * waits synchronise the group. That is a valid implementation of the
 * documented contract: the destination may be read only after cg::wait()
 * (or cg::wait_prior()), by when every member's share is complete and
 * visible to the whole group.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_COOPERATIVE_GROUPS_MEMCPY_ASYNC_H__
#define __CUMETAL_COOPERATIVE_GROUPS_MEMCPY_ASYNC_H__

#include <cooperative_groups.h>

#pragma push_macro("__CG_QUALIFIER__")
#define __CG_QUALIFIER__ __device__ __forceinline__

namespace cooperative_groups {

namespace __cumetal_cg {

/// Copies __bytes bytes, the group's members taking turns by rank: 32-bit
/// words when the element type guarantees their alignment, else bytes.
template <typename _Group, typename _Elem>
__CG_QUALIFIER__ void __group_copy(const _Group &__g, _Elem *__dst,
                                   const _Elem *__src, size_t __bytes) {
  size_t __rank = (size_t)__g.thread_rank(), __n = (size_t)__g.num_threads();
  if (alignof(_Elem) >= 4 && __bytes % 4 == 0) {
    unsigned int *__d = (unsigned int *)__dst;
    const unsigned int *__s = (const unsigned int *)__src;
    for (size_t __i = __rank; __i < __bytes / 4; __i += __n)
      __d[__i] = __s[__i];
  } else {
    char *__d = (char *)__dst;
    const char *__s = (const char *)__src;
    for (size_t __i = __rank; __i < __bytes; __i += __n)
      __d[__i] = __s[__i];
  }
}

} // namespace __cumetal_cg

/// Copies \p __shape bytes (a size_t or anything that converts to one).
template <typename _Group, typename _Elem, typename _Shape>
__CG_QUALIFIER__ void memcpy_async(const _Group &__g, _Elem *__restrict__ __dst,
                                   const _Elem *__restrict__ __src,
                                   const _Shape &__shape) {
  __cumetal_cg::__group_copy(__g, __dst, __src, (size_t)__shape);
}

/// Copies min(__dst_layout, __src_layout) elements.
template <typename _Group, typename _Elem, typename _DstLayout,
          typename _SrcLayout>
__CG_QUALIFIER__ void memcpy_async(const _Group &__g, _Elem *__restrict__ __dst,
                                   const _DstLayout &__dst_layout,
                                   const _Elem *__restrict__ __src,
                                   const _SrcLayout &__src_layout) {
  size_t __d = (size_t)__dst_layout, __s = (size_t)__src_layout;
  __cumetal_cg::__group_copy(__g, __dst, __src,
                             (__d < __s ? __d : __s) * sizeof(_Elem));
}

/// Waits for the group's copies: all of them, or all but the _NumStages
/// most recent (none are ever pending here).
template <typename _Group> __CG_QUALIFIER__ void wait(const _Group &__g) {
  __g.sync();
}
template <unsigned int _NumStages, typename _Group>
__CG_QUALIFIER__ void wait_prior(const _Group &__g) {
  __g.sync();
}

} // namespace cooperative_groups

#pragma pop_macro("__CG_QUALIFIER__")

#endif /* __CUMETAL_COOPERATIVE_GROUPS_MEMCPY_ASYNC_H__ */

/*===- cooperative_groups.h - CUDA Cooperative Groups -----------*- C++ -*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from the Cooperative
 * Groups chapter of NVIDIA's public CUDA C++ Programming Guide. Collectives
 * are in <cooperative_groups/reduce.h> and <cooperative_groups/scan.h>.
 *
 * Every group below a thread block lives in one warp (an Apple SIMD-group of
 * 32 lanes), so a group object is either "the whole block" or "these lanes
 * of my warp", held as a lane mask; the warp intrinsics do the work:
 *
 *  - thread_block, this_thread_block(): the block's index arithmetic and
 *    __syncthreads();
 *  - thread_block_tile<N> (N = 1, 2, 4, ..., 32), from tiled_partition<N>():
 *    N consecutive thread ranks, hence an aligned run of N lanes. Shuffles
 *    pass width N; votes and matches shift the warp-wide masks down to the
 *    tile's first lane, so bit k stands for tile rank k;
 *  - coalesced_group, from coalesced_threads(): the lanes of __activemask(),
 *    ranked in lane order. Rank k lives in the lane of the mask's k-th set
 *    bit; vote and match results are compacted to rank order;
 *  - thread_group: any of the above, type-erased; tiled_partition(g, n)
 *    partitions one at run time;
 *  - grid_group, this_grid(): sizes and ranks. grid_group::sync() is a
 *    compile-time error: it needs a cooperative launch, which guarantees
 *    that every block of the grid is resident, and cumetal has none yet.
 *
 * Not provided: multi_grid_group, cluster_group, thread_block::barrier_arrive
 * and barrier_wait, tiles larger than 32 threads, binary_partition,
 * labeled_partition, tiled_partition of a coalesced_group into static tiles.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_COOPERATIVE_GROUPS_H__
#define __CUMETAL_COOPERATIVE_GROUPS_H__

#include <type_traits>

#pragma push_macro("__CG_QUALIFIER__")
#pragma push_macro("__CG_STATIC_QUALIFIER__")
#define __CG_QUALIFIER__ __device__ __forceinline__
#define __CG_STATIC_QUALIFIER__ static __device__ __forceinline__
#define __CUMETAL_CG_NO_GRID_SYNC__                                            \
  __attribute__((unavailable(                                                  \
      "grid-wide synchronisation needs a cooperative launch "                  \
      "(cudaLaunchCooperativeKernel), which cumetal does not provide yet")))

namespace cooperative_groups {

class thread_group;
class thread_block;
class grid_group;
class coalesced_group;
template <unsigned int _Size, typename _Parent = void> class thread_block_tile;

/* Implementation details ------------------------------------------------- */
namespace __cumetal_cg {

/// The calling thread's lane in its warp, and the mask of the lanes below.
__CG_QUALIFIER__ unsigned int __lane() { return __nvvm_read_ptx_sreg_laneid(); }
__CG_QUALIFIER__ unsigned int __lanes_below() {
  return __nvvm_read_ptx_sreg_lanemask_lt();
}

/// The calling thread's rank in its block, and the block's size.
__CG_QUALIFIER__ unsigned int __block_rank() {
  return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
}
__CG_QUALIFIER__ unsigned int __block_size() {
  return blockDim.x * blockDim.y * blockDim.z;
}

/// The low \p __n bits set, for __n <= 32.
static constexpr __host__ __device__ unsigned int __low_bits(unsigned int __n) {
  return __n >= 32 ? ~0u : (1u << __n) - 1u;
}

/// The position of the set bit of \p __m with \p __k set bits below it
/// (__k < __popc(__m)): a binary search on population counts.
__CG_QUALIFIER__ unsigned int __nth_set_bit(unsigned int __m,
                                            unsigned int __k) {
  unsigned int __pos = 0;
  for (unsigned int __w = 16; __w > 0; __w /= 2) {
    unsigned int __below = __popc((__m >> __pos) & __low_bits(__w));
    if (__k >= __below) {
      __k -= __below;
      __pos += __w;
    }
  }
  return __pos;
}

/// The bits of \p __bits at the positions of \p __m's set bits, packed
/// towards bit 0 in order: a lane mask turned into a rank mask.
__CG_QUALIFIER__ unsigned int __compact(unsigned int __bits, unsigned int __m) {
  unsigned int __r = 0;
  for (unsigned int __k = 0; __m; __m &= __m - 1u, ++__k)
    if (__bits & __m & (0u - __m))
      __r |= 1u << __k;
  return __r;
}

/// Moves a trivially copyable value as 32-bit words through \p __move (one
/// warp shuffle per word).
template <typename _Tp, typename _Move>
__CG_QUALIFIER__ _Tp __shuffle_words(const _Tp &__v, _Move __move) {
  static_assert(std::is_trivially_copyable<_Tp>::value,
                "cooperative_groups shuffles need a trivially copyable type");
  union __words {
    _Tp __value;
    unsigned int __w[(sizeof(_Tp) + 3) / 4];
    __CG_QUALIFIER__ __words() {}
  } __u;
  __builtin_memcpy(&__u.__value, &__v, sizeof(_Tp));
  for (unsigned int __i = 0; __i < sizeof(__u.__w) / 4; ++__i)
    __u.__w[__i] = __move(__u.__w[__i]);
  return __u.__value;
}

/// The bit pattern of a 32- or 64-bit value, for the match functions.
template <unsigned int _Bytes> struct __match_word {
  static_assert(_Bytes == 4 || _Bytes == 8,
                "match_any/match_all compare 32- or 64-bit values");
  typedef unsigned int type;
};
template <> struct __match_word<8> { typedef unsigned long long type; };
template <typename _Tp>
__CG_QUALIFIER__ typename __match_word<sizeof(_Tp)>::type
__match_bits(const _Tp &__v) {
  return __builtin_bit_cast(typename __match_word<sizeof(_Tp)>::type, __v);
}

/// Builds groups through their non-public constructors.
struct __access;

/// True for the groups of one warp that reduce and scan accept.
template <typename _Group> struct __is_warp_group : std::false_type {};
template <unsigned int _Size, typename _Parent>
struct __is_warp_group<thread_block_tile<_Size, _Parent>> : std::true_type {};
template <> struct __is_warp_group<coalesced_group> : std::true_type {};

} // namespace __cumetal_cg

/* thread_group ------------------------------------------------------------ */

/// Any group, type-erased: the whole block, or a set of lanes of the calling
/// warp (a tile or a coalesced group).
class thread_group {
protected:
  enum __kind_t : unsigned int { __block_kind, __warp_kind };
  __kind_t __kind;
  unsigned int __mask; ///< __warp_kind: the member lanes

  __CG_QUALIFIER__ thread_group(__kind_t __k, unsigned int __m)
      : __kind(__k), __mask(__m) {}
  friend struct __cumetal_cg::__access;

public:
  __CG_QUALIFIER__ void sync() const {
    if (__kind == __block_kind)
      __syncthreads();
    else
      __syncwarp(__mask);
  }
  __CG_QUALIFIER__ unsigned long long num_threads() const {
    return __kind == __block_kind ? __cumetal_cg::__block_size()
                                  : __popc(__mask);
  }
  __CG_QUALIFIER__ unsigned long long thread_rank() const {
    return __kind == __block_kind
               ? __cumetal_cg::__block_rank()
               : __popc(__mask & __cumetal_cg::__lanes_below());
  }
  __CG_QUALIFIER__ bool is_valid() const { return true; }
  /// Legacy alias of num_threads().
  __CG_QUALIFIER__ unsigned long long size() const { return num_threads(); }
};

/* thread_block ------------------------------------------------------------ */

class thread_block : public thread_group {
  __CG_QUALIFIER__ thread_block() : thread_group(__block_kind, 0) {}
  friend struct __cumetal_cg::__access;

public:
  __CG_STATIC_QUALIFIER__ void sync() { __syncthreads(); }
  __CG_STATIC_QUALIFIER__ unsigned int thread_rank() {
    return __cumetal_cg::__block_rank();
  }
  __CG_STATIC_QUALIFIER__ unsigned int num_threads() {
    return __cumetal_cg::__block_size();
  }
  __CG_STATIC_QUALIFIER__ dim3 group_index() { return blockIdx; }
  __CG_STATIC_QUALIFIER__ dim3 thread_index() { return threadIdx; }
  __CG_STATIC_QUALIFIER__ dim3 dim_threads() { return blockDim; }
  /// Legacy aliases of num_threads() and dim_threads().
  __CG_STATIC_QUALIFIER__ unsigned int size() { return num_threads(); }
  __CG_STATIC_QUALIFIER__ dim3 group_dim() { return dim_threads(); }
};

/* grid_group -------------------------------------------------------------- */

class grid_group {
  __CG_QUALIFIER__ grid_group() {}
  friend struct __cumetal_cg::__access;

public:
  /// Whether the grid can synchronise: never, without a cooperative launch.
  __CG_QUALIFIER__ bool is_valid() const { return false; }
  __CG_QUALIFIER__ void sync() const __CUMETAL_CG_NO_GRID_SYNC__;

  __CG_STATIC_QUALIFIER__ unsigned long long num_blocks() {
    return (unsigned long long)gridDim.x * gridDim.y * gridDim.z;
  }
  __CG_STATIC_QUALIFIER__ unsigned long long block_rank() {
    return ((unsigned long long)blockIdx.z * gridDim.y + blockIdx.y) *
               gridDim.x +
           blockIdx.x;
  }
  __CG_STATIC_QUALIFIER__ unsigned long long num_threads() {
    return num_blocks() * thread_block::num_threads();
  }
  __CG_STATIC_QUALIFIER__ unsigned long long thread_rank() {
    return block_rank() * thread_block::num_threads() +
           thread_block::thread_rank();
  }
  __CG_STATIC_QUALIFIER__ dim3 dim_blocks() { return gridDim; }
  __CG_STATIC_QUALIFIER__ dim3 block_index() { return blockIdx; }
  /// Legacy aliases of num_threads() and dim_blocks().
  __CG_STATIC_QUALIFIER__ unsigned long long size() { return num_threads(); }
  __CG_STATIC_QUALIFIER__ dim3 group_dim() { return dim_blocks(); }
};

/* thread_block_tile -------------------------------------------------------- */

/// _Size consecutive threads of a block: an aligned run of _Size lanes of
/// one warp. thread_block_tile<_Size, _Parent> (what tiled_partition returns)
/// converts to this parent-agnostic form.
template <unsigned int _Size>
class thread_block_tile<_Size, void> : public thread_group {
  static_assert(_Size > 0 && _Size <= 32 && (_Size & (_Size - 1)) == 0,
                "thread_block_tile sizes are powers of two up to 32");
  static constexpr unsigned int __low = __cumetal_cg::__low_bits(_Size);
  unsigned int __meta_rank, __meta_size;

  /// The warp's lane of tile rank 0.
  __CG_STATIC_QUALIFIER__ unsigned int __base() {
    return __cumetal_cg::__lane() & ~(_Size - 1);
  }

protected:
  __CG_QUALIFIER__ thread_block_tile(unsigned int __r, unsigned int __n)
      : thread_group(__warp_kind, __low << __base()), __meta_rank(__r),
        __meta_size(__n) {}

public:
  __CG_QUALIFIER__ void sync() const { __syncwarp(__mask); }
  __CG_STATIC_QUALIFIER__ constexpr unsigned long long num_threads() {
    return _Size;
  }
  __CG_STATIC_QUALIFIER__ unsigned long long thread_rank() {
    return __cumetal_cg::__lane() & (_Size - 1);
  }
  /// The tile's rank among the tiles its parent was partitioned into, and
  /// their number.
  __CG_QUALIFIER__ unsigned long long meta_group_rank() const {
    return __meta_rank;
  }
  __CG_QUALIFIER__ unsigned long long meta_group_size() const {
    return __meta_size;
  }
  /// Legacy alias of num_threads().
  __CG_STATIC_QUALIFIER__ constexpr unsigned long long size() { return _Size; }

  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl(_Tp __v, unsigned int __src_rank) const {
    return __cumetal_cg::__shuffle_words(__v, [&](unsigned int __w) {
      return __shfl_sync(__mask, __w, (int)__src_rank, _Size);
    });
  }
  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl_up(_Tp __v, unsigned int __delta) const {
    return __cumetal_cg::__shuffle_words(__v, [&](unsigned int __w) {
      return __shfl_up_sync(__mask, __w, __delta, _Size);
    });
  }
  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl_down(_Tp __v, unsigned int __delta) const {
    return __cumetal_cg::__shuffle_words(__v, [&](unsigned int __w) {
      return __shfl_down_sync(__mask, __w, __delta, _Size);
    });
  }
  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl_xor(_Tp __v, unsigned int __lane_mask) const {
    return __cumetal_cg::__shuffle_words(__v, [&](unsigned int __w) {
      return __shfl_xor_sync(__mask, __w, (int)__lane_mask, _Size);
    });
  }

  __CG_QUALIFIER__ int any(int __pred) const {
    return __any_sync(__mask, __pred);
  }
  __CG_QUALIFIER__ int all(int __pred) const {
    return __all_sync(__mask, __pred);
  }
  /// Bit k: the predicate of tile rank k.
  __CG_QUALIFIER__ unsigned int ballot(int __pred) const {
    return (__ballot_sync(__mask, __pred) >> __base()) & __low;
  }
  /// Bit k: whether tile rank k holds the same value.
  template <typename _Tp>
  __CG_QUALIFIER__ unsigned int match_any(_Tp __v) const {
    return (__match_any_sync(__mask, __cumetal_cg::__match_bits(__v)) >>
            __base()) &
           __low;
  }
  /// Every rank's bit if all ranks hold the same value (__pred = 1), else
  /// 0 (__pred = 0).
  template <typename _Tp>
  __CG_QUALIFIER__ unsigned int match_all(_Tp __v, int &__pred) const {
    return (__match_all_sync(__mask, __cumetal_cg::__match_bits(__v),
                             &__pred) >>
            __base()) &
           __low;
  }
};

template <unsigned int _Size, typename _Parent>
class thread_block_tile : public thread_block_tile<_Size, void> {
  __CG_QUALIFIER__ thread_block_tile(unsigned int __r, unsigned int __n)
      : thread_block_tile<_Size, void>(__r, __n) {}
  friend struct __cumetal_cg::__access;
};

/* coalesced_group --------------------------------------------------------- */

/// The lanes of a warp that were active together, ranked in lane order.
class coalesced_group : public thread_group {
  __CG_QUALIFIER__ explicit coalesced_group(unsigned int __m)
      : thread_group(__warp_kind, __m) {}
  friend struct __cumetal_cg::__access;

  /// The lane of rank \p __rank.
  __CG_QUALIFIER__ int __lane_of(unsigned int __rank) const {
    return (int)__cumetal_cg::__nth_set_bit(__mask, __rank);
  }
  template <typename _Tp>
  __CG_QUALIFIER__ _Tp __read_lane(_Tp __v, int __lane) const {
    return __cumetal_cg::__shuffle_words(__v, [&](unsigned int __w) {
      return __shfl_sync(__mask, __w, __lane);
    });
  }

public:
  __CG_QUALIFIER__ void sync() const { __syncwarp(__mask); }
  __CG_QUALIFIER__ unsigned long long num_threads() const {
    return __popc(__mask);
  }
  __CG_QUALIFIER__ unsigned long long thread_rank() const {
    return __popc(__mask & __cumetal_cg::__lanes_below());
  }
  /// A coalesced group is not a partition of a parent: one group, rank 0.
  __CG_QUALIFIER__ unsigned long long meta_group_rank() const { return 0; }
  __CG_QUALIFIER__ unsigned long long meta_group_size() const { return 1; }
  /// Legacy alias of num_threads().
  __CG_QUALIFIER__ unsigned long long size() const { return num_threads(); }

  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl(_Tp __v, unsigned int __src_rank) const {
    return __read_lane(__v, __lane_of(__src_rank));
  }
  /// Ranks below __delta (above size() - 1 - __delta) keep their own value.
  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl_up(_Tp __v, unsigned int __delta) const {
    unsigned int __rank = (unsigned int)thread_rank();
    return __read_lane(__v, __rank >= __delta ? __lane_of(__rank - __delta)
                                              : (int)__cumetal_cg::__lane());
  }
  template <typename _Tp>
  __CG_QUALIFIER__ _Tp shfl_down(_Tp __v, unsigned int __delta) const {
    unsigned int __rank = (unsigned int)thread_rank();
    return __read_lane(__v, __rank + __delta < num_threads()
                                ? __lane_of(__rank + __delta)
                                : (int)__cumetal_cg::__lane());
  }

  __CG_QUALIFIER__ int any(int __pred) const {
    return __any_sync(__mask, __pred);
  }
  __CG_QUALIFIER__ int all(int __pred) const {
    return __all_sync(__mask, __pred);
  }
  /// Bit k: the predicate of rank k.
  __CG_QUALIFIER__ unsigned int ballot(int __pred) const {
    return __cumetal_cg::__compact(__ballot_sync(__mask, __pred), __mask);
  }
  /// Bit k: whether rank k holds the same value.
  template <typename _Tp>
  __CG_QUALIFIER__ unsigned int match_any(_Tp __v) const {
    return __cumetal_cg::__compact(
        __match_any_sync(__mask, __cumetal_cg::__match_bits(__v)), __mask);
  }
  template <typename _Tp>
  __CG_QUALIFIER__ unsigned int match_all(_Tp __v, int &__pred) const {
    return __cumetal_cg::__compact(
        __match_all_sync(__mask, __cumetal_cg::__match_bits(__v), &__pred),
        __mask);
  }
};

/* Constructing groups ----------------------------------------------------- */

struct __cumetal_cg::__access {
  __CG_STATIC_QUALIFIER__ thread_block __block() { return thread_block(); }
  __CG_STATIC_QUALIFIER__ grid_group __grid() { return grid_group(); }
  __CG_STATIC_QUALIFIER__ coalesced_group __coalesced(unsigned int __m) {
    return coalesced_group(__m);
  }
  __CG_STATIC_QUALIFIER__ thread_group __lanes(unsigned int __m) {
    return thread_group(thread_group::__warp_kind, __m);
  }
  __CG_STATIC_QUALIFIER__ bool __is_block(const thread_group &__g) {
    return __g.__kind == thread_group::__block_kind;
  }
  __CG_STATIC_QUALIFIER__ unsigned int __mask(const thread_group &__g) {
    return __g.__mask;
  }
  template <unsigned int _Size, typename _Parent>
  __CG_STATIC_QUALIFIER__ thread_block_tile<_Size, _Parent>
  __tile(unsigned int __meta_rank, unsigned int __meta_size) {
    return thread_block_tile<_Size, _Parent>(__meta_rank, __meta_size);
  }
};

__CG_QUALIFIER__ thread_block this_thread_block() {
  return __cumetal_cg::__access::__block();
}

__CG_QUALIFIER__ grid_group this_grid() {
  return __cumetal_cg::__access::__grid();
}

/// The lanes of the calling warp that execute this call together.
__CG_QUALIFIER__ coalesced_group coalesced_threads() {
  return __cumetal_cg::__access::__coalesced(__activemask());
}

namespace __cumetal_cg {
/// The parents tiled_partition<_Size> accepts: groups whose thread ranks are
/// consecutive lanes.
template <unsigned int _Size, typename _Parent>
struct __is_tile_parent : std::false_type {};
template <unsigned int _Size>
struct __is_tile_parent<_Size, thread_block> : std::true_type {};
template <unsigned int _Size, unsigned int _ParentSize, typename _P>
struct __is_tile_parent<_Size, thread_block_tile<_ParentSize, _P>>
    : std::integral_constant<bool, _Size <= _ParentSize> {};
} // namespace __cumetal_cg

/// Partitions a thread_block or a thread_block_tile into tiles of _Size
/// consecutive thread ranks.
template <unsigned int _Size, typename _Parent>
__CG_QUALIFIER__ thread_block_tile<_Size, _Parent>
tiled_partition(const _Parent &__parent) {
  static_assert(__cumetal_cg::__is_tile_parent<_Size, _Parent>::value,
                "tiled_partition<N> partitions a thread_block or a "
                "thread_block_tile of at least N threads");
  unsigned int __n = (unsigned int)__parent.num_threads();
  return __cumetal_cg::__access::__tile<_Size, _Parent>(
      (unsigned int)__parent.thread_rank() / _Size, (__n + _Size - 1) / _Size);
}

/// Partitions a group into tiles of __tile_size (a power of two up to 32)
/// consecutive thread ranks, at run time.
__CG_QUALIFIER__ thread_group tiled_partition(const thread_group &__parent,
                                              unsigned int __tile_size) {
  using __cumetal_cg::__access;
  // A block's ranks run through whole warps in lane order: its lanes are
  // those of a full warp. A tile holds the parent's lanes of ranks
  // [__first, __first + __tile_size).
  unsigned int __m =
      __access::__is_block(__parent) ? ~0u : __access::__mask(__parent);
  unsigned int __n = __popc(__m);
  unsigned int __first =
      __popc(__m & __cumetal_cg::__lanes_below()) & ~(__tile_size - 1);
  unsigned int __end = __first + __tile_size;
  __m &= ~0u << __cumetal_cg::__nth_set_bit(__m, __first);
  if (__end < __n)
    __m &= __cumetal_cg::__low_bits(
        __cumetal_cg::__nth_set_bit(__m, __end - __first));
  return __access::__lanes(__m);
}

/// Group-generic synchronisation.
template <typename _Group> __CG_QUALIFIER__ void sync(const _Group &__g) {
  __g.sync();
}
__device__ void sync(const grid_group &) __CUMETAL_CG_NO_GRID_SYNC__;

} // namespace cooperative_groups

#undef __CUMETAL_CG_NO_GRID_SYNC__
#pragma pop_macro("__CG_STATIC_QUALIFIER__")
#pragma pop_macro("__CG_QUALIFIER__")

#endif /* __CUMETAL_COOPERATIVE_GROUPS_H__ */

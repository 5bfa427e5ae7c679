/*===- cumetal/__cumetal_device_api.h - device API beyond Clang's -*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA C++ Programming Guide. Included by the pre-include after Clang's own
 * CUDA headers; adds the documented device functions those lack:
 *
 *  - the atomic functions (atomicAdd ... atomicXor, with _block and _system
 *    variants) as relaxed __atomic builtins, which Clang lowers to plain
 *    LLVM atomicrmw/cmpxchg. A device-scope atomic is a correct
 *    implementation of the block- and system-scope ones;
 *  - __reduce_{add,min,max,and,or,xor}_sync as shuffle reductions;
 *  - the cache-hinted loads and stores (__ldcg, __stcs, ...) as plain
 *    accesses, a correct implementation of hints;
 *  - __activemask, __fns and __funnelshift_* without inline PTX;
 *  - __nanosleep, __dp4a/__dp2a, __isGlobal and friends, __cvta_*.
 *
 *===----------------------------------------------------------------------===*/

#ifndef __CUMETAL_DEVICE_API_H__
#define __CUMETAL_DEVICE_API_H__

#pragma push_macro("__CUMETAL_DEV__")
#define __CUMETAL_DEV__ static __device__ __forceinline__

/* Warp shuffles ----------------------------------------------------------
 * The __shfl*_sync overloads, on Clang's __nvvm_shfl_sync_* builtins (the
 * pre-include renames Clang 14's own set, whose unsigned long long overload
 * calls itself). 64-bit values move as two 32-bit halves. The last operand
 * packs the segment mask ((32 - width) << 8) and the clamp, as PTX's
 * shfl.sync defines it. */
#define __CUMETAL_SHFL(NAME, INTR, FINTR, CLAMP, OFFSET_T)                     \
  __CUMETAL_DEV__ int NAME(unsigned __m, int __v, OFFSET_T __o,                \
                           int __w = 32) {                                     \
    return INTR(__m, __v, __o, ((32 - __w) << 8) | (CLAMP));                   \
  }                                                                            \
  __CUMETAL_DEV__ float NAME(unsigned __m, float __v, OFFSET_T __o,            \
                             int __w = 32) {                                   \
    return FINTR(__m, __v, __o, ((32 - __w) << 8) | (CLAMP));                  \
  }                                                                            \
  __CUMETAL_DEV__ unsigned NAME(unsigned __m, unsigned __v, OFFSET_T __o,      \
                                int __w = 32) {                                \
    return (unsigned)NAME(__m, (int)__v, __o, __w);                            \
  }                                                                            \
  __CUMETAL_DEV__ long long NAME(unsigned __m, long long __v, OFFSET_T __o,    \
                                 int __w = 32) {                               \
    unsigned long long __u = (unsigned long long)__v;                          \
    unsigned __lo = NAME(__m, (unsigned)__u, __o, __w);                        \
    unsigned __hi = NAME(__m, (unsigned)(__u >> 32), __o, __w);                \
    return (long long)(((unsigned long long)__hi << 32) | __lo);               \
  }                                                                            \
  __CUMETAL_DEV__ unsigned long long NAME(                                     \
      unsigned __m, unsigned long long __v, OFFSET_T __o, int __w = 32) {      \
    return (unsigned long long)NAME(__m, (long long)__v, __o, __w);            \
  }                                                                            \
  __CUMETAL_DEV__ long NAME(unsigned __m, long __v, OFFSET_T __o,              \
                            int __w = 32) {                                    \
    return (long)NAME(__m, (long long)__v, __o, __w);                          \
  }                                                                            \
  __CUMETAL_DEV__ unsigned long NAME(unsigned __m, unsigned long __v,          \
                                     OFFSET_T __o, int __w = 32) {             \
    return (unsigned long)NAME(__m, (long long)__v, __o, __w);                 \
  }                                                                            \
  __CUMETAL_DEV__ double NAME(unsigned __m, double __v, OFFSET_T __o,          \
                              int __w = 32) {                                  \
    return __longlong_as_double(                                               \
        NAME(__m, __double_as_longlong(__v), __o, __w));                       \
  }
__CUMETAL_SHFL(__shfl_sync, __nvvm_shfl_sync_idx_i32, __nvvm_shfl_sync_idx_f32,
               0x1f, int)
/* shfl.up clamps at lanes >= maxLane: its clamp field is 0. */
__CUMETAL_SHFL(__shfl_up_sync, __nvvm_shfl_sync_up_i32, __nvvm_shfl_sync_up_f32,
               0, unsigned int)
__CUMETAL_SHFL(__shfl_down_sync, __nvvm_shfl_sync_down_i32,
               __nvvm_shfl_sync_down_f32, 0x1f, unsigned int)
__CUMETAL_SHFL(__shfl_xor_sync, __nvvm_shfl_sync_bfly_i32,
               __nvvm_shfl_sync_bfly_f32, 0x1f, int)
#undef __CUMETAL_SHFL

/* Atomics ----------------------------------------------------------------- */

#define __CUMETAL_ATOMIC_SCOPES(RET, NAME, PARAMS, ARGS)                       \
  __CUMETAL_DEV__ RET NAME##_block PARAMS { return NAME ARGS; }                \
  __CUMETAL_DEV__ RET NAME##_system PARAMS { return NAME ARGS; }

#define __CUMETAL_ATOMIC_RMW(NAME, BUILTIN, T)                                 \
  __CUMETAL_DEV__ T NAME(T *__p, T __v) {                                      \
    return BUILTIN(__p, __v, __ATOMIC_RELAXED);                                \
  }                                                                            \
  __CUMETAL_ATOMIC_SCOPES(T, NAME, (T * __p, T __v), (__p, __v))

__CUMETAL_ATOMIC_RMW(atomicAdd, __atomic_fetch_add, int)
__CUMETAL_ATOMIC_RMW(atomicAdd, __atomic_fetch_add, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicAdd, __atomic_fetch_add, unsigned long long int)
__CUMETAL_ATOMIC_RMW(atomicAdd, __atomic_fetch_add, float)
__CUMETAL_ATOMIC_RMW(atomicAdd, __atomic_fetch_add, double)

__CUMETAL_ATOMIC_RMW(atomicSub, __atomic_fetch_sub, int)
__CUMETAL_ATOMIC_RMW(atomicSub, __atomic_fetch_sub, unsigned int)

__CUMETAL_ATOMIC_RMW(atomicExch, __atomic_exchange_n, int)
__CUMETAL_ATOMIC_RMW(atomicExch, __atomic_exchange_n, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicExch, __atomic_exchange_n, unsigned long long int)

__CUMETAL_ATOMIC_RMW(atomicMin, __atomic_fetch_min, int)
__CUMETAL_ATOMIC_RMW(atomicMin, __atomic_fetch_min, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicMin, __atomic_fetch_min, long long int)
__CUMETAL_ATOMIC_RMW(atomicMin, __atomic_fetch_min, unsigned long long int)

__CUMETAL_ATOMIC_RMW(atomicMax, __atomic_fetch_max, int)
__CUMETAL_ATOMIC_RMW(atomicMax, __atomic_fetch_max, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicMax, __atomic_fetch_max, long long int)
__CUMETAL_ATOMIC_RMW(atomicMax, __atomic_fetch_max, unsigned long long int)

__CUMETAL_ATOMIC_RMW(atomicAnd, __atomic_fetch_and, int)
__CUMETAL_ATOMIC_RMW(atomicAnd, __atomic_fetch_and, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicAnd, __atomic_fetch_and, unsigned long long int)

__CUMETAL_ATOMIC_RMW(atomicOr, __atomic_fetch_or, int)
__CUMETAL_ATOMIC_RMW(atomicOr, __atomic_fetch_or, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicOr, __atomic_fetch_or, unsigned long long int)

__CUMETAL_ATOMIC_RMW(atomicXor, __atomic_fetch_xor, int)
__CUMETAL_ATOMIC_RMW(atomicXor, __atomic_fetch_xor, unsigned int)
__CUMETAL_ATOMIC_RMW(atomicXor, __atomic_fetch_xor, unsigned long long int)

/* atomicExch on float swaps the bit pattern. */
__CUMETAL_DEV__ float atomicExch(float *__p, float __v) {
  return __uint_as_float(__atomic_exchange_n(
      (unsigned int *)__p, __float_as_uint(__v), __ATOMIC_RELAXED));
}
__CUMETAL_ATOMIC_SCOPES(float, atomicExch, (float *__p, float __v), (__p, __v))

#define __CUMETAL_ATOMIC_CAS(T)                                                \
  __CUMETAL_DEV__ T atomicCAS(T *__p, T __cmp, T __v) {                        \
    __atomic_compare_exchange_n(__p, &__cmp, __v, false, __ATOMIC_RELAXED,     \
                                __ATOMIC_RELAXED);                             \
    return __cmp;                                                              \
  }                                                                            \
  __CUMETAL_ATOMIC_SCOPES(T, atomicCAS, (T * __p, T __cmp, T __v),             \
                          (__p, __cmp, __v))

__CUMETAL_ATOMIC_CAS(int)
__CUMETAL_ATOMIC_CAS(unsigned int)
__CUMETAL_ATOMIC_CAS(unsigned long long int)

/* 16-bit compare-and-swap, on the naturally aligned 32-bit word holding it. */
__CUMETAL_DEV__ unsigned short int atomicCAS(unsigned short int *__p,
                                             unsigned short int __cmp,
                                             unsigned short int __v) {
  unsigned long long __off = (unsigned long long)__p & 2u;
  unsigned int *__w = (unsigned int *)((char *)__p - __off);
  unsigned int __shift = (unsigned int)__off * 8u;
  unsigned int __old = __atomic_load_n(__w, __ATOMIC_RELAXED);
  for (;;) {
    unsigned short int __cur = (unsigned short int)(__old >> __shift);
    if (__cur != __cmp)
      return __cur;
    unsigned int __new =
        (__old & ~(0xffffu << __shift)) | ((unsigned int)__v << __shift);
    if (__atomic_compare_exchange_n(__w, &__old, __new, false, __ATOMIC_RELAXED,
                                    __ATOMIC_RELAXED))
      return __cmp;
  }
}
__CUMETAL_ATOMIC_SCOPES(unsigned short int, atomicCAS,
                        (unsigned short int *__p, unsigned short int __cmp,
                         unsigned short int __v),
                        (__p, __cmp, __v))

/* atomicInc: ((old >= val) ? 0 : old + 1); atomicDec: ((old == 0 || old >
 * val) ? val : old - 1). */
__CUMETAL_DEV__ unsigned int atomicInc(unsigned int *__p, unsigned int __v) {
  unsigned int __old = __atomic_load_n(__p, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(__p, &__old,
                                      __old >= __v ? 0u : __old + 1u, false,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return __old;
}
__CUMETAL_ATOMIC_SCOPES(unsigned int, atomicInc,
                        (unsigned int *__p, unsigned int __v), (__p, __v))

__CUMETAL_DEV__ unsigned int atomicDec(unsigned int *__p, unsigned int __v) {
  unsigned int __old = __atomic_load_n(__p, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(
      __p, &__old, (__old == 0u || __old > __v) ? __v : __old - 1u, false,
      __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return __old;
}
__CUMETAL_ATOMIC_SCOPES(unsigned int, atomicDec,
                        (unsigned int *__p, unsigned int __v), (__p, __v))

#undef __CUMETAL_ATOMIC_CAS
#undef __CUMETAL_ATOMIC_RMW
#undef __CUMETAL_ATOMIC_SCOPES

/* Warp reductions (sm_80) --------------------------------------------------
 * A full mask reduces with a xor butterfly; a partial mask reads every
 * member lane's value in lane order, so every lane of the mask gets the
 * same result. */

#define __CUMETAL_REDUCE(NAME, T, COMBINE)                                     \
  __CUMETAL_DEV__ T NAME(unsigned int __mask, T __v) {                         \
    if (__mask == 0xffffffffu) {                                               \
      for (int __o = 16; __o > 0; __o >>= 1) {                                 \
        T __a = __v, __b = __shfl_xor_sync(__mask, __v, __o);                  \
        __v = (COMBINE);                                                       \
      }                                                                        \
      return __v;                                                              \
    }                                                                          \
    unsigned int __m = __mask;                                                 \
    int __first = __ffs((int)__m) - 1;                                         \
    T __acc = __shfl_sync(__mask, __v, __first);                               \
    __m &= __m - 1u;                                                           \
    while (__m) {                                                              \
      int __lane = __ffs((int)__m) - 1;                                        \
      __m &= __m - 1u;                                                         \
      T __a = __acc, __b = __shfl_sync(__mask, __v, __lane);                   \
      __acc = (COMBINE);                                                       \
    }                                                                          \
    return __acc;                                                              \
  }

__CUMETAL_REDUCE(__reduce_add_sync, unsigned int, __a + __b)
__CUMETAL_REDUCE(__reduce_add_sync, int,
                 (int)((unsigned int)__a + (unsigned int)__b))
__CUMETAL_REDUCE(__reduce_min_sync, unsigned int, __a < __b ? __a : __b)
__CUMETAL_REDUCE(__reduce_min_sync, int, __a < __b ? __a : __b)
__CUMETAL_REDUCE(__reduce_max_sync, unsigned int, __a > __b ? __a : __b)
__CUMETAL_REDUCE(__reduce_max_sync, int, __a > __b ? __a : __b)
__CUMETAL_REDUCE(__reduce_and_sync, unsigned int, __a &__b)
__CUMETAL_REDUCE(__reduce_or_sync, unsigned int, __a | __b)
__CUMETAL_REDUCE(__reduce_xor_sync, unsigned int, __a ^ __b)

#undef __CUMETAL_REDUCE

/* Cache-hinted loads and stores ------------------------------------------ */

template <typename __T> struct __cumetal_identity { typedef __T type; };

#define __CUMETAL_LOAD(NAME)                                                   \
  template <typename __T> __CUMETAL_DEV__ __T NAME(const __T *__p) {           \
    return *__p;                                                               \
  }
#define __CUMETAL_STORE(NAME)                                                  \
  template <typename __T>                                                      \
  __CUMETAL_DEV__ void NAME(__T *__p,                                          \
                            typename __cumetal_identity<__T>::type __v) {      \
    *__p = __v;                                                                \
  }

__CUMETAL_LOAD(__ldcg)
__CUMETAL_LOAD(__ldca)
__CUMETAL_LOAD(__ldcs)
__CUMETAL_LOAD(__ldlu)
__CUMETAL_LOAD(__ldcv)
__CUMETAL_STORE(__stwb)
__CUMETAL_STORE(__stcg)
__CUMETAL_STORE(__stcs)
__CUMETAL_STORE(__stwt)

#undef __CUMETAL_LOAD
#undef __CUMETAL_STORE

/* Warp and bit intrinsics without inline PTX ------------------------------ */

/* The lanes of the warp executing this call: a non-synchronising ballot. */
__CUMETAL_DEV__ unsigned int __activemask() { return __nvvm_vote_ballot(1); }

/* The position of the n-th set bit of mask counted from bit base upwards
 * (offset n > 0) or downwards (n < 0), base included; for n == 0, base if
 * that bit is set; 0xffffffff if there is none (PTX fns). The k-th set bit
 * (k from 0) is found by halving: count the bits of the low half of the
 * window, go up if k is not among them. */
__CUMETAL_DEV__ unsigned int __cumetal_select_bit(unsigned int __m,
                                                  unsigned int __k) {
  unsigned int __pos = 0;
  for (unsigned int __w = 16; __w; __w >>= 1) {
    unsigned int __low = __popc((__m >> __pos) & ((1u << __w) - 1u));
    if (__k >= __low) {
      __k -= __low;
      __pos += __w;
    }
  }
  return __pos;
}
__CUMETAL_DEV__ unsigned int __fns(unsigned int __mask, unsigned int __base,
                                   int __offset) {
  if (__offset == 0)
    return (__mask >> __base) & 1u ? __base : 0xffffffffu;
  unsigned int __m, __k;
  if (__offset > 0) {
    __m = __mask & (0xffffffffu << __base); /* bits base..31 */
    __k = (unsigned int)__offset - 1u;
  } else {
    __m = __mask & (0xffffffffu >> (31u - __base)); /* bits 0..base */
    if ((unsigned int)-__offset > (unsigned int)__popc(__m))
      return 0xffffffffu;
    __k = (unsigned int)__popc(__m) - (unsigned int)-__offset;
  }
  return __k < (unsigned int)__popc(__m) ? __cumetal_select_bit(__m, __k)
                                         : 0xffffffffu;
}

/* hi:lo shifted left (right) by the shift modulo 32 (clamped to 32), the
 * high (low) 32 bits. */
__CUMETAL_DEV__ unsigned int
__funnelshift_l(unsigned int __lo, unsigned int __hi, unsigned int __shift) {
  unsigned long long __v = ((unsigned long long)__hi << 32) | __lo;
  return (unsigned int)((__v << (__shift & 31u)) >> 32);
}
__CUMETAL_DEV__ unsigned int
__funnelshift_lc(unsigned int __lo, unsigned int __hi, unsigned int __shift) {
  unsigned long long __v = ((unsigned long long)__hi << 32) | __lo;
  return (unsigned int)((__v << (__shift < 32u ? __shift : 32u)) >> 32);
}
__CUMETAL_DEV__ unsigned int
__funnelshift_r(unsigned int __lo, unsigned int __hi, unsigned int __shift) {
  unsigned long long __v = ((unsigned long long)__hi << 32) | __lo;
  return (unsigned int)(__v >> (__shift & 31u));
}
__CUMETAL_DEV__ unsigned int
__funnelshift_rc(unsigned int __lo, unsigned int __hi, unsigned int __shift) {
  unsigned long long __v = ((unsigned long long)__hi << 32) | __lo;
  return (unsigned int)(__v >> (__shift < 32u ? __shift : 32u));
}

/* Miscellaneous ----------------------------------------------------------- */

/* Sleeps for about ns nanoseconds; CUDA allows any duration in [0, 2 ns]. */
__CUMETAL_DEV__ void __nanosleep(unsigned int __ns) { (void)__ns; }

/* Four-way byte and two-way halfword dot products with 32-bit accumulate. */
__CUMETAL_DEV__ int __dp4a(int __a, int __b, int __c) {
  for (int __i = 0; __i < 32; __i += 8)
    __c += (int)(signed char)(__a >> __i) * (int)(signed char)(__b >> __i);
  return __c;
}
__CUMETAL_DEV__ unsigned int __dp4a(unsigned int __a, unsigned int __b,
                                    unsigned int __c) {
  for (int __i = 0; __i < 32; __i += 8)
    __c += ((__a >> __i) & 0xffu) * ((__b >> __i) & 0xffu);
  return __c;
}
__CUMETAL_DEV__ int __dp4a(char4 __a, char4 __b, int __c) {
  return __c + __a.x * __b.x + __a.y * __b.y + __a.z * __b.z + __a.w * __b.w;
}
__CUMETAL_DEV__ unsigned int __dp4a(uchar4 __a, uchar4 __b, unsigned int __c) {
  return __c + __a.x * __b.x + __a.y * __b.y + __a.z * __b.z + __a.w * __b.w;
}
__CUMETAL_DEV__ int __dp2a_lo(int __a, int __b, int __c) {
  return __c + (int)(short)__a * (int)(signed char)__b +
         (int)(short)(__a >> 16) * (int)(signed char)(__b >> 8);
}
__CUMETAL_DEV__ unsigned int __dp2a_lo(unsigned int __a, unsigned int __b,
                                       unsigned int __c) {
  return __c + (__a & 0xffffu) * (__b & 0xffu) +
         (__a >> 16) * ((__b >> 8) & 0xffu);
}
__CUMETAL_DEV__ int __dp2a_hi(int __a, int __b, int __c) {
  return __c + (int)(short)__a * (int)(signed char)(__b >> 16) +
         (int)(short)(__a >> 16) * (int)(signed char)(__b >> 24);
}
__CUMETAL_DEV__ unsigned int __dp2a_hi(unsigned int __a, unsigned int __b,
                                       unsigned int __c) {
  return __c + (__a & 0xffffu) * ((__b >> 16) & 0xffu) +
         (__a >> 16) * (__b >> 24);
}

/* Address-space predicates and conversions. */
__CUMETAL_DEV__ unsigned int __isGlobal(const void *__p) {
  return __nvvm_isspacep_global(__p);
}
__CUMETAL_DEV__ unsigned int __isShared(const void *__p) {
  return __nvvm_isspacep_shared(__p);
}
__CUMETAL_DEV__ unsigned int __isConstant(const void *__p) {
  return __nvvm_isspacep_const(__p);
}
__CUMETAL_DEV__ unsigned int __isLocal(const void *__p) {
  return __nvvm_isspacep_local(__p);
}
__CUMETAL_DEV__ size_t __cvta_generic_to_global(const void *__p) {
  return __nv_cvta_generic_to_global_impl(__p);
}
__CUMETAL_DEV__ size_t __cvta_generic_to_shared(const void *__p) {
  return __nv_cvta_generic_to_shared_impl(__p);
}
__CUMETAL_DEV__ size_t __cvta_generic_to_constant(const void *__p) {
  return __nv_cvta_generic_to_constant_impl(__p);
}
__CUMETAL_DEV__ size_t __cvta_generic_to_local(const void *__p) {
  return __nv_cvta_generic_to_local_impl(__p);
}
__CUMETAL_DEV__ void *__cvta_global_to_generic(size_t __a) {
  return __nv_cvta_global_to_generic_impl(__a);
}
__CUMETAL_DEV__ void *__cvta_shared_to_generic(size_t __a) {
  return __nv_cvta_shared_to_generic_impl(__a);
}
__CUMETAL_DEV__ void *__cvta_constant_to_generic(size_t __a) {
  return __nv_cvta_constant_to_generic_impl(__a);
}
__CUMETAL_DEV__ void *__cvta_local_to_generic(size_t __a) {
  return __nv_cvta_local_to_generic_impl(__a);
}

#pragma pop_macro("__CUMETAL_DEV__")

#endif /* __CUMETAL_DEVICE_API_H__ */

/*===- cumetal/__cumetal_fp16_ops.h - shared 16-bit float API ----*- C++
 *-*-===//
 *
 * Part of cumetalc's clean-room CUDA headers, written from NVIDIA's public
 * CUDA Math API documentation. Private to cuda_fp16.h and cuda_bf16.h.
 *
 * The documented functions that __half and __nv_bfloat16 share by name
 * (__hadd, __hfma2, __heq2, __hbeq2, __hmax, hsqrt, h2exp, ...), their C++
 * operators, warp shuffles, __ldg and atomicAdd. No include guard: included
 * once per type, with __CUMETAL_T (the scalar type) and __CUMETAL_T2 (the
 * pair type) defined, and __CUMETAL_NO_OPERATORS / __CUMETAL_NO_OPERATORS2
 * defined where the user disabled the operators
 * (__CUDA_NO_HALF_OPERATORS__ and friends); it undefines them at its end.
 *
 * Arithmetic is computed in float and rounded once to nearest even, which
 * is correctly rounded for both formats; a NaN result is the canonical NaN
 * 0x7fff. Fused multiply-add is exact (cumetal/__cumetal_fp16_common.h).
 *
 *===----------------------------------------------------------------------===*/

#if !defined(__CUMETAL_T) || !defined(__CUMETAL_T2)
#error "cumetal/__cumetal_fp16_ops.h is included by cuda_fp16.h / cuda_bf16.h"
#endif

#define __CUMETAL_F(h) __cumetal_fp16_float(h)
#define __CUMETAL_H(f) __cumetal_fp16_round_float<__CUMETAL_T>(f)
#define __CUMETAL_FLAG(b) __CUMETAL_H((b) ? 1.0f : 0.0f)

/* Pairs ------------------------------------------------------------------- */

__CUMETAL_FP16_HD__ float __low2float(const __CUMETAL_T2 __a) {
  return __CUMETAL_F(__a.x);
}
__CUMETAL_FP16_HD__ float __high2float(const __CUMETAL_T2 __a) {
  return __CUMETAL_F(__a.y);
}
__CUMETAL_FP16_HD__ __CUMETAL_T2 __lowhigh2highlow(const __CUMETAL_T2 __a) {
  return __CUMETAL_T2(__a.y, __a.x);
}

/* Arithmetic -------------------------------------------------------------- */

/* NAME on scalars, from the operands as floats x and y. */
#define __CUMETAL_BINARY(NAME, EXPR)                                           \
  __CUMETAL_FP16_HD__ __CUMETAL_T NAME(const __CUMETAL_T __a,                  \
                                       const __CUMETAL_T __b) {                \
    float __x = __CUMETAL_F(__a), __y = __CUMETAL_F(__b);                      \
    return __CUMETAL_H(EXPR);                                                  \
  }
/* NAME2 on pairs, lane by lane with NAME. */
#define __CUMETAL_LANES2(NAME2, NAME)                                          \
  __CUMETAL_FP16_HD__ __CUMETAL_T2 NAME2(const __CUMETAL_T2 __a,               \
                                         const __CUMETAL_T2 __b) {             \
    return __CUMETAL_T2(NAME(__a.x, __b.x), NAME(__a.y, __b.y));               \
  }
#define __CUMETAL_LANES3(NAME2, NAME)                                          \
  __CUMETAL_FP16_HD__ __CUMETAL_T2 NAME2(const __CUMETAL_T2 __a,               \
                                         const __CUMETAL_T2 __b,               \
                                         const __CUMETAL_T2 __c) {             \
    return __CUMETAL_T2(NAME(__a.x, __b.x, __c.x), NAME(__a.y, __b.y, __c.y)); \
  }

/* The _rn variants exist to forbid contraction into fma, which a single
 * rounding already rules out. */
// clang-format off
__CUMETAL_BINARY(__hadd, __x + __y)
__CUMETAL_BINARY(__hsub, __x - __y)
__CUMETAL_BINARY(__hmul, __x * __y)
__CUMETAL_BINARY(__hdiv, __x / __y)
__CUMETAL_BINARY(__hadd_rn, __x + __y)
__CUMETAL_BINARY(__hsub_rn, __x - __y)
__CUMETAL_BINARY(__hmul_rn, __x * __y)
/* Clamping to [0, 1] commutes with rounding: both ends are representable. */
__CUMETAL_BINARY(__hadd_sat, __cumetal_fp16_sat(__x + __y))
__CUMETAL_BINARY(__hsub_sat, __cumetal_fp16_sat(__x - __y))
__CUMETAL_BINARY(__hmul_sat, __cumetal_fp16_sat(__x * __y))
// clang-format on

__CUMETAL_FP16_HD__ __CUMETAL_T __hfma(const __CUMETAL_T __a,
                                       const __CUMETAL_T __b,
                                       const __CUMETAL_T __c) {
  return __cumetal_fp16_make<__CUMETAL_T>(
      __cumetal_fp16_fma<__cumetal_fp16_format<__CUMETAL_T>::__ew,
                         __cumetal_fp16_format<__CUMETAL_T>::__mw>(
          __a.__x, __b.__x, __c.__x));
}
__CUMETAL_FP16_HD__ __CUMETAL_T __hfma_sat(const __CUMETAL_T __a,
                                           const __CUMETAL_T __b,
                                           const __CUMETAL_T __c) {
  return __CUMETAL_H(__cumetal_fp16_sat(__CUMETAL_F(__hfma(__a, __b, __c))));
}
/* Negative results become +0; NaN the canonical NaN. */
__CUMETAL_FP16_HD__ __CUMETAL_T __hfma_relu(const __CUMETAL_T __a,
                                            const __CUMETAL_T __b,
                                            const __CUMETAL_T __c) {
  float __r = __CUMETAL_F(__hfma(__a, __b, __c));
  return __CUMETAL_H(__r < 0.0f ? 0.0f : __r);
}

__CUMETAL_FP16_HD__ __CUMETAL_T __hneg(const __CUMETAL_T __a) {
  return __cumetal_fp16_make<__CUMETAL_T>((unsigned short)(__a.__x ^ 0x8000u));
}
__CUMETAL_FP16_HD__ __CUMETAL_T __habs(const __CUMETAL_T __a) {
  return __cumetal_fp16_make<__CUMETAL_T>((unsigned short)(__a.__x & 0x7fffu));
}

/* The larger (max) or smaller operand; +0 is greater than -0. One NaN
 * operand yields the other operand and two the canonical NaN, unless
 * propagate asks for NaN whenever an operand is NaN (the _nan variants). */
__CUMETAL_FP16_HD__ __CUMETAL_T __cumetal_fp16_minmax(const __CUMETAL_T __a,
                                                      const __CUMETAL_T __b,
                                                      bool __max,
                                                      bool __propagate) {
  float __x = __CUMETAL_F(__a), __y = __CUMETAL_F(__b);
  if (__x != __x)
    return __y != __y || __propagate
               ? __cumetal_fp16_make<__CUMETAL_T>(__CUMETAL_FP16_NAN)
               : __b;
  if (__y != __y)
    return __propagate ? __cumetal_fp16_make<__CUMETAL_T>(__CUMETAL_FP16_NAN)
                       : __a;
  if (__x > __y)
    return __max ? __a : __b;
  if (__x < __y)
    return __max ? __b : __a;
  bool __aneg = (__a.__x & 0x8000u) != 0u; /* equal: order the zeros */
  return __max == __aneg ? __b : __a;
}
#define __CUMETAL_MINMAX(NAME, MAX, PROPAGATE)                                 \
  __CUMETAL_FP16_HD__ __CUMETAL_T NAME(const __CUMETAL_T __a,                  \
                                       const __CUMETAL_T __b) {                \
    return __cumetal_fp16_minmax(__a, __b, MAX, PROPAGATE);                    \
  }
__CUMETAL_MINMAX(__hmax, true, false)
__CUMETAL_MINMAX(__hmin, false, false)
__CUMETAL_MINMAX(__hmax_nan, true, true)
__CUMETAL_MINMAX(__hmin_nan, false, true)
#undef __CUMETAL_MINMAX

__CUMETAL_LANES2(__hadd2, __hadd)
__CUMETAL_LANES2(__hsub2, __hsub)
__CUMETAL_LANES2(__hmul2, __hmul)
__CUMETAL_LANES2(__h2div, __hdiv)
__CUMETAL_LANES2(__hadd2_rn, __hadd_rn)
__CUMETAL_LANES2(__hsub2_rn, __hsub_rn)
__CUMETAL_LANES2(__hmul2_rn, __hmul_rn)
__CUMETAL_LANES2(__hadd2_sat, __hadd_sat)
__CUMETAL_LANES2(__hsub2_sat, __hsub_sat)
__CUMETAL_LANES2(__hmul2_sat, __hmul_sat)
__CUMETAL_LANES2(__hmax2, __hmax)
__CUMETAL_LANES2(__hmin2, __hmin)
__CUMETAL_LANES2(__hmax2_nan, __hmax_nan)
__CUMETAL_LANES2(__hmin2_nan, __hmin_nan)
__CUMETAL_LANES3(__hfma2, __hfma)
__CUMETAL_LANES3(__hfma2_sat, __hfma_sat)
__CUMETAL_LANES3(__hfma2_relu, __hfma_relu)

__CUMETAL_FP16_HD__ __CUMETAL_T2 __hneg2(const __CUMETAL_T2 __a) {
  return __CUMETAL_T2(__hneg(__a.x), __hneg(__a.y));
}
__CUMETAL_FP16_HD__ __CUMETAL_T2 __habs2(const __CUMETAL_T2 __a) {
  return __CUMETAL_T2(__habs(__a.x), __habs(__a.y));
}

/* Complex a*b + c, as documented: ((a.x*b.x + c.x) - a.y*b.y) +
 * ((a.x*b.y + c.y) + a.y*b.x)i, each step a fused multiply-add. */
__CUMETAL_FP16_HD__ __CUMETAL_T2 __hcmadd(const __CUMETAL_T2 __a,
                                          const __CUMETAL_T2 __b,
                                          const __CUMETAL_T2 __c) {
  return __CUMETAL_T2(__hfma(__hneg(__a.y), __b.y, __hfma(__a.x, __b.x, __c.x)),
                      __hfma(__a.y, __b.x, __hfma(__a.x, __b.y, __c.y)));
}

/* Comparisons -------------------------------------------------------------
 * __h<op> on scalars; on pairs __h<op>2 gives 1.0 or 0.0 per lane,
 * __hb<op>2 whether both lanes hold, __h<op>2_mask 0xffff per true lane.
 * The <op>u forms are also true when an operand is NaN. */
#define __CUMETAL_COMPARE(OP, EXPR)                                            \
  __CUMETAL_FP16_HD__ bool __h##OP(const __CUMETAL_T __a,                      \
                                   const __CUMETAL_T __b) {                    \
    float __x = __CUMETAL_F(__a), __y = __CUMETAL_F(__b);                      \
    return EXPR;                                                               \
  }                                                                            \
  __CUMETAL_FP16_HD__ __CUMETAL_T2 __h##OP##2(const __CUMETAL_T2 __a,          \
                                              const __CUMETAL_T2 __b) {        \
    return __CUMETAL_T2(__CUMETAL_FLAG(__h##OP(__a.x, __b.x)),                 \
                        __CUMETAL_FLAG(__h##OP(__a.y, __b.y)));                \
  }                                                                            \
  __CUMETAL_FP16_HD__ bool __hb##OP##2(const __CUMETAL_T2 __a,                 \
                                       const __CUMETAL_T2 __b) {               \
    return __h##OP(__a.x, __b.x) && __h##OP(__a.y, __b.y);                     \
  }                                                                            \
  __CUMETAL_FP16_HD__ unsigned int __h##OP##2_mask(const __CUMETAL_T2 __a,     \
                                                   const __CUMETAL_T2 __b) {   \
    return (__h##OP(__a.x, __b.x) ? 0xffffu : 0u) |                            \
           (__h##OP(__a.y, __b.y) ? 0xffff0000u : 0u);                         \
  }

__CUMETAL_COMPARE(eq, __x == __y)
__CUMETAL_COMPARE(ne, (__x < __y) || (__x > __y))
__CUMETAL_COMPARE(lt, __x < __y)
__CUMETAL_COMPARE(le, __x <= __y)
__CUMETAL_COMPARE(gt, __x > __y)
__CUMETAL_COMPARE(ge, __x >= __y)
__CUMETAL_COMPARE(equ, !((__x < __y) || (__x > __y)))
__CUMETAL_COMPARE(neu, __x != __y)
__CUMETAL_COMPARE(ltu, !(__x >= __y))
__CUMETAL_COMPARE(leu, !(__x > __y))
__CUMETAL_COMPARE(gtu, !(__x <= __y))
__CUMETAL_COMPARE(geu, !(__x < __y))

__CUMETAL_FP16_HD__ bool __hisnan(const __CUMETAL_T __a) {
  return (__a.__x & 0x7fffu) >
         (((1u << __cumetal_fp16_format<__CUMETAL_T>::__ew) - 1u)
          << __cumetal_fp16_format<__CUMETAL_T>::__mw);
}
__CUMETAL_FP16_HD__ __CUMETAL_T2 __hisnan2(const __CUMETAL_T2 __a) {
  return __CUMETAL_T2(__CUMETAL_FLAG(__hisnan(__a.x)),
                      __CUMETAL_FLAG(__hisnan(__a.y)));
}
/* -1 for -infinity, 1 for +infinity, 0 otherwise. */
__CUMETAL_FP16_HD__ int __hisinf(const __CUMETAL_T __a) {
  float __x = __CUMETAL_F(__a);
  return __x == __builtin_huge_valf()    ? 1
         : __x == -__builtin_huge_valf() ? -1
                                         : 0;
}

/* Math functions: the float function, rounded once. */
#define __CUMETAL_MATH(NAME, EXPR)                                             \
  __CUMETAL_FP16_HD__ __CUMETAL_T h##NAME(const __CUMETAL_T __a) {             \
    float __x = __CUMETAL_F(__a);                                              \
    return __CUMETAL_H(EXPR);                                                  \
  }                                                                            \
  __CUMETAL_FP16_HD__ __CUMETAL_T2 h2##NAME(const __CUMETAL_T2 __a) {          \
    return __CUMETAL_T2(h##NAME(__a.x), h##NAME(__a.y));                       \
  }

__CUMETAL_MATH(sqrt, sqrtf(__x))
__CUMETAL_MATH(rsqrt, 1.0f / sqrtf(__x))
__CUMETAL_MATH(rcp, 1.0f / __x)
__CUMETAL_MATH(exp, expf(__x))
__CUMETAL_MATH(exp2, exp2f(__x))
__CUMETAL_MATH(exp10, exp10f(__x))
__CUMETAL_MATH(log, logf(__x))
__CUMETAL_MATH(log2, log2f(__x))
__CUMETAL_MATH(log10, log10f(__x))
__CUMETAL_MATH(sin, sinf(__x))
__CUMETAL_MATH(cos, cosf(__x))
__CUMETAL_MATH(ceil, ceilf(__x))
__CUMETAL_MATH(floor, floorf(__x))
__CUMETAL_MATH(trunc, truncf(__x))
__CUMETAL_MATH(rint, rintf(__x))

/* Operators --------------------------------------------------------------- */

/* The arithmetic and comparison operators of TYPE, through the intrinsics
 * ADD ... DIV, EQ ... GE (!= is unordered, as for float). */
#define __CUMETAL_OPERATORS(TYPE, ADD, SUB, MUL, DIV, NEG, ONE, EQ, NE, LT,    \
                            GT, LE, GE)                                        \
  __CUMETAL_FP16_HD__ TYPE operator+(const TYPE &__a, const TYPE &__b) {       \
    return ADD(__a, __b);                                                      \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE operator-(const TYPE &__a, const TYPE &__b) {       \
    return SUB(__a, __b);                                                      \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE operator*(const TYPE &__a, const TYPE &__b) {       \
    return MUL(__a, __b);                                                      \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE operator/(const TYPE &__a, const TYPE &__b) {       \
    return DIV(__a, __b);                                                      \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE &operator+=(TYPE &__a, const TYPE &__b) {           \
    return __a = ADD(__a, __b);                                                \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE &operator-=(TYPE &__a, const TYPE &__b) {           \
    return __a = SUB(__a, __b);                                                \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE &operator*=(TYPE &__a, const TYPE &__b) {           \
    return __a = MUL(__a, __b);                                                \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE &operator/=(TYPE &__a, const TYPE &__b) {           \
    return __a = DIV(__a, __b);                                                \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE &operator++(TYPE &__a) {                            \
    return __a = ADD(__a, ONE);                                                \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE &operator--(TYPE &__a) {                            \
    return __a = SUB(__a, ONE);                                                \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE operator++(TYPE &__a, int) {                        \
    TYPE __old = __a;                                                          \
    __a = ADD(__a, ONE);                                                       \
    return __old;                                                              \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE operator--(TYPE &__a, int) {                        \
    TYPE __old = __a;                                                          \
    __a = SUB(__a, ONE);                                                       \
    return __old;                                                              \
  }                                                                            \
  __CUMETAL_FP16_HD__ TYPE operator+(const TYPE &__a) { return __a; }          \
  __CUMETAL_FP16_HD__ TYPE operator-(const TYPE &__a) { return NEG(__a); }     \
  __CUMETAL_FP16_HD__ bool operator==(const TYPE &__a, const TYPE &__b) {      \
    return EQ(__a, __b);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ bool operator!=(const TYPE &__a, const TYPE &__b) {      \
    return NE(__a, __b);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ bool operator<(const TYPE &__a, const TYPE &__b) {       \
    return LT(__a, __b);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ bool operator>(const TYPE &__a, const TYPE &__b) {       \
    return GT(__a, __b);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ bool operator<=(const TYPE &__a, const TYPE &__b) {      \
    return LE(__a, __b);                                                       \
  }                                                                            \
  __CUMETAL_FP16_HD__ bool operator>=(const TYPE &__a, const TYPE &__b) {      \
    return GE(__a, __b);                                                       \
  }

#if !defined(__CUMETAL_NO_OPERATORS)
__CUMETAL_OPERATORS(__CUMETAL_T, __hadd, __hsub, __hmul, __hdiv, __hneg,
                    __CUMETAL_H(1.0f), __heq, __hneu, __hlt, __hgt, __hle,
                    __hge)
#endif
#if !defined(__CUMETAL_NO_OPERATORS2)
__CUMETAL_OPERATORS(__CUMETAL_T2, __hadd2, __hsub2, __hmul2, __h2div, __hneg2,
                    __CUMETAL_T2(__CUMETAL_H(1.0f), __CUMETAL_H(1.0f)), __hbeq2,
                    __hbneu2, __hblt2, __hbgt2, __hble2, __hbge2)
#endif

/* Device-only functions --------------------------------------------------- */

#if defined(__CUDACC__)
/* Warp shuffles move the bits through the 32-bit overloads. */
#define __CUMETAL_SHFL(NAME, OFFSET_T)                                         \
  __CUMETAL_FP16_DEV__ __CUMETAL_T NAME(unsigned int __m, __CUMETAL_T __v,     \
                                        OFFSET_T __o, int __w = 32) {          \
    return __cumetal_fp16_make<__CUMETAL_T>(                                   \
        (unsigned short)NAME(__m, (int)__v.__x, __o, __w));                    \
  }                                                                            \
  __CUMETAL_FP16_DEV__ __CUMETAL_T2 NAME(unsigned int __m, __CUMETAL_T2 __v,   \
                                         OFFSET_T __o, int __w = 32) {         \
    int __i;                                                                   \
    __builtin_memcpy(&__i, &__v, sizeof __i);                                  \
    __i = NAME(__m, __i, __o, __w);                                            \
    __builtin_memcpy(&__v, &__i, sizeof __i);                                  \
    return __v;                                                                \
  }
__CUMETAL_SHFL(__shfl_sync, int)
__CUMETAL_SHFL(__shfl_up_sync, unsigned int)
__CUMETAL_SHFL(__shfl_down_sync, unsigned int)
__CUMETAL_SHFL(__shfl_xor_sync, int)
#undef __CUMETAL_SHFL

__CUMETAL_FP16_DEV__ __CUMETAL_T __ldg(const __CUMETAL_T *__p) { return *__p; }
__CUMETAL_FP16_DEV__ __CUMETAL_T2 __ldg(const __CUMETAL_T2 *__p) {
  return *__p;
}

/* atomicAdd returns the old value; the pair's lanes round separately. A
 * device-scope atomic is a correct block- and system-scope one. */
#define __CUMETAL_ATOMIC_ADD(NAME)                                             \
  __CUMETAL_FP16_DEV__ __CUMETAL_T NAME(__CUMETAL_T *__p, __CUMETAL_T __v) {   \
    return __cumetal_fp16_atomic(                                              \
        __p, [__v](__CUMETAL_T __x) { return __hadd(__x, __v); });             \
  }                                                                            \
  __CUMETAL_FP16_DEV__ __CUMETAL_T2 NAME(__CUMETAL_T2 *__p,                    \
                                         __CUMETAL_T2 __v) {                   \
    return __cumetal_fp16_atomic2(                                             \
        __p, [__v](__CUMETAL_T2 __x) { return __hadd2(__x, __v); });           \
  }
__CUMETAL_ATOMIC_ADD(atomicAdd)
__CUMETAL_ATOMIC_ADD(atomicAdd_block)
__CUMETAL_ATOMIC_ADD(atomicAdd_system)
#undef __CUMETAL_ATOMIC_ADD
#endif /* __CUDACC__ */

#undef __CUMETAL_OPERATORS
#undef __CUMETAL_MATH
#undef __CUMETAL_COMPARE
#undef __CUMETAL_LANES3
#undef __CUMETAL_LANES2
#undef __CUMETAL_BINARY
#undef __CUMETAL_FLAG
#undef __CUMETAL_H
#undef __CUMETAL_F

/* The parameters, for the next type's inclusion. */
#undef __CUMETAL_NO_OPERATORS2
#undef __CUMETAL_NO_OPERATORS
#undef __CUMETAL_T2
#undef __CUMETAL_T

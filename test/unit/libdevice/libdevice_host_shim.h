// Host shim: compiles cumetal's libdevice CUDA sources (frontend/libdevice)
// as plain host C++ for the accuracy tests. __device__ and friends vanish,
// and the __nv_* functions that cumetalc lowers directly to AIR math are
// provided by the host libm (as on the CPU test backend).
#pragma once
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstring>

#define __device__
#define __host__
#define __forceinline__ inline

extern "C" {
static inline float __nv_fmaf(float a, float b, float c) {
  return std::fma(a, b, c);
}
static inline float __nv_fmaf_rn(float a, float b, float c) {
  return std::fma(a, b, c);
}
static inline float __nv_fdiv_rn(float a, float b) { return a / b; }
static inline float __nv_frcp_rn(float a) { return 1.0f / a; }
static inline float __nv_fsqrt_rn(float a) { return std::sqrt(a); }
static inline float __nv_sqrtf(float a) { return std::sqrt(a); }
static inline float __nv_rsqrtf(float a) { return 1.0f / std::sqrt(a); }
static inline float __nv_fadd_rn(float a, float b) { return a + b; }
static inline float __nv_fmul_rn(float a, float b) { return a * b; }
static inline float __nv_rintf(float a) { return std::rint(a); }
static inline float __nv_nearbyintf(float a) { return std::nearbyint(a); }
static inline float __nv_truncf(float a) { return std::trunc(a); }
static inline float __nv_floorf(float a) { return std::floor(a); }
static inline float __nv_ceilf(float a) { return std::ceil(a); }
static inline float __nv_roundf(float a) { return std::round(a); }
static inline float __nv_fabsf(float a) { return std::fabs(a); }
static inline float __nv_copysignf(float a, float b) {
  return std::copysign(a, b);
}
static inline float __nv_fminf(float a, float b) { return std::fmin(a, b); }
static inline float __nv_fmaxf(float a, float b) { return std::fmax(a, b); }
static inline float __nv_expf(float a) { return std::exp(a); }
static inline float __nv_exp2f(float a) { return std::exp2(a); }
static inline float __nv_logf(float a) { return std::log(a); }
static inline float __nv_log2f(float a) { return std::log2(a); }
static inline float __nv_powf(float a, float b) { return std::pow(a, b); }
static inline float __nv_sinf(float a) { return std::sin(a); }
static inline float __nv_cosf(float a) { return std::cos(a); }
static inline void __nv_sincosf(float a, float *s, float *c) {
  *s = std::sin(a);
  *c = std::cos(a);
}
static inline float __nv_sinpif(float a) {
  // glibc 2.36 has no sinpif: a correctly rounded-enough host version.
  long double r = std::fmod((long double)a, 2.0L);
  return (float)std::sin(r * 3.141592653589793238462643383279502884L);
}
static inline float __nv_cospif(float a) {
  long double r = std::fmod(std::fabs((long double)a), 2.0L);
  if (r == 0.5L || r == 1.5L)
    return 0.0f;
  return (float)std::cos(r * 3.141592653589793238462643383279502884L);
}
static inline int __nv_isnanf(float a) { return std::isnan(a); }
static inline int __nv_isinff(float a) { return std::isinf(a); }
static inline int __nv_finitef(float a) { return std::isfinite(a); }
static inline int __nv_float_as_int(float a) {
  int i;
  std::memcpy(&i, &a, 4);
  return i;
}
static inline float __nv_int_as_float(int i) {
  float a;
  std::memcpy(&a, &i, 4);
  return a;
}
static inline long long __nv_float2ll_rn(float a) {
  if (!(a > -9.22337204e18f && a < 9.22337204e18f))
    return LLONG_MIN;
  return (long long)std::nearbyint(a);
}
static inline long long __nv_float2ll_rz(float a) {
  if (!(a > -9.22337204e18f && a < 9.22337204e18f))
    return LLONG_MIN;
  return (long long)a;
}
static inline int __nv_clz(int a) {
  return a == 0 ? 32 : __builtin_clz((unsigned)a);
}
static inline int __nv_clzll(long long a) {
  return a == 0 ? 64 : __builtin_clzll((unsigned long long)a);
}
}

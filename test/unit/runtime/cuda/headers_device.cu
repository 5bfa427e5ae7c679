// Header smoke check: the device API of the cumetal CUDA headers compiles
// in Clang's device pass (and host pass). Not run; compiled only.
#include <cassert>
#include <cstdio>
#include <cuda_runtime.h>
#include <device_functions.h>
#include <device_launch_parameters.h>
#include <math_constants.h>
#include <sm_60_atomic_functions.h>

struct Pair {
  float a;
  int b;
};

__device__ unsigned long long g_counter;
__constant__ float c_coeffs[8];
__managed__ int m_flag;

__device__ __forceinline__ float helper(float x) { return x * CUDART_PI_F; }
__device__ __noinline__ int not_inlined(int x) { return x + 1; }

template <typename T> __device__ T twice(T v) { return v + v; }

__global__ void __launch_bounds__(256, 2)
    atomics(int *i, unsigned *u, unsigned long long *ull, long long *ll,
            float *f, double *d, unsigned short *us) {
  atomicAdd(i, 1);
  atomicAdd(u, 1u);
  atomicAdd(ull, 1ull);
  atomicAdd(f, 1.0f);
  atomicAdd(d, 1.0);
  atomicAdd_block(i, 2);
  atomicAdd_system(f, 2.0f);
  atomicSub(i, 1);
  atomicSub(u, 1u);
  atomicExch(i, 3);
  atomicExch(u, 3u);
  atomicExch(ull, 3ull);
  atomicExch(f, 3.0f);
  atomicMin(i, 0);
  atomicMin(u, 0u);
  atomicMin(ll, 0ll);
  atomicMin(ull, 0ull);
  atomicMax(i, 9);
  atomicMax_block(u, 9u);
  atomicMax_system(ll, 9ll);
  atomicMax(ull, 9ull);
  atomicInc(u, 10u);
  atomicDec(u, 10u);
  atomicInc_block(u, 10u);
  atomicDec_system(u, 10u);
  atomicCAS(i, 1, 2);
  atomicCAS(u, 1u, 2u);
  atomicCAS(ull, 1ull, 2ull);
  atomicCAS(us, (unsigned short)1, (unsigned short)2);
  atomicCAS_block(i, 1, 2);
  atomicAnd(i, 1);
  atomicOr(u, 2u);
  atomicXor(ull, 3ull);
  atomicAnd_system(ull, 1ull);
  atomicOr_block(i, 4);
  atomicAdd(&g_counter, 1ull);
}

__global__ void warps(float *out, const float *in, int n) {
  extern __shared__ float dyn[];
  __shared__ float tile[32];
  int tid = threadIdx.x + blockIdx.x * blockDim.x;
  float v = tid < n ? in[tid] : 0.0f;
  for (int o = warpSize / 2; o > 0; o >>= 1)
    v += __shfl_down_sync(0xffffffffu, v, o);
  v += __shfl_xor_sync(0xffffffffu, v, 1) + __shfl_sync(0xffffffffu, v, 0) +
       __shfl_up_sync(0xffffffffu, v, 1);
  unsigned ballot = __ballot_sync(0xffffffffu, v > 0);
  int any = __any_sync(0xffffffffu, v > 0), all = __all_sync(0xffffffffu, 1);
  unsigned active = __activemask();
  unsigned matched = __match_any_sync(0xffffffffu, tid & 3);
  int pred;
  unsigned allm = __match_all_sync(0xffffffffu, 1.0f, &pred);
  unsigned s = __reduce_add_sync(0xffffffffu, 1u) +
               __reduce_max_sync(0x0000ffffu, (unsigned)tid) +
               __reduce_and_sync(0xffffffffu, 3u) +
               __reduce_or_sync(0xffffffffu, 3u) +
               __reduce_xor_sync(0xffffffffu, 3u);
  int smin = __reduce_min_sync(0xffffffffu, -tid) +
             __reduce_add_sync(0xffffffffu, tid);
  tile[threadIdx.x % 32] = v;
  dyn[threadIdx.x] = v;
  __syncthreads();
  int cnt =
      __syncthreads_count(v > 0) + __syncthreads_and(1) + __syncthreads_or(0);
  __syncwarp();
  __threadfence();
  __threadfence_block();
  __threadfence_system();
  float c = __ldg(in) + __ldcg(in) + __ldca(in) + __ldcs(in) + __ldlu(in) +
            __ldcv(in);
  __stcg(out, c);
  __stcs(out, 1.0f);
  __stwb(out + 1, 2.0f);
  __stwt(out + 2, 3.0f);
  float4 f4 = __ldg(reinterpret_cast<const float4 *>(in));
  long long t = clock64() + clock();
  __nanosleep(100);
  int dp = __dp4a(0x01020304, 0x01010101, 0) + __popc(ballot) + __clz(any) +
           __ffs(all) + __brev(active) + __byte_perm(1u, 2u, 0x3210);
  out[tid] = v + tile[0] + dyn[0] + f4.x + (float)(t & 1) + (float)(s + smin) +
             (float)(cnt + dp + matched + allm + pred) + c_coeffs[tid % 8] +
             helper(1.0f) + not_inlined(1) + twice(2) + (float)m_flag;
}

__global__ void math(float *f, double *d) {
  int i = threadIdx.x;
  f[i] = sinf(f[i]) + cosf(f[i]) + expf(f[i]) + logf(f[i]) + sqrtf(f[i]) +
         powf(f[i], 2.0f) + fabsf(f[i]) + fmaxf(f[i], 1.0f) + floorf(f[i]) +
         rsqrtf(f[i]) + __expf(f[i]) + __sinf(f[i]) + __fdividef(1.0f, f[i]) +
         erff(f[i]) + tanhf(f[i]) + fmaf(f[i], 2.0f, 1.0f) + __saturatef(f[i]) +
         std::sin(f[i]) + std::max(f[i], 0.5f) + norm3df(1, 2, 3) +
         __int_as_float(__float_as_int(1.0f));
  float s, c;
  sincosf(f[i], &s, &c);
  d[i] = sin(d[i]) + exp(d[i]) + sqrt(d[i]) + pow(d[i], 3.0) + s + c +
         __longlong_as_double(__double_as_longlong(CUDART_PI)) + isnan(d[i]) +
         isinf(f[i]) + CUDART_INF_F;
}

__global__ void vectors(float2 *a, int4 *b, double2 *c, uchar4 *u, longlong2 *l,
                        ulonglong4 *ul) {
  static_assert(alignof(float2) == 8 && alignof(float4) == 16 &&
                    alignof(double2) == 16 && alignof(char2) == 2 &&
                    alignof(short2) == 4 && alignof(int2) == 8 &&
                    sizeof(float3) == 12 && alignof(float3) == 4 &&
                    alignof(longlong2) == 16 && sizeof(dim3) == 12,
                "CUDA's vector alignments");
  a[0] = make_float2(1, 2);
  b[0] = make_int4(1, 2, 3, 4);
  c[0] = make_double2(1, 2);
  u[0] = make_uchar4(1, 2, 3, 4);
  l[0] = make_longlong2(1, 2);
  ul[0] = make_ulonglong4(1, 2, 3, 4);
  dim3 bd = blockDim;
  uint3 ti = threadIdx;
  dim3 g = gridDim;
  uint3 bi = blockIdx;
  a[1].x = bd.x + ti.y + g.z + bi.x;
}

__global__ void io(const Pair *p, int n) {
  int i = threadIdx.x;
  assert(i < n);
  printf("thread %d: %f %d %s %p\n", i, p[i].a, p[i].b, "ok", p);
  if (i > n)
    __trap();
}

__global__ void bits(unsigned *out) {
  unsigned lo = out[0], hi = out[1];
  out[2] = __funnelshift_l(lo, hi, 4) + __funnelshift_lc(lo, hi, 40) +
           __funnelshift_r(lo, hi, 36) + __funnelshift_rc(lo, hi, 3) +
           __activemask();
}

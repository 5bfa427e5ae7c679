//===- ThreadContext.h - Per-thread inputs of a JIT'd kernel ----*- C++ -*-===//
//
// The one structure that crosses the boundary between the host runtime and
// the JIT'd code: the entry wrapper that KernelBinder generates for each
// kernel (and the group and region wrappers) takes a pointer to a
// ThreadContext and loads every kernel argument from it (hardware inputs
// from the fixed fields, buffers through the two pointer tables). The
// wrapper addresses fields by offsetof, so the layout here is the only
// definition.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_THREADCONTEXT_H
#define CUMETAL_RUNTIME_CPU_THREADCONTEXT_H

#include <cstddef>
#include <cstdint>

namespace cumetal::cpu {

/// The SIMD-group width of the cpu backend (Apple GPUs use 32).
constexpr unsigned kSimdWidth = 32;
/// Metal's limit on threads per threadgroup.
constexpr unsigned kMaxThreadsPerThreadgroup = 1024;
/// Threadgroup memory (static plus dynamic) one threadgroup may use.
constexpr size_t kMaxThreadgroupMemory = 64 * 1024;

/// Three-component hardware inputs, stored as {x, y, z, 0}.
enum VectorInput : unsigned {
  ThreadPositionInGrid,
  ThreadPositionInThreadgroup,
  ThreadgroupPositionInGrid,
  ThreadsPerThreadgroup,
  ThreadgroupsPerGrid,
  ThreadsPerGrid,
  GridOrigin, ///< always zero
  NumVectorInputs
};

/// One-component hardware inputs.
enum ScalarInput : unsigned {
  ThreadIndexInThreadgroup,
  ThreadIndexInSimdgroup,
  SimdgroupIndexInThreadgroup,
  ThreadsPerSimdgroup,
  SimdgroupsPerThreadgroup,
  ThreadIndexInQuadgroup,
  QuadgroupIndexInThreadgroup,
  QuadgroupsPerThreadgroup,
  NumScalarInputs
};

struct ThreadContext {
  uint32_t Vec[NumVectorInputs][4];
  uint32_t Scalar[NumScalarInputs];
  /// kMaxBuffers device addresses bound for this launch.
  void *const *Buffers;
  /// kMaxThreadgroupBindings addresses of this threadgroup's memory.
  void *const *ThreadgroupBuffers;
};

/// Signature of the generated entry wrapper.
using EntryFunction = void (*)(ThreadContext *);

/// Signature of the generated region wrappers (emitRegionWrappers): runs
/// one region of every thread of the threadgroup the context's
/// per-threadgroup fields describe; returns where the threads stopped.
using RegionFunction = int32_t (*)(ThreadContext *, char *Frames,
                                   int32_t *State, int32_t Resume);

constexpr size_t vectorInputOffset(VectorInput I) {
  return offsetof(ThreadContext, Vec) + I * 4 * sizeof(uint32_t);
}
constexpr size_t scalarInputOffset(ScalarInput I) {
  return offsetof(ThreadContext, Scalar) + I * sizeof(uint32_t);
}
constexpr size_t kBuffersOffset = offsetof(ThreadContext, Buffers);
constexpr size_t kThreadgroupBuffersOffset =
    offsetof(ThreadContext, ThreadgroupBuffers);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_THREADCONTEXT_H

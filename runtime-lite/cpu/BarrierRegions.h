//===- BarrierRegions.h - Barrier kernels without fibers --------*- C++ -*-===//
//
// A kernel whose threads meet at threadgroup barriers (air.wg.barrier) but
// at no SIMD-group operation can run without fibers: its body becomes a
// "region function" that runs one thread from a resume point to the next
// barrier (or to its end) and returns which barrier it stopped at. The
// runner calls it for every thread of the threadgroup, one region at a time,
// through a JIT'd wrapper that loops over the threads (KernelBinder.h); a
// thread's private memory and the values it carries across a barrier live
// in a per-thread frame between calls. BarrierRegions.cpp describes the
// transformation.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_BARRIERREGIONS_H
#define CUMETAL_RUNTIME_CPU_BARRIERREGIONS_H

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Function;
} // namespace llvm

namespace cumetal::cpu {

/// What a region function returns for a thread that has returned from the
/// kernel; a thread stopped at barrier I (1-based) returns I.
constexpr int32_t kRegionExited = -1;
/// What the region wrapper returns when threads stopped at different
/// points (or some have returned and others not), and the resume value that
/// makes it resume each thread where it stopped.
constexpr int32_t kRegionsDiffer = -2;

/// The largest alignment a private variable may ask for: frames are
/// allocated at this alignment.
constexpr uint64_t kFrameAlignment = 64;

/// The result of formBarrierRegions.
struct BarrierRegions {
  /// `i32 (<kernel params>..., i8* frames, i64 threads, i64 tid, i32
  /// resume)`: the kernel's parameters keep their positions; `frames` is
  /// the threadgroup's frame area, `threads` the number of threads of the
  /// threadgroup, `tid` the thread's linear index in it; `resume` is 0 to
  /// start the thread or the barrier it stopped at. Null when the kernel
  /// must keep running as fibers (Reason says why).
  llvm::Function *Region = nullptr;
  /// Barriers of the kernel: resume points 1..NumBarriers.
  unsigned NumBarriers = 0;
  /// For each resume point 0..NumBarriers, how many loops of the kernel
  /// contain it (the regions that run most often start deepest).
  std::vector<unsigned> ResumeLoopDepth;
  /// Bytes of frame per thread (a multiple of 16).
  uint64_t FrameBytes = 0;
  /// The threads of one region may run in any order, even interleaved (the
  /// loop over them is parallel): the region function has no volatile or
  /// atomic memory access and calls no function that writes memory. Two
  /// threads that access the same location between two barriers, one of
  /// them writing, race: CUDA leaves the outcome undefined.
  bool Parallel = false;
  std::string Reason;
};

/// A copy of region function \p Region (formBarrierRegions) that starts
/// every thread at \p Resume (0..NumBarriers) whatever its `resume`
/// argument, without the code that cannot run from there: internal and
/// always inlined, where \p Region is never inlined.
llvm::Function *specializeRegion(llvm::Function &Region, unsigned Resume);

/// Turns kernel \p K, which calls air.wg.barrier, into a region function.
/// Calls that reach a barrier are inlined into \p K first. When the kernel
/// cannot run as regions (SIMD-group operations, a barrier in a call that
/// cannot be inlined, private memory of dynamic size) \p K stays a valid
/// kernel with the same behaviour and the result has no Region; otherwise
/// \p K is erased.
BarrierRegions formBarrierRegions(llvm::Function &K);

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_BARRIERREGIONS_H

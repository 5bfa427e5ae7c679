//===- GridRunner.h - Running a grid of threadgroups ------------*- C++ -*-===//
//
// Executes one launch: threadgroups are shared out over the ThreadPool; the
// threads of a threadgroup run either as a plain loop over the JIT'd entry
// wrapper, or region by region when the kernel meets at barriers only
// (BarrierRegions.h), or, when it meets at SIMD-group operations (and
// always in checked mode), as fibers under a cooperative scheduler.
//
// The rt:: functions are what the host implementations of air.* functions
// call from inside a running kernel thread.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_GRIDRUNNER_H
#define CUMETAL_RUNTIME_CPU_GRIDRUNNER_H

#include "runtime-lite/cpu/AIRBuiltins.h"
#include "runtime-lite/cpu/ThreadContext.h"
#include "runtime-lite/device/Device.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace cumetal::cpu {

class DeviceMemory;
class ThreadPool;

/// A range of host addresses [Begin, End).
struct MemoryRange {
  uintptr_t Begin = 0;
  uintptr_t End = 0;
};

/// Everything a launch needs, validated by the caller.
struct LaunchPlan {
  const std::string *KernelName = nullptr;
  EntryFunction Entry = nullptr;
  /// Runs a whole threadgroup (plain-loop kernels); null to loop here.
  EntryFunction GroupEntry = nullptr;
  /// Barrier kernels run as regions (BarrierRegions.h): the region
  /// wrappers, Regions[R] to start every thread at resume point R for R
  /// below NumRegions - 1 (null if not specialised), the last to resume
  /// each where it stopped (emitRegionWrappers); Entry is null then.
  const RegionFunction *Regions = nullptr;
  size_t NumRegions = 0;
  /// Region kernels: bytes of private frame per thread.
  size_t FrameBytes = 0;
  device::Dim3 Grid, Block;
  void *Buffers[device::kMaxBuffers] = {};
  size_t BufferLengths[device::kMaxBuffers] = {};
  size_t StaticThreadgroupBytes = 0;
  /// Dynamic threadgroup memory per binding; zero for bindings the kernel
  /// does not use.
  size_t ThreadgroupLengths[device::kMaxThreadgroupBindings] = {};
  bool UseFibers = false;
  bool Checked = false;
  /// Checked mode: live device allocations and the kernel's own globals.
  const DeviceMemory *Memory = nullptr;
  const MemoryRange *ExtraRanges = nullptr;
  size_t NumExtraRanges = 0;
};

/// Runs every threadgroup of \p Plan and returns when all have finished, or
/// with the first fault (checked mode) once the launch has been abandoned.
device::Status runGrid(ThreadPool &Pool, const LaunchPlan &Plan);

namespace rt {
/// air.wg.barrier: waits for every live thread of the threadgroup.
void threadgroupBarrier();
/// A SIMD-group operation: deposits \p Slot, waits for the live lanes of
/// the SIMD-group and returns this lane's result. \p Site identifies the
/// call site (SimdSites.h): lanes at different sites have diverged, and the
/// lowest site resolves first.
uint64_t simdRendezvous(const SimdSlot &Slot, uint64_t Site);
/// The site number of the next SIMD-group call of this host thread, set by
/// the JIT'd code just before the call.
void setSimdSite(uint64_t Site);
uint64_t simdSite();
/// The static threadgroup memory of the running threadgroup.
void *threadgroupStaticBase();
/// Checked mode: validates an access, or records a fault and abandons the
/// calling thread (never returns then).
void checkAccess(const void *Addr, uint64_t Size, uint64_t Align,
                 AccessKind Kind);
} // namespace rt

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_GRIDRUNNER_H

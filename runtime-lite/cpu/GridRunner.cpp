//===- GridRunner.cpp - Running a grid of threadgroups --------------------===//
//
// Each host thread that runs threadgroups (pool helpers and launching
// threads) owns a WorkerState: a threadgroup-memory arena, fiber stacks,
// region frames and the per-thread contexts of the threadgroup it is
// running. A threadgroup runs as a plain loop (one call of the JIT'd group
// wrapper), as regions (BarrierRegions.h, below), or as fibers in
// round-robin passes: threads run in index order, each until it waits, and
// a waiting fiber switches straight to the next runnable one.
//
//  * a barrier releases once every live (not yet returned) thread has
//    arrived; the last arrival releases the others and carries on;
//  * a SIMD-group operation resolves once every live lane of its SIMD-group
//    has arrived. Lanes that diverged to different call sites are resolved
//    one call site at a time, earliest in the kernel's control flow first
//    (SimdSites.h: lanes in a branch finish it before the lanes that
//    skipped it go on); when every live thread is blocked, the
//    SIMD-groups resolve with the lanes that have arrived (lanes of a
//    divergent branch, while the others wait at a barrier);
//  * checked mode stops a faulting thread by switching away from its fiber
//    for good; the scheduler then abandons the threadgroup and the pool
//    stops handing out threadgroups of the launch.
//
// Regions run in rounds; a round runs every live thread, in index order
// (or interleaved in SIMD code, BarrierRegions.h), from where it stopped to
// its next barrier or its end (one call of a region wrapper), which is how
// far the fibers get between two releases of a barrier. While every thread of
// the group stops at the same barrier, the next round resumes them all there
// (the wrapper's loop for that barrier); once threads have returned or stop at
// different barriers, each resumes where it stopped. Like fibers without
// checked mode, a barrier releases once every live thread has reached a
// barrier, any barrier.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/GridRunner.h"

#include "runtime-lite/cpu/BarrierRegions.h"
#include "runtime-lite/cpu/DeviceMemory.h"
#include "runtime-lite/cpu/Fibers.h"
#include "runtime-lite/cpu/ThreadPool.h"

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace cumetal::cpu {

using device::Fault;
using device::Status;

namespace {

enum class ThreadState : uint8_t {
  NotStarted,
  Runnable,
  AtBarrier,
  AtSimd,
  Done,
  Faulted,
};

/// One thread of the running threadgroup, in fiber mode.
struct KernelThread {
  ThreadContext Ctx;
  FiberContext Context;
  void *Stack = nullptr;
  ThreadState State = ThreadState::NotStarted;
  uint32_t Simd = 0; ///< SIMD-group index
  uint32_t Lane = 0; ///< index in the SIMD-group
};

struct SimdGroup {
  uint32_t LiveMask = 0;    ///< lanes that exist and have not returned
  uint32_t ArrivedMask = 0; ///< lanes waiting at a SIMD-group operation
  uint64_t Sites[kSimdWidth];
  SimdSlot Slots[kSimdWidth];
  uint64_t Results[kSimdWidth];
};

/// What the participants of one launch share.
struct Launch {
  explicit Launch(const LaunchPlan &P) : Plan(P) {}
  const LaunchPlan &Plan;
  /// Layout of one threadgroup's memory: static part at 0, then each
  /// dynamic binding, 16-byte aligned.
  size_t ThreadgroupOffsets[device::kMaxThreadgroupBindings] = {};
  size_t ArenaBytes = 0;
  uint32_t ThreadsPerGroup = 0;
  std::atomic<bool> Aborted{false};
  std::mutex FaultMutex;
  Status Result;

  void recordFault(Fault F, std::string Message) {
    std::lock_guard<std::mutex> Lock(FaultMutex);
    if (Result.fault == Fault::None)
      Result = Status::error(F, std::move(Message));
    Aborted.store(true, std::memory_order_relaxed);
  }
};

/// Storage a host thread reuses from threadgroup to threadgroup.
struct WorkerState {
  FiberStackPool Stacks;
  std::vector<KernelThread> Threads;
  std::vector<SimdGroup> Simd;
  struct FreeDeleter {
    void operator()(char *P) const { std::free(P); }
  };
  std::unique_ptr<char, FreeDeleter> Arena;
  size_t ArenaCapacity = 0;
  std::unique_ptr<char, FreeDeleter> Frames; ///< region kernels
  size_t FramesCapacity = 0;
  std::vector<int32_t> RegionState; ///< where each thread stopped
  void *ThreadgroupBuffers[device::kMaxThreadgroupBindings] = {};

  // The running threadgroup.
  Launch *L = nullptr;
  FiberContext Scheduler;
  KernelThread *Current = nullptr; ///< the running fiber, if any
  uint32_t NumThreads = 0;
  uint32_t Live = 0;
  uint32_t BarrierArrived = 0;
  int64_t LastExited = -1; ///< a thread that has returned, for messages
  uint32_t GroupPos[3] = {};

  static char *reserve(std::unique_ptr<char, FreeDeleter> &Buffer,
                       size_t &Capacity, size_t Bytes) {
    if (Bytes > Capacity || !Buffer) {
      size_t Cap = (std::max<size_t>(Bytes, 256) + 63) & ~size_t(63);
      Buffer.reset(static_cast<char *>(std::aligned_alloc(64, Cap)));
      Capacity = Buffer ? Cap : 0;
    }
    return Buffer.get();
  }
  char *arena(size_t Bytes) { return reserve(Arena, ArenaCapacity, Bytes); }
  char *frames(size_t Bytes) { return reserve(Frames, FramesCapacity, Bytes); }
};

thread_local WorkerState *TLSWorker = nullptr;
thread_local char *TLSStaticBase = nullptr;

WorkerState &workerState() {
  static thread_local std::unique_ptr<WorkerState> Owned;
  if (!Owned)
    Owned = std::make_unique<WorkerState>();
  return *Owned;
}

std::string dim3String(const uint32_t *V) {
  return "(" + std::to_string(V[0]) + "," + std::to_string(V[1]) + "," +
         std::to_string(V[2]) + ")";
}

/// Fills the fields every thread of threadgroup \p Pos shares.
void initGroupContext(ThreadContext &C, const LaunchPlan &P,
                      const uint32_t *Pos, void *const *GroupBuffers,
                      uint32_t NumThreads) {
  std::memset(&C, 0, sizeof(C));
  uint32_t Grid[3] = {P.Grid.x, P.Grid.y, P.Grid.z};
  uint32_t Block[3] = {P.Block.x, P.Block.y, P.Block.z};
  for (unsigned D = 0; D < 3; ++D) {
    C.Vec[ThreadgroupPositionInGrid][D] = Pos[D];
    C.Vec[ThreadsPerThreadgroup][D] = Block[D];
    C.Vec[ThreadgroupsPerGrid][D] = Grid[D];
    C.Vec[ThreadsPerGrid][D] = Grid[D] * Block[D];
  }
  C.Scalar[ThreadsPerSimdgroup] = kSimdWidth;
  C.Scalar[SimdgroupsPerThreadgroup] =
      (NumThreads + kSimdWidth - 1) / kSimdWidth;
  C.Scalar[QuadgroupsPerThreadgroup] = (NumThreads + 3) / 4;
  C.Buffers = P.Buffers;
  C.ThreadgroupBuffers = GroupBuffers;
}

/// Fills the fields of thread \p Tid (linear index \p Linear).
inline void setThread(ThreadContext &C, const LaunchPlan &P,
                      const uint32_t *Pos, uint32_t X, uint32_t Y, uint32_t Z,
                      uint32_t Linear) {
  C.Vec[ThreadPositionInThreadgroup][0] = X;
  C.Vec[ThreadPositionInThreadgroup][1] = Y;
  C.Vec[ThreadPositionInThreadgroup][2] = Z;
  C.Vec[ThreadPositionInGrid][0] = Pos[0] * P.Block.x + X;
  C.Vec[ThreadPositionInGrid][1] = Pos[1] * P.Block.y + Y;
  C.Vec[ThreadPositionInGrid][2] = Pos[2] * P.Block.z + Z;
  C.Scalar[ThreadIndexInThreadgroup] = Linear;
  C.Scalar[ThreadIndexInSimdgroup] = Linear % kSimdWidth;
  C.Scalar[SimdgroupIndexInThreadgroup] = Linear / kSimdWidth;
  C.Scalar[ThreadIndexInQuadgroup] = Linear % 4;
  C.Scalar[QuadgroupIndexInThreadgroup] = Linear / 4;
}

//===----------------------------------------------------------------------===//
// Plain loop
//===----------------------------------------------------------------------===//

void runPlain(WorkerState &W, const LaunchPlan &P) {
  ThreadContext C;
  initGroupContext(C, P, W.GroupPos, W.ThreadgroupBuffers, W.NumThreads);
  if (P.GroupEntry) {
    P.GroupEntry(&C);
    return;
  }
  EntryFunction Entry = P.Entry;
  uint32_t Linear = 0;
  for (uint32_t Z = 0; Z < P.Block.z; ++Z)
    for (uint32_t Y = 0; Y < P.Block.y; ++Y)
      for (uint32_t X = 0; X < P.Block.x; ++X) {
        setThread(C, P, W.GroupPos, X, Y, Z, Linear++);
        Entry(&C);
      }
}

//===----------------------------------------------------------------------===//
// Regions
//===----------------------------------------------------------------------===//

void runRegions(WorkerState &W, Launch &L) {
  const LaunchPlan &P = L.Plan;
  uint32_t N = W.NumThreads;
  char *Frames = W.frames(P.FrameBytes * N);
  if (!Frames) {
    L.recordFault(Fault::OutOfResources,
                  "kernel '" + *P.KernelName +
                      "': cannot allocate the threads' private memory");
    return;
  }
  W.RegionState.assign(N, 0);
  int32_t *State = W.RegionState.data();
  ThreadContext C;
  initGroupContext(C, P, W.GroupPos, W.ThreadgroupBuffers, N);
  // Where every thread resumes (0: the start), or kRegionsDiffer for
  // where each stopped.
  const size_t Any = P.NumRegions - 1;
  int32_t Resume = 0;
  while (Resume != kRegionExited &&
         !L.Aborted.load(std::memory_order_relaxed)) {
    size_t I = Resume >= 0 && size_t(Resume) < Any && P.Regions[Resume]
                   ? size_t(Resume)
                   : Any;
    Resume = P.Regions[I](&C, Frames, State, Resume);
  }
}

//===----------------------------------------------------------------------===//
// Fibers
//===----------------------------------------------------------------------===//

/// Switches from the running fiber back to the scheduler.
inline void switchToScheduler(WorkerState &W, KernelThread &T) {
  FiberContext::switchTo(T.Context, W.Scheduler);
}

/// Stops the running fiber for good (after a fault).
[[noreturn]] void abandonThread(WorkerState &W, KernelThread &T) {
  T.State = ThreadState::Faulted;
  switchToScheduler(W, T);
  std::abort(); // never resumed
}

void fiberMain(void *Arg);

/// Gives thread \p T a stack and a fresh context. False if the system has
/// no memory left (the launch has faulted then).
bool startThread(WorkerState &W, KernelThread &T) {
  T.Stack = W.Stacks.acquire();
  if (!T.Stack) {
    W.L->recordFault(Fault::OutOfResources,
                     "kernel '" + *W.L->Plan.KernelName +
                         "': cannot allocate a fiber stack");
    return false;
  }
  T.Context.prepare(T.Stack, kFiberStackSize, &fiberMain, &T);
  T.State = ThreadState::Runnable;
  return true;
}

/// The running fiber \p T waits (at a barrier or SIMD-group operation):
/// resumes the next runnable thread of this scheduling pass directly, or
/// the scheduler at the end of the pass. Returns once \p T is resumed.
void block(WorkerState &W, KernelThread &T) {
  if (!W.L->Aborted.load(std::memory_order_relaxed))
    for (uint32_t I = uint32_t(&T - W.Threads.data()) + 1; I < W.NumThreads;
         ++I) {
      KernelThread &Next = W.Threads[I];
      if (Next.State == ThreadState::NotStarted && !startThread(W, Next))
        break;
      if (Next.State != ThreadState::Runnable)
        continue;
      W.Current = &Next;
      FiberContext::switchTo(T.Context, Next.Context);
      return;
    }
  switchToScheduler(W, T);
}

const uint32_t *threadPos(const KernelThread &T) {
  return T.Ctx.Vec[ThreadPositionInThreadgroup];
}

std::string threadDescription(const KernelThread &T, const uint32_t *Group) {
  return "thread " + dim3String(threadPos(T)) + " of block " +
         dim3String(Group);
}

/// Resolves the lanes of \p G that wait at the lowest call site among the
/// lanes that have arrived, and makes them runnable.
void resolveReady(WorkerState &W, uint32_t GroupIndex) {
  SimdGroup &G = W.Simd[GroupIndex];
  uint32_t Arrived = G.ArrivedMask;
  if (!Arrived)
    return;
  uint64_t Site = UINT64_MAX;
  for (uint32_t M = Arrived; M; M &= M - 1)
    Site = std::min(Site, G.Sites[__builtin_ctz(M)]);
  uint32_t Participants = 0;
  for (uint32_t M = Arrived; M; M &= M - 1) {
    unsigned Lane = __builtin_ctz(M);
    if (G.Sites[Lane] == Site)
      Participants |= 1u << Lane;
  }
  resolveSimdGroup(G.Slots, Participants, G.Results);
  G.ArrivedMask &= ~Participants;
  KernelThread *Base = &W.Threads[GroupIndex * kSimdWidth];
  for (uint32_t M = Participants; M; M &= M - 1)
    Base[__builtin_ctz(M)].State = ThreadState::Runnable;
}

void releaseBarrier(WorkerState &W) {
  for (uint32_t I = 0; I < W.NumThreads; ++I)
    if (W.Threads[I].State == ThreadState::AtBarrier)
      W.Threads[I].State = ThreadState::Runnable;
  W.BarrierArrived = 0;
}

/// Releases the barrier once every live thread waits at it. In checked
/// mode a barrier that some thread has returned before is divergence.
/// Returns false if the launch faulted.
bool maybeReleaseBarrier(WorkerState &W) {
  if (W.BarrierArrived == 0 || W.BarrierArrived != W.Live)
    return true;
  if (W.L->Plan.Checked && W.LastExited >= 0) {
    const KernelThread &Gone = W.Threads[W.LastExited];
    W.L->recordFault(
        Fault::BarrierDivergence,
        "kernel '" + *W.L->Plan.KernelName + "': barrier divergence in block " +
            dim3String(W.GroupPos) + ": thread " + dim3String(threadPos(Gone)) +
            " returned while " + std::to_string(W.BarrierArrived) +
            " threads wait at a barrier");
    return false;
  }
  releaseBarrier(W);
  return true;
}

void fiberMain(void *Arg) {
  auto *T = static_cast<KernelThread *>(Arg);
  WorkerState &W = *TLSWorker;
  W.L->Plan.Entry(&T->Ctx);
  // The thread has returned: it no longer counts at barriers and SIMD-group
  // operations, which may now be complete.
  T->State = ThreadState::Done;
  --W.Live;
  W.LastExited = T - W.Threads.data();
  SimdGroup &G = W.Simd[T->Simd];
  G.LiveMask &= ~(1u << T->Lane);
  if (G.ArrivedMask && G.ArrivedMask == G.LiveMask)
    resolveReady(W, T->Simd);
  maybeReleaseBarrier(W);
  // The scheduler, not the next fiber: this stack is free only once left.
  switchToScheduler(W, *T);
  std::abort(); // a finished fiber is never resumed
}

void runFibers(WorkerState &W, Launch &L) {
  const LaunchPlan &P = L.Plan;
  uint32_t N = W.NumThreads;
  if (W.Threads.size() < N)
    W.Threads.resize(N); // between threadgroups only: no fiber is live
  uint32_t NumSimd = (N + kSimdWidth - 1) / kSimdWidth;
  if (W.Simd.size() < NumSimd)
    W.Simd.resize(NumSimd);

  ThreadContext Common;
  initGroupContext(Common, P, W.GroupPos, W.ThreadgroupBuffers, N);
  uint32_t Linear = 0;
  for (uint32_t Z = 0; Z < P.Block.z; ++Z)
    for (uint32_t Y = 0; Y < P.Block.y; ++Y)
      for (uint32_t X = 0; X < P.Block.x; ++X) {
        KernelThread &T = W.Threads[Linear];
        T.Ctx = Common;
        setThread(T.Ctx, P, W.GroupPos, X, Y, Z, Linear);
        T.State = ThreadState::NotStarted;
        T.Stack = nullptr;
        T.Simd = Linear / kSimdWidth;
        T.Lane = Linear % kSimdWidth;
        ++Linear;
      }
  for (uint32_t S = 0; S < NumSimd; ++S) {
    uint32_t Lanes = std::min(kSimdWidth, N - S * kSimdWidth);
    W.Simd[S].LiveMask = Lanes == 32 ? ~0u : (1u << Lanes) - 1;
    W.Simd[S].ArrivedMask = 0;
  }
  W.Live = N;
  W.BarrierArrived = 0;
  W.LastExited = -1;

  while (W.Live > 0 && !L.Aborted.load(std::memory_order_relaxed)) {
    // One pass: threads run in index order, each until it waits or
    // returns; a waiting thread hands over to the next one itself.
    bool Ran = false;
    for (uint32_t I = 0; I < N;) {
      KernelThread &T = W.Threads[I];
      if (T.State == ThreadState::NotStarted && !startThread(W, T))
        break;
      if (T.State != ThreadState::Runnable) {
        ++I;
        continue;
      }
      Ran = true;
      W.Current = &T;
      FiberContext::switchTo(W.Scheduler, T.Context);
      KernelThread *Back = W.Current; // the fiber that switched back
      W.Current = nullptr;
      if (Back->State == ThreadState::Done) {
        W.Stacks.release(Back->Stack);
        Back->Stack = nullptr;
      }
      if (L.Aborted.load(std::memory_order_relaxed))
        break;
      I = uint32_t(Back - W.Threads.data()) + 1;
    }
    if (Ran || W.Live == 0 || L.Aborted.load(std::memory_order_relaxed))
      continue;
    // Every live thread waits. Lanes at SIMD-group operations whose
    // SIMD-group mates wait elsewhere (at a barrier) run with the lanes
    // that are there, as a divergent branch does on the GPU.
    bool Progress = false;
    for (uint32_t S = 0; S < NumSimd; ++S)
      if (W.Simd[S].ArrivedMask) {
        resolveReady(W, S);
        Progress = true;
      }
    if (!Progress) {
      L.recordFault(Fault::LaunchFailure, "kernel '" + *P.KernelName +
                                              "': threads of block " +
                                              dim3String(W.GroupPos) +
                                              " wait for each other forever");
      break;
    }
  }
  // Threads abandoned after a fault give their stacks back unwound: the
  // JIT'd code holds no resources.
  for (uint32_t I = 0; I < N; ++I)
    if (W.Threads[I].Stack) {
      W.Stacks.release(W.Threads[I].Stack);
      W.Threads[I].Stack = nullptr;
    }
}

void runThreadgroup(Launch &L, uint64_t Index) {
  const LaunchPlan &P = L.Plan;
  WorkerState &W = workerState();
  W.GroupPos[0] = uint32_t(Index % P.Grid.x);
  W.GroupPos[1] = uint32_t((Index / P.Grid.x) % P.Grid.y);
  W.GroupPos[2] = uint32_t(Index / (uint64_t(P.Grid.x) * P.Grid.y));
  W.NumThreads = L.ThreadsPerGroup;
  char *Arena = W.arena(L.ArenaBytes);
  if (!Arena) {
    L.recordFault(Fault::OutOfResources,
                  "kernel '" + *P.KernelName +
                      "': cannot allocate threadgroup memory");
    return;
  }
  for (unsigned I = 0; I < device::kMaxThreadgroupBindings; ++I)
    W.ThreadgroupBuffers[I] = Arena + L.ThreadgroupOffsets[I];
  W.L = &L;
  WorkerState *Saved = TLSWorker;
  char *SavedBase = TLSStaticBase;
  TLSWorker = &W;
  TLSStaticBase = Arena;
  if (P.UseFibers)
    runFibers(W, L);
  else if (P.NumRegions)
    runRegions(W, L);
  else
    runPlain(W, P);
  TLSWorker = Saved;
  TLSStaticBase = SavedBase;
  W.L = nullptr;
}

//===----------------------------------------------------------------------===//
// Checked mode
//===----------------------------------------------------------------------===//

bool inRange(uintptr_t A, uint64_t Size, uintptr_t Begin, uintptr_t End) {
  return A >= Begin && A <= End && Size <= End - A;
}

bool accessAllowed(const WorkerState &W, uintptr_t A, uint64_t Size) {
  const Launch &L = *W.L;
  const LaunchPlan &P = L.Plan;
  for (unsigned I = 0; I < device::kMaxBuffers; ++I)
    if (P.Buffers[I] && P.BufferLengths[I]) {
      auto B = reinterpret_cast<uintptr_t>(P.Buffers[I]);
      if (inRange(A, Size, B, B + P.BufferLengths[I]))
        return true;
    }
  auto Arena = reinterpret_cast<uintptr_t>(TLSStaticBase);
  if (inRange(A, Size, Arena, Arena + P.StaticThreadgroupBytes))
    return true;
  for (unsigned I = 0; I < device::kMaxThreadgroupBindings; ++I)
    if (P.ThreadgroupLengths[I]) {
      uintptr_t B = Arena + L.ThreadgroupOffsets[I];
      if (inRange(A, Size, B, B + P.ThreadgroupLengths[I]))
        return true;
    }
  for (size_t I = 0; I < P.NumExtraRanges; ++I)
    if (inRange(A, Size, P.ExtraRanges[I].Begin, P.ExtraRanges[I].End))
      return true;
  return P.Memory && P.Memory->contains(A, Size);
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

Status runGrid(ThreadPool &Pool, const LaunchPlan &P) {
  Launch L(P);
  size_t Offset = (P.StaticThreadgroupBytes + 15) & ~size_t(15);
  for (unsigned I = 0; I < device::kMaxThreadgroupBindings; ++I) {
    L.ThreadgroupOffsets[I] = Offset;
    Offset += (P.ThreadgroupLengths[I] + 15) & ~size_t(15);
  }
  L.ArenaBytes = Offset;
  L.ThreadsPerGroup = P.Block.x * P.Block.y * P.Block.z;
  uint64_t Groups = uint64_t(P.Grid.x) * P.Grid.y * P.Grid.z;
  Pool.parallelFor(
      Groups, [&](uint64_t I) { runThreadgroup(L, I); }, &L.Aborted);
  return L.Result;
}

namespace rt {

void threadgroupBarrier() {
  WorkerState *W = TLSWorker;
  if (!W || !W->Current)
    return; // a plain loop runs one thread at a time: nothing to wait for
  KernelThread &T = *W->Current;
  T.State = ThreadState::AtBarrier;
  ++W->BarrierArrived;
  if (!maybeReleaseBarrier(*W))
    abandonThread(*W, T);
  if (T.State != ThreadState::Runnable)
    block(*W, T);
}

thread_local uint64_t TLSSimdSite = 0;

void setSimdSite(uint64_t Site) { TLSSimdSite = Site; }

uint64_t simdSite() { return TLSSimdSite; }

uint64_t simdRendezvous(const SimdSlot &Slot, uint64_t Site) {
  WorkerState *W = TLSWorker;
  if (!W || !W->Current) {
    // Not a fiber (cannot happen for JIT'd kernels): a SIMD-group of one.
    SimdSlot Slots[kSimdWidth];
    uint64_t Results[kSimdWidth];
    Slots[0] = Slot;
    resolveSimdGroup(Slots, 1, Results);
    return Results[0];
  }
  KernelThread &T = *W->Current;
  SimdGroup &G = W->Simd[T.Simd];
  G.Slots[T.Lane] = Slot;
  G.Sites[T.Lane] = Site;
  G.ArrivedMask |= 1u << T.Lane;
  T.State = ThreadState::AtSimd;
  if (G.ArrivedMask == G.LiveMask)
    resolveReady(*W, T.Simd);
  if (T.State != ThreadState::Runnable)
    block(*W, T);
  return G.Results[T.Lane];
}

void *threadgroupStaticBase() { return TLSStaticBase; }

void checkAccess(const void *Addr, uint64_t Size, uint64_t Align,
                 AccessKind Kind) {
  WorkerState *W = TLSWorker;
  if (!W || Size == 0)
    return;
  auto A = reinterpret_cast<uintptr_t>(Addr);
  bool Misaligned = Align > 1 && (A & (Align - 1)) != 0;
  if (!Misaligned && accessAllowed(*W, A, Size))
    return;
  // 16-bit atomics (atomicCAS on unsigned short, atomicAdd on __half) are
  // compare-and-swap loops on the aligned 4-byte word holding the value,
  // as Apple GPUs have no 16-bit atomics: such a word is in bounds when
  // either half is (allocations and threadgroup memory are 4-byte
  // granular, so the other half exists).
  if (!Misaligned && Kind == AccessKind::Atomic && Size == 4 &&
      (accessAllowed(*W, A, 2) || accessAllowed(*W, A + 2, 2)))
    return;
  char Address[32];
  std::snprintf(Address, sizeof(Address), "0x%" PRIxPTR, A);
  std::string Who = W->Current
                        ? " by " + threadDescription(*W->Current, W->GroupPos)
                        : std::string();
  W->L->recordFault(
      Misaligned ? Fault::MisalignedAddress : Fault::IllegalAddress,
      "kernel '" + *W->L->Plan.KernelName +
          "': " + (Misaligned ? "misaligned " : "out-of-bounds ") +
          accessKindName(Kind) + " of " + std::to_string(Size) + " bytes at " +
          Address + Who);
  if (W->Current)
    abandonThread(*W, *W->Current);
}

} // namespace rt

} // namespace cumetal::cpu

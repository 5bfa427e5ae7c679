//===- Fibers.h - Cooperative fibers for threadgroup threads ----*- C++ -*-===//
//
// The threads of a threadgroup that meets at barriers or SIMD-group
// operations run as fibers: each has its own stack and is resumed by the
// threadgroup's scheduler until it reaches the next rendezvous point.
// Stacks come from a per-host-thread pool (mmap'd, with a guard page below
// each) and are reused across threadgroups and launches.
//
// The portable implementation is ucontext (makecontext/swapcontext). On
// x86-64 (outside sanitizer builds) a dozen instructions of assembly save
// and restore the callee-saved registers instead: swapcontext makes a
// sigprocmask system call on every switch, which dominates barrier-heavy
// kernels. Defining CUMETAL_FIBER_UCONTEXT selects ucontext everywhere.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_FIBERS_H
#define CUMETAL_RUNTIME_CPU_FIBERS_H

#include <cstddef>
#include <vector>

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) &&                   \
    !defined(CUMETAL_FIBER_UCONTEXT)
#define CUMETAL_FIBER_ASM 1
#else
#define CUMETAL_FIBER_ASM 0
#include <ucontext.h>
#endif

namespace cumetal::cpu {

/// Usable bytes of one fiber stack (a guard page lies below).
constexpr size_t kFiberStackSize = 128 * 1024;

/// Stacks for fibers, reused. Not thread-safe: one pool per host thread.
class FiberStackPool {
public:
  FiberStackPool() = default;
  FiberStackPool(const FiberStackPool &) = delete;
  FiberStackPool &operator=(const FiberStackPool &) = delete;
  ~FiberStackPool();

  /// The lowest usable address of a kFiberStackSize stack, or null if the
  /// system has no memory left.
  void *acquire();
  void release(void *Stack);

private:
  std::vector<void *> Free;
  std::vector<void *> All; ///< mapping bases, for munmap
};

/// A saved execution context: a fiber's or the scheduler's.
class FiberContext {
public:
  using EntryFn = void (*)(void *);

  /// Makes this context start Entry(Arg) on the stack [Stack, Stack+Size)
  /// when it is first switched to. Entry must never return: it ends by
  /// switching to another context for good.
  void prepare(void *Stack, size_t Size, EntryFn Entry, void *Arg);

  /// Saves the running context in \p From and resumes \p To.
  static void switchTo(FiberContext &From, FiberContext &To);

private:
#if CUMETAL_FIBER_ASM
  void *SP = nullptr;
#else
  static void trampoline(unsigned Hi, unsigned Lo);
  ucontext_t UC;
  EntryFn Entry = nullptr;
  void *Arg = nullptr;
#endif
};

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_FIBERS_H

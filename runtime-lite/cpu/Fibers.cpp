//===- Fibers.cpp - Cooperative fibers for threadgroup threads ------------===//
//
// Fiber stacks (mmap'd, guard page below) and context switching: ucontext
// in general, a hand-written switch on x86-64 System V.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/Fibers.h"

#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

namespace cumetal::cpu {

namespace {

size_t pageSize() {
  static const size_t Page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return Page;
}

/// Where a stack starts (its highest address, 16-byte aligned). The tops of
/// page-aligned stacks would all fall into the same L1 cache set, and the
/// scheduler touches every fiber's top in turn: stagger them by a multiple
/// of 64 bytes that depends on the stack's address.
uintptr_t stackTop(void *Stack, size_t Size) {
  auto Base = reinterpret_cast<uintptr_t>(Stack);
  uintptr_t Color = ((Base >> 12) & 63) * 64;
  return (Base + Size - Color) & ~uintptr_t(15);
}

} // namespace

FiberStackPool::~FiberStackPool() {
  for (void *Base : All)
    munmap(Base, kFiberStackSize + pageSize());
}

void *FiberStackPool::acquire() {
  if (!Free.empty()) {
    void *S = Free.back();
    Free.pop_back();
    return S;
  }
  size_t Guard = pageSize();
  void *Base =
      mmap(nullptr, kFiberStackSize + Guard, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (Base == MAP_FAILED)
    return nullptr;
  // The stack grows down: an overflow runs into the inaccessible page.
  if (mprotect(Base, Guard, PROT_NONE) != 0) {
    munmap(Base, kFiberStackSize + Guard);
    return nullptr;
  }
  All.push_back(Base);
  return static_cast<char *>(Base) + Guard;
}

void FiberStackPool::release(void *Stack) {
  if (Stack)
    Free.push_back(Stack);
}

#if CUMETAL_FIBER_ASM

// cumetal_fiber_switch(void **Save, void *Next): pushes the callee-saved
// registers on the current stack, stores the stack pointer in *Save, then
// pops the same frame from Next. The SSE and x87 control words are not
// switched: neither the JIT'd kernels nor the runtime ever change them.
// cumetal_fiber_start: where a fresh fiber's first switch returns to; its
// frame holds the entry function in r12 and its argument in r13.
asm(R"(
  .text
  .p2align 4
  .globl cumetal_fiber_switch
  .hidden cumetal_fiber_switch
  .type cumetal_fiber_switch,@function
cumetal_fiber_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size cumetal_fiber_switch, .-cumetal_fiber_switch

  .p2align 4
  .globl cumetal_fiber_start
  .hidden cumetal_fiber_start
  .type cumetal_fiber_start,@function
cumetal_fiber_start:
  movq %r13, %rdi
  callq *%r12
  ud2
  .size cumetal_fiber_start, .-cumetal_fiber_start
)");

extern "C" void cumetal_fiber_switch(void **Save, void *Next);
extern "C" void cumetal_fiber_start();

void FiberContext::prepare(void *Stack, size_t Size, EntryFn Entry, void *Arg) {
  auto Top = stackTop(Stack, Size);
  // After cumetal_fiber_switch's `ret`, rsp is 16-byte aligned, as the
  // `call` in cumetal_fiber_start requires.
  auto *SPtr = reinterpret_cast<uint64_t *>(Top - 16);
  *--SPtr = reinterpret_cast<uint64_t>(&cumetal_fiber_start); // return
  *--SPtr = 0;                                                // rbp
  *--SPtr = 0;                                                // rbx
  *--SPtr = reinterpret_cast<uint64_t>(Entry);                // r12
  *--SPtr = reinterpret_cast<uint64_t>(Arg);                  // r13
  *--SPtr = 0;                                                // r14
  *--SPtr = 0;                                                // r15
  SP = SPtr;
}

void FiberContext::switchTo(FiberContext &From, FiberContext &To) {
  cumetal_fiber_switch(&From.SP, To.SP);
}

#else // ucontext

void FiberContext::trampoline(unsigned Hi, unsigned Lo) {
  auto *Self =
      reinterpret_cast<FiberContext *>((uintptr_t(Hi) << 32) | uintptr_t(Lo));
  Self->Entry(Self->Arg);
  std::abort(); // an entry function switches away for good
}

void FiberContext::prepare(void *Stack, size_t Size, EntryFn E, void *A) {
  Entry = E;
  Arg = A;
  getcontext(&UC);
  UC.uc_stack.ss_sp = Stack;
  UC.uc_stack.ss_size =
      stackTop(Stack, Size) - reinterpret_cast<uintptr_t>(Stack);
  UC.uc_link = nullptr;
  auto Self = reinterpret_cast<uintptr_t>(this);
  makecontext(&UC, reinterpret_cast<void (*)()>(&trampoline), 2,
              unsigned(Self >> 32), unsigned(Self & 0xffffffffu));
}

void FiberContext::switchTo(FiberContext &From, FiberContext &To) {
  swapcontext(&From.UC, &To.UC);
}

#endif

} // namespace cumetal::cpu

//===- CpuBarrierRegionsTest.cpp - Barrier kernels as regions and fibers --===//
//
// Hand-written AIR kernels with threadgroup barriers, each compiled twice:
// with CUMETAL_CPU_BARRIERS=fibers (every thread a fiber) and with the
// default, regions (BarrierRegions.h). Both must run in the mode asked for
// and give the result recomputed here in plain C++. Covers values of every
// kind carried across barriers in loops, private arrays, barriers in
// uniform branches, a reduction tree, threads that return early, several
// barriers in a row, dynamic threadgroup memory, 3-D threadgroups, threads
// waiting at different barriers, barriers in called functions, and the
// kernels that must keep fibers.
//
//===----------------------------------------------------------------------===//

#include "CpuTestSupport.h"

#include "runtime-lite/cpu/CpuDevice.h"

#include <cstdlib>
#include <functional>

using namespace cputest;
using cumetal::cpu::ThreadMode;
using cumetal::cpu::threadModeOf;

namespace {

const char *const Trailer = R"(
declare void @air.wg.barrier(i32, i32) #1
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";

class BarrierRegionsTest : public CpuTest {
protected:
  explicit BarrierRegionsTest(bool Checked = false) : CpuTest(Checked) {}

  /// Kernel \p Name of \p IR compiled with CUMETAL_CPU_BARRIERS=\p Mode;
  /// the test fails unless it runs as \p Want.
  Kernel *compile(const std::string &IR, const std::string &Name,
                  const char *Mode, ThreadMode Want, bool Verify = true) {
    ::setenv("CUMETAL_CPU_BARRIERS", Mode, 1);
    Libs.push_back(load(IR, Verify));
    Kernel *K = Libs.back() ? kernel(*Libs.back(), Name) : nullptr;
    ::unsetenv("CUMETAL_CPU_BARRIERS");
    if (K) {
      std::optional<ThreadMode> Got = threadModeOf(*K);
      EXPECT_TRUE(Got && *Got == Want) << Name << " compiled with " << Mode
                                       << " runs as " << (Got ? int(*Got) : -1);
    }
    return K;
  }

  /// Runs \p Check on the kernel compiled as fibers, then as regions.
  void bothWays(const std::string &IR, const std::string &Name,
                const std::function<void(Kernel &, const char *)> &Check,
                ThreadMode Regions = ThreadMode::Regions) {
    for (auto [Mode, Want] : {std::pair{"fibers", ThreadMode::Fibers},
                              std::pair{"regions", Regions}}) {
      Kernel *K = compile(IR, Name, Mode, Want);
      ASSERT_TRUE(K) << Mode;
      Check(*K, Mode);
    }
  }

  static void launch(Kernel &K, const LaunchConfig &C) {
    Status S = K.launch(C);
    ASSERT_TRUE(S) << S.message;
  }

  std::vector<std::unique_ptr<Library>> Libs;
};

//===----------------------------------------------------------------------===//
// Values carried across barriers
//===----------------------------------------------------------------------===//

// A loop with two barriers per iteration; across them live: loop phis (i32
// and i64), a value loaded from device memory before the loop, an i1, the
// uniform trip count from constant memory, and addresses computed from the
// thread index. Each thread adds its neighbour's previous value.
TEST_F(BarrierRegionsTest, LoopCarriesValuesAcrossBarriers) {
  std::string IR = airModule(
      std::string(R"(
@s = internal addrspace(3) global [256 x i32] undef, align 4

define void @carry(i32 addrspace(1)* %in, i32 addrspace(1)* %out, i32 addrspace(2)* %np, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  %n = load i32, i32 addrspace(2)* %np, align 4
  %g = zext i32 %gid to i64
  %pin = getelementptr inbounds i32, i32 addrspace(1)* %in, i64 %g
  %x = load i32, i32 addrspace(1)* %pin, align 4
  %x3 = mul i32 %x, 3
  %xbit = and i32 %x, 1
  %odd = icmp ne i32 %xbit, 0
  %wide = sext i32 %x to i64
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [256 x i32], [256 x i32] addrspace(3)* @s, i64 0, i64 %t
  %t1 = add i32 %tid, 1
  %nb = urem i32 %t1, %bs
  %nb64 = zext i32 %nb to i64
  %theirs = getelementptr inbounds [256 x i32], [256 x i32] addrspace(3)* @s, i64 0, i64 %nb64
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop.end ]
  %acc = phi i32 [ %x, %entry ], [ %acc.next, %loop.end ]
  %acc64 = phi i64 [ %wide, %entry ], [ %acc64.next, %loop.end ]
  store i32 %acc, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %v = load i32, i32 addrspace(3)* %theirs, align 4
  %i1 = add i32 %i, 1
  %vm = mul i32 %v, %i1
  %acc.next = add i32 %acc, %vm
  %v64 = sext i32 %v to i64
  %v64s = shl i64 %v64, 20
  %acc64.next = add i64 %acc64, %v64s
  call void @air.wg.barrier(i32 2, i32 1)
  br label %loop.end

loop.end:
  %i.next = add i32 %i, 1
  %more = icmp slt i32 %i.next, %n
  br i1 %more, label %loop, label %exit

exit:
  %r0 = add i32 %acc.next, %x3
  %bonus = select i1 %odd, i32 1000, i32 0
  %r1 = add i32 %r0, %bonus
  %hi64 = lshr i64 %acc64.next, 20
  %hi = trunc i64 %hi64 to i32
  %g2 = shl i64 %g, 1
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g2
  store i32 %r1, i32 addrspace(1)* %po, align 4
  %po1 = getelementptr inbounds i32, i32 addrspace(1)* %po, i64 1
  store i32 %hi, i32 addrspace(1)* %po1, align 4
  ret void
}
)") + Trailer,
      {{"void (i32 addrspace(1)*, i32 addrspace(1)*, i32 addrspace(2)*, i32, "
        "i32, i32)* @carry",
        {bufferArg(0, 0, 1, "int"), bufferArg(1, 1, 1, "int"),
         bufferArg(2, 2, 2, "int"),
         builtinArg(3, "air.thread_index_in_threadgroup", "uint"),
         builtinArg(4, "air.thread_position_in_grid", "uint"),
         builtinArg(5, "air.threads_per_threadgroup", "uint")}}});

  const unsigned Groups = 6, Block = 200;
  const int32_t Rounds = 5;
  std::vector<int32_t> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = int32_t((I * 37) % 101) - 50;
  std::vector<int32_t> Want(2 * In.size());
  for (unsigned G = 0; G < Groups; ++G) {
    std::vector<uint32_t> Acc(Block);
    std::vector<uint64_t> Acc64(Block);
    for (unsigned T = 0; T < Block; ++T) {
      Acc[T] = uint32_t(In[G * Block + T]);
      Acc64[T] = uint64_t(int64_t(In[G * Block + T]));
    }
    for (int32_t R = 0; R < Rounds; ++R) {
      std::vector<uint32_t> Old = Acc;
      for (unsigned T = 0; T < Block; ++T) {
        uint32_t V = Old[(T + 1) % Block];
        Acc[T] += V * uint32_t(R + 1);
        Acc64[T] += uint64_t(int64_t(int32_t(V))) << 20;
      }
    }
    for (unsigned T = 0; T < Block; ++T) {
      int32_t X = In[G * Block + T];
      Want[2 * (G * Block + T)] =
          int32_t(Acc[T] + 3 * uint32_t(X) + (X & 1 ? 1000 : 0));
      Want[2 * (G * Block + T) + 1] = int32_t(uint32_t(Acc64[T] >> 20));
    }
  }
  bothWays(IR, "carry", [&](Kernel &K, const char *Mode) {
    int32_t *DIn = upload(In), *DOut = alloc<int32_t>(Want.size());
    int32_t *N = upload(std::vector<int32_t>{Rounds});
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, DIn, In.size() * 4);
    bind(C, 1, DOut, Want.size() * 4);
    bind(C, 2, N, 4);
    launch(K, C);
    for (size_t I = 0; I < Want.size(); ++I)
      ASSERT_EQ(DOut[I], Want[I]) << Mode << ", at " << I;
  });
}

// Private arrays indexed with values known only after a barrier: they stay
// in memory (a frame slot per thread), written before the barriers and read
// after them, by 1024 threads per threadgroup.
TEST_F(BarrierRegionsTest, PrivateArraysLiveAcrossBarriers) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [1024 x i32] undef, align 4

define void @priv(i32 addrspace(1)* %out, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  %arr = alloca [8 x i32], align 4
  %big = alloca [4 x i64], align 8
  br label %fill

fill:
  %k = phi i32 [ 0, %entry ], [ %k1, %fill ]
  %k64 = zext i32 %k to i64
  %p = getelementptr inbounds [8 x i32], [8 x i32]* %arr, i64 0, i64 %k64
  %v = mul i32 %gid, %k
  %v2 = add i32 %v, %k
  store i32 %v2, i32* %p, align 4
  %k1 = add i32 %k, 1
  %c = icmp ult i32 %k1, 8
  br i1 %c, label %fill, label %share

share:
  %t = zext i32 %tid to i64
  %m = mul i32 %tid, 5
  %j0 = and i32 %m, 7
  %mine = getelementptr inbounds [1024 x i32], [1024 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %j0, i32 addrspace(3)* %mine, align 4
  %w0 = and i32 %tid, 3
  %w64 = zext i32 %w0 to i64
  %q = getelementptr inbounds [4 x i64], [4 x i64]* %big, i64 0, i64 %w64
  %gid64 = zext i32 %gid to i64
  %big0 = shl i64 %gid64, 33
  store i64 %big0, i64* %q, align 8
  call void @air.wg.barrier(i32 2, i32 1)
  %t3 = add i32 %tid, 3
  %o = urem i32 %t3, %bs
  %o64 = zext i32 %o to i64
  %theirs = getelementptr inbounds [1024 x i32], [1024 x i32] addrspace(3)* @s, i64 0, i64 %o64
  %j = load i32, i32 addrspace(3)* %theirs, align 4
  %j64 = zext i32 %j to i64
  %pj = getelementptr inbounds [8 x i32], [8 x i32]* %arr, i64 0, i64 %j64
  %a = load i32, i32* %pj, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %j1 = add i32 %j, 1
  %j1m = and i32 %j1, 7
  %j1m64 = zext i32 %j1m to i64
  %pj1 = getelementptr inbounds [8 x i32], [8 x i32]* %arr, i64 0, i64 %j1m64
  %b = load i32, i32* %pj1, align 4
  %bq = load i64, i64* %q, align 8
  %bq33 = lshr i64 %bq, 33
  %bqt = trunc i64 %bq33 to i32
  %ab = add i32 %a, %b
  %sum = mul i32 %ab, 7
  %r = add i32 %sum, %bqt
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %gid64
  store i32 %r, i32 addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32, i32)* @priv",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.thread_position_in_grid", "uint"),
                   builtinArg(3, "air.threads_per_threadgroup", "uint")}}});
  const unsigned Groups = 3, Block = 1024;
  std::vector<int32_t> Want(Groups * Block);
  for (unsigned G = 0; G < Groups; ++G)
    for (unsigned T = 0; T < Block; ++T) {
      uint32_t Gid = G * Block + T;
      uint32_t J = (((T + 3) % Block) * 5) & 7, J1 = (J + 1) & 7;
      uint32_t A = Gid * J + J, B = Gid * J1 + J1;
      Want[Gid] = int32_t((A + B) * 7 + Gid);
    }
  bothWays(IR, "priv", [&](Kernel &K, const char *Mode) {
    int32_t *Out = alloc<int32_t>(Want.size());
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, Out, Want.size() * 4);
    launch(K, C);
    for (size_t I = 0; I < Want.size(); ++I)
      ASSERT_EQ(Out[I], Want[I]) << Mode << ", at " << I;
  });
}

// Barriers in a branch every thread takes the same way (the condition comes
// from constant memory), with a vector value carried across them.
TEST_F(BarrierRegionsTest, BarrierInUniformBranch) {
  std::string IR = airModule(
      std::string(R"(
@s = internal addrspace(3) global [128 x float] undef, align 4

define void @cond(float addrspace(1)* %in, float addrspace(1)* %out, i32 addrspace(2)* %np, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  %n = load i32, i32 addrspace(2)* %np, align 4
  %g = zext i32 %gid to i64
  %pin = getelementptr inbounds float, float addrspace(1)* %in, i64 %g
  %x = load float, float addrspace(1)* %pin, align 4
  %x2 = fmul float %x, 2.0
  %pair0 = insertelement <2 x float> undef, float %x, i32 0
  %pair = insertelement <2 x float> %pair0, float %x2, i32 1
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [128 x float], [128 x float] addrspace(3)* @s, i64 0, i64 %t
  store float %x, float addrspace(3)* %mine, align 4
  %big = icmp sgt i32 %n, 4
  br i1 %big, label %then, label %else

then:
  call void @air.wg.barrier(i32 2, i32 1)
  %last = sub i32 %bs, 1
  %r = sub i32 %last, %tid
  %r64 = zext i32 %r to i64
  %rp = getelementptr inbounds [128 x float], [128 x float] addrspace(3)* @s, i64 0, i64 %r64
  %y = load float, float addrspace(3)* %rp, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  br label %join

else:
  %y2 = fmul float %x, 3.0
  br label %join

join:
  %yy = phi float [ %y, %then ], [ %y2, %else ]
  %e0 = extractelement <2 x float> %pair, i32 0
  %e1 = extractelement <2 x float> %pair, i32 1
  %s1 = fadd float %yy, %e1
  %s2 = fadd float %s1, %e0
  %po = getelementptr inbounds float, float addrspace(1)* %out, i64 %g
  store float %s2, float addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
      {{"void (float addrspace(1)*, float addrspace(1)*, i32 addrspace(2)*, "
        "i32, i32, i32)* @cond",
        {bufferArg(0, 0), bufferArg(1, 1), bufferArg(2, 2, 2, "int"),
         builtinArg(3, "air.thread_index_in_threadgroup", "uint"),
         builtinArg(4, "air.thread_position_in_grid", "uint"),
         builtinArg(5, "air.threads_per_threadgroup", "uint")}}});
  const unsigned Groups = 4, Block = 100;
  std::vector<float> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = float(I % 17);
  bothWays(IR, "cond", [&](Kernel &K, const char *Mode) {
    for (int32_t Nv : {10, 1}) {
      float *DIn = upload(In), *Out = alloc<float>(In.size());
      int32_t *N = upload(std::vector<int32_t>{Nv});
      LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
      bind(C, 0, DIn, In.size() * 4);
      bind(C, 1, Out, In.size() * 4);
      bind(C, 2, N, 4);
      launch(K, C);
      for (unsigned G = 0; G < Groups; ++G)
        for (unsigned T = 0; T < Block; ++T) {
          float X = In[G * Block + T];
          float Y = Nv > 4 ? In[G * Block + Block - 1 - T] : X * 3.0f;
          ASSERT_EQ(Out[G * Block + T], (Y + X * 2.0f) + X)
              << Mode << ", n " << Nv << ", group " << G << ", thread " << T;
        }
    }
  });
}

// The classic shared-memory tree: the active set halves each step, inside
// an if, while the barrier stays outside it.
TEST_F(BarrierRegionsTest, ReductionTree) {
  std::string IR = airModule(
      std::string(R"(
@s = internal addrspace(3) global [256 x i32] undef, align 4

define void @tree(i32 addrspace(1)* %in, i32 addrspace(1)* %out, i32 %tid, i32 %gid, i32 %group, i32 %bs) #0 {
entry:
  %g = zext i32 %gid to i64
  %pin = getelementptr inbounds i32, i32 addrspace(1)* %in, i64 %g
  %x = load i32, i32 addrspace(1)* %pin, align 4
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [256 x i32], [256 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %x, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %half = lshr i32 %bs, 1
  br label %loop

loop:
  %stride = phi i32 [ %half, %entry ], [ %next, %latch ]
  %active = icmp ult i32 %tid, %stride
  br i1 %active, label %add, label %latch

add:
  %o = add i32 %tid, %stride
  %o64 = zext i32 %o to i64
  %op = getelementptr inbounds [256 x i32], [256 x i32] addrspace(3)* @s, i64 0, i64 %o64
  %ov = load i32, i32 addrspace(3)* %op, align 4
  %mv = load i32, i32 addrspace(3)* %mine, align 4
  %sum = add i32 %mv, %ov
  store i32 %sum, i32 addrspace(3)* %mine, align 4
  br label %latch

latch:
  call void @air.wg.barrier(i32 2, i32 1)
  %next = lshr i32 %stride, 1
  %done = icmp eq i32 %next, 0
  br i1 %done, label %exit, label %loop

exit:
  %is0 = icmp eq i32 %tid, 0
  br i1 %is0, label %write, label %ret

write:
  %r = load i32, i32 addrspace(3)* getelementptr inbounds ([256 x i32], [256 x i32] addrspace(3)* @s, i64 0, i64 0), align 4
  %gr = zext i32 %group to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %gr
  store i32 %r, i32 addrspace(1)* %po, align 4
  br label %ret

ret:
  ret void
}
)") + Trailer,
      {{"void (i32 addrspace(1)*, i32 addrspace(1)*, i32, i32, i32, i32)* "
        "@tree",
        {bufferArg(0, 0, 1, "int"), bufferArg(1, 1, 1, "int"),
         builtinArg(2, "air.thread_index_in_threadgroup", "uint"),
         builtinArg(3, "air.thread_position_in_grid", "uint"),
         builtinArg(4, "air.threadgroup_position_in_grid", "uint"),
         builtinArg(5, "air.threads_per_threadgroup", "uint")}}});
  for (unsigned Block : {256u, 64u, 2u}) {
    const unsigned Groups = 37;
    std::vector<int32_t> In(Groups * Block);
    for (size_t I = 0; I < In.size(); ++I)
      In[I] = int32_t((I * 7919) % 1000);
    bothWays(IR, "tree", [&](Kernel &K, const char *Mode) {
      int32_t *DIn = upload(In), *Out = alloc<int32_t>(Groups);
      LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
      bind(C, 0, DIn, In.size() * 4);
      bind(C, 1, Out, Groups * 4);
      launch(K, C);
      for (unsigned G = 0; G < Groups; ++G) {
        int32_t Want = 0;
        for (unsigned T = 0; T < Block; ++T)
          Want += In[G * Block + T];
        ASSERT_EQ(Out[G], Want)
            << Mode << ", block " << Block << ", group " << G;
      }
    });
  }
}

//===----------------------------------------------------------------------===//
// Threads that stop early or at different barriers
//===----------------------------------------------------------------------===//

// A quarter of the threads return before the first barrier, another
// quarter between the two barriers; the others keep exchanging values. As
// with fibers outside checked mode, returned threads no longer count.
TEST_F(BarrierRegionsTest, EarlyReturningThreads) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [128 x i32] undef, align 4
@s2 = internal addrspace(3) global [128 x i32] undef, align 4

define void @early(i32 addrspace(1)* %out, i32 %tid, i32 %gid) #0 {
entry:
  %m = and i32 %tid, 3
  %gone = icmp eq i32 %m, 3
  br i1 %gone, label %ret, label %first

first:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [128 x i32], [128 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %gid, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %m1 = add i32 %m, 1
  %m1r = urem i32 %m1, 3
  %base = sub i32 %tid, %m
  %pt = add i32 %base, %m1r
  %pt64 = zext i32 %pt to i64
  %pp = getelementptr inbounds [128 x i32], [128 x i32] addrspace(3)* @s, i64 0, i64 %pt64
  %v = load i32, i32 addrspace(3)* %pp, align 4
  %g = zext i32 %gid to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  %two = icmp eq i32 %m, 2
  br i1 %two, label %leave, label %second

leave:
  store i32 %v, i32 addrspace(1)* %po, align 4
  ret void

second:
  %v10 = mul i32 %v, 10
  %mine2 = getelementptr inbounds [128 x i32], [128 x i32] addrspace(3)* @s2, i64 0, i64 %t
  store i32 %v10, i32 addrspace(3)* %mine2, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %p2 = xor i32 %tid, 1
  %p264 = zext i32 %p2 to i64
  %pp2 = getelementptr inbounds [128 x i32], [128 x i32] addrspace(3)* @s2, i64 0, i64 %p264
  %w = load i32, i32 addrspace(3)* %pp2, align 4
  %w1 = add i32 %w, 1
  store i32 %w1, i32 addrspace(1)* %po, align 4
  ret void

ret:
  ret void
}
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32)* @early",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.thread_position_in_grid", "uint")}}});
  const unsigned Groups = 3, Block = 100;
  std::vector<int32_t> Want(Groups * Block);
  for (unsigned G = 0; G < Groups; ++G)
    for (unsigned T = 0; T < Block; ++T) {
      unsigned M = T & 3, Base = G * Block + T - M;
      Want[G * Block + T] = M == 3   ? 0
                            : M == 2 ? int32_t(Base)
                            : M == 1 ? int32_t(10 * (Base + 1) + 1)
                                     : int32_t(10 * (Base + 2) + 1);
    }
  bothWays(IR, "early", [&](Kernel &K, const char *Mode) {
    int32_t *Out = alloc<int32_t>(Want.size());
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, Out, Want.size() * 4);
    launch(K, C);
    for (size_t I = 0; I < Want.size(); ++I)
      ASSERT_EQ(Out[I], Want[I]) << Mode << ", at " << I;
  });
}

// Odd and even threads wait at different barriers; as with fibers, a
// barrier releases once every thread waits at one.
TEST_F(BarrierRegionsTest, ThreadsAtDifferentBarriersReleaseTogether) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define void @sites(i32 addrspace(1)* %out, i32 %tid, i32 %gid) #0 {
entry:
  %t = zext i32 %tid to i64
  %v0 = mul i32 %tid, 7
  %v1 = add i32 %v0, %gid
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %v1, i32 addrspace(3)* %mine, align 4
  %p = xor i32 %tid, 1
  %p64 = zext i32 %p to i64
  %theirs = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %p64
  %b = and i32 %tid, 1
  %odd = icmp ne i32 %b, 0
  br i1 %odd, label %a, label %e

a:
  call void @air.wg.barrier(i32 2, i32 1)
  %va0 = load i32, i32 addrspace(3)* %theirs, align 4
  %va = add i32 %va0, 100000
  br label %join

e:
  call void @air.wg.barrier(i32 2, i32 1)
  %ve = load i32, i32 addrspace(3)* %theirs, align 4
  br label %join

join:
  %v = phi i32 [ %va, %a ], [ %ve, %e ]
  call void @air.wg.barrier(i32 2, i32 1)
  store i32 %v1, i32 addrspace(3)* %mine, align 4
  %g = zext i32 %gid to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %v, i32 addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32)* @sites",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.thread_position_in_grid", "uint")}}});
  const unsigned Groups = 5, Block = 64;
  bothWays(IR, "sites", [&](Kernel &K, const char *Mode) {
    int32_t *Out = alloc<int32_t>(Groups * Block);
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, Out, Groups * Block * 4);
    launch(K, C);
    for (unsigned G = 0; G < Groups; ++G)
      for (unsigned T = 0; T < Block; ++T) {
        unsigned P = T ^ 1;
        int32_t Want = int32_t(P * 7 + G * Block + P) + (T & 1 ? 100000 : 0);
        ASSERT_EQ(Out[G * Block + T], Want) << Mode << ", thread " << T;
      }
  });
}

//===----------------------------------------------------------------------===//
// Shapes of kernels and threadgroups
//===----------------------------------------------------------------------===//

// Three barriers in a row; the destination pointer, chosen from a loaded
// value before the first, is used after the last.
TEST_F(BarrierRegionsTest, SeveralBarriersInARow) {
  std::string IR = airModule(
      std::string(R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define void @multi(i32 addrspace(1)* %in, i32 addrspace(1)* %evens, i32 addrspace(1)* %odds, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  %g = zext i32 %gid to i64
  %pin = getelementptr inbounds i32, i32 addrspace(1)* %in, i64 %g
  %x = load i32, i32 addrspace(1)* %pin, align 4
  %xb = and i32 %x, 1
  %isodd = icmp ne i32 %xb, 0
  %dst = select i1 %isodd, i32 addrspace(1)* %odds, i32 addrspace(1)* %evens
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  %t1 = add i32 %tid, 1
  %nb = urem i32 %t1, %bs
  %nb64 = zext i32 %nb to i64
  %theirs = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %nb64
  store i32 %x, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %a = load i32, i32 addrspace(3)* %theirs, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  store i32 %a, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %b = load i32, i32 addrspace(3)* %theirs, align 4
  %b1000 = mul i32 %b, 1000
  %r = add i32 %b1000, %x
  %pd = getelementptr inbounds i32, i32 addrspace(1)* %dst, i64 %g
  store i32 %r, i32 addrspace(1)* %pd, align 4
  ret void
}
)") + Trailer,
      {{"void (i32 addrspace(1)*, i32 addrspace(1)*, i32 addrspace(1)*, i32, "
        "i32, i32)* @multi",
        {bufferArg(0, 0, 1, "int"), bufferArg(1, 1, 1, "int"),
         bufferArg(2, 2, 1, "int"),
         builtinArg(3, "air.thread_index_in_threadgroup", "uint"),
         builtinArg(4, "air.thread_position_in_grid", "uint"),
         builtinArg(5, "air.threads_per_threadgroup", "uint")}}});
  const unsigned Groups = 7, Block = 48;
  std::vector<int32_t> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = int32_t((I * 13) % 97);
  bothWays(IR, "multi", [&](Kernel &K, const char *Mode) {
    int32_t *DIn = upload(In), *Evens = alloc<int32_t>(In.size()),
            *Odds = alloc<int32_t>(In.size());
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, DIn, In.size() * 4);
    bind(C, 1, Evens, In.size() * 4);
    bind(C, 2, Odds, In.size() * 4);
    launch(K, C);
    for (unsigned G = 0; G < Groups; ++G)
      for (unsigned T = 0; T < Block; ++T) {
        unsigned I = G * Block + T;
        int32_t R = In[G * Block + (T + 2) % Block] * 1000 + In[I];
        bool Odd = In[I] & 1;
        ASSERT_EQ(Odds[I], Odd ? R : 0) << Mode << ", at " << I;
        ASSERT_EQ(Evens[I], Odd ? 0 : R) << Mode << ", at " << I;
      }
  });
}

// More barriers than resume points the wrapper specialises for (16): the
// other rounds go through the general loop.
TEST_F(BarrierRegionsTest, ManyBarriers) {
  const int Steps = 12; // two barriers each
  std::string Body = R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define void @many(i32 addrspace(1)* %out, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  %t1 = add i32 %tid, 1
  %nb = urem i32 %t1, %bs
  %nb64 = zext i32 %nb to i64
  %theirs = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %nb64
)";
  std::string V = "%gid";
  for (int I = 0; I < Steps; ++I) {
    std::string N = std::to_string(I);
    Body += "  store i32 " + V + ", i32 addrspace(3)* %mine, align 4\n";
    Body += "  call void @air.wg.barrier(i32 2, i32 1)\n";
    Body += "  %r" + N + " = load i32, i32 addrspace(3)* %theirs, align 4\n";
    Body += "  %m" + N + " = mul i32 %r" + N + ", 3\n";
    Body += "  %v" + N + " = add i32 %m" + N + ", " + N + "\n";
    Body += "  call void @air.wg.barrier(i32 2, i32 1)\n";
    V = "%v" + N;
  }
  Body += "  %g = zext i32 %gid to i64\n";
  Body +=
      "  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g\n";
  Body += "  store i32 " + V + ", i32 addrspace(1)* %po, align 4\n";
  Body += "  ret void\n}\n";
  std::string IR =
      airModule(Body + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32, i32)* @many",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.thread_position_in_grid", "uint"),
                   builtinArg(3, "air.threads_per_threadgroup", "uint")}}});
  const unsigned Groups = 3, Block = 50;
  std::vector<int32_t> Want(Groups * Block);
  for (unsigned G = 0; G < Groups; ++G) {
    std::vector<uint32_t> Val(Block);
    for (unsigned T = 0; T < Block; ++T)
      Val[T] = G * Block + T;
    for (int I = 0; I < Steps; ++I) {
      std::vector<uint32_t> Old = Val;
      for (unsigned T = 0; T < Block; ++T)
        Val[T] = Old[(T + 1) % Block] * 3 + uint32_t(I);
    }
    for (unsigned T = 0; T < Block; ++T)
      Want[G * Block + T] = int32_t(Val[T]);
  }
  bothWays(IR, "many", [&](Kernel &K, const char *Mode) {
    int32_t *Out = alloc<int32_t>(Want.size());
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, Out, Want.size() * 4);
    launch(K, C);
    for (size_t I = 0; I < Want.size(); ++I)
      ASSERT_EQ(Out[I], Want[I]) << Mode << ", at " << I;
  });
}

// An inclusive scan (Hillis-Steele) in dynamic threadgroup memory: a loop
// whose trip count depends on the threadgroup size, with a barrier after a
// branch that only some threads take.
TEST_F(BarrierRegionsTest, DynamicThreadgroupMemoryScan) {
  std::string IR = airModule(
      std::string(R"(
define void @scan(i32 addrspace(1)* %in, i32 addrspace(1)* %out, i32 addrspace(3)* %tg, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  %g = zext i32 %gid to i64
  %pin = getelementptr inbounds i32, i32 addrspace(1)* %in, i64 %g
  %x = load i32, i32 addrspace(1)* %pin, align 4
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds i32, i32 addrspace(3)* %tg, i64 %t
  store i32 %x, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  br label %loop

loop:
  %off = phi i32 [ 1, %entry ], [ %off2, %loop.end ]
  %cur = load i32, i32 addrspace(3)* %mine, align 4
  %has = icmp uge i32 %tid, %off
  br i1 %has, label %addp, label %skip

addp:
  %o = sub i32 %tid, %off
  %o64 = zext i32 %o to i64
  %op = getelementptr inbounds i32, i32 addrspace(3)* %tg, i64 %o64
  %prev = load i32, i32 addrspace(3)* %op, align 4
  %sum = add i32 %cur, %prev
  br label %skip

skip:
  %nv = phi i32 [ %sum, %addp ], [ %cur, %loop ]
  call void @air.wg.barrier(i32 2, i32 1)
  store i32 %nv, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  br label %loop.end

loop.end:
  %off2 = shl i32 %off, 1
  %c = icmp ult i32 %off2, %bs
  br i1 %c, label %loop, label %exit

exit:
  %r = load i32, i32 addrspace(3)* %mine, align 4
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %r, i32 addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
      {{"void (i32 addrspace(1)*, i32 addrspace(1)*, i32 addrspace(3)*, i32, "
        "i32, i32)* @scan",
        {bufferArg(0, 0, 1, "int"), bufferArg(1, 1, 1, "int"),
         threadgroupArg(2, 0, "int"),
         builtinArg(3, "air.thread_index_in_threadgroup", "uint"),
         builtinArg(4, "air.thread_position_in_grid", "uint"),
         builtinArg(5, "air.threads_per_threadgroup", "uint")}}});
  const unsigned Groups = 5, Block = 96;
  std::vector<int32_t> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = int32_t(I % 11) - 3;
  bothWays(IR, "scan", [&](Kernel &K, const char *Mode) {
    int32_t *DIn = upload(In), *Out = alloc<int32_t>(In.size());
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, DIn, In.size() * 4);
    bind(C, 1, Out, In.size() * 4);
    C.threadgroupLengths[0] = Block * 4;
    launch(K, C);
    for (unsigned G = 0; G < Groups; ++G) {
      int32_t Sum = 0;
      for (unsigned T = 0; T < Block; ++T) {
        Sum += In[G * Block + T];
        ASSERT_EQ(Out[G * Block + T], Sum)
            << Mode << ", group " << G << ", thread " << T;
      }
    }
  });
}

// 3-D threadgroups in a 3-D grid: each thread writes at its linear index
// and reads the mirrored one; the scalar thread index must agree.
TEST_F(BarrierRegionsTest, ThreeDimensionalThreadgroups) {
  std::string IR = airModule(
      std::string(R"(
@s = internal addrspace(3) global [128 x i32] undef, align 4

define void @cube(i32 addrspace(1)* %out, <3 x i32> %tpos, <3 x i32> %gpos, <3 x i32> %tsize, <3 x i32> %gsize, i32 %tidx) #0 {
entry:
  %tx = extractelement <3 x i32> %tpos, i32 0
  %ty = extractelement <3 x i32> %tpos, i32 1
  %tz = extractelement <3 x i32> %tpos, i32 2
  %bx = extractelement <3 x i32> %tsize, i32 0
  %by = extractelement <3 x i32> %tsize, i32 1
  %bz = extractelement <3 x i32> %tsize, i32 2
  %l0 = mul i32 %tz, %by
  %l1 = add i32 %l0, %ty
  %l2 = mul i32 %l1, %bx
  %lin = add i32 %l2, %tx
  %n0 = mul i32 %bx, %by
  %n = mul i32 %n0, %bz
  %gx = extractelement <3 x i32> %gpos, i32 0
  %gy = extractelement <3 x i32> %gpos, i32 1
  %gz = extractelement <3 x i32> %gpos, i32 2
  %ngx = extractelement <3 x i32> %gsize, i32 0
  %ngy = extractelement <3 x i32> %gsize, i32 1
  %q0 = mul i32 %gz, %ngy
  %q1 = add i32 %q0, %gy
  %q2 = mul i32 %q1, %ngx
  %glin = add i32 %q2, %gx
  %v0 = mul i32 %lin, 3
  %gk = mul i32 %glin, 1000
  %v = add i32 %v0, %gk
  %lin64 = zext i32 %lin to i64
  %mine = getelementptr inbounds [128 x i32], [128 x i32] addrspace(3)* @s, i64 0, i64 %lin64
  store i32 %v, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %last = sub i32 %n, 1
  %rev = sub i32 %last, %lin
  %rev64 = zext i32 %rev to i64
  %rp = getelementptr inbounds [128 x i32], [128 x i32] addrspace(3)* @s, i64 0, i64 %rev64
  %w = load i32, i32 addrspace(3)* %rp, align 4
  %ok = icmp eq i32 %tidx, %lin
  %bad = select i1 %ok, i32 0, i32 1000000
  %r = add i32 %w, %bad
  %o0 = mul i32 %glin, %n
  %o = add i32 %o0, %lin
  %o64 = zext i32 %o to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %o64
  store i32 %r, i32 addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
      {{"void (i32 addrspace(1)*, <3 x i32>, <3 x i32>, <3 x i32>, <3 x "
        "i32>, i32)* @cube",
        {bufferArg(0, 0, 1, "int"),
         builtinArg(1, "air.thread_position_in_threadgroup"),
         builtinArg(2, "air.threadgroup_position_in_grid"),
         builtinArg(3, "air.threads_per_threadgroup"),
         builtinArg(4, "air.threadgroups_per_grid"),
         builtinArg(5, "air.thread_index_in_threadgroup", "uint")}}});
  const Dim3 Grid{2, 3, 2}, Block{4, 3, 5};
  const unsigned N = 60, Groups = 12;
  bothWays(IR, "cube", [&](Kernel &K, const char *Mode) {
    int32_t *Out = alloc<int32_t>(Groups * N);
    LaunchConfig C = config(Grid, Block);
    bind(C, 0, Out, Groups * N * 4);
    launch(K, C);
    for (unsigned G = 0; G < Groups; ++G)
      for (unsigned L = 0; L < N; ++L)
        ASSERT_EQ(Out[G * N + L], int32_t((N - 1 - L) * 3 + G * 1000))
            << Mode << ", group " << G << ", thread " << L;
  });
}

//===----------------------------------------------------------------------===//
// Calls, and kernels that keep fibers
//===----------------------------------------------------------------------===//

// The barrier sits in a function the kernel calls (marked noinline, called
// in a loop): the cpu backend inlines it and the kernel runs as regions.
TEST_F(BarrierRegionsTest, BarrierInCalledFunction) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define internal i32 @rotate(i32 %v, i32 %tid, i32 %bs) #2 {
entry:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %v, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %t1 = add i32 %tid, 1
  %nb = urem i32 %t1, %bs
  %nb64 = zext i32 %nb to i64
  %theirs = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %nb64
  %r = load i32, i32 addrspace(3)* %theirs, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  ret i32 %r
}

define void @calls(i32 addrspace(1)* %out, i32 %tid, i32 %gid, i32 %bs) #0 {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %v = phi i32 [ %gid, %entry ], [ %w, %loop ]
  %w = call i32 @rotate(i32 %v, i32 %tid, i32 %bs)
  %i1 = add i32 %i, 1
  %more = icmp ult i32 %i1, 3
  br i1 %more, label %loop, label %exit

exit:
  %g = zext i32 %gid to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %w, i32 addrspace(1)* %po, align 4
  ret void
}

attributes #2 = { convergent noinline nounwind }
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32, i32)* @calls",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.thread_position_in_grid", "uint"),
                   builtinArg(3, "air.threads_per_threadgroup", "uint")}}});
  const unsigned Groups = 4, Block = 40;
  bothWays(IR, "calls", [&](Kernel &K, const char *Mode) {
    int32_t *Out = alloc<int32_t>(Groups * Block);
    LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
    bind(C, 0, Out, Groups * Block * 4);
    launch(K, C);
    for (unsigned G = 0; G < Groups; ++G)
      for (unsigned T = 0; T < Block; ++T)
        ASSERT_EQ(Out[G * Block + T], int32_t(G * Block + (T + 3) % Block))
            << Mode << ", group " << G << ", thread " << T;
  });
}

// A barrier reached through recursion cannot be inlined: fibers.
TEST_F(BarrierRegionsTest, BarrierInRecursiveFunctionKeepsFibers) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define internal i32 @deep(i32 %d, i32 %tid) #2 {
entry:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  %old = load i32, i32 addrspace(3)* %mine, align 4
  %new = add i32 %old, %d
  store i32 %new, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %stop = icmp eq i32 %d, 0
  br i1 %stop, label %done, label %more

more:
  %d1 = sub i32 %d, 1
  %r = call i32 @deep(i32 %d1, i32 %tid)
  ret i32 %r

done:
  %p = xor i32 %tid, 1
  %p64 = zext i32 %p to i64
  %theirs = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %p64
  %v = load i32, i32 addrspace(3)* %theirs, align 4
  ret i32 %v
}

define void @rec(i32 addrspace(1)* %out, i32 %tid, i32 %gid) #0 {
entry:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %tid, i32 addrspace(3)* %mine, align 4
  %v = call i32 @deep(i32 20, i32 %tid)
  %g = zext i32 %gid to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %v, i32 addrspace(1)* %po, align 4
  ret void
}

attributes #2 = { convergent noinline nounwind }
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32)* @rec",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.thread_position_in_grid", "uint")}}});
  const unsigned Block = 64;
  for (const char *Mode : {"fibers", "regions"}) {
    Kernel *K = compile(IR, "rec", Mode, ThreadMode::Fibers, false);
    ASSERT_TRUE(K);
    int32_t *Out = alloc<int32_t>(Block);
    LaunchConfig C = config({1, 1, 1}, {Block, 1, 1});
    bind(C, 0, Out, Block * 4);
    launch(*K, C);
    for (unsigned T = 0; T < Block; ++T)
      ASSERT_EQ(Out[T], int32_t((T ^ 1) + 210)) << Mode << ", thread " << T;
  }
}

// Private memory whose size is known only at run time has no frame slot:
// fibers.
TEST_F(BarrierRegionsTest, DynamicPrivateMemoryKeepsFibers) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define void @vla(i32 addrspace(1)* %out, i32 %tid, i32 %bs) #0 {
entry:
  %n = and i32 %tid, 7
  %n1 = add i32 %n, 1
  %buf = alloca i32, i32 %n1, align 4
  %last = getelementptr inbounds i32, i32* %buf, i32 %n
  store i32 %tid, i32* %last, align 4
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %tid, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %r = sub i32 %bs, 1
  %r1 = sub i32 %r, %tid
  %r64 = zext i32 %r1 to i64
  %rp = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %r64
  %v = load i32, i32 addrspace(3)* %rp, align 4
  %mine2 = load i32, i32* %last, align 4
  %v100 = mul i32 %v, 100
  %sum = add i32 %v100, %mine2
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %t
  store i32 %sum, i32 addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32, i32)* @vla",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
                   builtinArg(2, "air.threads_per_threadgroup", "uint")}}});
  bothWays(
      IR, "vla",
      [&](Kernel &K, const char *Mode) {
        int32_t *Out = alloc<int32_t>(64);
        LaunchConfig C = config({1, 1, 1}, {64, 1, 1});
        bind(C, 0, Out, 64 * 4);
        launch(K, C);
        for (unsigned T = 0; T < 64; ++T)
          ASSERT_EQ(Out[T], int32_t((63 - T) * 100 + T))
              << Mode << ", thread " << T;
      },
      ThreadMode::Fibers);
}

// SIMD-group operations meet in lock-step: a kernel with them keeps fibers
// even where it also has barriers; a kernel without rendezvous points is a
// plain loop either way.
TEST_F(BarrierRegionsTest, OnlyBarrierKernelsRunAsRegions) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [64 x float] undef, align 4
declare float @air.simd_shuffle_xor.f32(float, i16) #1

define void @mixed(float addrspace(1)* %out, i32 %tid) #0 {
entry:
  %x = uitofp i32 %tid to float
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x float], [64 x float] addrspace(3)* @s, i64 0, i64 %t
  store float %x, float addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %y = call float @air.simd_shuffle_xor.f32(float %x, i16 1)
  %r = sub i32 63, %tid
  %r64 = zext i32 %r to i64
  %rp = getelementptr inbounds [64 x float], [64 x float] addrspace(3)* @s, i64 0, i64 %r64
  %z = load float, float addrspace(3)* %rp, align 4
  %z100 = fmul float %z, 100.0
  %sum = fadd float %y, %z100
  %po = getelementptr inbounds float, float addrspace(1)* %out, i64 %t
  store float %sum, float addrspace(1)* %po, align 4
  ret void
}

define void @plain(float addrspace(1)* %out, i32 %tid) #0 {
entry:
  %x = uitofp i32 %tid to float
  %t = zext i32 %tid to i64
  %po = getelementptr inbounds float, float addrspace(1)* %out, i64 %t
  store float %x, float addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
                {{"void (float addrspace(1)*, i32)* @mixed",
                  {bufferArg(0, 0),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint")}},
                 {"void (float addrspace(1)*, i32)* @plain",
                  {bufferArg(0, 0),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint")}}});
  bothWays(
      IR, "mixed",
      [&](Kernel &K, const char *Mode) {
        float *Out = alloc<float>(64);
        LaunchConfig C = config({1, 1, 1}, {64, 1, 1});
        bind(C, 0, Out, 64 * 4);
        launch(K, C);
        for (unsigned T = 0; T < 64; ++T)
          ASSERT_EQ(Out[T], float(T ^ 1) + float(63 - T) * 100.0f)
              << Mode << ", thread " << T;
      },
      ThreadMode::Fibers);
  for (const char *Mode : {"fibers", "regions"})
    EXPECT_TRUE(compile(IR, "plain", Mode, ThreadMode::Loop)) << Mode;
}

// Checked mode reports barrier divergence, which only fibers can see.
class BarrierRegionsCheckedTest : public BarrierRegionsTest {
protected:
  BarrierRegionsCheckedTest() : BarrierRegionsTest(/*Checked=*/true) {}
};

TEST_F(BarrierRegionsCheckedTest, CheckedModeKeepsFibers) {
  std::string IR =
      airModule(std::string(R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4

define void @swap(i32 addrspace(1)* %out, i32 %tid) #0 {
entry:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %tid, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %r = sub i32 63, %tid
  %r64 = zext i32 %r to i64
  %rp = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %r64
  %v = load i32, i32 addrspace(3)* %rp, align 4
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %t
  store i32 %v, i32 addrspace(1)* %po, align 4
  ret void
}
)") + Trailer,
                {{"void (i32 addrspace(1)*, i32)* @swap",
                  {bufferArg(0, 0, 1, "int"),
                   builtinArg(1, "air.thread_index_in_threadgroup", "uint")}}});
  bothWays(
      IR, "swap",
      [&](Kernel &K, const char *Mode) {
        int32_t *Out = alloc<int32_t>(64);
        LaunchConfig C = config({1, 1, 1}, {64, 1, 1});
        bind(C, 0, Out, 64 * 4);
        launch(K, C);
        for (unsigned T = 0; T < 64; ++T)
          ASSERT_EQ(Out[T], int32_t(63 - T)) << Mode << ", thread " << T;
      },
      ThreadMode::Fibers);
}

} // namespace

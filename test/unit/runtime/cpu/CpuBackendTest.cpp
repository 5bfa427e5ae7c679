//===- CpuBackendTest.cpp - Running AIR kernels on the cpu backend --------===//
//
// Hand-written AIR kernels, packed into metallibs and launched through the
// Device interface; every result is recomputed here in plain C++. Covers
// binding (parameter block, buffers by location index, builtins of every
// shape), static and dynamic threadgroup memory under concurrency,
// barriers, SIMD-group operations with exited and diverged lanes, atomics
// under contention, the air.* math/bit/conversion vocabulary, launch
// errors, concurrent launches and the cost of an empty launch.
//
//===----------------------------------------------------------------------===//

#include "CpuTestSupport.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iostream>
#include <limits>
#include <thread>

using namespace cputest;

namespace {

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

// examples/air/vector_add.ll: the CUDA ABI's parameter block at buffer(0).
const char *const VectorAddBody = R"(
%vector_add.params = type { float addrspace(1)*, float addrspace(1)*, float addrspace(1)*, i32 }
%scale.params = type { float addrspace(1)*, float, i32 }

define void @vector_add(%vector_add.params addrspace(2)* noalias nocapture readonly %params, <3 x i32> %tid, <3 x i32> %ctaid, <3 x i32> %ntid) #0 {
entry:
  %tid.x = extractelement <3 x i32> %tid, i32 0
  %ctaid.x = extractelement <3 x i32> %ctaid, i32 0
  %ntid.x = extractelement <3 x i32> %ntid, i32 0
  %base = mul i32 %ctaid.x, %ntid.x
  %i = add i32 %base, %tid.x
  %n.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 3
  %n = load i32, i32 addrspace(2)* %n.addr, align 8
  %in.range = icmp slt i32 %i, %n
  br i1 %in.range, label %body, label %exit

body:
  %idx = sext i32 %i to i64
  %a.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 0
  %a = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %a.addr, align 8
  %b.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 1
  %b = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %b.addr, align 8
  %c.addr = getelementptr inbounds %vector_add.params, %vector_add.params addrspace(2)* %params, i64 0, i32 2
  %c = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %c.addr, align 8
  %pa = getelementptr inbounds float, float addrspace(1)* %a, i64 %idx
  %pb = getelementptr inbounds float, float addrspace(1)* %b, i64 %idx
  %pc = getelementptr inbounds float, float addrspace(1)* %c, i64 %idx
  %va = load float, float addrspace(1)* %pa, align 4
  %vb = load float, float addrspace(1)* %pb, align 4
  %sum = fadd float %va, %vb
  store float %sum, float addrspace(1)* %pc, align 4
  br label %exit

exit:
  ret void
}

define void @scale(%scale.params addrspace(2)* noalias nocapture readonly %params, <3 x i32> %tid, <3 x i32> %ctaid, <3 x i32> %ntid) #0 {
entry:
  %tid.x = extractelement <3 x i32> %tid, i32 0
  %ctaid.x = extractelement <3 x i32> %ctaid, i32 0
  %ntid.x = extractelement <3 x i32> %ntid, i32 0
  %base = mul i32 %ctaid.x, %ntid.x
  %i = add i32 %base, %tid.x
  %n.addr = getelementptr inbounds %scale.params, %scale.params addrspace(2)* %params, i64 0, i32 2
  %n = load i32, i32 addrspace(2)* %n.addr, align 4
  %in.range = icmp slt i32 %i, %n
  br i1 %in.range, label %body, label %exit

body:
  %idx = sext i32 %i to i64
  %x.addr = getelementptr inbounds %scale.params, %scale.params addrspace(2)* %params, i64 0, i32 0
  %x = load float addrspace(1)*, float addrspace(1)* addrspace(2)* %x.addr, align 8
  %s.addr = getelementptr inbounds %scale.params, %scale.params addrspace(2)* %params, i64 0, i32 1
  %s = load float, float addrspace(2)* %s.addr, align 8
  %px = getelementptr inbounds float, float addrspace(1)* %x, i64 %idx
  %vx = load float, float addrspace(1)* %px, align 4
  %scaled = fmul float %vx, %s
  store float %scaled, float addrspace(1)* %px, align 4
  br label %exit

exit:
  ret void
}

attributes #0 = { nounwind }
)";

std::string vectorAddModule() {
  std::vector<std::string> Builtins = {
      builtinArg(1, "air.thread_position_in_threadgroup"),
      builtinArg(2, "air.threadgroup_position_in_grid"),
      builtinArg(3, "air.threads_per_threadgroup")};
  KernelMD Add{"void (%vector_add.params addrspace(2)*, <3 x i32>, <3 x i32>, "
               "<3 x i32>)* @vector_add",
               {bufferArg(0, 0, 2, "vector_add_params", 32)}};
  KernelMD Scale{"void (%scale.params addrspace(2)*, <3 x i32>, <3 x i32>, "
                 "<3 x i32>)* @scale",
                 {bufferArg(0, 0, 2, "scale_params", 16)}};
  for (const std::string &B : Builtins) {
    Add.Args.push_back(B);
    Scale.Args.push_back(B);
  }
  return airModule(VectorAddBody, {Add, Scale});
}

struct VectorAddParams {
  float *A, *B, *C;
  int32_t N;
};
static_assert(sizeof(VectorAddParams) == 32, "CUDA .param layout");

struct ScaleParams {
  float *X;
  float S;
  int32_t N;
};

//===----------------------------------------------------------------------===//
// Binding and builtins
//===----------------------------------------------------------------------===//

class CpuBackendTest : public CpuTest {};

TEST_F(CpuBackendTest, VectorAddOverSeveralBlocks) {
  auto Lib = load(vectorAddModule());
  ASSERT_TRUE(Lib);
  Kernel *Add = kernel(*Lib, "vector_add");
  Kernel *Scale = kernel(*Lib, "scale");
  ASSERT_TRUE(Add && Scale);
  EXPECT_EQ(Add->name(), "vector_add");
  EXPECT_EQ(Add->staticThreadgroupBytes(), 0u);

  const int N = 1000;
  std::vector<float> A(N), B(N);
  for (int I = 0; I < N; ++I) {
    A[I] = float(I) * 0.5f;
    B[I] = float(N - I) * 0.25f;
  }
  float *DA = upload(A), *DB = upload(B), *DC = alloc<float>(N);
  auto *P = upload(std::vector<VectorAddParams>{{DA, DB, DC, N}});
  LaunchConfig C = config({8, 1, 1}, {128, 1, 1}); // 1024 threads > N
  bind(C, 0, P, sizeof(VectorAddParams));
  Status S = Add->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (int I = 0; I < N; ++I)
    ASSERT_EQ(DC[I], A[I] + B[I]) << "at " << I;

  // The library's second kernel, through its own parameter block.
  auto *SP = upload(std::vector<ScaleParams>{{DC, 3.0f, N - 10}});
  bind(C, 0, SP, sizeof(ScaleParams));
  S = Scale->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (int I = 0; I < N; ++I)
    ASSERT_EQ(DC[I], (A[I] + B[I]) * (I < N - 10 ? 3.0f : 1.0f)) << I;

  // The same kernel is compiled once.
  Status Err;
  EXPECT_EQ(Lib->getKernel("vector_add", Err), Add);
}

// Every builtin, in every IR shape: i32/i16 scalars, 2- and 3-vectors.
std::string builtinsModule() {
  std::string Body = R"(
define void @builtins(i32 addrspace(1)* %out, <3 x i32> %gid, <3 x i16> %tgid, <2 x i32> %tid, i32 %ntidx, i16 %tidx, i32 %simd, i16 %lane, <3 x i32> %ngroups, <3 x i32> %nthreads, i32 %width, i32 %nsimd, i32 %tpsimd, <2 x i16> %tid16, i16 %quad) {
entry:
  %gx = extractelement <3 x i32> %gid, i32 0
  %gy = extractelement <3 x i32> %gid, i32 1
  %gz = extractelement <3 x i32> %gid, i32 2
  %nx = extractelement <3 x i32> %nthreads, i32 0
  %ny = extractelement <3 x i32> %nthreads, i32 1
  %t0 = mul i32 %gz, %ny
  %t1 = add i32 %t0, %gy
  %t2 = mul i32 %t1, %nx
  %lin = add i32 %t2, %gx
  %base = mul i32 %lin, 22
  %v3.16 = extractelement <3 x i16> %tgid, i32 0
  %v3 = zext i16 %v3.16 to i32
  %v4.16 = extractelement <3 x i16> %tgid, i32 1
  %v4 = zext i16 %v4.16 to i32
  %v5.16 = extractelement <3 x i16> %tgid, i32 2
  %v5 = zext i16 %v5.16 to i32
  %v6 = extractelement <2 x i32> %tid, i32 0
  %v7 = extractelement <2 x i32> %tid, i32 1
  %v9 = zext i16 %tidx to i32
  %v11 = zext i16 %lane to i32
  %v12 = extractelement <3 x i32> %ngroups, i32 0
  %v13 = extractelement <3 x i32> %ngroups, i32 1
  %v14 = extractelement <3 x i32> %ngroups, i32 2
  %v17 = extractelement <3 x i32> %nthreads, i32 2
  %v19.a = mul i32 %nsimd, 100
  %v19 = add i32 %v19.a, %tpsimd
  %v20.16 = extractelement <2 x i16> %tid16, i32 1
  %v20 = zext i16 %v20.16 to i32
  %v21 = zext i16 %quad to i32
)";
  const char *Values[22] = {"%gx",    "%gy",  "%gz",    "%v3", "%v4",   "%v5",
                            "%v6",    "%v7",  "%ntidx", "%v9", "%simd", "%v11",
                            "%v12",   "%v13", "%v14",   "%nx", "%ny",   "%v17",
                            "%width", "%v19", "%v20",   "%v21"};
  for (int K = 0; K < 22; ++K) {
    std::string I = std::to_string(K);
    Body += "  %i" + I + " = add i32 %base, " + I + "\n";
    Body += "  %p" + I + " = getelementptr inbounds i32, i32 addrspace(1)* " +
            "%out, i32 %i" + I + "\n";
    Body += "  store i32 " + std::string(Values[K]) + ", i32 addrspace(1)* %p" +
            I + ", align 4\n";
  }
  Body += "  ret void\n}\n";
  KernelMD K{"void (i32 addrspace(1)*, <3 x i32>, <3 x i16>, <2 x i32>, i32, "
             "i16, i32, i16, <3 x i32>, <3 x i32>, i32, i32, i32, <2 x i16>, "
             "i16)* @builtins",
             {bufferArg(0, 0, 1, "uint"),
              builtinArg(1, "air.thread_position_in_grid", "uint3"),
              builtinArg(2, "air.threadgroup_position_in_grid", "ushort3"),
              builtinArg(3, "air.thread_position_in_threadgroup", "uint2"),
              builtinArg(4, "air.threads_per_threadgroup", "uint"),
              builtinArg(5, "air.thread_index_in_threadgroup", "ushort"),
              builtinArg(6, "air.simdgroup_index_in_threadgroup", "uint"),
              builtinArg(7, "air.thread_index_in_simdgroup", "ushort"),
              builtinArg(8, "air.threadgroups_per_grid", "uint3"),
              builtinArg(9, "air.threads_per_grid", "uint3"),
              builtinArg(10, "air.thread_execution_width", "uint"),
              builtinArg(11, "air.simdgroups_per_threadgroup", "uint"),
              builtinArg(12, "air.threads_per_simdgroup", "uint"),
              builtinArg(13, "air.thread_position_in_threadgroup", "ushort2"),
              builtinArg(14, "air.thread_index_in_quadgroup", "ushort")}};
  return airModule(Body, {K});
}

// Plain kernels run a whole threadgroup per call of a loop wrapper; in
// checked mode every thread runs as a fiber through the per-thread wrapper.
// Both must compute the same inputs.
void checkBuiltins(Device &D, bool ExpectFibers) {
  std::vector<uint8_t> Bytes = packMetallib(builtinsModule());
  Status Err;
  auto Lib = D.loadLibrary(Bytes.data(), Bytes.size(), Err);
  ASSERT_TRUE(Lib) << Err.message;
  Kernel *K = Lib->getKernel("builtins", Err);
  ASSERT_TRUE(K) << Err.message;
  const Dim3 Grid{3, 2, 2}, Block{8, 5, 2}; // 80 threads: 3 SIMD-groups
  const unsigned NX = Grid.x * Block.x, NY = Grid.y * Block.y,
                 NZ = Grid.z * Block.z, Slots = 22;
  const size_t Bytes32 = size_t(NX) * NY * NZ * Slots * 4;
  auto *Out = static_cast<int32_t *>(D.allocate(Bytes32));
  D.fill(Out, 0xff, Bytes32);
  LaunchConfig C = config(Grid, Block);
  bind(C, 0, Out, Bytes32);
  Status S = K->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (unsigned BZ = 0; BZ < Grid.z; ++BZ)
    for (unsigned BY = 0; BY < Grid.y; ++BY)
      for (unsigned BX = 0; BX < Grid.x; ++BX)
        for (unsigned TZ = 0; TZ < Block.z; ++TZ)
          for (unsigned TY = 0; TY < Block.y; ++TY)
            for (unsigned TX = 0; TX < Block.x; ++TX) {
              unsigned GX = BX * Block.x + TX, GY = BY * Block.y + TY,
                       GZ = BZ * Block.z + TZ;
              unsigned Linear = TX + TY * Block.x + TZ * Block.x * Block.y;
              int32_t Want[22] = {int32_t(GX),
                                  int32_t(GY),
                                  int32_t(GZ),
                                  int32_t(BX),
                                  int32_t(BY),
                                  int32_t(BZ),
                                  int32_t(TX),
                                  int32_t(TY),
                                  int32_t(Block.x),
                                  int32_t(Linear),
                                  int32_t(Linear / 32),
                                  int32_t(Linear % 32),
                                  int32_t(Grid.x),
                                  int32_t(Grid.y),
                                  int32_t(Grid.z),
                                  int32_t(NX),
                                  int32_t(NY),
                                  int32_t(NZ),
                                  32,
                                  3 * 100 + 32,
                                  int32_t(TY),
                                  int32_t(Linear % 4)};
              const int32_t *Got = Out + ((GZ * NY + GY) * NX + GX) * Slots;
              for (unsigned I = 0; I < Slots; ++I)
                ASSERT_EQ(Got[I], Want[I])
                    << "slot " << I << " of thread (" << TX << "," << TY << ","
                    << TZ << ") in block (" << BX << "," << BY << "," << BZ
                    << ")" << (ExpectFibers ? ", fibers" : ", loop");
            }
  D.release(Out);
}

TEST_F(CpuBackendTest, BuiltinsIn3DGrid) {
  checkBuiltins(*Dev, false);
  checkBuiltins(*createCpuDevice(/*Checked=*/true), true);
}

TEST_F(CpuBackendTest, LaunchErrors) {
  auto Lib = load(vectorAddModule());
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "vector_add");
  ASSERT_TRUE(K);
  LaunchConfig C = config({1, 1, 1}, {32, 1, 1});
  Status S = K->launch(C); // buffer(0) missing
  EXPECT_EQ(S.fault, Fault::InvalidLaunch);
  EXPECT_NE(S.message.find("buffer(0)"), std::string::npos) << S.message;
  auto *P =
      upload(std::vector<VectorAddParams>{{nullptr, nullptr, nullptr, 0}});
  bind(C, 0, P, sizeof(VectorAddParams));
  C.block = {1025, 1, 1};
  EXPECT_EQ(K->launch(C).fault, Fault::OutOfResources);
  C.block = {32, 0, 1};
  EXPECT_EQ(K->launch(C).fault, Fault::InvalidLaunch);
  C.block = {32, 1, 1};
  S = K->launch(C); // n = 0: nothing to do
  EXPECT_TRUE(S) << S.message;
}

//===----------------------------------------------------------------------===//
// Threadgroup memory and barriers
//===----------------------------------------------------------------------===//

// A tree reduction in static threadgroup memory; the final read goes
// through a constant-expression GEP of the global.
const char *const ReduceBody = R"(
@s = internal addrspace(3) global [256 x float] undef, align 4
@flag = internal addrspace(3) global i32 undef, align 4

declare void @air.wg.barrier(i32, i32) #1

define void @reduce(float addrspace(1)* noalias %in, float addrspace(1)* noalias %out, i32 %tid, i32 %gid, i32 %group) #0 {
entry:
  %idx = zext i32 %gid to i64
  %p = getelementptr inbounds float, float addrspace(1)* %in, i64 %idx
  %v = load float, float addrspace(1)* %p, align 4
  %t64 = zext i32 %tid to i64
  %sp = getelementptr inbounds [256 x float], [256 x float] addrspace(3)* @s, i64 0, i64 %t64
  store float %v, float addrspace(3)* %sp, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  br label %loop

loop:
  %stride = phi i32 [ 128, %entry ], [ %next, %latch ]
  %active = icmp ult i32 %tid, %stride
  br i1 %active, label %add, label %latch

add:
  %o = add i32 %tid, %stride
  %o64 = zext i32 %o to i64
  %op = getelementptr inbounds [256 x float], [256 x float] addrspace(3)* @s, i64 0, i64 %o64
  %ov = load float, float addrspace(3)* %op, align 4
  %mv = load float, float addrspace(3)* %sp, align 4
  %sum = fadd float %mv, %ov
  store float %sum, float addrspace(3)* %sp, align 4
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
  %r = load float, float addrspace(3)* getelementptr inbounds ([256 x float], [256 x float] addrspace(3)* @s, i64 0, i64 0), align 4
  %g64 = zext i32 %group to i64
  %outp = getelementptr inbounds float, float addrspace(1)* %out, i64 %g64
  store float %r, float addrspace(1)* %outp, align 4
  store i32 1, i32 addrspace(3)* @flag, align 4
  br label %ret

ret:
  ret void
}

attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";

TEST_F(CpuBackendTest, StaticThreadgroupMemoryReductionOverManyGroups) {
  KernelMD K{"void (float addrspace(1)*, float addrspace(1)*, i32, i32, i32)* "
             "@reduce",
             {bufferArg(0, 0), bufferArg(1, 1),
              builtinArg(2, "air.thread_index_in_threadgroup", "uint"),
              builtinArg(3, "air.thread_position_in_grid", "uint"),
              builtinArg(4, "air.threadgroup_position_in_grid", "uint")}};
  auto Lib = load(airModule(ReduceBody, {K}));
  ASSERT_TRUE(Lib);
  Kernel *R = kernel(*Lib, "reduce");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->staticThreadgroupBytes(), 1040u); // 1024 + 4, to 16

  const unsigned Groups = 512, Block = 256;
  std::vector<float> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = float((I * 7) % 13);
  float *DIn = upload(In), *DOut = alloc<float>(Groups);
  LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
  bind(C, 0, DIn, In.size() * 4);
  bind(C, 1, DOut, Groups * 4);
  for (int Round = 0; Round < 3; ++Round) {
    Dev->fill(DOut, 0, Groups * 4);
    Status S = R->launch(C);
    ASSERT_TRUE(S) << S.message;
    for (unsigned G = 0; G < Groups; ++G) {
      float Want = 0;
      for (unsigned T = 0; T < Block; ++T)
        Want += In[G * Block + T];
      ASSERT_EQ(DOut[G], Want) << "group " << G << ", round " << Round;
    }
  }
}

// Dynamic threadgroup memory at threadgroup(0) and threadgroup(2): each
// group reverses its slice through them.
TEST_F(CpuBackendTest, DynamicThreadgroupMemory) {
  const char *Body = R"(
declare void @air.wg.barrier(i32, i32) #1

define void @reverse(float addrspace(1)* %in, float addrspace(1)* %out, i32 addrspace(1)* %outidx, float addrspace(3)* %tg, i32 addrspace(3)* %tg2, i32 %tid, i32 %gid, i32 %n) #0 {
entry:
  %g = zext i32 %gid to i64
  %t = zext i32 %tid to i64
  %pin = getelementptr inbounds float, float addrspace(1)* %in, i64 %g
  %v = load float, float addrspace(1)* %pin, align 4
  %ptg = getelementptr inbounds float, float addrspace(3)* %tg, i64 %t
  store float %v, float addrspace(3)* %ptg, align 4
  %ptg2 = getelementptr inbounds i32, i32 addrspace(3)* %tg2, i64 %t
  store i32 %tid, i32 addrspace(3)* %ptg2, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %n1 = sub i32 %n, 1
  %r = sub i32 %n1, %tid
  %r64 = zext i32 %r to i64
  %pr = getelementptr inbounds float, float addrspace(3)* %tg, i64 %r64
  %w = load float, float addrspace(3)* %pr, align 4
  %pr2 = getelementptr inbounds i32, i32 addrspace(3)* %tg2, i64 %r64
  %w2 = load i32, i32 addrspace(3)* %pr2, align 4
  %pout = getelementptr inbounds float, float addrspace(1)* %out, i64 %g
  store float %w, float addrspace(1)* %pout, align 4
  %pidx = getelementptr inbounds i32, i32 addrspace(1)* %outidx, i64 %g
  store i32 %w2, i32 addrspace(1)* %pidx, align 4
  ret void
}

attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (float addrspace(1)*, float addrspace(1)*, i32 "
             "addrspace(1)*, float addrspace(3)*, i32 addrspace(3)*, i32, "
             "i32, i32)* @reverse",
             {bufferArg(0, 0), bufferArg(1, 1), bufferArg(2, 5, 1, "uint"),
              threadgroupArg(3, 0), threadgroupArg(4, 2, "uint"),
              builtinArg(5, "air.thread_position_in_threadgroup", "uint"),
              builtinArg(6, "air.thread_position_in_grid", "uint"),
              builtinArg(7, "air.threads_per_threadgroup", "uint")}};
  auto Lib = load(airModule(Body, {K}));
  ASSERT_TRUE(Lib);
  Kernel *R = kernel(*Lib, "reverse");
  ASSERT_TRUE(R);
  const unsigned Groups = 64, Block = 96;
  std::vector<float> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = float(I) + 0.5f;
  float *DIn = upload(In), *DOut = alloc<float>(In.size());
  int32_t *DIdx = alloc<int32_t>(In.size());
  LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
  bind(C, 0, DIn, In.size() * 4);
  bind(C, 1, DOut, In.size() * 4);
  bind(C, 5, DIdx, In.size() * 4);
  C.threadgroupLengths[0] = Block * 4;
  C.threadgroupLengths[2] = Block * 4;
  Status S = R->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (unsigned G = 0; G < Groups; ++G)
    for (unsigned T = 0; T < Block; ++T) {
      ASSERT_EQ(DOut[G * Block + T], In[G * Block + Block - 1 - T]);
      ASSERT_EQ(DIdx[G * Block + T], int32_t(Block - 1 - T));
    }
}

// Parameters marked noalias (CUDA __restrict__, Metal's buffers) still
// see what other threads of the threadgroup stored before a barrier.
TEST_F(CpuBackendTest, NoAliasMemoryIsExchangedAtBarriers) {
  const char *Body = R"(
declare void @air.wg.barrier(i32, i32) #1

define void @exchange(i32 addrspace(1)* noalias %out, i32 addrspace(3)* noalias %tg, i32 %tid, i32 %n) #0 {
entry:
  %t = zext i32 %tid to i64
  %mine = getelementptr inbounds i32, i32 addrspace(3)* %tg, i64 %t
  store i32 %tid, i32 addrspace(3)* %mine, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %j1 = add i32 %tid, 1
  %j = urem i32 %j1, %n
  %j64 = zext i32 %j to i64
  %theirs = getelementptr inbounds i32, i32 addrspace(3)* %tg, i64 %j64
  %v = load i32, i32 addrspace(3)* %theirs, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %v100 = add i32 %v, 100
  store i32 %v100, i32 addrspace(3)* %theirs, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %w = load i32, i32 addrspace(3)* %mine, align 4
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %t
  store i32 %w, i32 addrspace(1)* %po, align 4
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (i32 addrspace(1)*, i32 addrspace(3)*, i32, i32)* "
             "@exchange",
             {bufferArg(0, 0, 1, "uint"), threadgroupArg(1, 0, "uint"),
              builtinArg(2, "air.thread_index_in_threadgroup", "uint"),
              builtinArg(3, "air.threads_per_threadgroup", "uint")}};
  auto Lib = load(airModule(Body, {K}));
  ASSERT_TRUE(Lib);
  Kernel *X = kernel(*Lib, "exchange");
  ASSERT_TRUE(X);
  const unsigned Block = 64;
  int32_t *Out = alloc<int32_t>(Block);
  LaunchConfig C = config({1, 1, 1}, {Block, 1, 1});
  bind(C, 0, Out, Block * 4);
  C.threadgroupLengths[0] = Block * 4;
  Status S = X->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (unsigned T = 0; T < Block; ++T)
    EXPECT_EQ(Out[T], int32_t(T + 100)) << T;
}

// A thread that returns before a barrier does not count at it (unchecked
// mode behaves like CUDA hardware).
TEST_F(CpuBackendTest, ExitedThreadsDoNotCountAtBarriers) {
  const char *Body = R"(
@s = internal addrspace(3) global [64 x i32] undef, align 4
declare void @air.wg.barrier(i32, i32) #1

define void @partial(i32 addrspace(1)* %out, i32 %tid, i32 %gid) #0 {
entry:
  %odd = and i32 %tid, 1
  %exit = icmp ne i32 %odd, 0
  br i1 %exit, label %ret, label %body
body:
  %t = zext i32 %tid to i64
  %p = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %gid, i32 addrspace(3)* %p, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %o = xor i32 %tid, 2
  %o64 = zext i32 %o to i64
  %q = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %o64
  %v = load i32, i32 addrspace(3)* %q, align 4
  %g = zext i32 %gid to i64
  %po = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %v, i32 addrspace(1)* %po, align 4
  br label %ret
ret:
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (i32 addrspace(1)*, i32, i32)* @partial",
             {bufferArg(0, 0, 1, "uint"),
              builtinArg(1, "air.thread_index_in_threadgroup", "uint"),
              builtinArg(2, "air.thread_position_in_grid", "uint")}};
  auto Lib = load(airModule(Body, {K}));
  ASSERT_TRUE(Lib);
  Kernel *P = kernel(*Lib, "partial");
  ASSERT_TRUE(P);
  int32_t *Out = alloc<int32_t>(256);
  LaunchConfig C = config({4, 1, 1}, {64, 1, 1});
  bind(C, 0, Out, 256 * 4);
  Status S = P->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (int G = 0; G < 256; ++G)
    ASSERT_EQ(Out[G], G % 2 ? 0 : (G ^ 2)) << G;
}

//===----------------------------------------------------------------------===//
// SIMD-group operations
//===----------------------------------------------------------------------===//

TEST_F(CpuBackendTest, SimdShuffleDownReduction) {
  std::string Body = R"(
declare float @air.simd_shuffle_down.f32(float, i16) #1

define void @warp_sum(float addrspace(1)* %in, float addrspace(1)* %out, i32 %gid, i16 %lane, i32 %simd, i32 %group, i32 %nsimd) #0 {
entry:
  %g = zext i32 %gid to i64
  %p = getelementptr inbounds float, float addrspace(1)* %in, i64 %g
  %v0 = load float, float addrspace(1)* %p, align 4
)";
  const char *Deltas[] = {"16", "8", "4", "2", "1"};
  for (int I = 0; I < 5; ++I) {
    std::string A = std::to_string(I), B = std::to_string(I + 1);
    Body += "  %d" + A + " = call float @air.simd_shuffle_down.f32(float %v" +
            A + ", i16 " + Deltas[I] + ")\n";
    Body += "  %v" + B + " = fadd float %v" + A + ", %d" + A + "\n";
  }
  Body += R"(
  %is0 = icmp eq i16 %lane, 0
  br i1 %is0, label %write, label %ret
write:
  %gs = mul i32 %group, %nsimd
  %idx = add i32 %gs, %simd
  %i64 = zext i32 %idx to i64
  %po = getelementptr inbounds float, float addrspace(1)* %out, i64 %i64
  store float %v5, float addrspace(1)* %po, align 4
  br label %ret
ret:
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (float addrspace(1)*, float addrspace(1)*, i32, i16, i32, "
             "i32, i32)* @warp_sum",
             {bufferArg(0, 0), bufferArg(1, 1),
              builtinArg(2, "air.thread_position_in_grid", "uint"),
              builtinArg(3, "air.thread_index_in_simdgroup", "ushort"),
              builtinArg(4, "air.simdgroup_index_in_threadgroup", "uint"),
              builtinArg(5, "air.threadgroup_position_in_grid", "uint"),
              builtinArg(6, "air.simdgroups_per_threadgroup", "uint")}};
  auto Lib = load(airModule(Body, {K}));
  ASSERT_TRUE(Lib);
  Kernel *W = kernel(*Lib, "warp_sum");
  ASSERT_TRUE(W);
  const unsigned Groups = 32, Block = 128;
  std::vector<float> In(Groups * Block);
  for (size_t I = 0; I < In.size(); ++I)
    In[I] = float(I % 13);
  float *DIn = upload(In), *DOut = alloc<float>(In.size() / 32);
  LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
  bind(C, 0, DIn, In.size() * 4);
  bind(C, 1, DOut, In.size() / 32 * 4);
  Status S = W->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (size_t G = 0; G < In.size() / 32; ++G) {
    float Want = 0;
    for (unsigned L = 0; L < 32; ++L)
      Want += In[G * 32 + L];
    ASSERT_EQ(DOut[G], Want) << "SIMD-group " << G;
  }
}

// Lanes with lane % 3 == 0 return first; the others ballot on (lane odd)
// and shuffle from lane 0 (exited: own value) and lane 1 (live). The second
// SIMD-group of each 40-thread group has only 8 lanes.
TEST_F(CpuBackendTest, BallotAndShuffleWithExitedLanes) {
  const char *Body = R"(
declare i64 @air.simd_ballot.i64(i1) #1
declare i32 @air.simd_shuffle.u.i32(i32, i16) #1

define void @ballot(i64 addrspace(1)* %out, i32 addrspace(1)* %out2, i32 %gid, i16 %lane) #0 {
entry:
  %l = zext i16 %lane to i32
  %m3 = urem i32 %l, 3
  %exit = icmp eq i32 %m3, 0
  br i1 %exit, label %ret, label %body
body:
  %odd = and i32 %l, 1
  %pred = icmp ne i32 %odd, 0
  %b = call i64 @air.simd_ballot.i64(i1 %pred)
  %g = zext i32 %gid to i64
  %po = getelementptr inbounds i64, i64 addrspace(1)* %out, i64 %g
  store i64 %b, i64 addrspace(1)* %po, align 8
  %v = mul i32 %gid, 10
  %s0 = call i32 @air.simd_shuffle.u.i32(i32 %v, i16 0)
  %s1 = call i32 @air.simd_shuffle.u.i32(i32 %v, i16 1)
  %s40 = call i32 @air.simd_shuffle.u.i32(i32 %v, i16 40)
  %g2 = mul i64 %g, 3
  %p0 = getelementptr inbounds i32, i32 addrspace(1)* %out2, i64 %g2
  store i32 %s0, i32 addrspace(1)* %p0, align 4
  %p1 = getelementptr inbounds i32, i32 addrspace(1)* %p0, i64 1
  store i32 %s1, i32 addrspace(1)* %p1, align 4
  %p2 = getelementptr inbounds i32, i32 addrspace(1)* %p0, i64 2
  store i32 %s40, i32 addrspace(1)* %p2, align 4
  br label %ret
ret:
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (i64 addrspace(1)*, i32 addrspace(1)*, i32, i16)* @ballot",
             {bufferArg(0, 0, 1, "ulong", 8), bufferArg(1, 1, 1, "uint"),
              builtinArg(2, "air.thread_position_in_grid", "uint"),
              builtinArg(3, "air.thread_index_in_simdgroup", "ushort")}};
  auto Lib = load(airModule(Body, {K}));
  ASSERT_TRUE(Lib);
  Kernel *B = kernel(*Lib, "ballot");
  ASSERT_TRUE(B);
  const unsigned Groups = 4, Block = 40, N = Groups * Block;
  uint64_t *Out = alloc<uint64_t>(N);
  int32_t *Out2 = alloc<int32_t>(3 * N);
  Dev->fill(Out, 0xff, N * 8);
  LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
  bind(C, 0, Out, N * 8);
  bind(C, 1, Out2, 3 * N * 4);
  Status S = B->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (unsigned G = 0; G < N; ++G) {
    unsigned Linear = G % Block, Lane = Linear % 32;
    unsigned First = G - Lane; // lane 0 of this SIMD-group
    unsigned Lanes = std::min(32u, Block - (Linear - Lane));
    if (Lane % 3 == 0) {
      EXPECT_EQ(Out[G], ~uint64_t(0)) << "exited lane " << G << " wrote";
      continue;
    }
    uint64_t Want = 0;
    for (unsigned L = 0; L < Lanes; ++L)
      if (L % 3 != 0 && L % 2 == 1)
        Want |= uint64_t(1) << L;
    EXPECT_EQ(Out[G], Want) << "thread " << G;
    EXPECT_EQ(Out2[3 * G], int32_t(G * 10)) << "lane 0 has exited";
    EXPECT_EQ(Out2[3 * G + 1], int32_t((First + 1) * 10));
    EXPECT_EQ(Out2[3 * G + 2], int32_t(G * 10)) << "lane 40 does not exist";
  }
}

TEST_F(CpuBackendTest, SimdReductionsScansAndXor) {
  const char *Body = R"(
declare float @air.simd_sum.f32(float) #1
declare i32 @air.simd_prefix_exclusive_sum.u.i32(i32) #1
declare i32 @air.simd_prefix_inclusive_sum.u.i32(i32) #1
declare i32 @air.simd_max.s.i32(i32) #1
declare i32 @air.simd_min.s.i32(i32) #1
declare i32 @air.simd_shuffle_xor.u.i32(i32, i16) #1
declare i32 @air.simd_shuffle_up.u.i32(i32, i16) #1
declare <2 x float> @air.simd_shuffle_down.v2f32(<2 x float>, i16) #1
declare i1 @air.simd_all(i1) #1
declare i1 @air.simd_any(i1) #1
declare half @air.simd_sum.f16(half) #1
declare i32 @air.simd_shuffle_and_fill_down.u.i32(i32, i32, i16, i16) #1
declare half @air.simd_shuffle_xor.f16(half, i16) #1

define void @simd_ops(i32 addrspace(1)* %out, i32 %gid, i16 %lane) #0 {
entry:
  %l = zext i16 %lane to i32
  %f = uitofp i32 %l to float
  %sum = call float @air.simd_sum.f32(float %f)
  %r0 = fptoui float %sum to i32
  %r1 = call i32 @air.simd_prefix_exclusive_sum.u.i32(i32 %l)
  %r2 = call i32 @air.simd_prefix_inclusive_sum.u.i32(i32 %l)
  %neg = sub i32 100, %l
  %r3 = call i32 @air.simd_max.s.i32(i32 %neg)
  %r4 = call i32 @air.simd_min.s.i32(i32 %neg)
  %r5 = call i32 @air.simd_shuffle_xor.u.i32(i32 %l, i16 5)
  %r6 = call i32 @air.simd_shuffle_up.u.i32(i32 %l, i16 3)
  %vec.0 = insertelement <2 x float> undef, float %f, i32 0
  %f2 = fmul float %f, 2.0
  %vec = insertelement <2 x float> %vec.0, float %f2, i32 1
  %dv = call <2 x float> @air.simd_shuffle_down.v2f32(<2 x float> %vec, i16 1)
  %d1 = extractelement <2 x float> %dv, i32 1
  %r7 = fptoui float %d1 to i32
  %lt20 = icmp ult i32 %l, 20
  %all = call i1 @air.simd_all(i1 %lt20)
  %any = call i1 @air.simd_any(i1 %lt20)
  %alli = zext i1 %all to i32
  %anyi = zext i1 %any to i32
  %any2 = shl i32 %anyi, 1
  %r8 = or i32 %alli, %any2
  %h = uitofp i32 %l to half
  %hx = call half @air.simd_shuffle_xor.f16(half %h, i16 1)
  %hs = call half @air.simd_sum.f16(half %hx)
  %hsf = fpext half %hs to float
  %r9.a = fptoui float %hsf to i32
  %hxf = fpext half %hx to float
  %hxi = fptoui float %hxf to i32
  %r9.b = shl i32 %hxi, 16
  %r9 = or i32 %r9.a, %r9.b
  %fill = add i32 %l, 1000
  %r10 = call i32 @air.simd_shuffle_and_fill_down.u.i32(i32 %l, i32 %fill, i16 3, i16 8)
  %base = mul i32 %gid, 11
)";
  std::string B = Body;
  for (int K = 0; K < 11; ++K) {
    std::string I = std::to_string(K);
    B += "  %i" + I + " = add i32 %base, " + I + "\n";
    B += "  %p" + I +
         " = getelementptr inbounds i32, i32 addrspace(1)* %out, i32 %i" + I +
         "\n";
    B += "  store i32 %r" + I + ", i32 addrspace(1)* %p" + I + ", align 4\n";
  }
  B += "  ret void\n}\nattributes #0 = { convergent nounwind }\n"
       "attributes #1 = { convergent nounwind }\n";
  KernelMD K{"void (i32 addrspace(1)*, i32, i16)* @simd_ops",
             {bufferArg(0, 0, 1, "uint"),
              builtinArg(1, "air.thread_position_in_grid", "uint"),
              builtinArg(2, "air.thread_index_in_simdgroup", "ushort")}};
  auto Lib = load(airModule(B, {K}));
  ASSERT_TRUE(Lib);
  Kernel *Ops = kernel(*Lib, "simd_ops");
  ASSERT_TRUE(Ops);
  const unsigned Block = 48; // SIMD-groups of 32 and 16 lanes
  int32_t *Out = alloc<int32_t>(Block * 11);
  LaunchConfig C = config({1, 1, 1}, {Block, 1, 1});
  bind(C, 0, Out, Block * 11 * 4);
  Status S = Ops->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (unsigned T = 0; T < Block; ++T) {
    unsigned L = T % 32, Lanes = T < 32 ? 32 : 16;
    const int32_t *R = Out + T * 11;
    EXPECT_EQ(R[0], int32_t(Lanes * (Lanes - 1) / 2)) << T;
    EXPECT_EQ(R[1], int32_t(L * (L - 1) / 2 * (L > 0))) << T;
    EXPECT_EQ(R[2], int32_t(L * (L + 1) / 2)) << T;
    EXPECT_EQ(R[3], 100) << T;
    EXPECT_EQ(R[4], int32_t(100 - (Lanes - 1))) << T;
    EXPECT_EQ(R[5], int32_t((L ^ 5) < Lanes ? L ^ 5 : L)) << T;
    EXPECT_EQ(R[6], int32_t(L >= 3 ? L - 3 : L)) << T;
    EXPECT_EQ(R[7], int32_t(2 * (L + 1 < Lanes ? L + 1 : L))) << T;
    EXPECT_EQ(R[8], (Lanes <= 20 ? 1 : 0) | 2) << T;
    // half: shuffled as 16-bit patterns, summed in float.
    EXPECT_EQ(R[9], int32_t(Lanes * (Lanes - 1) / 2) | int32_t((L ^ 1) << 16))
        << T;
    // Windows of 8 lanes: data moves down by 3, the top 3 lanes take the
    // filling data of the window's first 3.
    unsigned K = L % 8, W = L - K;
    EXPECT_EQ(R[10], int32_t(K + 3 < 8 ? L + 3 : W + K + 3 - 8 + 1000)) << T;
  }
}

// Lanes 0-15 take a branch with a shuffle while lanes 16-31 go straight to
// a reduction: the shuffle must run among the branch's lanes first.
TEST_F(CpuBackendTest, DivergentSimdOperationsResolvePerCallSite) {
  const char *Body = R"(
declare i32 @air.simd_shuffle.u.i32(i32, i16) #1
declare i32 @air.simd_sum.u.i32(i32) #1

define void @diverge(i32 addrspace(1)* %out, i32 %gid, i16 %lane) #0 {
entry:
  %l = zext i16 %lane to i32
  %lo = icmp ult i32 %l, 16
  br i1 %lo, label %then, label %merge
then:
  %x = add i32 %l, 100
  %b = call i32 @air.simd_shuffle.u.i32(i32 %x, i16 3)
  br label %merge
merge:
  %v = phi i32 [ %b, %then ], [ %l, %entry ]
  %s = call i32 @air.simd_sum.u.i32(i32 %v)
  %g = zext i32 %gid to i64
  %p = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %s, i32 addrspace(1)* %p, align 4
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (i32 addrspace(1)*, i32, i16)* @diverge",
             {bufferArg(0, 0, 1, "uint"),
              builtinArg(1, "air.thread_position_in_grid", "uint"),
              builtinArg(2, "air.thread_index_in_simdgroup", "ushort")}};
  auto Lib = load(airModule(Body, {K}));
  ASSERT_TRUE(Lib);
  Kernel *D = kernel(*Lib, "diverge");
  ASSERT_TRUE(D);
  int32_t *Out = alloc<int32_t>(64);
  LaunchConfig C = config({2, 1, 1}, {32, 1, 1});
  bind(C, 0, Out, 64 * 4);
  Status S = D->launch(C);
  ASSERT_TRUE(S) << S.message;
  for (int T = 0; T < 64; ++T)
    EXPECT_EQ(Out[T], 16 * 103 + (16 + 31) * 16 / 2) << T;
}

//===----------------------------------------------------------------------===//
// Atomics
//===----------------------------------------------------------------------===//

TEST_F(CpuBackendTest, AtomicsUnderContention) {
  const char *Body = R"(
@tgcount = internal addrspace(3) global i32 undef, align 4
@tgsum = internal addrspace(3) global float undef, align 4

declare i32 @air.atomic.global.add.u.i32(i32 addrspace(1)*, i32, i32, i32, i1)
declare float @air.atomic.global.add.f32(float addrspace(1)*, float, i32, i32, i1)
declare i32 @air.atomic.global.max.s.i32(i32 addrspace(1)*, i32, i32, i32, i1)
declare i32 @air.atomic.global.min.u.i32(i32 addrspace(1)*, i32, i32, i32, i1)
declare i32 @air.atomic.global.cmpxchg.weak.i32(i32 addrspace(1)*, i32*, i32, i32, i32, i32, i1)
declare i32 @air.atomic.global.load.i32(i32 addrspace(1)*, i32, i32, i1)
declare i32 @air.atomic.global.xchg.i32(i32 addrspace(1)*, i32, i32, i32, i1)
declare i32 @air.atomic.global.or.u.i32(i32 addrspace(1)*, i32, i32, i32, i1)
declare i64 @air.atomic.global.add.u.i64(i64 addrspace(1)*, i64, i32, i32, i1)
declare void @air.atomic.local.store.i32(i32 addrspace(3)*, i32, i32, i32, i1)
declare void @air.atomic.local.store.f32(float addrspace(3)*, float, i32, i32, i1)
declare i32 @air.atomic.local.add.u.i32(i32 addrspace(3)*, i32, i32, i32, i1)
declare float @air.atomic.local.add.f32(float addrspace(3)*, float, i32, i32, i1)
declare i32 @air.atomic.local.load.i32(i32 addrspace(3)*, i32, i32, i1)
declare float @air.atomic.local.load.f32(float addrspace(3)*, i32, i32, i1)
declare void @air.wg.barrier(i32, i32) #1

define void @atomics(i32 addrspace(1)* %c, float addrspace(1)* %fsum, i64 addrspace(1)* %wide, i32 %gid, i32 %tid) #0 {
entry:
  %exp = alloca i32, align 4
  %c0 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 0
  %a0 = call i32 @air.atomic.global.add.u.i32(i32 addrspace(1)* %c0, i32 1, i32 0, i32 2, i1 true)
  %a1 = call float @air.atomic.global.add.f32(float addrspace(1)* %fsum, float 1.0, i32 0, i32 2, i1 true)
  %c1 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 1
  %a2 = call i32 @air.atomic.global.max.s.i32(i32 addrspace(1)* %c1, i32 %gid, i32 0, i32 2, i1 true)
  %c2 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 2
  %init = call i32 @air.atomic.global.load.i32(i32 addrspace(1)* %c2, i32 0, i32 2, i1 true)
  store i32 %init, i32* %exp, align 4
  br label %loop
loop:
  %e = load i32, i32* %exp, align 4
  %d = add i32 %e, 2
  %old = call i32 @air.atomic.global.cmpxchg.weak.i32(i32 addrspace(1)* %c2, i32* %exp, i32 %d, i32 0, i32 0, i32 2, i1 true)
  %ok = icmp eq i32 %old, %e
  br i1 %ok, label %after, label %loop
after:
  %g64 = zext i32 %gid to i64
  %a3 = call i64 @air.atomic.global.add.u.i64(i64 addrspace(1)* %wide, i64 %g64, i32 0, i32 2, i1 true)
  %c4 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 4
  %notgid = xor i32 %gid, -1
  %a4 = call i32 @air.atomic.global.min.u.i32(i32 addrspace(1)* %c4, i32 %notgid, i32 0, i32 2, i1 true)
  %c5 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 5
  %bit = shl i32 1, %tid
  %a5 = call i32 @air.atomic.global.or.u.i32(i32 addrspace(1)* %c5, i32 %bit, i32 0, i32 2, i1 true)
  %c6 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 6
  %a6 = call i32 @air.atomic.global.xchg.i32(i32 addrspace(1)* %c6, i32 7, i32 0, i32 2, i1 true)
  %is0 = icmp eq i32 %tid, 0
  br i1 %is0, label %init.tg, label %sync
init.tg:
  call void @air.atomic.local.store.i32(i32 addrspace(3)* @tgcount, i32 0, i32 0, i32 1, i1 true)
  call void @air.atomic.local.store.f32(float addrspace(3)* @tgsum, float 0.0, i32 0, i32 1, i1 true)
  br label %sync
sync:
  call void @air.wg.barrier(i32 2, i32 1)
  %lo = call i32 @air.atomic.local.add.u.i32(i32 addrspace(3)* @tgcount, i32 1, i32 0, i32 1, i1 true)
  %lf = call float @air.atomic.local.add.f32(float addrspace(3)* @tgsum, float 0.5, i32 0, i32 1, i1 true)
  call void @air.wg.barrier(i32 2, i32 1)
  br i1 %is0, label %publish, label %ret
publish:
  %total = call i32 @air.atomic.local.load.i32(i32 addrspace(3)* @tgcount, i32 0, i32 1, i1 true)
  %c3 = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 3
  %a7 = call i32 @air.atomic.global.add.u.i32(i32 addrspace(1)* %c3, i32 %total, i32 0, i32 2, i1 true)
  %tf = call float @air.atomic.local.load.f32(float addrspace(3)* @tgsum, i32 0, i32 1, i1 true)
  %fs1 = getelementptr inbounds float, float addrspace(1)* %fsum, i64 1
  %a8 = call float @air.atomic.global.add.f32(float addrspace(1)* %fs1, float %tf, i32 0, i32 2, i1 true)
  br label %ret
ret:
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  KernelMD K{"void (i32 addrspace(1)*, float addrspace(1)*, i64 "
             "addrspace(1)*, i32, i32)* @atomics",
             {bufferArg(0, 0, 1, "uint"), bufferArg(1, 1),
              bufferArg(2, 2, 1, "ulong", 8),
              builtinArg(3, "air.thread_position_in_grid", "uint"),
              builtinArg(4, "air.thread_index_in_threadgroup", "uint")}};
  // 64-bit atomics are outside the AIR verifier's vocabulary: pack as is.
  auto Lib = load(airModule(Body, {K}), /*Verify=*/false);
  ASSERT_TRUE(Lib);
  Kernel *A = kernel(*Lib, "atomics");
  ASSERT_TRUE(A);
  const unsigned Groups = 64, Block = 32, N = Groups * Block;
  int32_t *Counters = alloc<int32_t>(8);
  float *FSum = alloc<float>(2);
  uint64_t *Wide = alloc<uint64_t>(1);
  LaunchConfig C = config({Groups, 1, 1}, {Block, 1, 1});
  bind(C, 0, Counters, 8 * 4);
  bind(C, 1, FSum, 2 * 4);
  bind(C, 2, Wide, 8);
  for (int Round = 0; Round < 2; ++Round) {
    Dev->fill(Counters, 0, 8 * 4);
    Counters[4] = -1;
    Dev->fill(FSum, 0, 8);
    *Wide = 0;
    Status S = A->launch(C);
    ASSERT_TRUE(S) << S.message;
    EXPECT_EQ(Counters[0], int32_t(N));
    EXPECT_EQ(FSum[0], float(N));
    EXPECT_EQ(Counters[1], int32_t(N - 1));
    EXPECT_EQ(Counters[2], int32_t(2 * N));
    EXPECT_EQ(*Wide, uint64_t(N) * (N - 1) / 2);
    EXPECT_EQ(Counters[3], int32_t(N));
    EXPECT_EQ(uint32_t(Counters[4]), ~uint32_t(N - 1));
    EXPECT_EQ(uint32_t(Counters[5]), ~0u);
    EXPECT_EQ(Counters[6], 7);
    EXPECT_EQ(FSum[1], float(N) * 0.5f);
  }
}

//===----------------------------------------------------------------------===//
// Math, bits and conversions
//===----------------------------------------------------------------------===//

TEST_F(CpuBackendTest, MathBitsAndConversions) {
  const char *Body = R"(
declare float @air.fast_sin.f32(float)
declare float @air.sqrt.f32(float)
declare float @air.rsqrt.f32(float)
declare float @air.fmin.f32(float, float)
declare float @air.sincos.f32(float, float*)
declare float @air.exp2.f32(float)
declare float @air.fract.f32(float)
declare float @air.fast_cospi.f32(float)
declare <4 x float> @air.fabs.v4f32(<4 x float>)
declare half @air.sqrt.f16(half)
declare float @air.fma.f32(float, float, float)
declare i32 @air.convert.s.i32.f.f32(float)
declare i32 @air.convert.u.i32.f.f32(float)
declare float @air.convert.f.f32.u.i32(i32)
declare i32 @air.clz.i32(i32, i1)
declare i32 @air.popcount.i32(i32)
declare i32 @air.mul_hi.u.i32(i32, i32)
declare i32 @air.reverse_bits.i32(i32)
declare i64 @air.ctz.i64(i64, i1)
declare i32 @air.min.s.i32(i32, i32)
declare i32 @air.abs.s.i32(i32)

define void @math(float addrspace(1)* %in, float addrspace(1)* %outf, i32 addrspace(1)* %outi, i32 %gid) {
entry:
  %cos = alloca float, align 4
  %g = zext i32 %gid to i64
  %pin = getelementptr inbounds float, float addrspace(1)* %in, i64 %g
  %x = load float, float addrspace(1)* %pin, align 4
  %ax = call float @llvm.fabs.f32(float %x)
  %bits = bitcast float %x to i32
  %f0 = call float @air.fast_sin.f32(float %x)
  %f1 = call float @air.sqrt.f32(float %ax)
  %ax1 = fadd float %ax, 1.0
  %f2 = call float @air.rsqrt.f32(float %ax1)
  %f3 = call float @air.fmin.f32(float %x, float 1.0)
  %f4 = call float @air.sincos.f32(float %x, float* %cos)
  %f5 = load float, float* %cos, align 4
  %x100 = fdiv float %x, 100.0
  %f6 = call float @air.exp2.f32(float %x100)
  %f7 = call float @air.fract.f32(float %x)
  %v0 = insertelement <4 x float> undef, float %x, i32 0
  %nx = fneg float %x
  %v1 = insertelement <4 x float> %v0, float %nx, i32 1
  %x2 = fmul float %x, 2.0
  %v2 = insertelement <4 x float> %v1, float %x2, i32 2
  %x3 = fmul float %x, -3.0
  %v3 = insertelement <4 x float> %v2, float %x3, i32 3
  %va = call <4 x float> @air.fabs.v4f32(<4 x float> %v3)
  %f8 = extractelement <4 x float> %va, i32 1
  %f9 = extractelement <4 x float> %va, i32 3
  %h = fptrunc float %ax to half
  %hs = call half @air.sqrt.f16(half %h)
  %f10 = fpext half %hs to float
  %f11 = call float @air.fma.f32(float %x, float 3.0, float 0.25)
  %f12 = call float @air.fast_cospi.f32(float %x)
  %i0 = call i32 @air.convert.s.i32.f.f32(float %x)
  %i1 = call i32 @air.convert.u.i32.f.f32(float %x)
  %i2 = call i32 @air.clz.i32(i32 %bits, i1 false)
  %i3 = call i32 @air.popcount.i32(i32 %bits)
  %i4 = call i32 @air.mul_hi.u.i32(i32 %bits, i32 -1640531527)
  %i5 = call i32 @air.reverse_bits.i32(i32 %bits)
  %w = zext i32 %bits to i64
  %w7 = shl i64 %w, 7
  %c64 = call i64 @air.ctz.i64(i64 %w7, i1 false)
  %i6 = trunc i64 %c64 to i32
  %fb = call float @air.convert.f.f32.u.i32(i32 %bits)
  %i7 = bitcast float %fb to i32
  %i8 = call i32 @air.min.s.i32(i32 %bits, i32 0)
  %i9 = call i32 @air.abs.s.i32(i32 %bits)
  %bf = mul i64 %g, 13
  %bi = mul i64 %g, 10
)";
  std::string B = Body;
  for (int K = 0; K < 13; ++K) {
    std::string I = std::to_string(K);
    B += "  %qf" + I + " = add i64 %bf, " + I + "\n";
    B += "  %pf" + I +
         " = getelementptr inbounds float, float addrspace(1)* %outf, i64 %qf" +
         I + "\n";
    B += "  store float %f" + I + ", float addrspace(1)* %pf" + I +
         ", align 4\n";
  }
  for (int K = 0; K < 10; ++K) {
    std::string I = std::to_string(K);
    B += "  %qi" + I + " = add i64 %bi, " + I + "\n";
    B += "  %pi" + I +
         " = getelementptr inbounds i32, i32 addrspace(1)* %outi, i64 %qi" + I +
         "\n";
    B += "  store i32 %i" + I + ", i32 addrspace(1)* %pi" + I + ", align 4\n";
  }
  B += "  ret void\n}\ndeclare float @llvm.fabs.f32(float)\n";
  KernelMD K{"void (float addrspace(1)*, float addrspace(1)*, i32 "
             "addrspace(1)*, i32)* @math",
             {bufferArg(0, 0), bufferArg(1, 1), bufferArg(2, 2, 1, "int"),
              builtinArg(3, "air.thread_position_in_grid", "uint")}};
  auto Lib = load(airModule(B, {K}));
  ASSERT_TRUE(Lib);
  Kernel *M = kernel(*Lib, "math");
  ASSERT_TRUE(M);
  const float Nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> In = {0.5f, -1.25f, 3.0f,   1e10f, -1e10f,   Nan,
                           0.0f, 100.5f, -0.75f, 7.25f, 65536.5f, 2.5e9f};
  const unsigned N = In.size();
  float *DIn = upload(In), *OutF = alloc<float>(N * 13);
  int32_t *OutI = alloc<int32_t>(N * 10);
  LaunchConfig C = config({1, 1, 1}, {N, 1, 1});
  bind(C, 0, DIn, N * 4);
  bind(C, 1, OutF, N * 13 * 4);
  bind(C, 2, OutI, N * 10 * 4);
  Status S = M->launch(C);
  ASSERT_TRUE(S) << S.message;

  auto Same = [](float Got, float Want, float RelTol) {
    if (std::isnan(Want))
      return std::isnan(Got);
    if (std::isinf(Want))
      return Got == Want;
    return std::fabs(Got - Want) <= RelTol * std::max(1.0f, std::fabs(Want));
  };
  for (unsigned T = 0; T < N; ++T) {
    float X = In[T], AX = std::fabs(X);
    uint32_t Bits;
    std::memcpy(&Bits, &X, 4);
    double CosPi = std::cos(M_PI * std::fmod(std::fabs(double(X)), 2.0));
    float WantF[13] = {std::sin(X),
                       std::sqrt(AX),
                       1.0f / std::sqrt(AX + 1.0f),
                       std::fmin(X, 1.0f),
                       std::sin(X),
                       std::cos(X),
                       std::exp2(X / 100.0f),
                       std::fmin(X - std::floor(X), 0x1.fffffep-1f),
                       AX,
                       std::fabs(X * -3.0f),
                       float(std::sqrt(double(AX))),
                       std::fma(X, 3.0f, 0.25f),
                       float(CosPi)};
    float Tol[13] = {1e-6f, 0, 1e-6f, 0,     1e-6f, 1e-6f, 1e-6f,
                     0,     0, 0,     2e-3f, 0,     1e-6f};
    if (AX > 65504.0f) // above half's range: the f16 sqrt saw infinity
      WantF[10] = std::numeric_limits<float>::infinity();
    for (int I = 0; I < 13; ++I)
      EXPECT_TRUE(Same(OutF[T * 13 + I], WantF[I], Tol[I]))
          << "float result " << I << " for x = " << X << ": got "
          << OutF[T * 13 + I] << ", want " << WantF[I];

    auto SatS = [](float V) -> int32_t {
      if (std::isnan(V))
        return 0;
      if (V <= -2147483648.0f)
        return INT32_MIN;
      if (V >= 2147483648.0f)
        return INT32_MAX;
      return int32_t(V);
    };
    auto SatU = [](float V) -> uint32_t {
      if (std::isnan(V) || V <= 0)
        return 0;
      if (V >= 4294967296.0f)
        return UINT32_MAX;
      return uint32_t(V);
    };
    uint32_t Rev = 0;
    for (int I = 0; I < 32; ++I)
      Rev |= ((Bits >> I) & 1u) << (31 - I);
    float FB = float(Bits);
    uint32_t FBBits;
    std::memcpy(&FBBits, &FB, 4);
    uint64_t W7 = uint64_t(Bits) << 7;
    int32_t SBits = int32_t(Bits);
    int32_t WantI[10] = {
        SatS(X),
        int32_t(SatU(X)),
        Bits ? __builtin_clz(Bits) : 32,
        __builtin_popcount(Bits),
        int32_t(uint32_t((uint64_t(Bits) * 0x9E3779B9ull) >> 32)),
        int32_t(Rev),
        W7 ? __builtin_ctzll(W7) : 64,
        int32_t(FBBits),
        std::min(SBits, 0),
        int32_t(SBits < 0 ? 0u - uint32_t(SBits) : uint32_t(SBits))};
    for (int I = 0; I < 10; ++I)
      EXPECT_EQ(OutI[T * 10 + I], WantI[I])
          << "integer result " << I << " for x = " << X;
  }
}

//===----------------------------------------------------------------------===//
// Concurrency and launch cost
//===----------------------------------------------------------------------===//

TEST_F(CpuBackendTest, ConcurrentLaunchesOfOneKernel) {
  auto Lib = load(vectorAddModule());
  ASSERT_TRUE(Lib);
  Kernel *Add = kernel(*Lib, "vector_add");
  ASSERT_TRUE(Add);
  const int N = 4096;
  std::atomic<int> Failures{0};
  // Each host thread allocates through the device itself (the fixture's
  // helpers are not thread-safe).
  auto Launcher = [&](int Seed) {
    std::vector<float> A(N), B(N);
    for (int I = 0; I < N; ++I) {
      A[I] = float(I * Seed);
      B[I] = float(Seed);
    }
    auto *DA = static_cast<float *>(Dev->allocate(N * 4));
    auto *DB = static_cast<float *>(Dev->allocate(N * 4));
    auto *DC = static_cast<float *>(Dev->allocate(N * 4));
    auto *P =
        static_cast<VectorAddParams *>(Dev->allocate(sizeof(VectorAddParams)));
    Dev->copy(DA, A.data(), N * 4);
    Dev->copy(DB, B.data(), N * 4);
    *P = {DA, DB, DC, N};
    LaunchConfig C = config({N / 64, 1, 1}, {64, 1, 1});
    bind(C, 0, P, sizeof(VectorAddParams));
    for (int Round = 0; Round < 20; ++Round) {
      Dev->fill(DC, 0, N * 4);
      if (!Add->launch(C))
        ++Failures;
      for (int I = 0; I < N; ++I)
        if (DC[I] != A[I] + B[I])
          ++Failures;
    }
    for (void *X : {(void *)DA, (void *)DB, (void *)DC, (void *)P})
      Dev->release(X);
  };
  std::thread T1(Launcher, 1), T2(Launcher, 3);
  T1.join();
  T2.join();
  EXPECT_EQ(Failures.load(), 0);
}

TEST_F(CpuBackendTest, EmptyLaunchCost) {
  KernelMD K{"void ()* @empty", {}};
  auto Lib = load(airModule("define void @empty() {\n  ret void\n}\n", {K}));
  ASSERT_TRUE(Lib);
  Kernel *E = kernel(*Lib, "empty");
  ASSERT_TRUE(E);
  auto Measure = [&](Dim3 Grid, Dim3 Block, int Reps) {
    LaunchConfig C = config(Grid, Block);
    EXPECT_TRUE(E->launch(C)); // warm up: the pool starts
    auto T0 = std::chrono::steady_clock::now();
    for (int I = 0; I < Reps; ++I)
      if (!E->launch(C))
        ADD_FAILURE() << "launch failed";
    auto T1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::micro>(T1 - T0).count() / Reps;
  };
  double One = Measure({1, 1, 1}, {1, 1, 1}, 20000);
  double Small = Measure({1, 1, 1}, {256, 1, 1}, 5000);
  double Many = Measure({256, 1, 1}, {256, 1, 1}, 500);
  std::cout << "[ timing ] empty launch: " << One << " us (1x1), " << Small
            << " us (1x256), " << Many << " us (256x256)\n";
  RecordProperty("empty_launch_us", std::to_string(One));
  EXPECT_LT(One, 100.0) << "an empty launch should cost microseconds";
}

} // namespace

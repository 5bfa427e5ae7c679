//===- CpuCheckedModeTest.cpp - Checked mode of the cpu backend -----------===//
//
// createCpuDevice(true): out-of-bounds and misaligned accesses to device,
// constant and threadgroup memory, out-of-bounds atomics and memory copies,
// and barrier divergence come back as faults naming the kernel, the thread
// and the address; the faulting access does not happen and the process
// carries on. Correct kernels run unchanged.
//
//===----------------------------------------------------------------------===//

#include "CpuTestSupport.h"

#include <cinttypes>
#include <cstdio>

using namespace cputest;

namespace {

class CheckedTest : public CpuTest {
protected:
  CheckedTest() : CpuTest(/*Checked=*/true) {}
};

std::string hex(const void *P) {
  char Buf[32];
  std::snprintf(Buf, sizeof(Buf), "0x%" PRIxPTR,
                reinterpret_cast<uintptr_t>(P));
  return Buf;
}

// Stores 1.0 to c[gid] for gid < n (n from a constant buffer).
const char *const StoreBody = R"(
define void @store_all(float addrspace(1)* %c, i32 addrspace(2)* %np, i32 %gid) {
entry:
  %n = load i32, i32 addrspace(2)* %np, align 4
  %in = icmp ult i32 %gid, %n
  br i1 %in, label %body, label %ret
body:
  %g = zext i32 %gid to i64
  %p = getelementptr inbounds float, float addrspace(1)* %c, i64 %g
  store float 1.0, float addrspace(1)* %p, align 4
  br label %ret
ret:
  ret void
}
)";

std::string storeModule() {
  return airModule(StoreBody,
                   {{"void (float addrspace(1)*, i32 addrspace(2)*, i32)* "
                     "@store_all",
                     {bufferArg(0, 0), bufferArg(1, 1, 2, "uint"),
                      builtinArg(2, "air.thread_position_in_grid", "uint")}}});
}

TEST_F(CheckedTest, OutOfBoundsStoreNamesKernelThreadAndAddress) {
  auto Lib = load(storeModule());
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "store_all");
  ASSERT_TRUE(K);
  float *C = alloc<float>(97); // 388 bytes, inside a 512-byte block
  C[97] = -1.0f;               // past the allocation, but mapped: a sentinel
  int32_t *N = upload(std::vector<int32_t>{98});
  LaunchConfig Cfg = config({2, 1, 1}, {64, 1, 1});
  bind(Cfg, 0, C, 97 * 4);
  bind(Cfg, 1, N, 4);
  Status S = K->launch(Cfg);
  EXPECT_EQ(S.fault, Fault::IllegalAddress);
  EXPECT_EQ(S.message,
            "kernel 'store_all': out-of-bounds store of 4 bytes at " +
                hex(C + 97) + " by thread (33,0,0) of block (1,0,0)");
  EXPECT_EQ(C[97], -1.0f) << "the faulting store happened";

  // The process and the device carry on.
  *N = 97;
  S = K->launch(Cfg);
  ASSERT_TRUE(S) << S.message;
  for (int I = 0; I < 97; ++I)
    ASSERT_EQ(C[I], 1.0f) << I;
  EXPECT_EQ(C[97], -1.0f);
}

TEST_F(CheckedTest, UnboundHostMemoryIsOutOfBounds) {
  auto Lib = load(storeModule());
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "store_all");
  ASSERT_TRUE(K);
  std::vector<float> Host(64, 0.0f); // not device memory, not bound
  int32_t *N = upload(std::vector<int32_t>{64});
  LaunchConfig Cfg = config({1, 1, 1}, {64, 1, 1});
  Cfg.buffers[0].data = Host.data(); // bound with no length
  bind(Cfg, 1, N, 4);
  Status S = K->launch(Cfg);
  EXPECT_EQ(S.fault, Fault::IllegalAddress);
  EXPECT_NE(S.message.find("by thread (0,0,0) of block (0,0,0)"),
            std::string::npos)
      << S.message;
  EXPECT_EQ(Host[0], 0.0f);
}

TEST_F(CheckedTest, MisalignedLoad) {
  const char *Body = R"(
define void @misaligned(i8 addrspace(1)* %buf, i32 addrspace(1)* %out, i32 %gid) {
entry:
  %off = add i32 %gid, 2
  %o = zext i32 %off to i64
  %p8 = getelementptr inbounds i8, i8 addrspace(1)* %buf, i64 %o
  %p = bitcast i8 addrspace(1)* %p8 to i32 addrspace(1)*
  %v = load i32, i32 addrspace(1)* %p, align 4
  store i32 %v, i32 addrspace(1)* %out, align 4
  ret void
}
)";
  auto Lib = load(airModule(
      Body, {{"void (i8 addrspace(1)*, i32 addrspace(1)*, i32)* @misaligned",
              {bufferArg(0, 0, 1, "uchar", 1), bufferArg(1, 1, 1, "uint"),
               builtinArg(2, "air.thread_position_in_grid", "uint")}}}));
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "misaligned");
  ASSERT_TRUE(K);
  uint8_t *Buf = alloc<uint8_t>(64);
  int32_t *Out = alloc<int32_t>(1);
  LaunchConfig Cfg = config({1, 1, 1}, {1, 1, 1});
  bind(Cfg, 0, Buf, 64);
  bind(Cfg, 1, Out, 4);
  Status S = K->launch(Cfg);
  EXPECT_EQ(S.fault, Fault::MisalignedAddress);
  EXPECT_EQ(S.message, "kernel 'misaligned': misaligned load of 4 bytes at " +
                           hex(Buf + 2) +
                           " by thread (0,0,0) of block (0,0,0)");
}

TEST_F(CheckedTest, ThreadgroupOutOfBounds) {
  const char *Body = R"(
@s = internal addrspace(3) global [64 x float] undef, align 4
define void @tg_oob(i32 %tid) {
entry:
  %n = add i32 %tid, 1
  %i = zext i32 %n to i64
  %p = getelementptr inbounds [64 x float], [64 x float] addrspace(3)* @s, i64 0, i64 %i
  store float 2.0, float addrspace(3)* %p, align 4
  ret void
}
)";
  auto Lib = load(airModule(
      Body, {{"void (i32)* @tg_oob",
              {builtinArg(0, "air.thread_index_in_threadgroup", "uint")}}}));
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "tg_oob");
  ASSERT_TRUE(K);
  EXPECT_EQ(K->staticThreadgroupBytes(), 256u);
  Status S = K->launch(config({3, 1, 1}, {64, 1, 1}));
  EXPECT_EQ(S.fault, Fault::IllegalAddress);
  EXPECT_NE(S.message.find("kernel 'tg_oob': out-of-bounds store of 4 bytes"),
            std::string::npos)
      << S.message;
  EXPECT_NE(S.message.find("by thread (63,0,0) of block"), std::string::npos)
      << S.message;
}

TEST_F(CheckedTest, OutOfBoundsAtomicAndMemcpy) {
  const char *Body = R"(
declare i32 @air.atomic.global.add.u.i32(i32 addrspace(1)*, i32, i32, i32, i1)
declare void @llvm.memcpy.p1i8.p1i8.i64(i8 addrspace(1)*, i8 addrspace(1)*, i64, i1)

define void @atomic_oob(i32 addrspace(1)* %c, i32 %gid) {
entry:
  %g = zext i32 %gid to i64
  %p = getelementptr inbounds i32, i32 addrspace(1)* %c, i64 %g
  %old = call i32 @air.atomic.global.add.u.i32(i32 addrspace(1)* %p, i32 1, i32 0, i32 2, i1 true)
  ret void
}

define void @copy_oob(i8 addrspace(1)* %dst, i8 addrspace(1)* %src) {
entry:
  call void @llvm.memcpy.p1i8.p1i8.i64(i8 addrspace(1)* %dst, i8 addrspace(1)* %src, i64 64, i1 false)
  ret void
}
)";
  auto Lib = load(airModule(
      Body,
      {{"void (i32 addrspace(1)*, i32)* @atomic_oob",
        {bufferArg(0, 0, 1, "uint"),
         builtinArg(1, "air.thread_position_in_grid", "uint")}},
       {"void (i8 addrspace(1)*, i8 addrspace(1)*)* @copy_oob",
        {bufferArg(0, 0, 1, "uchar", 1), bufferArg(1, 1, 1, "uchar", 1)}}}));
  ASSERT_TRUE(Lib);
  Kernel *A = kernel(*Lib, "atomic_oob");
  Kernel *M = kernel(*Lib, "copy_oob");
  ASSERT_TRUE(A && M);

  int32_t *C = alloc<int32_t>(16);
  LaunchConfig Cfg = config({1, 1, 1}, {32, 1, 1});
  bind(Cfg, 0, C, 16 * 4);
  Status S = A->launch(Cfg);
  EXPECT_EQ(S.fault, Fault::IllegalAddress);
  EXPECT_EQ(S.message,
            "kernel 'atomic_oob': out-of-bounds atomic access of 4 bytes at " +
                hex(C + 16) + " by thread (16,0,0) of block (0,0,0)");
  for (int I = 0; I < 16; ++I)
    EXPECT_EQ(C[I], 1) << I;

  uint8_t *Dst = alloc<uint8_t>(64), *Src = alloc<uint8_t>(32);
  LaunchConfig MC = config({1, 1, 1}, {1, 1, 1});
  bind(MC, 0, Dst, 64);
  bind(MC, 1, Src, 32);
  S = M->launch(MC);
  EXPECT_EQ(S.fault, Fault::IllegalAddress);
  EXPECT_EQ(S.message, "kernel 'copy_oob': out-of-bounds memory copy of 64 "
                       "bytes at " +
                           hex(Src) + " by thread (0,0,0) of block (0,0,0)");
}

TEST_F(CheckedTest, BarrierDivergence) {
  const char *Body = R"(
declare void @air.wg.barrier(i32, i32) #1
define void @diverge(i32 addrspace(1)* %out, i32 %tid) #0 {
entry:
  %five = icmp eq i32 %tid, 5
  br i1 %five, label %ret, label %body
body:
  call void @air.wg.barrier(i32 2, i32 1)
  %t = zext i32 %tid to i64
  %p = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %t
  store i32 1, i32 addrspace(1)* %p, align 4
  br label %ret
ret:
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  std::string IR = airModule(
      Body, {{"void (i32 addrspace(1)*, i32)* @diverge",
              {bufferArg(0, 0, 1, "uint"),
               builtinArg(1, "air.thread_index_in_threadgroup", "uint")}}});
  auto Lib = load(IR);
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "diverge");
  ASSERT_TRUE(K);
  int32_t *Out = alloc<int32_t>(32);
  LaunchConfig Cfg = config({1, 1, 1}, {32, 1, 1});
  bind(Cfg, 0, Out, 32 * 4);
  Status S = K->launch(Cfg);
  EXPECT_EQ(S.fault, Fault::BarrierDivergence);
  EXPECT_NE(S.message.find("kernel 'diverge': barrier divergence in block "
                           "(0,0,0): thread (5,0,0) returned"),
            std::string::npos)
      << S.message;

  // Unchecked, the thread that returned simply does not count.
  auto Plain = createCpuDevice(false);
  std::vector<uint8_t> Bytes = packMetallib(IR);
  Status Err;
  auto PlainLib = Plain->loadLibrary(Bytes.data(), Bytes.size(), Err);
  ASSERT_TRUE(PlainLib) << Err.message;
  Kernel *PK = PlainLib->getKernel("diverge", Err);
  ASSERT_TRUE(PK) << Err.message;
  Dev->fill(Out, 0, 32 * 4);
  S = PK->launch(Cfg);
  ASSERT_TRUE(S) << S.message;
  for (int T = 0; T < 32; ++T)
    EXPECT_EQ(Out[T], T == 5 ? 0 : 1) << T;
}

// Constant tables, threadgroup memory and device buffers in bounds: no
// false positives.
TEST_F(CheckedTest, CorrectKernelsRunUnchanged) {
  const char *Body = R"(
@table = internal addrspace(2) constant [4 x i32] [i32 10, i32 20, i32 30, i32 40], align 4
@s = internal addrspace(3) global [64 x i32] undef, align 4
declare void @air.wg.barrier(i32, i32) #1

define void @lookup(i32 addrspace(1)* %out, i32 addrspace(3)* %dyn, i32 %gid, i32 %tid) #0 {
entry:
  %i = and i32 %gid, 3
  %i64 = zext i32 %i to i64
  %p = getelementptr inbounds [4 x i32], [4 x i32] addrspace(2)* @table, i64 0, i64 %i64
  %v = load i32, i32 addrspace(2)* %p, align 4
  %t = zext i32 %tid to i64
  %sp = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %t
  store i32 %v, i32 addrspace(3)* %sp, align 4
  %dp = getelementptr inbounds i32, i32 addrspace(3)* %dyn, i64 %t
  store i32 %tid, i32 addrspace(3)* %dp, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %r = xor i32 %tid, 63
  %r64 = zext i32 %r to i64
  %rp = getelementptr inbounds [64 x i32], [64 x i32] addrspace(3)* @s, i64 0, i64 %r64
  %w = load i32, i32 addrspace(3)* %rp, align 4
  %dq = getelementptr inbounds i32, i32 addrspace(3)* %dyn, i64 %r64
  %d = load i32, i32 addrspace(3)* %dq, align 4
  %sum = add i32 %w, %d
  %g = zext i32 %gid to i64
  %op = getelementptr inbounds i32, i32 addrspace(1)* %out, i64 %g
  store i32 %sum, i32 addrspace(1)* %op, align 4
  ret void
}
attributes #0 = { convergent nounwind }
attributes #1 = { convergent nounwind }
)";
  auto Lib = load(airModule(
      Body, {{"void (i32 addrspace(1)*, i32 addrspace(3)*, i32, i32)* @lookup",
              {bufferArg(0, 0, 1, "uint"), threadgroupArg(1, 0, "uint"),
               builtinArg(2, "air.thread_position_in_grid", "uint"),
               builtinArg(3, "air.thread_index_in_threadgroup", "uint")}}}));
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "lookup");
  ASSERT_TRUE(K);
  const unsigned Groups = 8, Block = 64;
  int32_t *Out = alloc<int32_t>(Groups * Block);
  LaunchConfig Cfg = config({Groups, 1, 1}, {Block, 1, 1});
  bind(Cfg, 0, Out, Groups * Block * 4);
  Cfg.threadgroupLengths[0] = Block * 4;
  Status S = K->launch(Cfg);
  ASSERT_TRUE(S) << S.message;
  for (unsigned G = 0; G < Groups * Block; ++G) {
    unsigned T = G % Block, R = T ^ 63;
    EXPECT_EQ(Out[G], int32_t((R & 3) + 1) * 10 + int32_t(R)) << G;
  }
}

} // namespace

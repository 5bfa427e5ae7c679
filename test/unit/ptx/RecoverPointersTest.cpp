//===- test/unit/ptx/RecoverPointersTest.cpp - Pointer recovery tests -----===//
//
// RecoverPointers on the integer address shapes the lifter produces from
// nvcc's PTX: kernel arguments used as addresses, cvta casts, loop
// induction on addresses, pointers loaded from and stored to memory,
// selects, 32-bit shared-memory addresses, device function arguments, and
// the addresses whose pointer cannot be known (errors). Each case checks
// that no inttoptr is left, that the module is valid, and the shape.
//
//===----------------------------------------------------------------------===//

#include "ptx/RecoverPointers.h"
#include "ptx/Diagnostics.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace llvm;
using namespace cumetal::ptx;

namespace {

struct Result {
  std::unique_ptr<Module> M;
  bool OK = false;
  std::vector<std::string> Errors;
  std::string Text;

  unsigned count(unsigned Opcode) const {
    unsigned N = 0;
    for (Function &F : *M)
      for (Instruction &I : instructions(F))
        N += I.getOpcode() == Opcode;
    return N;
  }
  Function *fn(StringRef Name) const { return M->getFunction(Name); }
};

const char *Prefix = "target datalayout = "
                     "\"e-i64:64-i128:128-v16:16-v32:32-n16:32:64\"\n"
                     "target triple = \"nvptx64-nvidia-cuda\"\n";

Result recover(StringRef IR, LLVMContext &Ctx) {
  Result R;
  SMDiagnostic Err;
  R.M = parseAssemblyString((Twine(Prefix) + IR).str(), Err, Ctx);
  EXPECT_TRUE(R.M) << Err.getMessage().str();
  if (!R.M)
    return R;
  SourceMgr SM;
  SM.AddNewSourceBuffer(MemoryBuffer::getMemBuffer("x\n", "test.ptx"), SMLoc());
  Diagnostics Diags(SM);
  R.OK = recoverPointers(*R.M, Diags);
  for (const Diagnostic &D : Diags.diagnostics())
    R.Errors.push_back(D.Message);
  std::string Broken;
  raw_string_ostream BOS(Broken);
  EXPECT_FALSE(verifyModule(*R.M, &BOS)) << BOS.str();
  raw_string_ostream OS(R.Text);
  R.M->print(OS, nullptr);
  return R;
}

TEST(RecoverPointers, KernelArgumentPlusOffset) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i64 %out, i32 %i) {
  %g = inttoptr i64 %out to i8*
  %gg = addrspacecast i8* %g to i8 addrspace(1)*
  %gi = ptrtoint i8 addrspace(1)* %gg to i64
  %w = sext i32 %i to i64
  %o = mul i64 %w, 4
  %a = add i64 %gi, %o
  %p = inttoptr i64 %a to i32 addrspace(1)*
  store i32 7, i32 addrspace(1)* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK);
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  // The argument became a generic pointer, as Clang's kernel pointers are.
  EXPECT_TRUE(R.fn("k")->getArg(0)->getType()->isPointerTy()) << R.Text;
  EXPECT_EQ(R.count(Instruction::GetElementPtr), 1u) << R.Text;
  EXPECT_EQ(R.count(Instruction::AddrSpaceCast), 1u) << R.Text;
}

TEST(RecoverPointers, LoopInductionOnAddresses) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i64 %base, i32 %n) {
entry:
  br label %loop
loop:
  %a = phi i64 [ %base, %entry ], [ %next, %loop ]
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = inttoptr i64 %a to float*
  store float 1.0, float* %p
  %next = add i64 %a, 4
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK);
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  bool PointerPhi = false;
  for (Instruction &I : instructions(*R.fn("k")))
    if (auto *Phi = dyn_cast<PHINode>(&I))
      PointerPhi |= Phi->getType()->isPointerTy();
  EXPECT_TRUE(PointerPhi) << R.Text;
}

TEST(RecoverPointers, PointerLoadedFromMemory) {
  LLVMContext Ctx;
  // out[0] = *(int *)table[i]: table holds device pointers.
  Result R = recover(R"(
define void @k(i64 %table, i64 %out) {
  %t = inttoptr i64 %table to i64*
  %q = load i64, i64* %t
  %p = inttoptr i64 %q to i32*
  %v = load i32, i32* %p
  %o = inttoptr i64 %out to i32*
  store i32 %v, i32* %o
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK);
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  EXPECT_NE(R.Text.find("load i8*, i8**"), std::string::npos) << R.Text;
}

TEST(RecoverPointers, StoredAddressStoresThePointer) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i64 %slot, i64 %buf) {
  %a = add i64 %buf, 16
  %s = inttoptr i64 %slot to i64*
  store i64 %a, i64* %s
  %p = inttoptr i64 %a to i8*
  store i8 1, i8* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK);
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  EXPECT_NE(R.Text.find("store i8* "), std::string::npos) << R.Text;
}

TEST(RecoverPointers, SelectOfAddresses) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i64 %a, i64 %b, i1 %c) {
  %s = select i1 %c, i64 %a, i64 %b
  %p = inttoptr i64 %s to i32*
  store i32 0, i32* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK);
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
}

TEST(RecoverPointers, SharedAddressIn32Bits) {
  LLVMContext Ctx;
  // mov.u32 %r1, smem; shl; add; ld.shared.f32 [%r3]
  Result R = recover(R"(
@smem = internal addrspace(3) global [64 x float] undef
define void @k(i32 %i) {
  %w = shl i32 %i, 2
  %b = add i32 ptrtoint ([64 x float] addrspace(3)* @smem to i32), %w
  %p = inttoptr i32 %b to float addrspace(3)*
  store float 0.0, float addrspace(3)* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK) << R.Text;
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  EXPECT_EQ(R.count(Instruction::AddrSpaceCast), 0u) << R.Text;
}

TEST(RecoverPointers, DeviceFunctionArgument) {
  LLVMContext Ctx;
  // A recursive device function (not inlined) takes an address.
  Result R = recover(R"(
define internal void @f(i64 %p, i32 %n) {
entry:
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %more
more:
  %q = inttoptr i64 %p to i32*
  store i32 %n, i32* %q
  %p1 = add i64 %p, 4
  %n1 = sub i32 %n, 1
  call void @f(i64 %p1, i32 %n1)
  br label %done
done:
  ret void
}
define void @k(i64 %out) {
  call void @f(i64 %out, i32 4)
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK) << R.Text;
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  EXPECT_TRUE(R.fn("f")->getArg(0)->getType()->isPointerTy()) << R.Text;
  EXPECT_TRUE(R.fn("k")->getArg(0)->getType()->isPointerTy()) << R.Text;
}

TEST(RecoverPointers, PointerCopiedAsTwoWords) {
  LLVMContext Ctx;
  // -O0 copies a struct holding a pointer with 32-bit loads; the halves
  // are joined again where the pointer is used.
  Result R = recover(R"(
define void @k(i64 %structs) {
  %lo.p = inttoptr i64 %structs to i32*
  %hi.a = add i64 %structs, 4
  %hi.p = inttoptr i64 %hi.a to i32*
  %lo = load i32, i32* %lo.p
  %hi = load i32, i32* %hi.p
  %lo.w = zext i32 %lo to i64
  %hi.w = zext i32 %hi to i64
  %hi.s = shl i64 %hi.w, 32
  %q = or i64 %hi.s, %lo.w
  %p = inttoptr i64 %q to float*
  store float 0.0, float* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK) << R.Text;
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
  EXPECT_NE(R.Text.find("load i8*, i8**"), std::string::npos) << R.Text;
}

TEST(RecoverPointers, WordsWithAStoreBetweenAreNotAPointer) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i64 %structs) {
  %lo.p = inttoptr i64 %structs to i32*
  %hi.a = add i64 %structs, 4
  %hi.p = inttoptr i64 %hi.a to i32*
  %lo = load i32, i32* %lo.p
  store i32 0, i32* %hi.p
  %hi = load i32, i32* %hi.p
  %lo.w = zext i32 %lo to i64
  %hi.w = zext i32 %hi to i64
  %hi.s = shl i64 %hi.w, 32
  %q = or i64 %hi.s, %lo.w
  %p = inttoptr i64 %q to float*
  store float 0.0, float* %p
  ret void
}
)",
                     Ctx);
  EXPECT_FALSE(R.OK);
}

TEST(RecoverPointers, NegatedIntegerIsNotAnAddress) {
  LLVMContext Ctx;
  // abs/neg of a loaded i64 (0 - x) is data, not null plus an offset.
  Result R = recover(R"(
define void @k(i64 %in) {
  %p = inttoptr i64 %in to i64*
  %v = load i64, i64* %p
  %n = sub i64 0, %v
  store i64 %n, i64* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK) << R.Text;
  EXPECT_EQ(R.Text.find("null"), std::string::npos) << R.Text;
  EXPECT_NE(R.Text.find("store i64 %n"), std::string::npos) << R.Text;
}

TEST(RecoverPointers, NullAddress) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i64 %a, i1 %c) {
  %s = select i1 %c, i64 %a, i64 0
  %p = inttoptr i64 %s to i32*
  store i32 0, i32* %p
  ret void
}
)",
                     Ctx);
  ASSERT_TRUE(R.OK) << R.Text;
  EXPECT_EQ(R.count(Instruction::IntToPtr), 0u) << R.Text;
}

TEST(RecoverPointers, ConstantAddressIsAnError) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k() {
  %p = inttoptr i64 4096 to i32*
  store i32 0, i32* %p
  ret void
}
)",
                     Ctx);
  EXPECT_FALSE(R.OK);
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0], "cannot recover the pointer of this address: the "
                         "address is the constant 4096");
}

TEST(RecoverPointers, ComputedAddressIsAnError) {
  LLVMContext Ctx;
  Result R = recover(R"(
define void @k(i32 %x) {
  %w = zext i32 %x to i64
  %a = mul i64 %w, 4096
  %p = inttoptr i64 %a to i32*
  store i32 0, i32* %p
  ret void
}
)",
                     Ctx);
  EXPECT_FALSE(R.OK);
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0], "cannot recover the pointer of this address: the "
                         "address comes from a 'mul' instruction");
}

TEST(RecoverPointers, MixedAddressSpacesAreAnError) {
  LLVMContext Ctx;
  Result R = recover(R"(
@smem = internal addrspace(3) global [4 x i32] undef
define void @k() {
  %a = ptrtoint [4 x i32] addrspace(3)* @smem to i64
  %p = inttoptr i64 %a to i32 addrspace(1)*
  store i32 0, i32 addrspace(1)* %p
  ret void
}
)",
                     Ctx);
  EXPECT_FALSE(R.OK);
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0], "cannot recover the pointer of this address: the "
                         "address is in address space 3 but used in address "
                         "space 1");
}

} // namespace

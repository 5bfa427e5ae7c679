//===- test/unit/ptx/CheckerTest.cpp - PTX semantic check tests -----------===//
//
// Every diagnostic of the checker, with its exact message and line:col,
// and the cases the ISA allows that must not be reported (bit-size types,
// signed/unsigned, the relaxed ld/st/cvt rules, shadowing, forward
// branches).
//
//===----------------------------------------------------------------------===//

#include "PtxTestSupport.h"

#include <gtest/gtest.h>

using namespace cumetal::ptx;
using namespace cumetal::ptx::test;

namespace {

using Msgs = std::vector<std::string>;

Msgs check(const std::string &Body) { return parse(kernel(Body)).messages(); }
Msgs checkAll(const std::string &Body) {
  return parse(kernel(Body)).messages(/*All=*/true);
}
Msgs checkModule(const std::string &Text) {
  return parse(Text).messages(/*All=*/true);
}

const char *Header = ".version 9.0\n.target sm_80\n.address_size 64\n";

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

TEST(PtxChecker, UndefinedRegister) {
  EXPECT_EQ(check("  add.s32 %r1, %r2, %q9;\n"),
            Msgs{"10:21: use of undefined register '%q9'"});
}

TEST(PtxChecker, RegisterOutsideItsRange) {
  EXPECT_EQ(checkAll("  mov.u32 %r10, 0;\n"),
            (Msgs{"10:11: error: use of undefined register '%r10'",
                  "7:13: note: '%r<10>' declares %r0 to %r9"}));
  EXPECT_EQ(check("  mov.u32 %r9, 0;\n  mov.u32 %r0, 0;\n"), Msgs{});
  EXPECT_EQ(check("  mov.u32 %r01, 0;\n"),
            Msgs{"10:11: use of undefined register '%r01'"});
}

TEST(PtxChecker, UndefinedLabelVariableAndFunction) {
  EXPECT_EQ(check("  bra $L__BB0_9;\n"),
            Msgs{"10:7: use of undefined label '$L__BB0_9'"});
  EXPECT_EQ(check("  ld.global.u32 %r1, [nosuch+4];\n"),
            Msgs{"10:23: use of undefined identifier 'nosuch'"});
  EXPECT_EQ(check("  call.uni nofunc, ();\n"),
            Msgs{"10:12: use of undefined identifier 'nofunc'"});
  EXPECT_EQ(check("  @%p9 bra $L;\n$L:\n"),
            Msgs{"10:4: use of undefined register '%p9'"});
}

TEST(PtxChecker, Redefinitions) {
  EXPECT_EQ(checkAll("  .reg .b32 %r3;\n"),
            (Msgs{"10:13: error: redefinition of '%r3'",
                  "7:13: note: previous definition is here"}));
  EXPECT_EQ(checkAll("  .reg .b32 x;\n  .reg .f32 x;\n"),
            (Msgs{"11:13: error: redefinition of 'x'",
                  "10:13: note: previous definition is here"}));
  EXPECT_EQ(checkAll("  .reg .b32 %r<4>;\n"),
            (Msgs{"10:13: error: redefinition of '%r'",
                  "7:13: note: previous definition is here"}));
  EXPECT_EQ(checkAll("$L1:\n  ret;\n$L1:\n"),
            (Msgs{"12:1: error: redefinition of '$L1'",
                  "10:1: note: previous definition is here"}));
  EXPECT_EQ(checkModule(std::string(Header) + ".func f()\n{\n  ret;\n}\n"
                                              ".func f()\n{\n  ret;\n}\n"),
            (Msgs{"8:7: error: redefinition of function 'f'",
                  "4:7: note: previous definition is here"}));
  EXPECT_EQ(
      checkModule(std::string(Header) + ".global .u32 g;\n.global .f32 g;\n"),
      (Msgs{"5:14: error: redefinition of 'g'",
            "4:14: note: previous definition is here"}));
  EXPECT_EQ(checkModule(std::string(Header) + ".global .u32 f;\n.func f();\n"),
            (Msgs{"5:7: error: redefinition of 'f'",
                  "4:14: note: previous definition is here"}));
}

TEST(PtxChecker, AllowedRedeclarations) {
  // A declaration then the definition; repeated .extern declarations.
  EXPECT_EQ(checkModule(std::string(Header) +
                        ".func f(.param .b32 a);\n"
                        ".func f(.param .b32 a)\n{\n  ret;\n}\n"
                        ".extern .shared .align 4 .b8 s[];\n"
                        ".extern .shared .align 4 .b8 s[];\n"
                        ".extern .global .u32 g;\n.global .u32 g;\n"),
            Msgs{});
  // Inner scopes shadow outer names; sibling blocks reuse names.
  EXPECT_EQ(check("  { .reg .b32 %r1; mov.u32 %r1, 1; }\n"
                  "  { .param .b64 param0; }\n"
                  "  { .param .b64 param0; }\n"),
            Msgs{});
}

TEST(PtxChecker, LabelsAreVisibleForwardAndFromInnerBlocks) {
  EXPECT_EQ(check("  bra.uni $L__BB0_2;\n"
                  "  { @%p1 bra $L__BB0_2; }\n"
                  "$L__BB0_2:\n"
                  "  ret;\n"),
            Msgs{});
  // A label inside a block is not visible outside it.
  EXPECT_EQ(check("  bra $Inner;\n  { $Inner: ret; }\n"),
            Msgs{"10:7: use of undefined label '$Inner'"});
}

//===----------------------------------------------------------------------===//
// Operand counts and kinds
//===----------------------------------------------------------------------===//

TEST(PtxChecker, WrongOperandCount) {
  EXPECT_EQ(check("  add.s32 %r1, %r2;\n"),
            Msgs{"10:3: wrong number of operands for 'add.s32': expected 3, "
                 "got 2"});
  EXPECT_EQ(check("  ret %r1;\n"),
            Msgs{"10:3: wrong number of operands for 'ret': expected 0, "
                 "got 1"});
  EXPECT_EQ(check("  setp.eq.s32 %p1;\n"),
            Msgs{"10:3: wrong number of operands for 'setp.eq.s32': "
                 "expected 3 to 4, got 1"});
  EXPECT_EQ(check("  mad.lo.s32 %r1, %r2, %r3;\n"),
            Msgs{"10:3: wrong number of operands for 'mad.lo.s32': "
                 "expected 4, got 3"});
}

TEST(PtxChecker, PredicatesAddressesAndLabels) {
  EXPECT_EQ(check("  @%r1 bra $L;\n$L:\n"),
            Msgs{"10:4: guard '%r1' is not a predicate register"});
  EXPECT_EQ(check("  selp.b32 %r1, %r2, %r3, %r4;\n"),
            Msgs{"10:27: type mismatch: '%r4' has type .b32, but operand 4 "
                 "of 'selp.b32' must be a .pred"});
  EXPECT_EQ(check("  ld.global.u32 %r1, %rd1;\n"),
            Msgs{"10:22: operand 2 of 'ld.global.u32' must be an address in "
                 "brackets"});
  EXPECT_EQ(check("  ld.global.u32 %r1, [%f1];\n"),
            Msgs{"10:23: address register '%f1' has type .f32; an address "
                 "needs a 32- or 64-bit integer register"});
  EXPECT_EQ(check("  bra %r1;\n"), Msgs{"10:7: '%r1' is not a label"});
  EXPECT_EQ(check("  mov.u64 %rd1, $L;\n$L:\n  ret;\n"),
            Msgs{"10:17: label '$L' cannot be used as a value"});
  EXPECT_EQ(check("  bra 4;\n"),
            Msgs{"10:7: operand 1 of 'bra' must be a label"});
  EXPECT_EQ(check("  setp.lt.s32 %p1|%r1, %r2, %r3;\n"),
            Msgs{"10:19: '%r1' after '|' must be a predicate register"});
}

TEST(PtxChecker, SpecialRegistersAndSelectors) {
  EXPECT_EQ(check("  mov.u32 %r1, %ntid;\n"),
            Msgs{"10:16: special register '%ntid' needs a component (.x, .y "
                 "or .z)"});
  EXPECT_EQ(check("  mov.u32 %r1, %laneid.x;\n"),
            Msgs{"10:16: special register '%laneid' has no components"});
  EXPECT_EQ(check("  mov.u32 %r1, %ctaid.q;\n"),
            Msgs{"10:16: unknown component '.q' of special register "
                 "'%ctaid'"});
  EXPECT_EQ(check("  mov.u32 %r1, %r2.x;\n"),
            Msgs{"10:16: '%r2' is not a vector register; '.x' selects a "
                 "vector component"});
  EXPECT_EQ(check("  mov.u32 %r1, %r2.b0;\n"),
            Msgs{"10:16: byte and half-word selectors such as '.b0' are only "
                 "allowed in video instructions"});
  EXPECT_EQ(check("  .reg .v2 .u32 %v;\n  mov.u32 %r1, %v.y;\n"
                  "  mov.u64 %rd1, %v.x;\n"),
            Msgs{"12:17: type mismatch: '%v' has type .u32, but operand 2 of "
                 "'mov.u64' is .u64"});
  EXPECT_EQ(check("  mov.u64 %rd1, %clock64;\n  mov.u32 %r1, %clock64;\n"),
            Msgs{"11:16: type mismatch: '%clock64' has type .u64, but "
                 "operand 2 of 'mov.u32' is .u32"});
}

//===----------------------------------------------------------------------===//
// Types (PTX ISA 9.4, 9.4.1)
//===----------------------------------------------------------------------===//

TEST(PtxChecker, StrictTypeRules) {
  EXPECT_EQ(check("  add.s32 %r1, %rd1, 1;\n"),
            Msgs{"10:16: type mismatch: '%rd1' has type .b64, but operand 2 "
                 "of 'add.s32' is .s32"});
  EXPECT_EQ(check("  .reg .u32 %u;\n  add.f32 %f1, %u, %f2;\n"),
            Msgs{"11:16: type mismatch: '%u' has type .u32, but operand 2 of "
                 "'add.f32' is .f32"});
  EXPECT_EQ(check("  .reg .f64 %d;\n  mov.f32 %f1, %d;\n"),
            Msgs{"11:16: type mismatch: '%d' has type .f64, but operand 2 of "
                 "'mov.f32' is .f32"});
  EXPECT_EQ(check("  .reg .f32 %x;\n  add.s32 %r1, %x, 1;\n"),
            Msgs{"11:16: type mismatch: '%x' has type .f32, but operand 2 of "
                 "'add.s32' is .s32"});
  EXPECT_EQ(check("  mul.wide.s32 %r1, %r2, %r3;\n"),
            Msgs{"10:16: type mismatch: '%r1' has type .b32, but operand 1 "
                 "of 'mul.wide.s32' is .s64"});
  EXPECT_EQ(check("  shl.b64 %rd1, %rd2, %rd3;\n"),
            Msgs{"10:23: type mismatch: '%rd3' has type .b64, but operand 3 "
                 "of 'shl.b64' is a 32-bit integer"});
  EXPECT_EQ(check("  atom.global.cas.b32 %r1, [%rd1], %r2, %rd3;\n"),
            Msgs{"10:41: type mismatch: '%rd3' has type .b64, but operand 4 "
                 "of 'atom.global.cas.b32' is .b32"});
  EXPECT_EQ(check("  and.pred %p1, %p2, %r1;\n"),
            Msgs{"10:22: type mismatch: '%r1' has type .b32, but operand 3 "
                 "of 'and.pred' is .pred"});
}

TEST(PtxChecker, StrictTypeRulesAllow) {
  EXPECT_EQ(check("  .reg .u32 %u;\n  .reg .s32 %s;\n  .reg .b16 %h;\n"
                  "  add.s32 %r1, %u, %s;\n" // signed/unsigned mix
                  "  mov.b32 %r1, %f1;\n"    // bit type, any 32 bits
                  "  mov.f32 %f1, %r1;\n"    // float from .b32
                  "  add.f32 %f1, %r1, %f2;\n"
                  "  mul.wide.u16 %r1, %h, %h;\n" // .u32 result in .b32
                  "  mad.wide.s32 %rd1, %r1, %r2, %rd2;\n"
                  "  setp.eq.f16 %p1, %h, %h;\n"
                  "  shr.u64 %rd1, %rd2, %r1;\n"
                  "  popc.b64 %r1, %rd1;\n"
                  "  cvta.to.global.u64 %rd1, %rd2;\n"
                  "  mov.u32 %r1, %tid.y;\n"
                  "  mov.u16 %h, %tid.x;\n" // legacy 16-bit read
                  "  elect.sync _|%p1, -1;\n"
                  "  atom.global.cas.b32 %r1, [%rd1], %r2, %r3;\n"
                  "  atom.global.add.L2::cache_hint.u32 %r1, [%rd1], %r2, "
                  "%rd3;\n"
                  "  mov.b32 %r1, %lanemask_lt;\n"),
            Msgs{});
}

TEST(PtxChecker, RelaxedLoadStoreAndConvertRules) {
  EXPECT_EQ(check("  .reg .b16 %h;\n  .reg .f64 %d;\n"
                  "  ld.global.u8 %r1, [%rd1];\n" // wider int destination
                  "  ld.global.s8 %h, [%rd1];\n"
                  "  ld.global.f32 %rd2, [%rd1];\n" // wider bit destination
                  "  st.global.u16 [%rd1], %r1;\n"  // wider source
                  "  st.global.b16 [%rd1], %f1;\n"  // float source, bit type
                  "  cvt.u32.u16 %r1, %h;\n"
                  "  cvt.f32.f16 %f1, %h;\n"
                  "  cvt.rn.f32.u32 %f1, %rd1;\n"
                  "  cvt.u16.u32 %h, %r1;\n"
                  "  cvt.rn.f64.s64 %d, %rd1;\n"),
            Msgs{});
  EXPECT_EQ(check("  ld.global.u64 %r1, [%rd1];\n"),
            Msgs{"10:17: type mismatch: '%r1' has type .b32, but operand 1 "
                 "of 'ld.global.u64' is .u64 (the register is narrower than "
                 "the instruction type)"});
  EXPECT_EQ(check("  .reg .f64 %d;\n  ld.global.f32 %d, [%rd1];\n"),
            Msgs{"11:17: type mismatch: '%d' has type .f64, but operand 1 of "
                 "'ld.global.f32' is .f32"});
  EXPECT_EQ(check("  .reg .u64 %u;\n  ld.global.f32 %u, [%rd1];\n"),
            Msgs{"11:17: type mismatch: '%u' has type .u64, but operand 1 of "
                 "'ld.global.f32' is .f32"});
  EXPECT_EQ(check("  cvt.u32.u16 %r1, %f1;\n"),
            Msgs{"10:20: type mismatch: '%f1' has type .f32, but operand 2 "
                 "of 'cvt.u32.u16' is .u16"});
}

TEST(PtxChecker, VectorOperands) {
  EXPECT_EQ(check("  ld.global.v4.f32 {%f1, %f2}, [%rd1];\n"),
            Msgs{"10:20: vector operand has 2 elements, but "
                 "'ld.global.v4.f32' needs 4"});
  EXPECT_EQ(check("  ld.global.v2.u32 {%r1, %f2}, [%rd1];\n"),
            Msgs{"10:26: type mismatch: '%f2' has type .f32, but operand 1 "
                 "of 'ld.global.v2.u32' is .u32"});
  EXPECT_EQ(check("  .reg .b16 %h<3>;\n  mov.b32 {%h1, %h2}, %r1;\n"
                  "  mov.b64 {%r1, %r2}, %rd1;\n  mov.b32 %r1, {0, %h1};\n"),
            Msgs{});
  EXPECT_EQ(check("  mov.b64 {%r1, %rd2}, %rd1;\n"),
            Msgs{"10:17: type mismatch: '%rd2' has type .b64, but each of "
                 "the 2 elements of operand 1 of 'mov.b64' has 32 bits"});
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

std::string callModule(const std::string &Call) {
  return std::string(Header) +
         ".func (.param .b32 r) f(.param .b32 a, .param .b32 b)\n"   // 4
         "{\n  ret;\n}\n"                                            // 5-7
         ".visible .entry k()\n{\n"                                  // 8-9
         "  .reg .b32 %r<3>;\n  .reg .b64 %rd<3>;\n"                 // 10-11
         "  .param .b32 p0;\n  .param .b32 p1;\n  .param .b32 rv;\n" // 12-14
         + Call + "}\n";                                             // 15
}

TEST(PtxChecker, Calls) {
  EXPECT_EQ(checkModule(callModule("  call.uni (rv), f, (p0, p1);\n")), Msgs{});
  EXPECT_EQ(checkModule(callModule("  call.uni (rv), f, (p0);\n")),
            (Msgs{"15:18: error: 'f' takes 2 arguments, but the call passes 1",
                  "4:23: note: 'f' is declared here"}));
  EXPECT_EQ(checkModule(callModule("  call.uni (rv, p0), f, (p0, p1);\n")),
            (Msgs{"15:12: error: 'f' returns 1 value, but the call expects 2",
                  "4:23: note: 'f' is declared here"}));
  EXPECT_EQ(checkModule(callModule("  call.uni (rv), %rd1, (p0, p1);\n")),
            Msgs{"15:18: error: an indirect call through '%rd1' needs a "
                 ".callprototype or .calltargets operand"});
  EXPECT_EQ(checkModule(callModule("  call.uni (rv), p0, (p1);\n")),
            Msgs{"15:18: error: 'p0' is not a function"});
  EXPECT_EQ(checkModule(callModule("  call.uni (rv), f, (p0, p1), f;\n")),
            Msgs{"15:31: error: 'f' is not a .callprototype or .calltargets "
                 "label"});
  EXPECT_EQ(checkModule(callModule("  call.uni (rv);\n")),
            Msgs{"15:3: error: expected the called function in 'call'"});
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

TEST(PtxChecker, DeclarationRules) {
  EXPECT_EQ(checkModule(std::string(Header) + ".reg .b32 r;\n"),
            Msgs{"4:1: error: '.reg' variables can only be declared inside a "
                 "function"});
  EXPECT_EQ(checkModule(std::string(Header) + ".shared .u32 s = 1;\n"),
            Msgs{"4:18: error: only .global and .const variables can have an "
                 "initializer"});
  EXPECT_EQ(
      checkModule(std::string(Header) + ".global .u64 p = generic(nosuch);\n"),
      Msgs{"4:18: error: use of undefined identifier 'nosuch'"});
  EXPECT_EQ(checkModule(std::string(Header) +
                        ".entry k(.reg .b32 a)\n{\n  ret;\n}\n"),
            Msgs{"4:10: error: kernel parameters must be in the .param state "
                 "space"});
  EXPECT_EQ(checkModule(std::string(Header) +
                        ".func f(.param .u64 .ptr .global a)\n{\n  ret;\n}\n"),
            Msgs{"4:9: error: '.ptr' applies to integer kernel parameters "
                 "only"});
  EXPECT_EQ(check("  .reg .b32 x = 1;\n"),
            Msgs{"10:17: only .global and .const variables can have an "
                 "initializer"});
}

TEST(PtxChecker, NvccStyleKernelIsClean) {
  std::string Src =
      std::string(Header) +
      ".global .align 1 .b8 $str[3] = {104, 105};\n"
      ".extern .func (.param .b32 func_retval0) vprintf\n"
      "(.param .b64 vprintf_param_0, .param .b64 vprintf_param_1);\n"
      ".visible .entry _Z5saxpyifPKfPf(\n"
      "  .param .u32 _Z5saxpyifPKfPf_param_0,\n"
      "  .param .f32 _Z5saxpyifPKfPf_param_1,\n"
      "  .param .u64 .ptr .align 1 _Z5saxpyifPKfPf_param_2,\n"
      "  .param .u64 .ptr .align 1 _Z5saxpyifPKfPf_param_3\n)\n"
      "{\n"
      "  .reg .pred %p<2>;\n  .reg .f32 %f<5>;\n  .reg .b32 %r<6>;\n"
      "  .reg .b64 %rd<11>;\n"
      "  ld.param.u32 %r2, [_Z5saxpyifPKfPf_param_0];\n"
      "  ld.param.f32 %f1, [_Z5saxpyifPKfPf_param_1];\n"
      "  ld.param.u64 %rd1, [_Z5saxpyifPKfPf_param_2];\n"
      "  ld.param.u64 %rd2, [_Z5saxpyifPKfPf_param_3];\n"
      "  mov.u32 %r3, %ctaid.x;\n  mov.u32 %r4, %ntid.x;\n"
      "  mov.u32 %r5, %tid.x;\n  mad.lo.s32 %r1, %r3, %r4, %r5;\n"
      "  setp.ge.s32 %p1, %r1, %r2;\n  @%p1 bra $L__BB0_2;\n"
      "  cvta.to.global.u64 %rd3, %rd1;\n  mul.wide.s32 %rd4, %r1, 4;\n"
      "  add.s64 %rd5, %rd3, %rd4;\n  ld.global.f32 %f2, [%rd5];\n"
      "  cvta.to.global.u64 %rd6, %rd2;\n  add.s64 %rd7, %rd6, %rd4;\n"
      "  ld.global.f32 %f3, [%rd7];\n  fma.rn.f32 %f4, %f1, %f2, %f3;\n"
      "  st.global.f32 [%rd7], %f4;\n"
      "  mov.u64 %rd8, $str;\n  cvta.global.u64 %rd9, %rd8;\n"
      "  { // callseq 0, 0\n  .param .b64 param0;\n"
      "  st.param.b64 [param0+0], %rd9;\n  .param .b64 param1;\n"
      "  st.param.b64 [param1+0], 0;\n  .param .b32 retval0;\n"
      "  call.uni (retval0),\n  vprintf,\n  (\n  param0,\n  param1\n  );\n"
      "  } // callseq 0\n"
      "$L__BB0_2:\n  ret;\n}\n";
  EXPECT_EQ(checkModule(Src), Msgs{});
}

} // namespace

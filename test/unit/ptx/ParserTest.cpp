//===- test/unit/ptx/ParserTest.cpp - PTX parser tests --------------------===//
//
// One test per construct of the PTX the parser accepts (module directives,
// variables, functions, bodies, operands, calls, debug directives), the
// AST each produces with its source locations, syntax errors with their
// positions, and a print/parse round trip.
//
//===----------------------------------------------------------------------===//

#include "PtxTestSupport.h"

#include <gtest/gtest.h>

using namespace cumetal::ptx;
using namespace cumetal::ptx::test;
using namespace llvm;

namespace {

using Msgs = std::vector<std::string>;

std::pair<unsigned, unsigned> lineCol(const Parsed &P, SMLoc Loc) {
  return P.Diags->lineAndColumn(Loc);
}

VariableDecl *item(const Parsed &P, unsigned N) {
  return dyn_cast<VariableDecl>(P.M->Items[N].get());
}

//===----------------------------------------------------------------------===//
// Module directives
//===----------------------------------------------------------------------===//

TEST(PtxParser, ModuleHeader) {
  Parsed P = parse(".version 8.5\n"
                   ".target sm_90a, texmode_independent, debug\n"
                   ".address_size 64\n");
  EXPECT_EQ(P.messages(), Msgs{});
  EXPECT_EQ(P.M->VersionMajor, 8u);
  EXPECT_EQ(P.M->VersionMinor, 5u);
  EXPECT_EQ(P.M->Targets, (std::vector<std::string>{
                              "sm_90a", "texmode_independent", "debug"}));
  EXPECT_EQ(P.M->AddressSize, 64u);
  EXPECT_EQ(lineCol(P, P.M->TargetLoc), std::make_pair(2u, 9u));
}

TEST(PtxParser, HeaderErrors) {
  EXPECT_EQ(parse(".target sm_80\n").messages(),
            Msgs{"1:1: a PTX module must begin with a .version directive"});
  EXPECT_EQ(parse("").messages(), Msgs{"1:1: missing .version directive"});
  EXPECT_EQ(parse(".version 9\n.target sm_80\n").messages(),
            Msgs{"1:10: expected a version number 'major.minor', found '9'"});
  EXPECT_EQ(parse(".version 9.0\n.address_size 64\n").messages(),
            Msgs{"2:1: expected a .target directive after .version"});
  EXPECT_EQ(parse(".version 9.0\n.target sm_80, fast\n").messages(),
            Msgs{"2:16: unknown target 'fast'"});
  EXPECT_EQ(parse(".version 9.0\n.target sm_80\n"
                  ".global .attribute(.shiny) .u32 x;\n")
                .messages(),
            Msgs{"3:20: unknown attribute '.shiny' (expected .managed or "
                 ".unified(...))"});
  EXPECT_EQ(parse(".version 9.0\n.target sm_80\n.address_size 48\n").messages(),
            Msgs{"3:15: expected 32 or 64 after .address_size, found '48'"});
}

TEST(PtxParser, VersionZeroIsAnError) {
  // Found by the fuzzer: the printer omitted `.version 0.0`.
  EXPECT_EQ(parse(".version 0.0\n.target sm_80\n").messages(),
            Msgs{"1:10: expected a version number 'major.minor', found "
                 "'0.0'"});
}

TEST(PtxParser, StringEscapesRoundTrip) {
  // Found by the fuzzer: printed escapes must read back as the same bytes.
  Parsed P = parse(".version 9.0\n.target sm_80\n"
                   ".file 1 \"/a\\\"b\\\\c\\tq\\101\\x42\\F5\"\n");
  ASSERT_EQ(P.messages(), Msgs{});
  ASSERT_EQ(P.M->Files.size(), 1u);
  EXPECT_EQ(P.M->Files[0].Name, "/a\"b\\c\tqABF5");
  std::string Once = printed(*P.M);
  Parsed Q = parse(Once);
  ASSERT_EQ(Q.messages(), Msgs{});
  EXPECT_EQ(Q.M->Files[0].Name, P.M->Files[0].Name);
  EXPECT_EQ(printed(*Q.M), Once);
}

TEST(PtxParser, NewerVersionIsAWarning) {
  Parsed P = parse(".version 9.1\n.target sm_100\n");
  EXPECT_TRUE(P.ok());
  EXPECT_EQ(P.messages(/*All=*/true),
            Msgs{"1:10: warning: PTX ISA 9.1 is newer than 9.0, the newest "
                 "this frontend knows"});
}

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

TEST(PtxParser, VariablesInEveryStateSpace) {
  Parsed P = parse(".version 9.0\n.target sm_80\n.address_size 64\n"
                   ".global .align 4 .u32 g = 42;\n"                  // 0
                   ".const .align 8 .b8 c[16] = {1, 2, 0x3};\n"       // 1
                   ".shared .align 16 .b8 s[256];\n"                  // 2
                   ".extern .shared .align 16 .b8 dyn[];\n"           // 3
                   ".global .v4 .f32 vec;\n"                          // 4
                   ".global .u64 ptr = generic(g)+4;\n"               // 5
                   ".global .f32 fl = 0f3F800000;\n"                  // 6
                   ".global .f64 dbl = -1.5;\n"                       // 7
                   ".global .attribute(.managed) .align 4 .u32 mg;\n" // 8
                   ".weak .global .u32 w;\n"                          // 9
                   ".global .texref tex;\n"                           // 10
                   ".global .samplerref smp = { filter_mode = linear, "
                   "addr_mode_0 = clamp_to_edge };\n"                  // 11
                   ".global .u32 m2[2][3] = {{1, 2, 3}, {4, 5, 6}};\n" // 12
                   ".global .u32 x, y = 2, z;\n"                       // 13
                   ".local .u32 loc;\n"                                // 14
                   ".global .u64 mk = mask(g, 1);\n"                   // 15
                   ".common .global .u32 com;\n");                     // 16
  ASSERT_EQ(P.messages(), Msgs{});
  ASSERT_EQ(P.M->Items.size(), 17u);

  VariableDecl *G = item(P, 0);
  EXPECT_EQ(G->Space, StateSpace::Global);
  EXPECT_EQ(G->Align, 4u);
  EXPECT_EQ(G->ElemType, Type::U32);
  ASSERT_EQ(G->Vars.size(), 1u);
  EXPECT_EQ(G->Vars[0].Name, "g");
  EXPECT_EQ(lineCol(P, G->Vars[0].Loc), std::make_pair(4u, 23u));
  ASSERT_TRUE(G->Vars[0].Init);
  EXPECT_EQ(G->Vars[0].Init->K, Initializer::Kind::Int);
  EXPECT_EQ(G->Vars[0].Init->IntValue, 42u);

  VariableDecl *C = item(P, 1);
  EXPECT_EQ(C->Space, StateSpace::Const);
  EXPECT_EQ(C->Vars[0].Dims, (std::vector<std::optional<uint64_t>>{16}));
  ASSERT_EQ(C->Vars[0].Init->K, Initializer::Kind::List);
  EXPECT_EQ(C->Vars[0].Init->Elements.size(), 3u);
  EXPECT_EQ(C->Vars[0].Init->Elements[2].IntValue, 3u);

  EXPECT_EQ(item(P, 2)->Space, StateSpace::Shared);
  VariableDecl *Dyn = item(P, 3);
  EXPECT_EQ(Dyn->Link, Linkage::Extern);
  EXPECT_EQ(Dyn->Vars[0].Dims,
            (std::vector<std::optional<uint64_t>>{std::nullopt}));
  EXPECT_EQ(item(P, 4)->VectorWidth, 4u);

  const Initializer &Ptr = *item(P, 5)->Vars[0].Init;
  EXPECT_EQ(Ptr.K, Initializer::Kind::Address);
  EXPECT_TRUE(Ptr.Generic);
  EXPECT_EQ(Ptr.Symbol, "g");
  EXPECT_EQ(Ptr.Offset, 4);

  const Initializer &Fl = *item(P, 6)->Vars[0].Init;
  EXPECT_EQ(Fl.K, Initializer::Kind::Float);
  EXPECT_TRUE(Fl.IsF32);
  EXPECT_EQ(Fl.FloatBits, 0x3F800000u);
  EXPECT_EQ(item(P, 7)->Vars[0].Init->FloatBits, 0xBFF8000000000000u);

  EXPECT_EQ(item(P, 8)->Attributes, std::vector<std::string>{".managed"});
  EXPECT_EQ(item(P, 9)->Link, Linkage::Weak);
  EXPECT_EQ(item(P, 10)->ElemType, Type::TexRef);

  const Initializer &Smp = *item(P, 11)->Vars[0].Init;
  ASSERT_EQ(Smp.Elements.size(), 2u);
  EXPECT_EQ(Smp.Elements[0].K, Initializer::Kind::Field);
  EXPECT_EQ(Smp.Elements[0].FieldName, "filter_mode");
  EXPECT_EQ(Smp.Elements[0].Elements[0].Symbol, "linear");

  const Variable &M2 = item(P, 12)->Vars[0];
  EXPECT_EQ(M2.Dims, (std::vector<std::optional<uint64_t>>{2, 3}));
  EXPECT_EQ(M2.Init->Elements[1].Elements[2].IntValue, 6u);

  VariableDecl *ABC = item(P, 13);
  ASSERT_EQ(ABC->Vars.size(), 3u);
  EXPECT_FALSE(ABC->Vars[0].Init);
  EXPECT_EQ(ABC->Vars[1].Init->IntValue, 2u);
  EXPECT_EQ(ABC->Vars[2].Name, "z");

  EXPECT_EQ(item(P, 14)->Space, StateSpace::Local);
  EXPECT_EQ(item(P, 15)->Vars[0].Init->MaskByte, 1);
  EXPECT_EQ(item(P, 16)->Link, Linkage::Common);
}

TEST(PtxParser, DeclarationErrors) {
  const char *H = ".version 9.0\n.target sm_80\n";
  EXPECT_EQ(parse(std::string(H) + ".global .align 3 .u32 x;\n").messages(),
            Msgs{"3:9: alignment 3 is not a power of two"});
  EXPECT_EQ(parse(std::string(H) + ".global .u32 .f32 x;\n").messages(),
            Msgs{"3:14: more than one type in a declaration"});
  EXPECT_EQ(parse(std::string(H) + ".global x;\n").messages(),
            Msgs{"3:9: expected a type (.b32, .u64, .f32, .pred...), found "
                 "'x'"});
  EXPECT_EQ(parse(std::string(H) + ".global .u32 x = {};\n").messages(),
            Msgs{"3:19: empty initializer list"});
  EXPECT_EQ(parse(std::string(H) + ".global .u32 x\n").messages(),
            Msgs{"4:1: expected ';' after the declaration, found end of "
                 "file"});
  EXPECT_EQ(parse(std::string(H) + ".global .u32 x[2;\n").messages(),
            (Msgs{"3:17: expected ']' after the array size, found ';'"}));
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

TEST(PtxParser, KernelWithParametersAndPerformanceDirectives) {
  Parsed P = parse(".version 9.0\n.target sm_80\n.address_size 64\n"
                   ".visible .entry k(\n"
                   "  .param .u64 .ptr .global .align 16 k_a,\n"
                   "  .param .align 8 .b8 k_s[24],\n"
                   "  .param .f32 k_x\n"
                   ")\n"
                   ".maxntid 256, 1, 1\n"
                   ".reqntid 128\n"
                   ".minnctapersm 2\n"
                   ".maxnreg 64\n"
                   ".pragma \"nounroll\";\n"
                   "{\n  ret;\n}\n");
  ASSERT_EQ(P.messages(), Msgs{});
  Function *F = P.function("k");
  ASSERT_TRUE(F);
  EXPECT_TRUE(F->IsEntry);
  EXPECT_EQ(F->Link, Linkage::Visible);
  EXPECT_EQ(lineCol(P, F->NameLoc), std::make_pair(4u, 17u));
  ASSERT_EQ(F->Params.size(), 3u);
  const VariableDecl &A = *F->Params[0];
  EXPECT_EQ(A.Space, StateSpace::Param);
  EXPECT_EQ(A.ElemType, Type::U64);
  EXPECT_TRUE(A.IsPtr);
  EXPECT_EQ(A.PtrSpace, StateSpace::Global);
  EXPECT_EQ(A.PtrAlign, 16u);
  EXPECT_EQ(A.Align, 0u);
  EXPECT_EQ(F->Params[1]->Align, 8u);
  EXPECT_EQ(F->Params[1]->Vars[0].Dims,
            (std::vector<std::optional<uint64_t>>{24}));
  EXPECT_EQ(F->Params[2]->Vars[0].Name, "k_x");
  ASSERT_TRUE(F->directive("maxntid"));
  EXPECT_EQ(F->directive("maxntid")->Values,
            (std::vector<uint64_t>{256, 1, 1}));
  EXPECT_EQ(F->directive("reqntid")->Values, std::vector<uint64_t>{128});
  EXPECT_EQ(F->directive("minnctapersm")->Values, std::vector<uint64_t>{2});
  EXPECT_EQ(F->directive("maxnreg")->Values, std::vector<uint64_t>{64});
  EXPECT_EQ(F->directive("pragma")->Strings,
            std::vector<std::string>{"nounroll"});
  EXPECT_TRUE(F->isDefinition());
}

TEST(PtxParser, FunctionsReturnValuesLinkageAndNoReturn) {
  Parsed P = parse(".version 9.0\n.target sm_80\n.address_size 64\n"
                   ".extern .func (.param .b32 func_retval0) vprintf\n"
                   "(\n  .param .b64 vprintf_param_0,\n"
                   "  .param .b64 vprintf_param_1\n);\n"
                   ".extern .func __assertfail(.param .b64 a) .noreturn;\n"
                   ".weak .func (.param .align 4 .b8 r[8]) w()\n"
                   "{\n  ret;\n}\n"
                   ".func .attribute(.unified(0xAB, 0xCD)) u() "
                   ".abi_preserve 8\n{\n  ret;\n}\n"
                   ".func v;\n");
  ASSERT_EQ(P.messages(), Msgs{});
  Function *Vp = P.function("vprintf");
  ASSERT_TRUE(Vp);
  EXPECT_FALSE(Vp->IsEntry);
  EXPECT_EQ(Vp->Link, Linkage::Extern);
  EXPECT_FALSE(Vp->isDefinition());
  ASSERT_EQ(Vp->Returns.size(), 1u);
  EXPECT_EQ(Vp->Returns[0]->Vars[0].Name, "func_retval0");
  EXPECT_EQ(Vp->Params.size(), 2u);
  EXPECT_TRUE(P.function("__assertfail")->NoReturn);
  Function *W = P.function("w");
  EXPECT_EQ(W->Link, Linkage::Weak);
  EXPECT_EQ(W->Returns[0]->Align, 4u);
  Function *U = P.function("u");
  EXPECT_EQ(U->Attributes, std::vector<std::string>{".unified(0xAB, 0xCD)"});
  EXPECT_EQ(U->directive("abi_preserve")->Values, std::vector<uint64_t>{8});
  EXPECT_TRUE(P.function("v")->Params.empty());
}

TEST(PtxParser, FunctionErrors) {
  const char *H = ".version 9.0\n.target sm_80\n";
  EXPECT_EQ(
      parse(std::string(H) + ".entry (.param .b32 r) k()\n{\n}\n").messages(),
      Msgs{"3:8: a kernel (.entry) cannot return values"});
  EXPECT_EQ(parse(std::string(H) + ".entry k() .noreturn\n{\n}\n").messages(),
            Msgs{"3:12: '.noreturn' is not allowed on a kernel (.entry)"});
  EXPECT_EQ(parse(std::string(H) + ".entry k(.param .u32 a .param .u32 b)\n")
                .messages(),
            Msgs{"3:24: expected ',' or ')' in the parameter list, found "
                 "'.param'"});
  EXPECT_EQ(parse(std::string(H) + ".entry k()\n{\n  ret;\n").messages(),
            Msgs{"6:1: expected '}' at the end of the block, found end of "
                 "file"});
  EXPECT_EQ(parse(std::string(H) + ".entry k() .frobnicate\n{\n}\n").messages(),
            Msgs{"3:12: expected '{' or ';' after the function header, found "
                 "'.frobnicate'"});
  EXPECT_EQ(parse(std::string(H) + ".bogus 1;\n").messages(),
            Msgs{"3:1: unknown directive '.bogus'"});
}

//===----------------------------------------------------------------------===//
// Bodies
//===----------------------------------------------------------------------===//

TEST(PtxParser, RegisterDeclarations) {
  Parsed P = parse(kernel("  .reg .b32 a, b;\n"
                          "  .reg .v4 .f32 %v;\n"
                          "  .local .align 8 .b8 __local_depot0[24];\n"
                          "  .shared .align 4 .b8 sm[64];\n"
                          "  .param .b64 param0;\n"));
  ASSERT_EQ(P.messages(), Msgs{});
  StatementList &B = body(P);
  ASSERT_EQ(B.size(), 9u);
  auto *R = cast<VariableDecl>(B[1].get());
  EXPECT_EQ(R->Space, StateSpace::Reg);
  EXPECT_EQ(R->ElemType, Type::B32);
  EXPECT_EQ(R->Vars[0].Name, "%r");
  EXPECT_EQ(R->Vars[0].RangeCount, 10u);
  auto *AB = cast<VariableDecl>(B[4].get());
  ASSERT_EQ(AB->Vars.size(), 2u);
  EXPECT_EQ(AB->Vars[1].Name, "b");
  EXPECT_EQ(lineCol(P, AB->Vars[1].Loc), std::make_pair(10u, 16u));
  EXPECT_EQ(cast<VariableDecl>(B[5].get())->VectorWidth, 4u);
  EXPECT_EQ(cast<VariableDecl>(B[6].get())->Space, StateSpace::Local);
  EXPECT_EQ(cast<VariableDecl>(B[7].get())->Space, StateSpace::Shared);
  EXPECT_EQ(cast<VariableDecl>(B[8].get())->Space, StateSpace::Param);
}

TEST(PtxParser, LabelsGuardsAndNestedScopes) {
  Parsed P = parse(kernel("  @%p1 bra $L__BB0_2;\n"
                          "  @!%p2 bra.uni $L__BB0_2;\n"
                          "$L__BB0_2:\n"
                          "  {\n"
                          "    .reg .b64 %tmp;\n"
                          "    { .reg .pred __$temp3;\n"
                          "      selp.u16 %r1, 1, 0, __$temp3;}\n"
                          "  }\n"
                          "  ret;\n"));
  // selp.u16 with a .b32 destination is a type error, checked below.
  StatementList &B = body(P);
  ASSERT_EQ(B.size(), 9u);
  auto *Bra = cast<Instruction>(B[4].get());
  EXPECT_EQ(Bra->GuardReg, "%p1");
  EXPECT_FALSE(Bra->GuardNegated);
  EXPECT_EQ(lineCol(P, Bra->GuardLoc), std::make_pair(10u, 4u));
  EXPECT_EQ(Bra->Opcode, "bra");
  auto *Bra2 = cast<Instruction>(B[5].get());
  EXPECT_TRUE(Bra2->GuardNegated);
  EXPECT_EQ(Bra2->Modifiers[0].Name, "uni");
  EXPECT_EQ(Bra2->Modifiers[0].Kind, ModifierKind::Flag);
  auto *L = cast<LabelStmt>(B[6].get());
  EXPECT_EQ(L->Name, "$L__BB0_2");
  EXPECT_EQ(lineCol(P, L->getLoc()), std::make_pair(12u, 1u));
  auto *Outer = cast<BlockStmt>(B[7].get());
  ASSERT_EQ(Outer->Body.size(), 2u);
  auto *Inner = cast<BlockStmt>(Outer->Body[1].get());
  ASSERT_EQ(Inner->Body.size(), 2u);
  EXPECT_EQ(cast<Instruction>(Inner->Body[1].get())->Operands[3].Name,
            "__$temp3");
  EXPECT_EQ(P.messages(),
            Msgs{"16:16: type mismatch: '%r1' has type .b32, but operand 1 "
                 "of 'selp.u16' is .u16"});
}

TEST(PtxParser, ModifiersInAnyOrderAreClassified) {
  Parsed P = parse(kernel("  ld.u32.global.nc %r1, [%rd1];\n"
                          "  ld.global.nc.u32 %r2, [%rd1];\n"
                          "  cvt.rn.ftz.f32.f64 %f1, %rd1;\n"
                          "  setp.lt.and.s32 %p1, %r1, %r2, %p2;\n"
                          "  cp.async.bulk.tensor.2d.shared::cluster.global."
                          "mbarrier::complete_tx::bytes [%rd1], [%rd2, {%r1, "
                          "%r2}], [%rd3];\n"));
  EXPECT_EQ(P.messages(), Msgs{});
  Instruction *Ld = instr(P, 0);
  ASSERT_TRUE(Ld && Ld->Desc);
  EXPECT_EQ(Ld->Desc->Name, "ld");
  ASSERT_EQ(Ld->Modifiers.size(), 3u);
  EXPECT_EQ(Ld->Modifiers[0].Kind, ModifierKind::Type);
  EXPECT_EQ(Ld->Modifiers[1].Kind, ModifierKind::StateSpace);
  EXPECT_EQ(Ld->Modifiers[2].Kind, ModifierKind::Cache);
  EXPECT_EQ(lineCol(P, Ld->Modifiers[1].Loc), std::make_pair(10u, 9u));
  EXPECT_EQ(Ld->types(), std::vector<Type>{Type::U32});
  Instruction *Cvt = instr(P, 2);
  EXPECT_EQ(Cvt->types(), (std::vector<Type>{Type::F32, Type::F64}));
  EXPECT_EQ(Cvt->Modifiers[0].Kind, ModifierKind::Rounding);
  Instruction *Setp = instr(P, 3);
  EXPECT_EQ(Setp->Modifiers[0].Kind, ModifierKind::Compare);
  EXPECT_EQ(Setp->Modifiers[1].Kind, ModifierKind::BoolOp);
  Instruction *Tma = instr(P, 4);
  EXPECT_EQ(Tma->Desc->Name, "cp.async.bulk.tensor");
  EXPECT_EQ(Tma->Modifiers[0].Kind, ModifierKind::Opcode); // async
  EXPECT_EQ(Tma->Modifiers[3].Kind, ModifierKind::Geometry);
  EXPECT_EQ(Tma->Modifiers[4].Kind, ModifierKind::StateSpace);
}

TEST(PtxParser, OperandForms) {
  Parsed P =
      parse(kernel("  mov.u32 %r1, %tid.x;\n"                            // 0
                   "  mov.u32 %r2, %laneid;\n"                           // 1
                   "  mov.u64 %rd1, %clock64;\n"                         // 2
                   "  mov.b32 %r3, -1;\n"                                // 3
                   "  mov.f32 %f1, 0f3F800000;\n"                        // 4
                   "  mov.f32 %f2, 1.5;\n"                               // 5
                   "  mov.u64 %rd2, 0xFFFFFFFFFFFFFFFF;\n"               // 6
                   "  ld.global.v4.f32 {%f1, %f2, _, %f3}, [%rd1+16];\n" // 7
                   "  ld.shared.u32 %r4, [%r1+-4];\n"                    // 8
                   "  ld.param.u64 %rd3, [k_p0];\n"                      // 9
                   "  ld.global.u32 %r5, [64];\n"                        // 10
                   "  setp.lt.s32 %p1|%p2, %r1, %r2;\n"                  // 11
                   "  selp.b32 %r6, %r1, %r2, !%p1;\n"                   // 12
                   "  mov.u32 %r7, WARP_SZ;\n"                           // 13
                   "  mov.b64 %rd4, {%r1, %r2};\n"));                    // 14
  ASSERT_EQ(P.messages(), Msgs{});

  const Operand &Tid = instr(P, 0)->Operands[1];
  EXPECT_EQ(Tid.K, Operand::Kind::SpecialRegister);
  EXPECT_EQ(Tid.Name, "%tid");
  EXPECT_EQ(Tid.Selector, "x");
  EXPECT_EQ(lineCol(P, Tid.Loc), std::make_pair(10u, 16u));
  EXPECT_EQ(instr(P, 1)->Operands[1].K, Operand::Kind::SpecialRegister);
  EXPECT_EQ(instr(P, 2)->Operands[1].Name, "%clock64");

  const Operand &Dst = instr(P, 0)->Operands[0];
  EXPECT_EQ(Dst.K, Operand::Kind::Name);
  EXPECT_EQ(Dst.Ref, RefKind::Register);

  const Operand &M1 = instr(P, 3)->Operands[1];
  EXPECT_EQ(M1.K, Operand::Kind::IntImm);
  EXPECT_EQ(static_cast<int64_t>(M1.IntValue), -1);
  EXPECT_FALSE(M1.IsUnsigned);

  const Operand &F1 = instr(P, 4)->Operands[1];
  EXPECT_EQ(F1.K, Operand::Kind::FloatImm);
  EXPECT_TRUE(F1.IsF32);
  EXPECT_EQ(F1.FloatBits, 0x3F800000u);
  const Operand &F2 = instr(P, 5)->Operands[1];
  EXPECT_FALSE(F2.IsF32);
  EXPECT_EQ(F2.FloatBits, 0x3FF8000000000000u);
  EXPECT_TRUE(instr(P, 6)->Operands[1].IsUnsigned);

  const Operand &Vec = instr(P, 7)->Operands[0];
  EXPECT_EQ(Vec.K, Operand::Kind::Vector);
  ASSERT_EQ(Vec.Elements.size(), 4u);
  EXPECT_EQ(Vec.Elements[2].K, Operand::Kind::Sink);
  const Operand &Addr = instr(P, 7)->Operands[1];
  EXPECT_EQ(Addr.K, Operand::Kind::Address);
  EXPECT_EQ(Addr.Name, "%rd1");
  EXPECT_EQ(Addr.offset(), 16);
  EXPECT_EQ(Addr.Ref, RefKind::Register);
  EXPECT_EQ(instr(P, 8)->Operands[1].offset(), -4);
  const Operand &Param = instr(P, 9)->Operands[1];
  EXPECT_EQ(Param.Name, "k_p0");
  EXPECT_EQ(Param.Ref, RefKind::Variable);
  const Operand &Abs = instr(P, 10)->Operands[1];
  EXPECT_TRUE(Abs.Name.empty());
  EXPECT_EQ(Abs.offset(), 64);

  const Operand &Pair = instr(P, 11)->Operands[0];
  EXPECT_EQ(Pair.K, Operand::Kind::PredPair);
  EXPECT_EQ(Pair.Name, "%p1");
  EXPECT_EQ(Pair.Name2, "%p2");
  EXPECT_TRUE(instr(P, 12)->Operands[3].Not);
  EXPECT_EQ(instr(P, 13)->Operands[1].K, Operand::Kind::IntImm);
  EXPECT_EQ(instr(P, 13)->Operands[1].IntValue, 32u);
  EXPECT_EQ(instr(P, 14)->Operands[1].Elements.size(), 2u);
}

TEST(PtxParser, ConstantExpressions) {
  Parsed P = parse(kernel("  mov.u32 %r1, (1 << 4) | 3;\n"
                          "  mov.u32 %r1, ~0;\n"
                          "  mov.u64 %rd1, (.u64)-1 >> 60;\n"
                          "  mov.s32 %r1, -7 / 2;\n"
                          "  mov.u32 %r1, WARP_SZ - 1;\n"
                          "  mov.u32 %r1, 1 ? 2 : 3;\n"
                          "  mov.u32 %r1, 2 + 3 * 4 == 14 && 1;\n"
                          "  mov.s64 %rd1, -8 >> 1;\n"
                          "  mov.u32 %r1, 7 % 4;\n"));
  ASSERT_EQ(P.messages(), Msgs{});
  auto V = [&](unsigned N) { return instr(P, N)->Operands[1].IntValue; };
  EXPECT_EQ(V(0), 19u);
  EXPECT_EQ(V(1), UINT64_MAX);
  EXPECT_TRUE(instr(P, 1)->Operands[1].IsUnsigned);
  EXPECT_EQ(V(2), 15u);
  EXPECT_EQ(static_cast<int64_t>(V(3)), -3);
  EXPECT_EQ(V(4), 31u);
  EXPECT_EQ(V(5), 2u);
  EXPECT_EQ(V(6), 1u);
  EXPECT_EQ(static_cast<int64_t>(V(7)), -4);
  EXPECT_EQ(V(8), 3u);
}

TEST(PtxParser, ConstantExpressionErrors) {
  EXPECT_EQ(parse(kernel("  mov.u32 %r1, 1 / 0;\n")).messages(),
            Msgs{"10:18: division by zero in a constant expression"});
  EXPECT_EQ(parse(kernel("  mov.f32 %f1, -0f3F800000;\n")).messages(),
            Msgs{"10:16: a '0f' constant cannot be used in an expression"});
  EXPECT_EQ(parse(kernel("  mov.f32 %f1, 1 + 1.5;\n")).messages(),
            Msgs{"10:18: cannot mix integer and floating-point operands in "
                 "a constant expression"});
  EXPECT_EQ(parse(kernel("  ld.u32 %r1, [%rd1+%rd2];\n")).messages(),
            Msgs{"10:21: an address offset must be a constant, found "
                 "'%rd2'"});
  std::string Deep = "  mov.u32 %r1, " + std::string(500, '(') + "1" +
                     std::string(500, ')') + ";\n";
  Msgs M = parse(kernel(Deep)).messages();
  ASSERT_FALSE(M.empty());
  EXPECT_NE(M[0].find("expression nested too deeply"), std::string::npos);
}

TEST(PtxParser, CallsWithParameterBlocks) {
  Parsed P = parse(".version 9.0\n.target sm_80\n.address_size 64\n"
                   ".extern .func (.param .b32 func_retval0) vprintf\n"
                   "(.param .b64 vprintf_param_0, .param .b64 "
                   "vprintf_param_1);\n"
                   ".func f()\n{\n  ret;\n}\n"
                   ".visible .entry k()\n"
                   "{\n"
                   "  .reg .b32 %r<3>;\n"
                   "  .reg .b64 %rd<3>;\n"
                   "  { // callseq 0, 0\n"
                   "  .param .b64 param0;\n"
                   "  st.param.b64 [param0+0], %rd1;\n"
                   "  .param .b64 param1;\n"
                   "  st.param.b64 [param1+0], %rd2;\n"
                   "  .param .b32 retval0;\n"
                   "  call.uni (retval0),\n"
                   "  vprintf,\n"
                   "  (\n  param0,\n  param1\n  );\n"
                   "  ld.param.b32 %r1, [retval0+0];\n"
                   "  } // callseq 0\n"
                   "  call.uni f, ();\n"
                   "  call f;\n"
                   "  ret;\n"
                   "}\n");
  ASSERT_EQ(P.messages(), Msgs{});
  Function *K = P.function("k");
  auto *Seq = cast<BlockStmt>(K->Body->Body[2].get());
  Instruction *Call = nullptr;
  for (auto &S : Seq->Body)
    if (auto *I = dyn_cast<Instruction>(S.get()); I && I->Opcode == "call")
      Call = I;
  ASSERT_TRUE(Call);
  EXPECT_EQ(lineCol(P, Call->getLoc()), std::make_pair(20u, 3u));
  ASSERT_EQ(Call->Operands.size(), 3u);
  EXPECT_EQ(Call->Operands[0].K, Operand::Kind::List);
  EXPECT_EQ(Call->Operands[0].Elements[0].Name, "retval0");
  EXPECT_EQ(Call->Operands[0].Elements[0].Ref, RefKind::Variable);
  EXPECT_EQ(Call->Operands[1].Name, "vprintf");
  EXPECT_EQ(Call->Operands[1].Ref, RefKind::Function);
  EXPECT_EQ(Call->Operands[2].Elements.size(), 2u);
  auto *CallF = cast<Instruction>(K->Body->Body[3].get());
  EXPECT_EQ(CallF->Operands.size(), 2u);
  EXPECT_TRUE(CallF->Operands[1].Elements.empty());
}

TEST(PtxParser, PrototypesIndirectCallsAndTargetLists) {
  Parsed P = parse(".version 9.0\n.target sm_80\n.address_size 64\n"
                   ".func (.param .b32 r) g(.param .b32 a)\n{\n  ret;\n}\n"
                   ".visible .entry k()\n"
                   "{\n"
                   "  .reg .b32 %r<3>;\n"
                   "  .reg .b64 %rd<3>;\n"
                   "  mov.u64 %rd1, g;\n"
                   "  {\n"
                   "  .param .b32 param0;\n"
                   "  .param .b32 retval0;\n"
                   "prototype_0 : .callprototype (.param .b32 _) _ "
                   "(.param .b32 _);\n"
                   "  call (retval0), %rd1, (param0), prototype_0;\n"
                   "  }\n"
                   "ts: .branchtargets L1, L2;\n"
                   "cs: .calltargets g;\n"
                   "  brx.idx %r1, ts;\n"
                   "L1:\n"
                   "L2:\n"
                   "  ret;\n"
                   "}\n");
  ASSERT_EQ(P.messages(), Msgs{});
  Function *K = P.function("k");
  auto *Blk = cast<BlockStmt>(K->Body->Body[3].get());
  auto *Proto = cast<CallPrototypeStmt>(Blk->Body[2].get());
  EXPECT_EQ(Proto->Name, "prototype_0");
  EXPECT_EQ(Proto->Returns.size(), 1u);
  EXPECT_EQ(Proto->Params.size(), 1u);
  auto *Call = cast<Instruction>(Blk->Body[3].get());
  EXPECT_EQ(Call->Operands[1].Ref, RefKind::Register);
  EXPECT_EQ(Call->Operands[3].Ref, RefKind::Prototype);
  auto *TS = cast<TargetListStmt>(K->Body->Body[4].get());
  EXPECT_EQ(TS->getKind(), Statement::Kind::BranchTargets);
  EXPECT_EQ(TS->Targets.size(), 2u);
  auto *CS = cast<TargetListStmt>(K->Body->Body[5].get());
  EXPECT_EQ(CS->getKind(), Statement::Kind::CallTargets);
}

TEST(PtxParser, DebugDirectivesAreRecordedAndSectionsSkipped) {
  Parsed P = parse(".version 9.0\n.target sm_80, debug\n.address_size 64\n"
                   ".visible .entry k()\n{\n"
                   "  .loc 1 8 0\n"
                   "$L__func_begin0:\n"
                   "  .loc 1 9 3, function_name $L__info_string0, "
                   "inlined_at 1 20 5\n"
                   "  ret;\n}\n"
                   ".file 1 \"/work/a.cu\"\n"
                   ".file 2 \"b.h\", 1700000000, 1234\n"
                   ".section .debug_info\n{\n.b32 125\n.b8 2\n"
                   ".b64 $L__func_begin0\n.b8 118,111,105,100\n"
                   ".b32 .debug_abbrev\n}\n"
                   ".section .debug_macinfo { .b8 0 }\n");
  ASSERT_EQ(P.messages(), Msgs{});
  StatementList &B = body(P);
  auto *L1 = cast<LocStmt>(B[0].get());
  EXPECT_EQ(L1->File, 1u);
  EXPECT_EQ(L1->Line, 8u);
  EXPECT_EQ(L1->Column, 0u);
  auto *L2 = cast<LocStmt>(B[2].get());
  EXPECT_EQ(L2->Line, 9u);
  EXPECT_EQ(L2->FunctionName, "$L__info_string0");
  EXPECT_TRUE(L2->HasInlinedAt);
  EXPECT_EQ(L2->InlinedLine, 20u);
  ASSERT_EQ(P.M->Files.size(), 2u);
  EXPECT_EQ(P.M->Files[0].Name, "/work/a.cu");
  EXPECT_EQ(P.M->Files[1].Timestamp, 1700000000u);
  EXPECT_EQ(P.M->Files[1].Size, 1234u);
  ASSERT_EQ(P.M->Sections.size(), 2u);
  EXPECT_EQ(P.M->Sections[0].Name, ".debug_info");
}

TEST(PtxParser, PragmasAndAlias) {
  Parsed P = parse(".version 9.0\n.target sm_80\n"
                   ".pragma \"nounroll\";\n"
                   ".func f()\n{\n  ret;\n}\n"
                   ".func g();\n"
                   ".alias g, f;\n"
                   ".visible .entry k()\n{\n"
                   "  .pragma \"used_bytes_mask 15\";\n"
                   "  ret;\n}\n");
  ASSERT_EQ(P.messages(), Msgs{});
  ASSERT_EQ(P.M->Pragmas.size(), 1u);
  EXPECT_EQ(P.M->Pragmas[0]->Strings[0], "nounroll");
  auto *A = cast<AliasStmt>(P.M->Items[2].get());
  EXPECT_EQ(A->Alias, "g");
  EXPECT_EQ(A->Aliasee, "f");
  EXPECT_EQ(cast<PragmaStmt>(P.function("k")->Body->Body[0].get())->Strings[0],
            "used_bytes_mask 15");
}

TEST(PtxParser, InlineAsmStyleBlocks) {
  // What CUDA's headers put into nvcc's output through inline asm.
  Parsed P = parse(kernel("  .reg .b16 %rs<4>;\n"
                          "  { .reg .b64 %tmp;\n"
                          "    cvt.u64.u32 %tmp, %r1;\n"
                          "    cvta.shared.u64 %rd1, %tmp; }\n"
                          "  {.reg .f16 low,high;\n"
                          "   mov.b32 {low,high}, %r1;\n"
                          "   mov.b16 %rs1, low;}\n"
                          "  {.reg .b32 a,b;\n"
                          "   mov.b32 a, {0, %rs1};\n"
                          "   mov.b32 b, {0, %rs2};}\n"
                          "  vabsdiff4.u32.u32.u32 %r4,%r2,%r3,%r4;\n"
                          "  vadd.u32.u32.u32.sat.add %r4, %r2.b0, "
                          "%r3.h1, %r4;\n"
                          "  vmad.s32.s32.s32 %r4, -%r2, %r3.h0, %r4;\n"));
  EXPECT_EQ(P.messages(), Msgs{});
  Instruction *Vmad = nullptr;
  for (auto &S : body(P))
    if (auto *I = dyn_cast<Instruction>(S.get()); I && I->Opcode == "vmad")
      Vmad = I;
  ASSERT_TRUE(Vmad);
  EXPECT_TRUE(Vmad->Operands[1].Minus);
  EXPECT_EQ(lineCol(P, Vmad->Operands[1].Loc), std::make_pair(22u, 25u));
  EXPECT_EQ(Vmad->Operands[2].Selector, "h0");
}

TEST(PtxParser, EveryInstructionFamilyIsKnown) {
  // One line per family the lifter may reject later: they must parse.
  Parsed P = parse(kernel(
      "  wgmma.fence.sync.aligned;\n"
      "  wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 "
      "{%f1, %f2}, %rd1, %rd2, 1, 1, 1, 0, 0;\n"
      "  wgmma.commit_group.sync.aligned;\n"
      "  wgmma.wait_group.sync.aligned 0;\n"
      "  mbarrier.init.shared::cta.b64 [%rd1], 1;\n"
      "  mbarrier.arrive.expect_tx.shared::cta.b64 %rd2, [%rd1], 16;\n"
      "  mbarrier.try_wait.parity.shared::cta.b64 %p1, [%rd1], %r1;\n"
      "  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes "
      "[%rd1], [%rd2], 16, [%rd3];\n"
      "  cp.async.bulk.commit_group;\n"
      "  cp.async.bulk.wait_group.read 0;\n"
      "  cp.async.ca.shared.global [%rd1], [%rd2], 16;\n"
      "  cp.async.commit_group;\n"
      "  cp.async.wait_group 0;\n"
      "  barrier.cluster.arrive.release.aligned;\n"
      "  barrier.cluster.wait.acquire.aligned;\n"
      "  mapa.shared::cluster.u64 %rd1, %rd2, %r1;\n"
      "  getctarank.shared::cluster.u32 %r1, %rd1;\n"
      "  fence.proxy.async.shared::cta;\n"
      "  fence.acq_rel.gpu;\n"
      "  elect.sync %r1|%p1, -1;\n"
      "  setmaxnreg.inc.sync.aligned.u32 240;\n"
      "  griddepcontrol.wait;\n"
      "  tcgen05.alloc.cta_group::1.sync.aligned.shared::cta.b32 [%rd1], 32;\n"
      "  tcgen05.fence::before_thread_sync;\n"
      "  tcgen05.wait::ld.sync.aligned;\n"
      "  mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%f1, %f2, %f3, "
      "%f4}, {%r1, %r2, %r3, %r4}, {%r5, %r6}, {%f5, %f6, %f7, %f8};\n"
      "  ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%r1, %r2, %r3, %r4}, "
      "[%rd1];\n"
      "  wmma.load.a.sync.aligned.row.m16n16k16.global.f16 {%r1, %r2}, "
      "[%rd1], 16;\n"
      "  tex.2d.v4.f32.f32 {%f1, %f2, %f3, %f4}, [%rd1, {%f5, %f6}];\n"
      "  suld.b.2d.v4.b32.trap {%r1, %r2, %r3, %r4}, [%rd1, {%r5, %r6}];\n"
      "  multimem.ld_reduce.relaxed.sys.global.add.f32 %f1, [%rd1];\n"
      "  red.global.add.u32 [%rd1], 1;\n"
      "  atom.global.v4.f32.add {%f1, %f2, %f3, %f4}, [%rd1], {%f5, %f6, "
      "%f7, %f8};\n"
      "  createpolicy.fractional.L2::evict_last.b64 %rd1, 1.0;\n"
      "  nanosleep.u32 100;\n"
      "  pmevent 1;\n"
      "  trap;\n"
      "  brkpt;\n"
      "  exit;\n"));
  EXPECT_EQ(P.messages(), Msgs{});
}

TEST(PtxParser, UnknownInstructionsAndModifiers) {
  EXPECT_EQ(parse(kernel("  frobnicate.u32 %r1;\n")).messages(),
            Msgs{"10:3: unknown instruction 'frobnicate'"});
  EXPECT_EQ(parse(kernel("  add.s33 %r1, %r2, %r3;\n")).messages(),
            Msgs{"10:6: unknown modifier '.s33' for instruction 'add'"});
  EXPECT_EQ(parse(kernel("  ld.global.u32.foo %r1, [%rd1];\n")).messages(),
            Msgs{"10:16: unknown modifier '.foo' for instruction 'ld'"});
  EXPECT_EQ(parse(kernel("  bar.frob 0;\n")).messages(),
            Msgs{"10:3: unknown instruction 'bar.frob'"});
  EXPECT_EQ(parse(kernel("  mbarrier.arrive.shared.b64.sat %rd1, [%rd2];\n"))
                .messages(),
            Msgs{"10:29: unknown modifier '.sat' for instruction "
                 "'mbarrier.arrive'"});
}

TEST(PtxParser, SyntaxErrorsRecoverAtTheNextStatement) {
  Parsed P = parse(kernel("  add.s32 %r1, %r2 %r3;\n"
                          "  mov.u32 %r1 ;\n"
                          "  mov.u32 %r1, [;\n"
                          "  .bogus;\n"
                          "  ld.u32 %r1, [];\n"
                          "  mov.u32 %r1, {};\n"
                          "  mov.u32 %r1, {{%r1}};\n"
                          "  .callprototype _ ();\n"
                          "  .entry x();\n"
                          "  42;\n"
                          "  ret;\n"));
  EXPECT_EQ(P.messages(),
            (Msgs{"10:20: expected ',' or ';' after the operand, found '%r3'",
                  "12:17: expected an operand, found ';'",
                  "13:3: unknown directive '.bogus'", "14:16: empty address",
                  "15:17: empty vector operand",
                  "16:17: vector operands cannot be nested",
                  "17:3: '.callprototype' must be preceded by a label",
                  "18:3: '.entry' is not allowed inside a function",
                  "19:3: expected an instruction or a directive, found '42'",
                  "11:3: wrong number of operands for 'mov.u32': expected "
                  "2, got 1"}));
}

TEST(PtxParser, DeepNestingIsAnErrorNotACrash) {
  std::string Body(300, '{');
  Body += "\n";
  Body += std::string(300, '}');
  Body += "\n";
  Parsed P = parse(kernel(Body));
  Msgs M = P.messages();
  ASSERT_FALSE(M.empty());
  EXPECT_NE(M[0].find("blocks nested too deeply"), std::string::npos);
}

TEST(PtxParser, ErrorLimitStopsTheParser) {
  std::string Body;
  for (int I = 0; I < 200; ++I)
    Body += "  bogus;\n";
  Parsed P = parse(kernel(Body));
  EXPECT_EQ(P.Diags->errorCount(), 50u);
  EXPECT_EQ(P.messages(true).back(),
            "59:3: note: too many errors (50), stopping now");
}

TEST(PtxParser, PrintedModuleParsesBackToTheSameText) {
  std::string Src =
      ".version 9.0\n.target sm_80\n.address_size 64\n"
      ".global .align 4 .b8 tbl[8] = {1, 2, 3, 4, 5, 6, 7, 8};\n"
      ".extern .shared .align 16 .b8 dyn[];\n"
      ".func (.param .b32 r) f(.param .b32 a)\n{\n"
      "  .reg .b32 %r<3>;\n"
      "  ld.param.b32 %r1, [a];\n"
      "  st.param.b32 [r+0], %r1;\n  ret;\n}\n"
      ".visible .entry k(.param .u64 .ptr .global .align 16 p)\n"
      ".maxntid 128, 1, 1\n{\n"
      "  .reg .pred %p<2>;\n  .reg .b32 %r<9>;\n  .reg .b64 %rd<5>;\n"
      "  .reg .f32 %f<3>;\n"
      "  ld.param.u64 %rd1, [p];\n"
      "  cvta.to.global.u64 %rd2, %rd1;\n"
      "  mov.u32 %r1, %tid.x;\n"
      "  setp.gt.u32 %p1, %r1, 31;\n"
      "  @%p1 bra $L__BB0_2;\n"
      "  mul.wide.u32 %rd3, %r1, 4;\n"
      "  add.s64 %rd4, %rd2, %rd3;\n"
      "  ld.global.v2.f32 {%f1, %f2}, [%rd4+-8];\n"
      "  add.rn.f32 %f1, %f1, 0f3F800000;\n"
      "  st.global.f32 [%rd4], %f1;\n"
      "  { .reg .b64 %t;\n  mov.u64 %t, dyn;\n  }\n"
      "  { .param .b32 param0;\n  st.param.b32 [param0], %r1;\n"
      "  .param .b32 retval0;\n"
      "  call.uni (retval0), f, (param0);\n  }\n"
      "$L__BB0_2:\n  ret;\n}\n";
  Parsed P = parse(Src);
  ASSERT_EQ(P.messages(), Msgs{});
  std::string Once = printed(*P.M);
  Parsed Q = parse(Once);
  ASSERT_EQ(Q.messages(), Msgs{}) << Once;
  EXPECT_EQ(printed(*Q.M), Once);
}

} // namespace

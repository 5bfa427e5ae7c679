//===- test/unit/air/AIRVerifierTest.cpp - AIR dialect verifier tests -----===//
//
// Every check passes on every module of the Apple-built fixtures (read at run
// time from CUMETAL_FIXTURES_DIR, skipped when absent) and on a hand-written
// macOS 14 kernel; each check fails, naming the offender, on a variant of
// that kernel that breaks exactly it.
//
//===----------------------------------------------------------------------===//

#include "air/AIRVerifier.h"

#include "metallib/Metallib.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace cumetal::air;
using namespace llvm;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::unique_ptr<Module> parseIR(LLVMContext &Ctx, StringRef IR) {
  SMDiagnostic Err;
  std::unique_ptr<Module> M = parseAssemblyString(IR, Err, Ctx);
  if (!M) {
    std::string S;
    raw_string_ostream OS(S);
    Err.print("test", OS);
    ADD_FAILURE() << "IR does not parse: " << OS.str();
  }
  return M;
}

/// Replaces the one occurrence of \p From in \p Text by \p To.
std::string replaceOnce(std::string Text, StringRef From, StringRef To) {
  size_t Pos = Text.find(From.str());
  EXPECT_NE(Pos, std::string::npos) << "not in the IR: " << From.str();
  if (Pos != std::string::npos) {
    EXPECT_EQ(Text.find(From.str(), Pos + 1), std::string::npos)
        << "ambiguous: " << From.str();
    Text.replace(Pos, From.size(), To.str());
  }
  return Text;
}

const CheckResult *findResult(const std::vector<CheckResult> &Results,
                              StringRef Id) {
  for (const CheckResult &R : Results)
    if (R.Check == Id)
      return &R;
  return nullptr;
}

std::string describe(const std::vector<CheckResult> &Results) {
  std::string S;
  for (const CheckResult &R : Results)
    S += R.Check + ": " + checkStatusName(R.Status).str() +
         (R.Message.empty() ? "" : " (" + R.Message + ")") + "\n";
  return S;
}

/// Every check reported, in order, and none failed.
void expectAllPass(const std::vector<CheckResult> &Results) {
  ASSERT_EQ(Results.size(), airCheckIds().size());
  for (size_t I = 0; I != Results.size(); ++I) {
    EXPECT_EQ(Results[I].Check, airCheckIds()[I]);
    EXPECT_EQ(Results[I].Status, CheckStatus::Passed)
        << Results[I].Check << ": " << Results[I].Message;
  }
}

/// Exactly the check \p Id failed, with a one-line message containing every
/// string of \p Needles.
void expectOnlyFailure(const std::vector<CheckResult> &Results, StringRef Id,
                       std::initializer_list<StringRef> Needles) {
  ASSERT_EQ(Results.size(), airCheckIds().size());
  const CheckResult *R = findResult(Results, Id);
  ASSERT_NE(R, nullptr) << Id.str();
  EXPECT_EQ(R->Status, CheckStatus::Failed) << describe(Results);
  for (StringRef N : Needles)
    EXPECT_NE(R->Message.find(N.str()), std::string::npos)
        << "'" << N.str() << "' not in: " << R->Message;
  EXPECT_EQ(R->Message.find('\n'), std::string::npos) << R->Message;
  for (const CheckResult &Other : Results) {
    if (Other.Check != Id) {
      EXPECT_NE(Other.Status, CheckStatus::Failed)
          << Other.Check << ": " << Other.Message;
    }
  }
}

//===----------------------------------------------------------------------===//
// A well-formed macOS 14 kernel
//===----------------------------------------------------------------------===//

// `out[tid] = exp2(in[tid])` with a barrier: a device buffer, a constant
// buffer and one hardware input, the metadata layout of air-abi.md §2.
const char *const GoodIR = R"IR(
target datalayout = "e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-f64:64:64-v16:16:16-v24:32:32-v32:32:32-v48:64:64-v64:64:64-v96:128:128-v128:128:128-v192:256:256-v256:256:256-v512:512:512-v1024:1024:1024-n8:16:32"
target triple = "air64_v26-apple-macosx14.0.0"

@tile = internal addrspace(3) global [32 x float] undef, align 4

define void @scale(float addrspace(1)* %out, float addrspace(2)* %in, i32 %tid) {
  %idx = zext i32 %tid to i64
  %src = getelementptr float, float addrspace(2)* %in, i64 %idx
  %v = load float, float addrspace(2)* %src, align 4
  %e = call float @air.fast_exp2.f32(float %v)
  %slot = getelementptr [32 x float], [32 x float] addrspace(3)* @tile, i64 0, i64 %idx
  store float %e, float addrspace(3)* %slot, align 4
  call void @air.wg.barrier(i32 2, i32 1)
  %w = load float, float addrspace(3)* %slot, align 4
  %dst = getelementptr float, float addrspace(1)* %out, i64 %idx
  store float %w, float addrspace(1)* %dst, align 4
  ret void
}

declare float @air.fast_exp2.f32(float)
declare void @air.wg.barrier(i32, i32)

!llvm.module.flags = !{!0, !1, !2, !3, !4, !5, !6}
!air.version = !{!7}
!air.language_version = !{!8}
!air.compile_options = !{!9, !10, !11}
!air.kernel = !{!12}

!0 = !{i32 2, !"SDK Version", [2 x i32] [i32 14, i32 0]}
!1 = !{i32 7, !"air.max_device_buffers", i32 31}
!2 = !{i32 7, !"air.max_constant_buffers", i32 31}
!3 = !{i32 7, !"air.max_threadgroup_buffers", i32 31}
!4 = !{i32 7, !"air.max_textures", i32 128}
!5 = !{i32 7, !"air.max_read_write_textures", i32 8}
!6 = !{i32 7, !"air.max_samplers", i32 16}
!7 = !{i32 2, i32 6, i32 0}
!8 = !{!"Metal", i32 3, i32 1, i32 0}
!9 = !{!"air.compile.denorms_disable"}
!10 = !{!"air.compile.fast_math_enable"}
!11 = !{!"air.compile.framebuffer_fetch_enable"}
!12 = !{void (float addrspace(1)*, float addrspace(2)*, i32)* @scale, !13, !14}
!13 = !{}
!14 = !{!15, !16, !17}
!15 = !{i32 0, !"air.buffer", !"air.location_index", i32 0, i32 1, !"air.read_write", !"air.address_space", i32 1, !"air.arg_type_size", i32 4, !"air.arg_type_align_size", i32 4, !"air.arg_type_name", !"float", !"air.arg_name", !"out"}
!16 = !{i32 1, !"air.buffer", !"air.location_index", i32 1, i32 1, !"air.read", !"air.address_space", i32 2, !"air.arg_type_size", i32 4, !"air.arg_type_align_size", i32 4, !"air.arg_type_name", !"float", !"air.arg_name", !"in"}
!17 = !{i32 2, !"air.thread_position_in_grid", !"air.arg_type_name", !"uint", !"air.arg_name", !"tid"}
)IR";

EntryPointInfo scaleEntry() {
  EntryPointInfo E;
  E.Name = "scale";
  E.Type = 2;
  E.Vers = std::array<uint16_t, 4>{2, 6, 3, 1};
  return E;
}

std::vector<CheckResult> verifyText(StringRef IR,
                                    const EntryPointInfo &E = scaleEntry()) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, IR);
  if (!M)
    return {};
  return verifyAIRModule(*M, E);
}

std::string goodWith(StringRef From, StringRef To) {
  return replaceOnce(GoodIR, From, To);
}

TEST(AIRVerifier, GoodKernelPassesEveryCheck) {
  std::vector<CheckResult> Results = verifyText(GoodIR);
  expectAllPass(Results);
  for (const CheckResult &R : Results) {
    EXPECT_TRUE(R.Message.empty()) << R.Check;
    bool PerEntry = R.Check == "function-defined" || R.Check == "air-kernel" ||
                    R.Check == "vers";
    EXPECT_EQ(R.Function, PerEntry ? "scale" : "") << R.Check;
  }
}

TEST(AIRVerifier, CheckIdsAreStable) {
  const std::vector<std::string> Expected = {
      "function-defined", "air-kernel", "module-flags",   "sdk-version",
      "air-version",      "vers",       "typed-pointers", "address-spaces",
      "no-trap",          "intrinsics"};
  EXPECT_EQ(airCheckIds(), Expected);
}

//===----------------------------------------------------------------------===//
// function-defined
//===----------------------------------------------------------------------===//

TEST(AIRVerifier, FunctionDefinedMissing) {
  EntryPointInfo E = scaleEntry();
  E.Name = "vadd";
  std::vector<CheckResult> Results = verifyText(GoodIR, E);
  expectOnlyFailure(Results, "function-defined", {"@vadd"});
  EXPECT_EQ(findResult(Results, "air-kernel")->Status, CheckStatus::Skipped);
}

TEST(AIRVerifier, FunctionDefinedWithoutBody) {
  const char *IR = R"IR(
target triple = "air64_v26-apple-macosx14.0.0"
declare void @empty()
!llvm.module.flags = !{!0, !1, !2, !3, !4, !5, !6}
!air.version = !{!7}
!air.language_version = !{!8}
!air.compile_options = !{}
!air.kernel = !{!9}
!0 = !{i32 2, !"SDK Version", [2 x i32] [i32 14, i32 0]}
!1 = !{i32 7, !"air.max_device_buffers", i32 31}
!2 = !{i32 7, !"air.max_constant_buffers", i32 31}
!3 = !{i32 7, !"air.max_threadgroup_buffers", i32 31}
!4 = !{i32 7, !"air.max_textures", i32 128}
!5 = !{i32 7, !"air.max_read_write_textures", i32 8}
!6 = !{i32 7, !"air.max_samplers", i32 16}
!7 = !{i32 2, i32 6, i32 0}
!8 = !{!"Metal", i32 3, i32 1, i32 0}
!9 = !{void ()* @empty, !10, !10}
!10 = !{}
)IR";
  EntryPointInfo E = scaleEntry();
  E.Name = "empty";
  expectOnlyFailure(verifyText(IR, E), "function-defined",
                    {"@empty", "no body"});
}

//===----------------------------------------------------------------------===//
// air-kernel
//===----------------------------------------------------------------------===//

TEST(AIRVerifier, AirKernelOneArgumentNodeTooFew) {
  expectOnlyFailure(
      verifyText(goodWith("!14 = !{!15, !16, !17}", "!14 = !{!15, !16}")),
      "air-kernel", {"@scale", "2 argument nodes for 3 parameters"});
}

TEST(AIRVerifier, AirKernelMissingNode) {
  expectOnlyFailure(
      verifyText(goodWith("!air.kernel = !{!12}", "!air.kernel = !{}")),
      "air-kernel", {"no node for @scale"});
  expectOnlyFailure(verifyText(goodWith("!air.kernel = !{!12}\n", "")),
                    "air-kernel", {"no !air.kernel"});
}

TEST(AIRVerifier, AirKernelWrongParameterIndex) {
  expectOnlyFailure(verifyText(goodWith("!17 = !{i32 2,", "!17 = !{i32 3,")),
                    "air-kernel", {"argument node 2", "index 3"});
}

TEST(AIRVerifier, AirKernelKindNotAirString) {
  expectOnlyFailure(verifyText(goodWith("!\"air.thread_position_in_grid\"",
                                        "!\"thread_position_in_grid\"")),
                    "air-kernel", {"argument node 2", "air.* kind"});
}

TEST(AIRVerifier, AirKernelStageOutputsNotANode) {
  expectOnlyFailure(
      verifyText(goodWith("@scale, !13, !14}", "@scale, !\"outputs\", !14}")),
      "air-kernel", {"operand 1"});
}

TEST(AIRVerifier, AirKernelBufferWithoutLocationIndex) {
  expectOnlyFailure(
      verifyText(goodWith("!\"air.location_index\", i32 1, i32 1, ", "")),
      "air-kernel", {"argument node 1", "air.location_index"});
}

TEST(AIRVerifier, AirKernelBufferAddressSpaceMismatch) {
  expectOnlyFailure(
      verifyText(goodWith("!\"air.address_space\", i32 2",
                          "!\"air.address_space\", i32 1")),
      "air-kernel",
      {"argument node 1", "air.address_space 1", "float addrspace(2)*"});
}

TEST(AIRVerifier, AirKernelBufferAddressSpaceOutOfRange) {
  expectOnlyFailure(verifyText(goodWith("!\"air.address_space\", i32 2",
                                        "!\"air.address_space\", i32 0")),
                    "air-kernel", {"argument node 1", "air.address_space 0"});
}

TEST(AIRVerifier, AirKernelBufferWithoutAddressSpace) {
  std::string IR = goodWith("!\"air.read\", !\"air.address_space\", i32 2,",
                            "!\"air.read\",");
  expectOnlyFailure(verifyText(IR), "air-kernel",
                    {"argument node 1", "lacks air.address_space"});

  // AIR 2.0 (2018) modules had no air.address_space field.
  IR = replaceOnce(IR, "!7 = !{i32 2, i32 6, i32 0}",
                   "!7 = !{i32 2, i32 0, i32 0}");
  IR = replaceOnce(IR, "air64_v26", "air64_v20");
  EntryPointInfo E = scaleEntry();
  E.Vers = std::array<uint16_t, 4>{2, 0, 3, 1};
  expectAllPass(verifyText(IR, E));
}

TEST(AIRVerifier, AirKernelSkippedForNonKernels) {
  EntryPointInfo E = scaleEntry();
  E.Type = 4; // visible function
  std::vector<CheckResult> Results =
      verifyText(goodWith("!air.kernel = !{!12}\n", ""), E);
  const CheckResult *R = findResult(Results, "air-kernel");
  ASSERT_NE(R, nullptr);
  EXPECT_EQ(R->Status, CheckStatus::Skipped);
  EXPECT_NE(R->Message.find("not a kernel"), std::string::npos) << R->Message;
}

//===----------------------------------------------------------------------===//
// module-flags and sdk-version
//===----------------------------------------------------------------------===//

TEST(AIRVerifier, ModuleFlagMissing) {
  expectOnlyFailure(verifyText(goodWith("!{!0, !1, !2, !3, !4, !5, !6}",
                                        "!{!0, !1, !2, !3, !4, !5}")),
                    "module-flags", {"air.max_samplers", "missing"});
}

TEST(AIRVerifier, ModuleFlagWrongBehavior) {
  expectOnlyFailure(verifyText(goodWith("i32 7, !\"air.max_textures\"",
                                        "i32 1, !\"air.max_textures\"")),
                    "module-flags", {"air.max_textures", "behavior 1"});
}

TEST(AIRVerifier, ModuleFlagNotAnInteger) {
  expectOnlyFailure(
      verifyText(goodWith("!\"air.max_device_buffers\", i32 31",
                          "!\"air.max_device_buffers\", !\"31\"")),
      "module-flags", {"air.max_device_buffers", "integer"});
}

TEST(AIRVerifier, SDKVersionMissing) {
  expectOnlyFailure(verifyText(goodWith("!{!0, !1, !2, !3, !4, !5, !6}",
                                        "!{!1, !2, !3, !4, !5, !6}")),
                    "sdk-version", {"SDK Version", "missing"});
}

TEST(AIRVerifier, SDKVersionWrongShape) {
  expectOnlyFailure(verifyText(goodWith("[2 x i32] [i32 14, i32 0]",
                                        "[3 x i32] [i32 14, i32 0, i32 0]")),
                    "sdk-version", {"SDK Version", "[3 x i32]"});
  expectOnlyFailure(verifyText(goodWith("!{i32 2, !\"SDK Version\"",
                                        "!{i32 1, !\"SDK Version\"")),
                    "sdk-version", {"SDK Version", "behavior 1"});
}

//===----------------------------------------------------------------------===//
// air-version and vers
//===----------------------------------------------------------------------===//

TEST(AIRVerifier, AirVersionMissing) {
  std::vector<CheckResult> Results =
      verifyText(goodWith("!air.version = !{!7}\n", ""));
  expectOnlyFailure(Results, "air-version", {"!air.version"});
  EXPECT_EQ(findResult(Results, "vers")->Status, CheckStatus::Skipped);
}

TEST(AIRVerifier, AirVersionMalformed) {
  expectOnlyFailure(verifyText(goodWith("!7 = !{i32 2, i32 6, i32 0}",
                                        "!7 = !{i32 2, i32 6}")),
                    "air-version", {"!air.version"});
  expectOnlyFailure(
      verifyText(goodWith("!{!\"Metal\", i32 3", "!{!\"OpenCL\", i32 3")),
      "air-version", {"!air.language_version"});
}

TEST(AIRVerifier, CompileOptionsMissing) {
  expectOnlyFailure(
      verifyText(goodWith("!air.compile_options = !{!9, !10, !11}\n", "")),
      "air-version", {"!air.compile_options"});
}

TEST(AIRVerifier, VersAIRMismatch) {
  // A consistent AIR 2.5 / macOS 13 module, listed as AIR 2.6 in VERS.
  std::string IR =
      goodWith("!7 = !{i32 2, i32 6, i32 0}", "!7 = !{i32 2, i32 5, i32 0}");
  IR = replaceOnce(IR, "air64_v26-apple-macosx14.0.0",
                   "air64-apple-macosx13.0.0");
  IR = replaceOnce(IR, "!{!\"Metal\", i32 3, i32 1",
                   "!{!\"Metal\", i32 3, i32 0");
  EntryPointInfo E = scaleEntry();
  E.Vers = std::array<uint16_t, 4>{2, 5, 3, 0};
  expectAllPass(verifyText(IR, E));
  E.Vers = std::array<uint16_t, 4>{2, 6, 3, 0};
  expectOnlyFailure(verifyText(IR, E), "vers",
                    {"VERS says AIR 2.6", "!air.version is 2.5"});
}

TEST(AIRVerifier, VersMSLMismatch) {
  EntryPointInfo E = scaleEntry();
  E.Vers = std::array<uint16_t, 4>{2, 6, 3, 2};
  expectOnlyFailure(verifyText(GoodIR, E), "vers", {"MSL 3.2", "Metal 3.1"});
}

TEST(AIRVerifier, VersTripleVersionedArchMismatch) {
  expectOnlyFailure(
      verifyText(goodWith("air64_v26-apple", "air64_v27-apple")), "vers",
      {"air64_v27-apple-macosx14.0.0", "AIR 2.7", "!air.version is 2.6"});
}

TEST(AIRVerifier, VersTriplePlainArchMacOSMismatch) {
  expectOnlyFailure(verifyText(goodWith("air64_v26-apple-macosx14.0.0",
                                        "air64-apple-macosx15.0.0")),
                    "vers",
                    {"air64-apple-macosx15.0.0", "AIR 2.7 for macOS 15"});
}

TEST(AIRVerifier, VersTripleAccepted) {
  // Plain air64 for the matching macOS; an OS outside the table; iOS; the
  // macOS 26.5 SDK's versioned spelling for an older target.
  for (const char *Triple :
       {"air64-apple-macosx14.0.0", "air64-apple-macosx16.0.0",
        "air64-apple-ios17.0.0", "air64_v26-apple-macosx13.0.0"})
    expectAllPass(verifyText(goodWith("air64_v26-apple-macosx14.0.0", Triple)));
}

TEST(AIRVerifier, VersTripleMalformed) {
  for (const char *Triple :
       {"nvptx64-nvidia-cuda", "air64-apple", "air64_vx-apple-macosx14.0.0",
        "air32-apple-macosx14.0.0", "air64-apple-14.0"})
    expectOnlyFailure(
        verifyText(goodWith("air64_v26-apple-macosx14.0.0", Triple)), "vers",
        {Triple});
}

TEST(AIRVerifier, VersSkippedWithoutTag) {
  EntryPointInfo E = scaleEntry();
  E.Vers.reset();
  // Even a disagreeing triple is not looked at without a VERS tag.
  std::vector<CheckResult> Results =
      verifyText(goodWith("air64_v26-apple", "air64_v27-apple"), E);
  const CheckResult *R = findResult(Results, "vers");
  ASSERT_NE(R, nullptr);
  EXPECT_EQ(R->Status, CheckStatus::Skipped);
  EXPECT_FALSE(R->Message.empty());
}

//===----------------------------------------------------------------------===//
// typed-pointers and address-spaces
//===----------------------------------------------------------------------===//

TEST(AIRVerifier, TypedPointersRejectsOpaquePointers) {
  const char *IR = R"IR(
target triple = "air64_v26-apple-macosx14.0.0"
define void @copy(ptr addrspace(1) %dst, ptr addrspace(1) %src) {
  %v = load float, ptr addrspace(1) %src, align 4
  store float %v, ptr addrspace(1) %dst, align 4
  ret void
}
!llvm.module.flags = !{!0, !1, !2, !3, !4, !5, !6}
!air.version = !{!7}
!air.language_version = !{!8}
!air.compile_options = !{}
!air.kernel = !{!9}
!0 = !{i32 2, !"SDK Version", [2 x i32] [i32 14, i32 0]}
!1 = !{i32 7, !"air.max_device_buffers", i32 31}
!2 = !{i32 7, !"air.max_constant_buffers", i32 31}
!3 = !{i32 7, !"air.max_threadgroup_buffers", i32 31}
!4 = !{i32 7, !"air.max_textures", i32 128}
!5 = !{i32 7, !"air.max_read_write_textures", i32 8}
!6 = !{i32 7, !"air.max_samplers", i32 16}
!7 = !{i32 2, i32 6, i32 0}
!8 = !{!"Metal", i32 3, i32 1, i32 0}
!9 = !{ptr @copy, !10, !11}
!10 = !{}
!11 = !{!12, !13}
!12 = !{i32 0, !"air.buffer", !"air.location_index", i32 0, i32 1, !"air.read_write", !"air.address_space", i32 1}
!13 = !{i32 1, !"air.buffer", !"air.location_index", i32 1, i32 1, !"air.read", !"air.address_space", i32 1}
)IR";
  LLVMContext Ctx;
  Ctx.enableOpaquePointers(); // LLVM 14 parses `ptr` only in this mode
  std::unique_ptr<Module> M = parseIR(Ctx, IR);
  ASSERT_TRUE(M);
  EntryPointInfo E = scaleEntry();
  E.Name = "copy";
  expectOnlyFailure(verifyAIRModule(*M, E), "typed-pointers",
                    {"opaque pointer type 'ptr addrspace(1)'",
                     "function @copy: parameter 0"});
}

TEST(AIRVerifier, AddressSpaceOfGlobal) {
  expectOnlyFailure(verifyText(goodWith("@tile = internal addrspace(3)",
                                        "@bad = addrspace(4) global i32 0\n"
                                        "@tile = internal addrspace(3)")),
                    "address-spaces",
                    {"i32 addrspace(4)*", "address space 4", "global @bad"});
}

TEST(AIRVerifier, AddressSpaceOfInstruction) {
  expectOnlyFailure(
      verifyText(goodWith("  ret void\n",
                          "  %cast = addrspacecast float addrspace(1)* %dst "
                          "to float addrspace(4)*\n  ret void\n")),
      "address-spaces",
      {"float addrspace(4)*", "function @scale: instruction %cast "
                              "(addrspacecast)"});
}

TEST(AIRVerifier, AddressSpaceOfUnnamedInstruction) {
  expectOnlyFailure(
      verifyText(goodWith("  ret void\n",
                          "  addrspacecast float addrspace(1)* %dst "
                          "to float addrspace(5)*\n  ret void\n")),
      // The entry block is %0, so the unnamed cast is %1.
      "address-spaces", {"address space 5", "instruction %1 (addrspacecast)"});
}

TEST(AIRVerifier, AddressSpaceNestedInStruct) {
  expectOnlyFailure(
      verifyText(
          goodWith("  ret void\n",
                   "  %pair = alloca { i32, [2 x <2 x i8 addrspace(6)*>] "
                   "}, align 8\n  ret void\n")),
      "address-spaces",
      {"i8 addrspace(6)*", "function @scale: instruction %pair (alloca)"});
}

TEST(AIRVerifier, AddressSpaceNestedInPointee) {
  expectOnlyFailure(
      verifyText(goodWith("define void @scale(",
                          "define internal void @helper(float addrspace(4)* "
                          "addrspace(1)* %pp) {\n  ret void\n}\n\n"
                          "define void @scale(")),
      "address-spaces",
      {"float addrspace(4)*", "function @helper: parameter 0"});
}

TEST(AIRVerifier, AddressSpaceInConstantExpression) {
  // A store whose operands are constant expressions, one hiding an AS-4 cast.
  expectOnlyFailure(
      verifyText(goodWith(
          "  ret void\n",
          "  store i64 ptrtoint (float addrspace(4)* addrspacecast (float "
          "addrspace(3)* getelementptr ([32 x float], [32 x float] "
          "addrspace(3)* @tile, i64 0, i64 1) to float addrspace(4)*) to i64), "
          "i64 addrspace(3)* bitcast ([32 x float] addrspace(3)* @tile to i64 "
          "addrspace(3)*), align 8\n"
          "  ret void\n")),
      "address-spaces", {"float addrspace(4)*", "instruction #10 (store)"});
}

TEST(AIRVerifier, AddressSpaceOfDeclaration) {
  expectOnlyFailure(
      verifyText(goodWith("declare void @air.wg.barrier(i32, i32)",
                          "declare void @air.wg.barrier(i32, i32)\n"
                          "declare void @air.os_log(i8 addrspace(2)*, i8 "
                          "addrspace(2)*, i32, i8 addrspace(7)*, i8*, i64)")),
      "address-spaces",
      {"address space 7", "function @air.os_log: parameter 3"});
}

//===----------------------------------------------------------------------===//
// no-trap and intrinsics
//===----------------------------------------------------------------------===//

TEST(AIRVerifier, NoTrapCalled) {
  std::string IR = goodWith("  ret void\n", "  call void @llvm.trap()\n"
                                            "  ret void\n");
  IR += "declare void @llvm.trap()\n";
  expectOnlyFailure(verifyText(IR), "no-trap",
                    {"@llvm.trap", "called in @scale"});
}

TEST(AIRVerifier, NoTrapDeclared) {
  std::string IR = std::string(GoodIR) + "declare void @llvm.debugtrap()\n";
  expectOnlyFailure(verifyText(IR), "no-trap", {"@llvm.debugtrap"});
}

TEST(AIRVerifier, IntrinsicsUnknownAirName) {
  std::string IR =
      std::string(GoodIR) + "declare float @air.bogus.f32(float)\n";
  expectOnlyFailure(verifyText(IR), "intrinsics",
                    {"@air.bogus.f32", "not a known air.* intrinsic"});
}

TEST(AIRVerifier, IntrinsicsRejectedLLVMIntrinsic) {
  std::string IR = goodWith("call float @air.fast_exp2.f32(float %v)",
                            "call float @llvm.sin.f32(float %v)");
  IR += "declare float @llvm.sin.f32(float)\n";
  expectOnlyFailure(verifyText(IR), "intrinsics",
                    {"@llvm.sin.f32", "rejected llvm intrinsic", "air.* math"});
}

TEST(AIRVerifier, IntrinsicsUnresolvedExternal) {
  std::string IR = std::string(GoodIR) + "declare i32 @printf(i8*, ...)\n";
  expectOnlyFailure(verifyText(IR), "intrinsics",
                    {"@printf", "unresolved external symbol"});
}

TEST(AIRVerifier, IntrinsicsAcceptedDeclarations) {
  std::string IR = std::string(GoodIR) +
                   "declare void @llvm.dbg.value(metadata, metadata, "
                   "metadata)\n"
                   "declare void @llvm.memcpy.p1i8.p3i8.i64(i8 addrspace(1)*, "
                   "i8 addrspace(3)*, i64, i1)\n"
                   "declare i32 @air.atomic.global.add.u.i32(i32 "
                   "addrspace(1)*, i32, i32, i32, i1)\n"
                   "declare float @air.convert.f.f32.u.i32(i32)\n";
  expectAllPass(verifyText(IR));
}

//===----------------------------------------------------------------------===//
// Apple-built fixtures
//===----------------------------------------------------------------------===//

/// What PROVENANCE.md records for each fixture: entries and VERS.
struct FixtureInfo {
  const char *File;
  std::vector<std::string> Kernels;
  std::array<uint16_t, 4> Vers;
};

const FixtureInfo Fixtures[] = {
    {"metaljl-kernel.11.metallib", {"foo"}, {2, 3, 2, 3}},
    {"metaljl-constants.13.metallib", {"vadd"}, {2, 5, 3, 0}},
    {"metaljl-constants.14.metallib", {"vadd"}, {2, 6, 3, 1}},
    {"metaljl-constants.15.metallib", {"vadd"}, {2, 7, 3, 2}},
    {"metaljl-constants.26.metallib", {"vadd"}, {2, 8, 4, 0}},
    {"metaljl-kernels.14.metallib", {"foo", "bar", "baz"}, {2, 6, 3, 1}},
    {"metaljl-debuginfo.14.metallib", {"foo"}, {2, 6, 3, 1}},
    {"airv-vecAdd_msl.metallib", {"vecAdd"}, {2, 5, 3, 0}},
};

std::string fixturePath(StringRef File) {
  SmallString<256> Path(CUMETAL_FIXTURES_DIR);
  sys::path::append(Path, File);
  return std::string(Path.str());
}

/// One function entry of a fixture with its parsed module.
struct LoadedEntry {
  EntryPointInfo Info;
  std::unique_ptr<Module> M;
};

/// Reads every entry of \p File into \p Ctx; reports failures to gtest.
std::vector<LoadedEntry> loadFixture(LLVMContext &Ctx, StringRef File) {
  std::vector<LoadedEntry> Entries;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(fixturePath(File));
  if (!Buf) {
    ADD_FAILURE() << "cannot read " << File.str();
    return Entries;
  }
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());
  Expected<cumetal::metallib::Library> Lib =
      cumetal::metallib::readLibrary(Bytes);
  if (!Lib) {
    ADD_FAILURE() << File.str() << ": " << toString(Lib.takeError());
    return Entries;
  }
  for (const cumetal::metallib::Function &F : Lib->Functions) {
    LoadedEntry L;
    L.Info.Name = F.name();
    L.Info.Type = F.type().value_or(255);
    if (std::optional<cumetal::metallib::Versions> V = F.versions())
      L.Info.Vers = std::array<uint16_t, 4>{V->AIRMajor, V->AIRMinor,
                                            V->MetalMajor, V->MetalMinor};
    StringRef Data(reinterpret_cast<const char *>(F.Module.data()),
                   F.Module.size());
    Expected<std::unique_ptr<Module>> M =
        parseBitcodeFile(MemoryBufferRef(Data, L.Info.Name), Ctx);
    if (!M) {
      ADD_FAILURE() << File.str() << " @" << L.Info.Name << ": "
                    << toString(M.takeError());
      continue;
    }
    L.M = std::move(*M);
    Entries.push_back(std::move(L));
  }
  return Entries;
}

class AIRVerifierFixtures : public ::testing::Test {
protected:
  void SetUp() override {
    if (!sys::fs::is_directory(CUMETAL_FIXTURES_DIR))
      GTEST_SKIP() << "Apple fixtures not found at " CUMETAL_FIXTURES_DIR;
  }
};

TEST_F(AIRVerifierFixtures, EveryCheckPassesOnEveryAppleModule) {
  unsigned Modules = 0;
  for (const FixtureInfo &Fx : Fixtures) {
    SCOPED_TRACE(Fx.File);
    if (!sys::fs::exists(fixturePath(Fx.File))) {
      ADD_FAILURE() << "missing fixture " << Fx.File;
      continue;
    }
    LLVMContext Ctx;
    std::vector<LoadedEntry> Entries = loadFixture(Ctx, Fx.File);
    ASSERT_EQ(Entries.size(), Fx.Kernels.size());
    for (size_t I = 0; I != Entries.size(); ++I) {
      const LoadedEntry &L = Entries[I];
      SCOPED_TRACE(L.Info.Name);
      EXPECT_EQ(L.Info.Name, Fx.Kernels[I]);
      EXPECT_EQ(L.Info.Type, 2);
      ASSERT_TRUE(L.Info.Vers.has_value());
      EXPECT_EQ(*L.Info.Vers, Fx.Vers);
      // LLVM 14 reads Apple's typed-pointer bitcode with typed pointers.
      EXPECT_TRUE(Ctx.supportsTypedPointers());
      expectAllPass(verifyAIRModule(*L.M, L.Info));
      ++Modules;
    }
  }
  EXPECT_EQ(Modules, 10u);
}

TEST_F(AIRVerifierFixtures, EveryFixtureFileIsCovered) {
  // A fixture added to the folder should be added to the table above.
  std::error_code EC;
  for (sys::fs::directory_iterator It(CUMETAL_FIXTURES_DIR, EC), End;
       It != End && !EC; It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.endswith(".metallib"))
      continue;
    EXPECT_TRUE(any_of(Fixtures, [&](const FixtureInfo &F) {
      return Name == F.File;
    })) << Name.str();
  }
  EXPECT_FALSE(EC) << EC.message();
}

TEST_F(AIRVerifierFixtures, WrongVersOnAppleModuleFails) {
  LLVMContext Ctx;
  std::vector<LoadedEntry> Entries =
      loadFixture(Ctx, "metaljl-constants.26.metallib");
  ASSERT_EQ(Entries.size(), 1u);
  EntryPointInfo E = Entries[0].Info;
  E.Vers = std::array<uint16_t, 4>{2, 7, 3, 2};
  expectOnlyFailure(verifyAIRModule(*Entries[0].M, E), "vers",
                    {"VERS says AIR 2.7", "!air.version is 2.8"});

  // Same module, VERS right, triple rewritten to disagree.
  E = Entries[0].Info;
  Entries[0].M->setTargetTriple("air64_v27-apple-macosx26.0.0");
  expectOnlyFailure(verifyAIRModule(*Entries[0].M, E), "vers",
                    {"air64_v27", "!air.version is 2.8"});
}

} // namespace

//===- CpuLoaderTest.cpp - Loading metallibs on the cpu backend -----------===//
//
// Malformed containers and modules are InvalidImage faults with a message,
// never crashes; kernels that use what the cpu backend cannot provide
// (unknown air.* functions, undefined functions, textures) fail cleanly at
// getKernel; unknown names are KernelNotFound.
//
//===----------------------------------------------------------------------===//

#include "CpuTestSupport.h"

#include "metallib/Metallib.h"

#include <random>

using namespace cputest;

namespace {

class LoaderTest : public CpuTest {};

const char *const CopyBody = R"(
define void @copy(float addrspace(1)* %in, float addrspace(1)* %out, i32 %gid) {
entry:
  %g = zext i32 %gid to i64
  %p = getelementptr inbounds float, float addrspace(1)* %in, i64 %g
  %v = load float, float addrspace(1)* %p, align 4
  %q = getelementptr inbounds float, float addrspace(1)* %out, i64 %g
  store float %v, float addrspace(1)* %q, align 4
  ret void
}
)";

std::string copyModule() {
  return airModule(CopyBody,
                   {{"void (float addrspace(1)*, float addrspace(1)*, i32)* "
                     "@copy",
                     {bufferArg(0, 0), bufferArg(1, 1),
                      builtinArg(2, "air.thread_position_in_grid", "uint")}}});
}

Status loadStatus(Device &D, const std::vector<uint8_t> &Bytes) {
  Status Err;
  auto Lib = D.loadLibrary(Bytes.data(), Bytes.size(), Err);
  EXPECT_EQ(bool(Lib), bool(Err)) << Err.message;
  return Err;
}

TEST_F(LoaderTest, MalformedContainersAreInvalidImage) {
  Status Err;
  EXPECT_FALSE(Dev->loadLibrary(nullptr, 0, Err));
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
  EXPECT_FALSE(Dev->loadLibrary(nullptr, 16, Err));
  EXPECT_EQ(Err.fault, Fault::InvalidImage);

  std::mt19937 Rng(42);
  for (size_t Size : {1u, 4u, 88u, 200u, 4096u}) {
    std::vector<uint8_t> Junk(Size);
    for (uint8_t &B : Junk)
      B = uint8_t(Rng());
    Status S = loadStatus(*Dev, Junk);
    EXPECT_EQ(S.fault, Fault::InvalidImage);
    EXPECT_FALSE(S.message.empty());
    if (Size >= 4) { // with the right magic the header is checked further
      Junk[0] = 'M', Junk[1] = 'T', Junk[2] = 'L', Junk[3] = 'B';
      EXPECT_EQ(loadStatus(*Dev, Junk).fault, Fault::InvalidImage);
    }
  }

  std::vector<uint8_t> Good = packMetallib(copyModule());
  ASSERT_FALSE(Good.empty());
  ASSERT_TRUE(loadStatus(*Dev, Good));
  for (size_t Len = 0; Len < Good.size(); Len += (Len < 512 ? 1 : 61)) {
    std::vector<uint8_t> Cut(Good.begin(), Good.begin() + Len);
    Status S = loadStatus(*Dev, Cut);
    EXPECT_EQ(S.fault, Fault::InvalidImage) << "truncated to " << Len;
  }
  // Corrupted header and function list: rejected or, if the container
  // still holds together, loaded; never a crash.
  for (size_t At = 0; At < std::min<size_t>(Good.size(), 256); ++At)
    for (uint8_t Flip : {0x01, 0x80, 0xff}) {
      std::vector<uint8_t> Bad = Good;
      Bad[At] ^= Flip;
      Status S = loadStatus(*Dev, Bad);
      if (!S) {
        EXPECT_EQ(S.fault, Fault::InvalidImage);
      }
    }
}

TEST_F(LoaderTest, ModuleThatIsNotBitcode) {
  cumetal::metallib::FunctionSpec F;
  F.Name = "copy";
  std::string Junk = "this is not LLVM bitcode, not even wrapped";
  F.Bitcode.assign(Junk.begin(), Junk.end());
  auto Bytes = cumetal::metallib::writeLibrary(
      cumetal::metallib::buildLibrary(cumetal::metallib::Header(), {F}));
  ASSERT_TRUE(bool(Bytes));
  Status Err;
  auto Lib = Dev->loadLibrary(Bytes->data(), Bytes->size(), Err);
  ASSERT_TRUE(Lib) << Err.message;
  EXPECT_EQ(Lib->getKernel("copy", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
  EXPECT_NE(Err.message.find("kernel 'copy'"), std::string::npos)
      << Err.message;
  // The failure is remembered, not retried into a different answer.
  EXPECT_EQ(Lib->getKernel("copy", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
}

TEST_F(LoaderTest, KernelNotFound) {
  auto Lib = load(copyModule());
  ASSERT_TRUE(Lib);
  Status Err;
  EXPECT_EQ(Lib->getKernel("nope", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::KernelNotFound);
  EXPECT_NE(Err.message.find("'nope'"), std::string::npos) << Err.message;
  EXPECT_TRUE(kernel(*Lib, "copy"));
}

// The unknown function fails its kernel; another kernel of the same module
// (packed whole, so both kernels' modules hold both) is unaffected, and
// does not count the other's threadgroup memory.
TEST_F(LoaderTest, UnknownAIRFunctionIsACleanFault) {
  const char *Body = R"(
@s = internal addrspace(3) global [64 x float] undef, align 4
declare float @air.frobnicate.f32(float)
define void @frob(float addrspace(1)* %out) {
entry:
  %v = call float @air.frobnicate.f32(float 1.0)
  store float %v, float addrspace(3)* getelementptr inbounds ([64 x float], [64 x float] addrspace(3)* @s, i64 0, i64 3), align 4
  store float %v, float addrspace(1)* %out, align 4
  ret void
}
define void @fine(float addrspace(1)* %out) {
entry:
  store float 4.0, float addrspace(1)* %out, align 4
  ret void
}
)";
  auto Lib = load(
      airModule(Body,
                {{"void (float addrspace(1)*)* @frob", {bufferArg(0, 0)}},
                 {"void (float addrspace(1)*)* @fine", {bufferArg(0, 0)}}}),
      /*Verify=*/false);
  ASSERT_TRUE(Lib);
  Status Err;
  EXPECT_EQ(Lib->getKernel("frob", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
  EXPECT_NE(Err.message.find("air.frobnicate.f32"), std::string::npos)
      << Err.message;
  Kernel *Fine = kernel(*Lib, "fine");
  ASSERT_TRUE(Fine);
  EXPECT_EQ(Fine->staticThreadgroupBytes(), 0u);
  float Out = 0;
  LaunchConfig C = config({1, 1, 1}, {1, 1, 1});
  bind(C, 0, &Out, 4);
  Status S = Fine->launch(C);
  ASSERT_TRUE(S) << S.message;
  EXPECT_EQ(Out, 4.0f);
}

TEST_F(LoaderTest, UndefinedFunctionIsACleanFault) {
  const char *Body = R"(
declare float @helper(float)
define void @calls(float addrspace(1)* %out) {
entry:
  %v = call float @helper(float 1.0)
  store float %v, float addrspace(1)* %out, align 4
  ret void
}
)";
  auto Lib = load(airModule(Body, {{"void (float addrspace(1)*)* @calls",
                                    {bufferArg(0, 0)}}}),
                  /*Verify=*/false);
  ASSERT_TRUE(Lib);
  Status Err;
  EXPECT_EQ(Lib->getKernel("calls", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
  EXPECT_NE(Err.message.find("'helper'"), std::string::npos) << Err.message;
}

TEST_F(LoaderTest, UnsupportedArgumentsAreCleanFaults) {
  const char *Body = R"(
define void @tex(i8 addrspace(1)* %t, i32 %gid) {
entry:
  ret void
}
define void @nonode(float addrspace(1)* %a, float addrspace(1)* %b) {
entry:
  ret void
}
)";
  std::string Texture = "!{i32 0, !\"air.texture\", !\"air.location_index\", "
                        "i32 0, i32 1, !\"air.sample\"}";
  auto Lib = load(
      airModule(
          Body,
          {{"void (i8 addrspace(1)*, i32)* @tex",
            {Texture, builtinArg(1, "air.thread_position_in_grid", "uint")}},
           {"void (float addrspace(1)*, float addrspace(1)*)* @nonode",
            {bufferArg(0, 0)}}}),
      /*Verify=*/false);
  ASSERT_TRUE(Lib);
  Status Err;
  EXPECT_EQ(Lib->getKernel("tex", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
  EXPECT_NE(Err.message.find("air.texture"), std::string::npos) << Err.message;
  EXPECT_EQ(Lib->getKernel("nonode", Err), nullptr);
  EXPECT_EQ(Err.fault, Fault::InvalidImage);
  EXPECT_NE(Err.message.find("parameter 1"), std::string::npos) << Err.message;
}

TEST_F(LoaderTest, KernelsOutliveTheirDevice) {
  // Kernels compiled before the device goes away keep working: the library
  // holds what it needs.
  auto Lib = load(copyModule());
  ASSERT_TRUE(Lib);
  Kernel *K = kernel(*Lib, "copy");
  ASSERT_TRUE(K);
  std::vector<float> In(64, 2.5f), Out(64, 0.0f);
  LaunchConfig C = config({2, 1, 1}, {32, 1, 1});
  bind(C, 0, In.data(), 256);
  bind(C, 1, Out.data(), 256);
  Dev.reset();
  Status S = K->launch(C); // unchecked: host memory is fine
  ASSERT_TRUE(S) << S.message;
  EXPECT_EQ(Out, In);
}

} // namespace

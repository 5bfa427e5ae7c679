//===- MetallibWriterTest.cpp - Building fresh libraries
//-------------------===//
//
// Libraries cumetalc builds from scratch: layout per air-abi.md §1.14,
// deterministic bytes, a content-derived UUID, and a reader round trip.
//
//===----------------------------------------------------------------------===//

#include "metallib/Metallib.h"

#include "llvm/Support/Endian.h"

#include "gtest/gtest.h"

using namespace cumetal::metallib;
using llvm::support::endian::read32le;
using llvm::support::endian::read64le;

namespace {

std::vector<uint8_t> fakeBitcode(size_t Size, uint8_t Seed) {
  std::vector<uint8_t> B = {'B', 'C', 0xC0, 0xDE};
  for (size_t I = 4; I < Size; ++I)
    B.push_back(static_cast<uint8_t>(Seed + I * 7));
  return B;
}

Library threeKernels() {
  std::vector<FunctionSpec> Specs;
  Specs.push_back({"alpha", 2, Versions{}, fakeBitcode(101, 1)});
  Specs.push_back({"beta", 2, Versions{}, fakeBitcode(64, 2)});
  Specs.push_back({"gamma", 2, Versions{}, fakeBitcode(7, 3)});
  return buildLibrary(Header{}, std::move(Specs));
}

TEST(Writer, WrapsAndPadsModules) {
  std::vector<uint8_t> M = wrapModule(fakeBitcode(101, 1));
  EXPECT_EQ(M.size(), 128u); // 20 + 101 rounded up to 16
  EXPECT_EQ(read32le(&M[0]), 0x0B17C0DEu);
  EXPECT_EQ(read32le(&M[8]), 20u);
  EXPECT_EQ(read32le(&M[12]), 101u);
  EXPECT_EQ(read32le(&M[16]), 0xFFFFFFFFu);
  EXPECT_EQ(M[127], 0);
  // Already-wrapped input is only padded.
  EXPECT_EQ(wrapModule(M), M);
}

TEST(Writer, LayoutOfAFreshLibrary) {
  Library Lib = threeKernels();
  auto Bytes = writeLibrary(Lib);
  ASSERT_TRUE(bool(Bytes));
  const std::vector<uint8_t> &B = *Bytes;
  EXPECT_EQ(std::string(B.begin(), B.begin() + 4), "MTLB");
  EXPECT_EQ(read64le(&B[0x10]), B.size());
  EXPECT_EQ(read64le(&B[0x18]), 88u);
  EXPECT_EQ(read32le(&B[88]), 3u);
  // Header extension (UUID + ENDT = 26 bytes) sits between the function
  // list and the public metadata; empty metadata groups are 8 bytes each.
  uint64_t ListEnd = 88 + 4 + read64le(&B[0x20]);
  EXPECT_EQ(read64le(&B[0x28]), ListEnd + 26);
  EXPECT_EQ(read64le(&B[0x30]), 24u);
  EXPECT_EQ(read64le(&B[0x40]), 24u);
  EXPECT_EQ(read64le(&B[0x48]), read64le(&B[0x38]) + 24);
  EXPECT_EQ(read64le(&B[0x50]), 128u + 96u + 32u);

  auto Back = readLibrary(B);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  ASSERT_EQ(Back->Functions.size(), 3u);
  std::vector<std::string> Order;
  for (const Tag &T : Back->Functions[1].Entry.Tags)
    Order.push_back(str(T.Name).str());
  EXPECT_EQ(Order, (std::vector<std::string>{"NAME", "TYPE", "HASH", "OFFT",
                                             "VERS", "MDSZ"}));
  for (size_t I = 0; I < 3; ++I) {
    const Function &F = Back->Functions[I];
    EXPECT_EQ(F.name(), Lib.Functions[I].name());
    EXPECT_EQ(F.Module, Lib.Functions[I].Module);
    EXPECT_EQ(F.storedHash(), F.computedHash());
    auto V = F.versions();
    ASSERT_TRUE(V.has_value());
    EXPECT_EQ(V->AIRMinor, 6);
    EXPECT_EQ(V->MetalMinor, 1);
  }
  const uint8_t *Offt = Back->Functions[2].Entry.find("OFFT")->Payload.data();
  EXPECT_EQ(read64le(Offt), 16u);
  EXPECT_EQ(read64le(Offt + 8), 16u);
  EXPECT_EQ(read64le(Offt + 16), 128u + 96u);
}

TEST(Writer, DeterministicWithContentUUID) {
  auto A = writeLibrary(threeKernels());
  auto B = writeLibrary(threeKernels());
  ASSERT_TRUE(A && B);
  EXPECT_EQ(*A, *B);

  Library Lib = threeKernels();
  auto U = Lib.uuid();
  ASSERT_TRUE(U.has_value());
  EXPECT_EQ((*U)[6] >> 4, 4);      // version 4
  EXPECT_EQ((*U)[8] & 0xC0, 0x80); // RFC 4122 variant
  EXPECT_EQ(*U, contentUUID(Lib));

  // Different content, different UUID.
  std::vector<FunctionSpec> Other;
  Other.push_back({"alpha", 2, Versions{}, fakeBitcode(101, 9)});
  EXPECT_NE(buildLibrary(Header{}, std::move(Other)).uuid(), U);
}

TEST(Writer, OldContainerWritesNoPlatformBytes) {
  Header H;
  H.FormatPatch = 5;
  std::vector<FunctionSpec> Specs;
  Specs.push_back({"k", 2, Versions{}, fakeBitcode(30, 1)});
  auto Bytes = writeLibrary(buildLibrary(H, std::move(Specs)));
  ASSERT_TRUE(bool(Bytes));
  for (int I = 0x0A; I < 0x10; ++I)
    EXPECT_EQ((*Bytes)[I], 0) << I;
  auto Back = readLibrary(*Bytes);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_FALSE(Back->Hdr.hasPlatform());
}

TEST(Writer, RejectsOversizedTag) {
  std::vector<FunctionSpec> Specs;
  Specs.push_back({std::string(70000, 'k'), 2, Versions{}, fakeBitcode(30, 1)});
  auto Bytes = writeLibrary(buildLibrary(Header{}, std::move(Specs)));
  ASSERT_FALSE(bool(Bytes));
  EXPECT_NE(llvm::toString(Bytes.takeError()).find("NAME"), std::string::npos);
}

} // namespace

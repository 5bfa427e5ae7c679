//===- MetallibFixtureTest.cpp - Reader/writer on Apple-built libraries ---===//
//
// Every Apple-built fixture must parse into what its PROVENANCE.md says it
// holds, its HASH tags must match the stored modules, and writing the
// parsed model back must reproduce the file byte for byte.
//
//===----------------------------------------------------------------------===//

#include "FixtureFiles.h"
#include "metallib/Metallib.h"

#include "llvm/Support/Endian.h"

using namespace cumetal;
using namespace cumetal::metallib;

namespace {

struct Expected {
  const char *File;
  unsigned Container; // e.g. 10207
  unsigned PlatformMajor;
  std::vector<std::string> Names;
  uint16_t AIRMajor, AIRMinor, MetalMajor, MetalMinor;
  uint64_t Bytes;
};

// Names the parameter in test listings by its file.
void PrintTo(const Expected &E, std::ostream *OS) { *OS << E.File; }

// From shared/fixtures/apple-metallib/PROVENANCE.md.
const std::vector<Expected> &expectations() {
  static const std::vector<Expected> E = {
      {"metaljl-kernel.11.metallib", 10205, 0, {"foo"}, 2, 3, 2, 3, 2991},
      {"metaljl-constants.13.metallib", 10207, 13, {"vadd"}, 2, 5, 3, 0, 5048},
      {"metaljl-constants.14.metallib", 10207, 14, {"vadd"}, 2, 6, 3, 1, 5432},
      {"metaljl-constants.15.metallib", 10208, 15, {"vadd"}, 2, 7, 3, 2, 5448},
      {"metaljl-constants.26.metallib", 10209, 26, {"vadd"}, 2, 8, 4, 0, 5512},
      {"metaljl-kernels.14.metallib",
       10207,
       14,
       {"foo", "bar", "baz"},
       2,
       6,
       3,
       1,
       9200},
      {"metaljl-debuginfo.14.metallib", 10207, 14, {"foo"}, 2, 6, 3, 1, 3808},
      {"airv-vecAdd_msl.metallib", 10207, 13, {"vecAdd"}, 2, 5, 3, 0, 3356},
  };
  return E;
}

class FixtureTest : public ::testing::TestWithParam<Expected> {};

TEST_P(FixtureTest, ParsesAsProvenanceDescribes) {
  const Expected &E = GetParam();
  std::vector<uint8_t> Bytes;
  CUMETAL_LOAD_FIXTURE_OR_SKIP(E.File, Bytes);
  ASSERT_EQ(Bytes.size(), E.Bytes);
  auto Lib = readLibrary(Bytes);
  ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());
  EXPECT_EQ(Lib->Hdr.version(), E.Container);
  EXPECT_TRUE(Lib->Hdr.MacOS);
  EXPECT_EQ(Lib->Hdr.PlatformMajor, E.PlatformMajor);
  if (Lib->Hdr.hasPlatform()) {
    EXPECT_EQ(Lib->Hdr.Platform, 1u);
    EXPECT_TRUE(Lib->Hdr.Is64Bit);
  }
  ASSERT_EQ(Lib->Functions.size(), E.Names.size());
  for (size_t I = 0; I < E.Names.size(); ++I) {
    const Function &F = Lib->Functions[I];
    EXPECT_EQ(F.name(), E.Names[I]);
    EXPECT_EQ(F.type(), std::optional<uint8_t>(2)) << "kernel";
    auto V = F.versions();
    ASSERT_TRUE(V.has_value());
    EXPECT_EQ(V->AIRMajor, E.AIRMajor);
    EXPECT_EQ(V->AIRMinor, E.AIRMinor);
    EXPECT_EQ(V->MetalMajor, E.MetalMajor);
    EXPECT_EQ(V->MetalMinor, E.MetalMinor);
    // Modules are wrapped, 16-byte padded bitcode (air-abi.md §1.7).
    ASSERT_GE(F.Module.size(), 24u);
    EXPECT_EQ(llvm::support::endian::read32le(F.Module.data()), 0x0B17C0DEu);
    EXPECT_EQ(F.Module.size() % 16, 0u);
  }
}

TEST_P(FixtureTest, StoredHashesMatchModules) {
  const Expected &E = GetParam();
  std::vector<uint8_t> Bytes;
  CUMETAL_LOAD_FIXTURE_OR_SKIP(E.File, Bytes);
  auto Lib = readLibrary(Bytes);
  ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());
  for (const Function &F : Lib->Functions) {
    ASSERT_TRUE(F.storedHash().has_value());
    EXPECT_EQ(*F.storedHash(), F.computedHash()) << F.name();
  }
}

TEST_P(FixtureTest, RoundTripsByteForByte) {
  const Expected &E = GetParam();
  std::vector<uint8_t> Bytes;
  CUMETAL_LOAD_FIXTURE_OR_SKIP(E.File, Bytes);
  auto Lib = readLibrary(Bytes);
  ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());
  auto Out = writeLibrary(*Lib);
  ASSERT_TRUE(bool(Out)) << llvm::toString(Out.takeError());
  ASSERT_EQ(Out->size(), Bytes.size());
  for (size_t I = 0; I < Bytes.size(); ++I)
    ASSERT_EQ((*Out)[I], Bytes[I]) << "first difference at offset " << I;
}

INSTANTIATE_TEST_SUITE_P(Apple, FixtureTest,
                         ::testing::ValuesIn(expectations()),
                         [](const auto &Info) {
                           return test::fixtureTestName(Info.param.File);
                         });

TEST(FixtureDetails, ConstantsCarryCNSTAndReflection) {
  std::vector<uint8_t> Bytes;
  CUMETAL_LOAD_FIXTURE_OR_SKIP("metaljl-constants.26.metallib", Bytes);
  auto Lib = readLibrary(Bytes);
  ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());
  const Function &F = Lib->Functions.at(0);
  EXPECT_NE(F.PublicMetadata.find("CNST"), nullptr);
  EXPECT_NE(F.Entry.find("RFLT"), nullptr);
  EXPECT_NE(Lib->section("RLST"), nullptr);
  ASSERT_NE(Lib->section("HDYN"), nullptr);
  EXPECT_TRUE(Lib->uuid().has_value());
}

TEST(FixtureDetails, XcodeFourteenConventions) {
  std::vector<uint8_t> Bytes;
  CUMETAL_LOAD_FIXTURE_OR_SKIP("airv-vecAdd_msl.metallib", Bytes);
  auto Lib = readLibrary(Bytes);
  ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());
  // No UUID, metadata groups whose size leaves out the ENDT, tag order
  // NAME TYPE HASH MDSZ OFFT VERS (air-abi.md §1.3 to §1.6).
  EXPECT_FALSE(Lib->uuid().has_value());
  const Function &F = Lib->Functions.at(0);
  EXPECT_EQ(F.PublicMetadata.SizeConvention, GroupSize::ExcludingEnd);
  EXPECT_EQ(F.PrivateMetadata.SizeConvention, GroupSize::ExcludingEnd);
  std::vector<std::string> Order;
  for (const Tag &T : F.Entry.Tags)
    Order.push_back(str(T.Name).str());
  EXPECT_EQ(Order, (std::vector<std::string>{"NAME", "TYPE", "HASH", "MDSZ",
                                             "OFFT", "VERS"}));
}

TEST(FixtureDetails, DebugInfoHasDEBI) {
  std::vector<uint8_t> Bytes;
  CUMETAL_LOAD_FIXTURE_OR_SKIP("metaljl-debuginfo.14.metallib", Bytes);
  auto Lib = readLibrary(Bytes);
  ASSERT_TRUE(bool(Lib)) << llvm::toString(Lib.takeError());
  EXPECT_NE(Lib->Functions.at(0).PrivateMetadata.find("DEBI"), nullptr);
}

} // namespace

//===- MetallibCorruptionTest.cpp - The reader on damaged libraries -------===//
//
// The reader must reject every damaged variant of the fixtures with a
// FormatError naming the right check and offset, and must never read out of
// bounds (this suite also runs under AddressSanitizer and UBSan).
//
//===----------------------------------------------------------------------===//

#include "FixtureFiles.h"
#include "metallib/Metallib.h"

#include "llvm/Support/Endian.h"

#include <random>

using namespace cumetal;
using namespace cumetal::metallib;
using llvm::support::endian::read32le;
using llvm::support::endian::read64le;
using llvm::support::endian::write64le;

namespace {

/// Reads \p Bytes expecting failure; returns the FormatError's check.
std::optional<Check> failure(const std::vector<uint8_t> &Bytes,
                             uint64_t *Offset = nullptr,
                             std::string *Message = nullptr) {
  auto Lib = readLibrary(Bytes);
  if (Lib)
    return std::nullopt;
  std::optional<Check> Result;
  llvm::handleAllErrors(Lib.takeError(), [&](const FormatError &E) {
    Result = E.check();
    if (Offset)
      *Offset = E.offset();
    if (Message)
      *Message = E.detail();
  });
  return Result;
}

class CorruptionTest : public ::testing::TestWithParam<std::string> {
protected:
  std::vector<uint8_t> Bytes;
};

TEST_P(CorruptionTest, EveryTruncationFailsOnFileSize) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  for (size_t Len = 0; Len < Bytes.size(); ++Len) {
    std::vector<uint8_t> Cut(Bytes.begin(), Bytes.begin() + Len);
    EXPECT_EQ(failure(Cut), Check::FileSize) << "length " << Len;
  }
}

// With the file-size field patched to match, the truncation must still be
// caught by the offset and tag checks: every byte belongs to some section.
TEST_P(CorruptionTest, EveryTruncationWithMatchingSizeFieldFails) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  for (size_t Len = 88; Len < Bytes.size(); ++Len) {
    std::vector<uint8_t> Cut(Bytes.begin(), Bytes.begin() + Len);
    write64le(&Cut[0x10], Len);
    std::optional<Check> C = failure(Cut);
    ASSERT_TRUE(C.has_value()) << "length " << Len << " was accepted";
    EXPECT_TRUE(*C == Check::Offsets || *C == Check::TagGrammar)
        << "length " << Len << ": " << checkName(*C).str();
  }
}

TEST_P(CorruptionTest, WrongFileSizeField) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  write64le(&Bytes[0x10], Bytes.size() + 1);
  uint64_t Offset = 0;
  EXPECT_EQ(failure(Bytes, &Offset), Check::FileSize);
  EXPECT_EQ(Offset, 0x10u);
}

TEST_P(CorruptionTest, SectionOffsetPastTheEnd) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  for (uint64_t Field : {0x18, 0x28, 0x38, 0x48}) {
    std::vector<uint8_t> Bad = Bytes;
    write64le(&Bad[Field], Bytes.size() + 16);
    uint64_t Offset = 0;
    EXPECT_EQ(failure(Bad, &Offset), Check::Offsets) << "field " << Field;
    EXPECT_EQ(Offset, Field);
    // A size that overflows offset + size must not wrap around.
    Bad = Bytes;
    write64le(&Bad[Field + 8], UINT64_MAX - 8);
    EXPECT_EQ(failure(Bad, &Offset), Check::Offsets) << "field " << Field;
  }
}

TEST_P(CorruptionTest, ModuleOffsetPastTheEnd) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  // Find the first function's OFFT tag and point its module far away.
  const uint8_t Name[] = {'O', 'F', 'F', 'T'};
  auto It = std::search(Bytes.begin() + 92, Bytes.end(), Name, Name + 4);
  ASSERT_NE(It, Bytes.end());
  size_t Payload = (It - Bytes.begin()) + 6;
  write64le(&Bytes[Payload + 16], 1ull << 40);
  std::string Message;
  EXPECT_EQ(failure(Bytes, nullptr, &Message), Check::Offsets);
  EXPECT_NE(Message.find("module"), std::string::npos) << Message;
}

TEST_P(CorruptionTest, MissingENDT) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  // The first function group ends with ENDT at 92 + size - 4.
  uint32_t GroupSize = read32le(&Bytes[92]);
  size_t End = 92 + GroupSize - 4;
  ASSERT_EQ(std::string(Bytes.begin() + End, Bytes.begin() + End + 4), "ENDT");
  Bytes[End + 3] = 'X';
  uint64_t Offset = 0;
  std::string Message;
  EXPECT_EQ(failure(Bytes, &Offset, &Message), Check::TagGrammar) << Message;
}

TEST_P(CorruptionTest, RandomMutationsNeverCrash) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  std::mt19937 Rng(12345);
  for (int Iter = 0; Iter < 2000; ++Iter) {
    std::vector<uint8_t> Bad = Bytes;
    int Flips = 1 + Iter % 4;
    for (int I = 0; I < Flips; ++I)
      Bad[Rng() % Bad.size()] ^= static_cast<uint8_t>(1u << (Rng() % 8));
    auto Lib = readLibrary(Bad);
    if (!Lib) {
      llvm::consumeError(Lib.takeError());
      continue;
    }
    // Whatever the reader accepts, the writer can write and the reader
    // reads back to the same model.
    auto Out = writeLibrary(*Lib);
    ASSERT_TRUE(bool(Out)) << llvm::toString(Out.takeError());
    auto Again = readLibrary(*Out);
    ASSERT_TRUE(bool(Again)) << llvm::toString(Again.takeError());
    auto Out2 = writeLibrary(*Again);
    ASSERT_TRUE(bool(Out2));
    EXPECT_EQ(*Out, *Out2);
  }
}

INSTANTIATE_TEST_SUITE_P(Apple, CorruptionTest,
                         ::testing::ValuesIn(test::fixtureNames()),
                         [](const auto &Info) {
                           return test::fixtureTestName(Info.param);
                         });

std::vector<uint8_t> header(uint16_t Patch) {
  std::vector<uint8_t> H(88, 0);
  H[0] = 'M';
  H[1] = 'T';
  H[2] = 'L';
  H[3] = 'B';
  H[4] = 1;
  H[5] = 0x80;
  H[6] = 2;
  H[8] = static_cast<uint8_t>(Patch);
  write64le(&H[0x10], 88);
  return H;
}

TEST(HeaderChecks, BadMagic) {
  auto H = header(7);
  H[0] = 'X';
  EXPECT_EQ(failure(H), Check::Header);
}

TEST(HeaderChecks, VersionGate) {
  for (uint16_t Patch : {0, 4, 10, 42}) {
    std::string Message;
    EXPECT_EQ(failure(header(Patch), nullptr, &Message), Check::Header);
    EXPECT_NE(Message.find("1.2." + std::to_string(Patch)), std::string::npos)
        << Message;
  }
}

TEST(HeaderChecks, PlatformBytesBelowGate) {
  auto H = header(5);
  H[0x0C] = 14;
  EXPECT_EQ(failure(H), Check::Header);
}

TEST(HeaderChecks, ShortFile) {
  EXPECT_EQ(failure({}), Check::FileSize);
  EXPECT_EQ(failure({'M', 'T', 'L', 'B'}), Check::FileSize);
}

TEST(HeaderChecks, HugeFunctionCount) {
  auto H = header(7);
  // Function list at 88 with size 0 but a count of 2^32-1.
  write64le(&H[0x18], 88);
  write64le(&H[0x20], 0);
  H.insert(H.end(), {0xFF, 0xFF, 0xFF, 0xFF});
  write64le(&H[0x10], H.size());
  for (uint64_t Field : {0x28, 0x38, 0x48})
    write64le(&H[Field], 92);
  EXPECT_EQ(failure(H), Check::TagGrammar);
}

} // namespace

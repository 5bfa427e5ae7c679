//===- LibraryValidatorTest.cpp - air_validate's checks in-process --------===//
//
// Runs the complete validator (container checks, module parsing, AIR
// checks) on the fixtures and on every truncation of every fixture, plus
// targeted damage. Also runs under AddressSanitizer and UBSan.
//
//===----------------------------------------------------------------------===//

#include "tools/air_validate/LibraryValidator.h"
#include "FixtureFiles.h"

#include "llvm/Support/Endian.h"

#include <algorithm>

using namespace cumetal;
using cumetal::air::CheckResult;
using cumetal::air::CheckStatus;

namespace {

std::vector<const CheckResult *> failures(const std::vector<CheckResult> &R) {
  std::vector<const CheckResult *> F;
  for (const CheckResult &C : R)
    if (C.Status == CheckStatus::Failed)
      F.push_back(&C);
  return F;
}

std::string describe(const std::vector<CheckResult> &R) {
  std::string S;
  for (const CheckResult &C : R)
    if (C.Status != CheckStatus::Passed)
      S += (C.Status == CheckStatus::Failed ? "FAIL " : "SKIP ") + C.Check +
           " [" + C.Function + "]: " + C.Message + "\n";
  return S;
}

class ValidatorTest : public ::testing::TestWithParam<std::string> {
protected:
  std::vector<uint8_t> Bytes;
};

TEST_P(ValidatorTest, FixturePasses) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  auto R = tools::validateLibrary(Bytes);
  EXPECT_TRUE(failures(R).empty()) << describe(R);
  // The AIR checks ran: a result from the verifier for each function.
  EXPECT_TRUE(std::any_of(R.begin(), R.end(), [](const CheckResult &C) {
    return C.Check == "air-kernel" && C.Status == CheckStatus::Passed;
  })) << describe(R);
}

TEST_P(ValidatorTest, EveryTruncationFails) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  for (size_t Len = 0; Len < Bytes.size(); ++Len) {
    std::vector<uint8_t> Cut(Bytes.begin(), Bytes.begin() + Len);
    auto R = tools::validateLibrary(Cut);
    auto F = failures(R);
    ASSERT_EQ(F.size(), 1u) << "length " << Len;
    EXPECT_EQ(F[0]->Check, "file-size") << "length " << Len;
    if (Len >= 88) {
      // Same, with the size field patched to agree: a deeper check fails.
      llvm::support::endian::write64le(&Cut[0x10], Len);
      auto RG = tools::validateLibrary(Cut);
      auto G = failures(RG);
      ASSERT_FALSE(G.empty()) << "length " << Len << " accepted";
      EXPECT_TRUE(G[0]->Check == "offsets" || G[0]->Check == "tag-grammar")
          << "length " << Len << ": " << G[0]->Check;
    }
  }
}

TEST_P(ValidatorTest, FlippedHashByteNamesFunction) {
  CUMETAL_LOAD_FIXTURE_OR_SKIP(GetParam(), Bytes);
  const uint8_t Name[] = {'H', 'A', 'S', 'H'};
  auto It = std::search(Bytes.begin() + 92, Bytes.end(), Name, Name + 4);
  ASSERT_NE(It, Bytes.end());
  for (int Byte : {0, 17, 31}) {
    std::vector<uint8_t> Bad = Bytes;
    Bad[(It - Bytes.begin()) + 6 + Byte] ^= 0x80;
    auto R = tools::validateLibrary(Bad);
    auto F = failures(R);
    ASSERT_EQ(F.size(), 1u);
    EXPECT_EQ(F[0]->Check, "hashes");
    EXPECT_FALSE(F[0]->Function.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Apple, ValidatorTest,
                         ::testing::ValuesIn(test::fixtureNames()),
                         [](const auto &Info) {
                           return test::fixtureTestName(Info.param);
                         });

} // namespace

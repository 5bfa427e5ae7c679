//===- FixtureFiles.h - Access to the Apple-built .metallib fixtures ------===//
//
// The fixtures live in ../shared beside the checkout (never in the
// repository). Tests call requireFixtures() and skip when they are absent.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TEST_UNIT_METALLIB_FIXTUREFILES_H
#define CUMETAL_TEST_UNIT_METALLIB_FIXTUREFILES_H

#include "gtest/gtest.h"

#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace cumetal {
namespace test {

inline const std::vector<std::string> &fixtureNames() {
  static const std::vector<std::string> Names = {
      "metaljl-kernel.11.metallib",    "metaljl-constants.13.metallib",
      "metaljl-constants.14.metallib", "metaljl-constants.15.metallib",
      "metaljl-constants.26.metallib", "metaljl-kernels.14.metallib",
      "metaljl-debuginfo.14.metallib", "airv-vecAdd_msl.metallib",
  };
  return Names;
}

inline std::string fixturePath(const std::string &Name) {
  return std::string(CUMETAL_FIXTURES_DIR) + "/" + Name;
}

/// A GoogleTest-safe test name for a fixture file: "metaljl-kernel.11.metallib"
/// becomes "metaljl_kernel_11".
inline std::string fixtureTestName(std::string File) {
  File = File.substr(0, File.find(".metallib"));
  for (char &C : File)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return File;
}

/// Reads a fixture; returns false (and the caller skips) if it is absent.
inline bool loadFixture(const std::string &Name, std::vector<uint8_t> &Out) {
  std::ifstream In(fixturePath(Name), std::ios::binary);
  if (!In)
    return false;
  Out.assign(std::istreambuf_iterator<char>(In),
             std::istreambuf_iterator<char>());
  return true;
}

#define CUMETAL_LOAD_FIXTURE_OR_SKIP(Name, Bytes)                              \
  if (!::cumetal::test::loadFixture(Name, Bytes))                              \
  GTEST_SKIP() << "fixture " << ::cumetal::test::fixturePath(Name)             \
               << " is absent (the ../shared folder is not beside this "       \
                  "checkout)"

} // namespace test
} // namespace cumetal

#endif

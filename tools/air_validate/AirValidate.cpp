//===- tools/air_validate/AirValidate.cpp - Check a .metallib -------------===//
//
// air_validate [--json] [--quiet] FILE
//
// Runs the structural checks of the container (header, file size, offsets,
// tag grammar, hashes, reflection and platform agreement) and, for every
// function, the AIR checks of air/AIRVerifier on its module. Each check is
// reported on one line as PASS, FAIL or SKIP (a check that does not apply
// to this container version or content is skipped, never passed), naming
// the check and the function.
//
// Exit status: 0 no check failed, 1 some check failed, 2 usage error.
//
//===----------------------------------------------------------------------===//

#include "tools/air_validate/LibraryValidator.h"
#include "tools/support/ToolSupport.h"

#include "CLI/CLI.hpp"
#include "nlohmann/json.hpp"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace cumetal;
using cumetal::air::CheckResult;
using cumetal::air::CheckStatus;
using json = nlohmann::ordered_json;

namespace {

const char *statusWord(CheckStatus S) {
  switch (S) {
  case CheckStatus::Passed:
    return "PASS";
  case CheckStatus::Failed:
    return "FAIL";
  case CheckStatus::Skipped:
    return "SKIP";
  }
  return "?";
}

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"air_validate: check a .metallib against what Apple's loader "
               "accepts (container structure and AIR conventions)"};
  std::string Path;
  bool JSON = false, Quiet = false;
  App.add_option("file", Path, "the .metallib to check")->required();
  App.add_flag("--json", JSON, "print the results as JSON");
  App.add_flag("-q,--quiet", Quiet, "print failures and the summary only");
  try {
    App.parse(argc, argv);
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    App.exit(E);
    return 2;
  }

  auto Bytes = tools::readMetallibBytes(Path);
  if (!Bytes) {
    errs() << "air_validate: error: " << toString(Bytes.takeError()) << "\n";
    return 2;
  }
  std::vector<CheckResult> Results = tools::validateLibrary(*Bytes);

  unsigned Counts[3] = {0, 0, 0};
  for (const CheckResult &R : Results)
    ++Counts[static_cast<int>(R.Status)];
  const unsigned Passed = Counts[static_cast<int>(CheckStatus::Passed)];
  const unsigned Failed = Counts[static_cast<int>(CheckStatus::Failed)];
  const unsigned Skipped = Counts[static_cast<int>(CheckStatus::Skipped)];

  if (JSON) {
    json J;
    J["schema"] = "cumetal.air_validate/1";
    J["file"] = Path;
    J["valid"] = Failed == 0;
    json Rs = json::array();
    for (const CheckResult &R : Results)
      Rs.push_back(
          {{"check", R.Check},
           {"function", R.Function.empty() ? json(nullptr) : json(R.Function)},
           {"status", R.Status == CheckStatus::Passed   ? "pass"
                      : R.Status == CheckStatus::Failed ? "fail"
                                                        : "skip"},
           {"message", R.Message}});
    J["results"] = Rs;
    J["summary"] = {
        {"passed", Passed}, {"failed", Failed}, {"skipped", Skipped}};
    outs() << J.dump(2) << "\n";
  } else {
    for (const CheckResult &R : Results) {
      if (Quiet && R.Status != CheckStatus::Failed)
        continue;
      outs() << statusWord(R.Status) << " " << R.Check;
      if (!R.Function.empty())
        outs() << " [" << R.Function << "]";
      if (!R.Message.empty())
        outs() << ": " << R.Message;
      outs() << "\n";
    }
    outs() << Path << ": " << Passed << " passed, " << Failed << " failed, "
           << Skipped << " skipped\n";
  }
  return Failed ? 1 : 0;
}

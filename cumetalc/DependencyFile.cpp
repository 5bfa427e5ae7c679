//===- cumetalc/DependencyFile.cpp - Make rules for -M and -MD ------------===//
//
// Writes make rules the way gcc (and Clang's DependencyFileGenerator) do:
// lines wrapped with backslashes, spaces as `\ `, `#` as `\#`, `$` as `$$`.
//
//===----------------------------------------------------------------------===//

#include "cumetalc/DependencyFile.h"

namespace cumetal {
namespace driver {

namespace {

std::string escape(const std::string &Path) {
  std::string Out;
  for (char C : Path) {
    if (C == ' ' || C == '#')
      Out += '\\';
    else if (C == '$')
      Out += '$';
    Out += C;
  }
  return Out;
}

} // namespace

std::string makeRule(const std::vector<std::string> &Targets,
                     const std::vector<std::string> &Dependencies, bool Phony) {
  std::string Rule;
  for (size_t I = 0; I < Targets.size(); ++I)
    Rule += (I ? " " : "") + Targets[I]; // -MT names targets verbatim
  Rule += ":";
  size_t Column = Rule.size();
  for (const std::string &D : Dependencies) {
    std::string E = escape(D);
    if (Column + 1 + E.size() > 75) {
      Rule += " \\\n ";
      Column = 1;
    }
    Rule += " " + E;
    Column += 1 + E.size();
  }
  Rule += "\n";
  if (Phony)
    for (size_t I = 1; I < Dependencies.size(); ++I)
      Rule += "\n" + escape(Dependencies[I]) + ":\n";
  return Rule;
}

} // namespace driver
} // namespace cumetal

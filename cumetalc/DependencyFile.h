//===- cumetalc/DependencyFile.h - Make rules for -M and -MD -----*- C++
//-*-===//
//
// The dependency files nvcc writes for -M, -MM, -MD and -MMD are make rules
// in gcc's format (CMake and make read them): `target: dep dep ...`, with
// spaces, `#` and `$` escaped as gcc escapes them, and with -MP a phony
// rule for each dependency so that a deleted header does not break make.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_CUMETALC_DEPENDENCYFILE_H
#define CUMETAL_CUMETALC_DEPENDENCYFILE_H

#include <string>
#include <vector>

namespace cumetal {
namespace driver {

/// The make rule of \p Targets depending on \p Dependencies (the first one
/// is the source), with phony rules for the others if \p Phony.
std::string makeRule(const std::vector<std::string> &Targets,
                     const std::vector<std::string> &Dependencies, bool Phony);

} // namespace driver
} // namespace cumetal

#endif // CUMETAL_CUMETALC_DEPENDENCYFILE_H

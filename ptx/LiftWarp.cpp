//===- ptx/LiftWarp.cpp - Lifting PTX Warp instructions (to come) ------------===//
//
// Placeholder: the handlers of this instruction family are not written
// yet; every such instruction is an "unsupported PTX instruction" error.
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"

namespace cumetal {
namespace ptx {

void addWarpInstructions(LiftTable &) {}

} // namespace ptx
} // namespace cumetal

//===- ptx/LiftSync.cpp - Lifting PTX Sync instructions (to come) ------------===//
//
// Placeholder: the handlers of this instruction family are not written
// yet; every such instruction is an "unsupported PTX instruction" error.
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"

namespace cumetal {
namespace ptx {

void addSyncInstructions(LiftTable &) {}

} // namespace ptx
} // namespace cumetal

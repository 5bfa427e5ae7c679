//===- ptx/LiftAtomics.cpp - Lifting PTX Atomics instructions (to come) ------------===//
//
// Placeholder: the handlers of this instruction family are not written
// yet; every such instruction is an "unsupported PTX instruction" error.
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"

namespace cumetal {
namespace ptx {

void addAtomicsInstructions(LiftTable &) {}

} // namespace ptx
} // namespace cumetal

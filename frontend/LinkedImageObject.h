//===- frontend/LinkedImageObject.h - The device link's host object -*- C++
//-*-===//
//
// A device link (relocatable device code) ends in one host object: the
// linked image (an envelope, docs/abi.md §2.1) as constant data and a
// constructor that registers it with the runtime through
// __cumetalRegisterLinkedImage, and the __cudaRegisterLinkedBinary<id>
// function each file compiled with Clang's -fgpu-rdc calls from its
// constructor (the role of nvcc's link.stub), forwarding to
// __cumetalRegisterLinkedBinary. Both entry points are in libcudadevrt.
// With no image, the object is empty, which is what a device link of
// whole-program objects gives.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_FRONTEND_LINKEDIMAGEOBJECT_H
#define CUMETAL_FRONTEND_LINKEDIMAGEOBJECT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace cumetal {
namespace frontend {

/// Writes a host object for the default host target to \p Output holding
/// \p Envelope and its registration (nothing if \p Envelope is empty) and
/// the registration functions of \p ModuleIds. Position-independent, so
/// that it links into shared libraries too. Returns false after printing
/// why.
bool emitLinkedImageObject(llvm::ArrayRef<uint8_t> Envelope,
                           llvm::ArrayRef<std::string> ModuleIds,
                           llvm::StringRef Output, llvm::raw_ostream &Diags);

} // namespace frontend
} // namespace cumetal

#endif // CUMETAL_FRONTEND_LINKEDIMAGEOBJECT_H

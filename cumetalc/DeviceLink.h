//===- cumetalc/DeviceLink.h - Joining relocatable device code ---*- C++
//-*-===//
//
// Separate compilation (-rdc=true, -dc): each object carries its device
// half as shared IR in a relocatable envelope (docs/abi.md §2.1) in its
// __nv_relfatbin section, and calls __cudaRegisterLinkedBinary<id>,
// which the device link's object defines. The device link (-dlink, or
// cumetalc's own link of such objects) finds that IR in objects and static
// libraries, links it into one module with LLVM's IR linker, so that device
// functions and variables defined in one file can be used in another, lowers it
// once to AIR and packs one metallib: the linked image.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_CUMETALC_DEVICELINK_H
#define CUMETAL_CUMETALC_DEVICELINK_H

#include "air/lower/LoweringContext.h"
#include "metallib/Envelope.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Optional.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace cumetal {
namespace driver {

struct RelocatableCode {
  std::string source; ///< object (or archive(member)) it came from
  std::vector<uint8_t> bitcode;
};

struct DeviceLinkInputs {
  std::vector<RelocatableCode> code;
  /// The ids Clang gave the files' registration functions
  /// (__cudaRegisterLinkedBinary<id>), from their __nv_module_id sections.
  std::vector<std::string> moduleIds;
};

/// The relocatable device code in \p Files (objects and static libraries;
/// other files, e.g. shared libraries, are skipped).
llvm::Expected<DeviceLinkInputs>
findRelocatableCode(llvm::ArrayRef<std::string> Files);

/// Links \p Code into one module and lowers it: the linked image's
/// envelope, or None after printing diagnostics to \p Diags.
llvm::Optional<metallib::Envelope>
linkDeviceCode(llvm::ArrayRef<RelocatableCode> Code,
               const air::LoweringOptions &Opts, llvm::raw_ostream &Diags);

} // namespace driver
} // namespace cumetal

#endif // CUMETAL_CUMETALC_DEVICELINK_H

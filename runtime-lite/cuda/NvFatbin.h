//===- NvFatbin.h - NVIDIA's fat binary container ----------------*- C++
//-*-===//
//
// The device code nvcc puts in a host object (`.nv_fatbin`, reached through
// the wrapper __cudaRegisterFatBinary receives) is NVIDIA's fat binary, not
// a cumetal envelope: a 16-byte header (magic 0xBA55ED50, version 1, header
// size, size of the rest) followed by entries, each a header of its own and
// a payload: PTX text (kind 1) or an sm_XX cubin (kind 2), the payload
// optionally zstd-compressed. The layout is known from public reverse
// engineering and from nvcc 13's own output (docs/binary-path.md). cumetal
// reads only the PTX: cubins hold NVIDIA machine code.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_NVFATBIN_H
#define CUMETAL_RUNTIME_CUDA_NVFATBIN_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cumetal::rt {

constexpr uint32_t kNvFatbinMagic = 0xBA55ED50;

struct NvFatbinEntry {
  enum Kind : uint16_t { PTX = 1, Cubin = 2 };
  uint16_t kind = 0;
  /// The target: 80 for sm_80 / compute_80.
  uint32_t arch = 0;
  /// For PTX, the ISA version (major, minor); for cubins the ELF version.
  uint16_t versionMajor = 0, versionMinor = 0;
  uint64_t flags = 0;
  /// The payload as stored (compressed or not), inside the container.
  llvm::StringRef payload;
  /// The payload's size once decompressed (0 when it is not compressed).
  uint64_t uncompressedSize = 0;

  static constexpr uint64_t kFlagCompressedZstd = 0x8000;
  /// Older nvcc's compression (not zstd; cumetal does not read it).
  static constexpr uint64_t kFlagCompressedLegacy = 0x2000;
  bool compressed() const {
    return flags & (kFlagCompressedZstd | kFlagCompressedLegacy);
  }
};

/// Whether \p data starts with the fat binary header's magic.
bool isNvFatbin(const void *data);

/// The entries of the container(s) at \p data. The size is read from the
/// header; several containers may follow one another (a device link
/// concatenates them), up to \p limit bytes (0: one container, of the size
/// its header gives). Malformed headers are errors.
llvm::Expected<std::vector<NvFatbinEntry>> readNvFatbin(const void *data,
                                                        uint64_t limit = 0);

/// The PTX entry to compile: the one for the highest target.
const NvFatbinEntry *selectPtxEntry(const std::vector<NvFatbinEntry> &entries);

/// The PTX text of \p entry, decompressed, without the payload's padding.
llvm::Expected<std::string> ptxText(const NvFatbinEntry &entry);

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_NVFATBIN_H

//===- NvFatbin.cpp - NVIDIA's fat binary container -----------------------===//
//
// Reads the container layout described in NvFatbin.h. Every size is
// checked against the container's bounds before it is used: the data comes
// from a host object we did not build.
//
// zstd is loaded when a compressed entry is first read (dlopen of
// libzstd.so.1, which every Debian system has), not linked: programs keep
// the link line CUDA builds use, and only the binary path needs it.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/NvFatbin.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

#include <dlfcn.h>

using namespace llvm;
using namespace cumetal;
using namespace cumetal::rt;

namespace {

constexpr uint64_t kHeaderSize = 16;
/// The fixed part of an entry's header; newer targets append more.
constexpr uint64_t kEntryHeaderSize = 64;
/// No PTX module nvcc writes comes near this; a larger claimed size is a
/// corrupt header, not a reason to allocate.
constexpr uint64_t kMaxUncompressed = uint64_t(1) << 32;

uint16_t u16(const uint8_t *P) { return support::endian::read16le(P); }
uint32_t u32(const uint8_t *P) { return support::endian::read32le(P); }
uint64_t u64(const uint8_t *P) { return support::endian::read64le(P); }

/// The three functions of zstd's stable API the reader uses.
struct Zstd {
  size_t (*decompress)(void *, size_t, const void *, size_t);
  unsigned (*isError)(size_t);
  const char *(*errorName)(size_t);
};

/// zstd, loaded once; null with \p Why set when it cannot be.
const Zstd *loadZstd(std::string &Why) {
  static std::string LoadError;
  static const Zstd *Loaded = []() -> const Zstd * {
    for (const char *Name :
         {"libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib"}) {
      void *H = dlopen(Name, RTLD_NOW | RTLD_LOCAL);
      if (!H) {
        if (LoadError.empty())
          LoadError = dlerror();
        continue;
      }
      auto *Z = new Zstd;
      Z->decompress = reinterpret_cast<decltype(Z->decompress)>(
          dlsym(H, "ZSTD_decompress"));
      Z->isError =
          reinterpret_cast<decltype(Z->isError)>(dlsym(H, "ZSTD_isError"));
      Z->errorName = reinterpret_cast<decltype(Z->errorName)>(
          dlsym(H, "ZSTD_getErrorName"));
      if (Z->decompress && Z->isError && Z->errorName)
        return Z;
      delete Z;
      LoadError = std::string(Name) + " lacks ZSTD_decompress";
    }
    return nullptr;
  }();
  Why = LoadError;
  return Loaded;
}

Error corrupt(const Twine &What) {
  return createStringError(inconvertibleErrorCode(),
                           "corrupt NVIDIA fat binary: " + What);
}

} // namespace

bool cumetal::rt::isNvFatbin(const void *data) {
  return data && u32(static_cast<const uint8_t *>(data)) == kNvFatbinMagic;
}

Expected<std::vector<NvFatbinEntry>> cumetal::rt::readNvFatbin(const void *data,
                                                               uint64_t limit) {
  std::vector<NvFatbinEntry> Entries;
  const auto *Base = static_cast<const uint8_t *>(data);
  uint64_t Pos = 0;
  do {
    const uint8_t *H = Base + Pos;
    if (!isNvFatbin(H))
      return corrupt(formatv("no container header at offset {0}", Pos));
    uint16_t Version = u16(H + 4), HeaderSize = u16(H + 6);
    uint64_t Size = u64(H + 8);
    if (Version != 1)
      return corrupt(formatv("container version {0} (expected 1)", Version));
    if (HeaderSize < kHeaderSize)
      return corrupt(formatv("container header size {0}", HeaderSize));
    if (Size > (uint64_t(1) << 40) ||
        (limit && Pos + HeaderSize + Size > limit))
      return corrupt(
          formatv("container size {0} past the section's end", Size));
    const uint8_t *End = H + HeaderSize + Size;
    const uint8_t *E = H + HeaderSize;
    while (E < End) {
      if (uint64_t(End - E) < kEntryHeaderSize)
        return corrupt("an entry header runs past the container's end");
      uint32_t EntryHeader = u32(E + 4);
      uint64_t PayloadSize = u64(E + 8);
      if (EntryHeader < kEntryHeaderSize || EntryHeader > uint64_t(End - E) ||
          PayloadSize > uint64_t(End - E) - EntryHeader)
        return corrupt(formatv(
            "entry at offset {0} claims {1}+{2} bytes past the container's end",
            Pos + uint64_t(E - H), EntryHeader, PayloadSize));
      NvFatbinEntry N;
      N.kind = u16(E);
      uint32_t StoredSize = u32(E + 16);
      N.versionMinor = u16(E + 24);
      N.versionMajor = u16(E + 26);
      N.arch = u32(E + 28);
      N.flags = u64(E + 40);
      N.uncompressedSize = u64(E + 56);
      // Compressed payloads give their exact size; plain ones are padded.
      uint64_t Stored = N.compressed() ? StoredSize : PayloadSize;
      if (Stored > PayloadSize)
        return corrupt(
            formatv("entry payload of {0} bytes in {1}", Stored, PayloadSize));
      N.payload =
          StringRef(reinterpret_cast<const char *>(E) + EntryHeader, Stored);
      Entries.push_back(N);
      E += EntryHeader + PayloadSize;
    }
    Pos += HeaderSize + Size;
  } while (limit && Pos + kHeaderSize <= limit && isNvFatbin(Base + Pos));
  return Entries;
}

const NvFatbinEntry *
cumetal::rt::selectPtxEntry(const std::vector<NvFatbinEntry> &entries) {
  const NvFatbinEntry *Best = nullptr;
  for (const NvFatbinEntry &E : entries)
    if (E.kind == NvFatbinEntry::PTX && (!Best || E.arch > Best->arch))
      Best = &E;
  return Best;
}

Expected<std::string> cumetal::rt::ptxText(const NvFatbinEntry &entry) {
  std::string Text;
  if (entry.flags & NvFatbinEntry::kFlagCompressedLegacy)
    return createStringError(
        inconvertibleErrorCode(),
        "the PTX for compute_%u is compressed with older nvcc's scheme (not "
        "zstd), which cumetal does not read (rebuild with nvcc "
        "-Xfatbin=-compress=false, or with a newer nvcc)",
        entry.arch);
  if (entry.flags & NvFatbinEntry::kFlagCompressedZstd) {
    std::string Why;
    const Zstd *Z = loadZstd(Why);
    if (!Z)
      return createStringError(
          inconvertibleErrorCode(),
          "the PTX for compute_%u is zstd-compressed and zstd's library "
          "cannot be loaded (%s): install it (Debian: libzstd1), or build "
          "the program with nvcc --no-compress",
          entry.arch, Why.c_str());
    if (entry.uncompressedSize == 0 ||
        entry.uncompressedSize > kMaxUncompressed)
      return corrupt(formatv("PTX entry claims {0} bytes uncompressed",
                             entry.uncompressedSize));
    Text.resize(entry.uncompressedSize);
    size_t N = Z->decompress(Text.data(), Text.size(), entry.payload.data(),
                             entry.payload.size());
    if (Z->isError(N))
      return corrupt(Twine("the PTX does not decompress: ") + Z->errorName(N));
    Text.resize(N);
  } else {
    Text = entry.payload.str();
  }
  // The payload is padded with NULs to a multiple of 8 (or more).
  Text.erase(std::find(Text.begin(), Text.end(), '\0'), Text.end());
  if (Text.empty())
    return corrupt("the PTX entry is empty");
  return Text;
}

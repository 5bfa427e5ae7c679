//===- metallib/MetallibWriter.cpp - Serialise a .metallib ----------------===//
//
// Writes the Library model in the section order Apple's air-lld uses
// (air-abi.md §1.1): header, function list, header extension, public
// metadata, private metadata, modules, then the trailing sections in the
// order the model holds them. HASH, OFFT and MDSZ tags and every offset and
// size are derived here from the model, so a library read from disk comes
// back byte for byte and a new one is consistent by construction.
//
//===----------------------------------------------------------------------===//

#include "metallib/Metallib.h"

#include "llvm/Support/Endian.h"

#include <cassert>

using namespace llvm;
using namespace llvm::support::endian;

namespace cumetal {
namespace metallib {

namespace {

class ByteWriter {
public:
  std::vector<uint8_t> Out;

  void bytes(ArrayRef<uint8_t> B) { Out.insert(Out.end(), B.begin(), B.end()); }
  void fourCC(const FourCC &F) { Out.insert(Out.end(), F.begin(), F.end()); }
  void u8(uint8_t V) { Out.push_back(V); }
  void u16(uint16_t V) {
    uint8_t B[2];
    write16le(B, V);
    bytes(B);
  }
  void u32(uint32_t V) {
    uint8_t B[4];
    write32le(B, V);
    bytes(B);
  }
  void u64(uint64_t V) {
    uint8_t B[8];
    write64le(B, V);
    bytes(B);
  }

  void tag(const Tag &T) {
    fourCC(T.Name);
    if (Tag::hasWideSize(T.Name))
      u32(static_cast<uint32_t>(T.Payload.size()));
    else
      u16(static_cast<uint16_t>(T.Payload.size()));
    bytes(T.Payload);
  }
  void end() { fourCC(metallib::fourCC("ENDT")); }
  void group(const TagGroup &G) {
    uint64_t Size = G.encodedSize();
    u32(static_cast<uint32_t>(G.SizeConvention == GroupSize::Total ? Size
                                                                   : Size - 4));
    for (const Tag &T : G.Tags)
      tag(T);
    end();
  }
};

std::vector<uint8_t> u64Payload(std::initializer_list<uint64_t> Values) {
  ByteWriter W;
  for (uint64_t V : Values)
    W.u64(V);
  return std::move(W.Out);
}

} // namespace

/// Tag payloads must fit their u16 (or u32) size fields.
static Error checkTagSizes(const std::vector<Tag> &Tags, const Twine &Where) {
  for (const Tag &T : Tags) {
    uint64_t Max = Tag::hasWideSize(T.Name) ? UINT32_MAX : UINT16_MAX;
    if (T.Payload.size() > Max)
      return createStringError(std::errc::value_too_large,
                               "%s: tag '%s' payload of %zu bytes exceeds "
                               "its size field",
                               Where.str().c_str(), str(T.Name).str().c_str(),
                               T.Payload.size());
  }
  return Error::success();
}

Expected<std::vector<uint8_t>> writeLibrary(const Library &Lib) {
  const size_t N = Lib.Functions.size();
  if (Error E = checkTagSizes(Lib.ExtensionTags, "header extension"))
    return E;
  for (const Function &F : Lib.Functions)
    for (const TagGroup *G : {&F.Entry, &F.PublicMetadata, &F.PrivateMetadata})
      if (Error E = checkTagSizes(G->Tags, "function '" + F.name() + "'"))
        return E;

  // Offsets of each function's metadata groups and module inside their
  // sections, and the section sizes.
  std::vector<uint64_t> PublicOff(N), PrivateOff(N), ModuleOff(N);
  uint64_t PublicSize = 0, PrivateSize = 0, ModuleSize = 0;
  for (size_t I = 0; I < N; ++I) {
    const Function &F = Lib.Functions[I];
    PublicOff[I] = PublicSize;
    PublicSize += F.PublicMetadata.encodedSize();
    PrivateOff[I] = PrivateSize;
    PrivateSize += F.PrivateMetadata.encodedSize();
    ModuleOff[I] = ModuleSize;
    ModuleSize += F.Module.size();
  }

  std::vector<TagGroup> Entries;
  uint64_t FuncListSize = 0;
  for (size_t I = 0; I < N; ++I) {
    const Function &F = Lib.Functions[I];
    TagGroup G = F.Entry;
    Hash H = F.computedHash();
    G.set("HASH", std::vector<uint8_t>(H.begin(), H.end()));
    G.set("OFFT", u64Payload({PublicOff[I], PrivateOff[I], ModuleOff[I]}));
    G.set("MDSZ", u64Payload({F.Module.size()}));
    FuncListSize += G.encodedSize();
    Entries.push_back(std::move(G));
  }

  const uint64_t FuncListOff = 88;
  const uint64_t ExtOff = FuncListOff + 4 + FuncListSize;
  const uint64_t ExtSize =
      Lib.HasHeaderExtension ? tagListSize(Lib.ExtensionTags) : 0;
  const uint64_t PublicBase = ExtOff + ExtSize;
  const uint64_t PrivateBase = PublicBase + PublicSize;
  const uint64_t ModuleBase = PrivateBase + PrivateSize;
  uint64_t Cursor = ModuleBase + ModuleSize;
  std::vector<uint64_t> SectionOff;
  for (const TrailingSection &S : Lib.Sections) {
    SectionOff.push_back(Cursor);
    Cursor += S.Data.size();
  }
  const uint64_t FileSize = Cursor;

  ByteWriter W;
  W.Out.reserve(FileSize);
  const Header &H = Lib.Hdr;
  W.fourCC(fourCC("MTLB"));
  W.u16(
      static_cast<uint16_t>((H.FormatMajor & 0x7FFF) | (H.MacOS ? 0x8000 : 0)));
  W.u16(H.FormatMinor);
  W.u16(H.FormatPatch);
  W.u8(H.hasFileType()
           ? static_cast<uint8_t>((H.FileType & 0x7F) | (H.Stub ? 0x80 : 0))
           : 0);
  if (H.hasPlatform()) {
    W.u8(static_cast<uint8_t>((H.Platform & 0x7F) | (H.Is64Bit ? 0x80 : 0)));
    W.u16(H.PlatformMajor);
    W.u8(H.PlatformMinor);
    W.u8(H.PlatformPatch);
  } else {
    for (int I = 0; I < 5; ++I)
      W.u8(0);
  }
  W.u64(FileSize);
  W.u64(FuncListOff);
  W.u64(FuncListSize);
  W.u64(PublicBase);
  W.u64(PublicSize);
  W.u64(PrivateBase);
  W.u64(PrivateSize);
  W.u64(ModuleBase);
  W.u64(ModuleSize);
  assert(W.Out.size() == 88 && "header is 88 bytes");

  W.u32(static_cast<uint32_t>(N));
  for (const TagGroup &G : Entries)
    W.group(G);

  if (Lib.HasHeaderExtension) {
    for (const Tag &T : Lib.ExtensionTags) {
      if (!isSectionTag(T.Name)) {
        W.tag(T);
        continue;
      }
      Tag Patched = T;
      for (size_t I = 0; I < Lib.Sections.size(); ++I)
        if (Lib.Sections[I].Tag == T.Name) {
          Patched.Payload =
              u64Payload({SectionOff[I], Lib.Sections[I].Data.size()});
          break;
        }
      W.tag(Patched);
    }
    W.end();
  }

  for (const Function &F : Lib.Functions)
    W.group(F.PublicMetadata);
  for (const Function &F : Lib.Functions)
    W.group(F.PrivateMetadata);
  for (const Function &F : Lib.Functions)
    W.bytes(F.Module);
  for (const TrailingSection &S : Lib.Sections)
    W.bytes(S.Data);
  assert(W.Out.size() == FileSize && "layout and output disagree");
  return std::move(W.Out);
}

} // namespace metallib
} // namespace cumetal

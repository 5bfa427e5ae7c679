//===- metallib/Metallib.cpp - .metallib model helpers --------------------===//
//
// Accessors of the container model, hashing, the content UUID, module
// wrapping and the builder cumetalc uses for fresh libraries.
//
//===----------------------------------------------------------------------===//

#include "metallib/Metallib.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cstring>

using namespace llvm;

namespace cumetal {
namespace metallib {

char FormatError::ID = 0;

FourCC fourCC(StringRef S) {
  assert(S.size() == 4 && "a four-character code has four characters");
  FourCC F;
  std::copy(S.begin(), S.end(), F.begin());
  return F;
}

bool Tag::hasWideSize(const FourCC &Name) {
  StringRef N = str(Name);
  return N == "RBUF" || N == "SBUF" || N == "SARC";
}

bool isSectionTag(const FourCC &Name) {
  StringRef N = str(Name);
  return N == "HSRC" || N == "HSRD" || N == "HDYN" || N == "VLST" ||
         N == "ILST" || N == "RLST" || N == "SLST";
}

const Tag *TagGroup::find(StringRef Name) const {
  for (const Tag &T : Tags)
    if (str(T.Name) == Name)
      return &T;
  return nullptr;
}

Tag *TagGroup::find(StringRef Name) {
  return const_cast<Tag *>(static_cast<const TagGroup *>(this)->find(Name));
}

void TagGroup::set(StringRef Name, std::vector<uint8_t> Payload) {
  if (Tag *T = find(Name)) {
    T->Payload = std::move(Payload);
    return;
  }
  Tags.push_back(Tag{fourCC(Name), std::move(Payload)});
}

uint64_t tagListSize(const std::vector<Tag> &Tags) {
  uint64_t Size = 4; // ENDT
  for (const Tag &T : Tags)
    Size += T.encodedSize();
  return Size;
}

uint64_t TagGroup::encodedSize() const {
  return 4 + tagListSize(Tags); // u32 size field, tags, ENDT
}

StringRef functionTypeName(uint8_t Type) {
  switch (Type) {
  case 0:
    return "vertex";
  case 1:
    return "fragment";
  case 2:
    return "kernel";
  case 3:
    return "unqualified";
  case 4:
    return "visible";
  case 5:
    return "extern";
  case 6:
    return "intersection";
  case 255:
    return "none";
  default:
    return "unknown";
  }
}

Hash sha256(ArrayRef<uint8_t> Bytes) {
  SHA256 H;
  H.update(Bytes);
  StringRef Digest = H.final();
  Hash Out;
  assert(Digest.size() == Out.size());
  std::memcpy(Out.data(), Digest.data(), Out.size());
  return Out;
}

std::string Function::name() const {
  const Tag *T = Entry.find("NAME");
  if (!T || T->Payload.empty())
    return std::string();
  const char *P = reinterpret_cast<const char *>(T->Payload.data());
  return std::string(P, strnlen(P, T->Payload.size()));
}

std::optional<uint8_t> Function::type() const {
  const Tag *T = Entry.find("TYPE");
  if (!T || T->Payload.size() != 1)
    return std::nullopt;
  return T->Payload[0];
}

std::optional<Versions> Function::versions() const {
  const Tag *T = Entry.find("VERS");
  if (!T || T->Payload.size() != 8)
    return std::nullopt;
  using namespace support::endian;
  const uint8_t *P = T->Payload.data();
  Versions V;
  V.AIRMajor = read16le(P);
  V.AIRMinor = read16le(P + 2);
  V.MetalMajor = read16le(P + 4);
  V.MetalMinor = read16le(P + 6);
  return V;
}

std::optional<Hash> Function::storedHash() const {
  const Tag *T = Entry.find("HASH");
  if (!T || T->Payload.size() != 32)
    return std::nullopt;
  Hash H;
  std::copy(T->Payload.begin(), T->Payload.end(), H.begin());
  return H;
}

const Tag *Library::extensionTag(StringRef Name) const {
  for (const Tag &T : ExtensionTags)
    if (str(T.Name) == Name)
      return &T;
  return nullptr;
}

std::optional<std::array<uint8_t, 16>> Library::uuid() const {
  const Tag *T = extensionTag("UUID");
  if (!T || T->Payload.size() != 16)
    return std::nullopt;
  std::array<uint8_t, 16> U;
  std::copy(T->Payload.begin(), T->Payload.end(), U.begin());
  return U;
}

void Library::setUUID(const std::array<uint8_t, 16> &UUID) {
  std::vector<uint8_t> Payload(UUID.begin(), UUID.end());
  for (Tag &T : ExtensionTags)
    if (str(T.Name) == "UUID") {
      T.Payload = std::move(Payload);
      return;
    }
  ExtensionTags.push_back(Tag{fourCC("UUID"), std::move(Payload)});
  HasHeaderExtension = true;
}

const TrailingSection *Library::section(StringRef Tag) const {
  for (const TrailingSection &S : Sections)
    if (str(S.Tag) == Tag)
      return &S;
  return nullptr;
}

StringRef checkName(Check C) {
  switch (C) {
  case Check::Header:
    return "header";
  case Check::FileSize:
    return "file-size";
  case Check::Offsets:
    return "offsets";
  case Check::TagGrammar:
    return "tag-grammar";
  }
  llvm_unreachable("unknown check");
}

void FormatError::log(raw_ostream &OS) const {
  OS << "offset " << format_hex(Offset, 2) << ": " << Message;
}

std::error_code FormatError::convertToErrorCode() const {
  return std::make_error_code(std::errc::invalid_argument);
}

std::array<uint8_t, 16> contentUUID(const Library &Lib) {
  SHA256 H;
  for (const Function &F : Lib.Functions)
    H.update(F.Module);
  StringRef Digest = H.final();
  std::array<uint8_t, 16> U;
  std::memcpy(U.data(), Digest.data(), U.size());
  U[6] = (U[6] & 0x0F) | 0x40; // version 4
  U[8] = (U[8] & 0x3F) | 0x80; // RFC 4122 variant
  return U;
}

std::vector<uint8_t> wrapModule(ArrayRef<uint8_t> Bitcode) {
  using namespace support::endian;
  std::vector<uint8_t> Out;
  bool Wrapped = Bitcode.size() >= 4 && read32le(Bitcode.data()) == 0x0B17C0DE;
  if (Wrapped) {
    Out.assign(Bitcode.begin(), Bitcode.end());
  } else {
    Out.resize(20);
    write32le(&Out[0], 0x0B17C0DE);
    write32le(&Out[4], 0);
    write32le(&Out[8], 20);
    write32le(&Out[12], static_cast<uint32_t>(Bitcode.size()));
    write32le(&Out[16], 0xFFFFFFFF);
    Out.insert(Out.end(), Bitcode.begin(), Bitcode.end());
  }
  Out.resize(alignTo(Out.size(), 16), 0);
  return Out;
}

static std::vector<uint8_t> u64s(std::initializer_list<uint64_t> Values) {
  std::vector<uint8_t> Out(Values.size() * 8);
  uint8_t *P = Out.data();
  for (uint64_t V : Values) {
    support::endian::write64le(P, V);
    P += 8;
  }
  return Out;
}

Library buildLibrary(const Header &Hdr, std::vector<FunctionSpec> Specs) {
  using namespace support::endian;
  Library Lib;
  Lib.Hdr = Hdr;
  for (FunctionSpec &S : Specs) {
    Function F;
    F.Module = wrapModule(S.Bitcode);
    std::vector<uint8_t> Name(S.Name.begin(), S.Name.end());
    Name.push_back(0);
    std::vector<uint8_t> Vers(8);
    write16le(&Vers[0], S.Vers.AIRMajor);
    write16le(&Vers[2], S.Vers.AIRMinor);
    write16le(&Vers[4], S.Vers.MetalMajor);
    write16le(&Vers[6], S.Vers.MetalMinor);
    // Apple's tag order (Xcode 15.3 onwards); the writer fills in HASH,
    // OFFT and MDSZ.
    F.Entry.set("NAME", std::move(Name));
    F.Entry.set("TYPE", {S.Type});
    F.Entry.set("HASH", std::vector<uint8_t>(32));
    F.Entry.set("OFFT", u64s({0, 0, 0}));
    F.Entry.set("VERS", std::move(Vers));
    F.Entry.set("MDSZ", u64s({0}));
    Lib.Functions.push_back(std::move(F));
  }
  Lib.setUUID(contentUUID(Lib));
  return Lib;
}

} // namespace metallib
} // namespace cumetal

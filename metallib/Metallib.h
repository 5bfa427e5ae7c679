//===- metallib/Metallib.h - The .metallib container model ------*- C++ -*-===//
//
// An in-memory model of Apple's .metallib container (air-abi.md §1): the
// header, one entry per function (its function-list tag group, public and
// private metadata groups and stored module bytes), the header extension and
// the opaque trailing sections it points at (sources, dynamic header,
// reflection list...).
//
// The model keeps every tag in file order, unknown tags included, so that a
// library read from disk is written back byte for byte. Derived fields
// (HASH, OFFT, MDSZ, section offsets, sizes) are recomputed by the writer.
// The library knows nothing about LLVM IR beyond bytes and SHA-256 hashes.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_METALLIB_METALLIB_H
#define CUMETAL_METALLIB_METALLIB_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cumetal {
namespace metallib {

/// A four-character code such as "NAME" or "ENDT".
using FourCC = std::array<char, 4>;
FourCC fourCC(llvm::StringRef S);
inline llvm::StringRef str(const FourCC &F) {
  return llvm::StringRef(F.data(), F.size());
}

/// One tag: a name, then a u16 (or, for RBUF/SBUF/SARC, u32) payload size
/// and the payload. ENDT is never stored as a Tag: it terminates a list.
struct Tag {
  FourCC Name;
  std::vector<uint8_t> Payload;

  /// Whether this tag's size field is a u32 (RBUF, SBUF, SARC).
  static bool hasWideSize(const FourCC &Name);
  /// Bytes this tag occupies in the file: name, size field, payload.
  uint64_t encodedSize() const {
    return 4 + (hasWideSize(Name) ? 4 : 2) + Payload.size();
  }
};

/// Bytes a tag list occupies in the file, its closing ENDT included.
uint64_t tagListSize(const std::vector<Tag> &Tags);

/// How a tag group's leading u32 size was counted. Apple counts the u32
/// itself and the ENDT; the Xcode 14 toolchain's metadata groups leave the
/// ENDT out (air-abi.md §1.3). Kept so such files round-trip exactly.
enum class GroupSize { Total, ExcludingEnd };

/// A tag group: u32 size, tags, ENDT.
struct TagGroup {
  std::vector<Tag> Tags;
  GroupSize SizeConvention = GroupSize::Total;

  const Tag *find(llvm::StringRef Name) const;
  Tag *find(llvm::StringRef Name);
  /// Replaces the payload of \p Name, appending the tag if it is absent.
  void set(llvm::StringRef Name, std::vector<uint8_t> Payload);
  /// Bytes this group occupies in the file, size field and ENDT included.
  uint64_t encodedSize() const;
};

/// Function kinds of the TYPE tag (air-abi.md §1.4).
enum class FunctionType : uint8_t {
  Vertex = 0,
  Fragment = 1,
  Kernel = 2,
  Unqualified = 3,
  Visible = 4,
  Extern = 5,
  Intersection = 6,
  None = 255,
};
llvm::StringRef functionTypeName(uint8_t Type);

/// AIR and Metal language versions from the VERS tag.
struct Versions {
  uint16_t AIRMajor = 2, AIRMinor = 6, MetalMajor = 3, MetalMinor = 1;
};

using Hash = std::array<uint8_t, 32>;
Hash sha256(llvm::ArrayRef<uint8_t> Bytes);

/// One entry point: its function-list group plus what OFFT points at.
struct Function {
  TagGroup Entry;
  TagGroup PublicMetadata;
  TagGroup PrivateMetadata;
  /// The module exactly as stored: bitcode wrapper, bitcode, zero padding.
  std::vector<uint8_t> Module;

  std::string name() const;
  std::optional<uint8_t> type() const;
  std::optional<Versions> versions() const;
  /// The HASH tag's value, if present.
  std::optional<Hash> storedHash() const;
  /// SHA-256 of the stored module bytes.
  Hash computedHash() const { return sha256(Module); }
};

/// The 88-byte header's descriptive fields. Offsets and sizes are derived.
struct Header {
  uint16_t FormatMajor = 1;
  bool MacOS = true; ///< bit 15 of the major-version word
  uint16_t FormatMinor = 2;
  uint16_t FormatPatch = 7;
  uint8_t FileType = 0; ///< 0 executable (1.2.4+)
  bool Stub = false;
  uint8_t Platform = 1; ///< Mach-O platform id, 1 = macOS (1.2.6+)
  bool Is64Bit = true;
  uint16_t PlatformMajor = 14;
  uint8_t PlatformMinor = 0;
  uint8_t PlatformPatch = 0;

  /// Container version as one comparable number, e.g. 10207 for 1.2.7.
  unsigned version() const {
    return FormatMajor * 10000u + FormatMinor * 100u + FormatPatch;
  }
  bool hasFileType() const { return version() >= 10204; }
  bool hasPlatform() const { return version() >= 10206; }
};

/// A section that the header extension points at with an (offset, size)
/// tag and that cumetalc keeps as opaque bytes.
struct TrailingSection {
  FourCC Tag;
  std::vector<uint8_t> Data;
};

/// Tags of the header extension whose payload is (u64 offset, u64 size) of
/// a trailing section.
bool isSectionTag(const FourCC &Name);

struct Library {
  Header Hdr;
  std::vector<Function> Functions;
  /// Whether a header extension follows the function list (absent only in
  /// pre-1.2.3 containers); an empty one is a bare ENDT.
  bool HasHeaderExtension = true;
  /// Header-extension tags in file order. For section tags the payload is
  /// rewritten by the writer; everything else (UUID, unknown tags) is kept.
  std::vector<Tag> ExtensionTags;
  /// Trailing sections in file order.
  std::vector<TrailingSection> Sections;

  const Tag *extensionTag(llvm::StringRef Name) const;
  std::optional<std::array<uint8_t, 16>> uuid() const;
  void setUUID(const std::array<uint8_t, 16> &UUID);
  const TrailingSection *section(llvm::StringRef Tag) const;
};

/// The checks a malformed container can fail; air_validate names them.
enum class Check {
  Header,     ///< magic, version, header fields
  FileSize,   ///< the header's file-size field
  Offsets,    ///< an offset or size that points outside the file/section
  TagGrammar, ///< tag sizes, payload sizes, ENDT, group sizes
};
llvm::StringRef checkName(Check C);

/// A container format violation: which check, which field, which offset.
class FormatError : public llvm::ErrorInfo<FormatError> {
public:
  static char ID;
  FormatError(Check C, uint64_t Offset, std::string Message)
      : TheCheck(C), Offset(Offset), Message(std::move(Message)) {}
  Check check() const { return TheCheck; }
  uint64_t offset() const { return Offset; }
  const std::string &detail() const { return Message; }
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;

private:
  Check TheCheck;
  uint64_t Offset;
  std::string Message;
};

/// Parses a .metallib. Every offset and size is checked against the file
/// before it is used; the first violation is returned as a FormatError.
/// Hashes are not checked here (see Function::storedHash / computedHash).
llvm::Expected<Library> readLibrary(llvm::ArrayRef<uint8_t> Bytes);

/// Serialises \p Lib. Layout follows Apple's writer: header, function list,
/// header extension, public metadata, private metadata, modules, trailing
/// sections. HASH, OFFT, MDSZ and all section offsets and sizes are
/// recomputed; everything else is written as held in the model. The output
/// is a pure function of the model. Fails only if a tag payload does not
/// fit its size field.
llvm::Expected<std::vector<uint8_t>> writeLibrary(const Library &Lib);

/// A deterministic UUID for \p Lib: the first 16 bytes of SHA-256 over all
/// module bytes in function order, with RFC 4122 version-4/variant bits set
/// (air-abi.md §1.9).
std::array<uint8_t, 16> contentUUID(const Library &Lib);

/// Wraps a raw bitcode stream the way Apple stores modules when it is not
/// already wrapped, and pads it with zeros to a multiple of 16 bytes.
std::vector<uint8_t> wrapModule(llvm::ArrayRef<uint8_t> Bitcode);

/// Options for building a new library around compiled kernels.
struct FunctionSpec {
  std::string Name;
  uint8_t Type = static_cast<uint8_t>(FunctionType::Kernel);
  Versions Vers;
  std::vector<uint8_t> Bitcode; ///< wrapped or raw; wrapped+padded on add
};

/// Builds a library the way cumetalc emits it: tags NAME TYPE HASH OFFT
/// VERS MDSZ, empty metadata groups, a content UUID.
Library buildLibrary(const Header &Hdr, std::vector<FunctionSpec> Functions);

} // namespace metallib
} // namespace cumetal

#endif // CUMETAL_METALLIB_METALLIB_H

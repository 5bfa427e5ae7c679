//===- metallib/MetallibReader.cpp - Parse a .metallib --------------------===//
//
// Reads the container of air-abi.md §1 into the Library model. The reader
// never trusts a number from the file: every offset and size is checked
// against the bytes available (the file, or the section that holds it)
// before anything is read, and the first violation is reported as a
// FormatError naming the check, the field and the file offset.
//
//===----------------------------------------------------------------------===//

#include "metallib/Metallib.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Format.h"

#include <algorithm>

using namespace llvm;
using namespace llvm::support::endian;

namespace cumetal {
namespace metallib {

namespace {

constexpr uint64_t HeaderSize = 88;

/// A window [Begin, End) of the file that a read must stay inside.
struct Range {
  uint64_t Begin, End;
};

class Reader {
public:
  explicit Reader(ArrayRef<uint8_t> Bytes) : Bytes(Bytes) {}

  Expected<Library> read();

private:
  ArrayRef<uint8_t> Bytes;

  Error fail(Check C, uint64_t Offset, const Twine &Msg) {
    return make_error<FormatError>(C, Offset, Msg.str());
  }

  /// Checks that [Offset, Offset + Size) lies in \p R, without overflow.
  Error need(Range R, uint64_t Offset, uint64_t Size, const Twine &What,
             Check C = Check::Offsets) {
    if (Offset < R.Begin || Offset > R.End || Size > R.End - Offset)
      return fail(C, Offset,
                  What + ": " + Twine(Size) + " bytes at " + formatHex(Offset) +
                      " do not fit in [" + formatHex(R.Begin) + ", " +
                      formatHex(R.End) + ")");
    return Error::success();
  }

  static std::string formatHex(uint64_t V) {
    std::string S;
    raw_string_ostream(S) << format_hex(V, 2);
    return S;
  }

  Error readTagList(Range R, uint64_t &Offset, std::vector<Tag> &Tags,
                    const Twine &What);
  Error readGroup(Range R, uint64_t Offset, TagGroup &G, uint64_t &End,
                  const Twine &What);
  Error checkEntryTags(const TagGroup &G, uint64_t Offset, unsigned Index);
};

} // namespace

Error Reader::readTagList(Range R, uint64_t &Offset, std::vector<Tag> &Tags,
                          const Twine &What) {
  for (;;) {
    if (Offset > R.End || R.End - Offset < 4)
      return fail(Check::TagGrammar, Offset,
                  What + ": no ENDT before the end of the list at " +
                      formatHex(R.End));
    Tag T;
    std::copy_n(Bytes.begin() + Offset, 4, T.Name.begin());
    uint64_t TagOffset = Offset;
    Offset += 4;
    if (str(T.Name) == "ENDT")
      return Error::success();
    unsigned SizeBytes = Tag::hasWideSize(T.Name) ? 4 : 2;
    // A tag that runs past the list that holds it is a grammar error: its
    // list lacks an ENDT or one of its sizes is wrong.
    if (Error E = need(R, Offset, SizeBytes,
                       What + ": size of tag '" + str(T.Name) + "'",
                       Check::TagGrammar))
      return E;
    uint64_t Size = SizeBytes == 4 ? read32le(Bytes.data() + Offset)
                                   : read16le(Bytes.data() + Offset);
    Offset += SizeBytes;
    if (Error E = need(R, Offset, Size,
                       What + ": payload of tag '" + str(T.Name) + "' at " +
                           formatHex(TagOffset),
                       Check::TagGrammar))
      return E;
    T.Payload.assign(Bytes.begin() + Offset, Bytes.begin() + Offset + Size);
    Offset += Size;
    Tags.push_back(std::move(T));
  }
}

Error Reader::readGroup(Range R, uint64_t Offset, TagGroup &G, uint64_t &End,
                        const Twine &What) {
  if (Error E = need(R, Offset, 4, What + ": group size", Check::TagGrammar))
    return E;
  uint32_t Stored = read32le(Bytes.data() + Offset);
  uint64_t Cursor = Offset + 4;
  if (Error E = readTagList(R, Cursor, G.Tags, What))
    return E;
  uint64_t Actual = Cursor - Offset;
  if (Stored == Actual)
    G.SizeConvention = GroupSize::Total;
  else if (Stored == Actual - 4)
    G.SizeConvention = GroupSize::ExcludingEnd;
  else
    return fail(Check::TagGrammar, Offset,
                What + ": group size field says " + Twine(Stored) +
                    " but its tags and ENDT take " + Twine(Actual) + " bytes");
  End = Cursor;
  return Error::success();
}

/// Payload sizes of the function-entry tags whose size is fixed.
static std::optional<uint64_t> fixedEntryTagSize(StringRef Name) {
  return StringSwitch<std::optional<uint64_t>>(Name)
      .Case("TYPE", 1)
      .Case("HASH", 32)
      .Case("OFFT", 24)
      .Case("VERS", 8)
      .Case("MDSZ", 8)
      .Case("SOFF", 8)
      .Case("RFLT", 8)
      .Case("TESS", 1)
      .Case("LAYR", 1)
      .Default(std::nullopt);
}

Error Reader::checkEntryTags(const TagGroup &G, uint64_t Offset,
                             unsigned Index) {
  std::string What = ("function " + Twine(Index)).str();
  for (const Tag &T : G.Tags) {
    StringRef N = str(T.Name);
    if (std::optional<uint64_t> Want = fixedEntryTagSize(N)) {
      if (T.Payload.size() != *Want)
        return fail(Check::TagGrammar, Offset,
                    What + ": tag '" + N + "' has a " +
                        Twine(T.Payload.size()) + "-byte payload, expected " +
                        Twine(*Want));
    } else if (N == "NAME") {
      if (T.Payload.size() < 2 || T.Payload.back() != 0 ||
          std::find(T.Payload.begin(), T.Payload.end(), 0) !=
              T.Payload.end() - 1)
        return fail(Check::TagGrammar, Offset,
                    What + ": tag 'NAME' is not one non-empty "
                           "NUL-terminated string");
    }
  }
  for (StringRef Required : {"NAME", "TYPE", "OFFT", "MDSZ"})
    if (!G.find(Required))
      return fail(Check::TagGrammar, Offset,
                  What + ": missing '" + Required + "' tag");
  return Error::success();
}

Expected<Library> Reader::read() {
  Library Lib;
  const uint64_t FileSize = Bytes.size();
  const Range File{0, FileSize};
  if (FileSize < HeaderSize)
    return fail(Check::FileSize, 0,
                "file is " + Twine(FileSize) +
                    " bytes, shorter than the 88-byte header");
  const uint8_t *B = Bytes.data();
  if (StringRef(reinterpret_cast<const char *>(B), 4) != "MTLB")
    return fail(Check::Header, 0, "magic is not 'MTLB'");

  Header &H = Lib.Hdr;
  uint16_t MajorWord = read16le(B + 4);
  H.FormatMajor = MajorWord & 0x7FFF;
  H.MacOS = MajorWord & 0x8000;
  H.FormatMinor = read16le(B + 6);
  H.FormatPatch = read16le(B + 8);
  if (H.FormatMajor != 1 || H.FormatMinor != 2 || H.FormatPatch < 5 ||
      H.FormatPatch > 9)
    return fail(Check::Header, 4,
                "container version " + Twine(H.FormatMajor) + "." +
                    Twine(H.FormatMinor) + "." + Twine(H.FormatPatch) +
                    " is not supported (1.2.5 to 1.2.9 are)");
  if (H.hasFileType()) {
    H.FileType = B[0x0A] & 0x7F;
    H.Stub = B[0x0A] & 0x80;
  } else if (B[0x0A] != 0) {
    return fail(Check::Header, 0x0A,
                "file-type byte is set in a container older than 1.2.4");
  }
  if (H.hasPlatform()) {
    H.Platform = B[0x0B] & 0x7F;
    H.Is64Bit = B[0x0B] & 0x80;
    H.PlatformMajor = read16le(B + 0x0C);
    H.PlatformMinor = B[0x0E];
    H.PlatformPatch = B[0x0F];
  } else {
    if (std::any_of(B + 0x0B, B + 0x10, [](uint8_t V) { return V != 0; }))
      return fail(Check::Header, 0x0B,
                  "platform bytes are set in a container older than 1.2.6");
    H.Platform = 0;
    H.Is64Bit = false;
    H.PlatformMajor = 0;
  }

  uint64_t DeclaredSize = read64le(B + 0x10);
  if (DeclaredSize != FileSize)
    return fail(Check::FileSize, 0x10,
                "file-size field says " + Twine(DeclaredSize) +
                    " bytes but the file has " + Twine(FileSize));

  struct SectionRef {
    const char *Name;
    uint64_t FieldOffset;
    uint64_t Offset, Size;
  };
  SectionRef FuncList{"function list", 0x18, read64le(B + 0x18),
                      read64le(B + 0x20)};
  SectionRef Public{"public metadata", 0x28, read64le(B + 0x28),
                    read64le(B + 0x30)};
  SectionRef Private{"private metadata", 0x38, read64le(B + 0x38),
                     read64le(B + 0x40)};
  SectionRef Modules{"module list", 0x48, read64le(B + 0x48),
                     read64le(B + 0x50)};
  for (const SectionRef &S : {Public, Private, Modules})
    if (S.Offset < HeaderSize || S.Offset > FileSize ||
        S.Size > FileSize - S.Offset)
      return fail(Check::Offsets, S.FieldOffset,
                  Twine(S.Name) + " (offset " + formatHex(S.Offset) +
                      ", size " + Twine(S.Size) +
                      ") does not fit in the file (" + Twine(FileSize) +
                      " bytes)");
  // The function-list size excludes its leading u32 count.
  if (FuncList.Offset < HeaderSize || FuncList.Offset > FileSize ||
      FileSize - FuncList.Offset < 4 ||
      FuncList.Size > FileSize - FuncList.Offset - 4)
    return fail(Check::Offsets, FuncList.FieldOffset,
                "function list (offset " + formatHex(FuncList.Offset) +
                    ", size 4 + " + Twine(FuncList.Size) +
                    ") does not fit in the file (" + Twine(FileSize) +
                    " bytes)");

  const Range ListRange{FuncList.Offset + 4,
                        FuncList.Offset + 4 + FuncList.Size};
  uint32_t Count = read32le(B + FuncList.Offset);
  // Every group takes at least 8 bytes; refuse counts the list cannot hold
  // before reserving anything.
  if (Count > FuncList.Size / 8)
    return fail(Check::TagGrammar, FuncList.Offset,
                "function count " + Twine(Count) + " cannot fit in a " +
                    Twine(FuncList.Size) + "-byte function list");

  struct Pending {
    uint64_t GroupOffset, Public, Private, Module, ModuleSize;
  };
  std::vector<Pending> Places;
  uint64_t Cursor = ListRange.Begin;
  for (uint32_t I = 0; I < Count; ++I) {
    Function F;
    uint64_t GroupOffset = Cursor;
    if (Error E = readGroup(ListRange, Cursor, F.Entry, Cursor,
                            "function " + Twine(I)))
      return E;
    if (Error E = checkEntryTags(F.Entry, GroupOffset, I))
      return E;
    const uint8_t *Offt = F.Entry.find("OFFT")->Payload.data();
    Places.push_back({GroupOffset, read64le(Offt), read64le(Offt + 8),
                      read64le(Offt + 16),
                      read64le(F.Entry.find("MDSZ")->Payload.data())});
    Lib.Functions.push_back(std::move(F));
  }
  if (Cursor != ListRange.End)
    return fail(Check::TagGrammar, FuncList.FieldOffset + 8,
                "function list size " + Twine(FuncList.Size) +
                    " does not match its " + Twine(Count) +
                    " groups, which end at " + formatHex(Cursor));

  // Header extension: present iff the function list does not run straight
  // into the public metadata (air-abi.md §1.5).
  Lib.HasHeaderExtension = ListRange.End != Public.Offset;
  if (Lib.HasHeaderExtension) {
    uint64_t ExtOffset = ListRange.End;
    Range ExtRange{ExtOffset,
                   Public.Offset > ExtOffset ? Public.Offset : FileSize};
    if (Error E = readTagList(ExtRange, ExtOffset, Lib.ExtensionTags,
                              "header extension"))
      return E;
    struct Located {
      uint64_t Offset;
      TrailingSection S;
    };
    std::vector<Located> Found;
    for (const Tag &T : Lib.ExtensionTags) {
      if (str(T.Name) == "UUID" && T.Payload.size() != 16)
        return fail(Check::TagGrammar, ListRange.End,
                    "header extension: tag 'UUID' has a " +
                        Twine(T.Payload.size()) + "-byte payload, expected 16");
      if (!isSectionTag(T.Name))
        continue;
      if (T.Payload.size() != 16)
        return fail(Check::TagGrammar, ListRange.End,
                    "header extension: tag '" + str(T.Name) + "' has a " +
                        Twine(T.Payload.size()) +
                        "-byte payload, expected 16 (offset, size)");
      uint64_t Off = read64le(T.Payload.data());
      uint64_t Size = read64le(T.Payload.data() + 8);
      if (Error E =
              need(File, Off, Size,
                   "section of header-extension tag '" + str(T.Name) + "'"))
        return E;
      Found.push_back(
          {Off, {T.Name, std::vector<uint8_t>(B + Off, B + Off + Size)}});
    }
    std::stable_sort(
        Found.begin(), Found.end(),
        [](const Located &A, const Located &B) { return A.Offset < B.Offset; });
    for (Located &L : Found)
      Lib.Sections.push_back(std::move(L.S));
  }

  // What OFFT and MDSZ point at, each checked against its own section.
  const Range PublicRange{Public.Offset, Public.Offset + Public.Size};
  const Range PrivateRange{Private.Offset, Private.Offset + Private.Size};
  const Range ModuleRange{Modules.Offset, Modules.Offset + Modules.Size};
  for (size_t I = 0; I < Places.size(); ++I) {
    Function &F = Lib.Functions[I];
    const Pending &P = Places[I];
    std::string What = ("function " + Twine(I) + " ('" + F.name() + "')").str();
    uint64_t End;
    if (P.Public >= Public.Size)
      return fail(Check::Offsets, P.GroupOffset,
                  What + ": OFFT public-metadata offset " + Twine(P.Public) +
                      " is past the section's " + Twine(Public.Size) +
                      " bytes");
    if (Error E = readGroup(PublicRange, Public.Offset + P.Public,
                            F.PublicMetadata, End, What + " public metadata"))
      return E;
    if (P.Private >= Private.Size)
      return fail(Check::Offsets, P.GroupOffset,
                  What + ": OFFT private-metadata offset " + Twine(P.Private) +
                      " is past the section's " + Twine(Private.Size) +
                      " bytes");
    if (Error E = readGroup(PrivateRange, Private.Offset + P.Private,
                            F.PrivateMetadata, End, What + " private metadata"))
      return E;
    if (P.Module > Modules.Size || P.ModuleSize > Modules.Size - P.Module)
      return fail(Check::Offsets, P.GroupOffset,
                  What + ": module (OFFT offset " + Twine(P.Module) +
                      ", MDSZ " + Twine(P.ModuleSize) +
                      ") does not fit in the " + Twine(Modules.Size) +
                      "-byte module list");
    const uint8_t *M = B + ModuleRange.Begin + P.Module;
    F.Module.assign(M, M + P.ModuleSize);
  }
  return Lib;
}

Expected<Library> readLibrary(ArrayRef<uint8_t> Bytes) {
  return Reader(Bytes).read();
}

} // namespace metallib
} // namespace cumetal

//===- NvFatbinTest.cpp - NVIDIA fat binary reader ------------------------===//
//
// Containers built here byte by byte with the layout nvcc 13 writes (the
// lit tests under test/lit/binary read real nvcc output): entries, padding,
// zstd payloads, several containers, and every kind of truncation.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/NvFatbin.h"

#include "llvm/Support/Endian.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#ifdef CUMETAL_HAVE_ZSTD
#include <zstd.h>
#endif

#include <string>
#include <vector>

using namespace llvm;
using namespace cumetal::rt;

namespace {

/// The message of a failed Expected ("" when it holds a value).
template <typename T> std::string failure(Expected<T> &E) {
  if (E)
    return "";
  return toString(E.takeError());
}

struct EntrySpec {
  uint16_t kind;
  uint32_t arch;
  std::string payload;       ///< as stored
  uint64_t flags = 0x11;     ///< 64-bit, Linux
  uint64_t uncompressed = 0; ///< size before compression
  uint32_t headerSize = 64;
};

void put16(std::string &S, size_t At, uint16_t V) {
  support::endian::write16le(&S[At], V);
}
void put32(std::string &S, size_t At, uint32_t V) {
  support::endian::write32le(&S[At], V);
}
void put64(std::string &S, size_t At, uint64_t V) {
  support::endian::write64le(&S[At], V);
}

/// One container holding \p Entries.
std::string container(const std::vector<EntrySpec> &Entries) {
  std::string Body;
  for (const EntrySpec &E : Entries) {
    std::string H(E.headerSize, '\0');
    uint64_t Padded = (E.payload.size() + 7) & ~uint64_t(7);
    put16(H, 0, E.kind);
    put16(H, 2, 0x0101);
    put32(H, 4, E.headerSize);
    put64(H, 8, Padded);
    bool Compressed = E.flags & 0xA000;
    put32(H, 16, Compressed ? E.payload.size() : 0);
    put16(H, 24, E.kind == 1 ? 0 : 8); // minor
    put16(H, 26, E.kind == 1 ? 9 : 1); // major
    put32(H, 28, E.arch);
    put64(H, 40, E.flags);
    put64(H, 56, E.uncompressed);
    Body += H + E.payload + std::string(Padded - E.payload.size(), '\0');
  }
  std::string C(16, '\0');
  put32(C, 0, kNvFatbinMagic);
  put16(C, 4, 1);
  put16(C, 6, 16);
  put64(C, 8, Body.size());
  return C + Body;
}

const char *Ptx80 = ".version 9.0\n.target sm_80\n.address_size 64\n";
const char *Ptx90 = ".version 9.0\n.target sm_90\n.address_size 64\n";

TEST(NvFatbinTest, ReadsEntriesAndPicksTheHighestPtx) {
  std::string F = container({{2, 80, std::string(100, 'x')},
                             {1, 80, Ptx80},
                             {1, 90, Ptx90},
                             {1, 75, Ptx80, 0x11, 0, 80}});
  ASSERT_TRUE(isNvFatbin(F.data()));
  auto Entries = readNvFatbin(F.data());
  ASSERT_EQ(failure(Entries), "");
  ASSERT_EQ(Entries->size(), 4u);
  EXPECT_EQ((*Entries)[0].kind, NvFatbinEntry::Cubin);
  EXPECT_EQ((*Entries)[0].versionMajor, 1);
  EXPECT_EQ((*Entries)[0].versionMinor, 8);
  EXPECT_EQ((*Entries)[3].arch, 75u); // after an 80-byte header
  const NvFatbinEntry *P = selectPtxEntry(*Entries);
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->arch, 90u);
  EXPECT_EQ(P->versionMajor, 9);
  auto Text = ptxText(*P);
  ASSERT_EQ(failure(Text), "");
  EXPECT_EQ(*Text, Ptx90); // the padding is gone
}

TEST(NvFatbinTest, NoPtxEntry) {
  std::string F = container({{2, 80, std::string(64, 'x')}});
  auto Entries = readNvFatbin(F.data());
  ASSERT_EQ(failure(Entries), "");
  EXPECT_EQ(selectPtxEntry(*Entries), nullptr);
}

TEST(NvFatbinTest, SeveralContainersWithinALimit) {
  std::string A = container({{1, 80, Ptx80}});
  std::string B = container({{1, 90, Ptx90}});
  std::string Both = A + B;
  auto One = readNvFatbin(Both.data());
  ASSERT_EQ(failure(One), "");
  EXPECT_EQ(One->size(), 1u);
  auto Two = readNvFatbin(Both.data(), Both.size());
  ASSERT_EQ(failure(Two), "");
  ASSERT_EQ(Two->size(), 2u);
  EXPECT_EQ(selectPtxEntry(*Two)->arch, 90u);
}

TEST(NvFatbinTest, RejectsCorruptHeaders) {
  std::string Good = container({{1, 80, Ptx80}});
  auto Fails = [](std::string F, uint64_t Limit, const char *Why) {
    auto R = readNvFatbin(F.data(), Limit);
    EXPECT_THAT(failure(R), testing::HasSubstr(Why));
  };
  std::string V = Good;
  put16(V, 4, 2);
  Fails(V, 0, "container version 2");
  // The container claims more than the section holds.
  Fails(Good, Good.size() - 1, "past the section's end");
  // An entry's payload runs past its container.
  std::string P = Good;
  put64(P, 16 + 8, 1 << 20);
  Fails(P, 0, "past the container's end");
  // An entry header smaller than the fixed part.
  std::string H = Good;
  put32(H, 16 + 4, 8);
  Fails(H, 0, "past the container's end");
  // A container too small for one entry header.
  std::string T = Good;
  put64(T, 8, 10);
  Fails(T, 0, "entry header runs past");
  // A compressed size larger than the stored payload.
  std::string C = container({{1, 80, "abc", 0x8011, 3}});
  put32(C, 16 + 16, 4096);
  Fails(C, 0, "entry payload of 4096 bytes");
}

TEST(NvFatbinTest, LegacyCompressionIsNamed) {
  std::string F = container({{1, 80, "abc", 0x2011, 100}});
  auto Entries = readNvFatbin(F.data());
  ASSERT_EQ(failure(Entries), "");
  {
    auto T = ptxText((*Entries)[0]);
    EXPECT_THAT(failure(T), testing::HasSubstr("not zstd"));
  }
}

TEST(NvFatbinTest, EmptyPtxIsAnError) {
  std::string F = container({{1, 80, std::string(8, '\0')}});
  auto Entries = readNvFatbin(F.data());
  ASSERT_EQ(failure(Entries), "");
  {
    auto T = ptxText((*Entries)[0]);
    EXPECT_THAT(failure(T), testing::HasSubstr("empty"));
  }
}

#ifdef CUMETAL_HAVE_ZSTD
TEST(NvFatbinTest, DecompressesZstd) {
  std::string Ptx;
  for (int I = 0; I < 200; ++I)
    Ptx += Ptx80;
  std::string Z(ZSTD_compressBound(Ptx.size()), '\0');
  size_t N = ZSTD_compress(Z.data(), Z.size(), Ptx.data(), Ptx.size(), 3);
  ASSERT_FALSE(ZSTD_isError(N));
  Z.resize(N);
  std::string F = container({{1, 80, Z, 0x8011, Ptx.size()}});
  auto Entries = readNvFatbin(F.data());
  ASSERT_EQ(failure(Entries), "");
  EXPECT_EQ((*Entries)[0].payload.size(), Z.size());
  auto Text = ptxText((*Entries)[0]);
  ASSERT_EQ(failure(Text), "");
  EXPECT_EQ(*Text, Ptx);

  // Damaged data, and a size that cannot be right.
  std::string Bad = Z;
  Bad[Bad.size() / 2] ^= 0x5a;
  Bad[4] ^= 0xff;
  std::string FB = container({{1, 80, Bad, 0x8011, Ptx.size()}});
  auto EB = readNvFatbin(FB.data());
  ASSERT_EQ(failure(EB), "");
  {
    auto T = ptxText((*EB)[0]);
    EXPECT_NE(failure(T), "");
  }
  std::string FS = container({{1, 80, Z, 0x8011, uint64_t(1) << 40}});
  auto ES = readNvFatbin(FS.data());
  ASSERT_EQ(failure(ES), "");
  {
    auto T = ptxText((*ES)[0]);
    EXPECT_THAT(failure(T), testing::HasSubstr("uncompressed"));
  }
}
#endif

} // namespace

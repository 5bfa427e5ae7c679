//===- EnvelopeTest.cpp - cumetal's envelope writer and reader ------------===//

#include "metallib/Envelope.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace cumetal::metallib;

namespace {

Envelope sample() {
  Envelope E;
  EnvelopeKernel K;
  K.name = "_Z4vaddPKfS0_Pfi";
  K.params = {{0, 8, 8}, {8, 8, 8}, {16, 8, 8}, {24, 4, 4}};
  K.paramBlockSize = 32;
  K.staticSharedBytes = 1024;
  K.maxThreadsPerBlock = 256;
  K.buffers = {0, 1};
  K.dynamicShared = true;
  E.kernels.push_back(K);
  EnvelopeGlobal G;
  G.name = "counter";
  G.size = 4;
  G.align = 4;
  G.init = {1, 0, 0, 0};
  E.globals.push_back(G);
  EnvelopeGlobal C;
  C.name = "weights";
  C.space = EnvelopeGlobal::Space::Constant;
  C.offset = 16;
  C.size = 16;
  C.align = 16;
  E.globals.push_back(C);
  E.deviceGlobalsSize = 4;
  E.constantGlobalsSize = 32;
  E.printfFormats = {"i=%d\n"};
  E.metallib = {'M', 'T', 'L', 'B', 1, 2, 3};
  return E;
}

TEST(Envelope, RoundTripsEveryField) {
  std::vector<uint8_t> Bytes = writeEnvelope(sample());
  ASSERT_TRUE(isEnvelope(Bytes.data()));
  EXPECT_EQ(envelopeSize(Bytes.data()), Bytes.size());
  Envelope E;
  std::string Error;
  ASSERT_TRUE(readEnvelope(Bytes.data(), Bytes.size(), E, Error)) << Error;
  Envelope S = sample();
  ASSERT_EQ(E.kernels.size(), 1u);
  EXPECT_EQ(E.kernels[0].name, S.kernels[0].name);
  ASSERT_EQ(E.kernels[0].params.size(), 4u);
  EXPECT_EQ(E.kernels[0].params[3].offset, 24u);
  EXPECT_EQ(E.kernels[0].params[3].size, 4u);
  EXPECT_EQ(E.kernels[0].paramBlockSize, 32u);
  EXPECT_EQ(E.kernels[0].staticSharedBytes, 1024u);
  EXPECT_EQ(E.kernels[0].maxThreadsPerBlock, 256u);
  EXPECT_EQ(E.kernels[0].buffers, (std::vector<uint32_t>{0, 1}));
  EXPECT_TRUE(E.kernels[0].dynamicShared);
  ASSERT_EQ(E.globals.size(), 2u);
  EXPECT_EQ(E.globals[0].init, (std::vector<uint8_t>{1, 0, 0, 0}));
  EXPECT_EQ(E.globals[1].space, EnvelopeGlobal::Space::Constant);
  EXPECT_TRUE(E.globals[1].init.empty());
  EXPECT_EQ(E.constantGlobalsSize, 32u);
  EXPECT_EQ(E.printfFormats, S.printfFormats);
  EXPECT_EQ(E.metallib, S.metallib);
  // Deterministic.
  EXPECT_EQ(writeEnvelope(E), Bytes);
}

TEST(Envelope, RejectsEveryTruncation) {
  std::vector<uint8_t> Bytes = writeEnvelope(sample());
  for (size_t N = 0; N < Bytes.size(); ++N) {
    Envelope E;
    std::string Error;
    EXPECT_FALSE(readEnvelope(Bytes.data(), N, E, Error)) << N;
    EXPECT_FALSE(Error.empty());
  }
}

TEST(Envelope, RejectsBadHeaderAndManifest) {
  std::vector<uint8_t> Bytes = writeEnvelope(sample());
  Envelope E;
  std::string Error;
  std::vector<uint8_t> BadMagic = Bytes;
  BadMagic[0] = 'X';
  EXPECT_FALSE(readEnvelope(BadMagic.data(), BadMagic.size(), E, Error));
  EXPECT_EQ(envelopeSize(BadMagic.data()), 0u);

  std::vector<uint8_t> BadVersion = Bytes;
  BadVersion[8] = 2;
  EXPECT_FALSE(readEnvelope(BadVersion.data(), BadVersion.size(), E, Error));
  EXPECT_NE(Error.find("version"), std::string::npos);

  // Corrupt the JSON: replace its opening brace.
  std::vector<uint8_t> BadJson = Bytes;
  BadJson[kEnvelopeHeaderSize] = '[';
  EXPECT_FALSE(readEnvelope(BadJson.data(), BadJson.size(), E, Error));

  // A huge manifest size must not overflow the size computation.
  std::vector<uint8_t> Huge = Bytes;
  std::memset(&Huge[16], 0xff, 8);
  EXPECT_EQ(envelopeSize(Huge.data()), 0u);
  EXPECT_FALSE(readEnvelope(Huge.data(), Huge.size(), E, Error));
}

TEST(Envelope, RejectsLayoutsOutsideTheirBlocks) {
  Envelope S = sample();
  S.kernels[0].params[3].offset = 30; // 30 + 4 > 32
  std::vector<uint8_t> Bytes = writeEnvelope(S);
  Envelope E;
  std::string Error;
  EXPECT_FALSE(readEnvelope(Bytes.data(), Bytes.size(), E, Error));
  EXPECT_NE(Error.find("parameter"), std::string::npos);

  S = sample();
  S.globals[1].offset = 24; // 24 + 16 > 32
  Bytes = writeEnvelope(S);
  EXPECT_FALSE(readEnvelope(Bytes.data(), Bytes.size(), E, Error));
  EXPECT_NE(Error.find("outside"), std::string::npos);
}

} // namespace

TEST(Envelope, RoundTripsRelocatableIR) {
  Envelope E;
  E.relocatableIR = {'B', 'C', 0xc0, 0xde, 7};
  std::vector<uint8_t> Bytes = writeEnvelope(E);
  Envelope Back;
  std::string Error;
  ASSERT_TRUE(readEnvelope(Bytes.data(), Bytes.size(), Back, Error)) << Error;
  EXPECT_TRUE(Back.relocatable());
  EXPECT_EQ(Back.relocatableIR, E.relocatableIR);
  EXPECT_TRUE(Back.metallib.empty());
  // The ordinary envelope is not relocatable.
  Bytes = writeEnvelope(sample());
  ASSERT_TRUE(readEnvelope(Bytes.data(), Bytes.size(), Back, Error)) << Error;
  EXPECT_FALSE(Back.relocatable());
}

TEST(Envelope, RejectsUnknownPayload) {
  Envelope E;
  E.relocatableIR = {1, 2, 3};
  std::vector<uint8_t> Bytes = writeEnvelope(E);
  std::string Text(Bytes.begin(), Bytes.end());
  size_t At = Text.find("nvvm-bitcode");
  ASSERT_NE(At, std::string::npos);
  Bytes[At] = 'x'; // "xvvm-bitcode"
  Envelope Back;
  std::string Error;
  EXPECT_FALSE(readEnvelope(Bytes.data(), Bytes.size(), Back, Error));
  EXPECT_NE(Error.find("payload"), std::string::npos) << Error;
}

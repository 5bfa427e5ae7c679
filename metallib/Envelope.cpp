//===- metallib/Envelope.cpp - cumetal's envelope around a metallib ------===//
//
// Writer and bounds-checked reader of the envelope (docs/abi.md §2): a
// 32-byte header, a JSON manifest (nlohmann-json) and the metallib bytes.
//
//===----------------------------------------------------------------------===//

#include "metallib/Envelope.h"

#include <nlohmann/json.hpp>

#include <cstring>

using namespace cumetal::metallib;
using json = nlohmann::json;

namespace {

const char *const kSchema = "cumetal.envelope/1";

void putLE(std::vector<uint8_t> &Out, uint64_t V, unsigned Bytes) {
  for (unsigned I = 0; I < Bytes; ++I)
    Out.push_back(static_cast<uint8_t>(V >> (8 * I)));
}

uint64_t getLE(const uint8_t *P, unsigned Bytes) {
  uint64_t V = 0;
  for (unsigned I = 0; I < Bytes; ++I)
    V |= static_cast<uint64_t>(P[I]) << (8 * I);
  return V;
}

uint64_t alignTo8(uint64_t V) { return (V + 7) & ~uint64_t(7); }

std::string toHex(const std::vector<uint8_t> &Bytes) {
  static const char Digits[] = "0123456789abcdef";
  std::string S;
  S.reserve(Bytes.size() * 2);
  for (uint8_t B : Bytes) {
    S.push_back(Digits[B >> 4]);
    S.push_back(Digits[B & 15]);
  }
  return S;
}

bool fromHex(const std::string &S, std::vector<uint8_t> &Out) {
  auto Nibble = [](char C) -> int {
    if (C >= '0' && C <= '9')
      return C - '0';
    if (C >= 'a' && C <= 'f')
      return C - 'a' + 10;
    if (C >= 'A' && C <= 'F')
      return C - 'A' + 10;
    return -1;
  };
  if (S.size() % 2)
    return false;
  Out.clear();
  for (size_t I = 0; I < S.size(); I += 2) {
    int Hi = Nibble(S[I]), Lo = Nibble(S[I + 1]);
    if (Hi < 0 || Lo < 0)
      return false;
    Out.push_back(static_cast<uint8_t>(Hi << 4 | Lo));
  }
  return true;
}

json manifestOf(const Envelope &E) {
  json Kernels = json::array();
  for (const EnvelopeKernel &K : E.kernels) {
    json Params = json::array();
    for (const EnvelopeParam &P : K.params)
      Params.push_back(
          {{"offset", P.offset}, {"size", P.size}, {"align", P.align}});
    Kernels.push_back({{"name", K.name},
                       {"params", Params},
                       {"param_block_size", K.paramBlockSize},
                       {"static_shared_bytes", K.staticSharedBytes},
                       {"max_threads_per_block", K.maxThreadsPerBlock},
                       {"buffers", K.buffers},
                       {"dynamic_shared", K.dynamicShared}});
  }
  json Globals = json::array();
  for (const EnvelopeGlobal &G : E.globals) {
    json J = {{"name", G.name},
              {"space", G.space == EnvelopeGlobal::Space::Device ? "device"
                                                                 : "constant"},
              {"offset", G.offset},
              {"size", G.size},
              {"align", G.align}};
    if (!G.init.empty())
      J["init"] = toHex(G.init);
    Globals.push_back(std::move(J));
  }
  return {{"schema", kSchema},
          {"payload", E.relocatable() ? "nvvm-bitcode" : "metallib"},
          {"kernels", Kernels},
          {"globals", Globals},
          {"device_globals_size", E.deviceGlobalsSize},
          {"constant_globals_size", E.constantGlobalsSize},
          {"printf_formats", E.printfFormats}};
}

// Reads the manifest into Out; throws json exceptions on type errors, which
// the caller turns into a message.
bool parseManifest(const json &M, Envelope &Out, std::string &Error) {
  if (!M.is_object() || M.value("schema", "") != kSchema) {
    Error = std::string("manifest schema is not ") + kSchema;
    return false;
  }
  for (const json &K : M.at("kernels")) {
    EnvelopeKernel EK;
    EK.name = K.at("name").get<std::string>();
    for (const json &P : K.at("params"))
      EK.params.push_back({P.at("offset").get<uint32_t>(),
                           P.at("size").get<uint32_t>(),
                           P.at("align").get<uint32_t>()});
    EK.paramBlockSize = K.at("param_block_size").get<uint32_t>();
    EK.staticSharedBytes = K.at("static_shared_bytes").get<uint32_t>();
    EK.maxThreadsPerBlock = K.at("max_threads_per_block").get<uint32_t>();
    EK.buffers = K.at("buffers").get<std::vector<uint32_t>>();
    EK.dynamicShared = K.at("dynamic_shared").get<bool>();
    for (const EnvelopeParam &P : EK.params)
      if (uint64_t(P.offset) + P.size > EK.paramBlockSize) {
        Error = "kernel '" + EK.name + "': parameter outside its block";
        return false;
      }
    Out.kernels.push_back(std::move(EK));
  }
  Out.deviceGlobalsSize = M.at("device_globals_size").get<uint64_t>();
  Out.constantGlobalsSize = M.at("constant_globals_size").get<uint64_t>();
  for (const json &G : M.at("globals")) {
    EnvelopeGlobal EG;
    EG.name = G.at("name").get<std::string>();
    std::string Space = G.at("space").get<std::string>();
    if (Space != "device" && Space != "constant") {
      Error = "global '" + EG.name + "': unknown space '" + Space + "'";
      return false;
    }
    EG.space = Space == "device" ? EnvelopeGlobal::Space::Device
                                 : EnvelopeGlobal::Space::Constant;
    EG.offset = G.at("offset").get<uint64_t>();
    EG.size = G.at("size").get<uint64_t>();
    EG.align = G.at("align").get<uint64_t>();
    if (G.contains("init") &&
        (!fromHex(G.at("init").get<std::string>(), EG.init) ||
         EG.init.size() != EG.size)) {
      Error = "global '" + EG.name + "': bad initial value";
      return false;
    }
    uint64_t Block = EG.space == EnvelopeGlobal::Space::Device
                         ? Out.deviceGlobalsSize
                         : Out.constantGlobalsSize;
    if (EG.offset > Block || EG.size > Block - EG.offset) {
      Error = "global '" + EG.name + "' lies outside its block";
      return false;
    }
    Out.globals.push_back(std::move(EG));
  }
  Out.printfFormats = M.at("printf_formats").get<std::vector<std::string>>();
  return true;
}

} // namespace

std::vector<uint8_t> cumetal::metallib::writeEnvelope(const Envelope &E) {
  std::string Manifest = manifestOf(E).dump();
  std::vector<uint8_t> Out(kEnvelopeMagic, kEnvelopeMagic + 8);
  putLE(Out, kEnvelopeVersion, 4);
  putLE(Out, 0, 4);
  putLE(Out, Manifest.size(), 8);
  const std::vector<uint8_t> &Payload =
      E.relocatable() ? E.relocatableIR : E.metallib;
  putLE(Out, Payload.size(), 8);
  Out.insert(Out.end(), Manifest.begin(), Manifest.end());
  Out.resize(alignTo8(Out.size()), 0);
  Out.insert(Out.end(), Payload.begin(), Payload.end());
  return Out;
}

bool cumetal::metallib::isEnvelope(const void *Data) {
  return std::memcmp(Data, kEnvelopeMagic, sizeof(kEnvelopeMagic)) == 0;
}

uint64_t cumetal::metallib::envelopeSize(const void *Data) {
  if (!isEnvelope(Data))
    return 0;
  const auto *P = static_cast<const uint8_t *>(Data);
  uint64_t M = getLE(P + 16, 8), L = getLE(P + 24, 8);
  // Keep every sum far from overflow: a manifest or metallib above 4 GiB is
  // not something this format is for.
  if (M > (uint64_t(1) << 32) || L > (uint64_t(1) << 32))
    return 0;
  return alignTo8(kEnvelopeHeaderSize + M) + L;
}

bool cumetal::metallib::readEnvelope(const uint8_t *Data, size_t Size,
                                     Envelope &Out, std::string &Error) {
  Out = Envelope();
  if (Size < kEnvelopeHeaderSize || !isEnvelope(Data)) {
    Error = "not a cumetal envelope (bad magic or truncated header)";
    return false;
  }
  if (getLE(Data + 8, 4) != kEnvelopeVersion) {
    Error =
        "unsupported envelope version " + std::to_string(getLE(Data + 8, 4));
    return false;
  }
  uint64_t Total = envelopeSize(Data);
  if (Total == 0 || Total > Size) {
    Error = "envelope truncated: needs " + std::to_string(Total) +
            " bytes, has " + std::to_string(Size);
    return false;
  }
  uint64_t M = getLE(Data + 16, 8), L = getLE(Data + 24, 8);
  const char *ManifestBegin =
      reinterpret_cast<const char *>(Data + kEnvelopeHeaderSize);
  bool Relocatable = false;
  try {
    json Manifest = json::parse(ManifestBegin, ManifestBegin + M);
    if (!parseManifest(Manifest, Out, Error))
      return false;
    std::string Payload = Manifest.value("payload", "metallib");
    if (Payload != "metallib" && Payload != "nvvm-bitcode") {
      Error = "unknown envelope payload '" + Payload + "'";
      return false;
    }
    Relocatable = Payload == "nvvm-bitcode";
  } catch (const json::exception &Ex) {
    Error = std::string("bad envelope manifest: ") + Ex.what();
    return false;
  }
  const uint8_t *Lib = Data + alignTo8(kEnvelopeHeaderSize + M);
  if (Relocatable && L == 0) {
    Error = "relocatable envelope without device code";
    return false;
  }
  (Relocatable ? Out.relocatableIR : Out.metallib).assign(Lib, Lib + L);
  return true;
}

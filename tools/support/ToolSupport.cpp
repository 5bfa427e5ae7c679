//===- tools/support/ToolSupport.cpp - Shared code of the tools -----------===//
//
// File I/O, stored-module parsing and AIR metadata summaries for
// air_inspect and air_validate.
//
//===----------------------------------------------------------------------===//

#include "tools/support/ToolSupport.h"

#include "metallib/Envelope.h"

#include "air/AIRVerifier.h"
#include <cstring>

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VersionTuple.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace cumetal {
namespace tools {

Expected<std::vector<uint8_t>> readFileBytes(const std::string &Path) {
  auto Buf = MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read '%s': %s",
                             Path.c_str(), Buf.getError().message().c_str());
  const auto *P = reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart());
  return std::vector<uint8_t>(P, P + (*Buf)->getBufferSize());
}

Expected<std::vector<uint8_t>> readMetallibBytes(const std::string &Path) {
  auto Bytes = readFileBytes(Path);
  if (!Bytes ||
      (Bytes->size() >= 4 && std::memcmp(Bytes->data(), "MTLB", 4) == 0))
    return Bytes;
  const uint8_t *Data = Bytes->data();
  size_t Size = Bytes->size();
  for (size_t I = 0; I + metallib::kEnvelopeHeaderSize <= Size; ++I) {
    if (Data[I] != 'C' || !metallib::isEnvelope(Data + I))
      continue;
    metallib::Envelope Env;
    std::string Error;
    if (metallib::readEnvelope(Data + I, Size - I, Env, Error) &&
        !Env.metallib.empty())
      return std::move(Env.metallib);
  }
  return Bytes;
}

Error writeFileBytes(const std::string &Path, ArrayRef<uint8_t> Bytes) {
  return writeFileAtomically(
      Path + ".tmp-%%%%%%", Path,
      StringRef(reinterpret_cast<const char *>(Bytes.data()), Bytes.size()));
}

Expected<std::unique_ptr<Module>> parseStoredModule(const metallib::Function &F,
                                                    LLVMContext &Ctx) {
  using namespace support::endian;
  const std::vector<uint8_t> &M = F.Module;
  if (M.size() < 20 || read32le(M.data()) != 0x0B17C0DE)
    return createStringError(std::errc::invalid_argument,
                             "module does not start with the bitcode "
                             "wrapper magic 0x0B17C0DE");
  uint32_t Offset = read32le(M.data() + 8), Size = read32le(M.data() + 12);
  if (Offset > M.size() || Size > M.size() - Offset)
    return createStringError(std::errc::invalid_argument,
                             "bitcode wrapper (offset %u, size %u) runs past "
                             "the %zu-byte stored module",
                             Offset, Size, M.size());
  if (Size < 4 || read32le(M.data() + Offset) != 0xDEC04342)
    return createStringError(std::errc::invalid_argument,
                             "wrapped stream is not LLVM bitcode ('BC' "
                             "0xC0DE magic missing)");
  StringRef Data(reinterpret_cast<const char *>(M.data()), M.size());
  auto Mod = parseBitcodeFile(MemoryBufferRef(Data, F.name()), Ctx);
  if (!Mod)
    return createStringError(std::errc::invalid_argument,
                             "LLVM 14 cannot read the bitcode: %s",
                             toString(Mod.takeError()).c_str());
  return std::move(*Mod);
}

static KernelArgument summarizeArgument(const MDNode *N) {
  KernelArgument A;
  if (!N || N->getNumOperands() < 2)
    return A;
  if (auto *C = mdconst::dyn_extract_or_null<ConstantInt>(N->getOperand(0)))
    A.Index = C->getZExtValue();
  auto Int = [&](unsigned I) -> std::optional<unsigned> {
    if (I >= N->getNumOperands())
      return std::nullopt;
    if (auto *C = mdconst::dyn_extract_or_null<ConstantInt>(N->getOperand(I)))
      return C->getZExtValue();
    return std::nullopt;
  };
  auto Str = [&](unsigned I) -> std::string {
    if (I < N->getNumOperands())
      if (auto *S = dyn_cast_or_null<MDString>(N->getOperand(I)))
        return S->getString().str();
    return std::string();
  };
  A.Kind = Str(1);
  for (unsigned I = 2; I < N->getNumOperands(); ++I) {
    std::string Key = Str(I);
    if (Key == "air.location_index")
      A.LocationIndex = Int(I + 1);
    else if (Key == "air.address_space")
      A.AddressSpace = Int(I + 1);
    else if (Key == "air.arg_type_size")
      A.TypeSize = Int(I + 1);
    else if (Key == "air.arg_type_align_size")
      A.TypeAlign = Int(I + 1);
    else if (Key == "air.read" || Key == "air.read_write" || Key == "air.write")
      A.Access = Key;
    else if (Key == "air.arg_type_name")
      A.TypeName = Str(I + 1);
    else if (Key == "air.arg_name")
      A.Name = Str(I + 1);
  }
  return A;
}

ModuleSummary summarizeModule(const Module &M, const std::string &EntryPoint) {
  ModuleSummary S;
  S.Triple = M.getTargetTriple();
  S.SourceFileName = M.getSourceFileName();
  if (NamedMDNode *Ident = M.getNamedMetadata("llvm.ident"))
    if (Ident->getNumOperands() && Ident->getOperand(0)->getNumOperands())
      if (auto *Str = dyn_cast<MDString>(Ident->getOperand(0)->getOperand(0)))
        S.Ident = Str->getString().str();
  S.AIRVersion = air::readAIRVersion(M);
  S.LanguageVersion = air::readLanguageVersion(M);
  if (NamedMDNode *L = M.getNamedMetadata("air.language_version"))
    if (L->getNumOperands() && L->getOperand(0)->getNumOperands())
      if (auto *Name = dyn_cast<MDString>(L->getOperand(0)->getOperand(0)))
        S.Language = Name->getString().str();
  if (NamedMDNode *Opts = M.getNamedMetadata("air.compile_options"))
    for (MDNode *N : Opts->operands())
      if (N->getNumOperands())
        if (auto *Str = dyn_cast<MDString>(N->getOperand(0)))
          S.CompileOptions.push_back(Str->getString().str());
  VersionTuple SDK = M.getSDKVersion();
  if (!SDK.empty())
    S.SDKVersion = std::make_pair(SDK.getMajor(), SDK.getMinor().getValueOr(0));
  if (NamedMDNode *Kernels = M.getNamedMetadata("air.kernel"))
    for (MDNode *K : Kernels->operands()) {
      if (K->getNumOperands() < 3)
        continue;
      auto *F = mdconst::dyn_extract_or_null<Function>(K->getOperand(0));
      if (!F || F->getName() != EntryPoint)
        continue;
      S.HasKernelNode = true;
      if (auto *Args = dyn_cast_or_null<MDNode>(K->getOperand(2)))
        for (const MDOperand &Op : Args->operands())
          S.Arguments.push_back(summarizeArgument(dyn_cast<MDNode>(Op)));
    }
  for (const Function &F : M.functions())
    ++(F.isDeclaration() ? S.DeclaredFunctions : S.DefinedFunctions);
  S.Globals = M.global_size();
  return S;
}

std::string hexString(ArrayRef<uint8_t> Bytes) {
  static const char Digits[] = "0123456789abcdef";
  std::string S;
  S.reserve(Bytes.size() * 2);
  for (uint8_t B : Bytes) {
    S.push_back(Digits[B >> 4]);
    S.push_back(Digits[B & 15]);
  }
  return S;
}

std::string containerVersion(const metallib::Header &H) {
  return std::to_string(H.FormatMajor) + "." + std::to_string(H.FormatMinor) +
         "." + std::to_string(H.FormatPatch);
}

StringRef platformName(uint8_t Platform) {
  switch (Platform) {
  case 1:
    return "macOS";
  case 2:
    return "iOS";
  case 3:
    return "tvOS";
  case 4:
    return "watchOS";
  case 5:
    return "bridgeOS";
  case 6:
    return "Mac Catalyst";
  case 7:
    return "iOS simulator";
  case 8:
    return "tvOS simulator";
  case 9:
    return "watchOS simulator";
  case 10:
    return "DriverKit";
  case 11:
    return "visionOS";
  case 12:
    return "visionOS simulator";
  default:
    return "unknown";
  }
}

} // namespace tools
} // namespace cumetal

//===- air/MetallibEmitter.cpp - Pack AIR modules into a metallib ---------===//
//
// One module per kernel, verified, written with LLVM 14's bitcode writer
// (typed pointers; the Darwin wrapper is added for macOS triples) and packed
// with the metallib writer. The container version and platform follow the
// deployment target in the triple, as in Apple's version matrix
// (air-abi.md §1.12).
//
//===----------------------------------------------------------------------===//

#include "air/MetallibEmitter.h"
#include "air/AIRVerifier.h"
#include "metallib/Metallib.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Triple.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

/// The container version Apple writes for a macOS deployment target.
uint16_t containerPatchFor(unsigned MacOSMajor) {
  if (MacOSMajor <= 11)
    return 5;
  if (MacOSMajor == 12)
    return 6;
  if (MacOSMajor <= 14)
    return 7;
  if (MacOSMajor == 15)
    return 8;
  return 9;
}

/// A copy of \p M that holds only kernel \p K and what it reaches.
std::unique_ptr<Module> splitKernel(const Module &M, StringRef K) {
  std::unique_ptr<Module> Clone = CloneModule(M);
  Clone->setSourceFileName(K); // as air-lld does (air-abi.md §2.6)
  // Keep only K's node in the kernel list (CloneModule maps it); the other
  // kernels become internal so GlobalDCE drops what only they reach.
  NamedMDNode *Kernels = Clone->getNamedMetadata("air.kernel");
  std::vector<MDNode *> Keep;
  for (MDNode *N : Kernels->operands())
    if (auto *F = mdconst::dyn_extract_or_null<Function>(N->getOperand(0))) {
      if (F->getName() == K)
        Keep.push_back(N);
      else
        F->setLinkage(GlobalValue::InternalLinkage);
    }
  Kernels->clearOperands();
  for (MDNode *N : Keep)
    Kernels->addOperand(N);
  legacy::PassManager PM;
  PM.add(createGlobalDCEPass());
  PM.run(*Clone);
  return Clone;
}

} // namespace

Expected<std::vector<uint8_t>> emitMetallib(const Module &M) {
  Triple T(M.getTargetTriple());
  // LLVM 14 has no air64 architecture; the arch name is "air64" or
  // "air64_vNN" (air-abi.md §1.12).
  if (!T.getArchName().startswith("air64") || !T.isMacOSX())
    return createStringError(std::errc::invalid_argument,
                             "module triple '%s' is not an air64 macOS triple",
                             T.str().c_str());
  auto AIRVersion = readAIRVersion(M);
  auto LangVersion = readLanguageVersion(M);
  if (!AIRVersion || !LangVersion)
    return createStringError(std::errc::invalid_argument,
                             "module lacks !air.version or "
                             "!air.language_version");
  NamedMDNode *Kernels = M.getNamedMetadata("air.kernel");
  if (!Kernels || Kernels->getNumOperands() == 0)
    return createStringError(std::errc::invalid_argument,
                             "module has no kernel (!air.kernel is empty)");

  metallib::Header H;
  VersionTuple OS = T.getOSVersion();
  H.PlatformMajor = static_cast<uint16_t>(OS.getMajor());
  H.PlatformMinor = static_cast<uint8_t>(OS.getMinor().getValueOr(0));
  H.PlatformPatch = static_cast<uint8_t>(OS.getSubminor().getValueOr(0));
  H.FormatPatch = containerPatchFor(OS.getMajor());
  metallib::Versions Vers;
  Vers.AIRMajor = (*AIRVersion)[0];
  Vers.AIRMinor = (*AIRVersion)[1];
  Vers.MetalMajor = (*LangVersion)[0];
  Vers.MetalMinor = (*LangVersion)[1];

  std::vector<metallib::FunctionSpec> Specs;
  for (MDNode *N : Kernels->operands()) {
    auto *F = N->getNumOperands()
                  ? mdconst::dyn_extract_or_null<Function>(N->getOperand(0))
                  : nullptr;
    if (!F)
      return createStringError(std::errc::invalid_argument,
                               "an !air.kernel node does not name a function");
    std::unique_ptr<Module> Split = splitKernel(M, F->getName());
    EntryPointInfo Info;
    Info.Name = F->getName().str();
    Info.Vers = std::array<uint16_t, 4>{Vers.AIRMajor, Vers.AIRMinor,
                                        Vers.MetalMajor, Vers.MetalMinor};
    for (const CheckResult &R : verifyAIRModule(*Split, Info))
      if (R.Status == CheckStatus::Failed)
        return createStringError(
            std::errc::invalid_argument, "kernel '%s' fails AIR check '%s': %s",
            Info.Name.c_str(), R.Check.c_str(), R.Message.c_str());
    SmallVector<char, 0> Buffer;
    raw_svector_ostream OS(Buffer);
    WriteBitcodeToFile(*Split, OS);
    metallib::FunctionSpec S;
    S.Name = Info.Name;
    S.Vers = Vers;
    S.Bitcode.assign(Buffer.begin(), Buffer.end());
    Specs.push_back(std::move(S));
  }
  return metallib::writeLibrary(metallib::buildLibrary(H, std::move(Specs)));
}

} // namespace air
} // namespace cumetal

//===- tools/air_validate/LibraryValidator.cpp - metallib checks ----------===//
//
// Structural checks of the container plus the AIR checks of each module.
// The reader (metallib/) enforces header, file size, offsets and tag
// grammar in that order and stops at the first violation; the checks here
// cover what a well-formed container can still get wrong.
//
//===----------------------------------------------------------------------===//

#include "tools/air_validate/LibraryValidator.h"
#include "metallib/Metallib.h"
#include "tools/support/ToolSupport.h"

#include "llvm/ADT/Triple.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Endian.h"

using namespace llvm;
using cumetal::air::CheckResult;
using cumetal::air::CheckStatus;

namespace cumetal {
namespace tools {

namespace {

class Validator {
public:
  std::vector<CheckResult> Results;

  void add(std::string Check, std::string Function, CheckStatus Status,
           std::string Message) {
    Results.push_back(
        {std::move(Check), std::move(Function), Status, std::move(Message)});
  }
  void pass(std::string Check, std::string Function, std::string Message) {
    add(std::move(Check), std::move(Function), CheckStatus::Passed,
        std::move(Message));
  }
  void failCheck(std::string Check, std::string Function, std::string Message) {
    add(std::move(Check), std::move(Function), CheckStatus::Failed,
        std::move(Message));
  }
  void skip(std::string Check, std::string Function, std::string Message) {
    add(std::move(Check), std::move(Function), CheckStatus::Skipped,
        std::move(Message));
  }

  void run(ArrayRef<uint8_t> Bytes);

private:
  void checkFunction(const metallib::Library &Lib, const metallib::Function &F,
                     LLVMContext &Ctx);
};

void Validator::run(ArrayRef<uint8_t> Bytes) {
  auto Lib = metallib::readLibrary(Bytes);
  if (!Lib) {
    handleAllErrors(
        Lib.takeError(),
        [&](const metallib::FormatError &E) {
          std::string Where = "at offset " + std::to_string(E.offset()) + ": ";
          failCheck(metallib::checkName(E.check()).str(), "",
                    Where + E.detail());
        },
        [&](const ErrorInfoBase &E) {
          failCheck("container", "", E.message());
        });
    skip("remaining", "", "the container could not be read");
    return;
  }
  // The reader enforces these in order and stops at the first violation.
  pass("header", "",
       "magic, container " + containerVersion(Lib->Hdr) +
           " within 1.2.5 to 1.2.9");
  pass("file-size", "", "file-size field is " + std::to_string(Bytes.size()));
  pass("offsets", "", "every section, group and module lies inside the file");
  pass("tag-grammar", "", "every tag, group and ENDT is well formed");
  if (Lib->Functions.empty())
    failCheck("functions", "", "the library has no functions");
  LLVMContext Ctx;
  for (const metallib::Function &F : Lib->Functions)
    checkFunction(*Lib, F, Ctx);
}

void Validator::checkFunction(const metallib::Library &Lib,
                              const metallib::Function &F, LLVMContext &Ctx) {
  using support::endian::read64le;
  const std::string Name = F.name();

  auto Stored = F.storedHash();
  metallib::Hash Computed = F.computedHash();
  if (!Stored)
    failCheck("hashes", Name, "no HASH tag");
  else if (*Stored != Computed)
    failCheck("hashes", Name,
              "HASH tag " + hexString(*Stored) +
                  " is not the SHA-256 of the stored module (" +
                  hexString(Computed) + ")");
  else
    pass("hashes", Name, "HASH is the SHA-256 of the stored module");

  const metallib::TrailingSection *Reflection = Lib.section("RLST");
  const metallib::Tag *RFLT = F.Entry.find("RFLT");
  if (Lib.Hdr.version() < 10207)
    skip("reflection", Name,
         "container " + containerVersion(Lib.Hdr) +
             " predates reflection lists (1.2.7)");
  else if (!Reflection && !RFLT)
    skip("reflection", Name, "no reflection list (optional)");
  else if (!Reflection)
    failCheck("reflection", Name, "RFLT tag but no RLST section");
  else if (!RFLT)
    failCheck("reflection", Name, "RLST section but no RFLT tag");
  else if (read64le(RFLT->Payload.data()) >= Reflection->Data.size())
    failCheck("reflection", Name,
              "RFLT offset " + std::to_string(read64le(RFLT->Payload.data())) +
                  " is past the " + std::to_string(Reflection->Data.size()) +
                  "-byte reflection list");
  else
    pass("reflection", Name, "RFLT points inside the reflection list");

  auto M = parseStoredModule(F, Ctx);
  if (!M) {
    failCheck("module-bitcode", Name, toString(M.takeError()));
    skip("air", Name, "module is not readable bitcode");
    return;
  }
  pass("module-bitcode", Name, "wrapped LLVM bitcode readable by LLVM 14");

  Triple T((*M)->getTargetTriple());
  if (!Lib.Hdr.hasPlatform())
    skip("platform", Name,
         "container " + containerVersion(Lib.Hdr) +
             " records no platform (1.2.6+)");
  else if (!T.isMacOSX())
    skip("platform", Name,
         "module triple '" + T.str() + "' is not a macOS triple");
  else if (T.getOSMajorVersion() != Lib.Hdr.PlatformMajor)
    failCheck("platform", Name,
              "header platform macOS " + std::to_string(Lib.Hdr.PlatformMajor) +
                  " but module triple '" + T.str() + "'");
  else
    pass("platform", Name, "header platform agrees with the module triple");

  air::EntryPointInfo Info;
  Info.Name = Name;
  Info.Type = F.type().value_or(255);
  if (auto V = F.versions())
    Info.Vers = std::array<uint16_t, 4>{V->AIRMajor, V->AIRMinor, V->MetalMajor,
                                        V->MetalMinor};
  for (CheckResult &R : air::verifyAIRModule(**M, Info)) {
    if (R.Function.empty())
      R.Function = Name;
    Results.push_back(std::move(R));
  }
}

} // namespace

std::vector<CheckResult> validateLibrary(ArrayRef<uint8_t> Bytes) {
  Validator V;
  V.run(Bytes);
  return std::move(V.Results);
}

} // namespace tools
} // namespace cumetal

//===- cumetalc/DeviceLink.cpp - Joining relocatable device code ----------===//
//
// Reads .nv_fatbin sections with LLVM's object library (objects, and the
// members of static libraries), keeps the relocatable envelopes, links
// their bitcode with llvm::Linker and runs the generic tier on the result.
//
//===----------------------------------------------------------------------===//

#include "cumetalc/DeviceLink.h"

#include "air/MetallibEmitter.h"
#include "air/lower/Passes.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace cumetal {
namespace driver {

namespace {

/// Appends the relocatable envelopes of \p Obj's __nv_relfatbin sections
/// and the ids of its __nv_module_id sections.
Error scanObject(const object::ObjectFile &Obj, const std::string &Source,
                 DeviceLinkInputs &Out) {
  for (const object::SectionRef &S : Obj.sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    if (*Name != "__nv_relfatbin" && *Name != "__nv_module_id")
      continue;
    Expected<StringRef> Contents = S.getContents();
    if (!Contents)
      return Contents.takeError();
    if (*Name == "__nv_module_id") {
      // NUL-terminated ids, each padded to the section's alignment.
      SmallVector<StringRef, 2> Ids;
      Contents->split(Ids, '\0', -1, /*KeepEmpty=*/false);
      for (StringRef Id : Ids)
        if (!is_contained(Out.moduleIds, Id))
          Out.moduleIds.push_back(Id.str());
      continue;
    }
    // One envelope per compiled file; a partially linked object (ld -r)
    // has several, each 8-byte aligned.
    StringRef Rest = *Contents;
    while (Rest.size() >= metallib::kEnvelopeHeaderSize) {
      if (!metallib::isEnvelope(Rest.data())) {
        Rest = Rest.drop_front(8);
        continue;
      }
      uint64_t Size = metallib::envelopeSize(Rest.data());
      if (Size == 0 || Size > Rest.size())
        return createStringError(inconvertibleErrorCode(),
                                 Source + ": truncated device code");
      metallib::Envelope Env;
      std::string Err;
      if (!metallib::readEnvelope(
              reinterpret_cast<const uint8_t *>(Rest.data()), Size, Env, Err))
        return createStringError(inconvertibleErrorCode(), Source + ": " + Err);
      if (Env.relocatable())
        Out.code.push_back({Source, std::move(Env.relocatableIR)});
      Rest = Rest.drop_front(
          std::min<uint64_t>(Rest.size(), (Size + 7) & ~uint64_t(7)));
    }
  }
  return Error::success();
}

/// Kernels with internal linkage (`static __global__`): under -fgpu-rdc
/// Clang renames them on the device side (`<name>__intern__<cuid>`) but
/// registers the plain name on the host side, so the runtime could not find
/// them in the linked image; reported, never linked. False if any.
bool reportStaticKernels(const Module &M, raw_ostream &Diags) {
  bool OK = true;
  const NamedMDNode *Annotations = M.getNamedMetadata("nvvm.annotations");
  if (!Annotations)
    return true;
  for (const MDNode *Node : Annotations->operands()) {
    if (Node->getNumOperands() < 2)
      continue;
    auto *Kind = dyn_cast<MDString>(Node->getOperand(1));
    auto *F = mdconst::dyn_extract_or_null<Function>(Node->getOperand(0));
    if (!Kind || Kind->getString() != "kernel" || !F)
      continue;
    StringRef Name = F->getName();
    size_t Intern = Name.find("__intern__");
    if (!F->hasLocalLinkage() && Intern == StringRef::npos)
      continue;
    if (const DISubprogram *SP = F->getSubprogram())
      Diags << SP->getFilename() << ":" << SP->getLine() << ":1: ";
    else
      Diags << "cumetalc: ";
    Diags << "error: static __global__ function '"
          << demangle(Name.substr(0, Intern).str())
          << "' in relocatable device code (-rdc=true) is not supported: "
             "give it external linkage, or compile its file without -rdc\n";
    OK = false;
  }
  return OK;
}

} // namespace

Expected<DeviceLinkInputs> findRelocatableCode(ArrayRef<std::string> Files) {
  DeviceLinkInputs Out;
  for (const std::string &File : Files) {
    auto Buf = MemoryBuffer::getFile(File);
    if (!Buf)
      return createStringError(Buf.getError(), "cannot read '" + File + "'");
    Expected<std::unique_ptr<object::Binary>> Bin =
        object::createBinary((*Buf)->getMemBufferRef());
    if (!Bin) {
      consumeError(Bin.takeError()); // not an object: the linker will say
      continue;
    }
    if (auto *Obj = dyn_cast<object::ObjectFile>(Bin->get())) {
      if (Error E = scanObject(*Obj, File, Out))
        return E;
      continue;
    }
    auto *Ar = dyn_cast<object::Archive>(Bin->get());
    if (!Ar)
      continue;
    Error Err = Error::success();
    for (const object::Archive::Child &C : Ar->children(Err)) {
      Expected<std::unique_ptr<object::Binary>> Member = C.getAsBinary();
      if (!Member) {
        consumeError(Member.takeError());
        continue;
      }
      Expected<StringRef> MemberName = C.getName();
      std::string Source =
          File + "(" + (MemberName ? MemberName->str() : "?") + ")";
      if (!MemberName)
        consumeError(MemberName.takeError());
      if (auto *Obj = dyn_cast<object::ObjectFile>(Member->get()))
        if (Error E = scanObject(*Obj, Source, Out))
          return E;
    }
    if (Err)
      return Err;
  }
  return Out;
}

Optional<metallib::Envelope> linkDeviceCode(ArrayRef<RelocatableCode> Code,
                                            const air::LoweringOptions &Opts,
                                            raw_ostream &Diags) {
  LLVMContext Ctx;
  // The IR linker reports clashes (a variable defined twice) through the
  // context; name the files they come from.
  std::string Current;
  bool Failed = false;
  std::pair<std::string *, bool *> HandlerState(&Current, &Failed);
  Ctx.setDiagnosticHandlerCallBack(
      [](const DiagnosticInfo &DI, void *Data) {
        auto *State = static_cast<std::pair<std::string *, bool *> *>(Data);
        std::string Msg;
        raw_string_ostream OS(Msg);
        DiagnosticPrinterRawOStream DP(OS);
        DI.print(DP);
        errs() << "cumetalc: "
               << (DI.getSeverity() == DS_Error ? "error" : "warning")
               << ": device link of '" << *State->first << "': " << OS.str()
               << "\n";
        if (DI.getSeverity() == DS_Error)
          *State->second = true;
      },
      &HandlerState);
  std::unique_ptr<Module> Linked;
  for (const RelocatableCode &RC : Code) {
    Current = RC.source;
    MemoryBufferRef Ref(
        StringRef(reinterpret_cast<const char *>(RC.bitcode.data()),
                  RC.bitcode.size()),
        RC.source);
    Expected<std::unique_ptr<Module>> M = parseBitcodeFile(Ref, Ctx);
    if (!M) {
      Diags << "cumetalc: error: " << RC.source
            << ": unreadable device code: " << toString(M.takeError()) << "\n";
      return None;
    }
    if (!reportStaticKernels(**M, Diags))
      return None;
    if (!Linked) {
      Linked = std::move(*M);
      continue;
    }
    if (Linker::linkModules(*Linked, std::move(*M)) || Failed)
      return None;
  }
  if (!Linked)
    return metallib::Envelope();
  air::LoweringContext LC(Opts, Diags);
  if (!air::lowerToAIR(*Linked, LC))
    return None;
  metallib::Envelope Env = LC.envelope();
  if (!Env.kernels.empty()) {
    auto Bytes = air::emitMetallib(*Linked);
    if (!Bytes) {
      Diags << "cumetalc: error: device link: " << toString(Bytes.takeError())
            << "\n";
      return None;
    }
    Env.metallib = std::move(*Bytes);
  }
  return Env;
}

} // namespace driver
} // namespace cumetal

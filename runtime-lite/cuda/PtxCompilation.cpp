//===- PtxCompilation.cpp - PTX of nvcc-built programs, compiled ----------===//
//
// Cache layout: <dir>/<key>.cumetal holds the envelope; <key>.ptx is left
// beside it when cumetalc rejects the PTX, so that its file:line:col
// diagnostics point at a file the user can open. Entries are written to a
// unique temporary name and renamed into place, so concurrent processes
// never read half an entry; a cached file that is not a whole envelope is
// compiled again.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/PtxCompilation.h"

#include "metallib/Envelope.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>

using namespace llvm;
using namespace cumetal;

namespace {

Error failure(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

bool isExecutable(const Twine &Path) {
  return sys::fs::exists(Path) && sys::fs::can_execute(Path) &&
         !sys::fs::is_directory(Path);
}

/// Extra cumetalc options from CUMETAL_PTX_FLAGS (split at blanks).
std::vector<std::string> extraFlags() {
  std::vector<std::string> Flags;
  if (Optional<std::string> Env = sys::Process::GetEnv("CUMETAL_PTX_FLAGS")) {
    SmallVector<StringRef, 8> Parts;
    StringRef(*Env).split(Parts, ' ', -1, /*KeepEmpty=*/false);
    for (StringRef P : Parts)
      if (!P.trim().empty())
        Flags.push_back(P.trim().str());
  }
  return Flags;
}

/// The cache key: the PTX, the flags and what identifies the compiler (its
/// path, size and modification time, and the runtime's version).
std::string cacheKey(StringRef Ptx, StringRef Compiler,
                     const std::vector<std::string> &Flags) {
  SHA256 H;
  H.update("cumetal-ptx-cache/1\n" CUMETAL_VERSION "\n");
  H.update(Compiler);
  sys::fs::file_status St;
  if (!sys::fs::status(Compiler, St)) {
    H.update("\n" + utostr(St.getSize()) + "\n" +
             utostr(St.getLastModificationTime().time_since_epoch().count()));
  }
  for (const std::string &F : Flags)
    H.update("\n" + F);
  H.update(StringRef("\0", 1));
  H.update(Ptx);
  return toHex(H.final(), /*LowerCase=*/true);
}

Expected<std::vector<uint8_t>> readEnvelopeFile(const Twine &Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return failure("cannot read " + Path + ": " + Buf.getError().message());
  StringRef B = (*Buf)->getBuffer();
  if (B.size() < 32 || !metallib::isEnvelope(B.data()) ||
      metallib::envelopeSize(B.data()) != B.size())
    return failure(Path + " is not a whole cumetal envelope");
  return std::vector<uint8_t>(B.bytes_begin(), B.bytes_end());
}

Error writeFile(const Twine &Path, StringRef Data) {
  std::error_code EC;
  raw_fd_ostream OS(Path.str(), EC, sys::fs::OF_None);
  if (EC)
    return failure("cannot write " + Path + ": " + EC.message());
  OS << Data;
  OS.close();
  if (OS.has_error())
    return failure("cannot write " + Path + ": " + OS.error().message());
  return Error::success();
}

} // namespace

Expected<std::string> rt::findCumetalc() {
  if (Optional<std::string> Env = sys::Process::GetEnv("CUMETAL_CUMETALC")) {
    if (!isExecutable(*Env))
      return failure("CUMETAL_CUMETALC names '" + *Env +
                     "', which is not an executable file");
    return *Env;
  }
  std::vector<std::string> Candidates;
  // libcudart.so in PREFIX/lib: the compiler is PREFIX/bin/cumetalc.
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&rt::findCumetalc), &Info) &&
      Info.dli_fname) {
    SmallString<256> P(sys::path::parent_path(Info.dli_fname));
    sys::path::append(P, "..", "bin", "cumetalc");
    Candidates.push_back(std::string(P));
  }
#ifdef CUMETAL_BUILD_CUMETALC
  Candidates.push_back(CUMETAL_BUILD_CUMETALC);
#endif
#ifdef CUMETAL_INSTALL_CUMETALC
  Candidates.push_back(CUMETAL_INSTALL_CUMETALC);
#endif
  for (const std::string &C : Candidates)
    if (isExecutable(C))
      return C;
  if (ErrorOr<std::string> P = sys::findProgramByName("cumetalc"))
    return *P;
  return failure("cannot find cumetalc to compile the PTX (set "
                 "CUMETAL_CUMETALC to its path, or put it on PATH)");
}

std::string rt::ptxCacheDir() {
  SmallString<256> Dir;
  if (Optional<std::string> Env = sys::Process::GetEnv("CUMETAL_CACHE_DIR")) {
    if (Env->empty())
      return "";
    Dir = *Env;
  } else if (Optional<std::string> X = sys::Process::GetEnv("XDG_CACHE_HOME")) {
    if (X->empty() || !sys::path::is_absolute(*X))
      return "";
    Dir = *X;
    sys::path::append(Dir, "cumetal");
  } else if (Optional<std::string> Home = sys::Process::GetEnv("HOME")) {
    if (Home->empty())
      return "";
    Dir = *Home;
    sys::path::append(Dir, ".cache", "cumetal");
  } else {
    return "";
  }
  sys::path::append(Dir, "ptx");
  return std::string(Dir);
}

Expected<std::vector<uint8_t>> rt::compilePtx(StringRef ptx) {
  Expected<std::string> Compiler = findCumetalc();
  if (!Compiler)
    return Compiler.takeError();
  std::vector<std::string> Flags = extraFlags();
  std::string Key = cacheKey(ptx, *Compiler, Flags);

  // The folder: the cache, or (caching off or impossible) a temporary one.
  std::string Dir = ptxCacheDir();
  bool Cached = !Dir.empty() && !sys::fs::create_directories(Dir);
  SmallString<256> TempDir;
  if (!Cached) {
    if (std::error_code EC =
            sys::fs::createUniqueDirectory("cumetal-ptx", TempDir))
      return failure("cannot create a temporary folder: " + EC.message());
    Dir = std::string(TempDir);
  }
  auto Cleanup = make_scope_exit([&] {
    if (!TempDir.empty())
      sys::fs::remove_directories(TempDir);
  });
  SmallString<256> Entry(Dir), PtxPath(Dir);
  sys::path::append(Entry, Key + ".cumetal");
  sys::path::append(PtxPath, Key + ".ptx");

  if (Cached && sys::fs::exists(Entry)) {
    if (Expected<std::vector<uint8_t>> Env = readEnvelopeFile(Entry))
      return Env;
    else
      consumeError(Env.takeError()); // compiled again below
  }

  // Unique names for this process's files; renamed into place at the end.
  SmallString<256> TmpPtx, TmpOut, TmpErr;
  for (auto [Model, Out] :
       {std::pair<const char *, SmallString<256> *>{"%%%%%%%%.ptx", &TmpPtx},
        {"%%%%%%%%.cumetal.tmp", &TmpOut},
        {"%%%%%%%%.stderr", &TmpErr}}) {
    SmallString<256> M(Dir);
    sys::path::append(M, Key.substr(0, 16) + "-" + Model);
    sys::fs::createUniquePath(M, *Out, /*MakeAbsolute=*/false);
  }
  auto RemoveTemps = make_scope_exit([&] {
    for (const SmallString<256> *P : {&TmpPtx, &TmpOut, &TmpErr})
      sys::fs::remove(*P);
  });
  if (Error E = writeFile(TmpPtx, ptx))
    return E;

  std::vector<StringRef> Args = {*Compiler, "-fatbin", TmpPtx, "-o", TmpOut};
  for (const std::string &F : Flags)
    Args.push_back(F);
  Optional<StringRef> Redirects[] = {StringRef(""), None, StringRef(TmpErr)};
  std::string ExecError;
  int RC =
      sys::ExecuteAndWait(*Compiler, Args, /*Env=*/None, Redirects,
                          /*SecondsToWait=*/0, /*MemoryLimit=*/0, &ExecError);
  if (RC != 0) {
    std::string Diag;
    if (auto Buf = MemoryBuffer::getFile(TmpErr))
      Diag = (*Buf)->getBuffer().rtrim().str();
    // Keep the PTX under a stable name for the diagnostics to point at.
    if (Cached && !sys::fs::rename(TmpPtx, PtxPath)) {
      size_t At;
      while ((At = Diag.find(TmpPtx.str().str())) != std::string::npos)
        Diag.replace(At, TmpPtx.size(), PtxPath.str().str());
    }
    return failure("cumetalc rejected the PTX" +
                   (ExecError.empty() ? "" : " (" + ExecError + ")") +
                   (Diag.empty() ? "" : ":\n" + Diag));
  }
  Expected<std::vector<uint8_t>> Env = readEnvelopeFile(TmpOut);
  if (!Env)
    return Env.takeError();
  if (Cached)
    sys::fs::rename(TmpOut, Entry); // a failure leaves only the cache cold
  return Env;
}

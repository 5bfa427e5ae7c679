//===- frontend/PrecompiledPreinclude.cpp - Cached PCH of the pre-include -===//
//
// Cache layout: <dir>/<key>.pch and <dir>/<key>.deps, where key is the
// SHA-256 of Clang's version, the cumetalc binary (path, size, time) and
// the cc1 arguments that can change the header's meaning (everything but
// the input, the outputs, the working directory and the dependency-file
// options). <key>.deps lists, one per line, "size mtime
// system path" of every file the PCH was built from; a PCH is used only if
// every one of them is unchanged. Both files are written to temporaries
// and renamed into place, so concurrent compiles never see half a file.
//
//===----------------------------------------------------------------------===//

#include "frontend/PrecompiledPreinclude.h"

#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>

using namespace llvm;
using namespace clang;

namespace cumetal {
namespace frontend {

namespace {

/// Arguments that do not change what the pre-include means.
bool skipsNext(StringRef A) {
  return A == "-o" || A == "-main-file-name" ||
         A == "-fcuda-include-gpubinary" || A == "-dependency-file" ||
         A == "-MT" || A == "-MQ";
}

std::string cacheKey(ArrayRef<std::string> CC1, StringRef Input) {
  SHA256 Hash;
  Hash.update(getClangFullVersion());
  // This build of cumetalc: another one (an upgrade, a developer's tree)
  // may compile the pre-include differently.
  std::string Exe = sys::fs::getMainExecutable(nullptr, (void *)&cacheKey);
  sys::fs::file_status St;
  if (!sys::fs::status(Exe, St)) {
    Hash.update(Exe);
    Hash.update(
        utostr(St.getSize()) + " " +
        itostr(St.getLastModificationTime().time_since_epoch().count()));
  }
  for (size_t I = 0; I < CC1.size(); ++I) {
    StringRef A = CC1[I];
    if (skipsNext(A)) {
      ++I;
      continue;
    }
    // The working directory only names the debug information's folder,
    // which the main compile, not the header, emits.
    if (A == Input || A == "-sys-header-deps" || A == "-MP" ||
        A.startswith("-emit-") || A == "-S" || A == "-E" ||
        A.startswith("-fdebug-compilation-dir") ||
        A.startswith("-fcoverage-compilation-dir"))
      continue;
    Hash.update(A);
    Hash.update(StringRef("\0", 1));
  }
  return toHex(Hash.final(), /*LowerCase=*/true);
}

/// Records every file the PCH build reads, system headers included.
class SourceCollector : public DependencyCollector {
public:
  bool needSystemDependencies() override { return true; }
  bool sawDependency(StringRef Filename, bool FromModule, bool IsSystem,
                     bool IsModuleFile, bool IsMissing) override {
    if (!IsMissing && Filename != "<stdin>" && !Filename.startswith("<"))
      Seen.push_back({Filename.str(), IsSystem});
    return true;
  }
  std::vector<PchSource> Seen;
};

bool stamp(StringRef Path, uint64_t &Size, int64_t &Time) {
  sys::fs::file_status St;
  if (sys::fs::status(Path, St))
    return false;
  Size = St.getSize();
  Time = St.getLastModificationTime().time_since_epoch().count();
  return true;
}

/// Reads <key>.deps; false if a file changed or the manifest is unreadable.
bool upToDate(StringRef DepsPath, std::vector<PchSource> &Sources) {
  auto Buf = MemoryBuffer::getFile(DepsPath, /*IsText=*/true);
  if (!Buf)
    return false;
  SmallVector<StringRef, 64> Lines;
  (*Buf)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef Line : Lines) {
    StringRef SizeS, TimeS, SysS, Path;
    std::tie(SizeS, Line) = Line.split(' ');
    std::tie(TimeS, Line) = Line.split(' ');
    std::tie(SysS, Path) = Line.split(' ');
    uint64_t Size, WantSize;
    int64_t Time, WantTime;
    if (SizeS.getAsInteger(10, WantSize) || TimeS.getAsInteger(10, WantTime) ||
        Path.empty() || !stamp(Path, Size, Time) || Size != WantSize ||
        Time != WantTime)
      return false;
    Sources.push_back({Path.str(), SysS == "1"});
  }
  return !Sources.empty();
}

/// Keeps the cache at kMaxEntries headers (about 5 MB each), dropping the
/// least recently used.
constexpr size_t kMaxEntries = 32;

void evict(StringRef CacheDir) {
  std::vector<std::pair<sys::TimePoint<>, std::string>> Pchs;
  std::error_code EC;
  for (sys::fs::directory_iterator It(CacheDir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (sys::path::extension(It->path()) != ".pch")
      continue;
    sys::fs::file_status St;
    if (!sys::fs::status(It->path(), St))
      Pchs.push_back({St.getLastModificationTime(), It->path()});
  }
  if (Pchs.size() <= kMaxEntries)
    return;
  std::sort(Pchs.begin(), Pchs.end());
  for (size_t I = 0; I + kMaxEntries < Pchs.size(); ++I) {
    SmallString<256> Deps(Pchs[I].second);
    sys::path::replace_extension(Deps, "deps");
    sys::fs::remove(Pchs[I].second);
    sys::fs::remove(Deps);
  }
}

bool build(CompilerInstance &Clang, StringRef Include, StringRef HeaderPath,
           StringRef PchPath, StringRef DepsPath,
           std::vector<PchSource> &Sources) {
  auto Gen = std::make_unique<CompilerInstance>();
  Gen->setInvocation(
      std::make_shared<CompilerInvocation>(Clang.getInvocation()));
  FrontendOptions &FO = Gen->getFrontendOpts();
  InputKind Kind = FO.Inputs.empty() ? InputKind(Language::CUDA)
                                     : FO.Inputs.front().getKind();
  FO.Inputs.clear();
  FO.Inputs.push_back(FrontendInputFile(HeaderPath, Kind));
  SmallString<128> Tmp;
  if (sys::fs::createUniqueFile(PchPath + ".tmp-%%%%%%", Tmp))
    return false;
  FO.OutputFile = std::string(Tmp);
  FO.ProgramAction = clang::frontend::GeneratePCH;
  FO.DisableFree = false;
  auto &Includes = Gen->getPreprocessorOpts().Includes;
  Includes.erase(std::remove(Includes.begin(), Includes.end(), Include),
                 Includes.end());
  Gen->getDependencyOutputOpts() = DependencyOutputOptions();
  // Problems in the headers are reported by the textual include instead.
  Gen->createDiagnostics(new TextDiagnosticBuffer(), /*ShouldOwnClient=*/true);
  auto Collector = std::make_shared<SourceCollector>();
  Gen->addDependencyCollector(Collector);
  GeneratePCHAction Act;
  if (!Gen->ExecuteAction(Act) || Gen->getDiagnostics().hasErrorOccurred()) {
    sys::fs::remove(Tmp);
    return false;
  }
  // The pre-include is the PCH's main file, but a system header of the
  // compiles that include it (-MM leaves it out).
  for (PchSource &S : Collector->Seen)
    if (S.path == HeaderPath)
      S.system = true;
  std::string Manifest;
  for (const PchSource &S : Collector->Seen) {
    uint64_t Size;
    int64_t Time;
    if (!stamp(S.path, Size, Time)) {
      sys::fs::remove(Tmp);
      return false;
    }
    Manifest += utostr(Size) + " " + itostr(Time) + " " +
                (S.system ? "1 " : "0 ") + S.path + "\n";
  }
  if (sys::fs::rename(Tmp, PchPath)) {
    sys::fs::remove(Tmp);
    return false;
  }
  if (Error E = writeFileAtomically((DepsPath + ".tmp-%%%%%%").str(), DepsPath,
                                    Manifest)) {
    consumeError(std::move(E));
    return false;
  }
  Sources = Collector->Seen;
  return true;
}

} // namespace

bool usePrecompiledPreinclude(CompilerInstance &Clang,
                              ArrayRef<std::string> CC1, StringRef Include,
                              StringRef HeaderPath, StringRef CacheDir,
                              std::vector<PchSource> &Sources) {
  Sources.clear();
  if (CacheDir.empty())
    return false;
  auto &Includes = Clang.getPreprocessorOpts().Includes;
  if (!is_contained(Includes, Include) ||
      Clang.getFrontendOpts().Inputs.size() != 1)
    return false;
  if (sys::fs::create_directories(CacheDir))
    return false;
  std::string Key =
      cacheKey(CC1, Clang.getFrontendOpts().Inputs.front().getFile());
  SmallString<256> PchPath(CacheDir), DepsPath(CacheDir);
  sys::path::append(PchPath, Key + ".pch");
  sys::path::append(DepsPath, Key + ".deps");
  if (sys::fs::exists(PchPath) && upToDate(DepsPath, Sources)) {
    // Recently used: the eviction keeps it.
    int FD;
    if (!sys::fs::openFileForWrite(PchPath, FD, sys::fs::CD_OpenExisting,
                                   sys::fs::OF_Append)) {
      sys::fs::setLastAccessAndModificationTime(
          FD, std::chrono::system_clock::now());
      sys::Process::SafelyCloseFileDescriptor(FD);
    }
  } else {
    Sources.clear();
    if (!build(Clang, Include, HeaderPath, PchPath, DepsPath, Sources))
      return false;
    evict(CacheDir);
  }
  Includes.erase(std::remove(Includes.begin(), Includes.end(), Include),
                 Includes.end());
  Clang.getPreprocessorOpts().ImplicitPCHInclude = std::string(PchPath);
  return true;
}

} // namespace frontend
} // namespace cumetal

//===- cumetalc/Toolkit.cpp - Where cumetal's toolkit is ------------------===//
//
// Locates the toolkit around the running binary and prints what build
// systems read from nvcc: the version text and the -v environment lines.
//
//===----------------------------------------------------------------------===//

#include "cumetalc/Toolkit.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace llvm;

namespace cumetal {
namespace driver {

Toolkit locateToolkit(const char *Argv0) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, (void *)&locateToolkit);
  SmallString<256> Root(sys::path::parent_path(sys::path::parent_path(Exe)));
  Toolkit T;
  T.root = std::string(Root);
  SmallString<256> Inc(Root);
  sys::path::append(Inc, "include", "cumetal", "__cumetal_cuda_preinclude.h");
  if (sys::fs::exists(Inc)) {
    // An installed toolkit.
    SmallString<256> Dir(Root), Lib(Root);
    sys::path::append(Dir, "include");
    sys::path::append(Lib, "lib");
    T.includeDir = std::string(Dir);
    T.libDir = std::string(Lib);
  } else {
    // The build tree this binary was built in.
    T.includeDir = CUMETAL_SOURCE_INCLUDE_DIR;
    T.libDir = CUMETAL_BUILD_LIB_DIR;
  }
  SmallString<256> DeviceLib(T.libDir), Libdevice(Root);
  sys::path::append(DeviceLib, "cumetal", "libdevice.bc");
  sys::path::append(Libdevice, "nvvm", "libdevice");
  T.deviceLibrary = std::string(DeviceLib);
  T.libdeviceDir = std::string(Libdevice);
  return T;
}

void printVersion(raw_ostream &OS) {
  OS << "nvcc: NVIDIA (R) Cuda compiler driver (command-line compatible; "
        "this is cumetalc, not an NVIDIA product)\n"
     << "cumetalc " CUMETAL_VERSION
        ": CUDA to Apple GPU (Metal AIR) compiler, built on LLVM "
     << LLVM_VERSION_STRING << "\n"
     << "Cuda compilation tools, release " << kCudaRelease << ", V"
     << kCudaVersion << "\n";
}

std::string hostLinkerDriver() { return CUMETAL_CLANGXX_EXECUTABLE; }

std::vector<std::string>
runtimeLinkArgs(const Toolkit &TK, RuntimeFlavour Flavour, bool DeviceRuntime) {
  std::vector<std::string> Args;
  Args.push_back("-L" + TK.libDir);
  if (DeviceRuntime && Flavour != RuntimeFlavour::None)
    Args.push_back("-lcudadevrt");
  if (Flavour == RuntimeFlavour::Static) {
    Args.push_back("-lcudart_static");
  } else if (Flavour == RuntimeFlavour::Shared) {
    Args.push_back("-lcudart");
    Args.push_back("-Wl,-rpath," + TK.libDir);
  }
  for (const char *A : {"-lrt", "-lpthread", "-ldl"})
    Args.push_back(A);
  // The cpu backend JIT-compiles the metallib's AIR with LLVM.
  if (Flavour != RuntimeFlavour::None) {
    Args.push_back("-L" CUMETAL_LLVM_LIB_DIR);
    Args.push_back("-lLLVM-14");
  }
  return Args;
}

namespace {

std::string quoted(StringRef A) {
  if (!A.empty() &&
      A.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
                          "YZ0123456789_-+=./,:@%") == StringRef::npos)
    return A.str();
  std::string Q = "\"";
  for (char C : A) {
    if (C == '"' || C == '\\' || C == '$' || C == '`')
      Q += '\\';
    Q += C;
  }
  return Q + "\"";
}

} // namespace

void printEnvironment(const Toolkit &TK, raw_ostream &OS) {
  Optional<std::string> Path = sys::Process::GetEnv("PATH");
  OS << "#$ _CUMETALC_=cumetalc " CUMETAL_VERSION "\n"
     << "#$ TOP=" << TK.root << "\n"
     << "#$ NVVMIR_LIBRARY_DIR=" << TK.libdeviceDir << "\n"
     << "#$ PATH=" << Path.getValueOr("") << "\n"
     << "#$ INCLUDES=\"-I" << TK.includeDir << "\"\n"
     << "#$ LIBRARIES=  \"-L" << TK.libDir << "\"\n";
}

void printCommand(raw_ostream &OS, const std::vector<std::string> &Argv) {
  OS << "#$";
  for (const std::string &A : Argv) {
    // The library directory is quoted as in the LIBRARIES line, which build
    // systems look for verbatim in the link command.
    if (StringRef(A).startswith("-L"))
      OS << " \"" << A << "\"";
    else
      OS << " " << quoted(A);
  }
  OS << "\n";
}

} // namespace driver
} // namespace cumetal

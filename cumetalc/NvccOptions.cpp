//===- cumetalc/NvccOptions.cpp - nvcc's command-line grammar -------------===//
//
// The option table (which nvcc options cumetalc honours, ignores or
// rejects, and why) and the reader of nvcc's grammar. The table follows
// NVIDIA's nvcc documentation and the flags real builds and CMake pass
// (docs/nvcc-options.md lists it for users; a unit test keeps the two in
// step).
//
//===----------------------------------------------------------------------===//

#include "cumetalc/NvccOptions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/StringSaver.h"

using namespace llvm;

namespace cumetal {
namespace driver {

namespace {

constexpr OptionArity Flag = OptionArity::Flag;
constexpr OptionArity Value = OptionArity::Value;
constexpr OptionArity List = OptionArity::List;
constexpr OptionArity Repeated = OptionArity::Repeated;
constexpr OptionClass H = OptionClass::Honoured;
constexpr OptionClass I = OptionClass::Ignored;
constexpr OptionClass R = OptionClass::Rejected;

const char *const kNoPtxas =
    "there is no ptxas: Apple's driver compiles the AIR on the Mac";
const char *const kNvccDiagnostics =
    "nvcc's diagnostic numbers do not name Clang's diagnostics";

const OptionInfo Table[] = {
    // Phases and outputs.
    {"compile", "c", Flag, H, false,
     "compile each input to an object file (device code embedded); do not "
     "link"},
    {"output-file", "o", Value, H, false, "output file"},
    {"output-directory", "odir", Value, H, false,
     "directory of the output files"},
    {"x", "x", Value, H, false,
     "language of all source inputs: cu, c, c++, air (a ready AIR module)"},
    {"link", "link", Flag, H, false, "compile and link (the default)"},
    {"lib", "lib", Flag, H, false,
     "compile and put the objects into a static library"},
    {"shared", "shared", Flag, H, false, "link a shared library"},
    {"device-c", "dc", Flag, H, false,
     "relocatable device code, compile only (-rdc=true -c)"},
    {"device-w", "dw", Flag, H, false,
     "whole-program device code, compile only (-rdc=false -c)"},
    {"device-link", "dlink", Flag, H, false,
     "link the relocatable device code of the inputs into one object"},
    {"relocatable-device-code", "rdc", Value, H, false,
     "true: device code may reference device functions and variables of "
     "other files, joined at the link (defines __CUDACC_RDC__)"},
    {"preprocess", "E", Flag, H, false,
     "preprocess the host half of each input to the output"},
    {"cubin", "cubin", Flag, H, false,
     "write the device binary of each .cu input: the .metallib a Mac loads"},
    {"fatbin", "fatbin", Flag, H, false,
     "write the device image the host object embeds: cumetal's envelope "
     "(the metallib and its launch metadata, docs/abi.md)"},
    {"ptx", "ptx", Flag, R, false,
     "Apple GPUs do not run PTX; cumetalc compiles device code to AIR (-cubin "
     "writes the .metallib, --emit=nvvm the LLVM IR)"},
    {"cuda", "cuda", Flag, R, false,
     "cumetalc compiles host code with Clang directly; there is no "
     ".cu.cpp.ii stage to write"},
    {"optix-ir", "optix-ir", Flag, R, false, "OptiX is not available"},
    {"run", "run", Flag, H, false, "run the executable after linking it"},
    {"run-args", "run-args", List, H, false, "arguments for --run"},

    // Dependency files (gcc's format, as make and CMake read it).
    {"generate-dependencies", "M", Flag, H, false,
     "write a make rule of the input's dependencies instead of compiling"},
    {"generate-nonsystem-dependencies", "MM", Flag, H, false,
     "as -M, without system headers"},
    {"generate-dependencies-with-compile", "MD", Flag, H, false,
     "write the dependency rule while compiling"},
    {"generate-nonsystem-dependencies-with-compile", "MMD", Flag, H, false,
     "as -MD, without system headers"},
    {"dependency-output", "MF", Value, H, true, "file for the dependency rule"},
    {"dependency-target-name", "MT", Repeated, H, true,
     "target of the dependency rule"},
    {"generate-dependency-targets", "MP", Flag, H, false,
     "add a phony target for each dependency"},
    {"dependency-drive-prefix", "ddp", Value, I, false,
     "Windows drive prefixes do not apply"},

    // Architecture.
    {"gpu-architecture", "arch", Value, H, false,
     "sm_NN, compute_NN, native, all, all-major: sets __CUDA_ARCH__ "
     "(cumetalc always produces AIR for Apple GPUs)"},
    {"gpu-code", "code", List, I, false,
     "cumetalc embeds AIR for Apple GPUs whatever the code list"},
    {"generate-code", "gencode", Repeated, H, false,
     "arch=compute_NN,code=...: the highest arch sets __CUDA_ARCH__"},
    {"list-gpu-arch", "arch-ls", Flag, H, false,
     "list the virtual architectures accepted"},
    {"list-gpu-code", "code-ls", Flag, H, false,
     "list the real architectures accepted"},

    // Compilation.
    {"optimize", "O", Value, H, true,
     "optimisation level of host and device code: 0, 1, 2, 3 (default), s, "
     "z"},
    {"dopt", "dopt", Value, I, false,
     "device code is optimised at the -O level"},
    {"debug", "g", Flag, H, false, "host debug information"},
    {"device-debug", "G", Flag, H, false,
     "device code at -O0; defines __CUDACC_DEBUG__"},
    {"generate-line-info", "lineinfo", Flag, I, false,
     "cumetalc always keeps source lines for its diagnostics; the metallib "
     "carries no debug information"},
    {"std", "std", Value, H, false, "C++ standard: c++11 ... c++20"},
    {"include-path", "I", List, H, true, "add an include directory"},
    {"system-include", "isystem", List, H, false,
     "add a system include directory"},
    {"define-macro", "D", List, H, true, "define a macro (NAME or NAME=VALUE)"},
    {"undefine-macro", "U", List, H, true, "undefine a macro"},
    {"pre-include", "include", List, H, false,
     "include a header before each source"},
    {"library-path", "L", List, H, true, "add a library directory"},
    {"library", "l", List, H, true, "link a library"},
    {"compiler-options", "Xcompiler", List, H, false,
     "options for the host compiler (Clang 14)"},
    {"linker-options", "Xlinker", List, H, false,
     "options for the host linker"},
    {"ptxas-options", "Xptxas", List, I, false, kNoPtxas},
    {"nvlink-options", "Xnvlink", List, I, false,
     "there is no nvlink: cumetalc links device code itself"},
    {"archive-options", "Xarchive", List, I, false,
     "cumetalc writes static libraries itself"},
    {"Xcudafe", "", List, I, false,
     "there is no cudafe: Clang parses CUDA; its diagnostics have no nvcc "
     "numbers"},
    {"forward-unknown-to-host-compiler", "forward-unknown-to-host-compiler",
     Flag, H, false, "pass unknown options to the host compiler"},
    {"forward-unknown-to-host-linker", "forward-unknown-to-host-linker", Flag,
     H, false, "pass unknown options to the host linker"},
    {"compiler-bindir", "ccbin", Value, I, false,
     "host code is compiled by cumetalc's own Clang 14"},
    {"allow-unsupported-compiler", "allow-unsupported-compiler", Flag, I, false,
     "host code is compiled by cumetalc's own Clang 14"},
    {"use_fast_math", "use_fast_math", Flag, H, false,
     "Apple's fast (relaxed) math functions in device code"},
    {"ftz", "ftz", Value, I, false,
     "Apple GPUs decide denormal handling; see docs/cumetalc.md"},
    {"prec-div", "prec-div", Value, I, false,
     "division is Apple's precise division unless --use_fast_math"},
    {"prec-sqrt", "prec-sqrt", Value, I, false,
     "square root is Apple's precise sqrt unless --use_fast_math"},
    {"fmad", "fmad", Value, H, false,
     "contract a*b+c into fused multiply-adds in device code: true "
     "(default) or false"},
    {"extended-lambda", "extended-lambda", Flag, H, false,
     "defines __CUDACC_EXTENDED_LAMBDA__ (Clang accepts __device__ lambdas "
     "anyway)"},
    {"expt-extended-lambda", "expt-extended-lambda", Flag, H, false,
     "as --extended-lambda"},
    {"expt-relaxed-constexpr", "expt-relaxed-constexpr", Flag, H, false,
     "defines __CUDACC_RELAXED_CONSTEXPR__ (Clang calls constexpr host "
     "functions from device code anyway)"},
    {"machine", "m", Value, H, true, "64 (the only value)"},
    {"threads", "t", Value, I, false,
     "cumetalc compiles one architecture, once"},
    {"split-compile", "split-compile", Value, I, false,
     "cumetalc compiles one architecture, once"},
    {"maxrregcount", "maxrregcount", Value, I, false,
     "Apple's compiler allocates registers"},
    {"extra-device-vectorization", "extra-device-vectorization", Flag, I, false,
     "GPU threads are scalar; cumetalc does not vectorise"},
    {"restrict", "restrict", Flag, I, false,
     "kernel pointer parameters are not assumed restrict"},
    {"extensible-whole-program", "ewp", Flag, I, false,
     "whole-program device code needs no extension"},
    {"dlink-time-opt", "dlto", Flag, I, false,
     "device code linked by cumetalc is optimised once, at the link"},
    {"keep-device-functions", "keep-device-functions", Flag, I, false,
     "device functions are inlined into the kernels"},
    {"source-in-ptx", "src-in-ptx", Flag, I, false, "no PTX is produced"},
    {"resource-usage", "res-usage", Flag, I, false,
     "register counts are decided by Apple's compiler on the Mac"},
    {"no-host-device-initializer-list", "no-host-device-initializer-list", Flag,
     I, false, "Clang's CUDA rules apply"},
    {"no-host-device-move-forward", "no-host-device-move-forward", Flag, I,
     false, "Clang's CUDA rules apply"},
    {"use-local-env", "use-local-env", Flag, I, false,
     "there is no Visual Studio environment"},

    // Warnings and messages.
    {"disable-warnings", "w", Flag, H, false, "no warnings"},
    {"Werror", "Werror", List, H, false,
     "all-warnings (or a kind nvcc names): make warnings errors"},
    {"Wno-deprecated-declarations", "Wno-deprecated-declarations", Flag, H,
     false, "no warnings about deprecated declarations"},
    {"Wreorder", "Wreorder", Flag, H, false,
     "warn about member initialisers out of order"},
    {"Wno-deprecated-gpu-targets", "Wno-deprecated-gpu-targets", Flag, I, false,
     "cumetalc warns about no GPU target"},
    {"Wdefault-stream-launch", "Wdefault-stream-launch", Flag, I, false,
     "not diagnosed by Clang"},
    {"Wmissing-launch-bounds", "Wmissing-launch-bounds", Flag, I, false,
     "not diagnosed by Clang"},
    {"Wext-lambda-captures-this", "Wext-lambda-captures-this", Flag, I, false,
     "not diagnosed by Clang"},
    {"diag-suppress", "diag-suppress", List, I, false, kNvccDiagnostics},
    {"diag-error", "diag-error", List, I, false, kNvccDiagnostics},
    {"diag-warn", "diag-warn", List, I, false, kNvccDiagnostics},
    {"display-error-number", "err-no", Flag, I, false, kNvccDiagnostics},
    {"no-display-error-number", "no-err-no", Flag, I, false, kNvccDiagnostics},

    // The driver itself.
    {"options-file", "optf", List, H, false,
     "read more options from a file (also @file)"},
    {"verbose", "v", Flag, H, false,
     "print the phases as they run and the options ignored"},
    {"dryrun", "dryrun", Flag, H, false,
     "print the phases without running them"},
    {"keep", "keep", Flag, H, false,
     "keep the intermediate files (shared IR, metallib, envelope)"},
    {"keep-dir", "keep-dir", Value, H, false,
     "directory for the files --keep keeps"},
    {"save-temps", "save-temps", Flag, H, false, "as --keep"},
    {"version", "V", Flag, H, false, "print the version"},
    {"help", "h", Flag, H, false, "print this help"},
    {"cudart", "cudart", Value, H, false,
     "runtime library: static (default), shared or none"},
    {"cudadevrt", "cudadevrt", Value, H, false,
     "device runtime library: static (default) or none"},
    {"default-stream", "default-stream", Value, H, false,
     "the null stream: legacy (the default; also null) or per-thread "
     "(defines CUDA_API_PER_THREAD_DEFAULT_STREAM)"},

    // cumetalc's own.
    {"emit", "emit", Value, H, false,
     "stop after producing: nvvm (shared IR text), air (AIR text), metallib"},
    {"fp64", "fp64", Value, H, false,
     "double precision in device code: error (default), demote, emulate"},
    {"nocudalib", "nocudalib", Flag, H, false,
     "do not link cumetal's device math library"},
    {"device-code", "device-code", Value, H, false,
     "compile the .cu's device half from this PTX file instead of its "
     "source (e.g. nvcc's PTX of the same file); kernels and variables "
     "pair up by name"},
    {"recursion-depth", "recursion-depth", Value, H, false,
     "frames of a recursive device function's stack (default 64; within "
     "8 KiB per thread); deeper recursion fails the launch"},
};

/// The kinds `-Werror` takes as a value (nvcc's --Werror).
bool isWerrorKindList(StringRef V) {
  SmallVector<StringRef, 4> Kinds;
  V.split(Kinds, ',');
  return llvm::all_of(Kinds, [](StringRef K) {
    return K == "all-warnings" || K == "cross-execution-space-call" ||
           K == "reorder" || K == "default-stream-launch" ||
           K == "missing-launch-bounds" || K == "ext-lambda-captures-this" ||
           K == "deprecated-declarations";
  });
}

const OptionInfo *findExact(StringRef Name, bool TwoDashes) {
  for (int Pass = 0; Pass < 2; ++Pass) {
    bool ByLong = TwoDashes == (Pass == 0);
    for (const OptionInfo &O : Table) {
      StringRef N = ByLong ? O.longName : O.shortName;
      if (!N.empty() && N == Name)
        return &O;
    }
  }
  return nullptr;
}

/// The glued option whose short name is the longest prefix of \p Body.
/// `-m` and `-O` take only their own values glued, so that `-march=native`
/// or `-Ofast` stay unknown options (forwarded to the host compiler when
/// asked) instead of becoming `-m arch=native`.
const OptionInfo *findGlued(StringRef Body) {
  const OptionInfo *Best = nullptr;
  for (const OptionInfo &O : Table)
    if (O.glued && Body.size() > O.shortName.size() &&
        Body.startswith(O.shortName) &&
        (!Best || O.shortName.size() > Best->shortName.size()))
      Best = &O;
  if (Best) {
    StringRef V = Body.drop_front(Best->shortName.size());
    if (Best->shortName == "m" &&
        V.find_first_not_of("0123456789") != StringRef::npos)
      return nullptr;
    if (Best->shortName == "O" && V.size() != 1)
      return nullptr;
  }
  return Best;
}

Error makeError(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

/// Expands `--options-file F`/`-optf F`/`@F` arguments in place, with a
/// depth limit against files that include themselves.
Error expandOptionFiles(std::vector<std::string> &Args, unsigned Depth) {
  if (Depth > 16)
    return makeError("options files nested too deeply (an options file "
                     "that includes itself?)");
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    std::vector<std::string> Files;
    if (A.startswith("@") && A.size() > 1) {
      Files.push_back(A.drop_front().str());
    } else {
      StringRef Name = A.ltrim('-');
      unsigned Dashes = A.size() - Name.size();
      if (Dashes == 0 || Dashes > 2) {
        Out.push_back(A.str());
        continue;
      }
      auto [N, V] = Name.split('=');
      const OptionInfo *O = findExact(N, Dashes == 2);
      if (!O || O->longName != "options-file") {
        Out.push_back(A.str());
        continue;
      }
      std::string Value;
      if (Name.contains('=')) {
        Value = V.str();
      } else if (I + 1 < Args.size()) {
        Value = Args[++I];
      } else {
        return makeError("option '" + A + "' needs a value");
      }
      Files = splitListValue(Value);
    }
    for (const std::string &F : Files) {
      auto Buf = MemoryBuffer::getFile(F, /*IsText=*/true);
      if (!Buf)
        return makeError("cannot read options file '" + F +
                         "': " + Buf.getError().message());
      BumpPtrAllocator Alloc;
      StringSaver Saver(Alloc);
      SmallVector<const char *, 32> Tokens;
      cl::TokenizeGNUCommandLine((*Buf)->getBuffer(), Saver, Tokens,
                                 /*MarkEOLs=*/false);
      std::vector<std::string> Inner(Tokens.begin(), Tokens.end());
      if (Error E = expandOptionFiles(Inner, Depth + 1))
        return E;
      Out.insert(Out.end(), Inner.begin(), Inner.end());
    }
  }
  Args = std::move(Out);
  return Error::success();
}

void addCanonical(NvccCommandLine &CL, const OptionInfo &O, StringRef V) {
  if (O.arity == OptionArity::Flag) {
    CL.canonical.push_back(O.cliName());
  } else if (O.longName.size() == 1) {
    CL.canonical.push_back(O.cliName());
    CL.canonical.push_back(V.str());
  } else {
    CL.canonical.push_back(O.cliName() + "=" + V.str());
  }
}

} // namespace

std::string OptionInfo::cliName() const {
  return (longName.size() == 1 ? "-" : "--") + longName.str();
}

ArrayRef<OptionInfo> optionTable() { return Table; }

std::vector<std::string> splitListValue(StringRef Value) {
  std::vector<std::string> Out;
  std::string Cur;
  int Brackets = 0;
  char Quote = 0;
  for (char C : Value) {
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      else
        Cur += C;
      continue;
    }
    if (C == '"' || C == '\'') {
      Quote = C;
    } else if (C == '[') {
      ++Brackets;
      Cur += C;
    } else if (C == ']') {
      Brackets = std::max(0, Brackets - 1);
      Cur += C;
    } else if (C == ',' && Brackets == 0) {
      if (!Cur.empty())
        Out.push_back(Cur);
      Cur.clear();
    } else {
      Cur += C;
    }
  }
  if (!Cur.empty())
    Out.push_back(Cur);
  return Out;
}

Expected<NvccCommandLine> parseNvccCommandLine(ArrayRef<std::string> In) {
  std::vector<std::string> Args(In.begin(), In.end());
  if (Error E = expandOptionFiles(Args, 0))
    return E;

  NvccCommandLine CL;
  std::vector<std::string> Inputs;
  bool ForwardCompiler = llvm::any_of(Args, [](StringRef A) {
    return A.ltrim('-') == "forward-unknown-to-host-compiler";
  });
  bool ForwardLinker = llvm::any_of(Args, [](StringRef A) {
    return A.ltrim('-') == "forward-unknown-to-host-linker";
  });

  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A.size() < 2 || A[0] != '-') {
      Inputs.push_back(A.str());
      continue;
    }
    StringRef Body = A.ltrim('-');
    bool TwoDashes = A.startswith("--");
    if (A.size() - Body.size() > 2 || Body.empty())
      return makeError("unknown option '" + A + "'");

    const OptionInfo *O = findExact(Body, TwoDashes);
    Optional<std::string> Value;
    if (!O && Body.contains('=')) {
      auto [N, V] = Body.split('=');
      O = findExact(N, TwoDashes);
      if (O)
        Value = V.str();
    }
    if (!O && !TwoDashes) {
      O = findGlued(Body);
      if (O)
        Value = Body.drop_front(O->shortName.size()).str();
    }
    if (!O) {
      if (ForwardCompiler || ForwardLinker) {
        if (ForwardCompiler)
          CL.forwardedToHostCompiler.push_back(A.str());
        if (ForwardLinker)
          CL.forwardedToHostLinker.push_back(A.str());
        continue;
      }
      return makeError("unknown option '" + A + "'");
    }

    std::string Spelling = A.str();
    if (O->arity == OptionArity::Flag) {
      if (Value)
        return makeError("option '" + A + "' takes no value");
    } else if (!Value) {
      if (O->longName == "Werror" &&
          (I + 1 >= Args.size() || !isWerrorKindList(Args[I + 1]))) {
        Value = "all-warnings"; // gcc's spelling: -Werror alone
      } else if (I + 1 < Args.size()) {
        Value = Args[++I];
        Spelling += " " + *Value;
      } else {
        return makeError("option '" + A + "' needs a value");
      }
    }

    if (O->cls == OptionClass::Rejected)
      return makeError("option '" + Spelling +
                       "' is not supported: " + O->help);
    if (O->cls == OptionClass::Ignored) {
      CL.ignored.push_back({Spelling, O->help.str()});
      continue;
    }
    if (O->longName == "options-file")
      continue; // expanded above
    if (O->arity == OptionArity::List) {
      for (const std::string &V : splitListValue(*Value))
        addCanonical(CL, *O, V);
    } else {
      addCanonical(CL, *O, Value ? StringRef(*Value) : StringRef());
    }
  }
  if (!Inputs.empty()) {
    CL.canonical.push_back("--");
    CL.canonical.insert(CL.canonical.end(), Inputs.begin(), Inputs.end());
  }
  return CL;
}

} // namespace driver
} // namespace cumetal

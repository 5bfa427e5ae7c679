//===- NvccOptionsTest.cpp - nvcc's command-line grammar ------------------===//
//
// The reader of nvcc's grammar (spellings, values, lists, option files)
// and docs/nvcc-options.md, which must list exactly the option table.
// CUMETAL_UPDATE_DOCS=1 rewrites that table from the code.
//
//===----------------------------------------------------------------------===//

#include "cumetalc/NvccOptions.h"
#include "cumetalc/DependencyFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <cstdlib>

using namespace cumetal::driver;
using namespace llvm;

namespace {

std::vector<std::string> canonical(std::vector<std::string> Args) {
  Expected<NvccCommandLine> CL = parseNvccCommandLine(Args);
  if (!CL) {
    ADD_FAILURE() << toString(CL.takeError());
    return {};
  }
  return CL->canonical;
}

std::string errorOf(std::vector<std::string> Args) {
  Expected<NvccCommandLine> CL = parseNvccCommandLine(Args);
  if (CL)
    return "";
  return toString(CL.takeError());
}

using V = std::vector<std::string>;

TEST(NvccOptions, SpellingsOfOneOption) {
  for (const V &Args :
       {V{"-arch=sm_80"}, V{"-arch", "sm_80"}, V{"--gpu-architecture=sm_80"},
        V{"--gpu-architecture", "sm_80"}, V{"--arch=sm_80"}})
    EXPECT_EQ(canonical(Args), V{"--gpu-architecture=sm_80"});
}

TEST(NvccOptions, GluedShortOptions) {
  EXPECT_EQ(canonical({"-DA=1", "-Iinc", "-O2", "-lm", "-Llib", "-UB"}),
            (V{"--define-macro=A=1", "--include-path=inc", "--optimize=2",
               "--library=m", "--library-path=lib", "--undefine-macro=B"}));
  // Exact names win over glued prefixes.
  EXPECT_EQ(canonical({"-lineinfo", "-lib", "-include", "x.h"}),
            (V{"--lib", "--pre-include=x.h"}));
  // -m and -O glue only their own values.
  EXPECT_NE(errorOf({"-march=native"}), "");
  EXPECT_NE(errorOf({"-Ofast"}), "");
  EXPECT_EQ(canonical({"-m64"}), V{"--machine=64"});
}

TEST(NvccOptions, ListsSplitAtCommas) {
  EXPECT_EQ(canonical({"-Xcompiler", "-fPIC,-Wall", "-I=a,b"}),
            (V{"--compiler-options=-fPIC", "--compiler-options=-Wall",
               "--include-path=a", "--include-path=b"}));
  // -gencode keeps its value whole, brackets included.
  EXPECT_EQ(canonical({"-gencode", "arch=compute_80,code=[sm_80,compute_80]"}),
            V{"--generate-code=arch=compute_80,code=[sm_80,compute_80]"});
  EXPECT_EQ(splitListValue("code=[sm_80,compute_80],arch=x"),
            (V{"code=[sm_80,compute_80]", "arch=x"}));
  EXPECT_EQ(splitListValue("\"a,b\",c"), (V{"a,b", "c"}));
}

TEST(NvccOptions, InputsAndOneLetterNames) {
  EXPECT_EQ(canonical({"a.cu", "-x", "cu", "-o", "a.o", "b.cu"}),
            (V{"-x", "cu", "--output-file=a.o", "--", "a.cu", "b.cu"}));
}

TEST(NvccOptions, WerrorTakesOnlyItsKinds) {
  EXPECT_EQ(canonical({"-Werror", "all-warnings"}), V{"--Werror=all-warnings"});
  EXPECT_EQ(canonical({"-Werror", "a.cu"}),
            (V{"--Werror=all-warnings", "--", "a.cu"}));
}

TEST(NvccOptions, IgnoredAndRejected) {
  Expected<NvccCommandLine> CL =
      parseNvccCommandLine({"-maxrregcount=32", "-Xptxas", "-v,-O3"});
  ASSERT_TRUE(bool(CL));
  ASSERT_EQ(CL->ignored.size(), 2u);
  EXPECT_EQ(CL->ignored[0].first, "-maxrregcount=32");
  EXPECT_EQ(CL->ignored[1].first, "-Xptxas -v,-O3");
  EXPECT_TRUE(CL->canonical.empty());
  EXPECT_NE(errorOf({"-ptx"}).find("not supported"), std::string::npos);
  EXPECT_EQ(errorOf({"-bogus"}), "unknown option '-bogus'");
  EXPECT_EQ(errorOf({"-o"}), "option '-o' needs a value");
  EXPECT_EQ(errorOf({"-c=1"}), "option '-c=1' takes no value");
}

TEST(NvccOptions, ForwardsUnknownOptionsWhenAsked) {
  Expected<NvccCommandLine> CL = parseNvccCommandLine(
      {"-fno-rtti", "-forward-unknown-to-host-compiler", "-c"});
  ASSERT_TRUE(bool(CL));
  EXPECT_EQ(CL->forwardedToHostCompiler, V{"-fno-rtti"});
  EXPECT_TRUE(CL->forwardedToHostLinker.empty());
}

TEST(NvccOptions, OptionFiles) {
  SmallString<128> Path;
  ASSERT_FALSE(sys::fs::createTemporaryFile("opts", "rsp", Path));
  {
    std::error_code EC;
    raw_fd_ostream OS(Path, EC);
    OS << "-DA \"-I/dir with space\"\n-O1\n";
  }
  EXPECT_EQ(canonical({"--options-file", std::string(Path), "-c"}),
            (V{"--define-macro=A", "--include-path=/dir with space",
               "--optimize=1", "--compile"}));
  EXPECT_EQ(canonical({"@" + std::string(Path)}),
            (V{"--define-macro=A", "--include-path=/dir with space",
               "--optimize=1"}));
  sys::fs::remove(Path);
  EXPECT_NE(errorOf({"-optf", "/no/such/file"}).find("cannot read"),
            std::string::npos);
}

TEST(DependencyFile, EscapesAndPhonyTargets) {
  EXPECT_EQ(
      makeRule({"a.o"}, {"a.cu", "my dir/h#1.h", "$x.h"}, true),
      "a.o: a.cu my\\ dir/h\\#1.h $$x.h\n\nmy\\ dir/h\\#1.h:\n\n$$x.h:\n");
}

/// The table docs/nvcc-options.md must contain, generated from the code.
std::string optionTableMarkdown() {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << "| long name | short name | class | meaning, or why not |\n"
     << "|---|---|---|---|\n";
  for (const OptionInfo &O : optionTable()) {
    std::string Help = O.help.str();
    for (size_t I = 0; (I = Help.find('|', I)) != std::string::npos; I += 2)
      Help.replace(I, 1, "\\|");
    OS << "| `--" << O.longName << "` | "
       << (O.shortName.empty() ? std::string() : "`-" + O.shortName.str() + "`")
       << " | "
       << (O.cls == OptionClass::Honoured  ? "honoured"
           : O.cls == OptionClass::Ignored ? "ignored"
                                           : "rejected")
       << " | " << Help << " |\n";
  }
  return OS.str();
}

TEST(NvccOptions, DocumentationListsTheTable) {
  std::string Path = CUMETAL_DOCS_DIR "/nvcc-options.md";
  std::string Table = optionTableMarkdown();
  const char *Begin = "<!-- option table: generated -->\n";
  const char *End = "<!-- end of option table -->\n";
  auto Buf = MemoryBuffer::getFile(Path);
  ASSERT_TRUE(bool(Buf)) << Path;
  std::string Doc = (*Buf)->getBuffer().str();
  size_t B = Doc.find(Begin), E = Doc.find(End);
  ASSERT_NE(B, std::string::npos) << Path << " lacks " << Begin;
  ASSERT_NE(E, std::string::npos) << Path << " lacks " << End;
  std::string Current = Doc.substr(B + strlen(Begin), E - B - strlen(Begin));
  if (Current != Table && std::getenv("CUMETAL_UPDATE_DOCS")) {
    Doc.replace(B + strlen(Begin), Current.size(), Table);
    std::error_code EC;
    raw_fd_ostream OS(Path, EC);
    OS << Doc;
    return;
  }
  EXPECT_EQ(Current, Table)
      << Path << " is stale: rerun with CUMETAL_UPDATE_DOCS=1";
}

} // namespace

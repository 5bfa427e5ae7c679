//===- tools/air_inspect/AirInspect.cpp - Dump a .metallib ----------------===//
//
// air_inspect FILE               human-readable dump of the container and
//                                the AIR metadata of each module
// air_inspect --json FILE        the same as JSON (schema: docs/air_inspect.md)
// air_inspect --extract NAME -o out.bc FILE
//                                write one function's stored module
// air_inspect --dis [--function NAME] FILE
//                                LLVM text of the modules (LLVM 14 reader)
//
// Exit status: 0 success, 1 malformed input, 2 usage error.
//
//===----------------------------------------------------------------------===//

#include "metallib/Metallib.h"
#include "tools/support/ToolSupport.h"

#include "CLI/CLI.hpp"
#include "nlohmann/json.hpp"
#include "llvm/IR/Module.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace cumetal;
using namespace cumetal::metallib;
using namespace cumetal::tools;
using json = nlohmann::ordered_json;

namespace {

/// Offsets and sizes of the four header-addressed sections, read from the
/// (already validated) header for display.
struct SectionTable {
  uint64_t Offset[4], Size[4];
};
const char *const SectionNames[4] = {"function_list", "public_metadata",
                                     "private_metadata", "modules"};

SectionTable sectionTable(ArrayRef<uint8_t> Bytes) {
  using support::endian::read64le;
  SectionTable T;
  for (int I = 0; I < 4; ++I) {
    T.Offset[I] = read64le(Bytes.data() + 0x18 + 16 * I);
    T.Size[I] = read64le(Bytes.data() + 0x20 + 16 * I);
  }
  return T;
}

std::string versionString(const std::optional<std::array<unsigned, 3>> &V) {
  if (!V)
    return "(missing)";
  return std::to_string((*V)[0]) + "." + std::to_string((*V)[1]) + "." +
         std::to_string((*V)[2]);
}

std::vector<std::string> tagNames(const TagGroup &G) {
  std::vector<std::string> Names;
  for (const Tag &T : G.Tags)
    Names.push_back(str(T.Name).str());
  return Names;
}

json argumentJSON(const KernelArgument &A) {
  json J;
  J["index"] = A.Index;
  J["kind"] = A.Kind;
  auto Opt = [&](const char *Key, const std::optional<unsigned> &V) {
    J[Key] = V ? json(*V) : json(nullptr);
  };
  Opt("location_index", A.LocationIndex);
  Opt("address_space", A.AddressSpace);
  J["access"] = A.Access.empty() ? json(nullptr) : json(A.Access);
  Opt("type_size", A.TypeSize);
  Opt("type_align", A.TypeAlign);
  J["type_name"] = A.TypeName;
  J["name"] = A.Name;
  return J;
}

json moduleJSON(const metallib::Function &F, LLVMContext &Ctx) {
  json J;
  auto M = parseStoredModule(F, Ctx);
  if (!M) {
    J["ok"] = false;
    J["error"] = toString(M.takeError());
    return J;
  }
  ModuleSummary S = summarizeModule(**M, F.name());
  J["ok"] = true;
  J["error"] = nullptr;
  J["triple"] = S.Triple;
  J["source_filename"] = S.SourceFileName;
  J["ident"] = S.Ident;
  J["air_version"] =
      S.AIRVersion ? json(versionString(S.AIRVersion)) : json(nullptr);
  J["language"] = S.Language;
  J["language_version"] = S.LanguageVersion
                              ? json(versionString(S.LanguageVersion))
                              : json(nullptr);
  J["sdk_version"] = S.SDKVersion
                         ? json(std::to_string(S.SDKVersion->first) + "." +
                                std::to_string(S.SDKVersion->second))
                         : json(nullptr);
  J["compile_options"] = S.CompileOptions;
  J["defined_functions"] = S.DefinedFunctions;
  J["declared_functions"] = S.DeclaredFunctions;
  J["globals"] = S.Globals;
  if (S.HasKernelNode) {
    json Args = json::array();
    for (const KernelArgument &A : S.Arguments)
      Args.push_back(argumentJSON(A));
    J["kernel"] = {{"arguments", Args}};
  } else {
    J["kernel"] = nullptr;
  }
  return J;
}

json libraryJSON(const std::string &Path, ArrayRef<uint8_t> Bytes,
                 const Library &Lib) {
  LLVMContext Ctx;
  const Header &H = Lib.Hdr;
  json J;
  J["schema"] = "cumetal.air_inspect/1";
  J["file"] = Path;
  J["size"] = Bytes.size();
  json C;
  C["version"] = containerVersion(H);
  C["macos_flag"] = H.MacOS;
  if (H.hasFileType()) {
    C["file_type"] = H.FileType;
    C["stub"] = H.Stub;
  } else {
    C["file_type"] = nullptr;
    C["stub"] = nullptr;
  }
  if (H.hasPlatform())
    C["platform"] = {{"id", H.Platform},
                     {"name", platformName(H.Platform).str()},
                     {"version", std::to_string(H.PlatformMajor) + "." +
                                     std::to_string(H.PlatformMinor) + "." +
                                     std::to_string(H.PlatformPatch)},
                     {"64bit", H.Is64Bit}};
  else
    C["platform"] = nullptr;
  J["container"] = C;
  SectionTable T = sectionTable(Bytes);
  json Sections;
  for (int I = 0; I < 4; ++I)
    Sections[SectionNames[I]] = {{"offset", T.Offset[I]}, {"size", T.Size[I]}};
  J["sections"] = Sections;

  json Ext;
  Ext["present"] = Lib.HasHeaderExtension;
  auto UUID = Lib.uuid();
  Ext["uuid"] = UUID ? json(hexString(*UUID)) : json(nullptr);
  json Tags = json::array();
  for (const Tag &Tg : Lib.ExtensionTags) {
    json E;
    E["tag"] = str(Tg.Name).str();
    if (isSectionTag(Tg.Name)) {
      E["offset"] = support::endian::read64le(Tg.Payload.data());
      E["size"] = support::endian::read64le(Tg.Payload.data() + 8);
    } else {
      E["payload_size"] = Tg.Payload.size();
    }
    Tags.push_back(E);
  }
  Ext["tags"] = Tags;
  J["header_extension"] = Ext;

  json Funcs = json::array();
  for (size_t I = 0; I < Lib.Functions.size(); ++I) {
    const metallib::Function &F = Lib.Functions[I];
    json FJ;
    FJ["index"] = I;
    FJ["name"] = F.name();
    uint8_t Type = F.type().value_or(255);
    FJ["type"] = Type;
    FJ["type_name"] = functionTypeName(Type).str();
    if (auto V = F.versions()) {
      FJ["air_version"] =
          std::to_string(V->AIRMajor) + "." + std::to_string(V->AIRMinor);
      FJ["metal_version"] =
          std::to_string(V->MetalMajor) + "." + std::to_string(V->MetalMinor);
    } else {
      FJ["air_version"] = nullptr;
      FJ["metal_version"] = nullptr;
    }
    auto Stored = F.storedHash();
    Hash Computed = F.computedHash();
    json HJ;
    HJ["stored"] = Stored ? json(hexString(*Stored)) : json(nullptr);
    HJ["computed"] = hexString(Computed);
    HJ["ok"] = Stored && *Stored == Computed;
    FJ["hash"] = HJ;
    FJ["module_size"] = F.Module.size();
    FJ["tags"] = tagNames(F.Entry);
    FJ["public_metadata"] = tagNames(F.PublicMetadata);
    FJ["private_metadata"] = tagNames(F.PrivateMetadata);
    FJ["module"] = moduleJSON(F, Ctx);
    Funcs.push_back(FJ);
  }
  J["functions"] = Funcs;
  return J;
}

void printHuman(raw_ostream &OS, const json &J) {
  const json &C = J["container"];
  OS << "file: " << J["file"].get<std::string>() << " ("
     << J["size"].get<uint64_t>() << " bytes)\n";
  OS << "container: " << C["version"].get<std::string>()
     << (C["macos_flag"].get<bool>() ? ", macOS flag set"
                                     : ", macOS flag clear");
  if (!C["file_type"].is_null())
    OS << ", file type " << C["file_type"].get<unsigned>()
       << (C["stub"].get<bool>() ? " (stub)" : "");
  OS << "\n";
  if (!C["platform"].is_null())
    OS << "platform: " << C["platform"]["name"].get<std::string>() << " "
       << C["platform"]["version"].get<std::string>()
       << (C["platform"]["64bit"].get<bool>() ? ", 64-bit" : "") << "\n";
  else
    OS << "platform: (not recorded before container 1.2.6)\n";
  OS << "sections:\n";
  for (const char *Name : SectionNames)
    OS << "  " << left_justify(Name, 17) << " offset "
       << J["sections"][Name]["offset"].get<uint64_t>() << ", size "
       << J["sections"][Name]["size"].get<uint64_t>() << "\n";
  const json &Ext = J["header_extension"];
  OS << "header extension:";
  if (!Ext["present"].get<bool>())
    OS << " (none)";
  else if (Ext["tags"].empty())
    OS << " (empty: ENDT only)";
  for (const json &T : Ext["tags"]) {
    OS << " " << T["tag"].get<std::string>();
    if (T.contains("offset"))
      OS << "(" << T["offset"].get<uint64_t>() << ", "
         << T["size"].get<uint64_t>() << ")";
  }
  OS << "\n";
  if (!Ext["uuid"].is_null())
    OS << "uuid: " << Ext["uuid"].get<std::string>() << "\n";
  OS << "functions: " << J["functions"].size() << "\n";
  for (const json &F : J["functions"]) {
    OS << "  [" << F["index"].get<size_t>() << "] "
       << F["name"].get<std::string>() << "\n";
    OS << "    type:     " << F["type_name"].get<std::string>() << " ("
       << F["type"].get<unsigned>() << ")\n";
    if (!F["air_version"].is_null())
      OS << "    versions: AIR " << F["air_version"].get<std::string>()
         << ", Metal " << F["metal_version"].get<std::string>() << "\n";
    const json &H = F["hash"];
    OS << "    hash:     "
       << (H["stored"].is_null() ? std::string("(no HASH tag)")
                                 : H["stored"].get<std::string>())
       << (H["ok"].get<bool>() ? " (matches module)" : " (MISMATCH: module is ")
       << (H["ok"].get<bool>() ? "" : H["computed"].get<std::string>() + ")")
       << "\n";
    OS << "    module:   " << F["module_size"].get<uint64_t>() << " bytes\n";
    auto List = [&](const char *Label, const json &Names) {
      OS << Label;
      if (Names.empty())
        OS << " (none)";
      for (const json &N : Names)
        OS << " " << N.get<std::string>();
      OS << "\n";
    };
    List("    tags:    ", F["tags"]);
    List("    public metadata: ", F["public_metadata"]);
    List("    private metadata:", F["private_metadata"]);
    const json &M = F["module"];
    if (!M["ok"].get<bool>()) {
      OS << "    AIR:      unreadable: " << M["error"].get<std::string>()
         << "\n";
      continue;
    }
    OS << "    triple:   " << M["triple"].get<std::string>() << "\n";
    OS << "    air.version "
       << (M["air_version"].is_null() ? std::string("(missing)")
                                      : M["air_version"].get<std::string>())
       << ", language " << M["language"].get<std::string>() << " "
       << (M["language_version"].is_null()
               ? std::string("(missing)")
               : M["language_version"].get<std::string>())
       << ", SDK Version "
       << (M["sdk_version"].is_null() ? std::string("(missing)")
                                      : M["sdk_version"].get<std::string>())
       << "\n";
    if (!M["ident"].get<std::string>().empty())
      OS << "    ident:    " << M["ident"].get<std::string>() << "\n";
    OS << "    contents: " << M["defined_functions"].get<unsigned>()
       << " defined functions, " << M["declared_functions"].get<unsigned>()
       << " declarations, " << M["globals"].get<unsigned>() << " globals\n";
    if (M["kernel"].is_null()) {
      OS << "    air.kernel: (no node for this function)\n";
      continue;
    }
    const json &Args = M["kernel"]["arguments"];
    OS << "    air.kernel arguments (" << Args.size() << "):\n";
    for (const json &A : Args) {
      OS << "      " << A["index"].get<unsigned>() << ": "
         << A["kind"].get<std::string>();
      if (!A["location_index"].is_null())
        OS << " location " << A["location_index"].get<unsigned>();
      if (!A["address_space"].is_null())
        OS << ", address space " << A["address_space"].get<unsigned>();
      if (!A["access"].is_null())
        OS << ", " << A["access"].get<std::string>();
      if (!A["type_name"].get<std::string>().empty())
        OS << ", " << A["type_name"].get<std::string>();
      if (!A["name"].get<std::string>().empty())
        OS << " " << A["name"].get<std::string>();
      OS << "\n";
    }
  }
}

int fail(const Twine &Msg) {
  errs() << "air_inspect: error: " << Msg << "\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"air_inspect: inspect an Apple .metallib (container and AIR)"};
  std::string Path, Extract, Output, DisFunction;
  bool JSON = false, Dis = false;
  App.add_option("file", Path, "the .metallib to read")->required();
  App.add_flag("--json", JSON, "print JSON (schema in docs/air_inspect.md)");
  auto *ExtractOpt =
      App.add_option("--extract", Extract,
                     "write the stored module of function NAME (wrapped "
                     "bitcode, as in the library) to -o FILE");
  auto *OutOpt = App.add_option("-o", Output, "output file for --extract");
  ExtractOpt->needs(OutOpt);
  OutOpt->needs(ExtractOpt);
  auto *DisOpt = App.add_flag(
      "--dis", Dis, "print the LLVM text of every module (LLVM 14 reader)");
  App.add_option("--function", DisFunction, "with --dis: only this function")
      ->needs(DisOpt);
  ExtractOpt->excludes(DisOpt);
  try {
    App.parse(argc, argv);
  } catch (const CLI::ParseError &E) {
    if (E.get_exit_code() == 0)
      return App.exit(E);
    App.exit(E);
    return 2;
  }
  if (JSON && (Dis || !Extract.empty())) {
    errs() << "air_inspect: error: --json cannot be combined with --dis or "
              "--extract\n";
    return 2;
  }

  auto Bytes = readMetallibBytes(Path);
  if (!Bytes) {
    errs() << "air_inspect: error: " << toString(Bytes.takeError()) << "\n";
    return 2;
  }
  auto Lib = readLibrary(*Bytes);
  if (!Lib) {
    std::string Msg;
    handleAllErrors(
        Lib.takeError(),
        [&](const FormatError &E) {
          Msg = E.detail() + " [" + checkName(E.check()).str() +
                "]; at offset " + std::to_string(E.offset());
        },
        [&](const ErrorInfoBase &E) { Msg = E.message(); });
    return fail(Path + ": malformed metallib: " + Msg);
  }

  if (!Extract.empty()) {
    for (const metallib::Function &F : Lib->Functions)
      if (F.name() == Extract) {
        if (Error E = writeFileBytes(Output, F.Module))
          return fail(toString(std::move(E)));
        return 0;
      }
    return fail(Path + ": no function named '" + Extract + "'");
  }

  if (Dis) {
    LLVMContext Ctx;
    bool Found = DisFunction.empty();
    for (const metallib::Function &F : Lib->Functions) {
      if (!DisFunction.empty() && F.name() != DisFunction)
        continue;
      Found = true;
      auto M = parseStoredModule(F, Ctx);
      if (!M)
        return fail(Path + ": function '" + F.name() +
                    "': " + toString(M.takeError()));
      outs() << "; function '" << F.name() << "'\n";
      (*M)->print(outs(), nullptr);
    }
    if (!Found)
      return fail(Path + ": no function named '" + DisFunction + "'");
    return 0;
  }

  json J = libraryJSON(Path, *Bytes, *Lib);
  if (JSON)
    outs() << J.dump(2) << "\n";
  else
    printHuman(outs(), J);
  return 0;
}

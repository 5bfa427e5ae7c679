//===- air/AIRVerifier.cpp - AIR dialect verifier -------------------------===//
//
// The checks behind verifyAIRModule. Each check is one function returning one
// CheckResult; they only read the module. Checks that need something another
// check establishes (the entry function, a parseable !air.version) report
// Skipped and point at that check, so one defect fails one check.
//
// What each check requires comes from air-abi.md: module flags and named
// metadata §2.2, the kernel node §2.3, argument nodes §2.4, the version
// matrix §1.12, address spaces §3, the intrinsic vocabulary §4 and the
// pitfalls of §6 (opaque pointers, llvm.trap).
//
//===----------------------------------------------------------------------===//

#include "air/AIRVerifier.h"

#include "air/AIRIntrinsics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ModuleSlotTracker.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/VersionTuple.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

constexpr uint8_t KernelType = 2;

/// The module flags every Apple module carries with behavior Max (§2.2).
const StringLiteral LimitFlags[] = {
    "air.max_device_buffers",      "air.max_constant_buffers",
    "air.max_threadgroup_buffers", "air.max_textures",
    "air.max_read_write_textures", "air.max_samplers",
};

/// The AIR version Apple's compiler uses for each macOS deployment target
/// when it writes a plain `air64` triple (air-abi.md §1.12).
struct MacOSAIRVersion {
  unsigned MacOSMajor, AIRMajor, AIRMinor;
};
const MacOSAIRVersion MacOSAIRVersions[] = {
    {11, 2, 3}, {12, 2, 4}, {13, 2, 5}, {14, 2, 6},
    {15, 2, 7}, {26, 2, 8}, {27, 2, 9},
};

/// Argument nodes of `air.buffer` parameters must carry
/// `air.address_space` from this AIR version on. The 2018 AIR 2.0 Apple dump
/// in air-abi.md §7.2 has none; every Apple module with buffers seen since
/// (AIR 2.5 and newer) has it, and AIR 2.1-2.4 are assumed to.
const VersionTuple AddressSpaceFieldSince(2, 1);

/// Largest AIR address space (3 = threadgroup; §3).
constexpr unsigned MaxAIRAddrSpace = 3;

//===----------------------------------------------------------------------===//
// Small metadata readers
//===----------------------------------------------------------------------===//

std::optional<int64_t> intOf(const Metadata *MD) {
  if (auto *CI = mdconst::dyn_extract_or_null<ConstantInt>(MD))
    if (CI->getBitWidth() <= 64)
      return CI->getSExtValue();
  return std::nullopt;
}

std::optional<StringRef> stringOf(const Metadata *MD) {
  if (auto *S = dyn_cast_or_null<MDString>(MD))
    return S->getString();
  return std::nullopt;
}

/// First operand of the named metadata \p Name, if it is an MDNode.
const MDNode *firstNode(const Module &M, StringRef Name) {
  const NamedMDNode *N = M.getNamedMetadata(Name);
  if (!N || N->getNumOperands() == 0)
    return nullptr;
  return N->getOperand(0);
}

/// Reads \p N's operands from \p Start as exactly three integers.
std::optional<std::array<unsigned, 3>> readTriple(const MDNode *N,
                                                  unsigned Start) {
  if (!N || N->getNumOperands() != Start + 3)
    return std::nullopt;
  std::array<unsigned, 3> V;
  for (unsigned I = 0; I != 3; ++I) {
    std::optional<int64_t> X = intOf(N->getOperand(Start + I));
    if (!X || *X < 0)
      return std::nullopt;
    V[I] = unsigned(*X);
  }
  return V;
}

} // namespace

/// `!air.version = !{!{i32 maj, i32 min, i32 patch}}`.
std::optional<std::array<unsigned, 3>> readAIRVersion(const Module &M) {
  return readTriple(firstNode(M, "air.version"), 0);
}

/// `!air.language_version = !{!{!"Metal", i32 maj, i32 min, i32 patch}}`.
std::optional<std::array<unsigned, 3>> readLanguageVersion(const Module &M) {
  const MDNode *N = firstNode(M, "air.language_version");
  if (!N || N->getNumOperands() == 0 || stringOf(N->getOperand(0)) != "Metal")
    return std::nullopt;
  return readTriple(N, 1);
}

namespace {

/// One `!llvm.module.flags` entry, read without LLVM's validity filtering so
/// that a malformed flag can be described.
struct RawFlag {
  std::optional<int64_t> Behavior;
  const Metadata *Value = nullptr;
};

std::optional<RawFlag> findModuleFlag(const Module &M, StringRef Key) {
  const NamedMDNode *Flags = M.getModuleFlagsMetadata();
  if (!Flags)
    return std::nullopt;
  for (const MDNode *N : Flags->operands()) {
    if (N->getNumOperands() != 3 || stringOf(N->getOperand(1)) != Key)
      continue;
    return RawFlag{intOf(N->getOperand(0)), N->getOperand(2).get()};
  }
  return std::nullopt;
}

std::string typeStr(const Type *T) {
  std::string S;
  raw_string_ostream OS(S);
  T->print(OS);
  return OS.str();
}

std::string versionStr(unsigned Major, unsigned Minor) {
  return (Twine(Major) + "." + Twine(Minor)).str();
}

//===----------------------------------------------------------------------===//
// Finding a type anywhere in a module
//===----------------------------------------------------------------------===//

/// Walks every type a module uses -- of globals and their initializers,
/// function signatures, instructions and their operands, including types
/// nested in pointees, aggregates, vectors and function types -- and stops at
/// the first type Bad accepts, recording where it was found.
class TypeFinder {
public:
  using Predicate = function_ref<bool(Type *)>;

  TypeFinder(const Module &M, Predicate Bad) : M(M), Bad(Bad) {}

  /// Returns the first offending type; Where describes its location.
  Type *run() {
    for (const GlobalVariable &G : M.globals()) {
      if (visit(G.getType()) || visit(G.getValueType()) ||
          (G.hasInitializer() && visitConstant(G.getInitializer())))
        return found("global @" + G.getName());
    }
    for (const GlobalAlias &A : M.aliases())
      if (visit(A.getType()) || visitConstant(A.getAliasee()))
        return found("alias @" + A.getName());
    for (const GlobalIFunc &I : M.ifuncs())
      if (visit(I.getType()) || visitConstant(I.getResolver()))
        return found("ifunc @" + I.getName());
    for (const Function &F : M)
      if (Type *T = visitFunction(F))
        return T;
    return nullptr;
  }

  std::string Where;

private:
  const Module &M;
  Predicate Bad;
  SmallPtrSet<Type *, 32> SeenTypes;
  SmallPtrSet<const Constant *, 32> SeenConstants;
  Type *Found = nullptr;

  Type *found(const Twine &Location) {
    Where = Location.str();
    return Found;
  }

  /// Whether \p T or a type nested in it is bad; remembers the bad one.
  bool visit(Type *T) {
    if (!SeenTypes.insert(T).second)
      return false;
    if (Bad(T)) {
      Found = T;
      return true;
    }
    return any_of(T->subtypes(), [&](Type *Sub) { return visit(Sub); });
  }

  /// Constant expressions and aggregates can hide types of their own
  /// (`addrspacecast (... to float addrspace(4)*)`). Globals are visited on
  /// their own, so only their (pointer) type is looked at here.
  bool visitConstant(const Constant *C) {
    if (!C || !SeenConstants.insert(C).second)
      return false;
    if (visit(C->getType()))
      return true;
    if (isa<GlobalValue>(C))
      return false;
    if (auto *CE = dyn_cast<ConstantExpr>(C))
      if (auto *GEP = dyn_cast<GEPOperator>(CE))
        if (visit(GEP->getSourceElementType()))
          return true;
    return any_of(C->operands(), [&](const Use &U) {
      return visitConstant(dyn_cast<Constant>(U.get()));
    });
  }

  bool visitOperand(const Value *V) {
    if (auto *C = dyn_cast<Constant>(V))
      return visitConstant(C);
    return visit(V->getType());
  }

  Type *visitFunction(const Function &F) {
    if (visit(F.getReturnType()))
      return found("function @" + F.getName() + ": return type");
    for (const Argument &A : F.args())
      if (visit(A.getType()))
        return found("function @" + F.getName() + ": parameter " +
                     Twine(A.getArgNo()));
    if (visit(F.getType()) || visit(F.getFunctionType()))
      return found("function @" + F.getName());
    unsigned Index = 0;
    for (const Instruction &I : instructions(F)) {
      if (visitInstruction(I))
        return found("function @" + F.getName() + ": instruction " +
                     describe(F, I, Index));
      ++Index;
    }
    return nullptr;
  }

  bool visitInstruction(const Instruction &I) {
    if (visit(I.getType()))
      return true;
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (visit(AI->getAllocatedType()))
        return true;
    if (auto *GEP = dyn_cast<GetElementPtrInst>(&I))
      if (visit(GEP->getSourceElementType()))
        return true;
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (visit(CB->getFunctionType()))
        return true;
    return any_of(I.operands(),
                  [&](const Use &U) { return visitOperand(U.get()); });
  }

  /// `%5 (load)` for a value, `#12 (store)` (index in the function) for an
  /// instruction without one.
  std::string describe(const Function &F, const Instruction &I,
                       unsigned Index) {
    std::string S;
    raw_string_ostream OS(S);
    if (!I.getType()->isVoidTy()) {
      ModuleSlotTracker MST(&M);
      MST.incorporateFunction(F);
      I.printAsOperand(OS, /*PrintType=*/false, MST);
    } else {
      OS << '#' << Index;
    }
    OS << " (" << I.getOpcodeName() << ')';
    return OS.str();
  }
};

//===----------------------------------------------------------------------===//
// The checks
//===----------------------------------------------------------------------===//

class Verifier {
public:
  Verifier(const Module &M, const EntryPointInfo &E)
      : M(M), E(E), Entry(M.getFunction(E.Name)) {}

  CheckResult functionDefined();
  CheckResult airKernel();
  CheckResult moduleFlags();
  CheckResult sdkVersion();
  CheckResult airVersion();
  CheckResult vers();
  CheckResult typedPointers();
  CheckResult addressSpaces();
  CheckResult noTrap();
  CheckResult intrinsics();

private:
  const Module &M;
  const EntryPointInfo &E;
  const Function *Entry;

  CheckResult pass(StringRef Id, bool ForEntry) const {
    return {Id.str(), ForEntry ? E.Name : "", CheckStatus::Passed, ""};
  }
  CheckResult fail(StringRef Id, bool ForEntry, const Twine &Msg) const {
    return {Id.str(), ForEntry ? E.Name : "", CheckStatus::Failed, Msg.str()};
  }
  CheckResult skip(StringRef Id, bool ForEntry, const Twine &Msg) const {
    return {Id.str(), ForEntry ? E.Name : "", CheckStatus::Skipped, Msg.str()};
  }

  bool entryDefined() const { return Entry && !Entry->isDeclaration(); }

  std::optional<std::string> checkArgumentNode(const MDNode *ArgNode,
                                               unsigned Index,
                                               bool NeedAddressSpace) const;
};

CheckResult Verifier::functionDefined() {
  const char *Id = "function-defined";
  if (!Entry)
    return fail(Id, true, "no function @" + E.Name + " in the module");
  if (Entry->isDeclaration())
    return fail(Id, true, "@" + E.Name + " is declared but has no body");
  return pass(Id, true);
}

/// Checks argument node \p Index of a kernel node; returns what is wrong.
std::optional<std::string>
Verifier::checkArgumentNode(const MDNode *ArgNode, unsigned Index,
                            bool NeedAddressSpace) const {
  std::string Node = ("argument node " + Twine(Index)).str();
  if (!ArgNode || ArgNode->getNumOperands() < 2)
    return Node + " is not a node of at least 2 operands";
  auto *IndexCI = mdconst::dyn_extract<ConstantInt>(ArgNode->getOperand(0));
  if (!IndexCI || IndexCI->getBitWidth() != 32)
    return Node + " does not start with an i32 parameter index";
  if (IndexCI->getZExtValue() != Index)
    return Node + " has parameter index " +
           std::to_string(IndexCI->getZExtValue());
  std::optional<StringRef> Kind = stringOf(ArgNode->getOperand(1));
  if (!Kind || !Kind->startswith("air."))
    return Node + ": second operand is not an air.* kind string";
  if (*Kind != "air.buffer")
    return std::nullopt;

  // air.buffer: `!"air.location_index", i32 L, i32 1` and, in modern files,
  // `!"air.address_space", i32 AS` matching the parameter's pointer type.
  auto FieldValue = [&](StringRef Field) -> std::optional<int64_t> {
    for (unsigned I = 2, N = ArgNode->getNumOperands(); I + 1 < N; ++I)
      if (stringOf(ArgNode->getOperand(I)) == Field)
        return intOf(ArgNode->getOperand(I + 1));
    return std::nullopt;
  };
  Node += " (air.buffer)";
  if (!FieldValue("air.location_index"))
    return Node + " lacks air.location_index <i32>";
  std::optional<int64_t> AS = FieldValue("air.address_space");
  if (!AS) {
    if (NeedAddressSpace)
      return Node + " lacks air.address_space <i32>";
    return std::nullopt;
  }
  if (*AS < 1 || *AS > MaxAIRAddrSpace)
    return Node + " has air.address_space " + std::to_string(*AS) +
           ", expected 1, 2 or 3";
  Type *ParamTy = Entry->getArg(Index)->getType();
  auto *PT = dyn_cast<PointerType>(ParamTy);
  if (!PT || PT->getAddressSpace() != *AS)
    return Node + " has air.address_space " + std::to_string(*AS) +
           " but parameter " + std::to_string(Index) + " has type '" +
           typeStr(ParamTy) + "'";
  return std::nullopt;
}

CheckResult Verifier::airKernel() {
  const char *Id = "air-kernel";
  if (E.Type != KernelType)
    return skip(Id, true,
                "not a kernel (TYPE " + Twine(unsigned(E.Type)) + ")");
  if (!entryDefined())
    return skip(Id, true,
                "entry point @" + E.Name +
                    " not defined (see function-defined)");
  const NamedMDNode *Kernels = M.getNamedMetadata("air.kernel");
  if (!Kernels)
    return fail(Id, true, "module has no !air.kernel");

  const MDNode *KernelNode = nullptr;
  for (const MDNode *N : Kernels->operands()) {
    if (N->getNumOperands() == 0)
      continue;
    auto *C = mdconst::dyn_extract_or_null<Constant>(N->getOperand(0));
    if (C && C->stripPointerCasts() == Entry) {
      KernelNode = N;
      break;
    }
  }
  std::string What = "!air.kernel node of @" + E.Name;
  if (!KernelNode)
    return fail(Id, true, "!air.kernel has no node for @" + E.Name);
  if (KernelNode->getNumOperands() < 3)
    return fail(Id, true,
                What + " has " + Twine(KernelNode->getNumOperands()) +
                    " operands, expected {fn, !{outputs}, !{arguments}}");
  if (!isa<MDNode>(KernelNode->getOperand(1)))
    return fail(Id, true, What + ": operand 1 (stage outputs) is not a node");
  auto *Args = dyn_cast<MDNode>(KernelNode->getOperand(2));
  if (!Args)
    return fail(Id, true, What + ": operand 2 (arguments) is not a node");
  if (Args->getNumOperands() != Entry->arg_size())
    return fail(Id, true,
                What + " has " + Twine(Args->getNumOperands()) +
                    " argument nodes for " + Twine(Entry->arg_size()) +
                    " parameters");

  std::optional<std::array<unsigned, 3>> AIRVer = readAIRVersion(M);
  bool NeedAddressSpace = !AIRVer || VersionTuple((*AIRVer)[0], (*AIRVer)[1]) >=
                                         AddressSpaceFieldSince;
  for (unsigned I = 0, N = Args->getNumOperands(); I != N; ++I)
    if (std::optional<std::string> Err = checkArgumentNode(
            dyn_cast<MDNode>(Args->getOperand(I)), I, NeedAddressSpace))
      return fail(Id, true, What + ": " + *Err);
  return pass(Id, true);
}

CheckResult Verifier::moduleFlags() {
  const char *Id = "module-flags";
  for (StringRef Key : LimitFlags) {
    std::optional<RawFlag> F = findModuleFlag(M, Key);
    if (!F)
      return fail(Id, false, "module flag " + Key + " is missing");
    if (F->Behavior != int64_t(Module::Max))
      return fail(Id, false,
                  "module flag " + Key + " has behavior " +
                      (F->Behavior ? std::to_string(*F->Behavior) : "?") +
                      ", expected 7 (Max)");
    if (!intOf(F->Value))
      return fail(Id, false, "module flag " + Key + " is not an integer");
  }
  return pass(Id, false);
}

CheckResult Verifier::sdkVersion() {
  const char *Id = "sdk-version";
  std::optional<RawFlag> F = findModuleFlag(M, "SDK Version");
  if (!F)
    return fail(Id, false, "module flag \"SDK Version\" is missing");
  if (F->Behavior != int64_t(Module::Warning))
    return fail(Id, false,
                "module flag \"SDK Version\" has behavior " +
                    (F->Behavior ? std::to_string(*F->Behavior) : "?") +
                    ", expected 2 (Warning)");
  auto *C = mdconst::dyn_extract_or_null<Constant>(F->Value);
  auto *AT = C ? dyn_cast<ArrayType>(C->getType()) : nullptr;
  if (!AT || AT->getNumElements() != 2 ||
      !AT->getElementType()->isIntegerTy(32))
    return fail(Id, false,
                "module flag \"SDK Version\" is " +
                    (C ? "'" + typeStr(C->getType()) + "'"
                       : std::string("not a constant")) +
                    ", expected [2 x i32]");
  return pass(Id, false);
}

CheckResult Verifier::airVersion() {
  const char *Id = "air-version";
  if (!M.getNamedMetadata("air.version"))
    return fail(Id, false, "!air.version is missing");
  if (!readAIRVersion(M))
    return fail(Id, false, "!air.version is not !{i32, i32, i32}");
  if (!M.getNamedMetadata("air.language_version"))
    return fail(Id, false, "!air.language_version is missing");
  if (!readLanguageVersion(M))
    return fail(Id, false,
                "!air.language_version is not !{!\"Metal\", i32, i32, i32}");
  if (!M.getNamedMetadata("air.compile_options"))
    return fail(Id, false, "!air.compile_options is missing");
  return pass(Id, false);
}

CheckResult Verifier::vers() {
  const char *Id = "vers";
  if (!E.Vers)
    return skip(Id, true, "no VERS tag for this entry");
  std::optional<std::array<unsigned, 3>> AIRVer = readAIRVersion(M);
  if (!AIRVer)
    return skip(Id, true,
                "!air.version missing or malformed (see air-version)");
  const std::array<uint16_t, 4> &V = *E.Vers;
  std::string ModuleAIR = versionStr((*AIRVer)[0], (*AIRVer)[1]);
  if (V[0] != (*AIRVer)[0] || V[1] != (*AIRVer)[1])
    return fail(Id, true,
                "VERS says AIR " + versionStr(V[0], V[1]) +
                    " but !air.version is " + ModuleAIR);
  if (std::optional<std::array<unsigned, 3>> MSL = readLanguageVersion(M))
    if (V[2] != (*MSL)[0] || V[3] != (*MSL)[1])
      return fail(Id, true,
                  "VERS says MSL " + versionStr(V[2], V[3]) +
                      " but !air.language_version is Metal " +
                      versionStr((*MSL)[0], (*MSL)[1]));

  // Triple: air64[_vNN]-apple-<os><version>[-<env>].
  StringRef TT = M.getTargetTriple();
  std::string Quoted = ("triple '" + TT + "'").str();
  SmallVector<StringRef, 4> Parts;
  TT.split(Parts, '-');
  if (Parts.size() < 3 || Parts[1] != "apple")
    return fail(Id, true, Quoted + " is not air64[_vNN]-apple-<os><version>");
  StringRef Arch = Parts[0];
  StringRef OS = Parts[2];
  StringRef OSName = OS.take_while(isAlpha);
  VersionTuple OSVersion;
  if (OSName.empty() || OSVersion.tryParse(OS.drop_front(OSName.size())))
    return fail(Id, true, Quoted + " has no <os><version> component");

  unsigned ModuleNN = (*AIRVer)[0] * 10 + (*AIRVer)[1];
  if (Arch.consume_front("air64_v")) {
    unsigned NN = 0;
    if (Arch.getAsInteger(10, NN))
      return fail(Id, true, Quoted + " has a malformed air64_vNN architecture");
    if (NN != ModuleNN)
      return fail(Id, true,
                  Quoted + " names AIR " + versionStr(NN / 10, NN % 10) +
                      " but !air.version is " + ModuleAIR);
    return pass(Id, true);
  }
  if (Arch != "air64")
    return fail(Id, true, Quoted + " is not air64[_vNN]-apple-<os><version>");
  if (OSName != "macosx" && OSName != "macos")
    return pass(Id, true);
  for (const MacOSAIRVersion &R : MacOSAIRVersions)
    if (R.MacOSMajor == OSVersion.getMajor() &&
        (R.AIRMajor != (*AIRVer)[0] || R.AIRMinor != (*AIRVer)[1]))
      return fail(Id, true,
                  Quoted + ": Apple writes AIR " +
                      versionStr(R.AIRMajor, R.AIRMinor) + " for macOS " +
                      Twine(R.MacOSMajor) + " but !air.version is " +
                      ModuleAIR);
  return pass(Id, true);
}

CheckResult Verifier::typedPointers() {
  const char *Id = "typed-pointers";
  TypeFinder Finder(M, [](Type *T) {
    auto *PT = dyn_cast<PointerType>(T);
    return PT && PT->isOpaque();
  });
  if (Type *T = Finder.run())
    return fail(Id, false,
                "opaque pointer type '" + typeStr(T) + "' in " + Finder.Where);
  return pass(Id, false);
}

CheckResult Verifier::addressSpaces() {
  const char *Id = "address-spaces";
  TypeFinder Finder(M, [](Type *T) {
    auto *PT = dyn_cast<PointerType>(T);
    return PT && PT->getAddressSpace() > MaxAIRAddrSpace;
  });
  if (Type *T = Finder.run())
    return fail(Id, false,
                "pointer type '" + typeStr(T) + "' (address space " +
                    Twine(cast<PointerType>(T)->getAddressSpace()) + ") in " +
                    Finder.Where + "; AIR uses address spaces 0-3");
  return pass(Id, false);
}

bool isTrap(const Function &F) {
  return F.getName() == "llvm.trap" || F.getName() == "llvm.debugtrap";
}

CheckResult Verifier::noTrap() {
  const char *Id = "no-trap";
  for (const Function &F : M) {
    if (!isTrap(F))
      continue;
    for (const User *U : F.users())
      if (auto *CB = dyn_cast<CallBase>(U))
        if (CB->getCalledOperand() == &F)
          return fail(Id, false,
                      "@" + F.getName() + " is called in @" +
                          CB->getFunction()->getName() +
                          "; a trap wedges Apple GPUs until reboot");
    return fail(Id, false,
                "module declares @" + F.getName() +
                    "; a trap wedges Apple GPUs until reboot");
  }
  return pass(Id, false);
}

CheckResult Verifier::intrinsics() {
  const char *Id = "intrinsics";
  for (const Function &F : M) {
    // The entry point and traps are the business of function-defined and
    // no-trap.
    if (!F.isDeclaration() || &F == Entry || isTrap(F))
      continue;
    StringRef Name = F.getName();
    if (Name.startswith("air.")) {
      if (!isKnownAIRIntrinsic(Name))
        return fail(Id, false,
                    "@" + Name +
                        " is not a known air.* intrinsic (air-abi.md §4)");
      continue;
    }
    if (Name.startswith("llvm.")) {
      LLVMIntrinsicStatus S = classifyLLVMIntrinsic(Name);
      if (!S.isAccepted())
        return fail(Id, false,
                    "@" + Name + " is a rejected llvm intrinsic (" + S.Reason +
                        ")");
      continue;
    }
    return fail(Id, false,
                "@" + Name +
                    " is an unresolved external symbol (neither air.* nor "
                    "llvm.*)");
  }
  return pass(Id, false);
}

} // namespace

StringRef checkStatusName(CheckStatus S) {
  switch (S) {
  case CheckStatus::Passed:
    return "passed";
  case CheckStatus::Failed:
    return "failed";
  case CheckStatus::Skipped:
    return "skipped";
  }
  llvm_unreachable("unknown CheckStatus");
}

const std::vector<std::string> &airCheckIds() {
  static const std::vector<std::string> Ids = {
      "function-defined", "air-kernel", "module-flags",   "sdk-version",
      "air-version",      "vers",       "typed-pointers", "address-spaces",
      "no-trap",          "intrinsics",
  };
  return Ids;
}

std::vector<CheckResult> verifyAIRModule(const Module &M,
                                         const EntryPointInfo &E) {
  Verifier V(M, E);
  return {V.functionDefined(), V.airKernel(),     V.moduleFlags(),
          V.sdkVersion(),      V.airVersion(),    V.vers(),
          V.typedPointers(),   V.addressSpaces(), V.noTrap(),
          V.intrinsics()};
}

} // namespace air
} // namespace cumetal

//===- ptx/Checker.cpp - Semantic checks of a PTX module ------------------===//
//
// Walks the AST with a chain of scopes (module, function parameters, one
// per block). Module-level names are collected first, so a function may be
// used before its declaration; inside a body, declarations take effect in
// order, while labels are collected per block before its statements are
// checked (branches may go forward). Operand checks are driven by the
// roles of the instruction's table entry (InstructionTable.h).
//
//===----------------------------------------------------------------------===//

#include "ptx/Checker.h"

#include "ptx/AST.h"
#include "ptx/Diagnostics.h"
#include "ptx/TargetRules.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Casting.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

struct Symbol {
  enum class Kind {
    Register,
    Variable,
    Function,
    Label,
    BranchTargets,
    CallTargets,
    Prototype,
  };
  Kind K = Kind::Variable;
  SMLoc Loc;
  const VariableDecl *Decl = nullptr;
  const Variable *Var = nullptr;
  const Function *Fn = nullptr;
  const CallPrototypeStmt *Proto = nullptr;

  bool isLabelLike() const {
    return K == Kind::Label || K == Kind::BranchTargets ||
           K == Kind::CallTargets || K == Kind::Prototype;
  }
};

/// `%r12` -> ("%r", 12); nullopt without a trailing decimal number (or with
/// a leading zero, which no range declares).
std::optional<std::pair<StringRef, unsigned>> splitIndex(StringRef Name) {
  size_t I = Name.size();
  while (I > 0 && isDigit(Name[I - 1]))
    --I;
  StringRef Digits = Name.substr(I);
  if (Digits.empty() || Digits.size() > 9 ||
      (Digits.size() > 1 && Digits[0] == '0'))
    return std::nullopt;
  unsigned N;
  if (Digits.getAsInteger(10, N))
    return std::nullopt;
  return std::make_pair(Name.substr(0, I), N);
}

class Scope {
public:
  explicit Scope(Scope *Parent) : Parent(Parent) {}
  Scope *parent() const { return Parent; }

  /// Declares \p S; returns the previous symbol of that name in this scope
  /// if there is one (a redefinition).
  const Symbol *declare(StringRef Name, const Symbol &S,
                        std::optional<unsigned> Range) {
    if (const Symbol *Prev = findLocal(Name, Range))
      return Prev;
    if (Range) {
      Ranges[Name].push_back({*Range, S});
    } else {
      auto It = Names.insert({Name, S}).first;
      if (auto Split = splitIndex(Name))
        Numbered[Split->first].push_back({Split->second, &It->second});
    }
    return nullptr;
  }
  const Symbol *declareLabel(StringRef Name, const Symbol &S) {
    auto [It, New] = Labels.try_emplace(Name, S);
    return New ? nullptr : &It->second;
  }

  const Symbol *findName(StringRef Name) const {
    auto It = Names.find(Name);
    if (It != Names.end())
      return &It->second;
    if (auto Split = splitIndex(Name)) {
      auto R = Ranges.find(Split->first);
      if (R != Ranges.end())
        for (const RangeEntry &E : R->second)
          if (Split->second < E.Count)
            return &E.Sym;
    }
    return nullptr;
  }
  const Symbol *findLabel(StringRef Name) const {
    auto It = Labels.find(Name);
    return It == Labels.end() ? nullptr : &It->second;
  }
  /// A range of this scope whose prefix is \p Name's (for the "declares
  /// %r0 to %r12" note).
  const Symbol *findRangeFor(StringRef Name, unsigned &Count) const {
    if (auto Split = splitIndex(Name)) {
      auto R = Ranges.find(Split->first);
      if (R != Ranges.end() && !R->second.empty()) {
        Count = R->second.front().Count;
        return &R->second.front().Sym;
      }
    }
    return nullptr;
  }

private:
  struct RangeEntry {
    unsigned Count;
    Symbol Sym;
  };

  const Symbol *findLocal(StringRef Name, std::optional<unsigned> Range) {
    if (!Range)
      return findName(Name);
    // A new range conflicts with a range of the same prefix or with a
    // single name it covers.
    auto R = Ranges.find(Name);
    if (R != Ranges.end() && !R->second.empty())
      return &R->second.front().Sym;
    auto N = Numbered.find(Name);
    if (N != Numbered.end())
      for (const auto &[Index, Sym] : N->second)
        if (Index < *Range)
          return Sym;
    return nullptr;
  }

  Scope *Parent;
  StringMap<Symbol> Names;
  StringMap<std::vector<RangeEntry>> Ranges;
  /// Single names ending in a number (`%r3`), by prefix (`%r`), to find
  /// the names a new range would cover without scanning them all.
  StringMap<std::vector<std::pair<unsigned, const Symbol *>>> Numbered;
  StringMap<Symbol> Labels;
};

bool isIntClass(TypeClass C) {
  return C == TypeClass::Unsigned || C == TypeClass::Signed;
}

/// PTX ISA §9.4: may a register of type \p Reg be an operand of an
/// instruction of type \p Instr?
bool strictCompatible(Type Instr, Type Reg) {
  if (Instr == Reg)
    return true;
  TypeClass IC = typeClass(Instr), RC = typeClass(Reg);
  if (IC == TypeClass::Pred || RC == TypeClass::Pred ||
      IC == TypeClass::Opaque || RC == TypeClass::Opaque)
    return false;
  if (typeBits(Instr) != typeBits(Reg))
    return false;
  if (IC == TypeClass::Bit || RC == TypeClass::Bit)
    return true;
  if ((isIntClass(IC) || IC == TypeClass::PackedInt) && isIntClass(RC))
    return true;
  return false; // floating point types match exactly
}

/// PTX ISA §9.4.1 (Tables 27 and 28): the relaxed rules of ld, st and cvt,
/// which also accept registers wider than the instruction type.
bool relaxedCompatible(Type Instr, Type Reg) {
  if (strictCompatible(Instr, Reg))
    return true;
  TypeClass IC = typeClass(Instr), RC = typeClass(Reg);
  if (IC == TypeClass::Pred || RC == TypeClass::Pred ||
      IC == TypeClass::Opaque || RC == TypeClass::Opaque)
    return false;
  if (typeBits(Reg) < typeBits(Instr))
    return false;
  switch (RC) {
  case TypeClass::Bit:
    return true;
  case TypeClass::Unsigned:
  case TypeClass::Signed:
  case TypeClass::PackedInt:
    return IC == TypeClass::Bit || isIntClass(IC) || IC == TypeClass::PackedInt;
  case TypeClass::Float:
    return IC == TypeClass::Bit;
  default:
    return false;
  }
}

bool isComponentSelector(StringRef S) {
  return S == "x" || S == "y" || S == "z" || S == "w" || S == "r" || S == "g" ||
         S == "b" || S == "a";
}

/// Byte and half-word selectors of the video instructions: `.b0`, `.h1`,
/// `.b3210`, `.h10`.
bool isVideoSelector(StringRef S) {
  if (S.size() < 2 || (S[0] != 'b' && S[0] != 'h'))
    return false;
  char Max = S[0] == 'b' ? '7' : '3';
  for (char C : S.drop_front())
    if (C < '0' || C > Max)
      return false;
  return true;
}

std::string typeStr(Type T) { return "." + typeName(T).str(); }

class Checker {
public:
  Checker(Module &M, Diagnostics &Diags) : M(M), Diags(Diags) {}
  void run();

private:
  void collectModule();
  void checkModuleVariable(const VariableDecl &D);
  void checkInitializer(const Initializer &I, Scope &S);
  void checkFunction(Function &F);
  void declareVariables(const VariableDecl &D, Scope &S, bool IsParam);
  void checkBlock(BlockStmt &B, Scope &Parent);
  void collectLabels(const StatementList &Body, Scope &S);
  void checkInstruction(Instruction &I, Scope &S);
  void checkCall(Instruction &I, Scope &S);
  void checkOperand(Instruction &I, Operand &Op, unsigned Index, char Role,
                    Scope &S);
  void checkData(Instruction &I, Operand &Op, unsigned Index, char Role,
                 Scope &S);
  void checkDataRegister(Instruction &I, const Operand &Op, unsigned Index,
                         char Role, Type Expected, Type Actual);
  /// Resolves every name inside \p Op (vector elements, address bases, list
  /// elements); reports undefined ones. \p Nested is false for the
  /// operand's own name.
  void resolveAll(Operand &Op, Scope &S);
  const Symbol *resolve(StringRef Name, SMLoc Loc, Scope &S,
                        bool WantLabel = false);
  void reportUndefined(StringRef Name, SMLoc Loc, Scope &S, bool WantLabel);
  void redefinition(StringRef Name, SMLoc Loc, const Symbol &Prev);
  /// The declared type of a register operand (element type for a vector
  /// component); None if \p Op is not a scalar register use.
  Type registerType(const Operand &Op, const Symbol *Sym);
  bool checkSelector(Instruction &I, Operand &Op, const Symbol *Sym);
  Type expectedType(Instruction &I, char Role);
  /// The module's target against its version (TargetRules.h).
  void checkTarget();
  /// \p I's instruction, modifiers and special registers against the
  /// module's target and version.
  void checkAvailability(const Instruction &I);

  Module &M;
  Diagnostics &Diags;
  Scope ModuleScope{nullptr};
  /// The module's sm_XX; none if `.target` names no sm_XX (no checks).
  std::optional<SmTarget> Target;
};

void Checker::redefinition(StringRef Name, SMLoc Loc, const Symbol &Prev) {
  Diags.error(Loc, "redefinition of '" + Name + "'");
  Diags.note(Prev.Loc, "previous definition is here");
}

void Checker::reportUndefined(StringRef Name, SMLoc Loc, Scope &S,
                              bool WantLabel) {
  if (WantLabel) {
    Diags.error(Loc, "use of undefined label '" + Name + "'");
    return;
  }
  if (Name.startswith("%")) {
    Diags.error(Loc, "use of undefined register '" + Name + "'");
    for (Scope *Sc = &S; Sc; Sc = Sc->parent()) {
      unsigned Count;
      if (const Symbol *R = Sc->findRangeFor(Name, Count)) {
        auto Split = splitIndex(Name);
        Diags.note(R->Loc, "'" + Split->first + "<" + Twine(Count) +
                               ">' declares " + Split->first + "0 to " +
                               Split->first + Twine(Count - 1));
        break;
      }
    }
    return;
  }
  Diags.error(Loc, "use of undefined identifier '" + Name + "'");
}

const Symbol *Checker::resolve(StringRef Name, SMLoc Loc, Scope &S,
                               bool WantLabel) {
  for (Scope *Sc = &S; Sc; Sc = Sc->parent()) {
    if (WantLabel) {
      if (const Symbol *L = Sc->findLabel(Name))
        return L;
      if (const Symbol *N = Sc->findName(Name))
        return N;
    } else {
      if (const Symbol *N = Sc->findName(Name))
        return N;
      if (const Symbol *L = Sc->findLabel(Name))
        return L;
    }
  }
  reportUndefined(Name, Loc, S, WantLabel);
  return nullptr;
}

static RefKind refKind(const Symbol &S) {
  switch (S.K) {
  case Symbol::Kind::Register:
    return RefKind::Register;
  case Symbol::Kind::Variable:
    return RefKind::Variable;
  case Symbol::Kind::Function:
    return RefKind::Function;
  case Symbol::Kind::Prototype:
    return RefKind::Prototype;
  default:
    return RefKind::Label;
  }
}

//===----------------------------------------------------------------------===//
// Module and declarations
//===----------------------------------------------------------------------===//

void Checker::checkTarget() {
  for (const std::string &T : M.Targets)
    if ((Target = SmTarget::parse(T)))
      break;
  if (!Target || M.VersionMajor == 0)
    return;
  auto [Major, Minor] = ptxVersionOfTarget(*Target);
  if (std::make_pair(M.VersionMajor, M.VersionMinor) <
      std::make_pair(Major, Minor))
    Diags.error(M.TargetLoc, "target " + Target->str() + " requires PTX ISA " +
                                 Twine(Major) + "." + Twine(Minor) +
                                 " or later; the module's "
                                 ".version is " +
                                 Twine(M.VersionMajor) + "." +
                                 Twine(M.VersionMinor));
}

void Checker::checkAvailability(const Instruction &I) {
  if (!Target)
    return;
  for (const Requirement &R : requirementsOf(I)) {
    // An architecture-specific feature needs an sm_XXa target (exactly
    // sm_90a for wgmma); others the target or a later one.
    bool TargetOK = R.ExactTarget
                        ? Target->ArchSpecific && Target->Sm == R.Target.Sm
                        : Target->Sm >= R.Target.Sm &&
                              (!R.Target.ArchSpecific || Target->ArchSpecific);
    if (!TargetOK) {
      Diags.error(R.Loc, "'" + R.What + "' requires " + R.Target.str() +
                             (R.ExactTarget ? "" : " or higher") +
                             "; the module's .target is " + Target->str());
      return;
    }
    if (M.VersionMajor && std::make_pair(M.VersionMajor, M.VersionMinor) <
                              std::make_pair(R.PtxMajor, R.PtxMinor)) {
      Diags.error(R.Loc, "'" + R.What + "' requires PTX ISA " +
                             Twine(R.PtxMajor) + "." + Twine(R.PtxMinor) +
                             " or later; the module's .version is " +
                             Twine(M.VersionMajor) + "." +
                             Twine(M.VersionMinor));
      return;
    }
  }
}

void Checker::run() {
  checkTarget();
  collectModule();
  for (auto &Item : M.Items) {
    if (Diags.tooManyErrors())
      return;
    if (auto *D = dyn_cast<VariableDecl>(Item.get())) {
      checkModuleVariable(*D);
    } else if (auto *F = dyn_cast<Function>(Item.get())) {
      checkFunction(*F);
    } else if (auto *A = dyn_cast<AliasStmt>(Item.get())) {
      const Symbol *S = resolve(A->Aliasee, A->AliaseeLoc, ModuleScope);
      if (S && S->K != Symbol::Kind::Function)
        Diags.error(A->AliaseeLoc,
                    "'" + A->Aliasee + "' in .alias is not a function");
    }
  }
}

void Checker::collectModule() {
  // Definitions (with a body) by name, to report a second one.
  StringMap<const Function *> Defined;
  for (auto &Item : M.Items) {
    if (auto *F = dyn_cast<Function>(Item.get())) {
      Symbol S;
      S.K = Symbol::Kind::Function;
      S.Loc = F->NameLoc;
      S.Fn = F;
      if (const Symbol *Prev = ModuleScope.findName(F->Name)) {
        if (Prev->K != Symbol::Kind::Function) {
          redefinition(F->Name, F->NameLoc, *Prev);
          continue;
        }
        if (F->isDefinition()) {
          auto It = Defined.find(F->Name);
          if (It != Defined.end()) {
            Diags.error(F->NameLoc,
                        "redefinition of function '" + F->Name + "'");
            Diags.note(It->second->NameLoc, "previous definition is here");
            continue;
          }
          // The definition replaces a prior declaration.
          const_cast<Symbol *>(Prev)->Fn = F;
          const_cast<Symbol *>(Prev)->Loc = F->NameLoc;
          Defined[F->Name] = F;
        }
        continue;
      }
      ModuleScope.declare(F->Name, S, std::nullopt);
      if (F->isDefinition())
        Defined[F->Name] = F;
    } else if (auto *D = dyn_cast<VariableDecl>(Item.get())) {
      for (const Variable &V : D->Vars) {
        Symbol S;
        S.K = D->Space == StateSpace::Reg ? Symbol::Kind::Register
                                          : Symbol::Kind::Variable;
        S.Loc = V.Loc;
        S.Decl = D;
        S.Var = &V;
        if (const Symbol *Prev = ModuleScope.findName(V.Name)) {
          // `.extern` declarations may repeat and precede the definition.
          bool PrevExtern = Prev->Decl && Prev->Decl->Link == Linkage::Extern;
          if (Prev->K == S.K && (PrevExtern || D->Link == Linkage::Extern))
            continue;
          redefinition(V.Name, V.Loc, *Prev);
          continue;
        }
        ModuleScope.declare(V.Name, S, V.RangeCount);
      }
    }
  }
}

void Checker::checkModuleVariable(const VariableDecl &D) {
  if (D.Space == StateSpace::Reg || D.Space == StateSpace::Param ||
      D.Space == StateSpace::SReg)
    Diags.error(D.getLoc(), "'." + D.SpaceName +
                                "' variables can only be declared inside a "
                                "function");
  for (const Variable &V : D.Vars) {
    if (!V.Init)
      continue;
    if (D.Space != StateSpace::Global && D.Space != StateSpace::Const)
      Diags.error(V.Init->Loc, "only .global and .const variables can have "
                               "an initializer");
    else
      checkInitializer(*V.Init, ModuleScope);
  }
}

void Checker::checkInitializer(const Initializer &I, Scope &S) {
  switch (I.K) {
  case Initializer::Kind::Address: {
    const Symbol *Sym = resolve(I.Symbol, I.Loc, S);
    if (Sym && Sym->K != Symbol::Kind::Variable &&
        Sym->K != Symbol::Kind::Function)
      Diags.error(I.Loc, "'" + I.Symbol +
                             "' in an initializer must be a variable or a "
                             "function");
    break;
  }
  case Initializer::Kind::List:
    for (const Initializer &E : I.Elements)
      checkInitializer(E, S);
    break;
  case Initializer::Kind::Field:
    // Sampler/texture fields name modes (`linear`, `clamp_to_edge`).
    break;
  default:
    break;
  }
}

void Checker::declareVariables(const VariableDecl &D, Scope &S, bool IsParam) {
  for (const Variable &V : D.Vars) {
    Symbol Sym;
    Sym.K = D.Space == StateSpace::Reg ? Symbol::Kind::Register
                                       : Symbol::Kind::Variable;
    Sym.Loc = V.Loc;
    Sym.Decl = &D;
    Sym.Var = &V;
    if (const Symbol *Prev = S.declare(V.Name, Sym, V.RangeCount)) {
      redefinition(V.Name, V.Loc, *Prev);
      continue;
    }
    if (V.Init && !IsParam) {
      if (D.Space != StateSpace::Global && D.Space != StateSpace::Const)
        Diags.error(V.Init->Loc, "only .global and .const variables can "
                                 "have an initializer");
      else
        checkInitializer(*V.Init, S);
    }
  }
}

void Checker::checkFunction(Function &F) {
  Scope Params(&ModuleScope);
  for (auto &R : F.Returns) {
    if (R->Space != StateSpace::Param && R->Space != StateSpace::Reg)
      Diags.error(R->getLoc(), "return parameters must be in the .param or "
                               ".reg state space");
    declareVariables(*R, Params, true);
  }
  for (auto &P : F.Params) {
    if (F.IsEntry && P->Space != StateSpace::Param)
      Diags.error(P->getLoc(),
                  "kernel parameters must be in the .param state space");
    else if (P->Space != StateSpace::Param && P->Space != StateSpace::Reg)
      Diags.error(P->getLoc(), "function parameters must be in the .param or "
                               ".reg state space");
    bool IntParam =
        typeClass(P->ElemType) != TypeClass::Float &&
        (typeBits(P->ElemType) == 32 || typeBits(P->ElemType) == 64);
    if (P->IsPtr && (!F.IsEntry || !IntParam))
      Diags.error(P->getLoc(), "'.ptr' applies to integer kernel parameters "
                               "only");
    declareVariables(*P, Params, true);
  }
  if (F.Body)
    checkBlock(*F.Body, Params);
}

//===----------------------------------------------------------------------===//
// Bodies
//===----------------------------------------------------------------------===//

void Checker::collectLabels(const StatementList &Body, Scope &S) {
  for (const auto &St : Body) {
    Symbol Sym;
    Sym.Loc = St->getLoc();
    StringRef Name;
    if (auto *L = dyn_cast<LabelStmt>(St.get())) {
      Sym.K = Symbol::Kind::Label;
      Name = L->Name;
    } else if (auto *T = dyn_cast<TargetListStmt>(St.get())) {
      Sym.K = T->getKind() == Statement::Kind::BranchTargets
                  ? Symbol::Kind::BranchTargets
                  : Symbol::Kind::CallTargets;
      Name = T->Name;
    } else if (auto *P = dyn_cast<CallPrototypeStmt>(St.get())) {
      Sym.K = Symbol::Kind::Prototype;
      Sym.Proto = P;
      Name = P->Name;
    } else {
      continue;
    }
    if (const Symbol *Prev = S.declareLabel(Name, Sym))
      redefinition(Name, Sym.Loc, *Prev);
  }
}

void Checker::checkBlock(BlockStmt &B, Scope &Parent) {
  Scope S(&Parent);
  collectLabels(B.Body, S);
  for (auto &St : B.Body) {
    if (Diags.tooManyErrors())
      return;
    switch (St->getKind()) {
    case Statement::Kind::Variable: {
      auto &D = cast<VariableDecl>(*St);
      if (D.Link != Linkage::None && D.Link != Linkage::Extern)
        Diags.error(D.getLoc(), "'." + linkageName(D.Link) +
                                    "' is not allowed inside a function");
      declareVariables(D, S, false);
      break;
    }
    case Statement::Kind::Block:
      checkBlock(cast<BlockStmt>(*St), S);
      break;
    case Statement::Kind::Instruction:
      checkInstruction(cast<Instruction>(*St), S);
      break;
    case Statement::Kind::BranchTargets: {
      for (auto &T : cast<TargetListStmt>(*St).Targets) {
        const Symbol *Sym = resolve(T.first, T.second, S, /*WantLabel=*/true);
        if (Sym && Sym->K != Symbol::Kind::Label)
          Diags.error(T.second, "'" + T.first + "' is not a label");
      }
      break;
    }
    case Statement::Kind::CallTargets: {
      for (auto &T : cast<TargetListStmt>(*St).Targets) {
        const Symbol *Sym = resolve(T.first, T.second, S);
        if (Sym && Sym->K != Symbol::Kind::Function)
          Diags.error(T.second, "'" + T.first + "' is not a function");
      }
      break;
    }
    case Statement::Kind::CallPrototype: {
      // Parameter names of a prototype (`_` or others) are placeholders.
      break;
    }
    default:
      break;
    }
  }
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

void Checker::checkInstruction(Instruction &I, Scope &S) {
  const InstrDesc *D = I.Desc;
  if (!D)
    return;
  checkAvailability(I);
  if (!I.GuardReg.empty()) {
    const Symbol *G = resolve(I.GuardReg, I.GuardLoc, S);
    if (G) {
      bool IsPred = G->K == Symbol::Kind::Register && G->Decl &&
                    G->Decl->ElemType == Type::Pred;
      if (!IsPred)
        Diags.error(I.GuardLoc,
                    "guard '" + I.GuardReg + "' is not a predicate register");
    }
  }
  unsigned N = I.Operands.size();
  if (N < D->MinOperands || N > D->MaxOperands) {
    std::string Want;
    if (D->MinOperands == D->MaxOperands)
      Want = std::to_string(D->MinOperands);
    else
      Want = std::to_string(D->MinOperands) + " to " +
             std::to_string(D->MaxOperands);
    Diags.error(I.OpcodeLoc, "wrong number of operands for '" + I.spelling() +
                                 "': expected " + Want + ", got " + Twine(N));
    return;
  }
  if (I.Opcode == "call")
    return checkCall(I, S);
  for (unsigned Index = 0; Index < N; ++Index) {
    char Role = D->role(Index);
    // `atom.cas` has a fourth data operand; other atoms may have a cache
    // policy (.b64) there.
    if (I.Opcode == "atom" && Index == 3 && I.hasModifier("cas"))
      Role = 'd';
    checkOperand(I, I.Operands[Index], Index, Role, S);
  }
}

void Checker::resolveAll(Operand &Op, Scope &S) {
  switch (Op.K) {
  case Operand::Kind::Name:
    if (const Symbol *Sym = resolve(Op.Name, Op.NameLoc, S))
      Op.Ref = refKind(*Sym);
    break;
  case Operand::Kind::PredPair:
    if (Op.Name != "_")
      resolve(Op.Name, Op.NameLoc, S);
    resolve(Op.Name2, Op.Name2Loc, S);
    break;
  case Operand::Kind::Address:
    if (!Op.Name.empty())
      if (const Symbol *Sym = resolve(Op.Name, Op.NameLoc, S))
        Op.Ref = refKind(*Sym);
    for (Operand &E : Op.Elements)
      resolveAll(E, S);
    break;
  case Operand::Kind::Vector:
  case Operand::Kind::List:
    for (Operand &E : Op.Elements)
      resolveAll(E, S);
    break;
  default:
    break;
  }
}

Type Checker::registerType(const Operand &Op, const Symbol *Sym) {
  if (Op.K == Operand::Kind::SpecialRegister) {
    auto R = lookupSpecialRegister(Op.Name);
    if (!R || (R->HasComponents && Op.Selector.empty()))
      return Type::None;
    return R->T;
  }
  if (!Sym || Sym->K != Symbol::Kind::Register || !Sym->Decl)
    return Type::None;
  const VariableDecl &D = *Sym->Decl;
  if (D.VectorWidth && !isComponentSelector(Op.Selector))
    return Type::None; // a whole vector variable
  if (!D.VectorWidth && !Op.Selector.empty())
    return Type::None; // video byte/half selectors
  if (Sym->Var && !Sym->Var->Dims.empty())
    return Type::None;
  return D.ElemType;
}

bool Checker::checkSelector(Instruction &I, Operand &Op, const Symbol *Sym) {
  if (Op.K == Operand::Kind::SpecialRegister) {
    auto R = lookupSpecialRegister(Op.Name);
    if (!R)
      return true;
    if (R->HasComponents && Op.Selector.empty()) {
      Diags.error(Op.NameLoc, "special register '" + Op.Name +
                                  "' needs a component (.x, .y or .z)");
      return false;
    }
    if (R->HasComponents && Op.Selector != "x" && Op.Selector != "y" &&
        Op.Selector != "z" && Op.Selector != "w") {
      Diags.error(Op.NameLoc, "unknown component '." + Op.Selector +
                                  "' of special register '" + Op.Name + "'");
      return false;
    }
    if (!R->HasComponents && !Op.Selector.empty()) {
      Diags.error(Op.NameLoc,
                  "special register '" + Op.Name + "' has no components");
      return false;
    }
    return true;
  }
  if (Op.Selector.empty() || !Sym)
    return true;
  bool Video = I.Opcode.size() > 1 && I.Opcode[0] == 'v' &&
               I.Desc->Roles == "x" && I.Opcode != "vote";
  if (isComponentSelector(Op.Selector)) {
    if (Sym->K == Symbol::Kind::Register && Sym->Decl && Sym->Decl->VectorWidth)
      return true;
    // `.b` is also a byte selector of the video instructions.
    if (Video && isVideoSelector(Op.Selector))
      return true;
    Diags.error(Op.NameLoc, "'" + Op.Name + "' is not a vector register; '." +
                                Op.Selector + "' selects a vector component");
    return false;
  }
  if (isVideoSelector(Op.Selector)) {
    if (Video)
      return true;
    Diags.error(Op.NameLoc, "byte and half-word selectors such as '." +
                                Op.Selector +
                                "' are only allowed in video instructions");
    return false;
  }
  Diags.error(Op.NameLoc,
              "unknown selector '." + Op.Selector + "' on '" + Op.Name + "'");
  return false;
}

Type Checker::expectedType(Instruction &I, char Role) {
  std::vector<Type> Types = I.types();
  if (Types.empty())
    return Type::None;
  switch (Role) {
  case 'd':
  case 'l':
    return Types[0];
  case 's':
  case 'L':
    return Types.size() > 1 ? Types[1] : Types[0];
  case 'w':
    return doubleWidth(Types[0]);
  default:
    return Type::None;
  }
}

void Checker::checkOperand(Instruction &I, Operand &Op, unsigned Index,
                           char Role, Scope &S) {
  auto OperandName = [&] {
    return "operand " + std::to_string(Index + 1) + " of '" + I.spelling() +
           "'";
  };
  switch (Role) {
  case 'a': {
    if (Op.K != Operand::Kind::Address) {
      Diags.error(Op.Loc, OperandName() + " must be an address in brackets");
      resolveAll(Op, S);
      return;
    }
    resolveAll(Op, S);
    if (!Op.Name.empty() && Op.Ref != RefKind::Unresolved &&
        Op.Ref != RefKind::Register && Op.Ref != RefKind::Variable)
      Diags.error(Op.NameLoc, "'" + Op.Name +
                                  "' is not a register or a variable and "
                                  "cannot be used as an address");
    if (Op.Ref == RefKind::Register && Op.Elements.empty()) {
      const Symbol *Sym = resolve(Op.Name, Op.NameLoc, S);
      Type T = Sym && Sym->Decl ? Sym->Decl->ElemType : Type::None;
      if (T != Type::None && (typeClass(T) == TypeClass::Pred ||
                              typeClass(T) == TypeClass::Float ||
                              (typeBits(T) != 32 && typeBits(T) != 64)))
        Diags.error(Op.NameLoc, "address register '" + Op.Name + "' has type " +
                                    typeStr(T) +
                                    "; an address needs a 32- or 64-bit "
                                    "integer register");
    }
    return;
  }
  case 'b': {
    if (Op.K != Operand::Kind::Name) {
      Diags.error(Op.Loc, OperandName() + " must be a label");
      return;
    }
    const Symbol *Sym = resolve(Op.Name, Op.NameLoc, S, /*WantLabel=*/true);
    if (!Sym)
      return;
    Op.Ref = refKind(*Sym);
    if (Sym->K != Symbol::Kind::Label)
      Diags.error(Op.NameLoc, "'" + Op.Name + "' is not a label");
    return;
  }
  case 'p': {
    if (Op.K == Operand::Kind::IntImm)
      return;
    if (Op.K == Operand::Kind::PredPair) {
      // `setp... %p|%q`: both halves are predicates (the first may be `_`).
      Operand First = Op;
      First.K = Operand::Kind::Name;
      if (Op.Name != "_")
        checkOperand(I, First, Index, 'p', S);
      const Symbol *Sym = resolve(Op.Name2, Op.Name2Loc, S);
      if (Sym && !(Sym->K == Symbol::Kind::Register && Sym->Decl &&
                   Sym->Decl->ElemType == Type::Pred))
        Diags.error(Op.Name2Loc, "'" + Op.Name2 +
                                     "' after '|' must be a predicate "
                                     "register");
      return;
    }
    if (Op.K != Operand::Kind::Name && Op.K != Operand::Kind::SpecialRegister) {
      Diags.error(Op.Loc, OperandName() + " must be a predicate");
      resolveAll(Op, S);
      return;
    }
    const Symbol *Sym = nullptr;
    if (Op.K == Operand::Kind::Name) {
      Sym = resolve(Op.Name, Op.NameLoc, S);
      if (!Sym)
        return;
      Op.Ref = refKind(*Sym);
    }
    if (!checkSelector(I, Op, Sym))
      return;
    Type T = registerType(Op, Sym);
    if (T != Type::Pred)
      Diags.error(Op.NameLoc,
                  "type mismatch: '" + Op.Name + "' " +
                      (T == Type::None ? std::string("is not a register")
                                       : "has type " + typeStr(T)) +
                      ", but " + OperandName() + " must be a .pred");
    return;
  }
  case 'u':
  case 'd':
  case 's':
  case 'w':
  case 'l':
  case 'L':
    checkData(I, Op, Index, Role, S);
    return;
  default:
    resolveAll(Op, S);
    if (Op.K == Operand::Kind::Name || Op.K == Operand::Kind::SpecialRegister)
      checkSelector(I, Op, nullptr);
    return;
  }
}

void Checker::checkDataRegister(Instruction &I, const Operand &Op,
                                unsigned Index, char Role, Type Expected,
                                Type Actual) {
  if (Expected == Type::None || Actual == Type::None)
    return;
  bool OK = (Role == 'l' || Role == 'L') ? relaxedCompatible(Expected, Actual)
                                         : strictCompatible(Expected, Actual);
  if (OK)
    return;
  std::string Msg = "type mismatch: '" + Op.Name + "' has type " +
                    typeStr(Actual) + ", but operand " +
                    std::to_string(Index + 1) + " of '" + I.spelling() +
                    "' is " + typeStr(Expected);
  if ((Role == 'l' || Role == 'L') && typeBits(Actual) < typeBits(Expected))
    Msg += " (the register is narrower than the instruction type)";
  Diags.error(Op.NameLoc, Msg);
}

void Checker::checkData(Instruction &I, Operand &Op, unsigned Index, char Role,
                        Scope &S) {
  Type Expected = Role == 'u' ? Type::B32 : expectedType(I, Role);
  auto CheckScalar = [&](Operand &E, unsigned ElemIndex, Type Want) {
    switch (E.K) {
    case Operand::Kind::Name:
    case Operand::Kind::SpecialRegister: {
      const Symbol *Sym = nullptr;
      if (E.K == Operand::Kind::Name) {
        Sym = resolve(E.Name, E.NameLoc, S);
        if (!Sym)
          return;
        E.Ref = refKind(*Sym);
        if (Sym->isLabelLike()) {
          Diags.error(E.NameLoc,
                      "label '" + E.Name + "' cannot be used as a value");
          return;
        }
      }
      if (!checkSelector(I, E, Sym))
        return;
      Type T = registerType(E, Sym);
      if (Role == 'u') {
        if (T != Type::None &&
            (typeBits(T) != 32 || typeClass(T) == TypeClass::Float ||
             typeClass(T) == TypeClass::Pred))
          Diags.error(E.NameLoc, "type mismatch: '" + E.Name + "' has type " +
                                     typeStr(T) + ", but operand " +
                                     std::to_string(ElemIndex + 1) + " of '" +
                                     I.spelling() + "' is a 32-bit integer");
        return;
      }
      // Legacy PTX reads the .v4 special registers (`%tid.x`...) with
      // 16-bit mov and cvt (ISA §10): sizes up to the register's are fine.
      auto SR = E.K == Operand::Kind::SpecialRegister
                    ? lookupSpecialRegister(E.Name)
                    : std::nullopt;
      char R = SR && SR->HasComponents ? 'l' : Role;
      checkDataRegister(I, E, ElemIndex, R, Want, T);
      return;
    }
    case Operand::Kind::Address:
      Diags.error(E.Loc, "operand " + std::to_string(ElemIndex + 1) + " of '" +
                             I.spelling() + "' cannot be an address");
      resolveAll(E, S);
      return;
    case Operand::Kind::List:
      Diags.error(E.Loc, "unexpected argument list in operand " +
                             std::to_string(ElemIndex + 1) + " of '" +
                             I.spelling() + "'");
      resolveAll(E, S);
      return;
    default:
      return; // immediates and the sink
    }
  };

  switch (Op.K) {
  case Operand::Kind::PredPair: {
    Operand First = Op;
    First.K = Op.Name == "_" ? Operand::Kind::Sink : Operand::Kind::Name;
    CheckScalar(First, Index, Expected);
    const Symbol *Sym = resolve(Op.Name2, Op.Name2Loc, S);
    if (Sym) {
      Type T = Sym->K == Symbol::Kind::Register && Sym->Decl
                   ? Sym->Decl->ElemType
                   : Type::None;
      if (T != Type::Pred)
        Diags.error(Op.Name2Loc, "'" + Op.Name2 +
                                     "' after '|' must be a predicate "
                                     "register");
    }
    return;
  }
  case Operand::Kind::Vector: {
    unsigned Width = I.vectorWidth();
    unsigned Count = Op.Elements.size();
    if (Width) {
      if (Count != Width) {
        Diags.error(Op.Loc, "vector operand has " + Twine(Count) +
                                " elements, but '" + I.spelling() + "' needs " +
                                Twine(Width));
        resolveAll(Op, S);
        return;
      }
      for (Operand &E : Op.Elements)
        CheckScalar(E, Index, Expected);
      return;
    }
    // No `.vN`: the vector packs or unpacks one value (`mov.b32 {lo, hi},
    // %r1`), so its elements together must make up the instruction type.
    unsigned Bits = typeBits(Expected);
    if (Bits == 0 || Count < 2 || Bits % Count != 0) {
      resolveAll(Op, S);
      return;
    }
    unsigned ElemBits = Bits / Count;
    for (Operand &E : Op.Elements) {
      if (E.K != Operand::Kind::Name) {
        resolveAll(E, S);
        continue;
      }
      const Symbol *Sym = resolve(E.Name, E.NameLoc, S);
      if (!Sym)
        continue;
      E.Ref = refKind(*Sym);
      Type T = registerType(E, Sym);
      if (T != Type::None && typeBits(T) != ElemBits)
        Diags.error(E.NameLoc, "type mismatch: '" + E.Name + "' has type " +
                                   typeStr(T) + ", but each of the " +
                                   Twine(Count) + " elements of operand " +
                                   Twine(Index + 1) + " of '" + I.spelling() +
                                   "' has " + Twine(ElemBits) + " bits");
    }
    return;
  }
  default:
    CheckScalar(Op, Index, Expected);
    return;
  }
}

void Checker::checkCall(Instruction &I, Scope &S) {
  auto &Ops = I.Operands;
  unsigned Index = 0;
  Operand *Returns = nullptr, *Args = nullptr, *Proto = nullptr;
  if (Index < Ops.size() && Ops[Index].K == Operand::Kind::List)
    Returns = &Ops[Index++];
  if (Index >= Ops.size() || Ops[Index].K != Operand::Kind::Name) {
    Diags.error(Index < Ops.size() ? Ops[Index].Loc : I.OpcodeLoc,
                "expected the called function in 'call'");
    for (Operand &Op : Ops)
      resolveAll(Op, S);
    return;
  }
  Operand &Callee = Ops[Index++];
  if (Index < Ops.size() && Ops[Index].K == Operand::Kind::List)
    Args = &Ops[Index++];
  if (Index < Ops.size())
    Proto = &Ops[Index++];
  if (Index < Ops.size()) {
    Diags.error(Ops[Index].Loc, "unexpected operand in 'call'");
    return;
  }
  const Symbol *Target = resolve(Callee.Name, Callee.NameLoc, S);
  if (Returns)
    resolveAll(*Returns, S);
  if (Args)
    resolveAll(*Args, S);
  if (!Target)
    return;
  Callee.Ref = refKind(*Target);
  if (Target->K == Symbol::Kind::Register) {
    if (!Proto) {
      Diags.error(Callee.NameLoc, "an indirect call through '" + Callee.Name +
                                      "' needs a .callprototype or "
                                      ".calltargets operand");
      return;
    }
  } else if (Target->K != Symbol::Kind::Function) {
    Diags.error(Callee.NameLoc, "'" + Callee.Name + "' is not a function");
    return;
  }
  if (Proto) {
    if (Proto->K != Operand::Kind::Name) {
      Diags.error(Proto->Loc, "expected a .callprototype or .calltargets "
                              "label in 'call'");
      return;
    }
    const Symbol *P = resolve(Proto->Name, Proto->NameLoc, S, true);
    if (!P)
      return;
    Proto->Ref = refKind(*P);
    if (P->K != Symbol::Kind::Prototype && P->K != Symbol::Kind::CallTargets)
      Diags.error(Proto->NameLoc, "'" + Proto->Name +
                                      "' is not a .callprototype or "
                                      ".calltargets label");
  }
  if (Target->K != Symbol::Kind::Function || !Target->Fn)
    return;
  const Function &F = *Target->Fn;
  unsigned NumArgs = Args ? Args->Elements.size() : 0;
  bool Variadic = !F.Params.empty() && !F.Params.back()->Vars.empty() &&
                  !F.Params.back()->Vars.front().Dims.empty() &&
                  !F.Params.back()->Vars.front().Dims.front();
  if (!Variadic && NumArgs != F.Params.size()) {
    Diags.error(Callee.NameLoc, "'" + F.Name + "' takes " +
                                    Twine(F.Params.size()) + " argument" +
                                    (F.Params.size() == 1 ? "" : "s") +
                                    ", but the call passes " + Twine(NumArgs));
    Diags.note(F.NameLoc, "'" + F.Name + "' is declared here");
  }
  unsigned NumRets = Returns ? Returns->Elements.size() : 0;
  if (NumRets > F.Returns.size()) {
    Diags.error(Returns->Loc, "'" + F.Name + "' returns " +
                                  Twine(F.Returns.size()) + " value" +
                                  (F.Returns.size() == 1 ? "" : "s") +
                                  ", but the call expects " + Twine(NumRets));
    Diags.note(F.NameLoc, "'" + F.Name + "' is declared here");
  }
}

} // namespace

bool checkModule(Module &M, Diagnostics &Diags) {
  unsigned Before = Diags.errorCount();
  Checker C(M, Diags);
  C.run();
  return Diags.errorCount() == Before;
}

} // namespace ptx
} // namespace cumetal

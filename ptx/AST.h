//===- ptx/AST.h - The PTX abstract syntax tree -----------------*- C++ -*-===//
//
// What the parser builds from one PTX module and what a lifter walks: the
// module header (`.version`, `.target`, `.address_size`), the `.file`
// table, and the module's items in source order (variables, functions,
// aliases); each function with its linkage, parameters, performance
// directives and body; each body a tree of statements (declarations,
// labels, instructions, nested `{}` blocks, `.loc`, `.pragma`, branch and
// call target lists, call prototypes).
//
// Every node carries the SMLoc of its first character, which the
// SourceMgr that owns the text turns into file:line:col. Names are kept as
// written (`%r1`, `$L__BB0_1`); register ranges `%r<13>` stay ranges. The
// parser resolves each instruction against the InstructionTable and
// classifies its modifiers; the Checker resolves operand names and fills
// Operand::Ref.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_AST_H
#define CUMETAL_PTX_AST_H

#include "ptx/InstructionTable.h"
#include "ptx/Types.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace cumetal {
namespace ptx {

using llvm::SMLoc;

enum class Linkage : uint8_t { None, Visible, Extern, Weak, Common };
llvm::StringRef linkageName(Linkage L);

//===----------------------------------------------------------------------===//
// Initializers and operands
//===----------------------------------------------------------------------===//

/// One element of a variable initializer: a constant, an address
/// (`sym`, `generic(sym)`, `sym+8`, `mask(sym, 1)`), a brace list, or a
/// `name = value` field of a sampler/texture initializer.
struct Initializer {
  enum class Kind : uint8_t { Int, Float, Address, List, Field };
  Kind K = Kind::Int;
  SMLoc Loc;
  // Int: the value, in 64 bits, and whether it is unsigned (ISA §4.5.1).
  uint64_t IntValue = 0;
  bool IsUnsigned = false;
  // Float: IEEE bits; IsF32 for an exact `0f` literal, else a double.
  uint64_t FloatBits = 0;
  bool IsF32 = false;
  // Address: the symbol, `generic()`, the byte offset, `mask(sym, Byte)`.
  std::string Symbol;
  bool Generic = false;
  int64_t Offset = 0;
  int MaskByte = -1;
  // Field: `Name = Elements[0]`.
  std::string FieldName;
  std::vector<Initializer> Elements;
};

/// How the checker resolved a name operand.
enum class RefKind : uint8_t {
  Unresolved,
  Register,
  Variable,
  Function,
  Label,
  Prototype,
};

struct Operand {
  enum class Kind : uint8_t {
    /// A register, variable, function or label name; see Ref.
    Name,
    /// A predefined register or constant: `%tid.x`, `%laneid`, `WARP_SZ`.
    SpecialRegister,
    IntImm,
    FloatImm,
    /// `{%r1, %r2, _}`: Elements.
    Vector,
    /// `[base+offset]`, `[sym]`, `[imm]`, `a[4]` (ArrayIndex), or a bracket
    /// list `[tex, {%f1, %f2}]` (Elements).
    Address,
    /// `_`.
    Sink,
    /// `%p|%q`: Name and Name2 (setp, shfl, vote, lop3...).
    PredPair,
    /// `(a, b)` of `call`: Elements.
    List,
  };
  Kind K = Kind::Name;
  SMLoc Loc;
  /// Name, SpecialRegister (`%tid`), Address base, PredPair first.
  std::string Name;
  SMLoc NameLoc;
  std::string Name2;
  SMLoc Name2Loc;
  /// A component or selector after a register: `x` in `%tid.x`, `b0` in
  /// `%r1.b0` (video instructions); empty if none.
  std::string Selector;
  /// `!%p` (predicate negation) and `-%r` (video operand negation).
  bool Not = false;
  bool Minus = false;
  /// IntImm value, Address offset (two's complement), Name offset for
  /// `sym+4`.
  uint64_t IntValue = 0;
  bool IsUnsigned = false;
  /// FloatImm bits; IsF32 for an exact `0f` literal, else a double.
  uint64_t FloatBits = 0;
  bool IsF32 = false;
  /// Address written `sym[N]` (IntValue is the index).
  bool ArrayIndex = false;
  std::vector<Operand> Elements;
  /// Filled by the checker for Name operands and Address bases.
  RefKind Ref = RefKind::Unresolved;

  bool isName() const { return K == Kind::Name; }
  int64_t offset() const { return static_cast<int64_t>(IntValue); }
};

struct Modifier {
  /// Without the dot: `u32`, `shared::cta`.
  std::string Name;
  ModifierKind Kind = ModifierKind::Flag;
  SMLoc Loc;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

class Statement {
public:
  enum class Kind : uint8_t {
    Instruction,
    Label,
    Variable,
    Block,
    Loc,
    Pragma,
    BranchTargets,
    CallTargets,
    CallPrototype,
    Function,
    Alias,
  };
  Statement(Kind K, SMLoc Loc) : K(K), Loc(Loc) {}
  virtual ~Statement();
  Kind getKind() const { return K; }
  SMLoc getLoc() const { return Loc; }

private:
  Kind K;
  SMLoc Loc;
};

using StatementList = std::vector<std::unique_ptr<Statement>>;

/// One declared name of a VariableDecl.
struct Variable {
  std::string Name;
  SMLoc Loc;
  /// `%r<13>`: 13 registers `%r0`..`%r12` named Name + index.
  std::optional<unsigned> RangeCount;
  /// Array dimensions; nullopt for an unsized `[]`.
  std::vector<std::optional<uint64_t>> Dims;
  std::optional<Initializer> Init;
};

/// `.reg`, `.global`, `.shared`, `.local`, `.const`, `.param`, `.tex`
/// declarations, module-level or in a body, and function parameters.
class VariableDecl : public Statement {
public:
  explicit VariableDecl(SMLoc Loc) : Statement(Kind::Variable, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Variable;
  }

  Linkage Link = Linkage::None;
  StateSpace Space = StateSpace::None;
  /// The state space as written, e.g. `shared::cta`.
  std::string SpaceName;
  /// `.align N`; 0 if not given.
  uint64_t Align = 0;
  /// `.v2`/`.v4`/`.v8`; 0 for scalars.
  unsigned VectorWidth = 0;
  Type ElemType = Type::None;
  /// Kernel parameter `.ptr` attribute: `.ptr .global .align 16`.
  bool IsPtr = false;
  StateSpace PtrSpace = StateSpace::None;
  uint64_t PtrAlign = 0;
  /// `.attribute(.managed)`, `.attribute(.unified(...))`: the text inside
  /// the parentheses.
  std::vector<std::string> Attributes;
  std::vector<Variable> Vars;
};

class Instruction : public Statement {
public:
  explicit Instruction(SMLoc Loc) : Statement(Kind::Instruction, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Instruction;
  }

  /// `@%p` / `@!%p`; GuardReg empty if unguarded.
  std::string GuardReg;
  bool GuardNegated = false;
  SMLoc GuardLoc;
  /// The first word, `ld`.
  std::string Opcode;
  SMLoc OpcodeLoc;
  /// The matched table entry (never null in a parsed module).
  const InstrDesc *Desc = nullptr;
  /// Every dot-word in source order, classified (the words selecting the
  /// variant have Kind Opcode).
  std::vector<Modifier> Modifiers;
  std::vector<Operand> Operands;

  bool hasModifier(llvm::StringRef Name) const;
  /// The type modifiers in order (`cvt.f32.s32` -> f32, s32); unknown
  /// names (`b1024`) are skipped.
  std::vector<Type> types() const;
  /// The vector width from `.v2`/`.v4`/`.v8`, or 0.
  unsigned vectorWidth() const;
  /// The opcode and every modifier as written: `ld.global.v4.f32`.
  std::string spelling() const;
};

class LabelStmt : public Statement {
public:
  LabelStmt(SMLoc Loc, std::string Name)
      : Statement(Kind::Label, Loc), Name(std::move(Name)) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Label;
  }
  std::string Name;
};

class BlockStmt : public Statement {
public:
  explicit BlockStmt(SMLoc Loc) : Statement(Kind::Block, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Block;
  }
  StatementList Body;
  SMLoc EndLoc;
};

/// `.loc file line column [, function_name f [+off], inlined_at f l c]`.
class LocStmt : public Statement {
public:
  explicit LocStmt(SMLoc Loc) : Statement(Kind::Loc, Loc) {}
  static bool classof(const Statement *S) { return S->getKind() == Kind::Loc; }
  uint64_t File = 0, Line = 0, Column = 0;
  std::string FunctionName;
  int64_t FunctionNameOffset = 0;
  bool HasInlinedAt = false;
  uint64_t InlinedFile = 0, InlinedLine = 0, InlinedColumn = 0;
};

/// `.pragma "nounroll";` (one or more strings, unescaped).
class PragmaStmt : public Statement {
public:
  explicit PragmaStmt(SMLoc Loc) : Statement(Kind::Pragma, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Pragma;
  }
  std::vector<std::string> Strings;
};

/// `name: .branchtargets L1, L2;` and `name: .calltargets f, g;`.
class TargetListStmt : public Statement {
public:
  TargetListStmt(Kind K, SMLoc Loc) : Statement(K, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::BranchTargets ||
           S->getKind() == Kind::CallTargets;
  }
  std::string Name;
  std::vector<std::pair<std::string, SMLoc>> Targets;
};

/// `name: .callprototype (.param .b32 _) _ (.param .b64 _);`
class CallPrototypeStmt : public Statement {
public:
  explicit CallPrototypeStmt(SMLoc Loc) : Statement(Kind::CallPrototype, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::CallPrototype;
  }
  std::string Name;
  std::vector<std::unique_ptr<VariableDecl>> Returns;
  std::vector<std::unique_ptr<VariableDecl>> Params;
  bool NoReturn = false;
};

//===----------------------------------------------------------------------===//
// Functions and the module
//===----------------------------------------------------------------------===//

/// A performance-tuning or function directive of a function header:
/// `.maxntid 256, 1, 1`, `.reqntid`, `.minnctapersm`, `.maxnctapersm`,
/// `.maxnreg`, `.reqnctapercluster`, `.maxclusterrank`, `.explicitcluster`,
/// `.blocksareclusters`, `.abi_preserve`, `.abi_preserve_control`,
/// `.noreturn`, `.pragma "..."`.
struct FunctionDirective {
  /// Without the dot.
  std::string Name;
  SMLoc Loc;
  std::vector<uint64_t> Values;
  std::vector<std::string> Strings;
};

class Function : public Statement {
public:
  explicit Function(SMLoc Loc) : Statement(Kind::Function, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Function;
  }

  bool IsEntry = false;
  Linkage Link = Linkage::None;
  std::string Name;
  SMLoc NameLoc;
  std::vector<std::unique_ptr<VariableDecl>> Returns;
  std::vector<std::unique_ptr<VariableDecl>> Params;
  bool NoReturn = false;
  std::vector<FunctionDirective> Directives;
  std::vector<std::string> Attributes;
  /// Null for a declaration (`;` instead of a body).
  std::unique_ptr<BlockStmt> Body;

  bool isDefinition() const { return Body != nullptr; }
  const FunctionDirective *directive(llvm::StringRef Name) const;
};

/// `.alias a, b;`
class AliasStmt : public Statement {
public:
  explicit AliasStmt(SMLoc Loc) : Statement(Kind::Alias, Loc) {}
  static bool classof(const Statement *S) {
    return S->getKind() == Kind::Alias;
  }
  std::string Alias, Aliasee;
  SMLoc AliaseeLoc;
};

struct FileEntry {
  uint64_t Index = 0;
  std::string Name;
  SMLoc Loc;
  std::optional<uint64_t> Timestamp, Size;
};

/// A `.section` (DWARF) block: parsed for structure, contents skipped.
struct Section {
  std::string Name;
  SMLoc Loc;
};

struct Module {
  std::string FileName;
  unsigned VersionMajor = 0, VersionMinor = 0;
  SMLoc VersionLoc;
  /// `.target sm_90a, texmode_independent, debug`.
  std::vector<std::string> Targets;
  SMLoc TargetLoc;
  /// 0 if no `.address_size` (the default is 32 per ISA; nvcc always
  /// writes 64).
  unsigned AddressSize = 0;
  std::vector<FileEntry> Files;
  std::vector<Section> Sections;
  /// Module-level `.pragma` directives.
  std::vector<std::unique_ptr<PragmaStmt>> Pragmas;
  /// VariableDecl, Function and AliasStmt items in source order.
  StatementList Items;

  /// Writes the module back as PTX-like text (for tests and debugging).
  void print(llvm::raw_ostream &OS) const;
  void dump() const;
};

/// Prints one operand as PTX (`[%rd1+8]`, `{%r1, _}`).
void printOperand(llvm::raw_ostream &OS, const Operand &Op);
void printStatement(llvm::raw_ostream &OS, const Statement &S,
                    unsigned Indent = 1);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_AST_H

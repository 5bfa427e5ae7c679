//===- ptx/AST.cpp - The PTX abstract syntax tree -------------------------===//
//
// Helpers of the AST nodes and a printer that writes a module back as PTX
// text. The printed form is normalised (one statement per line, integers
// in decimal, floats as `0f`/`0d` bits) and parses back to the same tree,
// which the unit tests use as a round-trip check.
//
//===----------------------------------------------------------------------===//

#include "ptx/AST.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

Statement::~Statement() = default;

StringRef linkageName(Linkage L) {
  switch (L) {
  case Linkage::None:
    return "";
  case Linkage::Visible:
    return "visible";
  case Linkage::Extern:
    return "extern";
  case Linkage::Weak:
    return "weak";
  case Linkage::Common:
    return "common";
  }
  return "";
}

bool Instruction::hasModifier(StringRef Name) const {
  for (const Modifier &M : Modifiers)
    if (M.Name == Name)
      return true;
  return false;
}

std::vector<Type> Instruction::types() const {
  std::vector<Type> Types;
  for (const Modifier &M : Modifiers)
    if (M.Kind == ModifierKind::Type)
      if (auto T = parseType(M.Name))
        Types.push_back(*T);
  return Types;
}

unsigned Instruction::vectorWidth() const {
  for (const Modifier &M : Modifiers)
    if (M.Kind == ModifierKind::Vector && M.Name.size() == 2 &&
        M.Name[0] == 'v')
      return unsigned(M.Name[1] - '0');
  return 0;
}

std::string Instruction::spelling() const {
  std::string S = Opcode;
  for (const Modifier &M : Modifiers)
    S += "." + M.Name;
  return S;
}

const FunctionDirective *Function::directive(StringRef Name) const {
  for (const FunctionDirective &D : Directives)
    if (D.Name == Name)
      return &D;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// Writes \p S as the contents of a PTX string constant: `"` and `\`
/// escaped, other non-printable bytes as three-digit octal escapes (what the
/// parser's unescape reads back).
static void printEscaped(raw_ostream &OS, StringRef S) {
  for (unsigned char C : S) {
    if (C == '"' || C == '\\')
      OS << '\\' << C;
    else if (isPrint(C))
      OS << C;
    else
      OS << '\\' << char('0' + (C >> 6)) << char('0' + ((C >> 3) & 7))
         << char('0' + (C & 7));
  }
}

static void printFloat(raw_ostream &OS, uint64_t Bits, bool IsF32) {
  if (IsF32)
    OS << "0f" << format_hex_no_prefix(Bits, 8, /*Upper=*/true);
  else
    OS << "0d" << format_hex_no_prefix(Bits, 16, /*Upper=*/true);
}

static void printInt(raw_ostream &OS, uint64_t V, bool IsUnsigned) {
  if (IsUnsigned)
    OS << V << "U";
  else
    OS << static_cast<int64_t>(V);
}

static void printOffset(raw_ostream &OS, int64_t Off) {
  if (Off > 0)
    OS << "+" << Off;
  else if (Off < 0)
    OS << "+" << Off; // `[%r1+-4]`, as nvcc writes it
}

void printOperand(raw_ostream &OS, const Operand &Op) {
  if (Op.Not)
    OS << "!";
  if (Op.Minus)
    OS << "-";
  switch (Op.K) {
  case Operand::Kind::Name:
    OS << Op.Name;
    if (!Op.Selector.empty())
      OS << "." << Op.Selector;
    printOffset(OS, Op.offset());
    break;
  case Operand::Kind::SpecialRegister:
    OS << Op.Name;
    if (!Op.Selector.empty())
      OS << "." << Op.Selector;
    break;
  case Operand::Kind::IntImm:
    printInt(OS, Op.IntValue, Op.IsUnsigned);
    break;
  case Operand::Kind::FloatImm:
    printFloat(OS, Op.FloatBits, Op.IsF32);
    break;
  case Operand::Kind::Sink:
    OS << "_";
    break;
  case Operand::Kind::PredPair:
    OS << Op.Name << "|" << Op.Name2;
    break;
  case Operand::Kind::Vector:
  case Operand::Kind::List: {
    OS << (Op.K == Operand::Kind::Vector ? "{" : "(");
    ListSeparator LS;
    for (const Operand &E : Op.Elements) {
      OS << LS;
      printOperand(OS, E);
    }
    OS << (Op.K == Operand::Kind::Vector ? "}" : ")");
    break;
  }
  case Operand::Kind::Address:
    if (Op.ArrayIndex) {
      OS << Op.Name << "[" << Op.IntValue << "]";
      break;
    }
    OS << "[";
    if (!Op.Elements.empty()) {
      ListSeparator LS;
      for (const Operand &E : Op.Elements) {
        OS << LS;
        printOperand(OS, E);
      }
    } else if (Op.Name.empty()) {
      OS << Op.offset();
    } else {
      OS << Op.Name;
      printOffset(OS, Op.offset());
    }
    OS << "]";
    break;
  }
  if (!Op.Selector.empty() && Op.K != Operand::Kind::Name &&
      Op.K != Operand::Kind::SpecialRegister)
    OS << "." << Op.Selector;
}

static void printInitializer(raw_ostream &OS, const Initializer &I) {
  switch (I.K) {
  case Initializer::Kind::Int:
    printInt(OS, I.IntValue, I.IsUnsigned);
    break;
  case Initializer::Kind::Float:
    printFloat(OS, I.FloatBits, I.IsF32);
    break;
  case Initializer::Kind::Address:
    if (I.MaskByte >= 0)
      OS << "mask(";
    if (I.Generic)
      OS << "generic(" << I.Symbol << ")";
    else
      OS << I.Symbol;
    printOffset(OS, I.Offset);
    if (I.MaskByte >= 0)
      OS << ", " << I.MaskByte << ")";
    break;
  case Initializer::Kind::List: {
    OS << "{";
    ListSeparator LS;
    for (const Initializer &E : I.Elements) {
      OS << LS;
      printInitializer(OS, E);
    }
    OS << "}";
    break;
  }
  case Initializer::Kind::Field:
    OS << I.FieldName << " = ";
    if (!I.Elements.empty())
      printInitializer(OS, I.Elements.front());
    break;
  }
}

static void printDeclHead(raw_ostream &OS, const VariableDecl &D) {
  if (D.Link != Linkage::None)
    OS << "." << linkageName(D.Link) << " ";
  if (!D.SpaceName.empty())
    OS << "." << D.SpaceName << " ";
  for (const std::string &A : D.Attributes)
    OS << ".attribute(" << A << ") ";
  if (D.Align)
    OS << ".align " << D.Align << " ";
  if (D.VectorWidth)
    OS << ".v" << D.VectorWidth << " ";
  OS << "." << typeName(D.ElemType);
  if (D.IsPtr) {
    OS << " .ptr";
    if (D.PtrSpace != StateSpace::None)
      OS << " ." << stateSpaceName(D.PtrSpace);
    if (D.PtrAlign)
      OS << " .align " << D.PtrAlign;
  }
}

static void printVar(raw_ostream &OS, const Variable &V) {
  OS << V.Name;
  if (V.RangeCount)
    OS << "<" << *V.RangeCount << ">";
  for (const auto &Dim : V.Dims) {
    OS << "[";
    if (Dim)
      OS << *Dim;
    OS << "]";
  }
  if (V.Init) {
    OS << " = ";
    printInitializer(OS, *V.Init);
  }
}

static void printDecl(raw_ostream &OS, const VariableDecl &D) {
  printDeclHead(OS, D);
  ListSeparator LS;
  for (const Variable &V : D.Vars) {
    OS << LS << " ";
    printVar(OS, V);
  }
}

static void
printParamList(raw_ostream &OS,
               const std::vector<std::unique_ptr<VariableDecl>> &Params) {
  OS << "(";
  ListSeparator LS;
  for (const auto &P : Params) {
    OS << LS;
    printDecl(OS, *P);
  }
  OS << ")";
}

void printStatement(raw_ostream &OS, const Statement &S, unsigned Indent) {
  auto Pad = [&] { OS.indent(Indent * 2); };
  switch (S.getKind()) {
  case Statement::Kind::Instruction: {
    const auto &I = static_cast<const Instruction &>(S);
    Pad();
    if (!I.GuardReg.empty())
      OS << "@" << (I.GuardNegated ? "!" : "") << I.GuardReg << " ";
    OS << I.spelling();
    bool First = true;
    for (const Operand &Op : I.Operands) {
      OS << (First ? " " : ", ");
      First = false;
      printOperand(OS, Op);
    }
    OS << ";\n";
    break;
  }
  case Statement::Kind::Label:
    OS << static_cast<const LabelStmt &>(S).Name << ":\n";
    break;
  case Statement::Kind::Variable:
    Pad();
    printDecl(OS, static_cast<const VariableDecl &>(S));
    OS << ";\n";
    break;
  case Statement::Kind::Block: {
    Pad();
    OS << "{\n";
    for (const auto &Child : static_cast<const BlockStmt &>(S).Body)
      printStatement(OS, *Child, Indent + 1);
    Pad();
    OS << "}\n";
    break;
  }
  case Statement::Kind::Loc: {
    const auto &L = static_cast<const LocStmt &>(S);
    Pad();
    OS << ".loc " << L.File << " " << L.Line << " " << L.Column;
    if (!L.FunctionName.empty()) {
      OS << ", function_name " << L.FunctionName;
      printOffset(OS, L.FunctionNameOffset);
    }
    if (L.HasInlinedAt)
      OS << ", inlined_at " << L.InlinedFile << " " << L.InlinedLine << " "
         << L.InlinedColumn;
    OS << "\n";
    break;
  }
  case Statement::Kind::Pragma: {
    Pad();
    OS << ".pragma ";
    ListSeparator LS;
    for (const std::string &Str : static_cast<const PragmaStmt &>(S).Strings) {
      OS << LS << "\"";
      printEscaped(OS, Str);
      OS << "\"";
    }
    OS << ";\n";
    break;
  }
  case Statement::Kind::BranchTargets:
  case Statement::Kind::CallTargets: {
    const auto &T = static_cast<const TargetListStmt &>(S);
    OS << T.Name << ":\n";
    Pad();
    OS << (S.getKind() == Statement::Kind::BranchTargets ? ".branchtargets "
                                                         : ".calltargets ");
    ListSeparator LS;
    for (const auto &Target : T.Targets)
      OS << LS << Target.first;
    OS << ";\n";
    break;
  }
  case Statement::Kind::CallPrototype: {
    const auto &P = static_cast<const CallPrototypeStmt &>(S);
    OS << P.Name << ":\n";
    Pad();
    OS << ".callprototype ";
    if (!P.Returns.empty()) {
      printParamList(OS, P.Returns);
      OS << " ";
    }
    OS << "_ ";
    printParamList(OS, P.Params);
    if (P.NoReturn)
      OS << " .noreturn";
    OS << ";\n";
    break;
  }
  case Statement::Kind::Function: {
    const auto &F = static_cast<const Function &>(S);
    if (F.Link != Linkage::None)
      OS << "." << linkageName(F.Link) << " ";
    OS << (F.IsEntry ? ".entry " : ".func ");
    for (const std::string &A : F.Attributes)
      OS << ".attribute(" << A << ") ";
    if (!F.Returns.empty()) {
      printParamList(OS, F.Returns);
      OS << " ";
    }
    OS << F.Name;
    if (!F.Params.empty() || F.IsEntry || F.Returns.empty())
      printParamList(OS, F.Params);
    if (F.NoReturn)
      OS << " .noreturn";
    OS << "\n";
    for (const FunctionDirective &D : F.Directives) {
      OS << "." << D.Name;
      ListSeparator LS;
      for (uint64_t V : D.Values)
        OS << LS << " " << V;
      for (const std::string &Str : D.Strings) {
        OS << " \"";
        printEscaped(OS, Str);
        OS << "\";";
      }
      OS << "\n";
    }
    if (!F.Body) {
      OS << ";\n";
      break;
    }
    OS << "{\n";
    for (const auto &Child : F.Body->Body)
      printStatement(OS, *Child, 1);
    OS << "}\n";
    break;
  }
  case Statement::Kind::Alias: {
    const auto &A = static_cast<const AliasStmt &>(S);
    OS << ".alias " << A.Alias << ", " << A.Aliasee << ";\n";
    break;
  }
  }
}

void Module::print(raw_ostream &OS) const {
  if (VersionMajor)
    OS << ".version " << VersionMajor << "." << VersionMinor << "\n";
  if (!Targets.empty()) {
    OS << ".target ";
    ListSeparator LS;
    for (const std::string &T : Targets)
      OS << LS << T;
    OS << "\n";
  }
  if (AddressSize)
    OS << ".address_size " << AddressSize << "\n";
  for (const auto &P : Pragmas)
    printStatement(OS, *P, 0);
  for (const auto &Item : Items) {
    OS << "\n";
    if (isa<VariableDecl>(Item.get())) {
      printDecl(OS, *cast<VariableDecl>(Item.get()));
      OS << ";\n";
    } else {
      printStatement(OS, *Item, 0);
    }
  }
  for (const FileEntry &F : Files) {
    OS << ".file " << F.Index << " \"";
    printEscaped(OS, F.Name);
    OS << "\"";
    if (F.Timestamp)
      OS << ", " << *F.Timestamp << ", " << F.Size.value_or(0);
    OS << "\n";
  }
}

void Module::dump() const { print(errs()); }

} // namespace ptx
} // namespace cumetal

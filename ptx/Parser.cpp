//===- ptx/Parser.cpp - PTX parser ----------------------------------------===//
//
// Recursive descent over a token stream with unbounded lookahead (a deque
// filled from the Lexer on demand). Each grammar function either consumes
// what it recognises or reports an error at the offending token; the
// statement loops resynchronise at the next `;` or `}` of the same nesting
// level and always make progress, and every recursion (blocks, constant
// expressions, initializer lists) is bounded by MaxDepth. Constant
// expressions are evaluated here with PTX's 64-bit rules (ISA §4.5.4-4.5.6).
//
//===----------------------------------------------------------------------===//

#include "ptx/Parser.h"

#include "ptx/Checker.h"
#include "ptx/Diagnostics.h"
#include "ptx/InstructionTable.h"
#include "ptx/Lexer.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstring>
#include <deque>

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

/// Deepest nesting of blocks, expressions and initializer lists accepted.
constexpr unsigned MaxDepth = 200;
/// The newest PTX ISA this frontend knows.
constexpr unsigned MaxVersionMajor = 9, MaxVersionMinor = 0;

/// A constant expression's value (ISA §4.5: 64-bit integers, signed or
/// unsigned, and double-precision floats; a `0f` literal keeps its exact
/// 32 bits and may not take part in an expression).
struct Value {
  enum class Kind { Int, Double, F32Bits } K = Kind::Int;
  uint64_t Int = 0;
  bool Unsigned = false;
  double D = 0;
  uint64_t Bits = 0;
  SMLoc Loc;

  static Value ofInt(uint64_t V, bool U, SMLoc Loc) {
    Value R;
    R.Int = V;
    R.Unsigned = U;
    R.Loc = Loc;
    return R;
  }
  static Value ofDouble(double D, SMLoc Loc) {
    Value R;
    R.K = Kind::Double;
    R.D = D;
    R.Loc = Loc;
    return R;
  }
};

uint64_t doubleBits(double D) {
  uint64_t B;
  std::memcpy(&B, &D, sizeof(B));
  return B;
}

/// Stores a constant's value in an Initializer or an Operand (the same
/// fields): an integer, or float bits (\c IsF32 for an exact `0f`).
template <typename NodeT>
void setConstant(NodeT &Out, const Value &V, typename NodeT::Kind IntKind,
                 typename NodeT::Kind FloatKind) {
  switch (V.K) {
  case Value::Kind::Int:
    Out.K = IntKind;
    Out.IntValue = V.Int;
    Out.IsUnsigned = V.Unsigned;
    break;
  case Value::Kind::Double:
    Out.K = FloatKind;
    Out.FloatBits = doubleBits(V.D);
    break;
  case Value::Kind::F32Bits:
    Out.K = FloatKind;
    Out.FloatBits = V.Bits;
    Out.IsF32 = true;
    break;
  }
}

double bitsDouble(uint64_t B) {
  double D;
  std::memcpy(&D, &B, sizeof(D));
  return D;
}

/// `.target` entries (ISA §11.1.3): `sm_NN` and `compute_NN` with an
/// optional `a`/`f` suffix, and the options.
bool isKnownTarget(StringRef T) {
  if (T == "texmode_unified" || T == "texmode_independent" || T == "debug" ||
      T == "map_f64_to_f32")
    return true;
  StringRef Digits;
  if (T.startswith("sm_"))
    Digits = T.drop_front(3);
  else if (T.startswith("compute_"))
    Digits = T.drop_front(8);
  else
    return false;
  if (Digits.endswith("a") || Digits.endswith("f"))
    Digits = Digits.drop_back();
  unsigned N;
  return !Digits.empty() && Digits.size() <= 4 && isDigit(Digits[0]) &&
         !Digits.getAsInteger(10, N);
}

/// `.attribute(...)` contents (ISA §5.4.8): `.managed`, `.unified(a, b)`.
bool isKnownAttribute(StringRef A) {
  return A == ".managed" || (A.startswith(".unified(") && A.endswith(")"));
}

bool isLinkageWord(StringRef W) {
  return W == "visible" || W == "extern" || W == "weak" || W == "common";
}

/// The contents of a string constant: C escapes `\n \t \r \" \\`, octal
/// `\ooo` and hex `\xHH`; any other escaped character stands for itself.
std::string unescape(StringRef Quoted) {
  StringRef S = Quoted;
  if (S.size() >= 2 && S.front() == '"' && S.back() == '"')
    S = S.drop_front().drop_back();
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C != '\\' || I + 1 == S.size()) {
      Out += C;
      continue;
    }
    char E = S[++I];
    if (E >= '0' && E <= '7') {
      unsigned V = 0;
      for (unsigned N = 0; N < 3 && I < S.size() && S[I] >= '0' && S[I] <= '7';
           ++N, ++I)
        V = V * 8 + unsigned(S[I] - '0');
      --I;
      Out += char(V & 0xFF);
      continue;
    }
    if (E == 'x' && I + 1 < S.size() && isHexDigit(S[I + 1])) {
      unsigned V = 0;
      while (I + 1 < S.size() && isHexDigit(S[I + 1]))
        V = (V * 16 + hexDigitValue(S[++I])) & 0xFF;
      Out += char(V);
      continue;
    }
    switch (E) {
    case 'n':
      Out += '\n';
      break;
    case 't':
      Out += '\t';
      break;
    case 'r':
      Out += '\r';
      break;
    default:
      Out += E;
      break;
    }
  }
  return Out;
}

class Parser {
public:
  Parser(unsigned BufferID, Diagnostics &Diags)
      : Diags(Diags),
        Lex(Diags.sourceMgr().getMemoryBuffer(BufferID)->getBuffer(), Diags),
        BufferID(BufferID) {}

  std::unique_ptr<Module> run();

private:
  //===--- Token stream ---------------------------------------------------===//

  // Tokens are returned by value: a reference into the lookahead queue would
  // dangle once the token is consumed.
  Token peek(unsigned N = 0) {
    while (LA.size() <= N)
      LA.push_back(Lex.lex());
    return LA[N];
  }
  Token tok() { return peek(0); }
  Token consume() {
    Token T = peek(0);
    if (T.isNot(TokenKind::Eof))
      LA.pop_front();
    ++Consumed;
    return T;
  }
  bool consumeIf(TokenKind K) {
    if (tok().isNot(K))
      return false;
    consume();
    return true;
  }
  bool isDot(StringRef Word, unsigned N = 0) {
    const Token &T = peek(N);
    return T.is(TokenKind::DotWord) && T.word() == Word;
  }
  bool isIdent(StringRef Name, unsigned N = 0) {
    const Token &T = peek(N);
    return T.is(TokenKind::Identifier) && T.Text == Name;
  }
  bool stop() { return Diags.tooManyErrors(); }

  static std::string describe(const Token &T) {
    if (T.is(TokenKind::Eof))
      return "end of file";
    if (T.Text.size() > 40)
      return "'" + T.Text.take_front(40).str() + "...'";
    return "'" + T.Text.str() + "'";
  }
  /// Reports \p Msg at \p T unless T is a lexical error (already reported).
  void errorAt(const Token &T, const Twine &Msg) {
    if (T.isNot(TokenKind::Error))
      Diags.error(T.getLoc(), Msg);
  }
  /// "expected X, found Y" at the current token.
  void expected(const Twine &What) {
    errorAt(tok(), "expected " + What + ", found " + describe(tok()));
  }
  bool expect(TokenKind K, const Twine &What) {
    if (consumeIf(K))
      return true;
    expected(What);
    return false;
  }

  /// Skips to the end of the current statement: past the next `;` at this
  /// nesting level, or up to (not past) a `}` closing the enclosing block.
  /// \p Depth is the number of `{` of the statement already consumed (an
  /// error inside a vector operand); a statement that is itself a `{...}`
  /// group ends with its closing brace.
  void skipStatement(unsigned Depth = 0) {
    bool StartedInside = Depth > 0;
    while (tok().isNot(TokenKind::Eof)) {
      TokenKind K = tok().Kind;
      if (K == TokenKind::LBrace) {
        ++Depth;
      } else if (K == TokenKind::RBrace) {
        if (Depth == 0)
          return;
        --Depth;
        if (Depth == 0 && !StartedInside) {
          consume();
          return;
        }
      } else if (K == TokenKind::Semicolon && Depth == 0) {
        consume();
        return;
      }
      consume();
    }
  }
  /// At module level: skips to the next `;` (consumed), past a balanced
  /// `{...}` group, or to the next top-level directive.
  void skipTopLevel();

  //===--- Module level ---------------------------------------------------===//

  void parseTopLevel();
  void parseVersion();
  void parseTarget();
  void parseAddressSize();
  void parseFile();
  void parseSection();
  void parseAlias();
  std::unique_ptr<PragmaStmt> parsePragma();
  std::unique_ptr<Function> parseFunction();
  bool parseParamList(std::vector<std::unique_ptr<VariableDecl>> &Out,
                      StringRef What);
  bool parseFunctionDirectives(Function &F);
  bool parseAttribute(std::vector<std::string> &Out);

  //===--- Declarations ---------------------------------------------------===//

  enum class DeclContext { Module, Body, Param };
  std::unique_ptr<VariableDecl> parseVariableDecl(DeclContext Ctx);
  bool parseDeclarator(VariableDecl &D, DeclContext Ctx);
  bool parseInitializer(Initializer &Out, unsigned Depth);

  //===--- Bodies ---------------------------------------------------------===//

  std::unique_ptr<BlockStmt> parseBlock(unsigned Depth);
  void parseStatement(StatementList &Out, unsigned Depth);
  std::unique_ptr<Statement> parseLabelled();
  std::unique_ptr<LocStmt> parseLoc();
  std::unique_ptr<Instruction> parseInstruction();
  bool parseOperand(Operand &Out, bool InCall, bool InVector);
  /// The comma-separated elements of a vector `{...}` or a call argument
  /// list `(...)` after \p Open, up to the closing token.
  bool parseOperandElements(Operand &Out, const Token &Open, TokenKind Close,
                            bool InVector, const char *Expected,
                            const char *Match);
  bool parseNameOperand(Operand &Out);
  bool parseAddress(Operand &Out);
  bool parseOffset(uint64_t &Out);

  //===--- Constant expressions -------------------------------------------===//

  std::optional<Value> parseExpr(unsigned Depth);
  std::optional<Value> parseBinary(unsigned MinPrec, unsigned Depth);
  std::optional<Value> parseUnary(unsigned Depth);
  std::optional<Value> parsePrimary(unsigned Depth);
  std::optional<Value> binary(TokenKind Op, const Value &A, const Value &B,
                              SMLoc OpLoc);
  /// A non-negative integer constant expression (alignments, counts...).
  std::optional<uint64_t> parseCount(const Twine &What);
  /// Whether the current token can start a constant expression.
  bool startsExpr(unsigned N = 0);

  Diagnostics &Diags;
  Lexer Lex;
  unsigned BufferID;
  std::deque<Token> LA;
  uint64_t Consumed = 0;
  /// `{` of vector operands consumed and not yet closed in the current
  /// instruction, for error recovery.
  unsigned OpenBraces = 0;
  std::unique_ptr<Module> M;
  bool SawVersion = false, SawTarget = false;
  bool ReportedHeader = false;
  const InstructionTable &Table = InstructionTable::get();
};

//===----------------------------------------------------------------------===//
// Module level
//===----------------------------------------------------------------------===//

std::unique_ptr<Module> Parser::run() {
  M = std::make_unique<Module>();
  M->FileName =
      Diags.sourceMgr().getMemoryBuffer(BufferID)->getBufferIdentifier().str();
  while (tok().isNot(TokenKind::Eof) && !stop()) {
    uint64_t Before = Consumed;
    parseTopLevel();
    if (Consumed == Before)
      consume(); // defensive: never loop without progress
  }
  if (!SawVersion && !ReportedHeader && !stop())
    Diags.error(tok().getLoc(), "missing .version directive");
  return std::move(M);
}

void Parser::skipTopLevel() {
  unsigned Depth = 0;
  bool First = true;
  while (tok().isNot(TokenKind::Eof)) {
    const Token &T = tok();
    if (T.is(TokenKind::LBrace)) {
      ++Depth;
    } else if (T.is(TokenKind::RBrace)) {
      if (Depth > 0 && --Depth == 0) {
        consume();
        return;
      }
    } else if (Depth == 0 && T.is(TokenKind::Semicolon)) {
      consume();
      return;
    } else if (Depth == 0 && !First && T.is(TokenKind::DotWord) &&
               !T.SpaceBefore) {
      // A modifier, not a new directive.
    } else if (Depth == 0 && !First && T.is(TokenKind::DotWord)) {
      StringRef W = T.word();
      if (isLinkageWord(W) || W == "entry" || W == "func" || W == "version" ||
          W == "target" || W == "address_size" || W == "file" ||
          W == "section" || W == "global" || W == "const" || W == "shared" ||
          W == "alias" || W == "pragma")
        return;
    }
    First = false;
    consume();
  }
}

void Parser::parseTopLevel() {
  const Token &T = tok();
  if (T.isNot(TokenKind::DotWord)) {
    if (T.is(TokenKind::Error)) {
      consume();
      return;
    }
    expected("a directive");
    skipTopLevel();
    return;
  }
  StringRef W = T.word();
  if (W == "version") {
    if (SawVersion)
      errorAt(T, "duplicate .version directive");
    parseVersion();
    return;
  }
  if (!SawVersion && !ReportedHeader) {
    ReportedHeader = true;
    errorAt(T, "a PTX module must begin with a .version directive");
  }
  if (W == "target") {
    if (SawTarget)
      errorAt(T, "duplicate .target directive");
    parseTarget();
    return;
  }
  if (!SawTarget && SawVersion && !ReportedHeader) {
    ReportedHeader = true;
    errorAt(T, "expected a .target directive after .version");
  }
  if (W == "address_size")
    return parseAddressSize();
  if (W == "file")
    return parseFile();
  if (W == "section")
    return parseSection();
  if (W == "alias")
    return parseAlias();
  if (W == "pragma") {
    if (auto P = parsePragma())
      M->Pragmas.push_back(std::move(P));
    return;
  }
  // Linkage words, then .entry/.func or a variable declaration.
  unsigned N = 0;
  while (peek(N).is(TokenKind::DotWord) && isLinkageWord(peek(N).word()))
    ++N;
  if (isDot("entry", N) || isDot("func", N)) {
    if (auto F = parseFunction())
      M->Items.push_back(std::move(F));
    return;
  }
  StringRef First = peek(N).is(TokenKind::DotWord) ? peek(N).word() : "";
  if (parseStateSpace(First)) {
    if (auto D = parseVariableDecl(DeclContext::Module)) {
      if (expect(TokenKind::Semicolon, "';' after the declaration"))
        M->Items.push_back(std::move(D));
      else
        skipTopLevel();
    } else {
      skipTopLevel();
    }
    return;
  }
  if (W == "loc" || W == "reg" || W == "branchtargets" || W == "calltargets" ||
      W == "callprototype")
    errorAt(T, "'." + W + "' is only allowed inside a function");
  else if (N == 0)
    errorAt(T, "unknown directive '." + W + "'");
  else
    errorAt(peek(N), "expected '.entry', '.func' or a variable declaration "
                     "after the linkage directive");
  consume();
  skipTopLevel();
}

void Parser::parseVersion() {
  consume(); // .version
  SawVersion = true;
  M->VersionLoc = tok().getLoc();
  const Token &T = tok();
  StringRef Text = T.Text;
  unsigned Major = 0, Minor = 0;
  bool OK = false;
  if (T.is(TokenKind::Float) || T.is(TokenKind::Integer)) {
    auto [A, B] = Text.split('.');
    OK = !A.getAsInteger(10, Major) && !B.getAsInteger(10, Minor) &&
         Major >= 1 && Major < 100 && Minor < 100 &&
         (B.empty() || B.size() <= 2);
    if (T.is(TokenKind::Integer) || B.empty())
      OK = false; // the ISA requires major.minor
  }
  if (!OK) {
    expected("a version number 'major.minor'");
    skipTopLevel();
    return;
  }
  consume();
  M->VersionMajor = Major;
  M->VersionMinor = Minor;
  if (Major > MaxVersionMajor ||
      (Major == MaxVersionMajor && Minor > MaxVersionMinor))
    Diags.warning(M->VersionLoc, "PTX ISA " + Twine(Major) + "." +
                                     Twine(Minor) + " is newer than " +
                                     Twine(MaxVersionMajor) + "." +
                                     Twine(MaxVersionMinor) +
                                     ", the newest this frontend knows");
}

void Parser::parseTarget() {
  consume(); // .target
  SawTarget = true;
  M->TargetLoc = tok().getLoc();
  do {
    if (tok().isNot(TokenKind::Identifier)) {
      expected("a target name (e.g. 'sm_80')");
      skipTopLevel();
      return;
    }
    Token T = consume();
    if (!isKnownTarget(T.Text))
      errorAt(T, "unknown target '" + T.Text + "'");
    M->Targets.push_back(T.Text.str());
  } while (consumeIf(TokenKind::Comma));
}

void Parser::parseAddressSize() {
  Token D = consume();
  const Token &T = tok();
  if (T.isNot(TokenKind::Integer) || (T.IntValue != 32 && T.IntValue != 64)) {
    errorAt(T, "expected 32 or 64 after .address_size, found " + describe(T));
    if (T.is(TokenKind::Integer))
      consume();
    return;
  }
  if (M->AddressSize)
    errorAt(D, "duplicate .address_size directive");
  M->AddressSize = unsigned(consume().IntValue);
}

void Parser::parseFile() {
  Token D = consume();
  FileEntry F;
  F.Loc = D.getLoc();
  if (tok().isNot(TokenKind::Integer)) {
    expected("a file index after .file");
    skipTopLevel();
    return;
  }
  F.Index = consume().IntValue;
  if (tok().isNot(TokenKind::String)) {
    expected("a file name string after the .file index");
    skipTopLevel();
    return;
  }
  F.Name = unescape(consume().Text);
  if (consumeIf(TokenKind::Comma)) {
    if (tok().isNot(TokenKind::Integer)) {
      expected("a timestamp");
      skipTopLevel();
      return;
    }
    F.Timestamp = consume().IntValue;
    if (!expect(TokenKind::Comma, "',' after the timestamp") ||
        tok().isNot(TokenKind::Integer)) {
      if (tok().isNot(TokenKind::Integer))
        expected("a file size");
      skipTopLevel();
      return;
    }
    F.Size = consume().IntValue;
  }
  M->Files.push_back(std::move(F));
}

void Parser::parseSection() {
  Token D = consume();
  Section S;
  S.Loc = D.getLoc();
  if (tok().isNot(TokenKind::DotWord) && tok().isNot(TokenKind::Identifier)) {
    expected("a section name");
    skipTopLevel();
    return;
  }
  S.Name = consume().Text.str();
  if (tok().isNot(TokenKind::LBrace)) {
    expected("'{' after the section name");
    skipTopLevel();
    return;
  }
  Token Open = consume();
  // The contents (DWARF as .b8/.b32/.b64 data, labels, label differences)
  // are skipped; only the braces must balance.
  unsigned Depth = 1;
  while (Depth > 0) {
    const Token &T = tok();
    if (T.is(TokenKind::Eof)) {
      Diags.error(Open.getLoc(), "unterminated .section: missing '}'");
      return;
    }
    if (T.is(TokenKind::LBrace))
      ++Depth;
    else if (T.is(TokenKind::RBrace))
      --Depth;
    consume();
  }
  M->Sections.push_back(std::move(S));
}

void Parser::parseAlias() {
  Token D = consume();
  auto A = std::make_unique<AliasStmt>(D.getLoc());
  if (tok().isNot(TokenKind::Identifier)) {
    expected("an alias name");
    skipTopLevel();
    return;
  }
  A->Alias = consume().Text.str();
  if (!expect(TokenKind::Comma, "','") || tok().isNot(TokenKind::Identifier)) {
    if (tok().isNot(TokenKind::Identifier))
      expected("the aliased function's name");
    skipTopLevel();
    return;
  }
  A->AliaseeLoc = tok().getLoc();
  A->Aliasee = consume().Text.str();
  if (!expect(TokenKind::Semicolon, "';' after .alias")) {
    skipTopLevel();
    return;
  }
  M->Items.push_back(std::move(A));
}

std::unique_ptr<PragmaStmt> Parser::parsePragma() {
  Token D = consume();
  auto P = std::make_unique<PragmaStmt>(D.getLoc());
  do {
    if (tok().isNot(TokenKind::String)) {
      expected("a string after .pragma");
      skipStatement();
      return nullptr;
    }
    P->Strings.push_back(unescape(consume().Text));
  } while (consumeIf(TokenKind::Comma));
  if (!expect(TokenKind::Semicolon, "';' after .pragma")) {
    skipStatement();
    return nullptr;
  }
  return P;
}

bool Parser::parseAttribute(std::vector<std::string> &Out) {
  consume(); // .attribute
  if (tok().isNot(TokenKind::LParen)) {
    expected("'(' after .attribute");
    return false;
  }
  Token Open = consume();
  const char *Begin = tok().Text.data();
  unsigned Depth = 1;
  while (true) {
    const Token &T = tok();
    if (T.is(TokenKind::Eof) || T.is(TokenKind::Semicolon) ||
        T.is(TokenKind::LBrace)) {
      Diags.error(Open.getLoc(), "unterminated .attribute: missing ')'");
      return false;
    }
    if (T.is(TokenKind::LParen))
      ++Depth;
    if (T.is(TokenKind::RParen) && --Depth == 0)
      break;
    consume();
  }
  const char *End = tok().Text.data();
  StringRef Text = StringRef(Begin, End - Begin).trim();
  consume(); // ')'
  if (!isKnownAttribute(Text)) {
    Diags.error(SMLoc::getFromPointer(Begin), "unknown attribute '" + Text +
                                                  "' (expected .managed or "
                                                  ".unified(...))");
    return false;
  }
  Out.push_back(Text.str());
  return true;
}

std::unique_ptr<Function> Parser::parseFunction() {
  auto F = std::make_unique<Function>(tok().getLoc());
  while (tok().is(TokenKind::DotWord) && isLinkageWord(tok().word())) {
    Token L = consume();
    if (F->Link != Linkage::None)
      errorAt(L, "more than one linkage directive");
    F->Link = StringSwitch<Linkage>(L.word())
                  .Case("visible", Linkage::Visible)
                  .Case("extern", Linkage::Extern)
                  .Case("weak", Linkage::Weak)
                  .Default(Linkage::Common);
  }
  Token Kw = consume();
  F->IsEntry = Kw.word() == "entry";
  if (F->Link == Linkage::Common)
    errorAt(Kw, "'.common' applies to variables only, not to functions");
  while (isDot("attribute"))
    if (!parseAttribute(F->Attributes)) {
      skipTopLevel();
      return nullptr;
    }
  if (tok().is(TokenKind::LParen)) {
    if (F->IsEntry) {
      errorAt(tok(), "a kernel (.entry) cannot return values");
      skipTopLevel();
      return nullptr;
    }
    if (!parseParamList(F->Returns, "return parameter")) {
      skipTopLevel();
      return nullptr;
    }
  }
  if (tok().isNot(TokenKind::Identifier)) {
    expected(F->IsEntry ? "a kernel name" : "a function name");
    skipTopLevel();
    return nullptr;
  }
  F->NameLoc = tok().getLoc();
  F->Name = consume().Text.str();
  if (tok().is(TokenKind::LParen) && !parseParamList(F->Params, "parameter")) {
    skipTopLevel();
    return nullptr;
  }
  if (!parseFunctionDirectives(*F)) {
    skipTopLevel();
    return nullptr;
  }
  if (consumeIf(TokenKind::Semicolon))
    return F;
  if (tok().isNot(TokenKind::LBrace)) {
    expected("'{' or ';' after the function header");
    skipTopLevel();
    return nullptr;
  }
  F->Body = parseBlock(1);
  return F;
}

bool Parser::parseParamList(std::vector<std::unique_ptr<VariableDecl>> &Out,
                            StringRef What) {
  Token Open = consume(); // '('
  if (consumeIf(TokenKind::RParen))
    return true;
  while (true) {
    if (stop())
      return false;
    auto D = parseVariableDecl(DeclContext::Param);
    if (!D)
      return false;
    Out.push_back(std::move(D));
    if (consumeIf(TokenKind::RParen))
      return true;
    if (!consumeIf(TokenKind::Comma)) {
      expected("',' or ')' in the " + What + " list");
      Diags.note(Open.getLoc(), "to match this '('");
      return false;
    }
  }
}

bool Parser::parseFunctionDirectives(Function &F) {
  while (tok().is(TokenKind::DotWord)) {
    StringRef W = tok().word();
    FunctionDirective D;
    D.Name = W.str();
    D.Loc = tok().getLoc();
    if (W == "noreturn") {
      if (F.IsEntry)
        errorAt(tok(), "'.noreturn' is not allowed on a kernel (.entry)");
      consume();
      F.NoReturn = true;
      continue;
    }
    if (W == "pragma") {
      auto P = parsePragma();
      if (!P)
        return false;
      D.Strings = std::move(P->Strings);
      F.Directives.push_back(std::move(D));
      continue;
    }
    if (W == "attribute") {
      if (!parseAttribute(F.Attributes))
        return false;
      continue;
    }
    unsigned MinValues = 0, MaxValues = 0;
    if (W == "maxntid" || W == "reqntid" || W == "reqnctapercluster") {
      MinValues = 1;
      MaxValues = 3;
    } else if (W == "minnctapersm" || W == "maxnctapersm" || W == "maxnreg" ||
               W == "maxclusterrank" || W == "abi_preserve" ||
               W == "abi_preserve_control") {
      MinValues = MaxValues = 1;
    } else if (W == "explicitcluster" || W == "blocksareclusters") {
      MinValues = MaxValues = 0;
    } else {
      break; // not a function directive: the caller reports it
    }
    consume();
    for (unsigned I = 0; I < MaxValues; ++I) {
      if (I > 0 && !consumeIf(TokenKind::Comma))
        break;
      auto V = parseCount("a value for ." + W);
      if (!V)
        return false;
      D.Values.push_back(*V);
    }
    if (D.Values.size() < MinValues)
      return false;
    F.Directives.push_back(std::move(D));
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

std::unique_ptr<VariableDecl> Parser::parseVariableDecl(DeclContext Ctx) {
  auto D = std::make_unique<VariableDecl>(tok().getLoc());
  bool SawType = false;
  while (tok().is(TokenKind::DotWord)) {
    const Token &T = tok();
    StringRef W = T.word();
    if (isLinkageWord(W)) {
      if (D->Link != Linkage::None)
        errorAt(T, "more than one linkage directive");
      if (Ctx == DeclContext::Param)
        errorAt(T, "parameters cannot have a linkage directive");
      D->Link = StringSwitch<Linkage>(W)
                    .Case("visible", Linkage::Visible)
                    .Case("extern", Linkage::Extern)
                    .Case("weak", Linkage::Weak)
                    .Default(Linkage::Common);
      consume();
    } else if (auto S = parseStateSpace(W)) {
      if (D->IsPtr) {
        D->PtrSpace = *S;
      } else if (D->Space != StateSpace::None) {
        errorAt(T, "more than one state space in a declaration");
        return nullptr;
      } else {
        D->Space = *S;
        D->SpaceName = W.str();
      }
      consume();
    } else if (W == "align") {
      Token A = consume();
      auto V = parseCount("an alignment after .align");
      if (!V)
        return nullptr;
      if (*V == 0 || (*V & (*V - 1)) != 0) {
        Diags.error(A.getLoc(),
                    "alignment " + Twine(*V) + " is not a power of two");
        return nullptr;
      }
      (D->IsPtr ? D->PtrAlign : D->Align) = *V;
    } else if (W == "v2" || W == "v4" || W == "v8") {
      if (D->VectorWidth)
        errorAt(T, "more than one vector width in a declaration");
      D->VectorWidth = unsigned(W[1] - '0');
      consume();
    } else if (W == "ptr") {
      if (Ctx != DeclContext::Param)
        errorAt(T, "'.ptr' applies to kernel parameters only");
      D->IsPtr = true;
      consume();
    } else if (W == "attribute") {
      if (!parseAttribute(D->Attributes))
        return nullptr;
    } else if (auto Ty = parseType(W); Ty && isDeclarableType(*Ty)) {
      if (SawType) {
        errorAt(T, "more than one type in a declaration");
        return nullptr;
      }
      SawType = true;
      D->ElemType = *Ty;
      consume();
    } else {
      errorAt(T, "unexpected '." + W + "' in a declaration");
      return nullptr;
    }
  }
  if (D->Space == StateSpace::None) {
    expected("a state space (.reg, .param, .global...)");
    return nullptr;
  }
  if (!SawType) {
    expected("a type (.b32, .u64, .f32, .pred...)");
    return nullptr;
  }
  do {
    if (!parseDeclarator(*D, Ctx))
      return nullptr;
  } while (Ctx != DeclContext::Param && consumeIf(TokenKind::Comma));
  return D;
}

bool Parser::parseDeclarator(VariableDecl &D, DeclContext Ctx) {
  if (tok().isNot(TokenKind::Identifier)) {
    expected("a variable name");
    return false;
  }
  Variable V;
  V.Loc = tok().getLoc();
  V.Name = consume().Text.str();
  if (tok().is(TokenKind::Less)) {
    Token Open = consume();
    if (tok().isNot(TokenKind::Integer)) {
      expected("a register count in '<...>'");
      return false;
    }
    Token N = consume();
    if (N.IntValue == 0 || N.IntValue > (1u << 24)) {
      errorAt(N, "register count must be between 1 and 16777216");
      return false;
    }
    V.RangeCount = unsigned(N.IntValue);
    if (!expect(TokenKind::Greater, "'>' after the register count")) {
      Diags.note(Open.getLoc(), "to match this '<'");
      return false;
    }
  }
  while (tok().is(TokenKind::LBracket)) {
    Token Open = consume();
    if (consumeIf(TokenKind::RBracket)) {
      V.Dims.push_back(std::nullopt);
      continue;
    }
    auto N = parseCount("an array size");
    if (!N)
      return false;
    V.Dims.push_back(*N);
    if (!expect(TokenKind::RBracket, "']' after the array size")) {
      Diags.note(Open.getLoc(), "to match this '['");
      return false;
    }
  }
  if (tok().is(TokenKind::Equal)) {
    Token Eq = consume();
    if (Ctx == DeclContext::Param) {
      errorAt(Eq, "parameters cannot have an initializer");
      return false;
    }
    Initializer I;
    if (!parseInitializer(I, 0))
      return false;
    V.Init = std::move(I);
  }
  D.Vars.push_back(std::move(V));
  return true;
}

bool Parser::parseInitializer(Initializer &Out, unsigned Depth) {
  Out.Loc = tok().getLoc();
  if (Depth > MaxDepth) {
    errorAt(tok(), "initializer nested too deeply");
    return false;
  }
  if (tok().is(TokenKind::LBrace)) {
    Token Open = consume();
    Out.K = Initializer::Kind::List;
    if (tok().is(TokenKind::RBrace)) {
      errorAt(tok(), "empty initializer list");
      return false;
    }
    do {
      if (stop())
        return false;
      Initializer E;
      if (!parseInitializer(E, Depth + 1))
        return false;
      Out.Elements.push_back(std::move(E));
    } while (consumeIf(TokenKind::Comma));
    if (!expect(TokenKind::RBrace, "',' or '}' in the initializer list")) {
      Diags.note(Open.getLoc(), "to match this '{'");
      return false;
    }
    return true;
  }
  if (tok().is(TokenKind::Identifier) && peek(1).is(TokenKind::Equal)) {
    Out.K = Initializer::Kind::Field;
    Out.FieldName = consume().Text.str();
    consume(); // '='
    Initializer V;
    if (tok().is(TokenKind::Identifier)) {
      // Sampler fields take names: `filter_mode = linear`.
      V.K = Initializer::Kind::Address;
      V.Loc = tok().getLoc();
      V.Symbol = consume().Text.str();
    } else if (!parseInitializer(V, Depth + 1)) {
      return false;
    }
    Out.Elements.push_back(std::move(V));
    return true;
  }
  if (tok().is(TokenKind::Identifier) && !isIdent("WARP_SZ")) {
    Out.K = Initializer::Kind::Address;
    bool Mask = isIdent("mask") && peek(1).is(TokenKind::LParen);
    if (Mask) {
      consume();
      consume();
    }
    if (isIdent("generic") && peek(1).is(TokenKind::LParen)) {
      consume();
      consume();
      if (tok().isNot(TokenKind::Identifier)) {
        expected("a variable name in generic()");
        return false;
      }
      Out.Generic = true;
      Out.Symbol = consume().Text.str();
      if (!expect(TokenKind::RParen, "')' after generic(..."))
        return false;
    } else if (tok().is(TokenKind::Identifier)) {
      Out.Symbol = consume().Text.str();
    } else {
      expected("a variable name");
      return false;
    }
    if (tok().is(TokenKind::Plus) || tok().is(TokenKind::Minus)) {
      uint64_t Off;
      if (!parseOffset(Off))
        return false;
      Out.Offset = static_cast<int64_t>(Off);
    }
    if (Mask) {
      if (!expect(TokenKind::Comma, "',' in mask(...)"))
        return false;
      auto B = parseCount("a byte number in mask(...)");
      if (!B)
        return false;
      if (*B > 7) {
        Diags.error(Out.Loc, "mask() byte number must be 0 to 7");
        return false;
      }
      Out.MaskByte = int(*B);
      if (!expect(TokenKind::RParen, "')' after mask(..."))
        return false;
    }
    return true;
  }
  auto V = parseExpr(Depth + 1);
  if (!V)
    return false;
  setConstant(Out, *V, Initializer::Kind::Int, Initializer::Kind::Float);
  return true;
}

//===----------------------------------------------------------------------===//
// Bodies
//===----------------------------------------------------------------------===//

std::unique_ptr<BlockStmt> Parser::parseBlock(unsigned Depth) {
  Token Open = consume(); // '{'
  auto B = std::make_unique<BlockStmt>(Open.getLoc());
  if (Depth > MaxDepth) {
    errorAt(Open, "blocks nested too deeply (more than " + Twine(MaxDepth) +
                      " levels)");
    // Skip the whole group.
    unsigned Level = 1;
    while (Level > 0 && tok().isNot(TokenKind::Eof)) {
      if (tok().is(TokenKind::LBrace))
        ++Level;
      else if (tok().is(TokenKind::RBrace))
        --Level;
      consume();
    }
    return B;
  }
  while (tok().isNot(TokenKind::RBrace) && tok().isNot(TokenKind::Eof) &&
         !stop()) {
    uint64_t Before = Consumed;
    parseStatement(B->Body, Depth);
    if (Consumed == Before)
      consume();
  }
  B->EndLoc = tok().getLoc();
  if (tok().isNot(TokenKind::RBrace)) {
    if (!stop()) {
      expected("'}' at the end of the block");
      Diags.note(Open.getLoc(), "to match this '{'");
    }
    return B;
  }
  consume();
  return B;
}

void Parser::parseStatement(StatementList &Out, unsigned Depth) {
  const Token &T = tok();
  switch (T.Kind) {
  case TokenKind::LBrace:
    Out.push_back(parseBlock(Depth + 1));
    return;
  case TokenKind::Semicolon:
    consume(); // empty statement
    return;
  case TokenKind::Error:
    consume();
    skipStatement();
    return;
  case TokenKind::Identifier:
    if (peek(1).is(TokenKind::Colon)) {
      if (auto S = parseLabelled())
        Out.push_back(std::move(S));
      return;
    }
    [[fallthrough]];
  case TokenKind::At:
    if (auto I = parseInstruction())
      Out.push_back(std::move(I));
    return;
  case TokenKind::DotWord: {
    StringRef W = T.word();
    if (W == "loc") {
      if (auto L = parseLoc())
        Out.push_back(std::move(L));
      return;
    }
    if (W == "pragma") {
      if (auto P = parsePragma())
        Out.push_back(std::move(P));
      return;
    }
    if (parseStateSpace(W) || isLinkageWord(W)) {
      if (auto D = parseVariableDecl(DeclContext::Body)) {
        if (expect(TokenKind::Semicolon, "';' after the declaration"))
          Out.push_back(std::move(D));
        else
          skipStatement();
      } else {
        skipStatement();
      }
      return;
    }
    if (W == "branchtargets" || W == "calltargets" || W == "callprototype")
      errorAt(T, "'." + W + "' must be preceded by a label");
    else if (W == "entry" || W == "func" || W == "version" || W == "target" ||
             W == "address_size" || W == "file" || W == "section" ||
             W == "alias")
      errorAt(T, "'." + W + "' is not allowed inside a function");
    else
      errorAt(T, "unknown directive '." + W + "'");
    consume();
    skipStatement();
    return;
  }
  default:
    expected("an instruction or a directive");
    consume();
    skipStatement();
    return;
  }
}

std::unique_ptr<Statement> Parser::parseLabelled() {
  Token Name = consume();
  consume(); // ':'
  if (isDot("branchtargets") || isDot("calltargets")) {
    bool Branch = isDot("branchtargets");
    consume();
    auto T = std::make_unique<TargetListStmt>(
        Branch ? Statement::Kind::BranchTargets : Statement::Kind::CallTargets,
        Name.getLoc());
    T->Name = Name.Text.str();
    do {
      if (tok().isNot(TokenKind::Identifier)) {
        expected(Branch ? "a label" : "a function name");
        skipStatement();
        return nullptr;
      }
      Token Target = consume();
      T->Targets.emplace_back(Target.Text.str(), Target.getLoc());
    } while (consumeIf(TokenKind::Comma));
    if (!expect(TokenKind::Semicolon, "';' after the target list")) {
      skipStatement();
      return nullptr;
    }
    return T;
  }
  if (isDot("callprototype")) {
    consume();
    auto P = std::make_unique<CallPrototypeStmt>(Name.getLoc());
    P->Name = Name.Text.str();
    if (tok().is(TokenKind::LParen) &&
        !parseParamList(P->Returns, "return parameter")) {
      skipStatement();
      return nullptr;
    }
    if (!isIdent("_")) {
      expected("'_' in place of the function name in .callprototype");
      skipStatement();
      return nullptr;
    }
    consume();
    if (tok().is(TokenKind::LParen) &&
        !parseParamList(P->Params, "parameter")) {
      skipStatement();
      return nullptr;
    }
    while (tok().is(TokenKind::DotWord)) {
      StringRef W = tok().word();
      if (W == "noreturn") {
        P->NoReturn = true;
        consume();
      } else if (W == "abi_preserve" || W == "abi_preserve_control") {
        consume();
        if (!parseCount("a register count")) {
          skipStatement();
          return nullptr;
        }
      } else {
        break;
      }
    }
    if (!expect(TokenKind::Semicolon, "';' after .callprototype")) {
      skipStatement();
      return nullptr;
    }
    return P;
  }
  return std::make_unique<LabelStmt>(Name.getLoc(), Name.Text.str());
}

std::unique_ptr<LocStmt> Parser::parseLoc() {
  Token D = consume();
  auto L = std::make_unique<LocStmt>(D.getLoc());
  uint64_t *Fields[] = {&L->File, &L->Line, &L->Column};
  for (uint64_t *F : Fields) {
    if (tok().isNot(TokenKind::Integer)) {
      expected("a file index, line and column after .loc");
      skipStatement();
      return nullptr;
    }
    *F = consume().IntValue;
  }
  while (tok().is(TokenKind::Comma)) {
    consume();
    if (isIdent("function_name")) {
      consume();
      if (tok().isNot(TokenKind::Identifier)) {
        expected("a label after function_name");
        skipStatement();
        return nullptr;
      }
      L->FunctionName = consume().Text.str();
      if (tok().is(TokenKind::Plus)) {
        uint64_t Off;
        if (!parseOffset(Off)) {
          skipStatement();
          return nullptr;
        }
        L->FunctionNameOffset = static_cast<int64_t>(Off);
      }
    } else if (isIdent("inlined_at")) {
      consume();
      uint64_t *In[] = {&L->InlinedFile, &L->InlinedLine, &L->InlinedColumn};
      for (uint64_t *F : In) {
        if (tok().isNot(TokenKind::Integer)) {
          expected("a file index, line and column after inlined_at");
          skipStatement();
          return nullptr;
        }
        *F = consume().IntValue;
      }
      L->HasInlinedAt = true;
    } else {
      expected("'function_name' or 'inlined_at' after ',' in .loc");
      skipStatement();
      return nullptr;
    }
  }
  return L;
}

std::unique_ptr<Instruction> Parser::parseInstruction() {
  auto I = std::make_unique<Instruction>(tok().getLoc());
  if (tok().is(TokenKind::At)) {
    consume();
    I->GuardNegated = consumeIf(TokenKind::Bang);
    if (tok().isNot(TokenKind::Identifier)) {
      expected("a predicate register after '@'");
      skipStatement();
      return nullptr;
    }
    I->GuardLoc = tok().getLoc();
    I->GuardReg = consume().Text.str();
  }
  if (tok().isNot(TokenKind::Identifier)) {
    expected("an instruction");
    skipStatement();
    return nullptr;
  }
  I->OpcodeLoc = tok().getLoc();
  I->Opcode = consume().Text.str();
  while (tok().is(TokenKind::DotWord) && !tok().SpaceBefore) {
    Modifier Mod;
    Mod.Loc = tok().getLoc();
    Mod.Name = consume().word().str();
    I->Modifiers.push_back(std::move(Mod));
  }

  bool Bad = false;
  if (!Table.isOpcode(I->Opcode)) {
    Diags.error(I->OpcodeLoc, "unknown instruction '" + I->Opcode + "'");
    Bad = true;
  } else {
    SmallVector<StringRef, 8> Words;
    for (const Modifier &Mod : I->Modifiers)
      Words.push_back(Mod.Name);
    I->Desc = Table.lookup(I->Opcode, Words);
    if (!I->Desc) {
      Diags.error(I->OpcodeLoc, "unknown instruction '" + I->spelling() + "'");
      Bad = true;
    } else {
      for (Modifier &Mod : I->Modifiers) {
        if (auto K = I->Desc->classify(Mod.Name)) {
          Mod.Kind = *K;
        } else {
          Diags.error(Mod.Loc, "unknown modifier '." + Mod.Name +
                                   "' for instruction '" + I->Desc->Name + "'");
          Bad = true;
        }
      }
    }
  }
  if (Bad) {
    skipStatement();
    return nullptr;
  }

  bool InCall = I->Opcode == "call";
  OpenBraces = 0;
  if (tok().isNot(TokenKind::Semicolon)) {
    do {
      if (stop())
        return nullptr;
      Operand Op;
      if (!parseOperand(Op, InCall, /*InVector=*/false)) {
        skipStatement(OpenBraces);
        return nullptr;
      }
      I->Operands.push_back(std::move(Op));
    } while (consumeIf(TokenKind::Comma));
  }
  if (!expect(TokenKind::Semicolon, "',' or ';' after the operand")) {
    skipStatement();
    return nullptr;
  }
  return I;
}

bool Parser::startsExpr(unsigned N) {
  switch (peek(N).Kind) {
  case TokenKind::Integer:
  case TokenKind::Float:
  case TokenKind::HexFloat32:
  case TokenKind::HexFloat64:
  case TokenKind::LParen:
  case TokenKind::Minus:
  case TokenKind::Plus:
  case TokenKind::Tilde:
  case TokenKind::Bang:
    return true;
  case TokenKind::Identifier:
    return peek(N).Text == "WARP_SZ";
  default:
    return false;
  }
}

bool Parser::parseOffset(uint64_t &Out) {
  // `+ term`, `- term`, repeated; `[%r1+-4]` is `+ (-4)`. A term is a
  // multiplicative constant expression.
  Out = 0;
  while (tok().is(TokenKind::Plus) || tok().is(TokenKind::Minus)) {
    bool Negate = tok().is(TokenKind::Minus);
    consume();
    if (tok().is(TokenKind::Identifier) && !isIdent("WARP_SZ")) {
      errorAt(tok(),
              "an address offset must be a constant, found " + describe(tok()));
      return false;
    }
    auto V = parseBinary(/*MinPrec=*/10, 1);
    if (!V)
      return false;
    if (V->K != Value::Kind::Int) {
      Diags.error(V->Loc, "an address offset must be an integer");
      return false;
    }
    Out = Negate ? Out - V->Int : Out + V->Int;
  }
  return true;
}

bool Parser::parseNameOperand(Operand &Out) {
  Token Name = consume();
  Out.NameLoc = Name.getLoc();
  Out.Name = Name.Text.str();
  if (Out.Name == "_" && tok().isNot(TokenKind::Pipe)) {
    Out.K = Operand::Kind::Sink;
    return true;
  }
  Out.K = lookupSpecialRegister(Out.Name) ? Operand::Kind::SpecialRegister
                                          : Operand::Kind::Name;
  // `%tid.x`, `%v1.y`, `%r1.b0`, `%r1.h10`: a selector written without a gap.
  if (tok().is(TokenKind::DotWord) && !tok().SpaceBefore) {
    Token Sel = consume();
    Out.Selector = Sel.word().str();
  }
  if (Out.K == Operand::Kind::SpecialRegister)
    return true;
  if (tok().is(TokenKind::Pipe)) {
    consume();
    if (tok().isNot(TokenKind::Identifier)) {
      expected("a predicate register after '|'");
      return false;
    }
    Out.K = Operand::Kind::PredPair;
    Out.Name2Loc = tok().getLoc();
    Out.Name2 = consume().Text.str();
    return true;
  }
  if (tok().is(TokenKind::LBracket) && !tok().SpaceBefore) {
    // `arr[4]`: an element of an array variable.
    Token Open = consume();
    auto V = parseExpr(1);
    if (!V)
      return false;
    if (V->K != Value::Kind::Int) {
      Diags.error(V->Loc, "an array index must be an integer");
      return false;
    }
    if (!expect(TokenKind::RBracket, "']' after the array index")) {
      Diags.note(Open.getLoc(), "to match this '['");
      return false;
    }
    Out.K = Operand::Kind::Address;
    Out.ArrayIndex = true;
    Out.IntValue = V->Int;
    return true;
  }
  if (tok().is(TokenKind::Plus) || tok().is(TokenKind::Minus))
    return parseOffset(Out.IntValue);
  return true;
}

bool Parser::parseAddress(Operand &Out) {
  Token Open = consume(); // '['
  Out.K = Operand::Kind::Address;
  if (tok().is(TokenKind::RBracket)) {
    errorAt(tok(), "empty address");
    return false;
  }
  bool List = false;
  if (tok().is(TokenKind::Identifier) && !isIdent("WARP_SZ") && !isIdent("_") &&
      (peek(1).is(TokenKind::RBracket) || peek(1).is(TokenKind::Plus) ||
       peek(1).is(TokenKind::Minus) || peek(1).is(TokenKind::Comma))) {
    Out.NameLoc = tok().getLoc();
    Out.Name = consume().Text.str();
    if ((tok().is(TokenKind::Plus) || tok().is(TokenKind::Minus)) &&
        !parseOffset(Out.IntValue))
      return false;
    if (tok().is(TokenKind::Comma)) {
      // A bracket list whose first element is a name: `[tex, {...}]`.
      Operand First;
      First.K = Operand::Kind::Name;
      First.Loc = First.NameLoc = Out.NameLoc;
      First.Name = Out.Name;
      First.IntValue = Out.IntValue;
      Out.Name.clear();
      Out.IntValue = 0;
      Out.Elements.push_back(std::move(First));
      List = true;
    }
  } else {
    Operand First;
    if (!parseOperand(First, /*InCall=*/false, /*InVector=*/false))
      return false;
    if (tok().is(TokenKind::Comma)) {
      Out.Elements.push_back(std::move(First));
      List = true;
    } else if (First.K == Operand::Kind::IntImm) {
      Out.IntValue = First.IntValue; // `[1024]`: an absolute address
    } else {
      Diags.error(First.Loc, "expected an address: a register or variable "
                             "with an optional constant offset, or a "
                             "constant");
      return false;
    }
  }
  while (List && consumeIf(TokenKind::Comma)) {
    if (stop())
      return false;
    Operand E;
    if (!parseOperand(E, /*InCall=*/false, /*InVector=*/false))
      return false;
    Out.Elements.push_back(std::move(E));
  }
  if (!expect(TokenKind::RBracket, "']' at the end of the address")) {
    Diags.note(Open.getLoc(), "to match this '['");
    return false;
  }
  return true;
}

bool Parser::parseOperandElements(Operand &Out, const Token &Open,
                                  TokenKind Close, bool InVector,
                                  const char *Expected, const char *Match) {
  do {
    if (stop())
      return false;
    Operand E;
    if (!parseOperand(E, /*InCall=*/false, InVector))
      return false;
    Out.Elements.push_back(std::move(E));
  } while (consumeIf(TokenKind::Comma));
  if (!expect(Close, Expected)) {
    Diags.note(Open.getLoc(), Match);
    return false;
  }
  return true;
}

bool Parser::parseOperand(Operand &Out, bool InCall, bool InVector) {
  Out.Loc = tok().getLoc();
  const Token &T = tok();
  switch (T.Kind) {
  case TokenKind::Bang:
    if (peek(1).is(TokenKind::Identifier) && !isIdent("WARP_SZ", 1)) {
      consume();
      if (!parseNameOperand(Out))
        return false;
      Out.Loc = T.getLoc();
      Out.Not = true;
      return true;
    }
    break;
  case TokenKind::Minus:
    if (peek(1).is(TokenKind::Identifier) && !isIdent("WARP_SZ", 1)) {
      SMLoc Loc = T.getLoc();
      consume();
      if (!parseNameOperand(Out))
        return false;
      Out.Loc = Loc;
      Out.Minus = true;
      return true;
    }
    break;
  case TokenKind::LBrace: {
    if (InVector) {
      errorAt(T, "vector operands cannot be nested");
      return false;
    }
    Token Open = consume();
    ++OpenBraces;
    Out.K = Operand::Kind::Vector;
    if (tok().is(TokenKind::RBrace)) {
      errorAt(tok(), "empty vector operand");
      return false;
    }
    if (!parseOperandElements(Out, Open, TokenKind::RBrace, /*InVector=*/true,
                              "',' or '}' in the vector operand",
                              "to match this '{'"))
      return false;
    --OpenBraces;
    // `{%r1, %r2}.x` is not PTX; nothing follows a vector.
    return true;
  }
  case TokenKind::LBracket:
    if (InVector) {
      errorAt(T, "an address cannot be a vector element");
      return false;
    }
    return parseAddress(Out);
  case TokenKind::LParen:
    if (InCall) {
      Token Open = consume();
      Out.K = Operand::Kind::List;
      if (consumeIf(TokenKind::RParen))
        return true;
      return parseOperandElements(Out, Open, TokenKind::RParen,
                                  /*InVector=*/false,
                                  "',' or ')' in the argument list",
                                  "to match this '('");
    }
    break;
  case TokenKind::Identifier:
    if (T.Text != "WARP_SZ")
      return parseNameOperand(Out);
    break;
  default:
    break;
  }
  if (!startsExpr()) {
    expected("an operand");
    return false;
  }
  auto V = parseExpr(1);
  if (!V)
    return false;
  setConstant(Out, *V, Operand::Kind::IntImm, Operand::Kind::FloatImm);
  return true;
}

//===----------------------------------------------------------------------===//
// Constant expressions
//===----------------------------------------------------------------------===//

std::optional<uint64_t> Parser::parseCount(const Twine &What) {
  if (!startsExpr()) {
    expected(What);
    return std::nullopt;
  }
  SMLoc Loc = tok().getLoc();
  auto V = parseExpr(1);
  if (!V)
    return std::nullopt;
  if (V->K != Value::Kind::Int ||
      (!V->Unsigned && static_cast<int64_t>(V->Int) < 0)) {
    Diags.error(Loc, "expected a non-negative integer for " + What);
    return std::nullopt;
  }
  return V->Int;
}

std::optional<Value> Parser::parseExpr(unsigned Depth) {
  if (Depth > MaxDepth) {
    errorAt(tok(), "expression nested too deeply");
    return std::nullopt;
  }
  auto Cond = parseBinary(1, Depth);
  if (!Cond || tok().isNot(TokenKind::Question))
    return Cond;
  Token Q = consume();
  auto A = parseExpr(Depth + 1);
  if (!A)
    return std::nullopt;
  if (!expect(TokenKind::Colon, "':' in the conditional expression"))
    return std::nullopt;
  auto B = parseExpr(Depth + 1);
  if (!B)
    return std::nullopt;
  if (Cond->K != Value::Kind::Int) {
    Diags.error(Cond->Loc, "the condition of '?:' must be an integer");
    return std::nullopt;
  }
  if ((A->K == Value::Kind::Int) != (B->K == Value::Kind::Int) ||
      A->K == Value::Kind::F32Bits || B->K == Value::Kind::F32Bits) {
    Diags.error(Q.getLoc(), "'?:' needs two integer or two floating-point "
                            "operands");
    return std::nullopt;
  }
  Value R = Cond->Int ? *A : *B;
  if (R.K == Value::Kind::Int)
    R.Unsigned = A->Unsigned || B->Unsigned;
  R.Loc = Cond->Loc;
  return R;
}

static unsigned precedence(TokenKind K) {
  switch (K) {
  case TokenKind::PipePipe:
    return 1;
  case TokenKind::AmpAmp:
    return 2;
  case TokenKind::Pipe:
    return 3;
  case TokenKind::Caret:
    return 4;
  case TokenKind::Amp:
    return 5;
  case TokenKind::EqualEqual:
  case TokenKind::BangEqual:
    return 6;
  case TokenKind::Less:
  case TokenKind::Greater:
  case TokenKind::LessEqual:
  case TokenKind::GreaterEqual:
    return 7;
  case TokenKind::ShiftLeft:
  case TokenKind::ShiftRight:
    return 8;
  case TokenKind::Plus:
  case TokenKind::Minus:
    return 9;
  case TokenKind::Star:
  case TokenKind::Slash:
  case TokenKind::Percent:
    return 10;
  default:
    return 0;
  }
}

std::optional<Value> Parser::parseBinary(unsigned MinPrec, unsigned Depth) {
  auto LHS = parseUnary(Depth + 1);
  if (!LHS)
    return std::nullopt;
  while (true) {
    unsigned Prec = precedence(tok().Kind);
    if (Prec == 0 || Prec < MinPrec)
      return LHS;
    Token Op = consume();
    if (Depth > MaxDepth) {
      errorAt(Op, "expression nested too deeply");
      return std::nullopt;
    }
    auto RHS = parseBinary(Prec + 1, Depth + 1);
    if (!RHS)
      return std::nullopt;
    LHS = binary(Op.Kind, *LHS, *RHS, Op.getLoc());
    if (!LHS)
      return std::nullopt;
  }
}

std::optional<Value> Parser::parseUnary(unsigned Depth) {
  if (Depth > MaxDepth) {
    errorAt(tok(), "expression nested too deeply");
    return std::nullopt;
  }
  const Token &T = tok();
  SMLoc Loc = T.getLoc();
  // Casts: `(.s64)` and `(.u64)`.
  if (T.is(TokenKind::LParen) && peek(1).is(TokenKind::DotWord) &&
      (peek(1).word() == "s64" || peek(1).word() == "u64") &&
      peek(2).is(TokenKind::RParen)) {
    consume();
    bool ToUnsigned = consume().word() == "u64";
    consume();
    auto V = parseUnary(Depth + 1);
    if (!V)
      return std::nullopt;
    if (V->K != Value::Kind::Int) {
      Diags.error(Loc, "casts apply to integer expressions only");
      return std::nullopt;
    }
    V->Unsigned = ToUnsigned;
    V->Loc = Loc;
    return V;
  }
  if (T.is(TokenKind::Minus) || T.is(TokenKind::Plus) ||
      T.is(TokenKind::Bang) || T.is(TokenKind::Tilde)) {
    TokenKind Op = consume().Kind;
    auto V = parseUnary(Depth + 1);
    if (!V)
      return std::nullopt;
    if (V->K == Value::Kind::F32Bits) {
      Diags.error(Loc, "a '0f' constant cannot be used in an expression");
      return std::nullopt;
    }
    V->Loc = Loc;
    if (V->K == Value::Kind::Double) {
      if (Op == TokenKind::Minus) {
        V->D = -V->D;
        return V;
      }
      if (Op == TokenKind::Plus)
        return V;
      Diags.error(Loc, "'" + Twine(Op == TokenKind::Bang ? "!" : "~") +
                           "' needs an integer operand");
      return std::nullopt;
    }
    switch (Op) {
    case TokenKind::Minus:
      V->Int = 0 - V->Int;
      break;
    case TokenKind::Bang:
      V->Int = V->Int == 0;
      V->Unsigned = false;
      break;
    case TokenKind::Tilde:
      V->Int = ~V->Int;
      V->Unsigned = true;
      break;
    default:
      break;
    }
    return V;
  }
  return parsePrimary(Depth + 1);
}

std::optional<Value> Parser::parsePrimary(unsigned Depth) {
  const Token &T = tok();
  SMLoc Loc = T.getLoc();
  switch (T.Kind) {
  case TokenKind::Integer: {
    Token I = consume();
    return Value::ofInt(I.IntValue, I.IsUnsigned, Loc);
  }
  case TokenKind::Float:
  case TokenKind::HexFloat64: {
    Token F = consume();
    return Value::ofDouble(bitsDouble(F.FloatBits), Loc);
  }
  case TokenKind::HexFloat32: {
    Token F = consume();
    Value V;
    V.K = Value::Kind::F32Bits;
    V.Bits = F.FloatBits;
    V.Loc = Loc;
    return V;
  }
  case TokenKind::Identifier:
    if (T.Text == "WARP_SZ") {
      consume();
      return Value::ofInt(32, false, Loc);
    }
    break;
  case TokenKind::LParen: {
    Token Open = consume();
    auto V = parseExpr(Depth + 1);
    if (!V)
      return std::nullopt;
    if (!expect(TokenKind::RParen, "')'")) {
      Diags.note(Open.getLoc(), "to match this '('");
      return std::nullopt;
    }
    return V;
  }
  default:
    break;
  }
  expected("a constant");
  return std::nullopt;
}

std::optional<Value> Parser::binary(TokenKind Op, const Value &A,
                                    const Value &B, SMLoc OpLoc) {
  if (A.K == Value::Kind::F32Bits || B.K == Value::Kind::F32Bits) {
    Diags.error(OpLoc, "a '0f' constant cannot be used in an expression");
    return std::nullopt;
  }
  if (A.K != B.K) {
    Diags.error(OpLoc, "cannot mix integer and floating-point operands in a "
                       "constant expression");
    return std::nullopt;
  }
  if (A.K == Value::Kind::Double) {
    double X = A.D, Y = B.D;
    switch (Op) {
    case TokenKind::Plus:
      return Value::ofDouble(X + Y, A.Loc);
    case TokenKind::Minus:
      return Value::ofDouble(X - Y, A.Loc);
    case TokenKind::Star:
      return Value::ofDouble(X * Y, A.Loc);
    case TokenKind::Slash:
      return Value::ofDouble(X / Y, A.Loc);
    case TokenKind::Less:
      return Value::ofInt(X < Y, false, A.Loc);
    case TokenKind::Greater:
      return Value::ofInt(X > Y, false, A.Loc);
    case TokenKind::LessEqual:
      return Value::ofInt(X <= Y, false, A.Loc);
    case TokenKind::GreaterEqual:
      return Value::ofInt(X >= Y, false, A.Loc);
    case TokenKind::EqualEqual:
      return Value::ofInt(X == Y, false, A.Loc);
    case TokenKind::BangEqual:
      return Value::ofInt(X != Y, false, A.Loc);
    default:
      Diags.error(OpLoc, "this operator needs integer operands");
      return std::nullopt;
    }
  }
  uint64_t X = A.Int, Y = B.Int;
  bool U = A.Unsigned || B.Unsigned;
  int64_t SX = static_cast<int64_t>(X), SY = static_cast<int64_t>(Y);
  switch (Op) {
  case TokenKind::Plus:
    return Value::ofInt(X + Y, U, A.Loc);
  case TokenKind::Minus:
    return Value::ofInt(X - Y, U, A.Loc);
  case TokenKind::Star:
    return Value::ofInt(X * Y, U, A.Loc);
  case TokenKind::Slash:
  case TokenKind::Percent:
    if (Y == 0) {
      Diags.error(OpLoc, "division by zero in a constant expression");
      return std::nullopt;
    }
    if (Op == TokenKind::Percent) // remainder is unsigned (ISA §4.5.5)
      return Value::ofInt(X % Y, U, A.Loc);
    if (U)
      return Value::ofInt(X / Y, true, A.Loc);
    if (SY == -1) // avoid INT64_MIN / -1
      return Value::ofInt(0 - X, false, A.Loc);
    return Value::ofInt(static_cast<uint64_t>(SX / SY), false, A.Loc);
  case TokenKind::ShiftLeft:
    return Value::ofInt(Y >= 64 ? 0 : X << Y, A.Unsigned, A.Loc);
  case TokenKind::ShiftRight:
    if (A.Unsigned)
      return Value::ofInt(Y >= 64 ? 0 : X >> Y, true, A.Loc);
    if (Y >= 64)
      return Value::ofInt(SX < 0 ? ~uint64_t(0) : 0, false, A.Loc);
    return Value::ofInt(SX < 0 ? ~(~X >> Y) : X >> Y, false,
                        A.Loc); // arithmetic shift
  case TokenKind::Amp:
    return Value::ofInt(X & Y, U, A.Loc);
  case TokenKind::Pipe:
    return Value::ofInt(X | Y, U, A.Loc);
  case TokenKind::Caret:
    return Value::ofInt(X ^ Y, U, A.Loc);
  case TokenKind::AmpAmp:
    return Value::ofInt(X && Y, false, A.Loc);
  case TokenKind::PipePipe:
    return Value::ofInt(X || Y, false, A.Loc);
  case TokenKind::EqualEqual:
    return Value::ofInt(X == Y, false, A.Loc);
  case TokenKind::BangEqual:
    return Value::ofInt(X != Y, false, A.Loc);
  case TokenKind::Less:
    return Value::ofInt(U ? X < Y : SX < SY, false, A.Loc);
  case TokenKind::Greater:
    return Value::ofInt(U ? X > Y : SX > SY, false, A.Loc);
  case TokenKind::LessEqual:
    return Value::ofInt(U ? X <= Y : SX <= SY, false, A.Loc);
  case TokenKind::GreaterEqual:
    return Value::ofInt(U ? X >= Y : SX >= SY, false, A.Loc);
  default:
    Diags.error(OpLoc, "unexpected operator in a constant expression");
    return std::nullopt;
  }
}

} // namespace

std::unique_ptr<Module> parseModule(unsigned BufferID, Diagnostics &Diags) {
  Parser P(BufferID, Diags);
  return P.run();
}

std::unique_ptr<Module> parseAndCheck(unsigned BufferID, Diagnostics &Diags) {
  std::unique_ptr<Module> M = parseModule(BufferID, Diags);
  // Checking a module with syntax errors still finds the independent
  // semantic ones (statements that did not parse are simply absent).
  if (!Diags.tooManyErrors())
    checkModule(*M, Diags);
  if (Diags.hasErrors())
    return nullptr;
  return M;
}

} // namespace ptx
} // namespace cumetal

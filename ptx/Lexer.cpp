//===- ptx/Lexer.cpp - PTX lexer ------------------------------------------===//
//
// Hand-written scanner over a bounded character range (see Lexer.h). Every
// path consumes at least one character before returning a token, so a
// caller that lexes until Eof always terminates.
//
//===----------------------------------------------------------------------===//

#include "ptx/Lexer.h"

#include "ptx/Diagnostics.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

StringRef tokenKindName(TokenKind K) {
  switch (K) {
  case TokenKind::Eof:
    return "end of file";
  case TokenKind::Error:
    return "invalid token";
  case TokenKind::Identifier:
    return "identifier";
  case TokenKind::DotWord:
    return "directive";
  case TokenKind::Integer:
    return "integer";
  case TokenKind::Float:
  case TokenKind::HexFloat32:
  case TokenKind::HexFloat64:
    return "floating-point constant";
  case TokenKind::String:
    return "string";
  case TokenKind::Comma:
    return "','";
  case TokenKind::Semicolon:
    return "';'";
  case TokenKind::Colon:
    return "':'";
  case TokenKind::LParen:
    return "'('";
  case TokenKind::RParen:
    return "')'";
  case TokenKind::LBrace:
    return "'{'";
  case TokenKind::RBrace:
    return "'}'";
  case TokenKind::LBracket:
    return "'['";
  case TokenKind::RBracket:
    return "']'";
  case TokenKind::Less:
    return "'<'";
  case TokenKind::Greater:
    return "'>'";
  case TokenKind::LessEqual:
    return "'<='";
  case TokenKind::GreaterEqual:
    return "'>='";
  case TokenKind::EqualEqual:
    return "'=='";
  case TokenKind::BangEqual:
    return "'!='";
  case TokenKind::Equal:
    return "'='";
  case TokenKind::Plus:
    return "'+'";
  case TokenKind::Minus:
    return "'-'";
  case TokenKind::Star:
    return "'*'";
  case TokenKind::Slash:
    return "'/'";
  case TokenKind::Percent:
    return "'%'";
  case TokenKind::Amp:
    return "'&'";
  case TokenKind::AmpAmp:
    return "'&&'";
  case TokenKind::Pipe:
    return "'|'";
  case TokenKind::PipePipe:
    return "'||'";
  case TokenKind::Caret:
    return "'^'";
  case TokenKind::Tilde:
    return "'~'";
  case TokenKind::Bang:
    return "'!'";
  case TokenKind::Question:
    return "'?'";
  case TokenKind::At:
    return "'@'";
  case TokenKind::ShiftLeft:
    return "'<<'";
  case TokenKind::ShiftRight:
    return "'>>'";
  }
  return "token";
}

Lexer::Lexer(StringRef Buffer, Diagnostics &Diags)
    : BufStart(Buffer.begin()), Cur(Buffer.begin()), End(Buffer.end()),
      Diags(Diags) {}

bool Lexer::isIdentifierChar(char C) {
  return isAlnum(C) || C == '_' || C == '$';
}

static bool isHex(char C) { return isHexDigit(C); }

Token Lexer::make(TokenKind Kind, const char *Start) {
  Token T;
  T.Kind = Kind;
  T.Text = StringRef(Start, Cur - Start);
  T.SpaceBefore = SawSpace;
  return T;
}

Token Lexer::error(const char *Start, const char *ErrEnd, const Twine &Msg) {
  Diags.error(SMLoc::getFromPointer(Start), Msg);
  Cur = ErrEnd > Cur ? ErrEnd : Cur;
  if (Cur == Start && Cur < End)
    ++Cur; // always make progress
  return make(TokenKind::Error, Start);
}

bool Lexer::skipTrivia() {
  SawSpace = false;
  while (Cur < End) {
    char C = *Cur;
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r' || C == '\f' ||
        C == '\v') {
      ++Cur;
      SawSpace = true;
      continue;
    }
    if (C == '/' && Cur + 1 < End && Cur[1] == '/') {
      while (Cur < End && *Cur != '\n')
        ++Cur;
      SawSpace = true;
      continue;
    }
    if (C == '/' && Cur + 1 < End && Cur[1] == '*') {
      const char *Start = Cur;
      Cur += 2;
      while (Cur + 1 < End && !(Cur[0] == '*' && Cur[1] == '/'))
        ++Cur;
      if (Cur + 1 >= End) {
        Cur = End;
        Diags.error(SMLoc::getFromPointer(Start),
                    "unterminated block comment ('/*' without '*/')");
        return false;
      }
      Cur += 2;
      SawSpace = true;
      continue;
    }
    break;
  }
  return true;
}

Token Lexer::lex() {
  if (!skipTrivia())
    return make(TokenKind::Error, End);
  if (Cur >= End) {
    Token T;
    T.Kind = TokenKind::Eof;
    T.Text = StringRef(End, 0);
    T.SpaceBefore = SawSpace;
    return T;
  }
  const char *Start = Cur;
  char C = *Cur;

  if (isAlpha(C) || C == '_' || C == '$' ||
      (C == '%' && Cur + 1 < End && isIdentifierChar(Cur[1])))
    return lexIdentifier(Start);
  if (isDigit(C))
    return lexNumber(Start);
  if (C == '.') {
    bool AfterWord = Cur > BufStart && !SawSpace &&
                     (isIdentifierChar(Cur[-1]) || Cur[-1] == ':');
    if (!AfterWord && Cur + 1 < End && isDigit(Cur[1]))
      return lexNumber(Start);
    return lexDotWord(Start);
  }
  if (C == '"')
    return lexString(Start);

  auto Two = [&](char Next) { return Cur + 1 < End && Cur[1] == Next; };
  ++Cur;
  switch (C) {
  case ',':
    return make(TokenKind::Comma, Start);
  case ';':
    return make(TokenKind::Semicolon, Start);
  case ':':
    return make(TokenKind::Colon, Start);
  case '(':
    return make(TokenKind::LParen, Start);
  case ')':
    return make(TokenKind::RParen, Start);
  case '{':
    return make(TokenKind::LBrace, Start);
  case '}':
    return make(TokenKind::RBrace, Start);
  case '[':
    return make(TokenKind::LBracket, Start);
  case ']':
    return make(TokenKind::RBracket, Start);
  case '+':
    return make(TokenKind::Plus, Start);
  case '-':
    return make(TokenKind::Minus, Start);
  case '*':
    return make(TokenKind::Star, Start);
  case '/':
    return make(TokenKind::Slash, Start);
  case '%':
    return make(TokenKind::Percent, Start);
  case '^':
    return make(TokenKind::Caret, Start);
  case '~':
    return make(TokenKind::Tilde, Start);
  case '?':
    return make(TokenKind::Question, Start);
  case '@':
    return make(TokenKind::At, Start);
  case '<':
    --Cur;
    if (Two('<')) {
      Cur += 2;
      return make(TokenKind::ShiftLeft, Start);
    }
    if (Two('=')) {
      Cur += 2;
      return make(TokenKind::LessEqual, Start);
    }
    ++Cur;
    return make(TokenKind::Less, Start);
  case '>':
    --Cur;
    if (Two('>')) {
      Cur += 2;
      return make(TokenKind::ShiftRight, Start);
    }
    if (Two('=')) {
      Cur += 2;
      return make(TokenKind::GreaterEqual, Start);
    }
    ++Cur;
    return make(TokenKind::Greater, Start);
  case '=':
    --Cur;
    if (Two('=')) {
      Cur += 2;
      return make(TokenKind::EqualEqual, Start);
    }
    ++Cur;
    return make(TokenKind::Equal, Start);
  case '!':
    --Cur;
    if (Two('=')) {
      Cur += 2;
      return make(TokenKind::BangEqual, Start);
    }
    ++Cur;
    return make(TokenKind::Bang, Start);
  case '&':
    --Cur;
    if (Two('&')) {
      Cur += 2;
      return make(TokenKind::AmpAmp, Start);
    }
    ++Cur;
    return make(TokenKind::Amp, Start);
  case '|':
    --Cur;
    if (Two('|')) {
      Cur += 2;
      return make(TokenKind::PipePipe, Start);
    }
    ++Cur;
    return make(TokenKind::Pipe, Start);
  default:
    break;
  }
  if (isPrint(C))
    return error(Start, Cur, "unexpected character '" + Twine(C) + "'");
  return error(Start, Cur,
               "unexpected character 0x" +
                   Twine(utohexstr(static_cast<unsigned char>(C))));
}

Token Lexer::lexIdentifier(const char *Start) {
  ++Cur;
  while (Cur < End && isIdentifierChar(*Cur))
    ++Cur;
  // `$` alone is not an identifier ([_$%] must be followed by a followsym);
  // `_` alone is the sink operand and lexes as an identifier.
  if (Cur - Start == 1 && *Start == '$')
    return error(Start, Cur, "unexpected character '$'");
  return make(TokenKind::Identifier, Start);
}

Token Lexer::lexDotWord(const char *Start) {
  ++Cur; // '.'
  const char *WordStart = Cur;
  while (Cur < End && isIdentifierChar(*Cur))
    ++Cur;
  if (Cur == WordStart)
    return error(Start, Cur, "expected a directive or modifier name after '.'");
  // `::` sub-qualifiers: .shared::cta, .L2::cache_hint, .im2col::w::128.
  while (Cur + 2 < End && Cur[0] == ':' && Cur[1] == ':' &&
         isIdentifierChar(Cur[2])) {
    Cur += 2;
    while (Cur < End && isIdentifierChar(*Cur))
      ++Cur;
  }
  return make(TokenKind::DotWord, Start);
}

/// Accumulates digits of \p Radix into \p V; false on overflow of 64 bits.
static bool accumulate(StringRef Digits, unsigned Radix, uint64_t &V) {
  V = 0;
  for (char D : Digits) {
    unsigned Digit = isDigit(D) ? unsigned(D - '0') : hexDigitValue(D);
    if (V > (UINT64_MAX - Digit) / Radix)
      return false;
    V = V * Radix + Digit;
  }
  return true;
}

Token Lexer::lexNumber(const char *Start) {
  auto RestIsWord = [&] { return Cur < End && isIdentifierChar(*Cur); };
  auto BadSuffix = [&](const Twine &What) {
    const char *Bad = Cur;
    while (Cur < End && isIdentifierChar(*Cur))
      ++Cur;
    return error(Bad, Cur,
                 "invalid character '" + Twine(*Bad) + "' in " + What);
  };

  // Exact-bits floating point: 0f + 8 hex digits, 0d + 16 hex digits.
  if (*Cur == '0' && Cur + 1 < End &&
      (Cur[1] == 'f' || Cur[1] == 'F' || Cur[1] == 'd' || Cur[1] == 'D')) {
    bool Is32 = Cur[1] == 'f' || Cur[1] == 'F';
    Cur += 2;
    const char *Digits = Cur;
    while (Cur < End && isHex(*Cur))
      ++Cur;
    size_t N = Cur - Digits;
    size_t Want = Is32 ? 8 : 16;
    if (N != Want || RestIsWord()) {
      while (Cur < End && isIdentifierChar(*Cur))
        ++Cur;
      return error(Start, Cur,
                   Twine("'0") + (Is32 ? "f" : "d") +
                       "' floating-point constant needs exactly " +
                       Twine(Want) + " hexadecimal digits");
    }
    uint64_t Bits;
    accumulate(StringRef(Digits, N), 16, Bits);
    Token T = make(Is32 ? TokenKind::HexFloat32 : TokenKind::HexFloat64, Start);
    T.FloatBits = Bits;
    return T;
  }

  unsigned Radix = 10;
  const char *Digits = Cur;
  if (*Cur == '0' && Cur + 1 < End && (Cur[1] == 'x' || Cur[1] == 'X')) {
    Radix = 16;
    Cur += 2;
    Digits = Cur;
    while (Cur < End && isHex(*Cur))
      ++Cur;
  } else if (*Cur == '0' && Cur + 1 < End && (Cur[1] == 'b' || Cur[1] == 'B')) {
    Radix = 2;
    Cur += 2;
    Digits = Cur;
    while (Cur < End && (*Cur == '0' || *Cur == '1'))
      ++Cur;
  } else {
    while (Cur < End && isDigit(*Cur))
      ++Cur;
    // Decimal floating point: digits, optional fraction, optional exponent.
    bool IsFloat = false;
    if (Cur < End && *Cur == '.' &&
        !(Cur + 1 < End &&
          (isAlpha(Cur[1]) || Cur[1] == '_' || Cur[1] == '$') &&
          !(Cur[1] == 'e' || Cur[1] == 'E'))) {
      IsFloat = true;
      ++Cur;
      while (Cur < End && isDigit(*Cur))
        ++Cur;
    }
    if (Cur < End && (*Cur == 'e' || *Cur == 'E')) {
      const char *E = Cur + 1;
      if (E < End && (*E == '+' || *E == '-'))
        ++E;
      if (E < End && isDigit(*E)) {
        IsFloat = true;
        Cur = E;
        while (Cur < End && isDigit(*Cur))
          ++Cur;
      }
    }
    if (IsFloat) {
      if (RestIsWord())
        return BadSuffix("floating-point constant");
      StringRef Text(Start, Cur - Start);
      APFloat F(APFloat::IEEEdouble());
      auto Status = F.convertFromString(Text, APFloat::rmNearestTiesToEven);
      if (!Status) {
        consumeError(Status.takeError());
        return error(Start, Cur, "invalid floating-point constant");
      }
      if (*Status & APFloat::opOverflow)
        return error(Start, Cur,
                     "floating-point constant is out of range for .f64");
      Token T = make(TokenKind::Float, Start);
      T.FloatBits = F.bitcastToAPInt().getZExtValue();
      return T;
    }
    if (*Digits == '0' && Cur - Digits > 1) {
      Radix = 8;
      ++Digits;
      for (const char *P = Digits; P < Cur; ++P)
        if (*P > '7')
          return error(P, Cur,
                       "invalid digit '" + Twine(*P) + "' in octal constant");
    }
  }
  StringRef DigitText(Digits, Cur - Digits);
  if (DigitText.empty()) {
    while (Cur < End && isIdentifierChar(*Cur))
      ++Cur;
    return error(Start, Cur,
                 Radix == 16 ? "expected hexadecimal digits after '0x'"
                             : "expected binary digits after '0b'");
  }
  bool Unsigned = false;
  if (Cur < End && *Cur == 'U') {
    Unsigned = true;
    ++Cur;
  }
  if (RestIsWord())
    return BadSuffix("integer constant");
  uint64_t V;
  if (!accumulate(DigitText, Radix, V))
    return error(Start, Cur, "integer constant does not fit in 64 bits");
  Token T = make(TokenKind::Integer, Start);
  T.IntValue = V;
  T.IsUnsigned = Unsigned || V > uint64_t(INT64_MAX);
  return T;
}

Token Lexer::lexString(const char *Start) {
  ++Cur; // opening quote
  while (Cur < End && *Cur != '"' && *Cur != '\n') {
    if (*Cur == '\\' && Cur + 1 < End && Cur[1] != '\n')
      ++Cur;
    ++Cur;
  }
  if (Cur >= End || *Cur != '"')
    return error(Start, Cur, "unterminated string constant");
  ++Cur;
  return make(TokenKind::String, Start);
}

} // namespace ptx
} // namespace cumetal

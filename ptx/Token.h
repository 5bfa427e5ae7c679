//===- ptx/Token.h - Tokens of PTX source text ------------------*- C++ -*-===//
//
// The lexical units the PTX lexer produces. A token is a view into the
// source buffer (its text and therefore its location) plus, for literals,
// the value the lexer already decoded, so that the parser never re-reads
// digits. Directive keywords and instruction modifiers are one kind,
// DotWord (`.reg`, `.u32`, `.shared::cta`, `.2d`): which one a dot-word is
// depends on where it appears, and only the parser knows that.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_TOKEN_H
#define CUMETAL_PTX_TOKEN_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>

namespace cumetal {
namespace ptx {

enum class TokenKind : uint8_t {
  Eof,
  /// A lexical error; the lexer has already reported it.
  Error,

  /// `foo`, `%r1`, `$L__BB0_1`, `_`, `%tid`, `__$temp3`.
  Identifier,
  /// `.reg`, `.u32`, `.shared::cta`, `.L2::cache_hint`, `.2d`.
  DotWord,
  /// `42`, `0x2A`, `052`, `0b101010`, `42U`: IntValue, IsUnsigned.
  Integer,
  /// `1.5`, `1e-3`: decimal floating point, FloatBits is an IEEE double.
  Float,
  /// `0f3F800000`: FloatBits holds the 32 bits as written.
  HexFloat32,
  /// `0d3FF0000000000000`: FloatBits holds the 64 bits as written.
  HexFloat64,
  /// `"text"`; Text includes the quotes, escapes are left as written.
  String,

  Comma,
  Semicolon,
  Colon,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Less,
  Greater,
  LessEqual,
  GreaterEqual,
  EqualEqual,
  BangEqual,
  Equal,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Amp,
  AmpAmp,
  Pipe,
  PipePipe,
  Caret,
  Tilde,
  Bang,
  Question,
  At,
  ShiftLeft,
  ShiftRight,
};

/// A short, quoted description of a token kind for diagnostics ("';'",
/// "identifier").
llvm::StringRef tokenKindName(TokenKind K);

struct Token {
  TokenKind Kind = TokenKind::Eof;
  /// The token's characters in the source buffer (empty at end of file).
  llvm::StringRef Text;
  /// Whether whitespace or a comment separates this token from the previous
  /// one. Modifiers must follow their opcode without a gap (`ld.u32`), and
  /// `%tid.x` is one operand only when written without one.
  bool SpaceBefore = false;
  /// Integer: the value (at most 64 bits); IsUnsigned for a `U` suffix or a
  /// value that does not fit in int64_t (PTX ISA 4.5.1).
  uint64_t IntValue = 0;
  bool IsUnsigned = false;
  /// Float, HexFloat32, HexFloat64: the IEEE bits.
  uint64_t FloatBits = 0;

  bool is(TokenKind K) const { return Kind == K; }
  bool isNot(TokenKind K) const { return Kind != K; }
  llvm::SMLoc getLoc() const {
    return llvm::SMLoc::getFromPointer(Text.data());
  }
  llvm::SMLoc getEndLoc() const {
    return llvm::SMLoc::getFromPointer(Text.data() + Text.size());
  }
  /// For DotWord: the word without its leading dot.
  llvm::StringRef word() const { return Text.drop_front(); }
};

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_TOKEN_H

//===- ptx/Lexer.h - PTX lexer ----------------------------------*- C++ -*-===//
//
// Splits PTX text (PTX ISA 9.0 §4: comments, identifiers, directives,
// integer, floating-point and string constants, operators) into Tokens.
// Literals are decoded here, with LLVM's APInt/APFloat: integers in
// decimal, hex, octal or binary with an optional `U` suffix, decimal
// floating point, and the exact-bits forms `0fXXXXXXXX` / `0dXXXX...`.
//
// The lexer never reads past the end of its buffer and always makes
// progress: malformed input (an unterminated comment or string, a stray
// character, an integer wider than 64 bits) is reported at its position
// and yields an Error token, after which lexing continues.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_LEXER_H
#define CUMETAL_PTX_LEXER_H

#include "ptx/Token.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

namespace cumetal {
namespace ptx {

class Diagnostics;

class Lexer {
public:
  /// Lexes \p Buffer, which must stay alive as long as the tokens do.
  Lexer(llvm::StringRef Buffer, Diagnostics &Diags);

  /// The next token; Eof forever once the buffer is exhausted.
  Token lex();

  /// Whether \p C may continue an identifier ([A-Za-z0-9_$]).
  static bool isIdentifierChar(char C);

private:
  Token make(TokenKind Kind, const char *Start);
  Token error(const char *Start, const char *End, const llvm::Twine &Msg);
  /// Skips whitespace and comments; false if an unterminated block comment
  /// was reported (Cur is then at the end).
  bool skipTrivia();
  Token lexIdentifier(const char *Start);
  Token lexDotWord(const char *Start);
  Token lexNumber(const char *Start);
  Token lexString(const char *Start);

  const char *BufStart;
  const char *Cur;
  const char *End;
  Diagnostics &Diags;
  bool SawSpace = false;
};

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_LEXER_H

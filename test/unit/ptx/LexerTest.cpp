//===- test/unit/ptx/LexerTest.cpp - PTX lexer tests ----------------------===//
//
// Token kinds, decoded literal values, the whitespace flag that separates
// modifiers from operands, and every lexical error with its position.
//
//===----------------------------------------------------------------------===//

#include "ptx/Lexer.h"
#include "ptx/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>

using namespace cumetal::ptx;
using namespace llvm;

namespace {

struct Lexed {
  std::unique_ptr<SourceMgr> SM;
  std::unique_ptr<Diagnostics> Diags;
  std::vector<Token> Tokens; // without the final Eof

  std::vector<std::string> errors() const {
    std::vector<std::string> Out;
    for (const Diagnostic &D : Diags->diagnostics())
      Out.push_back(std::to_string(D.Line) + ":" + std::to_string(D.Column) +
                    ": " + D.Message);
    return Out;
  }
};

Lexed lex(StringRef Text) {
  Lexed L;
  L.SM = std::make_unique<SourceMgr>();
  unsigned ID = L.SM->AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(Text, "lex.ptx"), SMLoc());
  L.Diags = std::make_unique<Diagnostics>(*L.SM);
  Lexer Lex(L.SM->getMemoryBuffer(ID)->getBuffer(), *L.Diags);
  for (unsigned I = 0; I < 10000; ++I) {
    Token T = Lex.lex();
    if (T.is(TokenKind::Eof))
      break;
    L.Tokens.push_back(T);
  }
  return L;
}

std::vector<TokenKind> kinds(const Lexed &L) {
  std::vector<TokenKind> K;
  for (const Token &T : L.Tokens)
    K.push_back(T.Kind);
  return K;
}

std::vector<std::string> texts(const Lexed &L) {
  std::vector<std::string> S;
  for (const Token &T : L.Tokens)
    S.push_back(T.Text.str());
  return S;
}

using TK = TokenKind;

TEST(PtxLexer, IdentifiersAndDirectives) {
  Lexed L = lex("foo %r1 $L__BB0_1 __$temp3 _ %tid .reg .shared::cta "
                ".L2::cache_hint .im2col::w::128 tex.2d");
  EXPECT_TRUE(L.errors().empty());
  EXPECT_EQ(texts(L), (std::vector<std::string>{
                          "foo", "%r1", "$L__BB0_1", "__$temp3", "_", "%tid",
                          ".reg", ".shared::cta", ".L2::cache_hint",
                          ".im2col::w::128", "tex", ".2d"}));
  EXPECT_EQ(kinds(L),
            (std::vector<TK>{TK::Identifier, TK::Identifier, TK::Identifier,
                             TK::Identifier, TK::Identifier, TK::Identifier,
                             TK::DotWord, TK::DotWord, TK::DotWord, TK::DotWord,
                             TK::Identifier, TK::DotWord}));
  EXPECT_EQ(L.Tokens[7].word(), "shared::cta");
}

TEST(PtxLexer, ModifiersFollowWithoutSpace) {
  Lexed L = lex("ld.global.v4.f32 {%f1}, [%rd1+8]; mov.u32 %r1, %tid.x;");
  ASSERT_GE(L.Tokens.size(), 5u);
  EXPECT_EQ(L.Tokens[0].Text, "ld");
  EXPECT_EQ(L.Tokens[1].Text, ".global");
  EXPECT_FALSE(L.Tokens[1].SpaceBefore);
  EXPECT_EQ(L.Tokens[3].Text, ".f32");
  EXPECT_TRUE(L.Tokens[4].SpaceBefore); // '{'
  // `%tid.x`: identifier then an adjacent dot-word.
  auto It = std::find_if(L.Tokens.begin(), L.Tokens.end(),
                         [](const Token &T) { return T.Text == "%tid"; });
  ASSERT_NE(It, L.Tokens.end());
  EXPECT_EQ((It + 1)->Text, ".x");
  EXPECT_FALSE((It + 1)->SpaceBefore);
}

TEST(PtxLexer, IntegerLiterals) {
  Lexed L = lex("42 0x2A 0X2a 052 0b101010 42U 0 18446744073709551615 "
                "9223372036854775807 9223372036854775808");
  EXPECT_TRUE(L.errors().empty());
  ASSERT_EQ(L.Tokens.size(), 10u);
  for (unsigned I = 0; I < 5; ++I) {
    EXPECT_EQ(L.Tokens[I].Kind, TK::Integer) << I;
    EXPECT_EQ(L.Tokens[I].IntValue, 42u) << I;
    EXPECT_FALSE(L.Tokens[I].IsUnsigned) << I;
  }
  EXPECT_EQ(L.Tokens[5].IntValue, 42u);
  EXPECT_TRUE(L.Tokens[5].IsUnsigned);
  EXPECT_EQ(L.Tokens[6].IntValue, 0u);
  EXPECT_EQ(L.Tokens[7].IntValue, UINT64_MAX);
  EXPECT_TRUE(L.Tokens[7].IsUnsigned); // too big for .s64 (ISA 4.5.1)
  EXPECT_FALSE(L.Tokens[8].IsUnsigned);
  EXPECT_TRUE(L.Tokens[9].IsUnsigned);
}

TEST(PtxLexer, FloatingPointLiterals) {
  Lexed L = lex("0f3F800000 0F3f800000 0d3FF0000000000000 1.5 2e3 .25 1.");
  EXPECT_TRUE(L.errors().empty());
  ASSERT_EQ(L.Tokens.size(), 7u);
  EXPECT_EQ(L.Tokens[0].Kind, TK::HexFloat32);
  EXPECT_EQ(L.Tokens[0].FloatBits, 0x3F800000u);
  EXPECT_EQ(L.Tokens[1].FloatBits, 0x3F800000u);
  EXPECT_EQ(L.Tokens[2].Kind, TK::HexFloat64);
  EXPECT_EQ(L.Tokens[2].FloatBits, 0x3FF0000000000000u);
  EXPECT_EQ(L.Tokens[3].Kind, TK::Float);
  EXPECT_EQ(L.Tokens[3].FloatBits, 0x3FF8000000000000u); // 1.5
  EXPECT_EQ(L.Tokens[4].FloatBits, 0x409F400000000000u); // 2000.0
  EXPECT_EQ(L.Tokens[5].Kind, TK::Float);                // .25 after a space
  EXPECT_EQ(L.Tokens[5].FloatBits, 0x3FD0000000000000u);
  EXPECT_EQ(L.Tokens[6].FloatBits, 0x3FF0000000000000u); // 1.
}

TEST(PtxLexer, VersionNumberIsAFloatToken) {
  Lexed L = lex(".version 9.0");
  ASSERT_EQ(L.Tokens.size(), 2u);
  EXPECT_EQ(L.Tokens[1].Kind, TK::Float);
  EXPECT_EQ(L.Tokens[1].Text, "9.0");
}

TEST(PtxLexer, StringsCommentsAndPunctuation) {
  Lexed L = lex("\"a \\\"b\\\" c\" // line comment\n/* block\ncomment */ "
                ", ; : ( ) { } [ ] < > <= >= == != = + - * / % & && | || ^ "
                "~ ! ? @ << >>");
  EXPECT_TRUE(L.errors().empty());
  ASSERT_FALSE(L.Tokens.empty());
  EXPECT_EQ(L.Tokens[0].Kind, TK::String);
  EXPECT_EQ(L.Tokens[0].Text, "\"a \\\"b\\\" c\"");
  EXPECT_EQ(kinds(L),
            (std::vector<TK>{
                TK::String,    TK::Comma,        TK::Semicolon,  TK::Colon,
                TK::LParen,    TK::RParen,       TK::LBrace,     TK::RBrace,
                TK::LBracket,  TK::RBracket,     TK::Less,       TK::Greater,
                TK::LessEqual, TK::GreaterEqual, TK::EqualEqual, TK::BangEqual,
                TK::Equal,     TK::Plus,         TK::Minus,      TK::Star,
                TK::Slash,     TK::Percent,      TK::Amp,        TK::AmpAmp,
                TK::Pipe,      TK::PipePipe,     TK::Caret,      TK::Tilde,
                TK::Bang,      TK::Question,     TK::At,         TK::ShiftLeft,
                TK::ShiftRight}));
  EXPECT_TRUE(L.Tokens[1].SpaceBefore); // the comments count as space
}

TEST(PtxLexer, Errors) {
  EXPECT_EQ(lex("mov /* no end").errors(),
            std::vector<std::string>{
                "1:5: unterminated block comment ('/*' without '*/')"});
  EXPECT_EQ(lex(".pragma \"abc\n\"").errors(),
            (std::vector<std::string>{"1:9: unterminated string constant",
                                      "2:1: unterminated string constant"}));
  EXPECT_EQ(lex("  0f3F80").errors(),
            std::vector<std::string>{"1:3: '0f' floating-point constant needs "
                                     "exactly 8 hexadecimal digits"});
  EXPECT_EQ(lex("0d1234").errors(),
            std::vector<std::string>{"1:1: '0d' floating-point constant needs "
                                     "exactly 16 hexadecimal digits"});
  EXPECT_EQ(lex("\n 089").errors(),
            std::vector<std::string>{"2:3: invalid digit '8' in octal "
                                     "constant"});
  EXPECT_EQ(lex("18446744073709551616").errors(),
            std::vector<std::string>{
                "1:1: integer constant does not fit in 64 bits"});
  EXPECT_EQ(lex("12abc").errors(),
            std::vector<std::string>{
                "1:3: invalid character 'a' in integer constant"});
  EXPECT_EQ(
      lex("0x").errors(),
      std::vector<std::string>{"1:1: expected hexadecimal digits after '0x'"});
  EXPECT_EQ(lex("0b2").errors(),
            std::vector<std::string>{"1:1: expected binary digits after '0b'"});
  EXPECT_EQ(lex("a # b").errors(),
            std::vector<std::string>{"1:3: unexpected character '#'"});
  EXPECT_EQ(lex("$").errors(),
            std::vector<std::string>{"1:1: unexpected character '$'"});
  EXPECT_EQ(lex(std::string("x \x01")).errors(),
            std::vector<std::string>{"1:3: unexpected character 0x1"});
  EXPECT_EQ(lex(". ").errors(),
            std::vector<std::string>{
                "1:1: expected a directive or modifier name after '.'"});
}

TEST(PtxLexer, ErrorsAreTokensAndLexingContinues) {
  Lexed L = lex("a # b");
  EXPECT_EQ(kinds(L),
            (std::vector<TK>{TK::Identifier, TK::Error, TK::Identifier}));
}

TEST(PtxLexer, EmbeddedNulIsAnErrorNotTheEnd) {
  std::string S = "a";
  S += '\0';
  S += "b";
  Lexed L = lex(S);
  EXPECT_EQ(kinds(L),
            (std::vector<TK>{TK::Identifier, TK::Error, TK::Identifier}));
}

} // namespace

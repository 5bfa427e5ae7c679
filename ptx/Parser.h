//===- ptx/Parser.h - PTX parser --------------------------------*- C++ -*-===//
//
// A recursive-descent parser from PTX text to the AST of AST.h, covering
// what nvcc 13 writes (PTX ISA up to 9.0): module directives, variables in
// every state space with alignment, vector types and initializers, `.entry`
// and `.func` with parameters, return values, `.noreturn`, attributes and
// performance directives, function bodies with nested `{}` scopes, labels,
// guarded instructions with any number of modifiers, every operand form
// (registers, vectors, immediates and constant expressions, addresses,
// special registers, the sink `_`, `call` argument lists), `.loc`/`.file`
// (kept), `.pragma`, `.branchtargets`/`.calltargets`/`.callprototype`, and
// `.section` blocks (parsed for balance and skipped).
//
// Each instruction is resolved against the InstructionTable while parsing:
// an unknown opcode or a modifier the instruction does not accept is an
// error naming it. Semantic checks (names, operand counts, types) are the
// Checker's. Errors are reported through Diagnostics and parsing resumes at
// the next statement; nesting depth is bounded, so no input can exhaust the
// stack.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_PARSER_H
#define CUMETAL_PTX_PARSER_H

#include "ptx/AST.h"

#include <memory>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace cumetal {
namespace ptx {

class Diagnostics;

/// Parses buffer \p BufferID of \p Diags' SourceMgr. Always returns a
/// module, possibly partial: the input is valid PTX only if no error was
/// reported.
std::unique_ptr<Module> parseModule(unsigned BufferID, Diagnostics &Diags);

/// Parses then checks (Checker.h) one buffer: the usual entry point. The
/// checks run even after syntax errors, on what did parse. Returns null if
/// any error was reported.
std::unique_ptr<Module> parseAndCheck(unsigned BufferID, Diagnostics &Diags);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_PARSER_H

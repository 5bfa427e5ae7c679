//===- ptx/Checker.h - Semantic checks of a PTX module ----------*- C++ -*-===//
//
// The checks that need more than syntax, each reported at the offending
// token's file:line:col:
//
//  - names: every register, variable, function, label and call prototype
//    an instruction uses is declared (in its block, an enclosing block, the
//    function's parameters or the module); `%r<N>` ranges cover
//    `%r0`..`%r(N-1)`; no name is defined twice in one scope;
//  - operand counts against the instruction table;
//  - operand kinds and types: predicates where a predicate is due,
//    addresses in brackets where memory is accessed, labels as branch
//    targets, and each register's declared type against the instruction's
//    type under PTX ISA §9.4 (bit-size types match any type of their size,
//    signed and unsigned integers of one size match, floating-point types
//    match exactly) and §9.4.1 (`ld`, `st` and `cvt` accept wider
//    registers);
//  - `call`: the shape of the operand list, the callee and, for direct
//    calls, the number of arguments and results;
//  - declarations: state spaces allowed at module scope and for kernel
//    parameters, initializers only for `.global`/`.const`.
//
// The checker resolves names in place (Operand::Ref). It is deliberately
// permissive wherever the ISA is: whatever nvcc writes must pass.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_CHECKER_H
#define CUMETAL_PTX_CHECKER_H

namespace cumetal {
namespace ptx {

class Diagnostics;
struct Module;

/// Checks \p M, reporting problems to \p Diags; true if none was found.
bool checkModule(Module &M, Diagnostics &Diags);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_CHECKER_H

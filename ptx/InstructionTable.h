//===- ptx/InstructionTable.h - The PTX instruction set ---------*- C++ -*-===//
//
// What PTX ISA 9.0 defines, instruction by instruction: the opcode, the
// modifiers each accepts grouped by kind (types, rounding, comparison,
// state space, cache operators, vector widths, scopes, memory semantics,
// operations, shapes...), how many operands it takes and what each operand
// position holds (its *role*, used by the checker for type rules).
//
// An entry is named by its opcode and the words that select the variant,
// e.g. `bar.sync`, `cp.async.bulk.tensor`, `mul.wide`. Those *required*
// words may appear anywhere among the instruction's dot-words, like every
// other modifier ("modifiers in any order"); lookup picks the entry whose
// required words are all present, preferring the one with the most.
//
// The table lists every instruction family nvcc 13 can emit, including
// those a lifter may later reject (wgmma, tcgen05, TMA, clusters, textures,
// video), so that "unknown instruction" only fires for real garbage. Where
// the ISA's modifier grammar is combinatorial (matrix shapes, `kind::`,
// `cta_group::`...), entries use `*` wildcards in modifier names.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_INSTRUCTIONTABLE_H
#define CUMETAL_PTX_INSTRUCTIONTABLE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace cumetal {
namespace ptx {

enum class ModifierKind : uint8_t {
  /// A word that selects the instruction variant (`sync` in `bar.sync`).
  Opcode,
  Type,
  Rounding,
  Compare,
  BoolOp,
  StateSpace,
  Cache,
  Vector,
  Scope,
  Semantics,
  /// The operation of atom/red/redux/vote/shfl/testp... (`add`, `bfly`).
  Operation,
  /// Result or behaviour selectors: `lo`/`hi`/`wide`, `clamp`/`wrap`...
  Mode,
  Shape,
  Layout,
  Geometry,
  /// Everything else: `ftz`, `sat`, `approx`, `uni`, `aligned`, `sync`...
  Flag,
};

llvm::StringRef modifierKindName(ModifierKind K);

struct ModifierGroup {
  ModifierKind Kind;
  /// Names without the dot; a `*` matches any run of characters.
  std::vector<std::string> Names;
};

/// Operand roles, one character per operand position (see Checker.cpp):
///   d  data of the instruction type (first type modifier)
///   s  data of the source type (second type modifier, else the first)
///   w  data of twice the instruction type's width (`.wide` results)
///   l  data under the relaxed ld/st/cvt size rules, first type
///   L  like l, with the second type (cvt sources)
///   p  predicate
///   u  32-bit integer or bit-size value (shift amounts, masks, lanes)
///   a  memory address in brackets
///   b  branch target label
///   x  anything (names are still resolved)
struct InstrDesc {
  /// `bar.sync`: the opcode and the required words in canonical order.
  std::string Name;
  std::string Opcode;
  std::vector<std::string> Required;
  std::vector<ModifierGroup> Groups;
  unsigned MinOperands = 0;
  unsigned MaxOperands = 0;
  std::string Roles;

  /// The kind of \p Word for this instruction: Opcode for a required word,
  /// the group's kind for an allowed modifier, nullopt if not allowed.
  std::optional<ModifierKind> classify(llvm::StringRef Word) const;
  char role(unsigned Operand) const {
    return Operand < Roles.size() ? Roles[Operand] : 'x';
  }
};

class InstructionTable {
public:
  /// The table, built on first use.
  static const InstructionTable &get();

  /// Whether \p Opcode (the first word, `ld`) names any instruction.
  bool isOpcode(llvm::StringRef Opcode) const;
  /// The variant of \p Opcode whose required words all appear in \p Words
  /// (the instruction's dot-words, without dots), preferring the most
  /// required words; null if none matches.
  const InstrDesc *lookup(llvm::StringRef Opcode,
                          llvm::ArrayRef<llvm::StringRef> Words) const;
  /// Every entry, in table order.
  llvm::ArrayRef<InstrDesc> entries() const { return Entries; }

private:
  InstructionTable();
  std::vector<InstrDesc> Entries;
  llvm::StringMap<std::vector<unsigned>> ByOpcode;
};

/// Glob match of a modifier name against a table pattern (`m*n*k*`).
bool matchModifierPattern(llvm::StringRef Pattern, llvm::StringRef Word);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_INSTRUCTIONTABLE_H

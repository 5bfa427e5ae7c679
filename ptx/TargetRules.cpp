//===- ptx/TargetRules.cpp - What each instruction needs of the target ----===//
//
// One row per construct: an opcode (or any), the modifiers that must all be
// present (a type name matches a type modifier), the target and the PTX ISA
// version. A row may exclude opcodes (bf16 arithmetic other than
// fma/min/max/abs/neg/cvt needs sm_90). Rows are the documented thresholds
// of the PTX ISA (9.0); each was checked against ptxas 13.
//
//===----------------------------------------------------------------------===//

#include "ptx/TargetRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

std::optional<SmTarget> SmTarget::parse(StringRef Name) {
  if (!Name.consume_front("sm_"))
    return std::nullopt;
  SmTarget T;
  if (Name.consume_back("a") || Name.consume_back("f"))
    T.ArchSpecific = true;
  if (Name.getAsInteger(10, T.Sm))
    return std::nullopt;
  return T;
}

std::string SmTarget::str() const {
  return "sm_" + utostr(Sm) + (ArchSpecific ? "a" : "");
}

std::pair<unsigned, unsigned> ptxVersionOfTarget(const SmTarget &T) {
  if (T.ArchSpecific && T.Sm == 90)
    return {8, 0};
  switch (T.Sm) {
  case 50:
  case 52:
    return {4, 0};
  case 53:
    return {4, 2};
  case 60:
  case 61:
  case 62:
    return {5, 0};
  case 70:
    return {6, 0};
  case 72:
    return {6, 1};
  case 75:
    return {6, 3};
  case 80:
    return {7, 0};
  case 86:
    return {7, 1};
  case 87:
    return {7, 4};
  case 88:
    return {7, 3};
  case 89:
  case 90:
    return {7, 8};
  case 100:
    return {8, 6};
  case 103:
  case 121:
    return {8, 8};
  case 110:
    return {9, 0};
  case 120:
    return {8, 7};
  default:
    return {0, 0};
  }
}

namespace {

/// Whether a rule needs an architecture-specific target (`sm_90a`).
enum Arch : uint8_t {
  Portable,
  /// Any sm_XXa/sm_XXf of at least the rule's sm (setmaxnreg).
  AnySpecific,
  /// Exactly sm_XXa (wgmma: sm_90a only).
  ExactlySpecific,
};

struct Rule {
  const char *What;
  /// Empty: any opcode.
  const char *Opcode;
  /// Modifiers (or type names) that must all be present.
  std::vector<const char *> Mods;
  unsigned Sm;
  Arch A;
  unsigned Major, Minor;
  /// Opcodes the rule does not apply to (with an empty Opcode).
  std::vector<const char *> Except = {};
};

/// The instructions that take bf16 on sm_80 (arithmetic on bf16 is
/// sm_90's; the matrix instructions have their own rules).
const std::vector<const char *> kBf16Sm80 = {
    "fma", "min",  "max", "abs", "neg",  "cvt",   "ld",      "st",
    "mov", "atom", "red", "mma", "wmma", "wgmma", "ldmatrix"};

const std::vector<Rule> &rules() {
  static const std::vector<Rule> R = {
      // Warp-synchronous instructions.
      {"shfl.sync", "shfl", {"sync"}, 30, Portable, 6, 0},
      {"vote.sync", "vote", {"sync"}, 30, Portable, 6, 0},
      {"bar.warp.sync", "bar", {"warp", "sync"}, 30, Portable, 6, 0},
      {"barrier", "barrier", {}, 30, Portable, 6, 0},
      {"fns", "fns", {}, 30, Portable, 6, 0},
      {"activemask", "activemask", {}, 30, Portable, 6, 2},
      {"match.sync", "match", {}, 70, Portable, 6, 0},
      {"redux.sync", "redux", {}, 80, Portable, 7, 0},
      {"nanosleep", "nanosleep", {}, 70, Portable, 6, 3},
      // Memory consistency.
      {".acquire", "", {"acquire"}, 70, Portable, 6, 0},
      {".release", "", {"release"}, 70, Portable, 6, 0},
      {".acq_rel", "", {"acq_rel"}, 70, Portable, 6, 0},
      {".relaxed", "", {"relaxed"}, 70, Portable, 6, 0},
      {"fence.sc", "fence", {"sc"}, 70, Portable, 6, 0},
      {".cluster scope", "", {"cluster"}, 90, Portable, 7, 8},
      {".shared::cluster", "", {"shared::cluster"}, 90, Portable, 7, 8},
      {"fence.proxy.async", "fence", {"proxy", "async"}, 90, Portable, 8, 0},
      // Asynchronous copies and barriers.
      {"cp.async", "cp", {"async"}, 80, Portable, 7, 0},
      {"cp.async.bulk", "cp", {"async", "bulk"}, 90, Portable, 8, 0},
      {"mbarrier", "mbarrier", {}, 80, Portable, 7, 0},
      {"st.async", "st", {"async"}, 90, Portable, 8, 1},
      {"red.async", "red", {"async"}, 90, Portable, 8, 1},
      {"multimem", "multimem", {}, 90, Portable, 8, 1},
      {"prefetch.tensormap", "prefetch", {"tensormap"}, 90, Portable, 8, 0},
      // Cache control.
      {"createpolicy", "createpolicy", {}, 80, Portable, 7, 4},
      {"applypriority", "applypriority", {}, 80, Portable, 7, 4},
      {"discard", "discard", {}, 80, Portable, 7, 4},
      {".L2::cache_hint", "", {"L2::cache_hint"}, 80, Portable, 7, 4},
      {".L2::256B", "", {"L2::256B"}, 80, Portable, 7, 4},
      {".L2::64B", "", {"L2::64B"}, 75, Portable, 7, 4},
      {".L2::128B", "", {"L2::128B"}, 75, Portable, 7, 4},
      // Clusters and Hopper features.
      {"elect.sync", "elect", {}, 90, Portable, 8, 0},
      {"griddepcontrol", "griddepcontrol", {}, 90, Portable, 7, 8},
      {"mapa", "mapa", {}, 90, Portable, 7, 8},
      {"getctarank", "getctarank", {}, 90, Portable, 7, 8},
      {"barrier.cluster", "barrier", {"cluster"}, 90, Portable, 7, 8},
      {"setmaxnreg", "setmaxnreg", {}, 90, AnySpecific, 8, 0},
      {"wgmma", "wgmma", {}, 90, ExactlySpecific, 8, 0},
      {"stmatrix", "stmatrix", {}, 90, Portable, 7, 8},
      {"ldmatrix", "ldmatrix", {}, 75, Portable, 6, 5},
      {"movmatrix", "movmatrix", {}, 75, Portable, 7, 8},
      // Integer.
      {"dp4a", "dp4a", {}, 61, Portable, 5, 0},
      {"dp2a", "dp2a", {}, 61, Portable, 5, 0},
      {"szext", "szext", {}, 70, Portable, 7, 6},
      {"bmsk", "bmsk", {}, 70, Portable, 7, 6},
      // Floating point.
      {"tanh", "tanh", {}, 75, Portable, 7, 0},
      {"ex2.f16", "ex2", {"f16"}, 75, Portable, 7, 0},
      {"ex2.f16x2", "ex2", {"f16x2"}, 75, Portable, 7, 0},
      {".NaN", "", {"NaN"}, 80, Portable, 7, 0},
      {".xorsign", "", {"xorsign"}, 86, Portable, 7, 2},
      {".relu", "", {"relu"}, 80, Portable, 7, 0},
      {".bf16", "", {"bf16"}, 80, Portable, 7, 0},
      {".bf16x2", "", {"bf16x2"}, 80, Portable, 7, 0},
      // bf16 arithmetic beyond fma/min/max/abs/neg/cvt came with sm_90.
      {".bf16 arithmetic", "", {"bf16"}, 90, Portable, 7, 8, kBf16Sm80},
      {".bf16x2 arithmetic", "", {"bf16x2"}, 90, Portable, 7, 8, kBf16Sm80},
      {".tf32", "", {"tf32"}, 80, Portable, 7, 0},
      {"cvt.f16x2.f32", "cvt", {"f16x2", "f32"}, 80, Portable, 7, 0},
      {"cvt.bf16x2.f32", "cvt", {"bf16x2", "f32"}, 80, Portable, 7, 0},
      {".e4m3x2", "", {"e4m3x2"}, 89, Portable, 8, 1},
      {".e5m2x2", "", {"e5m2x2"}, 89, Portable, 8, 1},
      // Atomics on floating point.
      {"atom.add.f64", "atom", {"add", "f64"}, 60, Portable, 5, 0},
      {"red.add.f64", "red", {"add", "f64"}, 60, Portable, 5, 0},
      {"atom.add.f16", "atom", {"add", "f16"}, 70, Portable, 6, 3},
      {"red.add.f16", "red", {"add", "f16"}, 70, Portable, 6, 3},
      {"atom.add.f16x2", "atom", {"add", "f16x2"}, 60, Portable, 6, 3},
      {"red.add.f16x2", "red", {"add", "f16x2"}, 60, Portable, 6, 3},
      {"atom.add.bf16", "atom", {"add", "bf16"}, 90, Portable, 7, 8},
      {"red.add.bf16", "red", {"add", "bf16"}, 90, Portable, 7, 8},
      {"atom.add.bf16x2", "atom", {"add", "bf16x2"}, 90, Portable, 7, 8},
      {"red.add.bf16x2", "red", {"add", "bf16x2"}, 90, Portable, 7, 8},
  };
  return R;
}

struct SpecialRule {
  const char *Name;
  unsigned Sm;
  unsigned Major, Minor;
};

const SpecialRule SpecialRules[] = {
    {"%globaltimer", 30, 3, 1},      {"%globaltimer_lo", 30, 3, 1},
    {"%globaltimer_hi", 30, 3, 1},   {"%clusterid", 90, 7, 8},
    {"%nclusterid", 90, 7, 8},       {"%cluster_ctaid", 90, 7, 8},
    {"%cluster_nctaid", 90, 7, 8},   {"%cluster_ctarank", 90, 7, 8},
    {"%cluster_nctarank", 90, 7, 8}, {"%is_explicit_cluster", 90, 7, 8},
};

void addSpecials(const Operand &Op, std::vector<Requirement> &Out) {
  if (Op.K == Operand::Kind::SpecialRegister) {
    for (const SpecialRule &S : SpecialRules)
      if (Op.Name == S.Name)
        Out.push_back({S.Name, {S.Sm, false}, false, S.Major, S.Minor, Op.Loc});
  }
  for (const Operand &E : Op.Elements)
    addSpecials(E, Out);
}

} // namespace

std::vector<Requirement> requirementsOf(const Instruction &I) {
  std::vector<Requirement> Out;
  auto Has = [&](StringRef M) -> const Modifier * {
    for (const Modifier &Mod : I.Modifiers)
      if (Mod.Name == M)
        return &Mod;
    return nullptr;
  };
  // Instruction rules first, then modifier rules: a diagnostic names the
  // instruction (`st.async`) before one of its modifiers.
  for (bool OfOpcode : {true, false})
    for (const Rule &R : rules()) {
      if (bool(*R.Opcode) != OfOpcode)
        continue;
      if (*R.Opcode && I.Opcode != R.Opcode)
        continue;
      if (is_contained(R.Except, StringRef(I.Opcode)))
        continue;
      SMLoc Loc = I.OpcodeLoc;
      bool All = true;
      for (const char *M : R.Mods) {
        const Modifier *Mod = Has(M);
        if (!Mod) {
          All = false;
          break;
        }
        if (!*R.Opcode)
          Loc = Mod->Loc; // a modifier rule points at the modifier
      }
      if (All)
        Out.push_back({R.What,
                       {R.Sm, R.A != Portable},
                       R.A == ExactlySpecific,
                       R.Major,
                       R.Minor,
                       Loc});
    }
  for (const Operand &Op : I.Operands)
    addSpecials(Op, Out);
  return Out;
}

} // namespace ptx
} // namespace cumetal

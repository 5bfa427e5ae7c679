//===- air/AIRIntrinsics.cpp - The AIR intrinsic vocabulary ---------------===//
//
// Name classification for the AIR dialect verifier. An `air.*` name is split
// at its dots into an operation and a type suffix; the operation selects a
// family from the tables below (air-abi.md §4.1-§4.7) and the family's rule
// decides which suffixes are valid. Suffix tokens follow Apple's mangling:
// `f16 f32 bf16 i8 i16 i32 i64`, `v<N>` for vectors, a separate `s`/`u` token
// before integer types whose operation depends on signedness, and
// `p<AS><elt>` for pointer operands of the simdgroup_matrix ops.
//
// `llvm.*` names are resolved to LLVM 14 intrinsic IDs, so that type
// mangling (`llvm.memcpy.p0i8.p1i8.i64`) and look-alike names
// (`llvm.memcpy.inline`) are told apart exactly, and then looked up in the
// accepted/rejected table of air-abi.md §4.8.
//
//===----------------------------------------------------------------------===//

#include "air/AIRIntrinsics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Intrinsics.h"

#include <optional>

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

//===----------------------------------------------------------------------===//
// Type-suffix grammar
//===----------------------------------------------------------------------===//

/// Scalar element types, as a bit set so that a family can list several.
enum ScalarBits : unsigned {
  F16 = 1u << 0,
  F32 = 1u << 1,
  BF16 = 1u << 2,
  I8 = 1u << 3,
  I16 = 1u << 4,
  I32 = 1u << 5,
  I64 = 1u << 6,
};
constexpr unsigned AnyFloat = F16 | F32 | BF16;
constexpr unsigned AnyInt = I8 | I16 | I32 | I64;

unsigned parseScalar(StringRef S) {
  return StringSwitch<unsigned>(S)
      .Case("f16", F16)
      .Case("f32", F32)
      .Case("bf16", BF16)
      .Case("i8", I8)
      .Case("i16", I16)
      .Case("i32", I32)
      .Case("i64", I64)
      .Default(0);
}

/// One type token: a scalar (`f32`) or a vector of scalars (`v4f32`).
struct TypeToken {
  unsigned Scalar = 0; ///< one ScalarBits value
  unsigned Lanes = 1;
};

std::optional<TypeToken> parseTypeToken(StringRef Tok) {
  TypeToken T;
  if (Tok.consume_front("v")) {
    // consumeInteger would accept "v04f32"; Apple never writes a leading 0.
    if (Tok.startswith("0") || Tok.consumeInteger(10, T.Lanes) || T.Lanes < 2)
      return std::nullopt;
  }
  T.Scalar = parseScalar(Tok);
  if (!T.Scalar)
    return std::nullopt;
  return T;
}

/// A pointer token of the simdgroup_matrix ops: `p<AS><scalar>`, e.g. `p3f32`.
struct PointerToken {
  unsigned AddrSpace = 0;
  unsigned Scalar = 0;
};

std::optional<PointerToken> parsePointerToken(StringRef Tok) {
  PointerToken P;
  if (!Tok.consume_front("p") || Tok.consumeInteger(10, P.AddrSpace))
    return std::nullopt;
  P.Scalar = parseScalar(Tok);
  if (!P.Scalar)
    return std::nullopt;
  return P;
}

/// What a family accepts as its element-type suffix.
struct ElementRule {
  unsigned Scalars; ///< ScalarBits allowed
  bool Vectors;     ///< whether 2-, 3- and 4-lane vectors are allowed
  bool SignedInts;  ///< integer elements carry an `s`/`u` token, floats never
};

/// Matches the suffix tokens \p Toks (everything after the operation) against
/// \p R: `[s|u .] type`.
bool matchElement(ArrayRef<StringRef> Toks, const ElementRule &R) {
  bool HasSign = !Toks.empty() && (Toks.front() == "s" || Toks.front() == "u");
  if (HasSign)
    Toks = Toks.drop_front();
  if (Toks.size() != 1)
    return false;
  std::optional<TypeToken> T = parseTypeToken(Toks.front());
  if (!T || !(T->Scalar & R.Scalars))
    return false;
  if (T->Lanes != 1 && !(R.Vectors && T->Lanes <= 4))
    return false;
  bool IsInt = T->Scalar & AnyInt;
  return HasSign == (IsInt && R.SignedInts);
}

//===----------------------------------------------------------------------===//
// air.* families
//===----------------------------------------------------------------------===//

/// Names that take no type suffix, or have exactly one spelling.
const StringLiteral ExactNames[] = {
    // §4.1 barriers and fences.
    "wg.barrier",
    "simdgroup.barrier",
    "atomic.fence",
    // §4.3 whole-group predicates (seen in public Apple dumps, uncertain).
    "simd_all",
    "simd_any",
    // §4.5 integer.
    "mad_sat.u.i32",
    // §4.7 device printf.
    "os_log",
};

// §4.3: f32, f16 and signed/unsigned i8/i16/i32, scalars and 2-4 vectors.
constexpr ElementRule SimdElement = {F32 | F16 | I8 | I16 | I32, true, true};
// §4.3: ballots and votes always use a 64-bit mask: `.i64` and nothing else.
constexpr ElementRule Mask64 = {I64, false, false};
// §4.5: integer ops whose result depends on signedness (`abs.s.i32`).
constexpr ElementRule SignedInteger = {AnyInt, true, true};
// §4.5: bit ops spell the type without signedness (`clz.i32`).
constexpr ElementRule BitInteger = {AnyInt, true, false};

/// An operation followed by one element-type suffix: `air.<Op>.<suffix>`.
struct Family {
  StringLiteral Op;
  ElementRule Rule;
};

const Family Families[] = {
    // §4.3 SIMD-group data movement.
    {"simd_shuffle", SimdElement},
    {"simd_shuffle_up", SimdElement},
    {"simd_shuffle_down", SimdElement},
    {"simd_shuffle_xor", SimdElement},
    {"simd_shuffle_and_fill_up", SimdElement},
    {"simd_shuffle_and_fill_down", SimdElement},
    {"simd_ballot", Mask64},
    {"simd_vote_all", Mask64},
    {"simd_vote_any", Mask64},
    // §4.3 SIMD-group reductions and scans.
    {"simd_sum", SimdElement},
    {"simd_min", SimdElement},
    {"simd_max", SimdElement},
    {"simd_prefix_inclusive_sum", SimdElement},
    {"simd_prefix_exclusive_sum", SimdElement},
    // §4.3 quad-group ops: the shapes of the SIMD shuffle/ballot/vote ops.
    {"quad_shuffle", SimdElement},
    {"quad_shuffle_up", SimdElement},
    {"quad_shuffle_down", SimdElement},
    {"quad_shuffle_xor", SimdElement},
    {"quad_shuffle_and_fill_up", SimdElement},
    {"quad_shuffle_and_fill_down", SimdElement},
    {"quad_ballot", Mask64},
    {"quad_vote_all", Mask64},
    {"quad_vote_any", Mask64},
    // §4.5 integer arithmetic.
    {"abs", SignedInteger},
    {"min", SignedInteger},
    {"max", SignedInteger},
    {"min3", SignedInteger},
    {"max3", SignedInteger},
    {"mul_hi", SignedInteger},
    // §4.5 bit counting, same signatures as the LLVM intrinsics.
    {"clz", BitInteger},
    {"ctz", BitInteger},
    {"popcount", BitInteger},
    {"reverse_bits", BitInteger},
};

/// A floating-point math operation (§4.5): `air.<Op>.<t>` when Precise,
/// `air.fast_<Op>.f32` when Fast. Precise forms take f32, f16 and bf16; fast
/// forms f32 only (half always uses the precise name).
struct MathOp {
  StringLiteral Op;
  bool Precise;
  bool Fast;
  bool Vectors; ///< 2-4 lane vector forms exist
};

const MathOp MathOps[] = {
    // Roots, exponentials and logarithms.
    {"sqrt", true, true, true},
    {"rsqrt", true, true, true},
    {"exp", true, true, true},
    {"exp2", true, true, true},
    {"exp10", true, true, true},
    {"log", true, true, true},
    {"log2", true, true, true},
    {"log10", true, true, true},
    {"pow", true, true, true},
    {"powr", true, true, true},
    // Trigonometric and hyperbolic.
    {"sin", true, true, true},
    {"cos", true, true, true},
    {"tan", true, true, true},
    {"asin", true, true, true},
    {"acos", true, true, true},
    {"atan", true, true, true},
    {"atan2", true, true, true},
    {"sinh", true, true, true},
    {"cosh", true, true, true},
    {"tanh", true, true, true},
    {"asinh", true, true, true},
    {"acosh", true, true, true},
    {"atanh", true, true, true},
    {"sinpi", true, true, true},
    {"cospi", true, true, true},
    {"tanpi", true, true, true},
    // `float (float x, float *cos_out)`; Metal.jl also uses the fast form.
    {"sincos", true, true, false},
    // Rounding.
    {"floor", true, true, true},
    {"ceil", true, true, true},
    {"trunc", true, true, true},
    {"rint", true, true, true},
    {"round", true, true, true},
    {"fract", true, true, true},
    // Miscellaneous. AIR has no vector fmin/fmax (GPUCompiler scalarizes).
    {"fabs", true, true, true},
    {"fmin", true, true, false},
    {"fmax", true, true, false},
    {"fma", true, false, true}, // no fast variant
    {"clamp", false, true, false},
    {"nextafter", true, false, false},
};

bool matchMath(StringRef Op, ArrayRef<StringRef> Suffix) {
  bool IsFast = Op.consume_front("fast_");
  for (const MathOp &M : MathOps) {
    if (M.Op != Op)
      continue;
    if (IsFast ? !M.Fast : !M.Precise)
      return false;
    ElementRule R = {IsFast ? unsigned(F32) : AnyFloat, M.Vectors, false};
    return matchElement(Suffix, R);
  }
  return false;
}

bool matchFamily(StringRef Op, ArrayRef<StringRef> Suffix) {
  for (const Family &F : Families)
    if (F.Op == Op)
      return matchElement(Suffix, F.Rule);
  return matchMath(Op, Suffix);
}

/// §4.2: `atomic.{global|local}.<op>[.<s|u>].<type>`. Types are 32-bit only;
/// 64-bit atomic names are not established.
constexpr ElementRule AtomicPlain = {I32 | F32, false, false}; // `i32`, `f32`
constexpr ElementRule AtomicArith = {I32 | F32, false, true};  // `s.i32`, `f32`
constexpr ElementRule AtomicBitwise = {I32, false, true};      // `u.i32`

struct AtomicOp {
  StringLiteral Op; ///< may contain dots (`cmpxchg.weak`)
  ElementRule Rule;
};

const AtomicOp AtomicOps[] = {
    {"load", AtomicPlain},
    {"store", AtomicPlain},
    {"xchg", AtomicPlain},
    {"cmpxchg.weak", AtomicPlain},
    // f32 add/sub: device memory; threadgroup memory from Metal 4.1 on.
    {"add", AtomicArith},
    {"sub", AtomicArith},
    {"min", AtomicBitwise},
    {"max", AtomicBitwise},
    {"and", AtomicBitwise},
    {"or", AtomicBitwise},
    {"xor", AtomicBitwise},
};

bool matchAtomic(StringRef Rest) {
  if (!Rest.consume_front("global.") && !Rest.consume_front("local."))
    return false;
  for (const AtomicOp &A : AtomicOps) {
    StringRef Suffix = Rest;
    if (!Suffix.consume_front(A.Op) || !Suffix.consume_front("."))
      continue;
    SmallVector<StringRef, 4> Toks;
    SplitString(Suffix, Toks, ".");
    return matchElement(Toks, A.Rule);
  }
  return false;
}

/// One side of a conversion: a kind (`f`, `s`, `u`) and a type that fits it.
std::optional<TypeToken> parseConvertOperand(StringRef Kind, StringRef Type) {
  std::optional<TypeToken> T = parseTypeToken(Type);
  if (!T || T->Lanes > 4)
    return std::nullopt;
  unsigned Allowed = Kind == "f"                    ? AnyFloat
                     : (Kind == "s" || Kind == "u") ? AnyInt
                                                    : 0;
  if (!(T->Scalar & Allowed))
    return std::nullopt;
  return T;
}

/// §4.6: `convert.<dst kind>.<dst type>.<src kind>.<src type>`.
bool matchConvert(ArrayRef<StringRef> Toks) {
  if (Toks.size() != 4)
    return false;
  std::optional<TypeToken> Dst = parseConvertOperand(Toks[0], Toks[1]);
  std::optional<TypeToken> Src = parseConvertOperand(Toks[2], Toks[3]);
  if (!Dst || !Src || Dst->Lanes != Src->Lanes)
    return false;
  return !(Toks[0] == Toks[2] && Toks[1] == Toks[3]); // not an identity
}

/// §4.4 element types of simdgroup matrices.
constexpr unsigned MatrixScalars = F16 | F32 | BF16;

/// A `v64<t>` matrix token; returns its scalar, or 0.
unsigned parseMatrixToken(StringRef Tok) {
  std::optional<TypeToken> T = parseTypeToken(Tok);
  if (!T || T->Lanes != 64 || !(T->Scalar & MatrixScalars))
    return 0;
  return T->Scalar;
}

/// §4.4: `simdgroup_matrix_8x8_<op>.<types>`.
bool matchSimdgroupMatrix(StringRef Op, ArrayRef<StringRef> Toks) {
  if (Op == "load" || Op == "store") {
    // `.v64<t>.p<AS><t>`: device or threadgroup memory of the same type.
    if (Toks.size() != 2)
      return false;
    unsigned Elt = parseMatrixToken(Toks[0]);
    std::optional<PointerToken> P = parsePointerToken(Toks[1]);
    return Elt && P && P->Scalar == Elt &&
           (P->AddrSpace == 1 || P->AddrSpace == 3);
  }
  if (Op == "multiply_accumulate") {
    // `.v64<d>.v64<a>.v64<b>.v64<c>`: d = a * b + c. Mixed precision keeps
    // the operand types equal and the accumulator type equal to the result.
    if (Toks.size() != 4 || !all_of(Toks, parseMatrixToken))
      return false;
    return Toks[0] == Toks[3] && Toks[1] == Toks[2];
  }
  if (Op == "init_filled") {
    // `.v64<t>.<t>`.
    if (Toks.size() != 2)
      return false;
    unsigned Elt = parseMatrixToken(Toks[0]);
    return Elt && parseScalar(Toks[1]) == Elt;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// llvm.* intrinsics
//===----------------------------------------------------------------------===//

const char *const LowerToAIRMath =
    "Apple's backend cannot legalize it; lower it to air.* math";

/// One row of air-abi.md §4.8. A null Reason means accepted. Names ending in
/// '.' are prefixes of a family (`llvm.vector.reduce.`).
struct LLVMRule {
  StringLiteral Name;
  const char *Reason;
};

const LLVMRule LLVMRules[] = {
    // Accepted (observed at pipeline creation).
    {"llvm.memcpy", nullptr},
    {"llvm.memset", nullptr},
    {"llvm.memmove", nullptr},
    {"llvm.sqrt", nullptr},
    {"llvm.exp", nullptr},
    {"llvm.exp2", nullptr},
    {"llvm.log", nullptr},
    {"llvm.log2", nullptr},
    {"llvm.fabs", nullptr},
    {"llvm.floor", nullptr},
    {"llvm.ceil", nullptr},
    {"llvm.trunc", nullptr},
    {"llvm.round", nullptr},
    {"llvm.rint", nullptr},
    {"llvm.fma", nullptr},
    {"llvm.fmuladd", nullptr},
    {"llvm.minnum", nullptr},
    {"llvm.maxnum", nullptr},
    {"llvm.copysign", nullptr},
    {"llvm.ctlz", nullptr},
    {"llvm.cttz", nullptr},
    {"llvm.ctpop", nullptr},
    {"llvm.bswap", nullptr},
    {"llvm.bitreverse", nullptr},
    {"llvm.umin", nullptr},
    {"llvm.umax", nullptr},
    {"llvm.smin", nullptr},
    {"llvm.smax", nullptr},
    {"llvm.uadd.sat", nullptr},
    {"llvm.usub.sat", nullptr},
    {"llvm.sadd.sat", nullptr},
    {"llvm.ssub.sat", nullptr},
    {"llvm.ushl.sat", nullptr},
    {"llvm.sshl.sat", nullptr},
    {"llvm.sadd.with.overflow", nullptr},
    {"llvm.uadd.with.overflow", nullptr},
    {"llvm.ssub.with.overflow", nullptr},
    {"llvm.usub.with.overflow", nullptr},
    {"llvm.smul.with.overflow", nullptr},
    {"llvm.umul.with.overflow", nullptr},
    {"llvm.assume", nullptr},
    // Uncertain in air-abi.md §4.8 (Metal.jl emits them, GPUCompiler strips
    // them elsewhere); listed in its accepted column.
    {"llvm.lifetime.start", nullptr},
    {"llvm.lifetime.end", nullptr},
    // Debug info. Apple's own `-g` output carries DWARF metadata (fixture
    // metaljl-debuginfo.14; its empty kernel has no variables, so no calls),
    // and a Clang-based compiler describes variables with these under -g.
    // They generate no code.
    {"llvm.dbg.declare", nullptr},
    {"llvm.dbg.value", nullptr},
    {"llvm.dbg.label", nullptr},

    // Rejected: crash or abort Apple's backend.
    {"llvm.trap", "traps wedge Apple GPUs until reboot (air-abi.md §6)"},
    {"llvm.debugtrap", "traps wedge Apple GPUs until reboot (air-abi.md §6)"},
    {"llvm.sin", LowerToAIRMath},
    {"llvm.cos", LowerToAIRMath},
    {"llvm.tan", LowerToAIRMath},
    {"llvm.log10", LowerToAIRMath},
    {"llvm.pow", LowerToAIRMath},
    {"llvm.powi", LowerToAIRMath},
    {"llvm.exp10", LowerToAIRMath},
    {"llvm.ldexp", LowerToAIRMath},
    {"llvm.minimum", LowerToAIRMath},
    {"llvm.maximum", LowerToAIRMath},
    {"llvm.nearbyint", LowerToAIRMath},
    {"llvm.roundeven", LowerToAIRMath},
    {"llvm.vector.reduce.",
     "Apple's backend cannot legalize vector reductions; expand them"},
};

const char *const NotKnownAccepted =
    "not known to be accepted by Apple's backend";

/// Whether \p Name falls under \p Rule: equal, or a member of a prefix family.
bool ruleCovers(StringRef RuleName, StringRef Name) {
  if (RuleName.endswith("."))
    return Name.startswith(RuleName);
  return Name == RuleName;
}

/// Same, for a name LLVM 14 does not know: the rule name followed by type
/// mangling (`llvm.tan.f32`).
bool ruleCoversMangled(StringRef RuleName, StringRef Name) {
  if (RuleName.endswith("."))
    return Name.startswith(RuleName);
  return Name.consume_front(RuleName) && (Name.empty() || Name[0] == '.');
}

} // namespace

bool isKnownAIRIntrinsic(StringRef Name) {
  if (!Name.consume_front("air."))
    return false;
  if (is_contained(ExactNames, Name))
    return true;
  if (Name.consume_front("atomic."))
    return matchAtomic(Name);

  SmallVector<StringRef, 8> Toks;
  Name.split(Toks, '.');
  if (any_of(Toks, [](StringRef T) { return T.empty(); }))
    return false;
  StringRef Op = Toks.front();
  ArrayRef<StringRef> Suffix = makeArrayRef(Toks).drop_front();
  if (Op == "convert")
    return matchConvert(Suffix);
  if (Op.consume_front("simdgroup_matrix_8x8_"))
    return matchSimdgroupMatrix(Op, Suffix);
  return matchFamily(Op, Suffix);
}

LLVMIntrinsicStatus classifyLLVMIntrinsic(StringRef Name) {
  LLVMIntrinsicStatus S;
  if (!Name.startswith("llvm.")) {
    S.Reason = "not an llvm.* intrinsic";
    return S;
  }
  Intrinsic::ID ID = Function::lookupIntrinsicID(Name);
  if (ID == Intrinsic::not_intrinsic) {
    // Not an LLVM 14 intrinsic, but still say why if §4.8 names it.
    for (const LLVMRule &R : LLVMRules)
      if (R.Reason && ruleCoversMangled(R.Name, Name)) {
        S.Reason = R.Reason;
        return S;
      }
    S.Reason = "not an LLVM 14 intrinsic";
    return S;
  }
  StringRef Base = Intrinsic::getBaseName(ID);
  for (const LLVMRule &R : LLVMRules) {
    if (!ruleCovers(R.Name, Base))
      continue;
    if (R.Reason)
      S.Reason = R.Reason;
    else
      S.Status = LLVMIntrinsicStatus::Accepted;
    return S;
  }
  S.Reason = NotKnownAccepted;
  return S;
}

} // namespace air
} // namespace cumetal

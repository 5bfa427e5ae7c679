//===- ptx/Types.h - PTX data types and state spaces ------------*- C++ -*-===//
//
// The fundamental and alternate data types of PTX ISA 9.0 (§5.2: `.b8` to
// `.b128`, `.u8` to `.u64`, `.s8` to `.s64`, `.f16` to `.f64`, `.pred`,
// the packed and narrow floating-point formats `.f16x2`, `.bf16`, `.tf32`,
// `.e4m3`..., the packed integers `.u16x2`..., and the opaque `.texref`,
// `.samplerref`, `.surfref`), with their sizes and classes, and the state
// spaces (§5.1). Shared by the AST, the instruction table and the checker.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_TYPES_H
#define CUMETAL_PTX_TYPES_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace cumetal {
namespace ptx {

enum class Type : uint8_t {
  None,
  Pred,
  B8,
  B16,
  B32,
  B64,
  B128,
  U8,
  U16,
  U32,
  U64,
  S8,
  S16,
  S32,
  S64,
  F16,
  F32,
  F64,
  // Alternate and packed floating-point formats.
  F16x2,
  BF16,
  BF16x2,
  TF32,
  F32x2,
  E4M3,
  E5M2,
  E2M1,
  E2M3,
  E3M2,
  UE8M0,
  UE4M3,
  E4M3x2,
  E5M2x2,
  E2M1x2,
  E2M3x2,
  E3M2x2,
  UE8M0x2,
  S2F6x2,
  E4M3x4,
  E5M2x4,
  E2M1x4,
  E2M3x4,
  E3M2x4,
  // Packed integers.
  U16x2,
  S16x2,
  U8x4,
  S8x4,
  // Sub-byte matrix element types (mma, wmma).
  B1,
  U4,
  S4,
  // Opaque handles.
  TexRef,
  SamplerRef,
  SurfRef,
};

/// How a type's bits are interpreted (PTX ISA §9.4 type-checking rules).
enum class TypeClass : uint8_t {
  None,
  Pred,
  Bit,
  Unsigned,
  Signed,
  Float,
  /// Packed integers (.u16x2, .s8x4...).
  PackedInt,
  Opaque,
};

/// `.u32` -> Type::U32 (the name without its dot); nullopt if not a type.
std::optional<Type> parseType(llvm::StringRef Name);
/// "u32" for Type::U32.
llvm::StringRef typeName(Type T);
/// Size in bits (0 for None, Pred and opaque types).
unsigned typeBits(Type T);
TypeClass typeClass(Type T);
/// Whether `.reg`/`.global`... may be declared with this type.
bool isDeclarableType(Type T);
/// The integer type of the same signedness and twice the width (u16 ->
/// u32), or None. Used for `.wide` results.
Type doubleWidth(Type T);

enum class StateSpace : uint8_t {
  None,
  Reg,
  SReg,
  Const,
  Global,
  Local,
  Param,
  Shared,
  Tex,
};

/// `.global` -> Global (without the dot, sub-qualifier ignored:
/// `shared::cta` -> Shared); nullopt otherwise.
std::optional<StateSpace> parseStateSpace(llvm::StringRef Name);
llvm::StringRef stateSpaceName(StateSpace S);

/// A predefined identifier of PTX ISA §10 (special registers) and §4.4.
struct SpecialRegister {
  /// `%tid`, `%laneid`, `%envreg3`...
  llvm::StringRef Name;
  /// The type of the register, or of one component for vectors.
  Type T;
  /// `%tid`, `%ntid`, `%ctaid`... are `.v4` registers read as `%tid.x`.
  bool HasComponents;
};

/// The special register named \p Name (with its `%`), or nullopt.
std::optional<SpecialRegister> lookupSpecialRegister(llvm::StringRef Name);

} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_TYPES_H

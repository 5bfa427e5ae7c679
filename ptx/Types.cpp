//===- ptx/Types.cpp - PTX data types and state spaces --------------------===//
//
// Names, sizes and classes of the PTX types (see Types.h).
//
//===----------------------------------------------------------------------===//

#include "ptx/Types.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {
struct TypeInfo {
  Type T;
  const char *Name;
  unsigned Bits;
  TypeClass Class;
  bool Declarable;
};

// In enum order.
const TypeInfo Infos[] = {
    {Type::None, "", 0, TypeClass::None, false},
    {Type::Pred, "pred", 0, TypeClass::Pred, true},
    {Type::B8, "b8", 8, TypeClass::Bit, true},
    {Type::B16, "b16", 16, TypeClass::Bit, true},
    {Type::B32, "b32", 32, TypeClass::Bit, true},
    {Type::B64, "b64", 64, TypeClass::Bit, true},
    {Type::B128, "b128", 128, TypeClass::Bit, true},
    {Type::U8, "u8", 8, TypeClass::Unsigned, true},
    {Type::U16, "u16", 16, TypeClass::Unsigned, true},
    {Type::U32, "u32", 32, TypeClass::Unsigned, true},
    {Type::U64, "u64", 64, TypeClass::Unsigned, true},
    {Type::S8, "s8", 8, TypeClass::Signed, true},
    {Type::S16, "s16", 16, TypeClass::Signed, true},
    {Type::S32, "s32", 32, TypeClass::Signed, true},
    {Type::S64, "s64", 64, TypeClass::Signed, true},
    {Type::F16, "f16", 16, TypeClass::Float, true},
    {Type::F32, "f32", 32, TypeClass::Float, true},
    {Type::F64, "f64", 64, TypeClass::Float, true},
    {Type::F16x2, "f16x2", 32, TypeClass::Float, true},
    {Type::BF16, "bf16", 16, TypeClass::Float, true},
    {Type::BF16x2, "bf16x2", 32, TypeClass::Float, true},
    {Type::TF32, "tf32", 32, TypeClass::Float, false},
    {Type::F32x2, "f32x2", 64, TypeClass::Float, false},
    {Type::E4M3, "e4m3", 8, TypeClass::Float, false},
    {Type::E5M2, "e5m2", 8, TypeClass::Float, false},
    {Type::E2M1, "e2m1", 4, TypeClass::Float, false},
    {Type::E2M3, "e2m3", 8, TypeClass::Float, false},
    {Type::E3M2, "e3m2", 8, TypeClass::Float, false},
    {Type::UE8M0, "ue8m0", 8, TypeClass::Float, false},
    {Type::UE4M3, "ue4m3", 8, TypeClass::Float, false},
    {Type::E4M3x2, "e4m3x2", 16, TypeClass::Float, false},
    {Type::E5M2x2, "e5m2x2", 16, TypeClass::Float, false},
    {Type::E2M1x2, "e2m1x2", 8, TypeClass::Float, false},
    {Type::E2M3x2, "e2m3x2", 16, TypeClass::Float, false},
    {Type::E3M2x2, "e3m2x2", 16, TypeClass::Float, false},
    {Type::UE8M0x2, "ue8m0x2", 16, TypeClass::Float, false},
    {Type::S2F6x2, "s2f6x2", 16, TypeClass::Float, false},
    {Type::E4M3x4, "e4m3x4", 32, TypeClass::Float, false},
    {Type::E5M2x4, "e5m2x4", 32, TypeClass::Float, false},
    {Type::E2M1x4, "e2m1x4", 16, TypeClass::Float, false},
    {Type::E2M3x4, "e2m3x4", 32, TypeClass::Float, false},
    {Type::E3M2x4, "e3m2x4", 32, TypeClass::Float, false},
    {Type::U16x2, "u16x2", 32, TypeClass::PackedInt, false},
    {Type::S16x2, "s16x2", 32, TypeClass::PackedInt, false},
    {Type::U8x4, "u8x4", 32, TypeClass::PackedInt, false},
    {Type::S8x4, "s8x4", 32, TypeClass::PackedInt, false},
    {Type::B1, "b1", 1, TypeClass::Bit, false},
    {Type::U4, "u4", 4, TypeClass::Unsigned, false},
    {Type::S4, "s4", 4, TypeClass::Signed, false},
    {Type::TexRef, "texref", 0, TypeClass::Opaque, true},
    {Type::SamplerRef, "samplerref", 0, TypeClass::Opaque, true},
    {Type::SurfRef, "surfref", 0, TypeClass::Opaque, true},
};

const TypeInfo &info(Type T) { return Infos[static_cast<unsigned>(T)]; }
} // namespace

std::optional<Type> parseType(StringRef Name) {
  for (const TypeInfo &I : Infos)
    if (I.T != Type::None && Name == I.Name)
      return I.T;
  return std::nullopt;
}

StringRef typeName(Type T) { return info(T).Name; }
unsigned typeBits(Type T) { return info(T).Bits; }
TypeClass typeClass(Type T) { return info(T).Class; }
bool isDeclarableType(Type T) { return info(T).Declarable; }

Type doubleWidth(Type T) {
  switch (T) {
  case Type::U8:
    return Type::U16;
  case Type::U16:
    return Type::U32;
  case Type::U32:
    return Type::U64;
  case Type::S8:
    return Type::S16;
  case Type::S16:
    return Type::S32;
  case Type::S32:
    return Type::S64;
  case Type::B8:
    return Type::B16;
  case Type::B16:
    return Type::B32;
  case Type::B32:
    return Type::B64;
  case Type::B64:
    return Type::B128;
  default:
    return Type::None;
  }
}

std::optional<StateSpace> parseStateSpace(StringRef Name) {
  StringRef Base = Name.split("::").first;
  auto S = StringSwitch<StateSpace>(Base)
               .Case("reg", StateSpace::Reg)
               .Case("sreg", StateSpace::SReg)
               .Case("const", StateSpace::Const)
               .Case("global", StateSpace::Global)
               .Case("local", StateSpace::Local)
               .Case("param", StateSpace::Param)
               .Case("shared", StateSpace::Shared)
               .Case("tex", StateSpace::Tex)
               .Default(StateSpace::None);
  if (S == StateSpace::None)
    return std::nullopt;
  return S;
}

StringRef stateSpaceName(StateSpace S) {
  switch (S) {
  case StateSpace::None:
    return "";
  case StateSpace::Reg:
    return "reg";
  case StateSpace::SReg:
    return "sreg";
  case StateSpace::Const:
    return "const";
  case StateSpace::Global:
    return "global";
  case StateSpace::Local:
    return "local";
  case StateSpace::Param:
    return "param";
  case StateSpace::Shared:
    return "shared";
  case StateSpace::Tex:
    return "tex";
  }
  return "";
}

std::optional<SpecialRegister> lookupSpecialRegister(StringRef Name) {
  static const SpecialRegister Regs[] = {
      {"%tid", Type::U32, true},
      {"%ntid", Type::U32, true},
      {"%ctaid", Type::U32, true},
      {"%nctaid", Type::U32, true},
      {"%clusterid", Type::U32, true},
      {"%nclusterid", Type::U32, true},
      {"%cluster_ctaid", Type::U32, true},
      {"%cluster_nctaid", Type::U32, true},
      {"%laneid", Type::U32, false},
      {"%warpid", Type::U32, false},
      {"%nwarpid", Type::U32, false},
      {"%smid", Type::U32, false},
      {"%nsmid", Type::U32, false},
      {"%gridid", Type::U64, false},
      {"%is_explicit_cluster", Type::Pred, false},
      {"%cluster_ctarank", Type::U32, false},
      {"%cluster_nctarank", Type::U32, false},
      {"%lanemask_eq", Type::U32, false},
      {"%lanemask_le", Type::U32, false},
      {"%lanemask_lt", Type::U32, false},
      {"%lanemask_ge", Type::U32, false},
      {"%lanemask_gt", Type::U32, false},
      {"%clock", Type::U32, false},
      {"%clock_hi", Type::U32, false},
      {"%clock64", Type::U64, false},
      {"%globaltimer", Type::U64, false},
      {"%globaltimer_lo", Type::U32, false},
      {"%globaltimer_hi", Type::U32, false},
      {"%reserved_smem_offset_begin", Type::B32, false},
      {"%reserved_smem_offset_end", Type::B32, false},
      {"%reserved_smem_offset_cap", Type::B32, false},
      {"%reserved_smem_offset_0", Type::B32, false},
      {"%reserved_smem_offset_1", Type::B32, false},
      {"%total_smem_size", Type::U32, false},
      {"%aggr_smem_size", Type::U32, false},
      {"%dynamic_smem_size", Type::U32, false},
      {"%current_graph_exec", Type::U64, false},
  };
  for (const SpecialRegister &R : Regs)
    if (R.Name == Name)
      return R;
  // %pm0..%pm7 (.u32), %pm0_64..%pm7_64 (.u64), %envreg0..%envreg31 (.b32).
  unsigned N;
  if (Name.size() == 4 && Name.startswith("%pm") && Name[3] >= '0' &&
      Name[3] <= '7')
    return SpecialRegister{Name, Type::U32, false};
  if (Name.size() == 7 && Name.startswith("%pm") && Name.endswith("_64") &&
      Name[3] >= '0' && Name[3] <= '7')
    return SpecialRegister{Name, Type::U64, false};
  StringRef Digits = Name;
  if (Digits.consume_front("%envreg") && !Digits.empty() &&
      (Digits.size() == 1 || Digits[0] != '0') && !Digits.getAsInteger(10, N) &&
      N < 32)
    return SpecialRegister{Name, Type::B32, false};
  return std::nullopt;
}

} // namespace ptx
} // namespace cumetal

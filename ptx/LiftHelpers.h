//===- ptx/LiftHelpers.h - Helpers of the numeric families ------*- C++ -*-===//
//
// What LiftArithmetic.cpp, LiftFloat.cpp and LiftConvert.cpp share:
//   - the rounding modifiers of an instruction (.rn/.rz/.rm/.rp and the
//     integer roundings .rni/.rzi/.rmi/.rpi) and how cumetal's device
//     library names them (__nv_fadd_rz, _rd, _ru; mode numbers 0-3 of the
//     software binary64 and of ptx_helpers.cu);
//   - bit-level float helpers: PTX's .ftz (subnormal inputs and results
//     become zeros of the same sign), .sat (clamp to [0, 1], NaN to +0),
//     CUDA's canonical NaNs (0x7fffffff, 0x7fffffffffffffff, 0x7fff);
//   - the 16-bit formats, which the shared IR keeps as integer bits (Clang
//     14 cannot compute in half on NVPTX, and cuda_fp16.h does the same):
//     exact widening to float, one rounding back (f16 through
//     __nv_float2half_rn or ptx_helpers.cu, bf16 inline);
//   - calls into the device library, and the float entry points that the
//     integer file forwards shared opcodes (add, mul, min, setp...) to.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_PTX_LIFTHELPERS_H
#define CUMETAL_PTX_LIFTHELPERS_H

#include "ptx/FunctionLifter.h"

namespace cumetal {
namespace ptx {
namespace lift {

/// A floating-point rounding modifier. None: the instruction has none.
enum class Rounding : uint8_t { None, RN, RZ, RM, RP, RNA, RS };
/// An integer rounding modifier of cvt (to an integral value).
enum class IntRounding : uint8_t { None, RNI, RZI, RMI, RPI };

Rounding roundingOf(const Instruction &I);
IntRounding intRoundingOf(const Instruction &I);
/// The device library's suffix: rn, rz, rd (toward -inf), ru.
llvm::StringRef libSuffix(Rounding R);
/// The mode number of the software binary64 and ptx_helpers.cu: 0 to
/// nearest even, 1 toward zero, 2 toward -inf, 3 toward +inf.
unsigned modeNumber(Rounding R);

/// Whether \p T is a floating-point PTX type this family lifts as a float
/// (f16, bf16, f32, f64 and the x2 pairs).
inline bool isFloatType(Type T) {
  return T == Type::F16 || T == Type::F32 || T == Type::F64 ||
         T == Type::F16x2 || T == Type::BF16 || T == Type::BF16x2;
}
inline bool isHalfType(Type T) { return T == Type::F16 || T == Type::BF16; }
inline bool isPairType(Type T) { return T == Type::F16x2 || T == Type::BF16x2; }
/// f16x2 -> f16, bf16x2 -> bf16, others unchanged.
inline Type elementType(Type T) {
  return T == Type::F16x2 ? Type::F16 : T == Type::BF16x2 ? Type::BF16 : T;
}

/// select(\p C, \p T, \p F), folded when the condition is a constant (as
/// with constant shift amounts, bit positions or divisors), so that the
/// address arithmetic RecoverPointers reads stays plain.
inline llvm::Value *sel(llvm::IRBuilder<> &B, llvm::Value *C, llvm::Value *T,
                        llvm::Value *F) {
  if (auto *CI = llvm::dyn_cast<llvm::ConstantInt>(C))
    return CI->isOne() ? T : F;
  return B.CreateSelect(C, T, F);
}

/// A call of the device-library function \p Name (declared on first use).
llvm::Value *callLib(FunctionLifter &L, llvm::StringRef Name, llvm::Type *Ret,
                     llvm::ArrayRef<llvm::Value *> Args);

/// The bits of float/double \p V as i32/i64, and back.
llvm::Value *bitsOf(llvm::IRBuilder<> &B, llvm::Value *V);
llvm::Value *fromBits(llvm::IRBuilder<> &B, llvm::Value *Bits,
                      llvm::Type *FloatTy);
/// CUDA's canonical NaN of float or double type \p T.
llvm::Constant *canonicalNaN(llvm::Type *T);
llvm::Value *isNaN(llvm::IRBuilder<> &B, llvm::Value *V);
/// NaN \p V (float or double) with its quiet bit set.
llvm::Value *quietNaN(llvm::IRBuilder<> &B, llvm::Value *V);
/// \p V with a NaN replaced by the canonical NaN.
llvm::Value *canonicalize(llvm::IRBuilder<> &B, llvm::Value *V);
/// A subnormal float/double becomes the zero of its sign (.ftz).
llvm::Value *flushSubnormal(llvm::IRBuilder<> &B, llvm::Value *V);
/// \p V clamped to [+0, 1]; NaN and -0 become +0 (.sat).
llvm::Value *saturate(llvm::IRBuilder<> &B, llvm::Value *V);
/// The integral value of float/double \p V in rounding \p R (rint, trunc,
/// floor, ceil).
llvm::Value *roundIntegral(FunctionLifter &L, llvm::Value *V, IntRounding R);

/// The 16-bit formats (bits in i16) to float, exactly.
llvm::Value *halfToFloat(FunctionLifter &L, llvm::Value *H, Type T);
/// Float \p F rounded once to f16 or bf16 (\p T) in rounding \p R; NaN
/// becomes the canonical 0x7fff.
llvm::Value *floatToHalf(FunctionLifter &L, llvm::Value *F, Type T, Rounding R);
/// An f16 subnormal becomes the zero of its sign (.ftz of f16 operations).
llvm::Value *flushHalfSubnormal(llvm::IRBuilder<> &B, llvm::Value *H);
/// Splits a 32-bit pair into its low and high 16-bit halves, and joins.
std::pair<llvm::Value *, llvm::Value *> splitPair(llvm::IRBuilder<> &B,
                                                  llvm::Value *V);
llvm::Value *joinPair(llvm::IRBuilder<> &B, llvm::Value *Lo, llvm::Value *Hi);

/// The float comparison of setp/set/slct for \p Cmp (eq, ltu, num...) on
/// float or double values; null for an unknown comparison.
llvm::Value *compareFloat(llvm::IRBuilder<> &B, llvm::StringRef Cmp,
                          llvm::Value *A, llvm::Value *C);

// Float forms of opcodes shared with the integer family (LiftFloat.cpp):
// the integer handlers forward to them when the instruction type is a
// floating-point type.
bool liftFloatBinary(FunctionLifter &L, const Instruction &I); // add sub mul
bool liftFloatFma(FunctionLifter &L, const Instruction &I);    // fma mad
bool liftFloatDiv(FunctionLifter &L, const Instruction &I);
bool liftFloatAbsNeg(FunctionLifter &L, const Instruction &I);
bool liftFloatMinMax(FunctionLifter &L, const Instruction &I);

} // namespace lift
} // namespace ptx
} // namespace cumetal

#endif // CUMETAL_PTX_LIFTHELPERS_H

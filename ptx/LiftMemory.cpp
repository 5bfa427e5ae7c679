//===- ptx/LiftMemory.cpp - Lifting PTX data movement ---------------------===//
//
// ld, ldu, st, mov, cvta and prefetch (PTX ISA §9.7.9):
//   - ld/st of every state space, element type and vector width: one
//     scalar access per element (vector accesses are aligned to the whole
//     vector, as PTX requires); `.volatile` makes volatile accesses,
//     `.relaxed`/`.acquire`/`.release` atomic ones; cache operators and
//     `.nc` (the read-only path, __ldg) change nothing in meaning;
//   - mov of registers, immediates, special registers and addresses of
//     variables (`mov.u64 %rd1, sym`), and the packing moves between a
//     vector of registers and one wider register (element 0 lowest);
//   - cvta to and from the generic space: an address-space cast of the
//     pointer the integer stands for (RecoverPointers follows it);
//   - prefetch is a hint and lifts to nothing.
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

/// The ordering of an `ld`/`st` from its memory-semantics modifier.
AtomicOrdering orderingOf(const Instruction &I, bool IsStore) {
  if (I.hasModifier("relaxed"))
    return AtomicOrdering::Monotonic;
  if (I.hasModifier("acquire") && !IsStore)
    return AtomicOrdering::Acquire;
  if (I.hasModifier("release") && IsStore)
    return AtomicOrdering::Release;
  return AtomicOrdering::NotAtomic;
}

bool checkAccess(FunctionLifter &L, const Instruction &I, Type &T,
                 StateSpace &S) {
  T = FunctionLifter::typeOfInstr(I);
  S = FunctionLifter::spaceOf(I);
  if (T == Type::None)
    return L.error(I, "'" + I.spelling() + "' needs a type");
  if (I.hasModifier("mmio"))
    return L.unsupported(I, ".mmio accesses");
  if (I.hasModifier("unified"))
    return L.unsupported(I, ".unified accesses");
  if (S == StateSpace::Tex || S == StateSpace::SReg || S == StateSpace::Reg)
    return L.unsupported(I);
  if (I.Operands.size() > 2)
    return L.unsupported(I, "cache eviction policies");
  if (T == Type::Pred)
    return L.error(I, "'" + I.Opcode + "' of a predicate");
  return true;
}

/// The alignment of element \p N of a \p Width-element access (0: scalar)
/// of \p Size-byte elements: a vector access is aligned to its whole size.
uint64_t elementAlign(unsigned Width, unsigned Size, unsigned N) {
  return Width && N == 0 ? uint64_t(Size) * Width : Size;
}

bool liftLoad(FunctionLifter &L, const Instruction &I) {
  Type T;
  StateSpace S;
  if (!checkAccess(L, I, T, S))
    return false;
  IRBuilder<> &B = L.builder();
  llvm::Type *ET = L.typeOf(T);
  unsigned Width = I.vectorWidth();
  unsigned Size = typeBits(T) / 8;
  Value *P = L.address(I, 1, S, ET);
  if (!P)
    return false;
  AtomicOrdering Order = orderingOf(I, false);
  bool Volatile = I.hasModifier("volatile");
  if (Width && Order != AtomicOrdering::NotAtomic)
    return L.unsupported(I, "atomic vector loads");
  std::vector<Value *> Values;
  for (unsigned N = 0; N < std::max(1u, Width); ++N) {
    Value *EP = N ? B.CreateConstGEP1_32(ET, P, N) : P;
    uint64_t Align = elementAlign(Width, Size, N);
    LoadInst *Ld = B.CreateAlignedLoad(ET, EP, llvm::Align(Align), Volatile);
    if (Order != AtomicOrdering::NotAtomic)
      Ld->setAtomic(Order);
    Values.push_back(Ld);
  }
  if (Width)
    return L.writeVector(I, 0, Values, T);
  return L.write(I, 0, Values.front(), T);
}

bool liftStore(FunctionLifter &L, const Instruction &I) {
  Type T;
  StateSpace S;
  if (!checkAccess(L, I, T, S))
    return false;
  IRBuilder<> &B = L.builder();
  llvm::Type *ET = L.typeOf(T);
  unsigned Width = I.vectorWidth();
  unsigned Size = typeBits(T) / 8;
  std::vector<Value *> Values;
  if (Width) {
    Values = L.readVector(I, 1, T);
    if (Values.size() != Width)
      return false;
  } else {
    Value *V = L.read(I, 1, T);
    if (!V)
      return false;
    Values.push_back(V);
  }
  Value *P = L.address(I, 0, S, ET);
  if (!P)
    return false;
  AtomicOrdering Order = orderingOf(I, true);
  bool Volatile = I.hasModifier("volatile");
  if (Width && Order != AtomicOrdering::NotAtomic)
    return L.unsupported(I, "atomic vector stores");
  for (unsigned N = 0; N < Values.size(); ++N) {
    const Operand &Op = I.Operands[1];
    if (Width && Op.Elements[N].K == Operand::Kind::Sink)
      continue; // `_` leaves the element alone
    Value *EP = N ? B.CreateConstGEP1_32(ET, P, N) : P;
    uint64_t Align = elementAlign(Width, Size, N);
    StoreInst *St =
        B.CreateAlignedStore(Values[N], EP, llvm::Align(Align), Volatile);
    if (Order != AtomicOrdering::NotAtomic)
      St->setAtomic(Order);
  }
  return true;
}

bool liftMove(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  IRBuilder<> &B = L.builder();
  const Operand &Dst = I.Operands[0];
  const Operand &Src = I.Operands[1];
  unsigned Bits = typeBits(T);
  if (Src.K == Operand::Kind::Vector) {
    // Pack: `mov.b64 %rd1, {%r1, %r2}`, element 0 in the low bits.
    unsigned N = Src.Elements.size();
    if (!N || Bits % N)
      return L.error(I, "cannot pack " + Twine(N) + " elements into ." +
                            typeName(T));
    Type ET = *parseType("b" + utostr(Bits / N));
    std::vector<Value *> Es = L.readVector(I, 1, ET);
    if (Es.size() != N)
      return false;
    Value *R = ConstantInt::get(B.getIntNTy(Bits), 0);
    for (unsigned K = 0; K < N; ++K) {
      Value *E = B.CreateZExt(Es[K], B.getIntNTy(Bits));
      R = B.CreateOr(R, B.CreateShl(E, K * (Bits / N)));
    }
    return L.write(I, 0, B.CreateBitCast(R, L.typeOf(T)), T);
  }
  if (Dst.K == Operand::Kind::Vector) {
    // Unpack: `mov.b64 {%r1, %r2}, %rd1`.
    unsigned N = Dst.Elements.size();
    if (!N || Bits % N)
      return L.error(I, "cannot unpack ." + typeName(T) + " into " + Twine(N) +
                            " elements");
    Type BT = *parseType("b" + utostr(Bits));
    Value *V = L.read(I, 1, BT);
    if (!V)
      return false;
    Type ET = *parseType("b" + utostr(Bits / N));
    std::vector<Value *> Es;
    for (unsigned K = 0; K < N; ++K)
      Es.push_back(B.CreateTrunc(B.CreateLShr(V, K * (Bits / N)),
                                 B.getIntNTy(Bits / N)));
    return L.writeVector(I, 0, Es, ET);
  }
  Value *V = L.read(I, 1, T);
  return V && L.write(I, 0, V, T);
}

bool liftCvta(FunctionLifter &L, const Instruction &I) {
  Type T = FunctionLifter::typeOfInstr(I);
  StateSpace S = FunctionLifter::spaceOf(I);
  bool To = I.hasModifier("to");
  IRBuilder<> &B = L.builder();
  unsigned AS;
  switch (S) {
  case StateSpace::Global:
    AS = 1;
    break;
  case StateSpace::Shared:
    AS = 3;
    break;
  case StateSpace::Const:
    AS = 4;
    break;
  case StateSpace::Local:
  case StateSpace::Param:
    // Local and parameter storage are allocas, already generic.
    AS = 0;
    break;
  default:
    return L.unsupported(I);
  }
  Value *V = L.read(I, 1, T);
  if (!V)
    return false;
  if (AS != 0) {
    unsigned From = To ? 0 : AS, ToAS = To ? AS : 0;
    Value *P = B.CreateIntToPtr(V, B.getInt8PtrTy(From));
    P = B.CreateAddrSpaceCast(P, B.getInt8PtrTy(ToAS));
    V = B.CreatePtrToInt(P, V->getType());
  }
  return L.write(I, 0, V, T);
}

bool liftPrefetch(FunctionLifter &, const Instruction &) { return true; }

} // namespace

void addMemoryInstructions(LiftTable &T) {
  T.add("ld", liftLoad);
  T.add("ldu", liftLoad);
  T.add("st", liftStore);
  T.add("mov", liftMove);
  T.add("cvta", liftCvta);
  T.add("prefetch", liftPrefetch);
  T.add("prefetchu", liftPrefetch);
}

} // namespace ptx
} // namespace cumetal

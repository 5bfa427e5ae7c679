//===- AIRBuiltins.cpp - Host implementations of air.* functions ----------===//
//
// The table is built once, from the family lists below (air-abi.md §4):
// each family crossed with its type suffixes gives names, host functions
// (template instances) and, where plain IR does as well, an inline lowering
// for AIRLowering. Host functions take integer arguments narrower than 32
// bits as 32-bit values and truncate them: the JIT'd caller does not extend
// i1/i8/i16 arguments. Trailing operands a function does not need (memory
// order, scope, volatile; the newer atomics' extra flags operand) are simply
// not declared: the C calling convention ignores surplus arguments.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "runtime-lite/cpu/GridRunner.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Intrinsics.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

using namespace llvm;

namespace cumetal::cpu {

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// How a host function receives an argument of type T.
template <class T>
using Wide = std::conditional_t<
    (std::is_integral_v<T> && sizeof(T) < 4),
    std::conditional_t<std::is_signed_v<T>, int32_t, uint32_t>, T>;

template <class T> uint64_t toBits(T V) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t U;
    std::memcpy(&U, &V, 4);
    return U;
  } else {
    return uint64_t(std::make_unsigned_t<T>(V));
  }
}

template <class T> T fromBits(uint64_t B) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t U = uint32_t(B);
    float F;
    std::memcpy(&F, &U, 4);
    return F;
  } else {
    return T(std::make_unsigned_t<T>(B));
  }
}

template <class F> void *addressOf(F *Fn) {
  return reinterpret_cast<void *>(Fn);
}

/// The site number the JIT'd code reported just before this call
/// (SimdSites.h).
#define CALL_SITE rt::simdSite()

//===----------------------------------------------------------------------===//
// Barriers and fences (§4.1)
//===----------------------------------------------------------------------===//

void wgBarrier() { rt::threadgroupBarrier(); }

void simdgroupBarrier() {
  SimdSlot S;
  S.Op = SimdOp::Barrier;
  rt::simdRendezvous(S, CALL_SITE);
}

void atomicFence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

//===----------------------------------------------------------------------===//
// Atomics (§4.2): sequentially consistent on the raw memory
//===----------------------------------------------------------------------===//

enum class RMW { Add, Sub, Min, Max, And, Or, Xor, Xchg };

template <class T, RMW Op> T atomicRMW(T *P, T V) {
  constexpr int SC = __ATOMIC_SEQ_CST;
  if constexpr (std::is_same_v<T, float>) {
    auto *U = reinterpret_cast<uint32_t *>(P);
    if constexpr (Op == RMW::Xchg)
      return fromBits<float>(__atomic_exchange_n(U, uint32_t(toBits(V)), SC));
    uint32_t Old = __atomic_load_n(U, __ATOMIC_RELAXED);
    while (true) {
      float O = fromBits<float>(Old);
      float N = Op == RMW::Add ? O + V : O - V;
      if (__atomic_compare_exchange_n(U, &Old, uint32_t(toBits(N)), true, SC,
                                      __ATOMIC_RELAXED))
        return O;
    }
  } else {
    switch (Op) {
    case RMW::Add:
      return __atomic_fetch_add(P, V, SC);
    case RMW::Sub:
      return __atomic_fetch_sub(P, V, SC);
    case RMW::And:
      return __atomic_fetch_and(P, V, SC);
    case RMW::Or:
      return __atomic_fetch_or(P, V, SC);
    case RMW::Xor:
      return __atomic_fetch_xor(P, V, SC);
    case RMW::Xchg:
      return __atomic_exchange_n(P, V, SC);
    case RMW::Min:
    case RMW::Max: {
      T Old = __atomic_load_n(P, __ATOMIC_RELAXED);
      while ((Op == RMW::Min ? V < Old : V > Old) &&
             !__atomic_compare_exchange_n(P, &Old, V, true, SC,
                                          __ATOMIC_RELAXED)) {
      }
      return Old;
    }
    }
    return T();
  }
}

template <class T>
using BitsOf = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;

/// Never fails spuriously; returns the value seen at *P and stores it in
/// *Expected.
template <class T> T atomicCmpxchg(T *P, T *Expected, T Desired) {
  using U = BitsOf<T>;
  U E, D;
  std::memcpy(&E, Expected, sizeof(U));
  std::memcpy(&D, &Desired, sizeof(U));
  __atomic_compare_exchange_n(reinterpret_cast<U *>(P), &E, D, false,
                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  std::memcpy(Expected, &E, sizeof(U));
  T R;
  std::memcpy(&R, &E, sizeof(U));
  return R;
}

template <class T> T atomicLoad(T *P) {
  using U = BitsOf<T>;
  U B = __atomic_load_n(reinterpret_cast<U *>(P), __ATOMIC_SEQ_CST);
  T R;
  std::memcpy(&R, &B, sizeof(U));
  return R;
}

template <class T> void atomicStore(T *P, T V) {
  using U = BitsOf<T>;
  U B;
  std::memcpy(&B, &V, sizeof(U));
  __atomic_store_n(reinterpret_cast<U *>(P), B, __ATOMIC_SEQ_CST);
}

//===----------------------------------------------------------------------===//
// SIMD-group and quad-group operations (§4.3)
//===----------------------------------------------------------------------===//

template <SimdOp Op, SimdType Ty, class T> T simdValue(Wide<T> V) {
  SimdSlot S;
  S.Op = Op;
  S.Type = Ty;
  S.Value = toBits<T>(T(V));
  return fromBits<T>(rt::simdRendezvous(S, CALL_SITE));
}

template <SimdOp Op, SimdType Ty, class T>
T simdLane(Wide<T> V, uint32_t Lane) {
  SimdSlot S;
  S.Op = Op;
  S.Type = Ty;
  S.Value = toBits<T>(T(V));
  S.A = Lane & 0xffff;
  return fromBits<T>(rt::simdRendezvous(S, CALL_SITE));
}

template <SimdOp Op, SimdType Ty, class T>
T simdFill(Wide<T> V, Wide<T> Fill, uint32_t Delta, uint32_t Modulo) {
  SimdSlot S;
  S.Op = Op;
  S.Type = Ty;
  S.Value = toBits<T>(T(V));
  S.Fill = toBits<T>(T(Fill));
  S.A = Delta & 0xffff;
  S.B = Modulo & 0xffff;
  return fromBits<T>(rt::simdRendezvous(S, CALL_SITE));
}

template <SimdOp Op> uint64_t simdBallot(uint32_t Pred) {
  SimdSlot S;
  S.Op = Op;
  S.Value = Pred & 1;
  return rt::simdRendezvous(S, CALL_SITE);
}

template <SimdOp Op> bool simdVote(uint64_t Mask) {
  SimdSlot S;
  S.Op = Op;
  S.Value = Mask;
  return rt::simdRendezvous(S, CALL_SITE) != 0;
}

template <SimdOp Op> bool simdPredicate(uint32_t Pred) {
  SimdSlot S;
  S.Op = Op;
  S.Value = Pred & 1;
  return rt::simdRendezvous(S, CALL_SITE) != 0;
}

template <class T>
uint64_t foldLanes(SimdOp Op, const SimdSlot *Slots, uint32_t Lanes) {
  T Acc{};
  bool First = true;
  for (uint32_t M = Lanes; M; M &= M - 1) {
    T V = fromBits<T>(Slots[__builtin_ctz(M)].Value);
    if (First) {
      Acc = V;
      First = false;
      continue;
    }
    if constexpr (std::is_same_v<T, float>) {
      if (Op == SimdOp::Min)
        Acc = std::fmin(Acc, V);
      else if (Op == SimdOp::Max)
        Acc = std::fmax(Acc, V);
      else
        Acc = Acc + V;
    } else {
      using U = std::make_unsigned_t<T>;
      if (Op == SimdOp::Min)
        Acc = V < Acc ? V : Acc;
      else if (Op == SimdOp::Max)
        Acc = V > Acc ? V : Acc;
      else // sums wrap
        Acc = T(U(Acc) + U(V));
    }
  }
  return First ? 0 : toBits<T>(Acc);
}

uint64_t foldTyped(SimdType Ty, SimdOp Op, const SimdSlot *Slots,
                   uint32_t Lanes) {
  switch (Ty) {
  case SimdType::F32:
    return foldLanes<float>(Op, Slots, Lanes);
  case SimdType::S8:
    return foldLanes<int8_t>(Op, Slots, Lanes);
  case SimdType::U8:
    return foldLanes<uint8_t>(Op, Slots, Lanes);
  case SimdType::S16:
    return foldLanes<int16_t>(Op, Slots, Lanes);
  case SimdType::U16:
    return foldLanes<uint16_t>(Op, Slots, Lanes);
  case SimdType::S32:
    return foldLanes<int32_t>(Op, Slots, Lanes);
  case SimdType::U32:
    return foldLanes<uint32_t>(Op, Slots, Lanes);
  case SimdType::S64:
    return foldLanes<int64_t>(Op, Slots, Lanes);
  case SimdType::U64:
    return foldLanes<uint64_t>(Op, Slots, Lanes);
  }
  return 0;
}

/// The quad-group form of a SIMD-group operation, or the operation itself.
SimdOp simdFormOf(SimdOp Op, bool &Quad) {
  Quad = true;
  switch (Op) {
  case SimdOp::QuadShuffle:
    return SimdOp::Shuffle;
  case SimdOp::QuadShuffleUp:
    return SimdOp::ShuffleUp;
  case SimdOp::QuadShuffleDown:
    return SimdOp::ShuffleDown;
  case SimdOp::QuadShuffleXor:
    return SimdOp::ShuffleXor;
  case SimdOp::QuadShuffleAndFillUp:
    return SimdOp::ShuffleAndFillUp;
  case SimdOp::QuadShuffleAndFillDown:
    return SimdOp::ShuffleAndFillDown;
  case SimdOp::QuadBallot:
    return SimdOp::Ballot;
  case SimdOp::QuadVoteAll:
    return SimdOp::VoteAll;
  case SimdOp::QuadVoteAny:
    return SimdOp::VoteAny;
  case SimdOp::QuadAll:
    return SimdOp::All;
  case SimdOp::QuadAny:
    return SimdOp::Any;
  case SimdOp::QuadSum:
    return SimdOp::Sum;
  case SimdOp::QuadMin:
    return SimdOp::Min;
  case SimdOp::QuadMax:
    return SimdOp::Max;
  case SimdOp::QuadPrefixInclusiveSum:
    return SimdOp::PrefixInclusiveSum;
  case SimdOp::QuadPrefixExclusiveSum:
    return SimdOp::PrefixExclusiveSum;
  default:
    Quad = false;
    return Op;
  }
}

/// Lane \p L's result. A group is the SIMD-group (Width 32, Base 0) or
/// the lane's quad (Width 4, Base L & ~3); \p Present has bit i set when
/// lane Base + i takes part.
uint64_t resolveLane(const SimdSlot *Slots, uint32_t Participants, unsigned L) {
  const SimdSlot &S = Slots[L];
  bool Quad;
  SimdOp Op = simdFormOf(S.Op, Quad);
  unsigned Width = Quad ? 4 : kSimdWidth;
  unsigned Base = Quad ? L & ~3u : 0;
  unsigned I = L - Base; // index in the group
  uint32_t Present = Quad ? (Participants >> Base) & 0xf : Participants;
  auto Has = [&](int64_t J) {
    return J >= 0 && J < int64_t(Width) && ((Present >> J) & 1);
  };
  auto ValueOf = [&](int64_t J) {
    return Has(J) ? Slots[Base + J].Value : S.Value;
  };
  switch (Op) {
  case SimdOp::Barrier:
    return 0;
  case SimdOp::Shuffle:
    return ValueOf(S.A);
  case SimdOp::ShuffleUp:
    return ValueOf(int64_t(I) - S.A);
  case SimdOp::ShuffleDown:
    return ValueOf(int64_t(I) + S.A);
  case SimdOp::ShuffleXor:
    return ValueOf(int64_t(I ^ S.A));
  case SimdOp::ShuffleAndFillUp:
  case SimdOp::ShuffleAndFillDown: {
    // Within windows of `modulo` lanes: data moves up (down) by delta and
    // the vacated lanes take the filling data of the lanes that wrap.
    unsigned Mod = S.B == 0 || S.B > Width ? Width : S.B;
    unsigned WinBase = I - I % Mod;
    unsigned K = I % Mod;
    unsigned D = S.A % Mod;
    bool Up = Op == SimdOp::ShuffleAndFillUp;
    bool Fill = Up ? K < D : K + D >= Mod;
    unsigned SrcK = Up ? (K + Mod - D) % Mod : (K + D) % Mod;
    int64_t J = WinBase + SrcK;
    if (!Has(J))
      return S.Value;
    return Fill ? Slots[Base + J].Fill : Slots[Base + J].Value;
  }
  case SimdOp::Ballot: {
    uint64_t Mask = 0;
    for (uint32_t M = Present; M; M &= M - 1) {
      unsigned J = __builtin_ctz(M);
      if (Slots[Base + J].Value & 1)
        Mask |= uint64_t(1) << J;
    }
    return Mask;
  }
  case SimdOp::VoteAll:
    return (S.Value & Present) == Present;
  case SimdOp::VoteAny:
    return (S.Value & Present) != 0;
  case SimdOp::All:
  case SimdOp::Any: {
    bool All = true, Any = false;
    for (uint32_t M = Present; M; M &= M - 1) {
      bool P = Slots[Base + __builtin_ctz(M)].Value & 1;
      All &= P;
      Any |= P;
    }
    return Op == SimdOp::All ? All : Any;
  }
  case SimdOp::Sum:
  case SimdOp::Min:
  case SimdOp::Max:
    return foldTyped(S.Type, Op, Slots + Base, Present);
  case SimdOp::PrefixInclusiveSum:
  case SimdOp::PrefixExclusiveSum: {
    uint32_t Below = I >= 31 ? 0x7fffffffu : (1u << I) - 1;
    if (Op == SimdOp::PrefixInclusiveSum)
      Below |= 1u << I;
    return foldTyped(S.Type, SimdOp::Sum, Slots + Base, Present & Below);
  }
  default:
    return S.Value;
  }
}

//===----------------------------------------------------------------------===//
// Math (§4.5)
//===----------------------------------------------------------------------===//

/// sin(pi x) and cos(pi x) for a float \p X, via an exact reduction: x mod 2
/// and the split r = q/2 + f with |f| <= 1/4 are exact in double, and
/// sin/cos of pi f are accurate, so exact zeros and ones (integers,
/// half-integers) come out exactly. Zeros are signed as C23 sinpi/cospi
/// have them (sinpi(n) has the sign of n, cospi(n + 1/2) is +0).
double sinOrCosPi(float X, bool Cos) {
  if (!std::isfinite(X))
    return std::numeric_limits<double>::quiet_NaN();
  double R = std::fmod(double(X), 2.0);
  double Q = std::nearbyint(R * 2);
  double F = R - Q * 0.5;
  int Quadrant = (static_cast<int>(Q) + (Cos ? 1 : 0)) & 3;
  double S = std::sin(M_PI * F), C = std::cos(M_PI * F);
  double V = Quadrant == 0 ? S : Quadrant == 1 ? C : Quadrant == 2 ? -S : -C;
  if (V == 0)
    return Cos ? 0.0 : std::copysign(0.0, X);
  return V;
}
float sinpiF(float X) { return float(sinOrCosPi(X, false)); }
float cospiF(float X) { return float(sinOrCosPi(X, true)); }
float tanpiF(float X) {
  double R = std::fmod(double(X), 1.0);
  return float(std::tan(M_PI * R));
}
float fractF(float X) { return std::fmin(X - std::floor(X), 0x1.fffffep-1f); }
float powrF(float X, float Y) {
  return X < 0 ? std::numeric_limits<float>::quiet_NaN() : std::pow(X, Y);
}
float rsqrtF(float X) { return 1.0f / std::sqrt(X); }
float clampF(float X, float Lo, float Hi) {
  return std::fmin(std::fmax(X, Lo), Hi);
}
float sincosF(float X, float *Cos) {
  *Cos = std::cos(X);
  return std::sin(X);
}

//===----------------------------------------------------------------------===//
// Integer and bit operations (§4.5)
//===----------------------------------------------------------------------===//

template <class U> U clzI(Wide<U> X, uint32_t) {
  U V = U(X);
  constexpr int Bits = sizeof(U) * 8;
  return V == 0 ? U(Bits) : U(__builtin_clzll(uint64_t(V)) - (64 - Bits));
}
template <class U> U ctzI(Wide<U> X, uint32_t) {
  U V = U(X);
  return V == 0 ? U(sizeof(U) * 8) : U(__builtin_ctzll(uint64_t(V)));
}
template <class U> U popcountI(Wide<U> X) {
  return U(__builtin_popcountll(uint64_t(U(X))));
}
template <class U> U reverseBitsI(Wide<U> X) {
  U V = U(X), R = 0;
  for (unsigned I = 0; I < sizeof(U) * 8; ++I)
    R |= U(((V >> I) & 1) << (sizeof(U) * 8 - 1 - I));
  return R;
}
template <class T> T absI(Wide<T> X) {
  T V = T(X);
  using U = std::make_unsigned_t<T>;
  return V < 0 ? T(U(0) - U(V)) : V;
}
template <class T> T identityI(Wide<T> X) { return T(X); }
template <class T> T minI(Wide<T> A, Wide<T> B) {
  return T(A) < T(B) ? T(A) : T(B);
}
template <class T> T maxI(Wide<T> A, Wide<T> B) {
  return T(A) > T(B) ? T(A) : T(B);
}
template <class T> T min3I(Wide<T> A, Wide<T> B, Wide<T> C) {
  return minI<T>(minI<T>(A, B), C);
}
template <class T> T max3I(Wide<T> A, Wide<T> B, Wide<T> C) {
  return maxI<T>(maxI<T>(A, B), C);
}
template <class T> T mulHiI(Wide<T> A, Wide<T> B) {
  if constexpr (sizeof(T) == 8) {
    using W =
        std::conditional_t<std::is_signed_v<T>, __int128, unsigned __int128>;
    return T((W(T(A)) * W(T(B))) >> 64);
  } else {
    using W = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;
    return T((W(T(A)) * W(T(B))) >> (sizeof(T) * 8));
  }
}
uint32_t madSatU32(uint32_t A, uint32_t B, uint32_t C) {
  uint64_t R = uint64_t(A) * B + C;
  return R > UINT32_MAX ? UINT32_MAX : uint32_t(R);
}

//===----------------------------------------------------------------------===//
// Conversions (§4.6): float to integer saturates, NaN gives 0
//===----------------------------------------------------------------------===//

template <class D, class S> D convert(Wide<S> X) {
  S V = S(X);
  if constexpr (std::is_floating_point_v<S> && std::is_integral_v<D>) {
    if (std::isnan(V))
      return 0;
    if (V <= S(std::numeric_limits<D>::min()))
      return std::numeric_limits<D>::min();
    if (V >= S(std::numeric_limits<D>::max()))
      return std::numeric_limits<D>::max();
    return D(V);
  } else {
    return D(V);
  }
}

//===----------------------------------------------------------------------===//
// Runtime hooks
//===----------------------------------------------------------------------===//

void *tgStaticBase() { return rt::threadgroupStaticBase(); }

void simdSiteHook(uint64_t Site) { rt::setSimdSite(Site); }

void checkAccessHook(const void *Addr, uint64_t Size, uint64_t Align,
                     uint32_t Kind) {
  rt::checkAccess(Addr, Size, Align, static_cast<AccessKind>(Kind));
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

class Table {
public:
  Table();
  const AIRFunction *find(StringRef Name) const {
    auto It = Map.find(Name);
    return It == Map.end() ? nullptr : &It->second;
  }
  size_t size() const { return Map.size(); }

private:
  void add(std::string Name, void *Host, InlineKind K = InlineKind::None,
           unsigned ID = 0, bool Rendezvous = false, bool Signed = false) {
    AIRFunction F;
    F.Name = Name;
    F.Host = Host;
    F.Inline = K;
    F.IntrinsicID = ID;
    F.Rendezvous = Rendezvous;
    F.Signed = Signed;
    Map[Name] = std::move(F);
  }

  void addBarriers();
  void addAtomics();
  template <SimdType Ty, class T> void addSimdType(const char *Suffix);
  void addSimd();
  void addMath();
  template <class S, class U> void addIntegerType(const char *Bits);
  void addIntegers();
  template <class S> void addConvertsFrom(const char *Src);
  void addConverts();

  StringMap<AIRFunction> Map;
};

void Table::addBarriers() {
  add("air.wg.barrier", addressOf(&wgBarrier), InlineKind::None, 0, true);
  add("air.simdgroup.barrier", addressOf(&simdgroupBarrier), InlineKind::None,
      0, true);
  add("air.atomic.fence", addressOf(&atomicFence));
}

void Table::addAtomics() {
  for (std::string Space : {"global", "local"}) {
    std::string P = "air.atomic." + Space + ".";
    struct Arith {
      const char *Op;
      void *S32, *U32, *S64, *U64;
    };
#define ARITH(NAME, OP)                                                        \
  Arith {                                                                      \
    NAME, addressOf(&atomicRMW<int32_t, RMW::OP>),                             \
        addressOf(&atomicRMW<uint32_t, RMW::OP>),                              \
        addressOf(&atomicRMW<int64_t, RMW::OP>),                               \
        addressOf(&atomicRMW<uint64_t, RMW::OP>)                               \
  }
    for (const Arith &A :
         {ARITH("add", Add), ARITH("sub", Sub), ARITH("min", Min),
          ARITH("max", Max), ARITH("and", And), ARITH("or", Or),
          ARITH("xor", Xor), ARITH("xchg", Xchg)}) {
      add(P + A.Op + ".s.i32", A.S32);
      add(P + A.Op + ".u.i32", A.U32);
      add(P + A.Op + ".s.i64", A.S64);
      add(P + A.Op + ".u.i64", A.U64);
    }
#undef ARITH
    add(P + "add.f32", addressOf(&atomicRMW<float, RMW::Add>));
    add(P + "sub.f32", addressOf(&atomicRMW<float, RMW::Sub>));
    add(P + "xchg.i32", addressOf(&atomicRMW<uint32_t, RMW::Xchg>));
    add(P + "xchg.i64", addressOf(&atomicRMW<uint64_t, RMW::Xchg>));
    add(P + "xchg.f32", addressOf(&atomicRMW<float, RMW::Xchg>));
    for (const char *Sfx : {"i32", "s.i32", "u.i32"}) {
      add(P + "cmpxchg.weak." + Sfx, addressOf(&atomicCmpxchg<uint32_t>));
      add(P + "load." + Sfx, addressOf(&atomicLoad<uint32_t>));
      add(P + "store." + Sfx, addressOf(&atomicStore<uint32_t>));
    }
    for (const char *Sfx : {"i64", "s.i64", "u.i64"}) {
      add(P + "cmpxchg.weak." + Sfx, addressOf(&atomicCmpxchg<uint64_t>));
      add(P + "load." + Sfx, addressOf(&atomicLoad<uint64_t>));
      add(P + "store." + Sfx, addressOf(&atomicStore<uint64_t>));
    }
    add(P + "cmpxchg.weak.f32", addressOf(&atomicCmpxchg<float>));
    add(P + "load.f32", addressOf(&atomicLoad<float>));
    add(P + "store.f32", addressOf(&atomicStore<float>));
  }
}

template <SimdType Ty, class T> void Table::addSimdType(const char *Suffix) {
  std::string S = std::string(".") + Suffix;
  auto Add = [&](const char *Op, void *Fn) {
    add(std::string("air.") + Op + S, Fn, InlineKind::None, 0, true);
  };
  using SO = SimdOp;
  Add("simd_shuffle", addressOf(&simdLane<SO::Shuffle, Ty, T>));
  Add("simd_shuffle_up", addressOf(&simdLane<SO::ShuffleUp, Ty, T>));
  Add("simd_shuffle_down", addressOf(&simdLane<SO::ShuffleDown, Ty, T>));
  Add("simd_shuffle_xor", addressOf(&simdLane<SO::ShuffleXor, Ty, T>));
  Add("simd_shuffle_and_fill_up",
      addressOf(&simdFill<SO::ShuffleAndFillUp, Ty, T>));
  Add("simd_shuffle_and_fill_down",
      addressOf(&simdFill<SO::ShuffleAndFillDown, Ty, T>));
  Add("simd_sum", addressOf(&simdValue<SO::Sum, Ty, T>));
  Add("simd_min", addressOf(&simdValue<SO::Min, Ty, T>));
  Add("simd_max", addressOf(&simdValue<SO::Max, Ty, T>));
  Add("simd_prefix_inclusive_sum",
      addressOf(&simdValue<SO::PrefixInclusiveSum, Ty, T>));
  Add("simd_prefix_exclusive_sum",
      addressOf(&simdValue<SO::PrefixExclusiveSum, Ty, T>));
  Add("quad_shuffle", addressOf(&simdLane<SO::QuadShuffle, Ty, T>));
  Add("quad_shuffle_up", addressOf(&simdLane<SO::QuadShuffleUp, Ty, T>));
  Add("quad_shuffle_down", addressOf(&simdLane<SO::QuadShuffleDown, Ty, T>));
  Add("quad_shuffle_xor", addressOf(&simdLane<SO::QuadShuffleXor, Ty, T>));
  Add("quad_shuffle_and_fill_up",
      addressOf(&simdFill<SO::QuadShuffleAndFillUp, Ty, T>));
  Add("quad_shuffle_and_fill_down",
      addressOf(&simdFill<SO::QuadShuffleAndFillDown, Ty, T>));
  Add("quad_sum", addressOf(&simdValue<SO::QuadSum, Ty, T>));
  Add("quad_min", addressOf(&simdValue<SO::QuadMin, Ty, T>));
  Add("quad_max", addressOf(&simdValue<SO::QuadMax, Ty, T>));
  Add("quad_prefix_inclusive_sum",
      addressOf(&simdValue<SO::QuadPrefixInclusiveSum, Ty, T>));
  Add("quad_prefix_exclusive_sum",
      addressOf(&simdValue<SO::QuadPrefixExclusiveSum, Ty, T>));
}

void Table::addSimd() {
  addSimdType<SimdType::F32, float>("f32");
  addSimdType<SimdType::S8, int8_t>("s.i8");
  addSimdType<SimdType::U8, uint8_t>("u.i8");
  addSimdType<SimdType::S16, int16_t>("s.i16");
  addSimdType<SimdType::U16, uint16_t>("u.i16");
  addSimdType<SimdType::S32, int32_t>("s.i32");
  addSimdType<SimdType::U32, uint32_t>("u.i32");
  addSimdType<SimdType::S64, int64_t>("s.i64");
  addSimdType<SimdType::U64, uint64_t>("u.i64");
  using SO = SimdOp;
  auto Add = [&](const char *Name, void *Fn) {
    add(Name, Fn, InlineKind::None, 0, true);
  };
  Add("air.simd_ballot.i64", addressOf(&simdBallot<SO::Ballot>));
  Add("air.simd_vote_all.i64", addressOf(&simdVote<SO::VoteAll>));
  Add("air.simd_vote_any.i64", addressOf(&simdVote<SO::VoteAny>));
  Add("air.simd_all", addressOf(&simdPredicate<SO::All>));
  Add("air.simd_any", addressOf(&simdPredicate<SO::Any>));
  Add("air.quad_ballot.i64", addressOf(&simdBallot<SO::QuadBallot>));
  Add("air.quad_vote_all.i64", addressOf(&simdVote<SO::QuadVoteAll>));
  Add("air.quad_vote_any.i64", addressOf(&simdVote<SO::QuadVoteAny>));
  Add("air.quad_all", addressOf(&simdPredicate<SO::QuadAll>));
  Add("air.quad_any", addressOf(&simdPredicate<SO::QuadAny>));
}

void Table::addMath() {
  using F1 = float (*)(float);
  using F2 = float (*)(float, float);
  using F3 = float (*)(float, float, float);
  struct Op {
    const char *Name;
    void *Host;
    InlineKind Inline;
    unsigned ID;
    bool Fast;    ///< an air.fast_ form exists
    bool Precise; ///< an air. form exists
  };
  constexpr InlineKind N = InlineKind::None, I = InlineKind::Intrinsic;
  const Op Ops[] = {
      {"sqrt", addressOf(F1(&sqrtf)), I, Intrinsic::sqrt, true, true},
      {"rsqrt", addressOf(&rsqrtF), InlineKind::Rsqrt, 0, true, true},
      {"exp", addressOf(F1(&expf)), N, 0, true, true},
      {"exp2", addressOf(F1(&exp2f)), N, 0, true, true},
      {"exp10", addressOf(F1(&exp10f)), N, 0, true, true},
      {"log", addressOf(F1(&logf)), N, 0, true, true},
      {"log2", addressOf(F1(&log2f)), N, 0, true, true},
      {"log10", addressOf(F1(&log10f)), N, 0, true, true},
      {"pow", addressOf(F2(&powf)), N, 0, true, true},
      {"powr", addressOf(&powrF), N, 0, true, true},
      {"sin", addressOf(F1(&sinf)), N, 0, true, true},
      {"cos", addressOf(F1(&cosf)), N, 0, true, true},
      {"tan", addressOf(F1(&tanf)), N, 0, true, true},
      {"asin", addressOf(F1(&asinf)), N, 0, true, true},
      {"acos", addressOf(F1(&acosf)), N, 0, true, true},
      {"atan", addressOf(F1(&atanf)), N, 0, true, true},
      {"atan2", addressOf(F2(&atan2f)), N, 0, true, true},
      {"sinh", addressOf(F1(&sinhf)), N, 0, true, true},
      {"cosh", addressOf(F1(&coshf)), N, 0, true, true},
      {"tanh", addressOf(F1(&tanhf)), N, 0, true, true},
      {"asinh", addressOf(F1(&asinhf)), N, 0, true, true},
      {"acosh", addressOf(F1(&acoshf)), N, 0, true, true},
      {"atanh", addressOf(F1(&atanhf)), N, 0, true, true},
      {"sinpi", addressOf(&sinpiF), N, 0, true, true},
      {"cospi", addressOf(&cospiF), N, 0, true, true},
      {"tanpi", addressOf(&tanpiF), N, 0, true, true},
      {"sincos", addressOf(&sincosF), N, 0, true, true},
      {"floor", addressOf(F1(&floorf)), I, Intrinsic::floor, true, true},
      {"ceil", addressOf(F1(&ceilf)), I, Intrinsic::ceil, true, true},
      {"trunc", addressOf(F1(&truncf)), I, Intrinsic::trunc, true, true},
      {"rint", addressOf(F1(&rintf)), I, Intrinsic::rint, true, true},
      {"round", addressOf(F1(&roundf)), I, Intrinsic::round, true, true},
      {"fract", addressOf(&fractF), N, 0, true, true},
      {"fabs", addressOf(F1(&fabsf)), I, Intrinsic::fabs, true, true},
      {"fmin", addressOf(F2(&fminf)), I, Intrinsic::minnum, true, true},
      {"fmax", addressOf(F2(&fmaxf)), I, Intrinsic::maxnum, true, true},
      {"fma", addressOf(F3(&fmaf)), I, Intrinsic::fma, false, true},
      {"clamp", addressOf(&clampF), InlineKind::Clamp, 0, true, false},
      {"nextafter", addressOf(F2(&nextafterf)), N, 0, false, true},
      {"copysign", addressOf(F2(&copysignf)), I, Intrinsic::copysign, false,
       true},
      {"fmod", addressOf(F2(&fmodf)), N, 0, false, true},
  };
  for (const Op &O : Ops) {
    if (O.Precise)
      add(std::string("air.") + O.Name + ".f32", O.Host, O.Inline, O.ID);
    if (O.Fast)
      add(std::string("air.fast_") + O.Name + ".f32", O.Host, O.Inline, O.ID);
  }
}

template <class S, class U> void Table::addIntegerType(const char *Bits) {
  std::string T = std::string(".i") + Bits;
  std::string ST = ".s" + T, UT = ".u" + T;
  add("air.clz" + T, addressOf(&clzI<U>), InlineKind::CountBits,
      Intrinsic::ctlz);
  add("air.ctz" + T, addressOf(&ctzI<U>), InlineKind::CountBits,
      Intrinsic::cttz);
  add("air.popcount" + T, addressOf(&popcountI<U>), InlineKind::Intrinsic,
      Intrinsic::ctpop);
  add("air.reverse_bits" + T, addressOf(&reverseBitsI<U>),
      InlineKind::Intrinsic, Intrinsic::bitreverse);
  add("air.abs" + ST, addressOf(&absI<S>), InlineKind::Intrinsic,
      Intrinsic::abs);
  add("air.abs" + UT, addressOf(&identityI<U>), InlineKind::Identity);
  add("air.min" + ST, addressOf(&minI<S>), InlineKind::Intrinsic,
      Intrinsic::smin);
  add("air.min" + UT, addressOf(&minI<U>), InlineKind::Intrinsic,
      Intrinsic::umin);
  add("air.max" + ST, addressOf(&maxI<S>), InlineKind::Intrinsic,
      Intrinsic::smax);
  add("air.max" + UT, addressOf(&maxI<U>), InlineKind::Intrinsic,
      Intrinsic::umax);
  add("air.min3" + ST, addressOf(&min3I<S>));
  add("air.min3" + UT, addressOf(&min3I<U>));
  add("air.max3" + ST, addressOf(&max3I<S>));
  add("air.max3" + UT, addressOf(&max3I<U>));
  add("air.mul_hi" + ST, addressOf(&mulHiI<S>), InlineKind::MulHi, 0, false,
      true);
  add("air.mul_hi" + UT, addressOf(&mulHiI<U>), InlineKind::MulHi, 0, false,
      false);
}

void Table::addIntegers() {
  addIntegerType<int8_t, uint8_t>("8");
  addIntegerType<int16_t, uint16_t>("16");
  addIntegerType<int32_t, uint32_t>("32");
  addIntegerType<int64_t, uint64_t>("64");
  // FLH's spelling of the signed form.
  add("air.mul_hi.i32", addressOf(&mulHiI<int32_t>), InlineKind::MulHi, 0,
      false, true);
  add("air.mad_sat.u.i32", addressOf(&madSatU32));
}

/// Host conversions exist among f32, i32, u32, i64 and u64; every other
/// pair of scalar types is converted inline only.
template <class S> void Table::addConvertsFrom(const char *Src) {
  auto Add = [&](const char *Dst, void *Fn) {
    add(std::string("air.convert.") + Dst + "." + Src, Fn, InlineKind::Convert);
  };
  if constexpr (!std::is_same_v<S, float>)
    Add("f.f32", addressOf(&convert<float, S>));
  if constexpr (!std::is_same_v<S, int32_t>)
    Add("s.i32", addressOf(&convert<int32_t, S>));
  if constexpr (!std::is_same_v<S, uint32_t>)
    Add("u.i32", addressOf(&convert<uint32_t, S>));
  if constexpr (!std::is_same_v<S, int64_t>)
    Add("s.i64", addressOf(&convert<int64_t, S>));
  if constexpr (!std::is_same_v<S, uint64_t>)
    Add("u.i64", addressOf(&convert<uint64_t, S>));
}

void Table::addConverts() {
  addConvertsFrom<float>("f.f32");
  addConvertsFrom<int32_t>("s.i32");
  addConvertsFrom<uint32_t>("u.i32");
  addConvertsFrom<int64_t>("s.i64");
  addConvertsFrom<uint64_t>("u.i64");
  const char *Types[] = {"f.f16", "f.f32", "s.i8",  "u.i8",  "s.i16",
                         "u.i16", "s.i32", "u.i32", "s.i64", "u.i64"};
  for (const char *D : Types)
    for (const char *S : Types) {
      std::string Name = std::string("air.convert.") + D + "." + S;
      if (StringRef(D) != S && !Map.count(Name))
        add(Name, nullptr, InlineKind::Convert);
    }
}

Table::Table() {
  addBarriers();
  addAtomics();
  addSimd();
  addMath();
  addIntegers();
  addConverts();
  add(kThreadgroupBaseHook, addressOf(&tgStaticBase));
  add(kCheckAccessHook, addressOf(&checkAccessHook));
  add(kSimdSiteHook, addressOf(&simdSiteHook));
}

const Table &table() {
  static const Table T;
  return T;
}

} // namespace

const AIRFunction *lookupAIRFunction(StringRef Name) {
  return table().find(Name);
}

size_t numAIRFunctions() { return table().size(); }

const char *accessKindName(AccessKind K) {
  switch (K) {
  case AccessKind::Load:
    return "load";
  case AccessKind::Store:
    return "store";
  case AccessKind::Atomic:
    return "atomic access";
  case AccessKind::Copy:
    return "memory copy";
  }
  return "access";
}

void resolveSimdGroup(const SimdSlot *Slots, uint32_t Participants,
                      uint64_t *Results) {
  for (uint32_t M = Participants; M; M &= M - 1) {
    unsigned L = __builtin_ctz(M);
    Results[L] = resolveLane(Slots, Participants, L);
  }
}

} // namespace cumetal::cpu

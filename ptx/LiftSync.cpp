//===- ptx/LiftSync.cpp - Lifting PTX synchronization instructions --------===//
//
// Barriers, fences and the other instructions of PTX ISA §9.7.13 (parallel
// synchronization), lifted to what Clang 14 emits for the CUDA functions
// that nvcc turns into them, so that the lowering (air/lower/LowerSync.cpp,
// LowerAssertTrap.cpp) accepts the result:
//   - bar.sync / barrier.sync 0 (__syncthreads): llvm.nvvm.barrier0; a
//     barrier id in a register: llvm.nvvm.barrier.sync (LowerSync accepts
//     it once the id folds to 0, as after inlining nvcc's -G helpers);
//     other ids, thread counts and bar.arrive are rejected by name, since
//     the lowering has no named barriers;
//   - bar.red.{popc,and,or} (__syncthreads_count/_and/_or):
//     llvm.nvvm.barrier0.{popc,and,or};
//   - bar.warp.sync (__syncwarp): llvm.nvvm.bar.warp.sync;
//   - membar.{cta,gl,sys} and fence.{sc,acq_rel}.{cta,cluster,gpu,sys}
//     (__threadfence_block/__threadfence/__threadfence_system):
//     llvm.nvvm.membar.{cta,gl,sys}; a cluster-scope fence is a gpu-scope
//     one (stronger is correct), proxy fences between the generic and the
//     alias or async proxies are no-ops (no other proxy can be used here);
//   - trap: Clang's __trap(), the inline assembly `trap;`;
//   - nanosleep: nothing (CUDA allows any sleep duration, and
//     cumetal's __nanosleep is empty too);
//   - griddepcontrol: nothing (a grid starts after its predecessor in the
//     stream has completed, so there is nothing to wait for);
//   - cp.async (LDGSTS): a synchronous copy from global to shared memory,
//     with PTX's zero fill beyond src-size or for ignore-src; commit_group
//     and wait_group/wait_all are then no-ops: every copy has completed, and
//     is visible to the thread, before the wait;
//   - everything of the Hopper and Blackwell asynchronous machinery
//     (clusters, mbarrier, bulk and tensor copies, wgmma, tcgen05) and the
//     matrix instructions: a named error saying why.
//
//===----------------------------------------------------------------------===//

#include "ptx/FunctionLifter.h"

#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/IntrinsicsNVPTX.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

/// The name of \p I's table entry: `bar.sync`, `cp.async.bulk`...
StringRef variantOf(const Instruction &I) {
  return I.Desc ? StringRef(I.Desc->Name) : StringRef(I.Opcode);
}

/// Whether operand \p Index is the integer immediate \p V.
bool isImmediate(const Instruction &I, unsigned Index, uint64_t V) {
  return Index < I.Operands.size() &&
         I.Operands[Index].K == Operand::Kind::IntImm &&
         I.Operands[Index].IntValue == V;
}

/// Checks the barrier-id operand \p Index of a CTA barrier and the absence
/// of a thread count at \p CountIndex: only barrier 0 of the whole CTA
/// exists in the lowering.
bool checkWholeCTABarrier(FunctionLifter &L, const Instruction &I,
                          unsigned Index, unsigned CountIndex) {
  if (CountIndex < I.Operands.size())
    return L.unsupported(I, "barriers with a thread count have no Apple "
                            "equivalent (only all threads of the block can "
                            "meet at a threadgroup barrier)");
  const Operand &Id = I.Operands[Index];
  if (Id.K == Operand::Kind::IntImm && Id.IntValue != 0)
    return L.unsupported(I, "named barriers other than barrier 0 have no "
                            "Apple equivalent");
  return true;
}

bool liftBarrier(FunctionLifter &L, const Instruction &I) {
  StringRef V = variantOf(I);
  if (V == "barrier.cluster.arrive" || V == "barrier.cluster.wait")
    return L.unsupported(I, "Hopper cluster instructions have no Apple "
                            "equivalent");
  if (V.endswith(".arrive"))
    return L.unsupported(I, "arriving at a barrier without waiting "
                            "(producer-consumer named barriers) has no Apple "
                            "equivalent");
  if (V == "bar.warp.sync") {
    Value *Mask = L.read(I, 0, Type::B32);
    if (!Mask)
      return false;
    L.intrinsic(Intrinsic::nvvm_bar_warp_sync, {}, {Mask});
    return true;
  }
  if (V == "bar.sync" || V == "barrier.sync") {
    if (I.Operands.empty())
      return L.error(I, "'" + I.spelling() + "' needs a barrier id");
    if (!checkWholeCTABarrier(L, I, 0, 1))
      return false;
    if (isImmediate(I, 0, 0)) {
      L.intrinsic(Intrinsic::nvvm_barrier0, {}, {});
      return true;
    }
    // A barrier id in a register: nvcc's -G code passes 0 through a
    // function parameter. The lowering accepts the barrier once the id
    // has folded to 0 and names it otherwise.
    Value *Id = L.read(I, 0, Type::B32);
    if (!Id)
      return false;
    L.intrinsic(Intrinsic::nvvm_barrier_sync, {}, {Id});
    return true;
  }
  if (V == "bar.red" || V == "barrier.red") {
    // bar.red.popc.u32 d, a{, b}, {!}c;  bar.red.{and,or}.pred p, a{, b}, {!}c;
    unsigned N = I.Operands.size();
    if (N < 3)
      return L.error(I, "'" + I.spelling() + "' needs 3 or 4 operands");
    if (!checkWholeCTABarrier(L, I, 1, N == 4 ? 2 : N))
      return false;
    if (!isImmediate(I, 1, 0))
      return L.unsupported(I, "a barrier-reduction id must be the immediate "
                              "0 (named barriers have no Apple equivalent)");
    Value *P = L.read(I, N - 1, Type::Pred);
    if (!P)
      return false;
    IRBuilder<> &B = L.builder();
    Value *Arg = B.CreateZExt(P, B.getInt32Ty());
    if (I.hasModifier("popc")) {
      Value *R = L.intrinsic(Intrinsic::nvvm_barrier0_popc, {}, {Arg});
      return L.write(I, 0, R, Type::U32);
    }
    if (!I.hasModifier("and") && !I.hasModifier("or"))
      return L.unsupported(I, "unknown barrier reduction");
    Intrinsic::ID ID = I.hasModifier("and") ? Intrinsic::nvvm_barrier0_and
                                            : Intrinsic::nvvm_barrier0_or;
    Value *R = L.intrinsic(ID, {}, {Arg});
    return L.write(I, 0, B.CreateICmpNE(R, B.getInt32(0)), Type::Pred);
  }
  return L.unsupported(I);
}

/// The fence of scope \p Scope (cta, cluster, gpu, sys; gl for membar).
bool emitFence(FunctionLifter &L, StringRef Scope) {
  Intrinsic::ID ID = Scope == "cta"   ? Intrinsic::nvvm_membar_cta
                     : Scope == "sys" ? Intrinsic::nvvm_membar_sys
                                      : Intrinsic::nvvm_membar_gl;
  L.intrinsic(ID, {}, {});
  return true;
}

StringRef scopeOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers)
    if (M.Kind == ModifierKind::Scope)
      return M.Name;
  return "";
}

bool liftMembar(FunctionLifter &L, const Instruction &I) {
  if (variantOf(I) == "membar.proxy")
    return true; // membar.proxy.alias: one proxy only, see fence.proxy
  StringRef S = scopeOf(I);
  if (S.empty())
    return L.error(I, "'membar' needs a scope (.cta, .gl or .sys)");
  return emitFence(L, S);
}

bool liftFence(FunctionLifter &L, const Instruction &I) {
  if (variantOf(I) == "fence.proxy") {
    // Ordering between the generic proxy and the alias proxy (virtual
    // aliases of one location) or the async proxy (bulk copies, TMA): the
    // lifted code accesses memory through the generic proxy only, since
    // the async-proxy instructions are rejected, so there is nothing to
    // order.
    for (const Modifier &M : I.Modifiers) {
      StringRef N = M.Name;
      if (N.startswith("tensormap"))
        return L.unsupported(I, "tensor-map (TMA descriptor) proxy fences "
                                "have no Apple equivalent");
      if (N.startswith("sync_restrict"))
        return L.unsupported(I, "Hopper cluster instructions have no Apple "
                                "equivalent");
    }
    return true;
  }
  for (const Modifier &M : I.Modifiers)
    if (StringRef(M.Name) == "mbarrier_init" ||
        StringRef(M.Name).startswith("sync_restrict"))
      return L.unsupported(I, "mbarrier fences have no Apple equivalent");
  StringRef S = scopeOf(I);
  if (S.empty())
    return L.error(I, "'fence' needs a scope (.cta, .cluster, .gpu or .sys)");
  // fence.sc and fence.acq_rel (and .acquire/.release) at a scope: a
  // sequentially consistent fence at that scope (membar.cta is
  // fence.sc.cta, membar.gl fence.sc.gpu); a cluster without clusters is
  // the CTA, covered by the gpu scope.
  return emitFence(L, S);
}

bool liftTrap(FunctionLifter &L, const Instruction &I) {
  // Clang's __trap(): `asm volatile("trap;")`, which LowerAssertTrap turns
  // into the trap status and the end of the thread.
  IRBuilder<> &B = L.builder();
  auto *Asm = InlineAsm::get(FunctionType::get(B.getVoidTy(), false), "trap;",
                             "", /*hasSideEffects=*/true);
  B.CreateCall(Asm);
  return true;
}

bool liftNothing(FunctionLifter &, const Instruction &) { return true; }

bool liftNanosleep(FunctionLifter &L, const Instruction &I) {
  // The duration is evaluated (a bad operand is still an error) and
  // dropped: any sleep in [0, 2t] is a correct implementation.
  return L.read(I, 0, Type::U32) != nullptr;
}

/// cp.async.{ca,cg}.shared{::cta}.global [dst], [src], cp-size{, src-size |
/// ignore-src}{, cache-policy}: copies cp-size bytes, of which the first
/// src-size come from src and the rest are zeros.
bool liftCpAsyncCopy(FunctionLifter &L, const Instruction &I) {
  IRBuilder<> &B = L.builder();
  const std::vector<Operand> &Ops = I.Operands;
  unsigned N = Ops.size();
  if (I.hasModifier("L2::cache_hint"))
    --N; // the cache policy, a hint
  if (N < 3 || N > 4)
    return L.error(I, "'" + I.spelling() +
                          "' takes [dst], [src], cp-size "
                          "and an optional src-size or ignore-src");
  if (Ops[2].K != Operand::Kind::IntImm ||
      (Ops[2].IntValue != 4 && Ops[2].IntValue != 8 && Ops[2].IntValue != 16))
    return L.error(I, "the cp-size of 'cp.async' must be 4, 8 or 16");
  unsigned Size = Ops[2].IntValue;
  if (I.hasModifier("cg") && Size != 16)
    return L.error(I, "'cp.async.cg' copies 16 bytes");

  Value *Dst = L.address(I, 0, StateSpace::Shared, B.getInt8Ty());
  Value *Src = L.address(I, 1, StateSpace::Global, B.getInt8Ty());
  if (!Dst || !Src)
    return false;

  // How many bytes come from src: all, none, or SrcSize (an i32).
  Value *SrcSize = nullptr;
  bool All = N == 3, None = false;
  Value *Ignore = nullptr;
  if (N == 4) {
    const Operand &Op = Ops[3];
    if (Op.K == Operand::Kind::IntImm) {
      All = Op.IntValue >= Size;
      None = Op.IntValue == 0;
      if (!All && !None)
        SrcSize = B.getInt32(Op.IntValue);
    } else if (Op.Not) {
      // `!%p`: the ignore-src predicate form.
      Ignore = L.read(I, 3, Type::Pred);
      if (!Ignore)
        return false;
    } else {
      // src-size in a register (an ignore-src predicate register is
      // reported by read() as not being an integer).
      SrcSize = L.read(I, 3, Type::U32);
      if (!SrcSize)
        return false;
    }
  }

  llvm::Function *F = B.GetInsertBlock()->getParent();
  LLVMContext &C = L.context();
  auto CopyAll = [&] {
    // Whole 32-bit words; the first aligned to the copy size, as PTX
    // requires of both addresses.
    for (unsigned K = 0; K < Size / 4; ++K) {
      Value *S =
          B.CreateBitCast(B.CreateConstGEP1_32(B.getInt8Ty(), Src, 4 * K),
                          B.getInt32Ty()->getPointerTo(1));
      Value *D =
          B.CreateBitCast(B.CreateConstGEP1_32(B.getInt8Ty(), Dst, 4 * K),
                          B.getInt32Ty()->getPointerTo(3));
      llvm::Align A(K ? 4 : Size);
      B.CreateAlignedStore(B.CreateAlignedLoad(B.getInt32Ty(), S, A), D, A);
    }
  };
  auto Zero = [&] {
    for (unsigned K = 0; K < Size / 4; ++K) {
      Value *D =
          B.CreateBitCast(B.CreateConstGEP1_32(B.getInt8Ty(), Dst, 4 * K),
                          B.getInt32Ty()->getPointerTo(3));
      B.CreateAlignedStore(B.getInt32(0), D, llvm::Align(K ? 4 : Size));
    }
  };
  if (All && !Ignore) {
    CopyAll();
    return true;
  }
  if (None) {
    Zero();
    return true;
  }
  BasicBlock *Done = BasicBlock::Create(C, "cp.async.done", F);
  if (Ignore) {
    BasicBlock *Copy = BasicBlock::Create(C, "cp.async.copy", F, Done);
    BasicBlock *Fill = BasicBlock::Create(C, "cp.async.zero", F, Done);
    B.CreateCondBr(Ignore, Fill, Copy);
    B.SetInsertPoint(Copy);
    CopyAll();
    B.CreateBr(Done);
    B.SetInsertPoint(Fill);
    Zero();
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
    return true;
  }
  // A partial copy: whole when src-size >= cp-size (PTX leaves larger
  // sizes undefined), else byte by byte, reading only the bytes below
  // src-size (the rest may lie outside the source allocation).
  BasicBlock *Whole = BasicBlock::Create(C, "cp.async.whole", F, Done);
  BasicBlock *Loop = BasicBlock::Create(C, "cp.async.byte", F, Done);
  BasicBlock *Read = BasicBlock::Create(C, "cp.async.read", F, Done);
  BasicBlock *Store = BasicBlock::Create(C, "cp.async.store", F, Done);
  BasicBlock *Entry = B.GetInsertBlock();
  B.CreateCondBr(B.CreateICmpUGE(SrcSize, B.getInt32(Size)), Whole, Loop);
  B.SetInsertPoint(Whole);
  CopyAll();
  B.CreateBr(Done);

  B.SetInsertPoint(Loop);
  PHINode *K = B.CreatePHI(B.getInt32Ty(), 2, "cp.async.k");
  K->addIncoming(B.getInt32(0), Entry);
  Value *InSrc = B.CreateICmpULT(K, SrcSize);
  B.CreateCondBr(InSrc, Read, Store);
  B.SetInsertPoint(Read);
  Value *Byte = B.CreateLoad(B.getInt8Ty(), B.CreateGEP(B.getInt8Ty(), Src, K));
  B.CreateBr(Store);
  B.SetInsertPoint(Store);
  PHINode *V = B.CreatePHI(B.getInt8Ty(), 2);
  V->addIncoming(B.getInt8(0), Loop);
  V->addIncoming(Byte, Read);
  B.CreateStore(V, B.CreateGEP(B.getInt8Ty(), Dst, K));
  Value *Next = B.CreateAdd(K, B.getInt32(1));
  K->addIncoming(Next, Store);
  B.CreateCondBr(B.CreateICmpULT(Next, B.getInt32(Size)), Loop, Done);
  B.SetInsertPoint(Done);
  return true;
}

bool liftCp(FunctionLifter &L, const Instruction &I) {
  StringRef V = variantOf(I);
  if (V == "cp.async")
    return liftCpAsyncCopy(L, I);
  if (V == "cp.async.commit_group" || V == "cp.async.wait_all")
    return true; // every copy has completed already
  if (V == "cp.async.wait_group")
    return I.Operands.size() == 1 && I.Operands[0].K == Operand::Kind::IntImm
               ? true
               : L.error(I, "'cp.async.wait_group' needs an integer "
                            "constant");
  if (V == "cp.async.mbarrier.arrive")
    return L.unsupported(I, "mbarrier (asynchronous transaction barriers) "
                            "has no Apple equivalent");
  if (V.contains("bulk"))
    return L.unsupported(I, "bulk asynchronous copies and the tensor memory "
                            "accelerator (TMA) have no Apple equivalent");
  return L.unsupported(I);
}

/// Families that have no Apple equivalent, each with its reason.
template <const char *Why>
bool liftUnsupported(FunctionLifter &L, const Instruction &I) {
  return L.unsupported(I, Why);
}

constexpr char ClusterWhy[] =
    "Hopper cluster instructions have no Apple equivalent";
constexpr char MbarrierWhy[] =
    "mbarrier (asynchronous transaction barriers) has no Apple equivalent";
constexpr char WgmmaWhy[] = "warpgroup matrix multiply-accumulate (wgmma, "
                            "Hopper) has no Apple equivalent";
constexpr char Tcgen05Why[] = "fifth-generation tensor core instructions "
                              "(tcgen05, Blackwell) have no Apple equivalent";
constexpr char MatrixWhy[] =
    "warp-level matrix instructions (mma, wmma, ldmatrix, stmatrix, "
    "movmatrix) are not supported: Apple's simdgroup matrices have other "
    "shapes and fragment layouts";
constexpr char MultimemWhy[] =
    "multimem (NVLink multicast memory) has no Apple equivalent";
constexpr char TensormapWhy[] =
    "tensor-map (TMA descriptor) instructions have no Apple equivalent";
constexpr char SetmaxnregWhy[] =
    "warpgroup register reallocation (setmaxnreg) has no Apple equivalent";
constexpr char IsspacepWhy[] =
    "the lowering cannot yet ask which state space a generic address is in "
    "(llvm.nvvm.isspacep.*, __isGlobal)";
constexpr char BrkptWhy[] = "a debugger breakpoint has no Apple equivalent";
constexpr char PmeventWhy[] =
    "performance-monitor events have no Apple equivalent";

} // namespace

void addSyncInstructions(LiftTable &T) {
  T.add("bar", liftBarrier);
  T.add("barrier", liftBarrier);
  T.add("membar", liftMembar);
  T.add("fence", liftFence);
  T.add("trap", liftTrap);
  T.add("nanosleep", liftNanosleep);
  T.add("griddepcontrol", liftNothing);
  T.add("cp", liftCp);

  T.add("getctarank", liftUnsupported<ClusterWhy>);
  T.add("mapa", liftUnsupported<ClusterWhy>);
  T.add("clusterlaunchcontrol", liftUnsupported<ClusterWhy>);
  T.add("mbarrier", liftUnsupported<MbarrierWhy>);
  T.add("wgmma", liftUnsupported<WgmmaWhy>);
  T.add("tcgen05", liftUnsupported<Tcgen05Why>);
  for (const char *Op : {"mma", "wmma", "ldmatrix", "stmatrix", "movmatrix"})
    T.add(Op, liftUnsupported<MatrixWhy>);
  T.add("multimem", liftUnsupported<MultimemWhy>);
  T.add("tensormap", liftUnsupported<TensormapWhy>);
  T.add("setmaxnreg", liftUnsupported<SetmaxnregWhy>);
  T.add("isspacep", liftUnsupported<IsspacepWhy>);
  T.add("brkpt", liftUnsupported<BrkptWhy>);
  T.add("pmevent", liftUnsupported<PmeventWhy>);
}

} // namespace ptx
} // namespace cumetal

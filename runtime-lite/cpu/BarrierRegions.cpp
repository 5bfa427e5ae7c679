//===- BarrierRegions.cpp - Barrier kernels without fibers ----------------===//
//
// Work-item loops in the manner of POCL, for kernels whose only rendezvous
// points are threadgroup barriers (SIMD-group operations, which meet 32
// lanes in lock-step inside a region, and checked mode, which reports
// barrier divergence, keep fibers). The kernel K becomes a region function
// R (BarrierRegions.h gives its signature):
//
//  1. Calls of functions that reach a barrier are inlined into K (they must
//     all be: a barrier left in a callee, or a callee reached indirectly or
//     recursively, keeps the kernel on fibers), and SROA promotes what
//     private memory it can to SSA values.
//  2. K's body moves into R behind a new entry block, "dispatch", which
//     will hold everything that every region may use: K's allocas (all of
//     constant size in the entry block, or the kernel keeps fibers) and the
//     call of the static threadgroup-memory hook.
//  3. Each barrier call ends its block: the block is split after the call,
//     and barrier I's block later returns I instead of branching to the
//     continuation, which becomes resume point I. `ret void` becomes
//     `ret i32 -1`, and dispatch switches on `resume` to the original
//     entry (0) or a continuation.
//  4. A value defined before a barrier and used after it (live on entry to
//     a continuation, computed on the CFG before step 3 cut it) is either
//     re-computed at each resume point where it is live, when it is a small
//     pure expression of parameters, dispatch values and constant memory
//     (thread indices, the parameter block's fields, addresses of shared
//     arrays: the expression already ran on this thread, so it runs again
//     safely and gives the same value), or given a private slot: stored
//     where the barrier returns, loaded at the resume point. SSAUpdater then
//     rewrites the value's uses on the new CFG, adding phis where a use is
//     reached from its definition and from resume points. A store of the
//     value just loaded from the same slot is dropped.
//  5. Every alloca (K's private variables and the slots of step 4) becomes
//     its part of the threadgroup's frame area: variable V of size S at
//     offset O of the per-thread layout is thread t's at
//     `frames + O * threads + t * S`, so the copies of one variable lie
//     side by side, and a loop over the threads accesses them with unit
//     stride and can be vectorized.
//  6. Loads and stores get alias scopes for their AIR address space
//     (annotateAddressSpaces), and the result says whether the threads of
//     a region may interleave (no volatile or atomic access).
//
// R is never inlined: it serves the rounds in which threads resume at
// different points. specializeRegion copies it for one resume point,
// pruned to what runs from there; KernelBinder's region wrappers inline
// such a copy into a loop over the threads, marked parallel when the
// threads may interleave, so that the vectorizer makes SIMD code across
// threads (AIRModuleLoader chooses the resume points, deepest in loops
// first, within a compile-time budget).
//
// Threads run region by region (GridRunner.cpp): a round runs every live
// thread from its resume point to its next barrier or its end, which is
// what the fiber runner does between two releases of a barrier, so threads
// that return early no longer count at barriers, and threads waiting at
// different barriers release together, as with fibers.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/BarrierRegions.h"

#include "runtime-lite/cpu/AIRBuiltins.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <algorithm>
#include <functional>

using namespace llvm;

namespace cumetal::cpu {

namespace {

constexpr char kBarrierName[] = "air.wg.barrier";
/// Rounds of inlining (the depth of calls) through which a barrier may be
/// reached.
constexpr unsigned kMaxInlineRounds = 16;
/// Instructions a value may take to re-compute at a resume point.
constexpr unsigned kMaxRematerializeCost = 16;

bool isCallTo(const Instruction &I, StringRef Name) {
  auto *CI = dyn_cast<CallInst>(&I);
  Function *F = CI ? CI->getCalledFunction() : nullptr;
  return F && F->getName() == Name;
}

//===----------------------------------------------------------------------===//
// Step 1: preconditions and inlining
//===----------------------------------------------------------------------===//

/// A rendezvous function other than the threadgroup barrier that \p M
/// calls, if any.
const Function *simdFunctionCalled(const Module &M) {
  for (const Function &F : M)
    if (F.isDeclaration() && !F.use_empty() && F.getName() != kBarrierName)
      if (const AIRFunction *A = lookupAIRFunction(F.getName());
          A && A->Rendezvous)
        return &F;
  return nullptr;
}

/// The functions that call a barrier, directly or through calls. Sets
/// \p Indirect if one of them is used other than by a direct call.
SmallPtrSet<Function *, 8> functionsReachingBarriers(Module &M,
                                                     bool &Indirect) {
  SmallPtrSet<Function *, 8> Reach;
  Indirect = false;
  Function *Barrier = M.getFunction(kBarrierName);
  if (!Barrier)
    return Reach;
  SmallVector<Function *, 8> Work{Barrier};
  while (!Work.empty()) {
    Function *F = Work.pop_back_val();
    for (User *U : F->users()) {
      auto *CB = dyn_cast<CallBase>(U);
      if (!CB || CB->getCalledOperand() != F) {
        Indirect = true;
        continue;
      }
      if (Reach.insert(CB->getFunction()).second)
        Work.push_back(CB->getFunction());
    }
  }
  return Reach;
}

/// Whether a function of \p Reach calls itself, directly or through other
/// functions of \p Reach (the functions that reach a barrier).
bool recursive(const SmallPtrSetImpl<Function *> &Reach) {
  enum class Mark { Open, Done };
  DenseMap<const Function *, Mark> Marks;
  std::function<bool(const Function &)> Visit = [&](const Function &F) {
    auto [It, New] = Marks.try_emplace(&F, Mark::Open);
    if (!New)
      return It->second == Mark::Open; // a call back into the path
    for (const Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *Callee = CB->getCalledFunction();
            Callee && Reach.count(Callee) && Visit(*Callee))
          return true;
    Marks[&F] = Mark::Done;
    return false;
  };
  return any_of(Reach, [&](Function *F) { return Visit(*F); });
}

/// Erases the module's unused local functions (callees whose calls were all
/// inlined), repeatedly.
void eraseDeadLocalFunctions(Module &M) {
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (Function &F : make_early_inc_range(M))
      if (!F.isDeclaration() && F.hasLocalLinkage() && F.use_empty()) {
        F.eraseFromParent();
        Changed = true;
      }
  }
}

/// Inlines into \p K every call that reaches a barrier. Returns why it
/// could not, or an empty string.
std::string inlineBarrierCalls(Function &K) {
  Module &M = *K.getParent();
  for (unsigned Round = 0;; ++Round) {
    bool Indirect = false;
    SmallPtrSet<Function *, 8> Reach = functionsReachingBarriers(M, Indirect);
    if (Indirect)
      return "a function that reaches a barrier is used other than by a "
             "direct call";
    if (Round == 0 && recursive(Reach))
      return "a barrier is reached through recursive calls";
    SmallVector<CallBase *, 8> Calls;
    for (Instruction &I : instructions(K))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *Callee = CB->getCalledFunction())
          if (!Callee->isDeclaration() && Reach.count(Callee))
            Calls.push_back(CB);
    if (Calls.empty())
      break;
    if (Round == kMaxInlineRounds)
      return "a barrier is reached through too deep a chain of calls";
    for (CallBase *CB : Calls) {
      InlineFunctionInfo IFI;
      if (!InlineFunction(*CB, IFI, nullptr, /*InsertLifetime=*/false)
               .isSuccess())
        return "a call that reaches a barrier cannot be inlined";
    }
  }
  eraseDeadLocalFunctions(M);
  if (Function *Barrier = M.getFunction(kBarrierName))
    for (User *U : Barrier->users())
      if (cast<Instruction>(U)->getFunction() != &K)
        return "a barrier is left in a function that is not inlined";
  return {};
}

void promotePrivateVariables(Function &F) {
  PassBuilder PB;
  FunctionAnalysisManager FAM;
  PB.registerFunctionAnalyses(FAM);
  FunctionPassManager FPM;
  FPM.addPass(SROAPass());
  FPM.run(F, FAM);
}

/// Why the allocas of \p K cannot become frame slots, or an empty string.
std::string privateMemoryObstacle(Function &K) {
  for (Instruction &I : instructions(K))
    if (auto *AI = dyn_cast<AllocaInst>(&I)) {
      if (!AI->isStaticAlloca())
        return "private memory of dynamic size";
      if (AI->getAlign().value() > kFrameAlignment)
        return "private memory aligned to more than " +
               std::to_string(kFrameAlignment) + " bytes";
    }
  return {};
}

//===----------------------------------------------------------------------===//
// Step 4: values live across barriers
//===----------------------------------------------------------------------===//

bool isConstantMemoryLoad(const LoadInst &LI) {
  return LI.isSimple() && (LI.getPointerAddressSpace() == 2 ||
                           LI.hasMetadata(LLVMContext::MD_invariant_load));
}

/// Whether \p V can be re-computed at a resume point from parameters,
/// dispatch values, constants and constant memory in at most \p Budget
/// instructions (shared operands counted once).
bool canRematerialize(Value *V, const BasicBlock *Dispatch, unsigned &Budget,
                      SmallPtrSetImpl<Instruction *> &Seen) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I)
    return isa<Constant>(V) || isa<Argument>(V);
  if (I->getParent() == Dispatch || Seen.count(I))
    return true;
  if (Budget == 0)
    return false;
  --Budget;
  if (isa<PHINode>(I) || I->isTerminator() || isa<FreezeInst>(I) ||
      I->mayHaveSideEffects() || isa<AllocaInst>(I))
    return false;
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    if (!isConstantMemoryLoad(*LI))
      return false;
  } else if (auto *II = dyn_cast<IntrinsicInst>(I)) {
    if (!II->doesNotAccessMemory() || !II->willReturn())
      return false;
  } else if (isa<CallBase>(I) || I->mayReadFromMemory()) {
    return false;
  }
  Seen.insert(I);
  return all_of(I->operands(), [&](Value *Op) {
    return canRematerialize(Op, Dispatch, Budget, Seen);
  });
}

/// A copy of \p V's expression before \p Anchor (canRematerialize holds).
Value *rematerialize(Value *V, const BasicBlock *Dispatch, Instruction *Anchor,
                     DenseMap<Value *, Value *> &Copies) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I || I->getParent() == Dispatch)
    return V;
  if (auto It = Copies.find(I); It != Copies.end())
    return It->second;
  Instruction *C = I->clone();
  for (unsigned Op = 0; Op < C->getNumOperands(); ++Op)
    C->setOperand(Op,
                  rematerialize(I->getOperand(Op), Dispatch, Anchor, Copies));
  if (isa<LoadInst>(C)) // constant memory
    C->setMetadata(LLVMContext::MD_invariant_load,
                   MDNode::get(C->getContext(), {}));
  C->insertBefore(Anchor);
  C->setName(I->getName() + ".re");
  Copies[I] = C;
  return C;
}

/// For each instruction outside \p Dispatch, the continuations (indices
/// into \p Conts) on whose entry it is live, in the current CFG.
MapVector<Instruction *, SmallVector<unsigned, 4>>
liveAcrossBarriers(Function &F, const BasicBlock *Dispatch,
                   ArrayRef<BasicBlock *> Conts) {
  DenseMap<const BasicBlock *, unsigned> ContIndex;
  for (unsigned I = 0; I < Conts.size(); ++I)
    ContIndex[Conts[I]] = I;
  MapVector<Instruction *, SmallVector<unsigned, 4>> Live;
  SmallPtrSet<BasicBlock *, 32> LiveIn;
  SmallVector<BasicBlock *, 32> Work;
  for (Instruction &V : instructions(F)) {
    BasicBlock *Def = V.getParent();
    if (Def == Dispatch)
      continue;
    LiveIn.clear();
    auto MarkLiveIn = [&](BasicBlock *B) {
      if (B != Def && LiveIn.insert(B).second)
        Work.push_back(B);
    };
    for (Use &U : V.uses()) {
      auto *User = cast<Instruction>(U.getUser());
      if (auto *PN = dyn_cast<PHINode>(User))
        MarkLiveIn(PN->getIncomingBlock(U)); // live at its end
      else
        MarkLiveIn(User->getParent());
    }
    while (!Work.empty())
      for (BasicBlock *P : predecessors(Work.pop_back_val()))
        MarkLiveIn(P);
    SmallVector<unsigned, 4> At;
    for (BasicBlock *B : LiveIn)
      if (auto It = ContIndex.find(B); It != ContIndex.end())
        At.push_back(It->second);
    if (At.empty())
      continue;
    llvm::sort(At);
    Live[&V] = std::move(At);
  }
  return Live;
}

//===----------------------------------------------------------------------===//
// Address spaces
//===----------------------------------------------------------------------===//

/// Tells alias analysis what AIR guarantees: device (1), constant (2) and
/// threadgroup (3) memory never overlap (AIR has no generic pointers), and
/// constant memory does not change while a kernel runs. Each load and store
/// in one of these spaces gets its space's alias scope and the other two as
/// noalias; accesses that may touch several spaces (memory intrinsics,
/// calls) get nothing. Without it, the loop over the threads of a region
/// that reads device memory and writes threadgroup memory at addresses
/// that depend on values carried across a barrier cannot be vectorized.
void annotateAddressSpaces(Function &F) {
  LLVMContext &C = F.getContext();
  MDBuilder MDB(C);
  MDNode *Domain = MDB.createAnonymousAliasScopeDomain("cumetal.spaces");
  MDNode *Scope[4] = {nullptr, MDB.createAnonymousAliasScope(Domain, "device"),
                      MDB.createAnonymousAliasScope(Domain, "constant"),
                      MDB.createAnonymousAliasScope(Domain, "threadgroup")};
  for (Instruction &I : instructions(F)) {
    Value *Ptr = getLoadStorePointerOperand(&I);
    if (!Ptr)
      continue;
    unsigned AS = Ptr->getType()->getPointerAddressSpace();
    if (AS < 1 || AS > 3)
      continue;
    SmallVector<Metadata *, 2> Others;
    for (unsigned O = 1; O <= 3; ++O)
      if (O != AS)
        Others.push_back(Scope[O]);
    I.setMetadata(
        LLVMContext::MD_alias_scope,
        MDNode::concatenate(I.getMetadata(LLVMContext::MD_alias_scope),
                            MDNode::get(C, {Scope[AS]})));
    I.setMetadata(LLVMContext::MD_noalias,
                  MDNode::concatenate(I.getMetadata(LLVMContext::MD_noalias),
                                      MDNode::get(C, Others)));
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && AS == 2 && LI->isSimple())
      LI->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(C, {}));
  }
}

/// Whether the threads of a region of \p F may be interleaved: it has no
/// volatile or atomic access and calls nothing that writes memory but
/// LLVM's intrinsics (memcpy, memset).
bool threadsMayInterleave(Function &F) {
  for (Instruction &I : instructions(F)) {
    if (!I.mayReadOrWriteMemory())
      continue;
    if (auto *LI = dyn_cast<LoadInst>(&I)) {
      if (!LI->isSimple())
        return false;
    } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
      if (!SI->isSimple())
        return false;
    } else if (auto *CB = dyn_cast<CallBase>(&I)) {
      if (auto *MI = dyn_cast<MemIntrinsic>(CB)) {
        if (MI->isVolatile())
          return false;
      } else if (!CB->onlyReadsMemory() && !isa<IntrinsicInst>(CB)) {
        return false;
      }
    } else {
      return false; // atomicrmw, cmpxchg, fence
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// The transformation
//===----------------------------------------------------------------------===//

class RegionBuilder {
public:
  explicit RegionBuilder(Function &K)
      : K(K), C(K.getContext()), DL(K.getParent()->getDataLayout()) {}

  BarrierRegions run();

private:
  void createRegionFunction();
  void prepareBody();
  void splitAtBarriers();
  void rewriteControlFlow();
  void carryLiveValues(
      const MapVector<Instruction *, SmallVector<unsigned, 4>> &Live);
  uint64_t allocateFrames();

  Argument *frames() const { return R->getArg(K.arg_size()); }
  Argument *threads() const { return R->getArg(K.arg_size() + 1); }
  Argument *tid() const { return R->getArg(K.arg_size() + 2); }
  Argument *resume() const { return R->getArg(K.arg_size() + 3); }

  Function &K;
  LLVMContext &C;
  const DataLayout &DL;
  Function *R = nullptr;
  BasicBlock *Dispatch = nullptr;
  BasicBlock *Entry = nullptr; ///< the kernel's own entry block
  /// Barrier I+1: the block that ends at it and its continuation.
  SmallVector<BasicBlock *, 8> Exits, Conts;
};

void RegionBuilder::createRegionFunction() {
  Type *I64 = Type::getInt64Ty(C);
  SmallVector<Type *, 16> Params(K.getFunctionType()->params().begin(),
                                 K.getFunctionType()->params().end());
  Params.append({Type::getInt8PtrTy(C), I64, I64, Type::getInt32Ty(C)});
  auto *FT = FunctionType::get(Type::getInt32Ty(C), Params, false);
  R = Function::Create(FT, GlobalValue::InternalLinkage,
                       K.getName() + ".regions", K.getParent());
  // The kernel's attributes keep their parameter positions.
  R->copyAttributesFrom(&K);
  R->removeFnAttr(Attribute::Convergent);
  R->removeFnAttr(Attribute::NoInline);
  R->removeFnAttr(Attribute::OptimizeNone);
  // Compiled once, for the rounds in which threads resume at different
  // points; the copies specializeRegion makes are inlined into their loops.
  R->addFnAttr(Attribute::NoInline);
  // Not noalias: the wrapper's frames parameter is, which tells alias
  // analysis the same once R is inlined, and the scope declarations the
  // inliner would add for R's own would keep the loop over the threads
  // from being a parallel loop.
  R->addParamAttr(K.arg_size(), Attribute::NoCapture);
  const char *Names[] = {"frames", "threads", "tid", "resume"};
  for (unsigned I = 0; I < 4; ++I)
    R->getArg(K.arg_size() + I)->setName(Names[I]);
  R->getBasicBlockList().splice(R->begin(), K.getBasicBlockList());
  for (unsigned I = 0; I < K.arg_size(); ++I) {
    K.getArg(I)->replaceAllUsesWith(R->getArg(I));
    R->getArg(I)->takeName(K.getArg(I));
  }
}

void RegionBuilder::prepareBody() {
  removeUnreachableBlocks(*R);
  Entry = &R->getEntryBlock();
  Dispatch = BasicBlock::Create(C, "dispatch", R, Entry);
  BranchInst::Create(Entry, Dispatch);
  Instruction *End = Dispatch->getTerminator();
  for (Instruction &I : make_early_inc_range(instructions(*R))) {
    if (I.getParent() == Dispatch)
      continue;
    if (isa<AllocaInst>(I) ||
        (isCallTo(I, kThreadgroupBaseHook) && I.getNumOperands() == 1)) {
      // Available to every region (a static alloca, the argument-less
      // hook whose value is the threadgroup's).
      I.moveBefore(End);
    } else if (isCallTo(I, kSimdSiteHook) || isa<DbgInfoIntrinsic>(I) ||
               I.isLifetimeStartOrEnd()) {
      // Site numbers only serve fibers; lifetime markers would refer to
      // frame slots, not allocas.
      I.eraseFromParent();
    }
  }
}

void RegionBuilder::splitAtBarriers() {
  SmallVector<CallInst *, 8> Barriers;
  for (Instruction &I : instructions(*R))
    if (isCallTo(I, kBarrierName))
      Barriers.push_back(cast<CallInst>(&I));
  for (CallInst *CI : Barriers) {
    BasicBlock *BB = CI->getParent();
    BasicBlock *Cont =
        BB->splitBasicBlock(CI->getNextNode(), BB->getName() + ".resume");
    CI->eraseFromParent();
    Exits.push_back(BB);
    Conts.push_back(Cont);
  }
}

void RegionBuilder::rewriteControlFlow() {
  Type *I32 = Type::getInt32Ty(C);
  SmallVector<ReturnInst *, 4> Returns;
  for (BasicBlock &BB : *R)
    if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator()))
      Returns.push_back(RI);
  for (ReturnInst *RI : Returns) {
    ReturnInst::Create(C, ConstantInt::getSigned(I32, kRegionExited), RI);
    RI->eraseFromParent();
  }
  for (unsigned I = 0; I < Exits.size(); ++I) {
    Instruction *Br = Exits[I]->getTerminator();
    ReturnInst::Create(C, ConstantInt::get(I32, I + 1), Br);
    Br->eraseFromParent();
  }
  Dispatch->getTerminator()->eraseFromParent();
  SwitchInst *SW = SwitchInst::Create(resume(), Entry, Conts.size(), Dispatch);
  for (unsigned I = 0; I < Conts.size(); ++I)
    SW->addCase(ConstantInt::get(cast<IntegerType>(I32), I + 1), Conts[I]);
}

void RegionBuilder::carryLiveValues(
    const MapVector<Instruction *, SmallVector<unsigned, 4>> &Live) {
  // Where each continuation's reloads and re-computations go, in order.
  SmallVector<Instruction *, 8> Anchor;
  for (BasicBlock *Cont : Conts)
    Anchor.push_back(&*Cont->getFirstInsertionPt());
  SmallVector<DenseMap<Value *, Value *>, 8> Copies(Conts.size());
  // First every value's definitions at the resume points, from the
  // original expressions; then the rewriting of uses.
  struct Carried {
    Instruction *V;
    SmallVector<std::pair<BasicBlock *, Value *>, 4> Defs;
  };
  std::vector<Carried> All;
  SmallVector<std::pair<StoreInst *, LoadInst *>, 16> Spills;
  for (auto &[V, At] : Live) {
    Carried Cv{V, {}};
    unsigned Budget = kMaxRematerializeCost;
    SmallPtrSet<Instruction *, 16> Seen;
    if (canRematerialize(V, Dispatch, Budget, Seen)) {
      for (unsigned I : At)
        Cv.Defs.push_back(
            {Conts[I], rematerialize(V, Dispatch, Anchor[I], Copies[I])});
    } else {
      Type *T = V->getType();
      Align A = std::min(DL.getABITypeAlign(T), Align(kFrameAlignment));
      auto *Slot =
          new AllocaInst(T, DL.getAllocaAddrSpace(), nullptr, A,
                         V->getName() + ".slot", Dispatch->getTerminator());
      for (unsigned I : At) {
        auto *St = new StoreInst(V, Slot, false, A, Exits[I]->getTerminator());
        auto *Ld = new LoadInst(T, Slot, V->getName() + ".reload", false, A,
                                Anchor[I]);
        Cv.Defs.push_back({Conts[I], Ld});
        Spills.push_back({St, Ld});
      }
    }
    All.push_back(std::move(Cv));
  }
  for (Carried &Cv : All) {
    SSAUpdater SSA;
    SSA.Initialize(Cv.V->getType(), Cv.V->getName());
    SSA.AddAvailableValue(Cv.V->getParent(), Cv.V);
    for (auto &[BB, Def] : Cv.Defs)
      SSA.AddAvailableValue(BB, Def);
    for (Use &U : make_early_inc_range(Cv.V->uses())) {
      auto *User = cast<Instruction>(U.getUser());
      if (User->getParent() != Cv.V->getParent() || isa<PHINode>(User))
        SSA.RewriteUseAfterInsertions(U);
    }
  }
  // A slot needs no store of what was loaded from it in the same region:
  // slots are only stored where a region ends.
  for (auto &[St, Ld] : Spills) {
    auto *V = dyn_cast<LoadInst>(St->getValueOperand());
    if (V && V->getPointerOperand() == St->getPointerOperand() &&
        V->getParent() != Dispatch && is_contained(Conts, V->getParent()))
      St->eraseFromParent();
  }
  for (auto &[St, Ld] : Spills)
    if (Ld->use_empty())
      Ld->eraseFromParent();
}

uint64_t RegionBuilder::allocateFrames() {
  IRBuilder<> B(Dispatch->getTerminator());
  Type *I8 = B.getInt8Ty();
  uint64_t Offset = 0;
  SmallVector<AllocaInst *, 16> Allocas;
  for (Instruction &I : *Dispatch)
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      Allocas.push_back(AI);
  for (AllocaInst *AI : Allocas) {
    uint64_t Count = cast<ConstantInt>(AI->getArraySize())->getZExtValue();
    Align A = AI->getAlign();
    uint64_t Size =
        alignTo(std::max<uint64_t>(
                    DL.getTypeAllocSize(AI->getAllocatedType()) * Count, 1),
                A);
    Offset = alignTo(Offset, A);
    // frames + Offset * threads + tid * Size
    Value *Base = B.CreateInBoundsGEP(
        I8, frames(), B.CreateNUWMul(threads(), B.getInt64(Offset)));
    Value *Own =
        B.CreateInBoundsGEP(I8, Base, B.CreateNUWMul(tid(), B.getInt64(Size)));
    Value *P = B.CreatePointerBitCastOrAddrSpaceCast(Own, AI->getType());
    P->takeName(AI);
    AI->replaceAllUsesWith(P);
    AI->eraseFromParent();
    Offset += Size;
  }
  return alignTo(Offset, 16);
}

BarrierRegions RegionBuilder::run() {
  createRegionFunction();
  prepareBody();
  splitAtBarriers();
  // Liveness and loops on the CFG that still runs through the barriers.
  auto Live = liveAcrossBarriers(*R, Dispatch, Conts);
  std::vector<unsigned> Depth;
  {
    DominatorTree DT(*R);
    LoopInfo LI(DT);
    Depth.push_back(LI.getLoopDepth(Entry));
    for (BasicBlock *Cont : Conts)
      Depth.push_back(LI.getLoopDepth(Cont));
  }
  rewriteControlFlow();
  carryLiveValues(Live);
  annotateAddressSpaces(*R);
  BarrierRegions Result;
  Result.Parallel = threadsMayInterleave(*R);
  Result.FrameBytes = allocateFrames();
  Result.NumBarriers = Conts.size();
  Result.ResumeLoopDepth = std::move(Depth);
  Result.Region = R;
  K.eraseFromParent();
  return Result;
}

} // namespace

Function *specializeRegion(Function &Region, unsigned Resume) {
  ValueToValueMapTy VMap;
  Function *F = CloneFunction(&Region, VMap);
  F->setName(Region.getName() + "." + Twine(Resume));
  F->removeFnAttr(Attribute::NoInline);
  F->addFnAttr(Attribute::AlwaysInline);
  auto *SW = cast<SwitchInst>(F->getEntryBlock().getTerminator());
  BasicBlock *Start =
      SW
          ->findCaseValue(ConstantInt::get(
              cast<IntegerType>(SW->getCondition()->getType()), Resume))
          ->getCaseSuccessor();
  BranchInst::Create(Start, SW);
  SW->eraseFromParent();
  removeUnreachableBlocks(*F);
  return F;
}

BarrierRegions formBarrierRegions(Function &K) {
  BarrierRegions Result;
  Module &M = *K.getParent();
  if (const Function *F = simdFunctionCalled(M)) {
    Result.Reason = "calls SIMD-group function '" + F->getName().str() + "'";
    return Result;
  }
  Result.Reason = inlineBarrierCalls(K);
  if (!Result.Reason.empty())
    return Result;
  promotePrivateVariables(K);
  Result.Reason = privateMemoryObstacle(K);
  if (!Result.Reason.empty())
    return Result;
  return RegionBuilder(K).run();
}

} // namespace cumetal::cpu

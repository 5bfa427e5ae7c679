//===- air/lower/EliminateRecursion.cpp - Self-recursion on explicit stacks ==//
//
// AIR has no call stack: the generic tier inlines every device function into
// its kernels (InlineDeviceFunctions), which a recursive function defeats.
// This pass turns each self-recursive device function F (a call-graph SCC of
// F alone, with a call from F to F) into an equivalent function without the
// self-call, which InlineDeviceFunctions then inlines as usual:
//   - F's body becomes a loop over an explicit stack of frames: one private
//     array `[N x %frame]` in F's new entry block and a stack pointer;
//   - a frame holds what must survive a recursive call: F's local variables
//     whose memory is used across a call, the SSA values live across a call
//     (first demoted to stack slots, as reg2mem does), the arguments that
//     change between calls, and, with several call sites, the index of the
//     call site to return to;
//   - a recursive call checks for overflow (a __trap: the launch fails, as a
//     CUDA stack overflow does; memory is never corrupted), records its call
//     site, pushes a frame holding the callee's arguments and jumps to the
//     start of the body; a `ret v` in a callee pops the frame and switches to
//     the continuation of the recorded call site, where the call's result is
//     v; in the outermost frame it returns v.
// Pointers are kept out of frame memory where they could point anywhere but
// device memory (ResolveAddressSpaces takes pointers loaded from memory for
// device pointers): arguments passed unchanged at every recursive call stay
// plain arguments; a pointer argument that changes by address arithmetic on
// itself is kept as a byte offset; pointers live across a call are
// recomputed from their base (an argument, a local, a global) and a demoted
// offset (with a flag, if they may also be loaded pointers). Only pointers
// loaded from memory are stored. What cannot be kept this way (a pointer
// returned by a call, a dynamic alloca, a frame too large for the stack) is
// a diagnostic naming the function, never a guess. Recursion through several
// functions is left to InlineDeviceFunctions, which reports it.
// docs/recursion.md has the rules and limits.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/Analysis/CallGraph.h"
#include "llvm/Analysis/Utils/Local.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

#include <map>

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

/// The placeholder a recursive call becomes until the frames exist:
/// `call void (...) @cumetal.recursion.push(i32 site, args...)`, whose
/// operands are the new frame's argument values (ordinary uses, so the
/// demotion of live values keeps them right).
constexpr StringLiteral kPushName = "cumetal.recursion.push";

/// How a parameter of F reaches the body.
enum class ArgKind {
  Invariant, ///< passed unchanged at every recursive call: a plain argument
  Value,     ///< a non-pointer value: a frame field
  PtrOffset, ///< a pointer derived from itself: a byte offset in the frame
  PtrLoaded, ///< a pointer loaded from memory at every recursive call
  ByVal,     ///< a by-value aggregate: its copy lives in the frame
};

bool containsPointer(Type *T) {
  if (T->isPointerTy())
    return true;
  if (auto *VT = dyn_cast<VectorType>(T))
    return containsPointer(VT->getElementType());
  if (auto *AT = dyn_cast<ArrayType>(T))
    return containsPointer(AT->getElementType());
  if (auto *ST = dyn_cast<StructType>(T))
    return llvm::any_of(ST->elements(), containsPointer);
  return false;
}

/// Where a value used by \p U is available: before its user, or at the end of
/// the incoming block for a PHI.
Instruction *usePoint(const Use &U) {
  auto *User = cast<Instruction>(U.getUser());
  if (auto *Phi = dyn_cast<PHINode>(User))
    return Phi->getIncomingBlock(U)->getTerminator();
  return User;
}

/// Deletes instructions whose results nothing uses, including dead cycles
/// of PHIs (allocas are kept: the pass holds on to them).
void deleteDeadCode(Function &F) {
  SmallPtrSet<Instruction *, 32> Live;
  SmallVector<Instruction *, 64> Work;
  for (Instruction &I : instructions(F))
    if (I.isTerminator() || I.mayHaveSideEffects() || isa<AllocaInst>(I) ||
        I.isEHPad()) {
      Live.insert(&I);
      Work.push_back(&I);
    }
  while (!Work.empty()) {
    Instruction *I = Work.pop_back_val();
    for (Value *Op : I->operands())
      if (auto *OI = dyn_cast<Instruction>(Op))
        if (Live.insert(OI).second)
          Work.push_back(OI);
  }
  SmallVector<Instruction *, 16> Dead;
  for (Instruction &I : instructions(F))
    if (!Live.count(&I))
      Dead.push_back(&I);
  for (Instruction *I : Dead)
    I->dropAllReferences();
  for (Instruction *I : Dead)
    I->eraseFromParent();
}

class Eliminator {
public:
  Eliminator(Function &F, LoweringContext &Ctx)
      : F(F), Ctx(Ctx), M(*F.getParent()), C(F.getContext()),
        DL(M.getDataLayout()), I64(Type::getInt64Ty(C)),
        I32(Type::getInt32Ty(C)) {}

  /// Transforms F; false after a diagnostic.
  bool run();

private:
  std::string name() const { return demangle(F.getName().str()); }
  bool fail(const Instruction *At, const Twine &Why);

  bool checkShape();
  bool normalize();
  bool classifyArgs();
  void buildSkeleton();
  void placePushes();
  bool demoteLiveValues();
  void rewriteArgs();
  bool layoutFrame();
  void rewriteFrameAllocas();
  void expandPushes();
  void buildReturn();
  void promote();

  bool isRematerializable(Value *Root) const;
  struct PtrRep {
    Value *IsRoot; ///< i1: based on the root (else on loaded pointers)
    Value *Off;    ///< i64: the byte offset from the root
    Value *Ld;     ///< i8 pointer: the value if not based on the root
  };
  PtrRep repFrom(Value *V, Value *Root, bool Mixed);
  Value *rebuild(Value *Root, Value *Off, Type *Ty, Instruction *Before);
  bool memoryLiveAcrossCall(AllocaInst *A) const;
  bool reaches(BasicBlock *From, BasicBlock *To) const;
  Value *fieldPtr(AllocaInst *A, Value *Sp, IRBuilder<> &B);
  Value *slotPtr(AllocaInst *A, Value *Sp, IRBuilder<> &B);

  Function &F;
  LoweringContext &Ctx;
  Module &M;
  LLVMContext &C;
  const DataLayout &DL;
  Type *I64, *I32;

  SmallVector<CallInst *, 4> Calls;   ///< the recursive calls, in order
  SmallVector<ArgKind, 8> Kinds;      ///< per parameter
  SmallVector<AllocaInst *, 8> Slots; ///< per parameter (varying ones)
  BasicBlock *Entry = nullptr;        ///< the new entry block
  BasicBlock *Body = nullptr;         ///< the old entry: the body's start
  BasicBlock *RetBlock = nullptr;     ///< every `ret` branches here
  SmallVector<BasicBlock *, 4> Conts; ///< per call: its continuation
  SmallVector<CallInst *, 4> Pushes;  ///< per call: its placeholder
  AllocaInst *Sp = nullptr, *RetVal = nullptr, *Stack = nullptr;
  unsigned RetSiteIndex = 0; ///< the return site's field (several calls)
  SmallPtrSet<Instruction *, 8> RetLoads;
  std::map<std::pair<Value *, bool>, PtrRep> Reps; ///< repFrom's memo
  std::map<AllocaInst *, unsigned> FieldIndex;
  StructType *FrameTy = nullptr;
  ArrayType *StackTy = nullptr;
  unsigned Depth = 0;
};

bool Eliminator::fail(const Instruction *At, const Twine &Why) {
  std::string Msg =
      (Twine("recursive function '") + name() + "' is not supported: " + Why)
          .str();
  if (At)
    Ctx.error(At, Msg);
  else
    Ctx.error(&F, Msg);
  return false;
}

bool Eliminator::run() {
  if (!checkShape() || !normalize())
    return false;
  if (Calls.empty()) // the clean-up found the recursion dead
    return true;
  if (!classifyArgs())
    return false;
  buildSkeleton();
  placePushes();
  if (!demoteLiveValues())
    return false;
  rewriteArgs();
  if (!layoutFrame())
    return false;
  rewriteFrameAllocas();
  expandPushes();
  buildReturn();
  promote();
  return true;
}

/// Only direct calls of F by F; no varargs, no address taken.
bool Eliminator::checkShape() {
  if (F.isVarArg())
    return fail(nullptr, "it takes variable arguments");
  for (Instruction &I : instructions(F))
    for (const Use &U : I.operands()) {
      if (U.get()->stripPointerCasts() != &F)
        continue;
      auto *CI = dyn_cast<CallInst>(&I);
      if (!CI || !CI->isCallee(&U) || CI->getCalledOperand() != &F)
        return fail(&I, "it uses its own address other than to call itself");
      if (CI->isMustTailCall())
        return fail(&I, "musttail recursive call");
    }
  return true;
}

/// Puts F's locals in registers where they can be (so that clang -O0's
/// argument copies become the arguments again), drops what refers to
/// allocas by address only (debug intrinsics, lifetime markers), and
/// checks that every remaining local has a fixed size.
bool Eliminator::normalize() {
  F.removeFnAttr(Attribute::OptimizeNone);
  SmallVector<Instruction *, 16> Drop;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I))
      if (isa<DbgInfoIntrinsic>(II) || II->isLifetimeStartOrEnd())
        Drop.push_back(II);
  for (Instruction *I : Drop)
    I->eraseFromParent();
  removeUnreachableBlocks(F);

  PassBuilder PB;
  FunctionAnalysisManager FAM;
  PB.registerFunctionAnalyses(FAM);
  FunctionPassManager FPM;
  FPM.addPass(SROAPass());
  FPM.run(F, FAM);
  deleteDeadCode(F);

  for (Instruction &I : instructions(F)) {
    if (auto *AI = dyn_cast<AllocaInst>(&I); AI && !AI->isStaticAlloca())
      return fail(AI, "a dynamically sized local variable (alloca)");
    if (auto *CI = dyn_cast<CallInst>(&I); CI && CI->getCalledFunction() == &F)
      Calls.push_back(CI);
  }
  return true;
}

/// The values \p V is based on, following bitcasts, GEPs, PHIs and selects.
void findRoots(Value *V, SmallVectorImpl<Value *> &Roots) {
  SmallPtrSet<Value *, 8> Seen;
  SmallVector<Value *, 8> Work{V};
  while (!Work.empty()) {
    Value *X = Work.pop_back_val();
    if (!Seen.insert(X).second)
      continue;
    if (auto *BC = dyn_cast<BitCastOperator>(X)) {
      Work.push_back(BC->getOperand(0));
    } else if (auto *G = dyn_cast<GEPOperator>(X)) {
      Work.push_back(G->getPointerOperand());
    } else if (auto *Phi = dyn_cast<PHINode>(X)) {
      for (Value *In : Phi->incoming_values())
        Work.push_back(In);
    } else if (auto *S = dyn_cast<SelectInst>(X)) {
      Work.push_back(S->getTrueValue());
      Work.push_back(S->getFalseValue());
    } else if (!llvm::is_contained(Roots, X)) {
      Roots.push_back(X);
    }
  }
}

/// The one value \p V is based on, or null if it is based on several.
Value *findRoot(Value *V) {
  SmallVector<Value *, 4> Roots;
  findRoots(V, Roots);
  return Roots.size() == 1 ? Roots.front() : nullptr;
}

/// Whether \p R, a root of a pointer, is a pointer read from memory (or
/// null).
bool isLoadedRoot(Value *R, const SmallPtrSetImpl<Instruction *> &Not) {
  if (isa<ConstantPointerNull>(R) || isa<UndefValue>(R))
    return true;
  auto *I = dyn_cast<Instruction>(R);
  return I && (isa<LoadInst>(I) || isa<IntToPtrInst>(I)) && !Not.count(I);
}

/// Whether pointer \p V is based only on pointers read from memory (or
/// null): storing it in a frame and loading it back changes nothing for
/// ResolveAddressSpaces, which takes loaded pointers for device pointers.
/// The recursive calls' results (\p Not) do not count.
bool isLoadedPointer(Value *V, const SmallPtrSetImpl<Instruction *> &Not) {
  SmallVector<Value *, 4> Roots;
  findRoots(V, Roots);
  return llvm::all_of(Roots, [&](Value *R) { return isLoadedRoot(R, Not); });
}

/// Whether a pointer based on \p Root can be recomputed anywhere in the
/// body from \p Root and a byte offset: constants (globals), arguments (the
/// varying ones are rebuilt at each use) and F's locals.
bool Eliminator::isRematerializable(Value *Root) const {
  return isa<Constant>(Root) || isa<Argument>(Root) || isa<AllocaInst>(Root);
}

/// Pointer \p V as \p Root plus a byte offset, computed next to V's
/// definition. With \p Mixed, V may also be based on pointers loaded from
/// memory: IsRoot tells which, and Ld is then V as an i8 pointer based on
/// loaded pointers only (what a frame may hold).
Eliminator::PtrRep Eliminator::repFrom(Value *V, Value *Root, bool Mixed) {
  auto Found = Reps.find({V, Mixed});
  if (Found != Reps.end())
    return Found->second;
  unsigned AS = V->getType()->getPointerAddressSpace();
  Type *I8P = Type::getInt8PtrTy(C, AS);
  Constant *True = ConstantInt::getTrue(C), *Zero = ConstantInt::get(I64, 0);
  IRBuilder<> B(C);
  auto *I = dyn_cast<Instruction>(V);
  if (I && !isa<PHINode>(I))
    B.SetInsertPoint(I->getNextNode());
  else if (!I)
    B.SetInsertPoint(Entry ? Entry->getTerminator()
                           : &*F.getEntryBlock().getFirstInsertionPt());
  PtrRep R;
  if (V == Root) {
    R = {True, Zero, Mixed ? Constant::getNullValue(I8P) : nullptr};
  } else if (Mixed && isLoadedRoot(V, RetLoads)) {
    R = {ConstantInt::getFalse(C), Zero, B.CreateBitCast(V, I8P)};
  } else if (auto *BC = dyn_cast<BitCastOperator>(V)) {
    R = repFrom(BC->getOperand(0), Root, Mixed);
  } else if (auto *G = dyn_cast<GEPOperator>(V)) {
    PtrRep Base = repFrom(G->getPointerOperand(), Root, Mixed);
    Value *Rel = B.CreateSExtOrTrunc(
        EmitGEPOffset(&B, DL, G, /*NoAssumptions=*/true), I64);
    R = {Base.IsRoot, B.CreateAdd(Base.Off, Rel, V->getName() + ".off"),
         Mixed ? B.CreateGEP(B.getInt8Ty(), Base.Ld, Rel) : nullptr};
  } else if (auto *Phi = dyn_cast<PHINode>(V)) {
    unsigned N = Phi->getNumIncomingValues();
    auto *Off = PHINode::Create(I64, N, Phi->getName() + ".off", Phi);
    PHINode *IsRoot = nullptr, *Ld = nullptr;
    if (Mixed) {
      IsRoot =
          PHINode::Create(B.getInt1Ty(), N, Phi->getName() + ".based", Phi);
      Ld = PHINode::Create(I8P, N, Phi->getName() + ".loaded", Phi);
    }
    // Recorded before the incoming values: loops come back here.
    Reps[{V, Mixed}] =
        R = {Mixed ? IsRoot : static_cast<Value *>(True), Off, Ld};
    for (unsigned K = 0; K < N; ++K) {
      PtrRep In = repFrom(Phi->getIncomingValue(K), Root, Mixed);
      BasicBlock *From = Phi->getIncomingBlock(K);
      Off->addIncoming(In.Off, From);
      if (Mixed) {
        IsRoot->addIncoming(In.IsRoot, From);
        Ld->addIncoming(In.Ld, From);
      }
    }
    return R;
  } else if (auto *S = dyn_cast<SelectInst>(V)) {
    PtrRep T = repFrom(S->getTrueValue(), Root, Mixed);
    PtrRep E = repFrom(S->getFalseValue(), Root, Mixed);
    Value *Cond = S->getCondition();
    R = {B.CreateSelect(Cond, T.IsRoot, E.IsRoot),
         B.CreateSelect(Cond, T.Off, E.Off, S->getName() + ".off"),
         Mixed ? B.CreateSelect(Cond, T.Ld, E.Ld) : nullptr};
  } else {
    llvm_unreachable("repFrom: not based on the root");
  }
  Reps[{V, Mixed}] = R;
  return R;
}

/// `(Ty)((i8 *)Root + Off)` before \p Before.
Value *Eliminator::rebuild(Value *Root, Value *Off, Type *Ty,
                           Instruction *Before) {
  IRBuilder<> B(Before);
  unsigned AS = Root->getType()->getPointerAddressSpace();
  Value *P = B.CreateBitCast(Root, B.getInt8PtrTy(AS));
  if (!isa<ConstantInt>(Off) || !cast<ConstantInt>(Off)->isZero())
    P = B.CreateGEP(B.getInt8Ty(), P, Off);
  return B.CreateBitCast(P, Ty);
}

bool Eliminator::classifyArgs() {
  for (Argument &A : F.args()) {
    unsigned N = A.getArgNo();
    bool Same = llvm::all_of(
        Calls, [&](CallInst *CI) { return CI->getArgOperand(N) == &A; });
    if (A.hasByValAttr()) {
      Kinds.push_back(ArgKind::ByVal);
      continue;
    }
    if (Same) {
      Kinds.push_back(ArgKind::Invariant);
      continue;
    }
    if (A.hasStructRetAttr() || A.hasInAllocaAttr() ||
        A.hasPreallocatedAttr() || A.hasAttribute(Attribute::ByRef))
      return fail(Calls.front(), "argument " + Twine(N + 1) +
                                     " is passed in memory and changes "
                                     "between recursive calls");
    if (!containsPointer(A.getType())) {
      Kinds.push_back(ArgKind::Value);
      continue;
    }
    if (!A.getType()->isPointerTy())
      return fail(Calls.front(),
                  "argument " + Twine(N + 1) +
                      " is an aggregate holding pointers that changes "
                      "between recursive calls");
    bool Derived = true, Loaded = true;
    for (CallInst *CI : Calls) {
      Derived &= findRoot(CI->getArgOperand(N)) == &A;
      Loaded &= isLoadedPointer(CI->getArgOperand(N), RetLoads);
    }
    if (Derived) {
      Kinds.push_back(ArgKind::PtrOffset);
    } else if (Loaded) {
      Kinds.push_back(ArgKind::PtrLoaded);
    } else {
      CallInst *Bad = Calls.front();
      for (CallInst *CI : Calls)
        if (findRoot(CI->getArgOperand(N)) != &A)
          Bad = CI;
      return fail(Bad, "pointer argument " + Twine(N + 1) +
                           " is passed a pointer that is neither derived "
                           "from the argument itself nor loaded from memory "
                           "(its memory space could not be kept)");
    }
  }
  return true;
}

/// The new entry block (frame stack, stack pointer, return value, F's
/// locals), one block all returns branch to, and a continuation block after
/// each recursive call, where the call's result is the returned value.
void Eliminator::buildSkeleton() {
  Body = &F.getEntryBlock();
  Entry = BasicBlock::Create(C, "recursion.entry", &F, Body);
  IRBuilder<> B(BranchInst::Create(Body, Entry));
  SmallVector<AllocaInst *, 8> Locals;
  for (Instruction &I : *Body)
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      Locals.push_back(AI);
  for (AllocaInst *AI : Locals)
    AI->moveBefore(Entry->getTerminator());
  Sp = B.CreateAlloca(I32, nullptr, "recursion.sp");
  Type *RetTy = F.getReturnType();
  if (!RetTy->isVoidTy())
    RetVal = B.CreateAlloca(RetTy, nullptr, "recursion.retval");
  B.CreateStore(B.getInt32(0), Sp);

  // Slots of the arguments that change between calls.
  for (Argument &A : F.args()) {
    AllocaInst *S = nullptr;
    switch (Kinds[A.getArgNo()]) {
    case ArgKind::Invariant:
      break;
    case ArgKind::Value:
    case ArgKind::PtrLoaded:
      S = B.CreateAlloca(A.getType(), nullptr, A.getName() + ".slot");
      break;
    case ArgKind::PtrOffset:
      S = B.CreateAlloca(I64, nullptr, A.getName() + ".off.slot");
      break;
    case ArgKind::ByVal: {
      Type *T = A.getParamByValType();
      S = B.CreateAlloca(T, nullptr, A.getName() + ".copy");
      S->setAlignment(
          std::max(A.getParamAlign().valueOrOne(), DL.getPrefTypeAlign(T)));
      break;
    }
    }
    Slots.push_back(S);
  }

  SmallVector<ReturnInst *, 4> Rets;
  for (BasicBlock &BB : F)
    if (auto *R = dyn_cast<ReturnInst>(BB.getTerminator()))
      Rets.push_back(R);
  RetBlock = BasicBlock::Create(C, "recursion.return", &F);
  for (ReturnInst *R : Rets) {
    if (RetVal)
      new StoreInst(R->getReturnValue(), RetVal, R);
    BranchInst::Create(RetBlock, R)->setDebugLoc(R->getDebugLoc());
    R->eraseFromParent();
  }
  IRBuilder<> RB(RetBlock);
  if (RetVal)
    RB.CreateRet(RB.CreateLoad(RetTy, RetVal));
  else
    RB.CreateRetVoid();

  for (CallInst *CI : Calls) {
    BasicBlock *Cont = SplitBlock(CI->getParent(), CI->getNextNode(),
                                  static_cast<DominatorTree *>(nullptr),
                                  nullptr, nullptr, "recursion.cont");
    Conts.push_back(Cont);
    if (RetVal && !CI->use_empty()) {
      auto *L = new LoadInst(RetTy, RetVal, CI->getName() + ".result",
                             &*Cont->getFirstInsertionPt());
      RetLoads.insert(L);
      CI->replaceAllUsesWith(L);
    }
  }
}

/// Each recursive call becomes its placeholder, with the new frame's values.
void Eliminator::placePushes() {
  FunctionCallee Push = M.getOrInsertFunction(
      kPushName, FunctionType::get(Type::getVoidTy(C), true));
  for (unsigned K = 0; K < Calls.size(); ++K) {
    CallInst *CI = Calls[K];
    IRBuilder<> B(CI);
    SmallVector<Value *, 8> Vals{B.getInt32(K)};
    for (Argument &A : F.args()) {
      Value *Op = CI->getArgOperand(A.getArgNo());
      switch (Kinds[A.getArgNo()]) {
      case ArgKind::Invariant:
        break;
      case ArgKind::Value:
      case ArgKind::PtrLoaded:
      case ArgKind::ByVal:
        Vals.push_back(Op);
        break;
      case ArgKind::PtrOffset: {
        // The callee's offset: the caller's plus the operand's from the
        // (caller's) argument.
        Value *Rel = repFrom(Op, &A, /*Mixed=*/false).Off;
        B.SetInsertPoint(CI);
        Value *Cur = B.CreateLoad(I64, Slots[A.getArgNo()]);
        Vals.push_back(B.CreateAdd(Cur, Rel, A.getName() + ".next"));
        break;
      }
      }
    }
    B.SetInsertPoint(CI);
    CallInst *P = B.CreateCall(Push, Vals);
    P->setDebugLoc(CI->getDebugLoc());
    Pushes.push_back(P);
    CI->eraseFromParent();
  }
  Calls.clear();
  Reps.clear();
  deleteDeadCode(F);
}

/// SSA values live across a recursive call (live into a continuation) go to
/// stack slots, which become frame fields. Pointers are recomputed from
/// their base and a demoted offset instead, unless they were loaded from
/// memory.
bool Eliminator::demoteLiveValues() {
  for (unsigned Round = 0;; ++Round) {
    SmallPtrSet<BasicBlock *, 8> ContSet(Conts.begin(), Conts.end());
    SmallVector<Instruction *, 16> Live;
    for (BasicBlock &BB : F) {
      if (&BB == Entry || &BB == RetBlock)
        continue;
      for (Instruction &I : BB) {
        if (I.use_empty() || isa<AllocaInst>(I))
          continue;
        // Blocks where I is live on entry, from its uses back to its
        // definition.
        SmallPtrSet<BasicBlock *, 16> LiveIn;
        SmallVector<BasicBlock *, 16> Work;
        for (const Use &U : I.uses()) {
          BasicBlock *UB = usePoint(U)->getParent();
          if (UB != &BB)
            Work.push_back(UB);
        }
        bool Across = false;
        while (!Work.empty() && !Across) {
          BasicBlock *X = Work.pop_back_val();
          if (!LiveIn.insert(X).second)
            continue;
          Across = ContSet.count(X);
          for (BasicBlock *P : predecessors(X))
            if (P != &BB)
              Work.push_back(P);
        }
        if (Across)
          Live.push_back(&I);
      }
    }
    if (Live.empty())
      return true;
    if (Round > 8) // every round demotes; offsets settle in one more
      return fail(Live.front(), "internal: live values do not settle");

    for (Instruction *I : Live) {
      Type *T = I->getType();
      if (T->isTokenTy())
        return fail(I, "a token value is live across a recursive call");
      if (!containsPointer(T)) {
        DemoteRegToStack(*I, false, Entry->getTerminator());
        continue;
      }
      // A pointer is recomputed from the one argument, local or global it
      // is based on (and from pointers loaded from memory, if it may be
      // based on those too) unless it is based on loaded pointers only.
      SmallVector<Value *, 4> Roots;
      if (T->isPointerTy())
        findRoots(I, Roots);
      Value *Root = nullptr;
      bool Mixed = false, OK = T->isPointerTy();
      for (Value *R : Roots) {
        if (isLoadedRoot(R, RetLoads))
          Mixed = true;
        else if (isRematerializable(R) && (!Root || Root == R))
          Root = R;
        else
          OK = false;
      }
      if (!OK)
        return fail(I, "a pointer live across a recursive call is not based "
                       "on one argument, local variable or global, or on "
                       "pointers loaded from memory (its memory space could "
                       "not be kept)");
      if (!Root) {
        DemoteRegToStack(*I, false, Entry->getTerminator());
        continue;
      }
      PtrRep R = repFrom(I, Root, Mixed);
      SmallPtrSet<Value *, 4> Parts{R.IsRoot, R.Off, R.Ld};
      SmallVector<Use *, 8> Uses;
      for (Use &U : I->uses())
        if (!Parts.count(U.getUser()))
          Uses.push_back(&U);
      for (Use *U : Uses) {
        Instruction *At = usePoint(*U);
        Value *V = rebuild(Root, R.Off, T, At);
        if (Mixed) {
          IRBuilder<> B(At);
          V = B.CreateSelect(R.IsRoot, V, B.CreateBitCast(R.Ld, T));
        }
        U->set(V);
      }
    }
    Reps.clear();
    deleteDeadCode(F);
  }
}

/// The body reads the changing arguments from their slots.
void Eliminator::rewriteArgs() {
  IRBuilder<> EB(Entry->getTerminator());
  for (Argument &A : F.args()) {
    unsigned N = A.getArgNo();
    AllocaInst *S = Slots[N];
    if (!S)
      continue;
    SmallVector<Use *, 8> Uses;
    for (Use &U : A.uses())
      if (cast<Instruction>(U.getUser())->getParent() != Entry)
        Uses.push_back(&U);
    switch (Kinds[N]) {
    case ArgKind::Invariant:
      break;
    case ArgKind::Value:
      EB.CreateStore(&A, S);
      for (Use *U : Uses)
        U->set(new LoadInst(A.getType(), S, A.getName(), usePoint(*U)));
      break;
    case ArgKind::PtrOffset:
      EB.CreateStore(EB.getInt64(0), S);
      for (Use *U : Uses) {
        Instruction *At = usePoint(*U);
        U->set(rebuild(&A, new LoadInst(I64, S, A.getName() + ".off", At),
                       A.getType(), At));
      }
      break;
    case ArgKind::PtrLoaded:
      // The outermost frame's pointer is the argument, never stored.
      EB.CreateStore(Constant::getNullValue(A.getType()), S);
      for (Use *U : Uses) {
        IRBuilder<> B(usePoint(*U));
        Value *Outer = B.CreateICmpEQ(B.CreateLoad(I32, Sp), B.getInt32(0));
        U->set(B.CreateSelect(Outer, &A, B.CreateLoad(A.getType(), S),
                              A.getName()));
      }
      break;
    case ArgKind::ByVal: {
      Type *T = A.getParamByValType();
      EB.CreateMemCpy(S, S->getAlign(), &A, A.getParamAlign(),
                      DL.getTypeAllocSize(T));
      for (Use *U : Uses)
        U->set(new BitCastInst(S, A.getType(), "", usePoint(*U)));
      break;
    }
    }
    if (Kinds[N] != ArgKind::ByVal) {
      // Facts about the outermost value that the other frames' values need
      // not share.
      for (Attribute::AttrKind K :
           {Attribute::NoAlias, Attribute::NoCapture, Attribute::ReadOnly,
            Attribute::ReadNone, Attribute::WriteOnly})
        A.removeAttr(K);
    }
  }
  // Other frames' memory is not reached through F's arguments, and the
  // overflow trap does not return.
  F.removeFnAttr(Attribute::ArgMemOnly);
  F.removeFnAttr(Attribute::InaccessibleMemOrArgMemOnly);
  F.removeFnAttr(Attribute::WillReturn);
}

bool Eliminator::reaches(BasicBlock *From, BasicBlock *To) const {
  SmallPtrSet<BasicBlock *, 16> Seen;
  SmallVector<BasicBlock *, 16> Work(succ_begin(From), succ_end(From));
  while (!Work.empty()) {
    BasicBlock *X = Work.pop_back_val();
    if (X == To)
      return true;
    if (Seen.insert(X).second)
      Work.append(succ_begin(X), succ_end(X));
  }
  return false;
}

/// Whether the memory of local \p A may hold something across a recursive
/// call: some use of it reaches a call that reaches some use of it. A local
/// used only on one side of every call (printf's argument pack, a scratch
/// array) needs no frame: each level of the recursion uses it in turn.
bool Eliminator::memoryLiveAcrossCall(AllocaInst *A) const {
  SmallVector<Instruction *, 16> Points;
  // An argument's slot is written when its frame is entered.
  if (llvm::is_contained(Slots, A))
    Points.push_back(&Body->front());
  SmallPtrSet<Value *, 16> Seen{A};
  SmallVector<Value *, 16> Work{A};
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    for (User *U : V->users()) {
      auto *I = cast<Instruction>(U);
      if (I->getParent() == Entry)
        continue;
      // printf's argument pack is filled after its arguments are evaluated
      // and read by vprintf at once (and LowerPrintf needs the alloca).
      if (auto *CI = dyn_cast<CallInst>(I))
        if (Function *Callee = CI->getCalledFunction();
            Callee && Callee->getName() == "vprintf")
          return false;
      if (auto *SI = dyn_cast<StoreInst>(I); SI && SI->getValueOperand() == V)
        return true; // the address escapes
      Points.push_back(I);
      if (isa<BitCastInst>(I) || isa<GetElementPtrInst>(I) || isa<PHINode>(I) ||
          isa<SelectInst>(I) || isa<AddrSpaceCastInst>(I))
        if (Seen.insert(I).second)
          Work.push_back(I);
    }
  }
  for (unsigned K = 0; K < Pushes.size(); ++K) {
    BasicBlock *Site = Pushes[K]->getParent();
    bool Before = llvm::any_of(Points, [&](Instruction *P) {
      return P->getParent() == Site || reaches(P->getParent(), Site);
    });
    bool After = llvm::any_of(Points, [&](Instruction *P) {
      return P->getParent() == Conts[K] || reaches(Conts[K], P->getParent());
    });
    if (Before && After)
      return true;
  }
  return false;
}

/// Chooses the frame fields and the stack depth, and creates the stack.
bool Eliminator::layoutFrame() {
  struct Field {
    AllocaInst *A; ///< null: the return site
    Type *T;
    Align Al;
  };
  SmallVector<Field, 16> Fields;
  if (Pushes.size() > 1)
    Fields.push_back({nullptr, I32, Align(4)});
  for (Instruction &I : *Entry) {
    auto *A = dyn_cast<AllocaInst>(&I);
    if (!A || A == Sp || A == RetVal || !memoryLiveAcrossCall(A))
      continue;
    Type *T = A->getAllocatedType();
    if (A->isArrayAllocation())
      T = ArrayType::get(T,
                         cast<ConstantInt>(A->getArraySize())->getZExtValue());
    Fields.push_back({A, T, std::max(A->getAlign(), DL.getABITypeAlign(T))});
  }
  std::stable_sort(Fields.begin(), Fields.end(),
                   [](const Field &X, const Field &Y) { return X.Al > Y.Al; });

  // Explicit padding keeps each local's alignment (beyond its type's).
  SmallVector<Type *, 16> Elems;
  uint64_t Size = 0;
  Align MaxAl(4);
  for (const Field &Fd : Fields) {
    uint64_t At = alignTo(Size, Fd.Al);
    if (At != Size)
      Elems.push_back(ArrayType::get(Type::getInt8Ty(C), At - Size));
    unsigned Index = Elems.size();
    Elems.push_back(Fd.T);
    if (Fd.A)
      FieldIndex[Fd.A] = Index;
    else
      RetSiteIndex = Index;
    Size = At + DL.getTypeAllocSize(Fd.T);
    MaxAl = std::max(MaxAl, Fd.Al);
  }
  uint64_t Padded = alignTo(std::max<uint64_t>(Size, 1), MaxAl);
  if (Padded != Size)
    Elems.push_back(ArrayType::get(Type::getInt8Ty(C), Padded - Size));
  FrameTy =
      StructType::create(C, Elems, "recursion.frame." + F.getName().str());
  assert(DL.getTypeAllocSize(FrameTy) == Padded && "frame layout");

  const LoweringOptions &O = Ctx.options();
  unsigned Want = std::max(O.recursionDepth, 1u);
  uint64_t Fit = O.recursionStackBytes / Padded;
  if (Fit < std::min(Want, 2u)) {
    const Instruction *At = nullptr;
    for (const Field &Fd : Fields)
      if (Fd.A && DL.getTypeAllocSize(Fd.T) * 2 > O.recursionStackBytes)
        At = Fd.A;
    return fail(At ? At : Pushes.front(),
                "each call needs " + Twine(Padded) +
                    " bytes of private memory (its local variables and the "
                    "values it keeps across its recursive calls), and its "
                    "call stack, at most " +
                    Twine(O.recursionStackBytes) +
                    " bytes per thread, must hold two calls");
  }
  Depth = unsigned(std::min<uint64_t>(Want, Fit));
  StackTy = ArrayType::get(FrameTy, Depth);
  Stack = new AllocaInst(StackTy, DL.getAllocaAddrSpace(), nullptr, MaxAl,
                         "recursion.stack", &Entry->front());
  return true;
}

/// The address of local \p A's field in frame \p Sp.
Value *Eliminator::fieldPtr(AllocaInst *A, Value *SpV, IRBuilder<> &B) {
  unsigned Index = A ? FieldIndex.at(A) : RetSiteIndex;
  SmallVector<Value *, 4> Idx{B.getInt32(0), SpV, B.getInt32(Index)};
  if (A && A->isArrayAllocation())
    Idx.push_back(B.getInt32(0));
  Value *P = B.CreateInBoundsGEP(StackTy, Stack, Idx,
                                 A ? A->getName() + ".frame" : "retsite");
  return A ? B.CreateBitCast(P, A->getType()) : P;
}

/// Where \p A lives for frame \p Sp: its field, or A itself if it has none.
Value *Eliminator::slotPtr(AllocaInst *A, Value *SpV, IRBuilder<> &B) {
  return FieldIndex.count(A) ? fieldPtr(A, SpV, B) : A;
}

/// Each use of a frame local addresses the current frame's field.
void Eliminator::rewriteFrameAllocas() {
  for (auto &[A, Index] : FieldIndex) {
    (void)Index;
    SmallVector<Use *, 16> Uses;
    for (Use &U : A->uses())
      Uses.push_back(&U);
    for (Use *U : Uses) {
      IRBuilder<> B(usePoint(*U));
      U->set(fieldPtr(A, B.CreateLoad(I32, Sp, "sp"), B));
    }
  }
  // The allocas themselves go in promote(): fieldPtr still reads them.
}

/// push(site, args): overflow check, return site, new frame, jump to the
/// body.
void Eliminator::expandPushes() {
  BasicBlock *Trap = BasicBlock::Create(C, "recursion.overflow", &F);
  {
    IRBuilder<> B(Trap);
    // LowerAssertTrap turns this into __trap()'s status and thread exit.
    B.CreateCall(Intrinsic::getDeclaration(&M, Intrinsic::trap));
    B.CreateUnreachable();
    Trap->getTerminator()->setDebugLoc(Pushes.front()->getDebugLoc());
    Trap->front().setDebugLoc(Pushes.front()->getDebugLoc());
  }
  for (unsigned K = 0; K < Pushes.size(); ++K) {
    CallInst *P = Pushes[K];
    BasicBlock *Site = P->getParent();
    Site->getTerminator()->eraseFromParent(); // br Cont
    BasicBlock *Go = BasicBlock::Create(C, "recursion.push", &F, Conts[K]);
    IRBuilder<> B(P);
    B.SetCurrentDebugLocation(P->getDebugLoc());
    Value *Cur = B.CreateLoad(I32, Sp, "sp");
    Value *Next = B.CreateAdd(Cur, B.getInt32(1), "sp.next");
    B.CreateCondBr(B.CreateICmpUGE(Next, B.getInt32(Depth), "overflow"), Trap,
                   Go);
    B.SetInsertPoint(Go);
    if (Pushes.size() > 1)
      B.CreateStore(B.getInt32(K), fieldPtr(nullptr, Cur, B));
    B.CreateStore(Next, Sp);
    unsigned Op = 1;
    for (Argument &A : F.args()) {
      unsigned N = A.getArgNo();
      if (Kinds[N] == ArgKind::Invariant)
        continue;
      Value *V = P->getArgOperand(Op++);
      Value *To = slotPtr(Slots[N], Next, B);
      if (Kinds[N] == ArgKind::ByVal)
        B.CreateMemCpy(To, Slots[N]->getAlign(), V, A.getParamAlign(),
                       DL.getTypeAllocSize(A.getParamByValType()));
      else
        B.CreateStore(V, To);
    }
    B.CreateBr(Body);
    P->eraseFromParent();
  }
  if (Function *Decl = M.getFunction(kPushName); Decl && Decl->use_empty())
    Decl->eraseFromParent();
}

/// ret: in the outermost frame, return; otherwise pop the frame and go to
/// the recorded call site's continuation.
void Eliminator::buildReturn() {
  while (!RetBlock->empty())
    RetBlock->back().eraseFromParent();
  BasicBlock *Exit = BasicBlock::Create(C, "recursion.exit", &F);
  BasicBlock *Pop = BasicBlock::Create(C, "recursion.pop", &F);
  IRBuilder<> B(RetBlock);
  Value *Cur = B.CreateLoad(I32, Sp, "sp");
  B.CreateCondBr(B.CreateICmpEQ(Cur, B.getInt32(0), "outermost"), Exit, Pop);
  B.SetInsertPoint(Exit);
  if (RetVal)
    B.CreateRet(B.CreateLoad(F.getReturnType(), RetVal));
  else
    B.CreateRetVoid();
  B.SetInsertPoint(Pop);
  Value *Prev = B.CreateSub(Cur, B.getInt32(1), "sp.prev");
  B.CreateStore(Prev, Sp);
  if (Conts.size() == 1) {
    B.CreateBr(Conts.front());
    return;
  }
  Value *Site = B.CreateLoad(I32, fieldPtr(nullptr, Prev, B), "site");
  SwitchInst *SW = B.CreateSwitch(Site, Conts.front(), Conts.size() - 1);
  for (unsigned K = 1; K < Conts.size(); ++K)
    SW->addCase(B.getInt32(K), Conts[K]);
}

/// The stack pointer, the return value and the argument slots that got no
/// frame field become SSA values again.
void Eliminator::promote() {
  SmallVector<AllocaInst *, 8> Promote{Sp};
  if (RetVal)
    Promote.push_back(RetVal);
  for (AllocaInst *S : Slots)
    if (S && !FieldIndex.count(S) && isAllocaPromotable(S))
      Promote.push_back(S);
  DominatorTree DT(F);
  PromoteMemToReg(Promote, DT);
  for (auto &[A, Index] : FieldIndex) {
    (void)Index;
    A->eraseFromParent();
  }
  FieldIndex.clear();
}

} // namespace

PreservedAnalyses EliminateRecursionPass::run(Module &M,
                                              ModuleAnalysisManager &) {
  // Self-recursive functions: SCCs of one function with a self edge.
  SmallVector<Function *, 4> Work;
  {
    CallGraph CG(M);
    for (scc_iterator<CallGraph *> It = scc_begin(&CG); !It.isAtEnd(); ++It) {
      const std::vector<CallGraphNode *> &SCC = *It;
      if (SCC.size() != 1 || !It.hasCycle())
        continue;
      Function *F = SCC.front()->getFunction();
      if (F && !F->isDeclaration() && !isKernel(*F))
        Work.push_back(F);
    }
  }
  for (Function *F : Work) {
    Eliminator(*F, Ctx).run();
    if (Ctx.errorCount())
      return PreservedAnalyses::none();
    std::string Broken;
    raw_string_ostream OS(Broken);
    if (verifyFunction(*F, &OS)) {
      Ctx.error(F, "internal: recursion elimination produced invalid IR: " +
                       OS.str());
      return PreservedAnalyses::none();
    }
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

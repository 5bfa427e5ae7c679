//===- ptx/RecoverPointers.cpp - Pointers from PTX's integer addresses ----===//
//
// The lifter computes addresses as PTX does, in integers: ld.param gives a
// kernel's pointer argument as an i64, cvta converts between state spaces,
// add/mad/shl build offsets, and every memory access ends in an inttoptr.
// Clang's IR, which the rest of the pipeline expects, keeps pointers as
// pointers. This pass rewrites each inttoptr(X) into a bitcast of a pointer
// P with the same address, found by walking X's definition:
//   ptrtoint(p)          -> p
//   add(a, b), sub(a, b) -> getelementptr i8, P(a), b   (a has provenance)
//   or(a, c)             -> as add, when a and c have no common bits
//   or(shl(zext(ld32 [p+4]), 32), zext(ld32 [p]))
//                        -> a pointer loaded from p (a pointer copied as
//                           two 32-bit words)
//   zext/sext/trunc(a)   -> P(a)   (32-bit shared addresses)
//   phi, select          -> a phi/select of the operands' pointers
//   load i64             -> a load of a pointer from the same place
//   i64 argument         -> the function takes a pointer (kernels: a
//                           generic pointer, as Clang's kernels do); callers
//                           of device functions pass inttoptr(arg), an
//                           address like any other in the caller
//   0                    -> null
// Address-space casts (cvta) stay casts of the pointers. Stores of values
// with provenance store the pointer, so that SROA later sees pointer
// stores and loads of the same slot. An address whose integer comes from
// anywhere else (a constant address, a product, a call's result) is an
// error at its PTX location: the pointer cannot be known.
//
//===----------------------------------------------------------------------===//

#include "ptx/RecoverPointers.h"

#include "ptx/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

namespace {

SMLoc locOf(const Instruction *I, Diagnostics &Diags) {
  const DILocation *DL = I->getDebugLoc().get();
  SourceMgr &SM = Diags.sourceMgr();
  if (!DL || SM.getNumBuffers() == 0)
    return SMLoc();
  return SM.FindLocForLineAndColumn(SM.getMainFileID(), DL->getLine(),
                                    DL->getColumn());
}

/// Turns constant expressions that involve ptrtoint or inttoptr into
/// instructions, so that the walk sees one kind of definition.
bool hasAddressCast(const Constant *C) {
  const auto *CE = dyn_cast<ConstantExpr>(C);
  if (!CE)
    return false;
  if (CE->getOpcode() == Instruction::IntToPtr ||
      CE->getOpcode() == Instruction::PtrToInt)
    return true;
  for (const Use &Op : CE->operands())
    if (hasAddressCast(cast<Constant>(Op.get())))
      return true;
  return false;
}

void expandConstantExpressions(Function &F) {
  SmallVector<Instruction *, 32> Work;
  for (Instruction &I : instructions(F))
    Work.push_back(&I);
  while (!Work.empty()) {
    Instruction *I = Work.pop_back_val();
    for (Use &Op : I->operands()) {
      auto *CE = dyn_cast<ConstantExpr>(Op.get());
      if (!CE || !hasAddressCast(CE))
        continue;
      Instruction *At = I;
      if (auto *Phi = dyn_cast<PHINode>(I))
        At = Phi->getIncomingBlock(Op)->getTerminator();
      Instruction *New = CE->getAsInstruction();
      New->insertBefore(At);
      Op.set(New);
      Work.push_back(New);
    }
  }
}

/// Whether \p V, an integer, may be an address: reaches an inttoptr
/// through integer arithmetic, phis and selects.
bool reachesIntToPtr(Value *V) {
  SmallPtrSet<Value *, 16> Seen;
  SmallVector<Value *, 16> Work = {V};
  while (!Work.empty()) {
    Value *X = Work.pop_back_val();
    if (!Seen.insert(X).second)
      continue;
    for (User *U : X->users()) {
      auto *I = dyn_cast<Instruction>(U);
      if (!I)
        continue;
      switch (I->getOpcode()) {
      case Instruction::IntToPtr:
        return true;
      case Instruction::Add:
      case Instruction::Sub:
      case Instruction::Or:
      case Instruction::ZExt:
      case Instruction::SExt:
      case Instruction::Trunc:
      case Instruction::PHI:
      case Instruction::Select:
        Work.push_back(I);
        break;
      default:
        break;
      }
    }
  }
  return false;
}

/// `or(shl(zext(load i32 [p+4]), 32), zext(load i32 [p]))`: a 64-bit
/// value read as two 32-bit halves (-O0 copies structs that hold pointers
/// word by word). Returns the lower load if \p I is that, with both loads
/// in one block and nothing that writes memory between them; \p Last is
/// the later of the two.
LoadInst *splitLoad(Instruction *I, const DataLayout &DL,
                    LoadInst **Last = nullptr) {
  using namespace PatternMatch;
  Value *Lo, *Hi;
  if (!match(I, m_c_Or(m_Shl(m_ZExt(m_Value(Hi)), m_SpecificInt(32)),
                       m_ZExt(m_Value(Lo)))))
    return nullptr;
  auto *L = dyn_cast<LoadInst>(Lo), *H = dyn_cast<LoadInst>(Hi);
  if (!L || !H || !L->getType()->isIntegerTy(32) ||
      !H->getType()->isIntegerTy(32) || L->getParent() != H->getParent() ||
      !L->isSimple() || !H->isSimple())
    return nullptr;
  int64_t LOff = 0, HOff = 0;
  Value *LB =
      GetPointerBaseWithConstantOffset(L->getPointerOperand(), LOff, DL);
  Value *HB =
      GetPointerBaseWithConstantOffset(H->getPointerOperand(), HOff, DL);
  if (LB != HB || HOff != LOff + 4)
    return nullptr;
  LoadInst *First = L->comesBefore(H) ? L : H;
  LoadInst *Second = First == L ? H : L;
  for (Instruction *X = First->getNextNode(); X != Second; X = X->getNextNode())
    if (X->mayWriteToMemory())
      return nullptr;
  if (Last)
    *Last = Second;
  return L;
}

bool isNullInt(const Value *V) {
  const auto *C = dyn_cast<ConstantInt>(V);
  return C && C->isZero();
}

class Recoverer {
public:
  Recoverer(Module &M, Diagnostics &Diags) : M(M), Diags(Diags) {}
  bool run();

private:
  bool rewriteArguments();
  Function *rewriteSignature(Function &F, ArrayRef<unsigned> ArgNos);
  bool resolve(Function &F);
  bool resolveStores(Function &F);
  /// The pointer (i8 in its own address space) with the address \p X, or
  /// null with Why set.
  Value *derive(Value *X);
  bool hasProvenance(Value *X, SmallPtrSetImpl<Value *> &Visiting);
  Value *castTo(Value *P, unsigned AS, Instruction *Before);
  /// Where values derived from \p X are inserted: after its definition.
  Instruction *after(Value *X);

  Module &M;
  Diagnostics &Diags;
  DenseMap<Value *, Value *> Derived;
  std::string Why;
};

Instruction *Recoverer::after(Value *X) {
  if (auto *I = dyn_cast<Instruction>(X)) {
    if (isa<PHINode>(I))
      return &*I->getParent()->getFirstInsertionPt();
    return I->getNextNode();
  }
  auto *A = cast<Argument>(X);
  return &*A->getParent()->getEntryBlock().getFirstInsertionPt();
}

bool Recoverer::hasProvenance(Value *X, SmallPtrSetImpl<Value *> &Visiting) {
  if (Derived.count(X))
    return true;
  // A constant is an offset, never a base (0 is null only as a whole
  // address: see derive).
  if (isa<ConstantInt>(X))
    return false;
  if (isa<PtrToIntInst>(X))
    return true;
  if (isa<LoadInst>(X))
    return X->getType()->isIntegerTy(64);
  if (!Visiting.insert(X).second)
    return true; // a cycle through phis: decided by the other operands
  auto *I = dyn_cast<Instruction>(X);
  if (!I)
    return false;
  switch (I->getOpcode()) {
  case Instruction::Add:
    return hasProvenance(I->getOperand(0), Visiting) ||
           hasProvenance(I->getOperand(1), Visiting);
  case Instruction::Sub:
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc:
    return hasProvenance(I->getOperand(0), Visiting);
  case Instruction::Or:
    if (splitLoad(I, M.getDataLayout()))
      return true;
    return haveNoCommonBitsSet(I->getOperand(0), I->getOperand(1),
                               M.getDataLayout()) &&
           (hasProvenance(I->getOperand(0), Visiting) ||
            hasProvenance(I->getOperand(1), Visiting));
  case Instruction::PHI: {
    // Null (0) may join addresses; at least one operand must be one.
    bool Any = false;
    for (Value *In : cast<PHINode>(I)->incoming_values()) {
      if (isNullInt(In))
        continue;
      if (!hasProvenance(In, Visiting))
        return false;
      Any = true;
    }
    return Any;
  }
  case Instruction::Select: {
    Value *A = I->getOperand(1), *B = I->getOperand(2);
    return (isNullInt(A) || hasProvenance(A, Visiting)) &&
           (isNullInt(B) || hasProvenance(B, Visiting)) &&
           !(isNullInt(A) && isNullInt(B));
  }
  default:
    return false;
  }
}

Value *Recoverer::castTo(Value *P, unsigned AS, Instruction *Before) {
  unsigned From = P->getType()->getPointerAddressSpace();
  if (From == AS)
    return P;
  if (From != 0 && AS != 0) {
    Why = "the address is in address space " + std::to_string(From) +
          " but used in address space " + std::to_string(AS);
    return nullptr;
  }
  if (auto *C = dyn_cast<Constant>(P))
    return ConstantExpr::getAddrSpaceCast(
        C, Type::getInt8PtrTy(M.getContext(), AS));
  IRBuilder<> B(Before);
  return B.CreateAddrSpaceCast(P, B.getInt8PtrTy(AS));
}

Value *Recoverer::derive(Value *X) {
  auto Found = Derived.find(X);
  if (Found != Derived.end())
    return Found->second;
  LLVMContext &C = M.getContext();
  if (auto *CI = dyn_cast<ConstantInt>(X)) {
    if (CI->isZero())
      return ConstantPointerNull::get(Type::getInt8PtrTy(C));
    Why = "the address is the constant " + std::to_string(CI->getSExtValue());
    return nullptr;
  }
  auto *I = dyn_cast<Instruction>(X);
  if (!I) {
    Why = "the address does not come from a pointer";
    return nullptr;
  }
  Value *Result = nullptr;
  switch (I->getOpcode()) {
  case Instruction::PtrToInt: {
    Value *P = I->getOperand(0);
    IRBuilder<> B(after(I));
    Result = B.CreateBitCast(
        P, B.getInt8PtrTy(P->getType()->getPointerAddressSpace()));
    break;
  }
  case Instruction::Add:
  case Instruction::Or:
  case Instruction::Sub: {
    LoadInst *Last;
    if (LoadInst *Lo = splitLoad(I, M.getDataLayout(), &Last)) {
      // The pointer the two halves were: loaded whole, after both halves.
      IRBuilder<> B(Last->getNextNode());
      unsigned AS = Lo->getPointerAddressSpace();
      Value *Slot = B.CreateBitCast(Lo->getPointerOperand(),
                                    B.getInt8PtrTy()->getPointerTo(AS));
      Result = B.CreateAlignedLoad(B.getInt8PtrTy(), Slot, Lo->getAlign());
      break;
    }
    if (I->getOpcode() == Instruction::Or &&
        !haveNoCommonBitsSet(I->getOperand(0), I->getOperand(1),
                             M.getDataLayout())) {
      Why = "the address is a bitwise or";
      return nullptr;
    }
    SmallPtrSet<Value *, 8> V0, V1;
    bool P0 = hasProvenance(I->getOperand(0), V0);
    bool P1 = I->getOpcode() != Instruction::Sub &&
              hasProvenance(I->getOperand(1), V1);
    if (P0 && P1) {
      // Two candidates: prefer the one that is not a plain load (an
      // integer loaded from memory added to a pointer is an offset).
      if (isa<LoadInst>(I->getOperand(1)) && !isa<LoadInst>(I->getOperand(0)))
        P1 = false;
      else if (isa<LoadInst>(I->getOperand(0)))
        P0 = false;
      else {
        Why = "the address adds two addresses";
        return nullptr;
      }
    }
    if (!P0 && !P1) {
      Why = "no operand of the address computation comes from a pointer";
      return nullptr;
    }
    Value *Base = derive(I->getOperand(P0 ? 0 : 1));
    if (!Base)
      return nullptr;
    Value *Offset = I->getOperand(P0 ? 1 : 0);
    IRBuilder<> B(after(I));
    Offset = B.CreateSExtOrTrunc(Offset, B.getInt64Ty());
    if (I->getOpcode() == Instruction::Sub)
      Offset = B.CreateNeg(Offset);
    Result = B.CreateGEP(B.getInt8Ty(), Base, Offset);
    break;
  }
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc:
    Result = derive(I->getOperand(0));
    if (!Result)
      return nullptr;
    break;
  case Instruction::PHI: {
    auto *Phi = cast<PHINode>(I);
    // A placeholder first: the phi may depend on itself around a loop.
    PHINode *New =
        PHINode::Create(Type::getInt8PtrTy(C), Phi->getNumIncomingValues(), "",
                        &*Phi->getParent()->begin());
    New->setDebugLoc(Phi->getDebugLoc());
    Derived[X] = New;
    SmallVector<Value *, 4> In;
    unsigned AS = ~0u;
    for (Value *V : Phi->incoming_values()) {
      Value *P = derive(V);
      if (!P) {
        Derived.erase(X);
        New->replaceAllUsesWith(UndefValue::get(New->getType()));
        New->eraseFromParent();
        return nullptr;
      }
      unsigned PAS = P->getType()->getPointerAddressSpace();
      if (!isa<ConstantPointerNull>(P))
        AS = AS == ~0u ? PAS : (AS == PAS ? AS : 0);
      In.push_back(P);
    }
    if (AS == ~0u)
      AS = 0;
    New->mutateType(Type::getInt8PtrTy(C, AS));
    for (unsigned N = 0; N < In.size(); ++N) {
      Value *P = In[N];
      if (isa<ConstantPointerNull>(P))
        P = ConstantPointerNull::get(Type::getInt8PtrTy(C, AS));
      else
        P = castTo(P, AS, Phi->getIncomingBlock(N)->getTerminator());
      if (!P)
        return nullptr;
      New->addIncoming(P, Phi->getIncomingBlock(N));
    }
    return New;
  }
  case Instruction::Select: {
    Value *A = derive(I->getOperand(1));
    Value *Bv = A ? derive(I->getOperand(2)) : nullptr;
    if (!Bv)
      return nullptr;
    unsigned AAS = A->getType()->getPointerAddressSpace();
    unsigned BAS = Bv->getType()->getPointerAddressSpace();
    unsigned AS = isa<ConstantPointerNull>(A)    ? BAS
                  : isa<ConstantPointerNull>(Bv) ? AAS
                  : AAS == BAS                   ? AAS
                                                 : 0;
    IRBuilder<> B(after(I));
    A = isa<ConstantPointerNull>(A)
            ? ConstantPointerNull::get(B.getInt8PtrTy(AS))
            : castTo(A, AS, &*B.GetInsertPoint());
    Bv = isa<ConstantPointerNull>(Bv)
             ? ConstantPointerNull::get(B.getInt8PtrTy(AS))
             : castTo(Bv, AS, &*B.GetInsertPoint());
    if (!A || !Bv)
      return nullptr;
    Result = B.CreateSelect(I->getOperand(0), A, Bv);
    break;
  }
  case Instruction::Load: {
    auto *L = cast<LoadInst>(I);
    if (!L->getType()->isIntegerTy(64)) {
      Why = "the address is loaded as a " +
            std::to_string(L->getType()->getIntegerBitWidth()) + "-bit integer";
      return nullptr;
    }
    // A pointer stored in memory: load it as one (a generic pointer, as
    // CUDA's pointers in memory are).
    IRBuilder<> B(L);
    Type *PT = B.getInt8PtrTy();
    Value *Slot = B.CreateBitCast(
        L->getPointerOperand(), PT->getPointerTo(L->getPointerAddressSpace()));
    LoadInst *New =
        B.CreateAlignedLoad(PT, Slot, L->getAlign(), L->isVolatile());
    New->setAtomic(L->getOrdering(), L->getSyncScopeID());
    Value *AsInt = B.CreatePtrToInt(New, L->getType());
    L->replaceAllUsesWith(AsInt);
    L->eraseFromParent();
    Derived[AsInt] = New;
    return New;
  }
  default:
    Why = std::string("the address comes from a '") + I->getOpcodeName() +
          "' instruction";
    return nullptr;
  }
  Derived[X] = Result;
  return Result;
}

bool Recoverer::resolve(Function &F) {
  bool OK = true;
  SmallVector<IntToPtrInst *, 32> Work;
  for (Instruction &I : instructions(F))
    if (auto *ITP = dyn_cast<IntToPtrInst>(&I))
      Work.push_back(ITP);
  for (IntToPtrInst *ITP : Work) {
    Why.clear();
    Value *P = derive(ITP->getOperand(0));
    auto *PT = cast<PointerType>(ITP->getType());
    if (P)
      P = castTo(P, PT->getAddressSpace(), ITP);
    if (!P) {
      Diags.error(locOf(ITP, Diags),
                  "cannot recover the pointer of this address: " + Why);
      OK = false;
      continue;
    }
    IRBuilder<> B(ITP);
    Value *Cast = B.CreateBitCast(P, PT);
    ITP->replaceAllUsesWith(Cast);
    ITP->eraseFromParent();
  }
  return OK;
}

bool Recoverer::resolveStores(Function &F) {
  // A store of an address stores the pointer.
  SmallVector<StoreInst *, 16> Work;
  for (Instruction &I : instructions(F))
    if (auto *S = dyn_cast<StoreInst>(&I))
      if (S->getValueOperand()->getType()->isIntegerTy(64))
        Work.push_back(S);
  for (StoreInst *S : Work) {
    Value *V = S->getValueOperand();
    SmallPtrSet<Value *, 8> Visiting;
    if (isa<ConstantInt>(V) || isa<LoadInst>(V) || !hasProvenance(V, Visiting))
      continue;
    Why.clear();
    Value *P = derive(V);
    if (!P)
      continue; // stays an integer store
    P = castTo(P, 0, S);
    if (!P)
      continue;
    IRBuilder<> B(S);
    Value *Slot = B.CreateBitCast(
        S->getPointerOperand(),
        P->getType()->getPointerTo(S->getPointerAddressSpace()));
    StoreInst *New =
        B.CreateAlignedStore(P, Slot, S->getAlign(), S->isVolatile());
    New->setAtomic(S->getOrdering(), S->getSyncScopeID());
    S->eraseFromParent();
  }
  return true;
}

Function *Recoverer::rewriteSignature(Function &F, ArrayRef<unsigned> ArgNos) {
  LLVMContext &C = M.getContext();
  std::vector<Type *> Params(F.getFunctionType()->param_begin(),
                             F.getFunctionType()->param_end());
  for (unsigned N : ArgNos)
    Params[N] = Type::getInt8PtrTy(C);
  auto *FT = FunctionType::get(F.getReturnType(), Params, false);
  Function *NF =
      Function::Create(FT, F.getLinkage(), F.getAddressSpace(), "", &M);
  NF->copyAttributesFrom(&F);
  for (unsigned N : ArgNos)
    NF->removeParamAttrs(N, AttributeFuncs::typeIncompatible(Params[N]));
  NF->setSubprogram(F.getSubprogram());
  F.setSubprogram(nullptr);
  NF->getBasicBlockList().splice(NF->begin(), F.getBasicBlockList());
  IRBuilder<> B(&NF->getEntryBlock(), NF->getEntryBlock().begin());
  for (unsigned N = 0; N < F.arg_size(); ++N) {
    Argument *Old = F.getArg(N), *New = NF->getArg(N);
    New->takeName(Old);
    if (is_contained(ArgNos, N))
      Old->replaceAllUsesWith(B.CreatePtrToInt(New, Old->getType()));
    else
      Old->replaceAllUsesWith(New);
  }
  // Calls pass inttoptr of their integers, resolved in the next round.
  for (User *U : make_early_inc_range(F.users())) {
    auto *CB = dyn_cast<CallInst>(U);
    if (!CB || CB->getCalledFunction() != &F)
      continue;
    IRBuilder<> CBld(CB);
    SmallVector<Value *, 8> Args(CB->args());
    for (unsigned N : ArgNos)
      Args[N] = CBld.CreateIntToPtr(Args[N], Params[N]);
    CallInst *New = CBld.CreateCall(NF, Args);
    New->setDebugLoc(CB->getDebugLoc());
    CB->replaceAllUsesWith(New);
    CB->eraseFromParent();
  }
  // Kernel annotations name the function.
  if (NamedMDNode *A = M.getNamedMetadata("nvvm.annotations"))
    for (MDNode *Node : A->operands())
      if (Node->getNumOperands() &&
          mdconst::dyn_extract_or_null<Function>(Node->getOperand(0)) == &F)
        Node->replaceOperandWith(0, ValueAsMetadata::get(NF));
  NF->takeName(&F);
  F.eraseFromParent();
  return NF;
}

bool Recoverer::rewriteArguments() {
  SmallVector<std::pair<Function *, SmallVector<unsigned, 4>>, 8> Work;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    SmallVector<unsigned, 4> ArgNos;
    for (Argument &A : F.args())
      if (A.getType()->isIntegerTy(64) && reachesIntToPtr(&A))
        ArgNos.push_back(A.getArgNo());
    if (!ArgNos.empty())
      Work.push_back({&F, ArgNos});
  }
  for (auto &[F, ArgNos] : Work)
    rewriteSignature(*F, ArgNos);
  return !Work.empty();
}

bool Recoverer::run() {
  // Arguments first, until none changes: rewriting a device function's
  // arguments passes inttoptr(arg) at its calls, which may make the
  // callers' own arguments addresses.
  for (unsigned Round = 0; Round < 16 && rewriteArguments(); ++Round)
    ;
  bool OK = true;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    expandConstantExpressions(F);
    Derived.clear();
    OK &= resolve(F);
    Derived.clear();
    resolveStores(F);
    Derived.clear();
  }
  return OK;
}

} // namespace

bool recoverPointers(Module &M, Diagnostics &Diags) {
  return Recoverer(M, Diags).run();
}

bool checkNoIntToPtr(Module &M, Diagnostics &Diags) {
  bool OK = true;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      bool Bad = isa<IntToPtrInst>(&I);
      for (const Use &Op : I.operands())
        if (auto *CE = dyn_cast<ConstantExpr>(Op.get()))
          Bad |= CE->getOpcode() == Instruction::IntToPtr;
      if (Bad) {
        Diags.error(locOf(&I, Diags),
                    "cannot recover the pointer of this address");
        OK = false;
      }
    }
  return OK;
}

} // namespace ptx
} // namespace cumetal

//===- frontend/ManagedVariables.cpp - Host access to __managed__ ---------===//
//
// For each host shadow G that llvm.global.annotations marks
// "cumetal.managed": a new internal pointer G.cumetal.managed; every
// instruction using G (directly or through constant expressions, which are
// turned into instructions first) loads that pointer and uses it instead;
// the registration call becomes __cudaRegisterManagedVar(handle,
// &G.cumetal.managed, ...), which the runtime answers by storing the device
// address there when the module is registered (runtime-lite's
// Registration.cpp). The annotation entries are removed, and the shadow
// becomes internal: host code of another file (`extern __managed__` with
// -rdc) cannot reach the pointer, and fails to link rather than read a
// stale copy.
//
//===----------------------------------------------------------------------===//

#include "frontend/ManagedVariables.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ReplaceConstant.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace cumetal {
namespace frontend {

namespace {

constexpr StringLiteral kAnnotation = "cumetal.managed";

/// The globals annotated "cumetal.managed"; their entries are removed from
/// llvm.global.annotations (the global itself when it is left empty).
SetVector<GlobalVariable *> takeManaged(Module &M) {
  SetVector<GlobalVariable *> Out;
  GlobalVariable *A = M.getGlobalVariable("llvm.global.annotations");
  if (!A || !A->hasInitializer())
    return Out;
  auto *Array = dyn_cast<ConstantArray>(A->getInitializer());
  if (!Array)
    return Out;
  std::vector<Constant *> Keep;
  for (Use &U : Array->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(U.get());
    GlobalVariable *G = nullptr;
    bool Managed = false;
    if (Entry && Entry->getNumOperands() >= 2) {
      G = dyn_cast<GlobalVariable>(Entry->getOperand(0)->stripPointerCasts());
      if (auto *S = dyn_cast<GlobalVariable>(
              Entry->getOperand(1)->stripPointerCasts()))
        if (auto *Str =
                dyn_cast_or_null<ConstantDataArray>(S->getInitializer()))
          Managed = Str->isCString() && Str->getAsCString() == kAnnotation;
    }
    if (Managed && G)
      Out.insert(G);
    else
      Keep.push_back(cast<Constant>(U.get()));
  }
  if (Out.empty())
    return Out;
  if (Keep.empty()) {
    A->eraseFromParent();
  } else {
    auto *T = ArrayType::get(Array->getType()->getElementType(), Keep.size());
    auto *New = new GlobalVariable(M, T, A->isConstant(), A->getLinkage(),
                                   ConstantArray::get(T, Keep), "", A);
    New->setSection(A->getSection());
    New->takeName(A);
    A->eraseFromParent();
  }
  return Out;
}

/// The instructions that use \p G, constant expressions on the way turned
/// into instructions; false if a use is not reachable from an instruction
/// (a static initializer).
bool instructionUses(GlobalVariable *G, SmallVectorImpl<Use *> &Out) {
  // Constant expressions first: each instruction using one gets its own
  // instructions for it, which then use G directly.
  SmallVector<ConstantExpr *, 4> Exprs;
  for (User *U : G->users())
    if (auto *CE = dyn_cast<ConstantExpr>(U))
      Exprs.push_back(CE);
  for (ConstantExpr *CE : Exprs) {
    SmallVector<Instruction *, 8> Insts;
    std::function<void(ConstantExpr *)> Collect = [&](ConstantExpr *E) {
      for (User *U : E->users()) {
        if (auto *I = dyn_cast<Instruction>(U))
          Insts.push_back(I);
        else if (auto *Inner = dyn_cast<ConstantExpr>(U))
          Collect(Inner);
      }
    };
    Collect(CE);
    for (Instruction *I : Insts)
      convertConstantExprsToInstructions(I, CE);
    CE->removeDeadConstantUsers();
  }
  G->removeDeadConstantUsers();
  for (Use &U : G->uses()) {
    if (!isa<Instruction>(U.getUser()))
      return false;
    Out.push_back(&U);
  }
  return true;
}

} // namespace

bool rewriteManagedVariables(Module &M, raw_ostream &Diags) {
  SetVector<GlobalVariable *> Managed = takeManaged(M);
  if (Managed.empty())
    return true;
  LLVMContext &C = M.getContext();
  Type *I8Ptr = Type::getInt8PtrTy(C);
  Type *VoidPtrPtr = PointerType::getUnqual(I8Ptr);
  bool OK = true;
  for (GlobalVariable *G : Managed) {
    auto *Ptr = new GlobalVariable(M, G->getType(), /*isConstant=*/false,
                                   GlobalValue::InternalLinkage,
                                   ConstantPointerNull::get(G->getType()),
                                   G->getName() + ".cumetal.managed");
    Ptr->setAlignment(Align(8));
    // The registration: (handle, shadow, deviceAddress, deviceName, ext,
    // size, constant, global) -> the same with &pointer, as a managed
    // variable.
    if (Function *RegVar = M.getFunction("__cudaRegisterVar")) {
      SmallVector<CallBase *, 1> Calls;
      for (User *U : RegVar->users())
        if (auto *Call = dyn_cast<CallBase>(U))
          if (Call->getCalledFunction() == RegVar &&
              Call->getArgOperand(1)->stripPointerCasts() == G)
            Calls.push_back(Call);
      for (CallBase *Call : Calls) {
        FunctionType *T = RegVar->getFunctionType();
        SmallVector<Type *, 8> Params(T->params().begin(), T->params().end());
        Params[1] = VoidPtrPtr;
        FunctionCallee Reg = M.getOrInsertFunction(
            "__cudaRegisterManagedVar",
            FunctionType::get(T->getReturnType(), Params, false));
        IRBuilder<> B(Call);
        SmallVector<Value *, 8> Args(Call->args());
        Args[1] = B.CreateBitCast(Ptr, VoidPtrPtr);
        B.CreateCall(Reg, Args);
        Call->eraseFromParent();
      }
    }
    SmallVector<Use *, 8> Uses;
    if (!instructionUses(G, Uses)) {
      Diags << "cumetalc: error: the address of __managed__ variable '"
            << G->getName()
            << "' in a static initializer is not supported (its device "
               "memory is known only once the program runs)\n";
      OK = false;
      continue;
    }
    // The shadow is no longer the variable: with -rdc another file's
    // host code naming it (`extern __managed__`) would read stale memory,
    // so the shadow leaves the symbol table and such a use fails to link.
    if (!G->isDeclaration())
      G->setLinkage(GlobalValue::InternalLinkage);
    // Every other use loads the pointer just before it (in the predecessor
    // for a phi).
    for (Use *U : Uses) {
      auto *I = cast<Instruction>(U->getUser());
      Instruction *At = I;
      if (auto *Phi = dyn_cast<PHINode>(I))
        At = Phi->getIncomingBlock(*U)->getTerminator();
      IRBuilder<> B(At);
      U->set(B.CreateLoad(G->getType(), Ptr, G->getName() + ".managed"));
    }
  }
  return OK;
}

} // namespace frontend
} // namespace cumetal

//===- frontend/LinkedImageObject.cpp - The device link's host object -----===//
//
// Builds the object with LLVM's IR builder and the host target machine:
// the envelope as a private constant (8-byte aligned, as the envelope
// reader expects), an internal constructor in llvm.global_ctors calling
// __cumetalRegisterLinkedImage(envelope).
//
//===----------------------------------------------------------------------===//

#include "frontend/LinkedImageObject.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Host.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace cumetal {
namespace frontend {

bool emitLinkedImageObject(ArrayRef<uint8_t> Envelope,
                           ArrayRef<std::string> ModuleIds, StringRef Output,
                           raw_ostream &Diags) {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  std::string Triple = sys::getDefaultTargetTriple();
  std::string Err;
  const Target *T = TargetRegistry::lookupTarget(Triple, Err);
  if (!T) {
    Diags << "cumetalc: error: no host target '" << Triple << "': " << Err
          << "\n";
    return false;
  }
  TargetOptions TO;
  TO.UseInitArray = true; // .init_array, as Clang emits (lld ignores .ctors)
  std::unique_ptr<TargetMachine> TM(T->createTargetMachine(
      Triple, "generic", "", TO, Reloc::PIC_, None, CodeGenOpt::Default));

  LLVMContext Ctx;
  Module M("cumetal-device-link", Ctx);
  M.setTargetTriple(Triple);
  M.setDataLayout(TM->createDataLayout());
  if (!Envelope.empty()) {
    Constant *Data = ConstantDataArray::get(Ctx, Envelope);
    auto *Image = new GlobalVariable(M, Data->getType(), /*isConstant=*/true,
                                     GlobalValue::PrivateLinkage, Data,
                                     "__cumetal_linked_image");
    Image->setAlignment(Align(8));
    Type *BytePtr = Type::getInt8PtrTy(Ctx);
    FunctionCallee Register = M.getOrInsertFunction(
        "__cumetalRegisterLinkedImage",
        FunctionType::get(Type::getVoidTy(Ctx), {BytePtr}, false));
    Function *Ctor = Function::Create(
        FunctionType::get(Type::getVoidTy(Ctx), false),
        GlobalValue::InternalLinkage, "__cumetal_register_linked_image", M);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Ctor));
    B.CreateCall(Register, B.CreatePointerCast(Image, BytePtr));
    B.CreateRetVoid();
    appendToGlobalCtors(M, Ctor, /*Priority=*/65535);
  }
  // void __cudaRegisterLinkedBinary<id>(void (*registerGlobals)(void **),
  //     void *fatbinWrapper, const char *moduleId, void (*dummy)(void *))
  // as Clang calls it; each forwards its arguments.
  Type *I8Ptr = Type::getInt8PtrTy(Ctx);
  Type *Params[] = {I8Ptr, I8Ptr, I8Ptr, I8Ptr};
  FunctionType *FT = FunctionType::get(Type::getVoidTy(Ctx), Params, false);
  FunctionCallee Forward =
      M.getOrInsertFunction("__cumetalRegisterLinkedBinary", FT);
  for (const std::string &Id : ModuleIds) {
    Function *F = Function::Create(FT, GlobalValue::ExternalLinkage,
                                   "__cudaRegisterLinkedBinary" + Id, M);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
    SmallVector<Value *, 4> Args;
    for (Argument &A : F->args())
      Args.push_back(&A);
    B.CreateCall(Forward, Args);
    B.CreateRetVoid();
  }

  std::error_code EC;
  raw_fd_ostream OS(Output, EC, sys::fs::OF_None);
  if (EC) {
    Diags << "cumetalc: error: cannot write '" << Output
          << "': " << EC.message() << "\n";
    return false;
  }
  legacy::PassManager PM;
  if (TM->addPassesToEmitFile(PM, OS, nullptr, CGFT_ObjectFile)) {
    Diags << "cumetalc: error: the host target cannot emit objects\n";
    return false;
  }
  PM.run(M);
  return true;
}

} // namespace frontend
} // namespace cumetal

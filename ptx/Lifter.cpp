//===- ptx/Lifter.cpp - PTX to the shared IR ------------------------------===//
//
// Lifts a checked PTX module into the NVVM-dialect module Clang's CUDA
// device compile would produce (DESIGN.md §3):
//   - `.global`/`.const`/`.shared` variables become globals in address
//     spaces 1/4/3 (`.extern .shared` arrays: external [0 x i8], dynamic
//     shared memory), with their initializers;
//   - `.entry` functions become kernels listed in !nvvm.annotations (with
//     `.maxntid`/`.reqntid`/`.minnctapersm`), `.param` scalars by value and
//     `.param` byte arrays (structs) as byval pointers; `.func` functions
//     take and return their parameters by value;
//   - registers become allocas (SROA/mem2reg make SSA of them), predicates
//     i1; `.local` variables allocas; `.param` variables of call sequences
//     allocas that the call reads and writes;
//   - labels become blocks, guards conditional branches around their
//     instruction; every instruction gets a DILocation of its PTX line, so
//     later diagnostics point into the .ptx file.
// The family files (FunctionLifter.h) lift the instructions. Afterwards the
// module is cleaned up (SROA, mem2reg, inlining of non-recursive device
// functions), RecoverPointers turns integer address arithmetic back into
// pointers, and a standard optimisation pipeline runs, as Clang's would.
//
//===----------------------------------------------------------------------===//

#include "ptx/Lifter.h"

#include "ptx/Diagnostics.h"
#include "ptx/FunctionLifter.h"
#include "ptx/RecoverPointers.h"

#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/BasicAliasAnalysis.h"
#include "llvm/Analysis/CallGraph.h"
#include "llvm/Analysis/ScopedNoAliasAA.h"
#include "llvm/Analysis/TypeBasedAliasAnalysis.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"
#include "llvm/Transforms/Scalar/DCE.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace cumetal {
namespace ptx {

//===----------------------------------------------------------------------===//
// FunctionLifter helpers shared by the family files
//===----------------------------------------------------------------------===//

FunctionLifter::~FunctionLifter() = default;

/// The LLVM type of PTX type \p T: i1 for predicates, float and double,
/// otherwise an integer of the type's size (at least \p MinBits).
static llvm::Type *llvmTypeOf(LLVMContext &C, Type T, unsigned MinBits) {
  switch (T) {
  case Type::Pred:
    return llvm::Type::getInt1Ty(C);
  case Type::F32:
    return llvm::Type::getFloatTy(C);
  case Type::F64:
    return llvm::Type::getDoubleTy(C);
  default:
    return llvm::Type::getIntNTy(C, std::max(MinBits, typeBits(T)));
  }
}

llvm::Type *FunctionLifter::typeOf(Type T) {
  return llvmTypeOf(context(), T, 1);
}

StateSpace FunctionLifter::spaceOf(const Instruction &I) {
  for (const Modifier &M : I.Modifiers)
    if (M.Kind == ModifierKind::StateSpace)
      if (auto S = parseStateSpace(M.Name))
        return *S;
  return StateSpace::None;
}

Type FunctionLifter::typeOfInstr(const Instruction &I) {
  std::vector<Type> Types = I.types();
  return Types.empty() ? Type::None : Types.back();
}

FunctionCallee FunctionLifter::function(StringRef Name, FunctionType *FT) {
  return module().getOrInsertFunction(Name, FT);
}

Value *FunctionLifter::intrinsic(Intrinsic::ID ID, ArrayRef<llvm::Type *> Types,
                                 ArrayRef<Value *> Args) {
  llvm::Function *F = Intrinsic::getDeclaration(&module(), ID, Types);
  return B.CreateCall(F, Args);
}

bool FunctionLifter::error(const Instruction &I, const Twine &Msg) {
  Diags.error(I.OpcodeLoc.isValid() ? I.OpcodeLoc : I.getLoc(), Msg);
  return false;
}

bool FunctionLifter::unsupported(const Instruction &I, const Twine &Why) {
  std::string Text = "unsupported PTX instruction '" + I.spelling() + "'";
  std::string W = Why.str();
  if (!W.empty())
    Text += ": " + W;
  return error(I, Text);
}

LiftTable::LiftTable() {
  addMemoryInstructions(*this);
  addArithmeticInstructions(*this);
  addFloatInstructions(*this);
  addConvertInstructions(*this);
  addAtomicsInstructions(*this);
  addWarpInstructions(*this);
  addSyncInstructions(*this);
}

const LiftTable &LiftTable::get() {
  static const LiftTable Table;
  return Table;
}

namespace {

unsigned addressSpaceOf(StateSpace S) {
  switch (S) {
  case StateSpace::Global:
    return 1;
  case StateSpace::Shared:
    return 3;
  case StateSpace::Const:
    return 4;
  default:
    return 0;
  }
}

/// Where a name lives.
struct Storage {
  enum class Kind : uint8_t { None, Register, Memory, Function };
  Kind K = Kind::None;
  /// Register: its alloca. Memory: a pointer to the variable (a global, an
  /// alloca, a byval argument).
  Value *Ptr = nullptr;
  /// The register's type, or the variable's memory type.
  llvm::Type *Ty = nullptr;
  Type PtxType = Type::None;
  llvm::Function *Fn = nullptr;
  explicit operator bool() const { return K != Kind::None; }
};

/// One `{}` scope of a body: declared names and register ranges, whose
/// registers are created on first use.
struct Scope {
  StringMap<Storage> Names;
  struct Range {
    const VariableDecl *Decl;
    unsigned Count;
  };
  StringMap<Range> Ranges;
};

class ModuleLifter;

class BodyLifter final : public FunctionLifter {
public:
  BodyLifter(ModuleLifter &ML, const Function &PF, llvm::Function &F);
  bool lift();

  llvm::Module &module() override;
  Value *read(const Instruction &I, unsigned Index, Type T) override;
  std::vector<Value *> readVector(const Instruction &I, unsigned Index,
                                  Type T) override;
  bool write(const Instruction &I, unsigned Index, Value *V, Type T,
             bool Second) override;
  bool writeVector(const Instruction &I, unsigned Index,
                   ArrayRef<Value *> Elements, Type T) override;
  Value *address(const Instruction &I, unsigned Index, StateSpace S,
                 llvm::Type *ElemTy) override;

private:
  Storage lookup(StringRef Name);
  Storage instantiate(Scope &S, StringRef Name, const VariableDecl &D);
  bool declare(const VariableDecl &D);
  void collectLabels(const StatementList &Body);
  bool liftStatements(const StatementList &Body);
  bool liftInstruction(const Instruction &I);
  bool liftBranch(const Instruction &I);
  bool liftReturn(const Instruction &I);
  bool liftCall(const Instruction &I);
  Value *convert(Value *V, llvm::Type *To, bool Signed);
  Value *readOperand(const Operand &Op, Type T, const Instruction &I);
  Value *specialRegister(const Operand &Op, const Instruction &I);
  Value *addressOfName(const Operand &Op, const Instruction &I, Type T);
  bool storeTo(const Operand &Op, Value *V, Type T, const Instruction &I);
  /// Starts a new block for the statements after a terminator.
  void startDeadBlock();
  AllocaInst *createAlloca(llvm::Type *T, uint64_t Align, const Twine &Name);

  ModuleLifter &ML;
  const Function &PF;
  llvm::Function &F;
  BasicBlock *Entry = nullptr;
  std::vector<Scope> Scopes;
  StringMap<BasicBlock *> Labels;
  /// Return parameters' storage, in order.
  std::vector<Storage> Returns;
  DISubprogram *SP = nullptr;
};

class ModuleLifter {
public:
  ModuleLifter(const Module &AST, LLVMContext &Ctx, Diagnostics &Diags)
      : AST(AST), Ctx(Ctx), Diags(Diags),
        M(std::make_unique<llvm::Module>(sys::path::filename(AST.FileName),
                                         Ctx)),
        DIB(*M) {}

  std::unique_ptr<llvm::Module> lift(const LiftOptions &Opts);

  const Module &AST;
  LLVMContext &Ctx;
  Diagnostics &Diags;
  std::unique_ptr<llvm::Module> M;
  DIBuilder DIB;
  DIFile *File = nullptr;
  DICompileUnit *CU = nullptr;
  StringMap<Storage> Globals;
  SmallPtrSet<llvm::Function *, 8> Kernels;
  std::vector<GlobalValue *> HostVisible;
  SmallPtrSet<GlobalVariable *, 8> ModulePrivate;

  /// The type of a variable's elements in memory (bytes at least).
  llvm::Type *valueType(Type T) { return llvmTypeOf(Ctx, T, 8); }
  /// The memory type of one declared variable: its element (a vector
  /// width makes an array), wrapped in its array dimensions.
  llvm::Type *memoryType(const VariableDecl &D, const Variable &V) {
    llvm::Type *T = valueType(D.ElemType);
    if (D.VectorWidth)
      T = ArrayType::get(T, D.VectorWidth);
    for (auto It = V.Dims.rbegin(); It != V.Dims.rend(); ++It)
      T = ArrayType::get(T, It->value_or(0));
    return T;
  }
  uint64_t alignOf(const VariableDecl &D, llvm::Type *T) {
    if (D.Align)
      return D.Align;
    return M->getDataLayout().getABITypeAlign(T).value();
  }
  std::pair<unsigned, unsigned> lineCol(SMLoc Loc) {
    return Diags.lineAndColumn(Loc);
  }

private:
  bool liftVariable(const VariableDecl &D);
  Constant *initializer(const Initializer &Init, llvm::Type *T, SMLoc Loc,
                        bool &OK);
  llvm::Function *declareFunction(const Function &PF);
  void annotate(const Function &PF, llvm::Function &F);
  bool cleanUp(const LiftOptions &Opts);
  void markReadOnlyData();
};

//===----------------------------------------------------------------------===//
// Module level
//===----------------------------------------------------------------------===//

/// Functions of CUDA's device runtime that PTX declares with integer
/// parameters, with the pointer signatures Clang gives them.
static FunctionType *deviceRuntimeSignature(StringRef Name, LLVMContext &C) {
  llvm::Type *I8P = llvm::Type::getInt8PtrTy(C);
  llvm::Type *I32 = llvm::Type::getInt32Ty(C);
  llvm::Type *I64 = llvm::Type::getInt64Ty(C);
  llvm::Type *Void = llvm::Type::getVoidTy(C);
  if (Name == "vprintf")
    return FunctionType::get(I32, {I8P, I8P}, false);
  if (Name == "__assertfail")
    return FunctionType::get(Void, {I8P, I8P, I32, I8P, I64}, false);
  if (Name == "malloc")
    return FunctionType::get(I8P, {I64}, false);
  if (Name == "free")
    return FunctionType::get(Void, {I8P}, false);
  return nullptr;
}

Constant *ModuleLifter::initializer(const Initializer &Init, llvm::Type *T,
                                    SMLoc Loc, bool &OK) {
  if (auto *AT = dyn_cast<ArrayType>(T)) {
    llvm::Type *E = AT->getElementType();
    std::vector<Constant *> Elements;
    if (Init.K == Initializer::Kind::List) {
      // Brace lists initialise arrays element by element; a flat list may
      // also fill the innermost elements of nested arrays (as nvcc writes
      // byte arrays of structs).
      std::vector<const Initializer *> Flat;
      for (const Initializer &E2 : Init.Elements)
        Flat.push_back(&E2);
      for (uint64_t I = 0; I < AT->getNumElements(); ++I) {
        if (I < Flat.size())
          Elements.push_back(initializer(*Flat[I], E, Loc, OK));
        else
          Elements.push_back(Constant::getNullValue(E));
      }
      if (Flat.size() > AT->getNumElements()) {
        Diags.error(Init.Loc, "too many initializers for the variable");
        OK = false;
      }
    } else {
      Diags.error(Init.Loc.isValid() ? Init.Loc : Loc,
                  "an array needs a brace-enclosed initializer");
      OK = false;
      return Constant::getNullValue(T);
    }
    return ConstantArray::get(AT, Elements);
  }
  switch (Init.K) {
  case Initializer::Kind::Int:
    if (T->isFloatingPointTy())
      return ConstantFP::get(
          T, Init.IsUnsigned
                 ? static_cast<double>(Init.IntValue)
                 : static_cast<double>(static_cast<int64_t>(Init.IntValue)));
    return ConstantInt::get(T, Init.IntValue);
  case Initializer::Kind::Float: {
    APFloat V = Init.IsF32
                    ? APFloat(APFloat::IEEEsingle(), APInt(32, Init.FloatBits))
                    : APFloat(APFloat::IEEEdouble(), APInt(64, Init.FloatBits));
    if (T->isFloatingPointTy()) {
      bool LosesInfo;
      V.convert(T->getFltSemantics(), APFloat::rmNearestTiesToEven, &LosesInfo);
      return ConstantFP::get(Ctx, V);
    }
    // A float literal for a bit-size variable: its bits.
    if (T->getIntegerBitWidth() == 32 || T->getIntegerBitWidth() == 64) {
      bool LosesInfo;
      V.convert(T->getIntegerBitWidth() == 32 ? APFloat::IEEEsingle()
                                              : APFloat::IEEEdouble(),
                APFloat::rmNearestTiesToEven, &LosesInfo);
      return ConstantInt::get(Ctx, V.bitcastToAPInt());
    }
    Diags.error(Init.Loc, "a floating-point initializer needs a 32- or "
                          "64-bit variable");
    OK = false;
    return Constant::getNullValue(T);
  }
  default:
    Diags.error(Init.Loc.isValid() ? Init.Loc : Loc,
                "unsupported PTX initializer: addresses of variables in "
                "initializers are not supported yet");
    OK = false;
    return Constant::getNullValue(T);
  }
}

bool ModuleLifter::liftVariable(const VariableDecl &D) {
  unsigned AS;
  switch (D.Space) {
  case StateSpace::Global:
  case StateSpace::Const:
  case StateSpace::Shared:
    AS = addressSpaceOf(D.Space);
    break;
  default:
    Diags.error(D.getLoc(), "unsupported PTX variable: module-scope ." +
                                stateSpaceName(D.Space).str() +
                                " variables are not supported");
    return false;
  }
  bool OK = true;
  for (const Variable &V : D.Vars) {
    llvm::Type *T = memoryType(D, V);
    bool Unsized = !V.Dims.empty() && !V.Dims.front();
    GlobalValue::LinkageTypes L = GlobalValue::InternalLinkage;
    bool External = D.Link == Linkage::Extern;
    if (D.Link == Linkage::Visible || External)
      L = GlobalValue::ExternalLinkage;
    else if (D.Link == Linkage::Weak)
      L = GlobalValue::WeakAnyLinkage;
    else if (D.Link == Linkage::Common)
      L = GlobalValue::CommonLinkage;
    // PTX's module-private .global and .const variables are still the
    // host's to read and write by name (cudaMemcpyToSymbol of a
    // __device__ variable of a whole-program compile): external, as in
    // Clang's IR, so that no kernel use is needed to keep them.
    bool Private = D.Link == Linkage::None && D.Space != StateSpace::Shared;
    if (Private)
      L = GlobalValue::ExternalLinkage;
    Constant *Init = nullptr;
    if (!External && !Unsized) {
      if (V.Init && D.Space != StateSpace::Shared)
        Init = initializer(*V.Init, T, V.Loc, OK);
      else if (D.Space == StateSpace::Shared)
        Init = UndefValue::get(T);
      else
        Init = Constant::getNullValue(T);
    }
    if (Unsized && D.Space != StateSpace::Shared) {
      Diags.error(V.Loc, "unsupported PTX variable: an unsized ." +
                             stateSpaceName(D.Space).str() + " array");
      OK = false;
      continue;
    }
    if (Unsized)
      L = GlobalValue::ExternalLinkage; // dynamic shared memory
    auto *GV = new GlobalVariable(*M, T, /*isConstant=*/false, L, Init, V.Name,
                                  nullptr, GlobalValue::NotThreadLocal, AS);
    GV->setAlignment(llvm::Align(alignOf(D, T)));
    // The host reads and writes __device__ and __constant__ variables by
    // name: they stay as declared, whatever the optimiser sees of them.
    if (D.Space != StateSpace::Shared && Init) {
      GV->setExternallyInitialized(true);
      HostVisible.push_back(GV);
    }
    if (Private)
      ModulePrivate.insert(GV);
    Storage S;
    S.K = Storage::Kind::Memory;
    S.Ptr = GV;
    S.Ty = T;
    S.PtxType = D.ElemType;
    Globals[V.Name] = S;
  }
  return OK;
}

llvm::Function *ModuleLifter::declareFunction(const Function &PF) {
  std::vector<llvm::Type *> Params;
  for (const auto &P : PF.Params)
    for (const Variable &V : P->Vars) {
      llvm::Type *T = memoryType(*P, V);
      Params.push_back(PF.IsEntry && T->isArrayTy() ? T->getPointerTo() : T);
    }
  llvm::Type *Ret = llvm::Type::getVoidTy(Ctx);
  std::vector<llvm::Type *> Rets;
  for (const auto &R : PF.Returns)
    for (const Variable &V : R->Vars)
      Rets.push_back(memoryType(*R, V));
  if (Rets.size() == 1)
    Ret = Rets.front();
  else if (Rets.size() > 1)
    Ret = StructType::get(Ctx, Rets);
  auto *FT = FunctionType::get(Ret, Params, false);
  if (!PF.isDefinition())
    if (FunctionType *RT = deviceRuntimeSignature(PF.Name, Ctx))
      if (RT->getNumParams() == FT->getNumParams())
        FT = RT; // Clang's signature for the same function
  GlobalValue::LinkageTypes L = GlobalValue::InternalLinkage;
  if (PF.IsEntry || PF.Link == Linkage::Visible || PF.Link == Linkage::Extern ||
      !PF.isDefinition())
    L = GlobalValue::ExternalLinkage;
  else if (PF.Link == Linkage::Weak)
    L = GlobalValue::WeakAnyLinkage;
  if (llvm::Function *Existing = M->getFunction(PF.Name)) {
    // A declaration followed by its definition.
    if (Existing->getFunctionType() == FT) {
      if (PF.isDefinition())
        Existing->setLinkage(L);
      return Existing;
    }
  }
  llvm::Function *F = llvm::Function::Create(FT, L, 0, PF.Name, M.get());
  unsigned I = 0;
  for (const auto &P : PF.Params)
    for (const Variable &V : P->Vars) {
      Argument *A = F->getArg(I++);
      A->setName(V.Name);
      if (PF.IsEntry && A->getType()->isPointerTy()) {
        llvm::Type *T = memoryType(*P, V);
        F->addParamAttr(A->getArgNo(), Attribute::getWithByValType(Ctx, T));
        F->addParamAttr(A->getArgNo(), Attribute::getWithAlignment(
                                           Ctx, llvm::Align(alignOf(*P, T))));
      }
    }
  return F;
}

void ModuleLifter::annotate(const Function &PF, llvm::Function &F) {
  NamedMDNode *Annotations = M->getOrInsertNamedMetadata("nvvm.annotations");
  auto Int = [&](uint64_t V) {
    return ConstantAsMetadata::get(
        ConstantInt::get(llvm::Type::getInt32Ty(Ctx), V));
  };
  SmallVector<Metadata *, 8> Ops = {ValueAsMetadata::get(&F),
                                    MDString::get(Ctx, "kernel"), Int(1)};
  auto Dims = [&](StringRef Directive, StringRef Key) {
    if (const FunctionDirective *D = PF.directive(Directive)) {
      static const char *Suffix[] = {"x", "y", "z"};
      for (unsigned I = 0; I < D->Values.size() && I < 3; ++I) {
        Ops.push_back(MDString::get(Ctx, (Key + Suffix[I]).str()));
        Ops.push_back(Int(D->Values[I]));
      }
    }
  };
  Dims("maxntid", "maxntid");
  Dims("reqntid", "reqntid");
  if (const FunctionDirective *D = PF.directive("minnctapersm"))
    if (!D->Values.empty()) {
      Ops.push_back(MDString::get(Ctx, "minctasm"));
      Ops.push_back(Int(D->Values.front()));
    }
  Annotations->addOperand(MDNode::get(Ctx, Ops));
}

std::unique_ptr<llvm::Module> ModuleLifter::lift(const LiftOptions &Opts) {
  if (AST.AddressSize == 32) {
    Diags.error(SMLoc(), "unsupported PTX module: .address_size 32");
    return nullptr;
  }
  M->setTargetTriple("nvptx64-nvidia-cuda");
  M->setDataLayout("e-i64:64-i128:128-v16:16-v32:32-n16:32:64");
  M->addModuleFlag(llvm::Module::Warning, "Debug Info Version",
                   DEBUG_METADATA_VERSION);
  M->addModuleFlag(llvm::Module::Max, "Dwarf Version", 4);
  File = DIB.createFile(sys::path::filename(AST.FileName),
                        sys::path::parent_path(AST.FileName));
  CU = DIB.createCompileUnit(dwarf::DW_LANG_C_plus_plus_14, File, "cumetalc",
                             false, "", 0, "", DICompileUnit::LineTablesOnly);

  bool OK = true;
  // Variables and function declarations first: bodies may refer to later
  // items.
  std::vector<std::pair<const Function *, llvm::Function *>> Bodies;
  for (const auto &Item : AST.Items) {
    if (Diags.tooManyErrors())
      break;
    if (const auto *D = dyn_cast<VariableDecl>(Item.get())) {
      OK &= liftVariable(*D);
    } else if (const auto *PF = dyn_cast<Function>(Item.get())) {
      llvm::Function *F = declareFunction(*PF);
      Storage S;
      S.K = Storage::Kind::Function;
      S.Fn = F;
      Globals[PF->Name] = S;
      if (PF->isDefinition())
        Bodies.push_back({PF, F});
    } else if (isa<AliasStmt>(Item.get())) {
      Diags.error(Item->getLoc(), "unsupported PTX directive '.alias'");
      OK = false;
    }
  }
  for (auto &[PF, F] : Bodies) {
    if (Diags.tooManyErrors())
      break;
    if (PF->IsEntry) {
      annotate(*PF, *F);
      Kernels.insert(F);
    }
    BodyLifter BL(*this, *PF, *F);
    OK &= BL.lift();
  }
  DIB.finalize();
  appendToCompilerUsed(*M, HostVisible);
  if (!OK || Diags.hasErrors())
    return nullptr;
  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (verifyModule(*M, &BrokenOS)) {
    Diags.error(SMLoc(), "internal error: the lifted module is not valid "
                         "LLVM IR: " +
                             BrokenOS.str());
    return nullptr;
  }
  if (!cleanUp(Opts))
    return nullptr;
  return std::move(M);
}

bool ModuleLifter::cleanUp(const LiftOptions &Opts) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // PTX is optimised scalar code already: no vectorisers (they would also
  // create llvm.vector.reduce.*, which Apple's backend rejects).
  PipelineTuningOptions PTO;
  PTO.LoopVectorization = false;
  PTO.SLPVectorization = false;
  PassBuilder PB(nullptr, PTO);
  // The default alias analysis without GlobalsAA: it
  // takes an internal global whose address is never taken (a lifted
  // .shared variable, accessed in address space 3) as untouched by
  // intrinsic calls, so GVN forwarded a thread's own store across
  // llvm.nvvm.barrier0 to a load after it, losing the other threads'
  // stores (Clang's CUDA IR takes the address through addrspacecasts).
  FAM.registerPass([] {
    AAManager AA;
    AA.registerFunctionAnalysis<BasicAA>();
    AA.registerFunctionAnalysis<ScopedNoAliasAA>();
    AA.registerFunctionAnalysis<TypeBasedAA>();
    return AA;
  });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  // Registers to SSA; statements after terminators (dead blocks) go.
  for (llvm::Function &F : *M)
    if (!F.isDeclaration())
      removeUnreachableBlocks(F);
  auto ToSSA = [&] {
    FunctionPassManager FPM;
    FPM.addPass(SROAPass());
    FPM.addPass(PromotePass());
    ModulePassManager MPM;
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
    MPM.run(*M, MAM);
  };
  ToSSA();

  // Device functions are inlined (as the AIR lowering would do anyway), so
  // that addresses passed to them as integers are recovered in their
  // callers' terms. Recursive functions stay.
  {
    CallGraph CG(*M);
    for (scc_iterator<CallGraph *> I = scc_begin(&CG); !I.isAtEnd(); ++I) {
      bool Recursive = I.hasCycle();
      for (CallGraphNode *N : *I)
        if (llvm::Function *F = N->getFunction())
          if (!F->isDeclaration() && !Recursive &&
              F->getCallingConv() == CallingConv::C)
            if (!Kernels.count(F))
              F->addFnAttr(Attribute::AlwaysInline);
    }
    ModulePassManager MPM;
    MPM.addPass(AlwaysInlinerPass());
    MPM.run(*M, MAM);
    MAM.clear();
    FAM.clear();
    // Inlined functions without other users go.
    for (llvm::Function &F : make_early_inc_range(*M))
      if (F.hasFnAttribute(Attribute::AlwaysInline) && F.use_empty() &&
          F.hasLocalLinkage())
        F.eraseFromParent();
    ToSSA();
  }

  auto HasIntToPtr = [&] {
    for (llvm::Function &F : *M)
      for (BasicBlock &BB : F)
        for (llvm::Instruction &I : BB)
          if (isa<IntToPtrInst>(I))
            return true;
    return false;
  };
  // Optimisation can expose addresses recovery could not see: an i64 copied
  // through memory (-O0's stack slots) and loaded back as a pointer becomes
  // an inttoptr of the original load once SROA removes the slot. A few
  // rounds of recovery and optimisation resolve those.
  for (unsigned Round = 0; Round < 3; ++Round) {
    if (!recoverPointers(*M, Diags))
      return false;
    MAM.clear();
    FAM.clear();
    {
      // The integer address arithmetic recovery leaves behind goes first.
      FunctionPassManager FPM;
      FPM.addPass(DCEPass());
      ModulePassManager MPM;
      MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
      MPM.run(*M, MAM);
    }
    if (Round == 0)
      markReadOnlyData();
    if (!Opts.optimize)
      break;
    ModulePassManager MPM =
        PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
    MPM.run(*M, MAM);
    MAM.clear();
    if (!HasIntToPtr())
      break;
  }
  return checkNoIntToPtr(*M, Diags);
}

/// Whether every use of \p V (through casts and GEPs) only reads memory,
/// passes the address to the device runtime's printf and assert, or
/// stores it in the thread's own memory (printf's argument buffer); \p Text
/// is set when one of them is printf or assert.
static bool onlyRead(const Value *V, bool &Text) {
  for (const User *U : V->users()) {
    if (isa<LoadInst>(U))
      continue;
    if (isa<BitCastOperator>(U) || isa<GEPOperator>(U) ||
        isa<AddrSpaceCastOperator>(U)) {
      if (!onlyRead(U, Text))
        return false;
      continue;
    }
    if (const auto *CI = dyn_cast<CallInst>(U)) {
      const llvm::Function *F = CI->getCalledFunction();
      if (F && F->isDeclaration() &&
          (F->getName() == "vprintf" || F->getName() == "__assertfail")) {
        Text = true;
        continue;
      }
      return false;
    }
    // Stored in a thread's own memory: printf's argument buffer (`%s`).
    if (const auto *SI = dyn_cast<StoreInst>(U))
      if (SI->getValueOperand() == V &&
          isa<AllocaInst>(getUnderlyingObject(SI->getPointerOperand()))) {
        Text = true;
        continue;
      }
    return false;
  }
  return true;
}

/// PTX has no read-only global data: string literals (printf formats,
/// assert messages, %s arguments) are initialised module-private `.global`
/// byte arrays. Those that nothing writes and that printf or assert use
/// become internal constants, as Clang's string literals are, so that the
/// lowering can read printf formats at compile time. Other variables stay
/// the host's.
void ModuleLifter::markReadOnlyData() {
  GlobalVariable *Used = M->getGlobalVariable("llvm.compiler.used");
  if (!Used)
    return;
  std::vector<GlobalValue *> Listed;
  auto *List = cast<ConstantArray>(Used->getInitializer());
  for (Use &Op : List->operands())
    Listed.push_back(cast<GlobalValue>(Op.get()->stripPointerCasts()));
  Used->eraseFromParent();
  if (List->use_empty())
    List->destroyConstant();
  std::vector<GlobalValue *> Keep;
  for (GlobalValue *G : Listed) {
    G->removeDeadConstantUsers();
    auto *GV = dyn_cast<GlobalVariable>(G);
    bool Text = false;
    if (GV && ModulePrivate.count(GV) && GV->hasInitializer() &&
        GV->getAddressSpace() == 1 && onlyRead(GV, Text) && Text) {
      GV->setConstant(true);
      GV->setExternallyInitialized(false);
      GV->setLinkage(GlobalValue::InternalLinkage);
      continue;
    }
    Keep.push_back(G);
  }
  appendToCompilerUsed(*M, Keep);
}

//===----------------------------------------------------------------------===//
// Bodies
//===----------------------------------------------------------------------===//

BodyLifter::BodyLifter(ModuleLifter &ML, const Function &PF, llvm::Function &F)
    : FunctionLifter(ML.Ctx, ML.Diags), ML(ML), PF(PF), F(F) {}

llvm::Module &BodyLifter::module() { return *ML.M; }

AllocaInst *BodyLifter::createAlloca(llvm::Type *T, uint64_t Align,
                                     const Twine &Name) {
  IRBuilder<> EB(Entry, Entry->begin());
  AllocaInst *A = EB.CreateAlloca(T, nullptr, Name);
  A->setAlignment(llvm::Align(std::max<uint64_t>(
      Align, ML.M->getDataLayout().getABITypeAlign(T).value())));
  return A;
}

Storage BodyLifter::instantiate(Scope &S, StringRef Name,
                                const VariableDecl &D) {
  Storage St;
  St.K = Storage::Kind::Register;
  St.Ty = typeOf(D.ElemType);
  St.PtxType = D.ElemType;
  if (D.VectorWidth) {
    // `.reg .v4 .f32 %v;` a vector register: an array of its elements.
    St.Ty = ArrayType::get(St.Ty, D.VectorWidth);
  }
  St.Ptr = createAlloca(St.Ty, 0, Name);
  S.Names[Name] = St;
  return St;
}

bool BodyLifter::declare(const VariableDecl &D) {
  Scope &S = Scopes.back();
  for (const Variable &V : D.Vars) {
    switch (D.Space) {
    case StateSpace::Reg:
      if (V.RangeCount) {
        S.Ranges[V.Name] = {&D, *V.RangeCount};
        continue;
      }
      if (!V.Dims.empty()) {
        Diags.error(V.Loc, "unsupported PTX variable: register arrays");
        return false;
      }
      instantiate(S, V.Name, D);
      break;
    case StateSpace::Local:
    case StateSpace::Param: {
      llvm::Type *T = ML.memoryType(D, V);
      Storage St;
      St.K = Storage::Kind::Memory;
      St.Ty = T;
      St.PtxType = D.ElemType;
      St.Ptr = createAlloca(T, ML.alignOf(D, T), V.Name);
      S.Names[V.Name] = St;
      break;
    }
    case StateSpace::Shared:
    case StateSpace::Global:
    case StateSpace::Const: {
      // A function-scope variable of a shared space: a module global with
      // a name private to the function.
      llvm::Type *T = ML.memoryType(D, V);
      Constant *Init = D.Space == StateSpace::Shared
                           ? static_cast<Constant *>(UndefValue::get(T))
                           : Constant::getNullValue(T);
      if (V.Init && D.Space != StateSpace::Shared) {
        Diags.error(V.Loc, "unsupported PTX variable: initialised "
                           "function-scope variables");
        return false;
      }
      auto *GV = new GlobalVariable(
          *ML.M, T, false, GlobalValue::InternalLinkage, Init,
          F.getName() + "." + V.Name, nullptr, GlobalValue::NotThreadLocal,
          addressSpaceOf(D.Space));
      GV->setAlignment(llvm::Align(ML.alignOf(D, T)));
      Storage St;
      St.K = Storage::Kind::Memory;
      St.Ptr = GV;
      St.Ty = T;
      St.PtxType = D.ElemType;
      S.Names[V.Name] = St;
      break;
    }
    default:
      Diags.error(D.getLoc(), "unsupported PTX variable: ." +
                                  stateSpaceName(D.Space).str() + " variables");
      return false;
    }
  }
  return true;
}

Storage BodyLifter::lookup(StringRef Name) {
  for (auto It = Scopes.rbegin(); It != Scopes.rend(); ++It) {
    auto Found = It->Names.find(Name);
    if (Found != It->Names.end())
      return Found->second;
    // `%r12` of `%r<13>`: the prefix and a decimal index without leading
    // zeros.
    size_t Digits = Name.size();
    while (Digits > 0 && isDigit(Name[Digits - 1]))
      --Digits;
    if (Digits == Name.size() || Digits == 0)
      continue;
    StringRef Prefix = Name.take_front(Digits);
    StringRef Index = Name.drop_front(Digits);
    if (Index.size() > 1 && Index.front() == '0')
      continue;
    auto R = It->Ranges.find(Prefix);
    unsigned N;
    if (R != It->Ranges.end() && !Index.getAsInteger(10, N) &&
        N < R->second.Count)
      return instantiate(*It, Name, *R->second.Decl);
  }
  auto G = ML.Globals.find(Name);
  if (G != ML.Globals.end())
    return G->second;
  return Storage();
}

void BodyLifter::collectLabels(const StatementList &Body) {
  for (const auto &S : Body) {
    if (const auto *L = dyn_cast<LabelStmt>(S.get()))
      Labels[L->Name] = BasicBlock::Create(context(), L->Name, &F);
    else if (const auto *Blk = dyn_cast<BlockStmt>(S.get()))
      collectLabels(Blk->Body);
  }
}

bool BodyLifter::lift() {
  Entry = BasicBlock::Create(context(), "entry", &F);
  auto [Line, Col] =
      ML.lineCol(PF.NameLoc.isValid() ? PF.NameLoc : PF.getLoc());
  (void)Col;
  SP = ML.DIB.createFunction(
      ML.CU, PF.Name, PF.Name, ML.File, Line,
      ML.DIB.createSubroutineType(ML.DIB.getOrCreateTypeArray({})), Line,
      DINode::FlagPrototyped, DISubprogram::SPFlagDefinition);
  F.setSubprogram(SP);

  Scopes.emplace_back();
  // Parameters: each gets storage (kernel byval arrays are their own
  // storage); ld.param reads it.
  B.SetInsertPoint(Entry);
  unsigned ArgNo = 0;
  for (const auto &P : PF.Params)
    for (const Variable &V : P->Vars) {
      Argument *A = F.getArg(ArgNo++);
      Storage St;
      St.PtxType = P->ElemType;
      if (PF.IsEntry && A->hasByValAttr()) {
        St.K = Storage::Kind::Memory;
        St.Ptr = A;
        St.Ty = A->getParamByValType();
      } else {
        bool IsReg = P->Space == StateSpace::Reg;
        St.K = IsReg ? Storage::Kind::Register : Storage::Kind::Memory;
        St.Ty = A->getType();
        St.Ptr = createAlloca(St.Ty, IsReg ? 0 : ML.alignOf(*P, St.Ty),
                              V.Name + ".addr");
        B.CreateStore(A, St.Ptr);
      }
      Scopes.back().Names[V.Name] = St;
    }
  for (const auto &R : PF.Returns)
    for (const Variable &V : R->Vars) {
      Storage St;
      bool IsReg = R->Space == StateSpace::Reg;
      St.K = IsReg ? Storage::Kind::Register : Storage::Kind::Memory;
      St.Ty = ML.memoryType(*R, V);
      St.PtxType = R->ElemType;
      St.Ptr = createAlloca(St.Ty, IsReg ? 0 : ML.alignOf(*R, St.Ty), V.Name);
      Scopes.back().Names[V.Name] = St;
      Returns.push_back(St);
    }
  collectLabels(PF.Body->Body);
  BasicBlock *Start = BasicBlock::Create(context(), "start", &F);
  B.CreateBr(Start);
  B.SetInsertPoint(Start);
  bool OK = liftStatements(PF.Body->Body);
  if (!OK)
    return false;
  if (!B.GetInsertBlock()->getTerminator()) {
    // Falling off the end returns.
    B.SetCurrentDebugLocation(
        DILocation::get(context(), ML.lineCol(PF.Body->EndLoc).first,
                        ML.lineCol(PF.Body->EndLoc).second, SP));
    Instruction Ret(PF.Body->EndLoc);
    Ret.Opcode = "ret";
    OK = liftReturn(Ret);
  }
  // Label blocks nothing branches to and that are empty still need an end.
  for (BasicBlock &BB : F)
    if (!BB.getTerminator()) {
      IRBuilder<> EB(&BB);
      EB.CreateUnreachable();
    }
  return OK;
}

bool BodyLifter::liftStatements(const StatementList &Body) {
  bool OK = true;
  for (const auto &S : Body) {
    if (Diags.tooManyErrors())
      return false;
    switch (S->getKind()) {
    case Statement::Kind::Variable:
      OK &= declare(*cast<VariableDecl>(S.get()));
      break;
    case Statement::Kind::Label: {
      BasicBlock *BB = Labels[cast<LabelStmt>(S.get())->Name];
      if (!B.GetInsertBlock()->getTerminator())
        B.CreateBr(BB);
      B.SetInsertPoint(BB);
      break;
    }
    case Statement::Kind::Block:
      Scopes.emplace_back();
      OK &= liftStatements(cast<BlockStmt>(S.get())->Body);
      Scopes.pop_back();
      break;
    case Statement::Kind::Instruction:
      OK &= liftInstruction(*cast<Instruction>(S.get()));
      break;
    case Statement::Kind::CallPrototype:
    case Statement::Kind::BranchTargets:
    case Statement::Kind::CallTargets:
      // Used by indirect branches and calls, which are rejected there.
    case Statement::Kind::Loc:
    case Statement::Kind::Pragma:
      break;
    case Statement::Kind::Function:
    case Statement::Kind::Alias:
      Diags.error(S->getLoc(), "unexpected statement in a function body");
      OK = false;
      break;
    }
  }
  return OK;
}

void BodyLifter::startDeadBlock() {
  B.SetInsertPoint(BasicBlock::Create(context(), "dead", &F));
}

bool BodyLifter::liftInstruction(const Instruction &I) {
  auto [Line, Col] = ML.lineCol(I.getLoc());
  B.SetCurrentDebugLocation(DILocation::get(context(), Line, Col, SP));
  StringRef Op = I.Opcode;
  if (Op == "bra")
    return liftBranch(I);

  // A guarded instruction runs in a block of its own.
  BasicBlock *Cont = nullptr;
  if (!I.GuardReg.empty()) {
    Storage G = lookup(I.GuardReg);
    if (G.K != Storage::Kind::Register || !G.Ty->isIntegerTy(1))
      return error(I, "guard '" + I.GuardReg + "' is not a predicate register");
    Value *P = B.CreateLoad(G.Ty, G.Ptr);
    if (I.GuardNegated)
      P = B.CreateNot(P);
    BasicBlock *Then = BasicBlock::Create(context(), "guarded", &F);
    Cont = BasicBlock::Create(context(), "after.guard", &F);
    B.CreateCondBr(P, Then, Cont);
    B.SetInsertPoint(Then);
  }
  bool OK;
  if (Op == "ret" || Op == "exit")
    OK = liftReturn(I);
  else if (Op == "call")
    OK = liftCall(I);
  else if (LiftHandler H = LiftTable::get().lookup(Op))
    OK = H(*this, I);
  else
    OK = unsupported(I);
  if (Cont) {
    if (!B.GetInsertBlock()->getTerminator())
      B.CreateBr(Cont);
    B.SetInsertPoint(Cont);
  } else if (B.GetInsertBlock()->getTerminator()) {
    startDeadBlock();
  }
  return OK;
}

bool BodyLifter::liftBranch(const Instruction &I) {
  if (I.Operands.size() != 1 || !I.Operands[0].isName() ||
      !Labels.count(I.Operands[0].Name))
    return unsupported(I, "only direct branches to labels are supported");
  BasicBlock *Target = Labels[I.Operands[0].Name];
  if (I.GuardReg.empty()) {
    B.CreateBr(Target);
  } else {
    Storage G = lookup(I.GuardReg);
    if (G.K != Storage::Kind::Register || !G.Ty->isIntegerTy(1))
      return error(I, "guard '" + I.GuardReg + "' is not a predicate register");
    Value *P = B.CreateLoad(G.Ty, G.Ptr);
    BasicBlock *Next = BasicBlock::Create(context(), "fallthrough", &F);
    if (I.GuardNegated)
      B.CreateCondBr(P, Next, Target);
    else
      B.CreateCondBr(P, Target, Next);
    B.SetInsertPoint(Next);
    return true;
  }
  startDeadBlock();
  return true;
}

bool BodyLifter::liftReturn(const Instruction &I) {
  if (I.Opcode == "exit" && !PF.IsEntry)
    return unsupported(I, "'exit' in a .func (it ends the thread) is not "
                          "supported; only kernels may exit");
  if (F.getReturnType()->isVoidTy()) {
    B.CreateRetVoid();
    return true;
  }
  std::vector<Value *> Values;
  for (const Storage &R : Returns)
    Values.push_back(B.CreateLoad(R.Ty, R.Ptr));
  if (Values.size() == 1) {
    B.CreateRet(Values.front());
    return true;
  }
  Value *Agg = UndefValue::get(F.getReturnType());
  for (unsigned N = 0; N < Values.size(); ++N)
    Agg = B.CreateInsertValue(Agg, Values[N], N);
  B.CreateRet(Agg);
  return true;
}

bool BodyLifter::liftCall(const Instruction &I) {
  const std::vector<Operand> &Ops = I.Operands;
  const Operand *RetList = nullptr, *Callee = nullptr, *ArgList = nullptr;
  unsigned N = 0;
  if (N < Ops.size() && Ops[N].K == Operand::Kind::List)
    RetList = &Ops[N++];
  if (N < Ops.size())
    Callee = &Ops[N++];
  if (N < Ops.size() && Ops[N].K == Operand::Kind::List)
    ArgList = &Ops[N++];
  if (!Callee || !Callee->isName())
    return unsupported(I, "indirect calls are not supported");
  Storage CS = lookup(Callee->Name);
  if (CS.K != Storage::Kind::Function)
    return unsupported(I, "indirect calls are not supported");
  llvm::Function *Target = CS.Fn;
  FunctionType *FT = Target->getFunctionType();
  FunctionCallee Call(FT, Target);
  std::vector<Value *> Args;
  unsigned NumArgs = ArgList ? ArgList->Elements.size() : 0;
  if (NumArgs != FT->getNumParams())
    return error(I, "'" + Callee->Name + "' takes " +
                        Twine(FT->getNumParams()) +
                        " arguments, but the "
                        "call passes " +
                        Twine(NumArgs));
  for (unsigned A = 0; A < NumArgs; ++A) {
    const Operand &Arg = ArgList->Elements[A];
    llvm::Type *PT = FT->getParamType(A);
    Value *V = nullptr;
    Storage S = Arg.isName() ? lookup(Arg.Name) : Storage();
    // Pointer parameters (the device runtime's) take PTX's 64-bit address.
    llvm::Type *LT = PT->isPointerTy() ? llvm::Type::getInt64Ty(context()) : PT;
    if (S.K == Storage::Kind::Memory && !isa<GlobalVariable>(S.Ptr)) {
      // A `.param` variable of the call sequence.
      if (LT->isArrayTy() || ML.M->getDataLayout().getTypeAllocSize(LT) <=
                                 ML.M->getDataLayout().getTypeAllocSize(S.Ty))
        V = B.CreateLoad(LT, B.CreateBitCast(S.Ptr, LT->getPointerTo()));
      else
        return error(I, "argument '" + Arg.Name +
                            "' is smaller than the "
                            "parameter of '" +
                            Callee->Name + "'");
    } else {
      if (LT->isArrayTy())
        return unsupported(I, "an aggregate argument must be a .param "
                              "variable");
      Type T = LT->isFloatTy()    ? Type::F32
               : LT->isDoubleTy() ? Type::F64
               : LT->isIntegerTy(1)
                   ? Type::Pred
                   : *parseType("b" + utostr(LT->getIntegerBitWidth()));
      V = readOperand(Arg, T, I);
      if (!V)
        return false;
    }
    if (PT->isPointerTy())
      V = B.CreateIntToPtr(V, PT);
    Args.push_back(V);
  }
  Value *Result = B.CreateCall(Call, Args);
  unsigned NumRets = RetList ? RetList->Elements.size() : 0;
  llvm::Type *RT = FT->getReturnType();
  unsigned Expected = RT->isVoidTy()     ? 0
                      : RT->isStructTy() ? RT->getStructNumElements()
                                         : 1;
  if (NumRets != Expected)
    return error(I, "'" + Callee->Name + "' returns " + Twine(Expected) +
                        " values, but the call expects " + Twine(NumRets));
  for (unsigned R = 0; R < NumRets; ++R) {
    Value *V = RT->isStructTy() ? B.CreateExtractValue(Result, R) : Result;
    if (V->getType()->isPointerTy())
      V = B.CreatePtrToInt(V, B.getInt64Ty());
    const Operand &Dest = RetList->Elements[R];
    Storage S = Dest.isName() ? lookup(Dest.Name) : Storage();
    if (S.K == Storage::Kind::Memory) {
      B.CreateStore(V, B.CreateBitCast(S.Ptr, V->getType()->getPointerTo()));
    } else if (S.K == Storage::Kind::Register) {
      B.CreateStore(convert(V, S.Ty, false), S.Ptr);
    } else {
      return error(I, "the call's result must go to a register or a .param "
                      "variable");
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Operands
//===----------------------------------------------------------------------===//

Value *BodyLifter::convert(Value *V, llvm::Type *To, bool Signed) {
  llvm::Type *From = V->getType();
  if (From == To)
    return V;
  const DataLayout &DL = ML.M->getDataLayout();
  unsigned FB = DL.getTypeSizeInBits(From), TB = DL.getTypeSizeInBits(To);
  if (FB == TB)
    return B.CreateBitCast(V, To);
  // Through integers of the two sizes.
  Value *I = From->isIntegerTy() ? V : B.CreateBitCast(V, B.getIntNTy(FB));
  I = TB < FB  ? B.CreateTrunc(I, B.getIntNTy(TB))
      : Signed ? B.CreateSExt(I, B.getIntNTy(TB))
               : B.CreateZExt(I, B.getIntNTy(TB));
  return To->isIntegerTy() ? I : B.CreateBitCast(I, To);
}

Value *BodyLifter::specialRegister(const Operand &Op, const Instruction &I) {
  StringRef Name = StringRef(Op.Name).drop_front(); // without %
  if (Op.Name == "WARP_SZ")
    return B.getInt32(32);
  auto SR = lookupSpecialRegister(Op.Name);
  if (!SR) {
    error(I, "unknown special register '" + Op.Name + "'");
    return nullptr;
  }
  if (Name.startswith("reserved_smem_offset_")) {
    // Shared memory the driver reserves for its own use in each block
    // (NVIDIA's cooperative groups keep multi-warp tile scratch there):
    // here a 1 KiB block of the kernel's shared memory, created on first
    // use, with two 512-byte slots for %reserved_smem_offset_0 and _1.
    StringRef Which = Name.drop_front(strlen("reserved_smem_offset_"));
    uint64_t Offset = Which == "1" ? 512 : Which == "end" ? 1024 : 0;
    if (Which == "cap")
      return B.getInt32(1024);
    GlobalVariable *GV = ML.M->getGlobalVariable("__cumetal_reserved_smem",
                                                 /*AllowInternal=*/true);
    if (!GV) {
      auto *T = ArrayType::get(B.getInt8Ty(), 1024);
      GV = new GlobalVariable(*ML.M, T, false, GlobalValue::InternalLinkage,
                              UndefValue::get(T), "__cumetal_reserved_smem",
                              nullptr, GlobalValue::NotThreadLocal, 3);
      GV->setAlignment(llvm::Align(16));
    }
    Value *P = B.CreateConstGEP2_64(GV->getValueType(), GV, 0, Offset);
    return B.CreatePtrToInt(P, B.getInt32Ty());
  }
  static const char *const Supported[] = {
      "tid",         "ntid",        "ctaid",       "nctaid",      "laneid",
      "warpid",      "nwarpid",     "lanemask_eq", "lanemask_le", "lanemask_lt",
      "lanemask_ge", "lanemask_gt", "clock",       "clock64",     "globaltimer",
      "smid",        "nsmid",       "gridid"};
  if (!is_contained(Supported, Name)) {
    unsupported(I, "special register '" + Op.Name + "' is not supported");
    return nullptr;
  }
  std::string Intrinsic = "llvm.nvvm.read.ptx.sreg." + Name.str();
  // %lanemask_lt is llvm.nvvm.read.ptx.sreg.lanemask.lt.
  if (Name.startswith("lanemask_"))
    Intrinsic = "llvm.nvvm.read.ptx.sreg.lanemask." + Name.substr(9).str();
  if (SR->HasComponents) {
    if (Op.Selector != "x" && Op.Selector != "y" && Op.Selector != "z") {
      unsupported(I, "component '." + Op.Selector + "' of '" + Op.Name + "'");
      return nullptr;
    }
    Intrinsic += "." + Op.Selector;
  }
  llvm::Type *T = typeBits(SR->T) == 64 ? B.getInt64Ty() : B.getInt32Ty();
  return B.CreateCall(function(Intrinsic, FunctionType::get(T, false)));
}

Value *BodyLifter::addressOfName(const Operand &Op, const Instruction &I,
                                 Type T) {
  Storage S = lookup(Op.Name);
  if (S.K != Storage::Kind::Memory) {
    unsupported(I, S.K == Storage::Kind::Function
                       ? "the address of a function (function pointers)"
                       : "'" + Op.Name + "' has no address");
    return nullptr;
  }
  Value *P = B.CreateBitCast(
      S.Ptr, B.getInt8PtrTy(S.Ptr->getType()->getPointerAddressSpace()));
  if (Op.IntValue)
    P = B.CreateConstGEP1_64(B.getInt8Ty(), P, Op.IntValue);
  return B.CreatePtrToInt(P, typeOf(T)->isIntegerTy() ? typeOf(T)
                                                      : B.getInt64Ty());
}

Value *BodyLifter::readOperand(const Operand &Op, Type T,
                               const Instruction &I) {
  llvm::Type *Want = typeOf(T);
  switch (Op.K) {
  case Operand::Kind::Name: {
    // A variable's name is its address (`mov.u64 %rd1, sym`).
    Storage S = lookup(Op.Name);
    if (Op.Ref == RefKind::Variable || S.K == Storage::Kind::Memory) {
      Value *V =
          addressOfName(Op, I, typeBits(T) == 32 ? Type::U32 : Type::U64);
      return V ? convert(V, Want, false) : nullptr;
    }
    if (S.K != Storage::Kind::Register) {
      error(I, "'" + Op.Name + "' is not a register");
      return nullptr;
    }
    if (S.Ty->isArrayTy()) {
      unsupported(I, "vector registers are not supported");
      return nullptr;
    }
    Value *V = B.CreateLoad(S.Ty, S.Ptr, Op.Name);
    if (Op.Not) {
      if (!S.Ty->isIntegerTy(1)) {
        error(I, "'!' needs a predicate");
        return nullptr;
      }
      V = B.CreateNot(V);
    }
    if (!Op.Selector.empty()) {
      unsupported(I, "selector '." + Op.Selector + "' on a register");
      return nullptr;
    }
    if (Want->isIntegerTy(1) != S.Ty->isIntegerTy(1)) {
      error(I, "'" + Op.Name + "' and the instruction type ." +
                   typeName(T).str() + " disagree on being a predicate");
      return nullptr;
    }
    return convert(V, Want, isSigned(S.PtxType));
  }
  case Operand::Kind::SpecialRegister: {
    Value *V = specialRegister(Op, I);
    return V ? convert(V, Want, false) : nullptr;
  }
  case Operand::Kind::IntImm: {
    if (Want->isFloatingPointTy()) {
      // An integer literal where a float is expected: its value.
      return isSigned(T) || !Op.IsUnsigned
                 ? ConstantFP::get(Want, static_cast<double>(Op.offset()))
                 : ConstantFP::get(Want, static_cast<double>(Op.IntValue));
    }
    if (Want->isIntegerTy(1))
      return B.getInt1(Op.IntValue != 0);
    return ConstantInt::get(Want, Op.IntValue);
  }
  case Operand::Kind::FloatImm: {
    APFloat V = Op.IsF32
                    ? APFloat(APFloat::IEEEsingle(), APInt(32, Op.FloatBits))
                    : APFloat(APFloat::IEEEdouble(), APInt(64, Op.FloatBits));
    bool LosesInfo;
    if (Want->isFloatingPointTy()) {
      V.convert(Want->getFltSemantics(), APFloat::rmNearestTiesToEven,
                &LosesInfo);
      return ConstantFP::get(context(), V);
    }
    // A float literal for a bit-size or half-precision operand: its bits
    // in the operand's format.
    unsigned Bits = Want->getIntegerBitWidth();
    const fltSemantics &Sem = T == Type::BF16 ? APFloat::BFloat()
                              : Bits == 16    ? APFloat::IEEEhalf()
                              : Bits == 32    ? APFloat::IEEEsingle()
                                              : APFloat::IEEEdouble();
    if (Bits != 16 && Bits != 32 && Bits != 64) {
      error(I,
            "a floating-point literal for a " + Twine(Bits) + "-bit operand");
      return nullptr;
    }
    if (Op.IsF32 && Bits == 32)
      return B.getInt32(static_cast<uint32_t>(Op.FloatBits));
    if (!Op.IsF32 && Bits == 64)
      return B.getInt64(Op.FloatBits);
    V.convert(Sem, APFloat::rmNearestTiesToEven, &LosesInfo);
    return ConstantInt::get(context(), V.bitcastToAPInt());
  }
  case Operand::Kind::Sink:
    return UndefValue::get(Want);
  default:
    error(I, "this operand cannot be read as a value");
    return nullptr;
  }
}

Value *BodyLifter::read(const Instruction &I, unsigned Index, Type T) {
  if (Index >= I.Operands.size()) {
    error(I, "missing operand " + Twine(Index + 1));
    return nullptr;
  }
  return readOperand(I.Operands[Index], T, I);
}

std::vector<Value *> BodyLifter::readVector(const Instruction &I,
                                            unsigned Index, Type T) {
  std::vector<Value *> Out;
  if (Index >= I.Operands.size() ||
      I.Operands[Index].K != Operand::Kind::Vector) {
    error(I, "operand " + Twine(Index + 1) + " must be a vector");
    return {};
  }
  for (const Operand &E : I.Operands[Index].Elements) {
    Value *V = readOperand(E, T, I);
    if (!V)
      return {};
    Out.push_back(V);
  }
  return Out;
}

bool BodyLifter::storeTo(const Operand &Op, Value *V, Type T,
                         const Instruction &I) {
  if (Op.K == Operand::Kind::Sink)
    return true;
  if (Op.K != Operand::Kind::Name) {
    return error(I, "the destination must be a register");
  }
  Storage S = lookup(Op.Name);
  if (S.K != Storage::Kind::Register)
    return error(I, "the destination '" + Op.Name + "' is not a register");
  if (S.Ty->isArrayTy())
    return unsupported(I, "vector registers are not supported");
  if (S.Ty->isIntegerTy(1) != V->getType()->isIntegerTy(1))
    return error(I, "'" + Op.Name + "' and the instruction type ." +
                        typeName(T).str() + " disagree on being a predicate");
  B.CreateStore(convert(V, S.Ty, isSigned(T)), S.Ptr);
  return true;
}

bool BodyLifter::write(const Instruction &I, unsigned Index, Value *V, Type T,
                       bool Second) {
  if (Index >= I.Operands.size())
    return error(I, "missing operand " + Twine(Index + 1));
  const Operand &Op = I.Operands[Index];
  if (Op.K == Operand::Kind::PredPair) {
    Operand Half;
    Half.K = Operand::Kind::Name;
    Half.Name = Second ? Op.Name2 : Op.Name;
    if (Half.Name == "_")
      return true;
    return storeTo(Half, V, T, I);
  }
  if (Second)
    return true; // no second destination: the value is not wanted
  return storeTo(Op, V, T, I);
}

bool BodyLifter::writeVector(const Instruction &I, unsigned Index,
                             ArrayRef<Value *> Elements, Type T) {
  if (Index >= I.Operands.size() ||
      I.Operands[Index].K != Operand::Kind::Vector)
    return error(I, "operand " + Twine(Index + 1) + " must be a vector");
  const auto &Es = I.Operands[Index].Elements;
  if (Es.size() != Elements.size())
    return error(I, "vector operand has " + Twine(Es.size()) +
                        " elements, expected " + Twine(Elements.size()));
  for (unsigned N = 0; N < Es.size(); ++N)
    if (!storeTo(Es[N], Elements[N], T, I))
      return false;
  return true;
}

Value *BodyLifter::address(const Instruction &I, unsigned Index, StateSpace S,
                           llvm::Type *ElemTy) {
  if (Index >= I.Operands.size() ||
      I.Operands[Index].K != Operand::Kind::Address) {
    error(I, "operand " + Twine(Index + 1) + " must be an address");
    return nullptr;
  }
  const Operand &Op = I.Operands[Index];
  unsigned AS = addressSpaceOf(S);
  llvm::Type *PT = ElemTy->getPointerTo(AS);
  if (!Op.Elements.empty() || Op.ArrayIndex) {
    unsupported(I, "this form of address");
    return nullptr;
  }
  if (Op.Name.empty()) {
    unsupported(I, "absolute addresses");
    return nullptr;
  }
  Storage St = lookup(Op.Name);
  if (St.K == Storage::Kind::Memory) {
    Value *P = St.Ptr;
    unsigned VarAS = P->getType()->getPointerAddressSpace();
    P = B.CreateBitCast(P, B.getInt8PtrTy(VarAS));
    if (Op.offset())
      P = B.CreateConstGEP1_64(B.getInt8Ty(), P, Op.offset());
    if (VarAS != AS) {
      if (VarAS != 0 && AS != 0) {
        unsupported(I, "'" + Op.Name + "' is not in the ." +
                           stateSpaceName(S).str() + " state space");
        return nullptr;
      }
      P = B.CreateAddrSpaceCast(P, B.getInt8PtrTy(AS));
    }
    return B.CreateBitCast(P, PT);
  }
  if (St.K != Storage::Kind::Register) {
    error(I, "'" + Op.Name + "' is not an address");
    return nullptr;
  }
  // An integer address: recovered as a pointer by RecoverPointers.
  Type AT = St.Ty->isIntegerTy(32) ? Type::U32 : Type::U64;
  Operand Base;
  Base.K = Operand::Kind::Name;
  Base.Name = Op.Name;
  Base.Ref = RefKind::Register;
  Value *V = readOperand(Base, AT, I);
  if (!V)
    return nullptr;
  if (Op.offset())
    V = B.CreateAdd(V, ConstantInt::get(V->getType(), Op.IntValue));
  return B.CreateIntToPtr(V, PT);
}

} // namespace

std::unique_ptr<llvm::Module> liftModule(const Module &M, LLVMContext &Ctx,
                                         Diagnostics &Diags,
                                         const LiftOptions &Opts) {
  ModuleLifter ML(M, Ctx, Diags);
  return ML.lift(Opts);
}

} // namespace ptx
} // namespace cumetal

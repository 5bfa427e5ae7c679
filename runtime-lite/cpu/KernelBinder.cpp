//===- KernelBinder.cpp - Metal's argument binding for a kernel -----------===//
//
// Argument nodes are `!{i32 P, !"<kind>", key/value operands...}`. Buffers
// carry `air.location_index, i32 L, i32 1`, `air.address_space, i32 AS`,
// optionally `air.buffer_size, i32 N` and `air.arg_unused`; builtins are
// named by the kind itself. Builtins may be declared uint/ushort scalars or
// 2-/3-vectors; the wrapper loads the context's 32-bit components and
// narrows or truncates them to the declared type. The group and region
// wrappers share the loops over a threadgroup's threads (emitThreadLoops),
// which compute each thread's inputs from the loop indices; a region
// wrapper reduces what its threads return with AND and OR, which the
// vectorizer handles wherever it can vectorize the loop.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/KernelBinder.h"

#include "runtime-lite/cpu/BarrierRegions.h"
#include "runtime-lite/cpu/ThreadContext.h"
#include "runtime-lite/device/Device.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

#include <climits>
#include <optional>

using namespace llvm;

namespace cumetal::cpu {

namespace {

Error bindingError(const Function &K, const Twine &Msg) {
  return createStringError(std::make_error_code(std::errc::invalid_argument),
                           "kernel '" + K.getName() + "': " + Msg);
}

struct BuiltinField {
  bool Vector;
  unsigned Field;
};

std::optional<BuiltinField> builtinField(StringRef Name) {
  using R = std::optional<BuiltinField>;
  auto V = [](VectorInput I) { return R(BuiltinField{true, I}); };
  auto S = [](ScalarInput I) { return R(BuiltinField{false, I}); };
  return StringSwitch<R>(Name)
      .Case("air.thread_position_in_grid", V(ThreadPositionInGrid))
      .Case("air.thread_position_in_threadgroup",
            V(ThreadPositionInThreadgroup))
      .Case("air.threadgroup_position_in_grid", V(ThreadgroupPositionInGrid))
      .Case("air.threads_per_threadgroup", V(ThreadsPerThreadgroup))
      .Case("air.dispatch_threads_per_threadgroup", V(ThreadsPerThreadgroup))
      .Case("air.threadgroups_per_grid", V(ThreadgroupsPerGrid))
      .Case("air.threads_per_grid", V(ThreadsPerGrid))
      .Case("air.grid_size", V(ThreadsPerGrid))
      .Case("air.grid_origin", V(GridOrigin))
      .Case("air.thread_index_in_threadgroup", S(ThreadIndexInThreadgroup))
      .Case("air.thread_index_in_simdgroup", S(ThreadIndexInSimdgroup))
      .Case("air.simdgroup_index_in_threadgroup",
            S(SimdgroupIndexInThreadgroup))
      .Case("air.threads_per_simdgroup", S(ThreadsPerSimdgroup))
      .Case("air.thread_execution_width", S(ThreadsPerSimdgroup))
      .Case("air.simdgroups_per_threadgroup", S(SimdgroupsPerThreadgroup))
      .Case("air.dispatch_simdgroups_per_threadgroup",
            S(SimdgroupsPerThreadgroup))
      .Case("air.thread_index_in_quadgroup", S(ThreadIndexInQuadgroup))
      .Case("air.quadgroup_index_in_threadgroup",
            S(QuadgroupIndexInThreadgroup))
      .Case("air.quadgroups_per_threadgroup", S(QuadgroupsPerThreadgroup))
      .Case("air.dispatch_quadgroups_per_threadgroup",
            S(QuadgroupsPerThreadgroup))
      .Default(std::nullopt);
}

const MDNode *kernelNode(const Function &K) {
  const NamedMDNode *Kernels = K.getParent()->getNamedMetadata("air.kernel");
  if (!Kernels)
    return nullptr;
  for (const MDNode *N : Kernels->operands())
    if (N->getNumOperands() >= 3)
      if (mdconst::dyn_extract_or_null<Function>(N->getOperand(0)) == &K)
        return N;
  return nullptr;
}

std::optional<int64_t> intOperand(const MDNode *N, unsigned I) {
  if (I >= N->getNumOperands())
    return std::nullopt;
  if (auto *C = mdconst::dyn_extract_or_null<ConstantInt>(N->getOperand(I)))
    return C->getSExtValue();
  return std::nullopt;
}

StringRef stringOperand(const MDNode *N, unsigned I) {
  if (I >= N->getNumOperands())
    return {};
  if (auto *S = dyn_cast_or_null<MDString>(N->getOperand(I)))
    return S->getString();
  return {};
}

bool isBuiltinType(Type *T) {
  if (auto *VT = dyn_cast<FixedVectorType>(T))
    return (VT->getNumElements() == 2 || VT->getNumElements() == 3) &&
           (VT->getElementType()->isIntegerTy(32) ||
            VT->getElementType()->isIntegerTy(16));
  return T->isIntegerTy(32) || T->isIntegerTy(16);
}

} // namespace

Expected<BindingPlan> readBindingPlan(const Function &K) {
  const MDNode *Node = kernelNode(K);
  if (!Node)
    return bindingError(K, "no !air.kernel node names it");
  auto *Args = dyn_cast_or_null<MDNode>(Node->getOperand(2));
  if (!Args)
    return bindingError(K, "its !air.kernel node has no argument list");
  BindingPlan Plan;
  Plan.Args.resize(K.arg_size());
  std::vector<bool> Seen(K.arg_size());
  for (const MDOperand &Op : Args->operands()) {
    auto *A = dyn_cast_or_null<MDNode>(Op.get());
    if (!A)
      return bindingError(K, "an argument node is not a node");
    std::optional<int64_t> P = intOperand(A, 0);
    StringRef Kind = stringOperand(A, 1);
    if (!P || *P < 0 || uint64_t(*P) >= K.arg_size() || Kind.empty())
      return bindingError(K, "malformed argument node");
    if (Seen[*P])
      return bindingError(K,
                          "parameter " + Twine(*P) + " has two argument nodes");
    Seen[*P] = true;
    ArgBinding &B = Plan.Args[*P];
    B.Param = unsigned(*P);
    Type *T = K.getArg(B.Param)->getType();
    if (Kind == "air.buffer") {
      std::optional<int64_t> Location, AS, Size;
      for (unsigned I = 2; I < A->getNumOperands(); ++I) {
        StringRef Key = stringOperand(A, I);
        if (Key == "air.location_index")
          Location = intOperand(A, I + 1);
        else if (Key == "air.address_space")
          AS = intOperand(A, I + 1);
        else if (Key == "air.buffer_size")
          Size = intOperand(A, I + 1);
        else if (Key == "air.arg_unused")
          B.Unused = true;
      }
      auto *PT = dyn_cast<PointerType>(T);
      if (!PT)
        return bindingError(K, "buffer parameter " + Twine(B.Param) +
                                   " is not a pointer");
      if (!AS) // 2018-era AIR leaves it out: take the pointer's
        AS = PT->getAddressSpace();
      if (!Location || *Location < 0)
        return bindingError(K, "buffer parameter " + Twine(B.Param) +
                                   " has no air.location_index");
      B.AddressSpace = unsigned(*AS);
      B.Location = unsigned(*Location);
      B.MinLength = Size && *Size > 0 ? uint64_t(*Size) : 0;
      if (B.AddressSpace == 1 || B.AddressSpace == 2) {
        B.K = ArgBinding::Kind::Buffer;
        if (B.Location >= device::kMaxBuffers)
          return bindingError(K, "buffer index " + Twine(B.Location) +
                                     " is above the limit");
      } else if (B.AddressSpace == 3) {
        B.K = ArgBinding::Kind::ThreadgroupBuffer;
        if (B.Location >= device::kMaxThreadgroupBindings)
          return bindingError(K, "threadgroup index " + Twine(B.Location) +
                                     " is above the limit");
      } else {
        return bindingError(K, "buffer parameter " + Twine(B.Param) +
                                   " is in address space " + Twine(*AS));
      }
      continue;
    }
    std::optional<BuiltinField> F = builtinField(Kind);
    if (!F)
      return bindingError(K, "parameter " + Twine(B.Param) + " is '" + Kind +
                                 "', which the cpu backend does not bind");
    if (!isBuiltinType(T))
      return bindingError(K, "builtin '" + Kind + "' has an unsupported type");
    if (!F->Vector && T->isVectorTy())
      return bindingError(K, "builtin '" + Kind + "' is not a vector");
    B.K = ArgBinding::Kind::Builtin;
    B.Builtin = Kind.str();
    B.VectorInput = F->Vector;
    B.Field = F->Field;
  }
  for (unsigned I = 0; I < Seen.size(); ++I)
    if (!Seen[I])
      return bindingError(K, "parameter " + Twine(I) + " has no argument node");
  return Plan;
}

namespace {

/// Builds the body of a wrapper `void (i8* ctx)` around kernel K.
class WrapperBuilder {
public:
  WrapperBuilder(Function &K, Function &W)
      : K(K), C(K.getContext()), B(BasicBlock::Create(C, "entry", &W)),
        Ctx(W.getArg(0)), I8(Type::getInt8Ty(C)),
        I8Ptr(PointerType::getUnqual(I8)), I32(Type::getInt32Ty(C)),
        Vec4(FixedVectorType::get(I32, 4)) {}

  IRBuilder<> &builder() { return B; }

  Value *fieldPtr(size_t Offset, Type *T) {
    Value *P = B.CreateConstInBoundsGEP1_64(I8, Ctx, Offset);
    return B.CreateBitCast(P, PointerType::getUnqual(T));
  }
  Value *vectorInput(VectorInput I) {
    return B.CreateAlignedLoad(Vec4, fieldPtr(vectorInputOffset(I), Vec4),
                               Align(4));
  }
  Value *scalarInput(ScalarInput I) {
    return B.CreateAlignedLoad(I32, fieldPtr(scalarInputOffset(I), I32),
                               Align(4));
  }

  /// Loads the buffer arguments (once) into Args, leaving builtins null.
  void loadBuffers(const BindingPlan &Plan, SmallVectorImpl<Value *> &Args) {
    Value *Tables[2] = {nullptr, nullptr}; // buffers, threadgroup buffers
    for (const ArgBinding &A : Plan.Args) {
      if (A.K == ArgBinding::Kind::Builtin) {
        Args.push_back(nullptr);
        continue;
      }
      bool TG = A.K == ArgBinding::Kind::ThreadgroupBuffer;
      Value *&Table = Tables[TG];
      if (!Table) {
        Type *TableTy = PointerType::getUnqual(I8Ptr);
        Table = B.CreateAlignedLoad(
            TableTy,
            fieldPtr(TG ? kThreadgroupBuffersOffset : kBuffersOffset, TableTy),
            Align(8));
      }
      Value *Slot = B.CreateConstInBoundsGEP1_64(I8Ptr, Table, A.Location);
      Value *P = B.CreateAlignedLoad(I8Ptr, Slot, Align(8));
      Args.push_back(B.CreatePointerBitCastOrAddrSpaceCast(
          P, K.getArg(A.Param)->getType()));
    }
  }

  /// A builtin of IR type T from its (up to) three i32 components.
  Value *shape(Type *T, Value *X, Value *Y, Value *Z) {
    auto *VT = dyn_cast<FixedVectorType>(T);
    if (!VT)
      return B.CreateTrunc(X, T);
    Value *V = UndefValue::get(FixedVectorType::get(I32, VT->getNumElements()));
    Value *Parts[3] = {X, Y, Z};
    for (unsigned I = 0; I < VT->getNumElements(); ++I)
      V = B.CreateInsertElement(V, Parts[I], uint64_t(I));
    return B.CreateTrunc(V, T);
  }
  Value *shapeVector(Type *T, Value *V4) {
    return shape(T, B.CreateExtractElement(V4, uint64_t(0)),
                 B.CreateExtractElement(V4, uint64_t(1)),
                 B.CreateExtractElement(V4, uint64_t(2)));
  }

  Value *callKernel(ArrayRef<Value *> Args) {
    return B.CreateCall(K.getFunctionType(), &K, Args);
  }

  Function &K;
  LLVMContext &C;
  IRBuilder<> B;
  Value *Ctx;
  Type *I8, *I8Ptr, *I32;
  FixedVectorType *Vec4;
};

Expected<Function *> createWrapper(Function &K, StringRef Name,
                                   ArrayRef<Type *> Extra = {}) {
  LLVMContext &C = K.getContext();
  if (!K.getReturnType()->isVoidTy())
    return createStringError(std::make_error_code(std::errc::invalid_argument),
                             "kernel '" + K.getName() +
                                 "' does not return void");
  SmallVector<Type *, 4> Params{PointerType::getUnqual(Type::getInt8Ty(C))};
  Params.append(Extra.begin(), Extra.end());
  auto *FT = FunctionType::get(Type::getVoidTy(C), Params, false);
  Function *W =
      Function::Create(FT, GlobalValue::ExternalLinkage, Name, K.getParent());
  W->addFnAttr(Attribute::NoUnwind);
  for (unsigned I = 0; I < Params.size(); ++I)
    if (Params[I]->isPointerTy())
      W->addParamAttr(I, Attribute::NoAlias);
  return W;
}

/// What the threads of a threadgroup share, loaded once by a wrapper that
/// loops over them.
struct GroupInputs {
  Value *Block[3];               ///< threads per threadgroup, x y z (i32)
  Value *Base[3];                ///< threadgroup position * threads per group
  SmallVector<Value *, 16> Args; ///< buffers and uniform builtins, else null
};

GroupInputs loadGroupInputs(WrapperBuilder &WB, const BindingPlan &Plan) {
  IRBuilder<> &B = WB.builder();
  GroupInputs G;
  WB.loadBuffers(Plan, G.Args);
  Value *Group = WB.vectorInput(ThreadgroupPositionInGrid);
  Value *Block = WB.vectorInput(ThreadsPerThreadgroup);
  const char *Names[] = {"bx", "by", "bz"};
  for (unsigned D = 0; D < 3; ++D) {
    G.Block[D] = B.CreateExtractElement(Block, uint64_t(D), Names[D]);
    G.Base[D] =
        B.CreateMul(B.CreateExtractElement(Group, uint64_t(D)), G.Block[D]);
  }
  for (const ArgBinding &A : Plan.Args) {
    if (A.K != ArgBinding::Kind::Builtin)
      continue;
    Type *T = WB.K.getArg(A.Param)->getType();
    if (A.VectorInput && A.Field != ThreadPositionInGrid &&
        A.Field != ThreadPositionInThreadgroup)
      G.Args[A.Param] = WB.shapeVector(T, WB.vectorInput(VectorInput(A.Field)));
    else if (!A.VectorInput && (A.Field == ThreadsPerSimdgroup ||
                                A.Field == SimdgroupsPerThreadgroup ||
                                A.Field == QuadgroupsPerThreadgroup))
      G.Args[A.Param] =
          WB.shape(T, WB.scalarInput(ScalarInput(A.Field)), nullptr, nullptr);
  }
  return G;
}

/// The body of one thread: gets the thread's linear index (i64) and the
/// kernel's arguments; may add blocks, and leaves the builder where the
/// thread is done.
using ThreadBody = function_ref<void(Value *Linear, ArrayRef<Value *> Args)>;

/// From the builder's position: for z, for y, for x (x fastest), Body with
/// the thread's inputs computed from the loop indices. Leaves the builder
/// in the block after the loops.
void emitThreadLoops(WrapperBuilder &WB, const BindingPlan &Plan,
                     const GroupInputs &G, ThreadBody Body,
                     MDNode *LoopID = nullptr) {
  IRBuilder<> &B = WB.builder();
  LLVMContext &C = WB.C;
  Type *I32 = WB.I32;
  Type *I64 = B.getInt64Ty();
  Value *BX = G.Block[0], *BY = G.Block[1], *BZ = G.Block[2];
  Function *F = B.GetInsertBlock()->getParent();
  BasicBlock *Pre = B.GetInsertBlock();
  auto *ZLoop = BasicBlock::Create(C, "z", F);
  auto *YLoop = BasicBlock::Create(C, "y", F);
  auto *XLoop = BasicBlock::Create(C, "x", F);
  auto *YLatch = BasicBlock::Create(C, "y.latch", F);
  auto *ZLatch = BasicBlock::Create(C, "z.latch", F);
  auto *Exit = BasicBlock::Create(C, "threads.done", F);
  B.CreateBr(ZLoop);

  B.SetInsertPoint(ZLoop);
  PHINode *Z = B.CreatePHI(I32, 2, "tz");
  Z->addIncoming(B.getInt32(0), Pre);
  B.CreateBr(YLoop);

  B.SetInsertPoint(YLoop);
  PHINode *Y = B.CreatePHI(I32, 2, "ty");
  Y->addIncoming(B.getInt32(0), ZLoop);
  Value *Row =
      B.CreateNUWMul(B.CreateNUWAdd(B.CreateNUWMul(Z, BY), Y), BX, "row");
  Value *Row64 = B.CreateZExt(Row, I64);
  B.CreateBr(XLoop);

  B.SetInsertPoint(XLoop);
  PHINode *X = B.CreatePHI(I32, 2, "tx");
  X->addIncoming(B.getInt32(0), YLoop);
  Value *Linear = B.CreateNUWAdd(Row, X, "linear");
  Value *Linear64 = B.CreateNUWAdd(Row64, B.CreateZExt(X, I64), "linear64");
  Value *Tid[3] = {X, Y, Z};
  SmallVector<Value *, 16> Args(G.Args.begin(), G.Args.end());
  for (const ArgBinding &A : Plan.Args) {
    if (A.K != ArgBinding::Kind::Builtin || G.Args[A.Param])
      continue;
    Type *T = WB.K.getArg(A.Param)->getType();
    Value *&V = Args[A.Param];
    if (A.VectorInput && A.Field == ThreadPositionInThreadgroup) {
      V = WB.shape(T, X, Y, Z);
      continue;
    }
    if (A.VectorInput) { // ThreadPositionInGrid
      Value *Pos[3];
      for (unsigned D = 0; D < 3; ++D)
        Pos[D] = B.CreateAdd(G.Base[D], Tid[D]);
      V = WB.shape(T, Pos[0], Pos[1], Pos[2]);
      continue;
    }
    Value *S = nullptr;
    switch (ScalarInput(A.Field)) {
    case ThreadIndexInThreadgroup:
      S = Linear;
      break;
    case ThreadIndexInSimdgroup:
      S = B.CreateAnd(Linear, kSimdWidth - 1);
      break;
    case SimdgroupIndexInThreadgroup:
      S = B.CreateLShr(Linear, 5);
      break;
    case ThreadIndexInQuadgroup:
      S = B.CreateAnd(Linear, 3);
      break;
    case QuadgroupIndexInThreadgroup:
      S = B.CreateLShr(Linear, 2);
      break;
    default:
      S = WB.scalarInput(ScalarInput(A.Field));
      break;
    }
    V = WB.shape(T, S, nullptr, nullptr);
  }
  Body(Linear64, Args);
  BasicBlock *XEnd = B.GetInsertBlock();
  Value *NextX = B.CreateNUWAdd(X, B.getInt32(1));
  X->addIncoming(NextX, XEnd);
  BranchInst *XLatch =
      B.CreateCondBr(B.CreateICmpULT(NextX, BX), XLoop, YLatch);
  if (LoopID)
    XLatch->setMetadata(LLVMContext::MD_loop, LoopID);

  B.SetInsertPoint(YLatch);
  Value *NextY = B.CreateNUWAdd(Y, B.getInt32(1));
  Y->addIncoming(NextY, YLatch);
  B.CreateCondBr(B.CreateICmpULT(NextY, BY), YLoop, ZLatch);

  B.SetInsertPoint(ZLatch);
  Value *NextZ = B.CreateNUWAdd(Z, B.getInt32(1));
  Z->addIncoming(NextZ, ZLatch);
  B.CreateCondBr(B.CreateICmpULT(NextZ, BZ), ZLoop, Exit);

  B.SetInsertPoint(Exit);
}

} // namespace

Expected<Function *> emitEntryWrapper(Function &K, const BindingPlan &Plan,
                                      StringRef WrapperName) {
  auto W = createWrapper(K, WrapperName);
  if (!W)
    return W.takeError();
  WrapperBuilder WB(K, **W);
  SmallVector<Value *, 16> Args;
  WB.loadBuffers(Plan, Args);
  for (const ArgBinding &A : Plan.Args) {
    if (A.K != ArgBinding::Kind::Builtin)
      continue;
    Type *T = K.getArg(A.Param)->getType();
    Args[A.Param] =
        A.VectorInput ? WB.shapeVector(T, WB.vectorInput(VectorInput(A.Field)))
                      : WB.shape(T, WB.scalarInput(ScalarInput(A.Field)),
                                 nullptr, nullptr);
  }
  WB.callKernel(Args);
  WB.builder().CreateRetVoid();
  return *W;
}

Expected<Function *> emitGroupWrapper(Function &K, const BindingPlan &Plan,
                                      StringRef WrapperName) {
  auto W = createWrapper(K, WrapperName);
  if (!W)
    return W.takeError();
  WrapperBuilder WB(K, **W);
  GroupInputs G = loadGroupInputs(WB, Plan);
  // The kernel, inlined later, once per thread.
  emitThreadLoops(WB, Plan, G, [&](Value *, ArrayRef<Value *> Args) {
    WB.callKernel(Args);
  });
  WB.builder().CreateRetVoid();
  return *W;
}

namespace {

/// Builds one region wrapper: its prologue (the threadgroup's inputs), the
/// loops over the threads, and the verdict on where the threads stopped.
class RegionWrapperBuilder {
public:
  RegionWrapperBuilder(Function &Region, const BindingPlan &Plan,
                       const Twine &Name)
      : Region(Region), Plan(Plan), C(Region.getContext()),
        I32(Type::getInt32Ty(C)) {
    Type *I64 = Type::getInt64Ty(C);
    auto *FT = FunctionType::get(I32,
                                 {PointerType::getUnqual(Type::getInt8Ty(C)),
                                  Type::getInt8PtrTy(C),
                                  PointerType::getUnqual(I32), I32},
                                 false);
    W = Function::Create(FT, GlobalValue::ExternalLinkage, Name,
                         Region.getParent());
    W->addFnAttr(Attribute::NoUnwind);
    for (unsigned I = 0; I < 3; ++I)
      W->addParamAttr(I, Attribute::NoAlias);
    Frames = W->getArg(1);
    State = W->getArg(2);
    WB.emplace(Region, *W);
    IRBuilder<> &B = WB->builder();
    G = loadGroupInputs(*WB, Plan);
    Threads = B.CreateNUWMul(B.CreateNUWMul(B.CreateZExt(G.Block[0], I64),
                                            B.CreateZExt(G.Block[1], I64)),
                             B.CreateZExt(G.Block[2], I64), "threads");
    // Scalars once SROA has run: reductions of the thread loops.
    And = B.CreateAlloca(I32, nullptr, "and");
    Or = B.CreateAlloca(I32, nullptr, "or");
    B.CreateStore(B.getInt32(-1), And);
    B.CreateStore(B.getInt32(0), Or);
  }

  IRBuilder<> &builder() { return WB->builder(); }

  /// Adds where a thread stopped to the verdict.
  void count(Value *Next) {
    IRBuilder<> &B = builder();
    B.CreateStore(B.CreateAnd(B.CreateLoad(I32, And), Next), And);
    B.CreateStore(B.CreateOr(B.CreateLoad(I32, Or), Next), Or);
  }

  /// Runs \p F for the thread and records where it stopped.
  Value *callRegion(Function &F, ArrayRef<Value *> Args, Value *Linear,
                    Value *From, MDNode *Group) {
    IRBuilder<> &B = builder();
    SmallVector<Value *, 20> CallArgs(Args.begin(), Args.end());
    CallArgs.append({Frames, Threads, Linear, From});
    Value *Next = B.CreateCall(F.getFunctionType(), &F, CallArgs);
    StoreInst *St = B.CreateAlignedStore(
        Next, B.CreateInBoundsGEP(I32, State, Linear), Align(4));
    if (Group)
      St->setMetadata(LLVMContext::MD_access_group, Group);
    return Next;
  }

  void loops(ThreadBody Body, MDNode *LoopID = nullptr) {
    emitThreadLoops(*WB, Plan, G, Body, LoopID);
  }

  /// Returns the verdict: equal bitwise AND and OR of what the threads
  /// returned (reduced in the thread loops, count) mean every thread
  /// stopped at the same point.
  Function *finish() {
    IRBuilder<> &B = builder();
    Value *A = B.CreateLoad(I32, And), *O = B.CreateLoad(I32, Or);
    B.CreateRet(
        B.CreateSelect(B.CreateICmpEQ(A, O), A, B.getInt32(kRegionsDiffer)));
    return W;
  }

  Function &Region;
  const BindingPlan &Plan;
  LLVMContext &C;
  Type *I32;
  Function *W = nullptr;
  std::optional<WrapperBuilder> WB;
  GroupInputs G;
  Value *Frames, *State, *Threads;
  AllocaInst *And, *Or;
};

} // namespace

Expected<std::vector<Function *>>
emitRegionWrappers(Function &Region, ArrayRef<Function *> Specialized,
                   const BindingPlan &Plan, bool Parallel, StringRef Prefix) {
  unsigned NumParams = Plan.Args.size();
  if (Region.arg_size() != NumParams + 4 ||
      !Region.getReturnType()->isIntegerTy(32))
    return createStringError(std::make_error_code(std::errc::invalid_argument),
                             "'" + Region.getName() +
                                 "' is not a region function");
  LLVMContext &C = Region.getContext();
  std::vector<Function *> Wrappers;
  // Every thread resumes at resume point R: through the region function
  // specialised for it. With Parallel, the threads' accesses are
  // independent: the loop is marked parallel.
  for (unsigned R = 0; R < Specialized.size(); ++R) {
    if (!Specialized[R]) {
      Wrappers.push_back(nullptr);
      continue;
    }
    RegionWrapperBuilder RW(Region, Plan, Prefix + "_" + Twine(R));
    MDNode *Group = nullptr, *LoopID = nullptr;
    if (Parallel) {
      // Every memory access of the loop's body is in the group, those of the
      // region function included (the inliner would propagate a call's
      // group, but interprocedural passes may re-create the call first).
      Group = MDNode::getDistinct(C, {});
      for (Instruction &I : instructions(*Specialized[R]))
        if (I.mayReadOrWriteMemory())
          I.setMetadata(LLVMContext::MD_access_group, Group);
      auto *Temp = MDNode::getTemporary(C, {}).release();
      LoopID = MDNode::getDistinct(
          C, {Temp,
              MDNode::get(C, {MDString::get(C, "llvm.loop.parallel_accesses"),
                              Group})});
      LoopID->replaceOperandWith(0, LoopID);
      MDNode::deleteTemporary(Temp);
    }
    RW.loops(
        [&](Value *Linear, ArrayRef<Value *> Args) {
          RW.count(RW.callRegion(*Specialized[R], Args, Linear,
                                 RW.builder().getInt32(R), Group));
        },
        LoopID);
    Wrappers.push_back(RW.finish());
  }
  // Each live thread resumes where it stopped, as State says.
  RegionWrapperBuilder RW(Region, Plan, Prefix + "_any");
  RW.loops([&](Value *Linear, ArrayRef<Value *> Args) {
    IRBuilder<> &B = RW.builder();
    Type *I32 = B.getInt32Ty();
    Value *From = B.CreateAlignedLoad(
        I32, B.CreateInBoundsGEP(I32, RW.State, Linear), Align(4), "from");
    BasicBlock *Test = B.GetInsertBlock();
    auto *Run = BasicBlock::Create(C, "run", RW.W);
    auto *Next = BasicBlock::Create(C, "next", RW.W);
    B.CreateCondBr(B.CreateICmpEQ(From, B.getInt32(kRegionExited)), Next, Run);
    B.SetInsertPoint(Run);
    Value *Stop = RW.callRegion(Region, Args, Linear, From, nullptr);
    B.CreateBr(Next);
    B.SetInsertPoint(Next);
    PHINode *Now = B.CreatePHI(I32, 2);
    Now->addIncoming(From, Test);
    Now->addIncoming(Stop, Run);
    RW.count(Now);
  });
  Wrappers.push_back(RW.finish());
  return Wrappers;
}

} // namespace cumetal::cpu

//===- air/lower/LowerGlobals.cpp - Module-scope variables to AIR ---------===//
//
// AIR has no home for mutable module-scope variables outside threadgroup
// memory (air-abi.md §3), and __constant__ variables must be writable from
// the host (cudaMemcpyToSymbol). So (docs/abi.md §1):
//   - __device__ variables (address space 1) are laid out in one device
//     globals block, bound at [[buffer(1)]];
//   - __constant__ variables (externally initialised, address space 4) are
//     laid out in one constant block, bound at [[buffer(3)]];
//   - other constant data (string literals, lookup tables) become
//     address-space-2 program-scope constants, as Apple's compiler emits them;
//   - extern __shared__ arrays are the dynamic threadgroup memory at
//     [[threadgroup(0)]]; static __shared__ stay address-space-3 globals.
// Each variable's name, block, offset, size and initial bytes go into the
// envelope, so that the runtime can serve __cudaRegisterVar and symbol copies.
//
//===----------------------------------------------------------------------===//

#include "air/lower/Passes.h"
#include "air/lower/PointerUses.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace cumetal {
namespace air {

namespace {

enum : unsigned { NVVMGlobal = 1, NVVMShared = 3, NVVMConst = 4 };

/// Serialises a constant initialiser to its in-memory bytes (little-endian,
/// as both the host and Apple GPUs store them). False for initialisers
/// that hold addresses.
bool constantBytes(const Constant *C, const DataLayout &DL,
                   std::vector<uint8_t> &Out, uint64_t Offset) {
  if (isa<ConstantAggregateZero>(C) || isa<UndefValue>(C) ||
      isa<ConstantPointerNull>(C))
    return true; // Out is zero-filled already.
  if (auto *CI = dyn_cast<ConstantInt>(C)) {
    APInt V = CI->getValue();
    for (unsigned I = 0; I < DL.getTypeStoreSize(CI->getType()); ++I)
      Out[Offset + I] = static_cast<uint8_t>(V.extractBitsAsZExtValue(
          std::min(8u, V.getBitWidth() - 8 * I), 8 * I));
    return true;
  }
  if (auto *CF = dyn_cast<ConstantFP>(C)) {
    APInt V = CF->getValueAPF().bitcastToAPInt();
    for (unsigned I = 0; I < V.getBitWidth() / 8; ++I)
      Out[Offset + I] =
          static_cast<uint8_t>(V.extractBitsAsZExtValue(8, 8 * I));
    return true;
  }
  if (auto *CDS = dyn_cast<ConstantDataSequential>(C)) {
    uint64_t Step = DL.getTypeAllocSize(CDS->getElementType());
    for (unsigned I = 0; I < CDS->getNumElements(); ++I)
      if (!constantBytes(CDS->getElementAsConstant(I), DL, Out,
                         Offset + I * Step))
        return false;
    return true;
  }
  if (auto *CS = dyn_cast<ConstantStruct>(C)) {
    const StructLayout *SL = DL.getStructLayout(CS->getType());
    for (unsigned I = 0; I < CS->getNumOperands(); ++I)
      if (!constantBytes(CS->getOperand(I), DL, Out,
                         Offset + SL->getElementOffset(I)))
        return false;
    return true;
  }
  if (auto *CA = dyn_cast<ConstantArray>(C)) {
    uint64_t Step = DL.getTypeAllocSize(CA->getType()->getElementType());
    for (unsigned I = 0; I < CA->getNumOperands(); ++I)
      if (!constantBytes(CA->getOperand(I), DL, Out, Offset + I * Step))
        return false;
    return true;
  }
  if (auto *CV = dyn_cast<ConstantVector>(C)) {
    uint64_t Step = DL.getTypeAllocSize(CV->getType()->getElementType());
    for (unsigned I = 0; I < CV->getNumOperands(); ++I)
      if (!constantBytes(CV->getOperand(I), DL, Out, Offset + I * Step))
        return false;
    return true;
  }
  return false;
}

/// Drops the @llvm.used / @llvm.compiler.used arrays: they only keep device
/// variables alive for the PTX backend, and they would hold on to globals
/// this pass replaces.
void dropUsedArrays(Module &M) {
  for (StringRef Name : {"llvm.used", "llvm.compiler.used"})
    if (GlobalVariable *GV = M.getGlobalVariable(Name))
      GV->eraseFromParent();
}

} // namespace

PreservedAnalyses LowerGlobalsPass::run(Module &M, ModuleAnalysisManager &) {
  dropUsedArrays(M);
  const DataLayout &DL = M.getDataLayout();
  metallib::Envelope &Env = Ctx.envelope();
  SmallVector<GlobalVariable *, 16> Globals;
  for (GlobalVariable &GV : M.globals())
    Globals.push_back(&GV);

  bool ReportedTables = false;
  for (GlobalVariable *GV : Globals) {
    unsigned AS = GV->getAddressSpace();
    if (GV->use_empty() && GV->hasLocalLinkage()) {
      GV->eraseFromParent();
      continue;
    }
    Type *T = GV->getValueType();

    if (AS == NVVMShared) {
      if (GV->isDeclaration()) {
        // extern __shared__ T x[]: the dynamic threadgroup memory.
        if (!replaceGlobalUses(*GV, [&](Function &F) {
              return Ctx.getInput(F, KernelInput::DynamicShared);
            }))
          Ctx.error(static_cast<Function *>(nullptr),
                    "extern __shared__ variable '" + GV->getName() +
                        "' is used outside a function");
        else
          GV->eraseFromParent();
      } else {
        // Static threadgroup memory: undef, at least 16-byte aligned when
        // large (as floor does; air-abi.md §3).
        GV->setInitializer(UndefValue::get(T));
        GV->setLinkage(GlobalValue::InternalLinkage);
        if (DL.getTypeAllocSize(T) >= 16 && GV->getAlignment() < 16)
          GV->setAlignment(Align(16));
      }
      continue;
    }

    bool IsVariable = GV->isExternallyInitialized() ||
                      (AS == NVVMGlobal && !GV->isConstant());
    if (IsVariable && (AS == NVVMGlobal || AS == NVVMConst)) {
      bool Device = AS == NVVMGlobal;
      uint64_t &BlockSize =
          Device ? Env.deviceGlobalsSize : Env.constantGlobalsSize;
      metallib::EnvelopeGlobal G;
      G.name = GV->getName().str();
      G.space = Device ? metallib::EnvelopeGlobal::Space::Device
                       : metallib::EnvelopeGlobal::Space::Constant;
      G.size = DL.getTypeAllocSize(T);
      G.align =
          std::max<uint64_t>(GV->getAlignment(), DL.getABITypeAlign(T).value());
      G.offset = alignTo(BlockSize, G.align);
      BlockSize = G.offset + G.size;
      if (GV->hasInitializer() && !GV->getInitializer()->isNullValue()) {
        G.init.assign(G.size, 0);
        if (!constantBytes(GV->getInitializer(), DL, G.init, 0)) {
          Ctx.error(static_cast<Function *>(nullptr),
                    "the initial value of '" + GV->getName() +
                        "' holds an address; device variables initialised "
                        "with addresses are not supported");
          continue;
        }
      }
      uint64_t Offset = G.offset;
      KernelInput In =
          Device ? KernelInput::DeviceGlobals : KernelInput::ConstantGlobals;
      bool Replaced = replaceGlobalUses(*GV, [&](Function &F) -> Value * {
        Value *Base = Ctx.getInput(F, In);
        IRBuilder<> B(cast<Instruction>(Base)->getNextNode());
        return B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Base, Offset,
                                            GV->getName());
      });
      Env.globals.push_back(std::move(G));
      if (Replaced)
        GV->eraseFromParent();
      else
        Ctx.error(static_cast<Function *>(nullptr),
                  "device variable '" + GV->getName() +
                      "' is used outside a function");
      continue;
    }

    if (GV->isConstant() && GV->hasInitializer()) {
      // Constant data: an AIR program-scope constant (address space 2).
      auto *NewGV = new GlobalVariable(
          M, T, /*isConstant=*/true, GlobalValue::InternalLinkage,
          GV->getInitializer(), "", nullptr, GlobalValue::NotThreadLocal, 2);
      NewGV->takeName(GV);
      NewGV->setAlignment(GV->getAlign());
      NewGV->setUnnamedAddr(GV->getUnnamedAddr());
      if (replaceGlobalUses(*GV, [&](Function &) { return NewGV; })) {
        GV->eraseFromParent();
        continue;
      }
      // Another constant holds its address: a table of pointers (e.g. of
      // strings). Report it once, at a use of that table if there is one.
      if (!ReportedTables) {
        ReportedTables = true;
        const Instruction *At = nullptr;
        for (GlobalVariable &Other : M.globals())
          if (Other.isConstant() && &Other != GV && &Other != NewGV)
            for (User *U : Other.users())
              if (auto *I = dyn_cast<Instruction>(U); I && !At)
                At = I;
        std::string Msg = "constant data that holds the addresses of other "
                          "data (a table of pointers or strings, here '" +
                          NewGV->getName().str() +
                          "') is not supported in device code yet";
        if (At)
          Ctx.error(At, Msg);
        else
          Ctx.error(static_cast<Function *>(nullptr), Msg);
      }
      continue;
    }

    Ctx.error(static_cast<Function *>(nullptr),
              "module-scope variable '" + GV->getName() +
                  "' in address space " + Twine(AS) + " is not supported");
  }
  return PreservedAnalyses::none();
}

} // namespace air
} // namespace cumetal

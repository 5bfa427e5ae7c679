//===- CpuTestSupport.cpp - Helpers for the cpu backend tests -------------===//
//
// See CpuTestSupport.h.
//
//===----------------------------------------------------------------------===//

#include "CpuTestSupport.h"

#include "air/MetallibEmitter.h"
#include "metallib/Metallib.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace cputest {

namespace {

const char *const Header = R"(
target datalayout = "e-p:64:64:64-i1:8:8-i8:8:8-i16:16:16-i32:32:32-i64:64:64-f32:32:32-f64:64:64-v16:16:16-v24:32:32-v32:32:32-v48:64:64-v64:64:64-v96:128:128-v128:128:128-v192:256:256-v256:256:256-v512:512:512-v1024:1024:1024-n8:16:32"
target triple = "air64_v26-apple-macosx14.0.0"
)";

// The module flags and named metadata of examples/air/vector_add.ll,
// numbered from !900 so that tests can use small numbers.
const char *const Trailer = R"(
!llvm.module.flags = !{!900, !901, !902, !903, !904, !905, !906, !907, !908}
!llvm.ident = !{!909}
!air.version = !{!910}
!air.language_version = !{!911}
!air.compile_options = !{!912, !913, !914}

!900 = !{i32 2, !"SDK Version", [2 x i32] [i32 14, i32 0]}
!901 = !{i32 1, !"wchar_size", i32 4}
!902 = !{i32 7, !"frame-pointer", i32 2}
!903 = !{i32 7, !"air.max_device_buffers", i32 31}
!904 = !{i32 7, !"air.max_constant_buffers", i32 31}
!905 = !{i32 7, !"air.max_threadgroup_buffers", i32 31}
!906 = !{i32 7, !"air.max_textures", i32 128}
!907 = !{i32 7, !"air.max_read_write_textures", i32 8}
!908 = !{i32 7, !"air.max_samplers", i32 16}
!909 = !{!"cumetal cpu backend unit test"}
!910 = !{i32 2, i32 6, i32 0}
!911 = !{!"Metal", i32 3, i32 1, i32 0}
!912 = !{!"air.compile.denorms_disable"}
!913 = !{!"air.compile.fast_math_disable"}
!914 = !{!"air.compile.framebuffer_fetch_enable"}
)";

} // namespace

std::string bufferArg(unsigned P, unsigned Loc, unsigned AS,
                      const char *TypeName, unsigned Size) {
  return "!{i32 " + std::to_string(P) +
         ", !\"air.buffer\", !\"air.location_index\", i32 " +
         std::to_string(Loc) + ", i32 1, !\"air.read_write\", " +
         "!\"air.address_space\", i32 " + std::to_string(AS) +
         ", !\"air.arg_type_size\", i32 " + std::to_string(Size) +
         ", !\"air.arg_type_align_size\", i32 " + std::to_string(Size) +
         ", !\"air.arg_type_name\", !\"" + TypeName +
         "\", !\"air.arg_name\", !\"arg" + std::to_string(P) + "\"}";
}

std::string threadgroupArg(unsigned P, unsigned Loc, const char *TypeName,
                           unsigned Size) {
  return bufferArg(P, Loc, 3, TypeName, Size);
}

std::string builtinArg(unsigned P, const char *Builtin, const char *TypeName) {
  return "!{i32 " + std::to_string(P) + ", !\"" + Builtin +
         "\", !\"air.arg_type_name\", !\"" + TypeName +
         "\", !\"air.arg_name\", !\"arg" + std::to_string(P) + "\"}";
}

std::string airModule(const std::string &Body,
                      const std::vector<KernelMD> &Kernels) {
  std::string S = Header;
  S += Body;
  S += "\n!air.kernel = !{";
  for (size_t I = 0; I < Kernels.size(); ++I)
    S += (I ? ", !" : "!") + std::to_string(800 + I);
  S += "}\n";
  for (size_t I = 0; I < Kernels.size(); ++I) {
    S += "!" + std::to_string(800 + I) + " = !{" + Kernels[I].FnRef +
         ", !{}, !{";
    for (size_t A = 0; A < Kernels[I].Args.size(); ++A)
      S += (A ? ", " : "") + Kernels[I].Args[A];
    S += "}}\n";
  }
  S += Trailer;
  return S;
}

std::vector<uint8_t> packMetallib(const std::string &IR, bool Verify) {
  llvm::LLVMContext Ctx;
  llvm::SMDiagnostic Err;
  std::unique_ptr<llvm::Module> M = llvm::parseAssemblyString(IR, Err, Ctx);
  if (!M) {
    std::string S;
    llvm::raw_string_ostream OS(S);
    Err.print("test", OS);
    ADD_FAILURE() << "IR does not parse: " << OS.str();
    return {};
  }
  if (Verify) {
    auto Bytes = cumetal::air::emitMetallib(*M);
    if (!Bytes) {
      ADD_FAILURE() << llvm::toString(Bytes.takeError());
      return {};
    }
    return std::move(*Bytes);
  }
  // Every kernel with the whole module: enough for the loader.
  std::vector<cumetal::metallib::FunctionSpec> Specs;
  llvm::SmallVector<char, 0> Buffer;
  llvm::raw_svector_ostream OS(Buffer);
  llvm::WriteBitcodeToFile(*M, OS);
  for (const llvm::MDNode *N : M->getNamedMetadata("air.kernel")->operands()) {
    auto *F = llvm::mdconst::dyn_extract<llvm::Function>(N->getOperand(0));
    cumetal::metallib::FunctionSpec S;
    S.Name = F->getName().str();
    S.Bitcode.assign(Buffer.begin(), Buffer.end());
    Specs.push_back(std::move(S));
  }
  auto Bytes = cumetal::metallib::writeLibrary(
      cumetal::metallib::buildLibrary(cumetal::metallib::Header(), Specs));
  if (!Bytes) {
    ADD_FAILURE() << llvm::toString(Bytes.takeError());
    return {};
  }
  return std::move(*Bytes);
}

std::unique_ptr<Library> CpuTest::load(const std::string &IR, bool Verify) {
  std::vector<uint8_t> Bytes = packMetallib(IR, Verify);
  Status Err;
  std::unique_ptr<Library> Lib =
      Dev->loadLibrary(Bytes.data(), Bytes.size(), Err);
  EXPECT_TRUE(Lib) << Err.message;
  return Lib;
}

Kernel *CpuTest::kernel(Library &Lib, const std::string &Name) {
  Status Err;
  Kernel *K = Lib.getKernel(Name, Err);
  EXPECT_TRUE(K) << Err.message;
  EXPECT_TRUE(Err) << Err.message;
  return K;
}

LaunchConfig config(Dim3 Grid, Dim3 Block) {
  LaunchConfig C;
  C.grid = Grid;
  C.block = Block;
  return C;
}

void bind(LaunchConfig &C, unsigned Index, void *Data, size_t Bytes) {
  C.buffers[Index].data = Data;
  C.buffers[Index].length = Bytes;
}

} // namespace cputest

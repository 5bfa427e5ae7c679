//===- CpuJIT.h - ORC JIT for prepared AIR modules --------------*- C++ -*-===//
//
// One LLJIT per loaded library. Prepared kernel modules are optimised with
// the new pass manager's O2 pipeline for the host CPU and added to the main
// JITDylib; the air.* and __cumetal_* functions they call resolve to the
// host implementations of the AIRBuiltins table (absolute symbols), and the
// library calls code generation may introduce (memcpy, expf, ...) to the
// process.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CPU_CPUJIT_H
#define CUMETAL_RUNTIME_CPU_CPUJIT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class DataLayout;
class LLVMContext;
class Module;
class TargetMachine;
namespace orc {
class LLJIT;
} // namespace orc
} // namespace llvm

namespace cumetal::cpu {

class CpuJIT {
public:
  static llvm::Expected<std::unique_ptr<CpuJIT>> create();
  ~CpuJIT();

  const llvm::DataLayout &dataLayout() const;
  const std::string &triple() const { return Triple; }

  /// Runs the O2 pipeline on \p M, tuned for the host CPU.
  void optimize(llvm::Module &M);

  /// Adds \p M (owned with its context). Fails if \p M calls an air.* or
  /// __cumetal_* function the table does not provide.
  llvm::Error add(std::unique_ptr<llvm::LLVMContext> Context,
                  std::unique_ptr<llvm::Module> M);

  /// Address of a symbol of an added module; compiles on first use.
  llvm::Expected<uint64_t> lookup(llvm::StringRef Name);

private:
  CpuJIT() = default;

  std::unique_ptr<llvm::orc::LLJIT> J;
  std::unique_ptr<llvm::TargetMachine> TM;
  std::string Triple;
  llvm::StringSet<> Defined; ///< host symbols already in the JITDylib
};

} // namespace cumetal::cpu

#endif // CUMETAL_RUNTIME_CPU_CPUJIT_H

//===- CpuTestSupport.h - Helpers for the cpu backend tests -----*- C++ -*-===//
//
// AIR modules as LLVM 14 IR text: the AIR triple, data layout, module flags
// and named metadata of examples/air/vector_add.ll around a test's
// functions, with !air.kernel nodes built from small argument-node helpers;
// packing into a metallib (through the AIR emitter, or directly for modules
// the AIR verifier would refuse); a fixture holding a cpu device.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TEST_UNIT_RUNTIME_CPU_CPUTESTSUPPORT_H
#define CUMETAL_TEST_UNIT_RUNTIME_CPU_CPUTESTSUPPORT_H

#include "runtime-lite/device/Device.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cputest {

using namespace cumetal::device;

/// One !air.kernel entry: `<fn type>* @name` and its argument nodes.
struct KernelMD {
  std::string FnRef;
  std::vector<std::string> Args;
};

/// `!{i32 P, !"air.buffer", ...}` for a device (AS 1) or constant (AS 2)
/// buffer at [[buffer(Loc)]].
std::string bufferArg(unsigned P, unsigned Loc, unsigned AS = 1,
                      const char *TypeName = "float", unsigned Size = 4);
/// Dynamic threadgroup memory at [[threadgroup(Loc)]].
std::string threadgroupArg(unsigned P, unsigned Loc,
                           const char *TypeName = "float", unsigned Size = 4);
/// A hardware input such as `air.thread_position_in_grid`.
std::string builtinArg(unsigned P, const char *Builtin,
                       const char *TypeName = "uint3");

/// The complete module text: header, \p Body, !air.kernel and the module
/// flags / named metadata every AIR module carries.
std::string airModule(const std::string &Body,
                      const std::vector<KernelMD> &Kernels);

/// Packs \p IR into metallib bytes: through cumetal::air::emitMetallib (AIR
/// verifier included) when \p Verify, else directly with the metallib
/// builder. Records a test failure and returns nothing on error.
std::vector<uint8_t> packMetallib(const std::string &IR, bool Verify = true);

/// A device, with helpers that fail the test loudly.
class CpuTest : public ::testing::Test {
protected:
  explicit CpuTest(bool Checked = false) : Dev(createCpuDevice(Checked)) {}

  std::unique_ptr<Library> load(const std::string &IR, bool Verify = true);
  Kernel *kernel(Library &Lib, const std::string &Name);
  /// Device memory holding a copy of \p Data.
  template <class T> T *upload(const std::vector<T> &Data) {
    T *P = static_cast<T *>(Dev->allocate(Data.size() * sizeof(T)));
    Dev->copy(P, Data.data(), Data.size() * sizeof(T));
    Allocations.push_back(P);
    return P;
  }
  template <class T> T *alloc(size_t N) {
    T *P = static_cast<T *>(Dev->allocate(N * sizeof(T)));
    Dev->fill(P, 0, N * sizeof(T));
    Allocations.push_back(P);
    return P;
  }
  void TearDown() override {
    for (void *P : Allocations)
      Dev->release(P);
  }

  std::unique_ptr<Device> Dev;
  std::vector<void *> Allocations;
};

/// A launch config with \p Grid threadgroups of \p Block threads.
LaunchConfig config(Dim3 Grid, Dim3 Block);

/// Binds \p Data (of \p Bytes bytes) at buffer \p Index.
void bind(LaunchConfig &C, unsigned Index, void *Data, size_t Bytes);

} // namespace cputest

#endif // CUMETAL_TEST_UNIT_RUNTIME_CPU_CPUTESTSUPPORT_H

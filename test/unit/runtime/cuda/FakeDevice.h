//===- FakeDevice.h - a test double of the device interface -----*- C++ -*-===//
//
// Implements runtime-lite/device/Device.h on host memory without running
// any code: a launch records its configuration (and a copy of the parameter
// block) and calls a hook the test installs, which can write into the bound
// buffers or return a fault. Plus helpers to build an envelope and register
// it the way Clang's host code does.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TEST_UNIT_RUNTIME_CUDA_FAKEDEVICE_H
#define CUMETAL_TEST_UNIT_RUNTIME_CUDA_FAKEDEVICE_H

#include "metallib/Envelope.h"
#include "runtime-lite/cuda/Testing.h"
#include "runtime-lite/device/Device.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace cumetal::test {

struct LaunchRecord {
  std::string kernel;
  device::LaunchConfig config;
  std::vector<uint8_t> params; ///< copy of buffer 0
};

class FakeDevice : public device::Device {
public:
  using LaunchHook = std::function<device::Status(
      const std::string &kernel, const device::LaunchConfig &config)>;

  std::string name() const override { return "cumetal fake device"; }
  std::unique_ptr<device::Library> loadLibrary(const uint8_t *data, size_t size,
                                               device::Status &err) override;
  void *allocate(size_t bytes) override;
  void release(void *ptr) override;
  void copy(void *dst, const void *src, size_t bytes) override;
  void fill(void *dst, int value, size_t bytes) override;
  size_t totalMemory() const override { return size_t(1) << 30; }
  size_t freeMemory() const override;
  unsigned multiprocessorCount() const override { return 4; }

  device::Status runKernel(const std::string &name,
                           const device::LaunchConfig &config);

  /// Called for every launch; default: succeed.
  LaunchHook onLaunch;
  /// loadLibrary fails when set.
  bool rejectLibraries = false;
  /// Kernels getKernel does not find.
  std::set<std::string> missingKernels;

  std::vector<LaunchRecord> launches();
  size_t liveAllocations();

private:
  std::mutex mu_;
  std::vector<LaunchRecord> launches_;
  std::map<void *, size_t> allocations_;
  size_t used_ = 0;
};

/// Installs a new FakeDevice as the runtime's device; returns it (owned by
/// the runtime until the next setDeviceForTesting).
FakeDevice *installFakeDevice();

/// Builds an envelope with a dummy metallib.
std::vector<uint8_t> makeEnvelope(const metallib::Envelope &env);

/// A module registered as Clang's host code registers one.
class RegisteredModule {
public:
  explicit RegisteredModule(const metallib::Envelope &env,
                            const char *filename = "test.cu");
  explicit RegisteredModule(std::vector<uint8_t> bytes,
                            const char *filename = "test.cu");
  ~RegisteredModule();

  void function(const void *stub, const char *name);
  void variable(void *shadow, const char *name, size_t size, bool constant);
  void end();
  void **handle() const { return handle_; }

private:
  std::vector<uint8_t> bytes_;
  CumetalFatBinaryWrapper wrapper_;
  void **handle_ = nullptr;
};

/// A kernel manifest entry.
metallib::EnvelopeKernel
kernel(const std::string &name, std::vector<metallib::EnvelopeParam> params,
       uint32_t blockSize, std::vector<uint32_t> buffers = {0},
       uint32_t staticShared = 0, uint32_t maxThreads = 1024);

/// Appends one printf record (format Id, arguments packed as vprintf
/// packs them) to a printf buffer bound at buffer 2.
class PrintfWriter {
public:
  explicit PrintfWriter(const device::BufferBinding &buffer)
      : buffer_(buffer) {}
  PrintfWriter &record(uint32_t formatId);
  PrintfWriter &i32(int32_t v) { return put(&v, 4); }
  PrintfWriter &i64(int64_t v) { return put(&v, 8); }
  PrintfWriter &f64(double v) { return put(&v, 8); }
  PrintfWriter &ptr(const void *v) {
    uint64_t P = reinterpret_cast<uint64_t>(v);
    return put(&P, 8);
  }
  /// A %s argument: \p s (null: a null pointer) is copied into the
  /// record's string area, as the device does.
  PrintfWriter &str(const char *s);
  /// Finishes the record: pads to 8 bytes and bumps the cursor.
  void done();
  void setStatus(uint32_t bits);

private:
  PrintfWriter &put(const void *data, size_t size);
  device::BufferBinding buffer_;
  std::vector<uint8_t> rec_;
  std::vector<std::pair<size_t, std::string>> strings_;
};

/// Each test runs on a fresh FakeDevice; modules registered through
/// registerModule are unregistered afterwards.
class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override { dev = installFakeDevice(); }
  void TearDown() override {
    rt::setDeviceForTesting(nullptr);
    modules.clear();
  }
  RegisteredModule &registerModule(const metallib::Envelope &env) {
    modules.push_back(std::make_unique<RegisteredModule>(env));
    return *modules.back();
  }

  FakeDevice *dev = nullptr;
  std::vector<std::unique_ptr<RegisteredModule>> modules;
};

} // namespace cumetal::test

#endif // CUMETAL_TEST_UNIT_RUNTIME_CUDA_FAKEDEVICE_H

//===- FakeDevice.cpp - a test double of the device interface ------------===//
//
// See FakeDevice.h.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include <cstdlib>
#include <cstring>

using namespace cumetal;
using namespace cumetal::test;

namespace {

class FakeKernel : public device::Kernel {
public:
  FakeKernel(FakeDevice &dev, std::string name)
      : dev_(dev), name_(std::move(name)) {}
  const std::string &name() const override { return name_; }
  size_t staticThreadgroupBytes() const override { return 0; }
  device::Status launch(const device::LaunchConfig &config) override {
    return dev_.runKernel(name_, config);
  }

private:
  FakeDevice &dev_;
  std::string name_;
};

class FakeLibrary : public device::Library {
public:
  explicit FakeLibrary(FakeDevice &dev) : dev_(dev) {}
  device::Kernel *getKernel(const std::string &name,
                            device::Status &err) override {
    if (dev_.missingKernels.count(name)) {
      err = device::Status::error(device::Fault::KernelNotFound,
                                  "no kernel " + name);
      return nullptr;
    }
    auto &K = kernels_[name];
    if (!K)
      K = std::make_unique<FakeKernel>(dev_, name);
    return K.get();
  }

private:
  FakeDevice &dev_;
  std::map<std::string, std::unique_ptr<FakeKernel>> kernels_;
};

} // namespace

std::unique_ptr<device::Library>
FakeDevice::loadLibrary(const uint8_t *data, size_t size, device::Status &err) {
  (void)data;
  (void)size;
  if (rejectLibraries) {
    err = device::Status::error(device::Fault::InvalidImage,
                                "fake device rejects libraries");
    return nullptr;
  }
  return std::make_unique<FakeLibrary>(*this);
}

void *FakeDevice::allocate(size_t bytes) {
  size_t Rounded = (bytes + 255) / 256 * 256;
  void *P = std::aligned_alloc(256, Rounded ? Rounded : 256);
  std::lock_guard<std::mutex> Lock(mu_);
  allocations_[P] = Rounded;
  used_ += Rounded;
  return P;
}

void FakeDevice::release(void *ptr) {
  {
    std::lock_guard<std::mutex> Lock(mu_);
    auto It = allocations_.find(ptr);
    if (It == allocations_.end())
      std::abort(); // the runtime released something it does not own
    used_ -= It->second;
    allocations_.erase(It);
  }
  std::free(ptr);
}

void FakeDevice::copy(void *dst, const void *src, size_t bytes) {
  std::memmove(dst, src, bytes);
}

void FakeDevice::fill(void *dst, int value, size_t bytes) {
  std::memset(dst, value, bytes);
}

size_t FakeDevice::freeMemory() const { return totalMemory() - used_; }

device::Status FakeDevice::runKernel(const std::string &name,
                                     const device::LaunchConfig &config) {
  LaunchRecord R{name, config, {}};
  const device::BufferBinding &P = config.buffers[0];
  if (P.data)
    R.params.assign(static_cast<const uint8_t *>(P.data),
                    static_cast<const uint8_t *>(P.data) + P.length);
  {
    std::lock_guard<std::mutex> Lock(mu_);
    launches_.push_back(R);
  }
  return onLaunch ? onLaunch(name, config) : device::Status::ok();
}

std::vector<LaunchRecord> FakeDevice::launches() {
  std::lock_guard<std::mutex> Lock(mu_);
  return launches_;
}

size_t FakeDevice::liveAllocations() {
  std::lock_guard<std::mutex> Lock(mu_);
  return allocations_.size();
}

FakeDevice *test::installFakeDevice() {
  auto Dev = std::make_unique<FakeDevice>();
  FakeDevice *Raw = Dev.get();
  rt::setDeviceForTesting(std::move(Dev));
  return Raw;
}

std::vector<uint8_t> test::makeEnvelope(const metallib::Envelope &env) {
  metallib::Envelope E = env;
  if (E.metallib.empty())
    E.metallib = {'M', 'T', 'L', 'B', 0, 0, 0, 0};
  return metallib::writeEnvelope(E);
}

metallib::EnvelopeKernel
test::kernel(const std::string &name,
             std::vector<metallib::EnvelopeParam> params, uint32_t blockSize,
             std::vector<uint32_t> buffers, uint32_t staticShared,
             uint32_t maxThreads) {
  metallib::EnvelopeKernel K;
  K.name = name;
  K.params = std::move(params);
  K.paramBlockSize = blockSize;
  K.staticSharedBytes = staticShared;
  K.maxThreadsPerBlock = maxThreads;
  K.buffers = std::move(buffers);
  K.dynamicShared = true;
  return K;
}

RegisteredModule::RegisteredModule(const metallib::Envelope &env,
                                   const char *filename)
    : RegisteredModule(makeEnvelope(env), filename) {}

RegisteredModule::RegisteredModule(std::vector<uint8_t> bytes,
                                   const char *filename)
    : bytes_(std::move(bytes)) {
  wrapper_ = {0x466243B1, 1, bytes_.data(), const_cast<char *>(filename)};
  handle_ = __cudaRegisterFatBinary(&wrapper_);
}

RegisteredModule::~RegisteredModule() { __cudaUnregisterFatBinary(handle_); }

void RegisteredModule::function(const void *stub, const char *name) {
  __cudaRegisterFunction(handle_, static_cast<const char *>(stub),
                         const_cast<char *>(name), name, -1, nullptr, nullptr,
                         nullptr, nullptr, nullptr);
}

void RegisteredModule::variable(void *shadow, const char *name, size_t size,
                                bool constant) {
  __cudaRegisterVar(handle_, static_cast<char *>(shadow),
                    const_cast<char *>(name), name, 0, size, constant, 0);
}

void RegisteredModule::end() { __cudaRegisterFatBinaryEnd(handle_); }

PrintfWriter &PrintfWriter::record(uint32_t formatId) {
  rec_.assign(8, 0);
  strings_.clear();
  std::memcpy(rec_.data() + 4, &formatId, 4);
  return *this;
}

PrintfWriter &PrintfWriter::put(const void *data, size_t size) {
  size_t Pos = (rec_.size() + size - 1) / size * size;
  rec_.resize(Pos + size);
  std::memcpy(rec_.data() + Pos, data, size);
  return *this;
}

PrintfWriter &PrintfWriter::str(const char *s) {
  uint64_t Null = ~uint64_t(0);
  put(&Null, 8);
  if (s)
    strings_.push_back({rec_.size() - 8, s});
  return *this;
}

void PrintfWriter::done() {
  // The string area follows the fixed part; each slot gets its string's
  // offset (high half) and length (low half).
  rec_.resize((rec_.size() + 7) / 8 * 8);
  for (const auto &[SlotAt, S] : strings_) {
    uint64_t Slot = uint64_t(rec_.size()) << 32 | S.size();
    std::memcpy(rec_.data() + SlotAt, &Slot, 8);
    rec_.insert(rec_.end(), S.begin(), S.end());
  }
  rec_.resize((rec_.size() + 7) / 8 * 8);
  uint32_t Size = static_cast<uint32_t>(rec_.size());
  std::memcpy(rec_.data(), &Size, 4);
  uint8_t *Base = static_cast<uint8_t *>(buffer_.data);
  uint32_t Cursor, Capacity;
  std::memcpy(&Cursor, Base, 4);
  std::memcpy(&Capacity, Base + 4, 4);
  if (Cursor + Size <= Capacity)
    std::memcpy(Base + 16 + Cursor, rec_.data(), Size);
  Cursor += Size;
  std::memcpy(Base, &Cursor, 4);
}

void PrintfWriter::setStatus(uint32_t bits) {
  uint8_t *Base = static_cast<uint8_t *>(buffer_.data);
  uint32_t Status;
  std::memcpy(&Status, Base + 8, 4);
  Status |= bits;
  std::memcpy(Base + 8, &Status, 4);
}

//===- CpuDevice.cpp - The cpu backend's Device, Library and Kernel -------===//
//
// createCpuDevice: device memory is host memory (DeviceMemory); a library
// keeps the parsed container and compiles each kernel on first use
// (AIRModuleLoader, then CpuJIT), once, reading CUMETAL_CPU_BARRIERS then;
// a launch checks the bindings the kernel needs and hands a LaunchPlan to
// GridRunner on the device's thread pool, which starts with the first
// launch.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cpu/CpuDevice.h"

#include "runtime-lite/device/Device.h"

#include "runtime-lite/cpu/AIRLowering.h"
#include "runtime-lite/cpu/AIRModuleLoader.h"
#include "runtime-lite/cpu/CpuJIT.h"
#include "runtime-lite/cpu/DeviceMemory.h"
#include "runtime-lite/cpu/GridRunner.h"
#include "runtime-lite/cpu/ThreadPool.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unistd.h>

namespace cumetal::cpu {

using device::Fault;
using device::Status;

namespace {

/// What a device and the libraries and kernels it made share; kept alive
/// by all of them.
struct DeviceShared {
  explicit DeviceShared(bool Checked) : Checked(Checked) {}

  const bool Checked;
  DeviceMemory Memory;

  /// Threads that run threadgroups: CUMETAL_CPU_THREADS, or one per
  /// hardware thread.
  static unsigned participants() {
    if (const char *Env = std::getenv("CUMETAL_CPU_THREADS")) {
      long N = std::strtol(Env, nullptr, 10);
      if (N > 0 && N <= 4096)
        return unsigned(N);
    }
    unsigned N = std::thread::hardware_concurrency();
    return N ? N : 1;
  }

  ThreadPool &pool() {
    std::call_once(PoolOnce, [this] {
      Pool = std::make_unique<ThreadPool>(participants() - 1);
    });
    return *Pool;
  }

private:
  std::once_flag PoolOnce;
  std::unique_ptr<ThreadPool> Pool;
};

/// Whether kernels whose only rendezvous points are barriers run as
/// regions: CUMETAL_CPU_BARRIERS=fibers says no.
bool barrierRegionsRequested() {
  const char *Env = std::getenv("CUMETAL_CPU_BARRIERS");
  return !Env || std::strcmp(Env, "fibers") != 0;
}

/// How a kernel's threads run, as compiled.
struct Runner {
  EntryFunction Entry = nullptr;
  EntryFunction GroupEntry = nullptr;
  std::vector<RegionFunction> Regions;
  uint64_t FrameBytes = 0;
  bool UseFibers = false;
};

class CpuKernel final : public device::Kernel {
public:
  CpuKernel(std::shared_ptr<DeviceShared> D, std::string Name, Runner Run,
            BindingPlan Plan, uint64_t StaticBytes,
            std::vector<MemoryRange> Ranges)
      : D(std::move(D)), Name(std::move(Name)), Run(std::move(Run)),
        Plan(std::move(Plan)), StaticBytes(StaticBytes),
        Ranges(std::move(Ranges)) {}

  const std::string &name() const override { return Name; }
  size_t staticThreadgroupBytes() const override { return StaticBytes; }
  Status launch(const device::LaunchConfig &C) override;

  ThreadMode mode() const {
    if (Run.UseFibers || D->Checked)
      return ThreadMode::Fibers;
    return Run.Regions.empty() ? ThreadMode::Loop : ThreadMode::Regions;
  }

private:
  Status error(Fault F, const std::string &Msg) const {
    return Status::error(F, "kernel '" + Name + "': " + Msg);
  }

  std::shared_ptr<DeviceShared> D;
  std::string Name;
  Runner Run;
  BindingPlan Plan;
  uint64_t StaticBytes;
  std::vector<MemoryRange> Ranges;
};

Status CpuKernel::launch(const device::LaunchConfig &C) {
  const device::Dim3 &G = C.grid, &B = C.block;
  if (!G.x || !G.y || !G.z || !B.x || !B.y || !B.z)
    return error(Fault::InvalidLaunch, "empty grid or threadgroup");
  uint64_t Threads = uint64_t(B.x) * B.y * B.z;
  if (Threads > kMaxThreadsPerThreadgroup)
    return error(Fault::OutOfResources,
                 std::to_string(Threads) +
                     " threads per threadgroup exceed the limit of " +
                     std::to_string(kMaxThreadsPerThreadgroup));
  LaunchPlan P;
  P.KernelName = &Name;
  P.Entry = Run.Entry;
  P.GroupEntry = Run.GroupEntry;
  P.Regions = Run.Regions.data();
  P.NumRegions = Run.Regions.size();
  P.FrameBytes = Run.FrameBytes;
  P.Grid = G;
  P.Block = B;
  for (unsigned I = 0; I < device::kMaxBuffers; ++I) {
    P.Buffers[I] = C.buffers[I].data;
    P.BufferLengths[I] = C.buffers[I].length;
  }
  P.StaticThreadgroupBytes = StaticBytes;
  uint64_t Threadgroup = StaticBytes;
  for (const ArgBinding &A : Plan.Args) {
    if (A.K == ArgBinding::Kind::Buffer) {
      const device::BufferBinding &Bound = C.buffers[A.Location];
      if (!Bound.data && !A.Unused)
        return error(Fault::InvalidLaunch,
                     "buffer(" + std::to_string(A.Location) + ") is not bound");
      if (A.MinLength && Bound.length && Bound.length < A.MinLength)
        return error(Fault::InvalidLaunch,
                     "buffer(" + std::to_string(A.Location) + ") holds " +
                         std::to_string(Bound.length) +
                         " bytes; the kernel needs " +
                         std::to_string(A.MinLength));
    } else if (A.K == ArgBinding::Kind::ThreadgroupBuffer) {
      size_t Length = C.threadgroupLengths[A.Location];
      if (A.MinLength && Length < A.MinLength && !A.Unused)
        return error(Fault::InvalidLaunch,
                     "threadgroup(" + std::to_string(A.Location) + ") has " +
                         std::to_string(Length) + " bytes; the kernel needs " +
                         std::to_string(A.MinLength));
      if (!P.ThreadgroupLengths[A.Location]) {
        P.ThreadgroupLengths[A.Location] = Length;
        Threadgroup += (Length + 15) & ~size_t(15);
      }
    }
  }
  if (Threadgroup > kMaxThreadgroupMemory)
    return error(Fault::OutOfResources,
                 std::to_string(Threadgroup) +
                     " bytes of threadgroup memory exceed the limit of " +
                     std::to_string(kMaxThreadgroupMemory));
  P.Checked = D->Checked;
  P.UseFibers = Run.UseFibers || D->Checked;
  if (D->Checked) {
    P.Memory = &D->Memory;
    P.ExtraRanges = Ranges.data();
    P.NumExtraRanges = Ranges.size();
  }
  return runGrid(D->pool(), P);
}

class CpuLibrary final : public device::Library {
public:
  CpuLibrary(std::shared_ptr<DeviceShared> D, metallib::Library Lib)
      : D(std::move(D)), Lib(std::move(Lib)) {}

  device::Kernel *getKernel(const std::string &Name, Status &Err) override;

private:
  Status compile(const std::string &Name, std::unique_ptr<CpuKernel> &Out);

  struct Entry {
    std::unique_ptr<CpuKernel> K;
    Status Err;
  };

  std::shared_ptr<DeviceShared> D;
  metallib::Library Lib;
  std::mutex Mutex;
  std::unique_ptr<CpuJIT> JIT;
  std::map<std::string, Entry> Kernels;
  unsigned NextId = 0;
};

device::Kernel *CpuLibrary::getKernel(const std::string &Name, Status &Err) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Kernels.find(Name);
  if (It == Kernels.end()) {
    Entry E;
    E.Err = compile(Name, E.K);
    It = Kernels.emplace(Name, std::move(E)).first;
  }
  Err = It->second.Err;
  return It->second.K.get();
}

Status CpuLibrary::compile(const std::string &Name,
                           std::unique_ptr<CpuKernel> &Out) {
  const metallib::Function *F = nullptr;
  for (const metallib::Function &Fn : Lib.Functions)
    if (Fn.name() == Name) {
      F = &Fn;
      break;
    }
  if (!F)
    return Status::error(Fault::KernelNotFound,
                         "no function '" + Name + "' in the library");
  if (auto Type = F->type();
      Type && *Type != uint8_t(metallib::FunctionType::Kernel))
    return Status::error(Fault::InvalidImage,
                         "'" + Name + "' is a " +
                             metallib::functionTypeName(*Type).str() +
                             " function, not a kernel");
  if (!JIT) {
    auto J = CpuJIT::create();
    if (!J)
      return Status::error(Fault::LaunchFailure,
                           "cannot start the JIT: " +
                               llvm::toString(J.takeError()));
    JIT = std::move(*J);
  }
  PrepareOptions O;
  O.Triple = JIT->triple();
  O.Layout = &JIT->dataLayout();
  O.Checked = D->Checked;
  O.BarrierRegions = barrierRegionsRequested();
  O.Id = NextId++;
  auto P = prepareKernel(*F, O);
  if (!P)
    return Status::error(Fault::InvalidImage, llvm::toString(P.takeError()));
  JIT->optimize(*P->Module);
  Runner Run;
  Run.UseFibers = callsRendezvousFunctions(*P->Module);
  Run.FrameBytes = P->FrameBytes;
  if (llvm::Error E = JIT->add(std::move(P->Context), std::move(P->Module)))
    return Status::error(Fault::InvalidImage, "kernel '" + Name + "': " +
                                                  llvm::toString(std::move(E)));
  auto Lookup = [&](const std::string &Symbol, auto &Out) -> Status {
    auto Address = JIT->lookup(Symbol);
    if (!Address)
      return Status::error(Fault::InvalidImage,
                           "kernel '" + Name +
                               "': " + llvm::toString(Address.takeError()));
    Out = reinterpret_cast<std::remove_reference_t<decltype(Out)>>(
        uintptr_t(*Address));
    return Status::ok();
  };
  for (const std::string &Region : P->RegionNames)
    if (RegionFunction &F = Run.Regions.emplace_back(); !Region.empty())
      if (Status S = Lookup(Region, F); !S)
        return S;
  if (!P->EntryName.empty())
    if (Status S = Lookup(P->EntryName, Run.Entry); !S)
      return S;
  if (!Run.UseFibers && !P->GroupName.empty())
    if (Status S = Lookup(P->GroupName, Run.GroupEntry); !S)
      return S;
  std::vector<MemoryRange> Ranges;
  if (D->Checked) {
    auto Table = JIT->lookup(P->RangesName);
    if (!Table)
      return Status::error(Fault::InvalidImage,
                           "kernel '" + Name +
                               "': " + llvm::toString(Table.takeError()));
    struct RangeEntry {
      const char *Begin;
      uint64_t Size;
    };
    auto *R = reinterpret_cast<const RangeEntry *>(uintptr_t(*Table));
    for (size_t I = 0; I < P->NumRanges; ++I) {
      auto B = reinterpret_cast<uintptr_t>(R[I].Begin);
      Ranges.push_back({B, B + R[I].Size});
    }
  }
  Out =
      std::make_unique<CpuKernel>(D, Name, std::move(Run), std::move(P->Plan),
                                  P->StaticThreadgroupBytes, std::move(Ranges));
  return Status::ok();
}

class CpuDevice final : public device::Device {
public:
  explicit CpuDevice(bool Checked)
      : D(std::make_shared<DeviceShared>(Checked)) {}

  std::string name() const override {
    return D->Checked ? "cumetal cpu (checked)" : "cumetal cpu";
  }

  std::unique_ptr<device::Library> loadLibrary(const uint8_t *Data, size_t Size,
                                               Status &Err) override {
    if (!Data && Size) {
      Err = Status::error(Fault::InvalidImage, "no metallib bytes");
      return nullptr;
    }
    auto Lib = readMetallib(llvm::ArrayRef<uint8_t>(Data, Size));
    if (!Lib) {
      Err =
          Status::error(Fault::InvalidImage,
                        "invalid metallib: " + llvm::toString(Lib.takeError()));
      return nullptr;
    }
    Err = Status::ok();
    return std::make_unique<CpuLibrary>(D, std::move(*Lib));
  }

  void *allocate(size_t Bytes) override { return D->Memory.allocate(Bytes); }
  void release(void *Ptr) override { D->Memory.release(Ptr); }
  void copy(void *Dst, const void *Src, size_t Bytes) override {
    if (Bytes)
      std::memmove(Dst, Src, Bytes);
  }
  void fill(void *Dst, int Value, size_t Bytes) override {
    if (Bytes)
      std::memset(Dst, Value, Bytes);
  }

  size_t totalMemory() const override {
    long Pages = sysconf(_SC_PHYS_PAGES), Page = sysconf(_SC_PAGESIZE);
    return Pages > 0 && Page > 0 ? size_t(Pages) * size_t(Page) : 0;
  }
  size_t freeMemory() const override {
    size_t Total = totalMemory(), Used = D->Memory.bytesInUse();
    return Total > Used ? Total - Used : 0;
  }
  unsigned multiprocessorCount() const override {
    return DeviceShared::participants();
  }

private:
  std::shared_ptr<DeviceShared> D;
};

} // namespace

std::optional<ThreadMode> threadModeOf(const device::Kernel &K) {
  if (auto *C = dynamic_cast<const CpuKernel *>(&K))
    return C->mode();
  return std::nullopt;
}

} // namespace cumetal::cpu

namespace cumetal::device {

std::unique_ptr<Device> createCpuDevice(bool checked) {
  return std::make_unique<cpu::CpuDevice>(checked);
}

} // namespace cumetal::device

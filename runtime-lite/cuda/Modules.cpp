//===- Modules.cpp - registered device code -------------------------------===//
//
// Parses envelopes, keeps the stub -> kernel and shadow -> variable tables,
// and loads a module into the device on first use: the metallib becomes a
// backend library, the manifest's globals become the module's __device__
// and __constant__ blocks (device memory, initialised from the manifest).
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Runtime.h"

#include "runtime-lite/cuda/NvFatbin.h"
#include "runtime-lite/cuda/PtxCompilation.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace cumetal;
using namespace cumetal::rt;

namespace {
constexpr int kFatbinMagic = 0x466243B1;

/// Clang's __fatBinC_Wrapper_t.
struct FatbinWrapper {
  int magic;
  int version;
  const void *data;
  void *filename;
};
} // namespace

unsigned Function::maxThreads() const {
  unsigned N = meta ? meta->maxThreadsPerBlock : kMaxThreadsPerBlock;
  return N == 0 ? kMaxThreadsPerBlock : std::min(N, kMaxThreadsPerBlock);
}

Function *Module::functionNamed(const std::string &name) {
  auto It = functionsByName.find(name);
  if (It != functionsByName.end())
    return It->second;
  auto F = std::make_unique<Function>();
  F->module = this;
  F->name = name;
  Function *Raw = F.get();
  functions.push_back(std::move(F));
  functionsByName[name] = Raw;
  return Raw;
}

void *Module::addressLocked(const metallib::EnvelopeGlobal &g) const {
  uint8_t *Block = static_cast<uint8_t *>(
      g.space == metallib::EnvelopeGlobal::Space::Device ? deviceBlock
                                                         : constantBlock);
  return Block ? Block + g.offset : nullptr;
}

const metallib::EnvelopeGlobal *Module::global(const std::string &name) const {
  auto It = globalsByName.find(name);
  return It == globalsByName.end() ? nullptr : &env.globals[It->second];
}

Module *ModuleRegistry::create(const void *data, size_t size,
                               std::string source) {
  auto M = std::make_unique<Module>();
  M->source = std::move(source);
  if (!data) {
    M->error = "no device code";
  } else if (!metallib::isEnvelope(data)) {
    M->error = "the device code is not a cumetal envelope";
  } else {
    uint64_t Total = metallib::envelopeSize(data);
    if (size == 0)
      size = Total;
    if (Total == 0 || Total > size) {
      M->error = "the envelope's header is corrupt";
    } else {
      std::string Err;
      if (metallib::readEnvelope(static_cast<const uint8_t *>(data), Total,
                                 M->env, Err))
        M->valid = true;
      else
        M->error = Err;
    }
  }
  if (M->valid) {
    for (const metallib::EnvelopeKernel &K : M->env.kernels) {
      Function *F = M->functionNamed(K.name);
      F->meta = &K;
      F->maxDynamicShared = static_cast<int>(
          kSharedMemPerBlock -
          std::min<size_t>(K.staticSharedBytes, kSharedMemPerBlock));
    }
    for (size_t I = 0; I < M->env.globals.size(); ++I)
      M->globalsByName[M->env.globals[I].name] = I;
  }
  std::lock_guard<std::mutex> Lock(mu_);
  modules_.push_back(std::move(M));
  return modules_.back().get();
}

Module *ModuleRegistry::createFromWrapper(const void *wrapper) {
  if (!wrapper)
    return create(nullptr, 0, "");
  FatbinWrapper W;
  std::memcpy(&W, wrapper, sizeof(W));
  std::string Source = W.filename ? static_cast<const char *>(W.filename) : "";
  if (W.magic != kFatbinMagic) {
    Module *M = create(nullptr, 0, Source);
    M->error = "the fat binary wrapper has a bad magic number";
    return M;
  }
  if (isNvFatbin(W.data))
    return createFromNvFatbin(W.data);
  return create(W.data, 0, Source);
}

Module *ModuleRegistry::createFromNvFatbin(const void *fatbin) {
  std::string Source = "an NVIDIA fat binary";
  auto Fail = [&](llvm::Error E) {
    Module *M = create(nullptr, 0, Source);
    M->error = llvm::toString(std::move(E));
    return M;
  };
  auto Entries = readNvFatbin(fatbin);
  if (!Entries)
    return Fail(Entries.takeError());
  const NvFatbinEntry *Ptx = selectPtxEntry(*Entries);
  if (!Ptx) {
    std::string Cubins;
    for (const NvFatbinEntry &E : *Entries)
      if (E.kind == NvFatbinEntry::Cubin)
        Cubins += (Cubins.empty() ? " sm_" : ", sm_") + std::to_string(E.arch);
    return Fail(llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the NVIDIA fat binary holds no PTX, only NVIDIA machine code "
        "(cubins for" +
            Cubins +
            "); cumetal compiles PTX: build with -arch=sm_XX, or add "
            "-gencode arch=compute_XX,code=compute_XX"));
  }
  Source = "the PTX for compute_" + std::to_string(Ptx->arch) +
           " of an NVIDIA fat binary";
  auto Text = ptxText(*Ptx);
  if (!Text)
    return Fail(Text.takeError());
  auto Env = compilePtx(*Text);
  if (!Env)
    return Fail(Env.takeError());
  return create(Env->data(), Env->size(), Source);
}

void ModuleRegistry::destroy(Module *m, bool keepDeviceState) {
  std::unique_ptr<Module> Owned;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    for (auto It = functions_.begin(); It != functions_.end();)
      It = It->second->module == m ? functions_.erase(It) : std::next(It);
    for (auto It = vars_.begin(); It != vars_.end();)
      It = It->second.first == m ? vars_.erase(It) : std::next(It);
    linked_.erase(std::remove(linked_.begin(), linked_.end(), m),
                  linked_.end());
    auto It = std::find_if(modules_.begin(), modules_.end(),
                           [m](const auto &P) { return P.get() == m; });
    if (It == modules_.end())
      return;
    Owned = std::move(*It);
    modules_.erase(It);
    if (keepDeviceState) {
      // At exit the backend may already be going away: keep the device
      // state (and the module) rather than tear it down.
      retired_.push_back(std::move(Owned));
      return;
    }
  }
  std::lock_guard<std::mutex> Lock(Owned->mu);
  unloadLocked(Owned.get());
}

void ModuleRegistry::registerFunction(Module *m, const void *stub,
                                      const char *name) {
  if (!m || !stub || !name)
    return;
  Function *F;
  {
    std::lock_guard<std::mutex> Lock(m->mu);
    F = m->functionNamed(name);
    m->usedByRegistration = true;
  }
  std::lock_guard<std::mutex> Lock(mu_);
  functions_[stub] = F;
}

void ModuleRegistry::registerVar(Module *m, const void *shadow,
                                 const char *name) {
  if (!m || !shadow || !name)
    return;
  m->usedByRegistration = true;
  std::lock_guard<std::mutex> Lock(mu_);
  vars_[shadow] = {m, name};
}

Module *ModuleRegistry::registerLinkedImage(const void *envelope) {
  Module *M = create(envelope, 0, "device-linked image");
  bool HasManaged = false;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    linked_.push_back(M);
    // Managed variables registered before their image.
    for (auto It = pendingManaged_.begin(); It != pendingManaged_.end();) {
      auto G = M->globalsByName.find(It->second);
      if (!M->valid || G == M->globalsByName.end()) {
        ++It;
        continue;
      }
      M->managedVars.emplace_back(It->first, G->second);
      It = pendingManaged_.erase(It);
      HasManaged = true;
    }
  }
  if (HasManaged)
    ensureLoaded(M);
  return M;
}

void ModuleRegistry::registerManagedVar(Module *m, void **hostPtr,
                                        const char *name) {
  registerVar(m, hostPtr, name);
  Module *Target = m;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    if (m->env.relocatable()) {
      Target = linkedModuleWith(name, /*isKernel=*/false);
      if (!Target) {
        pendingManaged_.emplace_back(hostPtr, name);
        return;
      }
    }
  }
  auto G = Target->globalsByName.find(name);
  if (G == Target->globalsByName.end())
    return;
  bool Loaded;
  {
    std::lock_guard<std::mutex> Lock(Target->mu);
    Target->managedVars.emplace_back(hostPtr, G->second);
    Loaded = Target->loaded;
    if (Loaded)
      *hostPtr = Target->addressLocked(Target->env.globals[G->second]);
  }
  // A relocatable module's image is loaded here; a module of its own at
  // __cudaRegisterFatBinaryEnd, once all its variables are registered.
  if (!Loaded && Target != m)
    ensureLoaded(Target);
}

Module *ModuleRegistry::linkedModuleWith(const std::string &name,
                                         bool isKernel) {
  for (Module *L : linked_) {
    if (!L->valid)
      continue;
    if (isKernel ? std::any_of(L->env.kernels.begin(), L->env.kernels.end(),
                               [&](const metallib::EnvelopeKernel &K) {
                                 return K.name == name;
                               })
                 : L->globalsByName.count(name) != 0)
      return L;
  }
  return nullptr;
}

Function *ModuleRegistry::function(const void *stub) {
  std::lock_guard<std::mutex> Lock(mu_);
  auto It = functions_.find(stub);
  if (It == functions_.end())
    return nullptr;
  Function *F = It->second;
  // Relocatable device code: the kernel lives in the device-linked image.
  if (F->module->env.relocatable())
    if (Module *L = linkedModuleWith(F->name, /*isKernel=*/true)) {
      std::lock_guard<std::mutex> ModuleLock(L->mu);
      It->second = F = L->functionNamed(F->name);
    }
  if (F->module->env.relocatable() && !F->reportedUnlinked) {
    F->reportedUnlinked = true;
    std::fprintf(stderr,
                 "cumetal: kernel '%s' is relocatable device code "
                 "(-rdc=true) and no device-linked image has it: link the "
                 "program with cumetalc, or add the object of cumetalc "
                 "-dlink and -lcudadevrt\n",
                 F->name.c_str());
  }
  return F;
}

bool ModuleRegistry::variable(const void *shadow, Module *&m,
                              const metallib::EnvelopeGlobal *&g) {
  std::lock_guard<std::mutex> Lock(mu_);
  auto It = vars_.find(shadow);
  if (It == vars_.end()) {
    // A managed variable named by its device memory (the host's
    // `counter` is *pointer, so &counter is that memory).
    for (const auto &Mod : modules_)
      for (const auto &MV : Mod->managedVars)
        if (*MV.first == shadow) {
          m = Mod.get();
          g = &m->env.globals[MV.second];
          return true;
        }
    return false;
  }
  if (It->second.first->env.relocatable())
    if (Module *L = linkedModuleWith(It->second.second, /*isKernel=*/false))
      It->second.first = L;
  m = It->second.first;
  g = m->global(It->second.second);
  return g != nullptr;
}

bool ModuleRegistry::isModule(const Module *m) {
  std::lock_guard<std::mutex> Lock(mu_);
  return std::any_of(modules_.begin(), modules_.end(),
                     [m](const auto &P) { return P.get() == m; });
}

void ModuleRegistry::report(Module *m) {
  std::lock_guard<std::mutex> Lock(m->mu);
  if (m->reported)
    return;
  m->reported = true;
  std::fprintf(stderr, "cumetal: cannot load the device code%s%s: %s\n",
               m->source.empty() ? "" : " of ", m->source.c_str(),
               m->error.c_str());
}

cudaError_t ModuleRegistry::ensureLoaded(Module *m) {
  if (!m->valid) {
    report(m);
    return cudaErrorInvalidKernelImage;
  }
  device::Device *Dev;
  if (cudaError_t E = Runtime::get().device(Dev))
    return E;
  std::unique_lock<std::mutex> Lock(m->mu);
  if (m->loaded)
    return cudaSuccess;
  if (m->loadError != cudaSuccess)
    return m->loadError;
  device::Status St;
  const std::vector<uint8_t> &Lib = m->env.metallib;
  m->library = Dev->loadLibrary(Lib.data(), Lib.size(), St);
  if (!m->library) {
    m->error =
        St.message.empty() ? "the backend rejected the metallib" : St.message;
    m->loadError = cudaErrorInvalidKernelImage;
    Lock.unlock();
    report(m);
    return cudaErrorInvalidKernelImage;
  }
  // The globals blocks: at least 16 bytes so that every kernel can bind
  // them, zero-filled, then the manifest's initial values.
  auto MakeBlock = [&](uint64_t size, void *&block) {
    size_t Bytes = std::max<uint64_t>(size, 16);
    block = Dev->allocate(Bytes);
    if (!block)
      return false;
    Dev->fill(block, 0, Bytes);
    Runtime::get().memory.add(block, Bytes, MemKind::Module);
    return true;
  };
  if (!MakeBlock(m->env.deviceGlobalsSize, m->deviceBlock) ||
      !MakeBlock(m->env.constantGlobalsSize, m->constantBlock)) {
    unloadLocked(m);
    return cudaErrorMemoryAllocation;
  }
  for (const metallib::EnvelopeGlobal &G : m->env.globals)
    if (!G.init.empty())
      Dev->copy(m->addressLocked(G), G.init.data(), G.init.size());
  for (auto &MV : m->managedVars)
    *MV.first = m->addressLocked(m->env.globals[MV.second]);
  m->loaded = true;
  return cudaSuccess;
}

cudaError_t ModuleRegistry::kernel(Function *f, device::Kernel *&out) {
  if (cudaError_t E = ensureLoaded(f->module))
    return E;
  Module *M = f->module;
  std::lock_guard<std::mutex> Lock(M->mu);
  if (!f->meta)
    return cudaErrorInvalidDeviceFunction;
  if (!f->kernel) {
    device::Status St;
    f->kernel = M->library->getKernel(f->name, St);
    if (!f->kernel) {
      bool IsSticky;
      cudaError_t E = faultToError(St.fault, IsSticky);
      if (!St.message.empty())
        std::fprintf(stderr, "cumetal: kernel '%s': %s\n", f->name.c_str(),
                     St.message.c_str());
      return E == cudaSuccess ? cudaErrorInvalidDeviceFunction : E;
    }
  }
  out = f->kernel;
  return cudaSuccess;
}

void *ModuleRegistry::address(Module *m, const metallib::EnvelopeGlobal &g) {
  std::lock_guard<std::mutex> Lock(m->mu);
  return m->addressLocked(g);
}

void ModuleRegistry::unloadLocked(Module *m) {
  device::Device *Dev = Runtime::get().existingDevice();
  for (auto &F : m->functions)
    F->kernel = nullptr;
  m->library.reset();
  for (void **Block : {&m->deviceBlock, &m->constantBlock}) {
    if (*Block) {
      Runtime::get().memory.remove(*Block);
      if (Dev)
        Dev->release(*Block);
      *Block = nullptr;
    }
  }
  m->loaded = false;
  m->loadError = cudaSuccess;
}

void ModuleRegistry::unloadAll() {
  std::vector<Module *> All;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    for (auto &M : modules_)
      All.push_back(M.get());
  }
  for (Module *M : All) {
    std::lock_guard<std::mutex> Lock(M->mu);
    unloadLocked(M);
  }
}

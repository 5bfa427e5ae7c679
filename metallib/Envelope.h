//===- metallib/Envelope.h - cumetal's envelope around a metallib -*- C++
//-*-===//
//
// Host objects embed a metallib through Clang's -fcuda-include-gpubinary. The
// runtime needs a little more than the metallib to launch kernels without
// reading LLVM IR: each kernel's parameter layout, its bindings, the module's
// __device__/__constant__ variables and the printf format strings. The
// envelope carries that manifest (JSON) next to the unchanged metallib bytes.
// Layout and schema: docs/abi.md §2.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_METALLIB_ENVELOPE_H
#define CUMETAL_METALLIB_ENVELOPE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cumetal {
namespace metallib {

/// One CUDA kernel parameter as laid out in the parameter block.
struct EnvelopeParam {
  uint32_t offset = 0;
  uint32_t size = 0;
  uint32_t align = 1;
};

struct EnvelopeKernel {
  std::string name; ///< mangled device name, also the AIR function name
  std::vector<EnvelopeParam> params;
  uint32_t paramBlockSize = 8;
  uint32_t staticSharedBytes = 0;
  uint32_t maxThreadsPerBlock = 1024;
  std::vector<uint32_t> buffers; ///< [[buffer(i)]] indices the kernel binds
  bool dynamicShared = false;    ///< binds [[threadgroup(0)]]
};

struct EnvelopeGlobal {
  enum class Space { Device, Constant };
  std::string name; ///< mangled device name, as __cudaRegisterVar passes it
  Space space = Space::Device;
  uint64_t offset = 0; ///< in the device or constant globals block
  uint64_t size = 0;
  uint64_t align = 1;
  std::vector<uint8_t> init; ///< empty: zero-initialised
};

struct Envelope {
  std::vector<EnvelopeKernel> kernels;
  std::vector<EnvelopeGlobal> globals;
  uint64_t deviceGlobalsSize = 0;
  uint64_t constantGlobalsSize = 0;
  std::vector<std::string> printfFormats;
  std::vector<uint8_t> metallib;
  /// Relocatable device code (-rdc=true): the shared IR as LLVM bitcode,
  /// lowered only when the device link joins it with the other files'
  /// (docs/abi.md §2.1). Such an envelope has no metallib, kernels or
  /// globals of its own: the runtime finds them, by name, in the image the
  /// device link registers.
  std::vector<uint8_t> relocatableIR;
  bool relocatable() const { return !relocatableIR.empty(); }
};

/// The atomic lock table a kernel binds at [[buffer(4)]] (docs/abi.md §5):
/// this many 32-bit lock words, zero while no emulated 64-bit atomic holds
/// them. The compiler hashes addresses into it; the runtime allocates it.
constexpr uint32_t kAtomicLockCount = 4096;

/// The envelope's fixed header size and magic.
constexpr size_t kEnvelopeHeaderSize = 32;
constexpr char kEnvelopeMagic[8] = {'C', 'U', 'M', 'T', 'L', 'E', 'N', 'V'};
constexpr uint32_t kEnvelopeVersion = 1;

/// Serialises E (deterministic: same envelope, same bytes).
std::vector<uint8_t> writeEnvelope(const Envelope &E);

/// True if Data (at least kEnvelopeHeaderSize bytes readable) starts with the
/// envelope magic.
bool isEnvelope(const void *Data);

/// Total byte size of the envelope whose header is at Data, or 0 if the
/// header is not an envelope's or its sizes overflow.
uint64_t envelopeSize(const void *Data);

/// Parses Size bytes at Data. On failure returns false and explains in Error;
/// never reads past Data + Size.
bool readEnvelope(const uint8_t *Data, size_t Size, Envelope &Out,
                  std::string &Error);

} // namespace metallib
} // namespace cumetal

#endif // CUMETAL_METALLIB_ENVELOPE_H

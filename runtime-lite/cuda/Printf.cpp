//===- Printf.cpp - device printf buffers and their output --------------===//
//
// Formats the records of a printf buffer (docs/abi.md §4) with the host's
// printf: each conversion specification of the format string is taken
// apart (flags, width, precision, length, conversion) and its argument read
// at the size and alignment vprintf packs it with: 4 bytes for int-sized
// integers and %c, 8 for long/long long/size_t/ptrdiff_t/intmax_t integers,
// pointers (%p) and floating point (%f %e %g %a, floats promoted to
// double); '*' widths and precisions are 4-byte ints. A %s argument is an
// 8-byte slot locating the string's bytes, which the device copied into the
// record.
//
//===----------------------------------------------------------------------===//

#include "runtime-lite/cuda/Printf.h"

#include <cstdio>
#include <cstring>

using namespace cumetal;
using namespace cumetal::rt;

namespace {

/// Reads the arguments of a record (which starts at \p record and has
/// \p size bytes), each aligned to its own size, from offset 8.
class ArgReader {
public:
  ArgReader(const uint8_t *record, size_t size) : data_(record), size_(size) {}

  bool read(void *out, size_t bytes) {
    size_t Pos = (pos_ + bytes - 1) / bytes * bytes;
    if (Pos > size_ || bytes > size_ - Pos)
      return false;
    std::memcpy(out, data_ + Pos, bytes);
    pos_ = Pos + bytes;
    return true;
  }

  /// Reads a %s argument: its slot holds the string's offset in the record
  /// (high half) and length (low half), or all ones for a null pointer.
  bool readString(std::string &out, bool &isNull) {
    uint64_t Slot = 0;
    if (!read(&Slot, 8))
      return false;
    isNull = Slot == ~uint64_t(0);
    if (isNull)
      return true;
    size_t At = Slot >> 32, Len = Slot & 0xffffffffu;
    if (At > size_ || Len > size_ - At)
      return false;
    out.assign(reinterpret_cast<const char *>(data_ + At), Len);
    return true;
  }

private:
  const uint8_t *data_;
  size_t size_;
  size_t pos_ = 8;
};

template <typename... Ts>
void appendf(std::string &out, const char *fmt, Ts... args) {
  char Buf[512];
  int N = std::snprintf(Buf, sizeof(Buf), fmt, args...);
  if (N < 0)
    return;
  if (static_cast<size_t>(N) < sizeof(Buf)) {
    out.append(Buf, N);
    return;
  }
  std::string Big(static_cast<size_t>(N) + 1, '\0');
  std::snprintf(&Big[0], Big.size(), fmt, args...);
  out.append(Big.data(), N);
}

/// Formats one record's format string with its arguments.
void formatRecord(const std::string &fmt, ArgReader &args, std::string &out) {
  size_t I = 0, N = fmt.size();
  while (I < N) {
    char C = fmt[I];
    if (C != '%') {
      out.push_back(C);
      ++I;
      continue;
    }
    size_t Start = I++;
    if (I < N && fmt[I] == '%') {
      out.push_back('%');
      ++I;
      continue;
    }
    // Flags, width, precision: rebuild the specification for the host
    // printf, with '*' replaced by the value read from the record.
    std::string Spec = "%";
    while (I < N && std::strchr("-+ #0'", fmt[I]))
      Spec.push_back(fmt[I++]);
    auto Number = [&](bool &ok) {
      if (I < N && fmt[I] == '*') {
        ++I;
        int32_t V = 0;
        ok = args.read(&V, 4);
        Spec += std::to_string(V);
        return;
      }
      while (I < N && fmt[I] >= '0' && fmt[I] <= '9')
        Spec.push_back(fmt[I++]);
    };
    bool Ok = true;
    Number(Ok);
    if (I < N && fmt[I] == '.') {
      Spec.push_back(fmt[I++]);
      Number(Ok);
    }
    // Length modifier: decides the argument's size on the device.
    std::string Length;
    while (I < N && std::strchr("hlLqjzt", fmt[I]))
      Length.push_back(fmt[I++]);
    if (I >= N || !Ok) {
      out.append(fmt, Start, std::string::npos);
      return;
    }
    char Conv = fmt[I++];
    // NVIDIA's printf has no z, j or t length modifiers: it prints such a
    // conversion as written (recorded on an H100,
    // test/conformance/programs/34_device_printf.cu); the 8-byte argument
    // is skipped.
    if (Length == "z" || Length == "j" || Length == "t") {
      int64_t Skipped;
      if (!args.read(&Skipped, 8))
        return;
      out.append(fmt, Start, I - Start);
      continue;
    }
    bool Wide = Length == "l" || Length == "ll" || Length == "q" ||
                Length == "j" || Length == "z" || Length == "t";
    switch (Conv) {
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X': {
      if (Wide) {
        int64_t V = 0;
        if (!args.read(&V, 8))
          return;
        appendf(out, (Spec + "ll" + Conv).c_str(), static_cast<long long>(V));
      } else {
        int32_t V = 0;
        if (!args.read(&V, 4))
          return;
        // h and hh are kept: the host printf narrows the int as the
        // device's would.
        std::string L = (Length == "h" || Length == "hh") ? Length : "";
        appendf(out, (Spec + L + Conv).c_str(), static_cast<int>(V));
      }
      break;
    }
    case 'c': {
      int32_t V = 0;
      if (!args.read(&V, 4))
        return;
      appendf(out, (Spec + Conv).c_str(), static_cast<int>(V));
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A': {
      double V = 0;
      if (!args.read(&V, 8))
        return;
      appendf(out, (Spec + Conv).c_str(), V);
      break;
    }
    case 's': {
      std::string S;
      bool IsNull = false;
      if (!args.readString(S, IsNull))
        return;
      appendf(out, (Spec + Conv).c_str(), IsNull ? "(null)" : S.c_str());
      break;
    }
    case 'p': {
      uint64_t P = 0;
      if (!args.read(&P, 8))
        return;
      appendf(out, (Spec + Conv).c_str(), reinterpret_cast<void *>(P));
      break;
    }
    case 'n': { // not supported on the device: consume the pointer
      uint64_t P = 0;
      if (!args.read(&P, 8))
        return;
      break;
    }
    default: // unknown conversion: print it as written
      out.append(fmt, Start, I - Start);
      break;
    }
  }
}

} // namespace

std::string rt::formatPrintfRecords(const uint8_t *data, size_t size,
                                    const std::vector<std::string> &formats,
                                    std::string *assertions) {
  std::string Out;
  size_t Pos = 0;
  while (Pos + 8 <= size) {
    uint32_t RecSize, FormatId;
    std::memcpy(&RecSize, data + Pos, 4);
    std::memcpy(&FormatId, data + Pos + 4, 4);
    if (RecSize < 8 || RecSize % 8 != 0 || RecSize > size - Pos)
      break;
    // Bit 31: an assertion message, for stderr (docs/abi.md §4).
    bool Assertion = FormatId & 0x80000000u;
    FormatId &= 0x7fffffffu;
    if (FormatId < formats.size()) {
      ArgReader Args(data + Pos, RecSize);
      formatRecord(formats[FormatId], Args,
                   Assertion && assertions ? *assertions : Out);
    }
    Pos += RecSize;
  }
  return Out;
}

void *PrintfSystem::acquire(device::Device &dev, size_t &length) {
  void *Buf = nullptr;
  size_t Fifo;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    Fifo = fifoSize_;
    length = sizeof(PrintfHeader) + Fifo;
    if (!pool_.empty() && pool_.back().second == length) {
      Buf = pool_.back().first;
      pool_.pop_back();
    }
  }
  if (!Buf)
    Buf = dev.allocate(length);
  if (!Buf)
    return nullptr;
  PrintfHeader H{0, static_cast<uint32_t>(Fifo), 0, 0};
  dev.copy(Buf, &H, sizeof(H));
  return Buf;
}

uint32_t PrintfSystem::drain(device::Device &dev, void *buffer, size_t length,
                             const std::vector<std::string> &formats) {
  PrintfHeader H;
  dev.copy(&H, buffer, sizeof(H));
  size_t Used = H.cursor;
  size_t Cap = length - sizeof(PrintfHeader);
  if (Used > Cap)
    Used = Cap; // records that did not fit were dropped
  if (Used) {
    std::vector<uint8_t> Data(Used);
    dev.copy(Data.data(), static_cast<uint8_t *>(buffer) + sizeof(H), Used);
    std::string Assertions;
    std::string Text =
        formatPrintfRecords(Data.data(), Used, formats, &Assertions);
    if (!Assertions.empty()) {
      std::fwrite(Assertions.data(), 1, Assertions.size(), stderr);
      std::fflush(stderr);
    }
    std::lock_guard<std::mutex> Lock(outMu_);
    out_ += Text;
  }
  {
    std::lock_guard<std::mutex> Lock(mu_);
    if (length == sizeof(PrintfHeader) + fifoSize_) {
      pool_.emplace_back(buffer, length);
      return H.status;
    }
  }
  dev.release(buffer);
  return H.status;
}

void PrintfSystem::flush() {
  std::string Text;
  {
    std::lock_guard<std::mutex> Lock(outMu_);
    Text.swap(out_);
  }
  if (!Text.empty()) {
    std::fwrite(Text.data(), 1, Text.size(), stdout);
    std::fflush(stdout);
  }
}

std::string PrintfSystem::pending() {
  std::lock_guard<std::mutex> Lock(outMu_);
  return out_;
}

size_t PrintfSystem::fifoSize() {
  std::lock_guard<std::mutex> Lock(mu_);
  return fifoSize_;
}

void PrintfSystem::setFifoSize(size_t bytes) {
  std::lock_guard<std::mutex> Lock(mu_);
  fifoSize_ = bytes;
}

void PrintfSystem::releaseAll(device::Device *dev) {
  std::vector<std::pair<void *, size_t>> Pool;
  {
    std::lock_guard<std::mutex> Lock(mu_);
    Pool.swap(pool_);
  }
  if (dev)
    for (auto &B : Pool)
      dev->release(B.first);
}

//===- Printf.h - device printf buffers and their output ---------*- C++
//-*-===//
//
// Kernels that call printf bind a printf buffer at [[buffer(2)]]
// (docs/abi.md §4). The runtime hands each such launch a buffer from a
// pool, formats the records after the launch with the host's printf
// semantics, and queues the text; the text reaches stdout at the points
// where CUDA flushes device printf output (launches, synchronisation,
// blocking copies, reset, exit).
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_RUNTIME_CUDA_PRINTF_H
#define CUMETAL_RUNTIME_CUDA_PRINTF_H

#include "runtime-lite/device/Device.h"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace cumetal::rt {

/// Header of the printf buffer (docs/abi.md §4).
struct PrintfHeader {
  uint32_t cursor;
  uint32_t capacity;
  uint32_t status;
  uint32_t reserved;
};
constexpr uint32_t kPrintfStatusAssert = 1u << 0;
constexpr uint32_t kPrintfStatusTrap = 1u << 1;

/// Formats the records in Data[0, Size) (the data area of a printf
/// buffer) with the format strings Formats. Stops at the first malformed
/// record.
/// Records whose format id has bit 31 set are assertion messages: they go
/// to \p assertions when given (else with the rest).
std::string formatPrintfRecords(const uint8_t *data, size_t size,
                                const std::vector<std::string> &formats,
                                std::string *assertions = nullptr);

class PrintfSystem {
public:
  /// A buffer of the current FIFO size with its header initialised; null
  /// when the device is out of memory. Length receives its total size.
  void *acquire(device::Device &dev, size_t &length);
  /// Formats what a launch wrote into Buffer, queues the text, returns the
  /// status word and gives the buffer back to the pool.
  uint32_t drain(device::Device &dev, void *buffer, size_t length,
                 const std::vector<std::string> &formats);
  /// Writes queued text to stdout.
  void flush();
  /// Text queued and not yet flushed (tests).
  std::string pending();

  size_t fifoSize();
  void setFifoSize(size_t bytes);
  /// Frees the pooled buffers (reset, FIFO size change).
  void releaseAll(device::Device *dev);

private:
  std::mutex mu_;
  size_t fifoSize_ = 1u << 20;
  std::vector<std::pair<void *, size_t>> pool_;
  std::mutex outMu_;
  std::string out_;
};

} // namespace cumetal::rt

#endif // CUMETAL_RUNTIME_CUDA_PRINTF_H

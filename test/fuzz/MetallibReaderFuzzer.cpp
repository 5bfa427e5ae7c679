//===- test/fuzz/MetallibReaderFuzzer.cpp - Fuzz the metallib reader ------===//
//
// libFuzzer target: any byte string must either be rejected with a
// FormatError or parse into a model that the writer serialises and the
// reader reads back to the same bytes. Crashes, out-of-bounds reads (under
// AddressSanitizer) and round-trip mismatches are findings.
//
//===----------------------------------------------------------------------===//

#include "metallib/Metallib.h"

#include <cstdlib>

using namespace cumetal::metallib;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  auto Lib = readLibrary(llvm::ArrayRef<uint8_t>(Data, Size));
  if (!Lib) {
    llvm::consumeError(Lib.takeError());
    return 0;
  }
  auto Bytes = writeLibrary(*Lib);
  if (!Bytes) {
    llvm::consumeError(Bytes.takeError());
    return 0;
  }
  auto Again = readLibrary(*Bytes);
  if (!Again)
    abort(); // the writer produced something the reader rejects
  auto Bytes2 = writeLibrary(*Again);
  if (!Bytes2 || *Bytes2 != *Bytes)
    abort(); // not a fixed point
  for (const Function &F : Again->Functions)
    (void)F.computedHash();
  return 0;
}

//===- air/lower/PrintfBuffer.h - Records in the printf buffer --*- C++ -*-===//
//
// The device side of docs/abi.md §4, shared by device printf and by
// assert/__trap: appending a record to the printf buffer at [[buffer(2)]]
// and raising a status bit the runtime turns into a launch error.
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_AIR_LOWER_PRINTFBUFFER_H
#define CUMETAL_AIR_LOWER_PRINTFBUFFER_H

#include "air/lower/LoweringContext.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/IRBuilder.h"

namespace cumetal {
namespace air {

/// Format ids with this bit set are assertion messages (printed to stderr).
constexpr uint32_t kAssertFormatBit = 0x80000000u;

/// Status bits (docs/abi.md §4).
enum : uint32_t { StatusAssert = 1, StatusTrap = 2 };

/// \p Text with every '%' doubled, for use inside a printf format.
std::string escapePercent(llvm::StringRef Text);

/// Returns the id of \p Format in the module's format table, adding it.
uint32_t printfFormatId(LoweringContext &Ctx, const std::string &Format);

/// Appends a record {size, \p FormatId, Args...} (each argument at its
/// natural alignment) at \p B's insertion point in \p F, if it fits.
/// Arguments marked in \p IsString are `i8` pointers (in any address
/// space, possibly null) whose C strings are copied into the record's
/// string area, their slot holding the bytes' place (docs/abi.md §4).
/// Leaves \p B after the record code.
void emitPrintfRecord(llvm::IRBuilder<> &B, llvm::Function &F,
                      LoweringContext &Ctx, uint32_t FormatId,
                      llvm::ArrayRef<llvm::Value *> Args,
                      llvm::ArrayRef<bool> IsString = {});

/// Atomically ORs \p Bits into the buffer's status word.
void emitStatus(llvm::IRBuilder<> &B, llvm::Function &F, LoweringContext &Ctx,
                uint32_t Bits);

} // namespace air
} // namespace cumetal

#endif // CUMETAL_AIR_LOWER_PRINTFBUFFER_H

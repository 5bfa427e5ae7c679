//===- PrintfTest.cpp - device printf output
//--------------------------------===//
//
// Records written into the printf buffer (docs/abi.md §4) are formatted
// with host printf semantics, arguments read at vprintf's sizes and
// alignments, and reach stdout at CUDA's flush points.
//
//===----------------------------------------------------------------------===//

#include "FakeDevice.h"

#include "cuda_runtime.h"
#include "runtime-lite/cuda/Printf.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace cumetal;
using namespace cumetal::test;

namespace {

const char StubP = 0;

class PrintfTest : public RuntimeTest {
protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    metallib::Envelope E;
    E.kernels.push_back(kernel("p", {}, 8, {0, 2}));
    E.printfFormats = {
        "i=%d f=%f s=%s\n",
        "[%5.2f|%-4d|%lld|%c|%x|%%|%u]\n",
        "%*d|%.*f|%ld|%hhd|%zu\n",
        "%p %e %g %a\n",
        "no args\n",
    };
    registerModule(E).function(&StubP, "p");
  }
  std::string run() {
    testing::internal::CaptureStdout();
    EXPECT_EQ(cudaLaunchKernel(&StubP, 1, 1, nullptr, 0, nullptr), cudaSuccess);
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    return testing::internal::GetCapturedStdout();
  }
};

TEST_F(PrintfTest, FormatsRecords) {
  static const char Name[] = "block";
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &C) {
    EXPECT_GE(C.buffers[2].length, 16u + (1u << 20));
    PrintfWriter W(C.buffers[2]);
    W.record(0).i32(-3).f64(1.5).str(Name).done();
    W.record(1)
        .f64(3.14159)
        .i32(7)
        .i64(-1234567890123LL)
        .i32('Z')
        .i32(255)
        .i32(-1)
        .done();
    W.record(2)
        .i32(6)
        .i32(42)
        .i32(3)
        .f64(2.0 / 3)
        .i64(1LL << 40)
        .i32(300)
        .i64(17)
        .done();
    W.record(3).ptr(nullptr).f64(12345.678).f64(0.0001).f64(1.0).done();
    W.record(4).done();
    W.record(0).i32(1).f64(0).str(nullptr).done();
    return device::Status::ok();
  };
  EXPECT_EQ(
      run(),
      "i=-3 f=1.500000 s=block\n"
      "[ 3.14|7   |-1234567890123|Z|ff|%|4294967295]\n"
      "    42|0.667|1099511627776|44|%zu\n" // NVIDIA prints %zu as written
      "(nil) 1.234568e+04 0.0001 0x1p+0\n"
      "no args\n"
      "i=1 f=0.000000 s=(null)\n");
}

TEST_F(PrintfTest, StringSlotsOutsideTheRecordStopTheRecord) {
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &C) {
    PrintfWriter W(C.buffers[2]);
    // A %s slot pointing past its record: the record's text ends there,
    // the next record is still printed.
    W.record(0).i32(7).f64(0).i64(int64_t(4096) << 32 | 5).done();
    W.record(4).done();
    return device::Status::ok();
  };
  EXPECT_EQ(run(), "i=7 f=0.000000 s=no args\n");
}

TEST_F(PrintfTest, OutputWaitsForAFlushPoint) {
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &C) {
    PrintfWriter(C.buffers[2]).record(4).done();
    return device::Status::ok();
  };
  cudaStream_t S;
  ASSERT_EQ(cudaStreamCreate(&S), cudaSuccess);
  testing::internal::CaptureStdout();
  ASSERT_EQ(cudaLaunchKernel(&StubP, 1, 1, nullptr, 0, S), cudaSuccess);
  // Wait for the kernel without a flush point: the text stays queued.
  while (cudaStreamQuery(S) == cudaErrorNotReady)
    ;
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(rt::pendingPrintfOutputForTesting(), "no args\n");
  testing::internal::CaptureStdout();
  ASSERT_EQ(cudaStreamSynchronize(S), cudaSuccess);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "no args\n");
  cudaStreamDestroy(S);
}

TEST_F(PrintfTest, RecordsThatDidNotFitAreDropped) {
  ASSERT_EQ(cudaDeviceSetLimit(cudaLimitPrintfFifoSize, 32), cudaSuccess);
  size_t Fifo = 0;
  ASSERT_EQ(cudaDeviceGetLimit(&Fifo, cudaLimitPrintfFifoSize), cudaSuccess);
  EXPECT_EQ(Fifo, 32u);
  dev->onLaunch = [](const std::string &, const device::LaunchConfig &C) {
    EXPECT_EQ(C.buffers[2].length, 16u + 32u);
    PrintfWriter W(C.buffers[2]);
    for (int I = 0; I < 6; ++I)
      W.record(4).done(); // 8 bytes each: 4 fit
    return device::Status::ok();
  };
  EXPECT_EQ(run(), "no args\nno args\nno args\nno args\n");
}

TEST(PrintfFormat, MalformedRecordsStopTheDrain) {
  std::vector<std::string> Formats = {"a%d\n"};
  uint8_t Data[24] = {};
  uint32_t Size = 16, Id = 0, Arg = 5;
  std::memcpy(Data, &Size, 4);
  std::memcpy(Data + 4, &Id, 4);
  std::memcpy(Data + 8, &Arg, 4);
  Size = 12; // not a multiple of 8
  std::memcpy(Data + 16, &Size, 4);
  EXPECT_EQ(rt::formatPrintfRecords(Data, sizeof(Data), Formats), "a5\n");
  // An unknown format id is skipped; a missing argument ends the record.
  Id = 9;
  std::memcpy(Data + 4, &Id, 4);
  EXPECT_EQ(rt::formatPrintfRecords(Data, 16, Formats), "");
  std::vector<std::string> TwoArgs = {"%d %d|"};
  Id = 0;
  Size = 16;
  std::memcpy(Data, &Size, 4);
  std::memcpy(Data + 4, &Id, 4);
  EXPECT_EQ(rt::formatPrintfRecords(Data, 16, TwoArgs), "5 0|");
  Size = 8;
  std::memcpy(Data, &Size, 4);
  EXPECT_EQ(rt::formatPrintfRecords(Data, 8, TwoArgs), "");
}

} // namespace

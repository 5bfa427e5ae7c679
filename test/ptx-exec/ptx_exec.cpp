//===- test/ptx-exec/ptx_exec.cpp - Run one PTX test kernel ---------------===//
//
// The harness of the PTX execution tests (test/lit/ptx/exec): loads a
// module image with the CUDA driver API, runs one kernel over generated
// inputs and prints its outputs as hex words. The same source is built
//   - against cumetal's runtime (CMake: build/bin/ptx_exec), where the
//     image is cumetalc's fat binary of the .ptx (cumetalc -fatbin), and
//   - with nvcc against NVIDIA's driver (record_golden.sh), where the image
//     is the .ptx itself, JIT-compiled by the driver,
// so the expected outputs come from a real NVIDIA GPU running the very
// same PTX.
//
// Every test kernel has the parameters (.u64 out, .u64 in, .u32 n). The
// input holds n records of --in-bytes bytes: 32-bit words taken first from
// a table of interesting patterns (integer limits, float specials,
// denormals, halves, rounding boundaries), then from a fixed xorshift
// sequence. The output holds n records of --out-bytes bytes, filled with
// 0xa5 before the launch.
//
// Usage: ptx_exec IMAGE KERNEL [--count N] [--in-bytes K] [--out-bytes M]
//                 [--block B] [--shared BYTES]
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const uint32_t kPatterns[] = {
    0x00000000, 0x00000001, 0x00000002, 0x00000003, 0xffffffff, 0xfffffffe,
    0x7fffffff, 0x80000000, 0x80000001, 0x00010000, 0x0000ffff, 0x12345678,
    0xdeadbeef, 0x0000001f, 0x00000020, 0x00000021, 0x3f800000, 0xbf800000,
    0x40000000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x7f800000,
    0xff800000, 0x7fc00000, 0xffc00001, 0x00000001, 0x807fffff, 0x00800000,
    0x7f7fffff, 0x4b000000, 0x4b7fffff, 0x3eaaaaab, 0x42f6e979, 0xc2f6e979,
    0x4f000000, 0xcf000000, 0x5f000000, 0x3f7fffff, 0x3f800001, 0x40490fdb,
    0xc0490fdb, 0x41200000, 0x3dcccccd, 0x80000000, 0x3effffff, 0x3f400000,
    0x00003c00, 0x3c003c00, 0x7c00fc00, 0x00007e00, 0x3555c001, 0x00010001,
    0x3f80bf80, 0x7f80ff80, 0x3ff00000, 0x7ff00000, 0x7ff80000, 0xfff00000,
    0x40091eb8, 0x000003ff, 0xc7000000, 0x477fe000,
};

int usage() {
  std::fprintf(stderr,
               "usage: ptx_exec IMAGE KERNEL [--count N] [--in-bytes K] "
               "[--out-bytes M] [--block B] [--shared BYTES]\n");
  return 2;
}

bool check(CUresult R, const char *What) {
  if (R == CUDA_SUCCESS)
    return true;
  const char *Name = nullptr;
  cuGetErrorName(R, &Name);
  std::printf("error: %s: %s\n", What, Name ? Name : "unknown error");
  return false;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3)
    return usage();
  std::string ImagePath = argv[1], Kernel = argv[2];
  unsigned Count = 64, InBytes = 4, OutBytes = 4, Block = 32, Shared = 0;
  for (int I = 3; I < argc; ++I) {
    std::string A = argv[I];
    if (I + 1 >= argc)
      return usage();
    unsigned V = static_cast<unsigned>(std::strtoul(argv[++I], nullptr, 0));
    if (A == "--count")
      Count = V;
    else if (A == "--in-bytes")
      InBytes = V;
    else if (A == "--out-bytes")
      OutBytes = V;
    else if (A == "--block")
      Block = V;
    else if (A == "--shared")
      Shared = V;
    else
      return usage();
  }
  if (!Count || !Block || InBytes % 4 || OutBytes % 4)
    return usage();

  std::ifstream In(ImagePath, std::ios::binary);
  if (!In) {
    std::fprintf(stderr, "ptx_exec: cannot read '%s'\n", ImagePath.c_str());
    return 2;
  }
  std::stringstream SS;
  SS << In.rdbuf();
  std::string Image = SS.str();
  Image.push_back('\0'); // PTX text must end in NUL for the driver

  // Inputs.
  std::vector<uint32_t> Input(size_t(Count) * InBytes / 4);
  uint32_t X = 0x2545f491;
  const size_t NumPatterns = sizeof(kPatterns) / sizeof(kPatterns[0]);
  for (size_t I = 0; I < Input.size(); ++I) {
    if (I < NumPatterns) {
      Input[I] = kPatterns[I];
      continue;
    }
    X ^= X << 13;
    X ^= X >> 17;
    X ^= X << 5;
    Input[I] = X;
  }
  std::vector<uint32_t> Output(size_t(Count) * OutBytes / 4, 0xa5a5a5a5u);

  CUdevice Dev;
  CUcontext Ctx;
  CUmodule Mod;
  CUfunction Fn;
  CUdeviceptr DIn, DOut;
  if (!check(cuInit(0), "cuInit") ||
      !check(cuDeviceGet(&Dev, 0), "cuDeviceGet") ||
      !check(cuDevicePrimaryCtxRetain(&Ctx, Dev), "cuDevicePrimaryCtxRetain") ||
      !check(cuCtxSetCurrent(Ctx), "cuCtxSetCurrent") ||
      !check(cuModuleLoadData(&Mod, Image.data()), "cuModuleLoadData") ||
      !check(cuModuleGetFunction(&Fn, Mod, Kernel.c_str()),
             "cuModuleGetFunction") ||
      !check(cuMemAlloc(&DIn, Input.size() * 4), "cuMemAlloc") ||
      !check(cuMemAlloc(&DOut, Output.size() * 4), "cuMemAlloc") ||
      !check(cuMemcpyHtoD(DIn, Input.data(), Input.size() * 4),
             "cuMemcpyHtoD") ||
      !check(cuMemcpyHtoD(DOut, Output.data(), Output.size() * 4),
             "cuMemcpyHtoD"))
    return 1;
  uint64_t POut = DOut, PIn = DIn;
  uint32_t N = Count;
  void *Params[] = {&POut, &PIn, &N};
  unsigned Grid = (Count + Block - 1) / Block;
  if (!check(cuLaunchKernel(Fn, Grid, 1, 1, Block, 1, 1, Shared, nullptr,
                            Params, nullptr),
             "cuLaunchKernel") ||
      !check(cuCtxSynchronize(), "cuCtxSynchronize") ||
      !check(cuMemcpyDtoH(Output.data(), DOut, Output.size() * 4),
             "cuMemcpyDtoH"))
    return 1;
  unsigned Words = OutBytes / 4;
  for (unsigned T = 0; T < Count; ++T) {
    std::printf("%4u:", T);
    for (unsigned W = 0; W < Words; ++W)
      std::printf(" %08x", Output[size_t(T) * Words + W]);
    std::printf("\n");
  }
  cuMemFree(DIn);
  cuMemFree(DOut);
  cuModuleUnload(Mod);
  cuDevicePrimaryCtxRelease(Dev);
  return 0;
}

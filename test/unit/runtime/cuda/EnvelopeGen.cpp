//===- EnvelopeGen.cpp - the envelope of ClangHostProgram.cu -------------===//
//
// Writes the envelope cumetalc would embed for ClangHostProgram.cu: its
// kernels' manifest entries (CUDA .param layouts), its globals and printf
// formats, around a dummy metallib (the fake device does not read it).
//
//===----------------------------------------------------------------------===//

#include "metallib/Envelope.h"

#include <cstdio>

using namespace cumetal::metallib;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT\n", argv[0]);
    return 2;
  }
  Envelope E;
  // scale(float *x, Params p): Params {float; int; double} is 16 bytes,
  // aligned to 8.
  E.kernels.push_back({"_Z5scalePf6Params",
                       {{0, 8, 8}, {8, 16, 8}},
                       24,
                       0,
                       1024,
                       {0, 1, 3},
                       true});
  // fill<int>(int *x, int v, int n)
  E.kernels.push_back({"_Z4fillIiEvPT_S0_i",
                       {{0, 8, 8}, {8, 4, 4}, {12, 4, 4}},
                       16,
                       0,
                       1024,
                       {0},
                       false});
  // extern "C" plain(int a, char b, long long c)
  E.kernels.push_back(
      {"plain", {{0, 4, 4}, {4, 1, 1}, {8, 8, 8}}, 16, 0, 1024, {0, 2}, false});
  EnvelopeGlobal Value;
  Value.name = "d_value";
  Value.size = 4;
  Value.align = 4;
  Value.init = {7, 0, 0, 0};
  EnvelopeGlobal Table;
  Table.name = "c_table";
  Table.space = EnvelopeGlobal::Space::Constant;
  Table.size = 16;
  Table.align = 4;
  E.globals = {Value, Table};
  E.deviceGlobalsSize = 4;
  E.constantGlobalsSize = 16;
  E.printfFormats = {"%d %c %lld\n"};
  E.metallib = {'M', 'T', 'L', 'B', 0, 0, 0, 0};
  std::vector<uint8_t> Bytes = writeEnvelope(E);
  std::FILE *F = std::fopen(argv[1], "wb");
  if (!F || std::fwrite(Bytes.data(), 1, Bytes.size(), F) != Bytes.size() ||
      std::fclose(F) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  return 0;
}

//===- ClangHostProgram.h - entry points of ClangHostProgram.cu -*- C++ -*-===//
//
// Functions of the Clang-compiled host code that ClangHostCodeTest.cpp
// calls (declared with the same cumetal headers on both sides).
//
//===----------------------------------------------------------------------===//

#ifndef CUMETAL_TEST_UNIT_RUNTIME_CUDA_CLANGHOSTPROGRAM_H
#define CUMETAL_TEST_UNIT_RUNTIME_CUDA_CLANGHOSTPROGRAM_H

#include "cuda_runtime.h"

struct Params {
  float scale;
  int n;
  double bias;
};

int clangHostReadValue();
cudaError_t clangHostWriteTable(const float *values);
cudaError_t clangHostLaunchScale(float *x, Params p, cudaStream_t s);
cudaError_t clangHostLaunchFill(int *x, int v, int n);
cudaError_t clangHostLaunchPlain(int a, char b, long long c);
cudaError_t clangHostLaunchBadBlock();
const void *clangHostScaleKernel();

#endif // CUMETAL_TEST_UNIT_RUNTIME_CUDA_CLANGHOSTPROGRAM_H

#!/usr/bin/env bash
# The main job: set up and build (scripts/setup.sh), compile the CUDA
# examples with cumetalc, run them (their kernels run on the cpu backend,
# which executes the AIR inside each executable's embedded metallib),
# validate the embedded metallibs and show air_inspect of one.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
mkdir -p build/examples
for src in examples/cuda/*.cu; do
  exe="build/examples/$(basename "${src%.cu}")"
  echo "== cumetalc $src -o $exe"
  build/bin/cumetalc "$src" -o "$exe"
  echo "== $exe"
  "$exe"
  build/bin/air_validate --quiet "$exe"
done
# Hand-written AIR packs into a metallib too (cumetalc -x air).
build/bin/cumetalc -x air examples/air/vector_add.ll \
  -o build/examples/vector_add_air.metallib
build/bin/air_validate --quiet build/examples/vector_add_air.metallib
echo "== air_inspect build/examples/matmul (the metallib embedded in the executable)"
build/bin/air_inspect build/examples/matmul

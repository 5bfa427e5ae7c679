#!/usr/bin/env bash
# Builds and runs one of the example projects against an installed cumetal
# toolkit, then touches a header and checks that the rebuild recompiles
# exactly the files that include it (from the dependency files cumetalc
# wrote).
#
#   run_project.sh TOOLKIT WORKDIR makefile
#   run_project.sh TOOLKIT WORKDIR cmake GENERATOR COMPILER|toolchain
set -euo pipefail
toolkit=$1 work=$2 kind=$3
examples=$(cd "$(dirname "$0")/../../examples" && pwd)
rm -rf "$work"
mkdir -p "$work"

# Which sources a build step compiled, from make's or CMake's output.
compiled() { grep -oE '[A-Za-z_]+\.(cu|cpp)( |$|\.o)' | sed 's/\.o$//; s/ $//' \
  | sed -E 's/\.(cu|cpp)\.?$/.\1/' | sort -u | tr '\n' ' '; }
expect() {
  if [[ "$1" != "$2" ]]; then
    echo "FAIL: $3: rebuilt [$1], expected [$2]"
    exit 1
  fi
  echo "ok: $3: rebuilt [$1]"
}

if [[ $kind == makefile ]]; then
  cp -r "$examples/makefile-project" "$work/src"
  cd "$work/src"
  make NVCC="$toolkit/bin/nvcc"
  ./app
  sleep 1
  touch config.h
  out=$(make NVCC="$toolkit/bin/nvcc" 2>&1)
  echo "$out"
  expect "$(echo "$out" | grep -E ' -c | -dc ' | compiled)" \
    "histogram.cu main.cu " "touching config.h"
  sleep 1
  touch common.h
  out=$(make NVCC="$toolkit/bin/nvcc" 2>&1)
  expect "$(echo "$out" | grep -E ' -c | -dc ' | compiled)" \
    "histogram.cu host.cpp main.cu " "touching common.h"
  ./app
  exit 0
fi

generator=$4 compiler=$5
cp -r "$examples/cmake-project" "$work/src"
if [[ $compiler == toolchain ]]; then
  how=(-DCMAKE_TOOLCHAIN_FILE="$toolkit/share/cumetal/cumetal-toolchain.cmake")
else
  how=(-DCMAKE_CUDA_COMPILER="$toolkit/bin/$compiler")
fi
cmake -S "$work/src" -B "$work/build" -G "$generator" "${how[@]}"
cmake --build "$work/build"
"$work/build/dot"
sleep 1
touch "$work/src/include/dot_config.h"
out=$(cmake --build "$work/build" --verbose 2>&1)
expect "$(echo "$out" | grep -E ' -c | -dc ' | grep -v dlink | compiled)" \
  "dot.cu " "touching dot_config.h"
"$work/build/dot"

#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs every test:
#   1. the whole ctest suite of build/ (unit tests and the lit suite);
#   2. build-sanitize/: the unit tests and tools rebuilt with clang under
#      AddressSanitizer + UndefinedBehaviorSanitizer, the unit tests and the
#      lit suite run again there, and a short libFuzzer run of the metallib
#      reader seeded with the Apple fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"

cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCUMETAL_SANITIZE=ON -DCUMETAL_ENABLE_FUZZERS=ON
cmake --build build-sanitize
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)"

#!/bin/sh
# Builds and runs cumetal's benchmarks (bench/README.md) with the cumetalc
# of a build tree: BUILD=build by default. Nothing here is a test: the
# numbers are reported, and the targets are compared in the issue notes.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
CUMETALC=$BUILD/bin/cumetalc
OUT=$BUILD/bench
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
for b in saxpy_bandwidth launch_latency sgemm; do
  "$CUMETALC" "$ROOT/bench/$b.cu" -o "$OUT/$b"
  "$OUT/$b"
done
if command -v nvcc >/dev/null 2>&1; then
  python3 "$ROOT/bench/compile_time.py" --cumetalc "$CUMETALC"
  python3 "$ROOT/bench/compile_time.py" --cumetalc "$CUMETALC" \
    --mode executable
else
  echo "compile_time: skipped (no nvcc on PATH to compare with)"
fi

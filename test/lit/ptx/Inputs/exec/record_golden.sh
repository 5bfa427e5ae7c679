#!/bin/sh
# Records the expected outputs of the PTX execution tests on an NVIDIA GPU:
# builds ptx_exec with nvcc against NVIDIA's driver API, runs every EXEC
# line of every .ptx here on the PTX itself (JIT-compiled by the driver)
# and writes FILE.golden beside each FILE.ptx.
#
# usage: record_golden.sh [FILE.ptx...]   (default: every .ptx here)
# Needs nvcc and an NVIDIA GPU. The goldens in the repository were recorded
# on NVIDIA Hopper GPUs with CUDA 13.0 (which one: README.md here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../../../ptx-exec/ptx_exec.cpp
tmp=${TMPDIR:-/tmp}/ptx-exec-golden.$$
mkdir -p "$tmp"
nvcc -O2 -o "$tmp/ptx_exec" "$src" -lcuda
[ $# -gt 0 ] || set -- "$here"/*.ptx
for ptx in "$@"; do
  golden=${ptx%.ptx}.golden
  : > "$golden.tmp"
  grep '^// EXEC:' "$ptx" | sed 's|^// EXEC: *||' | while read -r line; do
    echo "== $line" >> "$golden.tmp"
    # shellcheck disable=SC2086
    "$tmp/ptx_exec" "$ptx" $line >> "$golden.tmp" || true
  done
  mv "$golden.tmp" "$golden"
  echo "recorded $golden"
done
rm -rf "$tmp"

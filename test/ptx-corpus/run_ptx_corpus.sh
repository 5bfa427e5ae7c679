#!/usr/bin/env bash
# usage: run_ptx_corpus.sh PTX_PARSE_CHECK SOURCE_ROOT WORK_DIR
#
# Compiles every test/conformance/programs/*.cu and examples/cuda/*.cu of
# SOURCE_ROOT to PTX with nvcc in four configurations, then parses and
# checks every file with PTX_PARSE_CHECK (the PTX frontend must accept all
# of nvcc's output). Configurations:
#
#   sm_80-O0, sm_90-O0   nvcc -ptx -arch=sm_XX -G    device debug: cicc runs
#                        at -O0 (the same unoptimised instructions as
#                        -Xcicc -O0) and adds .loc/.file and DWARF .section
#                        blocks; nvcc's host -O0 does not change the PTX
#   sm_80-O3, sm_90-O3   nvcc -ptx -arch=sm_XX -O3
#
# Exits 77 (ctest: skipped) when nvcc is not found (NVCC, PATH or
# /usr/local/cuda/bin/nvcc). JOBS (default 2) compilations run at once.
set -euo pipefail
checker=$1 root=$2 work=$3
jobs=${JOBS:-2}

nvcc=${NVCC:-}
if [ -z "$nvcc" ]; then
  if command -v nvcc > /dev/null 2>&1; then
    nvcc=$(command -v nvcc)
  elif [ -x /usr/local/cuda/bin/nvcc ]; then
    nvcc=/usr/local/cuda/bin/nvcc
  else
    echo "nvcc not found (NVCC, PATH, /usr/local/cuda/bin): PTX corpus test skipped"
    exit 77
  fi
fi
echo "using $nvcc: $("$nvcc" --version | tail -1)"

rm -rf "$work"
mkdir -p "$work"
configs="sm_80-O0 sm_80-O3 sm_90-O0 sm_90-O3"
sources=$(ls "$root"/test/conformance/programs/*.cu "$root"/examples/cuda/*.cu)

# One job per (configuration, source): "CONFIG SOURCE".
for c in $configs; do
  mkdir -p "$work/$c"
  for s in $sources; do
    echo "$c $s"
  done
done > "$work/jobs.txt"

compile() {
  local config=$1 src=$2
  local arch=${config%-*} opt=${config#*-}
  local flags="-arch=$arch"
  if [ "$opt" = O0 ]; then flags="$flags -G"; else flags="$flags -O3"; fi
  local out="$work/$config/$(basename "$src" .cu).ptx"
  if ! "$nvcc" -ptx $flags -o "$out" "$src" > "$out.log" 2>&1; then
    echo "nvcc failed ($config): $src"
    cat "$out.log"
    return 1
  fi
}
export -f compile
export nvcc work

start=$(date +%s)
if ! xargs -P "$jobs" -L 1 bash -c 'compile "$0" "$1"' < "$work/jobs.txt"; then
  echo "FAIL: nvcc could not compile every source"
  exit 1
fi
echo "nvcc: $(wc -l < "$work/jobs.txt") compilations in $(( $(date +%s) - start ))s"

status=0
for c in $configs; do
  files=("$work/$c"/*.ptx)
  if "$checker" "${files[@]}" > "$work/$c.check.log" 2>&1; then
    echo "$c: ${#files[@]} files parsed and checked clean"
  else
    echo "$c: FAILED"
    cat "$work/$c.check.log"
    status=1
  fi
done
exit $status

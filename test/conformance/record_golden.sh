#!/usr/bin/env bash
# Record the expected output of every conformance program on a real NVIDIA GPU.
#
#   test/conformance/record_golden.sh [OUTPUT_DIR]
#
# For each programs/NN_topic.cu: compile with
#   nvcc -O2 -arch=sm_90 -o <tmp>/NN_topic programs/NN_topic.cu
# run it, and store its stdout in OUTPUT_DIR/NN_topic.out and its exit status
# in OUTPUT_DIR/NN_topic.status (stderr is kept in <tmp> only: it is not
# compared). Programs that exit non-zero are recorded, not fatal. The
# environment listed in manifest.json ("env") is applied when running a
# program. Finally OUTPUT_DIR/RECORDED.md records the GPU, driver, nvcc version
# and date. OUTPUT_DIR defaults to the expected/ directory beside this script.
#
# Environment: NVCC (default: nvcc), ARCH (default: sm_90), JOBS (parallel
# compilations, default: number of CPUs), RUN_TIMEOUT (seconds per program,
# default: 120).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out_dir="${1:-$here/expected}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
NVCC="${NVCC:-nvcc}"
ARCH="${ARCH:-sm_90}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 4)}"
RUN_TIMEOUT="${RUN_TIMEOUT:-120}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cumetal-golden.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

command -v "$NVCC" >/dev/null || { echo "error: $NVCC not found" >&2; exit 2; }

mapfile -t sources < <(ls "$here"/programs/[0-9][0-9]_*.cu | sort)
[ "${#sources[@]}" -gt 0 ] || { echo "error: no programs found" >&2; exit 2; }

# Per-program environment from manifest.json (KEY=VALUE lines), if python3 exists.
program_env() {
    local name="$1"
    command -v python3 >/dev/null || return 0
    python3 - "$here/manifest.json" "$name" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    manifest = json.load(f)
for entry in manifest.get("programs", manifest) if isinstance(manifest, dict) else manifest:
    if entry.get("name") == sys.argv[2]:
        for k, v in sorted(entry.get("env", {}).items()):
            print(f"{k}={v}")
PY
}

# --- compile (in parallel; nvcc invocations are independent)
echo "compiling ${#sources[@]} programs with $NVCC -O2 -arch=$ARCH (jobs: $JOBS)"
compile_one() {
    local src="$1" tmp="$2" nvcc="$3" arch="$4"
    local name
    name="$(basename "$src" .cu)"
    if ! "$nvcc" -O2 -arch="$arch" -o "$tmp/$name" "$src" >"$tmp/$name.build.log" 2>&1; then
        echo "BUILD FAILED: $name" >&2
        cat "$tmp/$name.build.log" >&2
        return 1
    fi
}
export -f compile_one
printf '%s\n' "${sources[@]}" |
    xargs -P "$JOBS" -I{} bash -c 'compile_one "$1" "$2" "$3" "$4"' _ {} "$tmp" "$NVCC" "$ARCH"

# --- run sequentially (one program on the GPU at a time)
failed=0
for src in "${sources[@]}"; do
    name="$(basename "$src" .cu)"
    envs=()
    while IFS= read -r kv; do
        [ -n "$kv" ] && envs+=("$kv")
    done < <(program_env "$name")
    status=0
    (cd "$tmp" && env ${envs[@]+"${envs[@]}"} timeout "$RUN_TIMEOUT" "./$name") \
        >"$out_dir/$name.out" 2>"$tmp/$name.stderr" || status=$?
    echo "$status" >"$out_dir/$name.status"
    result="$(grep -E '^RESULT: ' "$out_dir/$name.out" | tail -n 1 || true)"
    printf '%-36s status %-3s %s\n' "$name" "$status" "${result:-<no RESULT line>}"
    if [ "$result" != "RESULT: PASS" ]; then failed=$((failed + 1)); fi
done

# --- provenance
{
    echo "# Recorded expected outputs"
    echo
    echo "GPU (name, driver):"
    echo
    echo '```'
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1 || true
    else
        echo "nvidia-smi unavailable"
    fi
    echo '```'
    echo
    echo "Compiler: \`$NVCC -O2 -arch=$ARCH\`"
    echo
    echo '```'
    "$NVCC" --version
    echo '```'
    echo
    echo "Date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo
    echo "Programs: ${#sources[@]}; without a final \`RESULT: PASS\` line: $failed"
} >"$out_dir/RECORDED.md"

echo "recorded ${#sources[@]} programs into $out_dir ($failed without RESULT: PASS)"

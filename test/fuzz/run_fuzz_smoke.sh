#!/usr/bin/env bash
# usage: run_fuzz_smoke.sh FUZZER SEED_DIR CORPUS_DIR SECONDS [FUZZER_ARGS...]
# Runs FUZZER for SECONDS on a fresh corpus seeded from SEED_DIR, with any
# further libFuzzer arguments (e.g. -dict=FILE). Exits 77 (ctest: skipped)
# when the seeds (../shared fixtures) are absent.
set -euo pipefail
fuzzer=$1 seeds=$2 corpus=$3 seconds=$4
shift 4
if [ ! -d "$seeds" ]; then
  echo "fixtures not found at $seeds: fuzz smoke test skipped"
  exit 77
fi
rm -rf "$corpus"
mkdir -p "$corpus"
exec "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 "$@" \
  "$corpus" "$seeds"

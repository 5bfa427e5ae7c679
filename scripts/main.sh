#!/usr/bin/env bash
# The main job: set up and build (scripts/setup.sh), compile the examples
# with cumetalc, validate them, and show air_inspect of a metallib.
#
# Until the CUDA frontends land, the examples are AIR modules written by the
# team (examples/air/); cumetalc packs them into metallibs with the
# project's own writer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
mkdir -p build/examples
for src in examples/air/*.ll; do
  out="build/examples/$(basename "${src%.ll}").metallib"
  echo "== cumetalc -x air $src -o $out"
  build/bin/cumetalc -x air "$src" -o "$out"
  build/bin/air_validate --quiet "$out"
done
echo "== air_inspect build/examples/vector_add.metallib"
build/bin/air_inspect build/examples/vector_add.metallib

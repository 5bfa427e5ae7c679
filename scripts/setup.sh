#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine: installs the Debian packages cumetalc
# needs (only those missing), then configures and builds into build/.
#
# usage: scripts/setup.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build make g++ python3
  llvm-14-dev llvm-14-tools libclang-14-dev clang-14 libclang-rt-14-dev lld-14
  libcli11-dev nlohmann-json3-dev libgtest-dev libzstd-dev
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja "$@"
cmake --build build

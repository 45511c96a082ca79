#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test (plain and ASan+UBSan).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/setup.sh"
"$root/tools/build.sh" release
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")
"$root/tools/build.sh" asan
# Lint checks look at sources, not binaries: the plain build already ran them.
(cd "$root/build-asan" && ctest --output-on-failure -j "$(nproc)" -LE lint)

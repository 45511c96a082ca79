#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test (plain and ASan+UBSan).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/setup.sh"
"$root/tools/build.sh" release
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")
"$root/tools/build.sh" asan
# Lint checks look at sources, not binaries: the plain build already ran them. The slow
# harnesses (crash trials, link flaps) ran in the plain build.
(cd "$root/build-asan" && ctest --output-on-failure -j "$(nproc)" -LE "lint|slow")
# Each parser's fuzz target for a short, fixed time (clang, ASan + UBSan).
"$root/tools/fuzz.sh" "${YIWANG_FUZZ_SECONDS:-5}"

#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test (ASan+UBSan).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/setup.sh"
# Every test runs once, in the ASan+UBSan tree: building a second, optimised tree only for the
# tests cost CI seven minutes. The optimised tree is the demo's and the benchmarks'
# (tools/demo.sh, tools/build.sh release).
"$root/tools/build.sh" asan
(cd "$root/build-asan" && ctest --output-on-failure -j "$(nproc)")
# Each parser's fuzz target for a short, fixed time (clang, ASan + UBSan).
"$root/tools/fuzz.sh" "${YIWANG_FUZZ_SECONDS:-5}"

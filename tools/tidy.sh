#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy at the root, warnings are errors) over every source of the layers.
#   tools/tidy.sh [build-dir]   (needs compile_commands.json: any configured build tree has it)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
find "$root"/{drivers,offline-cache,screens,kiosk,tools/platform-sim} -name '*.cpp' -print0 |
  xargs -0 -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null

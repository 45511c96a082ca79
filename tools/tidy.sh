#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy at the root, warnings are errors) over every source of the layers.
#   tools/tidy.sh [build-dir] [--with-tools]   (needs compile_commands.json)
# The platform simulator is a test peer, not the product: it is checked with --with-tools only
# (CI leaves it out: its cpp-httplib sources cost 90 s of the two cores' time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
folders=("$root"/drivers "$root"/offline-cache "$root"/screens "$root"/kiosk)
if [ "${2:-}" = "--with-tools" ]; then folders+=("$root"/tools/platform-sim); fi
find "${folders[@]}" -name '*.cpp' -print0 |
  xargs -0 -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null

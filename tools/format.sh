#!/usr/bin/env bash
# Formats every C++ source in place with the repository's .clang-format.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
find "$root"/{drivers,offline-cache,screens,kiosk,tools,tests} \( -name '*.cpp' -o -name '*.h' \) -print0 |
  xargs -0 clang-format -i

#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test: all of
# them in the ASan+UBSan tree, the threaded ones again under ThreadSanitizer, then the fuzzers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/setup.sh"

# Runs ctest in a tree; a test that skipped is listed, and fails the run where it could have
# run: as root, with everything tools/setup.sh installs, nothing has a reason to skip.
run_ctest() {
  local dir="$1"
  shift
  local log
  log="$(mktemp)"
  local status=0
  (cd "$dir" && ctest --output-on-failure -j "$(nproc)" "$@") 2>&1 | tee "$log" || status=$?
  local skipped
  skipped="$(grep -E '\(Skipped\)|\*\*\*Skipped' "$log" | sed -E 's/^[[:space:]]*//' | sort -u || true)"
  rm -f "$log"
  if [ -n "$skipped" ]; then
    echo "test.sh: skipped tests in $(basename "$dir"):"
    echo "$skipped" | sed 's/^/  /'
    if [ "$(id -u)" -eq 0 ]; then
      echo "test.sh: FAIL: running as root after tools/setup.sh, no test may skip"
      status=1
    fi
  fi
  return "$status"
}

failed=0
# Every test runs once in the ASan tree (building a second, optimised tree only for the tests
# cost CI seven minutes). The optimised tree is the demo's and the benchmarks'.
"$root/tools/build.sh" asan
run_ctest "$root/build-asan" || failed=1
# The threaded tests again, under ThreadSanitizer (a tree that builds only those).
"$root/tools/build.sh" tsan
run_ctest "$root/build-tsan" -L threaded || failed=1
# The Debian package (debian/): built, then lintian, systemd-analyze verify, udevadm verify.
"$root/tools/package.sh" || failed=1
# Each parser's fuzz target for a short, fixed time (clang, ASan + UBSan).
"$root/tools/fuzz.sh" "${YIWANG_FUZZ_SECONDS:-5}" || failed=1
exit "$failed"

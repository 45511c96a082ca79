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
  # What each failure said, kept for the end of the run: a long test's output is cut in the middle
  # by CI's excerpt, and its assertion with it.
  grep -E -A3 '^[^ ]*:[0-9]+: (FATAL )?ERROR: |^TEST CASE: |ERROR script: |\*\*\*(Failed|Timeout|Exception)' \
    "$log" | grep -v -E ' (INFO|DEBUG) ' | head -120 >>"$failures" || true
  local skipped
  skipped="$(grep -E '\(Skipped\)|\*\*\*Skipped' "$log" | sed -E 's/^[[:space:]]*//' | sort -u || true)"
  rm -f "$log"
  if [ -n "$skipped" ]; then
    echo "test.sh: skipped tests in $(basename "$dir"):"
    echo "$skipped" | sed 's/^/  /'
    # The one test that may skip as root: it needs the kernel's loop devices, which a container
    # often does not have (no package installs them). It says why in its output.
    skipped="$(echo "$skipped" | grep -v -E ' usb-copy-loop ' || true)"
    if [ -n "$skipped" ] && [ "$(id -u)" -eq 0 ]; then
      echo "test.sh: FAIL: running as root after tools/setup.sh, no test may skip"
      status=1
    fi
  fi
  return "$status"
}

failed=0
failures="$(mktemp)"
trap 'rm -f "$failures"' EXIT
# The failures' own lines again, last, where a reader of a cut log still sees them.
report_failures() {
  if [ -s "$failures" ]; then
    echo "test.sh: what the failing tests said (ctest's full output is above):"
    sed 's/^/  /' "$failures"
  fi
}
# Every test runs once in the ASan tree (building a second, optimised tree only for the tests
# cost CI seven minutes). The optimised tree is the demo's and the benchmarks'.
"$root/tools/build.sh" asan
# While the ASan tests run (many of them wait on simulators, sockets and timeouts), the other
# trees build at the lowest priority on what CPU the tests leave: the TSan tree, the package's
# and the fuzzers'. In a fresh-machine run these builds were a third of the time, one after the
# other after the tests.
side_log="$root/build-side.log"
(nice -n 19 "$root/tools/build.sh" tsan && nice -n 19 "$root/tools/package.sh" --no-checks &&
  nice -n 19 "$root/tools/fuzz.sh" --build-only) >"$side_log" 2>&1 &
side=$!
run_ctest "$root/build-asan" || failed=1
if ! wait "$side"; then
  tail -60 "$side_log"
  echo "test.sh: FAIL: building the TSan, package or fuzz tree (the lines above; $side_log)"
  report_failures
  exit 1
fi
# The threaded tests again, under ThreadSanitizer (a tree that builds only those).
run_ctest "$root/build-tsan" -L threaded || failed=1
# The Debian package (debian/): its build is incremental (done above), then lintian,
# systemd-analyze verify, udevadm verify.
"$root/tools/package.sh" || failed=1
# Each parser's fuzz target for a short, fixed time (clang, ASan + UBSan), built above.
"$root/tools/fuzz.sh" "${YIWANG_FUZZ_SECONDS:-5}" || failed=1
report_failures
exit "$failed"

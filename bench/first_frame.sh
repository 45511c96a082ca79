#!/usr/bin/env bash
# The real kiosk's start with the 2 000-item county catalog in its cache: process start to the
# first frame (the kiosk's own log line) and PSS once the catalog is loaded, over several starts.
# bench/first_frame.sh [starts]   (release tree: tools/build.sh release; YIWANG_CATALOG=FILE for
# another catalog, e.g. assets/catalog/demo-catalog.json to compare)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${YIWANG_BUILD:-$root/build}"
starts="${1:-5}"
work="$(mktemp -d)"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  [ -n "${YIWANG_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

"$build/tools/platform-sim/platform-sim" --catalog "${YIWANG_CATALOG:-$root/tests/data/county-catalog.json}" \
  --db "$work/platform.db" --port 0 --port-file "$work/port" --control-port 0 \
  --control-port-file "$work/control-port" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$work/port")"
kiosk=("$build/kiosk/kiosk" --headless --simulate --allow-plain-http --platform "$url"
       --db "$work/kiosk.db" --out "$work/out")

# Once: the catalog comes from the platform page by page and is cached.
printf 'wait attract\ntap start\nwait catalog\nsleep 5000\n' >"$work/fill.script"
"${kiosk[@]}" --log "$work/fill.log" --script "$work/fill.script" >/dev/null 2>&1
grep -q 'loaded from the platform' "$work/fill.log" || { echo "first_frame: catalog not loaded" >&2; exit 1; }

# Then each start: the cached catalog is parsed off the UI thread while the first frame shows.
printf 'wait attract\nsleep 1500\n' >"$work/start.script"
echo "first_frame: $starts starts of the kiosk with $(grep -o 'catalog [0-9]* loaded from the platform' "$work/fill.log")"
for i in $(seq 1 "$starts"); do
  "${kiosk[@]}" --log "$work/start-$i.log" --script "$work/start.script" >/dev/null 2>&1 &
  pid=$!
  sleep 1.2
  pss="$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
  wait "$pid"
  frame="$(grep -o '[0-9]* ms after the process started' "$work/start-$i.log" | grep -o '^[0-9]*')"
  loaded="$(grep -c 'loaded from cache' "$work/start-$i.log" || true)"
  awk -v i="$i" -v f="$frame" -v p="$pss" -v l="$loaded" 'BEGIN { printf "  start %d: first frame %s ms after the process started; PSS at 1.2 s %.1f MiB (catalog loaded from cache: %s)\n", i, f, p / 1024, l }'
done

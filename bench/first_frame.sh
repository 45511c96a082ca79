#!/usr/bin/env bash
# Issue 14's figures in one run, with the 2 000-item county catalog: the real kiosk's cold start
# to its first interactive frame (its own log line: wall clock and the CPU time it cost) and its
# PSS once the catalog is loaded, over several starts; then ui-bench (every screen's redraw,
# catalog and search frames, keystroke to results).
# bench/first_frame.sh [starts [ui-bench rounds]]   (release tree: tools/build.sh release;
# YIWANG_CATALOG=FILE for another catalog, e.g. assets/catalog/demo-catalog.json to compare;
# YIWANG_NO_UI_BENCH=1 for the starts only; YIWANG_PIN="taskset -c 1 nice -n -5" to run each
# start under such a prefix)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${YIWANG_BUILD:-$root/build}"
starts="${1:-5}"
rounds="${2:-200}"
read -r -a pin <<<"${YIWANG_PIN:-}"
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
frames=()
cpus=()
psses=()
for i in $(seq 1 "$starts"); do
  "${pin[@]}" "${kiosk[@]}" --log "$work/start-$i.log" --script "$work/start.script" >/dev/null 2>&1 &
  pid=$!
  sleep 1.2
  pss="$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
  wait "$pid"
  frame="$(grep -o '[0-9]* ms after the process started' "$work/start-$i.log" | grep -o '^[0-9]*')"
  user="$(grep -o 'CPU time user [0-9]*' "$work/start-$i.log" | grep -o '[0-9]*$')"
  sys="$(grep -o 'ms, sys [0-9]* ms' "$work/start-$i.log" | grep -o '[0-9][0-9]*' | head -1)"
  loaded="$(grep -c 'loaded from cache' "$work/start-$i.log" || true)"
  phases="$(grep -o 'start, ms after create began: .*' "$work/start-$i.log" | cut -d: -f2-)"
  frames+=("$frame")
  cpus+=("$((user + sys))")
  psses+=("$pss")
  awk -v i="$i" -v f="$frame" -v p="$pss" -v l="$loaded" -v u="$user" -v s="$sys" -v ph="$phases" 'BEGIN {
    printf "  start %d: first frame %s ms after the process started, CPU time %d ms (user %s, sys %s); PSS at 1.2 s %.1f MiB (catalog loaded from cache: %s)\n    phases:%s\n", i, f, u + s, u, s, p / 1024, l, ph }'
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '  median of %d starts: first frame %s ms, CPU time %s ms, PSS %.1f MiB (load average %s)\n' \
  "$starts" "$(median "${frames[@]}")" "$(median "${cpus[@]}")" \
  "$(awk -v p="$(median "${psses[@]}")" 'BEGIN { print p / 1024 }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "  libraries mapped at start: $(LD_TRACE_LOADED_OBJECTS=1 "$build/kiosk/kiosk" | grep -c '=>')"

# Then PSS once a resident has typed: the text-entry engines load only when the keyboard first
# wants them (librime for pinyin, zinnia for handwriting). The demo catalog's typing journey (its
# permit has an address to type): pinyin, handwriting, then the kiosk rests on the form.
# YIWANG_NO_TYPING=1 to leave it out.
if [ -z "${YIWANG_NO_TYPING:-}" ]; then
  "$build/tools/platform-sim/platform-sim" --catalog "$root/assets/catalog/demo-catalog.json" \
    --db "$work/typed-platform.db" --port 0 --port-file "$work/typed-port" --control-port 0 \
    --control-port-file "$work/typed-control-port" >"$work/typed-sim.log" 2>&1 &
  typed_sim_pid=$!
  for _ in $(seq 1 200); do [ -s "$work/typed-port" ] && break; sleep 0.05; done
  sed -n '1,/^pick 宅$/p' "$root/tests/e2e/typing.script" |
    sed "s#^strokes \.\./#strokes $root/tests/#" >"$work/typed.script"
  printf 'shot typed\nsleep 3000\n' >>"$work/typed.script"
  mkdir -p "$work/typed-out"
  "$build/kiosk/kiosk" --headless --simulate --allow-plain-http \
    --platform "http://127.0.0.1:$(cat "$work/typed-port")" --db "$work/typed.db" \
    --out "$work/typed-out" --log "$work/typed.log" --script "$work/typed.script" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do ls "$work/typed-out"/*typed*.png >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 1
  pss="$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
  typed_rc=0
  wait "$pid" || typed_rc=$?
  kill "$typed_sim_pid" 2>/dev/null || true
  wait "$typed_sim_pid" 2>/dev/null || true
  awk -v p="$pss" -v rc="$typed_rc" 'BEGIN {
    printf "  PSS after typing by pinyin and handwriting (both engines loaded): %.1f MiB (script exit %s)\n", p / 1024, rc }'
fi

if [ -z "${YIWANG_NO_UI_BENCH:-}" ]; then
  "$build/bench/ui-bench" "${YIWANG_CATALOG:-$root/tests/data/county-catalog.json}" "$rounds"
fi

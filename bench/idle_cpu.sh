#!/usr/bin/env bash
# Measures the kiosk's CPU use and wake-ups while idle on the attract screen (simulated devices,
# platform up).
#   bench/idle_cpu.sh [seconds [warm-up seconds]]   (needs a built tree: tools/build.sh release;
#   BUILD=build-asan measures the sanitizer tree instead). The reader polls every 800 ms from
#   start-up, and every 200 ms for 30 s after a card (a resident is there).
# Wake-ups are the voluntary context switches of all the kiosk's threads (/proc/PID/task/*/status):
# each one is a thread that slept and was woken. The simulators run inside the kiosk process with
# --simulate, so their threads count too; the per-thread list shows who wakes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
warmup="${2:-2}"
work="$(mktemp -d)"
trap 'kill $kiosk_pid $platform_pid 2>/dev/null || true; rm -rf "$work"' EXIT
build="$root/${BUILD:-build}"
"$build/tools/platform-sim/platform-sim" --catalog "$root/assets/catalog/demo-catalog.json" \
  --db "$work/p.db" --port 0 --port-file "$work/port" >/dev/null 2>&1 &
platform_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
"$build/kiosk/kiosk" --headless --simulate --allow-plain-http --platform "http://127.0.0.1:$(cat "$work/port")" \
  --db "$work/k.db" --out "$work/out" 2>/dev/null &
kiosk_pid=$!
sleep "$warmup"  # start-up: catalog fetch, first frame
ticks() { awk '{print $14 + $15}' "/proc/$kiosk_pid/stat"; }
# "TID voluntary_switches" for every thread of the kiosk.
switches() {
  for task in /proc/$kiosk_pid/task/*; do
    awk -v tid="${task##*/}" '/^voluntary_ctxt_switches/ {print tid, $2}' "$task/status" 2>/dev/null
  done
}
hz=$(getconf CLK_TCK)
switches >"$work/before"
before=$(ticks)
sleep "$seconds"
after=$(ticks)
switches >"$work/after"
awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" \
  'BEGIN { printf "idle CPU: %.2f%% of one core over %d s (%d ticks at %d Hz; includes the reader polling)\n", 100 * t / hz / s, s, t, hz }'
# Per thread: switches during the window (threads that started in it count from 0).
awk 'NR == FNR { start[$1] = $2; next } { d = $2 - (($1 in start) ? start[$1] : 0); print $1, d }' \
  "$work/before" "$work/after" | sort -k2 -n -r >"$work/delta"
total=$(awk '{ s += $2 } END { print s + 0 }' "$work/delta")
awk -v t="$total" -v s="$seconds" 'BEGIN { printf "idle wake-ups: %.1f per second (all threads, the in-process simulators too)\n", t / s }'
# What a kiosk on real devices would do: without the simulators' threads (named *-sim).
own=$(while read -r tid n; do
  case "$(cat "/proc/$kiosk_pid/task/$tid/comm" 2>/dev/null)" in *-sim) ;; *) echo "$n" ;; esac
done <"$work/delta" | awk '{ s += $1 } END { print s + 0 }')
awk -v t="$own" -v s="$seconds" 'BEGIN { printf "idle wake-ups of the kiosk itself: %.1f per second (without *-sim threads; goal <= 5)\n", t / s }'
echo "busiest threads (tid, name, wake-ups per second):"
head -n 6 "$work/delta" | while read -r tid n; do
  name=$(cat "/proc/$kiosk_pid/task/$tid/comm" 2>/dev/null || echo "?")
  awk -v tid="$tid" -v name="$name" -v n="$n" -v s="$seconds" 'BEGIN { printf "  %s %s %.1f\n", tid, name, n / s }'
done
echo "resident memory: $(awk '/VmRSS/ {print $2, $3}' "/proc/$kiosk_pid/status")"

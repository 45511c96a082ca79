#!/usr/bin/env bash
# Measures the kiosk's CPU use while idle on the attract screen (simulated devices, platform up).
#   bench/idle_cpu.sh [seconds]   (needs a built tree: tools/build.sh release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
work="$(mktemp -d)"
trap 'kill $kiosk_pid $platform_pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$root/build/tools/platform-sim/platform-sim" --catalog "$root/assets/catalog/demo-catalog.json" \
  --db "$work/p.db" --port 0 --port-file "$work/port" >/dev/null 2>&1 &
platform_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
"$root/build/kiosk/kiosk" --headless --simulate --allow-plain-http --platform "http://127.0.0.1:$(cat "$work/port")" \
  --db "$work/k.db" --out "$work/out" 2>/dev/null &
kiosk_pid=$!
sleep 2  # start-up: catalog fetch, first frame
ticks() { awk '{print $14 + $15}' "/proc/$kiosk_pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$seconds"
after=$(ticks)
awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" \
  'BEGIN { printf "idle CPU: %.2f%% of one core over %d s (%d ticks at %d Hz; includes the reader polling every 200 ms)\n", 100 * t / hz / s, s, t, hz }'
echo "resident memory: $(awk '/VmRSS/ {print $2, $3}' "/proc/$kiosk_pid/status")"

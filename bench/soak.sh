#!/usr/bin/env bash
# Soak: N scripted sessions through the real kiosk (simulated devices, virtual printer) against
# the platform simulator: every other session a full application with a double-tapped Submit and
# an evaluation, the others walked away from (the idle wipe); every 30 s the platform is frozen
# for 4 s (SIGSTOP: requests time out, applications wait in the outbox and drain after). Prints
# the kiosk's resident memory, open descriptors and threads at the start and the end, and what
# the platform received.
#   bench/soak.sh [sessions]   (default 10000; needs tools/build.sh release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sessions="${1:-10000}"
build="${YIWANG_BUILD:-$root/build}"
work="$(mktemp -d)"
trap 'kill $platform_pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$build/tools/platform-sim/platform-sim" --catalog "$root/assets/catalog/demo-catalog.json" \
  --db "$work/p.db" --port 0 --port-file "$work/port" \
  --control-port 0 --control-port-file "$work/control-port" >/dev/null 2>&1 &
platform_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
port="$(cat "$work/port")"
# The receipt printer is the virtual printer as a process of its own: the one --simulate runs
# inside the kiosk keeps every page it printed (its history is for tests), which is not the
# kiosk's memory.
font="$(grep -v '^#' "$root/assets/fonts.txt" | while read -r f; do [ -f "$f" ] && echo "$f" && break; done)"
mkdir -p "$work/paper"
# (its standard input, a FIFO this script holds open, stays open: it reads technician commands
# there and stops at their end, which is this script's)
mkfifo "$work/printer.in"
"$build/drivers/escpos-printer-sim" --font "$font" --port 0 --out "$work/paper" \
  < "$work/printer.in" > "$work/printer.out" 2>&1 &
printer_pid=$!
exec 3> "$work/printer.in"
for _ in $(seq 1 200); do grep -q "listening" "$work/printer.out" 2>/dev/null && break; sleep 0.05; done
printer_port="$(grep -o 'listening on tcp://127.0.0.1:[0-9]*' "$work/printer.out" | grep -o '[0-9]*$')"
# One round is two sessions: a complete journey and one walked away from.
rounds=$(( (sessions + 1) / 2 ))  # (plus one round of warm-up before the first figures)
sed "s/@ROUNDS@/$rounds/" "$root/bench/soak.script" > "$work/soak.script"
start=$(date +%s)
( while sleep 30; do kill -STOP "$platform_pid"; sleep 4; kill -CONT "$platform_pid"; done ) &
freezer=$!
disown "$freezer"
trap 'kill $freezer $platform_pid $printer_pid 2>/dev/null; kill -CONT $platform_pid 2>/dev/null || true; [ -n "${YIWANG_KEEP_SOAK:-}" ] || rm -rf "$work"' EXIT
"$build/kiosk/kiosk" --headless --simulate --receipt "tcp://127.0.0.1:$printer_port" \
  --allow-plain-http --platform "http://127.0.0.1:$port" \
  --db "$work/k.db" --out "$work/out" --log "$work/kiosk.log" --script "$work/soak.script" \
  --submit-wait-ms 3000 --backoff-cap-ms 1000 --idle-timeout-s 5 --idle-countdown-s 2 \
  2>/dev/null || { echo "soak: the script failed:"; grep -E "ERROR" "$work/kiosk.log" | tail -5; exit 1; }
end=$(date +%s)
pkill -P "$freezer" 2>/dev/null || true
kill "$freezer" 2>/dev/null || true
kill -CONT "$platform_pid" 2>/dev/null || true
echo "soak: $((rounds * 2)) sessions in $((end - start)) s"
grep "INFO stats:" "$work/kiosk.log" | sed 's/.*INFO stats: /  /'
control="http://127.0.0.1:$(cat "$work/control-port")"
cases=$(curl -s "$control/_sim/cases" | grep -o '"case_id"' | wc -l || true)
evaluations=$(curl -s "$control/_sim/evaluations" | grep -o '"evaluation_id"' | wc -l || true)
echo "  platform: $cases cases, $evaluations evaluations (expected $((rounds + 1)) of each, with the warm-up)"

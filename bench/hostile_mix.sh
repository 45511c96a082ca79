#!/usr/bin/env bash
# The hostile mix of issue 18: slow clients, oversize bodies, a huge request line, deep JSON,
# wrong types and concurrent replays against the platform simulator, while outbox-worker (the
# kiosk's outbox and sync worker) drains applications. Passes with 0 crashes, 0 lost, 0
# duplicated and the simulator's resident memory under a bound. Loopback only.
#   HOSTILE_SECONDS=600 HOSTILE_APPLICATIONS=1000 bench/hostile_mix.sh
#   (BUILD_DIR: the tree to use, default build-asan; HOSTILE_RSS_LIMIT_MB: default 200, 600
#   under ASan)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-asan}"
seconds="${HOSTILE_SECONDS:-600}"
count="${HOSTILE_APPLICATIONS:-1000}"
# Under ASan every worker thread that has served keeps about 1.5 MB of allocator caches (the
# simulator has one worker per allowed connection, 264): the bound is wider there.
case "$build" in *asan*) default_rss_mb=600 ;; *) default_rss_mb=200 ;; esac
rss_limit_mb="${HOSTILE_RSS_LIMIT_MB:-$default_rss_mb}"
sim="$build/tools/platform-sim/platform-sim"
worker="$build/tests/outbox-worker"
hostile="$build/tests/hostile-client"
for program in "$sim" "$worker" "$hostile"; do
  [ -x "$program" ] || { echo "hostile-mix: $program is missing (tools/build.sh asan)"; exit 2; }
done
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# A small ASan quarantine, so that resident memory shows what the simulator holds.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4" "$sim" \
  --catalog "$root/assets/catalog/demo-catalog.json" --db "$work/platform.db" --port 0 \
  --port-file "$work/port" --control-port-file "$work/control-port" >"$work/platform.log" 2>&1 &
sim_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { echo "hostile-mix: the simulator did not start"; cat "$work/platform.log"; exit 1; }
port=$(cat "$work/port")
control="http://127.0.0.1:$(cat "$work/control-port")"

# Resident memory once a second, for as long as the simulator lives.
(while kill -0 "$sim_pid" 2>/dev/null; do
   awk '/VmRSS/ {print $2}' "/proc/$sim_pid/status" 2>/dev/null || true; sleep 1
 done) >"$work/rss" &

echo "hostile-mix: ${seconds}s of hostile traffic while ${count} applications drain (simulator pid $sim_pid)"
"$hostile" "$port" "$seconds" >"$work/hostile.out" 2>&1 &
hostile_pid=$!
# The applications are spread over the hostile period; the worker then drains what is left.
gap_ms=$((seconds * 1000 / count))
"$worker" --db "$work/kiosk.db" --platform "http://127.0.0.1:$port" --plain-http \
  --enqueue "$count" --gap-ms "$gap_ms" --prefix MIX- --until-empty --timeout-ms 5000 \
  >"$work/worker.out" 2>"$work/worker.err" &
worker_pid=$!

hostile_status=0
wait "$hostile_pid" || hostile_status=$?
worker_status=0
wait "$worker_pid" || worker_status=$?

alive=yes
kill -0 "$sim_pid" 2>/dev/null || alive=no
"$worker" --cases --control "$control" >"$work/cases.out" || true
stored=$(grep -c '^stored ' "$work/worker.out" || true)
arrived=$(grep '^case MIX-' "$work/cases.out" | wc -l)
duplicates=$(grep '^case MIX-' "$work/cases.out" | sort | uniq -d | wc -l)
missing=$(comm -23 <(sed -n 's/^stored //p' "$work/worker.out" | sort) \
                   <(sed -n 's/^case //p' "$work/cases.out" | sort) | wc -l)
rounds=$(sed -n 's/^replay-rounds //p' "$work/hostile.out")
replayed=$(grep -c '^case HOSTILE-REPLAY-' "$work/cases.out" || true)
replay_duplicates=$(grep '^case HOSTILE-REPLAY-' "$work/cases.out" | sort | uniq -d | wc -l)
rss_first=$(head -1 "$work/rss")
rss_max=$(sort -n "$work/rss" | tail -1)
rss_last=$(tail -1 "$work/rss")

grep '^hostile ' "$work/hostile.out" | sed 's/^/hostile-mix: /'
echo "hostile-mix: simulator alive: $alive; applications: $stored stored, $arrived arrived," \
  "$missing missing, $duplicates duplicated; replay rounds: ${rounds:-0}, cases from them:" \
  "$replayed ($replay_duplicates duplicated)"
echo "hostile-mix: simulator VmRSS: ${rss_first} kB at start, ${rss_max} kB at most, ${rss_last} kB at the end"

failed=0
[ "$alive" = yes ] || { echo "hostile-mix: FAIL, the simulator died"; tail -30 "$work/platform.log"; failed=1; }
[ "$worker_status" -eq 0 ] || { echo "hostile-mix: FAIL, the worker failed"; tail "$work/worker.err"; failed=1; }
[ "$hostile_status" -eq 0 ] || { echo "hostile-mix: FAIL, answers outside the contract"; failed=1; }
[ "$stored" -eq "$count" ] && [ "$arrived" -eq "$count" ] && [ "$missing" -eq 0 ] && [ "$duplicates" -eq 0 ] ||
  { echo "hostile-mix: FAIL, lost or duplicated applications"; failed=1; }
[ "${rounds:-0}" -eq "$replayed" ] && [ "$replay_duplicates" -eq 0 ] ||
  { echo "hostile-mix: FAIL, concurrent replays made other than one case each"; failed=1; }
[ "$rss_max" -lt $((rss_limit_mb * 1024)) ] ||
  { echo "hostile-mix: FAIL, the simulator's memory grew past ${rss_limit_mb} MB"; failed=1; }
[ "$failed" -eq 0 ] && echo "hostile-mix: PASS"
exit "$failed"

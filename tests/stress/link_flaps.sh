#!/usr/bin/env bash
# Link cuts: the kiosk side and the platform side in two network namespaces joined by a veth
# pair, over HTTPS with mutual TLS. The link goes down and up at random while outbox-worker
# enqueues and drains; afterwards every stored application must be at the platform exactly once.
# Where nftables is installed, 10 % of the packets arriving on the kiosk side are dropped at
# random as well (this kernel has no netem).
# Usage: link_flaps.sh PLATFORM_SIM OUTBOX_WORKER CATALOG   (YIWANG_LINK_FLAPS=N, default 20)
# Exits 77 (skipped) where namespaces cannot be created.
set -euo pipefail

sim=$1 worker=$2 catalog=$3
flaps=${YIWANG_LINK_FLAPS:-20}

if [ -z "${YIWANG_IN_NETNS:-}" ]; then
  if ! command -v ip >/dev/null; then
    echo "link-flaps: skipped, iproute2 (ip) is not installed"
    exit 77
  fi
  # Root gets a plain network namespace; anyone else a user namespace where they are root. No
  # mount namespace is needed (which also keeps this working inside a chroot).
  as_root=(--net)
  [ "$(id -u)" -eq 0 ] || as_root=(--user --map-root-user --net)
  if ! unshare "${as_root[@]}" true 2>/dev/null; then
    echo "link-flaps: skipped, this machine does not allow new network namespaces"
    exit 77
  fi
  exec env YIWANG_IN_NETNS=1 unshare "${as_root[@]}" "$0" "$@"
fi

# From here on: the kiosk side's own network namespace. The platform side is a second one, held
# open by a sleeping process and entered with nsenter (no `ip netns`, so no mounts).
unshare --net sleep 1000000 &
holder=$!
for _ in $(seq 100); do
  [ "$(readlink /proc/$holder/ns/net)" != "$(readlink /proc/$$/ns/net)" ] && break
  sleep 0.01
done
in_platform() { nsenter --target "$holder" --net "$@"; }
ip link add veth-kiosk type veth peer name veth-platform
ip link set veth-platform netns "$holder"
ip link set lo up
ip addr add 10.77.0.1/24 dev veth-kiosk
ip link set veth-kiosk up
in_platform ip link set lo up
in_platform ip addr add 10.77.0.2/24 dev veth-platform
in_platform ip link set veth-platform up

loss="none"
if command -v nft >/dev/null; then
  nft add table inet flaps
  nft add chain inet flaps input '{ type filter hook input priority 0; }'
  nft add rule inet flaps input iifname veth-kiosk numgen random mod 10 == 0 counter drop
  loss="10 % of incoming packets dropped at random"
fi

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# nsenter itself in the background (not the in_platform function): a function would run in a
# subshell, and the trap's kill would stop the subshell and leave the simulator running.
nsenter --target "$holder" --net "$sim" --catalog "$catalog" --db "$work/platform.db" \
  --host 10.77.0.2 --port 8443 --tls-dir "$work/pki" --enroll-token flaps --provisioning-file "$work/code" \
  --control-port 0 --control-port-file "$work/control-port" \
  >"$work/platform.log" 2>&1 &
for _ in $(seq 100); do [ -s "$work/code" ] && break; sleep 0.05; done
[ -s "$work/code" ] || { echo "link-flaps: the simulator did not start"; cat "$work/platform.log"; exit 1; }

# Enrollment first, before any cut (it is a technician's one-off step, not queued work); with
# packet loss a try can time out, so it gets three.
for try in 1 2 3; do
  "$worker" --db "$work/kiosk.db" --terminal-dir "$work/terminal" --enroll "$(cat "$work/code")" \
    --until-empty >/dev/null 2>"$work/enroll.err" && break
  [ "$try" -lt 3 ] || { echo "link-flaps: enrollment failed"; cat "$work/enroll.err"; exit 1; }
done

count=$((flaps * 10))
"$worker" --db "$work/kiosk.db" --terminal-dir "$work/terminal" --enqueue "$count" \
  --gap-ms 300 --prefix F- --until-empty --timeout-ms 1500 >"$work/worker.out" 2>"$work/worker.err" &
worker_pid=$!

# Sleeps between $1 and $2 milliseconds.
random_sleep() {
  local ms=$((RANDOM % ($2 - $1) + $1))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
}
# Short cuts are hidden by TCP retransmission; cuts longer than the worker's 1.5 s timeout make
# requests fail mid-flight. Both kinds come.
for _ in $(seq "$flaps"); do
  random_sleep 50 400
  ip link set veth-kiosk down
  random_sleep 50 2500
  ip link set veth-kiosk up
done
echo "link-flaps: $flaps flaps done (packet loss: $loss), waiting for the queue to drain"

for _ in $(seq 600); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$worker_pid" 2>/dev/null; then
  echo "link-flaps: FAIL, the queue did not drain within 60 s after the last flap"
  exit 1
fi
wait "$worker_pid" || { echo "link-flaps: FAIL, the worker failed"; cat "$work/worker.err"; exit 1; }

# The control surface listens on the simulator's own loopback only: list from inside its namespace.
nsenter --target "$holder" --net "$worker" --cases \
  --control "http://127.0.0.1:$(cat "$work/control-port")" >"$work/cases.out"
stored=$(grep -c '^stored ' "$work/worker.out" || true)
arrived=$(grep -c '^case ' "$work/cases.out" || true)
duplicates=$(sed -n 's/^case //p' "$work/cases.out" | sort | uniq -d | wc -l)
missing=$(comm -23 <(sed -n 's/^stored //p' "$work/worker.out" | sort) \
                   <(sed -n 's/^case //p' "$work/cases.out" | sort) | wc -l)
downs=$(sed -n 's/^link-downs //p' "$work/worker.out")
if [ "$loss" != none ]; then
  echo "link-flaps: $(nft list chain inet flaps input | grep -o 'packets [0-9]*') dropped by nftables"
fi
echo "link-flaps: $flaps flaps, the worker saw the link down $downs times;" \
  "$stored stored, $arrived arrived, $missing missing, $duplicates duplicated"
[ "${downs:-0}" -gt 0 ] && [ "$stored" -eq "$count" ] && [ "$missing" -eq 0 ] && [ "$duplicates" -eq 0 ] && [ "$arrived" -eq "$count" ]

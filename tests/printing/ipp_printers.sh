#!/usr/bin/env bash
# Real IPP printers for the certificate tests, in a private network namespace (no mounts, so it
# also runs in a chroot):
# a D-Bus bus and avahi-daemon (ippeveprinter will not start without DNS-SD), two
# ippeveprinter instances (one prints, one fails every job with media-empty) and a cupsd with a
# raw queue in front of each. Runs the test program given with the printers' URIs in the
# environment. Exit 77 (skip) where this cannot run: not root, or tools missing.
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
  for tool in ippeveprinter avahi-daemon dbus-daemon cupsd lpadmin unshare ip; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
      echo "ipp_printers: $tool missing (tools/setup.sh installs it): skipping" >&2
      exit 77
    fi
  done
  if [ "$(id -u)" -ne 0 ]; then
    echo "ipp_printers: needs root for the private namespaces of avahi-daemon and cupsd: skipping" >&2
    exit 77
  fi
  # avahi-daemon keeps its pid file and socket at a fixed place, /run/avahi-daemon: one already
  # running here would refuse ours. Then ours gets a private copy of that folder, in a mount
  # namespace of its own (the host's daemon and its files are not touched).
  if [ -s /run/avahi-daemon/pid ] && kill -0 "$(cat /run/avahi-daemon/pid)" 2>/dev/null; then
    echo "ipp_printers: an avahi-daemon already runs here: ours gets a private /run/avahi-daemon" >&2
    export YIWANG_IPP_PRIVATE_RUN=1
    exec unshare --net --mount --propagation private "$0" --inside "$@"
  fi
  exec unshare --net "$0" --inside "$@"
fi
shift
export PATH="$PATH:/usr/sbin:/sbin"

work=$(mktemp -d /tmp/yiwang-ipp.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${YIWANG_KEEP_IPP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# ippeveprinter listens on IPv6 too and gives up without it.
sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 2>/dev/null || echo 0 >/proc/sys/net/ipv6/conf/lo/disable_ipv6 || true
ip link set lo up
# The D-Bus bus, cupsd's files and spools are ours, in $work; avahi keeps only its pid file in
# /run/avahi-daemon.
mkdir -p /run/avahi-daemon
if [ -n "${YIWANG_IPP_PRIVATE_RUN:-}" ]; then
  mkdir -p "$work/avahi-run"
  mount --bind "$work/avahi-run" /run/avahi-daemon
fi
rm -f /run/avahi-daemon/pid

cat > "$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_type="method_call"/>
    <allow send_destination="*"/><allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork --nopidfile &
pids+=($!)
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/bus"
for _ in $(seq 50); do [ -S "$work/bus" ] && break; sleep 0.1; done

cat > "$work/avahi.conf" <<CONF
[server]
use-ipv4=yes
use-ipv6=no
allow-interfaces=lo
enable-dbus=yes
[publish]
publish-addresses=no
publish-hinfo=no
publish-workstation=no
CONF
avahi-daemon -f "$work/avahi.conf" --no-drop-root --no-chroot --no-rlimits >"$work/avahi.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q "Server startup complete" "$work/avahi.log" && break; sleep 0.1; done

mkdir -p "$work/spool-ok" "$work/spool-fail"
cat > "$work/out-of-paper.sh" <<'CMD'
#!/bin/sh
# ippeveprinter's print command: the printer runs out of paper on every job.
echo "STATE: +media-empty-error" >&2
echo "ERROR: Out of paper" >&2
exit 1
CMD
chmod +x "$work/out-of-paper.sh"
# A print command that succeeds at once: without one, ippeveprinter "prints" by sleeping 5-15 s.
ippeveprinter -p 8631 -k -d "$work/spool-ok" -f application/pdf -c /bin/true "Kiosk A4" \
  >"$work/ipp-ok.log" 2>&1 &
pids+=($!)
ippeveprinter -p 8632 -d "$work/spool-fail" -f application/pdf \
  -c "$work/out-of-paper.sh" "Kiosk A4 broken" >"$work/ipp-fail.log" 2>&1 &
pids+=($!)

# cupsd with its own configuration and state, listening on loopback in this namespace only.
mkdir -p "$work/cups/etc/ppd" "$work/cups/spool/tmp" "$work/cups/cache" "$work/cups/state" \
  "$work/cups/log"
chown -R root:lp "$work/cups"
chmod -R 775 "$work/cups"
cat > "$work/cups/etc/cupsd.conf" <<CONF
Listen 127.0.0.1:8633
Browsing No
DefaultAuthType None
LogLevel warn
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
CONF
cat > "$work/cups/etc/cups-files.conf" <<CONF
ServerRoot $work/cups/etc
RequestRoot $work/cups/spool
TempDir $work/cups/spool/tmp
CacheDir $work/cups/cache
StateDir $work/cups/state
ErrorLog $work/cups/log/error_log
AccessLog $work/cups/log/access_log
PageLog $work/cups/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root
FileDevice No
CONF
cupsd -f -c "$work/cups/etc/cupsd.conf" -s "$work/cups/etc/cups-files.conf" &
pids+=($!)

wait_port() {
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "ipp_printers: nothing listens on port $1" >&2
  cat "$work"/*.log "$work/cups/log/error_log" 2>/dev/null >&2 || true
  return 1
}
wait_port 8631
wait_port 8632
wait_port 8633

# Raw queues: the PDF goes to the printer as the kiosk sent it.
lpadmin -h 127.0.0.1:8633 -p kiosk-a4 -E -v ipp://127.0.0.1:8631/ipp/print -m raw 2>/dev/null
lpadmin -h 127.0.0.1:8633 -p kiosk-a4-broken -E -v ipp://127.0.0.1:8632/ipp/print -m raw \
  2>/dev/null

export YIWANG_IPP_PRINTER="ipp://127.0.0.1:8631/ipp/print"
export YIWANG_IPP_BROKEN_PRINTER="ipp://127.0.0.1:8632/ipp/print"
export YIWANG_IPP_SPOOL="$work/spool-ok"
export YIWANG_CUPS_SERVER="127.0.0.1:8633"
export YIWANG_CUPS_QUEUE="ipp://127.0.0.1:8633/printers/kiosk-a4"
export YIWANG_CUPS_BROKEN_QUEUE="ipp://127.0.0.1:8633/printers/kiosk-a4-broken"
"$@"

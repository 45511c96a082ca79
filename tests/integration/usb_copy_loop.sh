#!/usr/bin/env bash
# The USB copy helper as the package runs it, on a real file system: systemd-socket-activate
# (--accept --inetd, what yiwang-usb-copy.socket's Accept=yes does) starts the helper per
# connection; it mounts an ext4 loop device standing in for the stick (nosuid, nodev, noexec),
# copies the staged bundle, syncs and unmounts before it answers; a bundle holding a symbolic
# link is refused and the stick is not left mounted. Needs root and a loop device (77 otherwise).
#   usb_copy_loop.sh HELPER
set -euo pipefail
helper="$1"
skip() { echo "usb-copy-loop: skipped: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "not root (mount and losetup need it)"
for tool in losetup mkfs.ext4 systemd-socket-activate python3 findmnt; do
  command -v "$tool" >/dev/null || skip "$tool missing"
done
work="$(mktemp -d /tmp/yiwang-usb-copy-loop.XXXXXX)"
dev=""
activator=""
cleanup() {
  [ -n "$activator" ] && kill "$activator" 2>/dev/null && wait "$activator" 2>/dev/null || true
  for m in "$work/mnt" "$work/check"; do findmnt -n "$m" >/dev/null 2>&1 && umount "$m" || true; done
  [ -n "$dev" ] && losetup -d "$dev" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

name="yiwang-bundle-T4601050001-20261201-101500"
mkdir -p "$work/stage/$name/logs" "$work/mnt" "$work/check"
echo '{"app":"1.0"}' >"$work/stage/$name/versions.json"
seq 1 20000 >"$work/stage/$name/logs/kiosk.log"
truncate -s 16M "$work/stick.img"
mkfs.ext4 -q "$work/stick.img"
dev="$(losetup -f --show "$work/stick.img" 2>/dev/null)" || skip "no loop device available"

systemd-socket-activate -l "$work/copy.sock" --accept --inetd \
  "$helper" --source "$work/stage" --mount-dir "$work/mnt" --device "$dev" --fs-type ext4 \
  2>"$work/helper.log" &
activator=$!
for _ in $(seq 1 100); do [ -S "$work/copy.sock" ] && break; sleep 0.1; done
[ -S "$work/copy.sock" ] || { echo "usb-copy-loop: the socket never appeared"; exit 1; }

ask() {  # the kiosk's request: one line out, one line back
  python3 - "$work/copy.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(60)
s.connect(sys.argv[1])
s.sendall(("copy " + sys.argv[2] + "\n").encode())
answer = b""
while not answer.endswith(b"\n"):
    chunk = s.recv(512)
    if not chunk:
        break
    answer += chunk
print(answer.decode().strip())
PY
}

failed=0
answer="$(ask "$name")"
echo "answer: $answer"
case "$answer" in "ok $name on $dev: 2 files,"*"; unmounted") ;; *) echo "FAIL: not copied"; failed=1 ;; esac
if findmnt -n "$work/mnt" >/dev/null 2>&1; then echo "FAIL: the stick was left mounted"; failed=1; fi
mount -o ro "$dev" "$work/check"
cmp "$work/stage/$name/logs/kiosk.log" "$work/check/$name/logs/kiosk.log" || { echo "FAIL: log differs"; failed=1; }
cmp "$work/stage/$name/versions.json" "$work/check/$name/versions.json" || { echo "FAIL: versions differ"; failed=1; }
umount "$work/check"

# A bundle with a symbolic link to a secret: refused, nothing of it on the stick, unmounted.
bad="yiwang-bundle-T4601050001-20261201-101600"
mkdir -p "$work/stage/$bad"
echo "outbox key" >"$work/secret"
ln -s "$work/secret" "$work/stage/$bad/key"
answer="$(ask "$bad")"
echo "answer: $answer"
case "$answer" in "error "*"symbolic link"*) ;; *) echo "FAIL: the link was not refused"; failed=1 ;; esac
if findmnt -n "$work/mnt" >/dev/null 2>&1; then echo "FAIL: left mounted after a refusal"; failed=1; fi
mount -o ro "$dev" "$work/check"
if grep -rq "outbox key" "$work/check"; then echo "FAIL: the secret reached the stick"; failed=1; fi
umount "$work/check"
cat "$work/helper.log"
[ "$failed" = 0 ] && echo "usb-copy-loop: passed"
exit "$failed"

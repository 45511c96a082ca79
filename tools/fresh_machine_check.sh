#!/usr/bin/env bash
# Runs the README's two commands in a bare Debian 12 chroot (debootstrap minbase: no compiler, no
# git, no libraries), to prove the project installs everything it needs by itself.
#   sudo tools/fresh_machine_check.sh [--new] [chroot-dir]
#   (needs root, debootstrap and the Debian mirror; --new starts from a new debootstrap)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
new=0
if [ "${1:-}" = "--new" ]; then new=1; shift; fi
target="${1:-/srv/yiwang-fresh}"
still_mounted() { findmnt -rn -o TARGET | grep -q "^$target\(/\|$\)"; }
if [ "$new" = 1 ] && [ -d "$target" ]; then
  # Never delete through a bind mount: /dev, /sys and /proc of the chroot are the host's own.
  { findmnt -rn -o TARGET | grep "^$target/" || true; } | sort -r | xargs -r -n1 umount -l
  if still_mounted; then echo "fresh: $target still has mounts; not deleting it" >&2; exit 1; fi
  rm -rf --one-file-system "$target"
fi
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
if [ ! -x "$target/bin/bash" ]; then
  debootstrap --variant=minbase bookworm "$target" http://deb.debian.org/debian
fi
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -R -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$target/proc" && mounted+=("$target/proc")
mount --rbind /sys "$target/sys" && mounted+=("$target/sys")
mount --rbind /dev "$target/dev" && mounted+=("$target/dev")
cp /etc/resolv.conf "$target/etc/resolv.conf"
rm -rf "$target/work" && mkdir -p "$target/work"
git clone -q "$root" "$target/work/main"
[ -d "$root/../shared" ] && cp -r "$root/../shared" "$target/work/shared"
echo "fresh: $(chroot "$target" dpkg -l | grep -c '^ii') packages before the run"
time chroot "$target" bash -c 'cd /work/main && CI=true bash .ci/run' </dev/null
chroot "$target" bash -c 'cd /work/main && unset DISPLAY && tools/demo.sh' </dev/null
echo "fresh: both README commands passed on a bare Debian 12"

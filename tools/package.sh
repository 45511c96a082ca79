#!/usr/bin/env bash
# Builds the Debian package (image/debian/, put at the copy's root where dpkg-buildpackage looks
# for it) from the checkout's files into build-deb/ and checks it:
# lintian, systemd-analyze verify on its units, udevadm verify on its rules where udev has it.
#   tools/package.sh [--no-checks]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build-deb"
# A copy of the checkout's files (tracked or new, not build trees), kept between runs with their
# times so the package's build tree (obj-*) is incremental: dpkg-buildpackage writes the .deb
# beside its source folder, which is then build-deb/, not the checkout's parent.
rm -rf "$out"/*.deb "$out"/*.ddeb "$out"/*.buildinfo "$out"/*.changes "$out/src/debian"
mkdir -p "$out/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | grep -zv '^tests/fuzz/corpus/' |
  xargs -0 cp -p -u --parents -t "$out/src")
cp -p -r "$out/src/image/debian" "$out/src/debian"
if command -v ccache >/dev/null; then export CCACHE_BASEDIR="$out/src" CCACHE_NOHASHDIR=1; fi
# -nc: no clean, so the build tree of the last run is reused.
(cd "$out/src" && dpkg-buildpackage -us -uc -b -nc -j2 >"$out/build.log" 2>&1) ||
  { tail -40 "$out/build.log"; echo "package.sh: dpkg-buildpackage failed (build-deb/build.log)"; exit 1; }
deb="$(ls "$out"/yiwang-kiosk_*.deb)"
echo "package.sh: built $deb"
[ "${1:-}" = "--no-checks" ] && exit 0

failed=0
echo "package.sh: lintian"
lintian --fail-on error,warning "$deb" || failed=1
# The units as they are installed, against the package's own files.
tree="$out/tree"
rm -rf "$tree" && dpkg-deb -x "$deb" "$tree"
echo "package.sh: systemd-analyze verify"
# Verified inside the package's tree (so ExecStart= names its own programs), with this
# machine's systemd units beside ours for the targets they name.
unitdir="$tree/lib/systemd/system"
units=("$unitdir"/*.service)
cp -n -r /lib/systemd/system/. "$unitdir/"
(cd "$tree" && systemd-analyze verify --man=no --root="$tree" "${units[@]#"$tree"/}") 2>&1 |
  tee "$out/verify.log" || failed=1
# verify prints some problems without failing: any line about our units fails the check.
if grep -q "yiwang" "$out/verify.log"; then failed=1; fi
if udevadm verify --help >/dev/null 2>&1; then
  echo "package.sh: udevadm verify"
  udevadm verify "$tree"/lib/udev/rules.d/*.rules || failed=1
else
  echo "package.sh: udevadm verify: not in this systemd ($(systemctl --version | head -1)), skipped"
fi
exit "$failed"

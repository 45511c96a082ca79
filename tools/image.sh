#!/usr/bin/env bash
# The appliance image (image/): tools/image.sh build | boot-test | bundle
#   build      Debian 12 root file system with mmdebstrap, the kiosk's .deb installed, into a
#              GPT disk (EFI + GRUB, root slots A and B read-only ext4, data, key partitions):
#              build-image/disk.img. No loop devices or mounts: mke2fs -d, mtools, sfdisk.
#   bundle     a RAUC bundle of the same root file system, signed with the TEST-ONLY key
#              (image/test-keys/): build-image/update.raucb; YIWANG_BUNDLE_BROKEN=1 makes one
#              whose kiosk never becomes healthy (the rollback test).
#   boot-test  boots disk.img in qemu (KVM when usable, else TCG) and checks it (image/boot_test.py).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build-image"
suite=bookworm
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
keyring="${YIWANG_RAUC_KEYRING:-$root/image/test-keys/ca.cert.pem}"

# The root file system as a directory: $1 = where, $2 = image id.
make_rootfs() {
  local dir="$1" id="$2"
  local deb
  deb="$(ls "$root"/build-deb/yiwang-kiosk_*.deb)"
  local packages
  packages="$(grep -v '^#' "$root/image/packages.txt" | grep . | paste -sd, -)"
  rm -rf "$dir"
  # The machine's own package mirror (its apt sources), Debian 12 only.
  mmdebstrap --variant=apt --include="$packages" \
    --essential-hook='echo "do_symlinks = yes" > "$1/etc/kernel-img.conf"' \
    --customize-hook="copy-in $deb /tmp" \
    --customize-hook="chroot \"\$1\" apt-get install -y --no-install-recommends /tmp/$(basename "$deb")" \
    --customize-hook="sync-in $root/image/overlay /" \
    --customize-hook="upload $keyring /etc/rauc/keyring.pem" \
    --customize-hook="$root/image/customize.sh \"\$1\" $id" \
    "$suite" "$dir" "$sources"
}

build() {
  "$root/tools/setup.sh" --image
  "$root/tools/package.sh" --no-checks
  mkdir -p "$out"
  local id
  id="$(cd "$root" && git describe --always --dirty)-$(date -u +%Y%m%dT%H%M%S)"
  make_rootfs "$out/rootfs" "$id"
  local slot_mb=1200 esp_mb=32 data_mb=128 key_mb=8
  # Root slot A from the directory; B empty until the first update.
  rm -f "$out"/*.part
  mke2fs -q -t ext4 -L root-a -d "$out/rootfs" -E root_owner=0:0 "$out/root-a.part" "${slot_mb}M"
  mke2fs -q -t ext4 -L root-b "$out/root-b.part" "${slot_mb}M"
  mke2fs -q -t ext4 -L data "$out/data.part" "${data_mb}M"
  mke2fs -q -t ext4 -L key "$out/key.part" "${key_mb}M"
  # EFI: GRUB (all its modules built in, no files to find) and its environment for RAUC.
  grub-mkimage -O x86_64-efi -p /EFI/BOOT -o "$out/BOOTX64.EFI" \
    part_gpt fat ext2 normal linux boot echo test loadenv configfile all_video efi_gop gzio \
    serial terminal sleep cat
  rm -f "$out/grubenv"
  grub-editenv "$out/grubenv" set ORDER="A B" A_OK=1 A_TRY=0 B_OK=0 B_TRY=0
  mkfs.vfat -n ESP -C "$out/esp.part" $((esp_mb * 1024)) >/dev/null
  mmd -i "$out/esp.part" ::/EFI ::/EFI/BOOT
  mcopy -i "$out/esp.part" "$out/BOOTX64.EFI" "$root/image/grub.cfg" "$out/grubenv" ::/EFI/BOOT/
  # The disk: GPT, partitions in the order the slots' GRUB entries name (gpt2 = A, gpt3 = B).
  local disk="$out/disk.img"
  rm -f "$disk"
  truncate -s $(((1 + esp_mb + 2 * slot_mb + data_mb + key_mb + 1) * 1024 * 1024)) "$disk"
  sfdisk -q "$disk" <<PARTS
label: gpt
first-lba: 2048
size=${esp_mb}MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp
size=${slot_mb}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=root-a
size=${slot_mb}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=root-b
size=${data_mb}MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=data
size=${key_mb}MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=key
PARTS
  local start=1 part
  for part in esp root-a root-b data key; do
    dd if="$out/$part.part" of="$disk" bs=1M seek="$start" conv=notrunc,sparse status=none
    start=$((start + $(stat -c %s "$out/$part.part") / 1024 / 1024))
  done
  rm -f "$out"/*.part
  echo "image.sh: $disk ($(du -h --apparent-size "$disk" | cut -f1), $(du -h "$disk" | cut -f1) used), image $id"
}

bundle() {
  mkdir -p "$out"
  local id dir="$out/bundle"
  id="$(cd "$root" && git describe --always --dirty)-$(date -u +%Y%m%dT%H%M%S)${YIWANG_BUNDLE_BROKEN:+-broken}"
  [ -d "$out/rootfs" ] || { echo "image.sh: build first" >&2; exit 1; }
  rm -rf "$dir" && mkdir -p "$dir"
  # The same root file system as the image's, with a new image id (and, for the rollback test,
  # a kiosk that never shows a frame).
  cp -a "$out/rootfs" "$out/rootfs-bundle"
  echo "$id" >"$out/rootfs-bundle/etc/yiwang-image-id"
  if [ -n "${YIWANG_BUNDLE_BROKEN:-}" ]; then
    printf '#!/bin/sh\n# TEST: a kiosk that never becomes healthy (the rollback test).\nexec sleep infinity\n' \
      >"$out/rootfs-bundle/usr/bin/yiwang-kiosk"
  fi
  mke2fs -q -t ext4 -L root -d "$out/rootfs-bundle" -E root_owner=0:0 "$dir/rootfs.ext4" 1200M
  rm -rf "$out/rootfs-bundle"
  cat >"$dir/manifest.raucm" <<MANIFEST
[update]
compatible=yiwang-kiosk-amd64
version=$id

[bundle]
format=verity

[image.rootfs]
filename=rootfs.ext4
MANIFEST
  local name=update${YIWANG_BUNDLE_BROKEN:+-broken}.raucb
  rm -f "$out/$name"
  rauc bundle --cert="$root/image/test-keys/signing.cert.pem" \
    --key="$root/image/test-keys/signing.key.pem" "$dir" "$out/$name"
  rm -rf "$dir"
  echo "image.sh: $out/$name (image $id)"
}

case "${1:-}" in
  build) build ;;
  bundle) bundle ;;
  boot-test) shift; exec python3 "$root/image/boot_test.py" "$out" "$@" ;;
  *) echo "usage: $0 build | bundle | boot-test" >&2; exit 2 ;;
esac

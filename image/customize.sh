#!/bin/sh
# mmdebstrap's last hook for the appliance: $1 = the root file system, $2 = the image id.
# Units on and off, a read-only-root layout, what a kiosk must not have.
set -eu
rootfs="$1"
echo "$2" >"$rootfs/etc/yiwang-image-id"
in_root() { chroot "$rootfs" "$@"; }
# The kiosk and its companions on; no getty anywhere on the display (NAutoVTs=0 spawns none,
# and getty@tty1 is masked outright); networkd for the wired link.
in_root systemctl enable yiwang-kiosk.service yiwang-mark-good.path yiwang-health-timeout.timer \
  yiwang-usb-copy.socket systemd-networkd.service
in_root systemctl mask getty@tty1.service getty@.service serial-getty@.service \
  console-getty.service autovt@.service systemd-firstboot.service apt-daily.timer \
  apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer ctrl-alt-del.target
in_root systemctl set-default multi-user.target
# The platform's update command goes to RAUC through the image's updater script (issue 16's
# --update-command runs it with the bundle's URL when no resident is in a session).
sed -i 's|^YIWANG_KIOSK_OPTIONS="\(.*\)"$|YIWANG_KIOSK_OPTIONS="\1 --update-command /usr/libexec/yiwang-image/update"|' \
  "$rootfs/etc/default/yiwang-kiosk"
# No root password and no way to log in: the kiosk has no console users.
in_root passwd -l root >/dev/null
# A read-only root: the machine id comes up on a tmpfs each boot (systemd does this when the
# file is empty), mount points for the data and key partitions and the EFI partition.
: >"$rootfs/etc/machine-id"
rm -f "$rootfs/var/lib/dbus/machine-id"
mkdir -p "$rootfs/boot/efi" "$rootfs/var/lib/yiwang" "$rootfs/var/lib/yiwang-key"
# Smaller slots: no documentation, no apt lists, no kernel drivers a kiosk board never has.
rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/tmp/*.deb
for drivers in net/wireless net/ethernet/mellanox net/ethernet/intel/ice media staging \
  infiniband gpu/drm/amd gpu/drm/nouveau gpu/drm/radeon gpu/drm/i915 isdn bluetooth; do
  rm -rf "$rootfs"/lib/modules/*/kernel/drivers/$drivers
done
# (kernel/sound stays: the voice guidance plays through ALSA.)
rm -rf "$rootfs"/lib/modules/*/kernel/net/wireless \
  "$rootfs"/lib/modules/*/kernel/net/mac80211 "$rootfs"/lib/firmware/*
in_root sh -c 'depmod -a $(ls /lib/modules)'
in_root update-initramfs -u -k all >/dev/null

#!/usr/bin/env bash
# Installs the Debian packages the kiosk needs to build, run and test; installs only what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format clang-tidy clang libclang-rt-14-dev
  iproute2 nftables openssl systemd mount e2fsprogs
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
  curl libcurl4-openssl-dev libzxing-dev libsqlite3-dev libssl-dev libusb-1.0-0-dev libudev-dev libdrm-dev
  nlohmann-json3-dev libcpp-httplib-dev doctest-dev
  libfreetype-dev libcups2-dev libcairo2-dev libzbar0
  cups-ipp-utils cups-daemon cups-client avahi-daemon dbus-daemon umockdev libumockdev-dev
  fonts-wqy-zenhei fonts-dejavu-core
  librime-dev rime-prelude rime-essay rime-data-luna-pinyin libzinnia-dev tegaki-zinnia-simplified-chinese
  libespeak-ng-dev espeak-ng-data
  libsodium-dev zlib1g-dev
  debhelper lintian
  python3-qrcode python3-pil python3-numpy
)
# tools/setup.sh --image: also what tools/image.sh needs to build and boot the appliance image.
if [ "${1:-}" = "--image" ]; then
  packages+=(mmdebstrap rauc qemu-system-x86 qemu-utils ovmf grub-efi-amd64-bin dosfstools mtools
             fdisk e2fsprogs erofs-utils squashfs-tools openssl)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

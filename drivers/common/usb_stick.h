// USB sticks for the technician's support bundle: removable block devices with a file system,
// found through udev, mounted read-write only for one copy, synced and unmounted before "done".
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

struct UsbStick {
  std::string devnode;  // /dev/sdb1
  std::string fs_type;  // vfat, exfat, ext4 ...
  std::string label;    // ID_FS_LABEL, may be empty
};

// File systems the kiosk writes a bundle to (the kernel mounts them without helpers).
bool writable_fs_type(const std::string& fs_type);

// Block devices (partitions, or a whole disk formatted without a partition table) carrying a
// file system of writable_fs_type, on a removable disk or the USB bus, in udev's order. Fixed
// disks (the terminal's own storage) are never listed.
std::vector<UsbStick> find_usb_sticks();

// Mounts the stick at dir (made if missing) read-write with nosuid, nodev and noexec, runs
// write(dir), syncs the stick's file system and unmounts it; the stick stays mounted only for
// that copy. Returns what write returned, or why the stick could not be used (then nothing was
// left mounted). Needs CAP_SYS_ADMIN: only the USB copy helper (yiwang-usb-copy@.service) has it,
// never the kiosk.
Result<std::string, std::string> with_mounted_stick(
    const UsbStick& stick, const std::string& dir,
    const std::function<Result<std::string, std::string>(const std::string& dir)>& write);

}  // namespace yiwang::drivers

// libudev enumeration of removable block devices with a file system, and mount(2) / umount2(2)
// around one copy onto them.
#include "common/usb_stick.h"

#include <fcntl.h>
#include <libudev.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

namespace yiwang::drivers {

namespace {

std::string text(const char* value) { return value == nullptr ? "" : value; }

}  // namespace

bool writable_fs_type(const std::string& fs_type) {
  return fs_type == "vfat" || fs_type == "exfat" || fs_type == "ext4" || fs_type == "ext3" ||
         fs_type == "ext2";
}

std::vector<UsbStick> find_usb_sticks() {
  std::vector<UsbStick> found;
  udev* context = udev_new();
  if (context == nullptr) return found;
  udev_enumerate* enumerate = udev_enumerate_new(context);
  udev_enumerate_add_match_subsystem(enumerate, "block");
  udev_enumerate_add_match_property(enumerate, "ID_FS_USAGE", "filesystem");
  udev_enumerate_scan_devices(enumerate);
  udev_list_entry* entry = nullptr;
  udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumerate)) {
    udev_device* device = udev_device_new_from_syspath(context, udev_list_entry_get_name(entry));
    if (device == nullptr) continue;
    const std::string node = text(udev_device_get_devnode(device));
    const std::string fs_type = text(udev_device_get_property_value(device, "ID_FS_TYPE"));
    // The disk itself, or the disk a partition belongs to, says whether it is removable.
    udev_device* disk =
        text(udev_device_get_devtype(device)) == "disk"
            ? device
            : udev_device_get_parent_with_subsystem_devtype(device, "block", "disk");
    const bool removable =
        disk != nullptr && text(udev_device_get_sysattr_value(disk, "removable")) == "1";
    const bool usb = text(udev_device_get_property_value(device, "ID_BUS")) == "usb";
    if (!node.empty() && writable_fs_type(fs_type) && (removable || usb))
      found.push_back({node, fs_type, text(udev_device_get_property_value(device, "ID_FS_LABEL"))});
    udev_device_unref(device);
  }
  udev_enumerate_unref(enumerate);
  udev_unref(context);
  return found;
}

Result<std::string, std::string> with_mounted_stick(
    const UsbStick& stick, const std::string& dir,
    const std::function<Result<std::string, std::string>(const std::string& dir)>& write) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot make the mount point " + dir + ": " + ec.message());
  // Read-write for this copy only; nothing on the stick may run or act as a device here.
  if (::mount(stick.devnode.c_str(), dir.c_str(), stick.fs_type.c_str(),
              MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME, nullptr) != 0) {
    return fail("cannot mount " + stick.devnode + " (" + stick.fs_type +
                "): " + std::strerror(errno));
  }
  auto written = write(dir);
  // Everything on the stick before it is said done: the file system synced, then unmounted.
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  bool synced = fd >= 0 && ::syncfs(fd) == 0;
  if (fd >= 0) ::close(fd);
  bool unmounted = false;
  for (int attempt = 0; attempt < 20 && !unmounted; ++attempt) {
    unmounted = ::umount2(dir.c_str(), UMOUNT_NOFOLLOW) == 0;
    if (!unmounted && errno != EBUSY) break;
    if (!unmounted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!unmounted) {
    // Never lazily: a stick pulled out now could lose the bundle. Said, and left mounted.
    return fail("the bundle was written but " + stick.devnode +
                " could not be unmounted: do not pull it out; " + std::strerror(errno));
  }
  if (!written) return written;
  if (!synced) return fail("the bundle could not be synced to " + stick.devnode);
  return written;
}

}  // namespace yiwang::drivers

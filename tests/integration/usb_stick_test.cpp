// The support bundle's USB stick found through udev, under umockdev (run by umockdev-wrapper):
// a removable disk's vfat partition and a USB disk's exFAT are found; the terminal's own fixed
// disk, a stick's partition without a file system, and one with a file system the kiosk does
// not write (swap) are not. Mounting needs privileges a test does not have: the copy itself is
// tested with a folder standing in for the mount (technician e2e, bundle test).
#include <doctest/doctest.h>
#include <umockdev.h>

#include <algorithm>
#include <string>

#include "common/usb_stick.h"
#include "support/emulated_usb.h"

using namespace yiwang;

namespace {

void add(UMockdevTestbed* testbed, const std::string& record) {
  GError* error = nullptr;
  const bool added = umockdev_testbed_add_from_string(testbed, record.c_str(), &error);
  REQUIRE_MESSAGE(added, (error != nullptr ? error->message : ""));
}

// A disk and, when part is not empty, its first partition with these udev properties.
void add_disk(UMockdevTestbed* testbed, const std::string& path, const std::string& name,
              const std::string& removable, const std::string& disk_props,
              const std::string& part_props) {
  add(testbed, "P: " + path + "/block/" + name + "\nN: " + name + "\nE: SUBSYSTEM=block\n" +
                   "E: DEVTYPE=disk\nE: DEVNAME=/dev/" + name + "\n" + disk_props +
                   "A: removable=" + removable + "\nA: dev=8:0\n");
  if (part_props.empty()) return;
  add(testbed, "P: " + path + "/block/" + name + "/" + name + "1\nN: " + name +
                   "1\nE: SUBSYSTEM=block\nE: DEVTYPE=partition\nE: DEVNAME=/dev/" + name + "1\n" +
                   part_props + "A: partition=1\nA: dev=8:1\n");
}

}  // namespace

TEST_CASE("udev finds removable sticks with a file system the kiosk writes, never fixed disks") {
  REQUIRE_MESSAGE(test::UsbTestbed::wrapped(), "run under umockdev-wrapper");
  UMockdevTestbed* testbed = umockdev_testbed_new();
  // The terminal's own disk: fixed, SATA, ext4. Never a place for a bundle.
  add_disk(testbed, "/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0", "sda", "0",
           "E: ID_BUS=ata\n", "E: ID_BUS=ata\nE: ID_FS_USAGE=filesystem\nE: ID_FS_TYPE=ext4\n");
  // A stick: removable, its partition vfat, labelled.
  add_disk(testbed, "/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host1/target1:0:0/1:0:0:0",
           "sdb", "1", "E: ID_BUS=usb\n",
           "E: ID_BUS=usb\nE: ID_FS_USAGE=filesystem\nE: ID_FS_TYPE=vfat\n"
           "E: ID_FS_LABEL=TECH\n");
  // A USB disk that says it is not removable (many do), exFAT: found by its bus.
  add_disk(testbed, "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host2/target2:0:0/2:0:0:0",
           "sdc", "0", "E: ID_BUS=usb\n",
           "E: ID_BUS=usb\nE: ID_FS_USAGE=filesystem\nE: ID_FS_TYPE=exfat\n");
  // A stick whose partition holds swap, and one with no file system at all.
  add_disk(testbed, "/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/host3/target3:0:0/3:0:0:0",
           "sdd", "1", "E: ID_BUS=usb\n",
           "E: ID_BUS=usb\nE: ID_FS_USAGE=other\nE: ID_FS_TYPE=swap\n");
  add_disk(testbed, "/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/host4/target4:0:0/4:0:0:0",
           "sde", "1", "E: ID_BUS=usb\n", "E: ID_BUS=usb\n");

  const auto sticks = drivers::find_usb_sticks();
  std::vector<std::string> nodes;
  for (const auto& s : sticks) nodes.push_back(s.devnode);
  std::sort(nodes.begin(), nodes.end());
  CHECK(nodes == std::vector<std::string>{"/dev/sdb1", "/dev/sdc1"});
  for (const auto& s : sticks) {
    if (s.devnode == "/dev/sdb1") {
      CHECK(s.fs_type == "vfat");
      CHECK(s.label == "TECH");
    }
  }
  g_object_unref(testbed);
}

TEST_CASE("no stick: nothing is found, and a stick that cannot be mounted is said, not hidden") {
  REQUIRE_MESSAGE(test::UsbTestbed::wrapped(), "run under umockdev-wrapper");
  UMockdevTestbed* testbed = umockdev_testbed_new();
  CHECK(drivers::find_usb_sticks().empty());
  // Unprivileged (or no such node): mount fails, write never runs, nothing stays mounted.
  bool wrote = false;
  auto copied = drivers::with_mounted_stick(
      {"/dev/yiwang-no-such-stick", "vfat", ""}, "/tmp/yiwang-usb-test-mount",
      [&](const std::string&) -> Result<std::string, std::string> {
        wrote = true;
        return std::string("written");
      });
  REQUIRE_FALSE(copied);
  CHECK(copied.error().find("cannot mount /dev/yiwang-no-such-stick") != std::string::npos);
  CHECK_FALSE(wrote);
  g_object_unref(testbed);
}

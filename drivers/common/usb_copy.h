// The support bundle's copy to a USB stick by a small privileged helper (yiwang-usb-copy, started
// per connection by the package's yiwang-usb-copy.socket): the kiosk, without CAP_SYS_ADMIN,
// writes the bundle into its own state folder and names it on the socket; the helper finds the
// stick, mounts it for that copy, copies, syncs, unmounts and answers in one line.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "common/usb_stick.h"

namespace yiwang::drivers {

// A bundle's folder name as the kiosk writes it ("yiwang-bundle-T4601050001-20261201-101500"):
// the only thing the kiosk may say to the helper. No separators, no "..", at most 128 bytes.
bool valid_bundle_name(const std::string& name);

// Copies the folder `name` under source_dir into target_dir, regular files and folders only,
// never following a symbolic link (each component opened with O_NOFOLLOW): a link, a FIFO or a
// device in the bundle refuses the copy. Files are written 0644, folders 0755 (the technician's
// laptop reads them), each fsynced. Returns "N files, B bytes".
Result<std::string, std::string> copy_bundle_tree(const std::string& source_dir,
                                                  const std::string& name,
                                                  const std::string& target_dir);

// How the helper runs (yiwang-usb-copy's options).
struct UsbCopyConfig {
  std::string source_dir;  // the kiosk's staging folder (/var/lib/yiwang/usb-bundle)
  std::string mount_dir;   // where the stick is mounted for the copy (/run/yiwang-usb-copy)
  // Tests: this device instead of udev's first stick (a loop device), or a folder standing in
  // for the mounted stick (no mount at all).
  std::optional<UsbStick> device;
  std::string stand_in_dir;
};

// One request line ("copy NAME") in, one answer line out: "ok DETAIL" or "error DETAIL".
std::string serve_usb_copy(const std::string& request_line, const UsbCopyConfig& config);

// The kiosk's side: connects to the helper's socket, names the bundle, and waits at most
// timeout_ms for the answer. The value is the helper's detail; the error says why not.
Result<std::string, std::string> request_usb_copy(const std::string& socket_path,
                                                  const std::string& name, int timeout_ms);

}  // namespace yiwang::drivers

// libudev enumeration: match by subsystem, name, property, then USB ids from the device or its
// USB parent.
#include "common/udev_finder.h"

#include <libudev.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace yiwang::drivers {

namespace {

std::uint16_t hex16(const char* text) {
  return text == nullptr ? 0 : static_cast<std::uint16_t>(std::strtoul(text, nullptr, 16));
}

}  // namespace

bool parse_usb_ids(const std::string& text, UdevMatch& match) {
  unsigned vendor = 0;
  unsigned product = 0;
  char rest = 0;
  if (std::sscanf(text.c_str(), "usb:%4x:%4x%c", &vendor, &product, &rest) == 2) {
    match.vendors = {static_cast<std::uint16_t>(vendor)};
    match.product = static_cast<std::uint16_t>(product);
    return true;
  }
  if (std::sscanf(text.c_str(), "usb:%4x%c", &vendor, &rest) == 1) {
    match.vendors = {static_cast<std::uint16_t>(vendor)};
    match.product = 0;
    return true;
  }
  return false;
}

std::vector<FoundDevice> find_devices(const UdevMatch& match) {
  std::vector<FoundDevice> found;
  udev* context = udev_new();
  if (context == nullptr) return found;
  udev_enumerate* enumerate = udev_enumerate_new(context);
  udev_enumerate_add_match_subsystem(enumerate, match.subsystem.c_str());
  if (!match.required_property.empty())
    udev_enumerate_add_match_property(enumerate, match.required_property.c_str(), "1");
  udev_enumerate_scan_devices(enumerate);
  udev_list_entry* entry = nullptr;
  udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumerate)) {
    udev_device* device = udev_device_new_from_syspath(context, udev_list_entry_get_name(entry));
    if (device == nullptr) continue;
    const char* node = udev_device_get_devnode(device);
    const char* name = udev_device_get_sysname(device);
    FoundDevice candidate;
    if (node != nullptr && name != nullptr &&
        std::string(name).rfind(match.sysname_prefix, 0) == 0) {
      candidate.devnode = node;
      candidate.vendor = hex16(udev_device_get_property_value(device, "ID_VENDOR_ID"));
      candidate.product = hex16(udev_device_get_property_value(device, "ID_MODEL_ID"));
      if (candidate.vendor == 0) {
        // Not filled in by udev's rules (or a bare sysfs): ask the USB device above it.
        udev_device* usb =
            udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_device");
        if (usb != nullptr) {
          candidate.vendor = hex16(udev_device_get_sysattr_value(usb, "idVendor"));
          candidate.product = hex16(udev_device_get_sysattr_value(usb, "idProduct"));
        }
      }
      const bool vendor_ok =
          match.vendors.empty() || std::find(match.vendors.begin(), match.vendors.end(),
                                             candidate.vendor) != match.vendors.end();
      const bool product_ok = match.product == 0 || candidate.product == match.product;
      if (vendor_ok && product_ok) found.push_back(candidate);
    }
    udev_device_unref(device);
  }
  udev_enumerate_unref(enumerate);
  udev_unref(context);
  return found;
}

}  // namespace yiwang::drivers

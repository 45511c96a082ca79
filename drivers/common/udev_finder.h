// Finds device nodes through udev by subsystem and USB ids, so a device that comes back as
// another node (event7 -> event8, ttyUSB0 -> ttyUSB1) is found again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace yiwang::drivers {

struct UdevMatch {
  std::string subsystem;               // "input", "hidraw", "tty"
  std::string sysname_prefix;          // "event", "hidraw", "ttyACM", "ttyUSB"; "" any
  std::vector<std::uint16_t> vendors;  // any of these; empty: any vendor
  std::uint16_t product = 0;           // 0: any product
  std::string required_property;       // e.g. ID_INPUT_KEYBOARD (must be "1"); "" none
};

struct FoundDevice {
  std::string devnode;
  std::uint16_t vendor = 0;
  std::uint16_t product = 0;
};

// Devices that match, in udev's enumeration order. Vendor and product come from the device's
// ID_VENDOR_ID / ID_MODEL_ID properties, else from its USB parent's idVendor / idProduct.
std::vector<FoundDevice> find_devices(const UdevMatch& match);

// "usb:VVVV" or "usb:VVVV:PPPP" into a match's ids; false when malformed.
bool parse_usb_ids(const std::string& text, UdevMatch& match);

}  // namespace yiwang::drivers

// A byte pipe to a device that can vanish: TCP, a device node, a serial port, or USB bulk
// endpoints. The receipt printer and the ID-card reader drive their protocols over it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/result.h"
#include "common/udev_finder.h"

namespace yiwang::drivers {

struct LinkError {
  bool device_missing = false;  // unplugged, refused, not there: status noDevice
  std::string message;
};

class ByteLink {
 public:
  virtual ~ByteLink() = default;
  // Connects (again). Safe to call when already open: it closes first.
  virtual Result<Done, LinkError> open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  // Writes everything within timeout_ms, or fails; the link is closed after a failure.
  virtual Result<Done, LinkError> write(std::span<const std::uint8_t> bytes, int timeout_ms) = 0;
  // Reads what arrives within timeout_ms into buffer; 0 means nothing came.
  virtual Result<std::size_t, LinkError> read(std::span<std::uint8_t> buffer, int timeout_ms) = 0;
  // Whether the device can answer. A one-way printer port prints blind.
  virtual bool bidirectional() const = 0;
  virtual std::string describe() const = 0;
};

// A serial port (termios raw 8N1 at `baud`): USB-serial ID-card readers, CDC scanners.
std::unique_ptr<ByteLink> make_serial_link(std::string path, int baud);
// The same, its node looked up through udev at every open; `what` names it in messages.
std::unique_ptr<ByteLink> make_serial_link(UdevMatch find, std::string what, int baud);

// USB bulk endpoints through libusb, found from the descriptors of the first interface that
// matches. Any kernel driver bound to it is detached while the link is open and given back.
struct UsbSelector {
  std::uint16_t vendor = 0;     // 0: any device
  std::uint16_t product = 0;    // 0 with vendor 0: any device
  int interface_class = -1;     // -1: any class
  bool need_in = false;         // the interface must have a bulk IN endpoint
  int in_protocol = -1;         // >= 0: use bulk IN only when bInterfaceProtocol is this
  std::string what = "device";  // for messages: "printer", "ID-card reader"
};
std::unique_ptr<ByteLink> make_usb_bulk_link(UsbSelector selector);

}  // namespace yiwang::drivers

// How receipt bytes reach a printer and its status comes back: TCP 9100, /dev/usb/lp*, or libusb.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/result.h"

namespace yiwang::drivers {

struct PortError {
  bool device_missing = false;  // unplugged, refused, not there: status noDevice
  std::string message;
};

class PrinterPort {
 public:
  virtual ~PrinterPort() = default;
  // Connects (again). Safe to call when already open: it closes first.
  virtual Result<Done, PortError> open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  // Writes everything within timeout_ms, or fails; the port is closed after a failure.
  virtual Result<Done, PortError> write(std::span<const std::uint8_t> bytes, int timeout_ms) = 0;
  // Reads what arrives within timeout_ms into buffer; 0 means nothing came.
  virtual Result<std::size_t, PortError> read(std::span<std::uint8_t> buffer, int timeout_ms) = 0;
  // Whether the printer can answer (status, acknowledgements). A one-way port prints blind.
  virtual bool bidirectional() const = 0;
  virtual std::string describe() const = 0;
};

// "tcp://HOST:PORT" (network printers, port 9100 by default), "usb" or "usb:VVVV:PPPP"
// (libusb, printer class; default ids from the reader-and-printer table), or a path:
// a /dev/usb/lp* node, or a plain file the bytes are appended to (one-way).
Result<std::unique_ptr<PrinterPort>, std::string> make_printer_port(const std::string& spec);

std::unique_ptr<PrinterPort> make_tcp_port(std::string host, int port);
std::unique_ptr<PrinterPort> make_path_port(std::string path);
// vendor_id/product_id 0: the first printer-class interface found.
std::unique_ptr<PrinterPort> make_usb_port(std::uint16_t vendor_id, std::uint16_t product_id);

}  // namespace yiwang::drivers

// Where receipt bytes go: the printer links (TCP 9100, /dev/usb/lp*, libusb) named by a spec.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/byte_link.h"
#include "common/result.h"

namespace yiwang::drivers {

// "tcp://HOST:PORT" (network printers, port 9100 by default), "usb" or "usb:VVVV:PPPP"
// (libusb, printer class; default ids from the reader-and-printer table), or a path:
// a /dev/usb/lp* node, or a plain file the bytes are appended to (one-way).
Result<std::unique_ptr<ByteLink>, std::string> make_printer_port(const std::string& spec);

std::unique_ptr<ByteLink> make_tcp_port(std::string host, int port);
std::unique_ptr<ByteLink> make_path_port(std::string path);
// vendor_id/product_id 0: the first printer-class interface found.
std::unique_ptr<ByteLink> make_usb_port(std::uint16_t vendor_id, std::uint16_t product_id);

}  // namespace yiwang::drivers

// ESC/POS command encoder: builds the byte stream of one receipt. Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "receipt/bitmap.h"

namespace yiwang::drivers {

enum class Align : std::uint8_t { left = 0, centre = 1, right = 2 };
enum class QrErrorCorrection : std::uint8_t { L = 0x30, M = 0x31, Q = 0x32, H = 0x33 };

// Real-time commands: executed on arrival, even while the printer waits (paper out, cover open).
std::vector<std::uint8_t> realtime_status_request(int n);  // DLE EOT n, n = 1..4
std::vector<std::uint8_t> clear_printer_buffers();  // DLE DC4 8: drop received, unprinted data
// In-order commands whose answers the driver parses as blocks (escpos_replies.h).
// GS ( H fn 48: `37 22 d1..d4 00` comes back once everything before it is printed. `id` is
// four printable ASCII characters (32..126); others are replaced by '0'.
std::vector<std::uint8_t> transaction_number_request(const std::string& id);
std::vector<std::uint8_t> paper_sensor_request();                // GS r 1
std::vector<std::uint8_t> automatic_status_off();                // GS a 0
std::vector<std::uint8_t> printer_info_request(std::uint8_t n);  // GS I n (67: model name)
// GS ( D fn 20: real-time DLE DC4 functions 1 and 2 off or on. Sent around raster data so that
// image bytes that look like `10 14 n` are not acted on (devices.md). Printers that act on
// `10 04 n` inside data anyway send a stray status byte, which the reply parser ignores.
std::vector<std::uint8_t> realtime_commands(bool enabled);

class EscPosEncoder {
 public:
  EscPosEncoder& initialise();                 // ESC @
  EscPosEncoder& bold(bool on);                // ESC E n
  EscPosEncoder& align(Align alignment);       // ESC a n
  EscPosEncoder& size(int width, int height);  // GS ! n, each 1..8
  EscPosEncoder& chinese_mode(bool on);        // FS & / FS .
  // UTF-8 text, sent as GB18030. Characters GB18030 cannot hold become '?'.
  EscPosEncoder& text(std::string_view utf8);
  EscPosEncoder& line(std::string_view utf8);        // text + LF
  EscPosEncoder& feed(int lines);                    // ESC d n
  EscPosEncoder& cut(bool partial, int feed_lines);  // GS V 65/66 n
  // QR code with GS ( k: model 2, module size, error correction, store, print.
  EscPosEncoder& qr(std::string_view data, int module_size, QrErrorCorrection level);
  // A raster image with GS v 0 (normal density), at most 65535 bytes wide and rows high.
  EscPosEncoder& raster(const Bitmap& image);
  // GS r 1: the printer answers with its paper sensor status once it has processed everything
  // before it (processed, not necessarily printed).
  EscPosEncoder& transmit_paper_status();
  EscPosEncoder& raw(std::vector<std::uint8_t> bytes);

  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  void append(std::initializer_list<std::uint8_t> bytes);
  std::vector<std::uint8_t> bytes_;
};

}  // namespace yiwang::drivers

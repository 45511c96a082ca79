// Printer replies split into whole blocks, so that no stray byte counts as an answer.
//
// What a printer sends (devices.md, Epson/Citizen references), by its first byte:
//   0x37 or 0x5F ... 0x00   a block: `37 22 d1 d2 d3 d4 00` transaction number (GS ( H fn 48),
//                           `37 25 00` buffers cleared (DLE DC4 8), `5F text 00` (GS I 65..69)
//   0xx1xx00 + 3 bytes      automatic status back (ASB), sent unasked: four bytes in all
//   0xx1xx10                one real-time status byte (DLE EOT n)
//   0xx0xxxx                one paper-sensor byte (GS r 1): bits 0-1 near end, bits 2-3 end
// Anything else is line noise. The parser is pure and fed any chunking of the stream.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace yiwang::drivers {

struct PrinterReply {
  enum class Kind {
    realtime_status,   // DLE EOT n answer: `byte`
    paper_sensor,      // GS r 1 answer: `byte`
    automatic_status,  // ASB block: `block`
    transaction,       // GS ( H fn 48 answer: `text` holds d1..d4
    buffers_cleared,   // DLE DC4 8 answer
    printer_info,      // GS I 65..69 answer: `text`
    other_block,       // a 37 .. 00 block of another function
    noise,             // a byte no reply starts with, or an overlong block
  };
  Kind kind = Kind::noise;
  std::uint8_t byte = 0;
  std::array<std::uint8_t, 4> block{};
  std::string text;
};

class ReplyParser {
 public:
  // Appends every reply completed by `bytes`; an incomplete block waits for the next call.
  void feed(std::span<const std::uint8_t> bytes, std::vector<PrinterReply>& out);
  // Forgets an incomplete block (after the input was flushed or the link reopened).
  void reset() { partial_.clear(); }
  bool in_block() const { return !partial_.empty(); }

 private:
  void finish_block(std::vector<PrinterReply>& out);
  std::vector<std::uint8_t> partial_;
};

// Paper sensor bits of a GS r 1 answer (documented layout: near end 0x03, end 0x0C).
constexpr bool paper_sensor_near_end(std::uint8_t b) { return (b & 0x03) != 0; }
constexpr bool paper_sensor_end(std::uint8_t b) { return (b & 0x0C) != 0; }

// ASB block: what the four bytes say about the printer, in the DLE EOT shape (escpos_status.h).
struct AutomaticStatus {
  bool offline = false;           // byte 1 bit 3
  bool cover_open = false;        // byte 1 bit 5
  bool cutter_error = false;      // byte 2 bit 3
  bool unrecoverable = false;     // byte 2 bit 5
  bool auto_recoverable = false;  // byte 2 bit 6
  bool paper_near_end = false;    // byte 3 bits 0-1
  bool paper_end = false;         // byte 3 bits 2-3
};
AutomaticStatus automatic_status_of(const std::array<std::uint8_t, 4>& block);

}  // namespace yiwang::drivers

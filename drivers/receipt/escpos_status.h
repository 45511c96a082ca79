// Decoding of ESC/POS real-time status replies (DLE EOT n, n = 1..4); the other replies are in
// escpos_replies.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/device_status.h"

namespace yiwang::drivers {

// Every bit devices.md documents, gathered from the four DLE EOT replies.
struct PrinterStatusBits {
  bool offline = false;               // n=1 bit 3
  bool cover_open = false;            // n=2 bit 2
  bool feed_button = false;           // n=2 bit 3 (paper being fed by the button)
  bool stopped_at_paper_end = false;  // n=2 bit 5
  bool error = false;                 // n=2 bit 6
  bool cutter_error = false;          // n=3 bit 3
  bool unrecoverable = false;         // n=3 bit 5
  bool auto_recoverable = false;      // n=3 bit 6
  bool paper_near_end = false;        // n=4 bits 2 and 3
  bool paper_end = false;             // n=4 bits 5 and 6
};

// A real-time status reply always matches 0xx1xx10.
constexpr bool is_realtime_status_byte(std::uint8_t b) { return (b & 0x93) == 0x12; }

// Folds the reply to DLE EOT n into bits; false when the byte is not a status reply or n is not
// 1..4 (the caller reports a garbled line, it does not guess).
bool apply_realtime_status(int n, std::uint8_t reply, PrinterStatusBits& bits);

// What the bits mean for the kiosk, after XFS4IoT: device state, paper state, and a
// technician-facing reason code ("cover_open", "paper_out", "cutter_error", ...; "" when fine).
struct PrinterCondition {
  DeviceState state = DeviceState::online;
  PaperState paper = PaperState::full;
  std::string reason;
  bool can_print() const { return state == DeviceState::online && paper != PaperState::out; }
};
PrinterCondition condition_of(const PrinterStatusBits& bits);

}  // namespace yiwang::drivers

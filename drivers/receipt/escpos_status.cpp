// Status bits per devices.md, and the device/paper state they add up to.
#include "receipt/escpos_status.h"

namespace yiwang::drivers {

namespace {
constexpr bool bit(std::uint8_t b, int n) { return ((b >> n) & 1) != 0; }
}  // namespace

bool apply_realtime_status(int n, std::uint8_t reply, PrinterStatusBits& bits) {
  if (!is_realtime_status_byte(reply)) return false;
  switch (n) {
    case 1:
      bits.offline = bit(reply, 3);
      return true;
    case 2:
      bits.cover_open = bit(reply, 2);
      bits.feed_button = bit(reply, 3);
      bits.stopped_at_paper_end = bit(reply, 5);
      bits.error = bit(reply, 6);
      return true;
    case 3:
      bits.cutter_error = bit(reply, 3);
      bits.unrecoverable = bit(reply, 5);
      bits.auto_recoverable = bit(reply, 6);
      return true;
    case 4:
      bits.paper_near_end = bit(reply, 2) || bit(reply, 3);
      bits.paper_end = bit(reply, 5) || bit(reply, 6);
      return true;
    default:
      return false;
  }
}

PrinterCondition condition_of(const PrinterStatusBits& bits) {
  PrinterCondition c;
  c.paper = bits.paper_end        ? PaperState::out
            : bits.paper_near_end ? PaperState::low
                                  : PaperState::full;
  if (bits.cutter_error) {
    // A cutter that cannot cut is where paper jams: the slip cannot leave the printer.
    c.state = DeviceState::hardwareError;
    c.paper = PaperState::jammed;
    c.reason = "cutter_error";
  } else if (bits.unrecoverable) {
    c.state = DeviceState::hardwareError;
    c.reason = "unrecoverable_error";
  } else if (bits.cover_open) {
    c.state = DeviceState::userError;
    c.reason = "cover_open";
  } else if (bits.paper_end || bits.stopped_at_paper_end) {
    c.state = DeviceState::userError;
    c.paper = PaperState::out;
    c.reason = "paper_out";
  } else if (bits.auto_recoverable || bits.error) {
    c.state = DeviceState::hardwareError;
    c.reason = bits.auto_recoverable ? "recoverable_error" : "error";
  } else if (bits.offline) {
    c.state = DeviceState::offline;
    c.reason = "offline";
  } else if (bits.paper_near_end) {
    c.reason = "paper_low";
  }
  return c;
}

}  // namespace yiwang::drivers

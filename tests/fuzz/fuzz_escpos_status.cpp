// libFuzzer target: the receipt printer's status decoding and reply parser, fed any bytes a
// printer line can carry. Every accepted status byte must match 0xx1xx10 and give a consistent
// condition; the parser must give the same replies however the bytes are split, and every reply
// must have the shape its kind says.
#include <cstddef>
#include <cstdint>

#include <vector>

#include "receipt/escpos_replies.h"
#include "receipt/escpos_status.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::drivers;
  PrinterStatusBits bits;
  for (std::size_t i = 0; i + 1 < size; i += 2) {
    const int n = data[i] % 6;  // 0 and 5 are not status functions: must be refused
    const bool accepted = apply_realtime_status(n, data[i + 1], bits);
    if (accepted && (!is_realtime_status_byte(data[i + 1]) || n < 1 || n > 4)) __builtin_trap();
    const PrinterCondition condition = condition_of(bits);
    if (condition.can_print() && (bits.paper_end || bits.cover_open || bits.cutter_error))
      __builtin_trap();
    if (condition.state != DeviceState::online && condition.reason.empty()) __builtin_trap();
  }
  // The reply parser: one pass whole, one byte at a time; the same replies either way.
  ReplyParser whole;
  ReplyParser bytewise;
  std::vector<PrinterReply> a;
  std::vector<PrinterReply> b;
  whole.feed({data, size}, a);
  for (std::size_t i = 0; i < size; ++i) bytewise.feed({data + i, 1}, b);
  if (a.size() != b.size()) __builtin_trap();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].text != b[i].text) __builtin_trap();
    if (a[i].kind == PrinterReply::Kind::transaction && a[i].text.size() != 4) __builtin_trap();
    if (a[i].kind == PrinterReply::Kind::realtime_status && !is_realtime_status_byte(a[i].byte))
      __builtin_trap();
    if (a[i].kind == PrinterReply::Kind::automatic_status && (a[i].block[0] & 0x93) != 0x10)
      __builtin_trap();
  }
  return 0;
}

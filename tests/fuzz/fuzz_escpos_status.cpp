// libFuzzer target: the receipt printer's status decoding, fed any bytes a printer line can
// carry. Every accepted byte must match 0xx1xx10 and give a consistent condition.
#include <cstddef>
#include <cstdint>

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
  return 0;
}

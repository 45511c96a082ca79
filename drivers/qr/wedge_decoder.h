// Keyboard-wedge scans from evdev key events, decoded without any keyboard layout: scanners send
// US-layout key codes, so the codes themselves say the characters. Shift and Caps Lock, Ctrl
// letters, keypad keys, and GBK Alt codes (Alt held, decimal code on the keypad) for Chinese.
// A scan ends at Enter or after a quiet gap; keys it cannot decode are reported, not guessed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "qr/line_scanner.h"

namespace yiwang::drivers {

class WedgeDecoder {
 public:
  // One evdev event (type, code, value) at a monotonic time in milliseconds. Returns the scans
  // it completed (at most one).
  std::vector<ScanEvent> feed(std::uint16_t type, std::uint16_t code, std::int32_t value,
                              long long now_ms);
  // Ends a scan that has been quiet for gap_ms (scanners set to send no Enter).
  std::vector<ScanEvent> flush_if_quiet(long long now_ms, int gap_ms);
  bool pending() const { return !bytes_.empty() || undecoded_ > 0 || overflowed_; }
  void reset();

 private:
  ScanEvent finish();
  void add(char byte);
  void alt_released();

  std::string bytes_;  // ASCII and GBK bytes (GB18030 superset) until the scan ends
  int undecoded_ = 0;
  int first_undecoded_ = -1;
  bool overflowed_ = false;
  bool shift_left_ = false;
  bool shift_right_ = false;
  bool ctrl_ = false;
  bool caps_ = false;
  bool alt_ = false;
  int alt_digits_ = 0;
  long alt_value_ = 0;
  long long last_key_ms_ = 0;
};

}  // namespace yiwang::drivers

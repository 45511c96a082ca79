// HID POS scanner reports (Newland-style, 64 bytes as hidraw gives them): report id 0x02, data
// length, up to 56 data bytes at 2..57, reserved 58..61, symbology id at 62, and bit 0 of byte
// 63 set when more reports of the same code follow (one source: checked loosely). A code longer
// than 56 bytes arrives in several reports and is joined here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "qr/line_scanner.h"

namespace yiwang::drivers {

inline constexpr std::size_t kHidPosReportSize = 64;
inline constexpr std::uint8_t kHidPosReportId = 0x02;
inline constexpr std::size_t kHidPosMaxData = 56;

struct HidPosReport {
  std::vector<std::uint8_t> data;
  std::uint8_t symbology = 0;
  bool more = false;
};

struct HidPosError {
  std::string message;
};

// One report, exactly 64 bytes.
Result<HidPosReport, HidPosError> parse_hid_pos_report(std::span<const std::uint8_t> report);

// The 64-byte report(s) a scanner sends for a code (tests, the fuzz seed corpus).
std::vector<std::vector<std::uint8_t>> encode_hid_pos(std::string_view code,
                                                      std::uint8_t symbology = 'Q');

// Joins reports into scans. Bytes may come in any split (hidraw gives one report per read; a
// byte stream may not), so it cuts them into 64-byte reports itself.
class HidPosAssembler {
 public:
  std::vector<ScanEvent> feed(std::span<const std::uint8_t> bytes);
  void reset();

 private:
  std::vector<std::uint8_t> partial_report_;
  std::string code_;
  bool overflowed_ = false;
};

}  // namespace yiwang::drivers

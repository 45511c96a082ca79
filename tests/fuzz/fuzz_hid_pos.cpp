// libFuzzer target: HID POS reports in any split. Parsed reports never carry more than 56 data
// bytes; scans that come out are within the length limit and free of control bytes.
#include <cstddef>
#include <cstdint>

#include "qr/hid_pos.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::drivers;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 80;
  HidPosAssembler assembler;
  for (std::size_t at = 1; at < size; at += chunk) {
    const std::size_t n = std::min(chunk, size - at);
    for (const auto& event : assembler.feed({data + at, n})) {
      if (event.kind == ScanEvent::Kind::scanned) {
        if (event.code.empty() || event.code.size() > kMaxScanLength) __builtin_trap();
        for (unsigned char c : event.code)
          if ((c < 0x20 && c != '\t') || c == 0x7F) __builtin_trap();
      } else if (event.message.empty()) {
        __builtin_trap();
      }
    }
  }
  for (std::size_t at = 0; at + kHidPosReportSize <= size; at += kHidPosReportSize) {
    auto report = parse_hid_pos_report({data + at, kHidPosReportSize});
    if (report && report.value().data.size() > kHidPosMaxData) __builtin_trap();
  }
  return 0;
}

// libFuzzer target: the keyboard-wedge decoder over any sequence of key events (4 bytes each:
// code low, code high, value, time step). Scans that come out are UTF-8 without control bytes
// and bounded; rejections always say why.
#include <linux/input-event-codes.h>

#include <cstddef>
#include <cstdint>

#include "qr/wedge_decoder.h"

namespace {
bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::drivers;
  WedgeDecoder decoder;
  long long now = 0;
  auto check = [](const std::vector<ScanEvent>& events) {
    for (const auto& e : events) {
      if (e.kind == ScanEvent::Kind::scanned) {
        if (e.code.empty() || e.code.size() > 2 * kMaxScanLength || !valid_utf8(e.code))
          __builtin_trap();
        for (unsigned char c : e.code)
          if ((c < 0x20 && c != '\t') || c == 0x7F) __builtin_trap();
      } else if (e.message.empty()) {
        __builtin_trap();
      }
    }
  };
  for (std::size_t i = 0; i + 4 <= size; i += 4) {
    const auto code = static_cast<std::uint16_t>(data[i] | (data[i + 1] & 0x01) << 8);
    const std::int32_t value = data[i + 2] % 3;
    now += data[i + 3];
    check(decoder.feed(EV_KEY, code, value, now));
    check(decoder.flush_if_quiet(now, 100));
  }
  check(decoder.flush_if_quiet(now + 1000, 100));
  return 0;
}

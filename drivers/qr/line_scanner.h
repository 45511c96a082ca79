// A scan as drivers report it, and the splitter of CDC-serial scanners' byte stream (one code
// per line, ended by CR and/or LF).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/device_status.h"
#include "common/status_latch.h"

namespace yiwang::drivers {

struct ScanEvent {
  enum class Kind { scanned, rejected, statusChanged };
  Kind kind = Kind::scanned;
  std::string code;     // scanned: the raw content, not yet classified
  std::string message;  // rejected: why (too long, binary)
  DeviceStatus status;  // statusChanged
};

inline constexpr std::size_t kMaxScanLength = 2048;

// True when a scan holds control bytes other than tab: binary content, or keys that were not text.
bool has_control_bytes(std::string_view scan);

// A scanner's status change in the ScanEvent shape; nothing when the latch has reported it.
std::optional<ScanEvent> status_event(StatusLatch& latch, DeviceState state, std::string detail);

// Splits a byte stream into scans. Pure; the serial driver and tests feed it.
class ScanLineSplitter {
 public:
  std::vector<ScanEvent> feed(std::string_view bytes);

 private:
  std::string pending_;
  bool overflowed_ = false;
};

}  // namespace yiwang::drivers

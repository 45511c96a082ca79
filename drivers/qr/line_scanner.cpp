// Status events, and line splitting with a length cap and binary rejection.
#include "qr/line_scanner.h"

namespace yiwang::drivers {

bool has_control_bytes(std::string_view scan) {
  for (unsigned char c : scan)
    if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
  return false;
}

std::optional<ScanEvent> status_event(StatusLatch& latch, DeviceState state, std::string detail) {
  auto status = latch.change(state, std::move(detail));
  if (!status) return std::nullopt;
  ScanEvent event;
  event.kind = ScanEvent::Kind::statusChanged;
  event.status = std::move(*status);
  return event;
}

std::vector<ScanEvent> ScanLineSplitter::feed(std::string_view bytes) {
  std::vector<ScanEvent> events;
  for (char c : bytes) {
    if (c == '\r' || c == '\n') {
      if (overflowed_) {
        events.push_back({ScanEvent::Kind::rejected, "", "scan longer than the limit", {}});
      } else if (!pending_.empty()) {
        if (has_control_bytes(pending_)) {
          events.push_back({ScanEvent::Kind::rejected, "", "scan holds control bytes", {}});
        } else {
          events.push_back({ScanEvent::Kind::scanned, pending_, "", {}});
        }
      }
      pending_.clear();
      overflowed_ = false;
    } else if (pending_.size() >= kMaxScanLength) {
      overflowed_ = true;
    } else {
      pending_.push_back(c);
    }
  }
  return events;
}

}  // namespace yiwang::drivers

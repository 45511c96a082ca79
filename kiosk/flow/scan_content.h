// What a scanned code is, decided before anything acts on it: the project's own receipt tracking
// code, a mobile e-ID login code, a terminal provisioning code, or unknown; malformed content of
// a known kind, over-long or binary content is rejected with a reason.
#pragma once

#include <string>
#include <string_view>

namespace yiwang::kiosk {

enum class ScanKind { tracking, eid, provisioning, unknown, rejected };
std::string_view to_string(ScanKind kind);

inline constexpr std::size_t kMaxScanContent = 2048;

struct ScanContent {
  ScanKind kind = ScanKind::unknown;
  // tracking: the case number (case_id) or the terminal's provisional number (local_id).
  std::string case_id;
  std::string local_id;
  std::string reason;  // rejected: why, for the technician log (never the content itself)
};

// Pure. Tracking: "YWTRACK:1:C:<case id>" or "YWTRACK:1:L:<local id>". e-ID: "EID1:<ID number
// with a valid check digit>:<name>". Provisioning: "kiosk-enroll:v1:<base64url>".
ScanContent classify_scan(std::string_view code);

}  // namespace yiwang::kiosk

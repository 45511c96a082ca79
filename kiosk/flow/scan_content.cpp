// The scan classifier: prefixes name the kind; each kind's shape is checked in full.
#include "flow/scan_content.h"

#include <algorithm>

#include "idcard/id_number.h"

namespace yiwang::kiosk {

namespace {

constexpr std::string_view kTracking = "YWTRACK:";
constexpr std::string_view kEid = "EID1:";
constexpr std::string_view kProvisioning = "kiosk-enroll:v1:";

// Well-formed UTF-8 with no control characters: what every kind of ours is made of.
bool printable_utf8(std::string_view text, std::string& reason) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) {
        reason = "holds control bytes";
        return false;
      }
      length = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
    } else {
      reason = "is not UTF-8 text";
      return false;
    }
    if (i + length > text.size()) {
      reason = "ends inside a UTF-8 character";
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        reason = "is not UTF-8 text";
        return false;
      }
    }
    i += length;
  }
  return true;
}

bool all_of_set(std::string_view text, std::string_view allowed_extra) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           allowed_extra.find(c) != std::string_view::npos;
  });
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

ScanContent rejected(std::string reason) {
  ScanContent content;
  content.kind = ScanKind::rejected;
  content.reason = std::move(reason);
  return content;
}

ScanContent tracking(std::string_view rest) {
  // "1:C:<case id>" or "1:L:<local id>"
  if (rest.size() < 5 || rest.substr(0, 2) != "1:" || rest[3] != ':')
    return rejected("tracking code of an unknown version or shape");
  const char which = rest[2];
  const std::string_view id = rest.substr(4);
  ScanContent content;
  content.kind = ScanKind::tracking;
  if (which == 'C' && id.size() >= 6 && id.size() <= 32 && all_of_set(id, "")) {
    content.case_id = std::string(id);
  } else if (which == 'L' && id.size() >= 6 && id.size() <= 48 && all_of_set(id, "-")) {
    content.local_id = std::string(id);
  } else {
    return rejected("tracking code with a malformed number");
  }
  return content;
}

ScanContent eid(std::string_view rest) {
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return rejected("e-ID code without a name part");
  if (!drivers::id_number_valid(rest.substr(0, colon)))
    return rejected("e-ID code whose ID number fails its check digit");
  const std::string_view name = rest.substr(colon + 1);
  if (name.empty() || code_points(name) > 30 || name.find(':') != std::string_view::npos)
    return rejected("e-ID code with a malformed name part");
  ScanContent content;
  content.kind = ScanKind::eid;
  return content;
}

}  // namespace

std::string_view to_string(ScanKind kind) {
  switch (kind) {
    case ScanKind::tracking:
      return "tracking";
    case ScanKind::eid:
      return "eid";
    case ScanKind::provisioning:
      return "provisioning";
    case ScanKind::unknown:
      return "unknown";
    case ScanKind::rejected:
      return "rejected";
  }
  return "";
}

ScanContent classify_scan(std::string_view code) {
  if (code.empty()) return rejected("empty");
  if (code.size() > kMaxScanContent)
    return rejected("longer than " + std::to_string(kMaxScanContent) + " bytes");
  std::string reason;
  if (!printable_utf8(code, reason)) return rejected("content " + reason);
  if (code.starts_with(kTracking)) return tracking(code.substr(kTracking.size()));
  if (code.starts_with(kEid)) return eid(code.substr(kEid.size()));
  if (code.starts_with(kProvisioning)) {
    const std::string_view payload = code.substr(kProvisioning.size());
    if (payload.empty() || !all_of_set(payload, "-_="))
      return rejected("provisioning code that is not base64url");
    ScanContent content;
    content.kind = ScanKind::provisioning;
    return content;
  }
  return ScanContent{};
}

}  // namespace yiwang::kiosk

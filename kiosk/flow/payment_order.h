// A payment order from the platform, checked before it reaches the screen: its id (it goes into
// a URL path), its QR payload (encoded with ZXing's writer) and its expiry time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "toolkit/view_model.h"

namespace yiwang::kiosk {

// [A-Za-z0-9-]{1,64}: what the poll may put after /v1/payments/.
bool valid_order_id(std::string_view order_id);

// The code the resident scans: an https:// URL of printable ASCII, at most 512 bytes, as QR
// modules with a four-module quiet zone. Size 0 for anything else.
ui::QrModules payment_qr(std::string_view payload);

// "2026-11-21T09:30:00+08:00" (or "Z", optional fraction) in Unix milliseconds; nullopt when the
// text is not such a time.
std::optional<long long> parse_rfc3339_ms(std::string_view text);

}  // namespace yiwang::kiosk

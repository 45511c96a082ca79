// What the platform checks in a commitment's signature: base64 of a real PNG, within the size and
// dimension bounds, with ink on it (decoded by cairo, after the header's size was checked); or,
// from a kiosk's speech mode, a keyed confirmation bound to the applicant's card.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace yiwang::platform_sim {

// The simulator's bounds for signature_png_base64 (the contract bounds the whole body at 1 MiB;
// a signature is a few kilobytes): at most 256 KiB of base64, at most 2000x1000 pixels, and at
// least 200 dark pixels (a blank or a dot is no signature).
inline constexpr std::size_t kMaxSignatureBase64 = std::size_t{256} * 1024;
inline constexpr int kMaxSignatureWidth = 2000;
inline constexpr int kMaxSignatureHeight = 1000;
inline constexpr long kMinSignatureInk = 200;

struct SignatureImage {
  int width = 0;
  int height = 0;
  long dark_pixels = 0;  // luminance below half
};

// The decoded image, or nullopt for anything that is not base64 of a PNG within the bounds.
std::optional<SignatureImage> decode_signature_png(const std::string& base64);

// "" when the signature is acceptable; otherwise a problem code of the contract's 422 fields:
// "missing", "too_long", "invalid_format" or "blank".
std::string signature_problem(const std::string& base64);

// A keyed confirmation (speech mode: the commitment read aloud in full, a key press as the
// signature): {"method": "keypad", "read_aloud": "zh"|"en", "card_binding": <64 hex>}.
// "" when its shape is right, else "invalid_format". The binding is checked once the applicant's
// card is known (keyed_binding).
std::string keyed_confirmation_problem(const nlohmann::json& keyed);

// Lower-case hex SHA-256 of "yiwang-keyed-commitment:v1|<id number>|<version>|<accepted_at>".
std::string keyed_binding(const std::string& id_number, const std::string& version,
                          const std::string& accepted_at);

}  // namespace yiwang::platform_sim

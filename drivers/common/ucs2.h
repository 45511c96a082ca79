// UCS-2 little-endian <-> UTF-8 for the fixed-width text fields of ID cards (BMP only).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace yiwang::drivers {

// Decodes and trims the padding (spaces or NULs) at the end.
std::string ucs2le_to_utf8(std::span<const std::uint8_t> bytes);
// Encodes into exactly `bytes` bytes, padding with UCS-2 spaces; too-long text is cut.
std::vector<std::uint8_t> utf8_to_ucs2le(std::string_view text, std::size_t bytes);

}  // namespace yiwang::drivers

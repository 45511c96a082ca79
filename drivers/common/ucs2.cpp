// UCS-2LE/UTF-8 conversion; code points outside the BMP cannot occur on an ID card.
#include "common/ucs2.h"

namespace yiwang::drivers {

std::string ucs2le_to_utf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const unsigned cp = bytes[i] | (bytes[i + 1] << 8);
    if (cp == 0) break;  // NUL padding ends the field
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      out += "\xEF\xBF\xBD";  // a lone surrogate is not UCS-2: replacement character
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\0')) out.pop_back();
  return out;
}

std::vector<std::uint8_t> utf8_to_ucs2le(std::string_view text, std::size_t bytes) {
  std::vector<std::uint8_t> out;
  out.reserve(bytes);
  for (std::size_t i = 0; i < text.size() && out.size() + 2 <= bytes;) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned cp = 0xFFFD;
    std::size_t step = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 6 && i + 1 < text.size()) {
      cp = ((c & 0x1F) << 6) | (text[i + 1] & 0x3F);
      step = 2;
    } else if ((c >> 4) == 14 && i + 2 < text.size()) {
      cp = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
      step = 3;
    } else if ((c >> 3) == 30) {
      step = 4;  // outside the BMP: not representable
    }
    out.push_back(static_cast<std::uint8_t>(cp & 0xFF));
    out.push_back(static_cast<std::uint8_t>(cp >> 8));
    i += step;
  }
  while (out.size() + 2 <= bytes) {
    out.push_back(0x20);
    out.push_back(0x00);
  }
  if (out.size() < bytes) out.push_back(0x00);
  return out;
}

}  // namespace yiwang::drivers

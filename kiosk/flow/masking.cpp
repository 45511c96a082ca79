// Masking counts UTF-8 characters, never bytes (a Chinese character is three bytes).
#include "flow/masking.h"

#include <vector>

namespace yiwang::kiosk {

namespace {

std::vector<std::string> utf8_chars(const std::string& text) {
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    chars.push_back(text.substr(i, n));
    i += n;
  }
  return chars;
}

}  // namespace

std::string mask_name(const std::string& name) {
  auto chars = utf8_chars(name);
  if (chars.size() <= 1) return name;
  std::string masked = chars.front();
  for (std::size_t i = 1; i + 1 < chars.size(); ++i) masked += "*";
  return masked + (chars.size() > 2 ? chars.back() : "*");
}

std::string mask_id_number(const std::string& number) {
  if (number.size() < 8) return number;
  return number.substr(0, 4) + std::string(number.size() - 8, '*') +
         number.substr(number.size() - 4);
}

}  // namespace yiwang::kiosk

// Hex strings <-> bytes, so test vectors read like the documentation they come from.
#pragma once

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace yiwang::test {

inline std::vector<std::uint8_t> hex(const std::string& text) {
  std::vector<std::uint8_t> bytes;
  std::istringstream in(text);
  std::string token;
  while (in >> token) bytes.push_back(static_cast<std::uint8_t>(std::stoul(token, nullptr, 16)));
  return bytes;
}

inline std::string to_hex(const std::vector<std::uint8_t>& bytes) {
  std::string text;
  char part[4];
  for (auto b : bytes) {
    std::snprintf(part, sizeof part, "%02X ", b);
    text += part;
  }
  if (!text.empty()) text.pop_back();
  return text;
}

}  // namespace yiwang::test

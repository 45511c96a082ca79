// A one-bit image in the row layout ESC/POS raster commands take: MSB first, rows padded to bytes.
#pragma once

#include <cstdint>
#include <vector>

namespace yiwang::drivers {

struct Bitmap {
 public:
  int width = 0;                   // dots
  int height = 0;                  // dots
  std::vector<std::uint8_t> bits;  // height rows of bytes_per_row() bytes; 1 = black

  Bitmap() = default;
  Bitmap(int w, int h) : width(w), height(h), bits(static_cast<std::size_t>((w + 7) / 8) * h, 0) {}
  int bytes_per_row() const { return (width + 7) / 8; }
  bool get(int x, int y) const { return ((bits[index(x, y)] >> (7 - x % 8)) & 1) != 0; }
  void set(int x, int y) { bits[index(x, y)] |= static_cast<std::uint8_t>(0x80 >> (x % 8)); }

 private:
  std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(bytes_per_row()) +
           static_cast<std::size_t>(x / 8);
  }
};

}  // namespace yiwang::drivers

// The signature pad's strokes: parsed, measured, drawn with a round pen and encoded as a PNG
// (IHDR, one IDAT compressed by zlib, IEND; filter 0 on every row: the image is mostly white).
#include "flow/signature.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace yiwang::kiosk {

ui::PenStroke parse_pen_stroke(const std::string& text, int width, int height,
                               std::size_t max_points) {
  ui::PenStroke stroke;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    if (stroke.size() == max_points) return {};
    ui::PenPoint point;
    auto [after_x, ex] = std::from_chars(at, end, point.x);
    if (ex != std::errc() || after_x == end || *after_x != ',') return {};
    auto [after_y, ey] = std::from_chars(after_x + 1, end, point.y);
    if (ey != std::errc()) return {};
    point.x = std::clamp(point.x, 0, width - 1);
    point.y = std::clamp(point.y, 0, height - 1);
    stroke.push_back(point);
    at = after_y;
    if (at < end && *at != ' ') return {};
    while (at < end && *at == ' ') ++at;
  }
  return stroke;
}

double ink_length(const std::vector<ui::PenStroke>& strokes) {
  double length = 0;
  for (const auto& stroke : strokes) {
    for (std::size_t i = 1; i < stroke.size(); ++i)
      length += std::hypot(stroke[i].x - stroke[i - 1].x, stroke[i].y - stroke[i - 1].y);
  }
  return length;
}

namespace {

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  out += typed;
  put_u32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(typed.data()),
                                                static_cast<uInt>(typed.size()))));
}

}  // namespace

std::string signature_png(const std::vector<ui::PenStroke>& strokes, int pad_w, int pad_h,
                          int width, int height) {
  if (width <= 0 || height <= 0 || pad_w <= 0 || pad_h <= 0) return {};
  // One filter byte and a row of grey pixels per line, white to start with.
  const auto row = static_cast<std::size_t>(width) + 1;
  std::string raw(row * static_cast<std::size_t>(height), static_cast<char>(255));
  for (int y = 0; y < height; ++y) raw[static_cast<std::size_t>(y) * row] = 0;
  const double sx = static_cast<double>(width) / pad_w;
  const double sy = static_cast<double>(height) / pad_h;
  constexpr int kPen = 2;  // radius in image pixels
  const auto stamp = [&](double fx, double fy) {
    const int cx = static_cast<int>(std::lround(fx));
    const int cy = static_cast<int>(std::lround(fy));
    for (int dy = -kPen; dy <= kPen; ++dy) {
      for (int dx = -kPen; dx <= kPen; ++dx) {
        const int x = cx + dx;
        const int y = cy + dy;
        if (dx * dx + dy * dy > kPen * kPen + 1 || x < 0 || y < 0 || x >= width || y >= height)
          continue;
        raw[static_cast<std::size_t>(y) * row + 1 + static_cast<std::size_t>(x)] = 0;
      }
    }
  };
  for (const auto& stroke : strokes) {
    for (std::size_t i = 0; i < stroke.size(); ++i) {
      const ui::PenPoint& a = stroke[i];
      const ui::PenPoint& b = stroke[i + 1 < stroke.size() ? i + 1 : i];
      const double ax = a.x * sx, ay = a.y * sy, bx = b.x * sx, by = b.y * sy;
      const int steps = std::max(1, static_cast<int>(std::ceil(std::hypot(bx - ax, by - ay) * 2)));
      for (int s = 0; s <= steps; ++s) {
        const double t = static_cast<double>(s) / steps;
        stamp(ax + (bx - ax) * t, ay + (by - ay) * t);
      }
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                Z_BEST_COMPRESSION) != Z_OK)
    return {};
  packed.resize(packed_size);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  put_u32(header, static_cast<std::uint32_t>(width));
  put_u32(header, static_cast<std::uint32_t>(height));
  header +=
      std::string("\x08\x00\x00\x00\x00", 5);  // 8 bits, grey, deflate, filter 0, no interlace
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", packed);
  chunk(png, "IEND", "");
  return png;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i < bytes.size()) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size())
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace yiwang::kiosk

// The commitment's signature: strokes parsed and bounded, ink measured, the PNG well formed
// (chunks and CRCs, IHDR, the rows inflated again with zlib) with the ink where it was drawn.
#include <doctest/doctest.h>

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "flow/signature.h"

using namespace yiwang;

namespace {

std::uint32_t be32(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at))) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at + 1))) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at + 2))) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at + 3)));
}

// An 8-bit grey PNG with filter 0 rows, as the kiosk writes it, decoded; empty when any chunk's
// CRC or the structure is wrong.
struct Grey {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;
  int at(int x, int y) const { return pixels.at(static_cast<std::size_t>(y) * width + x); }
};

Grey decode(const std::string& png) {
  Grey image;
  if (png.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) != 0) return {};
  std::string idat;
  std::size_t at = 8;
  bool ended = false;
  while (at + 12 <= png.size() && !ended) {
    const std::uint32_t length = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, length);
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4));
    if (crc != be32(png, at + 8 + length)) return {};
    if (type == "IHDR") {
      image.width = static_cast<int>(be32(data, 0));
      image.height = static_cast<int>(be32(data, 4));
      if (data.substr(8, 5) != std::string("\x08\x00\x00\x00\x00", 5)) return {};
    } else if (type == "IDAT") {
      idat += data;
    } else if (type == "IEND") {
      ended = true;
    }
    at += 12 + length;
  }
  if (!ended || at != png.size() || image.width <= 0) return {};
  std::vector<std::uint8_t> raw(static_cast<std::size_t>(image.width + 1) * image.height);
  uLongf size = raw.size();
  if (uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) !=
          Z_OK ||
      size != raw.size())
    return {};
  for (int y = 0; y < image.height; ++y) {
    const auto row = static_cast<std::size_t>(y) * (image.width + 1);
    if (raw[row] != 0) return {};  // filter 0 on every row
    image.pixels.insert(image.pixels.end(), raw.begin() + static_cast<std::ptrdiff_t>(row) + 1,
                        raw.begin() + static_cast<std::ptrdiff_t>(row + image.width + 1));
  }
  return image;
}

int dark(const Grey& image) {
  int count = 0;
  for (auto p : image.pixels) count += p < 128 ? 1 : 0;
  return count;
}

}  // namespace

TEST_CASE("a signature's strokes become a PNG with the ink where it was drawn") {
  // A horizontal line across the middle of the 900x300 pad, and a short one at its top left.
  const std::vector<ui::PenStroke> strokes = {{{90, 150}, {810, 150}}, {{0, 0}, {30, 0}}};
  CHECK(kiosk::ink_length(strokes) == doctest::Approx(750));
  const std::string png = kiosk::signature_png(strokes, 900, 300, 600, 200);
  const Grey image = decode(png);
  REQUIRE(image.width == 600);
  REQUIRE(image.height == 200);
  CHECK(image.at(300, 100) < 128);  // the middle of the line, scaled by 2/3
  CHECK(image.at(60, 100) < 128);
  CHECK(image.at(540, 100) < 128);
  CHECK(image.at(300, 110) == 255);  // a round pen 5 pixels wide, not more
  CHECK(image.at(580, 100) == 255);  // the line ends where it was drawn
  CHECK(image.at(10, 0) < 128);      // clipped at the edge, not wrapped
  CHECK(dark(image) > 480 * 4);
  CHECK(png.size() < 4096);  // mostly white: a few kilobytes at most
  // Nothing drawn: a white image.
  CHECK(dark(decode(kiosk::signature_png({}, 900, 300, 600, 200))) == 0);
  CHECK(kiosk::signature_png(strokes, 0, 300, 600, 200).empty());
  // A corrupted byte is seen by the decoder above (the CRC): the check can fail.
  std::string broken = png;
  broken[40] = static_cast<char>(broken[40] ^ 0x55);
  CHECK(decode(broken).width == 0);
}

TEST_CASE("base64 as RFC 4648 writes it") {
  CHECK(kiosk::base64("") == "");
  CHECK(kiosk::base64("f") == "Zg==");
  CHECK(kiosk::base64("fo") == "Zm8=");
  CHECK(kiosk::base64("foo") == "Zm9v");
  CHECK(kiosk::base64("foobar") == "Zm9vYmFy");
  CHECK(kiosk::base64(std::string("\xff\xfe\x00", 3)) == "//4A");
}

TEST_CASE("pen strokes: clamped to the pad, malformed or too long ones dropped") {
  const auto stroke = kiosk::parse_pen_stroke("-5,10 2000,400  7,8", 900, 300, 100);
  REQUIRE(stroke.size() == 3);
  CHECK(stroke[0].x == 0);
  CHECK(stroke[1].x == 899);
  CHECK(stroke[1].y == 299);
  CHECK(stroke[2].y == 8);
  CHECK(kiosk::parse_pen_stroke("1,2 3", 900, 300, 100).empty());
  CHECK(kiosk::parse_pen_stroke("1;2", 900, 300, 100).empty());
  CHECK(kiosk::parse_pen_stroke("1,1 2,2 3,3", 900, 300, 2).empty());
}

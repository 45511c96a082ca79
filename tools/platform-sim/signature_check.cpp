// Signature checks: strict base64, the PNG signature and IHDR read by hand (so that a huge declared
// size is refused before anything is allocated for it), then cairo decodes and the ink is counted.
#include "signature_check.h"

#include <cairo.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace yiwang::platform_sim {

namespace {

std::optional<std::string> strict_base64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;  // data after padding
      v[k] = value(c);
      if (v[k] < 0) return std::nullopt;
    }
    const std::uint32_t n =
        static_cast<std::uint32_t>(v[0]) << 18 | static_cast<std::uint32_t>(v[1]) << 12 |
        static_cast<std::uint32_t>(v[2]) << 6 | static_cast<std::uint32_t>(v[3]);
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

std::uint32_t be32(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

struct Reader {
  const std::string* bytes;
  std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<Reader*>(closure);
  if (reader->bytes->size() - reader->at < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->bytes->data() + reader->at, length);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::optional<SignatureImage> decode_signature_png(const std::string& base64) {
  if (base64.size() > kMaxSignatureBase64) return std::nullopt;
  const auto bytes = strict_base64(base64);
  static constexpr char kMagic[] = "\x89PNG\r\n\x1a\n";
  if (!bytes || bytes->size() < 33 || bytes->compare(0, 8, kMagic, 8) != 0 ||
      bytes->compare(12, 4, "IHDR") != 0)
    return std::nullopt;
  const std::uint32_t width = be32(*bytes, 16);
  const std::uint32_t height = be32(*bytes, 20);
  if (width == 0 || height == 0 || width > kMaxSignatureWidth || height > kMaxSignatureHeight)
    return std::nullopt;
  Reader reader{&*bytes};
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read_png, &reader);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return std::nullopt;
  }
  cairo_surface_flush(surface);
  SignatureImage image;
  image.width = cairo_image_surface_get_width(surface);
  image.height = cairo_image_surface_get_height(surface);
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  if (data && (format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32)) {
    for (int y = 0; y < image.height; ++y) {
      const auto* row =
          reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
      for (int x = 0; x < image.width; ++x) {
        const std::uint32_t p = row[x];
        const std::uint32_t alpha = format == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
        // Premultiplied: a transparent pixel is no ink.
        const std::uint32_t grey = ((p >> 16 & 0xFF) * 3 + (p >> 8 & 0xFF) * 6 + (p & 0xFF)) / 10;
        if (alpha >= 128 && grey < alpha / 2) ++image.dark_pixels;
      }
    }
  }
  cairo_surface_destroy(surface);
  if (image.width != static_cast<int>(width) || image.height != static_cast<int>(height))
    return std::nullopt;
  return image;
}

std::string signature_problem(const std::string& base64) {
  if (base64.empty()) return "missing";
  if (base64.size() > kMaxSignatureBase64) return "too_long";
  const auto image = decode_signature_png(base64);
  if (!image) return "invalid_format";
  if (image->dark_pixels < kMinSignatureInk) return "blank";
  return "";
}

std::string keyed_confirmation_problem(const nlohmann::json& keyed) {
  if (!keyed.is_object()) return "invalid_format";
  const std::string language = keyed.value("read_aloud", "");
  const std::string binding = keyed.value("card_binding", "");
  const bool hex = binding.size() == std::size_t{2} * SHA256_DIGEST_LENGTH &&
                   std::all_of(binding.begin(), binding.end(), [](char c) {
                     return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                   });
  if (keyed.value("method", "") != "keypad" || (language != "zh" && language != "en") || !hex)
    return "invalid_format";
  return "";
}

std::string keyed_binding(const std::string& id_number, const std::string& version,
                          const std::string& accepted_at) {
  const std::string bound =
      "yiwang-keyed-commitment:v1|" + id_number + "|" + version + "|" + accepted_at;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bound.data()), bound.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0f];
  }
  return hex;
}

}  // namespace yiwang::platform_sim

// ZXing over a luma view: QR only, with its harder search (rotation, downscaling of large frames)
// since a kiosk camera sees codes at any angle and distance; a second pass on auto-levelled
// pixels when the first finds nothing.
#include "qr/frame_decoder.h"

#include <algorithm>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

namespace yiwang::drivers {

namespace {

std::vector<std::string> read_codes(const std::uint8_t* pixels, int width, int height,
                                    bool harder) {
  ZXing::ImageView image(pixels, width, height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(harder);
  hints.setTryRotate(false);  // QR finder patterns are found at any angle; rotation is for 1D codes
  std::vector<std::string> codes;
  for (const auto& result : ZXing::ReadBarcodes(image, hints)) {
    if (!result.isValid()) continue;
    // The raw bytes, as the code carries them: the classifier decides what they are.
    const auto& bytes = result.bytes();
    codes.emplace_back(bytes.begin(), bytes.end());
  }
  return codes;
}

// Auto-levels: the 1st to 99th percentile of brightness stretched over 0..255. A dim code on a
// grey background (a phone screen at low brightness, a faded print) falls under the binarizer's
// minimum contrast otherwise.
std::vector<std::uint8_t> stretched(const GrayFrame& frame) {
  std::size_t histogram[256] = {};
  for (std::uint8_t p : frame.pixels) ++histogram[p];
  const std::size_t cut = frame.pixels.size() / 100;
  int low = 0;
  int high = 255;
  for (std::size_t seen = 0; low < 255 && (seen += histogram[low]) <= cut;) ++low;
  for (std::size_t seen = 0; high > 0 && (seen += histogram[high]) <= cut;) --high;
  std::vector<std::uint8_t> out(frame.pixels.size());
  if (high - low < 8) return {};
  std::uint8_t map[256];
  for (int v = 0; v < 256; ++v)
    map[v] = static_cast<std::uint8_t>(std::clamp((v - low) * 255 / (high - low), 0, 255));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = map[frame.pixels[i]];
  return out;
}

}  // namespace

std::vector<std::string> decode_qr_codes(const GrayFrame& frame) {
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.pixels.size() < static_cast<std::size_t>(frame.width) * frame.height)
    return {};
  auto codes = read_codes(frame.pixels.data(), frame.width, frame.height, true);
  if (!codes.empty()) return codes;
  const auto levelled = stretched(frame);
  if (levelled.empty()) return codes;
  return read_codes(levelled.data(), frame.width, frame.height, true);
}

}  // namespace yiwang::drivers

// ZXing over a luma view: QR only, with its harder search (rotation, downscaling of large frames)
// since a kiosk camera sees codes at any angle and distance. When the first pass finds nothing,
// and only where a row scan sees a finder-pattern candidate (so empty frames stay cheap): a pass
// on auto-levelled pixels, then the candidates' region upscaled 2x (small modules, blur).
#include "qr/frame_decoder.h"

#include <algorithm>
#include <cmath>

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
  // Too flat to stretch, or already spread over most of the range (stretching would change little
  // and cost a whole second pass).
  if (high - low < 8 || high - low > 160) return {};
  std::uint8_t map[256];
  for (int v = 0; v < 256; ++v)
    map[v] = static_cast<std::uint8_t>(std::clamp((v - low) * 255 / (high - low), 0, 255));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = map[frame.pixels[i]];
  return out;
}

struct Region {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // [x0, x1) x [y0, y1)
  bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// Whether the column at x, around row y, crosses dark-light-dark(3)-light-dark runs of about
// `size` pixels in all (ZXing's cross-check, reduced to what a gate needs).
bool column_matches(const GrayFrame& frame, int x, int y, int size) {
  const int reach = size;  // up and down from the centre
  const int top = std::max(0, y - reach);
  const int bottom = std::min(frame.height - 1, y + reach);
  long sum = 0;
  for (int yy = top; yy <= bottom; ++yy)
    sum += frame.pixels[static_cast<std::size_t>(yy) * frame.width + x];
  const long count = bottom - top + 1;
  auto dark = [&](int yy) {
    return frame.pixels[static_cast<std::size_t>(yy) * frame.width + x] * count < sum;
  };
  if (!dark(y)) return false;
  // Out from the centre: the centre's dark run, then light, then dark, on both sides.
  auto side = [&](int step, int& centre_run, int& light_run, int& outer_run) {
    int yy = y;
    centre_run = light_run = outer_run = 0;
    while (yy >= top && yy <= bottom && dark(yy)) ++centre_run, yy += step;
    while (yy >= top && yy <= bottom && !dark(yy)) ++light_run, yy += step;
    while (yy >= top && yy <= bottom && dark(yy)) ++outer_run, yy += step;
  };
  int c1 = 0, l1 = 0, o1 = 0, c2 = 0, l2 = 0, o2 = 0;
  side(-1, c1, l1, o1);
  side(1, c2, l2, o2);
  const int centre = c1 + c2 - 1;
  const int total = centre + l1 + l2 + o1 + o2;
  if (l1 == 0 || l2 == 0 || o1 == 0 || o2 == 0) return false;
  if (std::abs(total - size) * 2 > size) return false;
  const double unit = total / 7.0;
  return std::abs(centre - 3 * unit) <= 1.5 * unit + 1 && std::abs(l1 - unit) <= unit + 1 &&
         std::abs(l2 - unit) <= unit + 1;
}

// Rows scanned for the finder pattern's dark-light-dark-light-dark runs in ratio 1:1:3:1:1
// (each run within half a unit), thresholded at the row's local mean. Returns the box around
// every candidate centre; empty when there is none.
Region finder_candidates(const GrayFrame& frame) {
  Region box{frame.width, frame.height, 0, 0};
  std::vector<int> runs;
  std::vector<bool> dark;
  for (int y = 2; y < frame.height; y += 3) {
    const std::uint8_t* row = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width;
    // The threshold follows a 64-pixel running mean, so uneven light does not hide a code.
    runs.clear();
    dark.clear();
    long sum = 0;
    const int window = 32;
    for (int x = 0; x < std::min(window, frame.width); ++x) sum += row[x];
    int count = std::min(window, frame.width);
    for (int x = 0; x < frame.width; ++x) {
      if (x + window < frame.width) {
        sum += row[x + window];
        ++count;
      }
      if (x - window - 1 >= 0) {
        sum -= row[x - window - 1];
        --count;
      }
      // A little below the running mean.
      const bool is_dark = static_cast<long>(row[x]) * count < sum - 4L * count;
      if (dark.empty() || dark.back() != is_dark) {
        dark.push_back(is_dark);
        runs.push_back(1);
      } else {
        ++runs.back();
      }
    }
    int position = 0;
    for (std::size_t i = 0; i + 5 <= runs.size(); position += runs[i], ++i) {
      if (!dark[i]) continue;
      const int total = runs[i] + runs[i + 1] + runs[i + 2] + runs[i + 3] + runs[i + 4];
      if (total < 7 || total > frame.width / 2) continue;
      const double unit = total / 7.0;
      const double slack = unit / 2 + 0.5;
      auto near = [&](int run, double want) { return std::abs(run - want * unit) <= want * slack; };
      if (!near(runs[i], 1) || !near(runs[i + 1], 1) || !near(runs[i + 2], 3) ||
          !near(runs[i + 3], 1) || !near(runs[i + 4], 1))
        continue;
      const int centre = position + runs[i] + runs[i + 1] + runs[i + 2] / 2;
      // A finder pattern is square: the column through its centre shows the same runs.
      if (!column_matches(frame, centre, y, total)) continue;
      box.x0 = std::min(box.x0, centre);
      box.x1 = std::max(box.x1, centre + 1);
      box.y0 = std::min(box.y0, y);
      box.y1 = std::max(box.y1, y + 1);
    }
  }
  if (box.empty()) return {};
  // The code reaches past its finder centres: widen by half the box, at least 80 pixels.
  const int margin = std::max({80, (box.x1 - box.x0) / 2, (box.y1 - box.y0) / 2});
  return {std::max(0, box.x0 - margin), std::max(0, box.y0 - margin),
          std::min(frame.width, box.x1 + margin), std::min(frame.height, box.y1 + margin)};
}

// The region scaled 2x with bilinear interpolation (what a closer camera would have seen).
GrayFrame upscaled(const GrayFrame& frame, const Region& r) {
  GrayFrame out;
  out.width = 2 * (r.x1 - r.x0);
  out.height = 2 * (r.y1 - r.y0);
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  for (int y = 0; y < out.height; ++y) {
    const double sy = std::min(r.y0 + (y + 0.5) / 2 - 0.5, static_cast<double>(frame.height - 1));
    const int y0 = std::max(0, static_cast<int>(sy));
    const int y1 = std::min(frame.height - 1, y0 + 1);
    const double fy = std::max(0.0, sy - y0);
    for (int x = 0; x < out.width; ++x) {
      const double sx = std::min(r.x0 + (x + 0.5) / 2 - 0.5, static_cast<double>(frame.width - 1));
      const int x0 = std::max(0, static_cast<int>(sx));
      const int x1 = std::min(frame.width - 1, x0 + 1);
      const double fx = std::max(0.0, sx - x0);
      auto at = [&](int px, int py) {
        return frame.pixels[static_cast<std::size_t>(py) * frame.width + px];
      };
      const double top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
      const double bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
      out.pixels[static_cast<std::size_t>(y) * out.width + x] =
          static_cast<std::uint8_t>(std::lround(top * (1 - fy) + bottom * fy));
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> decode_qr_codes(const GrayFrame& frame) {
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.pixels.size() < static_cast<std::size_t>(frame.width) * frame.height)
    return {};
  auto codes = read_codes(frame.pixels.data(), frame.width, frame.height, true);
  if (!codes.empty()) return codes;
  const Region region = finder_candidates(frame);
  if (region.empty()) return codes;  // nothing that looks like a code: no second pass
  const auto levelled = stretched(frame);
  if (!levelled.empty()) {
    codes = read_codes(levelled.data(), frame.width, frame.height, true);
    if (!codes.empty()) return codes;
  }
  // Candidates spread over most of the frame are clutter, not one code: the upscaled pass
  // would cost four frames' time for nothing.
  const long area = static_cast<long>(region.x1 - region.x0) * (region.y1 - region.y0);
  if (area * 2 > static_cast<long>(frame.width) * frame.height) return codes;
  const GrayFrame closer = upscaled(frame, region);
  return read_codes(closer.pixels.data(), closer.width, closer.height, true);
}

}  // namespace yiwang::drivers

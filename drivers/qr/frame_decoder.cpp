// ZXing over a luma view: QR only, the cheap whole-frame pass first. When it finds nothing, the
// frame's textured patches that could be a code (dense, square-ish, clearly above the sensor's
// noise) are each cropped, upscaled 2x and read again, with ZXing's binarizer and then with a
// local-mean threshold that has no minimum contrast. A frame without such a patch costs one pass.
#include "qr/frame_decoder.h"

#include <algorithm>
#include <cmath>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

namespace yiwang::drivers {

namespace {

// Larger frames are refused rather than decoded (a hostile or broken source): 4K is the most a
// USB camera delivers.
constexpr long kMaxPixels = 3840L * 2160;

std::vector<std::string> read_codes(const std::uint8_t* pixels, int width, int height,
                                    ZXing::Binarizer binarizer) {
  ZXing::ImageView image(pixels, width, height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(false);  // QR finder patterns are found at any angle; rotation is for 1D codes
  hints.setBinarizer(binarizer);
  std::vector<std::string> codes;
  for (const auto& result : ZXing::ReadBarcodes(image, hints)) {
    if (!result.isValid()) continue;
    // The raw bytes, as the code carries them: the classifier decides what they are.
    const auto& bytes = result.bytes();
    codes.emplace_back(bytes.begin(), bytes.end());
  }
  return codes;
}

// Auto-levels at half size: 2x2 pixel means, their 1st to 99th percentile of brightness stretched
// over 0..255. A dim code on a grey background (a phone screen at low brightness, a faded print)
// falls under the binarizer's minimum contrast otherwise; when its modules are large, its cells
// are flat inside and the textured patches miss it, so this pass is for large codes, and half size
// costs a quarter of a frame. Empty when the frame is too flat to stretch, or already spread over
// most of the range (stretching would change little).
GrayFrame levelled_half(const GrayFrame& frame) {
  GrayFrame half{frame.width / 2, frame.height / 2, {}};
  half.pixels.resize(static_cast<std::size_t>(half.width) * half.height);
  std::size_t histogram[256] = {};
  for (int y = 0; y < half.height; ++y) {
    const std::uint8_t* p = frame.pixels.data() + static_cast<std::size_t>(2 * y) * frame.width;
    const std::uint8_t* q = p + frame.width;
    std::uint8_t* out = half.pixels.data() + static_cast<std::size_t>(y) * half.width;
    for (int x = 0; x < half.width; ++x) {
      const auto left = static_cast<std::size_t>(x) * 2;
      out[x] = static_cast<std::uint8_t>((p[left] + p[left + 1] + q[left] + q[left + 1] + 2) / 4);
      ++histogram[out[x]];
    }
  }
  const std::size_t cut = half.pixels.size() / 100;
  int low = 0;
  int high = 255;
  for (std::size_t seen = 0; low < 255 && (seen += histogram[low]) <= cut;) ++low;
  for (std::size_t seen = 0; high > 0 && (seen += histogram[high]) <= cut;) --high;
  if (high - low < 8 || high - low > 160) return {};
  std::uint8_t map[256];
  for (int v = 0; v < 256; ++v)
    map[v] = static_cast<std::uint8_t>(std::clamp((v - low) * 255 / (high - low), 0, 255));
  for (auto& p : half.pixels) p = map[p];
  return half;
}

struct Region {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // [x0, x1) x [y0, y1), pixels
};

// The frame is cut into kCell x kCell cells; a cell is textured when its standard deviation is
// well above the frame's typical cell (the noise floor of flat background: a code covers at most
// about a third of a frame). A code is a patch of such cells: 8-connected, at least kMinCells
// across before the inside test (21 modules of 1.5 px), no more than 2.5 times longer than wide (a
// tilted square), and at least 35 % filled (a square turned 45 degrees fills half its box; text and
// edges far less). Largest patches first, at most kMaxRegions.
constexpr int kCell = 8;
constexpr int kMinCells = 4;
constexpr std::size_t kMaxRegions = 3;

std::vector<Region> textured_regions(const GrayFrame& frame) {
  const int columns = frame.width / kCell;
  const int rows = frame.height / kCell;
  if (columns < kMinCells || rows < kMinCells) return {};
  const std::size_t cells = static_cast<std::size_t>(columns) * rows;
  // Two measures per cell: the deviation of its pixels (which sees modules of 1.5 px), and that
  // of its 2x2 pixel sums (which halves the sensor's noise and keeps modules of 2 px and more).
  std::vector<float> fine(cells);
  std::vector<float> coarse(cells);
  auto deviation = [](long sum, long squares, long count) {
    const auto n = static_cast<double>(count);
    const auto total = static_cast<double>(sum);
    const double variance = (static_cast<double>(squares) - total * total / n) / n;
    return static_cast<float>(std::sqrt(std::max(0.0, variance)));
  };
  for (int cy = 0; cy < rows; ++cy) {
    for (int cx = 0; cx < columns; ++cx) {
      long sum = 0;
      long squares = 0;
      long binned_squares = 0;
      for (int y = cy * kCell; y < (cy + 1) * kCell; y += 2) {
        const std::uint8_t* p = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width +
                                static_cast<std::size_t>(cx) * kCell;
        const std::uint8_t* q = p + frame.width;
        for (int x = 0; x < kCell; x += 2) {
          const long v = p[x] + p[x + 1] + q[x] + q[x + 1];
          sum += v;
          squares += p[x] * p[x] + p[x + 1] * p[x + 1] + q[x] * q[x] + q[x + 1] * q[x + 1];
          binned_squares += v * v;
        }
      }
      const std::size_t i = static_cast<std::size_t>(cy) * columns + cx;
      // Shot noise grows with the square root of brightness: a bright glare is not a texture.
      const float noise_scale = std::sqrt(static_cast<float>(sum) / (kCell * kCell) + 16.0F);
      constexpr long kPixels = static_cast<long>(kCell) * kCell;
      fine[i] = deviation(sum, squares, kPixels) / noise_scale;
      coarse[i] = deviation(sum, binned_squares, kPixels / 4) / 4 / noise_scale;
    }
  }
  // Each measure's threshold follows its median cell: flat background, whose deviation is noise.
  auto threshold = [cells](std::vector<float> values, float factor, float offset) {
    std::nth_element(values.begin(), values.begin() + static_cast<long>(cells / 2), values.end());
    const float floor = values[cells / 2];
    return std::max(factor * floor, floor + offset);
  };
  const float fine_threshold = threshold(fine, 2.5F, 0.5F);
  const float coarse_threshold = threshold(coarse, 1.8F, 0.25F);
  std::vector<std::uint8_t> textured(cells);
  for (std::size_t i = 0; i < cells; ++i)
    textured[i] = fine[i] > fine_threshold || coarse[i] > coarse_threshold ? 1 : 0;
  // Only the inside of a textured area counts (a cell with at least 6 of its 8 neighbours
  // textured): edges, lines and shadow borders through or beside a code would otherwise join it
  // into one long patch.
  std::vector<std::uint8_t> state(cells);  // 0 not inside, 1 inside, 2 already in a patch
  for (int cy = 1; cy + 1 < rows; ++cy) {
    for (int cx = 1; cx + 1 < columns; ++cx) {
      const std::size_t i = static_cast<std::size_t>(cy) * columns + cx;
      if (!textured[i]) continue;
      int neighbours = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
          neighbours += textured[i + static_cast<std::size_t>(dy * columns + dx)];
      state[i] = neighbours - 1 >= 6 ? 1 : 0;
    }
  }

  struct Patch {
    int x0, y0, x1, y1;  // cells, inclusive
    int count;
  };
  std::vector<Patch> patches;
  std::vector<std::size_t> queue;  // an explicit queue: no recursion on what the camera sees
  for (std::size_t start = 0; start < cells; ++start) {
    if (state[start] != 1) continue;
    Patch patch{columns, rows, -1, -1, 0};
    queue.assign(1, start);
    state[start] = 2;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const int cx = static_cast<int>(queue[q] % columns);
      const int cy = static_cast<int>(queue[q] / columns);
      patch.x0 = std::min(patch.x0, cx);
      patch.y0 = std::min(patch.y0, cy);
      patch.x1 = std::max(patch.x1, cx);
      patch.y1 = std::max(patch.y1, cy);
      ++patch.count;
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = cx + dx;
          const int ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
          const std::size_t n = static_cast<std::size_t>(ny) * columns + nx;
          if (state[n] != 1) continue;
          state[n] = 2;
          queue.push_back(n);
        }
      }
    }
    const int w = patch.x1 - patch.x0 + 1;
    const int h = patch.y1 - patch.y0 + 1;
    if (std::min(w, h) < kMinCells - 2 || std::max(w, h) * 2 > std::min(w, h) * 5) continue;
    if (patch.count * 20 < w * h * 7) continue;
    patches.push_back(patch);
  }
  std::stable_sort(patches.begin(), patches.end(),
                   [](const Patch& a, const Patch& b) { return a.count > b.count; });
  if (patches.size() > kMaxRegions) patches.resize(kMaxRegions);
  std::vector<Region> regions;
  regions.reserve(patches.size());
  for (const auto& p : patches) {
    // Two cells of margin: the ring the inside test took off, and the code's quiet zone.
    regions.push_back({std::max(0, (p.x0 - 2) * kCell), std::max(0, (p.y0 - 2) * kCell),
                       std::min(frame.width, (p.x1 + 3) * kCell),
                       std::min(frame.height, (p.y1 + 3) * kCell)});
  }
  return regions;
}

// A region larger than this (in pixels, before scaling) is read at its own size: its modules are
// large enough, and a 2x copy would cost more than the frame.
constexpr long kMaxUpscaledArea = 520L * 520;

// The region, scaled 2x with bilinear interpolation when small enough (what a closer camera would
// have seen: ZXing's finder and sampling tolerances are in whole pixels). Each output pixel sits a
// quarter pixel from its source pixel: weights 3/4 and 1/4 on each axis, in integers.
GrayFrame crop(const GrayFrame& frame, const Region& r) {
  const int width = r.x1 - r.x0;
  const int height = r.y1 - r.y0;
  GrayFrame out;
  auto at = [&](int px, int py) {
    px = std::clamp(px, 0, frame.width - 1);
    py = std::clamp(py, 0, frame.height - 1);
    return static_cast<int>(frame.pixels[static_cast<std::size_t>(py) * frame.width + px]);
  };
  if (static_cast<long>(width) * height > kMaxUpscaledArea) {
    out.width = width;
    out.height = height;
    out.pixels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y)
      std::copy_n(&frame.pixels[static_cast<std::size_t>(r.y0 + y) * frame.width + r.x0], width,
                  &out.pixels[static_cast<std::size_t>(y) * width]);
    return out;
  }
  out.width = 2 * width;
  out.height = 2 * height;
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  // Rows scaled 2x horizontally (times 4), one source row at a time.
  std::vector<int> rows[3];
  auto widen = [&](int sy, std::vector<int>& row) {
    row.resize(static_cast<std::size_t>(out.width));
    for (int x = 0; x < width; ++x) {
      const int sx = r.x0 + x;
      const int centre = 3 * at(sx, sy);
      row[2 * static_cast<std::size_t>(x)] = centre + at(sx - 1, sy);
      row[2 * static_cast<std::size_t>(x) + 1] = centre + at(sx + 1, sy);
    }
  };
  for (int y = 0; y < height; ++y) {
    widen(r.y0 + y - 1, rows[0]);
    widen(r.y0 + y, rows[1]);
    widen(r.y0 + y + 1, rows[2]);
    std::uint8_t* even = &out.pixels[static_cast<std::size_t>(2 * y) * out.width];
    std::uint8_t* odd = even + out.width;
    for (int x = 0; x < out.width; ++x) {
      const int centre = 3 * rows[1][static_cast<std::size_t>(x)];
      even[x] = static_cast<std::uint8_t>((centre + rows[0][static_cast<std::size_t>(x)] + 8) / 16);
      odd[x] = static_cast<std::uint8_t>((centre + rows[2][static_cast<std::size_t>(x)] + 8) / 16);
    }
  }
  return out;
}

// The region scaled 3x with Catmull-Rom cubic interpolation, for modules of 1.5 to 2.5 px that a
// 2x bilinear copy still leaves too thin and soft for ZXing's finder test. Only regions of at most
// kMaxTripledSide a side (the copy then costs about one frame).
constexpr int kMaxTripledSide = 320;

GrayFrame tripled(const GrayFrame& frame, const Region& r) {
  const int width = r.x1 - r.x0;
  const int height = r.y1 - r.y0;
  GrayFrame out{3 * width, 3 * height, {}};
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  // Output pixel 3i + k sits at source i + (k - 1) / 3: the same four weights for every i.
  float weights[3][4];
  for (int k = 0; k < 3; ++k) {
    float t = static_cast<float>(k - 1) / 3.0F;
    const int base = t < 0 ? -1 : 0;
    t -= static_cast<float>(base);
    const float t2 = t * t;
    const float t3 = t2 * t;
    weights[k][0] = 0.5F * (-t3 + 2 * t2 - t);
    weights[k][1] = 0.5F * (3 * t3 - 5 * t2 + 2);
    weights[k][2] = 0.5F * (-3 * t3 + 4 * t2 + t);
    weights[k][3] = 0.5F * (t3 - t2);
  }
  auto origin = [](int k) { return k == 0 ? -2 : -1; };  // first of the four taps, from i
  std::vector<float> wide(static_cast<std::size_t>(out.width) * height);
  for (int y = 0; y < height; ++y) {
    const int sy = std::clamp(r.y0 + y, 0, frame.height - 1);
    const std::uint8_t* row = frame.pixels.data() + static_cast<std::size_t>(sy) * frame.width;
    for (int x = 0; x < width; ++x) {
      for (int k = 0; k < 3; ++k) {
        float v = 0;
        for (int j = 0; j < 4; ++j)
          v += weights[k][j] *
               static_cast<float>(row[std::clamp(r.x0 + x + origin(k) + j, 0, frame.width - 1)]);
        wide[static_cast<std::size_t>(y) * out.width + static_cast<std::size_t>(x) * 3 + k] = v;
      }
    }
  }
  for (int y = 0; y < height; ++y) {
    for (int k = 0; k < 3; ++k) {
      std::uint8_t* out_row = &out.pixels[static_cast<std::size_t>(3 * y + k) * out.width];
      for (int x = 0; x < out.width; ++x) {
        float v = 0;
        for (int j = 0; j < 4; ++j) {
          const int sy = std::clamp(y + origin(k) + j, 0, height - 1);
          v += weights[k][j] * wide[static_cast<std::size_t>(sy) * out.width + x];
        }
        out_row[x] = static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
      }
    }
  }
  return out;
}

// Black (0) where a pixel is darker than the mean of the (2 kRadius + 1)^2 square around it, white
// (255) elsewhere. Unlike ZXing's binarizer it has no minimum contrast, so a faded or dim code
// keeps its modules; the flat background turns to speckle, which no finder pattern comes out of.
constexpr int kRadius = 20;

GrayFrame thresholded(const GrayFrame& image) {
  const int w = image.width;
  const int h = image.height;
  std::vector<std::uint32_t> integral(static_cast<std::size_t>(w + 1) * (h + 1));
  for (int y = 0; y < h; ++y) {
    std::uint32_t row = 0;
    for (int x = 0; x < w; ++x) {
      row += image.pixels[static_cast<std::size_t>(y) * w + x];
      integral[static_cast<std::size_t>(y + 1) * (w + 1) + x + 1] =
          integral[static_cast<std::size_t>(y) * (w + 1) + x + 1] + row;
    }
  }
  auto sum = [&](int x, int y) { return integral[static_cast<std::size_t>(y) * (w + 1) + x]; };
  GrayFrame out{w, h, std::vector<std::uint8_t>(image.pixels.size())};
  for (int y = 0; y < h; ++y) {
    const int top = std::max(0, y - kRadius);
    const int bottom = std::min(h, y + kRadius + 1);
    for (int x = 0; x < w; ++x) {
      const int left = std::max(0, x - kRadius);
      const int right = std::min(w, x + kRadius + 1);
      const std::uint64_t total =
          sum(right, bottom) - sum(left, bottom) - sum(right, top) + sum(left, top);
      const std::uint64_t count = static_cast<std::uint64_t>(right - left) * (bottom - top);
      const std::size_t i = static_cast<std::size_t>(y) * w + x;
      out.pixels[i] = image.pixels[i] * count < total ? 0 : 255;
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> decode_qr_codes(const GrayFrame& frame) {
  if (frame.width <= 0 || frame.height <= 0 ||
      static_cast<long>(frame.width) * frame.height > kMaxPixels ||
      frame.pixels.size() < static_cast<std::size_t>(frame.width) * frame.height)
    return {};
  auto codes =
      read_codes(frame.pixels.data(), frame.width, frame.height, ZXing::Binarizer::LocalAverage);
  if (!codes.empty()) return codes;
  const GrayFrame levelled = levelled_half(frame);
  if (!levelled.pixels.empty()) {
    codes = read_codes(levelled.pixels.data(), levelled.width, levelled.height,
                       ZXing::Binarizer::LocalAverage);
    if (!codes.empty()) return codes;
  }
  const std::vector<Region> regions = textured_regions(frame);
  for (const Region& region : regions) {
    const GrayFrame closer = crop(frame, region);
    codes = read_codes(closer.pixels.data(), closer.width, closer.height,
                       ZXing::Binarizer::LocalAverage);
    if (!codes.empty()) return codes;
    const GrayFrame binary = thresholded(closer);
    codes = read_codes(binary.pixels.data(), binary.width, binary.height,
                       ZXing::Binarizer::FixedThreshold);
    if (!codes.empty()) return codes;
    // The largest patch, when small, once more at 3x.
    if (&region == &regions.front() && region.x1 - region.x0 <= kMaxTripledSide &&
        region.y1 - region.y0 <= kMaxTripledSide) {
      const GrayFrame closest = tripled(frame, region);
      codes = read_codes(closest.pixels.data(), closest.width, closest.height,
                         ZXing::Binarizer::LocalAverage);
      if (!codes.empty()) return codes;
    }
  }
  return codes;
}

}  // namespace yiwang::drivers

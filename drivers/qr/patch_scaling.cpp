// A patch of a camera frame made easier for ZXing: upscaled (2x, 3x), thresholded or sharpened.
#include "qr/patch_scaling.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace yiwang::drivers {

namespace {

// A region larger than this (in pixels, before scaling) is read at its own size: its modules are
// large enough, and a 2x copy would cost more than the frame.
constexpr long kMaxUpscaledArea = 520L * 520;

// Black (0) where a pixel is darker than the mean of the (2 kRadius + 1)^2 square around it.
constexpr int kRadius = 20;

// A grey level, rounded and clamped to 0..255, without std::lround (a library call per pixel).
std::uint8_t to_grey(float v) {
  // Clamped first, so never negative: adding a half and truncating rounds to nearest.
  // NOLINTNEXTLINE(bugprone-incorrect-roundings)
  return static_cast<std::uint8_t>(std::clamp(v, 0.0F, 255.0F) + 0.5F);
}

}  // namespace

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
  // One source row with two pixels of the frame's edge repeated on each side: no clamping per tap.
  std::vector<float> padded(static_cast<std::size_t>(width) + 4);
  for (int y = 0; y < height; ++y) {
    const int sy = std::clamp(r.y0 + y, 0, frame.height - 1);
    const std::uint8_t* row = frame.pixels.data() + static_cast<std::size_t>(sy) * frame.width;
    for (int x = 0; x < width + 4; ++x)
      padded[static_cast<std::size_t>(x)] =
          static_cast<float>(row[std::clamp(r.x0 + x - 2, 0, frame.width - 1)]);
    float* wide_row = &wide[static_cast<std::size_t>(y) * out.width];
    for (int x = 0; x < width; ++x) {
      for (int k = 0; k < 3; ++k) {
        const int first = x + 2 + origin(k);
        const float* taps = &padded[static_cast<std::size_t>(first)];
        wide_row[static_cast<std::size_t>(x) * 3 + k] =
            weights[k][0] * taps[0] + weights[k][1] * taps[1] + weights[k][2] * taps[2] +
            weights[k][3] * taps[3];
      }
    }
  }
  for (int y = 0; y < height; ++y) {
    for (int k = 0; k < 3; ++k) {
      const float* rows[4];
      for (int j = 0; j < 4; ++j)
        rows[j] = &wide[static_cast<std::size_t>(std::clamp(y + origin(k) + j, 0, height - 1)) *
                        out.width];
      std::uint8_t* out_row = &out.pixels[static_cast<std::size_t>(3 * y + k) * out.width];
      for (int x = 0; x < out.width; ++x)
        out_row[x] = to_grey(weights[k][0] * rows[0][x] + weights[k][1] * rows[1][x] +
                             weights[k][2] * rows[2][x] + weights[k][3] * rows[3][x]);
    }
  }
  return out;
}

// Black (0) where a pixel is darker than the mean of the (2 kRadius + 1)^2 square around it, white
// (255) elsewhere. Unlike ZXing's binarizer it has no minimum contrast, so a faded or dim code
// keeps its modules; the flat background turns to speckle, which no finder pattern comes out of.

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

// The region smoothed (Gaussian, sigma 1 px: a module of 2.5 to 5 px keeps its core, the sensor's
// noise drops by half), its 1st to 99th percentile stretched over 0..255, then scaled 2x like
// crop(). For faint codes under noise: ZXing samples one pixel per module, and its binarizer
// ignores blocks of little contrast.
GrayFrame smoothed(const GrayFrame& frame, const Region& r) {
  constexpr int kReach = 3;
  constexpr float kTaps[kReach + 1] = {0.3990F, 0.2420F, 0.0540F, 0.0044F};  // sigma 1, sum 1
  const int width = r.x1 - r.x0;
  const int height = r.y1 - r.y0;
  if (width <= 0 || height <= 0) return {};
  auto at = [&](int px, int py) {
    px = std::clamp(px, 0, frame.width - 1);
    py = std::clamp(py, 0, frame.height - 1);
    return static_cast<float>(frame.pixels[static_cast<std::size_t>(py) * frame.width + px]);
  };
  // Rows first (with kReach rows above and below for the columns), then columns.
  const int rows = height + 2 * kReach;
  std::vector<float> wide(static_cast<std::size_t>(width) * rows);
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < width; ++x) {
      float v = kTaps[0] * at(r.x0 + x, r.y0 + y - kReach);
      for (int k = 1; k <= kReach; ++k)
        v += kTaps[k] * (at(r.x0 + x - k, r.y0 + y - kReach) + at(r.x0 + x + k, r.y0 + y - kReach));
      wide[static_cast<std::size_t>(y) * width + x] = v;
    }
  }
  std::vector<float> values(static_cast<std::size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const auto column = [&](int dy) {
        return wide[static_cast<std::size_t>(y + kReach + dy) * width + x];
      };
      float v = kTaps[0] * column(0);
      for (int k = 1; k <= kReach; ++k) v += kTaps[k] * (column(-k) + column(k));
      values[static_cast<std::size_t>(y) * width + x] = v;
    }
  }
  std::size_t histogram[256] = {};
  for (float v : values) ++histogram[std::clamp(static_cast<int>(v), 0, 255)];
  const std::size_t cut = values.size() / 100;
  int low = 0;
  int high = 255;
  for (std::size_t seen = 0; low < 255 && (seen += histogram[low]) <= cut;) ++low;
  for (std::size_t seen = 0; high > 0 && (seen += histogram[high]) <= cut;) --high;
  if (high <= low) return {};
  GrayFrame stretched{width, height, std::vector<std::uint8_t>(values.size())};
  const float scale = 255.0F / static_cast<float>(high - low);
  for (std::size_t i = 0; i < values.size(); ++i)
    stretched.pixels[i] = to_grey((values[i] - static_cast<float>(low)) * scale);
  return crop(stretched, Region{0, 0, width, height});
}

// Sixteen pixels at a time into a small local array: the compiler then knows the output does
// not alias the input, and turns each block into a few vector instructions.
GrayFrame softened(const GrayFrame& image) {
  const int w = image.width;
  const int h = image.height;
  if (w < 2 || h < 1) return image;
  constexpr int kBlock = 16;
  GrayFrame out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)};
  // Three rows smoothed along x (sums of 1-2-1, up to 4 x 255), in turn the one above, the
  // current one and the one below.
  std::vector<std::uint16_t> ring(static_cast<std::size_t>(3) * w);
  auto widen = [&](int y, std::uint16_t* row) {
    const std::uint8_t* p = image.pixels.data() + static_cast<std::size_t>(y) * w;
    row[0] = static_cast<std::uint16_t>(3 * p[0] + p[1]);
    int x = 1;
    for (; x + kBlock + 1 <= w; x += kBlock) {
      std::uint16_t sums[kBlock];
      for (int k = 0; k < kBlock; ++k)
        sums[k] = static_cast<std::uint16_t>(p[x + k - 1] + 2 * p[x + k] + p[x + k + 1]);
      std::copy_n(sums, kBlock, row + x);
    }
    for (; x + 1 < w; ++x) row[x] = static_cast<std::uint16_t>(p[x - 1] + 2 * p[x] + p[x + 1]);
    row[w - 1] = static_cast<std::uint16_t>(p[w - 2] + 3 * p[w - 1]);
  };
  auto slot = [&](int y) { return ring.data() + static_cast<std::size_t>((y + 3) % 3) * w; };
  widen(0, slot(0));
  for (int y = 0; y < h; ++y) {
    if (y + 1 < h) widen(y + 1, slot(y + 1));
    const std::uint16_t* above = slot(y > 0 ? y - 1 : y);
    const std::uint16_t* here = slot(y);
    const std::uint16_t* below = slot(y + 1 < h ? y + 1 : y);
    std::uint8_t* o = out.pixels.data() + static_cast<std::size_t>(y) * w;
    int x = 0;
    for (; x + kBlock <= w; x += kBlock) {
      std::uint8_t v[kBlock];
      for (int k = 0; k < kBlock; ++k)
        v[k] = static_cast<std::uint8_t>((above[x + k] + 2 * here[x + k] + below[x + k] + 8) >> 4);
      std::copy_n(v, kBlock, o + x);
    }
    for (; x < w; ++x)
      o[x] = static_cast<std::uint8_t>((above[x] + 2 * here[x] + below[x] + 8) >> 4);
  }
  return out;
}

// The image with its edges steepened (unsharp mask: the image plus `amount` times its difference
// from a Gaussian blur of `sigma` px, clamped), for blurred modules that a copy leaves as grey
// ramps: the blur a camera adds is roughly Gaussian, and this undoes part of it.
GrayFrame sharpened(const GrayFrame& image, float sigma, float amount) {
  constexpr int kMaxReach = 12;
  const int reach = std::clamp(static_cast<int>(std::ceil(3 * sigma)), 1, kMaxReach);
  float taps[kMaxReach + 1] = {};
  float total = 0;
  for (int k = 0; k <= reach; ++k) {
    taps[k] = std::exp(-static_cast<float>(k * k) / (2 * sigma * sigma));
    total += k == 0 ? taps[k] : 2 * taps[k];
  }
  for (float& tap : taps) tap /= total;
  const int w = image.width;
  const int h = image.height;
  if (w <= 0 || h <= 0) return {};
  std::vector<float> wide(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* row = image.pixels.data() + static_cast<std::size_t>(y) * w;
    for (int x = 0; x < w; ++x) {
      float v = taps[0] * static_cast<float>(row[x]);
      for (int k = 1; k <= reach; ++k)
        v += taps[k] * static_cast<float>(row[std::max(0, x - k)] + row[std::min(w - 1, x + k)]);
      wide[static_cast<std::size_t>(y) * w + x] = v;
    }
  }
  GrayFrame out{w, h, std::vector<std::uint8_t>(image.pixels.size())};
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      auto column = [&](int dy) {
        return wide[static_cast<std::size_t>(std::clamp(y + dy, 0, h - 1)) * w + x];
      };
      float blurred = taps[0] * column(0);
      for (int k = 1; k <= reach; ++k) blurred += taps[k] * (column(-k) + column(k));
      const std::size_t i = static_cast<std::size_t>(y) * w + x;
      const float v = static_cast<float>(image.pixels[i]);
      out.pixels[i] = to_grey(v + amount * (v - blurred));
    }
  }
  return out;
}

}  // namespace yiwang::drivers

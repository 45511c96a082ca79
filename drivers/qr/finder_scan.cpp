// QR finder patterns in a patch: 1:1:3:1:1 runs along rows, confirmed along columns.
#include "qr/finder_scan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace yiwang::drivers {

namespace {

// The local mean's square is (2 kRadius + 1) px a side: wider than a finder pattern of modules up
// to about 4 px, so a pattern's dark middle stays darker than its mean.
constexpr int kRadius = 16;
// The small square: 9 x 9 px, for small modules; used where its deviation exceeds kMinDeviation.
constexpr int kSmallRadius = 4;
constexpr int kMinDeviation = 12;
// A pattern's dark middle must be this much darker (grey levels) than its light ring: noise in
// flat areas makes runs of any ratio, but not with this contrast.
constexpr int kMinContrast = 10;
// Modules of 1 to 12 px: a 7-module pattern spans 7 to 84 px.
constexpr int kMinSpan = 7;
constexpr int kMaxSpan = 84;

// Run lengths in the ratio 1:1:3:1:1, loosely: a 1.5 px module quantises to runs of 1 or 2.
bool finder_ratio(const std::array<int, 5>& runs) {
  const int total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
  if (total < kMinSpan || total > kMaxSpan) return false;
  const float module = static_cast<float>(total) / 7.0F;
  const float tolerance = std::max(module * 0.6F, 1.0F);
  for (const int i : {0, 1, 3, 4})
    if (std::abs(static_cast<float>(runs[static_cast<std::size_t>(i)]) - module) > tolerance)
      return false;
  return std::abs(static_cast<float>(runs[2]) - 3 * module) <= 2 * tolerance;
}

// A region in black and white, with the grey levels it was made from (for the contrast test).
struct Binary {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
  std::vector<std::uint8_t> dark_pixels;
  const std::uint8_t* smoothed = nullptr;
  bool dark(int x, int y) const {
    return dark_pixels[static_cast<std::size_t>(y) * width + x] != 0;
  }
  // The smoothed grey level (noise counts less in the contrast test).
  int grey(int x, int y) const { return smoothed[static_cast<std::size_t>(y) * width + x]; }
};

// The region twice in black and white: its raw pixels (modules under 2 px need them), and its
// pixels smoothed by 1-2-1 along rows and columns (single pixels of sensor noise would otherwise
// break a large module's run in two), both against one threshold per pixel: the mean of the
// small square around it where that square holds both dark and light (a finder's light ring
// stays lighter than its surroundings even beside a bright quiet zone), else the large square's
// (the flat middle of large modules).
std::array<Binary, 2> binarize(const GrayFrame& frame, const Region& r) {
  const int width = r.x1 - r.x0;
  const int height = r.y1 - r.y0;
  const auto size = static_cast<std::size_t>(width) * height;
  std::array<Binary, 2> out;
  for (auto& b : out) {
    b.width = width;
    b.height = height;
    b.pixels.resize(size);
    b.dark_pixels.resize(size);
  }
  std::vector<std::uint8_t>& raw = out[0].pixels;
  for (int y = 0; y < height; ++y)
    std::copy_n(&frame.pixels[static_cast<std::size_t>(r.y0 + y) * frame.width + r.x0], width,
                &raw[static_cast<std::size_t>(y) * width]);
  auto at = [&](int x, int y) {
    return static_cast<int>(raw[static_cast<std::size_t>(std::clamp(y, 0, height - 1)) * width +
                                static_cast<std::size_t>(std::clamp(x, 0, width - 1))]);
  };
  std::vector<int> rows(size);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      rows[static_cast<std::size_t>(y) * width + x] = at(x - 1, y) + 2 * at(x, y) + at(x + 1, y);
  for (int y = 0; y < height; ++y) {
    const std::size_t up = static_cast<std::size_t>(std::max(0, y - 1)) * width;
    const std::size_t here = static_cast<std::size_t>(y) * width;
    const std::size_t down = static_cast<std::size_t>(std::min(height - 1, y + 1)) * width;
    for (int x = 0; x < width; ++x)
      out[1].pixels[here + x] =
          static_cast<std::uint8_t>((rows[up + x] + 2 * rows[here + x] + rows[down + x] + 8) / 16);
  }
  out[0].smoothed = out[1].smoothed = out[1].pixels.data();
  // Sums and sums of squares of the raw pixels, for box means and deviations.
  const auto stride = static_cast<std::size_t>(width) + 1;
  std::vector<std::uint32_t> integral(stride * (height + 1));
  std::vector<std::uint64_t> squares(integral.size());
  for (int y = 0; y < height; ++y) {
    std::uint32_t row = 0;
    std::uint64_t row_squares = 0;
    for (int x = 0; x < width; ++x) {
      const std::uint32_t v = raw[static_cast<std::size_t>(y) * width + x];
      row += v;
      row_squares += static_cast<std::uint64_t>(v) * v;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + row;
      squares[(y + 1) * stride + x + 1] = squares[y * stride + x + 1] + row_squares;
    }
  }
  auto box = [&](const auto& table, int x, int y, int radius, std::int64_t& count) {
    const int top = std::max(0, y - radius);
    const int bottom = std::min(height, y + radius + 1);
    const int left = std::max(0, x - radius);
    const int right = std::min(width, x + radius + 1);
    count = static_cast<std::int64_t>(right - left) * (bottom - top);
    const auto corner = [&](int ty, int tx) {
      return static_cast<std::int64_t>(table[static_cast<std::size_t>(ty) * stride + tx]);
    };
    return corner(bottom, right) - corner(bottom, left) - corner(top, right) + corner(top, left);
  };
  constexpr std::int64_t kMinVariance = static_cast<std::int64_t>(kMinDeviation) * kMinDeviation;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * width + x;
      std::int64_t count = 0;
      std::int64_t total = box(integral, x, y, kSmallRadius, count);
      const std::int64_t total_squares = box(squares, x, y, kSmallRadius, count);
      // count^2 times the variance, against count^2 times the least variance
      if (count * total_squares - total * total <= kMinVariance * count * count)
        total = box(integral, x, y, kRadius, count);
      out[0].dark_pixels[i] = raw[i] * count < total ? 1 : 0;
      out[1].dark_pixels[i] = out[1].pixels[i] * count < total ? 1 : 0;
    }
  }
  return out;
}

// The five runs along the column through (x, y), y inside the middle run; the middle's own
// centre row in `centre`. False when the column leaves the region first.
bool column_runs(const Binary& b, int x, int y, std::array<int, 5>& runs, float& centre) {
  runs = {};
  int up = y;
  while (up >= 0 && b.dark(x, up)) --up;
  int down = y;
  while (down < b.height && b.dark(x, down)) ++down;
  runs[2] = down - up - 1;
  centre = static_cast<float>(up + down) / 2.0F;
  // Outwards: light, then dark, on each side.
  for (int side = 0; side < 2; ++side) {
    const int step = side == 0 ? -1 : 1;
    int at = side == 0 ? up : down;
    for (int k = 0; k < 2; ++k) {
      const bool want_dark = k == 1;
      int count = 0;
      while (at >= 0 && at < b.height && b.dark(x, at) == want_dark && count <= kMaxSpan) {
        ++count;
        at += step;
      }
      if (at < 0 || at >= b.height || count == 0) return false;
      runs[side == 0 ? 1 - k : 3 + k] = count;
    }
  }
  return true;
}

// The rows of one binary image; hits on a candidate already found add to it.
void scan(const Binary& b, const Region& r, std::vector<FinderCandidate>& found) {
  for (int y = 0; y < b.height; ++y) {
    // The last five runs along the row, dark or light, and where the newest began.
    std::array<int, 5> runs{};
    int filled = 0;
    bool dark = b.dark(0, y);
    int length = 1;
    for (int x = 1; x <= b.width; ++x) {
      const bool now = x < b.width && b.dark(x, y);
      if (x < b.width && now == dark) {
        ++length;
        continue;
      }
      // A run ended at x - 1.
      std::rotate(runs.begin(), runs.begin() + 1, runs.end());
      runs[4] = length;
      filled = std::min(filled + 1, 5);
      // Five runs ending in a dark one start with a dark one too.
      if (filled == 5 && dark && finder_ratio(runs)) {
        const int end = x;  // one past the last dark run
        const int middle_end = end - runs[4] - runs[3];
        const int middle_start = middle_end - runs[2];
        const int cx = (middle_start + middle_end - 1) / 2;
        std::array<int, 5> column{};
        float cy = 0;
        if (column_runs(b, cx, y, column, cy) && finder_ratio(column)) {
          const int total_row = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
          const int total_column = column[0] + column[1] + column[2] + column[3] + column[4];
          // A square pattern crosses rows and columns alike (perspective stretches one by less).
          if (total_column * 2 >= total_row && total_row * 2 >= total_column) {
            // Contrast: the middle row's middle run against the light runs beside it.
            int inner = 0;
            for (int i = middle_start; i < middle_end; ++i) inner += b.grey(i, y);
            int ring = 0;
            for (int i = middle_start - runs[1]; i < middle_start; ++i) ring += b.grey(i, y);
            for (int i = middle_end; i < middle_end + runs[3]; ++i) ring += b.grey(i, y);
            const int contrast = ring / (runs[1] + runs[3]) - inner / runs[2];
            if (contrast >= kMinContrast) {
              const float module = static_cast<float>(total_row + total_column) / 14.0F;
              const float fx = static_cast<float>(r.x0) + static_cast<float>(cx);
              const float fy = static_cast<float>(r.y0) + cy;
              auto same = std::find_if(found.begin(), found.end(), [&](const FinderCandidate& c) {
                return std::abs(c.x - fx) <= 2 * c.module && std::abs(c.y - fy) <= 2 * c.module;
              });
              if (same == found.end()) {
                found.push_back({fx, fy, module, 1});
              } else {
                ++same->hits;
              }
            }
          }
        }
      }
      dark = now;
      length = 1;
    }
  }
}

}  // namespace

float pixel_noise(const GrayFrame& frame, const Region& region) {
  const Region r{std::max(0, region.x0), std::max(0, region.y0), std::min(frame.width, region.x1),
                 std::min(frame.height, region.y1)};
  std::array<std::size_t, 256> steps{};
  std::size_t count = 0;
  for (int y = r.y0; y < r.y1; ++y) {
    const std::uint8_t* row = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width;
    for (int x = r.x0; x + 1 < r.x1; ++x, ++count)
      ++steps[static_cast<std::size_t>(std::abs(row[x + 1] - row[x]))];
  }
  std::size_t median = 0;
  for (std::size_t seen = 0; median < 255 && (seen += steps[median]) * 2 < count;) ++median;
  // The difference of two pixels has sqrt 2 times a pixel's deviation; a Gaussian's median
  // absolute value is 0.6745 times its deviation.
  return static_cast<float>(median) / (0.6745F * 1.4142F);
}

std::vector<FinderCandidate> finder_candidates(const GrayFrame& frame, const Region& region) {
  const Region r{std::max(0, region.x0), std::max(0, region.y0), std::min(frame.width, region.x1),
                 std::min(frame.height, region.y1)};
  if (r.x1 - r.x0 < kMinSpan || r.y1 - r.y0 < kMinSpan) return {};
  std::vector<FinderCandidate> found;
  for (const Binary& b : binarize(frame, r)) scan(b, r, found);
  return found;
}

}  // namespace yiwang::drivers

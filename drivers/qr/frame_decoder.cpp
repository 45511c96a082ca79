// ZXing over a luma view: QR only, with its harder search (rotation, downscaling of large frames)
// since a kiosk camera sees codes at any angle and distance. When the first pass finds nothing,
// and only where a row scan sees a finder-pattern candidate (so empty frames stay cheap): a pass
// on auto-levelled pixels, then each group of finder candidates that could be one code upscaled 2x.
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

// Whether a holds all of b but a few pixels: the same candidates found again.
bool covers(const Region& a, const Region& b) {
  constexpr int kSlack = 8;
  return a.x0 <= b.x0 + kSlack && a.y0 <= b.y0 + kSlack && a.x1 + kSlack >= b.x1 &&
         a.y1 + kSlack >= b.y1;
}

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

// A finder-pattern candidate: the centre and the width (7 modules) of the 1:1:3:1:1 runs, merged
// over the rows that cross it.
struct Finder {
  double x = 0, y = 0;
  int size = 0;
  int hits = 0;
};

// Rows scanned for the finder pattern's dark-light-dark-light-dark runs in ratio 1:1:3:1:1
// (each run within half a unit), thresholded at the row's local mean. Returns the candidates,
// hits on neighbouring rows merged into one; at most kMaxFinders.
constexpr std::size_t kMaxFinders = 64;
// Grey levels between the core and the light ring of a candidate that places an upscaled pass.
constexpr double kFinderContrast = 32;

std::vector<Finder> finder_candidates(const GrayFrame& frame, double min_contrast) {
  std::vector<Finder> finders;
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
      // Sensor noise makes such runs everywhere; a printed or shown finder pattern has its
      // centre clearly darker than the light ring around it.
      auto run_mean = [&](int start, int length) {
        long sum_run = 0;
        for (int x = start; x < start + length; ++x) sum_run += row[x];
        return static_cast<double>(sum_run) / length;
      };
      const int ring1 = position + runs[i];
      const int core = ring1 + runs[i + 1];
      const int ring2 = core + runs[i + 2];
      const double light = (run_mean(ring1, runs[i + 1]) + run_mean(ring2, runs[i + 3])) / 2;
      if (light - run_mean(core, runs[i + 2]) < min_contrast) continue;
      const int centre = position + runs[i] + runs[i + 1] + runs[i + 2] / 2;
      // A finder pattern is square: the column through its centre shows the same runs.
      if (!column_matches(frame, centre, y, total)) continue;
      bool merged = false;
      for (auto& f : finders) {
        if (std::abs(f.x - centre) * 2 <= std::max(f.size, total) &&
            std::abs(f.y - y) * 2 <= std::max(f.size, total) + 6) {
          f.x = (f.x * f.hits + centre) / (f.hits + 1);
          f.y = (f.y * f.hits + y) / (f.hits + 1);
          f.size = std::max(f.size, total);
          ++f.hits;
          merged = true;
          break;
        }
      }
      if (!merged && finders.size() < kMaxFinders)
        finders.push_back({static_cast<double>(centre), static_cast<double>(y), total, 1});
    }
  }
  return finders;
}

// Where a code may be: two or three finder candidates of about the same size, no further apart
// than the largest code the kiosk reads (a 300-byte code at ECC H is version 19, 93 modules).
// With three the code lies within their box; with two (the third lost to blur or glare) it may
// reach one side's length past them. Largest groups first, at most kMaxRegions, each no larger
// than a quarter of the frame (its 2x upscaled pass then costs about one frame).
constexpr std::size_t kMaxRegions = 3;

std::vector<Region> code_regions(const GrayFrame& frame, const std::vector<Finder>& finders) {
  const std::size_t n = finders.size();
  std::vector<std::size_t> group(n);
  for (std::size_t i = 0; i < n; ++i) group[i] = i;
  auto root = [&](std::size_t i) {
    while (group[i] != i) i = group[i] = group[group[i]];
    return i;
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const auto& a = finders[i];
      const auto& b = finders[j];
      if (std::max(a.size, b.size) * 2 > std::min(a.size, b.size) * 3) continue;  // sizes apart
      const double unit = (a.size + b.size) / 14.0;
      const double distance = std::hypot(a.x - b.x, a.y - b.y);
      if (distance < 7 * unit || distance > 100 * unit) continue;
      group[root(i)] = root(j);
    }
  }
  struct Box {
    Region r{1 << 30, 1 << 30, -1, -1};
    int count = 0;
    double unit = 0;
  };
  std::vector<Box> boxes(n);
  for (std::size_t i = 0; i < n; ++i) {
    Box& b = boxes[root(i)];
    const auto& f = finders[i];
    b.r.x0 = std::min(b.r.x0, static_cast<int>(f.x));
    b.r.y0 = std::min(b.r.y0, static_cast<int>(f.y));
    b.r.x1 = std::max(b.r.x1, static_cast<int>(f.x) + 1);
    b.r.y1 = std::max(b.r.y1, static_cast<int>(f.y) + 1);
    b.unit = std::max(b.unit, f.size / 7.0);
    ++b.count;
  }
  std::vector<Box> groups;
  for (const auto& b : boxes)
    if (b.count >= 2) groups.push_back(b);
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Box& a, const Box& b) { return a.count > b.count; });
  std::vector<Region> regions;
  const long frame_area = static_cast<long>(frame.width) * frame.height;
  for (const auto& g : groups) {
    if (regions.size() == kMaxRegions) break;
    const int span = std::max(g.r.x1 - g.r.x0, g.r.y1 - g.r.y0);
    // The finder centres sit 3.5 modules in from the code's corners, plus the quiet zone.
    const int margin = static_cast<int>(8 * g.unit) + (g.count >= 3 ? 0 : span);
    const Region r{std::max(0, g.r.x0 - margin), std::max(0, g.r.y0 - margin),
                   std::min(frame.width, g.r.x1 + margin), std::min(frame.height, g.r.y1 + margin)};
    if (static_cast<long>(r.x1 - r.x0) * (r.y1 - r.y0) * 4 > frame_area) continue;
    regions.push_back(r);
  }
  return regions;
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
  if (finder_candidates(frame, 0).empty()) return codes;  // nothing like a code: no second pass
  const GrayFrame levelled{frame.width, frame.height, stretched(frame)};
  if (!levelled.pixels.empty()) {
    codes = read_codes(levelled.pixels.data(), frame.width, frame.height, true);
    if (!codes.empty()) return codes;
  }
  // Each group of clear finder candidates that could be one code, upscaled 2x on its own: a box
  // around every candidate would take in noise, the clutter's look-alikes and most of the frame.
  // Then the same on the levelled pixels, where a faded code's finders stand out too.
  // At most kMaxRegions passes in all, none over a region already tried.
  std::vector<Region> tried;
  for (const GrayFrame* source : {&frame, &levelled}) {
    if (source->pixels.empty()) continue;
    for (const Region& region : code_regions(frame, finder_candidates(*source, kFinderContrast))) {
      if (tried.size() == kMaxRegions) return codes;
      if (std::any_of(tried.begin(), tried.end(),
                      [&](const Region& r) { return covers(r, region); }))
        continue;
      tried.push_back(region);
      const GrayFrame closer = upscaled(*source, region);
      codes = read_codes(closer.pixels.data(), closer.width, closer.height, true);
      if (!codes.empty()) return codes;
    }
  }
  return codes;
}

}  // namespace yiwang::drivers

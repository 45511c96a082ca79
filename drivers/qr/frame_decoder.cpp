// ZXing over a luma view: QR only, the cheap whole-frame pass (on the frame smoothed 1-2-1) first.
// When it finds nothing, the frame's textured patches that could be a code (dense, square-ish,
// clearly above the sensor's noise, and holding two finder patterns or a smear: finder_scan.cpp)
// are each cropped, upscaled 2x and read again, with ZXing's binarizer and then with a local-mean
// threshold that has no minimum contrast, then filtered several ways; last, an auto-levelled
// half-size copy for large faint codes. A frame without such a patch costs one pass and the tests
// that found none.
#include "qr/frame_decoder.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include "qr/finder_scan.h"
#include "qr/motion_deblur.h"
#include "qr/patch_scaling.h"
#include "qr/patch_search.h"

namespace yiwang::drivers {

namespace {

// Larger frames are refused rather than decoded (a hostile or broken source): 4K is the most a
// USB camera delivers.
constexpr long kMaxPixels = 3840L * 2160;

// How hard ZXing looks. The whole frame is read once, quickly: without ZXing's "try harder" and
// without its downscaled copy (a 427 x 240 second pass), which together cost a third of the
// frame's time and read nothing the patch passes below miss. Patches are read thoroughly.
// Upscaled copies made for the last reads skip the downscaled layers (`upscaled`): those would only
// undo the upscaling, at a third more time.
enum class Effort { quick, thorough, upscaled };

std::vector<std::string> read_codes(const std::uint8_t* pixels, int width, int height,
                                    ZXing::Binarizer binarizer, Effort effort = Effort::thorough) {
  ZXing::ImageView image(pixels, width, height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(effort != Effort::quick);
  hints.setTryDownscale(effort == Effort::thorough);
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

// The region's pixels, at their own size.
GrayFrame cut(const GrayFrame& frame, const Region& r) {
  GrayFrame out{r.x1 - r.x0, r.y1 - r.y0, {}};
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    std::copy_n(&frame.pixels[static_cast<std::size_t>(r.y0 + y) * frame.width + r.x0], out.width,
                &out.pixels[static_cast<std::size_t>(y) * out.width]);
  return out;
}

// Two finder patterns that could belong to one code: each crossed by as many rows as a module
// has pixels (a real pattern's 3-module middle is crossed by about three times that; a chance
// 1:1:3:1:1 in a code's data or in text by one or two), of similar module sizes, and at least 12
// modules apart (a version 1 code's centres are 14 apart; neighbouring characters of text, about
// one pattern's width).
bool finder_pair(const std::vector<FinderCandidate>& found) {
  std::vector<FinderCandidate> strong;
  for (const auto& c : found)
    if (static_cast<float>(c.hits) >= std::max(2.0F, c.module)) strong.push_back(c);
  for (std::size_t i = 0; i < strong.size(); ++i) {
    for (std::size_t j = i + 1; j < strong.size(); ++j) {
      const auto& a = strong[i];
      const auto& b = strong[j];
      if (std::max(a.module, b.module) > 1.6F * std::min(a.module, b.module)) continue;
      const float module = (a.module + b.module) / 2;
      if (std::hypot(a.x - b.x, a.y - b.y) >= 12 * module) return true;
    }
  }
  return false;
}

// The image at half size, 2x2 pixel means.
GrayFrame halved(const GrayFrame& image) {
  GrayFrame half{image.width / 2, image.height / 2, {}};
  half.pixels.resize(static_cast<std::size_t>(half.width) * half.height);
  for (int y = 0; y < half.height; ++y) {
    const std::uint8_t* p = image.pixels.data() + static_cast<std::size_t>(2 * y) * image.width;
    const std::uint8_t* q = p + image.width;
    std::uint8_t* out = half.pixels.data() + static_cast<std::size_t>(y) * half.width;
    for (int x = 0; x < half.width; ++x) {
      const auto left = static_cast<std::size_t>(x) * 2;
      out[x] = static_cast<std::uint8_t>((p[left] + p[left + 1] + q[left] + q[left + 1] + 2) / 4);
    }
  }
  return half;
}

bool has_finder_pair(const GrayFrame& image) {
  return finder_pair(finder_candidates(image, Region{0, 0, image.width, image.height}));
}

// A refined blur angle this far (radians) from the first estimate gets the first estimate tried
// too.
constexpr float kMinTurn = 0.03F;
constexpr float kPi = 3.14159265F;

// Above this noise (grey levels per pixel) the finder test misses real patterns: such a patch
// gets the retries whatever the test says.
constexpr float kMaxFinderNoise = 14.0F;

// A textured patch worth the costly retries below, and the smear measured on it.
struct Candidate {
  Region region;
  std::optional<MotionBlur> blur;
};

// The patches that could hold a code: two finder patterns each crossed by at least two rows
// (three make a code; blur, glare or a tilt can hide one), or a smear. Text, boxes, stripes and a
// lone finder-like square have neither, and an empty frame then costs about one pass.
std::vector<Candidate> code_like(const GrayFrame& frame, const std::vector<Region>& regions,
                                 std::vector<Region>& others) {
  std::vector<Candidate> out;
  for (const Region& region : regions) {
    auto blur = estimate_motion_blur(frame, region);
    if (!blur && pixel_noise(frame, region) < kMaxFinderNoise &&
        !finder_pair(finder_candidates(frame, region))) {
      others.push_back(region);
      continue;
    }
    out.push_back({region, blur});
  }
  return out;
}

}  // namespace

std::vector<std::string> decode_qr_codes(const GrayFrame& frame) {
  if (frame.width <= 0 || frame.height <= 0 ||
      static_cast<long>(frame.width) * frame.height > kMaxPixels ||
      frame.pixels.size() < static_cast<std::size_t>(frame.width) * frame.height)
    return {};
  // The first pass reads the frame smoothed 1-2-1: the sensor's noise otherwise breaks the flat
  // background into speckle that ZXing's row scan spends most of its time on (about 40 % less
  // time on the camera corpora), and a few noisy codes read at once instead of after the retries.
  const GrayFrame soft = softened(frame);
  auto codes = read_codes(soft.pixels.data(), soft.width, soft.height,
                          ZXing::Binarizer::LocalAverage, Effort::quick);
  if (!codes.empty()) return codes;
  std::vector<Region> others;
  const std::vector<Candidate> candidates = code_like(frame, textured_regions(frame), others);
  for (const Candidate& candidate : candidates) {
    const Region& region = candidate.region;
    const bool first = &candidate == &candidates.front();
    const GrayFrame closer = crop(frame, region);
    codes = read_codes(closer.pixels.data(), closer.width, closer.height,
                       ZXing::Binarizer::LocalAverage);
    if (!codes.empty()) return codes;
    const GrayFrame binary = thresholded(closer);
    codes = read_codes(binary.pixels.data(), binary.width, binary.height,
                       ZXing::Binarizer::FixedThreshold);
    if (!codes.empty()) return codes;
    // The largest patch, when small, once more at 3x.
    if (first && region.x1 - region.x0 <= kMaxTripledSide &&
        region.y1 - region.y0 <= kMaxTripledSide) {
      const GrayFrame closest = tripled(frame, region);
      codes = read_codes(closest.pixels.data(), closest.width, closest.height,
                         ZXing::Binarizer::LocalAverage);
      if (!codes.empty()) return codes;
    }
    // A faint patch under noise: smoothed and stretched (the largest patch only).
    if (first) {
      const GrayFrame calm = smoothed(frame, region);
      if (!calm.pixels.empty()) {
        for (const auto binarizer :
             {ZXing::Binarizer::LocalAverage, ZXing::Binarizer::FixedThreshold}) {
          codes = read_codes(calm.pixels.data(), calm.width, calm.height, binarizer);
          if (!codes.empty()) return codes;
        }
      }
    }
    // A smeared patch (the hand moved): undone along the smear, three ways. The estimate runs
    // about half a pixel long (the lens blur adds to the smear); a stronger noise term (0.1) keeps
    // the filter calm, a weaker one (0.03) restores more of the finest modules. Along the angle
    // where the smear's echo is deepest first, then along the gradients' angle: each is a few
    // degrees off on some smears of 2.5 modules and more, and the filter then leaves them unread.
    if (const auto& blur = candidate.blur) {
      const MotionBlur refined = refined_motion_blur(frame, region, *blur);
      auto try_deblur = [&](const MotionDeblur& deblur, float length, const auto& tries) {
        for (const auto& [shorter, noise] : tries) {
          const GrayFrame sharp = deblur.deblurred(length - shorter, noise);
          if (sharp.pixels.empty()) break;
          codes = read_codes(sharp.pixels.data(), sharp.width, sharp.height,
                             ZXing::Binarizer::FixedThreshold);
          if (!codes.empty()) return true;
        }
        return false;
      };
      constexpr std::pair<float, float> kTries[] = {{0.5F, 0.1F}, {0.5F, 0.03F}, {1.0F, 0.03F}};
      // Five more lengths and one weaker noise term: on smears of about 3 modules the estimate
      // is off by a pixel or so, and the length matters more there.
      constexpr std::pair<float, float> kLonger[] = {
          {0.0F, 0.03F}, {1.5F, 0.03F}, {0.5F, 0.01F}, {-0.5F, 0.03F}, {2.0F, 0.03F}};
      {
        const MotionDeblur deblur(frame, region, refined);
        if (try_deblur(deblur, refined.length, kTries)) return codes;
        if (try_deblur(deblur, refined.length, kLonger)) return codes;
      }
      // When the two angles differ, the same tries along the gradients' angle.
      float turn = std::fabs(refined.angle - blur->angle);
      turn = std::min(turn, kPi - turn);
      if (turn >= kMinTurn) {
        const MotionDeblur deblur(frame, region, *blur);
        if (try_deblur(deblur, blur->length, kTries)) return codes;
        if (try_deblur(deblur, blur->length, kLonger)) return codes;
      }
    }
    // Last, the largest patch with steepened edges (unsharp mask, amount 2, over 0.5 and 1 px)
    // at 3x when small: modules of 1.5 to 2.5 px that the lens and the upscale leave as grey
    // ramps; at 3x thresholded without a minimum contrast (faint ink); at 2x blurred then
    // thresholded (faint ink under noise); at 2x sharpened. Only frames that every pass above
    // failed on pay for this, and only for the largest patch: an empty frame's clutter makes up
    // to three patches, and these seven reads on each cost more than ZBar's whole frame.
    if (!first) continue;
    // Filters run on the patch at its own size, before the upscaling (a ninth of the pixels).
    const GrayFrame patch = cut(frame, region);
    const Region whole{0, 0, patch.width, patch.height};
    if (patch.width <= kMaxTripledSide && patch.height <= kMaxTripledSide) {
      for (const float sigma : {0.5F, 1.0F}) {
        const GrayFrame sharp = tripled(sharpened(patch, sigma, 2.0F), whole);
        codes = read_codes(sharp.pixels.data(), sharp.width, sharp.height,
                           ZXing::Binarizer::LocalAverage, Effort::upscaled);
        if (!codes.empty()) return codes;
      }
      const GrayFrame faint = thresholded(tripled(patch, whole));
      codes = read_codes(faint.pixels.data(), faint.width, faint.height,
                         ZXing::Binarizer::FixedThreshold, Effort::upscaled);
      if (!codes.empty()) return codes;
    }
    // A faint patch under noise, at 2x: blurred (sigma 0.75 and 1.5 px) then thresholded against
    // its local mean, with no minimum contrast.
    for (const float sigma : {0.75F, 1.5F}) {
      const GrayFrame calm = thresholded(crop(sharpened(patch, sigma, -1.0F), whole));
      codes = read_codes(calm.pixels.data(), calm.width, calm.height,
                         ZXing::Binarizer::FixedThreshold, Effort::upscaled);
      if (!codes.empty()) return codes;
    }
    const GrayFrame sharp = crop(sharpened(patch, 1.0F, 1.5F), whole);
    codes = read_codes(sharp.pixels.data(), sharp.width, sharp.height,
                       ZXing::Binarizer::LocalAverage, Effort::upscaled);
    if (!codes.empty()) return codes;
  }

  // A patch the finder test turned down, read as it is (quickly, at its own size): a code of
  // modules under 2 px whose finder patterns the test misses, which the smoothing in the first
  // pass blurred away. A fraction of a whole-frame pass.
  for (const Region& region : others) {
    const GrayFrame patch = cut(frame, region);
    codes = read_codes(patch.pixels.data(), patch.width, patch.height,
                       ZXing::Binarizer::LocalAverage, Effort::quick);
    if (!codes.empty()) return codes;
  }
  // A large faint code that no patch held (its modules flat inside, so its cells untextured):
  // the auto-levelled half-size copy, when a quarter-size copy shows two finder patterns. Last,
  // because the patches read every such frame of the camera corpora first, and this costs about
  // a millisecond on most frames that reach it.
  const GrayFrame levelled = levelled_half(frame);
  if (!levelled.pixels.empty() && has_finder_pair(halved(levelled)))
    codes = read_codes(levelled.pixels.data(), levelled.width, levelled.height,
                       ZXing::Binarizer::LocalAverage);
  return codes;
}

}  // namespace yiwang::drivers

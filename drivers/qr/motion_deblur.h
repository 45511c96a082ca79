// Motion blur on a patch of a camera frame: its direction and length, estimated from the patch,
// then undone with a Wiener filter along the blur before ZXing reads the patch again.
#pragma once

#include <complex>
#include <optional>
#include <vector>

#include "qr/image_source.h"
#include "qr/patch_search.h"

namespace yiwang::drivers {

struct MotionBlur {
  float angle = 0;   // direction of the smear, radians in [0, pi), x to the right, y down
  float length = 0;  // pixels
};

// The blur of a patch when it looks like a straight smear: gradients much weaker along one
// direction than across it, and each edge echoed, with the opposite sign, one blur length further
// along. nullopt otherwise: a sharp or defocused patch, or lines and stripes (no echo).
std::optional<MotionBlur> estimate_motion_blur(const GrayFrame& frame, const Region& region);

// A second estimate of the blur, within 0.1 rad of `blur`'s angle: where the smear's echo is
// deepest, the length measured again along it. On synthetic smears it is about as near as the
// gradients' estimate (0.05 rad off on average) but its errors are its own, and a Wiener filter a
// few degrees off the smear leaves a code unread: the decoder tries both.
MotionBlur refined_motion_blur(const GrayFrame& frame, const Region& region,
                               const MotionBlur& blur);

// The region turned so that the blur runs along its rows, and each row's spectrum, computed once.
// deblurred() then divides the spectra by one blur's (a Wiener filter: `noise` keeps the division
// bounded where the blur wiped a frequency out) and returns the patch stretched over the full
// range of grey and scaled 2x (nearest pixel), for ZXing. empty() when the turned region would
// need rows longer than kMaxRow.
class MotionDeblur {
 public:
  static constexpr int kMaxRow = 1024;

  MotionDeblur(const GrayFrame& frame, const Region& region, const MotionBlur& blur);
  bool empty() const { return size_ == 0; }
  GrayFrame deblurred(float length, float noise) const;

 private:
  int width_ = 0;  // of the turned region
  int height_ = 0;
  int size_ = 0;    // of the row transforms, a power of two
  int margin_ = 0;  // padding before each row, in the transform
  // Rows two by two (one the real part, the other the imaginary part of one transform).
  std::vector<std::complex<float>> spectra_;
};

}  // namespace yiwang::drivers

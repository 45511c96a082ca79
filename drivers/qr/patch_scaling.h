// A patch of a camera frame made easier for ZXing: upscaled (2x, 3x), thresholded or sharpened.
#pragma once

#include "qr/image_source.h"
#include "qr/patch_search.h"

namespace yiwang::drivers {

// The region at 2x (bilinear) when at most 520 x 520 pixels, else at its own size.
GrayFrame crop(const GrayFrame& frame, const Region& r);
// The region at 3x (Catmull-Rom cubic); for regions of at most kMaxTripledSide a side.
constexpr int kMaxTripledSide = 320;
GrayFrame tripled(const GrayFrame& frame, const Region& r);
// Black where darker than the mean of the 41 x 41 square around, white elsewhere.
GrayFrame thresholded(const GrayFrame& image);
// The region denoised (Gaussian, sigma 1 px), contrast-stretched, then as crop().
GrayFrame smoothed(const GrayFrame& frame, const Region& r);
// The image smoothed 1-2-1 along rows and columns (edges repeated): the sensor's noise down by
// more than half, modules of 2 px and more kept. Cheap (no allocation beyond the output and
// three rows).
GrayFrame softened(const GrayFrame& image);
// The image plus `amount` times its difference from a Gaussian blur of `sigma` px (at most 4 px):
// steeper edges; amount -1 is the blur itself.
GrayFrame sharpened(const GrayFrame& image, float sigma, float amount);

}  // namespace yiwang::drivers

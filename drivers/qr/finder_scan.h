// QR finder patterns (the three 7x7-module squares) in a patch of a camera frame: a cheap test of
// whether the patch could hold a code, before the costly retries read it.
#pragma once

#include <vector>

#include "qr/image_source.h"
#include "qr/patch_search.h"

namespace yiwang::drivers {

struct FinderCandidate {
  float x = 0, y = 0;  // centre, frame pixels
  float module = 0;    // module size, pixels
  int hits = 0;        // rows that crossed it with the 1:1:3:1:1 ratio, confirmed by a column
};

// Dark-light-dark-light-dark runs in the ratio 1:1:3:1:1 along the region's rows (the pattern has
// it along any line through its centre, so at any rotation), each confirmed along the column
// through its middle, in two black-and-white copies of the region (its raw pixels, and smoothed
// 1-2-1 against sensor noise), each pixel dark when below the mean of the 9 x 9 square around it
// (or of the 33 x 33 square where the small one is flat); a pattern's middle must stand 10 grey
// levels below its light ring. Hits on neighbouring rows add up into one candidate per pattern.
std::vector<FinderCandidate> finder_candidates(const GrayFrame& frame, const Region& region);

// The sensor's noise in the region (the deviation of one pixel, in grey levels), from the median
// step between neighbouring pixels: flat areas outnumber edges even in a code.
float pixel_noise(const GrayFrame& frame, const Region& region);

}  // namespace yiwang::drivers

// Where in a camera frame a QR code could be: patches of fine texture clearly above the noise.
#pragma once

#include <vector>

#include "qr/image_source.h"

namespace yiwang::drivers {

struct Region {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // [x0, x1) x [y0, y1), pixels
};

// The frame is cut into 8 x 8 cells; a cell is textured when its standard deviation is well above
// the frame's typical cell. A code is a patch of such cells, dense and square-ish: at most three,
// the largest first, each with a margin for the quiet zone.
std::vector<Region> textured_regions(const GrayFrame& frame);

}  // namespace yiwang::drivers

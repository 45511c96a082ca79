// QR codes in a camera frame, decoded with ZXing-cpp; the bytes of each code as it holds them.
#pragma once

#include <string>
#include <vector>

#include "qr/image_source.h"

namespace yiwang::drivers {

std::vector<std::string> decode_qr_codes(const GrayFrame& frame);

}  // namespace yiwang::drivers

// Decodes the QR code in a PNG (a receipt) with ZXing-cpp; empty when none is found.
#pragma once

#include <string>

namespace yiwang::test {

std::string decode_qr_png(const std::string& path);

}  // namespace yiwang::test

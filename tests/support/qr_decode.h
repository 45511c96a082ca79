// Decodes the QR code in a PNG (a receipt) with ZXing-cpp; empty when none is found.
#pragma once

#include <string>

namespace yiwang::test {

std::string decode_qr_png(const std::string& path);
// The same with ZBar, an independent decoder (binary mode: the bytes as they are).
std::string decode_qr_png_zbar(const std::string& path);
// ZBar (binary mode) over 8-bit grey pixels, width bytes per row.
std::string decode_qr_grey_zbar(const unsigned char* grey, int width, int height);

}  // namespace yiwang::test

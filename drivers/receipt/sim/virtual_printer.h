// The virtual receipt printer: interprets an ESC/POS byte stream and draws the paper as a PNG.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

struct RenderReport {
  int width = 0;
  int height = 0;
  int cuts = 0;
  int qr_codes = 0;
  std::vector<std::string>
      unknown_commands;  // e.g. "1B 7A at 120": the encoder emitted something we do not draw
};

struct VirtualPrinterOptions {
  std::string font_path;  // a CJK TrueType font
  int paper_dots = 576;   // 80 mm paper at 203 dpi; 384 for 58 mm
};

// Renders the bytes of one or more receipts to a PNG file.
Result<RenderReport, std::string> render_escpos_png(std::span<const std::uint8_t> bytes,
                                                    const std::string& png_path,
                                                    const VirtualPrinterOptions& options);

}  // namespace yiwang::drivers

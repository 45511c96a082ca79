// The virtual receipt printer's paper: pages from the ESC/POS machine drawn as PNG images.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "receipt/sim/escpos_machine.h"

namespace yiwang::drivers {

struct RenderReport {
  int width = 0;
  int height = 0;
  int cuts = 0;
  int qr_codes = 0;
  std::vector<std::string> unknown_commands;  // "1B 7A at byte 120": something we do not draw
};

struct VirtualPrinterOptions {
  std::string font_path;  // a CJK TrueType font
  int paper_dots = 576;   // 80 mm paper at 203 dpi; 384 for 58 mm
};

// Draws pages one under the other (cuts as dashed lines) into a PNG file.
Result<RenderReport, std::string> render_pages_png(const std::vector<Page>& pages,
                                                   const std::string& png_path,
                                                   const VirtualPrinterOptions& options);

// Runs a whole captured byte stream through a fresh machine and draws everything it printed.
Result<RenderReport, std::string> render_escpos_png(std::span<const std::uint8_t> bytes,
                                                    const std::string& png_path,
                                                    const VirtualPrinterOptions& options);

}  // namespace yiwang::drivers

// A receipt as blocks (text, QR, feed, rule, cut) and its composition into ESC/POS for one printer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "receipt/bitmap.h"
#include "receipt/escpos_encoder.h"

namespace yiwang::drivers {

class TextRasterizer;

struct ReceiptBlock {
  enum class Kind { text, qr, feed, rule, cut };
  Kind kind = Kind::text;
  Align align = Align::left;
  bool bold = false;
  int width = 1;  // character size 1..8
  int height = 1;
  int amount = 0;    // feed: lines; cut: lines fed before the cut; qr: module size (0 = default)
  std::string text;  // UTF-8; qr: the data
};

struct ReceiptDocument {
  std::vector<ReceiptBlock> blocks;
};

// What the printer can do. 80 mm paper is 576 dots (48 columns of font A), 58 mm is 384 (32).
struct PrinterProfile {
  int paper_dots = 576;
  bool native_qr = true;      // GS ( k; false: the code goes out as a raster image
  bool two_byte_only = true;  // the printer's font has only GB18030's two-byte part
  int columns() const { return paper_dots / 12; }
};

// The whole job: ESC @, Chinese mode, the blocks. Text is wrapped by display width to the paper
// (CJK counts double; size multiplies). A line the printer's font cannot print (four-byte
// GB18030, CJK Extension A: rare characters of names and places) is drawn with `rasterizer` and
// sent as GS v 0; without a rasterizer those characters print as '?'.
std::vector<std::uint8_t> compose_receipt(const ReceiptDocument& document,
                                          const PrinterProfile& profile,
                                          const TextRasterizer* rasterizer);

// A QR code as a bitmap, `module` dots per module, with a four-module quiet zone.
Bitmap qr_bitmap(const std::string& data, int module);

}  // namespace yiwang::drivers

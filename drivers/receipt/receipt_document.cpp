// Composition: wrapping, the raster fallback for text and QR, and alignment of raster lines.
#include "receipt/receipt_document.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>

#include "receipt/text_layout.h"
#include "receipt/text_raster.h"

namespace yiwang::drivers {

namespace {

constexpr int kFontADots = 24;
constexpr int kDefaultQrModule = 6;

// Places `image` on a paper-wide bitmap as the alignment asks, so the printer needs no
// justification support for images.
Bitmap aligned_on_paper(const Bitmap& image, Align align, int paper_dots) {
  const int width = std::max(paper_dots, image.width);
  Bitmap line(width, image.height);
  const int offset = align == Align::centre  ? (width - image.width) / 2
                     : align == Align::right ? width - image.width
                                             : 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      if (image.get(x, y)) line.set(x + offset, y);
  return line;
}

// Widens a bitmap by an integer factor (character width for rastered text).
Bitmap stretched(const Bitmap& image, int factor) {
  if (factor <= 1) return image;
  Bitmap wide(image.width * factor, image.height);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < wide.width; ++x)
      if (image.get(x / factor, y)) wide.set(x, y);
  return wide;
}

void text_block(EscPosEncoder& out, const ReceiptBlock& block, const PrinterProfile& profile,
                const TextRasterizer* rasterizer) {
  const int width = std::clamp(block.width, 1, 8);
  const int height = std::clamp(block.height, 1, 8);
  const int columns = std::max(2, profile.columns() / width);
  out.align(block.align).bold(block.bold).size(width, height);
  for (const std::string& line : wrap_text(block.text, columns)) {
    const bool printable = !profile.two_byte_only || printable_as_two_byte_gb18030(line);
    if (printable) {
      out.line(line);
      continue;
    }
    if (rasterizer == nullptr) {
      out.line(printable_or_question_marks(line));
      continue;
    }
    const Bitmap drawn =
        stretched(rasterizer->render(line, kFontADots * height, block.bold), width);
    out.raster(aligned_on_paper(drawn, block.align, profile.paper_dots));
  }
  out.bold(false).size(1, 1);
}

}  // namespace

Bitmap qr_bitmap(const std::string& data, int module) {
  ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
  writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0).setEccLevel(3);  // level M
  const ZXing::BitMatrix matrix = writer.encode(data, 0, 0);
  const int quiet = 4 * module;
  Bitmap image(matrix.width() * module + 2 * quiet, matrix.height() * module + 2 * quiet);
  for (int my = 0; my < matrix.height(); ++my)
    for (int mx = 0; mx < matrix.width(); ++mx)
      if (matrix.get(mx, my))
        for (int dy = 0; dy < module; ++dy)
          for (int dx = 0; dx < module; ++dx)
            image.set(quiet + mx * module + dx, quiet + my * module + dy);
  return image;
}

std::vector<std::uint8_t> compose_receipt(const ReceiptDocument& document,
                                          const PrinterProfile& profile,
                                          const TextRasterizer* rasterizer) {
  EscPosEncoder out;
  out.initialise().chinese_mode(true);
  for (const ReceiptBlock& block : document.blocks) {
    switch (block.kind) {
      case ReceiptBlock::Kind::text:
        text_block(out, block, profile, rasterizer);
        break;
      case ReceiptBlock::Kind::qr: {
        const int module = block.amount > 0 ? block.amount : kDefaultQrModule;
        if (profile.native_qr) {
          out.align(block.align).qr(block.text, module, QrErrorCorrection::M);
        } else {
          out.raster(
              aligned_on_paper(qr_bitmap(block.text, module), block.align, profile.paper_dots));
        }
        break;
      }
      case ReceiptBlock::Kind::feed:
        out.feed(block.amount);
        break;
      case ReceiptBlock::Kind::rule:
        out.align(Align::left).line(std::string(static_cast<std::size_t>(profile.columns()), '-'));
        break;
      case ReceiptBlock::Kind::cut:
        out.cut(true, block.amount);
        break;
    }
  }
  return out.bytes();
}

}  // namespace yiwang::drivers

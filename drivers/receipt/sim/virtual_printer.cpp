// Paper drawing: text with SDL2_ttf, QR modules with ZXing-cpp, raster images dot by dot.
#include "receipt/sim/virtual_printer.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "common/gb18030.h"
#include "receipt/sim/png_file.h"

namespace yiwang::drivers {

namespace {

constexpr int kBaseFontPixels = 24;  // font A is 12 x 24 dots
constexpr int kMaxPaperDots = 20000;

// A text run as the printer shows it: GB18030 with FS & in effect, one byte a character without.
std::string shown_text(const PaperOp& op) {
  if (!op.chinese) {
    std::string out;
    for (const char c : op.gb18030) out += static_cast<unsigned char>(c) < 0x80 ? c : '?';
    return out;
  }
  auto utf8 = gb18030_to_utf8(op.gb18030);
  return utf8 ? utf8.value() : std::string("\xEF\xBF\xBD");
}

// GS ( k fn 69's level (0x30 L .. 0x33 H) as ZXing-cpp's writer scale (1 L, 3 M, 5 Q, 7 H).
int zxing_ecc(int level) { return 1 + 2 * std::clamp(level - 0x30, 0, 3); }

struct SurfaceDeleter {
  void operator()(SDL_Surface* surface) const { SDL_FreeSurface(surface); }
};
using SurfacePtr = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

class Painter {
 public:
  Painter(SDL_Surface* paper, TTF_Font* font, int paper_dots)
      : paper_(paper), font_(font), paper_dots_(paper_dots) {}

  void draw(const Page& page, RenderReport& report) {
    for (const PaperOp& op : page.ops) {
      switch (op.kind) {
        case PaperOp::Kind::text:
          line_.push_back(op);
          break;
        case PaperOp::Kind::newline:
          flush_line(true);
          break;
        case PaperOp::Kind::feed:
          flush_line(false);
          y_ += op.lines * kBaseFontPixels + op.dots;
          break;
        case PaperOp::Kind::raster:
          flush_line(false);
          draw_raster(op);
          break;
        case PaperOp::Kind::qr:
          flush_line(false);
          draw_qr(op, report);
          break;
        case PaperOp::Kind::cut:
          flush_line(false);
          draw_cut();
          ++report.cuts;
          break;
      }
    }
    flush_line(false);
  }

  int used_height() const { return std::min(y_ + kBaseFontPixels, paper_->h); }

 private:
  int aligned_x(int align, int width) const {
    if (align == 1) return std::max(0, (paper_dots_ - width) / 2);
    if (align == 2) return std::max(0, paper_dots_ - width);
    return 0;
  }

  void flush_line(bool empty_line_advances) {
    if (line_.empty()) {
      if (empty_line_advances) y_ += kBaseFontPixels + 6;
      return;
    }
    std::vector<SurfacePtr> parts;
    int total_width = 0;
    int line_height = kBaseFontPixels;
    for (const auto& segment : line_) {
      const std::string text = shown_text(segment);
      if (text.empty()) continue;
      TTF_SetFontStyle(font_, segment.bold ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL);
      TTF_SetFontSize(font_, kBaseFontPixels * segment.height);
      // A real printer continues a line that is wider than the paper on the next line.
      const int wrap_at = paper_dots_ * segment.height / segment.width;
      SurfacePtr rendered(TTF_RenderUTF8_Blended_Wrapped(
          font_, text.c_str(), SDL_Color{0, 0, 0, 255}, static_cast<Uint32>(wrap_at)));
      if (!rendered) continue;
      if (segment.width != segment.height) {
        const int w = rendered->w * segment.width / segment.height;
        SurfacePtr stretched(
            SDL_CreateRGBSurfaceWithFormat(0, w, rendered->h, 32, SDL_PIXELFORMAT_ARGB8888));
        SDL_Rect target{0, 0, w, rendered->h};
        SDL_BlitScaled(rendered.get(), nullptr, stretched.get(), &target);
        rendered = std::move(stretched);
      }
      total_width += rendered->w;
      line_height = std::max(line_height, rendered->h);
      parts.push_back(std::move(rendered));
    }
    int x = aligned_x(line_.front().align, total_width);
    for (auto& part : parts) {
      SDL_Rect target{x, y_ + line_height - part->h, part->w, part->h};
      SDL_BlitSurface(part.get(), nullptr, paper_, &target);
      x += part->w;
    }
    y_ += line_height + 6;
    line_.clear();
  }

  void draw_cut() {
    for (int x = 0; x < paper_dots_; x += 16) {
      SDL_Rect dash{x, y_, 8, 2};
      SDL_FillRect(paper_, &dash, SDL_MapRGB(paper_->format, 120, 120, 120));
    }
    y_ += 12;
  }

  void draw_raster(const PaperOp& op) {
    const Uint32 black = SDL_MapRGB(paper_->format, 0, 0, 0);
    for (int y = 0; y < op.image.height && y_ + y < paper_->h; ++y)
      for (int x = 0; x < op.image.width && x < paper_dots_; ++x)
        if (op.image.get(x, y)) {
          SDL_Rect dot{x, y_ + y, 1, 1};
          SDL_FillRect(paper_, &dot, black);
        }
    y_ += op.image.height;
  }

  void draw_qr(const PaperOp& op, RenderReport& report) {
    if (op.qr_data.empty()) return;
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0).setEccLevel(zxing_ecc(op.qr_ecc));
    ZXing::BitMatrix matrix;
    try {
      matrix = writer.encode(op.qr_data, 0, 0);
    } catch (const std::exception&) {
      return;  // data a QR code cannot hold: a real printer prints nothing either
    }
    const int module = op.module;
    const int size = matrix.width() * module;
    const int left = aligned_x(op.align, size);
    const Uint32 black = SDL_MapRGB(paper_->format, 0, 0, 0);
    y_ += 4 * module;  // quiet zone
    for (int my = 0; my < matrix.height(); ++my) {
      for (int mx = 0; mx < matrix.width(); ++mx) {
        if (!matrix.get(mx, my)) continue;
        SDL_Rect dot{left + mx * module, y_ + my * module, module, module};
        SDL_FillRect(paper_, &dot, black);
      }
    }
    y_ += size + 4 * module;
    ++report.qr_codes;
  }

  SDL_Surface* paper_;
  TTF_Font* font_;
  int paper_dots_;
  int y_ = 16;
  std::vector<PaperOp> line_;
};

}  // namespace

Result<RenderReport, std::string> render_pages_png(const std::vector<Page>& pages,
                                                   const std::string& png_path,
                                                   const VirtualPrinterOptions& options) {
  if (!TTF_WasInit() && TTF_Init() != 0) return fail(std::string("TTF_Init: ") + TTF_GetError());
  std::unique_ptr<TTF_Font, void (*)(TTF_Font*)> font(
      TTF_OpenFont(options.font_path.c_str(), kBaseFontPixels), TTF_CloseFont);
  if (!font) return fail("cannot open font " + options.font_path + ": " + TTF_GetError());
  const int margin = 24;
  SurfacePtr paper(SDL_CreateRGBSurfaceWithFormat(0, options.paper_dots, kMaxPaperDots, 32,
                                                  SDL_PIXELFORMAT_ARGB8888));
  if (!paper) return fail(std::string("cannot allocate paper: ") + SDL_GetError());
  SDL_FillRect(paper.get(), nullptr, SDL_MapRGB(paper->format, 255, 255, 255));

  RenderReport report;
  Painter painter(paper.get(), font.get(), options.paper_dots);
  for (const Page& page : pages) painter.draw(page, report);

  report.width = options.paper_dots + 2 * margin;
  report.height = painter.used_height() + margin;
  SurfacePtr sheet(
      SDL_CreateRGBSurfaceWithFormat(0, report.width, report.height, 32, SDL_PIXELFORMAT_ARGB8888));
  SDL_FillRect(sheet.get(), nullptr, SDL_MapRGB(sheet->format, 250, 250, 245));
  SDL_Rect source{0, 0, options.paper_dots, painter.used_height()};
  SDL_Rect target{margin, margin / 2, options.paper_dots, painter.used_height()};
  SDL_BlitSurface(paper.get(), &source, sheet.get(), &target);
  if (std::string why; !save_png(sheet.get(), png_path, why)) {
    return fail("cannot write " + png_path + ": " + why);
  }
  return report;
}

Result<RenderReport, std::string> render_escpos_png(std::span<const std::uint8_t> bytes,
                                                    const std::string& png_path,
                                                    const VirtualPrinterOptions& options) {
  EscPosMachine machine;
  std::vector<std::uint8_t> replies;
  machine.receive(bytes, replies);
  std::vector<Page> pages = machine.take_cut_pages();
  if (!machine.current_page().ops.empty()) pages.push_back(machine.current_page());
  auto report = render_pages_png(pages, png_path, options);
  if (report) report.value().unknown_commands = machine.unknown_commands();
  return report;
}

}  // namespace yiwang::drivers

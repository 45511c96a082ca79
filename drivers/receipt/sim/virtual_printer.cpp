// ESC/POS interpreter drawing with SDL2_ttf (text) and ZXing-cpp (QR modules) onto a paper surface.
#include "receipt/sim/virtual_printer.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "receipt/gb18030.h"

namespace yiwang::drivers {

namespace {

constexpr int kBaseFontPixels = 24;  // font A is 12 x 24 dots
constexpr int kMaxPaperDots = 20000;

struct SurfaceDeleter {
  void operator()(SDL_Surface* surface) const { SDL_FreeSurface(surface); }
};
using SurfacePtr = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

struct Segment {
  std::string gb_bytes;
  bool bold = false;
  int width = 1;
  int height = 1;
};

class Interpreter {
 public:
  Interpreter(SDL_Surface* paper, TTF_Font* font, int paper_dots)
      : paper_(paper), font_(font), paper_dots_(paper_dots) {}

  void run(std::span<const std::uint8_t> b, RenderReport& report) {
    std::size_t i = 0;
    auto arg = [&](std::size_t k) -> int { return i + k < b.size() ? b[i + k] : -1; };
    while (i < b.size()) {
      const std::uint8_t c = b[i];
      if (c == 0x1B && arg(1) == 0x40) {
        flush_line();
        reset_style();
        i += 2;
      } else if (c == 0x1B && arg(1) == 0x45 && arg(2) >= 0) {
        style_.bold = arg(2) & 1;
        i += 3;
      } else if (c == 0x1B && arg(1) == 0x61 && arg(2) >= 0) {
        align_ = arg(2) % 3;
        i += 3;
      } else if (c == 0x1D && arg(1) == 0x21 && arg(2) >= 0) {
        style_.width = (arg(2) >> 4) + 1;
        style_.height = (arg(2) & 0x0F) + 1;
        i += 3;
      } else if (c == 0x1B && arg(1) == 0x64 && arg(2) >= 0) {
        flush_line();
        y_ += arg(2) * kBaseFontPixels;
        i += 3;
      } else if (c == 0x1D && arg(1) == 0x56 && (arg(2) == 0x41 || arg(2) == 0x42) && arg(3) >= 0) {
        flush_line();
        y_ += arg(3) * kBaseFontPixels;
        draw_cut();
        ++report.cuts;
        i += 4;
      } else if (c == 0x1C && (arg(1) == 0x26 || arg(1) == 0x2E)) {
        i += 2;
      } else if (c == 0x10 && arg(1) == 0x04 && arg(2) >= 0) {
        i += 3;  // real-time status request: answered by a live printer, nothing on paper
      } else if (c == 0x1D && arg(1) == 0x28 && arg(2) == 0x6B && arg(4) >= 0) {
        const std::size_t length = static_cast<std::size_t>(arg(3) | (arg(4) << 8));
        if (i + 5 + length > b.size()) {
          report.unknown_commands.push_back("truncated GS ( k at " + std::to_string(i));
          break;
        }
        qr_function(b.subspan(i + 5, length), report);
        i += 5 + length;
      } else if (c == 0x0A) {
        flush_line();
        ++i;
      } else if (c == 0x1B || c == 0x1D || c == 0x1C || c == 0x10) {
        char text[32];
        std::snprintf(text, sizeof text, "%02X %02X at %zu", c, arg(1) & 0xFF, i);
        report.unknown_commands.push_back(text);
        i += 2;
      } else {
        if (line_.empty() || line_.back().bold != style_.bold ||
            line_.back().width != style_.width || line_.back().height != style_.height) {
          line_.push_back(Segment{"", style_.bold, style_.width, style_.height});
        }
        line_.back().gb_bytes.push_back(static_cast<char>(c));
        ++i;
      }
    }
    flush_line();
  }

  int used_height() const { return std::min(y_ + kBaseFontPixels, paper_->h); }

 private:
  void reset_style() {
    style_ = Segment{};
    align_ = 0;
  }

  int aligned_x(int width) const {
    if (align_ == 1) return std::max(0, (paper_dots_ - width) / 2);
    if (align_ == 2) return std::max(0, paper_dots_ - width);
    return 0;
  }

  void flush_line() {
    if (line_.empty()) return;
    std::vector<SurfacePtr> parts;
    int total_width = 0;
    int line_height = kBaseFontPixels;
    for (const auto& segment : line_) {
      auto utf8 = gb18030_to_utf8(segment.gb_bytes);
      const std::string text = utf8 ? utf8.value() : std::string("\xEF\xBF\xBD");
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
    int x = aligned_x(total_width);
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

  void qr_function(std::span<const std::uint8_t> body, RenderReport& report) {
    // body: cn fn [parameters]; cn is 0x31 (QR) for every function the encoder emits.
    if (body.size() < 2 || body[0] != 0x31) return;
    const std::uint8_t function = body[1];
    if (function == 0x43 && body.size() >= 3) module_size_ = std::clamp<int>(body[2], 1, 16);
    if (function == 0x45 && body.size() >= 3) ecc_ = body[2] - 0x30;
    if (function == 0x50 && body.size() >= 3) qr_data_.assign(body.begin() + 3, body.end());
    if (function == 0x51) print_qr(report);
  }

  void print_qr(RenderReport& report) {
    flush_line();
    if (qr_data_.empty()) return;
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0);
    writer.setEccLevel(std::clamp(ecc_ * 2 + 1, 0, 8));
    ZXing::BitMatrix matrix = writer.encode(qr_data_, 0, 0);
    const int size = matrix.width() * module_size_;
    const int left = aligned_x(size);
    const Uint32 black = SDL_MapRGB(paper_->format, 0, 0, 0);
    for (int my = 0; my < matrix.height(); ++my) {
      for (int mx = 0; mx < matrix.width(); ++mx) {
        if (!matrix.get(mx, my)) continue;
        SDL_Rect module{left + mx * module_size_, y_ + my * module_size_, module_size_,
                        module_size_};
        SDL_FillRect(paper_, &module, black);
      }
    }
    y_ += size + 8;
    ++report.qr_codes;
  }

  SDL_Surface* paper_;
  TTF_Font* font_;
  int paper_dots_;
  Segment style_;
  int align_ = 0;
  int y_ = 16;
  std::vector<Segment> line_;
  int module_size_ = 3;
  int ecc_ = 1;
  std::string qr_data_;
};

}  // namespace

Result<RenderReport, std::string> render_escpos_png(std::span<const std::uint8_t> bytes,
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
  Interpreter interpreter(paper.get(), font.get(), options.paper_dots);
  interpreter.run(bytes, report);

  report.width = options.paper_dots + 2 * margin;
  report.height = interpreter.used_height() + margin;
  SurfacePtr sheet(
      SDL_CreateRGBSurfaceWithFormat(0, report.width, report.height, 32, SDL_PIXELFORMAT_ARGB8888));
  SDL_FillRect(sheet.get(), nullptr, SDL_MapRGB(sheet->format, 250, 250, 245));
  SDL_Rect source{0, 0, options.paper_dots, interpreter.used_height()};
  SDL_Rect target{margin, margin / 2, options.paper_dots, interpreter.used_height()};
  SDL_BlitSurface(paper.get(), &source, sheet.get(), &target);
  if (IMG_SavePNG(sheet.get(), png_path.c_str()) != 0) {
    return fail("cannot write " + png_path + ": " + IMG_GetError());
  }
  return report;
}

}  // namespace yiwang::drivers

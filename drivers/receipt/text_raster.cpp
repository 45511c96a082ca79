// FreeType glyph rendering into the 1-bit Bitmap: mono hinting, baseline at 80 % of the height.
#include "receipt/text_raster.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include <algorithm>
#include <vector>

#include "receipt/text_layout.h"

namespace yiwang::drivers {

struct TextRasterizer::Face {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  Face() = default;
  Face(const Face&) = delete;
  Face& operator=(const Face&) = delete;
  Face(Face&&) = delete;
  Face& operator=(Face&&) = delete;
  ~Face() {
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }
};

TextRasterizer::TextRasterizer(std::unique_ptr<Face> face) : face_(std::move(face)) {}
TextRasterizer::~TextRasterizer() = default;

Result<std::unique_ptr<TextRasterizer>, std::string> TextRasterizer::open(
    const std::string& font_path) {
  auto face = std::make_unique<Face>();
  if (FT_Init_FreeType(&face->library) != 0) return fail(std::string("FreeType did not start"));
  if (FT_New_Face(face->library, font_path.c_str(), 0, &face->face) != 0)
    return fail("cannot open font " + font_path);
  return std::unique_ptr<TextRasterizer>(new TextRasterizer(std::move(face)));
}

Bitmap TextRasterizer::render(std::string_view utf8, int pixel_height, bool bold) const {
  FT_Face face = face_->face;
  FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(pixel_height));
  const int baseline = pixel_height * 4 / 5;
  struct Placed {
    Bitmap glyph;
    int x = 0;
    int top = 0;
  };
  std::vector<Placed> placed;
  int pen = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    if (FT_Load_Char(face, cp, FT_LOAD_TARGET_MONO) != 0) continue;
    if (bold && face->glyph->format == FT_GLYPH_FORMAT_OUTLINE)
      FT_Outline_Embolden(&face->glyph->outline, static_cast<FT_Pos>(pixel_height) * 2);
    if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_MONO) != 0) continue;
    const FT_Bitmap& source = face->glyph->bitmap;
    Placed p;
    p.glyph = Bitmap(static_cast<int>(source.width), static_cast<int>(source.rows));
    for (int y = 0; y < static_cast<int>(source.rows); ++y) {
      const unsigned char* row = source.buffer + static_cast<std::ptrdiff_t>(y) * source.pitch;
      for (int x = 0; x < static_cast<int>(source.width); ++x)
        if ((row[x / 8] >> (7 - x % 8)) & 1) p.glyph.set(x, y);
    }
    p.x = pen + face->glyph->bitmap_left;
    p.top = baseline - face->glyph->bitmap_top;
    pen += static_cast<int>(face->glyph->advance.x >> 6);
    placed.push_back(std::move(p));
  }
  int width = pen;
  for (const auto& p : placed) width = std::max(width, p.x + p.glyph.width);
  Bitmap line(std::max(width, 1), pixel_height);
  for (const auto& p : placed) {
    for (int y = 0; y < p.glyph.height; ++y) {
      const int ty = p.top + y;
      if (ty < 0 || ty >= line.height) continue;
      for (int x = 0; x < p.glyph.width; ++x) {
        const int tx = p.x + x;
        if (tx >= 0 && tx < line.width && p.glyph.get(x, y)) line.set(tx, ty);
      }
    }
  }
  return line;
}

}  // namespace yiwang::drivers

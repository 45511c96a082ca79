// Renders a line of text to a one-bit bitmap with a TrueType font (FreeType): the raster fallback
// for characters the printer's own font does not have.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "receipt/bitmap.h"

namespace yiwang::drivers {

class TextRasterizer {
 public:
  // The same CJK font the screens use, so a name prints as it was shown.
  static Result<std::unique_ptr<TextRasterizer>, std::string> open(const std::string& font_path);
  ~TextRasterizer();
  TextRasterizer(const TextRasterizer&) = delete;
  TextRasterizer& operator=(const TextRasterizer&) = delete;

  // One line, `pixel_height` dots tall (24 for font A), `bold` drawn by emboldening.
  // Characters the font lacks become its missing-glyph box, never a crash.
  Bitmap render(std::string_view utf8, int pixel_height, bool bold) const;

 private:
  struct Face;
  explicit TextRasterizer(std::unique_ptr<Face> face);
  std::unique_ptr<Face> face_;
};

}  // namespace yiwang::drivers

// Draws a Frame with SDL2 and SDL2_ttf: filled rectangles, borders and wrapped CJK text.
#pragma once

#include <SDL.h>
#include <SDL_ttf.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "toolkit/widget.h"

namespace yiwang::ui {

class Canvas {
 public:
  // font_path: a CJK TrueType font (TTC index 0). Fails when the font cannot be opened.
  static std::unique_ptr<Canvas> create(SDL_Renderer* renderer, const std::string& font_path,
                                        std::string& error);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  void draw(const Frame& frame);
  // Splits text into lines no wider than width pixels (CJK breaks anywhere, Latin at spaces).
  std::vector<std::string> wrap(const std::string& text, int font_px, bool bold, int width);

 private:
  Canvas(SDL_Renderer* renderer, std::string font_path)
      : renderer_(renderer), font_path_(std::move(font_path)) {}
  TTF_Font* font(int px, bool bold);
  static int bold_stroke(int font_px);  // pixels of overprint that make text bold
  void draw_text(const Widget& widget);
  void draw_qr(const Widget& widget);
  int text_width(const std::string& text, int font_px, bool bold);

  SDL_Renderer* renderer_;
  std::string font_path_;
  std::map<std::pair<int, bool>, TTF_Font*> fonts_;
};

}  // namespace yiwang::ui

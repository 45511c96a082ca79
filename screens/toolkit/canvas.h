// Draws a Frame with SDL2 and SDL2_ttf: filled rectangles, borders and wrapped CJK text.
#pragma once

#include <SDL.h>
#include <SDL_ttf.h>

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
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

  // Draws frame. Retained (set_retained): only what differs from the frame drawn before is
  // painted again, clipped to the damaged regions; otherwise (and after invalidate) all of it.
  void draw(const Frame& frame);
  // For a target that keeps its pixels between frames (a software renderer's surface): the
  // kiosk turns it on there; a GPU back buffer is undefined after a present, so it stays off.
  void set_retained(bool retained) {
    retained_ = retained;
    invalidate();
  }
  // The next draw paints everything (the window was exposed, resized, or read back).
  void invalidate() { drawn_.clear(); }
  // Pixels painted by the last draw (the whole screen for a full one), for benches.
  long long last_painted_pixels() const { return painted_pixels_; }
  // A font for text the kiosk's font has no glyphs for (a locale's script: a "<code> <path>"
  // line of assets/fonts.txt): a line is drawn with the first font that has all its characters.
  // False when the file cannot be opened as a font.
  bool add_font(const std::string& path);
  // Whether one of the canvas's fonts has every character of text (no empty boxes).
  bool renders(const std::string& text);
  // Fits every label's and button's text into its widget, as draw() does before drawing: a label
  // whose lines do not fit grows downwards into free room (within the panels that hold it, above
  // the next widget beneath it); text that still does not fit (or a word wider than the widget)
  // is set one step smaller, never below the frame's least size (Frame::least_px), and the label
  // grows again. Buttons keep their rectangles (what a tap hits) and wrap to more lines.
  void fit(Frame& frame);
  // A paging label's pages (Widget::page_ms) at its size: the lines each shows, joined by "\n",
  // and when each ends (ms into the text, at the voice's pace); empty when the text fits whole.
  struct Pages {
    std::vector<std::string> texts;
    std::vector<long long> end_ms;
    int width = 0;  // the text's width, beside the page number ("2/3")
  };
  Pages pages(const Widget& label);
  // Splits text into lines no wider than width pixels (CJK breaks anywhere, Latin at spaces).
  std::vector<std::string> wrap(const std::string& text, int font_px, bool bold, int width);

  // Rendered lines are kept (by text, size, weight and colour) up to this many bytes of
  // texture, least recently drawn dropped first; wrapped layouts (by text, size, weight and
  // width, with their widest line's width once fit has asked) up to this many, least recently
  // used dropped first. Neither depends on the language or elder mode but through the text and
  // size in its key; adding a font drops the layouts (widths may change).
  static constexpr std::size_t kTextCacheBytes = 8u << 20;
  static constexpr std::size_t kLayoutCacheEntries = 2048;
  std::size_t text_cache_bytes() const { return text_bytes_; }
  std::size_t text_cache_entries() const { return texts_.size(); }
  std::size_t layout_cache_entries() const { return layouts_.size(); }
  // How many times text was measured with the font (TTF_SizeUTF8) since the canvas was made:
  // wrapping a text measures it glyph by glyph; a fit of text measured before measures nothing.
  long long text_measures() const { return measures_; }

 private:
  Canvas(SDL_Renderer* renderer, std::string font_path)
      : renderer_(renderer), font_path_(std::move(font_path)) {}
  TTF_Font* font(int px, bool bold);
  // The font a line is drawn with: the kiosk's, or the first added one with all its characters.
  TTF_Font* font_for(const std::string& line, int px, bool bold);
  TTF_Font* added_font(std::size_t index, int px);
  static int bold_stroke(int font_px);  // pixels of overprint that make text bold
  // Draws the widget's text (or only measures it, draw false); returns the rectangle its pixels
  // cover, which may spill out of the widget's own rectangle.
  Rect draw_text(const Widget& widget, bool draw = true);
  void draw_widget(const Widget& widget);
  // What the widget paints: its rectangle and its text's.
  Rect bounds(const Widget& widget);
  void draw_all(const Frame& frame);
  void draw_qr(const Widget& widget);
  void draw_ink(const Widget& widget);  // a writing pad's strokes
  int text_width(const std::string& text, int font_px, bool bold);
  // Whether the widget's text, at its size, fits rect_h pixels of height (draw_text's clipping)
  // with no line wider than the widget; lines_h: the height all its lines take.
  bool text_fits(const Widget& widget, int rect_h, int& lines_h);
  // The draw() path: the frame as fitted.
  void draw_fitted(const Frame& frame);

  // A text wrapped to a width: its lines and, measured once fit asks whether it fits, the widest
  // line's width.
  struct Layout {
    std::vector<std::string> lines;
    bool measured = false;
    int widest = 0;
    std::list<std::string>::iterator used;  // its place in layouts_recent_
  };
  Layout& layout(const std::string& text, int font_px, bool bold, int width);
  // The width of text's widest line at width (measured once per layout).
  int widest_line(Layout& layout, int font_px, bool bold);

  struct CachedText {
    SDL_Texture* texture = nullptr;
    int w = 0;
    int h = 0;
    std::list<std::string>::iterator used;  // its place in recent_
  };
  // The texture of one line, rendered once and kept while it is drawn often enough.
  const CachedText* line_texture(const std::string& line, TTF_Font* font, const Widget& widget);
  const std::vector<std::string>& wrapped(const std::string& text, int font_px, bool bold,
                                          int width);
  // A widget's text in the lines draw_text draws (a button's inside its padding); text_fits
  // counts and measures the same lines.
  static int text_padding(const Widget& widget);
  Layout& widget_layout(const Widget& widget);

  SDL_Renderer* renderer_;
  std::string font_path_;
  std::map<std::pair<int, bool>, TTF_Font*> fonts_;
  std::vector<std::string> added_paths_;
  std::map<std::pair<std::size_t, int>, TTF_Font*> added_fonts_;  // by path index and size
  std::unordered_map<std::string, CachedText> texts_;
  std::list<std::string> recent_;  // keys of texts_, most recently drawn first
  std::size_t text_bytes_ = 0;
  std::unordered_map<std::string, Layout> layouts_;
  std::list<std::string> layouts_recent_;  // keys of layouts_, most recently used first
  long long measures_ = 0;
  // The frame on the target and what each of its widgets painted (retained drawing).
  bool retained_ = false;
  std::vector<Widget> drawn_;
  std::vector<Rect> drawn_bounds_;
  long long painted_pixels_ = 0;
};

}  // namespace yiwang::ui

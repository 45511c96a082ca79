// Canvas: lines of text are rendered once and kept as textures in a bounded cache (a frame is
// mostly text that was on the previous one), wrapped layouts likewise.
#include "toolkit/canvas.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <algorithm>
#include <limits>

namespace yiwang::ui {

namespace {

std::size_t utf8_step(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

void set_color(SDL_Renderer* renderer, Color c) {
  SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a);
}

bool empty(const Rect& r) { return r.w <= 0 || r.h <= 0; }

Rect unite(const Rect& a, const Rect& b) {
  if (empty(a)) return b;
  if (empty(b)) return a;
  const int x = std::min(a.x, b.x);
  const int y = std::min(a.y, b.y);
  return {x, y, std::max(a.x + a.w, b.x + b.w) - x, std::max(a.y + a.h, b.y + b.h) - y};
}

bool overlaps(const Rect& a, const Rect& b) {
  return !empty(a) && !empty(b) && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
         b.y < a.y + a.h;
}

bool same(const Color& a, const Color& b) {
  return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

bool same_ink(const std::vector<PenStroke>& a, const std::vector<PenStroke>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t s = 0; s < a.size(); ++s) {
    if (a[s].size() != b[s].size()) return false;
    for (std::size_t p = 0; p < a[s].size(); ++p) {
      if (a[s][p].x != b[s][p].x || a[s][p].y != b[s][p].y) return false;
    }
  }
  return true;
}

// Two widgets that paint the same pixels.
bool same(const Widget& a, const Widget& b) {
  return a.kind == b.kind && a.rect.x == b.rect.x && a.rect.y == b.rect.y && a.rect.w == b.rect.w &&
         a.rect.h == b.rect.h && a.font_px == b.font_px && a.bold == b.bold && a.align == b.align &&
         same(a.foreground, b.foreground) && same(a.background, b.background) &&
         same(a.border, b.border) && a.text == b.text && a.modules == b.modules &&
         a.dark == b.dark && same_ink(a.ink, b.ink);
}

// Whether `outer` contains all of `inner`.
bool contains(const Rect& outer, const Rect& inner) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
         inner.y + inner.h <= outer.y + outer.h;
}

// Rectangles clipped to the screen, overlapping ones joined until none overlap; more than
// kMaxDamageRects become their bounding box. A page of tiles is a dozen rectangles (the tiles,
// the pager, the category chosen): kept apart, only they are painted, not the box around them
// (most of the screen, which was painted whole).
constexpr std::size_t kMaxDamageRects = 32;
std::vector<Rect> merge(const std::vector<Rect>& rects) {
  std::vector<Rect> out;
  for (Rect r : rects) {
    const int x0 = std::max(r.x, 0);
    const int y0 = std::max(r.y, 0);
    const int x1 = std::min(r.x + r.w, theme::kWidth);
    const int y1 = std::min(r.y + r.h, theme::kHeight);
    r = {x0, y0, x1 - x0, y1 - y0};
    if (empty(r)) continue;
    for (bool joined = true; joined;) {
      joined = false;
      for (auto it = out.begin(); it != out.end(); ++it) {
        if (overlaps(*it, r)) {
          r = unite(r, *it);
          out.erase(it);
          joined = true;
          break;
        }
      }
    }
    out.push_back(r);
  }
  if (out.size() > kMaxDamageRects) {
    Rect box{};
    for (const auto& r : out) box = unite(box, r);
    out = {box};
  }
  return out;
}

}  // namespace

std::unique_ptr<Canvas> Canvas::create(SDL_Renderer* renderer, const std::string& font_path,
                                       std::string& error) {
  if (!TTF_WasInit() && TTF_Init() != 0) {
    error = std::string("TTF_Init: ") + TTF_GetError();
    return nullptr;
  }
  std::unique_ptr<Canvas> canvas(new Canvas(renderer, font_path));
  if (!canvas->font(theme::kBodyPx, false)) {
    error = "cannot open font " + font_path + ": " + TTF_GetError();
    return nullptr;
  }
  return canvas;
}

Canvas::~Canvas() {
  for (auto& [key, cached] : texts_) SDL_DestroyTexture(cached.texture);
  for (auto& [key, font] : fonts_) TTF_CloseFont(font);
  for (auto& [key, font] : added_fonts_) TTF_CloseFont(font);
}

namespace {
// Whether font has a glyph for every character of text (control characters aside).
bool has_all(TTF_Font* font, const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_step(lead);
    Uint32 cp = n == 1 ? lead : lead & (0x3Fu >> (n - 1));
    for (std::size_t k = 1; k < n && i + k < text.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    i += n;
    if (cp >= 0x20 && TTF_GlyphIsProvided32(font, cp) == 0) return false;
  }
  return true;
}
}  // namespace

bool Canvas::add_font(const std::string& path) {
  TTF_Font* probe = TTF_OpenFont(path.c_str(), theme::kBodyPx);
  if (probe == nullptr) return false;
  added_paths_.push_back(path);
  added_fonts_[{added_paths_.size() - 1, theme::kBodyPx}] = probe;
  layouts_.clear();  // widths may change
  layouts_recent_.clear();
  return true;
}

TTF_Font* Canvas::added_font(std::size_t index, int px) {
  const auto key = std::make_pair(index, px);
  if (auto it = added_fonts_.find(key); it != added_fonts_.end()) return it->second;
  TTF_Font* opened = TTF_OpenFont(added_paths_[index].c_str(), px);
  if (opened != nullptr) added_fonts_[key] = opened;
  return opened;
}

TTF_Font* Canvas::font_for(const std::string& line, int px, bool bold) {
  TTF_Font* own = font(px, bold);
  if (added_paths_.empty() || own == nullptr || has_all(own, line)) return own;
  for (std::size_t i = 0; i < added_paths_.size(); ++i) {
    TTF_Font* other = added_font(i, px);
    if (other != nullptr && has_all(other, line)) return other;
  }
  return own;
}

bool Canvas::renders(const std::string& text) {
  TTF_Font* f = font_for(text, theme::kBodyPx, false);
  return f != nullptr && has_all(f, text);
}

const Canvas::CachedText* Canvas::line_texture(const std::string& line, TTF_Font* font,
                                               const Widget& widget) {
  const Color c = widget.foreground;
  std::string key = line;
  key += '\x1f';
  key += std::to_string(widget.font_px);
  key += widget.bold ? 'b' : 'r';
  for (const std::uint8_t channel : {c.r, c.g, c.b, c.a}) key += static_cast<char>(channel);
  if (auto it = texts_.find(key); it != texts_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.used);  // drawn again: most recent
    return &it->second;
  }
  SDL_Surface* surface = TTF_RenderUTF8_Blended(font, line.c_str(), SDL_Color{c.r, c.g, c.b, c.a});
  if (!surface) return nullptr;
  SDL_Texture* texture = SDL_CreateTextureFromSurface(renderer_, surface);
  const int w = surface->w, h = surface->h;
  SDL_FreeSurface(surface);
  if (!texture) return nullptr;
  const std::size_t bytes = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
  while (!recent_.empty() && text_bytes_ + bytes > kTextCacheBytes) {
    auto oldest = texts_.find(recent_.back());
    text_bytes_ -= static_cast<std::size_t>(oldest->second.w) * oldest->second.h * 4;
    SDL_DestroyTexture(oldest->second.texture);
    texts_.erase(oldest);
    recent_.pop_back();
  }
  recent_.push_front(key);
  text_bytes_ += bytes;
  return &(texts_[key] = CachedText{texture, w, h, recent_.begin()});
}

Canvas::Layout& Canvas::layout(const std::string& text, int font_px, bool bold, int width) {
  std::string key = text;
  key += '\x1f';
  key += std::to_string(font_px) + (bold ? "b" : "r") + std::to_string(width);
  if (auto it = layouts_.find(key); it != layouts_.end()) {
    layouts_recent_.splice(layouts_recent_.begin(), layouts_recent_, it->second.used);
    return it->second;
  }
  while (!layouts_recent_.empty() && layouts_.size() >= kLayoutCacheEntries) {
    layouts_.erase(layouts_recent_.back());
    layouts_recent_.pop_back();
  }
  layouts_recent_.push_front(key);
  Layout& made = layouts_[key];
  made.lines = wrap(text, font_px, bold, width);
  made.used = layouts_recent_.begin();
  return made;
}

int Canvas::widest_line(Layout& layout, int font_px, bool bold) {
  if (!layout.measured) {
    layout.widest = std::numeric_limits<int>::min();
    for (const auto& line : layout.lines)
      layout.widest = std::max(layout.widest, text_width(line, font_px, bold));
    layout.measured = true;
  }
  return layout.widest;
}

const std::vector<std::string>& Canvas::wrapped(const std::string& text, int font_px, bool bold,
                                                int width) {
  return layout(text, font_px, bold, width).lines;
}

int Canvas::text_padding(const Widget& widget) {
  return widget.kind == Widget::Kind::button ? 16 : 0;
}

Canvas::Layout& Canvas::widget_layout(const Widget& widget) {
  return layout(widget.text, widget.font_px, widget.bold, widget.rect.w - 2 * text_padding(widget));
}

int Canvas::bold_stroke(int font_px) { return std::max(1, font_px / 28); }

TTF_Font* Canvas::font(int px, bool bold) {
  auto key = std::make_pair(px, bold);
  if (auto it = fonts_.find(key); it != fonts_.end()) return it->second;
  TTF_Font* opened = TTF_OpenFont(font_path_.c_str(), px);
  if (!opened) return nullptr;
  // Bold is drawn by overprinting (draw_text): SDL_ttf's synthetic bold draws a stray horizontal
  // stroke through CJK glyphs of WenQuanYi Zen Hei, the kiosk's font.
  fonts_[key] = opened;
  return opened;
}

int Canvas::text_width(const std::string& text, int font_px, bool bold) {
  int w = 0, h = 0;
  TTF_Font* f = font_for(text, font_px, bold);
  ++measures_;
  if (!f || TTF_SizeUTF8(f, text.c_str(), &w, &h) != 0) return 0;
  return w + (bold ? bold_stroke(font_px) : 0);
}

std::vector<std::string> Canvas::wrap(const std::string& text, int font_px, bool bold, int width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t last_space = std::string::npos;  // in `line`
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_step(static_cast<unsigned char>(text[i]));
    const std::string glyph = text.substr(i, n);
    i += n;
    if (glyph == "\n") {
      lines.push_back(line);
      line.clear();
      last_space = std::string::npos;
      continue;
    }
    std::string candidate = line + glyph;
    if (!line.empty() && text_width(candidate, font_px, bold) > width) {
      if (glyph == " ") {
        lines.push_back(line);
        line.clear();
        last_space = std::string::npos;
        continue;
      }
      if (n == 1 && last_space != std::string::npos) {
        // Latin word: move it whole to the next line.
        lines.push_back(line.substr(0, last_space));
        line = line.substr(last_space + 1);
        line += glyph;
      } else {
        lines.push_back(line);
        line = glyph;
      }
      last_space = std::string::npos;
      continue;
    }
    if (glyph == " ") last_space = line.size();
    line = std::move(candidate);
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

Rect Canvas::draw_text(const Widget& widget, bool draw) {
  Rect covered{widget.rect.x, widget.rect.y, 0, 0};
  if (widget.text.empty()) return covered;
  TTF_Font* f = font(widget.font_px, widget.bold);
  if (!f) return covered;
  const int padding = text_padding(widget);
  const auto& lines = widget_layout(widget).lines;
  const int line_height = TTF_FontLineSkip(f);
  const int block = line_height * static_cast<int>(lines.size());
  int y = widget.kind == Widget::Kind::button ? widget.rect.y + (widget.rect.h - block) / 2
                                              : widget.rect.y;
  for (const auto& line : lines) {
    if (y + line_height > widget.rect.y + widget.rect.h + line_height / 2) break;  // clip overflow
    if (line.empty()) continue;  // as before the cache: an empty line takes no height
    const CachedText* text =
        line_texture(line, font_for(line, widget.font_px, widget.bold), widget);
    if (!text) continue;
    int x = widget.rect.x + padding;
    if (widget.align == TextAlign::centre) x = widget.rect.x + (widget.rect.w - text->w) / 2;
    if (widget.align == TextAlign::right) x = widget.rect.x + widget.rect.w - padding - text->w;
    const int stroke = widget.bold ? bold_stroke(widget.font_px) : 0;
    covered = unite(covered, {x - stroke / 2, y, text->w + stroke, text->h});
    for (int dx = 0; draw && dx <= stroke; ++dx) {
      SDL_Rect target{x + dx - stroke / 2, y, text->w, text->h};
      SDL_RenderCopy(renderer_, text->texture, nullptr, &target);
    }
    y += line_height;
  }
  return covered;
}

void Canvas::draw_widget(const Widget& widget) {
  const SDL_Rect r{widget.rect.x, widget.rect.y, widget.rect.w, widget.rect.h};
  if (widget.kind != Widget::Kind::label) {
    // Opaque fills are plain fills: blending costs a read of every pixel.
    SDL_SetRenderDrawBlendMode(
        renderer_, widget.background.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    set_color(renderer_, widget.background);
    SDL_RenderFillRect(renderer_, &r);
    if (widget.border.a > 0) {
      SDL_SetRenderDrawBlendMode(renderer_,
                                 widget.border.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
      set_color(renderer_, widget.border);
      SDL_RenderDrawRect(renderer_, &r);
      const SDL_Rect inner{r.x + 1, r.y + 1, r.w - 2, r.h - 2};
      SDL_RenderDrawRect(renderer_, &inner);
    }
  }
  if (widget.kind == Widget::Kind::qr) draw_qr(widget);
  if (widget.kind == Widget::Kind::pad) draw_ink(widget);
  draw_text(widget);
}

Rect Canvas::bounds(const Widget& widget) {
  const Rect own =
      widget.kind == Widget::Kind::label ? Rect{widget.rect.x, widget.rect.y, 0, 0} : widget.rect;
  return unite(own, draw_text(widget, false));
}

void Canvas::draw_all(const Frame& frame) {
  SDL_RenderSetClipRect(renderer_, nullptr);
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
  set_color(renderer_, theme::kBackground);
  SDL_RenderClear(renderer_);
  for (const auto& widget : frame.widgets()) draw_widget(widget);
  painted_pixels_ = static_cast<long long>(theme::kWidth) * theme::kHeight;
}

bool Canvas::text_fits(const Widget& widget, int rect_h, int& lines_h) {
  lines_h = 0;
  TTF_Font* f = font(widget.font_px, widget.bold);
  if (!f) return true;
  // The lines draw_text draws and their widest, measured when the layout was first asked: a
  // frame that shows text fitted before measures none of it again.
  const int width = widget.rect.w - 2 * text_padding(widget);
  Layout& lines = widget_layout(widget);
  const int skip = TTF_FontLineSkip(f);
  lines_h = skip * static_cast<int>(lines.lines.size());
  int shown = 0;  // as draw_text clips: a line may reach half a line below the rectangle
  for (int y = 0; y + skip <= rect_h + skip / 2; y += skip) ++shown;
  if (static_cast<int>(lines.lines.size()) > shown) return false;
  return widest_line(lines, widget.font_px, widget.bold) <= width + 2;
}

Canvas::Pages Canvas::pages(const Widget& label) {
  Pages out;
  int lines_h = 0;
  TTF_Font* f = font(label.font_px, label.bold);
  if (!f || label.text.empty() || text_fits(label, label.rect.h, lines_h)) return out;
  const int skip = TTF_FontLineSkip(f);
  int per_page = 0;
  for (int y = 0; y + skip <= label.rect.h + skip / 2; y += skip) ++per_page;
  per_page = std::max(1, per_page);
  // The page number's width: a layout that never wraps (its one line "99/99"), measured once.
  Layout& number = layout("99/99", label.font_px, label.bold, std::numeric_limits<int>::max());
  out.width = label.rect.w - widest_line(number, label.font_px, label.bold) - 12;
  const auto& lines = wrapped(label.text, label.font_px, label.bold, out.width);
  long long ms = 0;
  for (std::size_t first = 0; first < lines.size(); first += static_cast<std::size_t>(per_page)) {
    std::string page;
    for (std::size_t k = first; k < lines.size() && k < first + per_page; ++k) {
      if (!page.empty()) page += '\n';
      page += lines[k];
      // The voice's pace: a Chinese syllable about 220 ms, a Latin letter about 70 ms.
      for (std::size_t i = 0; i < lines[k].size();
           i += utf8_step(static_cast<unsigned char>(lines[k][i])))
        ms += static_cast<unsigned char>(lines[k][i]) >= 0xE3 ? 220 : 70;
    }
    out.texts.push_back(std::move(page));
    out.end_ms.push_back(ms);
  }
  return out;
}

void Canvas::fit(Frame& frame) {
  auto& widgets = frame.edit();
  std::vector<Widget> page_numbers;
  for (std::size_t i = 0; i < widgets.size(); ++i) {
    Widget& w = widgets[i];
    if (w.text.empty() || (w.kind != Widget::Kind::label && w.kind != Widget::Kind::button))
      continue;
    int lines_h = 0;
    if (text_fits(w, w.rect.h, lines_h)) continue;
    if (w.kind == Widget::Kind::label && w.page_ms >= 0) {
      // A page at a time, the one being said (then again from the first), numbered "2/3".
      const Pages p = pages(w);
      if (p.texts.size() > 1) {
        const long long at = w.page_ms % std::max(1LL, p.end_ms.back());
        std::size_t page = 0;
        while (page + 1 < p.texts.size() && at >= p.end_ms[page]) ++page;
        Widget number = w;
        number.page_ms = -1;
        number.id.clear();
        number.text = std::to_string(page + 1) + "/" + std::to_string(p.texts.size());
        number.align = TextAlign::right;
        number.rect.x = w.rect.x + p.width;
        number.rect.w = w.rect.w - p.width;
        w.text = p.texts[page];
        w.rect.w = p.width;
        page_numbers.push_back(std::move(number));
        continue;
      }
    }
    // A label's room: down to the bottom of the panels that hold it and to the top of the first
    // widget beneath it; nothing it grows into is drawn on.
    int room = w.rect.h;
    const int bottom = w.rect.y + w.rect.h;
    // In a flow, its labels and panels beneath move down (flowed); its buttons do not.
    const auto flowed = [&](std::size_t j) {
      return w.flow > 0 && widgets[j].flow == w.flow && widgets[j].kind != Widget::Kind::button &&
             widgets[j].kind != Widget::Kind::pad && widgets[j].rect.y >= bottom - 2;
    };
    if (w.kind == Widget::Kind::label) {
      room = theme::kHeight - w.rect.y;
      int flow_low = bottom;  // the lowest bottom of what moves down with it
      for (std::size_t j = 0; j < widgets.size(); ++j) {
        const Rect& o = widgets[j].rect;
        if (j == i || empty(o)) continue;
        const bool holds = widgets[j].kind == Widget::Kind::panel && o.x <= w.rect.x &&
                           o.y <= w.rect.y && o.x + o.w >= w.rect.x + w.rect.w &&
                           o.y + o.h >= bottom;
        if (holds && w.flow > 0 && widgets[j].flow == w.flow) continue;  // it grows too
        if (holds) {
          room = std::min(room, o.y + o.h - w.rect.y);
          continue;
        }
        if (flowed(j)) {
          flow_low = std::max(flow_low, o.y + o.h);
          continue;
        }
        const bool beside = o.x < w.rect.x + w.rect.w && w.rect.x < o.x + o.w;
        if (beside && o.y >= bottom - 2) room = std::min(room, o.y - w.rect.y);
      }
      if (w.flow > 0) {
        room = std::min(room, w.rect.h + frame.flow_bottom(w.flow) - flow_low);
        // Nor may what moves reach a widget that stays (a button of the flow, another column's).
        for (std::size_t j = 0; j < widgets.size(); ++j) {
          if (j == i || !flowed(j)) continue;
          const Rect& f = widgets[j].rect;
          for (std::size_t k = 0; k < widgets.size(); ++k) {
            const Rect& o = widgets[k].rect;
            if (k == i || k == j || flowed(k) || empty(o)) continue;
            const bool holds_it = widgets[k].kind == Widget::Kind::panel && o.x <= f.x &&
                                  o.y <= f.y && o.x + o.w >= f.x + f.w && o.y + o.h >= f.y + f.h;
            const bool beneath = o.x < f.x + f.w && f.x < o.x + o.w && o.y >= f.y + f.h - 2;
            if (!holds_it && beneath) room = std::min(room, w.rect.h + o.y - (f.y + f.h));
          }
        }
      }
      room = std::max(room, w.rect.h);
    }
    const auto grow = [&] {
      const bool fits = text_fits(w, std::min(room, std::max(w.rect.h, lines_h)), lines_h);
      if (!fits || w.kind != Widget::Kind::label) return fits;
      const int grown = std::max(w.rect.h, std::min(room, lines_h));
      const int by = grown - w.rect.h;
      if (by > 0 && w.flow > 0) {
        for (std::size_t j = 0; j < widgets.size(); ++j) {
          if (j == i || widgets[j].flow != w.flow) continue;
          Rect& o = widgets[j].rect;
          if (flowed(j)) {
            o.y += by;
          } else if (widgets[j].kind == Widget::Kind::panel && o.y <= w.rect.y &&
                     o.y + o.h >= bottom) {
            o.h += by;  // the panel that holds it
          }
        }
      }
      widgets[i].rect.h = grown;
      return fits;
    };
    if (grow()) continue;
    const int smaller = std::max(frame.least_px(), w.font_px - std::max(2, w.font_px / 8));
    if (smaller >= w.font_px) continue;
    w.font_px = smaller;
    grow();
  }
  for (auto& number : page_numbers) widgets.push_back(std::move(number));
}

void Canvas::draw(const Frame& frame) {
  Frame fitted = frame;
  fit(fitted);
  draw_fitted(fitted);
}

void Canvas::draw_fitted(const Frame& frame) {
  const auto& widgets = frame.widgets();
  if (!retained_) return draw_all(frame);
  // Retained: what changed, widget by widget (a screen builds its widgets in the same order
  // each time), is painted again within the union of its old and new bounds.
  std::vector<Rect> bounds_now(widgets.size());
  std::vector<Rect> damage;
  const bool whole = drawn_.empty();
  for (std::size_t i = 0; i < std::max(widgets.size(), drawn_.size()); ++i) {
    const bool in_old = i < drawn_.size();
    const bool in_new = i < widgets.size();
    if (in_old && in_new && same(drawn_[i], widgets[i])) {
      bounds_now[i] = drawn_bounds_[i];
      continue;
    }
    if (in_new) {
      bounds_now[i] = bounds(widgets[i]);
      if (!whole) damage.push_back(bounds_now[i]);
    }
    if (in_old && !whole) damage.push_back(drawn_bounds_[i]);
  }
  drawn_ = widgets;
  drawn_bounds_ = std::move(bounds_now);
  damage = merge(damage);
  long long area = 0;
  for (const auto& d : damage) area += static_cast<long long>(d.w) * d.h;
  // A change over most of the screen (another screen, the language) is painted whole.
  if (whole || area * 2 > static_cast<long long>(theme::kWidth) * theme::kHeight) {
    draw_all(frame);
    return;
  }
  painted_pixels_ = area;
  for (const auto& d : damage) {
    const SDL_Rect clip{d.x, d.y, d.w, d.h};
    SDL_RenderSetClipRect(renderer_, &clip);
    // The topmost opaque widget that covers the whole region (a tile, a panel) paints every pixel
    // of it: the background and the widgets beneath it would be painted only to be painted over
    // (a fill is most of a frame's cost on the software renderer).
    std::size_t first = 0;
    bool covered = false;
    for (std::size_t i = widgets.size(); i-- > 0;) {
      const Widget& w = widgets[i];
      if (w.kind != Widget::Kind::label && w.background.a == 255 && contains(w.rect, d)) {
        first = i;
        covered = true;
        break;
      }
    }
    if (!covered) {
      SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
      set_color(renderer_, theme::kBackground);
      SDL_RenderFillRect(renderer_, &clip);
    }
    for (std::size_t i = first; i < widgets.size(); ++i) {
      if (overlaps(drawn_bounds_[i], d)) draw_widget(widgets[i]);
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
}

void Canvas::draw_ink(const Widget& widget) {
  // A guide (light lines): a cross on a square writing pad, a line to sign on on a wide pad;
  // none on a pad only shown (the signature, small). Then each stroke as a 5-pixel line.
  SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
  set_color(renderer_, {225, 228, 232, 255});
  const int cx = widget.rect.x + widget.rect.w / 2;
  const int cy = widget.rect.y + widget.rect.h / 2;
  if (widget.enabled && widget.rect.w == widget.rect.h) {
    SDL_RenderDrawLine(renderer_, cx, widget.rect.y + 4, cx, widget.rect.y + widget.rect.h - 5);
    SDL_RenderDrawLine(renderer_, widget.rect.x + 4, cy, widget.rect.x + widget.rect.w - 5, cy);
  } else if (widget.enabled) {
    const int base = widget.rect.y + widget.rect.h * 3 / 4;
    SDL_RenderDrawLine(renderer_, widget.rect.x + 24, base, widget.rect.x + widget.rect.w - 25,
                       base);
  }
  set_color(renderer_, theme::kText);
  // Strokes in a box x box square are scaled onto the rect.
  const auto scaled = [&widget](PenPoint p) {
    if (widget.box <= 0) return p;
    return PenPoint{p.x * widget.rect.w / widget.box, p.y * widget.rect.h / widget.box};
  };
  for (const auto& stroke : widget.ink) {
    for (std::size_t i = 0; i < stroke.size(); ++i) {
      const PenPoint a = scaled(stroke[i]);
      const PenPoint b = scaled(stroke[i + 1 < stroke.size() ? i + 1 : i]);
      for (int dy = -2; dy <= 2; ++dy) {
        for (int dx = -2; dx <= 2; ++dx) {
          if (dx * dx + dy * dy > 5) continue;  // a round pen
          SDL_RenderDrawLine(renderer_, widget.rect.x + a.x + dx, widget.rect.y + a.y + dy,
                             widget.rect.x + b.x + dx, widget.rect.y + b.y + dy);
        }
      }
    }
  }
}

void Canvas::draw_qr(const Widget& widget) {
  // Whole pixels per module, centred: a scaled module with blurred edges scans worse.
  const int module = std::min(widget.rect.w, widget.rect.h) / widget.modules;
  if (module <= 0) return;
  const int x0 = widget.rect.x + (widget.rect.w - module * widget.modules) / 2;
  const int y0 = widget.rect.y + (widget.rect.h - module * widget.modules) / 2;
  std::vector<SDL_Rect> squares;
  squares.reserve(widget.dark.size() / 2);
  for (int y = 0; y < widget.modules; ++y) {
    for (int x = 0; x < widget.modules; ++x) {
      if (widget.dark[static_cast<std::size_t>(y) * widget.modules + x])
        squares.push_back({x0 + x * module, y0 + y * module, module, module});
    }
  }
  set_color(renderer_, {0, 0, 0, 255});
  SDL_RenderFillRects(renderer_, squares.data(), static_cast<int>(squares.size()));
}

}  // namespace yiwang::ui

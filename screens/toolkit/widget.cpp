// Frame helpers and hit testing (topmost enabled button wins).
#include "toolkit/widget.h"

namespace yiwang::ui {

void Frame::panel(Rect rect, Color background, Color border) {
  Widget w;
  w.kind = Widget::Kind::panel;
  w.rect = rect;
  w.background = background;
  w.border = border;
  add(std::move(w));
}

void Frame::label(Rect rect, std::string text, int font_px, Color color, TextAlign align,
                  bool bold) {
  Widget w;
  w.kind = Widget::Kind::label;
  w.rect = rect;
  w.text = std::move(text);
  w.font_px = font_px > 0 ? font_px : body_px_;
  w.foreground = color;
  w.align = align;
  w.bold = bold;
  add(std::move(w));
}

void Frame::qr(Rect rect, int modules, std::vector<std::uint8_t> dark) {
  if (modules <= 0 || dark.size() != static_cast<std::size_t>(modules) * modules) return;
  Widget w;
  w.kind = Widget::Kind::qr;
  w.rect = rect;
  w.background = {255, 255, 255, 255};
  w.modules = modules;
  w.dark = std::move(dark);
  add(std::move(w));
}

void Frame::pad(std::string id, Rect rect, std::vector<PenStroke> ink, int box) {
  Widget w;
  w.kind = Widget::Kind::pad;
  w.id = std::move(id);
  w.rect = rect;
  w.background = theme::kSecondary;
  w.border = theme::kMuted;
  w.ink = std::move(ink);
  w.box = box;
  add(std::move(w));
}

void Frame::button(std::string id, Rect rect, std::string text, bool primary, bool enabled,
                   int font_px) {
  Widget w;
  w.kind = Widget::Kind::button;
  w.id = std::move(id);
  w.rect = rect;
  w.text = std::move(text);
  w.font_px = font_px > 0 ? font_px : body_px_;
  w.enabled = enabled;
  w.align = TextAlign::centre;
  w.bold = primary;
  w.background = !enabled ? theme::kDisabled : primary ? theme::kPrimary : theme::kSecondary;
  w.foreground = !enabled ? theme::kMuted : primary ? theme::kOnPrimary : theme::kText;
  w.border = primary ? theme::kPrimary : theme::kBorder;
  add(std::move(w));
}

void Frame::choice(std::string id, Rect rect, std::string text, bool selected, int font_px) {
  button(std::move(id), rect, std::move(text), false, true, font_px);
  widgets_.back().selected = selected;
  if (selected) {
    widgets_.back().background = theme::kSelected;
    widgets_.back().border = theme::kPrimary;
    widgets_.back().bold = true;
  }
}

const Widget* Frame::find(const std::string& id) const {
  for (const auto& w : widgets_) {
    if ((w.kind == Widget::Kind::button || w.kind == Widget::Kind::pad) && w.id == id) return &w;
  }
  return nullptr;
}

const Widget* Frame::hit(int x, int y) const {
  for (auto it = widgets_.rbegin(); it != widgets_.rend(); ++it) {
    if ((it->kind == Widget::Kind::button || it->kind == Widget::Kind::pad) && it->enabled &&
        it->rect.contains(x, y))
      return &*it;
    // A full-screen panel drawn later (an overlay) swallows taps meant for what is beneath it.
    if (it->kind == Widget::Kind::panel && it->rect.w == theme::kWidth &&
        it->rect.h == theme::kHeight) {
      return nullptr;
    }
  }
  return nullptr;
}

}  // namespace yiwang::ui

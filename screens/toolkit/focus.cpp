// Speech mode in the toolkit: the focus order of a frame, the focus ring and the blanked screen.
#include "toolkit/focus.h"

#include <algorithm>

#include "toolkit/screen.h"

namespace yiwang::ui {

std::vector<const Widget*> focus_order(const Frame& frame) {
  std::vector<const Widget*> order;
  for (const Widget& w : frame.widgets()) {
    if ((w.kind == Widget::Kind::button || w.kind == Widget::Kind::pad) && w.enabled &&
        !w.id.empty())
      order.push_back(&w);
  }
  // Reading order: by the top edge, then left to right (widgets of one row share their top).
  std::stable_sort(order.begin(), order.end(), [](const Widget* a, const Widget* b) {
    if (a->rect.y != b->rect.y) return a->rect.y < b->rect.y;
    return a->rect.x < b->rect.x;
  });
  return order;
}

int next_focus(const std::vector<const Widget*>& order, const std::string& id, int index,
               int direction) {
  const int n = static_cast<int>(order.size());
  if (n == 0) return -1;
  int at = -1;
  if (index >= 0 && index < n && order[static_cast<std::size_t>(index)]->id == id) {
    at = index;
  } else {
    for (int i = 0; i < n && at < 0; ++i) {
      if (!id.empty() && order[static_cast<std::size_t>(i)]->id == id) at = i;
    }
  }
  if (at < 0) return direction > 0 ? 0 : n - 1;
  return ((at + direction) % n + n) % n;
}

void build_current(const ViewModel& model, const Translator& translator, Frame& frame) {
  frame.clear();
  frame.set_body_px(model.elder_mode ? theme::kElderBodyPx : theme::kBodyPx);
  frame.set_least_px(model.elder_mode ? theme::kElderSmallPx : theme::kLeastPx);
  if (const auto overlay = make_overlay(overlay_of(model))) {
    overlay->build(model, translator, frame);
  } else {
    make_screen(model.screen)->build(model, translator, frame);
  }
  if (model.elder_mode) elder_palette(frame);
}

void speech_decorations(const ViewModel& model, const Translator& translator, Frame& frame) {
  if (!model.speech.on) return;
  if (model.speech.blanked) {
    // Nothing of the screen stays drawn, nor hit-tested: one black panel and why.
    frame.clear();
    frame.panel({0, 0, theme::kWidth, theme::kHeight}, {0, 0, 0});
    frame.label({theme::kMargin, theme::kHeight / 2 - 40, theme::kWidth - 2 * theme::kMargin, 80},
                translator.text("speech.blanked", model.language),
                model.elder_mode ? theme::kElderBodyPx : theme::kBodyPx, {200, 200, 200},
                TextAlign::centre);
    return;
  }
  if (model.speech.focus.empty()) return;
  // By its place in the order (two widgets may share an id), else the first with its id.
  const auto order = focus_order(frame);
  const int index = model.speech.focus_index;
  const Widget* focused = nullptr;
  if (index >= 0 && index < static_cast<int>(order.size()) &&
      order[static_cast<std::size_t>(index)]->id == model.speech.focus)
    focused = order[static_cast<std::size_t>(index)];
  for (const Widget* w : order) {
    if (!focused && w->id == model.speech.focus) focused = w;
  }
  if (!focused) return;
  // Around the widget, inside the screen: amber outside, a black line inside it.
  const int ring = theme::kFocusRingPx;
  const int x0 = std::max(0, focused->rect.x - ring);
  const int y0 = std::max(0, focused->rect.y - ring);
  const int x1 = std::min(theme::kWidth, focused->rect.x + focused->rect.w + ring);
  const int y1 = std::min(theme::kHeight, focused->rect.y + focused->rect.h + ring);
  const auto frame_of = [&frame](int ax, int ay, int bx, int by, int t, Color c) {
    frame.panel({ax, ay, bx - ax, t}, c);
    frame.panel({ax, by - t, bx - ax, t}, c);
    frame.panel({ax, ay, t, by - ay}, c);
    frame.panel({bx - t, ay, t, by - ay}, c);
  };
  frame_of(x0, y0, x1, y1, ring, theme::kFocusRing);
  frame_of(x0 + ring, y0 + ring, x1 - ring, y1 - ring, 2, theme::kFocusInner);
}

}  // namespace yiwang::ui

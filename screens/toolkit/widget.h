// A laid-out widget: screens produce a flat list of these; the toolkit draws and hit-tests them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "toolkit/input_method.h"
#include "toolkit/theme.h"

namespace yiwang::ui {

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  bool contains(int px, int py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

enum class TextAlign { left, centre, right };

struct Widget {
  // pad: a writing pad; a finger drawing on it sends "<id>:<stroke>" when lifted, not a tap.
  enum class Kind { panel, label, button, qr, pad };
  Kind kind = Kind::label;
  std::string id;  // for buttons: the intent a tap sends, also what scripts tap
  Rect rect;
  std::string text;
  int font_px = theme::kBodyPx;
  bool bold = false;
  Color foreground = theme::kText;
  Color background = theme::kSecondary;
  Color border = theme::kBorder;
  TextAlign align = TextAlign::left;
  bool enabled = true;
  bool selected = false;  // a chosen option or level (Frame::choice)
  // qr: modules x modules squares, 1 = dark (drawn on white, scaled to the rect).
  int modules = 0;
  std::vector<std::uint8_t> dark;
  // pad: the strokes drawn so far, relative to the rect's top-left, in a box x box square when
  // box > 0 (a pad drawn larger than its strokes' coordinates), else in the rect's pixels.
  std::vector<PenStroke> ink;
  int box = 0;
  // label: >= 0 shows text that does not fit a page (as many lines as the label holds) at a
  // time, the page being read at page_ms into the text (Canvas::fit: the caption in step with
  // the voice); -1 (every other label) never pages.
  long long page_ms = -1;
  // > 0: the widget is in the frame's flow of that number (Frame::begin_flow): a label of the
  // flow that grows pushes the labels and panels of the flow beneath it down.
  int flow = 0;
};

// Collects the widgets of one frame, with helpers that keep screens short.
class Frame {
 public:
  void panel(Rect rect, Color background, Color border = {0, 0, 0, 0});
  // font_px 0: the frame's body size (set_body_px; larger in elder mode).
  void label(Rect rect, std::string text, int font_px = 0, Color color = theme::kText,
             TextAlign align = TextAlign::left, bool bold = false);
  void button(std::string id, Rect rect, std::string text, bool primary = false,
              bool enabled = true, int font_px = 0);
  // A QR code's modules drawn square in rect (the kiosk encoded them).
  void qr(Rect rect, int modules, std::vector<std::uint8_t> dark);
  // A writing pad: its id is the intent a finished stroke is sent with; ink is drawn on it.
  // box > 0: the strokes' coordinates are box x box whatever the rect's size (the elder pad).
  void pad(std::string id, Rect rect, std::vector<PenStroke> ink, int box = 0);
  // A button that shows a chosen state (an option, a level).
  void choice(std::string id, Rect rect, std::string text, bool selected, int font_px = 0);

  // The widget added last, to adjust its style after a helper built it.
  Widget& last() { return widgets_.back(); }
  const std::vector<Widget>& widgets() const { return widgets_; }
  std::vector<Widget>& edit() { return widgets_; }
  // Buttons and writing pads by id; the topmost enabled one under a point.
  const Widget* find(const std::string& id) const;
  const Widget* hit(int x, int y) const;
  void clear() {
    widgets_.clear();
    flow_bottoms_.clear();
    flow_ = 0;
  }
  void set_body_px(int px) { body_px_ = px; }
  // The least type size text may be shrunk to when it does not fit (Canvas::fit): the mode's
  // smallest size (elder mode's 40 px), never below.
  void set_least_px(int px) { least_px_ = px; }
  int least_px() const { return least_px_; }
  // The widgets added until end_flow() are a flow (a list of rows, top to bottom): when one of
  // its labels needs more lines (Canvas::fit), what of the flow is beneath it moves down, as long
  // as nothing passes bottom (the y the flow may reach) and no button would have to move.
  void begin_flow(int bottom) {
    flow_bottoms_.push_back(bottom);
    flow_ = static_cast<int>(flow_bottoms_.size());
  }
  void end_flow() { flow_ = 0; }
  int flow_bottom(int flow) const {
    return flow > 0 && flow <= static_cast<int>(flow_bottoms_.size()) ? flow_bottoms_[flow - 1] : 0;
  }

 private:
  void add(Widget w) {
    w.flow = flow_;
    widgets_.push_back(std::move(w));
  }
  std::vector<Widget> widgets_;
  std::vector<int> flow_bottoms_;
  int flow_ = 0;
  int body_px_ = theme::kBodyPx;
  int least_px_ = theme::kLeastPx;
};

}  // namespace yiwang::ui

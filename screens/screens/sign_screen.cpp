// Sign screen: the commitment to read, the tick that accepts it and the pad a finger signs on
// (clear and sign again); "done" once ticked with enough ink; in speech mode also "sign by key"
// (the commitment said in full on it, Enter signs). Also the small signature of review.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void SignScreen::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "sign.title");
  const SignatureView& signature = model.signature;
  const int bh = ui.sz.h(96);
  const int bottom_y = ui.sz.bottom - bh;
  const int gap = std::max(24, ui.sz.gap);

  // Left: the commitment and its tick, above the back and done buttons.
  constexpr int kLeftW = 820;
  const int tick_h = ui.sz.h(84);
  const int tick_y = bottom_y - gap - tick_h;
  const int text_h = std::max(ui.sz.body + 20, tick_y - gap - top);
  frame.panel({kMargin, top, kLeftW, text_h}, kSecondary, kBorder);
  frame.label({kMargin + 16, top + 10, kLeftW - 32, ui.sz.body + 10}, ui.t("review.commitment"),
              ui.sz.body, kText, TextAlign::left, true);
  const int text_top = top + ui.sz.body + 30;
  frame.label({kMargin + 16, text_top, kLeftW - 32, std::max(0, top + text_h - text_top - 10)},
              ui.b(model.item.commitment_text), ui.sz.small, kText);
  frame.choice("commit.toggle", {kMargin, tick_y, kLeftW, tick_h},
               (model.commitment_accepted ? "√ " : "□ ") + ui.t("review.accept"),
               model.commitment_accepted, ui.sz.small);

  // Right: the pad, full size in both modes (a signature needs the room), and clear.
  const int right = kMargin + kLeftW + 60;
  // Elder mode: two lines' room for the hint in large type (a longer language needs them).
  const int hint_h = model.elder_mode ? 2 * ui.sz.small + 10 : ui.sz.small + 14;
  frame.label({right, top, SignatureView::kPadWidth, hint_h}, ui.t("sign.hint"), ui.sz.small,
              kMuted);
  const int pad_y = top + hint_h + 10;
  frame.pad("sign.stroke", {right, pad_y, SignatureView::kPadWidth, SignatureView::kPadHeight},
            signature.ink);
  const int clear_y = pad_y + SignatureView::kPadHeight + gap;
  frame.button("sign.clear", {right, clear_y, 420, ui.sz.h(84)}, ui.t("sign.clear"), false,
               !signature.ink.empty(), ui.sz.small);
  if (model.speech.on) {
    // A resident who cannot see the pad: focused, it says the whole commitment; Enter signs.
    frame.button("sign.keyed",
                 {right, clear_y + ui.sz.h(84) + gap, SignatureView::kPadWidth, ui.sz.h(84)},
                 ui.t("sign.keyed"), !signature.done, true, ui.sz.small);
  }

  frame.button("back", {kMargin, bottom_y, 300, bh}, ui.t("common.back"));
  frame.button("sign.done", {kMargin + 300 + 40, bottom_y, 480, bh}, ui.t("sign.done"), true,
               model.commitment_accepted && signature.enough_ink);
}

}  // namespace yiwang::ui

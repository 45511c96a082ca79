// The idle warning: a modal countdown, spoken and captioned; when it ends the session is wiped by
// the application.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void IdleWarning::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  frame.panel({0, 0, kWidth, kHeight}, kOverlay);
  frame.panel({(kWidth - 1000) / 2, 280, 1000, 540}, kSecondary, kBorder);
  frame.label({(kWidth - 900) / 2, 310, 900, 80}, ui.t("idle.question"), ui.sz.title, kText,
              TextAlign::centre, true);
  frame.label({(kWidth - 900) / 2, 395, 900, 130}, ui.t("idle.countdown"), ui.sz.heading, kPrimary,
              TextAlign::centre);
  // The number in a label of its own: each second only it changes, so only its small rectangle
  // is painted again (the sentence above stays as it was drawn).
  frame.label({(kWidth - 500) / 2, 525, 500, 90},
              std::to_string(model.idle_seconds_left) + " " + ui.t("idle.seconds"), ui.sz.title,
              kPrimary, TextAlign::centre, true);
  frame.button("idle.continue", {(kWidth - 600) / 2, 640, 600, 120}, ui.t("idle.continue"), true,
               true, ui.sz.heading);
  // What the voice says over the warning, as a caption where the footer's was.
  const int caption_px = ui.model.elder_mode ? kElderSmallPx : kSmallPx;
  const int strip_h = ui.sz.footer + 40;
  frame.panel({0, kHeight - strip_h, kWidth, strip_h}, kSecondary);
  frame.label({kMargin, kHeight - strip_h + 10, kWidth - 2 * kMargin, strip_h - 20}, model.caption,
              caption_px, kText, TextAlign::centre);
  frame.last().id = "caption";
}

}  // namespace yiwang::ui

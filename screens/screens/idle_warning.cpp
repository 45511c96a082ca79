// The idle warning: a modal countdown, spoken and captioned; when it ends the session is wiped by
// the application.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void IdleWarning::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  frame.panel({0, 0, kWidth, kHeight}, kOverlay);
  frame.panel({(kWidth - 1000) / 2, 300, 1000, 480}, kSecondary, kBorder);
  frame.label({(kWidth - 900) / 2, 350, 900, 70}, ui.t("idle.question"), ui.sz.title, kText,
              TextAlign::centre, true);
  frame.label({(kWidth - 900) / 2, 440, 900, 140},
              ui.t("idle.countdown_before") + std::to_string(model.idle_seconds_left) +
                  ui.t("idle.countdown_after"),
              ui.sz.heading, kPrimary, TextAlign::centre);
  frame.button("idle.continue", {(kWidth - 600) / 2, 600, 600, 120}, ui.t("idle.continue"), true,
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

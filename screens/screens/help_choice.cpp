// The reasons for help (帮办) to choose from: four large buttons and cancel, modal, captioned,
// with the voice bar's quieter, louder and repeat.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void HelpChoice::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const bool elder = model.elder_mode;
  // The voice bar's strip (what the voice says, quieter, louder, repeat) where the footer was.
  const int strip_h = ui.sz.footer + 40;
  const int strip_y = kHeight - strip_h;
  constexpr int kPanelW = 1500;
  constexpr int kPanelX = (kWidth - kPanelW) / 2;
  constexpr int kPanelY = 40;
  const int panel_h = strip_y - 2 * kPanelY;
  frame.panel({0, 0, kWidth, kHeight}, kOverlay);
  frame.panel({kPanelX, kPanelY, kPanelW, panel_h}, kSecondary, kBorder);
  const int inner_x = kPanelX + 50;
  const int inner_w = kPanelW - 100;
  int y = kPanelY + 30;
  const int title_h = elder ? 90 : 80;
  frame.label({inner_x, y, inner_w, title_h}, ui.t("help.choose.title"), ui.sz.title, kText,
              TextAlign::centre, true);
  y += title_h + 10;
  const int note_h = elder ? 2 * (ui.sz.body + 12) : ui.sz.body + 16;
  frame.label({inner_x, y, inner_w, note_h}, ui.t("help.choose.note"), ui.sz.body, kMuted,
              TextAlign::centre);
  y += note_h + 30;
  // Two by two, the reasons of the contract (POST /v1/help-requests), each a wide, tall target.
  static constexpr const char* kReasons[4] = {"cannot_read", "cannot_type", "need_explanation",
                                              "other"};
  const int gap = elder ? 40 : 30;
  const int button_w = (inner_w - gap) / 2;
  const int button_h = elder ? 170 : 150;
  for (int i = 0; i < 4; ++i) {
    const std::string reason = kReasons[i];
    const Rect rect{inner_x + (i % 2) * (button_w + gap), y + (i / 2) * (button_h + gap), button_w,
                    button_h};
    frame.button("help.reason:" + reason, rect, ui.t("help.reason." + reason), true, true,
                 ui.sz.heading);
  }
  y += 2 * button_h + gap + 40;
  const int cancel_w = 520;
  const int cancel_h = ui.sz.h(110);
  frame.button("help.cancel", {(kWidth - cancel_w) / 2, y, cancel_w, cancel_h}, ui.t("help.cancel"),
               false, true, ui.sz.heading);
  // The voice bar every screen has (quieter, louder, repeat; not help: this is it), the caption
  // beside it: the voice goes on while the resident chooses, and may be too loud or too quiet.
  frame.panel({0, strip_y, kWidth, strip_h}, kSecondary);
  voice_bar(ui, strip_y + (strip_h - ui.sz.footer) / 2, false);
}

}  // namespace yiwang::ui

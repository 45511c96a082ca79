// Attract screen: what a passer-by sees; one large button starts a session (finding a service and
// reading its guide need no identity: it is asked on apply), a smaller one tracks an application.
// Out of service: what residents see while the platform has switched the terminal off (no button at
// all).
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void AttractScreen::build(const ViewModel& model, const Translator& translator,
                          Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  chrome(ui, "attract.title", false);
  // An answer to 帮办 takes the headline's place (its banner is under the header).
  if (model.help.stage.empty()) {
    // Elder mode: from higher up, room for two lines of its large type (a longer language).
    const Rect headline = model.elder_mode ? Rect{kMargin, 195, kWidth - 2 * kMargin, 175}
                                           : Rect{kMargin, 260, kWidth - 2 * kMargin, 90};
    frame.label(headline, ui.t("attract.headline"), ui.sz.title + 16, kText, TextAlign::centre,
                true);
    frame.label({kMargin, 380, kWidth - 2 * kMargin, 60}, ui.t("attract.subtitle"), ui.sz.heading,
                kMuted, TextAlign::centre);
  }
  // In elder mode the lower block moves up, above the taller voice bar.
  const int up = model.elder_mode ? 60 : 0;
  frame.button("start", {(kWidth - 700) / 2, 520 - up / 3, 700, 160}, ui.t("attract.start"), true,
               true, ui.sz.title);
  frame.label({kMargin, 740 - up, kWidth - 2 * kMargin, 60}, ui.t("attract.hint"), ui.sz.body,
              kMuted, TextAlign::centre);
  frame.button("progress", {(kWidth - 500) / 2, 830 - up, 500, ui.sz.h(100)},
               ui.t("progress.open"));
}

void OutOfServiceScreen::build(const ViewModel& model, const Translator& translator,
                               Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  chrome(ui, "out_of_service.title", false);
  if (model.help.stage.empty())
    frame.label({kMargin, 300, kWidth - 2 * kMargin, 90}, ui.t("out_of_service.headline"),
                ui.sz.title + 8, kError, TextAlign::centre, true);
  frame.label({kMargin, 440, kWidth - 2 * kMargin, 60}, ui.t("out_of_service.counter"),
              ui.sz.heading, kText, TextAlign::centre);
  frame.label({kMargin, 560, kWidth - 2 * kMargin, 70}, ui.t("out_of_service.hotline"), ui.sz.title,
              kPrimary, TextAlign::centre, true);
  frame.label({kMargin, 680, kWidth - 2 * kMargin, 60}, ui.t("out_of_service.nothing_lost"),
              ui.sz.body, kMuted, TextAlign::centre);
}

}  // namespace yiwang::ui

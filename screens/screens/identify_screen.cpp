// Identify screen: asks for the ID card on the reader, or the mobile e-ID code at the scanner;
// demo builds offer a simulated card.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void IdentifyScreen::build(const ViewModel& model, const Translator& translator,
                           Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "identify.title");
  frame.panel({(kWidth - 800) / 2, top + 60, 800, 420}, kSecondary, kBorder);
  frame.label({(kWidth - 760) / 2, top + 120, 760, 120}, ui.t("identify.place_card"), ui.sz.title,
              kText, TextAlign::centre, true);
  frame.label({(kWidth - 760) / 2, top + 280, 760, 160}, ui.t("identify.how"), ui.sz.body, kMuted,
              TextAlign::centre);
  frame.label({(kWidth - 1000) / 2, top + 500, 1000, 60}, ui.t("identify.eid_hint"), ui.sz.body,
              kText, TextAlign::centre);
  if (model.demo_controls) {
    frame.button(
        "sim.card",
        {(kWidth - 600) / 2, std::min(top + 590, ui.sz.bottom - ui.sz.h(100)), 600, ui.sz.h(100)},
        ui.t("identify.demo_card"));
  }
  frame.button("back", {kMargin, ui.sz.bottom - ui.sz.h(100), 300, ui.sz.h(100)},
               ui.t("common.back"));
}

}  // namespace yiwang::ui

// Evaluation (好差评): five levels; levels 1-2 ask for at least one reason.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void EvaluateScreen::build(const ViewModel& model, const Translator& translator,
                           Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "evaluate.title", false);
  frame.label({kMargin, top + 10, kWidth - 2 * kMargin, 60}, ui.t("evaluate.question"),
              ui.sz.heading, kText, TextAlign::centre, true);
  const int width = 320;
  const int gap = 24;
  const int left = (kWidth - 5 * width - 4 * gap) / 2;
  // Elder mode: a little tighter, so that the reasons stay clear of the buttons above the voice
  // bar.
  const bool elder = model.elder_mode;
  for (int level = 5; level >= 1; --level) {
    const int index = 5 - level;
    const std::string text = ui.t("evaluate.level" + std::to_string(level));
    // A level's words at the heading's size, or the body's when they may take three lines.
    const int px =
        estimated_lines(text, ui.sz.heading, width - 32) > 2 ? ui.sz.body : ui.sz.heading;
    frame.choice("eval:" + std::to_string(level),
                 {left + index * (width + gap), top + 100, width, elder ? 146 : 150}, text,
                 model.evaluation_level == level, px);
  }
  if (model.evaluation_level == 1 || model.evaluation_level == 2) {
    frame.label({kMargin, top + (elder ? 266 : 290), kWidth - 2 * kMargin, 50},
                ui.t("evaluate.why"), ui.sz.body, kText, TextAlign::centre);
    static constexpr const char* kReasons[] = {"long_wait", "hard_to_use", "unclear_guide",
                                               "device_fault", "staff_attitude"};
    int index = 0;
    for (const char* reason : kReasons) {
      bool chosen = false;
      for (const auto& r : model.evaluation_reasons) chosen |= r == reason;
      frame.choice(std::string("reason:") + reason,
                   {left + index * (width + gap), top + (elder ? 326 : 360), width, ui.sz.h(110)},
                   ui.t(std::string("reason.") + reason), chosen);
      ++index;
    }
  }
  const bool needs_reason = model.evaluation_level > 0 && model.evaluation_level <= 2;
  const bool ready =
      model.evaluation_level > 0 && (!needs_reason || !model.evaluation_reasons.empty());
  frame.button("eval.skip", {kMargin, ui.sz.bottom - ui.sz.h(100), 400, ui.sz.h(100)},
               ui.t("evaluate.skip"));
  frame.button("eval.submit",
               {kWidth - kMargin - 500, ui.sz.bottom - ui.sz.h(100), 500, ui.sz.h(100)},
               ui.t("evaluate.submit"), true, ready);
}

}  // namespace yiwang::ui

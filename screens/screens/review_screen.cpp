// Review screen: what will be submitted, materials to bring, delivery, and the credit commitment.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void ReviewScreen::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "review.title");
  frame.label({kMargin, top, 1100, 50}, ui.b(model.item.name), ui.sz.body, kText, TextAlign::left,
              true);
  int y = top + 60;
  const int line = std::max(46, ui.sz.small + 14);  // a line of the summary
  for (const auto& field : model.fields) {
    std::string value = field.display_value;
    if (field.type == "select") {
      for (const auto& option : field.options) {
        if (option.value == field.value) value = ui.b(option.label);
      }
    }
    frame.label({kMargin, y, 300, line - 2}, ui.b(field.label), ui.sz.small, kMuted);
    frame.label({kMargin + 300, y, 800, line - 2}, value, ui.sz.small);
    y += line;
  }
  if (!model.missing_materials.empty()) {
    y += 10;
    frame.label({kMargin, y, 1100, 44}, ui.t("review.bring"), ui.sz.small, kPrimary,
                TextAlign::left, true);
    y += line - 2;
    for (const auto& name : model.missing_materials) {
      frame.label({kMargin + 20, y, 1080, line - 6}, "· " + name, ui.sz.small);
      y += line - 6;
    }
  }

  const bool elder = model.elder_mode;
  const int right = kMargin + 1160;
  int ry = top;
  if (elder) {
    // Elder mode: the delivery choices side by side under the summary; the right column is the
    // commitment's.
    frame.label({kMargin, y, 1100, ui.sz.body + 4}, ui.t("review.delivery"), ui.sz.body, kMuted);
    y += ui.sz.body + 4;
    const int count = std::max(1, static_cast<int>(model.item.delivery.size()));
    const int w = (1100 - (count - 1) * ui.sz.gap) / count;
    int x = kMargin;
    for (const auto& method : model.item.delivery) {
      frame.choice("delivery:" + method, {x, y, w, ui.sz.target}, ui.t("delivery." + method),
                   model.delivery == method);
      x += w + ui.sz.gap;
    }
  } else {
    frame.label({right, ry, 640, 44}, ui.t("review.delivery"), ui.sz.body, kMuted);
    ry += 54;
    for (const auto& method : model.item.delivery) {
      frame.choice("delivery:" + method, {right, ry, 640, 84}, ui.t("delivery." + method),
                   model.delivery == method);
      ry += 96;
    }
  }
  if (model.item.has_commitment) {
    ry += 10;
    frame.panel({right, ry, 640, 300}, kSecondary, kBorder);
    frame.label({right + 16, ry + 10, 608, 44}, ui.t("review.commitment"), ui.sz.body, kText,
                TextAlign::left, true);
    frame.label({right + 16, ry + 60, 608, 230}, ui.b(model.item.commitment_text),
                model.elder_mode ? ui.sz.small : ui.sz.small - 2, kText);
    ry += 310;
    frame.choice("commit.toggle", {right, ry, 640, ui.sz.h(84)},
                 (model.commitment_accepted ? "√ " : "□ ") + ui.t("review.accept"),
                 model.commitment_accepted);
  }

  // Under the summary: the right column is the choices' down to the bottom.
  const int bh = ui.sz.h(96);
  frame.button("back", {kMargin, ui.sz.bottom - bh, 300, bh}, ui.t("common.back"));
  const bool ready =
      !model.delivery.empty() && (!model.item.has_commitment || model.commitment_accepted);
  frame.button("submit", {kMargin + 300 + 40, ui.sz.bottom - bh, 500, bh}, ui.t("review.submit"),
               true, ready);
}

}  // namespace yiwang::ui

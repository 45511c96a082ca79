// Catalog screen: categories on the left, the chosen category's items as large tiles.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void CatalogScreen::build(const ViewModel& model, const Translator& translator,
                          Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "catalog.title");
  int y = top;
  for (const auto& category : model.categories) {
    frame.choice("category:" + category.code, {kMargin, y, 460, 110}, ui.b(category.name),
                 category.code == model.category, kBodyPx);
    y += 126;
  }
  frame.button("progress", {kMargin, y + 6, 460, 80}, ui.t("progress.open"));
  if (model.categories.empty()) {
    frame.label({kMargin, top, 1200, 60}, ui.t("catalog.empty"), kBodyPx, kError);
  }
  const int left = kMargin + 500;
  const int tile_w = (kWidth - left - kMargin - 30) / 2;
  int index = 0;
  for (const auto& item : model.items) {
    const int column = index % 2;
    const int row = index / 2;
    const Rect rect{left + column * (tile_w + 30), top + row * 190, tile_w, 170};
    std::string text = ui.b(item.name);
    if (item.mode == "guide_only") text += "\n" + ui.t("catalog.guide_only");
    frame.button("item:" + item.code, rect, text, false, true, kBodyPx);
    ++index;
  }
}

}  // namespace yiwang::ui

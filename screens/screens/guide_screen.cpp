// Guide screen: the item's conditions, materials (shared ones marked), time limits, fee, delivery.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

void GuideScreen::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const ItemView& item = model.item;
  const int top = chrome(ui, "guide.title");
  frame.label({kMargin, top, kWidth - 2 * kMargin, 60}, ui.b(item.name), ui.sz.heading, kText,
              TextAlign::left, true);
  frame.label({kMargin, top + 60, kWidth - 2 * kMargin, 40}, ui.b(item.department), ui.sz.small,
              kMuted);

  const int column_w = (kWidth - 2 * kMargin - 40) / 2;
  int y = top + 120;
  frame.label({kMargin, y, column_w, 44}, ui.t("guide.conditions"), ui.sz.body, kPrimary,
              TextAlign::left, true);
  y += 50;
  for (const auto& condition : item.conditions) {
    frame.label({kMargin, y, column_w, 90}, "· " + ui.b(condition), ui.sz.small);
    y += 80;
  }
  y += 10;
  frame.label({kMargin, y, column_w, 44}, ui.t("guide.materials"), ui.sz.body, kPrimary,
              TextAlign::left, true);
  y += 50;
  for (const auto& material : item.materials) {
    std::string text = "· " + ui.b(material.name);
    if (material.shared) {
      text += " — " + ui.t("guide.shared");
    } else if (material.copies > 0) {
      text += " — " + ui.t("guide.bring") + " " + std::to_string(material.copies);
    }
    frame.label({kMargin, y, column_w, 80}, text, ui.sz.small, material.shared ? kOk : kText);
    y += 76;
  }

  const int right = kMargin + column_w + 40;
  int ry = top + 120;
  auto fact = [&](std::string_view key, const std::string& value) {
    frame.label({right, ry, 360, 44}, ui.t(key), ui.sz.body, kMuted);
    frame.label({right + 360, ry, column_w - 360, 90}, value, ui.sz.body, kText);
    ry += 70;
  };
  fact("guide.legal_limit", working_days(ui, item.legal_limit_days));
  fact("guide.promised_limit", working_days(ui, item.promised_limit_days));
  fact("guide.fee", money(ui, item.fee_fen));
  if (item.fee_fen > 0) {
    frame.label({right, ry, column_w, 80}, ui.b(item.fee_basis), ui.sz.small, kMuted);
    ry += 70;
  }
  std::string delivery;
  for (const auto& method : item.delivery)
    delivery += (delivery.empty() ? "" : "、") + ui.t("delivery." + method);
  fact("guide.delivery", delivery);

  const int bh = ui.sz.h(100);
  frame.button("back", {kMargin, ui.sz.bottom - bh, 300, bh}, ui.t("common.back"));
  if (item.mode == "apply") {
    frame.button("apply", {kWidth - kMargin - 500, ui.sz.bottom - bh, 500, bh}, ui.t("guide.apply"),
                 true);
  } else if (item.mode == "print_certificate") {
    frame.button("certificates", {kWidth - kMargin - 700, ui.sz.bottom - bh, 700, bh},
                 ui.t("guide.certificates"), true);
  } else {
    // Guide only: where to go (counter, address, hours), and no apply button.
    const std::string& where = ui.b(item.where);
    frame.label({right, ui.sz.bottom - 250, column_w, 230},
                ui.t("guide.go_to_hall") + (where.empty() ? "" : "\n" + where), ui.sz.body,
                kPrimary, TextAlign::left, true);
  }
}

}  // namespace yiwang::ui

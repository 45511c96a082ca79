// Review screen: what will be submitted, materials to bring, delivery, and the credit commitment
// (its state and the signature, small; signed on the sign screen).
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
  // The summary is a flow: a row of more lines (a longer language) pushes the rows beneath down,
  // into the room left above what is beneath it (the delivery, back and submit).
  const int bh = ui.sz.h(96);
  const bool express_edit = !model.elder_mode && model.delivery == "express";
  const int choices_end = ui.sz.bottom - bh - ui.sz.gap;
  frame.begin_flow(model.elder_mode ? choices_end - ui.sz.target - 4
                   : express_edit   ? ui.sz.bottom - bh - 20 - 72 - 10
                                    : ui.sz.bottom - bh - 10);
  for (const auto& field : model.fields) {
    if (field.type == "materials") continue;  // listed one by one below
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
  if (!model.item.materials.empty() && model.elder_mode) {
    // Elder mode: the materials in one line, so that the delivery fits beneath in large type.
    int shared = 0, on_site = 0, later = 0;
    for (const auto& material : model.item.materials) {
      auto chosen = model.material_choices.find(material.code);
      if (material.shared)
        ++shared;
      else if (chosen != model.material_choices.end())
        ++(chosen->second == "on_site" ? on_site : later);
    }
    std::string text;
    for (const auto& [count, key] :
         {std::pair{shared, "materials.n_shared"}, std::pair{on_site, "materials.n_on_site"},
          std::pair{later, "materials.n_later"}}) {
      if (count == 0) continue;
      text += (text.empty()                     ? ""
               : model.language != Language::zh ? ", "
                                                : "，") +
              std::to_string(count) + ui.t(key);
    }
    frame.label({kMargin, y, 300, line - 2}, ui.t("review.materials"), ui.sz.small, kMuted);
    frame.label({kMargin + 300, y, 800, line - 2}, text, ui.sz.small);
    y += line;
  } else if (!model.item.materials.empty()) {
    // Every material and how it reaches the counter: fetched by the platform, brought to the
    // counter, or handed in later (what the application's "materials" says).
    y += 10;
    frame.label({kMargin, y, 1100, 44}, ui.t("review.materials"), ui.sz.small, kPrimary,
                TextAlign::left, true);
    y += line - 2;
    for (const auto& material : model.item.materials) {
      auto chosen = model.material_choices.find(material.code);
      const std::string how = material.shared ? "materials.shared"
                              : chosen != model.material_choices.end()
                                  ? "materials." + chosen->second
                                  : "materials.not_needed";
      frame.label({kMargin + 20, y, 600, line - 6}, "· " + ui.b(material.name), ui.sz.small);
      frame.label({kMargin + 640, y, 460, line - 6}, ui.t(how), ui.sz.small,
                  material.shared ? kOk : kText);
      y += line - 6;
    }
  }

  const bool elder = model.elder_mode;
  const int right = kMargin + 1160;
  int ry = top;
  if (elder) {
    // Elder mode: the delivery choices side by side under the summary; the right column is the
    // commitment's.
    // The heading only where it fits: the choices (窗口领取, 邮寄送达, ...) name themselves, and
    // they keep the elder spacing from back and submit beneath.
    // The choices at the bottom of their room, the heading (in the summary's flow) under it.
    if (y + ui.sz.body + 4 + ui.sz.target <= choices_end)
      frame.label({kMargin, y, 1100, ui.sz.body + 4}, ui.t("review.delivery"), ui.sz.body, kMuted);
    frame.end_flow();
    y = choices_end - ui.sz.target;
    const int count = std::max(1, static_cast<int>(model.item.delivery.size()));
    const int w = (1100 - (count - 1) * ui.sz.gap) / count;
    int x = kMargin;
    for (const auto& method : model.item.delivery) {
      frame.choice("delivery:" + method, {x, y, w, ui.sz.target}, ui.t("delivery." + method),
                   model.delivery == method);
      x += w + ui.sz.gap;
    }
    if (model.delivery == "express") {
      // In the right column, under the commitment: the summary's column is full.
      const int edit_y =
          model.item.has_commitment ? ry + 10 + 320 + 2 * ui.sz.gap + ui.sz.h(84) : ry;
      frame.button("delivery.edit", {right, edit_y, 640, ui.sz.target},
                   ui.t("review.edit_delivery"));
    }
  } else {
    frame.end_flow();
    frame.label({right, ry, 640, 44}, ui.t("review.delivery"), ui.sz.body, kMuted);
    ry += 54;
    for (const auto& method : model.item.delivery) {
      frame.choice("delivery:" + method, {right, ry, 640, 84}, ui.t("delivery." + method),
                   model.delivery == method);
      ry += 96;
    }
    if (model.delivery == "express") {
      // Under the summary (above back and submit, below the room the summary may grow into).
      frame.button("delivery.edit", {kMargin, ui.sz.bottom - bh - 20 - 72, 640, 72},
                   ui.t("review.edit_delivery"));
    }
  }
  if (model.item.has_commitment) {
    // The commitment is read, ticked and signed on its own screen; here its state and the
    // signature, small.
    ry += 10;
    const bool signed_up = model.commitment_accepted && model.signature.done;
    const int panel_h = elder ? 320 : 240;
    frame.panel({right, ry, 640, panel_h}, kSecondary, kBorder);
    frame.label({right + 16, ry + 10, 608, ui.sz.body + 10}, ui.t("review.commitment"), ui.sz.body,
                kText, TextAlign::left, true);
    frame.label({right + 16, ry + ui.sz.body + 26, 608, ui.sz.small + 10},
                ui.t(!signed_up              ? "review.not_signed"
                     : model.signature.keyed ? "review.signed_keyed"
                                             : "review.signed"),
                ui.sz.small, signed_up ? kOk : kMuted);
    if (signed_up && !model.signature.keyed) {
      // The pad scaled to a third: what the PNG sent shows.
      std::vector<PenStroke> small = model.signature.ink;
      for (auto& stroke : small) {
        for (auto& point : stroke) point = {point.x / 3, point.y / 3};
      }
      frame.pad("",
                {right + 16, ry + panel_h - 116, SignatureView::kPadWidth / 3,
                 SignatureView::kPadHeight / 3},
                std::move(small));
      frame.last().enabled = false;  // shown, not signed on
    }
    ry += panel_h + std::max(14, ui.sz.gap);
    frame.button("commit.open", {right, ry, 640, ui.sz.h(84)},
                 ui.t(signed_up ? "sign.again" : "commit.open"), !signed_up, true,
                 elder ? ui.sz.small : ui.sz.body);
  }

  // Under the summary: the right column is the choices' down to the bottom.
  frame.button("back", {kMargin, ui.sz.bottom - bh, 300, bh}, ui.t("common.back"));
  const bool ready =
      !model.delivery.empty() &&
      (!model.item.has_commitment || (model.commitment_accepted && model.signature.done));
  frame.button("submit", {kMargin + 300 + 40, ui.sz.bottom - bh, 500, bh}, ui.t("review.submit"),
               true, ready);
}

}  // namespace yiwang::ui

// Review screen: what will be submitted, materials to bring, delivery, and the credit commitment
// (its state and the signature, small; signed on the sign screen).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

// Elder mode's commitment at (x, y) in the right column, 640 wide: its state in a panel (a longer
// language's state on two lines), then the signature, small, beside "sign again" (or "read and
// sign" alone). Returns the y beneath, a gap below the button.
int elder_commitment(const Ui& ui, int x, int y) {
  using namespace theme;
  const ViewModel& model = ui.model;
  const bool signed_up = model.commitment_accepted && model.signature.done;
  const std::string state = ui.t(!signed_up              ? "review.not_signed"
                                 : model.signature.keyed ? "review.signed_keyed"
                                                         : "review.signed");
  const int state_line = ui.sz.small + 10;
  const int state_h = (estimated_lines(state, ui.sz.small, 608) > 1 ? 2 : 1) * state_line;
  const int title_h = ui.sz.body + 10;
  const int panel_h = 10 + title_h + 4 + state_h + 10;
  y += 10;
  ui.frame.panel({x, y, 640, panel_h}, kSecondary, kBorder);
  ui.frame.label({x + 16, y + 10, 608, title_h}, ui.t("review.commitment"), ui.sz.body, kText,
                 TextAlign::left, true);
  ui.frame.label({x + 16, y + 10 + title_h + 4, 608, state_h}, state, ui.sz.small,
                 signed_up ? kOk : kMuted);
  y += panel_h + ui.sz.gap;
  int button_x = x;
  if (signed_up && !model.signature.keyed) {
    // The pad scaled to a third: what the PNG sent shows.
    std::vector<PenStroke> small = model.signature.ink;
    for (auto& stroke : small) {
      for (auto& point : stroke) point = {point.x / 3, point.y / 3};
    }
    constexpr int kThumbW = SignatureView::kPadWidth / 3;
    constexpr int kThumbH = SignatureView::kPadHeight / 3;
    ui.frame.pad("", {x, y + (ui.sz.target - kThumbH) / 2, kThumbW, kThumbH}, std::move(small));
    ui.frame.last().enabled = false;  // shown, not signed on
    button_x = x + kThumbW + ui.sz.gap;
  }
  ui.frame.button("commit.open", {button_x, y, x + 640 - button_x, ui.sz.target},
                  ui.t(signed_up ? "sign.again" : "commit.open"), !signed_up, true, ui.sz.small);
  return y + ui.sz.target + ui.sz.gap;
}

}  // namespace

void ReviewScreen::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "review.title");
  frame.label({kMargin, top, 1100, 50}, ui.b(model.item.name), ui.sz.body, kText, TextAlign::left,
              true);
  int y = top + 60;
  const int line = std::max(46, ui.sz.small + 14);  // a line of the summary
  // The summary's rows: label and value.
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& field : model.fields) {
    if (field.type == "materials") continue;  // listed one by one below
    std::string value = field.display_value;
    if (field.type == "select") {
      for (const auto& option : field.options) {
        if (option.value == field.value) value = ui.b(option.label);
      }
    }
    rows.emplace_back(ui.b(field.label), value);
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
    rows.emplace_back(ui.t("review.materials"), text);
  }
  // Elder mode's labels a little wider ("Recipient's phone" in one line at 40 px), the values
  // reaching into the gap before the right column.
  const int label_w = model.elder_mode ? 330 : 300;
  // Elder mode: the delivery choices are the summary column's bottom row (back and submit are
  // the right column's), so the summary has the column's height down to them; their heading just
  // above them where the rows, grown (estimated generously: the canvas has not measured yet),
  // leave it the room. The choices (窗口领取, 邮寄送达, ...) name themselves.
  const int bh = ui.sz.h(96);
  const int choices_y = ui.sz.bottom - ui.sz.target;
  const int heading_h = ui.sz.body + 4;
  const int heading_y = choices_y - 12 - heading_h;
  int grown_y = y;
  for (const auto& [label, value] : rows) {
    const int lines = std::max(estimated_lines(label, ui.sz.small, label_w),
                               estimated_lines(value, ui.sz.small, 800));
    grown_y += line + (std::max(1, lines) - 1) * (ui.sz.small + 8);
  }
  const bool delivery_heading = model.elder_mode && grown_y + ui.sz.gap <= heading_y;
  // The summary is a flow: a row of more lines (a longer language) pushes the rows beneath down,
  // into the room left above what is beneath it (the delivery, back and submit).
  const bool express_edit = !model.elder_mode && model.delivery == "express";
  frame.begin_flow(model.elder_mode ? (delivery_heading ? heading_y : choices_y) - ui.sz.gap
                   : express_edit   ? ui.sz.bottom - bh - 20 - 72 - 10
                                    : ui.sz.bottom - bh - 10);
  for (const auto& [label, value] : rows) {
    frame.label({kMargin, y, label_w, line - 2}, label, ui.sz.small, kMuted);
    frame.label({kMargin + label_w, y, 800, line - 2}, value, ui.sz.small);
    y += line;
  }
  if (!model.elder_mode && !model.item.materials.empty()) {
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
    frame.end_flow();
    if (delivery_heading)
      frame.label({kMargin, heading_y, 1100, heading_h}, ui.t("review.delivery"), ui.sz.body,
                  kMuted);
    y = choices_y;
    const int count = std::max(1, static_cast<int>(model.item.delivery.size()));
    const int w = (1100 - (count - 1) * ui.sz.gap) / count;
    int x = kMargin;
    for (const auto& method : model.item.delivery) {
      frame.choice("delivery:" + method, {x, y, w, ui.sz.target}, ui.t("delivery." + method),
                   model.delivery == method);
      x += w + ui.sz.gap;
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
  if (model.item.has_commitment && elder) {
    ry = elder_commitment(ui, right, ry);
  } else if (model.item.has_commitment) {
    // The commitment is read, ticked and signed on its own screen; here its state and the
    // signature, small.
    ry += 10;
    const bool signed_up = model.commitment_accepted && model.signature.done;
    const int panel_h = 240;
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
                 ui.t(signed_up ? "sign.again" : "commit.open"), !signed_up, true, ui.sz.body);
  }

  const bool ready =
      !model.delivery.empty() &&
      (!model.item.has_commitment || (model.commitment_accepted && model.signature.done));
  if (elder) {
    // Elder mode: under the commitment (and the address's change), the right column's bottom
    // row, level with the delivery choices: the summary's column keeps its height for the rows.
    if (model.delivery == "express")
      frame.button("delivery.edit", {right, ry, 640, ui.sz.target}, ui.t("review.edit_delivery"));
    const int back_w = 220;
    frame.button("back", {right, ui.sz.bottom - ui.sz.target, back_w, ui.sz.target},
                 ui.t("common.back"));
    frame.button("submit",
                 {right + back_w + ui.sz.gap, ui.sz.bottom - ui.sz.target, 640 - back_w - ui.sz.gap,
                  ui.sz.target},
                 ui.t("review.submit"), true, ready);
    return;
  }
  // Under the summary: the right column is the choices' down to the bottom.
  frame.button("back", {kMargin, ui.sz.bottom - bh, 300, bh}, ui.t("common.back"));
  frame.button("submit", {kMargin + 300 + 40, ui.sz.bottom - bh, 500, bh}, ui.t("review.submit"),
               true, ready);
}

}  // namespace yiwang::ui

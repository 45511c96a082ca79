// Form screen: fields filled from the card; for the focused field a digit keypad, its options or
// the text keyboard (pinyin, handwriting, letters, digits); every problem shown at once.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/keyboard.h"
#include "screens/screens.h"

namespace yiwang::ui {

void FormScreen::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  int top = chrome(ui, "form.title");
  const int content_top = top;  // the right column's (keypad, options) in elder mode
  frame.label({kMargin, top, 1100, 50}, ui.b(model.item.name), ui.sz.body, kText, TextAlign::left,
              true);
  top += 56;

  int problems = static_cast<int>(model.form_problems.size());
  for (const auto& field : model.fields) problems += field.error.zh.empty() ? 0 : 1;
  if (problems > 0) {
    frame.panel({kMargin, top, 1100, 54}, kErrorBackground);
    frame.label(
        {kMargin + 16, top + 8, 1080, 44},
        ui.t("form.problems_before") + std::to_string(problems) + ui.t("form.problems_after"),
        ui.sz.body, kError, TextAlign::left, true);
    top += 62;
    for (const auto& problem : model.form_problems) {
      frame.label({kMargin + 16, top, 1080, 40}, "· " + ui.b(problem), ui.sz.small, kError);
      top += 40;
    }
  }

  const FieldView* focused = nullptr;
  int y = top;
  const bool elder = model.elder_mode;
  const int row_h = elder ? ui.sz.target + ui.sz.gap : model.fields.size() > 5 ? 104 : 120;
  // Elder mode shows the fields a page at a time, the focused one's page, with buttons that
  // focus the field before or after it (the field: intent).
  const int count = static_cast<int>(model.fields.size());
  const int bottom_of_fields = ui.sz.bottom - ui.sz.h(96) - ui.sz.gap;
  int first = 0, shown = count;
  if (elder && top + count * row_h > bottom_of_fields) {
    shown = std::max(1, (bottom_of_fields - top) / row_h - 1);  // a row for the page buttons
    int focused_index = 0;
    for (int i = 0; i < count; ++i) {
      if (model.fields[static_cast<std::size_t>(i)].focused) focused_index = i;
    }
    first = focused_index / shown * shown;
  }
  for (int i = 0; i < count; ++i) {
    const FieldView& field = model.fields[static_cast<std::size_t>(i)];
    if (field.focused) focused = &field;
    if (i < first || i >= first + shown) continue;
    std::string text = ui.b(field.label) + (field.required ? " *" : "") + "\n";
    if (field.type == "select") {
      std::string chosen;
      for (const auto& option : field.options) {
        if (option.value == field.value) chosen = ui.b(option.label);
      }
      text += chosen.empty() ? ui.t("form.choose") : chosen;
    } else {
      text += field.display_value.empty() ? ui.t("form.tap_to_enter") : field.display_value;
    }
    frame.choice("field:" + field.key, {kMargin, y, 1100, row_h - (elder ? ui.sz.gap : 16)}, text,
                 field.focused, elder ? ui.sz.small : ui.sz.small + 2);
    Widget& w = frame.last();
    w.align = TextAlign::left;
    if (field.autofilled) w.background = {238, 244, 238};
    if (!field.error.zh.empty()) {
      w.border = kError;
      frame.label({kMargin + 700, y + 8, 380, 40}, ui.b(field.error), ui.sz.small, kError,
                  TextAlign::right);
    }
    y += row_h;
  }
  if (shown < count) {
    const int w = (1100 - ui.sz.gap) / 2;
    if (first > 0) {
      frame.button("field:" + model.fields[static_cast<std::size_t>(first - 1)].key,
                   {kMargin, y, w, ui.sz.target}, ui.t("form.fields_before"));
    }
    if (first + shown < count) {
      const int after = first + shown;
      frame.button("field:" + model.fields[static_cast<std::size_t>(after)].key,
                   {kMargin + w + ui.sz.gap, y, w, ui.sz.target}, ui.t("form.fields_after"));
    }
  }

  const int panel_x = kMargin + 1160;
  if (focused && (focused->type == "phone" || focused->type == "number")) {
    // Elder mode: the keypad from the top (the field's name is on the field itself).
    if (!elder) frame.label({panel_x, top, 600, 50}, ui.b(focused->label), ui.sz.body, kMuted);
    keypad(ui, panel_x, elder ? content_top : top + 60);
  } else if (focused && focused->type == "select") {
    if (!elder) frame.label({panel_x, top, 600, 50}, ui.b(focused->label), ui.sz.body, kMuted);
    int oy = elder ? content_top : top + 60;
    for (const auto& option : focused->options) {
      frame.choice("select:" + focused->key + ":" + option.value, {panel_x, oy, 600, ui.sz.h(96)},
                   ui.b(option.label), option.value == focused->value);
      oy += ui.sz.h(96) + std::max(14, ui.sz.gap);
    }
  } else if (focused && !model.keyboard.mode.empty()) {
    text_keyboard(ui, *focused, panel_x, top);
  } else if (focused) {
    frame.label({panel_x, top, 600, 200}, ui.t("form.from_card"), ui.sz.body, kMuted);
  }

  // Both under the fields: the right column is the keypad's down to the bottom.
  const int bh = ui.sz.h(96);
  frame.button("back", {kMargin, ui.sz.bottom - bh, 300, bh}, ui.t("common.back"));
  frame.button("form.next", {kMargin + 300 + 40, ui.sz.bottom - bh, 500, bh}, ui.t("form.next"),
               true);
}

}  // namespace yiwang::ui

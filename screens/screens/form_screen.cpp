// Form screen: fields filled from the card; for the focused field a digit keypad, its options,
// the date picker, the address's region cascade, the materials checklist or the text keyboard
// (pinyin, handwriting, letters, digits); every problem shown at once.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/keyboard.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

constexpr int kPanelWidth = 640;

// Year, month and day steppers (date:<step>), never typing; the bounds are said beneath.
void date_picker(const Ui& ui, int x, int y) {
  using namespace theme;
  const DatePickerView& date = ui.model.date;
  ui.frame.label({x, y, kPanelWidth, ui.sz.heading + 16}, date.shown, ui.sz.heading,
                 date.chosen ? kText : kMuted, TextAlign::centre, true);
  y += ui.sz.heading + 24;
  const int h = ui.sz.h(84);
  const int w = (kPanelWidth - 2 * std::max(16, ui.sz.gap)) / 3;
  const int step = w + std::max(16, ui.sz.gap);
  static constexpr const char* kUnits[3] = {"y", "m", "d"};
  for (int i = 0; i < 3; ++i) {
    const std::string unit = kUnits[i];
    const std::string word = ui.t(std::string("date.unit.") + unit);
    ui.frame.button("date:" + unit + "+", {x + i * step, y, w, h}, word + " +");
    ui.frame.button("date:" + unit + "-", {x + i * step, y + h + std::max(16, ui.sz.gap), w, h},
                    word + " -");
  }
  y += 2 * (h + std::max(16, ui.sz.gap));
  const int half = (kPanelWidth - std::max(16, ui.sz.gap)) / 2;
  ui.frame.button("date:y-10", {x, y, half, h}, ui.t("date.back10"));
  ui.frame.button("date:y+10", {x + half + std::max(16, ui.sz.gap), y, half, h},
                  ui.t("date.ahead10"));
  y += h + std::max(16, ui.sz.gap);
  if (!date.min.empty() || !date.max.empty()) {
    ui.frame.label({x, y, kPanelWidth, ui.sz.small + 12},
                   ui.t("date.range") + date.min + " ~ " + date.max, ui.sz.small, kMuted);
    y += ui.sz.small + 20;
  }
  if (!date.chosen) ui.frame.button("date:ok", {x, y, kPanelWidth, h}, ui.t("date.ok"), true);
}

// Province → city → district (region:<code>), a page at a time; returns the bottom.
int region_picker(const Ui& ui, int x, int y) {
  using namespace theme;
  const RegionPickerView& region = ui.model.region;
  std::string path;
  for (const auto& part : region.path) path += part.name;
  ui.frame.label({x, y, kPanelWidth, ui.sz.body + 12},
                 ui.t("region.choose") + (path.empty() ? ui.t("region.all") : path), ui.sz.body,
                 kMuted);
  y += ui.sz.body + 20;
  const int gap = std::max(8, ui.sz.gap);
  const int h = ui.sz.h(64);
  // Up a level on the left half, the pages on the right half.
  const int half = (kPanelWidth - gap) / 2;
  const int quarter = (half - gap) / 2;
  if (!region.up.empty())
    ui.frame.button("region:" + region.up, {x, y, half, h}, ui.t("region.up"));
  if (region.pages > 1) {
    ui.frame.button("region.page:-", {x + half + gap, y, quarter, h}, ui.t("region.previous"),
                    false, region.page > 0);
    ui.frame.button("region.page:+", {x + half + gap + quarter + gap, y, quarter, h},
                    ui.t("region.next"), false, region.page + 1 < region.pages);
  }
  y += h + gap;
  const int columns = ui.model.elder_mode ? 2 : 3;
  const int w = (kPanelWidth - (columns - 1) * gap) / columns;
  // Never more than a page of the mode's size (the flow pages by it).
  const std::size_t shown =
      std::min(region.choices.size(),
               static_cast<std::size_t>(ui.model.elder_mode ? RegionPickerView::kElderPerPage
                                                            : RegionPickerView::kPerPage));
  for (std::size_t i = 0; i < shown; ++i) {
    const RegionChoice& choice = region.choices[i];
    const int column = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
    const bool long_name = choice.name.size() > 18;  // over six characters
    ui.frame.choice("region:" + choice.code, {x + column * (w + gap), y + row * (h + gap), w, h},
                    (ui.model.elder_mode && choice.code == region.chosen ? "√ " : "") + choice.name,
                    choice.code == region.chosen,
                    long_name && !ui.model.elder_mode ? ui.sz.small - 4 : ui.sz.small);
  }
  const int rows = (static_cast<int>(shown) + columns - 1) / columns;
  return y + rows * (h + gap);
}

// The guide's materials: the platform's own are fetched (nothing to bring); for the others the
// resident says whether they bring it to the counter or hand it in later (material:<code>:...).
void materials_list(const Ui& ui, int x, int y) {
  using namespace theme;
  const int gap = std::max(16, ui.sz.gap);
  const int h = ui.sz.h(72);
  const int half = (kPanelWidth - gap) / 2;
  for (const auto& material : ui.model.item.materials) {
    std::string name = ui.b(material.name);
    if (material.copies > 1)
      name += " " + std::to_string(material.copies) + ui.t("materials.copies");
    ui.frame.label({x, y, kPanelWidth, ui.sz.small + 12}, name, ui.sz.small, kText, TextAlign::left,
                   true);
    y += ui.sz.small + 16;
    const bool elder = ui.model.elder_mode;
    if (material.shared) {
      // Elder mode: room for two lines of large type (a longer language needs them).
      const int note_h = elder ? 2 * (ui.sz.small + 8) : ui.sz.small + 12;
      ui.frame.label({x + 16, y, kPanelWidth - 16, note_h}, ui.t("materials.shared"), ui.sz.small,
                     kOk);
      y += note_h + 12;
      continue;
    }
    auto chosen = ui.model.material_choices.find(material.code);
    const std::string choice = chosen == ui.model.material_choices.end() ? "" : chosen->second;
    // Elder mode: one above the other, each the column's width (two lines of large type).
    const Rect on_site = elder ? Rect{x, y, kPanelWidth, h} : Rect{x, y, half, h};
    const Rect later =
        elder ? Rect{x, y + h + gap, kPanelWidth, h} : Rect{x + half + gap, y, half, h};
    ui.frame.choice("material:" + material.code + ":on_site", on_site,
                    (elder && choice == "on_site" ? "√ " : "") + ui.t("materials.on_site"),
                    choice == "on_site", ui.sz.small);
    ui.frame.choice("material:" + material.code + ":later", later,
                    (elder && choice == "later" ? "√ " : "") + ui.t("materials.later"),
                    choice == "later", ui.sz.small);
    y = later.y + h + gap;
  }
}

}  // namespace

void FormScreen::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const bool elder = model.elder_mode;
  const FieldView* typed = nullptr;
  for (const auto& field : model.fields) {
    if (field.focused && !model.keyboard.mode.empty()) typed = &field;
  }
  if (elder && typed) {
    // Elder mode with the text keyboard: it takes the whole width; the field is shown on its
    // first line, and the keyboard's modes share the row of back and next.
    const int top = chrome(ui, "form.title", true, false);
    elder_text_keyboard(ui, *typed, top);
    const int bh = ui.sz.h(96);
    const int y = ui.sz.bottom - bh;
    const int w = (kWidth - 2 * kMargin - 5 * ui.sz.gap) / 6;
    // Done typing: the keyboard closes and the fields (with back) show again.
    frame.button("ime.close", {kMargin, y, w, bh}, ui.t("ime.close"));
    elder_keyboard_modes(ui, kMargin + w + ui.sz.gap, y, 4 * w + 3 * ui.sz.gap);
    frame.button("form.next", {kWidth - kMargin - w, y, w, bh}, ui.t("form.next"), true);
    return;
  }
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
  int row_h = elder ? ui.sz.target + ui.sz.gap : model.fields.size() > 5 ? 104 : 120;
  // Too many fields for the column (materials, express delivery, problems above them): rows
  // get lower, down to 88 px; below that, as in elder mode, the fields show a page at a time,
  // the focused one's page, with buttons that focus the field before or after it (field:).
  const int count = static_cast<int>(model.fields.size());
  const int bottom_of_fields = ui.sz.bottom - ui.sz.h(96) - ui.sz.gap;
  if (!elder && count > 0 && top + count * row_h > bottom_of_fields)
    row_h = std::max(88, (bottom_of_fields - top) / count);
  int first = 0, shown = count;
  if (top + count * row_h > bottom_of_fields) {
    shown = std::max(1, (bottom_of_fields - top) / row_h - 1);  // a row for the page buttons
    int focused_index = -1;
    for (int i = 0; i < count; ++i) {
      if (model.fields[static_cast<std::size_t>(i)].focused) focused_index = i;
    }
    for (int i = 0; i < count && focused_index < 0; ++i) {
      if (model.fields[static_cast<std::size_t>(i)].key == model.form_page_field) focused_index = i;
    }
    focused_index = std::max(focused_index, 0);
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
  } else if (focused && focused->type == "date" && !model.date.shown.empty()) {
    date_picker(ui, panel_x, top);
  } else if (focused && focused->type == "materials") {
    materials_list(ui, panel_x, top);
  } else if (focused && focused->type == "address" && model.region.open) {
    region_picker(ui, panel_x, top);
  } else if (focused && !model.keyboard.mode.empty()) {
    int y_keyboard = top;
    if (focused->type == "address" && !model.region.change.empty()) {
      // The division chosen (the terminal's own at first), and the way to another one.
      const int h = ui.sz.h(64);
      const int w = elder ? 260 : 200;
      frame.button("region:" + model.region.change, {panel_x + kPanelWidth - w, top, w, h},
                   ui.t("region.change"));
      std::string path;
      for (const auto& part : model.region.path) path += part.name;
      frame.label({panel_x, top, kPanelWidth - w - 16, h},
                  path.empty() ? ui.t("region.none") : path, ui.sz.small, kMuted);
      y_keyboard += h + std::max(8, ui.sz.gap);
    }
    text_keyboard(ui, *focused, panel_x, y_keyboard);
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

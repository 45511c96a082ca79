// The on-screen keyboard of a text field: 拼音 / 手写 / ABC / 123, the candidate bar with pages,
// letter and digit keys, and the writing pad. Drawn from the view model's KeyboardView.
#include "screens/keyboard.h"

#include <algorithm>
#include <string>

namespace yiwang::ui {

namespace {

constexpr int kWidthPx = kKeyboardWidth;
constexpr int kGap = 8;
constexpr int kRowPx = 68;

void candidate_bar(const Ui& ui, const KeyboardView& keyboard, int x, int y) {
  using namespace theme;
  ui.frame.panel({x, y, kWidthPx, 2 * 60 + kGap + 8}, {236, 239, 243}, kBorder);
  if (!keyboard.engine_ready) {
    ui.frame.label({x + 16, y + 40, kWidthPx - 32, 44}, ui.t("ime.loading"), kSmallPx, kMuted);
    return;
  }
  constexpr int kSlot = 128;
  for (std::size_t i = 0; i < keyboard.candidates.size() &&
                          i < static_cast<std::size_t>(KeyboardView::kCandidatesPerPage);
       ++i) {
    const int column = static_cast<int>(i % 4);
    const int row = static_cast<int>(i / 4);
    // A phrase of three or four characters still fits its slot on one line.
    const std::string& text = keyboard.candidates[i];
    const auto characters = static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
    const int font_px = characters <= 2 ? kBodyPx - 2 : characters == 3 ? kSmallPx : kSmallPx - 6;
    ui.frame.button("ime.cand:" + std::to_string(i),
                    {x + 4 + column * (kSlot + kGap), y + 4 + row * (60 + kGap), kSlot, 60}, text,
                    i == 0, true, font_px);
  }
  const int page_x = x + 4 + 4 * (kSlot + kGap);
  const int page_w = kWidthPx - (page_x - x) - 4;
  if (keyboard.has_previous_page || keyboard.has_next_page) {
    ui.frame.button("ime.page:-", {page_x, y + 4, page_w, 60}, ui.t("ime.previous"), false,
                    keyboard.has_previous_page, kSmallPx);
    ui.frame.button("ime.page:+", {page_x, y + 4 + 60 + kGap, page_w, 60}, ui.t("ime.next"), false,
                    keyboard.has_next_page, kSmallPx);
  }
}

void letter_keys(const Ui& ui, const KeyboardView& keyboard, int x, int y) {
  static constexpr const char* kRows[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  const bool capitals = keyboard.mode == "abc";
  constexpr int kKey = (kWidthPx - 9 * kGap) / 10;
  for (int row = 0; row < 3; ++row) {
    const std::string letters = kRows[row];
    const int count = static_cast<int>(letters.size());
    int kx = x + (kWidthPx - count * kKey - (count - 1) * kGap) / 2;
    if (row == 2) kx = x;  // the last row leaves room for delete
    for (char letter : letters) {
      const char shown = capitals ? static_cast<char>(letter - 'a' + 'A') : letter;
      ui.frame.button(std::string("ime.key:") + letter, {kx, y, kKey, kRowPx},
                      std::string(1, shown), false, true, theme::kBodyPx);
      kx += kKey + kGap;
    }
    if (row == 2)
      ui.frame.button("ime.key:del", {kx, y, x + kWidthPx - kx, kRowPx}, ui.t("keypad.delete"),
                      false, true, theme::kSmallPx);
    y += kRowPx + 8;
  }
  // Pinyin: the syllable separator (xi'an); ABC: the hyphen of double names.
  const std::string separator = keyboard.mode == "pinyin" ? "'" : "-";
  ui.frame.button("ime.key:" + separator, {x, y, kKey + 40, kRowPx}, separator, false, true,
                  theme::kBodyPx);
  ui.frame.button("ime.key:space",
                  {x + kKey + 40 + kGap, y, kWidthPx - 2 * (kKey + 40 + kGap), kRowPx},
                  ui.t("ime.space"), false, true, theme::kSmallPx);
  ui.frame.button("ime.key:clear", {x + kWidthPx - kKey - 40, y, kKey + 40, kRowPx},
                  ui.t("keypad.clear"), false, true, theme::kSmallPx);
}

void digit_keys(const Ui& ui, int x, int y) {
  // 1-9, -, 0, delete; the fourth column: / (a flat's 3/2), space, clear.
  static constexpr const char* kKeys[16] = {"1", "2", "3", "/", "4", "5", "6",   "space",
                                            "7", "8", "9", "-", "#", "0", "del", "clear"};
  constexpr int kKey = (kWidthPx - 3 * kGap) / 4;
  for (int i = 0; i < 16; ++i) {
    const std::string key = kKeys[i];
    std::string label = key;
    if (key == "space") label = ui.t("ime.space");
    if (key == "del") label = ui.t("keypad.delete");
    if (key == "clear") label = ui.t("keypad.clear");
    const bool word = label.size() > 1;
    ui.frame.button("ime.key:" + key,
                    {x + (i % 4) * (kKey + kGap), y + (i / 4) * (kRowPx + 8), kKey, kRowPx}, label,
                    false, true, word ? theme::kSmallPx : theme::kBodyPx + 6);
  }
}

void writing_pad(const Ui& ui, const KeyboardView& keyboard, int x, int y) {
  ui.frame.pad("ime.stroke", {x, y, KeyboardView::kPadWidth, KeyboardView::kPadHeight},
               keyboard.ink);
  const int cx = x + KeyboardView::kPadWidth + 20;
  const int cw = kWidthPx - KeyboardView::kPadWidth - 20;
  ui.frame.label({cx, y, cw, 80}, ui.t("ime.pad_hint"), theme::kSmallPx, theme::kMuted);
  int cy = y + 80;
  ui.frame.button("ime.pad_clear", {cx, cy, cw, kRowPx}, ui.t("ime.pad_clear"), false,
                  !keyboard.ink.empty(), theme::kSmallPx);
  cy += kRowPx + 8;
  ui.frame.button("ime.key:del", {cx, cy, cw, kRowPx}, ui.t("keypad.delete"), false, true,
                  theme::kSmallPx);
  cy += kRowPx + 8;
  ui.frame.button("ime.key:space", {cx, cy, cw, kRowPx}, ui.t("ime.space"), false, true,
                  theme::kSmallPx);
}

}  // namespace

int text_keyboard(const Ui& ui, const FieldView& field, int x, int y) {
  using namespace theme;
  const KeyboardView& keyboard = ui.model.keyboard;
  if (keyboard.mode == "pinyin" && !keyboard.preedit.empty()) {
    ui.frame.label({x, y, kWidthPx, 40}, keyboard.preedit, kBodyPx, kPrimary, TextAlign::left,
                   true);
  } else {
    ui.frame.label({x, y, kWidthPx, 40}, ui.b(field.label), kBodyPx, kMuted);
  }
  y += 46;
  candidate_bar(ui, keyboard, x, y);
  y += 2 * 60 + kGap + 8 + 8;
  static constexpr const char* kModes[4] = {"pinyin", "hand", "abc", "123"};
  constexpr int kModeW = (kWidthPx - 3 * 8) / 4;
  for (int i = 0; i < 4; ++i) {
    const std::string mode = kModes[i];
    ui.frame.choice("ime.mode:" + mode, {x + i * (kModeW + 8), y, kModeW, 60},
                    ui.t("ime.mode." + mode), keyboard.mode == mode, kBodyPx - 4);
  }
  y += 68;
  if (keyboard.mode == "hand") {
    writing_pad(ui, keyboard, x, y);
  } else if (keyboard.mode == "123") {
    digit_keys(ui, x, y);
  } else {
    letter_keys(ui, keyboard, x, y);
  }
  return y + 4 * kRowPx + 3 * 8;
}

}  // namespace yiwang::ui

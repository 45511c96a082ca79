// The on-screen keyboard of a text field: 拼音 / 手写 / ABC / 123, the candidate bar with pages,
// letter and digit keys, and the writing pad. Drawn from the view model's KeyboardView.
#include "screens/keyboard.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

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

// Elder mode (大字): the keyboard spans the width under one line that shows the field; every key
// at least 120 px both ways and 24 px apart, type at least 40 px.
constexpr int kElderKey = 120;
constexpr int kElderGap = 24;
constexpr int kElderPitch = kElderKey + kElderGap;
constexpr int kElderWidth = theme::kWidth - 2 * theme::kMargin;
constexpr int kElderPad = 400;  // the writing pad drawn larger; its strokes stay in 300x300

void elder_candidates(const Ui& ui, const KeyboardView& keyboard, int x, int y) {
  using namespace theme;
  if (!keyboard.engine_ready) {
    ui.frame.label({x, y + 30, kElderWidth, kElderSmallPx + 10}, ui.t("ime.loading"), kElderSmallPx,
                   kMuted);
    return;
  }
  constexpr int kPageW = 150;
  constexpr int kSlot = (kElderWidth - 2 * (kPageW + kElderGap) - 7 * kElderGap) / 8;
  for (std::size_t i = 0; i < keyboard.candidates.size() &&
                          i < static_cast<std::size_t>(KeyboardView::kCandidatesPerPage);
       ++i) {
    ui.frame.button("ime.cand:" + std::to_string(i),
                    {x + static_cast<int>(i) * (kSlot + kElderGap), y, kSlot, kElderKey},
                    keyboard.candidates[i], i == 0, true, kElderSmallPx);
  }
  if (keyboard.has_previous_page || keyboard.has_next_page) {
    const int page_x = x + kElderWidth - 2 * kPageW - kElderGap;
    ui.frame.button("ime.page:-", {page_x, y, kPageW, kElderKey}, ui.t("ime.previous"), false,
                    keyboard.has_previous_page, kElderSmallPx);
    ui.frame.button("ime.page:+", {page_x + kPageW + kElderGap, y, kPageW, kElderKey},
                    ui.t("ime.next"), false, keyboard.has_next_page, kElderSmallPx);
  }
}

// Keys left to right from x; a key of width 0 is a letter's 120 px. Returns the x after them.
int elder_row(const Ui& ui, int x, int y, const std::vector<std::pair<std::string, int>>& keys,
              const std::string& shown_case) {
  for (const auto& [key, width] : keys) {
    std::string label = key;
    if (key == "del") label = ui.t("keypad.delete");
    if (key == "clear") label = ui.t("keypad.clear");
    if (key == "space") label = ui.t("ime.space");
    if (shown_case == "upper" && key.size() == 1 && key[0] >= 'a' && key[0] <= 'z')
      label = std::string(1, static_cast<char>(key[0] - 'a' + 'A'));
    const int w = width > 0 ? width : kElderKey;
    ui.frame.button("ime.key:" + key, {x, y, w, kElderKey}, label, false, true,
                    label.size() == 1 ? theme::kElderBodyPx : theme::kElderSmallPx);
    x += w + kElderGap;
  }
  return x;
}

std::vector<std::pair<std::string, int>> letters(const char* row) {
  std::vector<std::pair<std::string, int>> keys;
  for (const char* c = row; *c; ++c) keys.emplace_back(std::string(1, *c), 0);
  return keys;
}

void elder_keys(const Ui& ui, const KeyboardView& keyboard, int x, int y) {
  // The two words of a row share what the letters leave of the width.
  const auto rest = [](int used, int count) {
    return (kElderWidth - used - (count - 1) * kElderGap) / count;
  };
  if (keyboard.mode == "hand") {
    ui.frame.pad("ime.stroke", {x, y, kElderPad, kElderPad}, keyboard.ink, KeyboardView::kPadWidth);
    const int cx = x + kElderPad + kElderGap;
    const int cw = kElderWidth - kElderPad - kElderGap;
    ui.frame.label({cx, y, cw, 2 * (theme::kElderSmallPx + 10)}, ui.t("ime.pad_hint"),
                   theme::kElderSmallPx, theme::kMuted);
    const int bw = (cw - 2 * kElderGap) / 3;
    const int by = y + kElderPad - kElderKey;
    ui.frame.button("ime.pad_clear", {cx, by, bw, kElderKey}, ui.t("ime.pad_clear"), false,
                    !keyboard.ink.empty(), theme::kElderSmallPx);
    elder_row(ui, cx + bw + kElderGap, by, {{"del", bw}, {"space", bw}}, "");
    return;
  }
  if (keyboard.mode == "123") {
    const int word = rest(10 * kElderPitch, 2);
    elder_row(ui, x, y,
              {{"1", 0},
               {"2", 0},
               {"3", 0},
               {"4", 0},
               {"5", 0},
               {"6", 0},
               {"7", 0},
               {"8", 0},
               {"9", 0},
               {"0", 0},
               {"del", word},
               {"clear", word}},
              "");
    elder_row(ui, x, y + kElderPitch,
              {{"/", 0}, {"-", 0}, {"#", 0}, {"space", rest(3 * kElderPitch, 1)}}, "");
    return;
  }
  const std::string shown_case = keyboard.mode == "abc" ? "upper" : "";
  auto first = letters("qwertyuiop");
  const int word = rest(10 * kElderPitch, 2);
  first.emplace_back("del", word);
  first.emplace_back("clear", word);
  elder_row(ui, x, y, first, shown_case);
  auto second = letters("asdfghjkl");
  second.emplace_back("space", rest(9 * kElderPitch, 1));
  elder_row(ui, x, y + kElderPitch, second, shown_case);
  auto third = letters("zxcvbnm");
  // Pinyin: the syllable separator (xi'an); ABC: the hyphen of double names.
  third.emplace_back(keyboard.mode == "pinyin" ? "'" : "-", 0);
  elder_row(ui, x, y + 2 * kElderPitch, third, shown_case);
}

}  // namespace

int elder_text_keyboard(const Ui& ui, const FieldView& field, int top) {
  using namespace theme;
  const KeyboardView& keyboard = ui.model.keyboard;
  const int x = kMargin;
  // The field's line: its name and what it holds (and the pinyin being composed); on its right
  // the field's problem or the notice the header would have shown.
  std::string text = ui.b(field.label) + ": " + field.display_value;
  if (keyboard.mode == "pinyin" && !keyboard.preedit.empty()) text += "  " + keyboard.preedit;
  const bool notice = !ui.model.notice_key.empty();
  const std::string problem = notice ? ui.t(ui.model.notice_key) : ui.b(field.error);
  const int text_w = problem.empty() ? kElderWidth : kElderWidth * 3 / 5;
  ui.frame.label({x, top, text_w, kElderSmallPx + 2}, text, kElderSmallPx, kText, TextAlign::left,
                 true);
  if (!problem.empty()) {
    ui.frame.label({x + text_w + 20, top, kElderWidth - text_w - 20, kElderSmallPx + 2}, problem,
                   kElderSmallPx, notice && !ui.model.notice_is_error ? kText : kError,
                   TextAlign::right);
  }
  int y = top + kElderSmallPx + 2;
  if (keyboard.mode == "pinyin" || keyboard.mode == "hand") elder_candidates(ui, keyboard, x, y);
  y += kElderPitch;
  elder_keys(ui, keyboard, x, y);
  return y + 3 * kElderPitch - kElderGap;
}

void elder_keyboard_modes(const Ui& ui, int x, int y, int w) {
  static constexpr const char* kModes[4] = {"pinyin", "hand", "abc", "123"};
  const int mode_w = (w - 3 * kElderGap) / 4;
  for (int i = 0; i < 4; ++i) {
    const std::string mode = kModes[i];
    ui.frame.choice("ime.mode:" + mode, {x + i * (mode_w + kElderGap), y, mode_w, kElderKey},
                    ui.t("ime.mode." + mode), ui.model.keyboard.mode == mode, theme::kElderSmallPx);
  }
}

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

// Header, footer (status_line.cpp) and the offline / notice banners.
#include "screens/chrome.h"

#include <algorithm>
#include <cstdio>

namespace yiwang::ui {

const Sizes& sizes(bool elder) {
  using namespace theme;
  static constexpr Sizes kNormal{kTitlePx, kHeadingPx,    kBodyPx,
                                 kSmallPx, kHeaderHeight, 60,
                                 8,        kFooterHeight, kHeight - kFooterHeight - 20};
  static constexpr Sizes kElder{
      kElderTitlePx, kElderHeadingPx,    kElderBodyPx,
      kElderSmallPx, kElderHeaderHeight, kElderTargetPx,
      kElderGapPx,   kElderFooterHeight, kHeight - kElderFooterHeight - kElderGapPx};
  return elder ? kElder : kNormal;
}

int chrome(const Ui& ui, std::string_view title_key, bool show_home, bool show_notice) {
  using namespace theme;
  const Sizes& sz = ui.sz;
  const bool elder = ui.model.elder_mode;
  ui.frame.panel({0, 0, kWidth, sz.header}, kHeader);
  // Right to left: home, language, elder mode (not for the technician); the greeting left of
  // them, the site and the screen's title at the left.
  const int button_w = elder ? 230 : 200;
  const int button_h = elder ? sz.target : 70;
  const int button_y = (sz.header - button_h) / 2;
  const int step = button_w + (elder ? sz.gap : 30);
  int x = kWidth - kMargin - button_w;
  if (show_home) {
    ui.frame.button("home", {x, button_y, button_w, button_h}, ui.t("header.home"), false, true,
                    sz.body);
    x -= step;
  }
  ui.frame.button("lang", {x, button_y, button_w, button_h},
                  ui.translator.text("language.name", ui.translator.next(ui.model.language)), false,
                  true, sz.body);
  const bool technician = technician_screen(ui.model.screen);
  if (!technician) {
    x -= step;
    ui.frame.choice("elder", {x, button_y, button_w, button_h}, ui.t("header.elder"), elder,
                    sz.body);
  }
  int title_right = x - 30;
  const int site_w = std::min(1000, title_right - kMargin);
  if (!ui.model.display_name.empty()) {
    title_right = x - 420;
    // Elder mode: on the title's row, so that the site's name above has the header's width
    // (at 40 px a long centre name in English needs it).
    const int greeting_y = elder ? 64 + (80 - sz.body - 10) / 2 : (sz.header - sz.body - 10) / 2;
    ui.frame.label({x - 400, greeting_y, 380, sz.body + 10},
                   ui.t("header.hello") + ui.model.display_name, sz.body, kOnHeader,
                   TextAlign::right);
  }
  const int title_w = std::min(1000, title_right - kMargin);
  ui.frame.label({kMargin, elder ? 8 : 18, elder ? site_w : title_w, elder ? 48 : 50},
                 ui.b(ui.model.site_name), sz.small, kOnHeader);
  ui.frame.label({kMargin, elder ? 64 : 56, title_w, elder ? 80 : 60}, ui.t(title_key), sz.heading,
                 kOnHeader, TextAlign::left, true);

  footer(ui);

  int top = sz.header + 20;
  // (The wizard says what the link needs itself, and the footer has its state: the residents'
  // "your application is saved" is not for a terminal that has never been enrolled.)
  if (!ui.model.link_up && ui.model.screen != ScreenId::provisioning) {
    const bool disabled = ui.model.link == "disabled";
    const std::string text = ui.t(disabled ? "banner.out_of_service" : "banner.offline");
    // Two lines when the text may need them (a longer language in elder mode's type).
    const int lines = estimated_lines(text, sz.small, kWidth - 2 * kMargin) > 1 ? 2 : 1;
    const int banner_h = sz.small + 30 + (lines - 1) * (sz.small + 14);
    ui.frame.panel({0, sz.header, kWidth, banner_h},
                   disabled ? kErrorBackground : kWarningBackground);
    ui.frame.label({kMargin, sz.header + 10, kWidth - 2 * kMargin, banner_h - 12}, text, sz.small,
                   disabled ? kError : kText);
    top += banner_h;
  }
  if (!ui.model.help.stage.empty()) {
    const bool offline = ui.model.help.stage == "offline";
    const int help_h = 2 * (sz.body + 12) + 24;
    ui.frame.panel({0, top - 20, kWidth, help_h}, offline ? kWarningBackground : kSelected);
    ui.frame.label({kMargin, top - 8, kWidth - 2 * kMargin, help_h - 24}, help_text(ui), sz.body,
                   kText, TextAlign::left, offline);
    top += help_h;
  }
  if (show_notice && !ui.model.notice_key.empty()) {
    const int notice_h = sz.body + 36;
    ui.frame.panel({0, top - 20, kWidth, notice_h},
                   ui.model.notice_is_error ? kErrorBackground : kWarningBackground);
    ui.frame.label({kMargin, top - 6, kWidth - 2 * kMargin, sz.body + 16},
                   ui.t(ui.model.notice_key), sz.body, ui.model.notice_is_error ? kError : kText);
    top += notice_h;
  }
  return top;
}

int estimated_lines(const std::string& text, int px, int width) {
  // Widths a little generous (a Chinese character px, any other half of it): the screens lay out
  // before the canvas measures, so this errs on the side of room.
  long long total = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    total += lead >= 0xE3 ? px * 10 : px * 5;
    i += n;
  }
  return width <= 0 ? 1 : static_cast<int>((total / 10 + width - 1) / width);
}

std::string filled(std::string text, const std::string& name, const std::string& value) {
  const std::string mark = "{" + name + "}";
  for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
    text.replace(at, mark.size(), value);
  return text;
}

std::string help_text(const Ui& ui) {
  const HelpView& help = ui.model.help;
  if (help.stage == "sending") return ui.t("help.sending");
  if (help.stage == "sent")
    return help.eta_minutes >= 0
               ? filled(ui.t("help.sent"), "minutes", std::to_string(help.eta_minutes))
               : ui.t("help.sent_no_eta");
  std::string text = ui.t("help.offline");
  if (!help.hours_from.empty())
    text += "\n" + filled(filled(ui.t("help.hours"), "from", help.hours_from), "to", help.hours_to);
  return text;
}

void voice_bar(const Ui& ui, int footer_y, bool help_button) {
  using namespace theme;
  const Sizes& sz = ui.sz;
  const bool elder = ui.model.elder_mode;
  const int button_w = elder ? 210 : 180;
  const int button_h = sz.target;
  const int button_px = elder ? sz.small : 30;
  const int button_y = footer_y + (sz.footer - button_h) / 2;
  const int step = button_w + (elder ? sz.gap : 12);
  int x = kWidth - kMargin - button_w;
  // Right to left: help, repeat, louder, quieter.
  if (help_button) {
    ui.frame.button("help", {x, button_y, button_w, button_h}, ui.t("help.button"), true, true,
                    button_px);
    x -= step;
  }
  ui.frame.button("voice.repeat", {x, button_y, button_w, button_h}, ui.t("voice.repeat"), false,
                  true, button_px);
  x -= step;
  ui.frame.button("voice.up", {x, button_y, button_w, button_h}, ui.t("voice.up"), false, true,
                  button_px);
  x -= step;
  ui.frame.button("voice.down", {x, button_y, button_w, button_h}, ui.t("voice.down"), false, true,
                  button_px);
  // The caption: what the voice says (or would say: the voice may be off), two lines at a time:
  // a longer line is shown page by page in step with the voice (Canvas::fit).
  const int caption_px = elder ? kElderSmallPx : 24;
  const int caption_h = std::min(sz.footer - 4, 2 * caption_px + 16);
  ui.frame.label({kMargin, footer_y + (sz.footer - caption_h) / 2, x - 2 * kMargin, caption_h},
                 ui.model.caption, caption_px, kText);
  ui.frame.last().id = "caption";
  ui.frame.last().page_ms = ui.model.caption_ms;
}

std::string working_days(const Ui& ui, int days) {
  return std::to_string(days) + ui.t("unit.working_days");
}

std::string money(const Ui& ui, int fen) {
  if (fen == 0) return ui.t("fee.free");
  char text[32];
  std::snprintf(text, sizeof text, "¥%d.%02d", fen / 100, fen % 100);
  return text;
}

void keypad(const Ui& ui, int x, int y) {
  const int w = 180;
  const int h = ui.sz.h(112);
  const int gap = ui.model.elder_mode ? ui.sz.gap : 18;
  static constexpr const char* kKeys[12] = {"1", "2", "3", "4",     "5", "6",
                                            "7", "8", "9", "clear", "0", "del"};
  for (int i = 0; i < 12; ++i) {
    const std::string key = kKeys[i];
    const Rect rect{x + (i % 3) * (w + std::max(20, gap)), y + (i / 3) * (h + gap), w, h};
    std::string label = key;
    if (key == "clear") label = ui.t("keypad.clear");
    if (key == "del") label = ui.t("keypad.delete");
    // Words (clear, delete) at the body size: at the digits' size they would not fit the key.
    ui.frame.button("key:" + key, rect, label, false, true,
                    key.size() == 1 || !ui.model.elder_mode ? ui.sz.title : ui.sz.body);
  }
}

void bottom_row(const Ui& ui, const std::vector<RowButton>& buttons) {
  constexpr int kRowHeight = 110;
  for (const auto& b : buttons)
    ui.frame.button(b.id, {b.x, kContentBottom - kRowHeight - 10, b.width, kRowHeight},
                    ui.t(b.text_key), b.primary);
}

}  // namespace yiwang::ui

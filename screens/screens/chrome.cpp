// Header, footer (status_line.cpp) and the offline / notice banners.
#include "screens/chrome.h"

#include <cstdio>

namespace yiwang::ui {

int chrome(const Ui& ui, std::string_view title_key, bool show_home) {
  using namespace theme;
  ui.frame.panel({0, 0, kWidth, kHeaderHeight}, kHeader);
  ui.frame.label({kMargin, 18, 900, 50}, ui.b(ui.model.site_name), kSmallPx, kOnHeader);
  ui.frame.label({kMargin, 56, 1000, 60}, ui.t(title_key), kHeadingPx, kOnHeader, TextAlign::left,
                 true);
  if (!ui.model.display_name.empty()) {
    ui.frame.label({1000, 40, 380, 50}, ui.t("header.hello") + ui.model.display_name, kBodyPx,
                   kOnHeader, TextAlign::right);
  }
  ui.frame.button("lang", {1420, 25, 200, 70}, ui.t("header.language_switch"), false, true,
                  kBodyPx);
  if (show_home)
    ui.frame.button("home", {1650, 25, 210, 70}, ui.t("header.home"), false, true, kBodyPx);

  footer(ui);

  int top = kHeaderHeight + 20;
  if (!ui.model.link_up) {
    const bool disabled = ui.model.link == "disabled";
    ui.frame.panel({0, kHeaderHeight, kWidth, 56},
                   disabled ? kErrorBackground : kWarningBackground);
    ui.frame.label({kMargin, kHeaderHeight + 10, kWidth - 2 * kMargin, 44},
                   ui.t(disabled ? "banner.out_of_service" : "banner.offline"), kSmallPx,
                   disabled ? kError : kText);
    top += 56;
  }
  if (!ui.model.notice_key.empty()) {
    ui.frame.panel({0, top - 20, kWidth, 70},
                   ui.model.notice_is_error ? kErrorBackground : kWarningBackground);
    ui.frame.label({kMargin, top - 6, kWidth - 2 * kMargin, 50}, ui.t(ui.model.notice_key), kBodyPx,
                   ui.model.notice_is_error ? kError : kText);
    top += 70;
  }
  return top;
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
  static constexpr const char* kKeys[12] = {"1", "2", "3", "4",     "5", "6",
                                            "7", "8", "9", "clear", "0", "del"};
  for (int i = 0; i < 12; ++i) {
    const std::string key = kKeys[i];
    const Rect rect{x + (i % 3) * 200, y + (i / 3) * 130, 180, 112};
    std::string label = key;
    if (key == "clear") label = ui.t("keypad.clear");
    if (key == "del") label = ui.t("keypad.delete");
    ui.frame.button("key:" + key, rect, label, false, true, theme::kTitlePx);
  }
}

}  // namespace yiwang::ui

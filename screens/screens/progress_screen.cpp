// 办件查询 screen: how to look a case up, the resident's cases, or one case with its timeline.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

std::string status_words(const Ui& ui, const std::string& status) {
  const std::string key = "case.status." + status;
  const std::string words = ui.t(key);
  return words == key ? ui.t("case.status.other") : words;
}

// "2026-11-21T09:30:00+08:00" as "2026-11-21 09:30".
std::string when(const std::string& at) {
  if (at.size() < 16 || at[10] != 'T') return at.substr(0, 16);
  return at.substr(0, 10) + " " + at.substr(11, 5);
}

void detail(const Ui& ui, const CaseView& c, int top) {
  using namespace theme;
  Frame& frame = ui.frame;
  const int left_w = 860;
  int y = top;
  frame.label({kMargin, y, left_w, 60}, ui.b(c.item_name), ui.sz.heading, kText, TextAlign::left,
              true);
  y += 76;
  // A case still queued here has only its provisional number.
  frame.label({kMargin, y, left_w, 50},
              c.case_id.empty() ? ui.t("receipt.local_number") + " " + c.local_id
                                : ui.t("receipt.case_number") + " " + c.case_id,
              ui.sz.body, kMuted);
  y += 60;
  frame.label({kMargin, y, left_w, 110}, status_words(ui, c.status), ui.sz.heading, kPrimary,
              TextAlign::left, true);
  y += 120;
  if (!c.promised_by.empty()) {
    frame.label({kMargin, y, left_w, 50}, ui.t("receipt.promised_by") + c.promised_by, ui.sz.body,
                kText);
    y += 60;
  }
  if (c.fee_fen > 0) {
    frame.label({kMargin, y, left_w, 50},
                ui.t("progress.fee") + money(ui, c.fee_fen) + "  " +
                    ui.t(c.fee_paid ? "progress.fee_paid" : "progress.fee_due"),
                ui.sz.body, c.fee_paid ? kOk : kError, TextAlign::left, true);
    y += 56;
    if (!c.fee_paid) {
      frame.label({kMargin, y, left_w, 44}, ui.t("progress.fee_how"), ui.sz.small, kMuted);
      y += 50;
    }
  }
  // What to do next: the status's own words, and the clerk's note when there is one.
  std::string next = ui.t("progress.next." + c.status);
  if (next == "progress.next." + c.status) next = ui.t("progress.next.other");
  const Bilingual& note = c.history.empty() ? Bilingual{} : c.history.back().note;
  if (!ui.b(note).empty() && c.history.back().status == c.status) next += "\n" + ui.b(note);
  frame.label({kMargin, y, left_w, 40}, ui.t("progress.next"), ui.sz.small, kMuted);
  frame.label({kMargin, y + 44, left_w, 200}, next, ui.sz.body, kText);

  // The timeline, newest at the top (as many entries as fit).
  const int x = kMargin + left_w + 60;
  const int w = kWidth - x - kMargin;
  frame.label({x, top, w, 50}, ui.t("progress.history"), ui.sz.body, kMuted, TextAlign::left, true);
  int ty = top + 60;
  frame.begin_flow(ui.sz.bottom - 140);  // an entry of more lines pushes the older ones down
  for (auto it = c.history.rbegin(); it != c.history.rend() && ty + 100 < ui.sz.bottom - 140;
       ++it) {
    frame.panel({x, ty + 8, 14, 14}, it == c.history.rbegin() ? kPrimary : kBorder);
    const int line_h = ui.sz.body + 6;
    frame.label({x + 30, ty, w - 30, line_h}, when(it->at) + "  " + status_words(ui, it->status),
                ui.sz.body, kText, TextAlign::left, it == c.history.rbegin());
    const std::string& said = ui.b(it->note);
    if (!said.empty())
      frame.label({x + 30, ty + line_h + 4, w - 30, ui.sz.small + 4}, said, ui.sz.small, kMuted);
    ty += said.empty() ? line_h + 24 : line_h + ui.sz.small + 38;
  }
  frame.end_flow();
}

}  // namespace

void ProgressScreen::build(const ViewModel& model, const Translator& translator,
                           Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const ProgressView& progress = model.progress;
  const int top = chrome(ui, "progress.title");
  const int width = kWidth - 2 * kMargin;
  if (progress.loading) {
    frame.label({kMargin, top + 40, width, 60}, ui.t("case.looking_up"), ui.sz.heading, kText,
                TextAlign::centre);
  } else if (!progress.queued_local_id.empty()) {
    frame.panel({kMargin, top + 20, width, 300}, kSecondary, kBorder);
    frame.label({kMargin + 40, top + 40, width - 80, 60},
                ui.t(progress.message_key.empty() ? "progress.queued" : progress.message_key),
                ui.sz.heading, progress.message_error ? kError : kText, TextAlign::left, true);
    frame.label({kMargin + 40, top + 120, width - 80, 50},
                ui.t("receipt.local_number") + " " + progress.queued_local_id, ui.sz.body, kText);
    frame.label({kMargin + 40, top + 180, width - 80, 100},
                ui.t("progress.saved_for") + std::to_string(progress.queued_minutes) +
                    ui.t("progress.minutes") + "\n" + ui.t("progress.queued_explain"),
                ui.sz.body, kMuted);
  } else if (progress.selected >= 0 &&
             progress.selected < static_cast<int>(progress.cases.size())) {
    detail(ui, progress.cases[static_cast<std::size_t>(progress.selected)], top + 10);
  } else if (!progress.cases.empty()) {
    frame.label({kMargin, top, width, 50}, ui.t("progress.your_cases"), ui.sz.body, kMuted);
    int y = top + 60;
    for (const CaseView& c : progress.cases) {
      if (y + ui.sz.h(100) + 10 > ui.sz.bottom - ui.sz.h(110) - 30) break;  // the newest that fit
      const std::string& number = c.case_id.empty() ? c.local_id : c.case_id;
      frame.button("case:" + number, {kMargin, y, width, ui.sz.h(100)},
                   ui.b(c.item_name) + "  ·  " + status_words(ui, c.status) + "  ·  " + number,
                   false, true, ui.sz.body);
      frame.last().align = TextAlign::left;
      y += ui.sz.h(100) + std::max(16, ui.sz.gap);
    }
  } else {
    if (!progress.message_key.empty()) {
      frame.label({kMargin, top + 20, width, 60}, ui.t(progress.message_key), ui.sz.heading,
                  progress.message_error ? kError : kText, TextAlign::centre);
    }
    frame.label({kMargin, top + 140, width, 160}, ui.t("progress.prompt"), ui.sz.heading, kText,
                TextAlign::centre);
  }
  frame.button("back", {kMargin, ui.sz.bottom - ui.sz.h(110), 400, ui.sz.h(110)},
               ui.t("common.back"));
  if (!progress.loading && progress.queued_local_id.empty() && progress.selected >= 0 &&
      progress.selected < static_cast<int>(progress.cases.size()) &&
      case_rateable(progress.cases[static_cast<std::size_t>(progress.selected)])) {
    frame.button("case.rate",
                 {kWidth - kMargin - 500, ui.sz.bottom - ui.sz.h(110), 500, ui.sz.h(110)},
                 ui.t("progress.rate"), true);
  }
}

}  // namespace yiwang::ui

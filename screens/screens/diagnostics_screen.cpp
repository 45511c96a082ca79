// The technician's diagnostics: facts (disk, database, certificate, versions), the link's
// history, the queue with its dead letters (resolved here, no personal data shown), receipts to
// reconcile, device errors and the log's last lines.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

constexpr int kColumn = 900;
constexpr int kLine = 36;
constexpr int kMaxDeadShown = 4;

// A heading and its lines, from y; returns the y after them.
int section(const Ui& ui, int x, int y, const std::string& heading,
            const std::vector<std::string>& lines, std::size_t max_lines) {
  using namespace theme;
  ui.frame.label({x, y, kColumn, 40}, ui.t(heading), kBodyPx, kText, TextAlign::left, true);
  y += 44;
  if (lines.empty()) {
    ui.frame.label({x, y, kColumn, kLine}, ui.t("diag.none"), kSmallPx, kMuted);
    return y + kLine + 10;
  }
  for (std::size_t i = 0; i < lines.size() && i < max_lines; ++i) {
    ui.frame.label({x, y, kColumn, kLine}, lines[i], kSmallPx, kText);
    y += kLine;
  }
  return y + 10;
}

}  // namespace

void DiagnosticsScreen::build(const ViewModel& model, const Translator& translator,
                              Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const DiagnosticsView& d = model.diagnostics;
  const int top = chrome(ui, "diag.title", false) + 10;
  // Left column: facts, queue, dead letters with their resolve buttons, receipts.
  int y = top;
  for (const auto& [key, value] : d.facts) {
    frame.label({kMargin, y, kColumn, kLine}, ui.t(key) + value, kSmallPx, kText);
    y += kLine;
  }
  std::string queue = ui.t("status.pending") + " " + std::to_string(model.pending) + " · " +
                      ui.t("status.dead") + " " + std::to_string(model.dead);
  if (!model.oldest_pending.empty())
    queue += " · " + ui.t("status.oldest") + " " + model.oldest_pending;
  frame.label({kMargin, y, kColumn, kLine}, ui.t("maint.queue") + queue, kSmallPx, kText);
  y += kLine + 14;
  frame.label({kMargin, y, kColumn, 40}, ui.t("diag.dead_letters"), kBodyPx, kText, TextAlign::left,
              true);
  y += 44;
  if (d.dead_letters.empty()) {
    frame.label({kMargin, y, kColumn, kLine}, ui.t("diag.none"), kSmallPx, kMuted);
    y += kLine;
  }
  for (int i = 0; i < static_cast<int>(d.dead_letters.size()) && i < kMaxDeadShown; ++i) {
    const DeadLetterView& dead = d.dead_letters[static_cast<std::size_t>(i)];
    frame.label({kMargin, y, kColumn - 220, kLine},
                "#" + std::to_string(dead.id) + "  " + dead.kind + "  " + dead.local_id, kSmallPx,
                kText);
    // When it was queued on the second line, before the platform's answer: the first line is
    // as wide as the resolve button leaves.
    frame.label({kMargin + 20, y + kLine, kColumn - 240, kLine}, dead.queued + "  " + dead.problem,
                kSmallPx, kMuted);
    frame.button("dead.resolve:" + std::to_string(dead.id), {kMargin + kColumn - 200, y, 200, 66},
                 ui.t("diag.resolve"), false, true, kSmallPx);
    y += 2 * kLine + 8;
  }
  if (!d.message_key.empty()) {
    frame.label({kMargin, y, kColumn, kLine}, ui.t(d.message_key) + d.message_detail, kSmallPx,
                kOk);
    y += kLine;
  }
  section(ui, kMargin, y + 10, "diag.receipts", d.receipts, 3);
  // Right column: link history, device errors, the log.
  const int x = kMargin + kColumn + 40;
  int r = top;
  r = section(ui, x, r, "diag.link_history", d.link_history, 5);
  r = section(ui, x, r, "diag.device_errors", d.device_errors, 4);
  section(ui, x, r, "diag.log", d.log_lines, 6);
  frame.button("back", {kMargin, kContentBottom - 90, 360, 90}, ui.t("diag.back"), true);
}

}  // namespace yiwang::ui

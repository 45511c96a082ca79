// The technician's screens: the PIN pad after the hidden gesture, maintenance mode, the
// first-boot provisioning wizard, and the display's rotation and touch calibration.
#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

constexpr int kLeftWidth = 880;  // the status column; the self-test's is to its right
constexpr int kRightX = 1000;

// The last self-test's results from x, y: one device a line, with the time each took.
void self_test_rows(const Ui& ui, int x, int y) {
  using namespace theme;
  for (const SelfTestRowView& row : ui.model.maintenance.self_test) {
    std::string line =
        ui.t("device." + row.device) + "  " + ui.t("selftest.outcome." + row.outcome);
    if (row.ms >= 0) line += "  " + std::to_string(row.ms) + " ms";
    ui.frame.label({x, y, kWidth - kMargin - x, 40}, line, kBodyPx,
                   row.outcome == "passed"   ? kOk
                   : row.outcome == "failed" ? kError
                                             : kText);
    std::string words = row.key.empty() ? "" : ui.t(row.key);
    if (!row.note.empty()) words += (words.empty() ? "" : " ") + row.note;
    if (!words.empty())
      ui.frame.label({x + 40, y + 42, kWidth - kMargin - x - 40, 36}, words, kSmallPx, kMuted);
    y += 88;
  }
}

// The self-test's button and its last results, one device a line, with the time each took.
void self_test_column(const Ui& ui, int y) {
  using namespace theme;
  const MaintenanceView& m = ui.model.maintenance;
  ui.frame.button(
      "maint.selftest", {kRightX, y, 520, 100},
      ui.t("maint.selftest") + (m.self_test_running ? " " + ui.t("maint.selftest.running") : ""),
      false, !m.self_test_running);
  ui.frame.button("maint.display", {kRightX + 560, y, 300, 100}, ui.t("maint.display"), false);
  self_test_rows(ui, kRightX, y + 130);
}

}  // namespace

void MaintenancePinScreen::build(const ViewModel& model, const Translator& translator,
                                 Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const MaintenanceView& m = model.maintenance;
  const int top = chrome(ui, "maint.pin.title", false);
  frame.label({kMargin, top + 10, 800, 60}, ui.t("maint.pin.prompt"), kBodyPx, kText);
  // Dots only: the digits are never drawn.
  std::string dots;
  for (int i = 0; i < m.pin_length; ++i) dots += "● ";
  frame.panel({kMargin, top + 90, 760, 110}, kSecondary, kBorder);
  frame.label({kMargin + 20, top + 110, 720, 70}, dots, kTitlePx, kText, TextAlign::centre);
  if (!m.message_key.empty()) {
    frame.label({kMargin, top + 230, 800, 120}, ui.t(m.message_key) + m.message_detail, kBodyPx,
                m.message_error ? kError : kMuted);
  }
  keypad(ui, 1000, top + 10);
  bottom_row(ui, {{"back", kMargin, 360, "maint.cancel"},
                  {"pin.ok", kMargin + 400, 360, "maint.pin.ok", true}});
}

void MaintenanceScreen::build(const ViewModel& model, const Translator& translator,
                              Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const MaintenanceView& m = model.maintenance;
  int y = chrome(ui, "maint.title", false) + 10;
  frame.label({kMargin, y, kWidth - 2 * kMargin, 50}, ui.t("maint.explain"), kBodyPx, kMuted);
  y += 80;
  const int y0 = y;
  // The full status the footer line abbreviates, one fact a line.
  std::string link = ui.t("status.link." + model.link);
  if (!model.link_reason.empty() && ui.t(model.link_reason) != model.link_reason)
    link += ": " + ui.t(model.link_reason);
  if (!model.link_since.empty()) link += " (" + ui.t("status.since") + " " + model.link_since + ")";
  // Two lines: the reason and since when may not fit the column on one.
  frame.label({kMargin, y, kLeftWidth, 100}, ui.t("maint.link") + link, kBodyPx, kText);
  y += 110;
  std::string queue = ui.t("status.pending") + " " + std::to_string(model.pending) + " · " +
                      ui.t("status.dead") + " " + std::to_string(model.dead);
  if (!model.oldest_pending.empty())
    queue += " · " + ui.t("status.oldest") + " " + model.oldest_pending;
  if (!model.queue_fault.empty()) queue += " · " + ui.t(model.queue_fault);
  frame.label({kMargin, y, kLeftWidth, 50}, ui.t("maint.queue") + queue, kBodyPx, kText);
  y += 60;
  for (const auto& [name, state] : model.devices) {
    frame.label({kMargin, y, kLeftWidth, 50},
                ui.t("device." + name) + "  " + ui.t("state." + state), kBodyPx, kText);
    y += 56;
  }
  if (!m.audit_key.empty()) {
    frame.label({kMargin, y + 10, kLeftWidth, 100}, ui.t(m.audit_key) + m.audit_detail, kBodyPx,
                m.audit_key == "maint.audit.intact" ? kOk : kError);
  }
  if (!m.bundle_key.empty()) {
    frame.label({kMargin, y + 110, kLeftWidth, 100}, ui.t(m.bundle_key) + m.bundle_detail, kBodyPx,
                m.bundle_key == "maint.bundle.done" ? kOk : kError);
  }
  self_test_column(ui, y0);
  bottom_row(ui, {{"maint.audit", kMargin, 380, "maint.audit"},
                  {"maint.bundle", kMargin + 410, 480, "maint.bundle"},
                  {"maint.diagnostics", kMargin + 920, 380, "maint.diagnostics"},
                  {"maint.exit", kWidth - kMargin - 440, 440, "maint.exit", true}});
}

void ProvisioningScreen::build(const ViewModel& model, const Translator& translator,
                               Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const ProvisioningView& p = model.provisioning;
  const int top = chrome(ui, p.reenroll ? "prov.title.reenroll" : "prov.title", false);
  int y = top + 10;
  // The four steps down the left, the one under way marked; what it needs on the right.
  static constexpr const char* kSteps[] = {"scan", "enroll", "selftest", "ready"};
  int current = 0;
  for (int i = 0; i < 4; ++i)
    if (p.step == kSteps[i]) current = i;
  for (int i = 0; i < 4; ++i) {
    const bool failed_here = !p.error_key.empty() && p.error_step == kSteps[i];
    const std::string mark = failed_here    ? ui.t("prov.mark.failed")
                             : i < current  ? ui.t("prov.mark.done")
                             : i == current ? ui.t("prov.mark.now")
                                            : "";
    frame.panel({kMargin, y, 700, 110}, i == current ? kSecondary : kBackground, kBorder);
    frame.label({kMargin + 20, y + 10, 660, 50},
                std::to_string(i + 1) + ". " + ui.t(std::string("prov.step.") + kSteps[i]), kBodyPx,
                i <= current ? kText : kMuted);
    frame.label({kMargin + 20, y + 62, 660, 40}, mark, kSmallPx,
                failed_here   ? kError
                : i < current ? kOk
                              : kMuted);
    y += 130;
  }
  constexpr int kX = 820;
  const int right_w = kWidth - kMargin - kX;
  int ry = top + 10;
  if (p.reenroll && p.step == "scan") {
    frame.label({kX, ry, right_w, 100}, ui.t("prov.reenroll.explain"), kBodyPx, kError);
    ry += 110;
  }
  frame.label({kX, ry, right_w, 150}, ui.t("prov.do." + p.step), kBodyPx, kText);
  ry += 160;
  if (!p.error_key.empty()) {
    // Which step, what happened, what to check: in words a technician alone can act on.
    frame.panel({kX, ry, right_w, 250}, kErrorBackground, kError);
    frame.label({kX + 20, ry + 10, right_w - 40, 50},
                ui.t("prov.failed_at") + ui.t("prov.step." + p.error_step), kBodyPx, kError);
    frame.label({kX + 20, ry + 70, right_w - 40, 170}, ui.t(p.error_key), kBodyPx, kText);
    ry += 270;
  }
  if (!p.terminal_id.empty()) {
    frame.label({kX, ry, right_w, 50}, ui.t("prov.terminal") + p.terminal_id, kBodyPx, kText);
    ry += 60;
  }
  if (p.step == "selftest" || p.step == "ready") self_test_rows(ui, kX, ry);
  if (p.step == "ready") {
    frame.label({kX, kContentBottom - 250, right_w, 100},
                ui.t(p.self_test_ok ? "prov.ready.ok" : "prov.ready.failed") + " " +
                    ui.t(p.pin_set ? "prov.pin.set" : "prov.pin.missing"),
                kBodyPx, p.self_test_ok && p.pin_set ? kOk : kError);
    bottom_row(ui, {{"prov.selftest", kX, 440, "prov.selftest"},
                    {"prov.finish", kWidth - kMargin - 520, 520, "prov.finish", true}});
  }
}

void DisplaySetupScreen::build(const ViewModel& model, const Translator& translator,
                               Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const DisplayView& d = model.display;
  const int top = chrome(ui, "display.title", false);
  int y = top + 10;
  // Two lines' room: a longer language needs them.
  frame.label({kMargin, y, kWidth - 2 * kMargin, 90}, ui.t("display.explain"), kBodyPx, kMuted);
  y += 120;
  frame.label({kMargin, y, 400, 60}, ui.t("display.rotation"), kBodyPx, kText);
  int x = kMargin + 400;
  for (const char* angle : {"0", "90", "180", "270"}) {
    frame.choice(std::string("display.rotate:") + angle, {x, y - 20, 220, 100},
                 std::string(angle) + ui.t("display.degrees"), std::to_string(d.rotation) == angle);
    x += 250;
  }
  y += 130;
  frame.label({kMargin, y, 400, 60}, ui.t("display.touch"), kBodyPx, kText);
  frame.button("display.calibrate", {kMargin + 400, y - 20, 520, 100}, ui.t("display.calibrate"),
               false, d.calibrating < 0);
  frame.label({kMargin + 960, y, 800, 60},
              ui.t(d.calibrated ? "display.calibrated.yes" : "display.calibrated.no"), kBodyPx,
              kMuted);
  y += 130;
  if (!d.message_key.empty()) {
    frame.label({kMargin, y, kWidth - 2 * kMargin, 60}, ui.t(d.message_key), kBodyPx,
                d.message_key == "display.calibration_refused" ? kError : kOk);
  }
  if (d.calibrating >= 0) {
    // The target: a cross to touch at its centre, and which of the three it is.
    frame.panel({d.target_x - 60, d.target_y - 3, 120, 6}, kError);
    frame.panel({d.target_x - 3, d.target_y - 60, 6, 120}, kError);
    frame.label({kMargin, kContentBottom - 240, kWidth - 2 * kMargin, 60},
                ui.t("display.touch_target") + " " + std::to_string(d.calibrating + 1) + " / 3",
                kBodyPx, kText);
  }
  bottom_row(ui, {{"back", kMargin, 360, "display.back"}});
}

}  // namespace yiwang::ui

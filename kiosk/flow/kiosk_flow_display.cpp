// The display's one technician setting: rotation and a three-point touch calibration, kept in the
// local state (display.setting) and audited; the loop applies it to rendering and touches.
#include "flow/kiosk_flow.h"
#include "toolkit/screen.h"
#include "toolkit/theme.h"

namespace yiwang::kiosk {

using ui::ScreenId;

void KioskFlow::show_display() {
  ui::DisplayView& d = model_.display;
  d.rotation = display_.rotation;
  d.calibrated = display_.touch != kIdentity;
  if (d.calibrating >= 0) {
    const auto targets = calibration_targets(ui::theme::kWidth, ui::theme::kHeight);
    d.target_x = static_cast<int>(targets[static_cast<std::size_t>(d.calibrating)].x);
    d.target_y = static_cast<int>(targets[static_cast<std::size_t>(d.calibrating)].y);
  }
  dirty_ = true;
}

bool KioskFlow::keep_display() {
  const auto status = state_.set_value("display.setting", to_text(display_));
  if (!status.ok()) logger_.error("flow", "display setting not kept: " + status.message);
  return status.ok();
}

void KioskFlow::act_maint_display(const std::string&) {
  model_.display = ui::DisplayView{};
  calibration_touches_.clear();
  show_display();
  go(ScreenId::display_setup);
}

void KioskFlow::act_display_rotate(const std::string& arg) {
  const int rotation = arg == "90" ? 90 : arg == "180" ? 180 : arg == "270" ? 270 : 0;
  if (rotation == 0 && arg != "0") return;
  display_.rotation = rotation;
  const bool kept = keep_display();
  logger_.info("flow", "display rotated to " + arg);
  journal_.audit("display.rotation", "display", arg, clock_.unix_ms());
  model_.display.calibrating = -1;
  model_.display.message_key = kept ? "display.rotated" : "display.not_kept";
  show_display();
}

void KioskFlow::act_display_calibrate(const std::string&) {
  calibration_touches_.clear();
  model_.display.calibrating = 0;
  model_.display.message_key.clear();
  journal_.audit("display.calibration_started", "display", "", clock_.unix_ms());
  show_display();
}

void KioskFlow::calibration_touch(double x, double y) {
  if (model_.screen != ScreenId::display_setup || !calibrating()) return;
  touched();
  calibration_touches_.push_back({x, y});
  if (calibration_touches_.size() < 3) {
    model_.display.calibrating = static_cast<int>(calibration_touches_.size());
    return show_display();
  }
  const auto targets = calibration_targets(ui::theme::kWidth, ui::theme::kHeight);
  const auto solved = solve_calibration(
      targets, {calibration_touches_[0], calibration_touches_[1], calibration_touches_[2]});
  calibration_touches_.clear();
  model_.display.calibrating = -1;
  if (!solved) {
    // A slip (three touches on a line, a mirrored result): the calibration in use stays.
    logger_.warning("flow", "touch calibration refused: the touches do not fit the targets");
    journal_.audit("display.calibration_refused", "display", "", clock_.unix_ms());
    model_.display.message_key = "display.calibration_refused";
    return show_display();
  }
  display_.touch = *solved;
  const bool kept = keep_display();
  logger_.info("flow", "touch calibrated: " + to_text(display_));
  journal_.audit("display.calibrated", "display", to_text(display_), clock_.unix_ms());
  model_.display.message_key = kept ? "display.calibrated" : "display.not_kept";
  show_display();
}

void KioskFlow::act_display_back(const std::string&) {
  calibration_touches_.clear();
  model_.display = ui::DisplayView{};
  go(ScreenId::maintenance);
}

}  // namespace yiwang::kiosk

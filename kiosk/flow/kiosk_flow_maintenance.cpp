// Maintenance mode: the hidden gesture, the PIN pad (PinGuard decides), the technician's screen;
// every step in the audit log, and any resident session parked (wiped) before the PIN pad shows.
#include "audit_chain.h"
#include "flow/kiosk_flow.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

using ui::ScreenId;

bool KioskFlow::technician_present() const {
  // The one list of technician screens (the wizard among them: a technician is at it).
  return ui::technician_screen(model_.screen);
}

void KioskFlow::clear_pin() {
  drivers::secure_wipe(pin_entry_);
  pin_entry_.clear();
  model_.maintenance.pin_length = 0;
}

void KioskFlow::maintenance_gesture() {
  if (technician_present()) return;
  if (model_.screen == ScreenId::submitting) {
    // A resident was told their application is being saved: that finishes first.
    logger_.info("flow", "maintenance gesture ignored while an application is being submitted");
    return;
  }
  const long long now = clock_.unix_ms();
  journal_.audit("maintenance.gesture", "maintenance", ui::screen_name(model_.screen), now);
  // The resident's session is parked before anyone types a PIN: wiped from memory and screen,
  // and any answer still on its way belongs to nobody.
  if (session_.active()) {
    journal_.audit("maintenance.session_parked", "maintenance", "resident session wiped", now);
    end_session("maintenance gesture");
  }
  model_.idle_warning = false;
  model_.maintenance = ui::MaintenanceView{};
  clear_pin();
  go(ScreenId::maintenance_pin);
  last_touch_ms_ = clock_.now_ms();
  if (auto until = pin_guard_.locked_until()) {
    model_.maintenance.message_key = "maint.pin.locked";
    model_.maintenance.message_detail = display_time_cst(*until).substr(11);
    model_.maintenance.message_error = true;
  } else if (!pin_guard_.has_pin()) {
    model_.maintenance.message_key = "maint.pin.none";
    model_.maintenance.message_error = true;
  }
}

void KioskFlow::act_pin_key(const std::string& arg) {
  if (arg == "del") {
    if (!pin_entry_.empty()) pin_entry_.pop_back();
  } else if (arg == "clear") {
    clear_pin();
  } else if (arg.size() == 1 && arg[0] >= '0' && arg[0] <= '9' &&
             pin_entry_.size() < PinGuard::kMaxDigits) {
    pin_entry_ += arg;
  }
  model_.maintenance.pin_length = static_cast<int>(pin_entry_.size());
  dirty_ = true;
}

void KioskFlow::act_pin_ok(const std::string&) {
  const PinCheck check = pin_guard_.check(pin_entry_);
  clear_pin();
  ui::MaintenanceView& m = model_.maintenance;
  m.message_detail.clear();
  m.message_error = true;
  switch (check.outcome) {
    case PinCheck::Outcome::accepted:
      logger_.info("flow", "maintenance mode entered");
      journal_.audit("maintenance.entered", "maintenance", "", clock_.unix_ms());
      model_.maintenance = ui::MaintenanceView{};
      go(ScreenId::maintenance);
      return;
    case PinCheck::Outcome::wrong:
      logger_.warning("flow", "maintenance PIN wrong");
      m.message_key = "maint.pin.wrong";
      m.message_detail = std::to_string(check.tries_left);
      break;
    case PinCheck::Outcome::locked:
      logger_.warning("flow", "maintenance PIN locked");
      m.message_key = "maint.pin.locked";
      m.message_detail = display_time_cst(check.locked_until_ms).substr(11);
      break;
    case PinCheck::Outcome::no_pin:
      m.message_key = "maint.pin.none";
      break;
    case PinCheck::Outcome::error:
      m.message_key = "maint.pin.error";
      break;
  }
  dirty_ = true;
}

void KioskFlow::act_pin_cancel(const std::string&) {
  clear_pin();
  model_.maintenance = ui::MaintenanceView{};
  go(resting_screen());
}

void KioskFlow::act_maint_audit(const std::string&) {
  store::AuditChain chain(journal_.database());
  const auto verdict = chain.verify();
  journal_.audit("maintenance.audit_checked", "audit",
                 verdict.intact ? "intact" : "broken at " + std::to_string(verdict.broken_id),
                 clock_.unix_ms());
  ui::MaintenanceView& m = model_.maintenance;
  if (verdict.intact) {
    m.audit_key = "maint.audit.intact";
    m.audit_detail = std::to_string(verdict.records + 1);  // with the check's own record
  } else {
    m.audit_key = "maint.audit.broken";
    m.audit_detail = std::to_string(verdict.broken_id) + " (" + verdict.problem + ")";
  }
  dirty_ = true;
}

void KioskFlow::act_maint_bundle(const std::string&) {
  ui::MaintenanceView& m = model_.maintenance;
  const auto [ok, detail] = ports_.write_support_bundle
                                ? ports_.write_support_bundle()
                                : std::pair<bool, std::string>{false, "no USB stick configured"};
  journal_.audit("maintenance.bundle", "bundle", (ok ? "written: " : "failed: ") + detail,
                 clock_.unix_ms());
  m.bundle_key = ok ? "maint.bundle.done" : "maint.bundle.failed";
  m.bundle_detail = detail;
  dirty_ = true;
}

void KioskFlow::act_maint_exit(const std::string&) {
  logger_.info("flow", "maintenance mode left");
  journal_.audit("maintenance.left", "maintenance", "by the technician", clock_.unix_ms());
  model_.maintenance = ui::MaintenanceView{};
  go(resting_screen());
  self_test_tick();  // a test still waiting for a card or a code ends here
}

}  // namespace yiwang::kiosk

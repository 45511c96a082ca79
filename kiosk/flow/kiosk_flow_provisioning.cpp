// The first-boot wizard (and re-enrollment once the platform refuses an expired certificate):
// scan the provisioning code, enroll, self-test, ready; each error names its step and what to
// check. Every step is a record of the audit chain (never the code itself: it holds a token).
#include <set>

#include "flow/kiosk_flow.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

using ui::ScreenId;

namespace {
// The wizard's step once enrolled ("selftest", "ready"), kept in the local state so that a
// restart between the enrollment and "Start serving" comes back to the wizard, not to residents.
constexpr const char* kStepKey = "provisioning.step";
}  // namespace

void KioskFlow::keep_provisioning_step(const std::string& step) {
  const auto status = state_.set_value(kStepKey, step);
  if (!status.ok()) logger_.error("flow", "the wizard's step could not be kept: " + status.message);
}

bool KioskFlow::resume_provisioning() {
  const std::string kept = state_.value(kStepKey).value_or("");
  if (kept != "selftest" && kept != "ready") return false;
  open_provisioning(false);
  // The self-test's results lived in memory only: the wizard resumes at the self-test, which
  // runs again (a test card and a code take a technician a minute); enrolled, no new scan.
  journal_.audit("provisioning.resumed", "provisioning", "after a restart, at " + kept,
                 clock_.unix_ms());
  logger_.info("flow", "the wizard resumes after a restart: enrolled, self-test again");
  ui::ProvisioningView& p = model_.provisioning;
  p.terminal_id = settings_.terminal_id;
  p.step = "selftest";
  keep_provisioning_step("selftest");
  dirty_ = true;
  start_self_test(true, "");
  return true;
}

void KioskFlow::open_provisioning(bool reenroll) {
  provisioning_ = true;
  model_.provisioning = ui::ProvisioningView{};
  model_.provisioning.reenroll = reenroll;
  model_.maintenance.self_test.clear();
  logger_.info("flow", reenroll ? "re-enrollment needed: the provisioning wizard shows"
                                : "not enrolled: the provisioning wizard shows");
  journal_.audit("provisioning.opened", "provisioning", reenroll ? "re-enroll" : "first boot",
                 clock_.unix_ms());
  go(ScreenId::provisioning);
}

void KioskFlow::provisioning_scan(const drivers::ScanEvent& scan, const ScanContent& content) {
  ui::ProvisioningView& p = model_.provisioning;
  if (p.step != "scan") {
    logger_.info("flow", "code ignored: the wizard is at its " + p.step + " step");
    return;
  }
  if (content.kind != ScanKind::provisioning) {
    journal_.audit("provisioning.scan_refused", "provisioning",
                   std::string(to_string(content.kind)), clock_.unix_ms());
    p.error_step = "scan";
    p.error_key = "prov.error.not_provisioning";
    dirty_ = true;
    return;
  }
  if (!ports_.enroll) return;
  journal_.audit("provisioning.scanned", "provisioning", "enrolling", clock_.unix_ms());
  logger_.info("platform", "provisioning code scanned in the wizard: enrolling");
  p.step = "enroll";
  p.error_key.clear();
  p.error_step.clear();
  dirty_ = true;
  ports_.enroll(scan.code);
}

void KioskFlow::provisioning_enrolled(const PlatformAnswer& answer) {
  ui::ProvisioningView& p = model_.provisioning;
  if (!answer.ok) {
    // Back to the scan step, saying which step failed and what to check; a new code may follow.
    static const std::set<std::string> kKnown{"bad_code",      "no_network", "wrong_ca",
                                              "token_invalid", "token_used", "bad_answer",
                                              "storage"};
    const std::string& code = answer.error.code;
    p.step = "scan";
    p.error_step = code == "bad_code" ? "scan" : "enroll";
    p.error_key = "prov.error." + (kKnown.count(code) ? code : std::string("refused"));
    dirty_ = true;
    return;
  }
  p.terminal_id = settings_.terminal_id;
  p.error_key.clear();
  p.error_step.clear();
  p.step = "selftest";
  keep_provisioning_step("selftest");
  dirty_ = true;
  // The technician is here: the card and the scanner are tried too.
  start_self_test(true, "");
}

void KioskFlow::provisioning_tested() {
  ui::ProvisioningView& p = model_.provisioning;
  if (p.step != "selftest" || !self_test_) return;
  p.step = "ready";
  p.self_test_ok = self_test_->failed() == 0;
  p.pin_set = pin_guard_.has_pin();
  keep_provisioning_step("ready");
  journal_.audit("provisioning.tested", "provisioning",
                 p.self_test_ok ? "no device failed" : "a device failed", clock_.unix_ms());
  dirty_ = true;
}

void KioskFlow::act_prov_self_test(const std::string&) {
  if (model_.provisioning.step != "ready") return;
  journal_.audit("provisioning.retest", "provisioning", "", clock_.unix_ms());
  model_.provisioning.step = "selftest";
  dirty_ = true;
  start_self_test(true, "");
}

void KioskFlow::act_prov_finish(const std::string&) {
  // Only once enrolled and tested: an unenrolled kiosk never shows residents the attract screen.
  if (model_.provisioning.step != "ready") return;
  logger_.info("flow", "provisioning finished: terminal " + settings_.terminal_id + " serves");
  journal_.audit("provisioning.finished", "provisioning", settings_.terminal_id, clock_.unix_ms());
  keep_provisioning_step("");  // done: a restart now shows residents the attract screen
  provisioning_ = false;
  model_.provisioning = ui::ProvisioningView{};
  model_.maintenance.self_test.clear();
  go(resting_screen());
}

}  // namespace yiwang::kiosk

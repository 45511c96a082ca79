// The self-test of every device, from maintenance mode (a technician there: place a card, scan
// the code the test receipt carries) or from the platform's self_test command (nobody there:
// what needs a person is reported untested). Each check's end and time go to the screen, the
// log, the audit log, the heartbeat and the command's result.
#include <random>

#include "flow/kiosk_flow.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

using ui::ScreenId;
using Outcome = DeviceCheck::Outcome;

namespace {

constexpr long long kInteractiveTimeoutMs = 90000;  // a technician finds a card, scans the code
constexpr long long kRemoteTimeoutMs = 60000;       // printers finish their pages

std::string new_nonce() {
  std::random_device random;
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string nonce;
  for (int i = 0; i < 12; ++i) nonce += kDigits[random() % 16];
  return nonce;
}

}  // namespace

bool KioskFlow::self_test_running() const { return self_test_ && !self_test_->done(); }

void KioskFlow::start_self_test(bool interactive, const std::string& command_id) {
  if (self_test_running()) {
    if (!command_id.empty()) finish_command(command_id, false, "a self-test is already running");
    return;
  }
  const long long now = clock_.now_ms();
  self_test_concluded_ = false;
  self_test_.emplace(interactive, new_nonce(), now,
                     interactive ? kInteractiveTimeoutMs : kRemoteTimeoutMs);
  self_test_command_ = command_id;
  SelfTest& test = *self_test_;
  logger_.info("selftest",
               std::string("started (") + (interactive ? "maintenance" : "command") + ")");
  journal_.audit("selftest.started", "selftest", interactive ? "maintenance" : command_id,
                 clock_.unix_ms());
  auto state = [this](const std::string& name) {
    const auto found = model_.devices.find(name);
    return found == model_.devices.end() ? std::string() : found->second;
  };
  auto usable = [](const std::string& s) {
    return s == "online" || s == "paper_low" || s == "communication_errors" || s == "deviceBusy";
  };
  // The receipt printer: a test receipt with its probed capabilities and the scanner's code.
  const std::string receipt = state("receipt");
  // (A printer that has not reported yet, just after a start, is tried all the same.)
  if (!ports_.print_receipt) {
    test.decide("receipt", Outcome::absent, "selftest.absent", "", now);
  } else if (!receipt.empty() && !usable(receipt)) {
    test.decide("receipt", Outcome::failed, "selftest.device_state", receipt, now);
  } else {
    test.begin("receipt", now);
    const std::string capabilities =
        ports_.receipt_capabilities ? ports_.receipt_capabilities() : "";
    const std::string job = test.receipt_job();
    const auto begun = journal_.begin(job, "selftest", false, "{}", clock_.unix_ms());
    if (!begun.ok()) {
      test.decide("receipt", Outcome::failed, "selftest.not_journaled", begun.message, now);
    } else {
      ports_.print_receipt(
          job, self_test_receipt(settings_.terminal_id, display_time_cst(clock_.unix_ms()),
                                 capabilities, test.code()));
    }
  }
  // The certificate printer: an A4 test page.
  const std::string certificate = state("certificate");
  if (!ports_.print_test_page) {
    test.decide("certificate", Outcome::absent, "selftest.absent", "", now);
  } else if (!certificate.empty() && !usable(certificate)) {
    test.decide("certificate", Outcome::failed, "selftest.device_state", certificate, now);
  } else {
    test.begin("certificate", now);
    ports_.print_test_page(test.page_job(), self_test_page_pdf(settings_.terminal_id,
                                                               display_time_cst(clock_.unix_ms())));
  }
  // The card reader reads any card placed on it; the scanner reads the test receipt's code.
  for (const char* name : {"idcard", "scanner", "camera"}) {
    const std::string s = state(name);
    if (s.empty()) {
      if (std::string(name) != "camera")
        test.decide(name, Outcome::absent, "selftest.absent", "", now);
    } else if (!usable(s)) {
      test.decide(name, Outcome::failed, "selftest.device_state", s, now);
    } else if (!interactive) {
      test.decide(
          name, Outcome::untested,
          std::string(name) == "idcard" ? "selftest.idcard.nobody" : "selftest.scanner.nobody", "",
          now);
    } else {
      test.begin(name, now);
    }
  }
  // The voice: one line, heard when it starts playing.
  test.begin("voice", now);
  if (!ports_.say_test_line ||
      !ports_.say_test_line(i18n_.text("selftest.voice_line", ui::Language::zh))) {
    test.decide("voice", ports_.say_test_line ? Outcome::failed : Outcome::absent,
                ports_.say_test_line ? "selftest.voice.failed" : "selftest.absent", "", now);
  }
  show_self_test();
  conclude_self_test();
}

void KioskFlow::self_test_step(const std::string& device, bool ok, const std::string& key,
                               const std::string& note) {
  if (!self_test_ || !self_test_->waiting(device)) return;
  self_test_->decide(device, ok ? Outcome::passed : Outcome::failed, key, note, clock_.now_ms());
  logger_.info("selftest",
               device + (ok ? " passed" : " failed") + (note.empty() ? "" : ": " + note));
  show_self_test();
  conclude_self_test();
}

bool KioskFlow::self_test_card(drivers::IdCard& card) {
  if (!self_test_ || !self_test_->waiting("idcard")) return false;
  card.wipe();  // only that a card was read is kept: never what it says
  self_test_step("idcard", true, "selftest.idcard.read", "");
  return true;
}

bool KioskFlow::self_test_scan(const drivers::ScanEvent& scan) {
  if (!self_test_) return false;
  const bool test_code = scan.code == self_test_->code();
  if (!self_test_->waiting("scanner") && !self_test_->waiting("camera")) return test_code;
  if (scan.kind != drivers::ScanEvent::Kind::scanned) return false;
  // Any code read counts for the device (it reads); the test code says the print is readable.
  const std::string device = self_test_->waiting("scanner") ? "scanner" : "camera";
  self_test_step(device, true,
                 test_code ? "selftest.scanner.test_code" : "selftest.scanner.other_code", "");
  return true;
}

void KioskFlow::self_test_tick() {
  if (!self_test_running()) return;
  // A technician's test ends with maintenance mode: a resident's card or code is never the test's.
  if (self_test_->interactive() && !ui::technician_screen(model_.screen)) {
    self_test_->end_now(clock_.now_ms());
    show_self_test();
    conclude_self_test();
  } else if (self_test_->expire(clock_.now_ms())) {
    show_self_test();
    conclude_self_test();
  }
}

void KioskFlow::show_self_test() {
  if (!self_test_) return;
  auto& rows = model_.maintenance.self_test;
  rows.clear();
  for (const auto& check : self_test_->checks()) {
    if (check.outcome == Outcome::absent) continue;
    rows.push_back({check.device, std::string(to_string(check.outcome)), check.key, check.note,
                    check.outcome == Outcome::running ? -1 : check.took_ms});
  }
  model_.maintenance.self_test_running = !self_test_->done();
  dirty_ = true;
}

void KioskFlow::conclude_self_test() {
  if (!self_test_ || !self_test_->done() || self_test_concluded_) return;
  self_test_concluded_ = true;
  auto english = [this](const std::string& key) { return i18n_.text(key, ui::Language::en); };
  const std::string summary = self_test_->summary(english);
  logger_.info("selftest", summary);
  journal_.audit("selftest.done", "selftest", summary.substr(0, 500), clock_.unix_ms());
  if (ports_.report_self_test)
    ports_.report_self_test(self_test_->to_json(english, clock_.unix_ms()));
  if (!self_test_command_.empty()) {
    const std::string id = self_test_command_;
    self_test_command_.clear();
    finish_command(id, self_test_->failed() == 0, summary);
  } else if (ports_.report_now) {
    ports_.report_now();
  }
  if (provisioning_ && model_.screen == ScreenId::provisioning) provisioning_tested();
}

void KioskFlow::act_maint_self_test(const std::string&) { start_self_test(true, ""); }

}  // namespace yiwang::kiosk

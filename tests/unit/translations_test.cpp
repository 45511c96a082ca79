// Every string the screens show comes from the translation table, in both languages: keys written
// in the sources and keys built from data (delivery methods, levels, reasons, devices, states).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/device_status.h"
#include "flow/catalog_model.h"
#include "services/i18n.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

// Every "word.word" literal in the screens and the flow is a translation key, except intents
// (widget ids), card autofill names and one key prefix, which are listed here.
std::set<std::string> keys_in_sources() {
  static const std::regex kLiteral(R"re("([a-z_]+\.[a-z_0-9]+)")re");
  static const std::set<std::string> kNotKeys = {
      "commit.toggle", "eval.skip", "eval.submit", "sim.card", "to.evaluate", "evaluate.level",
      // Answer purposes and audit log events: names in the kiosk's own records.
      "certificate.document", "case.status", "certificate.sent", "certificate.refused",
      "certificate.printed", "certificate.not_printed", "pay.new", "pay.later", "payment.order",
      "payment.status", "search.open", "case.rate",
      // The writing pad's intent (issue 13's text keyboard), the express delivery's fields (form
      // keys) and the review's way back to them.
      "ime.stroke", "delivery.address", "delivery.phone", "delivery.edit",
      // The signature pad's intent.
      "sign.stroke",
      // Maintenance mode: its PIN pad's intent and its audit log events.
      "pin.ok", "maintenance.gesture", "maintenance.session_parked", "maintenance.entered",
      "maintenance.left", "maintenance.audit_checked", "maintenance.bundle",
      // The self-test: its voice answer's purpose and its audit log events.
      "self_test.voice", "selftest.started", "selftest.done", "maintenance.diagnostics",
      "maintenance.dead_resolved",
      // Local state keys of the platform's configuration and commands.
      "config.body", "config.version", "terminal.disabled_by_command",
      // The provisioning wizard's, renewal's and the display setting's audit events, answer
      // purposes and local state key.
      "provisioning.opened", "provisioning.scan_refused", "provisioning.scanned",
      "provisioning.tested", "provisioning.retest", "provisioning.finished", "provisioning.resumed",
      "provisioning.step", "provisioning.enroll_failed", "provisioning.enrolled",
      "certificate.renewal", "certificate.renewed", "certificate.renewal_failed", "display.setting",
      "display.calibration_started",
      // Voice guidance's intents and the help request's answer purpose (issue 15).
      "voice.up", "voice.down", "voice.repeat", "help.request"};
  std::set<std::string> keys;
  for (const char* folder : {"screens", "kiosk/flow"}) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(YIWANG_SOURCE_DIR) / folder)) {
      if (entry.path().extension() != ".cpp") continue;
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        if (line.rfind("#include", 0) == 0) continue;
        for (std::sregex_iterator it(line.begin(), line.end(), kLiteral), end; it != end; ++it) {
          const std::string literal = (*it)[1];
          if (!kNotKeys.count(literal) && literal.rfind("card.", 0) != 0) keys.insert(literal);
        }
      }
    }
  }
  return keys;
}

}  // namespace

TEST_CASE("every key the code and the data use is translated into Chinese and English") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  std::set<std::string> keys = keys_in_sources();
  CHECK(keys.size() > 60);  // the scan itself works
  std::ifstream in(YIWANG_ASSETS_DIR "/catalog/demo-catalog.json");
  std::stringstream catalog_text;
  catalog_text << in.rdbuf();
  auto catalog = kiosk::parse_catalog(catalog_text.str(), error);
  REQUIRE(catalog);
  for (const auto& item : catalog->items) {
    for (const auto& method : item.view.delivery) keys.insert("delivery." + method);
  }
  for (int level = 1; level <= 5; ++level) keys.insert("evaluate.level" + std::to_string(level));
  for (const char* reason :
       {"long_wait", "hard_to_use", "unclear_guide", "device_fault", "staff_attitude"}) {
    keys.insert(std::string("reason.") + reason);
  }
  for (const char* code : {"missing", "invalid_format", "too_long", "invalid_option",
                           "out_of_range", "region_incomplete", "street_missing"}) {
    keys.insert(std::string("error.") + code);
  }
  for (const char* status :
       {"submitted", "accepted", "in_review", "completed", "rejected", "other"})
    keys.insert(std::string("case.status.") + status);
  // The technician's screens (keys with two dots, which the source scan does not take).
  for (const char* key : {"maint.pin.title",
                          "maint.pin.prompt",
                          "maint.pin.ok",
                          "maint.pin.wrong",
                          "maint.pin.locked",
                          "maint.pin.none",
                          "maint.pin.error",
                          "maint.audit.intact",
                          "maint.audit.broken",
                          "maint.bundle.done",
                          "maint.bundle.failed",
                          "maint.selftest.running",
                          "selftest.idcard.read",
                          "selftest.idcard.place_card",
                          "selftest.idcard.nobody",
                          "selftest.scanner.test_code",
                          "selftest.scanner.other_code",
                          "selftest.scanner.scan_code",
                          "selftest.scanner.nobody",
                          "selftest.receipt.printed",
                          "selftest.certificate.printed",
                          "selftest.voice.played",
                          "selftest.voice.failed",
                          "date.unit.y",
                          "date.unit.m",
                          "date.unit.d"})
    keys.insert(key);
  // Voice guidance's lines (kiosk/flow/voice_lines.cpp: keys with two dots).
  for (const char* key :
       {"voice.catalog.search",   "voice.guide.days",           "voice.guide.fee",
        "voice.guide.apply",      "voice.guide.certificates",   "voice.guide.hall",
        "voice.form.focus",       "voice.form.problems",        "voice.receipt.accepted",
        "voice.receipt.promised", "voice.receipt.saved",        "voice.receipt.fee",
        "voice.receipt.next",     "voice.certificates.loading", "voice.certificates.none",
        "voice.progress.loading", "voice.progress.case",        "voice.progress.list",
        "voice.progress.queued",  "voice.help.sending",         "voice.help.sent",
        "voice.help.sent_no_eta", "voice.help.offline",         "voice.help.hours",
        "voice.help.choose",      "help.choose.title",          "help.choose.note"})
    keys.insert(key);
  // The reasons for help (screens/screens/help_choice.cpp: help.reason.<the contract's code>).
  for (const char* reason : {"cannot_read", "cannot_type", "need_explanation", "other"})
    keys.insert(std::string("help.reason.") + reason);
  // Each language's espeak-ng voice (kiosk/services/i18n.cpp, I18n::voices()).
  keys.insert("voice.espeak");
  for (const char* paper : {"paper_low", "paper_out", "paper_jammed"})
    keys.insert(std::string("state.") + paper);
  for (const char* outcome : {"running", "passed", "failed", "untested"})
    keys.insert(std::string("selftest.outcome.") + outcome);
  for (const char* device : {"idcard", "receipt", "scanner", "camera", "certificate", "voice"})
    keys.insert(std::string("device.") + device);
  using drivers::DeviceState;
  for (DeviceState state :
       {DeviceState::starting, DeviceState::online, DeviceState::offline, DeviceState::powerOff,
        DeviceState::noDevice, DeviceState::hardwareError, DeviceState::userError,
        DeviceState::busy}) {
    keys.insert("state." + std::string(drivers::to_string(state)));
  }
  for (const auto& key : keys) {
    const ui::Bilingual text = i18n.both(key);
    INFO("key: ", key);
    CHECK(text.zh != key);
    CHECK_FALSE(text.en.empty());
  }
}

// The first-boot wizard in the flow, with recorded ports and a fake clock: an unenrolled kiosk
// rests on it, a resident's code is refused in words, an enrollment refused names its step and
// what to check, the enrollment answer's PIN hash becomes the maintenance PIN, the self-test
// runs, and only "ready" hands the kiosk to residents; an expired certificate reopens it; a
// restart between the enrollment and "Start serving" comes back to the wizard's self-test.
#include <doctest/doctest.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>

#include "audit_chain.h"
#include "flow/kiosk_flow.h"
#include "support/fake_clock.h"
#include "support/test_key.h"

using namespace yiwang;
using kiosk::KioskFlow;
using test::FakeClock;
using ui::ScreenId;

namespace {

constexpr const char* kCode = "kiosk-enroll:v1:eyJwbGF0Zm9ybSI6Imh0dHBzOi8veCJ9";

struct Wizard {
  FakeClock clock;
  kiosk::Logger logger{"", false};
  kiosk::I18n i18n;
  std::unique_ptr<store::Database> database;
  store::SealingKey key = test::test_key();
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<store::ReceiptJournal> journal;
  std::unique_ptr<KioskFlow> flow;
  std::vector<std::string> enrolls;  // codes handed to enrollment
  int relinks = 0;

  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("yiwang-wizard-" + std::to_string(::getpid()) + ".db");

  explicit Wizard(bool enrolled = false) {
    std::string error;
    REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    open(enrolled);
  }
  // A restart: everything closed and opened again from the same database; an enrolled kiosk
  // starts as the app starts one with an identity (no wizard asked for).
  void restart() {
    flow.reset();
    journal.reset();
    state.reset();
    outbox.reset();
    database.reset();
    open(true);
  }
  void open(bool enrolled) {
    auto opened = store::Database::open(path.string());
    REQUIRE(opened.status.ok());
    database = std::move(opened.database);
    outbox = std::make_unique<store::Outbox>(*database, key);
    state = std::make_unique<store::LocalState>(*database);
    journal = std::make_unique<store::ReceiptJournal>(*database);
    kiosk::FlowPorts ports;
    ports.enroll = [this](const std::string& code) { enrolls.push_back(code); };
    ports.enrolled = [this] { ++relinks; };
    kiosk::FlowSettings settings;
    settings.enrolled = enrolled;
    settings.provisioning = !enrolled;
    if (enrolled) settings.terminal_id = "T4601050009";
    flow = std::make_unique<KioskFlow>(settings, ports, *outbox, *state, *journal, clock, logger,
                                       i18n);
    flow->start();
  }
  void scan(const std::string& code) {
    drivers::ScanEvent scan;
    scan.code = code;
    flow->handle_event(scan);
  }
  void answer(bool ok, const std::string& problem, nlohmann::json body = nlohmann::json::object()) {
    kiosk::PlatformAnswer answer;
    answer.purpose = "enroll";
    answer.ok = ok;
    answer.error.code = problem;
    answer.error.title = "enrollment refused: " + problem;
    answer.body = std::move(body);
    flow->handle_event(answer);
  }
  int audited(const std::string& event) {
    int n = 0;
    for (const auto& r : store::AuditChain(*database).records()) n += r.event == event;
    return n;
  }
  const ui::ProvisioningView& view() const { return flow->model().provisioning; }
};

}  // namespace

TEST_CASE("an unenrolled kiosk rests on the wizard; each error names its step") {
  Wizard w;
  REQUIRE(w.flow->model().screen == ScreenId::provisioning);
  CHECK(w.view().step == "scan");
  // Nothing of the residents' is offered: "start" is not a row of this screen.
  w.flow->handle_intent("start");
  CHECK(w.flow->model().screen == ScreenId::provisioning);
  // Finishing before anything is done does nothing.
  w.flow->handle_intent("prov.finish");
  CHECK(w.flow->model().screen == ScreenId::provisioning);

  w.scan("EID1:11010519491231002X:ZHANG");  // a resident's code, not a provisioning code
  CHECK(w.view().error_key == "prov.error.not_provisioning");
  CHECK(w.view().error_step == "scan");
  CHECK(w.enrolls.empty());

  for (const char* problem : {"no_network", "wrong_ca", "token_used", "token_invalid"}) {
    w.scan(kCode);
    REQUIRE(w.enrolls.size() > 0);
    CHECK(w.view().step == "enroll");
    CHECK(w.view().error_key.empty());
    w.scan(kCode);  // a second scan while enrolling is not a second enrollment
    w.answer(false, problem);
    CHECK(w.view().step == "scan");
    CHECK(w.view().error_step == "enroll");
    CHECK(w.view().error_key == std::string("prov.error.") + problem);
  }
  CHECK(w.enrolls.size() == 4);
  w.scan(kCode);
  w.answer(false, "bad_code");  // the code's content is not usable: the scan step failed
  CHECK(w.view().error_step == "scan");
  w.scan(kCode);
  w.answer(false, "something_new");
  CHECK(w.view().error_key == "prov.error.refused");
  CHECK(w.audited("provisioning.enroll_failed") == 6);
  CHECK(w.audited("provisioning.scan_refused") == 1);
  CHECK(w.flow->model().screen == ScreenId::provisioning);
}

TEST_CASE("enrolled by the wizard: the platform's PIN, the self-test, then residents") {
  REQUIRE(sodium_init() >= 0);
  char hash[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(hash, "864200", 6, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
  Wizard w;
  kiosk::PinGuard guard(*w.state, *w.journal, w.clock);
  CHECK_FALSE(guard.has_pin());  // no built-in PIN
  w.scan(kCode);
  w.answer(true, "",
           {{"terminal_id", "T4601050009"},
            {"site_zh", "测试中心"},
            {"site_en", "Test centre"},
            {"config", {{"maintenance_pin_hash", hash}, {"idle_timeout_s", 45}}}});
  CHECK(w.relinks == 1);
  CHECK(guard.has_pin());
  CHECK(guard.check("864200").outcome == kiosk::PinCheck::Outcome::accepted);
  // No device answers in this bench: the self-test ends at once, and the wizard is ready.
  CHECK(w.view().step == "ready");
  CHECK(w.view().terminal_id == "T4601050009");
  CHECK(w.view().pin_set);
  CHECK(w.audited("selftest.done") == 1);
  w.flow->handle_intent("prov.selftest");  // again, from "ready"
  CHECK(w.audited("selftest.done") == 2);
  CHECK(w.view().step == "ready");
  w.flow->handle_intent("prov.finish");
  CHECK(w.flow->model().screen == ScreenId::attract);
  CHECK(w.audited("provisioning.finished") == 1);
  // A provisioning code scanned now, with the certificate accepted, re-points nothing.
  w.scan(kCode);
  CHECK(w.enrolls.size() == 1);
}

TEST_CASE("an expired certificate takes a resting kiosk to the wizard's re-enroll step") {
  Wizard w(true);
  REQUIRE(w.flow->model().screen == ScreenId::attract);
  kiosk::LinkChanged held;
  held.state = kiosk::LinkState::held;
  held.reason_code = "certificate_expired";
  w.flow->handle_event(held);
  REQUIRE(w.flow->model().screen == ScreenId::provisioning);
  CHECK(w.view().reenroll);
  w.scan(kCode);
  CHECK(w.enrolls.size() == 1);  // held: a new code is taken
}

TEST_CASE("a restart after the enrollment resumes the wizard at its self-test, not residents") {
  Wizard w;
  w.scan(kCode);
  w.answer(true, "", {{"terminal_id", "T4601050009"}});
  REQUIRE(w.view().step == "ready");  // no device here: the self-test ended at once
  // The kiosk restarts (power cut, watchdog) before "Start serving": enrolled now, but the
  // self-test has not been seen passing by anybody.
  w.restart();
  REQUIRE(w.flow->model().screen == ScreenId::provisioning);
  CHECK(w.view().terminal_id == "T4601050009");
  CHECK(w.audited("provisioning.resumed") == 1);
  CHECK(w.audited("selftest.done") == 2);  // run again after the restart
  CHECK(w.view().step == "ready");
  w.flow->handle_intent("start");  // still nothing of the residents'
  CHECK(w.flow->model().screen == ScreenId::provisioning);
  w.flow->handle_intent("prov.finish");
  CHECK(w.flow->model().screen == ScreenId::attract);
  // Finished: the next restart serves residents, and no scan is asked for again.
  w.restart();
  CHECK(w.flow->model().screen == ScreenId::attract);
  CHECK(w.audited("provisioning.resumed") == 1);
  CHECK(w.enrolls.size() == 1);
}

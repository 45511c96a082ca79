// The self-test in the flow, with recorded ports and a fake clock: from maintenance mode every
// device is tried (a card, the test code, the test receipt, the A4 page, the voice) and each
// ends with its time; from the platform's command what needs a person is "untested", and the
// command's result says so.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "command_log.h"
#include "flow/kiosk_flow.h"
#include "idcard/sim/reader_simulator.h"
#include "screens/screens.h"
#include "support/fake_clock.h"
#include "support/test_key.h"

using namespace yiwang;
using kiosk::KioskFlow;
using test::FakeClock;
using ui::ScreenId;

namespace {

struct Bench {
  FakeClock clock;
  kiosk::Logger logger{"", false};
  kiosk::I18n i18n;
  std::unique_ptr<store::Database> database;
  store::SealingKey key = test::test_key();
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<store::ReceiptJournal> journal;
  std::unique_ptr<KioskFlow> flow;
  std::vector<std::string> receipt_jobs;
  std::vector<drivers::ReceiptDocument> receipts;
  std::vector<std::pair<std::string, std::string>> pages;  // job, pdf
  std::vector<std::string> lines;                          // voice lines
  bool voice = true;
  nlohmann::json reported;
  int reports_now = 0;

  Bench() {
    std::string error;
    REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
    const auto path = std::filesystem::temp_directory_path() /
                      ("yiwang-selftest-" + std::to_string(::getpid()) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    auto opened = store::Database::open(path.string());
    REQUIRE(opened.status.ok());
    database = std::move(opened.database);
    outbox = std::make_unique<store::Outbox>(*database, key);
    state = std::make_unique<store::LocalState>(*database);
    journal = std::make_unique<store::ReceiptJournal>(*database);
    kiosk::FlowPorts ports;
    ports.print_receipt = [this](std::string job, drivers::ReceiptDocument document) {
      receipt_jobs.push_back(job);
      receipts.push_back(std::move(document));
    };
    ports.receipt_capabilities = [] { return "576 dots, native QR; TM-T88V"; };
    ports.print_test_page = [this](const std::string& job, std::string pdf) {
      pages.emplace_back(job, std::move(pdf));
    };
    ports.say_test_line = [this](const std::string& line) {
      if (!voice) return false;
      lines.push_back(line);
      return true;
    };
    ports.report_self_test = [this](nlohmann::json results) { reported = std::move(results); };
    ports.report_now = [this] { ++reports_now; };
    kiosk::FlowSettings settings;
    settings.terminal_id = "T1";
    flow = std::make_unique<KioskFlow>(settings, ports, *outbox, *state, *journal, clock, logger,
                                       i18n);
    flow->start();
    for (const char* name : {"idcard", "scanner", "receipt", "certificate"}) device(name, "online");
  }
  void device(const std::string& name, const std::string& state_name) {
    drivers::CardReaderEvent event;
    event.status.name = name;
    event.status.state =
        state_name == "online" ? drivers::DeviceState::online : drivers::DeviceState::noDevice;
    flow->handle_event(event);
  }
  void enter_maintenance() {
    kiosk::PinGuard guard(*state, *journal, clock);
    REQUIRE(guard.set_pin("135790", "test").ok());
    flow->maintenance_gesture();
    for (char c : std::string("135790")) flow->handle_intent(std::string("key:") + c);
    flow->handle_intent("pin.ok");
    REQUIRE(flow->model().screen == ScreenId::maintenance);
  }
  const ui::SelfTestRowView* row(const std::string& device) const {
    for (const auto& r : flow->model().maintenance.self_test) {
      if (r.device == device) return &r;
    }
    return nullptr;
  }
  void printed(const std::string& job, bool ok, const std::string& reason = "") {
    kiosk::PrintDone done;
    done.job_id = job;
    done.printed = ok;
    done.cut_confirmed = ok;
    done.reason = reason;
    flow->handle_event(done);
  }
  void page_done(const std::string& job, bool ok, const std::string& reason = "") {
    flow->handle_event(kiosk::CertificatePrintDone{job, ok, reason, reason});
  }
  void voice_played(bool ok) {
    kiosk::PlatformAnswer answer;
    answer.purpose = "self_test.voice";
    answer.ok = ok;
    answer.error.detail = ok ? "1200 ms of speech" : "audio: no device";
    flow->handle_event(answer);
  }
};

std::string text_of(const drivers::ReceiptDocument& document) {
  std::string text;
  for (const auto& block : document.blocks) text += block.text + "\n";
  return text;
}

}  // namespace

TEST_CASE("self-test from maintenance mode: every device tried, each with its time") {
  Bench b;
  b.enter_maintenance();
  b.flow->handle_intent("maint.selftest");
  CHECK(b.flow->model().maintenance.self_test_running);
  // The test receipt carries the printer's capabilities and the code for the scanner.
  REQUIRE(b.receipt_jobs.size() == 1);
  const std::string receipt = text_of(b.receipts[0]);
  CHECK(receipt.find("TM-T88V") != std::string::npos);
  const auto code_at = receipt.find("YWSELFTEST:");
  REQUIRE(code_at != std::string::npos);
  const std::string code = receipt.substr(code_at, receipt.find('\n', code_at) - code_at);
  // The A4 page is a PDF; the voice said its line.
  REQUIRE(b.pages.size() == 1);
  CHECK(b.pages[0].second.rfind("%PDF-1.4", 0) == 0);
  CHECK(b.pages[0].second.find("%%EOF") != std::string::npos);
  CHECK(b.lines.size() == 1);
  // A second tap while it runs starts nothing new.
  b.flow->handle_intent("maint.selftest");
  CHECK(b.receipt_jobs.size() == 1);

  b.clock.now += 1500;
  b.printed(b.receipt_jobs[0], true);
  REQUIRE(b.row("receipt"));
  CHECK(b.row("receipt")->outcome == "passed");
  CHECK(b.row("receipt")->ms == 1500);
  b.clock.now += 500;
  b.page_done(b.pages[0].first, true);
  b.voice_played(true);
  CHECK(b.row("voice")->outcome == "passed");
  // The technician places a card: read, and nothing of it kept; then scans the printed code.
  b.clock.now += 3000;
  drivers::CardReaderEvent card;
  card.kind = drivers::CardReaderEvent::Kind::cardRead;
  card.card = *drivers::sample_card("zhang-san");
  b.flow->handle_event(card);
  CHECK(b.row("idcard")->outcome == "passed");
  CHECK(b.row("idcard")->ms == 5000);
  CHECK(b.flow->model().screen == ScreenId::maintenance);  // no session started
  CHECK(b.flow->model().display_name.empty());
  CHECK(b.flow->model().maintenance.self_test_running);
  drivers::ScanEvent scan;
  scan.code = code;
  b.flow->handle_event(scan);
  CHECK(b.row("scanner")->outcome == "passed");
  CHECK(b.row("scanner")->key == "selftest.scanner.test_code");
  CHECK_FALSE(b.flow->model().maintenance.self_test_running);
  // Reported for the heartbeat: five devices passed.
  CHECK(b.reported.value("passed", 0) == 5);
  CHECK(b.reported.value("failed", -1) == 0);
  CHECK(b.reported["devices"].size() == 5);
  // In the audit chain, started and done.
  int started = 0, done = 0;
  for (const auto& r : b.journal->audit_log(100)) {
    started += r.event == "selftest.started";
    done += r.event == "selftest.done";
  }
  CHECK(started == 1);
  CHECK(done == 1);
}

TEST_CASE(
    "self-test: no card placed in time says so; a printer out of paper fails; leaving ends it") {
  Bench b;
  b.voice = false;
  b.enter_maintenance();
  b.flow->handle_intent("maint.selftest");
  b.printed(b.receipt_jobs.at(0), false, "paper_out");
  CHECK(b.row("receipt")->outcome == "failed");
  CHECK(b.row("receipt")->note == "paper_out");
  CHECK(b.row("voice")->outcome == "failed");  // no audio device: the line cannot be played
  b.page_done(b.pages.at(0).first, false, "media_empty");
  CHECK(b.row("certificate")->outcome == "failed");
  // The technician waits (touching the screen now and then: maintenance mode times out too).
  b.clock.now += 50000;
  b.flow->touched();
  b.clock.now += 41000;
  b.flow->tick();
  CHECK(b.row("idcard")->outcome == "untested");
  CHECK(b.row("idcard")->key == "selftest.idcard.place_card");
  CHECK(b.row("scanner")->key == "selftest.scanner.scan_code");
  CHECK(b.reported.value("failed", 0) == 3);

  // Started again and left at once: nothing waits for a resident's card afterwards.
  b.flow->handle_intent("maint.selftest");
  REQUIRE(b.flow->model().maintenance.self_test_running);
  b.flow->handle_intent("maint.exit");
  CHECK(b.flow->model().screen == ScreenId::attract);
  CHECK(b.reported["devices"].size() == 5);
  drivers::CardReaderEvent card;
  card.kind = drivers::CardReaderEvent::Kind::cardRead;
  card.card = *drivers::sample_card("zhang-san");
  b.flow->handle_event(card);
  CHECK(b.flow->model().screen == ScreenId::identify);  // the resident's card is theirs
}

TEST_CASE("self_test command: devices tried without a technician, the result reported once") {
  Bench b;
  b.device("certificate", "noDevice");
  REQUIRE(store::CommandLog(*b.database).receive("c-81", "self_test", "{}", b.clock.unix_ms()));
  b.flow->handle_event(kiosk::RemoteCommand{"c-81", "self_test", nlohmann::json::object()});
  REQUIRE(b.receipt_jobs.size() == 1);
  CHECK(b.pages.empty());  // the certificate printer is not connected: failed at once
  b.clock.now += 2000;
  b.printed(b.receipt_jobs[0], true);
  b.voice_played(true);
  const auto results = store::CommandLog(*b.database).all();
  REQUIRE(results.size() == 1);
  CHECK(results[0].id == "c-81");
  CHECK_FALSE(results[0].ok);  // one device failed
  CHECK(results[0].detail.find("2 of 5 devices passed, 1 failed") == 0);
  CHECK(results[0].detail.find("receipt passed 2000 ms") != std::string::npos);
  CHECK(results[0].detail.find("certificate failed 0 ms (device state: noDevice)") !=
        std::string::npos);
  CHECK(results[0].detail.find("idcard untested") != std::string::npos);
  CHECK(b.reported.value("interactive", true) == false);
  // The same command id again is not run again.
  CHECK_FALSE(store::CommandLog(*b.database).receive("c-81", "self_test", "{}", b.clock.unix_ms()));
  b.flow->handle_event(kiosk::RemoteCommand{"c-81", "self_test", nlohmann::json::object()});
  CHECK(b.receipt_jobs.size() == 1);
}

TEST_CASE("diagnostics: dead letters reviewed without their data and resolved on screen") {
  Bench b;
  const auto queued = b.outbox->enqueue("application", "T1-20261118-0001",
                                        R"({"name":"王小明","phone":"13800138000"})", 1000);
  REQUIRE(queued.status.ok());
  REQUIRE(b.outbox
              ->move_to_dead(queued.entry.id,
                             R"({"status":422,"code":"invalid_fields","title":"Invalid",)"
                             R"("fields":[{"field":"form.phone","code":"invalid_format"}]})",
                             2000)
              .ok());
  kiosk::LinkChanged down;
  down.state = kiosk::LinkState::down;
  down.reason_code = "timeout";
  down.since_unix_ms = b.clock.unix_ms();
  b.flow->handle_event(down);
  b.device("receipt", "noDevice");
  b.enter_maintenance();
  b.flow->handle_intent("maint.diagnostics");
  REQUIRE(b.flow->model().screen == ScreenId::diagnostics);
  const ui::DiagnosticsView& d = b.flow->model().diagnostics;
  REQUIRE(d.dead_letters.size() == 1);
  CHECK(d.dead_letters[0].local_id == "T1-20261118-0001");
  CHECK(d.dead_letters[0].problem == "422 invalid_fields: Invalid (form.phone invalid_format)");
  REQUIRE(d.link_history.size() == 1);
  CHECK(d.link_history[0].find("down  timeout") != std::string::npos);
  REQUIRE(d.device_errors.size() == 1);
  CHECK(d.device_errors[0].find("receipt") == 0);
  // Nothing of the sealed application on the screen.
  ui::Frame frame;
  ui::make_screen(ScreenId::diagnostics)->build(b.flow->model(), b.i18n, frame);
  std::string shown;
  for (const auto& w : frame.widgets()) shown += w.text + "\n";
  CHECK(shown.find("王小明") == std::string::npos);
  CHECK(shown.find("13800138000") == std::string::npos);
  CHECK(shown.find("需人工处理的申请") != std::string::npos);
  CHECK(shown.find("待发送 0") != std::string::npos);  // the technician's status line
  // An id the screen did not offer is not resolved; the one shown is, once.
  b.flow->handle_intent("dead.resolve:999");
  CHECK(b.outbox->dead_letters().size() == 1);
  b.flow->handle_intent("dead.resolve:" + std::to_string(queued.entry.id));
  CHECK(b.outbox->dead_letters().empty());
  CHECK(b.flow->model().diagnostics.dead_letters.empty());
  CHECK(b.flow->model().diagnostics.message_key == "diag.resolved");
  int resolved = 0;
  for (const auto& r : b.journal->audit_log(100))
    resolved += r.event == "maintenance.dead_resolved";
  CHECK(resolved == 1);
  b.flow->handle_intent("back");
  CHECK(b.flow->model().screen == ScreenId::maintenance);
}

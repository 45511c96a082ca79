// The receipt printer driver against the virtual printer over TCP (a real socket, the real
// ESC/POS bytes and status replies): one receipt on paper whatever happens to the connection,
// paper out and cover open reported and nothing printed later by surprise, unplug and return.
#include <doctest/doctest.h>

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "app/receipt_station.h"
#include "common/pty.h"
#include "database.h"
#include "receipt/escpos_encoder.h"
#include "receipt/receipt_printer.h"
#include "receipt/sim/escpos_machine.h"
#include "receipt/sim/printer_server.h"
#include "receipt_journal.h"
#include "support/receipts.h"
#include "support/wait_for.h"

using namespace yiwang;
using namespace yiwang::drivers;
using test::wait_for;

namespace {

// Listens to one printer: jobs done and status changes, in order.
struct Recorder {
  std::mutex mutex;
  std::vector<PrintEvent> events;
  ReceiptPrinter::Listener listener() {
    return [this](PrintEvent e) {
      std::lock_guard lock(mutex);
      events.push_back(std::move(e));
    };
  }
  std::optional<PrintEvent> done(const std::string& job) {
    std::lock_guard lock(mutex);
    for (const auto& e : events)
      if (e.kind == PrintEvent::Kind::jobDone && e.job_id == job) return e;
    return std::nullopt;
  }
  PrintEvent wait_done(const std::string& job, int timeout_ms = 15000) {
    REQUIRE_MESSAGE(wait_for([&] { return done(job).has_value(); }, timeout_ms),
                    "no outcome for " << job);
    return *done(job);
  }
  bool saw_status(DeviceState state, PaperState paper) {
    std::lock_guard lock(mutex);
    for (const auto& e : events)
      if (e.kind == PrintEvent::Kind::statusChanged && e.status.state == state &&
          e.status.paper == paper)
        return true;
    return false;
  }
  DeviceState last_state() {
    std::lock_guard lock(mutex);
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == PrintEvent::Kind::statusChanged) return it->status.state;
    return DeviceState::starting;
  }
};

struct Bench {
  std::unique_ptr<VirtualPrinterServer> server;
  Recorder recorder;
  std::mutex stage_mutex;
  std::vector<std::pair<std::string, JobStage>> stages;  // what the journal was told
  std::unique_ptr<ReceiptPrinter> printer;
  kiosk::ComposedReceipt receipt;
  std::string tracking;

  explicit Bench(bool start_with_void = false, int port = 0, PrinterPersonality personality = {},
                 ReceiptPrinterSettings tuned = settings(false)) {
    PrinterServerOptions options;
    options.port = port;
    options.personality = std::move(personality);
    auto started = VirtualPrinterServer::start(options);
    REQUIRE_MESSAGE(started, started.error());
    server = std::move(started.value());
    const auto content = test::sample_receipt(true);
    tracking = kiosk::tracking_code(content);
    receipt = kiosk::compose_job(test::receipt_document(content), {}, nullptr);
    tuned.start_with_void = tuned.start_with_void || start_with_void;
    tuned.journal = [this](const std::string& job, JobStage stage) {
      std::lock_guard lock(stage_mutex);
      stages.emplace_back(job, stage);
    };
    printer = std::make_unique<ReceiptPrinter>(make_tcp_port("127.0.0.1", server->port()), tuned,
                                               recorder.listener());
  }
  static ReceiptPrinterSettings settings(bool start_with_void) {
    ReceiptPrinterSettings s;
    const auto slip = kiosk::compose_job(
        kiosk::fill_receipt_template(test::receipt_template("void.tmpl"), {}, test::translations()),
        {}, nullptr);
    s.void_slip = slip.body;
    s.void_slip.insert(s.void_slip.end(), slip.cut.begin(), slip.cut.end());
    s.start_with_void = start_with_void;
    s.poll_interval_ms = 200;
    s.answer_timeout_ms = 400;
    s.ack_timeout_ms = 2000;
    s.slowest_lines_per_second = 10;
    return s;
  }
  void print(const std::string& job) { printer->print(ReceiptJob{job, receipt.body, receipt.cut}); }
  // Pages that are this receipt and not voided: what the resident can walk away with.
  int valid_receipts() {
    int n = 0;
    for (const auto& page : server->pages()) {
      const auto codes = page.qr_codes();
      const bool ours = std::find(codes.begin(), codes.end(), tracking) != codes.end();
      if (ours && page.text().find("作废") == std::string::npos) ++n;
    }
    return n;
  }
  int void_slips() {
    int n = 0;
    for (const auto& page : server->pages())
      n += page.text().find("作废 VOID") != std::string::npos;
    return n;
  }
  int copies() {
    int n = 0;
    for (const auto& page : server->pages())
      n += page.text().find("副本 COPY") != std::string::npos;
    return n;
  }
  std::string journal_of(const std::string& job) {
    std::lock_guard lock(stage_mutex);
    std::string out;
    for (const auto& [id, stage] : stages)
      if (id == job) out += (out.empty() ? "" : ",") + std::string(to_string(stage));
    return out;
  }
};

// What the kiosk shows the resident for an outcome (KioskFlow::on_printed's choice).
std::string resident_saw(const PrintEvent& done) {
  if (done.reason == "unconfirmed") return "check the slip";
  if (done.outcome == PrintOutcome::printed) return done.cut_confirmed ? "printed" : "tear off";
  if (done.reason == "paper_out") return "paper out";
  if (done.reason == "cover_open") return "cover open";
  return "print failed";
}

}  // namespace

TEST_CASE("a receipt prints once, is cut, and the printer confirms both") {
  Bench bench;
  bench.print("T1-0001");
  const auto done = bench.recorder.wait_done("T1-0001");
  CHECK(done.outcome == PrintOutcome::printed);
  CHECK(done.cut_confirmed);
  REQUIRE(bench.server->wait_for_pages(1, 2000));
  CHECK(bench.valid_receipts() == 1);
  CHECK(bench.void_slips() == 0);
  CHECK(bench.server->pages()[0].text().find("HN2026112200000042") != std::string::npos);
  CHECK(bench.server->problems().empty());
  CHECK(bench.recorder.saw_status(DeviceState::online, PaperState::full));
}

TEST_CASE("a body that may have printed is never sent again: link drops mid-body and after it") {
  // The driver probes the printer at start; once it reports online, the status before the job
  // (12 bytes) comes first, then the framed body (real-time commands off and on: 20 more bytes)
  // and its GS ( H request.
  constexpr std::size_t kBeforeBody = 12;
  for (bool after_body : {false, true}) {
    CAPTURE(after_body);
    auto tuned = Bench::settings(false);
    tuned.poll_interval_ms = 60000;  // no idle polling: the byte count is exact
    Bench bench(false, 0, {}, tuned);
    REQUIRE(wait_for([&] { return bench.recorder.last_state() == DeviceState::online; }));
    const std::size_t drop = kBeforeBody + (after_body ? bench.receipt.body.size() + 20 : 300);
    bench.server->drop_connection_after(drop);
    bench.print("T1-0002");
    const auto done = bench.recorder.wait_done("T1-0002", 30000);
    CHECK(done.outcome == PrintOutcome::not_printed);
    CHECK(done.reason == "unconfirmed");  // the resident is asked to check the slip
    REQUIRE(wait_for([&] { return !bench.server->pages().empty(); }, 5000));
    CHECK(bench.valid_receipts() == (after_body ? 1 : 0));  // never two
    CHECK(bench.copies() == 0);
    CHECK(bench.server->connections() == 2);  // reconnected once, to cut
    CHECK(bench.journal_of("T1-0002") == "body_sent,uncertain,closed");
  }
}

TEST_CASE("paper out mid-receipt: not printed, reported, and nothing prints when paper returns") {
  Bench bench;
  bench.server->paper_out_after_lines(6);
  bench.print("T1-0003");
  const auto done = bench.recorder.wait_done("T1-0003");
  CHECK(done.outcome == PrintOutcome::not_printed);
  CHECK(done.reason == "paper_out");
  CHECK(bench.recorder.saw_status(DeviceState::userError, PaperState::out));
  CHECK(bench.server->pages().empty());
  // The technician loads paper: the rest of the cancelled receipt must not come out now.
  bench.server->set_paper(PaperState::full);
  REQUIRE(wait_for([&] { return bench.recorder.last_state() == DeviceState::online; }));
  CHECK(bench.server->pages().empty());
  // The rest of the cancelled receipt was dropped inside the printer: nothing after the sixth
  // line came out (no QR code), and no late answer is left to confuse the next job.
  CHECK(bench.server->page_in_printer().qr_codes().empty());
  // The next receipt first closes the fragment with a void slip.
  bench.print("T1-0004");
  CHECK(bench.recorder.wait_done("T1-0004").outcome == PrintOutcome::printed);
  REQUIRE(bench.server->wait_for_pages(2, 2000));
  CHECK(bench.void_slips() == 1);
  CHECK(bench.valid_receipts() == 1);
}

TEST_CASE("a printer that cannot print gets no job: cover open, jammed cutter") {
  Bench bench;
  bench.server->set_cover_open(true);
  bench.print("T1-0005");
  auto done = bench.recorder.wait_done("T1-0005");
  CHECK(done.outcome == PrintOutcome::not_printed);
  CHECK(done.reason == "cover_open");
  CHECK(bench.server->page_in_printer().ops.empty());
  bench.server->set_cover_open(false);
  bench.server->set_cutter_jammed(true);
  bench.print("T1-0006");
  done = bench.recorder.wait_done("T1-0006");
  CHECK(done.reason == "cutter_error");
  CHECK(bench.recorder.saw_status(DeviceState::hardwareError, PaperState::jammed));
  CHECK(bench.server->pages().empty());
}

TEST_CASE("paper near end prints and is reported as low") {
  Bench bench;
  bench.server->set_paper(PaperState::low);
  bench.print("T1-0007");
  CHECK(bench.recorder.wait_done("T1-0007").outcome == PrintOutcome::printed);
  CHECK(bench.recorder.saw_status(DeviceState::online, PaperState::low));
}

TEST_CASE("a kiosk restarted mid-receipt voids the fragment before the next receipt") {
  Bench bench(true);
  bench.print("T1-0008");
  CHECK(bench.recorder.wait_done("T1-0008").outcome == PrintOutcome::printed);
  REQUIRE(bench.server->wait_for_pages(2, 2000));
  CHECK(bench.server->pages()[0].text().find("作废 VOID") != std::string::npos);
  CHECK(bench.valid_receipts() == 1);
}

TEST_CASE("a hung printer: the job fails with no_answer instead of waiting forever") {
  Bench bench;
  bench.server->set_silent(true);
  bench.print("T1-0009");
  const auto done = bench.recorder.wait_done("T1-0009");
  CHECK(done.outcome == PrintOutcome::not_printed);
  CHECK(done.reason == "no_answer");
}

TEST_CASE("unplugged printer: noDevice, the job fails once; it comes back by itself") {
  int port = 0;
  {
    auto probe = VirtualPrinterServer::start({});
    REQUIRE(probe);
    port = probe.value()->port();
  }
  Recorder recorder;
  ReceiptPrinterSettings settings = Bench::settings(false);
  ReceiptPrinter printer(make_tcp_port("127.0.0.1", port), settings, recorder.listener());
  printer.print(ReceiptJob{"T1-0010", {0x1B, 0x40}, {0x1D, 0x56, 0x42, 0x00}});
  const auto done = recorder.wait_done("T1-0010");
  CHECK(done.outcome == PrintOutcome::not_printed);
  CHECK(done.reason == "no_device");
  CHECK(recorder.last_state() == DeviceState::noDevice);
  // Plugged back in (the same address): the idle poll finds it.
  PrinterServerOptions options;
  options.port = port;
  auto back = VirtualPrinterServer::start(options);
  REQUIRE_MESSAGE(back, back.error());
  CHECK(wait_for([&] { return recorder.last_state() == DeviceState::online; }, 3000));
}

TEST_CASE("a device path that does not exist is noDevice with the path in the message") {
  Recorder recorder;
  {
    ReceiptPrinter printer(make_path_port("/nonexistent-yiwang/usb/lp0"), Bench::settings(false),
                           recorder.listener());
    printer.print(ReceiptJob{"T1-0011", {0x1B, 0x40}, {}});
    const auto done = recorder.wait_done("T1-0011");
    CHECK(done.outcome == PrintOutcome::not_printed);
    CHECK(done.message.find("lp0") != std::string::npos);
  }
  CHECK(recorder.saw_status(DeviceState::noDevice, PaperState::unknown));
}

TEST_CASE("printer addresses") {
  CHECK(make_printer_port("tcp://10.0.0.5").value()->describe() == "tcp://10.0.0.5:9100");
  CHECK(make_printer_port("tcp://printer:9101").value()->describe() == "tcp://printer:9101");
  CHECK(make_printer_port("usb:0416:5011").value()->describe() == "usb 0416:5011");
  CHECK(make_printer_port("/dev/usb/lp0").value()->describe() == "/dev/usb/lp0");
  CHECK_FALSE(make_printer_port("tcp://:9100"));
  CHECK_FALSE(make_printer_port("tcp://host:99999"));
  CHECK_FALSE(make_printer_port("usb:zz"));
  CHECK_FALSE(make_printer_port(""));
}

TEST_CASE("a device node (a printer on a serial line or usblp): status and acknowledgements") {
  // A raw pseudo-terminal stands in for /dev/usb/lp0 or /dev/ttyUSB0: a character device the
  // driver opens read-write. The ESC/POS machine answers on the other side.
  auto pty = open_raw_pty();
  REQUIRE_MESSAGE(pty, pty.error());
  EscPosMachine machine;
  std::mutex mutex;
  std::atomic<bool> stop{false};
  std::thread printer_side([&] {
    std::uint8_t buffer[512];
    while (!stop) {
      pollfd p{pty.value().master_fd, POLLIN, 0};
      if (::poll(&p, 1, 50) != 1) continue;
      const ssize_t n = ::read(pty.value().master_fd, buffer, sizeof buffer);
      if (n <= 0) continue;
      std::vector<std::uint8_t> replies;
      {
        std::lock_guard lock(mutex);
        machine.receive({buffer, static_cast<std::size_t>(n)}, replies);
      }
      if (!replies.empty()) write_all_fd(pty.value().master_fd, replies.data(), replies.size());
    }
  });
  Recorder recorder;
  const auto content = test::sample_receipt(false);
  const auto job = kiosk::compose_job(test::receipt_document(content), {}, nullptr);
  {
    ReceiptPrinter printer(make_path_port(pty.value().slave_path), Bench::settings(false),
                           recorder.listener());
    printer.print(ReceiptJob{"D1", job.body, job.cut});
    const auto done = recorder.wait_done("D1");
    CHECK_MESSAGE(done.outcome == PrintOutcome::printed, done.reason << ": " << done.message);
    CHECK(done.cut_confirmed);
  }
  stop = true;
  printer_side.join();
  std::lock_guard lock(mutex);
  const auto pages = machine.take_cut_pages();
  REQUIRE(pages.size() == 1);
  const auto codes = pages[0].qr_codes();
  REQUIRE(codes.size() == 1);
  CHECK(codes[0] == kiosk::tracking_code(content));
  ::close(pty.value().master_fd);
  ::close(pty.value().slave_fd);
}

namespace {

struct Observed {
  int valid = 0;
  int voids = 0;
  int copies = 0;
  std::string resident;  // what the first job's outcome shows the resident
  std::string journal;   // the first job's stages
  ConfirmMode mode = ConfirmMode::blind;
};

// One personality, one scenario, from a fresh virtual printer: what the paper shows afterwards.
Observed run_case(const std::string& personality, const std::string& scenario) {
  auto chosen = PrinterPersonality::named(personality);
  REQUIRE(chosen.has_value());
  auto tuned = Bench::settings(false);
  tuned.poll_interval_ms = 60000;  // no idle polling: the byte counts below are exact
  Bench bench(false, 0, *chosen, tuned);
  // Probed at start; from online on, the status before the job (12 bytes), the framing (20) and
  // the body are all that goes out.
  REQUIRE(wait_for([&] { return bench.recorder.last_state() == DeviceState::online; }));
  if (scenario == "paper out") bench.server->paper_out_after_lines(6);
  if (scenario == "drop mid-body") bench.server->drop_connection_after(12 + 300);
  if (scenario == "drop after body")
    bench.server->drop_connection_after(12 + bench.receipt.body.size() + 20);
  bench.print("M1");
  const PrintEvent first = bench.recorder.wait_done("M1", 60000);
  Observed seen;
  seen.mode = bench.printer->capabilities().mode();
  seen.resident = resident_saw(first);
  if (scenario == "paper out") {
    bench.server->set_paper(PaperState::full);
    bench.print("M2");
    const PrintEvent second = bench.recorder.wait_done("M2", 60000);
    CHECK(second.outcome == PrintOutcome::printed);
  }
  // A one-way printer's cut is not confirmed: wait for the paper to show it.
  wait_for([&] { return bench.valid_receipts() + bench.void_slips() > 0; }, 3000);
  seen.valid = bench.valid_receipts();
  seen.voids = bench.void_slips();
  seen.copies = bench.copies();
  seen.journal = bench.journal_of("M1");
  return seen;
}

}  // namespace

TEST_CASE("every printer personality x scenario: at most one valid receipt, the resident told") {
  // The table in the closing note comes from this output.
  const std::vector<std::string> personalities = {
      "reference", "near_end", "no_gs_r",         "no_gs_h",         "one_way_answers",
      "asb_on",    "slow",     "in_order_status", "no_clear_answer", "near_end_no_gs_h"};
  const std::vector<std::string> scenarios = {"normal", "paper out", "drop mid-body",
                                              "drop after body"};
  for (const auto& personality : personalities) {
    for (const auto& scenario : scenarios) {
      CAPTURE(personality);
      CAPTURE(scenario);
      const Observed seen = run_case(personality, scenario);
      std::printf("| %s | %s | %s | %d | %d | %d | %s | %s |\n", personality.c_str(),
                  std::string(to_string(seen.mode)).c_str(), scenario.c_str(), seen.valid,
                  seen.voids, seen.copies, seen.resident.c_str(), seen.journal.c_str());
      CHECK(seen.copies == 0);
      if (scenario == "normal") {
        CHECK(seen.valid == 1);
        CHECK(seen.voids == 0);
        CHECK(seen.resident == (seen.mode == ConfirmMode::blind ? "check the slip" : "printed"));
      } else if (scenario == "paper out") {
        // The first receipt did not come out whole; the second (after new paper) did, alone.
        CHECK(seen.resident != "printed");
        CHECK(seen.valid == 1);
        // A printer that answers status only in order cannot say why it stopped.
        CHECK(seen.resident == (personality == "in_order_status" ? "print failed" : "paper out"));
        CHECK(seen.voids == 1);  // the fragment is marked
        CHECK(seen.journal == "body_sent,fragment_on_paper,closed");
      } else if (scenario == "drop mid-body") {
        CHECK(seen.valid == 0);
        CHECK(seen.resident == "check the slip");
      } else {
        CHECK(seen.valid == 1);  // the body arrived whole: printed once, never again
        CHECK(seen.voids == 0);
        CHECK(seen.resident == "check the slip");
      }
    }
  }
}

TEST_CASE("the probe picks the strongest mode each printer has and shows it to the technician") {
  for (const auto& [name, mode] :
       std::vector<std::pair<std::string, ConfirmMode>>{{"reference", ConfirmMode::identity},
                                                        {"no_gs_r", ConfirmMode::identity},
                                                        {"no_gs_h", ConfirmMode::sequence},
                                                        {"one_way_answers", ConfirmMode::blind}}) {
    CAPTURE(name);
    Bench bench(false, 0, *PrinterPersonality::named(name));
    REQUIRE(wait_for([&] { return bench.printer->capabilities().probed; }, 5000));
    CHECK(bench.printer->capabilities().mode() == mode);
    CHECK(
        wait_for([&] { return bench.recorder.saw_status(DeviceState::online, PaperState::full); }));
    std::lock_guard lock(bench.recorder.mutex);
    bool described = false;
    for (const auto& e : bench.recorder.events)
      described |= e.status.detail.find(std::string(to_string(mode))) != std::string::npos;
    CHECK(described);
  }
}

TEST_CASE("restart: the journal's last stage decides between a void slip, a cut and nothing") {
  for (const auto& [stage, voids, pages] : std::vector<std::tuple<JobStage, int, std::size_t>>{
           {JobStage::body_sent, 1, 2},          // an unfinished body: voided
           {JobStage::fragment_on_paper, 1, 2},  // the same, known
           {JobStage::body_printed, 0, 2},       // a whole receipt, uncut: cut, not voided
           {JobStage::cut_confirmed, 0, 1}}) {   // nothing owed
    CAPTURE(to_string(stage));
    auto tuned = Bench::settings(false);
    tuned.start_owing = restart_closing(stage);
    tuned.owed_job = "OLD-1";
    Bench bench(false, 0, {}, tuned);
    bench.print("NEW-1");
    CHECK(bench.recorder.wait_done("NEW-1").outcome == PrintOutcome::printed);
    REQUIRE(bench.server->wait_for_pages(pages, 3000));
    CHECK(bench.server->pages().size() == pages);
    CHECK(bench.void_slips() == voids);
    CHECK(bench.valid_receipts() == 1);
    CHECK(bench.journal_of("OLD-1") == (pages == 2 ? "closed" : ""));
    CHECK(bench.journal_of("NEW-1") == "body_sent,body_printed,cut_confirmed");
  }
}

TEST_CASE(
    "a slow printer is waited for, not reconnected; a late status answer is not a dead link") {
  for (const char* name : {"slow", "in_order_status"}) {
    CAPTURE(name);
    auto personality = *PrinterPersonality::named(name);
    personality.lines_per_second = 12;  // in-order status: answers only after ~3 s of printing
    Bench bench(false, 0, personality);
    bench.print("S1");
    const auto done = bench.recorder.wait_done("S1", 30000);
    CHECK(done.outcome == PrintOutcome::printed);
    CHECK(done.cut_confirmed);
    CHECK(bench.server->connections() == 1);
    CHECK(bench.valid_receipts() == 1);
  }
}

TEST_CASE(
    "virtual printer: real-time commands inside raster data act unless GS ( D turns them off") {
  // A 1-row raster image whose bytes spell DLE EOT 1.
  const std::vector<std::uint8_t> image = {0x1D, 0x76, 0x30, 0x00, 0x03, 0x00,
                                           0x01, 0x00, 0x10, 0x04, 0x01};
  for (bool disabled : {false, true}) {
    CAPTURE(disabled);
    EscPosMachine machine;
    std::vector<std::uint8_t> replies;
    if (disabled) machine.receive(realtime_commands(false), replies);
    machine.receive(image, replies);
    CHECK(replies.size() == (disabled ? 0u : 1u));
    CHECK(machine.current_page().ops.size() == 1);  // the image prints either way
  }
}

TEST_CASE("virtual printer: documented GS r layout, DLE DC4 8 answer, ASB, Chinese mode, QR ECC") {
  std::vector<std::uint8_t> replies;
  EscPosMachine near_end(*PrinterPersonality::named("near_end"));
  near_end.receive(paper_sensor_request(), replies);
  CHECK(replies == std::vector<std::uint8_t>{0x03});
  replies.clear();
  near_end.receive(clear_printer_buffers(), replies);
  CHECK(replies == std::vector<std::uint8_t>{0x37, 0x25, 0x00});
  replies.clear();
  EscPosMachine quiet(*PrinterPersonality::named("no_clear_answer"));
  quiet.receive(clear_printer_buffers(), replies);
  CHECK(replies.empty());
  EscPosMachine asb(*PrinterPersonality::named("asb_on"));
  asb.set_paper(PaperState::out);
  asb.resume(replies);
  REQUIRE(replies.size() == 4);
  CHECK((replies[0] & 0x93) == 0x10);
  CHECK((replies[2] & 0x0C) != 0);
  replies.clear();
  asb.receive(automatic_status_off(), replies);
  asb.set_paper(PaperState::full);
  asb.resume(replies);
  CHECK(replies.empty());
  // FS . turns two-byte characters off: the same bytes print as one-byte characters.
  EscPosMachine chinese;
  EscPosEncoder on;
  on.chinese_mode(true).line("政务").chinese_mode(false).line("政务").cut(true, 0);
  chinese.receive(on.bytes(), replies);
  const auto pages = chinese.take_cut_pages();
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].text() == "政务\n????\n");
  // GS ( k fn 69: the level reaches the paper.
  EscPosMachine qr;
  qr.receive(EscPosEncoder().qr("ABC", 4, QrErrorCorrection::H).bytes(), replies);
  REQUIRE(qr.current_page().ops.size() == 1);
  CHECK(qr.current_page().ops[0].qr_ecc == 0x33);
}

TEST_CASE("the journal keeps the driver's stage across a restart, and the restart reads it") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("yiwang-journal-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto opened = store::Database::open(path.string());
    REQUIRE(opened.status.ok());
    store::ReceiptJournal journal(*opened.database);
    CHECK(journal.last_staged().job_id.empty());  // nothing sent yet: nothing owed
    REQUIRE(journal.begin("A-1", "A-1", false, "{}", 1000).ok());
    REQUIRE(journal.begin("B-1", "B-1", false, "{}", 2000).ok());
    CHECK(journal.last_staged().job_id.empty());  // journaled, never sent: still nothing owed
    REQUIRE(journal.set_stage("A-1", "body_sent", 3000).ok());
    REQUIRE(journal.set_stage("A-1", "body_printed", 3000).ok());
  }
  auto reopened = store::Database::open(path.string());  // the kiosk restarted
  REQUIRE(reopened.status.ok());
  store::ReceiptJournal journal(*reopened.database);
  const auto last = journal.last_staged();
  CHECK(last.job_id == "A-1");
  CHECK(last.stage == "body_printed");
  const auto stage = kiosk::job_stage_named(last.stage);
  REQUIRE(stage.has_value());
  CHECK(restart_closing(*stage) == OwedClosing::cut);
  CHECK(restart_closing(*kiosk::job_stage_named("body_sent")) == OwedClosing::void_slip);
  CHECK(restart_closing(*kiosk::job_stage_named("closed")) == OwedClosing::none);
  CHECK_FALSE(kiosk::job_stage_named("queued").has_value());
  reopened.database.reset();
  std::filesystem::remove(path);
}

namespace {

// A TCP link whose first long write stops after `keep` bytes and fails, as a cable pulled
// while the body is on its way: the driver knows the body did not all arrive.
class CutWriteLink : public ByteLink {
 public:
  CutWriteLink(std::unique_ptr<ByteLink> inner, std::size_t keep)
      : inner_(std::move(inner)), keep_(keep) {}
  Result<Done, LinkError> open() override { return inner_->open(); }
  void close() override { inner_->close(); }
  bool is_open() const override { return inner_->is_open(); }
  Result<Done, LinkError> write(std::span<const std::uint8_t> bytes, int timeout_ms) override {
    if (!cut_done_ && bytes.size() > 300) {  // the body (probe and status writes are short)
      cut_done_ = true;
      (void)inner_->write(bytes.first(keep_), timeout_ms);
      inner_->close();
      return fail(LinkError{false, "cable pulled"});
    }
    return inner_->write(bytes, timeout_ms);
  }
  Result<std::size_t, LinkError> read(std::span<std::uint8_t> buffer, int timeout_ms) override {
    return inner_->read(buffer, timeout_ms);
  }
  bool bidirectional() const override { return true; }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<ByteLink> inner_;
  std::size_t keep_;
  bool cut_done_ = false;
};

}  // namespace

TEST_CASE("a body known not to have arrived is voided and sent once more, marked as a copy") {
  auto started = VirtualPrinterServer::start({});
  REQUIRE(started);
  auto& server = *started.value();
  Recorder recorder;
  const auto content = test::sample_receipt(true);
  const auto job = kiosk::compose_job(test::receipt_document(content), {}, nullptr);
  {
    ReceiptPrinter printer(
        std::make_unique<CutWriteLink>(make_tcp_port("127.0.0.1", server.port()), 150),
        Bench::settings(false), recorder.listener());
    printer.print(ReceiptJob{"C1", job.body, job.cut});
    const auto done = recorder.wait_done("C1", 30000);
    CHECK(done.outcome == PrintOutcome::printed);
    CHECK(done.copy);
    CHECK(done.cut_confirmed);
  }
  REQUIRE(server.wait_for_pages(2, 3000));
  const auto pages = server.pages();
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].text().find("作废 VOID") != std::string::npos);  // the fragment, voided
  CHECK(pages[0].qr_codes().empty());
  CHECK(pages[1].text().find("副本 COPY") != std::string::npos);  // the one receipt: a copy
  CHECK(pages[1].qr_codes() == std::vector<std::string>{kiosk::tracking_code(content)});
}

TEST_CASE("virtual printer: the character grid wraps a line wider than the paper") {
  std::vector<std::uint8_t> replies;
  // 80 mm (576 dots): 48 one-byte or 24 two-byte characters of font A fit; one more wraps.
  EscPosMachine wide;
  EscPosEncoder line;
  line.chinese_mode(true)
      .line(std::string(48, 'A'))
      .line(std::string(49, 'B'))
      .line("政务服务政务服务政务服务政务服务政务服务政务服务")    // 24
      .line("政务服务政务服务政务服务政务服务政务服务政务服务中")  // 25
      .cut(true, 0);
  wide.receive(line.bytes(), replies);
  auto pages = wide.take_cut_pages();
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].text() == std::string(48, 'A') + "\n" + std::string(48, 'B') + "\nB\n" +
                               "政务服务政务服务政务服务政务服务政务服务政务服务\n" +
                               "政务服务政务服务政务服务政务服务政务服务政务服务\n中\n");
  // 58 mm (384 dots): 32 columns; double width halves them.
  EscPosMachine narrow(*PrinterPersonality::named("grid_58mm"));
  EscPosEncoder doubled;
  doubled.size(2, 1).line(std::string(17, 'C')).cut(true, 0);
  narrow.receive(doubled.bytes(), replies);
  pages = narrow.take_cut_pages();
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].text() == std::string(16, 'C') + "\nC\n");
}

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
#include "receipt/receipt_printer.h"
#include "receipt/sim/escpos_machine.h"
#include "receipt/sim/printer_server.h"
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
  std::unique_ptr<ReceiptPrinter> printer;
  kiosk::ComposedReceipt receipt;
  std::string tracking;

  explicit Bench(bool start_with_void = false, int port = 0) {
    PrinterServerOptions options;
    options.port = port;
    auto started = VirtualPrinterServer::start(options);
    REQUIRE_MESSAGE(started, started.error());
    server = std::move(started.value());
    const auto content = test::sample_receipt(true);
    tracking = kiosk::tracking_code(content);
    receipt = kiosk::compose_job(test::receipt_document(content), {}, nullptr);
    printer = std::make_unique<ReceiptPrinter>(make_tcp_port("127.0.0.1", server->port()),
                                               settings(start_with_void), recorder.listener());
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
    s.answer_timeout_ms = 800;
    s.ack_timeout_ms = 3000;
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
};

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

TEST_CASE("exactly once: the connection dies mid-receipt, the driver reconnects and retries") {
  // Cut the cable at several points inside the body, and right after the body's last byte
  // (printed, but the printer's answer is lost with the connection).
  for (std::size_t after : {std::size_t{40}, std::size_t{300}, std::size_t{0}}) {
    Bench bench;
    const std::size_t cut_at = after == 0 ? bench.receipt.body.size() + 3 + 12 : after;
    CAPTURE(cut_at);
    // The first 12 bytes are the four status requests before the job.
    bench.server->drop_connection_after(cut_at);
    bench.print("T1-0002");
    const auto done = bench.recorder.wait_done("T1-0002");
    CHECK(done.outcome == PrintOutcome::printed);
    REQUIRE(wait_for([&] { return bench.server->pages().size() >= 2; }, 3000));
    CHECK(bench.valid_receipts() == 1);       // one receipt on paper ...
    CHECK(bench.void_slips() == 1);           // ... and the fragment above it marked void
    CHECK(bench.server->connections() >= 2);  // it did reconnect
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

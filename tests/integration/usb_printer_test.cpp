// The libusb receipt printer path under umockdev: an emulated USB printer (class 7, bidirectional)
// whose usbfs ioctls are answered by a handler backed by the virtual printer's ESC/POS machine.
// Checks the bytes on bulk OUT, status on bulk IN, usblp detached and given back, and unplug.
// Runs under umockdev-wrapper (tests/CMakeLists.txt); skipped when umockdev is missing.
#include <doctest/doctest.h>

#include <algorithm>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>

#include "app/receipt_station.h"
#include "receipt/escpos_encoder.h"
#include "receipt/receipt_printer.h"
#include "receipt/sim/escpos_machine.h"
#include "support/emulated_usb.h"
#include "support/receipts.h"
#include "support/wait_for.h"

using namespace yiwang;
using namespace yiwang::drivers;
using yiwang::test::EmulatedUsbDevice;
using yiwang::test::usb_descriptors;
using yiwang::test::UsbTestbed;

namespace {

// A 58 mm bidirectional USB receipt printer, 0416:5011 (class 7, subclass 1, protocol 2, bulk
// OUT 0x01 and IN 0x81), bound to usblp, its answers computed by the virtual printer's machine.
struct Testbed {
  EscPosMachine machine;
  EmulatedUsbDevice device;
  std::unique_ptr<UsbTestbed> bed;
  Testbed() {
    REQUIRE_MESSAGE(UsbTestbed::wrapped(), "run under umockdev-wrapper");
    device.kernel_driver = "usblp";
    device.on_out = [this](std::span<const std::uint8_t> bytes) {
      std::vector<std::uint8_t> replies;
      machine.receive(bytes, replies);
      return replies;
    };
    bed =
        std::make_unique<UsbTestbed>(device, usb_descriptors(0x0416, 0x5011, 7, 1, 2, 0x01, 0x81));
  }
  void unplug() { bed->unplug(); }
  void plug_in() { bed->plug_in(); }
};

struct Events {
  std::mutex mutex;
  std::vector<PrintEvent> all;
  ReceiptPrinter::Listener listener() {
    return [this](PrintEvent e) {
      std::lock_guard lock(mutex);
      all.push_back(std::move(e));
    };
  }
  std::optional<PrintEvent> done(const std::string& job) {
    std::lock_guard lock(mutex);
    for (const auto& e : all)
      if (e.kind == PrintEvent::Kind::jobDone && e.job_id == job) return e;
    return std::nullopt;
  }
  DeviceState last_state() {
    std::lock_guard lock(mutex);
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (it->kind == PrintEvent::Kind::statusChanged) return it->status.state;
    return DeviceState::starting;
  }
};

ReceiptPrinterSettings settings() {
  ReceiptPrinterSettings s;
  s.void_slip = {0x1B, 0x40, 'V', 'O', 'I', 'D', 0x0A, 0x1D, 0x56, 0x42, 0x00};
  s.poll_interval_ms = 200;
  s.answer_timeout_ms = 800;
  s.ack_timeout_ms = 3000;
  return s;
}

}  // namespace

TEST_CASE("a receipt over libusb: usblp detached, bytes on bulk OUT, answers on bulk IN") {
  Testbed bed;
  const auto content = test::sample_receipt(true);
  drivers::PrinterProfile narrow;
  narrow.paper_dots = 384;
  const auto job = kiosk::compose_job(test::receipt_document(content), narrow, nullptr);
  Events events;
  {
    ReceiptPrinter printer(make_usb_port(0x0416, 0x5011), settings(), events.listener());
    printer.print({"U1", job.body, job.cut});
    REQUIRE(test::wait_for([&] { return events.done("U1").has_value(); }, 10000));
    const auto done = *events.done("U1");
    CHECK_MESSAGE(done.outcome == PrintOutcome::printed, done.reason << ": " << done.message);
    CHECK(done.cut_confirmed);
  }
  std::lock_guard lock(bed.device.mutex);
  // On the wire: the probe, the status requests, then the body (real-time commands off around
  // it, after its ESC @) followed by its transaction number request, then the cut and its own.
  const auto& out = bed.device.bulk_out;
  const std::vector<std::uint8_t> rest_of_body(job.body.begin() + 2, job.body.end());
  auto body_at = std::search(out.begin(), out.end(), rest_of_body.begin(), rest_of_body.end());
  REQUIRE(body_at != out.end());
  std::vector<std::uint8_t> after(body_at + static_cast<std::ptrdiff_t>(rest_of_body.size()),
                                  out.end());
  std::vector<std::uint8_t> expected = realtime_commands(true);
  expected.insert(expected.end(), {0x1D, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, 'J'});
  REQUIRE(after.size() > expected.size());
  CHECK(std::equal(expected.begin(), expected.end(), after.begin()));
  CHECK(std::search(after.begin(), after.end(), job.cut.begin(), job.cut.end()) != after.end());
  const auto pages = bed.machine.take_cut_pages();
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].text().find("HN2026112200000042") != std::string::npos);
  CHECK(bed.device.detaches == 1);  // usblp let go while we printed ...
  CHECK(bed.device.attaches == 1);  // ... and got the printer back when we closed
  CHECK(bed.device.driver_bound);
}

TEST_CASE("paper out is read over bulk IN; unplugged is noDevice; plugged back, it recovers") {
  Testbed bed;
  {
    std::lock_guard lock(bed.device.mutex);
    bed.machine.set_paper(PaperState::out);
  }
  Events events;
  ReceiptPrinter printer(make_usb_port(0x0416, 0x5011), settings(), events.listener());
  printer.print({"U2", {0x1B, 0x40, 'x', 0x0A}, {0x1D, 0x56, 0x42, 0x00}});
  REQUIRE(test::wait_for([&] { return events.done("U2").has_value(); }, 10000));
  CHECK(events.done("U2")->reason == "paper_out");
  bed.unplug();
  CHECK(test::wait_for([&] { return events.last_state() == DeviceState::noDevice; }, 5000));
  {
    std::lock_guard lock(bed.device.mutex);
    bed.machine.set_paper(PaperState::full);
  }
  bed.plug_in();
  CHECK(test::wait_for([&] { return events.last_state() == DeviceState::online; }, 5000));
}

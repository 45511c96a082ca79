// The native-USB ID-card reader path under umockdev: an emulated reader (vendor interface, bulk
// endpoints) whose SAM module answers over usbfs. Default ids, endpoints taken from descriptors
// (02/81 and 06/85 models), configured ids, a reader without bulk IN, unplug and replug.
// Runs under umockdev-wrapper (tests/CMakeLists.txt); skipped when umockdev is missing.
#include <doctest/doctest.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "idcard/sim/sam_module.h"
#include "support/emulated_usb.h"
#include "support/event_log.h"

using namespace yiwang::drivers;
using yiwang::test::EmulatedUsbDevice;
using yiwang::test::EventLog;
using yiwang::test::usb_descriptors;
using yiwang::test::UsbTestbed;
using Kind = CardReaderEvent::Kind;

namespace {

auto status_is(DeviceState state) {
  return [state](const CardReaderEvent& e) {
    return e.kind == Kind::statusChanged && e.status.state == state;
  };
}
bool is_read(const CardReaderEvent& e) { return e.kind == Kind::cardRead; }

struct UsbReader {
  SamModule sam;
  EmulatedUsbDevice device;
  std::unique_ptr<UsbTestbed> bed;
  UsbReader(std::uint16_t vendor, std::uint16_t product, std::uint8_t out, std::uint8_t in,
            std::uint8_t iface_class = 0xFF) {
    REQUIRE_MESSAGE(UsbTestbed::wrapped(), "run under umockdev-wrapper");
    device.out_endpoint = out;
    device.in_endpoint = in;
    device.on_out = [this](std::span<const std::uint8_t> bytes) {
      std::vector<std::uint8_t> all;
      for (const auto& reply : sam.receive(bytes))
        all.insert(all.end(), reply.begin(), reply.end());
      return all;
    };
    bed = std::make_unique<UsbTestbed>(
        device, usb_descriptors(vendor, product, iface_class, 0, 0, out, in));
  }
};

CardReaderTiming timing() {
  CardReaderTiming t;
  t.poll_interval_ms = 20;
  return t;
}

}  // namespace

TEST_CASE("default ids 0400:c35a, endpoints 02/81: SAM frames on bulk OUT, the card on bulk IN") {
  UsbReader usb(0x0400, 0xc35a, 0x02, 0x81);
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link("usb").value()), log.listener(), timing());
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::online)));
  CHECK(log.last(status_is(DeviceState::online))->status.detail == "usb 0400:c35a");
  usb.sam.present(*sample_card("maria-garcia"));
  REQUIRE(log.wait(is_read));
  CHECK(log.last(is_read)->card.name_en == "GARCIA LOPEZ, MARIA FERNANDA DE LOS ANGELES");
  CHECK(log.last(is_read)->card.photo_wlt.size() == 1024);
  reader.stop();
  std::lock_guard lock(usb.device.mutex);
  // The first request on the wire is SAM status, byte for byte as devices.md gives it.
  const std::vector<std::uint8_t> sam_status{0xAA, 0xAA, 0xAA, 0x96, 0x69,
                                             0x00, 0x03, 0x11, 0xFF, 0xED};
  REQUIRE(usb.device.bulk_out.size() >= sam_status.size());
  CHECK(std::equal(sam_status.begin(), sam_status.end(), usb.device.bulk_out.begin()));
  CHECK(usb.device.wrong_endpoint == 0);
}

TEST_CASE(
    "a model with endpoints 06/85 and configured ids works: endpoints come from descriptors") {
  UsbReader usb(0x1234, 0xabcd, 0x06, 0x85);
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link("usb:1234:abcd").value()), log.listener(),
                      timing());
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::online)));
  usb.sam.present(*sample_card("zhang-san"));
  REQUIRE(log.wait(is_read));
  CHECK(log.last(is_read)->card.id_number == "11010519491231002X");
  reader.stop();
  std::lock_guard lock(usb.device.mutex);
  CHECK(usb.device.wrong_endpoint == 0);
}

TEST_CASE("the wrong ids, or an interface without bulk IN, is no reader at all") {
  UsbReader usb(0x0400, 0xc35a, 0x02, 0x81, 0x07);  // a printer-class interface, not vendor
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link("usb").value()), log.listener(), timing());
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::noDevice)));
  CHECK(log.last(status_is(DeviceState::noDevice))->status.detail.find("no USB ID-card reader") !=
        std::string::npos);
}

TEST_CASE("unplugged: noDevice; plugged back: online again and reading") {
  UsbReader usb(0x0400, 0xc35a, 0x02, 0x81);
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link("usb").value()), log.listener(),
                      CardReaderTiming{});  // the kiosk's own timing
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::online)));
  usb.bed->unplug();
  REQUIRE(log.wait(status_is(DeviceState::noDevice), 1, 5000));
  usb.bed->plug_in();
  // libusb learns of the replug from udev events, which umockdev emulates; under ASan on a busy
  // machine that took over 2 s once. The 2 s requirement itself is held by the pty test.
  REQUIRE(log.wait(status_is(DeviceState::online), 2, 5000));
  usb.sam.present(*sample_card("chan-tai-man"));
  REQUIRE(log.wait(is_read));
}

TEST_CASE("auto: the native USB reader when it is there") {
  UsbReader usb(0x0400, 0xc35a, 0x02, 0x81);
  EventLog<CardReaderEvent> log;
  IdCardReader reader(std::move(make_reader_link("auto").value()), log.listener(), timing());
  reader.start();
  REQUIRE(log.wait(status_is(DeviceState::online)));
  CHECK(log.last(status_is(DeviceState::online))->status.detail == "usb 0400:c35a");
}

TEST_CASE("a serial reader behind a CH340 is found through udev by the bridge's ids") {
  REQUIRE_MESSAGE(UsbTestbed::wrapped(), "run under umockdev-wrapper");
  UMockdevTestbed* testbed = umockdev_testbed_new();
  GError* error = nullptr;
  const bool added = umockdev_testbed_add_from_string(
      testbed,
      "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/ttyUSB3/tty/ttyUSB3\n"
      "N: ttyUSB3\n"
      "E: SUBSYSTEM=tty\n"
      "E: DEVNAME=/dev/ttyUSB3\n"
      "E: ID_VENDOR_ID=1a86\n"
      "E: ID_MODEL_ID=7523\n"
      "A: dev=188:3\n",
      &error);
  REQUIRE(added);
  // The reader's side of the wire: a SAM module answering whatever the driver writes.
  const int fd = umockdev_testbed_get_dev_fd(testbed, "/dev/ttyUSB3");
  REQUIRE(fd >= 0);
  SamModule sam;
  std::atomic<int> short_writes{0};
  std::atomic<bool> running{true};
  std::thread wire([&] {
    std::uint8_t buffer[512];
    while (running) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) continue;
      // No doctest assertion here: a failed REQUIRE off the test's thread would terminate.
      for (const auto& reply : sam.receive({buffer, static_cast<std::size_t>(n)}))
        if (::write(fd, reply.data(), reply.size()) != static_cast<ssize_t>(reply.size()))
          ++short_writes;
    }
  });
  {
    EventLog<CardReaderEvent> log;
    IdCardReader reader(std::move(make_reader_link("auto").value()), log.listener(), timing());
    reader.start();
    const bool online = log.wait(status_is(DeviceState::online));
    CHECK(online);
    if (online) {
      CHECK(log.last(status_is(DeviceState::online))->status.detail == "/dev/ttyUSB3");
      sam.present(*sample_card("li-si"));
      CHECK(log.wait(is_read));
    }
  }
  running = false;
  wire.join();
  CHECK(short_writes == 0);
  g_object_unref(testbed);
}

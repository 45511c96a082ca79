// The libusb receipt printer path under umockdev: an emulated USB printer (class 7, bidirectional)
// whose usbfs ioctls are answered by a handler backed by the virtual printer's ESC/POS machine.
// Checks the bytes on bulk OUT, status on bulk IN, usblp detached and given back, and unplug.
// Runs under umockdev-wrapper (tests/CMakeLists.txt); skipped when umockdev is missing.
#include <doctest/doctest.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>

#include "app/receipt_station.h"
#include "receipt/receipt_printer.h"
#include "receipt/sim/escpos_machine.h"
#include "support/receipts.h"
#include "support/wait_for.h"

using namespace yiwang;
using namespace yiwang::drivers;

namespace {

// A printer as usbfs shows it: what the host sent, what it answers, whether usblp holds it.
struct UsbPrinterModel {
  std::mutex mutex;
  EscPosMachine machine;
  std::vector<std::uint8_t> bulk_out;         // everything written to endpoint 0x01
  std::deque<std::uint8_t> bulk_in;           // answers waiting for endpoint 0x81
  std::deque<UMockdevIoctlData*> done;        // URBs ready to reap
  std::deque<UMockdevIoctlData*> waiting_in;  // IN URBs with nothing to read yet
  std::deque<UMockdevIoctlData*> discarded;
  bool usblp_bound = true;
  bool unplugged = false;  // every request fails with ENODEV, as usbfs does after a removal
  int detaches = 0;
  int attaches = 0;
};

void finish_in(UMockdevIoctlData* urb_data, std::deque<std::uint8_t>& bulk_in) {
  auto* urb = reinterpret_cast<usbdevfs_urb*>(urb_data->data);
  int n = 0;
  // The handler runs in the test's own process: the URB buffer is directly addressable.
  auto* buffer = static_cast<std::uint8_t*>(urb->buffer);
  while (n < urb->buffer_length && !bulk_in.empty()) {
    buffer[n++] = bulk_in.front();
    bulk_in.pop_front();
  }
  urb->actual_length = n;
  urb->status = 0;
}

gboolean handle_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user_data) {
  auto& m = *static_cast<UsbPrinterModel*>(user_data);
  std::lock_guard lock(m.mutex);
  const gulong request = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  if (m.unplugged) {
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return TRUE;
  }
  switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
      UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
      *reinterpret_cast<guint32*>(caps->data) =
          USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
          USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
      g_object_unref(caps);
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    case USBDEVFS_GETDRIVER: {
      UMockdevIoctlData* d =
          umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), nullptr);
      if (m.usblp_bound) {
        std::strcpy(reinterpret_cast<usbdevfs_getdriver*>(d->data)->driver, "usblp");
        umockdev_ioctl_client_complete(client, 0, 0);
      } else {
        umockdev_ioctl_client_complete(client, -1, ENODATA);
      }
      g_object_unref(d);
      return TRUE;
    }
    case USBDEVFS_IOCTL: {
      UMockdevIoctlData* d = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), nullptr);
      const int code = reinterpret_cast<usbdevfs_ioctl*>(d->data)->ioctl_code;
      g_object_unref(d);
      if (code == static_cast<int>(USBDEVFS_DISCONNECT)) {
        m.usblp_bound = false;
        ++m.detaches;
      } else if (code == static_cast<int>(USBDEVFS_CONNECT)) {
        m.usblp_bound = true;
        ++m.attaches;
      }
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_SUBMITURB: {
      UMockdevIoctlData* urb_data =
          umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
      auto* urb = reinterpret_cast<usbdevfs_urb*>(urb_data->data);
      if (urb->type != USBDEVFS_URB_TYPE_BULK) {
        g_object_unref(urb_data);
        return FALSE;
      }
      if (urb->endpoint == 0x01) {
        UMockdevIoctlData* payload = umockdev_ioctl_data_resolve(
            urb_data, G_STRUCT_OFFSET(usbdevfs_urb, buffer), urb->buffer_length, nullptr);
        const auto* bytes = payload->data;
        m.bulk_out.insert(m.bulk_out.end(), bytes, bytes + urb->buffer_length);
        std::vector<std::uint8_t> replies;
        m.machine.receive({bytes, static_cast<std::size_t>(urb->buffer_length)}, replies);
        m.bulk_in.insert(m.bulk_in.end(), replies.begin(), replies.end());
        g_object_unref(payload);
        urb->actual_length = urb->buffer_length;
        urb->status = 0;
        m.done.push_back(urb_data);
      } else if (!m.bulk_in.empty()) {
        finish_in(urb_data, m.bulk_in);
        m.done.push_back(urb_data);
      } else {
        m.waiting_in.push_back(urb_data);
      }
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
      while (!m.waiting_in.empty() && !m.bulk_in.empty()) {
        finish_in(m.waiting_in.front(), m.bulk_in);
        m.done.push_back(m.waiting_in.front());
        m.waiting_in.pop_front();
      }
      UMockdevIoctlData* ready = nullptr;
      if (!m.discarded.empty()) {
        ready = m.discarded.front();
        m.discarded.pop_front();
        reinterpret_cast<usbdevfs_urb*>(ready->data)->status = -ENOENT;
      } else if (!m.done.empty()) {
        ready = m.done.front();
        m.done.pop_front();
      }
      if (ready == nullptr) {
        umockdev_ioctl_client_complete(client, -1, EAGAIN);
        return TRUE;
      }
      UMockdevIoctlData* pointer = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), nullptr);
      umockdev_ioctl_data_set_ptr(pointer, 0, ready);
      g_object_unref(pointer);
      g_object_unref(ready);
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_DISCARDURB: {
      const auto address = reinterpret_cast<gulong>(*reinterpret_cast<void**>(arg->data));
      for (auto it = m.waiting_in.begin(); it != m.waiting_in.end(); ++it) {
        if ((*it)->client_addr == address) {
          m.discarded.push_back(*it);
          m.waiting_in.erase(it);
          umockdev_ioctl_client_complete(client, 0, 0);
          return TRUE;
        }
      }
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return TRUE;
    }
    default:
      return FALSE;
  }
}

// A 58 mm bidirectional USB receipt printer, 0416:5011, as sysfs and usbfs show it.
constexpr const char* kPrinterDevice =
    "P: /devices/pci0000:00/0000:00:14.0/usb1/1-1\n"
    "N: bus/usb/001/002\n"
    "E: SUBSYSTEM=usb\n"
    "E: DEVTYPE=usb_device\n"
    "E: DEVNAME=/dev/bus/usb/001/002\n"
    "E: BUSNUM=001\n"
    "E: DEVNUM=002\n"
    "A: busnum=1\\n\n"
    "A: devnum=2\\n\n"
    "A: bConfigurationValue=1\\n\n"
    "A: speed=12\\n\n"
    // device (18), configuration (9), interface 0: class 7 subclass 1 protocol 2 (9),
    // bulk OUT 0x01 and bulk IN 0x81, 64 bytes (7 + 7)
    "H: descriptors="
    "120100020000004016041150000101020301"
    "09022000010100c032"
    "090400000207010200"
    "07050102400000"
    "07058102400000\n";

struct Testbed {
  UMockdevTestbed* testbed = nullptr;
  UMockdevIoctlBase* handler = nullptr;
  UsbPrinterModel model;
  std::string syspath;

  Testbed() {
    const char* preload = std::getenv("LD_PRELOAD");
    REQUIRE_MESSAGE((preload != nullptr && std::strstr(preload, "umockdev") != nullptr),
                    "run under umockdev-wrapper");
    testbed = umockdev_testbed_new();
    handler = umockdev_ioctl_base_new();
    g_signal_connect(handler, "handle-ioctl", G_CALLBACK(handle_ioctl), &model);
    GError* error = nullptr;
    REQUIRE(umockdev_testbed_attach_ioctl(testbed, "/dev/bus/usb/001/002", handler, &error));
    const bool added = umockdev_testbed_add_from_string(testbed, kPrinterDevice, &error);
    REQUIRE_MESSAGE(added, (error != nullptr ? error->message : ""));
    syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1";
  }
  ~Testbed() {
    g_object_unref(handler);
    g_object_unref(testbed);
  }
  void unplug() {
    {
      std::lock_guard lock(model.mutex);
      model.unplugged = true;
    }
    umockdev_testbed_remove_device(testbed, syspath.c_str());
  }
  void plug_in() {
    {
      std::lock_guard lock(model.mutex);
      model.unplugged = false;
    }
    GError* error = nullptr;
    REQUIRE(umockdev_testbed_add_from_string(testbed, kPrinterDevice, &error));
  }
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
  std::lock_guard lock(bed.model.mutex);
  // The exact bytes on the wire: status requests, then the body and its answer request, then
  // the cut and its answer request.
  std::vector<std::uint8_t> expected;
  for (int n = 1; n <= 4; ++n) {
    const auto request = realtime_status_request(n);
    expected.insert(expected.end(), request.begin(), request.end());
  }
  expected.insert(expected.end(), job.body.begin(), job.body.end());
  expected.insert(expected.end(), {0x1D, 0x72, 0x01});
  expected.insert(expected.end(), job.cut.begin(), job.cut.end());
  expected.insert(expected.end(), {0x1D, 0x72, 0x01});
  REQUIRE(bed.model.bulk_out.size() >= expected.size());
  CHECK(std::equal(expected.begin(), expected.end(), bed.model.bulk_out.begin()));
  const auto pages = bed.model.machine.take_cut_pages();
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].text().find("HN2026112200000042") != std::string::npos);
  CHECK(bed.model.detaches == 1);  // usblp let go while we printed ...
  CHECK(bed.model.attaches == 1);  // ... and got the printer back when we closed
  CHECK(bed.model.usblp_bound);
}

TEST_CASE("paper out is read over bulk IN; unplugged is noDevice; plugged back, it recovers") {
  Testbed bed;
  {
    std::lock_guard lock(bed.model.mutex);
    bed.model.machine.set_paper(PaperState::out);
  }
  Events events;
  ReceiptPrinter printer(make_usb_port(0x0416, 0x5011), settings(), events.listener());
  printer.print({"U2", {0x1B, 0x40, 'x', 0x0A}, {0x1D, 0x56, 0x42, 0x00}});
  REQUIRE(test::wait_for([&] { return events.done("U2").has_value(); }, 10000));
  CHECK(events.done("U2")->reason == "paper_out");
  bed.unplug();
  CHECK(test::wait_for([&] { return events.last_state() == DeviceState::noDevice; }, 5000));
  {
    std::lock_guard lock(bed.model.mutex);
    bed.model.machine.set_paper(PaperState::full);
  }
  bed.plug_in();
  CHECK(test::wait_for([&] { return events.last_state() == DeviceState::online; }, 5000));
}

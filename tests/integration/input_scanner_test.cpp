// Keyboard-wedge (evdev) and HID POS (hidraw) scanners under umockdev: emulated input and hidraw
// device nodes. The driver must grab the evdev node (EVIOCGRAB), decode the events it reads, join
// HID POS reports, refuse a device it cannot grab, and notice removal. Runs under
// umockdev-wrapper; skipped when umockdev is missing.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <linux/input.h>
#include <sys/stat.h>
#include <umockdev.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "keypad/tactile_keypad.h"
#include "qr/hid_pos.h"
#include "qr/qr_scanner.h"
#include "support/emulated_usb.h"
#include "support/event_log.h"

using namespace yiwang::drivers;
using yiwang::test::EventLog;
using yiwang::test::UsbTestbed;

namespace {

struct GrabState {
  std::atomic<int> grabs{0};
  std::atomic<int> releases{0};
  std::atomic<bool> refuse{false};  // another program already holds the device
};

gboolean handle_input_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer data) {
  auto& grab = *static_cast<GrabState*>(data);
  if (umockdev_ioctl_client_get_request(client) != EVIOCGRAB) return FALSE;
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  // EVIOCGRAB passes its argument by value: the "data" is the integer itself.
  const auto value = reinterpret_cast<gulong>(*reinterpret_cast<void**>(arg->data));
  if (grab.refuse) {
    umockdev_ioctl_client_complete(client, -1, EBUSY);
    return TRUE;
  }
  ++(value != 0 ? grab.grabs : grab.releases);
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

struct InputTestbed {
  UMockdevTestbed* testbed = nullptr;
  UMockdevIoctlBase* handler = nullptr;
  GrabState grab;
  std::string sysfs;
  std::set<std::string> attached;
  InputTestbed() {
    REQUIRE_MESSAGE(UsbTestbed::wrapped(), "run under umockdev-wrapper");
    testbed = umockdev_testbed_new();
    handler = umockdev_ioctl_base_new();
    g_signal_connect(handler, "handle-ioctl", G_CALLBACK(handle_input_ioctl), &grab);
  }
  ~InputTestbed() {
    g_object_unref(handler);
    g_object_unref(testbed);
  }
  // A Newland scanner in keyboard mode (1eab:1a03) as an evdev node, /dev/input/event<n>.
  void add_wedge(int n = 7) {
    const std::string node = "/dev/input/event" + std::to_string(n);
    if (!attached.count(node)) {
      GError* error = nullptr;
      REQUIRE(umockdev_testbed_attach_ioctl(testbed, node.c_str(), handler, &error));
      attached.insert(node);
    }
    const std::string event = "event" + std::to_string(n);
    add(("P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:1EAB:1A03.000" +
         std::to_string(n) + "/input/input" + std::to_string(n) + "/" + event +
         "\n"
         "N: input/" +
         event +
         "\n"
         "E: SUBSYSTEM=input\n"
         "E: DEVNAME=" +
         node +
         "\n"
         "E: ID_INPUT=1\n"
         "E: ID_INPUT_KEYBOARD=1\n"
         "E: ID_VENDOR_ID=1eab\n"
         "E: ID_MODEL_ID=1a03\n"
         "A: dev=13:" +
         std::to_string(64 + n) + "\n")
            .c_str());
  }
  // The same scanner in HID POS mode (..10) as a hidraw node.
  void add_hidraw() {
    add("P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:1EAB:1A10.0002/hidraw/"
        "hidraw2\n"
        "N: hidraw2\n"
        "E: SUBSYSTEM=hidraw\n"
        "E: DEVNAME=/dev/hidraw2\n"
        "E: ID_VENDOR_ID=1eab\n"
        "E: ID_MODEL_ID=1a10\n"
        "A: dev=244:2\n");
  }
  void add(const char* record) {
    GError* error = nullptr;
    const bool added = umockdev_testbed_add_from_string(testbed, record, &error);
    REQUIRE_MESSAGE(added, (error != nullptr ? error->message : ""));
    std::string text = record;
    sysfs = "/sys" + text.substr(3, text.find('\n') - 3);
  }
  int device_fd(const char* node) { return umockdev_testbed_get_dev_fd(testbed, node); }
  // An evdev node with its udev properties (the keypad: ID_INPUT_KEY; the jack: ID_INPUT_SWITCH).
  void add_input(int n, const std::string& properties, const std::string& parent) {
    const std::string node = "/dev/input/event" + std::to_string(n);
    if (!attached.count(node)) {
      GError* error = nullptr;
      REQUIRE(umockdev_testbed_attach_ioctl(testbed, node.c_str(), handler, &error));
      attached.insert(node);
    }
    const std::string event = "event" + std::to_string(n);
    add(("P: " + parent + "/input/input" + std::to_string(n) + "/" + event + "\nN: input/" + event +
         "\nE: SUBSYSTEM=input\nE: DEVNAME=" + node + "\nE: ID_INPUT=1\n" + properties +
         "A: dev=13:" + std::to_string(64 + n) + "\n")
            .c_str());
  }
};

void write_event(int fd, std::uint16_t type, std::uint16_t code, std::int32_t value) {
  input_event ev{};
  ev.type = type;
  ev.code = code;
  ev.value = value;
  REQUIRE(::write(fd, &ev, sizeof ev) == static_cast<ssize_t>(sizeof ev));
}

void type_key(int fd, std::uint16_t code, bool shift = false) {
  if (shift) write_event(fd, EV_KEY, KEY_LEFTSHIFT, 1);
  write_event(fd, EV_KEY, code, 1);
  write_event(fd, EV_SYN, SYN_REPORT, 0);
  write_event(fd, EV_KEY, code, 0);
  write_event(fd, EV_SYN, SYN_REPORT, 0);
  if (shift) write_event(fd, EV_KEY, KEY_LEFTSHIFT, 0);
}

auto status_is(DeviceState state) {
  return [state](const ScanEvent& e) {
    return e.kind == ScanEvent::Kind::statusChanged && e.status.state == state;
  };
}
bool is_scan(const ScanEvent& e) { return e.kind == ScanEvent::Kind::scanned; }

}  // namespace

TEST_CASE("a keyboard-wedge scanner is grabbed, its key codes decoded, found again by its ids") {
  InputTestbed bed;
  bed.add_wedge(7);
  EventLog<ScanEvent> log;
  // Found through udev by its USB ids, not by a fixed node.
  QrScanner scanner(parse_scanner_spec("evdev:usb:1eab:1a03").value(), log.listener());
  scanner.start();
  REQUIRE(log.wait(status_is(DeviceState::online)));
  CHECK(log.last(status_is(DeviceState::online))->status.detail == "evdev /dev/input/event7");
  CHECK(bed.grab.grabs == 1);  // scans never reach the UI as keystrokes
  const int fd = bed.device_fd("/dev/input/event7");
  REQUIRE(fd >= 0);
  // "HN2026:X" then Enter.
  for (std::uint16_t key : {KEY_H, KEY_N}) type_key(fd, key, true);
  for (std::uint16_t key : {KEY_2, KEY_0, KEY_2, KEY_6}) type_key(fd, key);
  type_key(fd, KEY_SEMICOLON, true);
  type_key(fd, KEY_X, true);
  type_key(fd, KEY_ENTER);
  REQUIRE(log.wait(is_scan));
  CHECK(log.last(is_scan)->code == "HN2026:X");
  // Without Enter the quiet gap ends the scan.
  type_key(fd, KEY_A);
  type_key(fd, KEY_B);
  REQUIRE(log.wait(is_scan, 2));
  CHECK(log.last(is_scan)->code == "ab");
  umockdev_testbed_remove_device(bed.testbed, bed.sysfs.c_str());
  REQUIRE(log.wait(status_is(DeviceState::noDevice)));
  // Plugged back, it comes up as another node: udev finds it, and it is grabbed again.
  bed.add_wedge(8);
  REQUIRE(log.wait(status_is(DeviceState::online), 2));
  CHECK(log.last(status_is(DeviceState::online))->status.detail == "evdev /dev/input/event8");
  CHECK(bed.grab.grabs == 2);
  const int fd8 = bed.device_fd("/dev/input/event8");
  type_key(fd8, KEY_Z, true);
  type_key(fd8, KEY_ENTER);
  REQUIRE(log.wait(is_scan, 3));
  CHECK(log.last(is_scan)->code == "Z");
}

TEST_CASE("a wedge scanner another program holds is refused, not shared") {
  InputTestbed bed;
  bed.grab.refuse = true;
  bed.add_wedge();
  EventLog<ScanEvent> log;
  QrScanner scanner(parse_scanner_spec("evdev:/dev/input/event7").value(), log.listener());
  scanner.start();
  REQUIRE(log.wait(status_is(DeviceState::offline)));
  CHECK(log.last(status_is(DeviceState::offline))->status.detail.find("cannot grab") !=
        std::string::npos);
  bed.grab.refuse = false;
  REQUIRE(log.wait(status_is(DeviceState::online)));
}

TEST_CASE("a HID POS scanner: reports read from hidraw, long codes joined") {
  InputTestbed bed;
  bed.add_hidraw();
  EventLog<ScanEvent> log;
  // "auto": any known scanner vendor; HID POS is preferred when it is there.
  QrScanner scanner(parse_scanner_spec("auto").value(), log.listener());
  scanner.start();
  REQUIRE(log.wait(status_is(DeviceState::online)));
  const int fd = bed.device_fd("/dev/hidraw2");
  REQUIRE(fd >= 0);
  const std::string code = "YWTRACK:1:L:T4601050001-20261122-0007" + std::string(40, '0');
  for (const auto& report : encode_hid_pos(code))
    REQUIRE(::write(fd, report.data(), report.size()) == 64);
  REQUIRE(log.wait(is_scan));
  CHECK(log.last(is_scan)->code == code);
  std::vector<std::uint8_t> bad(64, 0);
  bad[0] = 0x05;
  REQUIRE(::write(fd, bad.data(), bad.size()) == 64);
  REQUIRE(log.wait([](const ScanEvent& e) { return e.kind == ScanEvent::Kind::rejected; }));
}

TEST_CASE("the tactile keypad: found by its USB ids, grabbed, presses mapped; the headphone jack") {
  InputTestbed bed;
  // A USB keypad with raised keys, and the sound card's "Headphone Jack" switch device.
  bed.add_input(9, "E: ID_INPUT_KEY=1\nE: ID_VENDOR_ID=2047\nE: ID_MODEL_ID=0855\n",
                "/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/0003:2047:0855.0009");
  EventLog<KeypadEvent> log;
  EvdevInput keypad(parse_keypad_spec("usb:2047:0855").value(), log.listener());
  keypad.start();
  const auto online = [](const KeypadEvent& e) {
    return e.kind == KeypadEvent::Kind::statusChanged && e.status.state == DeviceState::online;
  };
  REQUIRE(log.wait(online));
  CHECK(log.last(online)->status.detail == "evdev /dev/input/event9");
  CHECK(bed.grab.grabs == 1);  // its keys never reach the UI as a keyboard's
  const int fd = bed.device_fd("/dev/input/event9");
  REQUIRE(fd >= 0);
  const auto is_key = [](const KeypadEvent& e) { return e.kind == KeypadEvent::Kind::key; };
  type_key(fd, KEY_DOWN);
  write_event(fd, EV_KEY, KEY_DOWN, 2);  // autorepeat of a held arrow: not another press
  type_key(fd, KEY_A);                   // not a keypad key: nothing
  type_key(fd, KEY_KPENTER);
  type_key(fd, KEY_KP7);
  type_key(fd, KEY_HELP);
  type_key(fd, KEY_VOLUMEUP);
  REQUIRE(log.wait(is_key, 5));
  std::vector<KeypadEvent> keys;
  for (auto& e : log.all()) {
    if (is_key(e)) keys.push_back(e);
  }
  REQUIRE(keys.size() == 5);
  CHECK(keys[0].key == KeypadKey::down);
  CHECK(keys[1].key == KeypadKey::enter);
  CHECK(keys[2].key == KeypadKey::digit);
  CHECK(keys[2].digit == 7);
  CHECK(keys[3].key == KeypadKey::help);
  CHECK(keys[4].key == KeypadKey::volume_up);
  keypad.stop();

  bed.add_input(10, "E: ID_INPUT_SWITCH=1\n", "/devices/platform/sound/card0");
  EventLog<KeypadEvent> jack_log;
  EvdevInput jack(parse_jack_spec("auto").value(), jack_log.listener());
  jack.start();
  REQUIRE(jack_log.wait(online));
  CHECK(jack_log.last(online)->status.detail == "evdev /dev/input/event10");
  CHECK(bed.grab.grabs == 1);  // the jack is only listened to
  const int jack_fd = bed.device_fd("/dev/input/event10");
  const auto plugged = [](const KeypadEvent& e) {
    return e.kind == KeypadEvent::Kind::headphones && e.headphones;
  };
  const auto unplugged = [](const KeypadEvent& e) {
    return e.kind == KeypadEvent::Kind::headphones && !e.headphones;
  };
  write_event(jack_fd, EV_SW, SW_HEADPHONE_INSERT, 1);
  write_event(jack_fd, EV_SYN, SYN_REPORT, 0);
  write_event(jack_fd, EV_SW, SW_HEADPHONE_INSERT, 1);  // the same state again: told once
  write_event(jack_fd, EV_SW, SW_MICROPHONE_INSERT, 1);
  write_event(jack_fd, EV_SW, SW_HEADPHONE_INSERT, 0);
  REQUIRE(jack_log.wait(unplugged));
  CHECK(jack_log.count(plugged) == 1);
  CHECK(jack_log.count(unplugged) == 1);
}

TEST_CASE("a FIFO as the keypad's and the jack's node (the speech journeys): read, not grabbed") {
  // Not grabbed: EVIOCGRAB on a FIFO fails (ENOTTY), and the keypad would never come online.
  const std::string dir = "/tmp/yiwang-keypad-fifo-" + std::to_string(::getpid());
  REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
  const std::string keypad_node = dir + "/keypad", jack_node = dir + "/jack";
  REQUIRE(::mkfifo(keypad_node.c_str(), 0600) == 0);
  REQUIRE(::mkfifo(jack_node.c_str(), 0600) == 0);
  const auto online = [](const KeypadEvent& e) {
    return e.kind == KeypadEvent::Kind::statusChanged && e.status.state == DeviceState::online;
  };
  const auto is_key = [](const KeypadEvent& e) { return e.kind == KeypadEvent::Kind::key; };
  EventLog<KeypadEvent> log;
  EvdevInput keypad(parse_keypad_spec(keypad_node).value(), log.listener());
  keypad.start();
  REQUIRE(log.wait(online));
  CHECK(log.last(online)->status.detail == "FIFO " + keypad_node);
  int writer = ::open(keypad_node.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  REQUIRE(writer >= 0);
  type_key(writer, KEY_DOWN);
  // A record split over two writes is joined.
  input_event press{};
  press.type = EV_KEY;
  press.code = KEY_KP5;
  press.value = 1;
  const auto* bytes = reinterpret_cast<const char*>(&press);
  REQUIRE(::write(writer, bytes, 10) == 10);
  REQUIRE(log.wait(is_key, 1));
  REQUIRE(::write(writer, bytes + 10, sizeof press - 10) ==
          static_cast<ssize_t>(sizeof press - 10));
  REQUIRE(log.wait(is_key, 2));
  // Its writer gone (a kiosk run ended), the node is opened again and read as before.
  ::close(writer);
  REQUIRE(log.wait(online, 2));
  writer = ::open(keypad_node.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  REQUIRE(writer >= 0);
  type_key(writer, KEY_F2);
  REQUIRE(log.wait(is_key, 3));
  std::vector<KeypadEvent> keys;
  for (auto& e : log.all()) {
    if (is_key(e)) keys.push_back(e);
  }
  REQUIRE(keys.size() == 3);
  CHECK(keys[0].key == KeypadKey::down);
  CHECK(keys[1].key == KeypadKey::digit);
  CHECK(keys[1].digit == 5);
  CHECK(keys[2].key == KeypadKey::audio);
  keypad.stop();
  ::close(writer);

  EventLog<KeypadEvent> jack_log;
  EvdevInput jack(parse_jack_spec(jack_node).value(), jack_log.listener());
  jack.start();
  REQUIRE(jack_log.wait(online));
  writer = ::open(jack_node.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  REQUIRE(writer >= 0);
  write_event(writer, EV_SW, SW_HEADPHONE_INSERT, 1);
  write_event(writer, EV_SYN, SYN_REPORT, 0);
  const auto plugged = [](const KeypadEvent& e) {
    return e.kind == KeypadEvent::Kind::headphones && e.headphones;
  };
  REQUIRE(jack_log.wait(plugged));
  jack.stop();
  ::close(writer);
  ::unlink(keypad_node.c_str());
  ::unlink(jack_node.c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("keypad keys: the codes a keypad sends, and nothing else") {
  int digit = -1;
  CHECK(keypad_key(KEY_UP, digit) == KeypadKey::up);
  CHECK(keypad_key(KEY_ENTER, digit) == KeypadKey::enter);
  CHECK(keypad_key(KEY_F2, digit) == KeypadKey::audio);
  CHECK(keypad_key(KEY_F3, digit) == KeypadKey::blank);
  CHECK(keypad_key(KEY_0, digit) == KeypadKey::digit);
  CHECK(digit == 0);
  CHECK(keypad_key(KEY_9, digit) == KeypadKey::digit);
  CHECK(digit == 9);
  CHECK(keypad_key(KEY_KP1, digit) == KeypadKey::digit);
  CHECK(digit == 1);
  CHECK(keypad_key(KEY_Q, digit) == KeypadKey::none);
  CHECK(keypad_key(KEY_LEFTCTRL, digit) == KeypadKey::none);
  CHECK_FALSE(parse_keypad_spec("usb:zz"));
  CHECK(parse_keypad_spec("/dev/input/event3").value().path == "/dev/input/event3");
}

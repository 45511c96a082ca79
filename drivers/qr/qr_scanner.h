// The QR scanner driver: one thread per scanner, whichever way it attaches. A keyboard wedge
// (evdev, grabbed so scans never reach the UI as keystrokes), a HID POS scanner (hidraw), or a
// CDC serial scanner (/dev/ttyACM*). Lost devices are reported noDevice and reopened.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "common/device_status.h"
#include "common/device_thread.h"
#include "common/result.h"
#include "common/status_latch.h"
#include "common/udev_finder.h"
#include "qr/line_scanner.h"

namespace yiwang::drivers {

enum class ScannerKind { serial, wedge, hidPos };
std::string_view to_string(ScannerKind kind);

struct ScannerSettings {
  ScannerKind kind = ScannerKind::serial;
  std::string path;
  // Set: the node is looked up through udev at every (re)connect instead of a fixed path.
  std::optional<UdevMatch> find;
  // "auto": the first known scanner (Newland, Honeywell, Zebra) as HID POS, CDC serial or
  // keyboard, in that order of preference.
  bool any_kind = false;
  int quiet_gap_ms = 100;  // a wedge scan without Enter ends after this much silence
  int reconnect_ms = 500;  // a missing device is looked for again this often
};

// "evdev:PATH", "hidraw:PATH", "serial:PATH", or a bare path whose name says the kind
// (/dev/input/event* wedge, /dev/hidraw* HID POS, anything else serial); "KIND:usb:VVVV[:PPPP]"
// to find it through udev by its USB ids; "auto" for any known scanner.
Result<ScannerSettings, std::string> parse_scanner_spec(const std::string& spec);

class QrScanner {
 public:
  using Listener = std::function<void(ScanEvent)>;
  QrScanner(ScannerSettings settings, Listener listener);
  ~QrScanner();
  QrScanner(const QrScanner&) = delete;
  QrScanner& operator=(const QrScanner&) = delete;
  QrScanner(QrScanner&&) = delete;
  QrScanner& operator=(QrScanner&&) = delete;
  void start();
  void stop();

 private:
  void run();
  bool locate(ScannerKind& kind, std::string& path, std::string& problem) const;
  int open_device(ScannerKind kind, const std::string& path, std::string& problem);
  void read_until_lost(int fd, ScannerKind kind, const std::string& path);
  void report(DeviceState state, std::string detail);
  ScannerSettings settings_;
  Listener listener_;
  StatusLatch status_{"scanner", "Scanner"};
  DeviceThread thread_;  // last: stopped first
};

}  // namespace yiwang::drivers

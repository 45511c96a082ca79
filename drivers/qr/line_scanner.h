// QR scanner in CDC-serial mode (/dev/ttyACM*): one scanned code per line, ended by CR and/or LF.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "common/device_status.h"
#include "common/status_latch.h"

namespace yiwang::drivers {

struct ScanEvent {
  enum class Kind { scanned, rejected, statusChanged };
  Kind kind = Kind::scanned;
  std::string code;     // scanned: the raw content, not yet classified
  std::string message;  // rejected: why (too long, binary)
  DeviceStatus status;  // statusChanged
};

inline constexpr std::size_t kMaxScanLength = 2048;

// Splits a byte stream into scans. Pure; the serial driver and tests feed it.
class ScanLineSplitter {
 public:
  std::vector<ScanEvent> feed(std::string_view bytes);

 private:
  std::string pending_;
  bool overflowed_ = false;
};

class SerialLineScanner {
 public:
  using Listener = std::function<void(ScanEvent)>;
  SerialLineScanner(std::string port_path, Listener listener);
  ~SerialLineScanner();
  SerialLineScanner(const SerialLineScanner&) = delete;
  SerialLineScanner& operator=(const SerialLineScanner&) = delete;
  void start();
  void stop();

 private:
  void run();
  void report(DeviceState state, std::string detail);
  std::string port_path_;
  Listener listener_;
  StatusLatch status_{"scanner", "Scanner"};
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace yiwang::drivers

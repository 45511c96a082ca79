// The camera as a QR scanner: a thread that takes frames from an ImageSource, decodes them, and
// reports each code once while it stays in view (the same content again only after a pause).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "common/device_thread.h"
#include "common/status_latch.h"
#include "qr/image_source.h"
#include "qr/line_scanner.h"

namespace yiwang::drivers {

struct CameraSettings {
  int frame_timeout_ms = 500;
  int repeat_after_ms = 3000;  // the same code is reported again after this long out of view
  int reconnect_ms = 1000;
};

class CameraScanner {
 public:
  using Listener = std::function<void(ScanEvent)>;
  CameraScanner(std::unique_ptr<ImageSource> source, Listener listener,
                CameraSettings settings = {});
  ~CameraScanner();
  CameraScanner(const CameraScanner&) = delete;
  CameraScanner& operator=(const CameraScanner&) = delete;
  CameraScanner(CameraScanner&&) = delete;
  CameraScanner& operator=(CameraScanner&&) = delete;
  void start();
  void stop();

 private:
  void run();
  void report(DeviceState state, std::string detail);
  std::unique_ptr<ImageSource> source_;
  Listener listener_;
  CameraSettings settings_;
  StatusLatch status_{"camera", "Scanner"};
  DeviceThread thread_;  // last: stopped first
};

}  // namespace yiwang::drivers

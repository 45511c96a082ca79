// Frames in, codes out, each code once per appearance.
#include "qr/camera_scanner.h"

#include <chrono>

#include "qr/frame_decoder.h"

namespace yiwang::drivers {

namespace {
using Clock = std::chrono::steady_clock;
}

CameraScanner::CameraScanner(std::unique_ptr<ImageSource> source, Listener listener,
                             CameraSettings settings)
    : source_(std::move(source)), listener_(std::move(listener)), settings_(settings) {}

CameraScanner::~CameraScanner() { stop(); }

void CameraScanner::start() {
  thread_.start([this] { run(); });
}

void CameraScanner::stop() { thread_.stop(); }

void CameraScanner::report(DeviceState state, std::string detail) {
  if (auto event = status_event(status_, state, std::move(detail))) listener_(std::move(*event));
}

void CameraScanner::run() {
  std::string last_code;
  Clock::time_point last_seen{};
  while (thread_.running()) {
    if (auto opened = source_->open(); !opened) {
      report(opened.error().device_missing ? DeviceState::noDevice : DeviceState::hardwareError,
             opened.error().message);
      thread_.sleep_ms(settings_.reconnect_ms);
      continue;
    }
    report(DeviceState::online, source_->describe());
    while (thread_.running()) {
      auto frame = source_->next(settings_.frame_timeout_ms);
      if (!frame) {
        report(frame.error().device_missing ? DeviceState::noDevice : DeviceState::hardwareError,
               frame.error().message);
        break;
      }
      if (!frame.value()) continue;
      const auto now = Clock::now();
      for (auto& code : decode_qr_codes(*frame.value())) {
        const bool repeat = code == last_code &&
                            now - last_seen < std::chrono::milliseconds(settings_.repeat_after_ms);
        last_seen = now;
        if (repeat) continue;
        last_code = code;
        ScanEvent event;
        if (code.size() > kMaxScanLength) {
          event.kind = ScanEvent::Kind::rejected;
          event.message = "scan longer than the limit";
        } else {
          event.code = std::move(code);
        }
        listener_(std::move(event));
      }
    }
    source_->close();
  }
}

}  // namespace yiwang::drivers

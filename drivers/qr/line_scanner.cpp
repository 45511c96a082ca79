// Line splitting with a length cap and binary rejection, and the serial reading thread.
#include "qr/line_scanner.h"

#include <chrono>

#include "common/serial_port.h"

namespace yiwang::drivers {

std::vector<ScanEvent> ScanLineSplitter::feed(std::string_view bytes) {
  std::vector<ScanEvent> events;
  for (char c : bytes) {
    if (c == '\r' || c == '\n') {
      if (overflowed_) {
        events.push_back({ScanEvent::Kind::rejected, "", "scan longer than the limit", {}});
      } else if (!pending_.empty()) {
        bool binary = false;
        for (unsigned char b : pending_) binary |= (b < 0x20 && b != '\t') || b == 0x7F;
        if (binary) {
          events.push_back({ScanEvent::Kind::rejected, "", "scan holds control bytes", {}});
        } else {
          events.push_back({ScanEvent::Kind::scanned, pending_, "", {}});
        }
      }
      pending_.clear();
      overflowed_ = false;
    } else if (pending_.size() >= kMaxScanLength) {
      overflowed_ = true;
    } else {
      pending_.push_back(c);
    }
  }
  return events;
}

SerialLineScanner::SerialLineScanner(std::string port_path, Listener listener)
    : port_path_(std::move(port_path)), listener_(std::move(listener)) {}

SerialLineScanner::~SerialLineScanner() { stop(); }

void SerialLineScanner::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void SerialLineScanner::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

void SerialLineScanner::report(DeviceState state, std::string detail) {
  auto status = status_.change(state, std::move(detail));
  if (!status) return;
  ScanEvent event;
  event.kind = ScanEvent::Kind::statusChanged;
  event.status = std::move(*status);
  listener_(std::move(event));
}

void SerialLineScanner::run() {
  while (running_) {
    auto port = SerialPort::open(port_path_, 115200);
    if (!port) {
      report(DeviceState::noDevice, port.error().message);
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    report(DeviceState::online, "");
    ScanLineSplitter splitter;
    while (running_) {
      auto bytes = port.value()->read_some(100);
      if (!bytes) break;
      const auto& data = bytes.value();
      for (auto& event : splitter.feed({reinterpret_cast<const char*>(data.data()), data.size()})) {
        listener_(std::move(event));
      }
    }
  }
}

}  // namespace yiwang::drivers

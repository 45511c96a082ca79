// The ID-card reader driver: a thread that runs find -> select -> read over the SAM frame protocol.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/device_status.h"
#include "common/serial_port.h"
#include "common/status_latch.h"
#include "idcard/id_card.h"
#include "idcard/sam_frame.h"

namespace yiwang::drivers {

struct CardReaderEvent {
  enum class Kind { cardRead, readFailed, statusChanged };
  Kind kind = Kind::statusChanged;
  IdCard card;                               // cardRead
  FailureKind failure = FailureKind::retry;  // readFailed
  std::string message;                       // readFailed: technician-facing, no personal data
  DeviceStatus status;                       // statusChanged
};

struct CardReaderTiming {
  int exchange_timeout_ms = 1000;
  int poll_interval_ms = 200;
  int reconnect_interval_ms = 500;
};

class IdCardReader {
 public:
  using Listener = std::function<void(CardReaderEvent)>;

  IdCardReader(std::string port_path, Listener listener, CardReaderTiming timing = {});
  ~IdCardReader();
  IdCardReader(const IdCardReader&) = delete;
  IdCardReader& operator=(const IdCardReader&) = delete;

  void start();
  void stop();

 private:
  enum class State { connecting, polling, selecting, reading };

  void run();
  State step(State state);
  Result<sam::Response, std::string> exchange(sam::Command command);
  void report(DeviceState state, std::string detail);
  void sleep_ms(int milliseconds);

  std::string port_path_;
  Listener listener_;
  CardReaderTiming timing_;
  std::unique_ptr<SerialPort> port_;
  sam::FrameParser parser_;
  StatusLatch status_{"idcard", "CardReader"};
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace yiwang::drivers

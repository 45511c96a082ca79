// The ID-card reader driver: a thread running an explicit state machine over the SAM frame
// protocol, on any ByteLink (a serial port, or USB bulk endpoints).
//
//   connecting --SAM ok--> polling --card found--> selecting --> reading --card read-->
//   waitingForRemoval --card gone--> polling
// Every exchange has a deadline. A lost link goes back to connecting (noDevice until it is back);
// SW3 "fault" codes go to faulted (hardwareError), which retries the SAM after a pause. A damaged
// reply to select or read repeats that step only; many damaged replies show as "communication
// errors" in the status while the reader keeps working.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "common/byte_link.h"
#include "common/device_status.h"
#include "common/device_thread.h"
#include "common/status_latch.h"
#include "idcard/id_card.h"
#include "idcard/sam_frame.h"

namespace yiwang::drivers {

struct CardReaderEvent {
  enum class Kind { cardRead, readFailed, cardRemoved, statusChanged };
  Kind kind = Kind::statusChanged;
  IdCard card;                               // cardRead
  FailureKind failure = FailureKind::retry;  // readFailed
  std::string message;                       // readFailed: technician-facing, no personal data
  DeviceStatus status;                       // statusChanged
};

struct CardReaderTiming {
  int exchange_timeout_ms = 1000;  // one request and its reply (a read reply takes 113 ms)
  int poll_interval_ms = 200;
  // No card for `idle_after_ms`, or none since start: poll this often instead (an idle kiosk
  // wakes less; a card is still found within 0.8 s), until the next card.
  int idle_poll_interval_ms = 800;
  int idle_after_ms = 30000;
  int reconnect_interval_ms = 500;  // unplugged: looked for again this often
  int removal_timeout_ms = 30000;   // waiting for the card to leave, at most this long
  int fault_pause_ms = 2000;        // after a SAM fault, before the SAM is asked again
  int attempts = 3;                 // failed exchanges in a row before the reader is offline
  int step_attempts = 4;  // a damaged reply to select or read: that step (only) is asked again
  // Damaged replies among the last `damage_window` make the status say "communication errors".
  int damage_window = 20;
  int damage_threshold = 4;
};

enum class ReaderState { connecting, polling, selecting, reading, waitingForRemoval, faulted };
std::string_view to_string(ReaderState state);

// "usb" or "usb:VVVV:PPPP" (libusb; default 0400:c35a); "serial:usb:VVVV[:PPPP]" (a serial
// reader found through udev by its USB-serial bridge's ids); "auto" (native USB, else any
// CH340/CP210x/PL2303 bridge); else a serial device path.
Result<std::unique_ptr<ByteLink>, std::string> make_reader_link(const std::string& spec);

class IdCardReader {
 public:
  using Listener = std::function<void(CardReaderEvent)>;

  IdCardReader(std::unique_ptr<ByteLink> link, Listener listener, CardReaderTiming timing = {});
  ~IdCardReader();
  IdCardReader(const IdCardReader&) = delete;
  IdCardReader& operator=(const IdCardReader&) = delete;
  IdCardReader(IdCardReader&&) = delete;
  IdCardReader& operator=(IdCardReader&&) = delete;

  void start();
  void stop();
  ReaderState state() const { return state_.load(); }

 private:
  enum class ExchangeProblem { lost, timeout, damaged, foreign, stopped };
  struct ExchangeError {
    ExchangeProblem problem;
    std::string message;
  };

  void run();
  ReaderState step(ReaderState state);
  ReaderState connect();
  ReaderState after_failure(const ExchangeError& error, ReaderState retry_in);
  ReaderState read_card();
  Result<sam::Response, ExchangeError> exchange(sam::Command command);
  // The step's exchange, asked again (up to step_attempts) while its reply arrives damaged or
  // not at all: a flaky line costs a repeat of one step, not of the whole sequence.
  Result<sam::Response, ExchangeError> exchange_step(sam::Command command);
  void note_reply(bool damaged);
  Result<sam::Response, ExchangeError> exchange_once(sam::Command command);
  void drain();
  void report(DeviceState state, std::string detail, bool detail_matters = false);
  void emit_failure(FailureKind kind, std::string message);

  std::unique_ptr<ByteLink> link_;
  Listener listener_;
  CardReaderTiming timing_;
  sam::FrameParser parser_;
  StatusLatch status_{"idcard", "CardReader"};
  std::atomic<ReaderState> state_{ReaderState::connecting};
  int failures_in_a_row_ = 0;
  std::optional<std::chrono::steady_clock::time_point> last_card_;  // none yet: idle
  std::deque<bool> recent_damage_;  // the last replies: damaged or not
  bool communication_errors_ = false;
  std::string fault_;
  std::chrono::steady_clock::time_point removal_deadline_;
  DeviceThread thread_;  // last: stopped first
};

}  // namespace yiwang::drivers

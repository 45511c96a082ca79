// The reader's state machine: one step per state, each exchange timed, every failure named.
#include "idcard/idcard_reader.h"

#include <pthread.h>

#include <algorithm>
#include <cstdio>

namespace yiwang::drivers {

namespace {
using Clock = std::chrono::steady_clock;
constexpr std::uint16_t kDefaultVendor = 0x0400;
constexpr std::uint16_t kDefaultProduct = 0xc35a;
}  // namespace

std::string_view to_string(ReaderState state) {
  switch (state) {
    case ReaderState::connecting:
      return "connecting";
    case ReaderState::polling:
      return "polling";
    case ReaderState::selecting:
      return "selecting";
    case ReaderState::reading:
      return "reading";
    case ReaderState::waitingForRemoval:
      return "waitingForRemoval";
    case ReaderState::faulted:
      return "faulted";
  }
  return "";
}

namespace {

// USB-serial bridges serial readers sit behind: CH340, CP210x, PL2303.
UdevMatch serial_bridges() {
  UdevMatch match;
  match.subsystem = "tty";
  match.sysname_prefix = "ttyUSB";
  match.vendors = {0x1a86, 0x10c4, 0x067b};
  return match;
}

// "auto": a native USB reader when one is plugged in, else a serial reader behind a bridge.
class AutoReaderLink final : public ByteLink {
 public:
  AutoReaderLink(std::unique_ptr<ByteLink> usb, std::unique_ptr<ByteLink> serial)
      : usb_(std::move(usb)), serial_(std::move(serial)) {}
  Result<Done, LinkError> open() override {
    close();
    auto native = usb_->open();
    if (native) {
      active_ = usb_.get();
      return Done{};
    }
    auto bridged = serial_->open();
    if (bridged) {
      active_ = serial_.get();
      return Done{};
    }
    return fail(LinkError{true, native.error().message + "; " + bridged.error().message});
  }
  void close() override {
    if (active_ != nullptr) active_->close();
    active_ = nullptr;
  }
  bool is_open() const override { return active_ != nullptr && active_->is_open(); }
  Result<Done, LinkError> write(std::span<const std::uint8_t> bytes, int timeout_ms) override {
    if (active_ == nullptr) return fail(LinkError{true, "no reader open"});
    return active_->write(bytes, timeout_ms);
  }
  Result<std::size_t, LinkError> read(std::span<std::uint8_t> buffer, int timeout_ms) override {
    if (active_ == nullptr) return fail(LinkError{true, "no reader open"});
    return active_->read(buffer, timeout_ms);
  }
  bool bidirectional() const override { return true; }
  std::string describe() const override {
    return active_ != nullptr ? active_->describe() : "auto (usb 0400:c35a or a serial bridge)";
  }

 private:
  std::unique_ptr<ByteLink> usb_;
  std::unique_ptr<ByteLink> serial_;
  ByteLink* active_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<ByteLink>, std::string> make_reader_link(const std::string& spec) {
  if (spec == "auto") {
    auto usb = make_reader_link("usb");
    return std::unique_ptr<ByteLink>(std::make_unique<AutoReaderLink>(
        std::move(usb.value()),
        make_serial_link(serial_bridges(), "serial reader (CH340, CP210x, PL2303)", 115200)));
  }
  if (spec.rfind("serial:usb:", 0) == 0) {
    UdevMatch match = serial_bridges();
    if (!parse_usb_ids(spec.substr(7), match))
      return fail("expected serial:usb:VVVV[:PPPP] (hex ids), got " + spec);
    return make_serial_link(match, "serial reader " + spec.substr(7), 115200);
  }
  if (spec.rfind("usb", 0) == 0) {
    unsigned vendor = kDefaultVendor;
    unsigned product = kDefaultProduct;
    if (spec != "usb" && std::sscanf(spec.c_str(), "usb:%4x:%4x", &vendor, &product) != 2)
      return fail("expected usb or usb:VVVV:PPPP (hex ids), got " + spec);
    // Native readers carry the SAM frames on a vendor interface's bulk endpoints; which ones
    // (02/81 on most, 06/85 on some) comes from the descriptors.
    UsbSelector reader;
    reader.vendor = static_cast<std::uint16_t>(vendor);
    reader.product = static_cast<std::uint16_t>(product);
    reader.interface_class = 0xFF;
    reader.need_in = true;
    reader.what = "ID-card reader";
    return make_usb_bulk_link(reader);
  }
  if (spec.empty()) return fail(std::string("no reader given"));
  return make_serial_link(spec, 115200);
}

IdCardReader::IdCardReader(std::unique_ptr<ByteLink> link, Listener listener,
                           CardReaderTiming timing)
    : link_(std::move(link)), listener_(std::move(listener)), timing_(timing) {}

IdCardReader::~IdCardReader() { stop(); }

void IdCardReader::start() {
  thread_.start([this] { run(); });
}

void IdCardReader::stop() { thread_.stop(); }

void IdCardReader::report(DeviceState state, std::string detail, bool detail_matters) {
  auto status = status_.change(state, std::move(detail), detail_matters);
  if (!status) return;
  CardReaderEvent event;
  event.status = std::move(*status);
  listener_(std::move(event));
}

void IdCardReader::emit_failure(FailureKind kind, std::string message) {
  CardReaderEvent event;
  event.kind = CardReaderEvent::Kind::readFailed;
  event.failure = kind;
  event.message = std::move(message);
  listener_(std::move(event));
}

void IdCardReader::run() {
  // Named, so that /proc (bench/idle_cpu.sh) tells who wakes.
  ::pthread_setname_np(::pthread_self(), "idcard");
  ReaderState state = ReaderState::connecting;
  while (thread_.running()) {
    state_ = state;
    state = step(state);
  }
  link_->close();
}

ReaderState IdCardReader::step(ReaderState state) {
  switch (state) {
    case ReaderState::connecting:
      return connect();
    case ReaderState::polling: {
      auto found = exchange(sam::kFindCard);
      if (!found) return after_failure(found.error(), ReaderState::polling);
      failures_in_a_row_ = 0;
      const std::uint8_t sw3 = found.value().sw3;
      if (sw3 == sam::kFindSuccess) {
        last_card_ = Clock::now();
        return ReaderState::selecting;
      }
      if (sw3 != sam::kFindFailed && sam::describe_sw3(sw3).kind == FailureKind::fault) {
        fault_ = "find card: " + std::string(sam::describe_sw3(sw3).description);
        return ReaderState::faulted;
      }
      const bool idle = !last_card_ || Clock::now() - *last_card_ >
                                           std::chrono::milliseconds(timing_.idle_after_ms);
      thread_.sleep_ms(idle ? std::max(timing_.poll_interval_ms, timing_.idle_poll_interval_ms)
                            : timing_.poll_interval_ms);
      return ReaderState::polling;
    }
    case ReaderState::selecting: {
      auto selected = exchange_step(sam::kSelectCard);
      if (!selected) return after_failure(selected.error(), ReaderState::polling);
      failures_in_a_row_ = 0;
      const std::uint8_t sw3 = selected.value().sw3;
      if (sw3 == sam::kSuccess) return ReaderState::reading;
      if (sam::describe_sw3(sw3).kind == FailureKind::fault) {
        fault_ = "select card: " + std::string(sam::describe_sw3(sw3).description);
        return ReaderState::faulted;
      }
      return ReaderState::polling;  // the card moved away between find and select
    }
    case ReaderState::reading:
      return read_card();
    case ReaderState::waitingForRemoval: {
      // A card placed anew (the old one swapped faster than a poll) is found again at once.
      auto found = exchange(sam::kFindCard);
      if (!found) return after_failure(found.error(), ReaderState::waitingForRemoval);
      if (found.value().sw3 == sam::kFindSuccess) return ReaderState::selecting;
      // A card that stays on the reader can still be selected; once selecting fails it is gone.
      auto selected = exchange(sam::kSelectCard);
      if (!selected) return after_failure(selected.error(), ReaderState::waitingForRemoval);
      failures_in_a_row_ = 0;
      if (selected.value().sw3 != sam::kSuccess || Clock::now() >= removal_deadline_) {
        CardReaderEvent event;
        event.kind = CardReaderEvent::Kind::cardRemoved;
        listener_(std::move(event));
        return ReaderState::polling;
      }
      thread_.sleep_ms(timing_.poll_interval_ms);
      return ReaderState::waitingForRemoval;
    }
    case ReaderState::faulted:
      link_->close();
      report(DeviceState::hardwareError, fault_);
      thread_.sleep_ms(timing_.fault_pause_ms);
      return ReaderState::connecting;
  }
  return ReaderState::connecting;
}

ReaderState IdCardReader::connect() {
  if (auto opened = link_->open(); !opened) {
    report(DeviceState::noDevice, opened.error().message);
    thread_.sleep_ms(timing_.reconnect_interval_ms);
    return ReaderState::connecting;
  }
  parser_.reset();
  failures_in_a_row_ = 0;
  recent_damage_.clear();
  communication_errors_ = false;
  auto status = exchange(sam::kSamStatus);
  if (!status) {
    const auto& error = status.error();
    if (error.problem == ExchangeProblem::lost) {
      report(DeviceState::noDevice, error.message);
    } else if (error.problem == ExchangeProblem::foreign) {
      report(DeviceState::offline,
             "unsupported reader: it answers, but not in SAM frames (another command set, or "
             "another baud rate)");
    } else if (error.problem != ExchangeProblem::stopped) {
      report(DeviceState::offline, "SAM status: " + error.message);
    }
    link_->close();
    thread_.sleep_ms(timing_.reconnect_interval_ms);
    return ReaderState::connecting;
  }
  if (status.value().sw3 != sam::kSuccess) {
    fault_ = "SAM: " + std::string(sam::describe_sw3(status.value().sw3).description);
    return ReaderState::faulted;
  }
  report(DeviceState::online, link_->describe());
  return ReaderState::polling;
}

ReaderState IdCardReader::after_failure(const ExchangeError& error, ReaderState retry_in) {
  if (error.problem == ExchangeProblem::stopped) return retry_in;
  if (error.problem == ExchangeProblem::lost) {
    report(DeviceState::noDevice, error.message);
    link_->close();
    return ReaderState::connecting;
  }
  // A damaged, foreign or missing reply: noise on the line is retried; a reader that keeps
  // failing is offline until it answers its SAM status again.
  if (++failures_in_a_row_ >= timing_.attempts) {
    report(DeviceState::offline, error.message);
    link_->close();
    thread_.sleep_ms(timing_.reconnect_interval_ms);
    return ReaderState::connecting;
  }
  return retry_in;
}

ReaderState IdCardReader::read_card() {
  auto read = exchange_step(sam::kReadText);
  if (!read) {
    if (read.error().problem != ExchangeProblem::lost &&
        read.error().problem != ExchangeProblem::stopped) {
      // The card was read but its reply did not arrive whole; the reader will not find it
      // again until it is placed anew.
      emit_failure(FailureKind::retry, "card reply not received whole: " + read.error().message);
    }
    return after_failure(read.error(), ReaderState::polling);
  }
  failures_in_a_row_ = 0;
  const auto& response = read.value();
  if (response.sw3 != sam::kSuccess) {
    const auto meaning = sam::describe_sw3(response.sw3);
    emit_failure(meaning.kind, "read card: " + std::string(meaning.description));
    if (meaning.kind == FailureKind::fault) {
      fault_ = "read card: " + std::string(meaning.description);
      return ReaderState::faulted;
    }
    return ReaderState::polling;
  }
  removal_deadline_ = Clock::now() + std::chrono::milliseconds(timing_.removal_timeout_ms);
  auto reply = sam::parse_read_reply(response.data, false);
  if (!reply) {
    emit_failure(FailureKind::retry, "read reply has a bad layout");
    return ReaderState::waitingForRemoval;
  }
  auto card = parse_card_text(reply->text);
  if (!card) {
    emit_failure(FailureKind::retry, card.error().message);
    return ReaderState::waitingForRemoval;
  }
  CardReaderEvent event;
  event.kind = CardReaderEvent::Kind::cardRead;
  event.card = std::move(card.value());
  event.card.photo_wlt = std::move(reply->photo);
  listener_(std::move(event));
  return ReaderState::waitingForRemoval;
}

// After a missed deadline or a damaged frame the rest of that reply may still be coming: let the
// line fall quiet, so a late reply is not taken for the answer to the next request.
void IdCardReader::drain() {
  // A late reply gets one more exchange's time to arrive; after that, 50 ms of quiet will do.
  const auto limit = Clock::now() + std::chrono::milliseconds(2 * timing_.exchange_timeout_ms);
  std::uint8_t buffer[512];
  int wait_ms = timing_.exchange_timeout_ms;
  while (thread_.running() && Clock::now() < limit) {
    auto n = link_->read(buffer, wait_ms);
    if (!n || n.value() == 0) return;
    wait_ms = 50;
  }
}

Result<sam::Response, IdCardReader::ExchangeError> IdCardReader::exchange(sam::Command command) {
  auto result = exchange_once(command);
  if (!result && (result.error().problem == ExchangeProblem::timeout ||
                  result.error().problem == ExchangeProblem::damaged ||
                  result.error().problem == ExchangeProblem::foreign))
    drain();
  if (result) {
    note_reply(false);
  } else if (result.error().problem == ExchangeProblem::damaged ||
             result.error().problem == ExchangeProblem::timeout) {
    note_reply(true);
  }
  return result;
}

Result<sam::Response, IdCardReader::ExchangeError> IdCardReader::exchange_step(
    sam::Command command) {
  auto result = exchange(command);
  for (int attempt = 1; attempt < timing_.step_attempts && !result; ++attempt) {
    const auto problem = result.error().problem;
    if (problem != ExchangeProblem::damaged && problem != ExchangeProblem::timeout) break;
    result = exchange(command);
  }
  return result;
}

void IdCardReader::note_reply(bool damaged) {
  recent_damage_.push_back(damaged);
  while (static_cast<int>(recent_damage_.size()) > timing_.damage_window)
    recent_damage_.pop_front();
  const auto count = std::count(recent_damage_.begin(), recent_damage_.end(), true);
  // Shown from the threshold on, cleared only once the window is clean again (no flapping).
  if (!communication_errors_ && count >= timing_.damage_threshold) {
    communication_errors_ = true;
    report(DeviceState::online,
           "communication errors: damaged replies on the line (" + link_->describe() + ")", true);
  } else if (communication_errors_ && count == 0) {
    communication_errors_ = false;
    report(DeviceState::online, link_->describe(), true);
  }
}

Result<sam::Response, IdCardReader::ExchangeError> IdCardReader::exchange_once(
    sam::Command command) {
  parser_.reset();
  if (auto written = link_->write(sam::encode_request(command), timing_.exchange_timeout_ms);
      !written) {
    return fail(ExchangeError{ExchangeProblem::lost, written.error().message});
  }
  const auto deadline = Clock::now() + std::chrono::milliseconds(timing_.exchange_timeout_ms);
  std::size_t bytes_seen = 0;
  std::uint8_t buffer[4096];
  while (thread_.running()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      if (bytes_seen > 0 && !parser_.in_frame())
        return fail(ExchangeError{ExchangeProblem::foreign,
                                  std::to_string(bytes_seen) + " bytes with no SAM frame in them"});
      return fail(ExchangeError{
          ExchangeProblem::timeout,
          bytes_seen > 0 ? "reply cut short (frame never completed)" : "no reply in time"});
    }
    auto n = link_->read(buffer, static_cast<int>(left));
    if (!n) return fail(ExchangeError{ExchangeProblem::lost, n.error().message});
    bytes_seen += n.value();
    for (auto& event : parser_.feed({buffer, n.value()})) {
      if (event.error) {
        return fail(
            ExchangeError{ExchangeProblem::damaged, *event.error == sam::FrameError::badChecksum
                                                        ? "reply with a bad checksum"
                                                        : "reply with an impossible length"});
      }
      auto response = sam::parse_response(event.body);
      if (!response) return fail(ExchangeError{ExchangeProblem::damaged, "reply too short"});
      return std::move(*response);
    }
  }
  return fail(ExchangeError{ExchangeProblem::stopped, "stopped"});
}

}  // namespace yiwang::drivers

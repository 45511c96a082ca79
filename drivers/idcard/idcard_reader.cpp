// Reader state machine: connect, poll for a card, select, read, report; every exchange is timed.
#include "idcard/idcard_reader.h"

#include <chrono>

namespace yiwang::drivers {

IdCardReader::IdCardReader(std::string port_path, Listener listener, CardReaderTiming timing)
    : port_path_(std::move(port_path)), listener_(std::move(listener)), timing_(timing) {}

IdCardReader::~IdCardReader() { stop(); }

void IdCardReader::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void IdCardReader::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

void IdCardReader::sleep_ms(int milliseconds) {
  // Sleep in slices so stop() is answered quickly.
  for (int slept = 0; slept < milliseconds && running_; slept += 20) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void IdCardReader::report(DeviceState state, std::string detail) {
  auto status = status_.change(state, std::move(detail));
  if (!status) return;
  CardReaderEvent event;
  event.status = std::move(*status);
  listener_(std::move(event));
}

void IdCardReader::run() {
  State state = State::connecting;
  while (running_) state = step(state);
  port_.reset();
}

IdCardReader::State IdCardReader::step(State state) {
  switch (state) {
    case State::connecting: {
      auto opened = SerialPort::open(port_path_, 115200);
      if (!opened) {
        report(DeviceState::noDevice, opened.error().message);
        sleep_ms(timing_.reconnect_interval_ms);
        return State::connecting;
      }
      port_ = std::move(opened.value());
      parser_.reset();
      auto status = exchange(sam::kSamStatus);
      if (!status) {
        port_.reset();
        report(DeviceState::offline, "SAM status: " + status.error());
        sleep_ms(timing_.reconnect_interval_ms);
        return State::connecting;
      }
      if (status.value().sw3 != sam::kSuccess) {
        port_.reset();
        report(
            DeviceState::hardwareError,
            std::string("SAM: ") + std::string(sam::describe_sw3(status.value().sw3).description));
        sleep_ms(timing_.reconnect_interval_ms * 4);
        return State::connecting;
      }
      report(DeviceState::online, "");
      return State::polling;
    }
    case State::polling: {
      auto found = exchange(sam::kFindCard);
      if (!found) {
        port_.reset();
        return State::connecting;
      }
      if (found.value().sw3 == sam::kFindSuccess) return State::selecting;
      sleep_ms(timing_.poll_interval_ms);
      return State::polling;
    }
    case State::selecting: {
      auto selected = exchange(sam::kSelectCard);
      if (!selected) {
        port_.reset();
        return State::connecting;
      }
      return selected.value().sw3 == sam::kSuccess ? State::reading : State::polling;
    }
    case State::reading: {
      auto read = exchange(sam::kReadText);
      if (!read) {
        port_.reset();
        return State::connecting;
      }
      CardReaderEvent event;
      event.kind = CardReaderEvent::Kind::readFailed;
      const auto& response = read.value();
      if (response.sw3 != sam::kSuccess) {
        auto meaning = sam::describe_sw3(response.sw3);
        event.failure = meaning.kind;
        event.message = std::string(meaning.description);
      } else if (auto reply = sam::parse_read_reply(response.data, false); !reply) {
        event.message = "read reply has a bad layout";
      } else if (auto card = parse_card_text(reply->text); !card) {
        event.message = card.error().message;
      } else {
        event.kind = CardReaderEvent::Kind::cardRead;
        event.card = std::move(card.value());
        event.card.photo_wlt = std::move(reply->photo);
      }
      listener_(std::move(event));
      return State::polling;
    }
  }
  return State::connecting;
}

Result<sam::Response, std::string> IdCardReader::exchange(sam::Command command) {
  port_->flush_input();
  parser_.reset();
  auto written = port_->write_all(sam::encode_request(command));
  if (!written) return fail(written.error().message);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timing_.exchange_timeout_ms);
  while (running_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return fail(std::string("no reply in time"));
    auto bytes = port_->read_some(static_cast<int>(left.count()));
    if (!bytes) return fail(bytes.error().message);
    for (auto& event : parser_.feed(bytes.value())) {
      if (event.error) {
        return fail(std::string(*event.error == sam::FrameError::badChecksum
                                    ? "reply with a bad checksum"
                                    : "reply with a bad length"));
      }
      auto response = sam::parse_response(event.body);
      if (!response) return fail(std::string("reply too short"));
      return std::move(*response);
    }
  }
  return fail(std::string("stopped"));
}

}  // namespace yiwang::drivers

// ReceiptPrinter: the job protocol of receipt_printer.h over any ByteLink.
#include "receipt/receipt_printer.h"

#include <array>
#include <chrono>

#include "receipt/escpos_encoder.h"

namespace yiwang::drivers {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kStatusEveryMs = 400;  // real-time status while a receipt prints
const std::vector<std::uint8_t> kAnswerRequest = {0x1D, 0x72, 0x01};  // GS r 1

int elapsed_ms(Clock::time_point since) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

std::vector<std::uint8_t> joined(const std::vector<std::uint8_t>& a,
                                 const std::vector<std::uint8_t>& b) {
  std::vector<std::uint8_t> all = a;
  all.insert(all.end(), b.begin(), b.end());
  return all;
}

}  // namespace

ReceiptPrinter::ReceiptPrinter(std::unique_ptr<ByteLink> port, ReceiptPrinterSettings settings,
                               Listener listener)
    : port_(std::move(port)), settings_(std::move(settings)), listener_(std::move(listener)) {
  void_pending_ = settings_.start_with_void;
  last_.name = "receipt";
  last_.device_class = "Printer";
  thread_ = std::thread([this] { run(); });
}

ReceiptPrinter::~ReceiptPrinter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

void ReceiptPrinter::print(ReceiptJob job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  ready_.notify_all();
}

void ReceiptPrinter::report(DeviceState state, PaperState paper, const std::string& detail) {
  if (reported_ && last_.state == state && last_.paper == paper && last_.detail == detail) return;
  reported_ = true;
  last_.state = state;
  last_.paper = paper;
  last_.detail = detail;
  PrintEvent event;
  event.kind = PrintEvent::Kind::statusChanged;
  event.status = last_;
  listener_(std::move(event));
}

void ReceiptPrinter::report(const PrinterCondition& condition) {
  report(condition.state, condition.paper, condition.reason);
}

bool ReceiptPrinter::connect() {
  if (port_->is_open()) return true;
  auto opened = port_->open();
  if (!opened) {
    report(opened.error().device_missing ? DeviceState::noDevice : DeviceState::hardwareError,
           PaperState::unknown, opened.error().message);
    return false;
  }
  acks_ = 0;
  return true;
}

Result<Done, LinkError> ReceiptPrinter::request_status(int n, PrinterStatusBits& bits) {
  if (auto sent = port_->write(realtime_status_request(n), settings_.answer_timeout_ms); !sent)
    return sent;
  const auto start = Clock::now();
  std::array<std::uint8_t, 64> buffer{};
  while (elapsed_ms(start) < settings_.answer_timeout_ms) {
    auto got = port_->read(buffer, settings_.answer_timeout_ms - elapsed_ms(start));
    if (!got) return fail(got.error());
    for (std::size_t i = 0; i < got.value(); ++i) {
      if (is_transmitted_status_byte(buffer[i])) {
        ++acks_;
      } else if (apply_realtime_status(n, buffer[i], bits)) {
        return Done{};
      }
      // Anything else is line noise: ignored, the request is answered or times out.
    }
  }
  port_->close();
  return fail(LinkError{false, port_->describe() + ": no answer to a status request"});
}

Result<PrinterCondition, LinkError> ReceiptPrinter::poll_status() {
  PrinterStatusBits bits;
  for (int n = 1; n <= 4; ++n) {
    if (auto answered = request_status(n, bits); !answered) return fail(answered.error());
  }
  return condition_of(bits);
}

ReceiptPrinter::Waited ReceiptPrinter::wait_for_answer(int timeout_ms, bool cancel_on_trouble) {
  Waited result;
  const auto start = Clock::now();
  auto last_poll = Clock::now();
  std::array<std::uint8_t, 64> buffer{};
  while (acks_ == 0) {
    if (elapsed_ms(start) > timeout_ms) {
      result.reason = "no_answer";
      break;
    }
    auto got = port_->read(buffer, 100);
    if (!got) {
      result.link_lost = true;
      return result;
    }
    for (std::size_t i = 0; i < got.value(); ++i)
      if (is_transmitted_status_byte(buffer[i])) ++acks_;
    if (acks_ > 0 || elapsed_ms(last_poll) < kStatusEveryMs) continue;
    last_poll = Clock::now();
    auto condition = poll_status();
    if (!condition) {
      result.link_lost = true;
      return result;
    }
    report(condition.value());
    if (cancel_on_trouble && !condition.value().can_print()) {
      result.reason = condition.value().reason.empty() ? "error" : condition.value().reason;
      break;
    }
  }
  if (acks_ > 0) {
    --acks_;
    result.acknowledged = true;
    return result;
  }
  // Cancelled: drop what the printer holds of this job so it cannot print later (paper refilled).
  if (auto cleared = port_->write(clear_printer_buffers(), settings_.answer_timeout_ms); !cleared)
    result.link_lost = true;
  return result;
}

Result<Done, LinkError> ReceiptPrinter::send_and_confirm(const std::vector<std::uint8_t>& bytes) {
  if (auto sent = port_->write(joined(bytes, kAnswerRequest), settings_.ack_timeout_ms); !sent)
    return sent;
  const Waited waited = wait_for_answer(settings_.ack_timeout_ms, false);
  if (!waited.acknowledged)
    return fail(LinkError{false, port_->describe() + ": not confirmed (" + waited.reason + ")"});
  return Done{};
}

PrintEvent ReceiptPrinter::print_job(const ReceiptJob& job) {
  PrintEvent done;
  done.job_id = job.id;
  done.reason = "no_device";
  for (int attempt = 0; attempt < settings_.attempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (!connect()) {
      done.message = last_.detail;
      continue;
    }
    if (!port_->bidirectional()) {
      // A one-way printer: no status, no confirmation; the bytes go out once.
      auto sent = port_->write(joined(job.body, job.cut), settings_.ack_timeout_ms);
      done.outcome = sent ? PrintOutcome::printed : PrintOutcome::not_printed;
      if (!sent) done.message = sent.error().message;
      return done;
    }
    auto condition = poll_status();
    if (!condition) {
      done.reason = "no_answer";
      done.message = condition.error().message;
      continue;
    }
    report(condition.value());
    if (!condition.value().can_print()) {
      done.reason = condition.value().reason;
      done.message = "printer cannot print: " + condition.value().reason;
      return done;
    }
    if (void_pending_ || cut_pending_) {
      const auto& closing = void_pending_ ? settings_.void_slip : job.cut;
      if (auto closed = send_and_confirm(closing); !closed) {
        done.reason = "no_answer";
        done.message = closed.error().message;
        continue;
      }
      void_pending_ = false;
      cut_pending_ = false;
    }
    void_pending_ = true;  // from the first byte of the body, an interruption leaves a fragment
    if (auto sent = port_->write(joined(job.body, kAnswerRequest), settings_.ack_timeout_ms);
        !sent) {
      done.reason = "link_lost";
      done.message = sent.error().message;
      continue;
    }
    const Waited body = wait_for_answer(settings_.ack_timeout_ms, true);
    if (body.link_lost) {
      done.reason = "link_lost";
      done.message = port_->describe() + ": connection lost while printing";
      continue;
    }
    if (!body.acknowledged) {
      done.reason = body.reason;
      done.message = "receipt cancelled in the printer: " + body.reason;
      return done;
    }
    // The body is on paper: from here on this job is never printed again.
    void_pending_ = false;
    done.outcome = PrintOutcome::printed;
    done.reason.clear();
    done.message.clear();
    auto cut = send_and_confirm(job.cut);
    done.cut_confirmed = cut.ok();
    cut_pending_ = !cut.ok();
    return done;
  }
  return done;
}

void ReceiptPrinter::run() {
  while (true) {
    ReceiptJob job;
    bool have_job = false;
    {
      std::unique_lock lock(mutex_);
      ready_.wait_for(lock, std::chrono::milliseconds(settings_.poll_interval_ms),
                      [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_ && jobs_.empty()) return;
      if (!jobs_.empty()) {
        job = std::move(jobs_.front());
        jobs_.pop_front();
        have_job = true;
      }
    }
    if (have_job) {
      PrintEvent done = print_job(job);
      listener_(std::move(done));
      continue;
    }
    // Idle: reconnect a printer that went away, and follow paper and cover.
    if (!connect()) continue;
    if (!port_->bidirectional()) {
      report(DeviceState::online, PaperState::unknown, "");
      continue;
    }
    auto condition = poll_status();
    if (condition) {
      report(condition.value());
    } else {
      report(condition.error().device_missing ? DeviceState::noDevice : DeviceState::offline,
             PaperState::unknown, condition.error().message);
    }
  }
}

}  // namespace yiwang::drivers

// ReceiptPrinter: the job protocol of receipt_printer.h over any ByteLink.
#include "receipt/receipt_printer.h"

#include <pthread.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "common/gb18030.h"
#include "receipt/escpos_encoder.h"

namespace yiwang::drivers {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kStatusEveryMs = 400;      // real-time status while a receipt prints
constexpr int kQuietMs = 30;             // input is flushed once the line was quiet this long
constexpr int kFastLinesPerSecond = 30;  // blind: status is followed this long after the body

int elapsed_ms(Clock::time_point since) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

void append(std::vector<std::uint8_t>& to, const std::vector<std::uint8_t>& bytes) {
  to.insert(to.end(), bytes.begin(), bytes.end());
}

// Lines a stream feeds, roughly: LF, ESC d n, raster rows (24 to a line), QR codes. Only the
// bound on waiting follows from it, so rough is enough.
int estimate_lines(const std::vector<std::uint8_t>& b) {
  int lines = 0;
  auto at = [&](std::size_t i) -> std::size_t { return i < b.size() ? b[i] : 0; };
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (b[i] == 0x0A) {
      ++lines;
    } else if (b[i] == 0x1B && at(i + 1) == 0x64) {
      lines += static_cast<int>(at(i + 2));
      i += 2;
    } else if (b[i] == 0x1D && at(i + 1) == 0x76 && at(i + 2) == 0x30) {
      const std::size_t row = at(i + 4) | (at(i + 5) << 8);
      const std::size_t rows = at(i + 6) | (at(i + 7) << 8);
      lines += static_cast<int>(rows / 24 + 1);
      i += 7 + row * rows;
    } else if (b[i] == 0x1D && at(i + 1) == 0x28) {
      const std::size_t length = at(i + 3) | (at(i + 4) << 8);
      if (at(i + 2) == 0x6B && at(i + 6) == 0x51) lines += 12;
      i += 4 + length;
    }
  }
  return lines;
}

// The body as it goes out: real-time commands off after its ESC @ (which may reset them) and on
// again after it, with the copy banner (if any) on top.
std::vector<std::uint8_t> framed(const std::vector<std::uint8_t>& body,
                                 const std::vector<std::uint8_t>& banner) {
  std::vector<std::uint8_t> out;
  std::size_t start = 0;
  if (body.size() >= 2 && body[0] == 0x1B && body[1] == 0x40) {
    out = {0x1B, 0x40};
    start = 2;
  }
  append(out, realtime_commands(false));
  append(out, banner);
  out.insert(out.end(), body.begin() + static_cast<std::ptrdiff_t>(start), body.end());
  append(out, realtime_commands(true));
  return out;
}

std::vector<std::uint8_t> default_copy_banner() {
  EscPosEncoder banner;
  banner.chinese_mode(true).align(Align::centre).bold(true).line("** 副本 COPY **");
  banner.bold(false).align(Align::left);
  return banner.bytes();
}

}  // namespace

std::string_view to_string(ConfirmMode mode) {
  switch (mode) {
    case ConfirmMode::identity:
      return "identity-confirmed";
    case ConfirmMode::sequence:
      return "sequence-confirmed";
    case ConfirmMode::blind:
      return "blind once";
  }
  return "?";
}

ConfirmMode PrinterCapabilities::mode() const {
  if (!two_way) return ConfirmMode::blind;
  if (transaction_number) return ConfirmMode::identity;
  if (paper_sensor) return ConfirmMode::sequence;
  return ConfirmMode::blind;
}

std::string PrinterCapabilities::describe() const {
  std::string out(to_string(mode()));
  out += mode() == ConfirmMode::identity   ? " (GS ( H)"
         : mode() == ConfirmMode::sequence ? " (GS r)"
                                           : "";
  if (!model.empty()) out += "; " + model;
  std::string answers;
  auto add = [&](bool yes, const char* what) {
    if (!yes) return;
    answers += answers.empty() ? "; answers " : ", ";
    answers += what;
  };
  add(realtime_status, "DLE EOT");
  add(transaction_number, "GS ( H");
  add(paper_sensor, "GS r");
  add(clear_answer, "DLE DC4 8");
  return out + (two_way ? answers : "; one-way link");
}

std::string_view to_string(JobStage stage) {
  switch (stage) {
    case JobStage::body_sent:
      return "body_sent";
    case JobStage::body_printed:
      return "body_printed";
    case JobStage::cut_confirmed:
      return "cut_confirmed";
    case JobStage::fragment_on_paper:
      return "fragment_on_paper";
    case JobStage::uncertain:
      return "uncertain";
    case JobStage::closed:
      return "closed";
  }
  return "?";
}

OwedClosing restart_closing(JobStage last_stage) {
  switch (last_stage) {
    case JobStage::body_sent:  // stopped before the printer confirmed: an unfinished body
    case JobStage::fragment_on_paper:
      return OwedClosing::void_slip;
    case JobStage::body_printed:  // a whole receipt, not cut
    case JobStage::uncertain:
      return OwedClosing::cut;
    case JobStage::cut_confirmed:
    case JobStage::closed:
      return OwedClosing::none;
  }
  return OwedClosing::none;
}

ReceiptPrinter::ReceiptPrinter(std::unique_ptr<ByteLink> port, ReceiptPrinterSettings settings,
                               Listener listener)
    : port_(std::move(port)), settings_(std::move(settings)), listener_(std::move(listener)) {
  owed_ = settings_.start_owing;
  owed_job_ = settings_.owed_job;
  if (settings_.start_with_void) owed_ = OwedClosing::void_slip;
  if (settings_.copy_banner.empty()) settings_.copy_banner = default_copy_banner();
  // Markers of an earlier run still in a printer's buffer must not match this run's.
  marker_counter_ = static_cast<unsigned>(Clock::now().time_since_epoch().count() % 40000);
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

PrinterCapabilities ReceiptPrinter::capabilities() const {
  std::lock_guard lock(mutex_);
  return capabilities_;
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
  // A printer that is fine shows the technician how it confirms receipts.
  report(condition.state, condition.paper,
         condition.reason.empty() || condition.reason == "paper_low"
             ? capabilities().describe() + (condition.reason.empty() ? "" : "; paper_low")
             : condition.reason);
}

void ReceiptPrinter::set_stage(const std::string& job_id, JobStage stage) {
  if (settings_.journal && !job_id.empty()) settings_.journal(job_id, stage);
}

void ReceiptPrinter::owe_void_slip(const std::string& job_id) {
  set_stage(job_id, JobStage::fragment_on_paper);
  owed_ = OwedClosing::void_slip;
  owed_job_ = job_id;
}

std::string ReceiptPrinter::next_marker(char purpose) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  unsigned n = ++marker_counter_ % (36 * 36 * 36);
  std::string marker(1, purpose);
  marker += kDigits[n / (36 * 36)];
  marker += kDigits[(n / 36) % 36];
  marker += kDigits[n % 36];
  return marker;
}

int ReceiptPrinter::bound_for(const std::vector<std::uint8_t>& bytes) const {
  const double speed = std::max(settings_.slowest_lines_per_second, 0.1);
  return settings_.ack_timeout_ms + static_cast<int>(estimate_lines(bytes) * 1000.0 / speed);
}

bool ReceiptPrinter::pump(int timeout_ms) {
  std::array<std::uint8_t, 256> buffer{};
  auto got = port_->read(buffer, timeout_ms);
  if (!got) return false;
  std::vector<PrinterReply> replies;
  parser_.feed(std::span(buffer).first(got.value()), replies);
  for (auto& reply : replies) inbox_.push_back(std::move(reply));
  return true;
}

void ReceiptPrinter::flush_input() {
  // Drain until the line is quiet; a block half-way through arrival is completed, not cut in
  // two (its tail would look like separate replies).
  for (int rounds = 0; rounds < 50; ++rounds) {
    const std::size_t before = inbox_.size();
    const bool was_in_block = parser_.in_block();
    if (!pump(kQuietMs)) break;
    if (inbox_.size() == before && !was_in_block && !parser_.in_block()) break;
  }
  inbox_.clear();
}

void ReceiptPrinter::probe() {
  PrinterCapabilities caps;
  caps.probed = true;
  caps.two_way = port_->bidirectional();
  if (caps.two_way) {
    flush_input();
    const int timeout = settings_.answer_timeout_ms;
    // Clear first: it would drop the other requests if they were still in the buffer.
    if (port_->write(clear_printer_buffers(), timeout)) {
      const auto start = Clock::now();
      while (!caps.clear_answer && elapsed_ms(start) < timeout && pump(20)) {
        for (const auto& reply : inbox_)
          caps.clear_answer |= reply.kind == PrinterReply::Kind::buffers_cleared;
        inbox_.clear();
      }
    }
    const std::string marker = next_marker('P');
    std::vector<std::uint8_t> requests = automatic_status_off();
    append(requests, realtime_status_request(1));
    append(requests, transaction_number_request(marker));
    append(requests, paper_sensor_request());
    append(requests, printer_info_request(67));
    bool model_answered = false;
    if (port_->write(requests, timeout)) {
      const auto start = Clock::now();
      while (elapsed_ms(start) < timeout && pump(20)) {
        for (const auto& reply : inbox_) {
          switch (reply.kind) {
            case PrinterReply::Kind::realtime_status:
              caps.realtime_status = true;
              apply_realtime_status(1, reply.byte, bits_);
              break;
            case PrinterReply::Kind::transaction:
              caps.transaction_number |= reply.text == marker;
              break;
            case PrinterReply::Kind::paper_sensor:
              caps.paper_sensor = true;
              break;
            case PrinterReply::Kind::printer_info:
              caps.model = reply.text;
              model_answered = true;
              break;
            default:
              break;  // ASB blocks, noise
          }
        }
        inbox_.clear();
        if (caps.realtime_status && caps.transaction_number && caps.paper_sensor && model_answered)
          break;
      }
    }
    flush_input();
  }
  std::lock_guard lock(mutex_);
  capabilities_ = caps;
}

bool ReceiptPrinter::connect() {
  if (port_->is_open()) return true;
  auto opened = port_->open();
  if (!opened) {
    reprobe_ = true;  // what answers next may be another printer
    report(opened.error().device_missing ? DeviceState::noDevice : DeviceState::hardwareError,
           PaperState::unknown, opened.error().message);
    return false;
  }
  parser_.reset();
  inbox_.clear();
  if (!reprobe_) {
    // The same printer after a dropped connection: what it answers is known, and it may still
    // be printing what arrived before the drop (a probe's DLE DC4 8 would clear that).
    flush_input();
    return true;
  }
  probe();
  const PrinterCapabilities caps = capabilities();
  if (caps.two_way && !caps.realtime_status && !caps.transaction_number && !caps.paper_sensor &&
      port_->is_open()) {
    // A two-way link on which nothing answered: a hung printer, not a one-way one. Nothing is
    // sent to it; the next attempt probes again.
    port_->close();
    report(DeviceState::offline, PaperState::unknown, port_->describe() + ": no answer");
    return false;
  }
  reprobe_ = !port_->is_open();
  return port_->is_open();
}

Result<PrinterCondition, LinkError> ReceiptPrinter::poll_status() {
  if (!capabilities().realtime_status) {
    PrinterCondition unknown;
    unknown.paper = PaperState::unknown;
    return unknown;
  }
  // All four requests in one write, their answers taken in order: one wake-up, not four.
  std::vector<std::uint8_t> requests;
  for (int n = 1; n <= 4; ++n) append(requests, realtime_status_request(n));
  if (auto sent = port_->write(requests, settings_.answer_timeout_ms); !sent)
    return fail(sent.error());
  PrinterStatusBits bits;
  int n = 1;
  const auto start = Clock::now();
  while (n <= 4 && elapsed_ms(start) < settings_.answer_timeout_ms) {
    if (!pump(settings_.answer_timeout_ms - elapsed_ms(start)))
      return fail(LinkError{true, port_->describe() + ": connection lost"});
    while (!inbox_.empty() && n <= 4) {
      const PrinterReply reply = inbox_.front();
      inbox_.pop_front();
      if (reply.kind == PrinterReply::Kind::realtime_status &&
          apply_realtime_status(n, reply.byte, bits))
        ++n;
    }
  }
  if (n <= 4) return fail(LinkError{false, port_->describe() + ": no answer to a status request"});
  bits_ = bits;
  return condition_of(bits);
}

void ReceiptPrinter::cancel_in_printer() {
  if (!port_->is_open()) return;
  if (!port_->write(clear_printer_buffers(), settings_.answer_timeout_ms)) return;
  if (!capabilities().clear_answer) return;
  const auto start = Clock::now();
  while (elapsed_ms(start) < settings_.answer_timeout_ms && pump(20)) {
    for (const auto& reply : inbox_)
      if (reply.kind == PrinterReply::Kind::buffers_cleared) {
        inbox_.clear();
        return;
      }
    inbox_.clear();
  }
}

ReceiptPrinter::Waited ReceiptPrinter::wait_confirmation(const std::string& marker, int bound_ms,
                                                         bool cancel_on_trouble) {
  const PrinterCapabilities caps = capabilities();
  const ConfirmMode mode = caps.mode();
  const auto start = Clock::now();
  auto last_poll = Clock::now();
  int pending = 0;  // the DLE EOT n waiting for its answer; 0: none
  PrinterStatusBits bits = bits_;
  auto trouble = [&](const PrinterCondition& condition) -> std::optional<Waited> {
    report(condition);
    if (!cancel_on_trouble || condition.can_print()) return std::nullopt;
    return Waited{Wait::trouble, condition.reason.empty() ? "error" : condition.reason};
  };
  while (true) {
    if (elapsed_ms(start) > bound_ms) return {Wait::timed_out, "no_answer"};
    if (!pump(50)) return {Wait::link_lost, "link_lost"};
    while (!inbox_.empty()) {
      const PrinterReply reply = inbox_.front();
      inbox_.pop_front();
      switch (reply.kind) {
        case PrinterReply::Kind::transaction:
          if (mode == ConfirmMode::identity && reply.text == marker) return {Wait::answered, ""};
          break;  // an older job's or a probe's marker: not ours
        case PrinterReply::Kind::paper_sensor:
          if (mode == ConfirmMode::sequence) {
            if (!paper_sensor_end(reply.byte)) return {Wait::answered, ""};
            PrinterStatusBits out = bits;
            out.paper_end = true;
            if (auto stop = trouble(condition_of(out))) return *stop;
            return {Wait::answered, ""};
          }
          break;
        case PrinterReply::Kind::realtime_status:
          if (pending == 0) break;  // a stray status byte (e.g. `10 04 n` inside data)
          apply_realtime_status(pending, reply.byte, bits);
          if (pending == 4) {
            pending = 0;
            bits_ = bits;
            if (auto stop = trouble(condition_of(bits))) return *stop;
          } else {
            ++pending;
            if (!port_->write(realtime_status_request(pending), settings_.answer_timeout_ms))
              return {Wait::link_lost, "link_lost"};
          }
          break;
        case PrinterReply::Kind::automatic_status: {
          const AutomaticStatus s = automatic_status_of(reply.block);
          bits.offline = s.offline;
          bits.cover_open = s.cover_open;
          bits.cutter_error = s.cutter_error;
          bits.unrecoverable = s.unrecoverable;
          bits.auto_recoverable = s.auto_recoverable;
          bits.paper_near_end = s.paper_near_end;
          bits.paper_end = s.paper_end;
          bits_ = bits;
          if (auto stop = trouble(condition_of(bits))) return *stop;
          break;
        }
        default:
          break;  // cleared answers, GS I texts, noise: not a confirmation
      }
    }
    // A late status answer is a slow printer, not a dead link: the next request waits for it.
    if (caps.realtime_status && pending == 0 && elapsed_ms(last_poll) >= kStatusEveryMs) {
      last_poll = Clock::now();
      pending = 1;
      if (!port_->write(realtime_status_request(1), settings_.answer_timeout_ms))
        return {Wait::link_lost, "link_lost"};
    }
  }
}

ReceiptPrinter::Waited ReceiptPrinter::send_confirmed(const std::vector<std::uint8_t>& bytes,
                                                      char purpose, int bound_ms,
                                                      bool cancel_on_trouble) {
  const ConfirmMode mode = capabilities().mode();
  const std::string marker = next_marker(purpose);
  std::vector<std::uint8_t> all = bytes;
  if (mode == ConfirmMode::identity) append(all, transaction_number_request(marker));
  if (mode == ConfirmMode::sequence) append(all, paper_sensor_request());
  if (!port_->write(all, bound_ms)) return {Wait::link_lost, "write_failed"};
  if (mode == ConfirmMode::blind) return {Wait::answered, ""};
  return wait_confirmation(marker, bound_ms, cancel_on_trouble);
}

bool ReceiptPrinter::close_owed() {
  if (owed_ == OwedClosing::none) return true;
  std::vector<std::uint8_t> closing = settings_.void_slip;
  if (owed_ == OwedClosing::cut || closing.empty())
    closing = EscPosEncoder().initialise().feed(3).cut(true, 0).bytes();
  // Bounded like a whole receipt: a slow printer may still be printing what came before.
  const Waited closed = send_confirmed(closing, 'V', bound_for(closing) + owed_bound_ms_, false);
  if (closed.result != Wait::answered) return false;
  set_stage(owed_job_, JobStage::closed);
  owed_bound_ms_ = 0;
  owed_ = OwedClosing::none;
  owed_job_.clear();
  return true;
}

PrintEvent ReceiptPrinter::print_job(const ReceiptJob& job) {
  PrintEvent done;
  done.job_id = job.id;
  done.reason = "no_device";
  bool copy = false;  // the body is being sent again: marked as a copy on the paper
  for (int attempt = 0; attempt < settings_.attempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (!connect()) {
      done.reason = last_.state == DeviceState::offline ? "no_answer" : "no_device";
      done.message = last_.detail;
      continue;
    }
    const PrinterCapabilities caps = capabilities();
    const ConfirmMode mode = caps.mode();
    flush_input();
    auto condition = poll_status();
    if (!condition) {
      done.reason = "no_answer";
      done.message = condition.error().message;
      port_->close();
      continue;
    }
    report(condition.value());
    if (!condition.value().can_print()) {
      done.reason = condition.value().reason;
      done.message = "printer cannot print: " + condition.value().reason;
      return done;
    }
    if (!close_owed()) {
      done.reason = "link_lost";
      done.message = port_->describe() + ": the owed void slip or cut was not confirmed";
      port_->close();
      continue;
    }
    flush_input();
    // From here on the body goes out once (twice only when it is known not to have arrived).
    set_stage(job.id, JobStage::body_sent);
    std::vector<std::uint8_t> bytes =
        framed(job.body, copy ? settings_.copy_banner : std::vector<std::uint8_t>{});
    if (mode == ConfirmMode::blind) append(bytes, job.cut);
    const Waited body = send_confirmed(bytes, 'J', bound_for(bytes), true);
    if (body.result == Wait::link_lost && body.reason == "write_failed") {
      // Not all of the body can have arrived: whatever printed is a fragment.
      owe_void_slip(job.id);
      done.reason = "link_lost";
      done.message = port_->describe() + ": connection lost while sending the receipt";
      if (mode != ConfirmMode::blind && !copy) {
        copy = true;
        continue;
      }
      return done;
    }
    if (body.result == Wait::trouble) {
      cancel_in_printer();
      owe_void_slip(job.id);
      done.reason = body.reason;
      done.message = "receipt cancelled in the printer: " + body.reason;
      return done;
    }
    if (body.result != Wait::answered) {
      // The body went out; whether all of it printed is unknown. It is never sent again: the
      // paper is cut as soon as the printer can be reached, the resident checks the slip.
      if (body.result == Wait::timed_out) {
        cancel_in_printer();
        // With the buffer cleared even a printer that answers status in order answers now:
        // stopped at paper end or with the cover open, what is on paper is a fragment.
        flush_input();
        auto after = poll_status();
        if (after && !after.value().can_print()) {
          report(after.value());
          owe_void_slip(job.id);
          done.reason = after.value().reason;
          done.message = "receipt stopped in the printer: " + after.value().reason;
          return done;
        }
        if (!after && !after.error().device_missing && port_->is_open()) {
          // Still connected, buffer cleared, and not even status is answered: a printer that
          // answers only in order and has stopped (paper end, cover open) before the job's
          // marker. Had the body finished, the marker right after it would have been answered:
          // what is on paper is a fragment, voided once the printer prints again.
          owe_void_slip(job.id);
          done.reason = "printer_stopped";
          done.message = port_->describe() +
                         ": the printer stopped mid-receipt and answers nothing (paper or cover?)";
          return done;
        }
      }
      set_stage(job.id, JobStage::uncertain);
      owed_ = OwedClosing::cut;
      owed_job_ = job.id;
      owed_bound_ms_ = bound_for(bytes);
      done.reason = "unconfirmed";
      done.message = port_->describe() + (body.result == Wait::timed_out
                                              ? ": the printer did not confirm the receipt in time"
                                              : ": connection lost after the receipt was sent");
      if (body.result == Wait::link_lost) port_->close();
      if (connect()) close_owed();
      return done;
    }
    done.outcome = PrintOutcome::printed;
    done.copy = copy;
    done.reason.clear();
    done.message.clear();
    if (mode == ConfirmMode::blind) {
      // Sent once; a printer with real-time status can still say the paper ran out.
      done.confirmed = false;
      done.reason = "unconfirmed";
      done.message = port_->describe() + ": " + caps.describe();
      // A real-time answer tells the state when the request arrived, maybe before the body
      // printed: keep asking while a fast printer would still be printing it.
      const auto until = Clock::now() + std::chrono::milliseconds(settings_.answer_timeout_ms +
                                                                  estimate_lines(bytes) * 1000 /
                                                                      kFastLinesPerSecond);
      auto after = poll_status();
      while (after && after.value().can_print() && caps.realtime_status && Clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kStatusEveryMs));
        after = poll_status();
      }
      if (after && !after.value().can_print()) {
        report(after.value());
        cancel_in_printer();
        owe_void_slip(job.id);
        done.outcome = PrintOutcome::not_printed;
        done.reason = after.value().reason;
        return done;
      }
      if (!after && caps.realtime_status) {
        // The link went with the body: its cut may not have arrived. Cut as soon as possible.
        done.outcome = PrintOutcome::not_printed;
        set_stage(job.id, JobStage::uncertain);
        owed_ = OwedClosing::cut;
        owed_job_ = job.id;
        port_->close();
        if (connect()) close_owed();
        return done;
      }
      set_stage(job.id, JobStage::body_printed);
      return done;
    }
    if (mode == ConfirmMode::sequence) {
      // GS r answered once the body was processed; the status says whether it could print.
      if (auto after = poll_status(); after && !after.value().can_print()) {
        report(after.value());
        cancel_in_printer();
        owe_void_slip(job.id);
        done.outcome = PrintOutcome::not_printed;
        done.reason = after.value().reason;
        done.message = "receipt cancelled in the printer: " + after.value().reason;
        return done;
      }
    }
    // The body is on paper: from here on this job is never printed again.
    set_stage(job.id, JobStage::body_printed);
    done.confirmed = true;
    const Waited cut = send_confirmed(job.cut, 'C', bound_for(job.cut), false);
    done.cut_confirmed = cut.result == Wait::answered;
    if (done.cut_confirmed) {
      set_stage(job.id, JobStage::cut_confirmed);
    } else {
      owed_ = OwedClosing::cut;
      owed_job_ = job.id;
    }
    return done;
  }
  return done;
}

void ReceiptPrinter::run() {
  // Named, so that /proc (bench/idle_cpu.sh) tells who wakes.
  ::pthread_setname_np(::pthread_self(), "receipt");
  // The printer is connected and probed at once, so the technician sees its status and mode at
  // start and the first receipt does not wait for the probe; then every poll_interval_ms.
  bool first = true;
  while (true) {
    ReceiptJob job;
    bool have_job = false;
    {
      std::unique_lock lock(mutex_);
      ready_.wait_for(lock, std::chrono::milliseconds(first ? 0 : settings_.poll_interval_ms),
                      [this] { return stopping_ || !jobs_.empty(); });
      first = false;
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
    if (!capabilities().realtime_status) {
      PrinterCondition unknown;
      unknown.paper = PaperState::unknown;
      report(unknown);
      continue;
    }
    flush_input();
    auto condition = poll_status();
    if (condition) {
      report(condition.value());
    } else {
      port_->close();
      reprobe_ = true;
      report(condition.error().device_missing ? DeviceState::noDevice : DeviceState::offline,
             PaperState::unknown, condition.error().message);
    }
  }
}

}  // namespace yiwang::drivers

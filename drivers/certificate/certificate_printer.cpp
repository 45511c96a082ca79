// CertificatePrinter: check, submit, wipe, follow; state reasons mapped after XFS4IoT.
#include "certificate/certificate_printer.h"

#include <algorithm>
#include <chrono>
#include <span>
#include <thread>

#include "idcard/id_card.h"

namespace yiwang::drivers {

namespace {

bool has_reason(const IppPrinterState& printer, const std::string& prefix) {
  return std::any_of(printer.reasons.begin(), printer.reasons.end(),
                     [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
}

bool is_error(const std::string& reason) {
  return reason.size() > 6 && reason.compare(reason.size() - 6, 6, "-error") == 0;
}

}  // namespace

CertificatePrinterCondition condition_of(const IppPrinterState& printer) {
  CertificatePrinterCondition c;
  const bool error = std::any_of(printer.reasons.begin(), printer.reasons.end(), is_error);
  c.blocking = printer.stopped() || error || !printer.accepting;
  // Paper out or jammed is trouble whatever its severity: CUPS relays a printer's
  // media-empty-error as media-empty-report and keeps the job waiting.
  const bool stopped = printer.stopped() || error || has_reason(printer, "media-empty") ||
                       has_reason(printer, "media-needed") || has_reason(printer, "media-jam");
  if (has_reason(printer, "media-empty") || has_reason(printer, "media-needed")) {
    c.paper = PaperState::out;
  } else if (has_reason(printer, "media-jam")) {
    c.paper = PaperState::jammed;
  } else if (has_reason(printer, "media-low")) {
    c.paper = PaperState::low;
  }
  if (stopped) {
    if (c.paper == PaperState::out) {
      c.state = DeviceState::userError;
      c.reason = "media_empty";
    } else if (c.paper == PaperState::jammed) {
      c.state = DeviceState::hardwareError;
      c.reason = "media_jam";
    } else if (has_reason(printer, "door-open") || has_reason(printer, "cover-open")) {
      c.state = DeviceState::userError;
      c.reason = "cover_open";
    } else if (has_reason(printer, "paused")) {
      // The CUPS trap: after an error the queue stays paused until someone resumes it.
      c.state = DeviceState::offline;
      c.reason = "queue_paused";
    } else {
      c.state = DeviceState::hardwareError;
      c.reason = "printer_stopped";
    }
  }
  if (c.state == DeviceState::online && !printer.accepting) {
    c.state = DeviceState::offline;
    c.reason = "not_accepting";
  }
  return c;
}

CertificatePrinter::CertificatePrinter(std::string uri, CertificatePrinterSettings settings,
                                       Listener listener)
    : uri_(std::move(uri)), settings_(settings), listener_(std::move(listener)) {
  last_.name = "certificate";
  last_.device_class = "Printer";
  thread_ = std::thread([this] { run(); });
}

CertificatePrinter::~CertificatePrinter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

bool CertificatePrinter::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void CertificatePrinter::print(CertificateJob job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  ready_.notify_all();
}

void CertificatePrinter::report(const CertificatePrinterCondition& condition,
                                const std::string& detail) {
  if (reported_ && last_.state == condition.state && last_.paper == condition.paper &&
      last_.detail == detail)
    return;
  reported_ = true;
  last_.state = condition.state;
  last_.paper = condition.paper;
  last_.detail = detail;
  CertificateEvent event;
  event.kind = CertificateEvent::Kind::statusChanged;
  event.status = last_;
  listener_(std::move(event));
}

std::optional<CertificatePrinterCondition> CertificatePrinter::check() {
  if (!client_) {
    auto opened = IppClient::open(uri_);
    if (!opened) {
      report({DeviceState::hardwareError, PaperState::unknown, "bad_uri"}, opened.error().message);
      return std::nullopt;
    }
    client_ = std::move(opened.value());
  }
  auto state = client_->printer_state();
  if (!state) {
    client_.reset();  // reconnect next time
    report({DeviceState::noDevice, PaperState::unknown, "no_device"}, state.error().message);
    return std::nullopt;
  }
  const auto condition = condition_of(state.value());
  report(condition, condition.reason);
  return condition;
}

CertificateEvent CertificatePrinter::print_job(CertificateJob& job) {
  CertificateEvent done;
  done.job_id = job.id;
  const auto before = check();
  if (!before || !before->can_print()) {
    done.reason = before ? before->reason : "no_device";
    done.message = "certificate printer cannot print: " + done.reason;
    return done;
  }
  const std::span<const std::uint8_t> pdf{reinterpret_cast<const std::uint8_t*>(job.pdf.data()),
                                          job.pdf.size()};
  auto submitted = client_->print_pdf(pdf, job.id);
  // A printer busy with another job (someone else's, or a technician's test page) takes ours
  // when it is done; the resident waits a little rather than being turned away.
  for (int waited_ms = 0;
       !submitted && submitted.error().busy && waited_ms < settings_.busy_wait_ms && !stopping();
       waited_ms += 1000) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    submitted = client_->print_pdf(pdf, job.id);
  }
  secure_wipe(job.pdf);  // never kept after the printer has it (or refused it)
  if (!submitted) {
    client_.reset();
    done.reason = submitted.error().unreachable ? "no_device" : "refused";
    done.message = submitted.error().message;
    return done;
  }
  const int job_id = submitted.value();
  const auto start = std::chrono::steady_clock::now();
  auto trouble_since = start;
  std::string trouble;
  std::string last_problem;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(settings_.follow_interval_ms));
    if (stopping()) {
      // The kiosk is shutting down: the job stays with the printer, which may still print it.
      done.reason = "kiosk_stopping";
      done.message = "job " + std::to_string(job_id) + " left with the printer at shutdown";
      return done;
    }
    auto state = client_
                     ? client_->job_state(job_id)
                     : Result<IppJobState, IppError>(fail(IppError{true, false, "reconnecting"}));
    if (state && state.value().finished()) {
      const int s = state.value().state;
      done.outcome = s == 9   ? CertificateEvent::Outcome::completed
                     : s == 8 ? CertificateEvent::Outcome::aborted
                              : CertificateEvent::Outcome::canceled;
      const auto after = check();  // an aborted job often leaves the queue stopped
      if (done.outcome != CertificateEvent::Outcome::completed) {
        done.reason = after && !after->reason.empty() ? after->reason
                      : state.value().reasons.empty() ? "aborted"
                                                      : state.value().reasons.front();
        done.message =
            "job " + std::to_string(job_id) + " ended " + (s == 8 ? "aborted" : "canceled");
      }
      return done;
    }
    if (!state) last_problem = state.error().message;
    const auto now = std::chrono::steady_clock::now();
    const auto condition = check();  // a printer that stops while printing is reported at once
    const std::string reason = !condition ? "no_device" : condition->reason;
    if (reason.empty()) {
      trouble.clear();
    } else if (reason != trouble) {
      trouble = reason;
      trouble_since = now;
    }
    const auto troubled =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - trouble_since);
    if (!trouble.empty() && troubled.count() > settings_.trouble_grace_ms) {
      if (client_) (void)client_->cancel_job(job_id);
      done.reason = trouble;
      done.message = "job " + std::to_string(job_id) + " cancelled: printer reports " + trouble;
      return done;
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
    if (waited.count() > settings_.job_timeout_ms) {
      // The resident cannot wait forever, and must not find it printed for someone else later.
      if (client_) (void)client_->cancel_job(job_id);
      done.reason = "timed_out";
      done.message = "job " + std::to_string(job_id) + " not finished in time: cancelled" +
                     (last_problem.empty() ? "" : " (" + last_problem + ")");
      return done;
    }
  }
}

void CertificatePrinter::run() {
  while (true) {
    CertificateJob job;
    bool have_job = false;
    {
      std::unique_lock lock(mutex_);
      ready_.wait_for(lock, std::chrono::milliseconds(settings_.idle_poll_ms),
                      [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) {
        for (auto& left : jobs_) secure_wipe(left.pdf);
        return;
      }
      if (!jobs_.empty()) {
        job = std::move(jobs_.front());
        jobs_.pop_front();
        have_job = true;
      }
    }
    if (have_job) {
      listener_(print_job(job));
    } else {
      check();
    }
  }
}

}  // namespace yiwang::drivers

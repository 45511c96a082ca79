// ReceiptPrinter: one job at a time; a failed job is reported, never silently retried (a retry
// could print the same receipt twice; issue 4 adds status-checked, transaction-bound retries).
#include "receipt/receipt_printer.h"

namespace yiwang::drivers {

ReceiptPrinter::ReceiptPrinter(std::unique_ptr<ByteSink> sink, Listener listener)
    : sink_(std::move(sink)), listener_(std::move(listener)) {
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

void ReceiptPrinter::print(std::string job_id, std::vector<std::uint8_t> bytes) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({std::move(job_id), std::move(bytes)});
  }
  ready_.notify_all();
}

void ReceiptPrinter::report(DeviceState state, std::string detail) {
  auto status = status_.change(state, std::move(detail));
  if (!status) return;
  PrintEvent event;
  event.kind = PrintEvent::Kind::statusChanged;
  event.status = std::move(*status);
  listener_(std::move(event));
}

void ReceiptPrinter::run() {
  report(DeviceState::online, "");
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_ && jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    auto written = sink_->write_job(job.id, job.bytes);
    PrintEvent event;
    event.job_id = job.id;
    event.ok = written.ok();
    if (!written) {
      event.message = written.error().message;
      report(written.error().device_missing ? DeviceState::noDevice : DeviceState::hardwareError,
             written.error().message);
    } else {
      report(DeviceState::online, "");
    }
    listener_(std::move(event));
  }
}

}  // namespace yiwang::drivers

// The receipt printer driver: a thread that sends queued jobs to a byte sink and reports each once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/device_status.h"
#include "common/status_latch.h"
#include "receipt/byte_sink.h"

namespace yiwang::drivers {

struct PrintEvent {
  enum class Kind { jobDone, statusChanged };
  Kind kind = Kind::jobDone;
  std::string job_id;
  bool ok = false;
  std::string message;
  DeviceStatus status;
};

class ReceiptPrinter {
 public:
  using Listener = std::function<void(PrintEvent)>;
  ReceiptPrinter(std::unique_ptr<ByteSink> sink, Listener listener);
  ~ReceiptPrinter();
  ReceiptPrinter(const ReceiptPrinter&) = delete;
  ReceiptPrinter& operator=(const ReceiptPrinter&) = delete;

  void print(std::string job_id, std::vector<std::uint8_t> bytes);

 private:
  struct Job {
    std::string id;
    std::vector<std::uint8_t> bytes;
  };
  void run();
  void report(DeviceState state, std::string detail);

  std::unique_ptr<ByteSink> sink_;
  Listener listener_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  StatusLatch status_{"receipt", "Printer"};
  std::thread thread_;
};

}  // namespace yiwang::drivers

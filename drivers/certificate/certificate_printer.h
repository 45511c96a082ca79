// The certificate printer driver: a thread that prints PDFs on an IPP printer or CUPS queue,
// follows each job to its end, and reports the printer's state (a stopped or paused queue too).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "certificate/ipp_client.h"
#include "common/device_status.h"

namespace yiwang::drivers {

struct CertificateJob {
  std::string id;   // the kiosk's job id (certificate id + session)
  std::string pdf;  // wiped as soon as the printer has it
};

struct CertificateEvent {
  enum class Kind { jobDone, statusChanged };
  enum class Outcome { completed, not_printed, aborted, canceled };
  Kind kind = Kind::jobDone;
  std::string job_id;
  Outcome outcome = Outcome::not_printed;
  std::string reason;   // "queue_paused", "media_empty", "no_device", "timed_out", ...
  std::string message;  // technician-facing
  DeviceStatus status;  // statusChanged
};

struct CertificatePrinterSettings {
  int follow_interval_ms = 500;
  int job_timeout_ms = 180000;  // a job not finished by then is cancelled (it must not print
                                // later, when the resident has gone)
  int idle_poll_ms = 10000;
  int busy_wait_ms = 30000;  // how long a printer busy with another job is asked again
  // A job whose printer reports trouble (paper out, jam, stopped) this long is cancelled and
  // reported with that reason: the resident is told now, not after job_timeout_ms.
  int trouble_grace_ms = 20000;
};

// What a printer state means for the kiosk: device state, paper, and a reason code.
struct CertificatePrinterCondition {
  DeviceState state = DeviceState::online;
  PaperState paper = PaperState::unknown;
  std::string reason;
  bool blocking = false;  // the printer takes no job now (stopped, an -error reason, refusing)
  bool can_print() const { return !blocking; }
};
CertificatePrinterCondition condition_of(const IppPrinterState& printer);

class CertificatePrinter {
 public:
  using Listener = std::function<void(CertificateEvent)>;
  CertificatePrinter(std::string uri, CertificatePrinterSettings settings, Listener listener);
  ~CertificatePrinter();
  CertificatePrinter(const CertificatePrinter&) = delete;
  CertificatePrinter& operator=(const CertificatePrinter&) = delete;

  void print(CertificateJob job);

 private:
  void run();
  bool stopping();
  CertificateEvent print_job(CertificateJob& job);
  // Asks the printer for its state and reports a change; nullopt when unreachable.
  std::optional<CertificatePrinterCondition> check();
  void report(const CertificatePrinterCondition& condition, const std::string& detail);

  std::string uri_;
  CertificatePrinterSettings settings_;
  Listener listener_;
  std::unique_ptr<IppClient> client_;
  DeviceStatus last_;
  bool reported_ = false;

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<CertificateJob> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace yiwang::drivers

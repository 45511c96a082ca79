// A small IPP client (libcups) for the certificate printer: an IPP printer or a CUPS queue,
// named by its URI (ipp://host:631/printers/NAME, ipp://host:8631/ipp/print).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

struct IppPrinterState {
  int state = 0;                     // RFC 8011: 3 idle, 4 processing, 5 stopped
  std::vector<std::string> reasons;  // printer-state-reasons, "none" left out
  bool accepting = true;
  std::string message;  // printer-state-message
  bool stopped() const { return state == 5; }
};

struct IppJobState {
  int state = 0;  // 3 pending, 4 held, 5 processing, 6 stopped, 7 canceled, 8 aborted, 9 completed
  std::vector<std::string> reasons;
  bool finished() const { return state >= 7; }
};

struct IppError {
  bool unreachable = false;  // no connection: noDevice
  bool busy = false;         // server-error-busy: printing another job, try again shortly
  std::string message;
};

class IppClient {
 public:
  static Result<std::unique_ptr<IppClient>, IppError> open(const std::string& uri);
  ~IppClient();
  IppClient(const IppClient&) = delete;
  IppClient& operator=(const IppClient&) = delete;

  Result<IppPrinterState, IppError> printer_state();
  // Print-Job with document-format application/pdf; the job id.
  Result<int, IppError> print_pdf(std::span<const std::uint8_t> pdf, const std::string& job_name);
  Result<IppJobState, IppError> job_state(int job_id);
  Result<Done, IppError> cancel_job(int job_id);
  const std::string& uri() const { return uri_; }

 private:
  IppClient(std::string uri, std::string host, int port, std::string resource);
  Result<Done, IppError> connect();
  std::string uri_;
  std::string host_;
  int port_;
  std::string resource_;
  void* http_ = nullptr;  // http_t*
};

}  // namespace yiwang::drivers

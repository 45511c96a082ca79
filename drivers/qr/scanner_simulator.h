// A simulated CDC-serial QR scanner on a pseudo-terminal: scan(code) sends "code\r\n" like the
// device.
#pragma once

#include <memory>
#include <string>

#include "common/pty.h"
#include "common/result.h"

namespace yiwang::drivers {

class ScannerSimulator {
 public:
  static Result<std::unique_ptr<ScannerSimulator>, std::string> create();
  ~ScannerSimulator();
  ScannerSimulator(const ScannerSimulator&) = delete;
  ScannerSimulator& operator=(const ScannerSimulator&) = delete;

  const std::string& device_path() const { return pty_.slave_path; }
  bool scan(const std::string& code);

 private:
  explicit ScannerSimulator(PtyPair pty) : pty_(std::move(pty)) {}
  PtyPair pty_;
};

}  // namespace yiwang::drivers

// ScannerSimulator: writes scans into the master side of its pty.
#include "qr/scanner_simulator.h"

#include <unistd.h>

namespace yiwang::drivers {

Result<std::unique_ptr<ScannerSimulator>, std::string> ScannerSimulator::create() {
  auto pty = open_raw_pty();
  if (!pty) return fail(pty.error());
  return std::unique_ptr<ScannerSimulator>(new ScannerSimulator(std::move(pty.value())));
}

ScannerSimulator::~ScannerSimulator() {
  ::close(pty_.slave_fd);
  ::close(pty_.master_fd);
}

bool ScannerSimulator::scan(const std::string& code) {
  const std::string line = code + "\r\n";
  return write_all_fd(pty_.master_fd, line.data(), line.size());
}

}  // namespace yiwang::drivers

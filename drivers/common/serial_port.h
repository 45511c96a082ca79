// A raw serial port (termios 8N1) with timed reads: the transport of serial card readers and
// scanners.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

enum class SerialErrorKind { notFound, openFailed, ioError, timeout, disconnected };

struct SerialError {
  SerialErrorKind kind;
  std::string message;
};

class SerialPort {
 public:
  static Result<std::unique_ptr<SerialPort>, SerialError> open(const std::string& path, int baud);
  ~SerialPort();
  SerialPort(const SerialPort&) = delete;
  SerialPort& operator=(const SerialPort&) = delete;

  Result<Done, SerialError> write_all(std::span<const std::uint8_t> bytes);
  // Reads what is available, waiting at most timeout_ms for the first byte. An empty vector
  // means the wait ran out.
  Result<std::vector<std::uint8_t>, SerialError> read_some(int timeout_ms);
  // Discards anything unread (stale bytes of an aborted exchange).
  void flush_input();

 private:
  explicit SerialPort(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace yiwang::drivers

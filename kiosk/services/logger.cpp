// Logger: time-stamped lines, flushed at once so a crash loses nothing already said.
#include "services/logger.h"

#include <chrono>
#include <iostream>

#include "core/clock.h"

namespace yiwang::kiosk {

Logger::Logger(const std::string& path, bool echo_to_stderr) : echo_(echo_to_stderr) {
  if (!path.empty()) file_.open(path, std::ios::app);
}

void Logger::log(LogLevel level, std::string_view component, std::string_view message) {
  static constexpr const char* kNames[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::string line = rfc3339_cst(now) + " " + kNames[static_cast<int>(level)] + " " +
                     std::string(component) + ": " + std::string(message) + "\n";
  std::lock_guard lock(mutex_);
  if (file_.is_open()) file_ << line << std::flush;
  if (echo_) std::cerr << line;
}

}  // namespace yiwang::kiosk

// The kiosk's log: one line per event to a file and stderr. Callers never pass personal data.
#pragma once

#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

namespace yiwang::kiosk {

enum class LogLevel { debug, info, warning, error };

class Logger {
 public:
  // An empty path logs to stderr only.
  explicit Logger(const std::string& path, bool echo_to_stderr = true);
  void log(LogLevel level, std::string_view component, std::string_view message);
  void debug(std::string_view component, std::string_view message) {
    log(LogLevel::debug, component, message);
  }
  void info(std::string_view component, std::string_view message) {
    log(LogLevel::info, component, message);
  }
  void warning(std::string_view component, std::string_view message) {
    log(LogLevel::warning, component, message);
  }
  void error(std::string_view component, std::string_view message) {
    log(LogLevel::error, component, message);
  }

 private:
  std::mutex mutex_;
  std::ofstream file_;
  bool echo_;
};

}  // namespace yiwang::kiosk

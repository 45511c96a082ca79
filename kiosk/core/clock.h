// Time as the application sees it: real, or advanced by a script so idle timeouts can be tested.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace yiwang::kiosk {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic milliseconds, for timers.
  virtual long long now_ms() const = 0;
  // Wall-clock Unix milliseconds, for time stamps.
  virtual long long unix_ms() const = 0;
};

class SystemClock : public Clock {
 public:
  long long now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
               .count() +
           offset_ms_.load();
  }
  long long unix_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           offset_ms_.load();
  }
  // Scripts jump time forward ("advance 61").
  void advance(long long milliseconds) { offset_ms_ += milliseconds; }

 private:
  std::atomic<long long> offset_ms_{0};
};

// RFC 3339 in China Standard Time (+08:00), as the platform contract writes time stamps.
std::string rfc3339_cst(long long unix_ms);
// "2026-11-21 09:30" in China Standard Time, for people (receipts).
std::string display_time_cst(long long unix_ms);
// YYYYMMDD in China Standard Time.
std::string compact_date_cst(long long unix_ms);

}  // namespace yiwang::kiosk

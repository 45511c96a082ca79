// Time stamp formatting in UTC+8 (the platform's zone), independent of the machine's TZ.
#include "core/clock.h"

#include <ctime>

namespace yiwang::kiosk {

namespace {

std::tm cst(long long unix_ms) {
  const std::time_t shifted = static_cast<std::time_t>(unix_ms / 1000 + 8LL * 3600);
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  return tm;
}

}  // namespace

std::string rfc3339_cst(long long unix_ms) {
  const std::tm tm = cst(unix_ms);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return text;
}

std::string display_time_cst(long long unix_ms) {
  const std::tm tm = cst(unix_ms);
  char text[24];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
}

std::string compact_date_cst(long long unix_ms) {
  const std::tm tm = cst(unix_ms);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d", &tm);
  return text;
}

}  // namespace yiwang::kiosk

// The contract's error table as code.
#include "platform/platform_error.h"

#include <algorithm>
#include <cstdlib>

#include "core/json_fields.h"
#include "platform/answer_limits.h"

namespace yiwang::kiosk {

const char* to_string(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::permanent:
      return "permanent";
    case ErrorClass::transient:
      return "transient";
    case ErrorClass::link:
      return "link";
    case ErrorClass::reenroll:
      return "reenroll";
    case ErrorClass::disabled:
      return "disabled";
  }
  return "unknown";
}

std::string PlatformError::summary() const {
  std::string text = std::string(to_string(error_class));
  if (status) text += " " + std::to_string(status);
  if (!code.empty()) text += " " + code;
  if (!title.empty()) text += ": " + title;
  if (!request_id.empty()) text += " [" + request_id + "]";
  return text;
}

PlatformError classify_http_error(long status, const std::string& body,
                                  const std::string& retry_after) {
  PlatformError error;
  error.status = status;
  // A problem body beyond the answer limits is not read at all (the status still classifies).
  const bool readable = body.size() <= kMaxJsonAnswerBytes && json_depth(body) <= kMaxAnswerDepth;
  auto problem = readable ? nlohmann::json::parse(body, nullptr, false) : nlohmann::json();
  if (problem.is_object()) {
    error.code = text_or(problem, "code");
    error.title = text_or(problem, "title");
    error.detail = text_or(problem, "detail");
    if (problem.contains("fields") && problem["fields"].is_array())
      error.fields = problem["fields"];
  }
  if (!retry_after.empty()) {
    char* end = nullptr;
    const long seconds = std::strtol(retry_after.c_str(), &end, 10);
    // A day at most: a platform asking for longer is wrong, and an int must hold it.
    constexpr long kLongestWait = 24L * 3600;
    if (end && *end == '\0' && seconds >= 0) {
      error.retry_after_s = static_cast<int>(std::min(seconds, kLongestWait));
    }
  }
  switch (status) {
    case 400:
    case 404:
    case 413:
    case 422:
      error.error_class = ErrorClass::permanent;
      break;
    case 401:
      // An expired person token is the resident's to fix (identify again), never a reason to
      // hold the terminal's queue.
      error.error_class =
          error.code == "person_token_expired" ? ErrorClass::permanent : ErrorClass::reenroll;
      break;
    case 403:
      error.error_class = ErrorClass::disabled;
      break;
    case 409:
      error.error_class =
          error.code == "request_in_progress" ? ErrorClass::transient : ErrorClass::permanent;
      break;
    default:
      // 429, 5xx and anything unexpected: the platform may recover; retrying with the same
      // idempotency key is always safe.
      error.error_class = ErrorClass::transient;
      break;
  }
  return error;
}

}  // namespace yiwang::kiosk

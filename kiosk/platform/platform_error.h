// How the kiosk treats a platform answer, after the contract's error table.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace yiwang::kiosk {

enum class ErrorClass {
  permanent,  // 400, 404, 409 idempotency_key_reused, 413, 422: never retry, dead-letter
  transient,  // 409 request_in_progress, 429, 5xx, malformed answers: back off and retry
  link,       // no response, reset, timeout, TLS, DNS: the link is down
  reenroll,   // 401 (but person_token_expired, which is permanent): hold the whole queue
  disabled,   // 403: hold the queue, out of service
};

struct PlatformError {
  ErrorClass error_class = ErrorClass::transient;
  long status = 0;  // 0 when no HTTP answer arrived
  std::string code;
  std::string title;
  std::string detail;
  nlohmann::json fields = nlohmann::json::array();
  int retry_after_s = -1;
  std::string request_id;

  // Technician-facing summary: class, status, code, title. No request body, no personal data.
  std::string summary() const;
};

const char* to_string(ErrorClass error_class);

// Classifies an HTTP error answer: status, its (possibly malformed) problem+json body and the
// Retry-After header value.
PlatformError classify_http_error(long status, const std::string& body,
                                  const std::string& retry_after);

}  // namespace yiwang::kiosk

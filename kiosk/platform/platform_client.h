// The platform API client: request ids, terminal id, idempotency keys, JSON in and out.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "platform/http_client.h"
#include "platform/platform_error.h"

namespace yiwang::kiosk {

struct PlatformConfig {
  std::string base_url;  // e.g. http://127.0.0.1:8780
  std::string terminal_id;
  bool allow_plain_http_loopback = false;
  long timeout_ms = 8000;
  TlsFiles tls;  // from enrollment; required for https://
};

// Refuses plain HTTP unless it is to loopback and explicitly allowed. Empty when fine.
std::string check_transport_policy(const PlatformConfig& config);

// NOLINTNEXTLINE(bugprone-exception-escape): the check sees nlohmann::json's asserting destructor
struct PlatformReply {
  long status = 0;
  nlohmann::json body;
  std::string etag;
  bool replayed = false;
  std::string request_id;
  // A document (application/pdf): the bytes as they came and the headers that describe them.
  std::string document;
  std::string digest;             // Digest header
  std::string verification_code;  // X-Verification-Code header
};

using PlatformResult = Result<PlatformReply, PlatformError>;

class PlatformClient {
 public:
  explicit PlatformClient(PlatformConfig config) : config_(std::move(config)), http_(config_.tls) {}

  PlatformResult get(const std::string& path, const std::string& if_none_match = "");
  PlatformResult post(const std::string& path, const nlohmann::json& body,
                      const std::string& idempotency_key = "");
  // POST with a body that is already serialised (the outbox stores it that way, so every
  // retry sends the same bytes).
  PlatformResult post_raw(const std::string& path, const std::string& body,
                          const std::string& idempotency_key);

  // POST of bytes that are not JSON (the support bundle: application/gzip).
  PlatformResult post_bytes(const std::string& path, const std::string& bytes,
                            const std::string& content_type);

  const PlatformConfig& config() const { return config_; }

 private:
  PlatformResult perform(HttpRequest request);
  PlatformConfig config_;
  HttpClient http_;
};

std::string new_request_id();
// The link-trouble code for a libcurl result ("dns", "timeout", "tls_untrusted", ...).
std::string transport_code(int curl_code);

}  // namespace yiwang::kiosk

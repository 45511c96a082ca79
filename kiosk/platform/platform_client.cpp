// PlatformClient: turns HTTP exchanges into replies or classified errors.
#include "platform/platform_client.h"

#include "platform/answer_limits.h"
#include "uuid.h"

namespace yiwang::kiosk {

std::string new_request_id() { return store::new_uuid(); }

std::string check_transport_policy(const PlatformConfig& config) {
  const std::string& url = config.base_url;
  if (url.empty()) return "terminal not enrolled: scan the provisioning QR code";
  if (url.rfind("https://", 0) == 0) {
    return config.tls.ca_file.empty() ? "HTTPS needs the platform CA pinned at enrollment" : "";
  }
  if (url.rfind("http://", 0) != 0) return "platform URL must start with https://";
  const std::string rest = url.substr(7);
  const std::string host = rest.substr(0, rest.find_first_of(":/"));
  const bool loopback =
      host == "localhost" || host.rfind("127.", 0) == 0 || rest.rfind("[::1]", 0) == 0;
  if (!loopback) return "plain HTTP is allowed only to a loopback address";
  if (!config.allow_plain_http_loopback)
    return "plain HTTP needs allow_plain_http_loopback in the configuration";
  return "";
}

// A short name for link trouble, for the technician status line (status.reason.<code>).
std::string transport_code(int curl_code) {
  switch (curl_code) {
    case 6:  // CURLE_COULDNT_RESOLVE_HOST
      return "dns";
    case 7:  // CURLE_COULDNT_CONNECT
      return "refused";
    case 28:  // CURLE_OPERATION_TIMEDOUT
      return "timeout";
    case 35:  // CURLE_SSL_CONNECT_ERROR
    case 60:  // CURLE_PEER_FAILED_VERIFICATION
      return "tls_untrusted";
    case 58:  // CURLE_SSL_CERTPROBLEM
    case 77:  // CURLE_SSL_CACERT_BADFILE
      return "tls_files";
    default:
      return "no_answer";
  }
}

namespace {

// The contract's "malformed": transient for the queue, a clear message for the resident.
PlatformError malformed(long status, const std::string& why, const std::string& request_id) {
  PlatformError error;
  error.error_class = ErrorClass::transient;
  error.status = status;
  error.code = "malformed_response";
  error.title = why;
  error.request_id = request_id;
  return error;
}

}  // namespace

PlatformResult PlatformClient::get(const std::string& path, const std::string& if_none_match) {
  HttpRequest request;
  request.url = config_.base_url + path;
  if (!if_none_match.empty()) request.headers["If-None-Match"] = if_none_match;
  return perform(std::move(request));
}

PlatformResult PlatformClient::post(const std::string& path, const nlohmann::json& body,
                                    const std::string& idempotency_key) {
  return post_raw(path, body.dump(), idempotency_key);
}

PlatformResult PlatformClient::post_raw(const std::string& path, const std::string& body,
                                        const std::string& idempotency_key) {
  HttpRequest request;
  request.method = "POST";
  request.url = config_.base_url + path;
  request.body = body;
  request.headers["Content-Type"] = "application/json";
  if (!idempotency_key.empty()) request.headers["Idempotency-Key"] = idempotency_key;
  return perform(std::move(request));
}

PlatformResult PlatformClient::post_bytes(const std::string& path, const std::string& bytes,
                                          const std::string& content_type) {
  HttpRequest request;
  request.method = "POST";
  request.url = config_.base_url + path;
  request.body = bytes;
  request.headers["Content-Type"] = content_type;
  return perform(std::move(request));
}

PlatformResult PlatformClient::perform(HttpRequest request) {
  const std::string request_id = new_request_id();
  if (std::string refused = check_transport_policy(config_); !refused.empty()) {
    PlatformError error;
    error.error_class = ErrorClass::link;
    error.code = config_.base_url.empty() ? "not_enrolled" : "transport_refused";
    error.title = refused;
    return fail(error);
  }
  request.headers["X-Request-Id"] = request_id;
  request.headers["Accept"] = "application/json";
  if (!config_.terminal_id.empty()) request.headers["X-Terminal-Id"] = config_.terminal_id;
  request.timeout_ms = config_.timeout_ms;
  const AnswerKind kind = answer_kind(request.method, request.url.substr(config_.base_url.size()));
  auto response = http_.perform(request);
  if (!response && response.error().too_large) {
    // The platform answered, but more than the contract allows: "malformed", not link trouble.
    return fail(malformed(0, response.error().message, request_id));
  }
  if (!response) {
    PlatformError error;
    error.error_class = ErrorClass::link;
    error.code = transport_code(response.error().curl_code);
    error.title = response.error().message;
    error.request_id = request_id;
    return fail(error);
  }
  const HttpResponse& http = response.value();
  if (http.status >= 400) {
    PlatformError error = classify_http_error(http.status, http.body, http.header("retry-after"));
    error.request_id = request_id;
    return fail(error);
  }
  PlatformReply reply;
  reply.status = http.status;
  reply.etag = http.header("etag");
  reply.replayed = http.header("idempotent-replayed") == "true";
  reply.request_id = request_id;
  if (http.header("content-type").rfind("application/pdf", 0) == 0) {
    reply.document = http.body;
    reply.digest = http.header("digest");
    reply.verification_code = http.header("x-verification-code");
  } else if (http.status != 304 && !http.body.empty()) {
    // A 2xx we cannot use (not JSON, too deep, a field of the wrong type): whether the platform
    // acted is unknown, so it is transient: the retry carries the same idempotency key and gets
    // the stored answer.
    auto answer = read_answer(kind, http.body);
    if (!answer) return fail(malformed(http.status, answer.error(), request_id));
    reply.body = std::move(answer.value());
  } else if (http.status != 304 && kind != AnswerKind::other) {
    return fail(malformed(http.status, "the answer is empty", request_id));
  }
  return reply;
}

}  // namespace yiwang::kiosk

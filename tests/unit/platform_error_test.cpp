// The contract's error table: every status class, problem+json parsing, Retry-After.
#include <doctest/doctest.h>

#include "platform/platform_client.h"
#include "platform/platform_error.h"

using namespace yiwang::kiosk;

TEST_CASE("statuses classify as the contract says") {
  CHECK(classify_http_error(400, "", "").error_class == ErrorClass::permanent);
  CHECK(classify_http_error(404, "", "").error_class == ErrorClass::permanent);
  CHECK(classify_http_error(413, "", "").error_class == ErrorClass::permanent);
  CHECK(classify_http_error(422, "", "").error_class == ErrorClass::permanent);
  CHECK(classify_http_error(401, "", "").error_class == ErrorClass::reenroll);
  CHECK(classify_http_error(403, "", "").error_class == ErrorClass::disabled);
  CHECK(classify_http_error(409, R"({"code":"idempotency_key_reused"})", "").error_class ==
        ErrorClass::permanent);
  CHECK(classify_http_error(409, R"({"code":"request_in_progress"})", "").error_class ==
        ErrorClass::transient);
  CHECK(classify_http_error(429, "", "7").error_class == ErrorClass::transient);
  for (long status : {500L, 502L, 503L, 504L}) {
    CHECK(classify_http_error(status, "", "").error_class == ErrorClass::transient);
  }
}

TEST_CASE("problem details and Retry-After are read") {
  auto error = classify_http_error(
      422,
      R"({"type":"t","title":"Some fields","status":422,"code":"invalid_fields","fields":[{"field":"form.phone","code":"invalid_format"},{"field":"materials.M003","code":"missing"}]})",
      "");
  CHECK(error.code == "invalid_fields");
  CHECK(error.fields.size() == 2);
  CHECK(classify_http_error(503, "", "12").retry_after_s == 12);
  CHECK(classify_http_error(503, "", "soon").retry_after_s == -1);
  // A malformed problem body still classifies by status.
  CHECK(classify_http_error(422, "{not json", "").error_class == ErrorClass::permanent);
}

TEST_CASE("plain HTTP only to loopback, and only when allowed") {
  PlatformConfig config;
  config.base_url = "http://127.0.0.1:8780";
  CHECK_FALSE(check_transport_policy(config).empty());
  config.allow_plain_http_loopback = true;
  CHECK(check_transport_policy(config).empty());
  config.base_url = "http://10.0.0.5:8780";
  CHECK_FALSE(check_transport_policy(config).empty());
  config.base_url = "http://localhost.example.com";
  CHECK_FALSE(check_transport_policy(config).empty());
  config.base_url = "https://platform.example";
  CHECK(check_transport_policy(config).find("pinned") != std::string::npos);  // not enrolled
  config.tls.ca_file = "terminal/ca.pem";
  CHECK(check_transport_policy(config).empty());
}

TEST_CASE("a problem body with fields of the wrong types is read, not thrown at") {
  // Found by fuzz-problem-json: "title" as a number made nlohmann's value() throw, which would
  // have ended the sync worker thread.
  PlatformError error;
  CHECK_NOTHROW(
      error = classify_http_error(
          422, R"({"type":"x","title":2,"code":["a"],"detail":{},"fields":"f"})", "99999999999"));
  CHECK(error.error_class == ErrorClass::permanent);
  CHECK(error.title.empty());
  CHECK(error.code.empty());
  CHECK(error.fields.empty());
  CHECK(error.retry_after_s == 24 * 3600);  // an absurd Retry-After is capped, not overflowed
}

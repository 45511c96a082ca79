// The kiosk's limits on platform answers: size by content type, depth, and each answer's shape.
#include <doctest/doctest.h>

#include "platform/answer_limits.h"
#include "platform/platform_error.h"

using namespace yiwang::kiosk;
using nlohmann::json;

TEST_CASE("answers are known by method and path") {
  CHECK(answer_kind("GET", "/v1/catalog") == AnswerKind::catalog);
  CHECK(answer_kind("POST", "/v1/identity/verify") == AnswerKind::identity);
  CHECK(answer_kind("POST", "/v1/applications") == AnswerKind::application);
  CHECK(answer_kind("GET", "/v1/applications/HN1") == AnswerKind::case_record);
  CHECK(answer_kind("GET", "/v1/applications?local_id=T1-1") == AnswerKind::case_list);
  CHECK(answer_kind("POST", "/v1/evaluations") == AnswerKind::evaluation);
  CHECK(answer_kind("POST", "/v1/payments") == AnswerKind::payment_order);
  CHECK(answer_kind("GET", "/v1/payments/PO1") == AnswerKind::payment_status);
  CHECK(answer_kind("POST", "/v1/terminals/T1/heartbeat") == AnswerKind::heartbeat);
  CHECK(answer_kind("GET", "/v1/certificates?person_token=p") == AnswerKind::certificate_list);
  CHECK(answer_kind("GET", "/v1/certificates/C1/document") == AnswerKind::other);
  CHECK(answer_kind("GET", "/_sim/cases") == AnswerKind::other);
}

TEST_CASE("size, depth and types beyond the contract are refused with a reason") {
  CHECK(answer_byte_limit("application/json") == 1024 * 1024);
  CHECK(answer_byte_limit("application/pdf") == 20 * 1024 * 1024);
  CHECK(json_depth(R"({"a": [1, {"b": "[[[["}]})") == 3);
  CHECK(json_depth(std::string(100000, '[')) == 100000);

  const std::string deep =
      R"({"person_token": "p", "x": )" + std::string(65, '[') + std::string(65, ']') + "}";
  CHECK_FALSE(read_answer(AnswerKind::identity, deep));
  CHECK(read_answer(AnswerKind::other, std::string(kMaxJsonAnswerBytes + 1, ' '))
            .error()
            .find("1 MiB") != std::string::npos);
  CHECK_FALSE(read_answer(AnswerKind::identity, "not json"));

  CHECK(read_answer(AnswerKind::identity, R"({"person_token": "p", "display_name": "张*"})"));
  CHECK_FALSE(read_answer(AnswerKind::identity, R"({"person_token": 5})"));
  CHECK_FALSE(read_answer(AnswerKind::identity, R"({"display_name": "x"})"));
  CHECK_FALSE(read_answer(AnswerKind::identity,
                          R"({"person_token": "p", "subject": {"id_number": 110105}})"));
  CHECK(read_answer(AnswerKind::application, R"({"case_id": "HN1", "fee_fen": 0})"));
  CHECK_FALSE(read_answer(AnswerKind::application, R"({"case_id": "HN1", "fee_fen": "0"})"));
  CHECK(read_answer(AnswerKind::case_list, R"([{"case_id": "HN1", "status": "accepted"}])"));
  CHECK_FALSE(read_answer(AnswerKind::case_list, R"({"case_id": "HN1"})"));
  CHECK_FALSE(read_answer(AnswerKind::case_record,
                          R"({"case_id": "HN1", "status": "x", "history": [{"at": 1}]})"));
  CHECK(read_answer(
      AnswerKind::heartbeat,
      R"({"config_version": 1, "config": null, "commands": [{"id": "c", "type": "reboot"}]})"));
  CHECK_FALSE(read_answer(AnswerKind::heartbeat, R"({"commands": [{"id": 1, "type": "reboot"}]})"));
  CHECK_FALSE(read_answer(AnswerKind::certificate_list, R"([{"name": {}}])"));
  CHECK_FALSE(read_answer(AnswerKind::payment_status, R"({"order_id": "o", "status": 2})"));
  CHECK_FALSE(read_answer(AnswerKind::catalog, R"({"version": "1", "items": {}})"));
}

TEST_CASE("an expired person token is the resident's problem, not the terminal's") {
  CHECK(classify_http_error(401, R"({"code": "person_token_expired"})", "").error_class ==
        ErrorClass::permanent);
  CHECK(classify_http_error(401, R"({"code": "certificate_expired"})", "").error_class ==
        ErrorClass::reenroll);
}

TEST_CASE("a problem body nested a million levels deep is classified, not parsed") {
  const std::string deep =
      R"({"code": "x", "fields": )" + std::string(1000000, '[') + std::string(1000000, ']') + "}";
  const auto error = classify_http_error(422, deep, "");
  CHECK(error.error_class == ErrorClass::permanent);
  CHECK(error.code.empty());
}

// The platform simulator as the kiosk's client sees it: idempotency, 422 with every problem,
// ETag/304, identity, case queries, evaluations, and its fault switches.
#include <doctest/doctest.h>

#include <set>

#include "flow/catalog_model.h"
#include "flow/keyed_confirmation.h"
#include "platform/catalog_fetch.h"
#include "platform/platform_client.h"
#include "support/platform_process.h"
#include "support/sample_application.h"

using namespace yiwang::kiosk;
using nlohmann::json;
using yiwang::test::PlatformProcess;

namespace {

PlatformClient client_for(const PlatformProcess& platform) {
  return PlatformClient(PlatformConfig{platform.url(), "T-TEST", true, 5000, {}});
}

json card() {
  return {{"card_type", "resident"},
          {"id_number", "11010519491231002X"},
          {"name", "张三"},
          {"valid_to", "20400101"},
          {"address", "北京市东城区景山前街4号"}};
}

json application(const std::string& local_id, const std::string& phone) {
  return {{"local_id", local_id},
          {"item_code", "460100-0003-0002"},
          {"applicant", {{"card", card()}}},
          {"form",
           {{"name", "张三"},
            {"id_number", "11010519491231002X"},
            {"phone", phone},
            {"purpose", "job"}}},
          {"materials", json::array()},
          {"commitment",
           {{"version", "C-2026-01"},
            {"accepted_at", "2026-11-22T09:00:00+08:00"},
            {"signature_png_base64", yiwang::test::kSampleSignaturePng}}},
          {"delivery", {{"method", "electronic"}}},
          {"created_at", "2026-11-22T09:00:00+08:00"},
          {"submitted_offline", true}};
}

}  // namespace

TEST_CASE("idempotent replay returns the same case; a different body under the key is 409") {
  PlatformProcess platform("idempotency");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  const std::string key = "3f1c2a7e-0000-4000-8000-000000000001";
  auto first = client.post("/v1/applications", application("T-1", "13800138000"), key);
  REQUIRE(first);
  CHECK(first.value().status == 201);
  CHECK_FALSE(first.value().replayed);
  const std::string case_id = first.value().body.at("case_id");
  auto again = client.post("/v1/applications", application("T-1", "13800138000"), key);
  REQUIRE(again);
  CHECK(again.value().replayed);
  CHECK(again.value().body.at("case_id") == case_id);
  auto reused = client.post("/v1/applications", application("T-1", "13900139000"), key);
  REQUIRE_FALSE(reused);
  CHECK(reused.error().status == 409);
  CHECK(reused.error().code == "idempotency_key_reused");
  CHECK(reused.error().error_class == ErrorClass::permanent);

  auto by_local = client.get("/v1/applications?local_id=T-1");
  REQUIRE(by_local);
  REQUIRE(by_local.value().body.size() == 1);
  CHECK(by_local.value().body[0].at("case_id") == case_id);
  auto by_id = client.get("/v1/applications/" + case_id);
  REQUIRE(by_id);
  CHECK(by_id.value().body.at("status") == "accepted");
  CHECK_FALSE(by_id.value().body.contains("person_token"));
}

TEST_CASE("a 422 lists every problem at once") {
  PlatformProcess platform("invalid");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  json bad = application("T-2", "123");
  bad["form"].erase("purpose");
  bad.erase("commitment");
  auto answer = client.post("/v1/applications", bad, "3f1c2a7e-0000-4000-8000-000000000002");
  REQUIRE_FALSE(answer);
  CHECK(answer.error().status == 422);
  CHECK(answer.error().code == "invalid_fields");
  std::set<std::string> fields;
  for (const auto& f : answer.error().fields) fields.insert(f.at("field").get<std::string>());
  CHECK(fields == std::set<std::string>{"form.phone", "form.purpose", "commitment"});
}

TEST_CASE("materials as their source allows and dates within bounds, or 422 naming each") {
  PlatformProcess platform("fields");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  json senior = application("T-S", "13800138000");
  senior["item_code"] = "460100-0004-0004";
  senior.erase("commitment");
  senior["form"] = {
      {"name", "张三"},         {"id_number", "11010519491231002X"},   {"birth_date", "1952-03-14"},
      {"card_kind", "settled"}, {"address", "海南省三亚市吉阳区28号"}, {"phone", "13800138000"}};
  senior["materials"] = json::array({{{"code", "M001"}, {"provided", "shared"}},
                                     {{"code", "M010"}, {"provided", "on_site"}},
                                     {{"code", "M011"}, {"provided", "later"}}});
  senior["delivery"] = {
      {"method", "express"}, {"address", "海南省三亚市海棠区28号"}, {"phone", "13800138000"}};
  auto accepted = client.post("/v1/applications", senior, "3f1c2a7e-0000-4000-8000-0000000000a1");
  REQUIRE_MESSAGE(accepted, accepted.error().summary());
  CHECK(accepted.value().status == 201);

  json bad = senior;
  bad["local_id"] = "T-S2";
  bad["form"]["birth_date"] = "1899-12-31";  // before the field's min
  bad["materials"] = json::array({{{"code", "M001"}, {"provided", "later"}},    // shared
                                  {{"code", "M010"}, {"provided", "shared"}},   // the applicant's
                                  {{"code", "M999"}, {"provided", "on_site"}},  // not the item's
                                  {{"code", "M011"}, {"provided", "later"}},
                                  {{"code", "M011"}, {"provided", "on_site"}}});  // twice
  auto refused = client.post("/v1/applications", bad, "3f1c2a7e-0000-4000-8000-0000000000a2");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 422);
  std::set<std::string> fields;
  for (const auto& f : refused.error().fields) fields.insert(f.at("field").get<std::string>());
  CHECK(fields == std::set<std::string>{"form.birth_date", "materials.M001", "materials.M010",
                                        "materials.M999", "materials.M011"});
  bad["form"]["birth_date"] = "1952-02-30";
  bad["materials"] = senior["materials"];
  auto unreal = client.post("/v1/applications", bad, "3f1c2a7e-0000-4000-8000-0000000000a3");
  REQUIRE_FALSE(unreal);
  REQUIRE(unreal.error().fields.size() == 1);
  CHECK(unreal.error().fields[0].at("code") == "invalid_format");
}

TEST_CASE("a commitment's signature must be a PNG within bounds with ink on it") {
  PlatformProcess platform("signature");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  const auto problem_of = [&](const json& signature, int n) -> std::string {
    json body = application("T-S" + std::to_string(n), "13800138000");
    if (signature.is_null()) {
      body["commitment"].erase("signature_png_base64");
    } else {
      body["commitment"]["signature_png_base64"] = signature;
    }
    auto answer = client.post("/v1/applications", body,
                              "3f1c2a7e-0000-4000-8000-00000000010" + std::to_string(n));
    if (answer) return "accepted";
    for (const auto& f : answer.error().fields) {
      if (f.at("field") == "commitment.signature_png_base64") return f.at("code");
    }
    return "other " + answer.error().code;
  };
  CHECK(problem_of(yiwang::test::kSampleSignaturePng, 0) == "accepted");
  CHECK(problem_of(nullptr, 1) == "missing");
  CHECK(problem_of("bm90IGEgcG5n", 2) == "invalid_format");  // "not a png"
  CHECK(problem_of("!!!!", 3) == "invalid_format");
  CHECK(problem_of(std::string(300 * 1024, 'A'), 4) == "too_long");
  // A PNG whose header claims 100000 x 100000 pixels: refused before decoding.
  CHECK(problem_of("iVBORw0KGgoAAAANSUhEUgABhqAAAYagCAAAAACNOVQU", 5) == "invalid_format");
  // A white 8x8 PNG: a real image, without ink.
  CHECK(problem_of("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAADklEQVR42mP4DwUMlDEA98A/wa9cD80"
                   "AAAAASUVORK5CYII=",
                   6) == "blank");
}

TEST_CASE("a keyed confirmation (speech mode) instead of a signature, bound to the card") {
  PlatformProcess platform("keyed");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  const auto problem_of = [&](const json& keyed, int n, bool with_png = false) -> std::string {
    json body = application("T-K" + std::to_string(n), "13800138000");
    if (!with_png) body["commitment"].erase("signature_png_base64");
    body["commitment"]["keyed_confirmation"] = keyed;
    auto answer = client.post("/v1/applications", body,
                              "3f1c2a7e-0000-4000-8000-00000000020" + std::to_string(n));
    if (answer) return "accepted";
    for (const auto& f : answer.error().fields) {
      const std::string field = f.at("field");
      if (field.rfind("commitment", 0) == 0) return field + " " + f.at("code").get<std::string>();
    }
    return "other " + answer.error().code;
  };
  const json base = application("T-K", "13800138000");
  const std::string version = base["commitment"]["version"];
  const std::string at = base["commitment"]["accepted_at"];
  const std::string number = base["applicant"]["card"]["id_number"];
  // The kiosk's binding (flow/keyed_confirmation.h) is the one the simulator recomputes.
  const json keyed = {{"method", "keypad"},
                      {"read_aloud", "zh"},
                      {"card_binding", yiwang::kiosk::keyed_card_binding(number, version, at)}};
  CHECK(problem_of(keyed, 0) == "accepted");
  // Another card's binding, or another moment's: not the applicant's.
  json other = keyed;
  other["card_binding"] = yiwang::kiosk::keyed_card_binding("110105194912310029", version, at);
  CHECK(problem_of(other, 1) == "commitment.keyed_confirmation.card_binding not_the_applicant");
  other["card_binding"] =
      yiwang::kiosk::keyed_card_binding(number, version, "2026-11-22T09:00:01+08:00");
  CHECK(problem_of(other, 2) == "commitment.keyed_confirmation.card_binding not_the_applicant");
  // Its shape: the method, the language it was read in, 64 hex digits; never beside a PNG.
  other = keyed;
  other["method"] = "touch";
  CHECK(problem_of(other, 3) == "commitment.keyed_confirmation invalid_format");
  other = keyed;
  other["read_aloud"] = "fr";
  CHECK(problem_of(other, 4) == "commitment.keyed_confirmation invalid_format");
  other = keyed;
  other["card_binding"] = "ABC";
  CHECK(problem_of(other, 5) == "commitment.keyed_confirmation invalid_format");
  CHECK(problem_of(keyed, 6, true) == "commitment.keyed_confirmation invalid_format");
}

TEST_CASE("a foreign permanent resident card's own number passes the application's form") {
  PlatformProcess platform("foreign-card");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  json foreign = application("T-F", "13800138000");
  foreign["applicant"]["card"]["card_type"] = "foreign_permanent";
  foreign["applicant"]["card"]["id_number"] = "USA110080011501";  // 2017 layout: letters first
  foreign["form"]["id_number"] = "USA110080011501";
  auto accepted = client.post("/v1/applications", foreign, "3f1c2a7e-0000-4000-8000-0000000000f1");
  CHECK_MESSAGE(accepted, (accepted ? ""
                                    : accepted.error().summary() + " " +
                                          nlohmann::json(accepted.error().fields).dump()));
  // A resident card's number must still be a resident number.
  json mismatched = application("T-G", "13800138000");
  mismatched["form"]["id_number"] = "USA110080011501";
  auto refused =
      client.post("/v1/applications", mismatched, "3f1c2a7e-0000-4000-8000-0000000000f2");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 422);
}

TEST_CASE("catalog ETag, identity and evaluations") {
  PlatformProcess platform("misc");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  auto catalog = client.get("/v1/catalog");
  REQUIRE(catalog);
  CHECK(catalog.value().body.at("items").size() >= 12);
  auto unchanged = client.get("/v1/catalog", catalog.value().etag);
  REQUIRE(unchanged);
  CHECK(unchanged.value().status == 304);

  auto identity = client.post("/v1/identity/verify", {{"method", "idcard"}, {"card", card()}});
  REQUIRE(identity);
  CHECK(identity.value().body.at("display_name") == "张*");
  json expired = card();
  expired["valid_to"] = "20200101";
  auto refused = client.post("/v1/identity/verify", {{"method", "idcard"}, {"card", expired}});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "card_expired");

  json evaluation = {{"item_code", "460100-0003-0002"},
                     {"channel", "kiosk"},
                     {"level", 2},
                     {"reasons", json::array()}};
  auto no_reason =
      client.post("/v1/evaluations", evaluation, "3f1c2a7e-0000-4000-8000-000000000003");
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().status == 422);
  evaluation["reasons"] = {"long_wait"};
  CHECK(client.post("/v1/evaluations", evaluation, "3f1c2a7e-0000-4000-8000-000000000004"));
}

TEST_CASE(
    "help requests: the contract's four reasons recorded; any other is 422, a non-string 400") {
  PlatformProcess platform("help");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  const std::string at = "2026-11-22T09:00:00+08:00";
  for (const char* reason : {"cannot_read", "cannot_type", "need_explanation", "other"}) {
    CAPTURE(reason);
    auto sent = client.post("/v1/help-requests",
                            {{"item_code", "460100-0003-0002"}, {"reason", reason}, {"at", at}});
    REQUIRE(sent);
    CHECK(sent.value().status == 201);
    CHECK(sent.value().body.value("eta_minutes", 0) == 5);
  }
  // Not one of the four: a field problem (422 invalid_fields); of the wrong type: 400.
  for (const json& bad : {json("lonely"), json(""), json("CANNOT_READ"), json(3), json(nullptr)}) {
    CAPTURE(bad.dump());
    auto refused =
        client.post("/v1/help-requests", {{"item_code", nullptr}, {"reason", bad}, {"at", at}});
    REQUIRE_FALSE(refused);
    const bool string = bad.is_string();
    CHECK(refused.error().status == (string ? 422 : 400));
    CHECK(refused.error().code == (string ? "invalid_fields" : "malformed_request"));
    CHECK(refused.error().error_class == ErrorClass::permanent);
  }
  auto no_reason = client.post("/v1/help-requests", {{"item_code", nullptr}, {"at", at}});
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().status == 422);
  // Recorded as received, in order: only the four accepted.
  PlatformClient control(PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto recorded = control.get("/_sim/help-requests");
  REQUIRE(recorded);
  const json& all = recorded.value().body;
  REQUIRE(all.size() == 4);
  CHECK(all[0].at("reason") == "cannot_read");
  CHECK(all[2].at("reason") == "need_explanation");
  CHECK(all[3].at("item_code") == "460100-0003-0002");
  CHECK(all[3].at("at") == at);
  CHECK(all[0].at("request_id") == "HR1");
}

TEST_CASE("fault switches: 503 with Retry-After, a cut connection, a malformed body") {
  PlatformProcess failing("errors", {"--error-rate", "1"});
  REQUIRE(failing.running());
  PlatformClient client = client_for(failing);
  auto unavailable = client.get("/v1/catalog");
  REQUIRE_FALSE(unavailable);
  CHECK(unavailable.error().status == 503);
  CHECK(unavailable.error().retry_after_s == 1);
  CHECK(unavailable.error().error_class == ErrorClass::transient);

  PlatformProcess dropping("drops", {"--drop-rate", "1"});
  REQUIRE(dropping.running());
  PlatformClient dropped_client = client_for(dropping);
  auto dropped = dropped_client.post("/v1/applications", application("T-3", "13800138000"),
                                     "3f1c2a7e-0000-4000-8000-000000000005");
  REQUIRE_FALSE(dropped);
  CHECK(dropped.error().error_class == ErrorClass::link);

  PlatformProcess garbling("malformed", {"--malformed-rate", "1"});
  REQUIRE(garbling.running());
  PlatformClient garbled_client = client_for(garbling);
  auto garbled = garbled_client.get("/v1/catalog");
  REQUIRE_FALSE(garbled);
  CHECK(garbled.error().code == "malformed_response");
  CHECK(garbled.error().error_class == ErrorClass::transient);
}

// An application for the demo catalog's item with a fee (不动产权证书补发, ¥10.00).
json application_with_fee(const std::string& local_id) {
  json body = application(local_id, "13800138000");
  body["item_code"] = "460100-0005-0003";
  body["form"] = {{"name", "张三"},
                  {"id_number", "11010519491231002X"},
                  {"phone", "13800138000"},
                  {"delivery_copies", "1"}};
  body["delivery"] = {{"method", "pickup"}};
  body["materials"] = json::array({{{"code", "M009"}, {"provided", "on_site"}}});
  return body;
}

TEST_CASE("payments: an order once per key, polled until paid, refused when malformed") {
  PlatformProcess platform("payments");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  auto accepted = client.post("/v1/applications", application_with_fee("T-PAY-1"),
                              "3f1c2a7e-0000-4000-8000-0000000000a1");
  REQUIRE_MESSAGE(accepted, accepted.error().summary());
  CHECK(accepted.value().body.value("payment_required", false));
  CHECK(accepted.value().body.value("fee_fen", 0) == 1000);
  const std::string case_id = accepted.value().body.value("case_id", "");
  const json order = {{"case_id", case_id}, {"amount_fen", 1000}};
  auto created = client.post("/v1/payments", order, "3f1c2a7e-0000-4000-8000-0000000000a2");
  REQUIRE_MESSAGE(created, created.error().summary());
  CHECK(created.value().status == 201);
  const std::string order_id = created.value().body.value("order_id", "");
  CHECK(created.value().body.value("qr_payload", "").find(order_id) != std::string::npos);
  auto again = client.post("/v1/payments", order, "3f1c2a7e-0000-4000-8000-0000000000a2");
  REQUIRE(again);
  CHECK(again.value().replayed);
  CHECK(again.value().body.value("order_id", "") == order_id);

  auto pending = client.get("/v1/payments/" + order_id);
  REQUIRE(pending);
  CHECK(pending.value().body.value("status", "") == "pending");
  PlatformClient control(PlatformConfig{platform.control_url(), "", true, 5000, {}});
  REQUIRE(control.post("/_sim/payments/" + order_id + "/pay", json::object()));
  auto paid = client.get("/v1/payments/" + order_id);
  REQUIRE(paid);
  CHECK(paid.value().body.value("status", "") == "paid");
  CHECK_FALSE(paid.value().body.value("paid_at", "").empty());

  auto zero = client.post("/v1/payments", {{"case_id", case_id}, {"amount_fen", 0}},
                          "3f1c2a7e-0000-4000-8000-0000000000a3");
  REQUIRE_FALSE(zero);
  CHECK(zero.error().status == 422);
  auto typed = client.post("/v1/payments", {{"case_id", case_id}, {"amount_fen", "2000"}},
                           "3f1c2a7e-0000-4000-8000-0000000000a4");
  REQUIRE_FALSE(typed);
  CHECK(typed.error().status == 400);
  CHECK(typed.error().code == "malformed_request");
  auto unknown = client.get("/v1/payments/PO999");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().status == 404);

  // An amount the case does not owe is refused, and so is any amount for a free case.
  auto more = client.post("/v1/payments", {{"case_id", case_id}, {"amount_fen", 2000}},
                          "3f1c2a7e-0000-4000-8000-0000000000a5");
  REQUIRE_FALSE(more);
  CHECK(more.error().status == 422);
  CHECK(more.error().fields.dump().find("mismatch") != std::string::npos);
  auto free_case = client.post("/v1/applications", application("T-PAY-2", "13800138000"),
                               "3f1c2a7e-0000-4000-8000-0000000000a6");
  REQUIRE(free_case);
  auto for_free = client.post(
      "/v1/payments", {{"case_id", free_case.value().body.value("case_id", "")}, {"amount_fen", 1}},
      "3f1c2a7e-0000-4000-8000-0000000000a7");
  REQUIRE_FALSE(for_free);
  CHECK(for_free.error().status == 422);

  // The controls: a paid order cannot be paid again; one expires, another is cancelled.
  CHECK_FALSE(control.post("/_sim/payments/" + order_id + "/pay", json::object()));
  auto second = client.post("/v1/payments", order, "3f1c2a7e-0000-4000-8000-0000000000a8");
  REQUIRE(second);
  const std::string second_id = second.value().body.value("order_id", "");
  REQUIRE(control.post("/_sim/payments/" + second_id + "/expire", json::object()));
  CHECK(client.get("/v1/payments/" + second_id).value().body.value("status", "") == "expired");
  CHECK_FALSE(control.post("/_sim/payments/" + second_id + "/pay", json::object()));
  auto third = client.post("/v1/payments", order, "3f1c2a7e-0000-4000-8000-0000000000a9");
  REQUIRE(third);
  const std::string third_id = third.value().body.value("order_id", "");
  REQUIRE(control.post("/_sim/payments/" + third_id + "/cancel", json::object()));
  CHECK(client.get("/v1/payments/" + third_id).value().body.value("status", "") == "cancelled");
  auto listed = control.get("/_sim/payments");
  REQUIRE(listed);
  REQUIRE(listed.value().body.size() == 3);
  CHECK(listed.value().body[0].value("status", "") == "paid");
  CHECK(listed.value().body[0].value("amount_fen", 0) == 1000);
  // The order paid at the kiosk made the case paid.
  CHECK(client.get("/v1/applications/" + case_id).value().body.value("fee_paid", false));
}

TEST_CASE("a case is paid through another channel: fee_paid, its pending order cancelled, once") {
  PlatformProcess platform("pay-other-channel");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  auto accepted = client.post("/v1/applications", application_with_fee("T-PAY-9"),
                              "3f1c2a7e-0000-4000-8000-0000000000c1");
  REQUIRE_MESSAGE(accepted, accepted.error().summary());
  const std::string case_id = accepted.value().body.value("case_id", "");
  auto unpaid = client.get("/v1/applications/" + case_id);
  REQUIRE(unpaid);
  CHECK(unpaid.value().body.value("fee_fen", 0) == 1000);
  CHECK_FALSE(unpaid.value().body.value("fee_paid", true));
  // The kiosk's order left pending (the resident chose "pay later").
  auto order = client.post("/v1/payments", {{"case_id", case_id}, {"amount_fen", 1000}},
                           "3f1c2a7e-0000-4000-8000-0000000000c2");
  REQUIRE(order);
  const std::string order_id = order.value().body.value("order_id", "");
  PlatformClient control(PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto odd = control.post("/_sim/cases/" + case_id + "/pay", {{"channel", "carrier-pigeon"}});
  REQUIRE_FALSE(odd);
  CHECK(odd.error().status == 400);
  auto paid = control.post("/_sim/cases/" + case_id + "/pay", {{"channel", "counter"}});
  REQUIRE(paid);
  CHECK(paid.value().body.value("fee_paid", false));
  auto shown = client.get("/v1/applications/" + case_id);
  REQUIRE(shown);
  CHECK(shown.value().body.value("fee_paid", false));
  CHECK(shown.value().body.value("status", "") == "accepted");  // paying moves no status
  CHECK(shown.value().body["history"].back().value("note", json::object()).value("zh", "") ==
        "费用已通过窗口缴纳");
  // Nothing is paid twice: the order is cancelled, the case refuses a second payment.
  CHECK(client.get("/v1/payments/" + order_id).value().body.value("status", "") == "cancelled");
  CHECK_FALSE(control.post("/_sim/payments/" + order_id + "/pay", json::object()));
  auto twice = control.post("/_sim/cases/" + case_id + "/pay", json::object());
  REQUIRE_FALSE(twice);
  CHECK(twice.error().status == 409);
  CHECK(twice.error().code == "already_paid");
  // A free case has nothing to pay.
  auto free_case = client.post("/v1/applications", application("T-PAY-10", "13800138000"),
                               "3f1c2a7e-0000-4000-8000-0000000000c3");
  REQUIRE(free_case);
  auto nothing = control.post("/_sim/cases/" + free_case.value().body.value("case_id", "") + "/pay",
                              json::object());
  REQUIRE_FALSE(nothing);
  CHECK(nothing.error().code == "no_fee");
}

TEST_CASE("a case's status is set on the control port and its history grows") {
  PlatformProcess platform("case-status");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  auto accepted = client.post("/v1/applications", application("T-ST-1", "13800138000"),
                              "3f1c2a7e-0000-4000-8000-0000000000b1");
  REQUIRE(accepted);
  const std::string case_id = accepted.value().body.value("case_id", "");
  PlatformClient control(PlatformConfig{platform.control_url(), "", true, 5000, {}});
  REQUIRE(
      control.post("/_sim/cases/" + case_id + "/status",
                   {{"status", "correction_required"},
                    {"note", {{"zh", "请补交户口簿"}, {"en", "Bring the household register"}}}}));
  auto read = client.get("/v1/applications/" + case_id);
  REQUIRE(read);
  CHECK(read.value().body.value("status", "") == "correction_required");
  const json history = read.value().body.at("history");
  REQUIRE(history.size() == 3);
  CHECK(history.back().at("note").value("zh", "") == "请补交户口簿");
  CHECK_FALSE(control.post("/_sim/cases/" + case_id + "/status", {{"status", "teleported"}}));
  CHECK_FALSE(control.post("/_sim/cases/HN0/status", {{"status", "completed"}}));
}

TEST_CASE("the county catalog in pages under the 1 MiB answer limit, joined by the kiosk") {
  PlatformProcess platform("pages",
                           {"--catalog", YIWANG_SOURCE_DIR "/tests/data/county-catalog.json"});
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  auto first = client.get("/v1/catalog");
  REQUIRE_MESSAGE(first, first.error().summary());
  const int pages = first.value().body.at("pages").get<int>();
  CHECK(pages >= 3);  // 2.4 MB of items
  CHECK(first.value().body.at("page") == 1);
  std::size_t items = first.value().body.at("items").size();
  for (int page = 2; page <= pages; ++page) {
    auto next = client.get("/v1/catalog?page=" + std::to_string(page));
    REQUIRE(next);  // the client refuses any answer over 1 MiB
    CHECK(next.value().body.at("version") == first.value().body.at("version"));
    CHECK(next.value().etag == first.value().etag);
    items += next.value().body.at("items").size();
  }
  CHECK(items == 2000);
  auto beyond = client.get("/v1/catalog?page=" + std::to_string(pages + 1));
  REQUIRE_FALSE(beyond);
  CHECK(beyond.error().status == 404);
  auto malformed = client.get("/v1/catalog?page=x");
  REQUIRE_FALSE(malformed);
  CHECK(malformed.error().status == 400);
  // Unchanged: one 304, nothing else asked.
  auto unchanged = fetch_catalog(client, first.value().etag);
  REQUIRE(unchanged);
  CHECK(unchanged.value().status == 304);
  // The kiosk's fetch: every page, joined into one catalog of 2 000 items.
  auto joined = fetch_catalog(client, "");
  REQUIRE_MESSAGE(joined, joined.error().summary());
  CHECK(joined.value().body.at("items").size() == 2000);
  CHECK_FALSE(joined.value().body.contains("pages"));
  std::string error;
  auto catalog = parse_catalog(joined.value().body, error);
  REQUIRE_MESSAGE(catalog, error);
  CHECK(catalog->items.size() == 2000);
  // The demo catalog fits one page: "pages" is 1.
  PlatformProcess demo("pages-demo");
  REQUIRE(demo.running());
  PlatformClient demo_client = client_for(demo);
  auto whole = fetch_catalog(demo_client, "");
  REQUIRE(whole);
  CHECK(whole.value().body.at("items").size() >= 12);
}

TEST_CASE(
    "好差评 is one per case: a second evaluation of a case is refused, and the case says so") {
  PlatformProcess platform("rated");
  REQUIRE(platform.running());
  PlatformClient client = client_for(platform);
  auto accepted = client.post("/v1/applications", application("T-RATE-1", "13800138000"),
                              "3f1c2a7e-0000-4000-8000-0000000000e1");
  REQUIRE_MESSAGE(accepted, accepted.error().summary());
  const std::string case_id = accepted.value().body.at("case_id");
  auto before = client.get("/v1/applications/" + case_id);
  REQUIRE(before);
  CHECK(before.value().body.at("evaluated") == false);
  json evaluation = {{"case_id", case_id},
                     {"item_code", "460100-0003-0002"},
                     {"channel", "kiosk"},
                     {"level", 5},
                     {"reasons", json::array()}};
  REQUIRE(client.post("/v1/evaluations", evaluation, "3f1c2a7e-0000-4000-8000-0000000000e2"));
  // The same request again (a retry) is the same evaluation; another one is refused.
  CHECK(client.post("/v1/evaluations", evaluation, "3f1c2a7e-0000-4000-8000-0000000000e2"));
  evaluation["level"] = 1;
  evaluation["reasons"] = {"long_wait"};
  auto second = client.post("/v1/evaluations", evaluation, "3f1c2a7e-0000-4000-8000-0000000000e3");
  REQUIRE_FALSE(second);
  CHECK(second.error().status == 422);
  CHECK(second.error().code == "already_evaluated");
  auto after = client.get("/v1/applications/" + case_id);
  REQUIRE(after);
  CHECK(after.value().body.at("evaluated") == true);
}

// Each hostile input of issue 18, replayed against the platform simulator as a process: it stays
// up, its memory stays bounded, it answers with the contract's problem code, and a well-behaved
// terminal is still served.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "hostile/raw_http.h"
#include "platform/platform_client.h"
#include "support/platform_process.h"
#include "support/sample_application.h"
#include "support/wait_for.h"

using namespace yiwang;
using nlohmann::json;
using test::RawAnswer;
using test::RawConnection;

namespace {

// Growth of the simulator's resident memory that still counts as "bounded" over one test case;
// a 50 MB body read whole, or a 200 MB request line held, goes far beyond it.
constexpr long kAllowedGrowthKb = 48 * 1024;

// A simulator with a small ASan quarantine, so that its resident memory tells what it holds.
struct Hostile {
  test::PlatformProcess platform;
  long baseline_kb = 0;

  explicit Hostile(const std::string& name, std::vector<std::string> extra = {})
      : platform((quiet_quarantine(), name), std::move(extra)) {
    REQUIRE(platform.running());
    REQUIRE(terminal_served());
    baseline_kb = test::resident_kb(platform.pid());
  }

  static void quiet_quarantine() {
    const char* current = std::getenv("ASAN_OPTIONS");
    std::string options = current ? current : "";
    if (options.find("quarantine_size_mb") == std::string::npos) {
      options += std::string(options.empty() ? "" : ":") + "quarantine_size_mb=4";
      ::setenv("ASAN_OPTIONS", options.c_str(), 1);
    }
  }

  // What a terminal does all day: fetch the catalog, through the kiosk's own client.
  bool terminal_served() const {
    kiosk::PlatformClient client(
        kiosk::PlatformConfig{platform.url(), "T4601050001", true, 10000, {}});
    auto catalog = client.get("/v1/catalog");
    return catalog && catalog.value().body.contains("items");
  }

  RawAnswer ask(const std::string& request, int timeout_ms = 10000) const {
    RawConnection connection(platform.port());
    REQUIRE(connection.open());
    connection.send(request, timeout_ms);
    return test::parse_answer(connection.receive(timeout_ms));
  }

  json control(const std::string& method, const std::string& path, const json& body = {}) const {
    kiosk::PlatformClient client(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
    auto answer = method == "GET" ? client.get(path) : client.post(path, body);
    REQUIRE_MESSAGE(answer, answer.error().summary());
    return answer.value().body;
  }

  void check_still_fine() const {
    CHECK(platform.alive());
    CHECK(terminal_served());
    const long now_kb = test::resident_kb(platform.pid());
    INFO("resident " << baseline_kb << " kB at the start, " << now_kb << " kB now");
    CHECK(now_kb > 0);
    CHECK(now_kb < baseline_kb + kAllowedGrowthKb);
  }
};

json body_of(const RawAnswer& answer) { return json::parse(answer.body, nullptr, false); }

// A problem+json answer with this status and code.
void check_problem(const RawAnswer& answer, int status, const std::string& code) {
  INFO(answer.status << " " << answer.body);
  CHECK(answer.status == status);
  CHECK(answer.headers.count("Content-Type") == 1);
  if (answer.headers.count("Content-Type")) {
    CHECK(answer.headers.at("Content-Type") == "application/problem+json");
  }
  CHECK(answer.headers.count("EXCEPTION_WHAT") == 0);
  const json problem = body_of(answer);
  REQUIRE(problem.is_object());
  CHECK(problem.value("code", "") == code);
  CHECK(problem.value("status", 0) == status);
}

json application(const std::string& local_id) {
  return {{"local_id", local_id},
          {"item_code", "460100-0003-0002"},
          {"applicant", {{"card", {{"id_number", "11010519491231002X"}, {"name", "张三"}}}}},
          {"form",
           {{"name", "张三"},
            {"id_number", "11010519491231002X"},
            {"phone", "13800138000"},
            {"purpose", "job"}}},
          {"materials", json::array()},
          {"commitment",
           {{"version", "C-2026-01"},
            {"accepted_at", "2026-11-22T09:00:00+08:00"},
            {"signature_png_base64", test::kSampleSignaturePng}}},
          {"delivery", {{"method", "electronic"}}},
          {"submitted_offline", true}};
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::map<std::string, std::string> keyed(const std::string& key) {
  return {{"Idempotency-Key", key}, {"X-Request-Id", "req-" + key}};
}

}  // namespace

TEST_CASE("a form field of 30 000 digits is a 422 listing it, not a crash") {
  Hostile sim("digits");
  json body = application("H-DIGITS-1");
  body["item_code"] = "460100-0001-0002";  // has a number field (bank_card)
  body["form"]["bank_card"] = std::string(30000, '7');
  body["form"]["phone"] = std::string(30000, '1');
  body["form"]["reason"] = "lost";
  const RawAnswer answer = sim.ask(test::http_post("/v1/applications", body.dump(), keyed("d-1")));
  check_problem(answer, 422, "invalid_fields");
  const std::string fields = body_of(answer).value("fields", json::array()).dump();
  CHECK(fields.find("form.bank_card") != std::string::npos);
  CHECK(fields.find("form.phone") != std::string::npos);
  sim.check_still_fine();
}

TEST_CASE("JSON nested far deeper than 64 levels is a 400 and never holds its key") {
  Hostile sim("deep");
  const std::string evaluation =
      R"({"item_code": "460100-0003-0002", "level": 5, "reasons": )" + nested_arrays(100000) + "}";
  check_problem(sim.ask(test::http_post("/v1/evaluations", evaluation, keyed("deep-1"))), 400,
                "malformed_request");
  // Just over the contract's 64 levels is refused too; exactly at it is not a depth problem.
  check_problem(sim.ask(test::http_post(
                    "/v1/evaluations",
                    R"({"item_code": "x", "level": 5, "reasons": )" + nested_arrays(64) + "}",
                    keyed("deep-2"))),
                400, "malformed_request");

  // An application 3×10⁵ deep, replayed under the same key: the same 400, never 409.
  const std::string deep_application =
      R"({"local_id": "H-DEEP-1", "form": )" + nested_arrays(300000) + "}";
  for (int attempt = 0; attempt < 2; ++attempt) {
    check_problem(sim.ask(test::http_post("/v1/applications", deep_application, keyed("deep-3"))),
                  400, "malformed_request");
  }
  // The key was never taken: the right body under it is accepted.
  const RawAnswer accepted =
      sim.ask(test::http_post("/v1/applications", application("H-DEEP-1").dump(), keyed("deep-3")));
  CHECK(accepted.status == 201);
  sim.check_still_fine();
}

TEST_CASE("a wrongly typed field is a 400 problem, and its key stays free") {
  Hostile sim("types");
  const std::string wrong =
      R"({"item_code": "460100-0003-0002", "level": "5", "channel": "kiosk", "at": "x"})";
  for (int attempt = 0; attempt < 2; ++attempt) {
    const RawAnswer answer = sim.ask(test::http_post("/v1/evaluations", wrong, keyed("type-1")));
    check_problem(answer, 400, "malformed_request");
    CHECK(body_of(answer)["fields"][0].value("field", "") == "level");
    CHECK(answer.headers.count("X-Request-Id") == 1);
  }
  const std::string right =
      R"({"item_code": "460100-0003-0002", "level": 5, "channel": "kiosk", "at": "x"})";
  CHECK(sim.ask(test::http_post("/v1/evaluations", right, keyed("type-1"))).status == 201);
  // Wrong types anywhere in an application: each is named, none is a 500.
  json application_body = application("H-TYPES-1");
  application_body["form"]["phone"] = 13800138000LL;
  application_body["delivery"] = "express";
  application_body["materials"] = {{{"code", 3}}};
  const RawAnswer answer =
      sim.ask(test::http_post("/v1/applications", application_body.dump(), keyed("type-2")));
  check_problem(answer, 400, "malformed_request");
  CHECK(body_of(answer)["fields"].size() == 3);
  // Not JSON, not an object, invalid UTF-8.
  for (const std::string& body :
       {std::string("hello"), std::string("[1, 2]"), std::string("{\"local_id\": \"\xff\xfe\"}")}) {
    check_problem(sim.ask(test::http_post("/v1/applications", body, keyed("type-3"))), 400,
                  "malformed_request");
  }
  sim.check_still_fine();
}

TEST_CASE("an idempotency key left in progress by a crash is free again") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("yiwang-hostile-restart-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string body = application("H-RESTART-1").dump();
  auto leave_in_progress = [&](const std::string& key, long long age_s) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "platform.db").c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* insert = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "INSERT INTO idempotency VALUES ('applications', ?, ?, 0, '', 1, ?)",
                               -1, &insert, nullptr) == SQLITE_OK);
    sqlite3_bind_text(insert, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, body.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert, 3, static_cast<long long>(std::time(nullptr)) - age_s);
    CHECK(sqlite3_step(insert) == SQLITE_DONE);
    sqlite3_finalize(insert);
    sqlite3_close(db);
  };
  {
    test::PlatformProcess first(dir, 0, {});
    REQUIRE(first.running());
  }
  // As if the simulator had died between starting and finishing the request.
  leave_in_progress("crashed-1", 0);
  {
    test::PlatformProcess second(dir, 0, {});
    REQUIRE(second.running());
    RawConnection connection(second.port());
    connection.send(test::http_post("/v1/applications", body, keyed("crashed-1")));
    const RawAnswer answer = test::parse_answer(connection.receive());
    INFO(answer.body);
    CHECK(answer.status == 201);
    // A marker older than the bound, found while running, is cleared too; a fresh one is not.
    leave_in_progress("stale-1", 600);
    leave_in_progress("fresh-1", 0);
    RawConnection again(second.port());
    again.send(test::http_post("/v1/applications", body, keyed("stale-1")));
    CHECK(test::parse_answer(again.receive()).status == 201);
    RawConnection fresh(second.port());
    fresh.send(test::http_post("/v1/applications", body, keyed("fresh-1")));
    const RawAnswer busy = test::parse_answer(fresh.receive());
    check_problem(busy, 409, "request_in_progress");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the control surface answers only on its own loopback port") {
  Hostile sim("control");
  for (const char* path : {"/_sim/cases", "/_sim/evaluations", "/_sim/faults"}) {
    check_problem(sim.ask(std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n"), 404,
                  "not_found");
  }
  check_problem(sim.ask(test::http_post("/_sim/enrollment-tokens", "{}")), 404, "not_found");
  check_problem(sim.ask(test::http_post("/_sim/terminals/T4601050001/disable", "{}")), 404,
                "not_found");
  CHECK(sim.control("GET", "/_sim/cases").is_array());
  CHECK(sim.control("POST", "/_sim/enrollment-tokens").contains("token"));
  sim.check_still_fine();
}

TEST_CASE("slow and idle clients do not keep a terminal from being served, and are closed") {
  Hostile sim("slow");
  // 100 clients send a request a byte a second, 100 more connect and send nothing; they come
  // from other loopback addresses, as other hosts would.
  std::vector<std::unique_ptr<RawConnection>> slow;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 100; ++i) {
    slow.push_back(std::make_unique<RawConnection>(sim.platform.port(),
                                                   "127.0.0." + std::to_string(2 + i / 20)));
    idle.push_back(std::make_unique<RawConnection>(sim.platform.port(),
                                                   "127.0.0." + std::to_string(10 + i / 20)));
    REQUIRE(slow.back()->open());
    REQUIRE(idle.back()->open());
  }
  std::atomic<bool> dripping{true};
  std::thread drip([&] {
    const std::string request = "POST /v1/evaluations HTTP/1.1\r\nHost: x\r\nContent-Length: 9";
    for (std::size_t at = 0; dripping && at < request.size(); ++at) {
      for (auto& connection : slow) connection->send(request.substr(at, 1), 100);
      for (int tick = 0; dripping && tick < 10; ++tick) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  for (int round = 0; round < 3; ++round) {
    CHECK(sim.terminal_served());
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  // The contract: no complete request within 10 s closes the connection.
  int closed = 0;
  for (auto& connection : slow) closed += connection->closed_by_peer(20000) ? 1 : 0;
  for (auto& connection : idle) closed += connection->closed_by_peer(20000) ? 1 : 0;
  dripping = false;
  drip.join();
  CHECK(closed == 200);
  sim.check_still_fine();
}

TEST_CASE("connections from one address and in total are capped") {
  Hostile sim("caps", {"--max-connections", "64", "--max-connections-per-address", "8"});
  std::vector<std::unique_ptr<RawConnection>> many;
  for (int i = 0; i < 12; ++i) {
    many.push_back(std::make_unique<RawConnection>(sim.platform.port(), "127.0.0.20"));
  }
  // Well within the 10 s deadline that closes idle connections anyway.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int refused = 0;
  for (auto& connection : many) refused += connection->closed_by_peer(0) ? 1 : 0;
  CHECK(refused == 4);
  for (int i = 0; i < 60; ++i) {
    many.push_back(std::make_unique<RawConnection>(sim.platform.port(),
                                                   "127.0.1." + std::to_string(1 + i / 6)));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  refused = 0;
  for (std::size_t i = 12; i < many.size(); ++i) refused += many[i]->closed_by_peer(0) ? 1 : 0;
  CHECK(refused == 60 - (64 - 8));
  many.clear();
  CHECK(test::wait_for([&] { return sim.terminal_served(); }, 10000));
  sim.check_still_fine();
}

TEST_CASE(
    "bodies over the contract's limits get 413 and are not read; a huge request line is cut") {
  Hostile sim("oversize");
  // Eight clients at once announce 50 MB and start sending it.
  std::vector<std::unique_ptr<RawConnection>> big;
  const std::string megabyte(1024 * 1024, 'x');
  for (int i = 0; i < 8; ++i) {
    big.push_back(
        std::make_unique<RawConnection>(sim.platform.port(), "127.0.2." + std::to_string(1 + i)));
    big.back()->send(
        "POST /v1/applications HTTP/1.1\r\nHost: x\r\nIdempotency-Key: big\r\n"
        "Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n{\"form\": \"" +
            megabyte,
        2000);
  }
  for (auto& connection : big) {
    check_problem(test::parse_answer(connection->receive()), 413, "body_too_large");
  }
  big.clear();
  // Just over 1 MiB for a heartbeat, sent whole; a chunked body (no length) is refused too.
  check_problem(
      sim.ask(test::http_post("/v1/terminals/T4601050001/heartbeat", "\"" + megabyte + "\"")), 413,
      "body_too_large");
  check_problem(sim.ask("POST /v1/evaluations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                        "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                411, "length_required");

  // A 200 MB request line: the simulator stops reading it long before, and closes it.
  RawConnection line(sim.platform.port(), "127.0.3.1");
  REQUIRE(line.send("GET /"));
  std::size_t sent = 0;
  while (sent < 200u * 1024 * 1024 && line.send(megabyte, 2000)) sent += megabyte.size();
  MESSAGE("request line: " << sent / (1024 * 1024)
                           << " MB accepted before the simulator stopped reading");
  CHECK(sent < 200u * 1024 * 1024);
  CHECK(line.closed_by_peer(20000));
  sim.check_still_fine();
}

TEST_CASE("an expired person token creates nothing, and every error echoes X-Request-Id") {
  Hostile sim("expired");
  const RawAnswer identified = sim.ask(test::http_post(
      "/v1/identity/verify", R"({"method": "qr", "token": "EID1:11010519491231002X:张三"})"));
  REQUIRE(identified.status == 200);
  const json person = body_of(identified);
  CHECK(person["subject"].value("id_number", "") == "11010519491231002X");
  const std::string token = person.value("person_token", "");
  sim.control("POST", "/_sim/person-tokens/" + token + "/expire");
  json body = application("H-EXPIRED-1");
  body["applicant"] = {{"person_token", token}};
  const RawAnswer refused =
      sim.ask(test::http_post("/v1/applications", body.dump(), keyed("expired-1")));
  check_problem(refused, 401, "person_token_expired");
  CHECK(refused.headers.count("X-Request-Id") == 1);
  CHECK(sim.control("GET", "/_sim/cases").empty());

  // 404 (unknown route, answered as problem+json), 403, 413, 400, 503: the id comes back.
  const std::map<std::string, std::string> id = {{"X-Request-Id", "req-echo"}};
  const RawAnswer unknown =
      sim.ask("GET /v2/nothing HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-echo\r\n\r\n");
  check_problem(unknown, 404, "not_found");
  CHECK(unknown.header("X-Request-Id") == "req-echo");
  auto with = [&](std::map<std::string, std::string> headers) {
    headers.insert(id.begin(), id.end());
    return headers;
  };
  const RawAnswer other =
      sim.ask(test::http_post("/v1/terminals/T2/heartbeat", "{}", with({{"X-Terminal-Id", "T1"}})));
  check_problem(other, 403, "terminal_mismatch");
  CHECK(other.header("X-Request-Id") == "req-echo");
  const RawAnswer malformed = sim.ask(test::http_post("/v1/evaluations", "{", with(keyed("e-1"))));
  check_problem(malformed, 400, "malformed_request");
  CHECK(malformed.header("X-Request-Id") == "req-e-1");
  sim.control("POST", "/_sim/faults", {{"error_rate", 1.0}});
  const RawAnswer unavailable = sim.ask(
      "GET /v1/catalog HTTP/1.1\r\nHost: x\r\nX-Request-Id: "
      "req-echo\r\n\r\n");
  sim.control("POST", "/_sim/faults", {{"error_rate", 0.0}});
  check_problem(unavailable, 503, "unavailable");
  CHECK(unavailable.header("X-Request-Id") == "req-echo");
  sim.check_still_fine();
}

TEST_CASE("heartbeats are JSON objects from the terminal they name") {
  Hostile sim("heartbeat");
  const std::map<std::string, std::string> t1 = {{"X-Terminal-Id", "T1"}};
  check_problem(sim.ask(test::http_post("/v1/terminals/T1/heartbeat", "not json", t1)), 400,
                "malformed_request");
  check_problem(
      sim.ask(test::http_post("/v1/terminals/T1/heartbeat", R"({"uptime_s": "long"})", t1)), 400,
      "malformed_request");
  check_problem(sim.ask(test::http_post("/v1/terminals/T2/heartbeat", "{}", t1)), 403,
                "terminal_mismatch");
  // Commands: sent until acknowledged, their results kept; config when its version changed.
  const json queued = sim.control("POST", "/_sim/terminals/T1/commands", {{"type", "self_test"}});
  const RawAnswer first =
      sim.ask(test::http_post("/v1/terminals/T1/heartbeat", R"({"uptime_s": 5})", t1));
  REQUIRE(first.status == 200);
  const json answer = body_of(first);
  CHECK(answer["commands"].size() == 1);
  CHECK(answer["commands"][0].value("type", "") == "self_test");
  CHECK(answer["config"].value("idle_timeout_s", 0) == 60);
  const json acked = {
      {"config_version", answer.value("config_version", 0)},
      {"acked_commands", {queued.value("id", "")}},
      {"command_results",
       {{{"id", queued.value("id", "")}, {"ok", true}, {"detail", "4 of 4 devices passed"}}}}};
  const json second =
      body_of(sim.ask(test::http_post("/v1/terminals/T1/heartbeat", acked.dump(), t1)));
  CHECK(second["commands"].empty());
  CHECK(second["config"].is_null());
  const json view = sim.control("GET", "/_sim/terminals/T1");
  CHECK(view["commands"][0]["result"].value("ok", false));
  sim.check_still_fine();
}

TEST_CASE("the contract's additions: help requests and log bundles, within their limits") {
  Hostile sim("additions");
  const RawAnswer help = sim.ask(test::http_post(
      "/v1/help-requests", R"({"item_code": null, "reason": "cannot_read", "at": "x"})"));
  REQUIRE(help.status == 201);
  CHECK(body_of(help).value("request_id", "").rfind("HR", 0) == 0);
  check_problem(sim.ask(test::http_post("/v1/help-requests", R"({"reason": "bored"})")), 422,
                "invalid_fields");
  check_problem(sim.ask(test::http_post("/v1/help-requests", R"({"reason": 1})")), 400,
                "malformed_request");

  auto upload = [&](const std::string& bytes, const std::string& type) {
    return sim.ask(
        "POST /v1/terminals/T1/logs HTTP/1.1\r\nHost: x\r\nX-Terminal-Id: T1\r\n"
        "Content-Type: " +
        type + "\r\nContent-Length: " + std::to_string(bytes.size()) + "\r\n\r\n" + bytes);
  };
  // A log bundle may be larger than a JSON body (8 MiB), and must be gzip.
  std::string bundle = "\x1f\x8b";
  bundle += std::string(3 * 1024 * 1024, 'l');
  const RawAnswer stored = upload(bundle, "application/gzip");
  REQUIRE(stored.status == 201);
  CHECK(sim.control("GET", "/_sim/terminals/T1")["uploads"][0].value("size", 0) ==
        static_cast<int>(bundle.size()));
  check_problem(upload("not a gzip file", "application/gzip"), 400, "malformed_request");
  check_problem(upload(bundle, "application/json"), 400, "malformed_request");
  check_problem(sim.ask("POST /v1/terminals/T1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "application/gzip\r\nContent-Length: 9437184\r\n\r\n\x1f\x8b"),
                413, "body_too_large");
  sim.check_still_fine();
}

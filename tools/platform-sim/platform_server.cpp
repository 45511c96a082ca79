// Route handlers: catalog with ETag, identity, idempotent applications and evaluations, queries.
#include "platform_server.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "application_rules.h"
#include "idcard/id_card.h"
#include "idcard/id_number.h"
#include "outbox.h"
#include "request_limits.h"
#include "signature_check.h"

namespace yiwang::platform_sim {

using nlohmann::json;

namespace {

// A catalog page stays well under the contract's 1 MiB answer limit.
constexpr std::size_t kCatalogPageBytes = std::size_t{768} * 1024;

long long now_unix() { return static_cast<long long>(std::time(nullptr)); }

void send_json(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

json problem_body(int status, const std::string& code, const std::string& title,
                  json fields = nullptr) {
  json problem = {{"type", "https://platform.example/problems/" + code},
                  {"title", title},
                  {"status", status},
                  {"code", code}};
  if (!fields.is_null()) problem["fields"] = std::move(fields);
  return problem;
}

void send_problem(httplib::Response& response, int status, const std::string& code,
                  const std::string& title, json fields = nullptr) {
  response.status = status;
  response.set_content(problem_body(status, code, title, std::move(fields)).dump(),
                       "application/problem+json");
}

// 400 malformed_request: the body broke a limit or a field has the wrong type. Never stored
// under an idempotency key (nothing was started).
void send_malformed(httplib::Response& response, const std::string& title, json fields = nullptr) {
  send_problem(response, 400, "malformed_request", title, std::move(fields));
}

// Parses a JSON object body within the limits and checks the types of the fields it may carry.
// Null (and the answer already sent) when it does not pass.
std::optional<json> checked_body(const httplib::Request& request, httplib::Response& response,
                                 const std::vector<FieldRule>& rules) {
  ParsedBody parsed = parse_limited_object(request.body);
  if (!parsed.problem.empty()) {
    send_malformed(response, parsed.problem);
    return std::nullopt;
  }
  auto problems = wrong_types(parsed.value, rules);
  if (!problems.empty()) {
    send_malformed(response, "Some fields have the wrong type", json(problems));
    return std::nullopt;
  }
  return std::move(parsed.value);
}

void set_header_once(httplib::Response& response, const char* name, const std::string& value) {
  if (!response.has_header(name)) response.set_header(name, value);
}

const std::vector<FieldRule> kEnrollRules = {{"enrollment_token", FieldType::string},
                                             {"csr_pem", FieldType::string},
                                             {"serial_number", FieldType::string},
                                             {"model", FieldType::string},
                                             {"app_version", FieldType::string}};

const std::vector<FieldRule> kIdentityRules = {{"method", FieldType::string},
                                               {"card", FieldType::object},
                                               {"card.*", FieldType::string},
                                               {"sam_id", FieldType::string},
                                               {"token", FieldType::string}};

const std::vector<FieldRule> kApplicationRules = {
    {"local_id", FieldType::string},
    {"item_code", FieldType::string},
    {"catalog_version", FieldType::string},
    {"applicant", FieldType::object},
    {"applicant.person_token", FieldType::string},
    {"applicant.card", FieldType::object},
    {"applicant.card.*", FieldType::string},
    {"form", FieldType::object},
    {"form.*", FieldType::string},
    {"materials", FieldType::array},
    {"materials.*", FieldType::object},
    {"materials.*.code", FieldType::string},
    {"materials.*.provided", FieldType::string},
    {"commitment", FieldType::object_or_null},
    {"commitment.version", FieldType::string},
    {"commitment.accepted_at", FieldType::string},
    {"commitment.signature_png_base64", FieldType::string},
    {"commitment.keyed_confirmation", FieldType::object},
    {"commitment.keyed_confirmation.*", FieldType::string},
    {"delivery", FieldType::object},
    {"delivery.*", FieldType::string},
    {"created_at", FieldType::string},
    {"submitted_offline", FieldType::boolean}};

const std::vector<FieldRule> kEvaluationRules = {{"case_id", FieldType::string_or_null},
                                                 {"local_id", FieldType::string_or_null},
                                                 {"item_code", FieldType::string},
                                                 {"channel", FieldType::string},
                                                 {"level", FieldType::integer},
                                                 {"reasons", FieldType::array},
                                                 {"reasons.*", FieldType::string},
                                                 {"comment", FieldType::string},
                                                 {"contact_phone", FieldType::string_or_null},
                                                 {"at", FieldType::string}};

const std::vector<FieldRule> kHeartbeatRules = {{"at", FieldType::string},
                                                {"app_version", FieldType::string},
                                                {"uptime_s", FieldType::integer},
                                                {"queue", FieldType::object},
                                                {"queue.*", FieldType::integer},
                                                {"devices", FieldType::array},
                                                {"devices.*", FieldType::object},
                                                {"devices.*.*", FieldType::string},
                                                {"disk_free_mb", FieldType::integer},
                                                {"catalog_version", FieldType::string},
                                                {"config_version", FieldType::integer},
                                                {"acked_commands", FieldType::array},
                                                {"acked_commands.*", FieldType::string},
                                                {"command_results", FieldType::array},
                                                {"command_results.*", FieldType::object},
                                                {"command_results.*.id", FieldType::string},
                                                {"command_results.*.ok", FieldType::boolean},
                                                {"command_results.*.detail", FieldType::string},
                                                {"audit", FieldType::object},
                                                {"audit.records", FieldType::integer},
                                                {"audit.last_id", FieldType::integer},
                                                {"audit.last_hash", FieldType::string}};

std::string mask_name(const std::string& name) {
  // Keep the first and (for three or more characters) the last character: 张三 -> 张*, 张小三 ->
  // 张*三.
  std::vector<std::string> chars;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t n = 1;
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    chars.push_back(name.substr(i, n));
    i += n;
  }
  if (chars.empty()) return "";
  if (chars.size() == 1) return chars[0];
  return chars.front() + "*" + (chars.size() > 2 ? chars.back() : "");
}

// The case as the contract gives it, and "evaluated" (an extension: whether it was rated yet).
json public_case(json stored, SimStore& store) {
  stored.erase("person_token");
  stored["evaluated"] = store.case_evaluated(stored.value("case_id", ""));
  // Whether its fee is paid (an extension, as `evaluated`): by an order of a kiosk, or through
  // the platform's other channels (a counter, the web; /_sim/cases/{id}/pay plays them).
  stored["fee_paid"] = stored.value("fee_fen", 0LL) > 0 && stored.contains("paid_at");
  stored.erase("received");  // what the applicant sent stays with the platform
  return stored;
}

// The poll answer: an unpaid order past its time is expired.
json public_payment(const json& order) {
  std::string status = order.value("status", "pending");
  if (status == "pending" && order.value("expires_unix", 0LL) < now_unix()) status = "expired";
  json answer = {{"order_id", order.value("order_id", "")}, {"status", status}};
  if (order.contains("paid_at")) answer["paid_at"] = order["paid_at"];
  return answer;
}

}  // namespace

std::string rfc3339(long long unix_seconds) {
  const std::time_t shifted = static_cast<std::time_t>(unix_seconds + 8LL * 3600);
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return text;
}

std::string day_after(long long unix_seconds, int days) {
  const std::time_t shifted = static_cast<std::time_t>(unix_seconds + 8LL * 3600 + days * 86400LL);
  std::tm tm{};
  gmtime_r(&shifted, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

namespace {

// Every client certificate is let through the handshake; authenticate() then answers a bad
// one with a 401 the terminal can act on, instead of a handshake failure it cannot tell apart
// from a broken link.
int accept_for_later_check(int, X509_STORE_CTX*) { return 1; }

std::unique_ptr<httplib::Server> make_server(const SimPki* pki) {
  if (!pki) return std::make_unique<httplib::Server>();
  return std::make_unique<httplib::SSLServer>([pki](SSL_CTX& context) {
    SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION);
    X509_STORE_add_cert(SSL_CTX_get_cert_store(&context), pki->ca());
    SSL_CTX_set_verify(&context, SSL_VERIFY_PEER, accept_for_later_check);
    // The chain carries the CA so an enrolling terminal can compare it with its pin.
    return SSL_CTX_use_certificate(&context, pki->server_certificate()) == 1 &&
           SSL_CTX_use_PrivateKey(&context, pki->server_key()) == 1 &&
           SSL_CTX_add1_chain_cert(&context, pki->ca()) == 1;
  });
}

std::string base64url(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

// Items in order, a new page whenever the next item would take a page past max_bytes. Every
// page carries the version and the categories; "page" and "pages" say where it lies.
std::vector<json> split_catalog(const json& catalog, std::size_t max_bytes) {
  json head = {{"version", catalog.value("version", "0")},
               {"categories", catalog.value("categories", json::array())},
               {"items", json::array()}};
  const std::size_t head_bytes = head.dump().size() + 64;
  std::vector<json> pages;
  json page = head;
  std::size_t bytes = head_bytes;
  for (const auto& item : catalog.value("items", json::array())) {
    const std::size_t item_bytes = item.dump().size() + 1;
    if (!page["items"].empty() && bytes + item_bytes > max_bytes) {
      pages.push_back(std::move(page));
      page = head;
      bytes = head_bytes;
    }
    page["items"].push_back(item);
    bytes += item_bytes;
  }
  pages.push_back(std::move(page));
  for (std::size_t i = 0; i < pages.size(); ++i) {
    pages[i]["page"] = i + 1;
    pages[i]["pages"] = pages.size();
  }
  return pages;
}

}  // namespace

void PlatformServer::answer_catalog(const httplib::Request& request, httplib::Response& response) {
  std::size_t page = 1;
  if (request.has_param("page")) {
    const std::string text = request.get_param_value("page");
    const bool digits =
        !text.empty() && text.size() <= 6 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
      return send_malformed(response, "page must be a number",
                            json::array({field_problem("page", "invalid_format")}));
    }
    page = std::stoul(text);
    if (page < 1 || page > catalog_pages_.size())
      return send_problem(response, 404, "page_not_found", "No such catalog page");
  }
  response.set_header("ETag", etag_);
  if (request.get_header_value("If-None-Match") == etag_) {
    response.status = 304;
    return;
  }
  send_json(response, 200, catalog_pages_[page - 1]);
}

PlatformServer::PlatformServer(SimStore& store, Faults& faults, json catalog, TlsSettings tls,
                               GateLimits limits)
    : store_(store),
      faults_(faults),
      catalog_(std::move(catalog)),
      tls_(std::move(tls)),
      server_(make_server(tls_.pki)),
      gate_(limits) {
  // One worker per connection the gate lets in (and a few spare): a slow client holds only its
  // own worker, never a terminal's.
  const auto workers = static_cast<std::size_t>(limits.max_connections) + 8;
  server_->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  server_->set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    gate_.answered(request.remote_port, response.get_header_value("Connection") == "close");
  });
  etag_ = "\"" + catalog_.value("version", "0") + "\"";
  catalog_pages_ = split_catalog(catalog_, kCatalogPageBytes);
  // A terminal draining its queue sends one request after another on one connection: keep it
  // (httplib's default closes after five, forcing a new TLS handshake).
  server_->set_keep_alive_max_count(100000);
  // The contract: a connection that sends no complete request within 10 s is closed.
  server_->set_keep_alive_timeout(10);
  server_->set_read_timeout(10);
  server_->set_write_timeout(10);
  // The largest body a route takes (log bundles); each route's own limit is checked earlier.
  server_->set_payload_max_length(kMaxLogBundleBytes);
  control_->set_payload_max_length(kMaxBodyBytes);
  // Headers and body go out in separate writes; with Nagle on, the body waits for the client's
  // delayed ACK (40 ms per request).
  server_->set_tcp_nodelay(true);
  routes();
}

std::string PlatformServer::provisioning_code(const std::string& token) const {
  const json content = {{"platform", tls_.public_url},
                        {"token", token},
                        {"ca_sha256", tls_.pki ? tls_.pki->ca_sha256() : ""},
                        {"region_code", tls_.region_code},
                        {"site", tls_.site}};
  return "kiosk-enroll:v1:" + base64url(content.dump());
}

int PlatformServer::bind(const std::string& host, int port) {
  if (!server_->is_valid()) return -1;
  backend_port_ = server_->bind_to_any_port("127.0.0.1");
  if (backend_port_ <= 0) return -1;
  return gate_.bind(host, port);
}

int PlatformServer::bind_control(int port) {
  if (port == 0) return control_->bind_to_any_port("127.0.0.1");
  return control_->bind_to_port("127.0.0.1", port) ? port : -1;
}

void PlatformServer::serve() {
  std::thread relay([this] { gate_.run(backend_port_); });
  server_->listen_after_bind();
  relay.join();
}

void PlatformServer::serve_control() { control_->listen_after_bind(); }

bool PlatformServer::authenticate(const httplib::Request& request, httplib::Response& response) {
  if (!tls_.pki || request.path.rfind("/v1/", 0) != 0 || request.path == "/v1/terminals/enroll") {
    return true;
  }
  X509* peer = request.ssl ? SSL_get1_peer_certificate(request.ssl) : nullptr;
  if (!peer) {
    send_problem(response, 401, "certificate_required", "A client certificate is required");
    return false;
  }
  const long verified = SSL_get_verify_result(request.ssl);
  const std::string terminal_id = common_name_of(peer);
  X509_free(peer);
  if (verified == X509_V_ERR_CERT_HAS_EXPIRED) {
    send_problem(response, 401, "certificate_expired", "The terminal certificate has expired");
    return false;
  }
  if (verified != X509_V_OK) {
    send_problem(response, 401, "certificate_not_accepted",
                 std::string("Client certificate: ") + X509_verify_cert_error_string(verified));
    return false;
  }
  std::optional<bool> disabled;
  {
    std::lock_guard lock(store_.mutex());
    disabled = store_.terminal_disabled(terminal_id);
  }
  if (!disabled) {
    send_problem(response, 401, "certificate_not_accepted", "Unknown terminal " + terminal_id);
    return false;
  }
  const std::string claimed = request.get_header_value("X-Terminal-Id");
  if (!claimed.empty() && claimed != terminal_id) {
    send_problem(response, 401, "certificate_not_accepted",
                 "X-Terminal-Id does not match the certificate");
    return false;
  }
  if (*disabled) {
    send_problem(response, 403, "terminal_disabled", "This terminal is disabled");
    return false;
  }
  return true;
}

void PlatformServer::enroll(const httplib::Request& request, httplib::Response& response) {
  if (!tls_.pki) {
    return send_problem(response, 501, "tls_disabled", "This simulator runs without TLS");
  }
  auto checked = checked_body(request, response, kEnrollRules);
  if (!checked) return;
  json& body = *checked;
  if (!body.contains("csr_pem")) {
    return send_malformed(response, "Body must carry csr_pem",
                          json::array({field_problem("csr_pem", "missing")}));
  }
  std::lock_guard lock(store_.mutex());
  auto token = store_.token(body.value("enrollment_token", ""));
  if (!token || token->expires_unix < now_unix()) {
    return send_problem(response, 401, "invalid_token", "Unknown or expired enrollment token");
  }
  if (!token->used_by.empty()) {
    return send_problem(response, 409, "token_used", "This enrollment token was used already");
  }
  char terminal_id[32];
  std::snprintf(terminal_id, sizeof terminal_id, "T%s%04lld", tls_.region_code.c_str(),
                store_.next_sequence("terminal"));
  std::string error;
  auto certificate = tls_.pki->sign_terminal(body["csr_pem"].get<std::string>(), terminal_id,
                                             tls_.client_cert_from_s, tls_.client_cert_to_s, error);
  if (!certificate) {
    return send_problem(response, 422, "invalid_fields", error,
                        json::array({field_problem("csr_pem", "invalid_format")}));
  }
  store_.use_token(token->token, terminal_id);
  store_.add_terminal(terminal_id, body.value("serial_number", ""));
  std::cout << "platform-sim: terminal " << terminal_id << " enrolled" << std::endl;
  send_json(response, 201,
            {{"terminal_id", terminal_id},
             {"certificate_pem", *certificate},
             {"ca_pem", tls_.pki->ca_pem()},
             {"region_code", tls_.region_code},
             {"site_name", {{"zh", tls_.site}, {"en", "Government service centre"}}},
             {"config", current_config()}});
}

const json* PlatformServer::find_item(const std::string& code) const {
  for (const auto& item : catalog_["items"]) {
    if (item.value("code", "") == code) return &item;
  }
  return nullptr;
}

PlatformServer::Handler PlatformServer::faulty(const Handler& handler) {
  return [this, handler](const httplib::Request& request, httplib::Response& response) {
    const FaultSettings settings = faults_.settings();
    if (settings.latency_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(settings.latency_ms));
    }
    const Fault fault = faults_.draw();
    if (fault == Fault::error) {
      response.set_header("Retry-After", "1");
      send_problem(response, 503, "unavailable", "Injected fault: service unavailable");
      return;
    }
    handler(request, response);
    if (fault == Fault::malformed) {
      response.set_content("{\"case_id\": \"HN2026", "application/json");
    } else if (fault == Fault::drop) {
      // The work is done and stored, but the answer never arrives whole: the connection
      // closes after the headers. Exactly the case idempotency keys exist for.
      const std::size_t promised = response.body.size() + 64;
      response.body.clear();  // httplib sends a non-empty body before consulting a provider
      response.set_content_provider(
          promised, "application/json",
          [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
    }
  };
}

namespace {

// The route's body limit (413 beyond it), before a byte of the body is read.
std::size_t body_limit_for(const std::string& path) {
  const bool logs = path.rfind("/v1/terminals/", 0) == 0 && path.size() > 5 &&
                    path.compare(path.size() - 5, 5, "/logs") == 0;
  return logs ? kMaxLogBundleBytes : kMaxBodyBytes;
}

// Problem answers for what httplib answers itself (unknown route, bad request line, oversize
// body) and for anything that left its status without a body.
void fill_error_body(httplib::Response& response) {
  if (!response.body.empty() || response.status < 400) return;
  switch (response.status) {
    case 404:
      return send_problem(response, 404, "not_found", "No such route");
    case 405:
      return send_problem(response, 405, "method_not_allowed", "Method not allowed here");
    case 413:
      return send_problem(response, 413, "body_too_large", "The body is too large");
    case 414:
      return send_problem(response, 414, "uri_too_long", "The request line is too long");
    default:
      if (response.status < 500) {
        return send_malformed(response, "The request cannot be read");
      }
      return send_problem(response, response.status, "internal_error", "Platform trouble");
  }
}

}  // namespace

void PlatformServer::guard_requests(httplib::Server& server, ConnectionGate* gate) {
  server.set_pre_routing_handler(
      [this, gate](const httplib::Request& request, httplib::Response& response) {
        // Every answer, errors included, echoes the request id (bounded: it goes into a header).
        const std::string request_id = request.get_header_value("X-Request-Id");
        if (!request_id.empty() && request_id.size() <= 128) {
          response.set_header("X-Request-Id", request_id);
        }
        using Handled = httplib::Server::HandlerResponse;
        if (request.has_header("Transfer-Encoding")) {
          response.set_header("Connection", "close");
          send_problem(response, 411, "length_required", "Bodies need a Content-Length");
          return Handled::Handled;
        }
        const std::size_t limit = body_limit_for(request.path);
        const std::string length = request.get_header_value("Content-Length");
        const unsigned long long declared = std::strtoull(length.c_str(), nullptr, 10);
        const bool too_large = length.size() > 12 || declared > limit;
        // The gate relays the body only now that its length is known and allowed.
        if (gate && !gate->head_received(request.remote_port, too_large ? 0 : declared)) {
          response.set_header("Connection", "close");
          send_problem(response, 403, "not_through_gate", "Connect to the platform's port");
          return Handled::Handled;
        }
        if (too_large) {
          // Answered before a byte of the body is read; the connection closes after the answer.
          response.set_header("Connection", "close");
          send_problem(response, 413, "body_too_large",
                       "Bodies are at most " + std::to_string(limit) + " bytes here");
          return Handled::Handled;
        }
        if (gate && !authenticate(request, response)) return Handled::Handled;
        return Handled::Unhandled;
      });
  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    const std::string request_id = request.get_header_value("X-Request-Id");
    if (!request_id.empty() && request_id.size() <= 128) {
      set_header_once(response, "X-Request-Id", request_id);
    }
    fill_error_body(response);
  });
  server.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, const std::exception_ptr&) {
        // No EXCEPTION_WHAT header, no empty 500: a problem answer like any other.
        const std::string request_id = request.get_header_value("X-Request-Id");
        if (!request_id.empty() && request_id.size() <= 128) {
          set_header_once(response, "X-Request-Id", request_id);
        }
        send_problem(response, 500, "internal_error", "Platform trouble");
      });
}

void PlatformServer::routes() {
  guard_requests(*server_, &gate_);
  server_->Post("/v1/terminals/enroll", faulty([this](const auto& q, auto& r) { enroll(q, r); }));
  server_->Get("/v1/catalog", faulty([this](const auto& q, auto& r) { answer_catalog(q, r); }));
  server_->Post("/v1/identity/verify",
                faulty([this](const auto& q, auto& r) { verify_identity(q, r); }));
  server_->Post("/v1/applications",
                faulty([this](const auto& q, auto& r) { create_application(q, r); }));
  server_->Get("/v1/applications",
               faulty([this](const auto& q, auto& r) { query_applications(q, r); }));
  server_->Get(R"(/v1/applications/([A-Za-z0-9-]{1,64}))",
               faulty([this](const httplib::Request& request, httplib::Response& response) {
                 std::lock_guard lock(store_.mutex());
                 auto found = store_.case_by_id(request.matches[1]);
                 if (!found) return send_problem(response, 404, "not_found", "No such case");
                 send_json(response, 200, public_case(*found, store_));
               }));
  server_->Get("/v1/certificates",
               faulty([this](const auto& q, auto& r) { list_certificates(q, r); }));
  server_->Get(R"(/v1/certificates/([A-Za-z0-9-]{1,64})/document)",
               faulty([this](const auto& q, auto& r) { certificate_document(q, r); }));
  server_->Post("/v1/evaluations",
                faulty([this](const auto& q, auto& r) { create_evaluation(q, r); }));
  server_->Post(R"(/v1/terminals/([A-Za-z0-9-]{1,64})/heartbeat)",
                faulty([this](const auto& q, auto& r) { heartbeat(q, r); }));
  server_->Post(R"(/v1/terminals/([A-Za-z0-9-]{1,64})/certificate)",
                faulty([this](const auto& q, auto& r) { renew_certificate(q, r); }));
  server_->Post(R"(/v1/terminals/([A-Za-z0-9-]{1,64})/logs)",
                faulty([this](const auto& q, auto& r) { upload_logs(q, r); }));
  server_->Post("/v1/payments", faulty([this](const auto& q, auto& r) { create_payment(q, r); }));
  server_->Get(R"(/v1/payments/([A-Za-z0-9-]{1,64}))",
               faulty([this](const httplib::Request& request, httplib::Response& response) {
                 std::lock_guard lock(store_.mutex());
                 auto order = store_.payment(request.matches[1]);
                 if (!order) return send_problem(response, 404, "not_found", "No such order");
                 send_json(response, 200, public_payment(*order));
               }));
  server_->Post("/v1/help-requests",
                faulty([this](const auto& q, auto& r) { help_request(q, r); }));
  control_routes();
}

// Control and inspection endpoints for tests and demos (not part of the contract), on their
// own listener that binds to loopback only: never on the contract's port.
void PlatformServer::control_routes() {
  guard_requests(*control_, nullptr);
  control_->Get("/_sim/health", [](const auto&, httplib::Response& response) {
    send_json(response, 200, {{"ok", true}});
  });
  control_->Get("/_sim/faults", [this](const auto&, httplib::Response& response) {
    send_json(response, 200, to_json(faults_.settings()));
  });
  control_->Post(
      "/_sim/faults", [this](const httplib::Request& request, httplib::Response& response) {
        auto body =
            checked_body(request, response,
                         {{"latency_ms", FieldType::integer}, {"bad_digest", FieldType::boolean}});
        if (!body) return;
        try {
          faults_.set(from_json(*body, faults_.settings()));
        } catch (const std::exception&) {
          return send_malformed(response, "Rates are numbers");
        }
        send_json(response, 200, to_json(faults_.settings()));
      });
  control_->Post("/_sim/enrollment-tokens", [this](const httplib::Request&,
                                                   httplib::Response& response) {
    const std::string token = store::new_uuid();
    {
      std::lock_guard lock(store_.mutex());
      store_.add_token(token, now_unix() + 24LL * 3600);
    }
    send_json(response, 201, {{"token", token}, {"provisioning_code", provisioning_code(token)}});
  });
  control_->Post(R"(/_sim/terminals/([A-Za-z0-9-]{1,64})/(disable|enable))",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   std::lock_guard lock(store_.mutex());
                   store_.set_terminal_disabled(request.matches[1],
                                                request.matches[2] == "disable");
                   send_json(response, 200, {{"ok", true}});
                 });
  control_->Post(R"(/_sim/terminals/([A-Za-z0-9-]{1,64})/commands)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   auto body = checked_body(request, response, {{"type", FieldType::string}});
                   if (!body) return;
                   std::lock_guard lock(store_.mutex());
                   const std::string id = "c-" + std::to_string(store_.next_sequence("command"));
                   (*body)["id"] = id;
                   store_.add_command(request.matches[1], id, body->dump());
                   send_json(response, 201, *body);
                 });
  control_->Post("/_sim/config",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   auto body = checked_body(request, response, {});
                   if (!body) return;
                   std::lock_guard lock(config_mutex_);
                   config_ = std::move(*body);
                   ++config_version_;
                   send_json(response, 200, {{"config_version", config_version_}});
                 });
  control_->Post(R"(/_sim/person-tokens/([A-Za-z0-9-]{1,64})/expire)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   std::lock_guard lock(store_.mutex());
                   auto person = store_.person(request.matches[1]);
                   if (!person) return send_problem(response, 404, "not_found", "No such token");
                   person->expires_unix = now_unix() - 1;
                   store_.put_person(request.matches[1], *person);
                   send_json(response, 200, {{"ok", true}});
                 });
  // The resident pays with their phone (pay), lets the order run out (expire), or the payment
  // provider calls it off (cancel). Only a pending order changes.
  control_->Post(R"(/_sim/payments/([A-Za-z0-9-]{1,64})/(pay|expire|cancel))",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   std::lock_guard lock(store_.mutex());
                   auto order = store_.payment(request.matches[1]);
                   if (!order) return send_problem(response, 404, "not_found", "No such order");
                   if (public_payment(*order).value("status", "") != "pending") {
                     return send_problem(response, 409, "not_pending", "The order is not pending");
                   }
                   const std::string what = request.matches[2];
                   if (what == "pay") {
                     (*order)["status"] = "paid";
                     (*order)["paid_at"] = rfc3339(now_unix());
                     if (auto paid = store_.case_by_id(order->value("case_id", ""))) {
                       (*paid)["paid_at"] = (*order)["paid_at"];
                       (*paid)["paid_channel"] = "kiosk";
                       store_.update_case(*paid);
                     }
                   } else if (what == "expire") {
                     (*order)["expires_unix"] = now_unix() - 1;
                   } else {
                     (*order)["status"] = "cancelled";
                   }
                   store_.update_payment(*order);
                   send_json(response, 200, public_payment(*order));
                 });
  control_->Get("/_sim/payments", [this](const auto&, httplib::Response& response) {
    std::lock_guard lock(store_.mutex());
    json orders = json::array();
    for (const json& order : store_.all_payments()) {
      json shown = public_payment(order);
      shown["case_id"] = order.value("case_id", "");
      shown["amount_fen"] = order.value("amount_fen", 0LL);
      orders.push_back(std::move(shown));
    }
    send_json(response, 200, orders);
  });
  // A case moves on: {"status": "correction_required", "note": {"zh": "...", "en": "..."}}
  // appends to its history (tests and the demo; the platform's clerks do this for real).
  control_->Post(R"(/_sim/cases/([A-Za-z0-9-]{1,64})/status)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   auto body = checked_body(request, response, {{"status", FieldType::string}});
                   if (!body) return;
                   static const std::set<std::string> kStatuses{
                       "submitted", "accepted", "rejected",  "in_review", "correction_required",
                       "approved",  "denied",   "completed", "delivered"};
                   const std::string status = body->value("status", "");
                   if (!kStatuses.count(status)) return send_malformed(response, "Unknown status");
                   std::lock_guard lock(store_.mutex());
                   auto stored = store_.case_by_id(request.matches[1]);
                   if (!stored) return send_problem(response, 404, "not_found", "No such case");
                   json entry = {{"at", rfc3339(now_unix())}, {"status", status}};
                   if (body->contains("note") && (*body)["note"].is_object())
                     entry["note"] = (*body)["note"];
                   (*stored)["status"] = status;
                   (*stored)["updated_at"] = entry["at"];
                   (*stored)["history"].push_back(std::move(entry));
                   store_.update_case(*stored);
                   send_json(response, 200, public_case(*stored, store_));
                 });
  // The case's fee is paid through another channel of the platform (a counter, the web, the
  // app), as a resident who chose "pay later" at the kiosk would: {"channel": "counter"}
  // (optional). The case's orders still pending are cancelled (nothing is paid twice), and its
  // history says so. 409 when it has no fee or is paid already.
  control_->Post(R"(/_sim/cases/([A-Za-z0-9-]{1,64})/pay)", [this](const httplib::Request& request,
                                                                   httplib::Response& response) {
    json body = json::object();
    if (!request.body.empty()) {
      body = json::parse(request.body, nullptr, false);
      if (!body.is_object()) return send_malformed(response, "Not a JSON object");
    }
    static const std::map<std::string, std::string> kChannels{
        {"counter", "窗口"}, {"web", "网上"}, {"app", "手机App"}};
    const json channel = body.value("channel", json("counter"));
    if (!channel.is_string() || !kChannels.count(channel.get<std::string>()))
      return send_malformed(response, "channel: counter, web or app");
    const std::string channel_zh = kChannels.at(channel.get<std::string>());
    std::lock_guard lock(store_.mutex());
    auto stored = store_.case_by_id(request.matches[1]);
    if (!stored) return send_problem(response, 404, "not_found", "No such case");
    if (stored->value("fee_fen", 0LL) <= 0)
      return send_problem(response, 409, "no_fee", "The case has no fee");
    if (stored->contains("paid_at"))
      return send_problem(response, 409, "already_paid", "The fee is paid");
    const std::string at = rfc3339(now_unix());
    for (json order : store_.all_payments()) {
      if (order.value("case_id", "") != stored->value("case_id", "") ||
          public_payment(order).value("status", "") != "pending")
        continue;
      order["status"] = "cancelled";
      store_.update_payment(order);
    }
    (*stored)["paid_at"] = at;
    (*stored)["paid_channel"] = channel;
    (*stored)["updated_at"] = at;
    // The history's entry keeps the case's status: paying moves no status.
    (*stored)["history"].push_back({{"at", at},
                                    {"status", stored->value("status", "")},
                                    {"note",
                                     {{"zh", "费用已通过" + channel_zh + "缴纳"},
                                      {"en", "Fee paid (" + channel.get<std::string>() + ")"}}}});
    store_.update_case(*stored);
    send_json(response, 200, public_case(*stored, store_));
  });
  control_->Get("/_sim/cases", [this](const auto&, httplib::Response& response) {
    std::lock_guard lock(store_.mutex());
    send_json(response, 200, store_.all_cases());
  });
  control_->Get("/_sim/evaluations", [this](const auto&, httplib::Response& response) {
    std::lock_guard lock(store_.mutex());
    send_json(response, 200, store_.all_evaluations());
  });
  control_->Get("/_sim/help-requests", [this](const auto&, httplib::Response& response) {
    std::lock_guard lock(store_.mutex());
    send_json(response, 200, store_.all_help_requests());
  });
  control_->Get(R"(/_sim/terminals/([A-Za-z0-9-]{1,64}))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  std::lock_guard lock(store_.mutex());
                  send_json(response, 200, store_.terminal_view(request.matches[1]));
                });
}

json PlatformServer::current_config() {
  std::lock_guard lock(config_mutex_);
  return config_;
}

std::string PlatformServer::certified_terminal(const httplib::Request& request) const {
  if (!tls_.pki || !request.ssl) return "";
  X509* peer = SSL_get1_peer_certificate(request.ssl);
  if (!peer) return "";
  std::string terminal_id = common_name_of(peer);
  X509_free(peer);
  return terminal_id;
}

// A terminal speaks only for itself: with TLS its certificate names it; without TLS (loopback
// tests) an X-Terminal-Id that names another terminal is refused too.
bool PlatformServer::same_terminal(const httplib::Request& request, httplib::Response& response,
                                   const std::string& path_terminal) {
  const std::string claimed =
      tls_.pki ? certified_terminal(request) : request.get_header_value("X-Terminal-Id");
  if ((tls_.pki || !claimed.empty()) && claimed != path_terminal) {
    send_problem(response, 403, "terminal_mismatch", "A terminal may only speak for itself");
    return false;
  }
  return true;
}

void PlatformServer::heartbeat(const httplib::Request& request, httplib::Response& response) {
  const std::string terminal_id = request.matches[1];
  if (!same_terminal(request, response, terminal_id)) return;
  auto body = checked_body(request, response, kHeartbeatRules);
  if (!body) return;
  json config;
  long long config_version = 0;
  {
    std::lock_guard lock(config_mutex_);
    config = config_;
    config_version = config_version_;
  }
  std::lock_guard lock(store_.mutex());
  store_.record_heartbeat(terminal_id, body->dump());
  for (const auto& id : body->value("acked_commands", json::array())) {
    store_.ack_command(terminal_id, id.get<std::string>());
  }
  for (const auto& result : body->value("command_results", json::array())) {
    store_.finish_command(terminal_id, result.value("id", ""), result.dump());
  }
  const bool current = body->value("config_version", -1LL) == config_version;
  send_json(response, 200,
            {{"config_version", config_version},
             {"config", current ? json(nullptr) : config},
             {"commands", store_.pending_commands(terminal_id)}});
}

void PlatformServer::renew_certificate(const httplib::Request& request,
                                       httplib::Response& response) {
  const std::string terminal_id = request.matches[1];
  if (!tls_.pki) {
    return send_problem(response, 501, "tls_disabled", "This simulator runs without TLS");
  }
  if (!same_terminal(request, response, terminal_id)) return;
  auto body = checked_body(request, response, {{"csr_pem", FieldType::string}});
  if (!body) return;
  std::string error;
  auto certificate = tls_.pki->sign_terminal(body->value("csr_pem", ""), terminal_id, -60,
                                             tls_.renewed_cert_to_s, error);
  if (!certificate) {
    return send_problem(response, 422, "invalid_fields", error,
                        json::array({field_problem("csr_pem", "invalid_format")}));
  }
  std::cout << "platform-sim: terminal " << terminal_id << " renewed its certificate" << std::endl;
  send_json(response, 201, {{"certificate_pem", *certificate}, {"ca_pem", tls_.pki->ca_pem()}});
}

void PlatformServer::upload_logs(const httplib::Request& request, httplib::Response& response) {
  const std::string terminal_id = request.matches[1];
  if (!same_terminal(request, response, terminal_id)) return;
  const auto& bytes = request.body;
  if (request.get_header_value("Content-Type") != "application/gzip" || bytes.size() < 2 ||
      static_cast<unsigned char>(bytes[0]) != 0x1f ||
      static_cast<unsigned char>(bytes[1]) != 0x8b) {
    return send_malformed(response, "A support bundle is a gzip file (application/gzip)");
  }
  std::lock_guard lock(store_.mutex());
  const std::string upload_id = "UL" + std::to_string(store_.next_sequence("upload"));
  // Only the size is kept: the simulator is not a log archive.
  store_.record_upload(upload_id, terminal_id, static_cast<long long>(bytes.size()));
  send_json(response, 201, {{"upload_id", upload_id}});
}

void PlatformServer::help_request(const httplib::Request& request, httplib::Response& response) {
  auto body = checked_body(request, response,
                           {{"item_code", FieldType::string_or_null},
                            {"reason", FieldType::string},
                            {"at", FieldType::string}});
  if (!body) return;
  // The contract's four reasons. A reason of the wrong type was refused above (400
  // malformed_request); a string that is not one of the four, or none, is a field problem like
  // any form's (422 invalid_fields, the contract's table; tests/hostile checks it too).
  const std::string reason = body->value("reason", "");
  if (reason != "cannot_read" && reason != "cannot_type" && reason != "need_explanation" &&
      reason != "other") {
    return send_problem(
        response, 422, "invalid_fields",
        "reason: cannot_read, cannot_type, need_explanation or other",
        json::array({field_problem("reason", reason.empty() ? "required" : "invalid_option")}));
  }
  std::lock_guard lock(store_.mutex());
  const std::string request_id = "HR" + std::to_string(store_.next_sequence("help"));
  // Kept as received (no person: an item code, the reason, the time), for the tests.
  store_.insert_help_request(request_id, {{"item_code", body->value("item_code", json())},
                                          {"reason", reason},
                                          {"at", body->value("at", "")},
                                          {"terminal_id", certified_terminal(request)}});
  send_json(response, 201, {{"request_id", request_id}, {"eta_minutes", 5}});
}

void PlatformServer::verify_identity(const httplib::Request& request, httplib::Response& response) {
  auto checked = checked_body(request, response, kIdentityRules);
  if (!checked) return;
  const json& body = *checked;
  Person person;
  json subject;
  const std::string method = body.value("method", "");
  if (method == "idcard" && body.contains("card") && body["card"].is_object()) {
    const json& card = body["card"];
    person.id_number = card.value("id_number", "");
    const std::string card_type = card.value("card_type", "resident");
    const auto type = card_type == "hmt_residence"       ? drivers::CardType::hmtResidence
                      : card_type != "foreign_permanent" ? drivers::CardType::resident
                      : person.id_number.size() == 15    ? drivers::CardType::foreignPermanent2017
                                                         : drivers::CardType::foreignPermanent2023;
    if (!drivers::card_number_valid(type, person.id_number)) {
      return send_problem(response, 422, "invalid_fields", "Card number is not valid",
                          json::array({field_problem("card.id_number", "invalid_format")}));
    }
    const std::string valid_to = card.value("valid_to", "");
    const std::string today = day_after(now_unix(), 0);
    const std::string today_compact = today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2);
    if (valid_to != "长期" && valid_to < today_compact) {
      return send_problem(response, 422, "card_expired", "The card has expired");
    }
    person.display_name = mask_name(card.value("name", ""));
  } else if (method == "qr") {
    // Demo e-ID codes: "EID1:<id number>:<name>". Anything else is not a valid e-ID.
    const std::string token = body.value("token", "");
    const auto first = token.find(':');
    const auto second = token.find(':', first + 1);
    if (token.rfind("EID1:", 0) != 0 || second == std::string::npos ||
        !drivers::id_number_valid(token.substr(first + 1, second - first - 1))) {
      return send_problem(response, 422, "token_invalid", "The e-ID code is not valid");
    }
    person.id_number = token.substr(first + 1, second - first - 1);
    person.display_name = mask_name(token.substr(second + 1));
    // The verified subject, so forms fill as from a card (no address: the resident types it).
    subject = {{"card_type", "resident"},
               {"id_number", person.id_number},
               {"name", token.substr(second + 1)}};
  } else {
    return send_malformed(response, "method must be idcard (with a card) or qr",
                          json::array({field_problem("method", "invalid_option")}));
  }
  person.expires_unix = now_unix() + 15LL * 60;
  const std::string token = store::new_uuid();
  {
    std::lock_guard lock(store_.mutex());
    store_.put_person(token, person);
  }
  json answer = {{"person_token", token},
                 {"display_name", person.display_name},
                 {"expires_at", rfc3339(person.expires_unix)}};
  if (!subject.is_null()) answer["subject"] = std::move(subject);
  send_json(response, 200, answer);
}

void PlatformServer::list_certificates(const httplib::Request& request,
                                       httplib::Response& response) {
  std::optional<Person> person;
  {
    std::lock_guard lock(store_.mutex());
    person = store_.person(request.get_param_value("person_token"));
  }
  if (!person || person->expires_unix < now_unix())
    return send_problem(response, 404, "person_unknown", "No such person token (or it expired)");
  const auto records = certificates_for(person->id_number, person->display_name,
                                        rfc3339(now_unix() - 30LL * 24 * 3600));
  json list = json::array();
  std::lock_guard lock(certificates_mutex_);
  for (const auto& record : records) {
    certificates_[record.id] = record;
    list.push_back({{"certificate_id", record.id},
                    {"type_code", record.type_code},
                    {"name", {{"zh", record.name_zh}, {"en", record.name_en}}},
                    {"issued_at", record.issued_at},
                    {"issuer", {{"zh", record.issuer_zh}, {"en", record.issuer_en}}}});
  }
  send_json(response, 200, list);
}

void PlatformServer::certificate_document(const httplib::Request& request,
                                          httplib::Response& response) {
  CertificateRecord record;
  {
    std::lock_guard lock(certificates_mutex_);
    const auto found = certificates_.find(request.matches[1]);
    if (found == certificates_.end())
      return send_problem(response, 404, "not_found", "No such certificate");
    record = found->second;
  }
  std::string error;
  std::string pdf = certificate_pdf(record, error);
  if (pdf.empty()) return send_problem(response, 500, "render_failed", error);
  std::string digest = sha256_digest_header(pdf);
  if (faults_.settings().bad_digest) digest = sha256_digest_header(pdf + "tampered");
  response.status = 200;
  response.set_header("Digest", digest);
  response.set_header("X-Verification-Code", record.verification_code);
  response.set_content(pdf, "application/pdf");
}

void PlatformServer::idempotent(const std::string& scope, const httplib::Request& request,
                                httplib::Response& response, const std::vector<FieldRule>& rules,
                                const std::function<std::pair<int, json>(const json&)>& create) {
  const std::string key = request.get_header_value("Idempotency-Key");
  if (key.empty() || key.size() > 128) {
    return send_problem(response, 400, "idempotency_key_missing",
                        "Idempotency-Key is required (at most 128 characters)");
  }
  // Limits and types before the key is touched: a malformed request is answered 400 every time
  // and never leaves the key "in progress".
  auto checked = checked_body(request, response, rules);
  if (!checked) return;
  const json& body = *checked;
  std::lock_guard lock(store_.mutex());
  if (auto previous = store_.idempotency(scope, key, now_unix() - kStaleInProgressSeconds)) {
    if (parse_limited_object(previous->request_body).value != body) {
      return send_problem(response, 409, "idempotency_key_reused",
                          "This Idempotency-Key was used for a different request");
    }
    if (previous->in_progress) {
      response.set_header("Retry-After", "1");
      return send_problem(response, 409, "request_in_progress",
                          "The first request is still running");
    }
    response.set_header("Idempotent-Replayed", "true");
    response.status = previous->status;
    const bool problem = previous->status >= 400;
    response.set_content(previous->body, problem ? "application/problem+json" : "application/json");
    return;
  }
  store_.begin_idempotent(scope, key, request.body);
  std::pair<int, json> outcome;
  try {
    outcome = create(body);
  } catch (const std::exception& e) {
    // A bug of the simulator, not of the request: nothing is kept under the key.
    outcome = {500, problem_body(500, "internal_error", e.what())};
  }
  auto& [status, answer] = outcome;
  if (status >= 500) {
    store_.forget_idempotent(scope, key);  // nothing was done: a retry may try again
  } else {
    store_.finish_idempotent(scope, key, status, answer.dump());
  }
  response.status = status;
  response.set_content(answer.dump(),
                       status >= 400 ? "application/problem+json" : "application/json");
}

void PlatformServer::create_application(const httplib::Request& request,
                                        httplib::Response& response) {
  idempotent(
      "applications", request, response, kApplicationRules,
      [this](const json& body) -> std::pair<int, json> {
        auto problem = [](int status, const std::string& code, const std::string& title,
                          json fields = nullptr) {
          json p = {{"type", "https://platform.example/problems/" + code},
                    {"title", title},
                    {"status", status},
                    {"code", code}};
          if (!fields.is_null()) p["fields"] = std::move(fields);
          return std::pair<int, json>{status, p};
        };
        const json* item = find_item(body.value("item_code", ""));
        if (!item || item->value("kiosk_mode", "") != "apply") {
          return problem(422, "item_not_available", "This item cannot be applied for at a kiosk");
        }
        std::vector<json> fields = check_application(*item, body);
        std::string id_number;
        std::string person_token;
        const json applicant = body.value("applicant", json::object());
        if (applicant.contains("person_token")) {
          person_token = applicant.value("person_token", "");
          auto person = store_.person(person_token);
          if (!person) {
            fields.push_back(field_problem("applicant.person_token", "invalid_format"));
          } else if (person->expires_unix < now_unix()) {
            // The resident identifies again; the terminal does not hold its queue for this 401.
            return problem(401, "person_token_expired", "The person token has expired");
          } else {
            id_number = person->id_number;
          }
        } else if (applicant.contains("card") && applicant["card"].is_object()) {
          id_number = applicant["card"].value("id_number", "");
          if (!card_number_fits(applicant["card"])) {
            fields.push_back(field_problem("applicant.card.id_number", "invalid_format"));
          }
        } else {
          fields.push_back(field_problem("applicant", "missing"));
        }
        const json commitment = body.value("commitment", json());
        if (fields.empty() && commitment.is_object() && commitment.contains("keyed_confirmation")) {
          // A keyed confirmation is the applicant's only when bound to the card identified.
          const std::string expected = keyed_binding(id_number, commitment.value("version", ""),
                                                     commitment.value("accepted_at", ""));
          if (commitment["keyed_confirmation"].value("card_binding", "") != expected)
            fields.push_back(
                field_problem("commitment.keyed_confirmation.card_binding", "not_the_applicant"));
        }
        if (!fields.empty()) {
          return problem(422, "invalid_fields", "Some fields are not valid", fields);
        }
        const long long now = now_unix();
        const std::string day = day_after(now, 0);
        const std::string compact = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
        char case_id[40];
        std::snprintf(case_id, sizeof case_id, "HN%s%08lld", compact.c_str(),
                      store_.next_sequence("case." + compact));
        const int fee = item->value("fee_fen", 0);
        const std::string promised_by = day_after(now, item->value("promised_limit_days", 20));
        json stored = {
            {"case_id", case_id},
            {"local_id", body.value("local_id", "")},
            {"item_code", item->at("code")},
            {"item_name", item->at("name")},
            {"status", "accepted"},
            {"updated_at", rfc3339(now)},
            {"promised_by", promised_by},
            {"fee_fen", fee},
            {"submitted_offline", body.value("submitted_offline", false)},
            {"person_token", person_token},
            // What was sent, for tests to look at (/_sim/cases): form, materials, delivery, and
            // the commitment with its signature (the contract puts signature_png_base64 there).
            {"received",
             {{"form", body.value("form", json::object())},
              {"materials", body.value("materials", json::array())},
              {"delivery", body.value("delivery", json::object())},
              {"commitment", body.value("commitment", json())}}},
            {"history",
             json::array(
                 {{{"at", body.value("created_at", rfc3339(now))}, {"status", "submitted"}},
                  {{"at", rfc3339(now)},
                   {"status", "accepted"},
                   {"note", {{"zh", "材料齐全，已受理"}, {"en", "Complete, accepted"}}}}})}};
        store_.insert_case(stored, id_number);
        std::cout << "platform-sim: case " << case_id << " accepted for item "
                  << item->at("code").get<std::string>() << std::endl;
        return {201,
                {{"case_id", case_id},
                 {"local_id", body.value("local_id", "")},
                 {"status", "accepted"},
                 {"accepted_at", rfc3339(now)},
                 {"promised_by", promised_by},
                 {"fee_fen", fee},
                 {"payment_required", fee > 0}}};
      });
}

void PlatformServer::create_evaluation(const httplib::Request& request,
                                       httplib::Response& response) {
  idempotent("evaluations", request, response, kEvaluationRules,
             [this](const json& body) -> std::pair<int, json> {
               std::vector<json> fields = check_evaluation(body);
               const json case_id = body.value("case_id", json());
               if (fields.empty() && case_id.is_string() &&
                   store_.case_evaluated(case_id.get<std::string>())) {
                 // 好差评 is one per case: a second one (another key) is refused.
                 return {422, problem_body(422, "already_evaluated",
                                           "This case has been evaluated already")};
               }
               if (!fields.empty()) {
                 return {422,
                         {{"type", "https://platform.example/problems/invalid_fields"},
                          {"title", "Some fields are not valid"},
                          {"status", 422},
                          {"code", "invalid_fields"},
                          {"fields", fields}}};
               }
               char evaluation_id[40];
               std::snprintf(evaluation_id, sizeof evaluation_id, "EV%08lld",
                             store_.next_sequence("evaluation"));
               store_.insert_evaluation(evaluation_id, body);
               return {201, {{"evaluation_id", evaluation_id}}};
             });
}

void PlatformServer::create_payment(const httplib::Request& request, httplib::Response& response) {
  idempotent("payments", request, response,
             {{"case_id", FieldType::string}, {"amount_fen", FieldType::integer}},
             [this](const json& body) -> std::pair<int, json> {
               std::vector<json> fields;
               const std::string case_id = body.value("case_id", "");
               const auto stored = case_id.empty() ? std::nullopt : store_.case_by_id(case_id);
               if (!stored) fields.push_back(field_problem("case_id", "invalid_format"));
               const long long amount = body.value("amount_fen", 0LL);
               if (amount <= 0) {
                 fields.push_back(field_problem("amount_fen", "out_of_range"));
               } else if (stored && amount != stored->value("fee_fen", 0LL)) {
                 // The order is for what the case owes, never another amount.
                 fields.push_back(field_problem("amount_fen", "mismatch"));
               }
               if (!fields.empty()) {
                 return {422, problem_body(422, "invalid_fields", "Some fields are not valid",
                                           json(fields))};
               }
               const long long now = now_unix();
               const std::string order_id = "PO" + std::to_string(store_.next_sequence("order"));
               store_.insert_payment({{"order_id", order_id},
                                      {"case_id", case_id},
                                      {"amount_fen", body.value("amount_fen", 0LL)},
                                      {"status", "pending"},
                                      {"expires_unix", now + 15LL * 60}});
               return {201,
                       {{"order_id", order_id},
                        {"qr_payload", "https://pay.example/" + order_id},
                        {"expires_at", rfc3339(now + 15LL * 60)}}};
             });
}

void PlatformServer::query_applications(const httplib::Request& request,
                                        httplib::Response& response) {
  std::lock_guard lock(store_.mutex());
  std::vector<json> found;
  if (request.has_param("local_id")) {
    found = store_.cases_where("local_id", request.get_param_value("local_id"));
  } else if (request.has_param("person_token")) {
    auto person = store_.person(request.get_param_value("person_token"));
    if (!person || person->expires_unix < now_unix()) {
      return send_problem(response, 422, "token_invalid", "The person token is not valid");
    }
    found = store_.cases_where("id_number", person->id_number);
  } else {
    return send_problem(response, 400, "bad_request", "Give local_id or person_token");
  }
  json list = json::array();
  for (auto& stored : found) list.push_back(public_case(std::move(stored), store_));
  send_json(response, 200, list);
}

}  // namespace yiwang::platform_sim

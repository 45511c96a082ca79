// The platform simulator's HTTP routes: the kiosk gateway API v1, and /_sim control endpoints on
// a separate loopback-only listener.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "certificates.h"
#include "connection_gate.h"
#include "faults.h"
#include "request_limits.h"
#include "sim_pki.h"
#include "sim_store.h"

namespace yiwang::platform_sim {

struct TlsSettings {
  const SimPki* pki = nullptr;  // null: plain HTTP (loopback demos and tests)
  long client_cert_from_s = -60;
  long client_cert_to_s = 365L * 24 * 3600;   // negative: issue already expired certificates
  long renewed_cert_to_s = 365L * 24 * 3600;  // what a renewal issues (tests: short, then long)
  std::string public_url;                     // what provisioning codes point terminals at
  std::string region_code = "460105";
  std::string site = "海口市美兰区政务服务中心";
};

class PlatformServer {
 public:
  PlatformServer(SimStore& store, Faults& faults, nlohmann::json catalog, TlsSettings tls = {},
                 GateLimits limits = {});
  // kiosk-enroll:v1:<base64url JSON> for a token (see platform-api.md, last section).
  std::string provisioning_code(const std::string& token) const;
  void set_public_url(std::string url) { tls_.public_url = std::move(url); }
  // Binds to host:port (0 = any free port); returns the port or -1.
  int bind(const std::string& host, int port);
  // The control listener (/_sim/*), always on 127.0.0.1; returns the port or -1.
  int bind_control(int port);
  void serve();          // blocks until stop()
  void serve_control();  // blocks until stop()
  // True once both listeners accept connections.
  bool running() const { return server_->is_running() && control_->is_running(); }
  void stop() {
    server_->stop();
    gate_.stop();
    control_->stop();
  }
  GateCounters gate_counters() { return gate_.counters(); }
  // An idempotency record left "in progress" longer than this is from a request that never
  // finished (a crash): it is cleared and the key may be used again.
  static constexpr long long kStaleInProgressSeconds = 60;

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  // Wraps a /v1 route with latency, request-id echo and the injected faults.
  Handler faulty(const Handler& handler);
  // Request id echo, body limits, problem answers for errors and exceptions, authentication.
  // gate: the relay in front of server (null for the control listener).
  void guard_requests(httplib::Server& server, ConnectionGate* gate);
  void routes();
  void control_routes();
  std::string certified_terminal(const httplib::Request& request) const;
  nlohmann::json current_config();
  bool same_terminal(const httplib::Request& request, httplib::Response& response,
                     const std::string& path_terminal);
  void heartbeat(const httplib::Request& request, httplib::Response& response);
  void renew_certificate(const httplib::Request& request, httplib::Response& response);
  void upload_logs(const httplib::Request& request, httplib::Response& response);
  void help_request(const httplib::Request& request, httplib::Response& response);
  void create_payment(const httplib::Request& request, httplib::Response& response);
  // With TLS: every /v1 route but enrollment needs a valid client certificate of an enrolled,
  // enabled terminal. False when it answered the request itself (401, 403).
  bool authenticate(const httplib::Request& request, httplib::Response& response);
  void enroll(const httplib::Request& request, httplib::Response& response);
  void verify_identity(const httplib::Request& request, httplib::Response& response);
  void create_application(const httplib::Request& request, httplib::Response& response);
  void create_evaluation(const httplib::Request& request, httplib::Response& response);
  void query_applications(const httplib::Request& request, httplib::Response& response);
  void list_certificates(const httplib::Request& request, httplib::Response& response);
  void certificate_document(const httplib::Request& request, httplib::Response& response);
  // Runs create() at most once per Idempotency-Key, replaying its response afterwards.
  // Bodies are checked (limits, field types) before the key is looked at.
  void idempotent(
      const std::string& scope, const httplib::Request& request, httplib::Response& response,
      const std::vector<FieldRule>& rules,
      const std::function<std::pair<int, nlohmann::json>(const nlohmann::json&)>& create);
  const nlohmann::json* find_item(const std::string& code) const;

  SimStore& store_;
  Faults& faults_;
  nlohmann::json catalog_;
  std::string etag_;
  // The catalog as it is answered: pages whose serialised size stays under the contract's 1 MiB
  // answer limit (an extension where the contract is silent; see the README).
  std::vector<nlohmann::json> catalog_pages_;
  void answer_catalog(const httplib::Request& request, httplib::Response& response);
  TlsSettings tls_;
  std::unique_ptr<httplib::Server> server_;
  ConnectionGate gate_;  // the contract's port; server_ listens behind it on loopback
  int backend_port_ = -1;
  std::unique_ptr<httplib::Server> control_ = std::make_unique<httplib::Server>();
  std::mutex config_mutex_;
  nlohmann::json config_ = {
      {"idle_timeout_s", 60},        {"idle_countdown_s", 30}, {"volume", 70},
      {"elder_mode_default", false}, {"voice_default", true},  {"languages", {"zh", "en"}},
      {"service_hours", nullptr}};
  long long config_version_ = 1;
  std::mutex certificates_mutex_;
  std::map<std::string, CertificateRecord> certificates_;  // listed so far, by id
};

// RFC 3339 with the +08:00 offset of the platform, for a Unix time.
std::string rfc3339(long long unix_seconds);
std::string day_after(long long unix_seconds, int days);  // YYYY-MM-DD

}  // namespace yiwang::platform_sim

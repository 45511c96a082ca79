// Mutual TLS against the real platform-sim over HTTPS: enrollment from a provisioning code, the
// pinned CA, refused servers, expired and missing client certificates, a disabled terminal.
#include <curl/curl.h>
#include <doctest/doctest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <sys/stat.h>

#include <fstream>

#include "core/clock.h"
#include "core/event_queue.h"
#include "database.h"
#include "outbox.h"
#include "platform/enrollment.h"
#include "platform/platform_client.h"
#include "support/platform_process.h"
#include "support/sample_application.h"
#include "support/spawn.h"
#include "support/test_key.h"
#include "support/wait_for.h"
#include "sync/sync_worker.h"

using namespace yiwang;
using namespace yiwang::kiosk;
namespace fs = std::filesystem;

namespace {

// A simulator serving HTTPS with its own CA, holding one enrollment token.
struct TlsPlatform {
  test::PlatformProcess process;
  explicit TlsPlatform(const std::string& name, std::vector<std::string> extra = {})
      : process(name, with_tls(name, std::move(extra))) {}
  static std::vector<std::string> with_tls(const std::string& name,
                                           std::vector<std::string> extra) {
    const fs::path dir =
        fs::temp_directory_path() / ("yiwang-tls-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<std::string> args = {"--tls-dir",           (dir / "pki").string(),
                                     "--enroll-token",      "token-" + name,
                                     "--provisioning-file", (dir / "provisioning").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  std::string code() const {
    std::ifstream in(provisioning_path());
    std::string line;
    std::getline(in, line);
    return line;
  }
  fs::path provisioning_path() const {
    // with_tls() put it beside the simulator's own folder, under the same name.
    std::string name = process.dir().filename().string();  // yiwang-sim-<name>-<pid>
    name.replace(0, std::string("yiwang-sim-").size(), "yiwang-tls-");
    return fs::temp_directory_path() / name / "provisioning";
  }
};

std::string terminal_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("yiwang-terminal-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir.string();
}

PlatformConfig config_for(const TerminalIdentity& identity) {
  PlatformConfig config;
  config.timeout_ms = 5000;
  use_identity(config, identity);
  return config;
}

}  // namespace

TEST_CASE("enrollment from a provisioning code, then every request is mutually authenticated") {
  TlsPlatform platform("enroll");
  REQUIRE(platform.process.running());
  auto code = parse_provisioning_code(platform.code());
  REQUIRE(code);
  CHECK(code.value().platform == platform.process.https_url());

  const std::string dir = terminal_dir("enroll");
  auto enrolled = enroll_terminal(code.value(), dir, {"SN-0001"});
  REQUIRE_MESSAGE(enrolled, (enrolled ? "" : enrolled.error()));
  const TerminalIdentity& identity = enrolled.value();
  CHECK(identity.terminal_id.rfind("T460105", 0) == 0);
  struct stat key_info {};
  REQUIRE(::stat(identity.tls.key_file.c_str(), &key_info) == 0);
  CHECK((key_info.st_mode & 0777) == 0600);
  std::string error;
  auto loaded = load_terminal_identity(dir, error);
  REQUIRE(loaded);
  CHECK(loaded->terminal_id == identity.terminal_id);
  CHECK(loaded->platform_url == identity.platform_url);

  PlatformClient client(config_for(identity));
  auto catalog = client.get("/v1/catalog");
  REQUIRE_MESSAGE(catalog, (catalog ? "" : catalog.error().summary()));
  CHECK(catalog.value().body["items"].size() > 0);

  // The sync worker drains an application over the same mutual TLS.
  const std::string db = dir + "/kiosk.db";
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  const store::SealingKey key = test::test_key();
  store::Outbox outbox(*opened.database, key);
  REQUIRE(outbox
              .enqueue("application", "TLS-1", test::sample_application("TLS-1"),
                       SystemClock().unix_ms())
              .status.ok());
  SystemClock clock;
  Logger logger("", false);
  EventQueue<AppEvent> events;
  SyncWorker worker(db, key, config_for(identity), clock, logger,
                    [&](AppEvent e) { events.push(std::move(e)); });
  worker.start();
  REQUIRE(test::wait_for([&] { return outbox.counts().pending + outbox.counts().dead == 0; }));
  worker.stop();
  CHECK(outbox.accepted_platform_id("TLS-1").value_or("").rfind("HN", 0) == 0);

  // The token is single-use; a made-up one is refused.
  auto again = enroll_terminal(code.value(), terminal_dir("again"), {"SN-0002"});
  REQUIRE_FALSE(again);
  CHECK(again.error().find("used already") != std::string::npos);
  ProvisioningCode forged = code.value();
  forged.token = "not-a-token";
  auto unknown = enroll_terminal(forged, terminal_dir("forged"), {"SN-0003"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().find("unknown or expired") != std::string::npos);
}

TEST_CASE("a server without the pinned CA is refused, at enrollment and afterwards") {
  TlsPlatform genuine("genuine");
  TlsPlatform impostor("impostor");
  REQUIRE(genuine.process.running());
  REQUIRE(impostor.process.running());
  auto code = parse_provisioning_code(genuine.code());
  REQUIRE(code);

  // The code pins the genuine CA but the address leads to the impostor.
  ProvisioningCode redirected = code.value();
  redirected.platform = impostor.process.https_url();
  auto refused = enroll_terminal(redirected, terminal_dir("redirected"), {"SN-1"});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().find("does not present the platform CA") != std::string::npos);
  CHECK_FALSE(fs::exists(terminal_dir("redirected") + "/terminal.json"));

  // Enrolled with the genuine platform, then pointed at the impostor: the handshake fails and
  // the technician reads why.
  auto enrolled = enroll_terminal(code.value(), terminal_dir("pinned"), {"SN-2"});
  REQUIRE(enrolled);
  PlatformConfig config = config_for(enrolled.value());
  config.base_url = impostor.process.https_url();
  PlatformClient client(config);
  auto answer = client.get("/v1/catalog");
  REQUIRE_FALSE(answer);
  CHECK(answer.error().error_class == ErrorClass::link);
  CHECK(answer.error().code == "tls_untrusted");  // the status line's reason
  INFO(answer.error().title);
  CHECK(answer.error().title.find("not signed by the enrolled platform CA") != std::string::npos);
}

TEST_CASE("the pinned CA only: a server the system trust store trusts is still refused") {
  TlsPlatform genuine("genuine-sys");
  TlsPlatform impostor("impostor-sys");
  REQUIRE(genuine.process.running());
  REQUIRE(impostor.process.running());
  auto code = parse_provisioning_code(genuine.code());
  REQUIRE(code);
  auto enrolled = enroll_terminal(code.value(), terminal_dir("sys"), {"SN-3"});
  REQUIRE(enrolled);
  const fs::path impostor_ca = impostor.provisioning_path().parent_path() / "pki" / "ca.pem";
  REQUIRE(fs::exists(impostor_ca));
  // In a child with a mount namespace of its own, the system trust store (/etc/ssl/certs, where
  // libcurl's default bundle and CA path are) holds the impostor's CA; the host's is untouched.
  const fs::path store = fs::temp_directory_path() / ("yiwang-store-" + std::to_string(::getpid()));
  fs::remove_all(store);
  fs::create_directories(store);
  fs::copy_file(impostor_ca, store / "ca-certificates.crt");
  PlatformConfig config = config_for(enrolled.value());
  config.base_url = impostor.process.https_url();
  const std::string url = impostor.process.https_url() + "/v1/catalog";
  const pid_t child = ::fork();
  if (child == 0) {
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount(store.c_str(), "/etc/ssl/certs", nullptr, MS_BIND, nullptr) != 0)
      ::_exit(77);
    // Control: a client that uses the system store (libcurl's defaults) trusts the impostor.
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
    const CURLcode trusted = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (trusted != CURLE_OK) ::_exit(10);
    // The kiosk, pinned to the genuine CA, does not.
    PlatformClient client(config);
    auto answer = client.get("/v1/catalog");
    ::_exit(answer ? 11 : answer.error().code == "tls_untrusted" ? 0 : 12);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  fs::remove_all(store);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) {
    MESSAGE("no mount namespace here (needs root): the system-store check did not run");
    return;
  }
  CHECK_MESSAGE(WEXITSTATUS(status) != 10, "the control client did not trust the system store");
  CHECK_MESSAGE(WEXITSTATUS(status) != 11, "the pinned kiosk accepted the impostor");
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("no client certificate, an expired one, or a disabled terminal: held, never retried") {
  TlsPlatform platform("expired", {"--client-cert-days", "-1"});
  REQUIRE(platform.process.running());
  auto code = parse_provisioning_code(platform.code());
  REQUIRE(code);
  const std::string dir = terminal_dir("expired");
  auto enrolled = enroll_terminal(code.value(), dir, {"SN-9"});
  REQUIRE(enrolled);

  PlatformConfig anonymous = config_for(enrolled.value());
  anonymous.tls.certificate_file.clear();
  anonymous.tls.key_file.clear();
  auto no_certificate = PlatformClient(anonymous).get("/v1/catalog");
  REQUIRE_FALSE(no_certificate);
  CHECK(no_certificate.error().status == 401);
  CHECK(no_certificate.error().code == "certificate_required");
  CHECK(no_certificate.error().error_class == ErrorClass::reenroll);

  auto expired = PlatformClient(config_for(enrolled.value())).get("/v1/catalog");
  REQUIRE_FALSE(expired);
  CHECK(expired.error().code == "certificate_expired");
  CHECK(expired.error().error_class == ErrorClass::reenroll);

  // The sync worker holds the queue and says "re-enrollment".
  const std::string db = dir + "/kiosk.db";
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  const store::SealingKey key = test::test_key();
  store::Outbox outbox(*opened.database, key);
  auto stored = outbox.enqueue("application", "EXP-1", "{}", SystemClock().unix_ms());
  SystemClock clock;
  Logger logger("", false);
  EventQueue<AppEvent> events;
  SyncWorker worker(db, key, config_for(enrolled.value()), clock, logger,
                    [&](AppEvent e) { events.push(std::move(e)); });
  worker.start();
  bool held = false;
  REQUIRE(test::wait_for([&] {
    for (auto& e : events.drain()) {
      if (auto* link = std::get_if<LinkChanged>(&e)) {
        held |= link->state == LinkState::held &&
                link->reason.find("re-enrollment") != std::string::npos;
      }
    }
    return held;
  }));
  worker.stop();
  CHECK(outbox.find(stored.entry.id)->attempts == 0);
  CHECK(outbox.counts().pending == 1);
}

TEST_CASE("a terminal the platform disabled gets 403 and is told so") {
  TlsPlatform platform("disabled");
  REQUIRE(platform.process.running());
  auto code = parse_provisioning_code(platform.code());
  REQUIRE(code);
  auto enrolled = enroll_terminal(code.value(), terminal_dir("disabled"), {"SN-5"});
  REQUIRE(enrolled);
  PlatformClient client(config_for(enrolled.value()));
  REQUIRE(client.get("/v1/catalog"));
  // The control surface is not on the contract's port, even for an enrolled terminal.
  auto not_here = client.post("/_sim/terminals/" + enrolled.value().terminal_id + "/disable",
                              nlohmann::json::object());
  REQUIRE_FALSE(not_here);
  CHECK(not_here.error().status == 404);
  REQUIRE(client.get("/v1/catalog"));
  PlatformClient control(PlatformConfig{platform.process.control_url(), "", true, 5000, {}});
  REQUIRE(control.post("/_sim/terminals/" + enrolled.value().terminal_id + "/disable",
                       nlohmann::json::object()));
  auto refused = client.get("/v1/catalog");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 403);
  CHECK(refused.error().error_class == ErrorClass::disabled);
}

TEST_CASE("plain HTTP to anything but loopback is refused before connecting") {
  PlatformConfig config;
  config.base_url = "http://192.0.2.10:8780";
  config.allow_plain_http_loopback = true;
  auto refused = PlatformClient(config).get("/v1/catalog");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().title.find("loopback") != std::string::npos);
}

TEST_CASE("provisioning codes: what is refused and why") {
  CHECK_FALSE(parse_provisioning_code("https://example.org"));
  CHECK_FALSE(parse_provisioning_code("kiosk-enroll:v1:!!!"));
  CHECK_FALSE(parse_provisioning_code("kiosk-enroll:v1:" + std::string(5000, 'A')));
  // {"platform":"http://x","token":"t","ca_sha256":"00"}: not https, short fingerprint.
  auto plain = parse_provisioning_code(
      "kiosk-enroll:v1:eyJwbGF0Zm9ybSI6Imh0dHA6Ly94IiwidG9rZW4iOiJ0IiwiY2Ffc2hhMjU2IjoiMDAifQ");
  REQUIRE_FALSE(plain);
  CHECK(plain.error().find("https") != std::string::npos);
}

TEST_CASE("a terminal renews its certificate and speaks only for itself") {
  TlsPlatform platform("renew");
  REQUIRE(platform.process.running());
  auto code = parse_provisioning_code(platform.code());
  REQUIRE(code);
  auto enrolled = enroll_terminal(code.value(), terminal_dir("renew"), {"SN-6"});
  REQUIRE(enrolled);
  PlatformClient client(config_for(enrolled.value()));
  const std::string id = enrolled.value().terminal_id;

  // A new key pair and its CSR, as the kiosk makes them when 30 days remain.
  const fs::path dir = terminal_dir("renew-csr");
  fs::create_directories(dir);
  REQUIRE(test::exit_code_of(test::run_process(
              {"/usr/bin/openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
               "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=" + id, "-keyout",
               (dir / "renew.key").string(), "-out", (dir / "renew.csr").string()})) == 0);
  std::ifstream in(dir / "renew.csr");
  const std::string csr((std::istreambuf_iterator<char>(in)), {});
  auto renewed = client.post("/v1/terminals/" + id + "/certificate", {{"csr_pem", csr}});
  REQUIRE_MESSAGE(renewed, renewed.error().summary());
  CHECK(renewed.value().status == 201);
  CHECK(renewed.value().body.value("certificate_pem", "").find("BEGIN CERTIFICATE") !=
        std::string::npos);
  CHECK(renewed.value().body.value("ca_pem", "") != "");

  // Its certificate names it: a heartbeat or renewal under another id is refused.
  auto other = client.post("/v1/terminals/T4601059999/heartbeat", nlohmann::json::object());
  REQUIRE_FALSE(other);
  CHECK(other.error().status == 403);
  CHECK(other.error().code == "terminal_mismatch");
  CHECK(client.post("/v1/terminals/" + id + "/heartbeat", nlohmann::json::object()));
}

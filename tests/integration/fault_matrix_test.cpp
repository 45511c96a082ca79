// The contract's error table, row by row, plus what a broken peer can do on the wire (a body
// cut short, a reset mid-response, silence past the timeout): each ends in the right class and
// the right outbox state, and nothing is lost.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>

#include "core/clock.h"
#include "core/event_queue.h"
#include "database.h"
#include "outbox.h"
#include "support/test_key.h"
#include "support/wait_for.h"
#include "sync/sync_worker.h"

using namespace yiwang;
using namespace yiwang::kiosk;
namespace fs = std::filesystem;

namespace {

// A TCP peer that reads one HTTP request per connection and then does whatever `act` does with
// the socket: answer, answer half, reset, or stay silent.
class RawPeer {
 public:
  explicit RawPeer(std::function<void(int)> act) : act_(std::move(act)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~RawPeer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve() {
    while (!stopping_) {
      const int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(connection, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      act_(connection);
      ::close(connection);
    }
  }
  std::function<void(int)> act_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

void send_text(int fd, const std::string& text) {
  [[maybe_unused]] const ssize_t n = ::write(fd, text.data(), text.size());
}

std::string http_answer(int status, const std::string& body, const std::string& extra = "") {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Type: application/problem+json\r\nConnection: close\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string problem(int status, const std::string& code) {
  return R"({"type":"https://platform.example/problems/)" + code + R"(","title":"t","status":)" +
         std::to_string(status) + R"(,"code":")" + code + R"("})";
}

struct Row {
  const char* name;
  std::function<void(int)> act;
  ErrorClass expected;
  const char* state;  // "dead", "retry" (pending, attempts 1), "held" (pending, attempts 0)
};

// Puts one entry through the worker once against the peer and reports the first outcome.
struct Trial {
  SyncOutcome outcome;
  store::OutboxEntry entry;
};

Trial run_once(const std::string& url, const std::string& name, PlatformConfig config = {}) {
  const fs::path dir = fs::temp_directory_path() / ("yiwang-faults-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = (dir / (name + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  const store::SealingKey key = test::test_key();
  store::Outbox outbox(*opened.database, key);
  auto stored =
      outbox.enqueue("application", "M-" + name, R"({"local_id":"x"})", SystemClock().unix_ms());
  REQUIRE(stored.status.ok());
  if (config.base_url.empty()) {
    config.base_url = url;
    config.allow_plain_http_loopback = true;
  }
  config.timeout_ms = 700;
  SystemClock clock;
  Logger logger("", false);
  EventQueue<AppEvent> events;
  SyncPolicy slow_retries;
  slow_retries.backoff = {60000, 60000, 60000};  // one attempt per trial
  SyncWorker worker(
      db, key, config, clock, logger, [&](AppEvent e) { events.push(std::move(e)); }, slow_retries);
  worker.start();
  Trial trial;
  bool done = false;
  REQUIRE(test::wait_for([&] {
    for (auto& e : events.drain()) {
      if (auto* outcome = std::get_if<SyncOutcome>(&e); outcome && !done) {
        trial.outcome = *outcome;
        done = true;
      }
    }
    return done;
  }));
  worker.stop();
  auto entry = outbox.find(stored.entry.id);
  REQUIRE(entry);  // whatever happened, the entry is still there
  trial.entry = *entry;
  return trial;
}

}  // namespace

TEST_CASE("every row of the error table, and a misbehaving wire") {
  const auto answer = [](int status, const std::string& code, const std::string& extra = "") {
    return [=](int fd) { send_text(fd, http_answer(status, problem(status, code), extra)); };
  };
  const std::vector<Row> rows = {
      {"400", answer(400, "bad_request"), ErrorClass::permanent, "dead"},
      {"413", answer(413, "too_large"), ErrorClass::permanent, "dead"},
      {"422", answer(422, "invalid_fields"), ErrorClass::permanent, "dead"},
      {"401", answer(401, "certificate_not_accepted"), ErrorClass::reenroll, "held"},
      {"403", answer(403, "terminal_disabled"), ErrorClass::disabled, "held"},
      {"404", answer(404, "not_found"), ErrorClass::permanent, "dead"},
      {"409-reused", answer(409, "idempotency_key_reused"), ErrorClass::permanent, "dead"},
      {"409-in-progress", answer(409, "request_in_progress"), ErrorClass::transient, "retry"},
      {"429", answer(429, "rate_limited", "Retry-After: 7\r\n"), ErrorClass::transient, "retry"},
      {"500", answer(500, "internal"), ErrorClass::transient, "retry"},
      {"502", answer(502, "bad_gateway"), ErrorClass::transient, "retry"},
      {"503", answer(503, "unavailable", "Retry-After: 2\r\n"), ErrorClass::transient, "retry"},
      {"504", answer(504, "timeout"), ErrorClass::transient, "retry"},
      {"malformed-json", [](int fd) { send_text(fd, http_answer(201, R"({"case_id": "HN2026)")); },
       ErrorClass::transient, "retry"},
      {"problem-not-json", [](int fd) { send_text(fd, http_answer(503, "<html>oops</html>")); },
       ErrorClass::transient, "retry"},
      {"body-cut-short",
       [](int fd) {
         send_text(fd,
                   "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                   "Content-Length: 200\r\n\r\n{\"case_id\":");
       },
       ErrorClass::link, "retry"},
      {"reset-mid-response",
       [](int fd) {
         send_text(fd, "HTTP/1.1 201 Created\r\nContent-Length: 80\r\n\r\n{\"ca");
         linger hard{1, 0};  // close() now sends RST instead of FIN
         ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
       },
       ErrorClass::link, "retry"},
      {"silent-past-timeout",
       [](int) { std::this_thread::sleep_for(std::chrono::milliseconds(1200)); }, ErrorClass::link,
       "retry"},
      {"no-answer-at-all", [](int) {}, ErrorClass::link, "retry"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      RawPeer peer(row.act);
      const Trial trial = run_once(peer.url(), row.name);
      INFO(row.name << ": " << trial.outcome.error.summary());
      CHECK(trial.outcome.result != SyncOutcome::Result::accepted);
      CHECK(trial.outcome.error.error_class == row.expected);
      const std::string state = trial.entry.state == store::EntryState::dead ? "dead"
                                : trial.entry.attempts == 0                  ? "held"
                                                                             : "retry";
      CHECK(state == row.state);
      if (std::string(row.name) == "429") CHECK(trial.outcome.error.retry_after_s == 7);
      if (state == "dead") CHECK(trial.entry.last_error.find("\"status\"") != std::string::npos);
    }
  }
}

TEST_CASE("nobody listening, and a name that does not resolve: the link is down") {
  const Trial refused = run_once("http://127.0.0.1:1", "refused");
  CHECK(refused.outcome.error.error_class == ErrorClass::link);
  CHECK(refused.entry.attempts == 1);

  PlatformConfig unresolvable;
  unresolvable.base_url = "https://platform.invalid";
  unresolvable.tls.ca_file = YIWANG_SOURCE_DIR "/README.md";  // never read: resolving fails first
  const Trial dns = run_once("", "dns", unresolvable);
  INFO(dns.outcome.error.summary());
  CHECK(dns.outcome.error.error_class == ErrorClass::link);
  CHECK(dns.entry.state == store::EntryState::pending);
}

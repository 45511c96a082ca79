// The outbox on a real SQLite file, and the sync worker against a real HTTP peer whose answers
// the test scripts (503, 422, 401, malformed, then 201).
#include <doctest/doctest.h>

#include <httplib.h>
#include <atomic>
#include <functional>

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "core/clock.h"
#include "core/event_queue.h"
#include "database.h"
#include "outbox.h"
#include "support/platform_process.h"
#include "support/sample_application.h"
#include "support/test_key.h"
#include "support/wait_for.h"
#include "sync/sync_worker.h"

using namespace yiwang;
using yiwang::test::wait_for;
namespace fs = std::filesystem;

namespace {

const store::SealingKey sealing_key = test::test_key();

std::string temp_db(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("yiwang-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path.string();
}

// A platform stand-in: answers POSTs from a script of (status, body) pairs and records what came.
class ScriptedPeer {
 public:
  struct Answer {
    int status;
    std::string body;
    std::string retry_after;
  };
  // decide, when given, answers from the request's body instead of the script's order.
  explicit ScriptedPeer(std::vector<Answer> answers,
                        std::function<Answer(const std::string& body)> decide = {})
      : answers_(std::move(answers)), decide_(std::move(decide)) {
    server_.Post(R"(/v1/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      if (request.path.find("heartbeat") != std::string::npos) {
        heartbeats_.push_back(nlohmann::json::parse(request.body));
        if (heartbeat_refused_) {
          response.status = 403;
          response.set_content(R"({"code":"terminal_disabled","title":"disabled"})",
                               "application/problem+json");
          return;
        }
        response.set_content("{}", "application/json");
        return;
      }
      keys_.push_back(request.get_header_value("Idempotency-Key"));
      bodies_.push_back(request.body);
      const Answer answer = decide_ ? decide_(request.body)
                                    : answers_[std::min(keys_.size() - 1, answers_.size() - 1)];
      response.status = answer.status;
      if (!answer.retry_after.empty()) response.set_header("Retry-After", answer.retry_after);
      response.set_content(answer.body,
                           answer.status >= 400 ? "application/problem+json" : "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~ScriptedPeer() {
    server_.stop();
    thread_.join();
  }
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  std::vector<nlohmann::json> heartbeats() {
    std::lock_guard lock(mutex_);
    return heartbeats_;
  }
  // Heartbeats answered 403 terminal_disabled (the platform switched the terminal off).
  void refuse_heartbeats() { heartbeat_refused_ = true; }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  std::vector<Answer> answers_;
  std::function<Answer(const std::string& body)> decide_;
  std::atomic<bool> heartbeat_refused_{false};
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> keys_;
  std::vector<std::string> bodies_;
  std::vector<nlohmann::json> heartbeats_;
};

struct Harness {
  kiosk::SystemClock clock;
  kiosk::Logger logger{"", false};
  kiosk::EventQueue<kiosk::AppEvent> events;
  std::unique_ptr<kiosk::SyncWorker> worker;
  kiosk::DeviceBoard devices;
  Harness(const std::string& db, const std::string& url,
          kiosk::SyncPolicy fast = kiosk::SyncPolicy{{20, 80, 10}}) {
    kiosk::PlatformConfig config{url, "T-TEST", true, 2000, {}};
    worker = std::make_unique<kiosk::SyncWorker>(
        db, sealing_key, config, clock, logger,
        [this](kiosk::AppEvent e) { events.push(std::move(e)); }, fast, &devices);
  }
};

const std::string kCreated = R"({"case_id":"HN2026112200000007","status":"accepted"})";

}  // namespace

TEST_CASE("an entry survives closing and reopening the database") {
  const std::string path = temp_db("reopen.db");
  std::string key;
  {
    auto opened = store::Database::open(path);
    REQUIRE(opened.status.ok());
    store::Outbox outbox(*opened.database, sealing_key);
    auto stored = outbox.enqueue("application", "T1-20261122-0001", R"({"a":1})", 1000);
    REQUIRE(stored.status.ok());
    key = stored.entry.idempotency_key;
    CHECK(key.size() == 36);
  }
  auto reopened = store::Database::open(path);
  REQUIRE(reopened.status.ok());
  store::Outbox outbox(*reopened.database, sealing_key);
  auto entry = outbox.next_due(1000);
  REQUIRE(entry);
  CHECK(entry->idempotency_key == key);
  CHECK(entry->payload == R"({"a":1})");
  CHECK(outbox.counts().pending == 1);
}

TEST_CASE("entries go out in order: a later one never overtakes one waiting to retry") {
  auto opened = store::Database::open(temp_db("order.db"));
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  auto first = outbox.enqueue("application", "L1", "{}", 0);
  outbox.enqueue("evaluation", "L1-E", "{}", 0);
  REQUIRE(outbox.schedule_retry(first.entry.id, 5000, "503").ok());
  CHECK_FALSE(outbox.next_due(1000));
  CHECK(outbox.wait_for_next(1000) == 4000);
  auto due = outbox.next_due(5000);
  REQUIRE(due);
  CHECK(due->id == first.entry.id);
  CHECK(due->attempts == 1);
}

TEST_CASE("a 503 is retried with the same key; nothing is deleted before the 2xx") {
  const std::string db = temp_db("retry.db");
  ScriptedPeer peer({{503, R"({"code":"unavailable"})", "0"}, {503, "", ""}, {201, kCreated, ""}});
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  auto stored = outbox.enqueue("application", "T1-0001", R"({"local_id":"T1-0001"})",
                               kiosk::SystemClock().unix_ms());
  REQUIRE(stored.status.ok());

  Harness harness(db, peer.url());
  harness.worker->start();
  REQUIRE(wait_for([&] { return peer.keys().size() >= 2; }));
  // After the failures, the entry is still there.
  CHECK(outbox.find(stored.entry.id).has_value());
  REQUIRE(wait_for([&] { return !outbox.find(stored.entry.id).has_value(); }));
  harness.worker->stop();
  auto keys = peer.keys();
  REQUIRE(keys.size() == 3);
  for (const auto& key : keys) CHECK(key == stored.entry.idempotency_key);
  CHECK(outbox.accepted_platform_id("T1-0001") == "HN2026112200000007");
  CHECK(outbox.counts().pending == 0);
}

TEST_CASE("a 422 goes to dead-letter and is not sent again") {
  const std::string db = temp_db("dead.db");
  ScriptedPeer peer(
      {{422,
        R"({"code":"invalid_fields","fields":[{"field":"form.phone","code":"invalid_format"}]})",
        ""}});
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  auto stored = outbox.enqueue("application", "T1-0002", "{}", kiosk::SystemClock().unix_ms());
  Harness harness(db, peer.url());
  harness.worker->start();
  REQUIRE(wait_for([&] { return outbox.counts().dead == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  harness.worker->stop();
  CHECK(peer.keys().size() == 1);
  auto dead = outbox.dead_letters();
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].last_error.find("invalid_fields") != std::string::npos);
  CHECK(dead[0].last_error.find("form.phone") != std::string::npos);
}

TEST_CASE("a malformed 201 and a refused connection are transient") {
  const std::string db = temp_db("malformed.db");
  ScriptedPeer peer({{201, "{\"case_id\": \"HN20", ""}, {201, kCreated, ""}});
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  outbox.enqueue("application", "T1-0003", "{}", kiosk::SystemClock().unix_ms());
  Harness harness(db, peer.url());
  harness.worker->start();
  REQUIRE(wait_for([&] { return outbox.counts().pending == 0; }));
  harness.worker->stop();
  CHECK(peer.keys().size() == 2);
  CHECK(outbox.counts().dead == 0);

  // Nobody listening: the link goes down and the entry waits.
  const std::string db2 = temp_db("refused.db");
  auto opened2 = store::Database::open(db2);
  store::Outbox outbox2(*opened2.database, sealing_key);
  outbox2.enqueue("application", "T1-0004", "{}", kiosk::SystemClock().unix_ms());
  Harness refused(db2, "http://127.0.0.1:1");
  refused.worker->start();
  bool link_down = false;
  REQUIRE(wait_for([&] {
    for (auto& e : refused.events.drain()) {
      if (auto* link = std::get_if<kiosk::LinkChanged>(&e)) link_down |= !link->up();
    }
    return link_down;
  }));
  refused.worker->stop();
  CHECK(outbox2.counts().pending == 1);
  CHECK(outbox2.next_due(kiosk::SystemClock().unix_ms() + 1000000)->attempts >= 1);
}

TEST_CASE("401 holds the queue without burning retries") {
  const std::string db = temp_db("held.db");
  ScriptedPeer peer({{401, R"({"code":"certificate_rejected"})", ""}});
  auto opened = store::Database::open(db);
  store::Outbox outbox(*opened.database, sealing_key);
  auto stored = outbox.enqueue("application", "T1-0005", "{}", kiosk::SystemClock().unix_ms());
  Harness harness(db, peer.url());
  harness.worker->start();
  REQUIRE(wait_for([&] { return peer.keys().size() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  harness.worker->stop();
  auto entry = outbox.find(stored.entry.id);
  REQUIRE(entry);
  CHECK(entry->attempts == 0);
  CHECK(entry->state == store::EntryState::pending);
  CHECK(peer.keys().size() == 1);
  // The technician is told why: the terminal must be enrolled again.
  bool held = false;
  for (auto& e : harness.events.drain()) {
    if (auto* link = std::get_if<kiosk::LinkChanged>(&e)) {
      held |= link->state == kiosk::LinkState::held &&
              link->reason.find("re-enrollment") != std::string::npos && link->since_unix_ms > 0;
    }
  }
  CHECK(held);
}

TEST_CASE("heartbeats carry the queue and the devices, and go out at once when a device changes") {
  const std::string db = temp_db("heartbeat.db");
  ScriptedPeer peer({{503, "", "60"}});
  auto opened = store::Database::open(db);
  store::Outbox outbox(*opened.database, sealing_key);
  outbox.enqueue("application", "T1-0006", "{}", kiosk::SystemClock().unix_ms());
  Harness harness(db, peer.url());
  harness.devices.update({"idcard", "CardReader", drivers::DeviceState::online, ""});
  harness.worker->start();
  REQUIRE(wait_for([&] { return !peer.heartbeats().empty(); }));
  const auto first = peer.heartbeats().front();
  CHECK(first["queue"]["pending"] == 1);
  CHECK(first["devices"][0]["name"] == "idcard");
  CHECK(first["devices"][0]["class"] == "CardReader");
  CHECK(first["devices"][0]["state"] == "online");
  CHECK(first["disk_free_mb"].get<long long>() > 0);
  CHECK(first["link"]["state"] == "degraded");  // the platform answered the entry with a 503
  CHECK(first.dump().find("T1-0006") == std::string::npos);  // counts, not contents

  harness.devices.update({"idcard", "CardReader", drivers::DeviceState::noDevice, "unplugged"});
  harness.worker->heartbeat_now();
  REQUIRE(wait_for([&] { return peer.heartbeats().size() >= 2; }, 2000));
  CHECK(peer.heartbeats().back()["devices"][0]["state"] == "noDevice");
  harness.worker->stop();
}

TEST_CASE("through drops, 503s and broken bodies, every application arrives exactly once") {
  test::PlatformProcess platform(
      "faults", {"--drop-rate", "0.3", "--error-rate", "0.2", "--malformed-rate", "0.1"});
  REQUIRE(platform.running());
  const std::string db = temp_db("faults.db");
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  constexpr int kCount = 30;
  for (int i = 0; i < kCount; ++i) {
    const std::string local_id = "T1-20261122-" + std::to_string(1000 + i);
    REQUIRE(outbox
                .enqueue("application", local_id, test::sample_application(local_id),
                         kiosk::SystemClock().unix_ms())
                .status.ok());
  }
  Harness harness(db, platform.url());
  harness.worker->start();
  REQUIRE(wait_for([&] { return outbox.counts().pending == 0; }, 60000));
  harness.worker->stop();
  CHECK(outbox.counts().dead == 0);

  kiosk::PlatformClient client(kiosk::PlatformConfig{platform.control_url(), "", true, 5000, {}});
  auto listed = client.get("/_sim/cases");  // control endpoints are never faulted
  REQUIRE(listed);
  std::set<std::string> local_ids;
  const int cases = static_cast<int>(listed.value().body.size());
  for (const auto& c : listed.value().body) local_ids.insert(c.at("local_id").get<std::string>());
  CHECK(cases == kCount);
  CHECK(local_ids.size() == static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    CHECK(outbox.accepted_platform_id("T1-20261122-" + std::to_string(1000 + i)).has_value());
  }
}

TEST_CASE("an entry that keeps failing steps aside; its evaluation waits for it and dies with it") {
  const std::string db = temp_db("aside.db");
  std::atomic<bool> refuse_stuck{false};
  ScriptedPeer peer({}, [&](const std::string& body) -> ScriptedPeer::Answer {
    if (body.find("STUCK") == std::string::npos) return {201, kCreated, ""};
    if (refuse_stuck) return {422, R"({"code":"invalid_fields","fields":[]})", ""};
    return {503, R"({"code":"unavailable"})", ""};
  });
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  const long long now = kiosk::SystemClock().unix_ms();
  auto stuck =
      outbox.enqueue({"application", store::new_uuid(), "L-A", R"({"x":"STUCK"})", ""}, now);
  auto evaluation =
      outbox.enqueue({"evaluation", store::new_uuid(), "L-A-E", R"({"level":5})", "L-A"}, now);
  auto independent =
      outbox.enqueue({"application", store::new_uuid(), "L-B", R"({"x":"B"})", ""}, now);
  REQUIRE(independent.status.ok());

  kiosk::SyncPolicy policy{{20, 80, 10}};
  policy.step_aside_attempts = 3;
  policy.stale_alert_ms = 50;
  Harness harness(db, peer.url(), policy);
  harness.worker->start();
  // The independent entry goes out although the head keeps failing.
  REQUIRE(wait_for([&] { return !outbox.find(independent.entry.id).has_value(); }));
  CHECK(outbox.find(stuck.entry.id).has_value());
  CHECK(outbox.find(stuck.entry.id)->attempts >= 3);
  // ...but the evaluation never overtakes its application.
  for (const auto& key : peer.keys()) CHECK(key != evaluation.entry.idempotency_key);
  // The technician is told the queue is stale (status line and heartbeat).
  bool stale = false;
  REQUIRE(wait_for([&] {
    for (auto& event : harness.events.drain()) {
      if (auto* queue = std::get_if<kiosk::QueueChanged>(&event)) stale |= queue->stale;
    }
    return stale;
  }));
  harness.worker->heartbeat_now();
  REQUIRE(wait_for([&] {
    for (const auto& beat : peer.heartbeats()) {
      if (beat["queue"].value("stale", false)) return true;
    }
    return false;
  }));

  // The platform refuses the application: its evaluation follows it to the dead letters.
  refuse_stuck = true;
  REQUIRE(wait_for([&] { return outbox.counts().dead == 2; }));
  harness.worker->stop();
  CHECK(outbox.counts().pending == 0);
  for (const auto& key : peer.keys()) CHECK(key != evaluation.entry.idempotency_key);
  auto dead = outbox.dead_letters();
  REQUIRE(dead.size() == 2);
  CHECK(dead[1].last_error.find("parent_dead_lettered") != std::string::npos);
}

TEST_CASE("entries stored while the wall clock ran fast do not stall the queue") {
  const std::string db = temp_db("fastclock.db");
  ScriptedPeer peer({{201, kCreated, ""}});
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, sealing_key);
  const long long now = kiosk::SystemClock().unix_ms();
  // Stored and retried an hour "in the future" (an RTC that was wrong before NTP fixed it).
  auto early = outbox.enqueue("application", "FAST-1", "{}", now + 3600 * 1000);
  REQUIRE(early.status.ok());
  REQUIRE(outbox.schedule_retry(early.entry.id, now + 3600 * 1000 + 2000, "503").ok());
  auto later = outbox.enqueue("application", "FAST-2", "{}", now);
  REQUIRE(later.status.ok());
  Harness harness(db, peer.url());
  harness.worker->start();
  // Both go out now, in order, instead of an hour from now.
  REQUIRE(wait_for([&] { return outbox.counts().pending == 0; }));
  harness.worker->stop();
  auto keys = peer.keys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0] == early.entry.idempotency_key);
  CHECK(keys[1] == later.entry.idempotency_key);
}

TEST_CASE("without its key the queue is held: nothing sent, nothing dead-lettered, nothing lost") {
  const std::string db = temp_db("nokey.db");
  ScriptedPeer peer({{201, kCreated, ""}});
  {
    auto opened = store::Database::open(db);
    REQUIRE(opened.status.ok());
    store::Outbox outbox(*opened.database, sealing_key);
    REQUIRE(
        outbox.enqueue("application", "NOKEY-1", "{}", kiosk::SystemClock().unix_ms()).status.ok());
  }
  auto opened = store::Database::open(db);
  REQUIRE(opened.status.ok());
  store::Outbox keyless(*opened.database, nullptr);
  CHECK(keyless.holds_sealed_entries());
  auto refused = keyless.enqueue("application", "NOKEY-2", "{}", 1);
  CHECK(refused.status.kind == store::StoreErrorKind::keyMissing);

  kiosk::SystemClock clock;
  kiosk::Logger logger{"", false};
  kiosk::EventQueue<kiosk::AppEvent> events;
  kiosk::SyncWorker worker(
      db, nullptr, kiosk::PlatformConfig{peer.url(), "T-TEST", true, 2000, {}}, clock, logger,
      [&](kiosk::AppEvent e) { events.push(std::move(e)); }, kiosk::SyncPolicy{{20, 80, 10}});
  worker.start();
  std::string held;
  REQUIRE(wait_for([&] {
    for (auto& event : events.drain()) {
      if (auto* queue = std::get_if<kiosk::QueueChanged>(&event)) held = queue->held_reason;
    }
    return !held.empty();
  }));
  worker.heartbeat_now();
  REQUIRE(wait_for([&] { return !peer.heartbeats().empty(); }));
  worker.stop();
  CHECK(held == "outbox_key_missing");
  CHECK(peer.heartbeats().back()["queue"]["held"] == "outbox_key_missing");
  CHECK(peer.keys().empty());
  const auto counts = keyless.counts();
  CHECK(counts.pending == 1);
  CHECK(counts.dead == 0);
}

TEST_CASE("a terminal with nothing queued learns from its heartbeat that it was disabled") {
  const std::string db = temp_db("disabled-beat.db");
  ScriptedPeer peer({{201, kCreated, ""}});
  peer.refuse_heartbeats();
  Harness harness(db, peer.url());
  harness.worker->start();
  bool disabled = false;
  REQUIRE(wait_for([&] {
    for (auto& event : harness.events.drain()) {
      if (auto* link = std::get_if<kiosk::LinkChanged>(&event))
        disabled = link->state == kiosk::LinkState::disabled;
    }
    return disabled;
  }));
  harness.worker->stop();
  CHECK(peer.keys().empty());
}

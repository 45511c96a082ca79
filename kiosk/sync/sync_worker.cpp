// Drain loop: send the head entry, then complete, retry later, dead-letter or hold the queue.
#include "sync/sync_worker.h"

#include <random>

#include <sys/statvfs.h>

#include <filesystem>

#include "database.h"
#include "local_state.h"
#include "outbox.h"

namespace yiwang::kiosk {

namespace {

constexpr long long kIdleWaitMs = 30000;
constexpr long long kHoldWaitMs = 60000;
constexpr long long kHeartbeatMs = 60000;
// Counting the queue reads every entry; during a long drain the UI hears the counts this often,
// and always once the burst is over.
constexpr long long kCountsEveryMs = 250;

long long disk_free_mb(const std::string& database_path) {
  const auto folder = std::filesystem::absolute(database_path).parent_path();
  struct statvfs info {};
  if (statvfs(folder.c_str(), &info) != 0) return -1;
  return static_cast<long long>(info.f_bavail) * static_cast<long long>(info.f_frsize) /
         (1024LL * 1024);
}

// POST /v1/terminals/{id}/heartbeat: queue, devices, disk and catalog, never personal data.
nlohmann::json heartbeat_body(const Clock& clock, long long uptime_ms,
                              const store::QueueCounts& counts, const DeviceBoard* devices,
                              const std::string& database_path, const std::string& catalog_version,
                              const LinkChanged& link) {
  const long long oldest = counts.oldest_pending_created_ms;
  // The platform only hears this while the link works; "since" tells it how long it was not.
  return {{"at", rfc3339_cst(clock.unix_ms())},
          {"app_version", "0.1.0"},
          {"uptime_s", uptime_ms / 1000},
          {"queue",
           {{"pending", counts.pending},
            {"dead", counts.dead},
            {"oldest_pending_age_s", oldest ? (clock.unix_ms() - oldest) / 1000 : 0}}},
          {"devices", devices ? devices->heartbeat_devices() : nlohmann::json::array()},
          {"disk_free_mb", disk_free_mb(database_path)},
          {"catalog_version", catalog_version},
          {"link",
           {{"state", to_string(link.state)},
            {"since", link.since_unix_ms ? rfc3339_cst(link.since_unix_ms) : ""}}}};
}

std::string path_for(const std::string& kind) {
  return kind == "evaluation" ? "/v1/evaluations" : "/v1/applications";
}

std::string platform_id_of(const std::string& kind, const nlohmann::json& reply) {
  const char* key = kind == "evaluation" ? "evaluation_id" : "case_id";
  return reply.is_object() && reply.contains(key) && reply[key].is_string()
             ? reply[key].get<std::string>()
             : "";
}

}  // namespace

SyncWorker::SyncWorker(std::string database_path, const store::SealingKey& key,
                       PlatformConfig platform, const Clock& clock, Logger& logger, Post post,
                       SyncPolicy policy, const DeviceBoard* devices)
    : database_path_(std::move(database_path)),
      key_(key),
      platform_(std::move(platform)),
      clock_(clock),
      logger_(logger),
      post_(std::move(post)),
      policy_(policy),
      devices_(devices) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void SyncWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    woken_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void SyncWorker::heartbeat_now() {
  heartbeat_due_ = true;
  wake();
}

void SyncWorker::set_link(LinkState state, const std::string& reason,
                          const std::string& reason_code) {
  if (link_known_ && link_.state == state && link_.reason_code == reason_code) return;
  const bool same_state = link_known_ && link_.state == state;
  link_known_ = true;
  link_ =
      LinkChanged{state, reason, reason_code, same_state ? link_.since_unix_ms : clock_.unix_ms()};
  const std::string line =
      std::string("link ") + to_string(state) + (reason.empty() ? "" : ": " + reason);
  if (state == LinkState::up) {
    logger_.info("sync", line);
  } else {
    logger_.warning("sync", line);
  }
  post_(link_);
}

void SyncWorker::run() {
  auto opened = store::Database::open(database_path_);
  if (!opened.status.ok()) {
    logger_.error("sync", "cannot open the outbox: " + opened.status.message);
    return;
  }
  store::Outbox outbox(*opened.database, key_);
  store::LocalState state(*opened.database);
  PlatformClient client(platform_);
  std::mt19937_64 random{std::random_device{}()};
  long long counts_reported_ms = 0;
  auto report_counts = [&](bool burst_over) {
    const long long now_ms = clock_.now_ms();
    if (!burst_over && now_ms - counts_reported_ms < kCountsEveryMs) return;
    counts_reported_ms = now_ms;
    const auto counts = outbox.counts();
    post_(QueueChanged{counts.pending, counts.dead, counts.oldest_pending_created_ms});
  };
  auto purge_dead = [&] {
    if (const int purged = outbox.purge_dead_before(clock_.unix_ms() - policy_.dead_retention_ms)) {
      logger_.warning("sync", std::to_string(purged) + " unresolved dead letters erased after " +
                                  std::to_string(policy_.dead_retention_ms / 3600000) + " h");
    }
  };
  purge_dead();
  report_counts(true);
  const long long started_ms = clock_.now_ms();
  long long last_heartbeat_ms = started_ms;

  while (running_) {
    // Outbox times are wall-clock milliseconds: they must mean the same after a reboot.
    const long long now = clock_.unix_ms();
    auto entry = outbox.next_due(now);
    long long wait_ms = kIdleWaitMs;
    if (entry && !entry->payload_opened) {
      // Altered bytes or a replaced key: sending anything would be wrong, dropping it silent.
      const std::string problem = R"({"code":"payload_unreadable","title":"sealed payload does )"
                                  R"(not open with this terminal's key"})";
      auto status = outbox.move_to_dead(entry->id, problem, now);
      logger_.error("sync", entry->kind + " " + entry->local_id +
                                " dead-lettered: its sealed payload does not open" +
                                (status.ok() ? "" : " (" + status.message + ")"));
      report_counts(false);
      continue;
    }
    if (entry) {
      auto sent = client.post_raw(path_for(entry->kind), entry->payload, entry->idempotency_key);
      SyncOutcome outcome;
      outcome.outbox_id = entry->id;
      outcome.kind = entry->kind;
      outcome.local_id = entry->local_id;
      if (sent) {
        const std::string platform_id = platform_id_of(entry->kind, sent.value().body);
        auto status = outbox.complete(entry->id, platform_id, clock_.unix_ms());
        if (!status.ok()) logger_.error("sync", "cannot remove a sent entry: " + status.message);
        logger_.info("sync", entry->kind + " " + entry->local_id + " accepted as " + platform_id +
                                 (sent.value().replayed ? " (replayed)" : "") + " [" +
                                 sent.value().request_id + "]");
        set_link(LinkState::up, "");
        outcome.result = SyncOutcome::Result::accepted;
        outcome.reply = sent.value().body;
        wait_ms = 0;
      } else {
        const PlatformError& error = sent.error();
        outcome.error = error;
        switch (error.error_class) {
          case ErrorClass::permanent: {
            set_link(LinkState::up, "");
            nlohmann::json problem = {{"status", error.status},
                                      {"code", error.code},
                                      {"title", error.title},
                                      {"fields", error.fields},
                                      {"request_id", error.request_id}};
            auto status = outbox.move_to_dead(entry->id, problem.dump(), clock_.unix_ms());
            if (!status.ok()) logger_.error("sync", "cannot dead-letter: " + status.message);
            logger_.error(
                "sync", entry->kind + " " + entry->local_id + " dead-lettered: " + error.summary());
            outcome.result = SyncOutcome::Result::rejected;
            wait_ms = 0;
            break;
          }
          case ErrorClass::reenroll:
          case ErrorClass::disabled:
            // The whole queue waits; the entry keeps its attempt count.
            if (error.error_class == ErrorClass::reenroll) {
              set_link(LinkState::held, "terminal needs re-enrollment: " + error.summary(),
                       error.code);
            } else {
              set_link(LinkState::disabled, "terminal disabled by the platform: " + error.summary(),
                       error.code);
            }
            outcome.result = SyncOutcome::Result::held;
            wait_ms = kHoldWaitMs;
            break;
          case ErrorClass::link:
          case ErrorClass::transient: {
            set_link(error.error_class == ErrorClass::link ? LinkState::down : LinkState::degraded,
                     error.summary(), error.error_class == ErrorClass::link ? error.code : "");
            const long long delay =
                retry_delay_ms(policy_.backoff, entry->attempts, error.retry_after_s, random);
            auto status = outbox.schedule_retry(entry->id, now + delay, error.summary());
            if (!status.ok()) logger_.error("sync", "cannot schedule a retry: " + status.message);
            logger_.warning("sync", entry->kind + " " + entry->local_id + " retry in " +
                                        std::to_string(delay) + " ms: " + error.summary());
            outcome.result = SyncOutcome::Result::retrying;
            wait_ms = delay;
            break;
          }
        }
      }
      post_(std::move(outcome));
      report_counts(false);
    } else {
      report_counts(true);  // nothing due now: the burst is over
      if (auto next = outbox.wait_for_next(now)) wait_ms = std::min(*next, kIdleWaitMs);
    }
    if (heartbeat_due_.exchange(false) || clock_.now_ms() - last_heartbeat_ms >= kHeartbeatMs) {
      auto cached = state.catalog();
      const nlohmann::json heartbeat =
          heartbeat_body(clock_, clock_.now_ms() - started_ms, outbox.counts(), devices_,
                         database_path_, cached ? cached->version : "", link_);
      auto answered =
          client.post("/v1/terminals/" + platform_.terminal_id + "/heartbeat", heartbeat);
      last_heartbeat_ms = clock_.now_ms();
      purge_dead();
      if (answered) {
        set_link(LinkState::up, "");
      } else if (answered.error().error_class == ErrorClass::link) {
        set_link(LinkState::down, answered.error().summary(), answered.error().code);
      }
    }
    wait_ms = std::min(wait_ms, kHeartbeatMs);
    if (wait_ms <= 0) continue;
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return woken_; });
    woken_ = false;
  }
}

}  // namespace yiwang::kiosk

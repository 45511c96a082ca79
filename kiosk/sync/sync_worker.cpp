// Drain loop: send the head entry, then complete, retry later, dead-letter or hold the queue.
#include "sync/sync_worker.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

#include <sys/statvfs.h>

#include <filesystem>

#include "audit_chain.h"
#include "command_log.h"
#include "database.h"
#include "idcard/id_card.h"
#include "local_state.h"
#include "outbox.h"
#include "platform/enrollment.h"

namespace yiwang::kiosk {

namespace {

constexpr long long kIdleWaitMs = 30000;
constexpr long long kHoldWaitMs = 60000;
constexpr long long kHeartbeatMs = 60000;
constexpr long long kRenewalCheckMs = 3600LL * 1000;  // how often the certificate's expiry is read
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
                              const LinkChanged& link, const QueueChanged& queue,
                              const store::AuditHead& audit) {
  const long long oldest = counts.oldest_pending_created_ms;
  nlohmann::json queue_json = {
      {"pending", counts.pending},
      {"dead", counts.dead},
      {"oldest_pending_age_s", oldest ? (clock.unix_ms() - oldest) / 1000 : 0}};
  if (!queue.held_reason.empty()) queue_json["held"] = queue.held_reason;
  if (queue.stale) queue_json["stale"] = true;
  // The platform only hears this while the link works; "since" tells it how long it was not.
  nlohmann::json body = {
      {"at", rfc3339_cst(clock.unix_ms())},
      {"app_version", "0.1.0"},
      {"uptime_s", uptime_ms / 1000},
      {"queue", queue_json},
      {"devices", devices ? devices->heartbeat_devices() : nlohmann::json::array()},
      {"disk_free_mb", disk_free_mb(database_path)},
      {"catalog_version", catalog_version},
      // The audit chain's newest record: the platform keeps it, so a log rewritten or cut
      // short on the terminal no longer matches what was anchored (--verify-audit).
      {"audit",
       {{"records", audit.records}, {"last_id", audit.last_id}, {"last_hash", audit.last_hash}}},
      {"link",
       {{"state", to_string(link.state)},
        {"since", link.since_unix_ms ? rfc3339_cst(link.since_unix_ms) : ""}}}};
  // The last self-test: each device's outcome and time taken.
  if (devices) {
    nlohmann::json self_test = devices->self_test();
    if (!self_test.is_null()) body["self_test"] = std::move(self_test);
  }
  return body;
}

// Command ids and types are the platform's words: bounded, plain, or the command is not taken.
bool plain_word(const std::string& text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

constexpr std::size_t kMaxCommandsPerAnswer = 16;

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

SyncWorker::SyncWorker(std::string database_path, const store::SealingKey* key,
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

void SyncWorker::relink(PlatformConfig platform) {
  {
    std::lock_guard lock(mutex_);
    relinked_ = std::move(platform);
    // Under the same lock: whoever takes the new identity also sees that it says hello at once
    // (the link state follows from that heartbeat, not a minute later).
    heartbeat_due_ = true;
    woken_ = true;
  }
  wakeup_.notify_all();
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

void SyncWorker::set_refused(const PlatformError& error) {
  if (error.error_class == ErrorClass::reenroll) {
    set_link(LinkState::held, "terminal needs re-enrollment: " + error.summary(), error.code);
  } else {
    set_link(LinkState::disabled, "terminal disabled by the platform: " + error.summary(),
             error.code);
  }
}

void SyncWorker::take_commands(const nlohmann::json& answer, store::CommandLog& commands) {
  if (!answer.is_object()) return;
  const auto list = answer.find("commands");
  if (list != answer.end() && list->is_array()) {
    std::size_t taken = 0;
    for (const auto& command : *list) {
      if (++taken > kMaxCommandsPerAnswer) {
        logger_.warning("sync", "more commands than one answer may carry: the rest next time");
        break;
      }
      const std::string id = command.is_object() ? command.value("id", "") : "";
      const std::string type = command.is_object() ? command.value("type", "") : "";
      if (!plain_word(id, 64) || !plain_word(type, 32)) {
        logger_.warning("sync", "a heartbeat command without a plain id and type: ignored");
        continue;
      }
      // Seen before (in this run or an earlier one): never run twice.
      if (!commands.receive(id, type, command.dump(), clock_.unix_ms())) continue;
      std::string received = "command ";
      received += id;
      received += " (";
      received += type;
      received += ") received";
      logger_.info("sync", received);
      post_(RemoteCommand{id, type, command});
    }
  }
  const auto config = answer.find("config");
  const auto version = answer.find("config_version");
  if (config != answer.end() && config->is_object() && version != answer.end() &&
      version->is_number_integer()) {
    post_(ConfigReceived{version->get<long long>(), *config});
  }
}

void SyncWorker::run() {
  auto opened = store::Database::open(database_path_);
  if (!opened.status.ok()) {
    logger_.error("sync", "cannot open the outbox: " + opened.status.message);
    return;
  }
  store::QueueSchedule schedule;
  schedule.step_aside_attempts = policy_.step_aside_attempts;
  schedule.clamp_ms = policy_.backoff.cap_ms;
  store::Outbox outbox(*opened.database, key_, schedule);
  store::LocalState state(*opened.database);
  store::AuditChain audit(*opened.database);
  store::CommandLog commands(*opened.database);
  // A command that was running when the kiosk stopped is not run again (at most once); one
  // received and not started is handed to the flow again.
  if (const int interrupted = commands.close_interrupted(clock_.unix_ms()))
    logger_.warning("sync", std::to_string(interrupted) + " command(s) interrupted by a restart");
  for (const auto& waiting : commands.waiting()) {
    post_(RemoteCommand{waiting.id, waiting.type,
                        nlohmann::json::parse(waiting.body, nullptr, false)});
  }
  auto client = std::make_unique<PlatformClient>(platform_);
  std::mt19937_64 random{std::random_device{}()};
  // Retry times of this run, on the monotonic clock: a wall clock that jumps (NTP after a boot
  // with a wrong RTC) neither stalls the queue nor sends early. Entries from an earlier run use
  // their stored wall-clock time, clamped to the backoff cap.
  std::map<long long, long long> retry_at;
  const store::DueIn due_in = [&](long long id, long long next_attempt_ms) -> long long {
    if (auto it = retry_at.find(id); it != retry_at.end())
      return std::max(0LL, it->second - clock_.now_ms());
    return outbox.wall_due_in(next_attempt_ms, clock_.unix_ms());
  };
  QueueChanged queue;
  if (!key_) queue.held_reason = "outbox_key_missing";
  long long counts_reported_ms = 0;
  bool stale_logged = false;
  auto report_counts = [&](bool burst_over) {
    const long long now_ms = clock_.now_ms();
    if (!burst_over && now_ms - counts_reported_ms < kCountsEveryMs) return;
    counts_reported_ms = now_ms;
    const auto counts = outbox.counts();
    queue.pending = counts.pending;
    queue.dead = counts.dead;
    queue.oldest_pending_created_ms = counts.oldest_pending_created_ms;
    queue.stale = counts.oldest_pending_created_ms != 0 &&
                  clock_.unix_ms() - counts.oldest_pending_created_ms > policy_.stale_alert_ms;
    if (queue.stale && !stale_logged) {
      logger_.warning("sync", "the oldest pending entry is older than " +
                                  std::to_string(policy_.stale_alert_ms / 60000) +
                                  " min: check the link and the dead letters");
    }
    stale_logged = queue.stale;
    post_(queue);
  };
  auto purge_dead = [&] {
    if (const int purged = outbox.purge_dead_before(clock_.unix_ms() - policy_.dead_retention_ms)) {
      logger_.warning("sync", std::to_string(purged) + " unresolved dead letters erased after " +
                                  std::to_string(policy_.dead_retention_ms / 3600000) + " h");
    }
  };
  auto dead_letter = [&](const store::OutboxEntry& entry, const std::string& problem) {
    auto status = outbox.move_to_dead(entry.id, problem, clock_.unix_ms());
    if (!status.ok()) logger_.error("sync", "cannot dead-letter: " + status.message);
    retry_at.erase(entry.id);
    // Its evaluation follows it: it is about an application the platform never took.
    if (const int followed = outbox.move_children_to_dead(
            entry.local_id, R"({"code":"parent_dead_lettered"})", clock_.unix_ms())) {
      logger_.warning("sync", std::to_string(followed) + " entry(ies) of " + entry.local_id +
                                  " dead-lettered with it");
    }
  };
  if (key_) {
    purge_dead();
  } else {
    // The key partition did not mount, or the key was removed: nothing can be opened, so
    // nothing is sent, dead-lettered or purged. A technician restores the key.
    logger_.error("sync",
                  "the outbox key is missing and sealed entries exist: the queue is held, every "
                  "entry kept");
  }
  report_counts(true);
  const long long started_ms = clock_.now_ms();
  long long last_heartbeat_ms = started_ms;
  long long last_renewal_check_ms = 0;

  while (running_) {
    {
      std::lock_guard lock(mutex_);
      if (relinked_) {
        platform_ = std::move(*relinked_);
        relinked_.reset();
        client = std::make_unique<PlatformClient>(platform_);
        link_known_ = false;
      }
    }
    const long long now = clock_.unix_ms();
    std::optional<store::OutboxEntry> entry;
    long long wait_ms = kIdleWaitMs;
    if (key_) {
      auto pick = outbox.pick(now, due_in);
      entry = std::move(pick.entry);
      if (!entry && pick.wait_ms) wait_ms = std::min(*pick.wait_ms, kIdleWaitMs);
    }
    if (entry && entry->parent_dead) {
      dead_letter(*entry, R"({"code":"parent_dead_lettered","title":"its application was )"
                          R"(dead-lettered"})");
      logger_.warning("sync", entry->kind + " " + entry->local_id +
                                  " dead-lettered: its application was refused");
      report_counts(false);
      continue;
    }
    if (entry && !entry->payload_opened) {
      // Altered bytes or a replaced key: sending anything would be wrong, dropping it silent.
      dead_letter(*entry, R"({"code":"payload_unreadable","title":"sealed payload does )"
                          R"(not open with this terminal's key"})");
      logger_.error("sync", entry->kind + " " + entry->local_id +
                                " dead-lettered: its sealed payload does not open");
      report_counts(false);
      continue;
    }
    if (entry) {
      auto sent = client->post_raw(path_for(entry->kind), entry->payload, entry->idempotency_key);
      drivers::secure_wipe(entry->payload);
      SyncOutcome outcome;
      outcome.transaction_id = entry->idempotency_key;
      outcome.kind = entry->kind;
      outcome.local_id = entry->local_id;
      if (sent) {
        const std::string platform_id = platform_id_of(entry->kind, sent.value().body);
        auto status = outbox.complete(entry->id, platform_id, clock_.unix_ms());
        if (!status.ok()) logger_.error("sync", "cannot remove a sent entry: " + status.message);
        retry_at.erase(entry->id);
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
            dead_letter(*entry, problem.dump());
            logger_.error(
                "sync", entry->kind + " " + entry->local_id + " dead-lettered: " + error.summary());
            outcome.result = SyncOutcome::Result::rejected;
            wait_ms = 0;
            break;
          }
          case ErrorClass::reenroll:
          case ErrorClass::disabled:
            // The whole queue waits; the entry keeps its attempt count.
            set_refused(error);
            outcome.result = SyncOutcome::Result::held;
            wait_ms = kHoldWaitMs;
            break;
          case ErrorClass::link:
          case ErrorClass::transient: {
            set_link(error.error_class == ErrorClass::link ? LinkState::down : LinkState::degraded,
                     error.summary(), error.error_class == ErrorClass::link ? error.code : "");
            const long long delay =
                retry_delay_ms(policy_.backoff, entry->attempts, error.retry_after_s, random);
            retry_at[entry->id] = clock_.now_ms() + delay;
            // The stored time only matters after a restart (clamped then).
            auto status =
                outbox.schedule_retry(entry->id, clock_.unix_ms() + delay, error.summary());
            if (!status.ok()) logger_.error("sync", "cannot schedule a retry: " + status.message);
            logger_.warning("sync", entry->kind + " " + entry->local_id + " retry in " +
                                        std::to_string(delay) + " ms: " + error.summary());
            outcome.result = SyncOutcome::Result::retrying;
            // Another entry may be due now (this one may have stepped aside).
            wait_ms = entry->attempts + 1 >= policy_.step_aside_attempts ? 0 : delay;
            break;
          }
        }
      }
      post_(std::move(outcome));
      report_counts(false);
    } else {
      report_counts(true);  // nothing due now: the burst is over
    }
    if (heartbeat_due_.exchange(false) || clock_.now_ms() - last_heartbeat_ms >= kHeartbeatMs) {
      auto cached = state.catalog_header();
      const store::AuditHead audit_head = audit.head();
      nlohmann::json heartbeat =
          heartbeat_body(clock_, clock_.now_ms() - started_ms, outbox.counts(), devices_,
                         database_path_, cached ? cached->version : "", link_, queue, audit_head);
      // Commands: ids received, results of those that ended; the applied configuration.
      const std::vector<std::string> acking = commands.to_acknowledge();
      std::vector<std::string> reporting;
      auto results = nlohmann::json::array();
      for (const auto& done : commands.to_report()) {
        reporting.push_back(done.id);
        results.push_back({{"id", done.id}, {"ok", done.ok}, {"detail", done.detail}});
      }
      if (!acking.empty()) heartbeat["acked_commands"] = acking;
      if (!results.empty()) heartbeat["command_results"] = results;
      if (auto applied = state.value("config.version"))
        heartbeat["config_version"] = std::atoll(applied->c_str());
      auto answered =
          client->post("/v1/terminals/" + platform_.terminal_id + "/heartbeat", heartbeat);
      last_heartbeat_ms = clock_.now_ms();
      if (key_) purge_dead();
      if (answered) {
        set_link(LinkState::up, "");
        // The platform holds this head now: a later check needs the chain to still reach it.
        if (auto anchored = audit.remember_anchor(audit_head); !anchored.ok())
          logger_.warning("sync", "audit anchor not kept: " + anchored.message);
        commands.acknowledged(acking);
        commands.reported(reporting);
        take_commands(answered.value().body, commands);
        // Certificate renewal: looked at after the first heartbeat heard and hourly after.
        if (last_renewal_check_ms == 0 ||
            clock_.now_ms() - last_renewal_check_ms >= kRenewalCheckMs) {
          last_renewal_check_ms = clock_.now_ms();
          auto renewed = renew_certificate_if_due(*client, platform_, clock_.unix_ms());
          PlatformAnswer answer;
          answer.purpose = "certificate.renewal";
          if (!renewed) {
            logger_.warning("sync", "certificate renewal: " + renewed.error());
            answer.error.title = renewed.error();
            post_(std::move(answer));
          } else if (renewed.value()) {
            logger_.info("sync", "terminal certificate renewed: the new one is stored and used");
            answer.ok = true;
            post_(std::move(answer));
          }
        }
      } else if (answered.error().error_class == ErrorClass::link) {
        set_link(LinkState::down, answered.error().summary(), answered.error().code);
      } else if (answered.error().error_class == ErrorClass::disabled ||
                 answered.error().error_class == ErrorClass::reenroll) {
        // Heard from the heartbeat too: a terminal with nothing queued learns it at once.
        set_refused(answered.error());
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

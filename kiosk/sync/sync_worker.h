// The sync worker: one thread that drains the outbox to the platform, in order, and reports.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "command_log.h"
#include "core/app_events.h"
#include "core/clock.h"
#include "platform/platform_client.h"
#include "sealing.h"
#include "services/device_board.h"
#include "services/logger.h"
#include "sync/backoff.h"

namespace yiwang::kiosk {

struct SyncPolicy {
  BackoffPolicy backoff;
  // After this many transient failures an entry steps aside for later, independent ones.
  int step_aside_attempts = 5;
  // A technician alert (status line, log, heartbeat) when the oldest pending entry is older.
  long long stale_alert_ms = 30LL * 60 * 1000;
  // Dead letters nobody resolved are erased after this long (their data is personal).
  long long dead_retention_ms = 30LL * 24 * 3600 * 1000;
};

class SyncWorker {
 public:
  using Post = std::function<void(AppEvent)>;
  // key may be null (the key file is missing while sealed entries exist): the queue is held,
  // every entry kept, and heartbeats say why.
  SyncWorker(std::string database_path, const store::SealingKey* key, PlatformConfig platform,
             const Clock& clock, Logger& logger, Post post, SyncPolicy policy = {},
             const DeviceBoard* devices = nullptr);
  SyncWorker(std::string database_path, const store::SealingKey& key, PlatformConfig platform,
             const Clock& clock, Logger& logger, Post post, SyncPolicy policy = {},
             const DeviceBoard* devices = nullptr)
      : SyncWorker(std::move(database_path), &key, std::move(platform), clock, logger,
                   std::move(post), policy, devices) {}
  ~SyncWorker();
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void start();
  void stop();
  // Something was enqueued, or the link may be back: try now.
  void wake();
  // A device changed state: tell the platform in a heartbeat now, not in a minute.
  void heartbeat_now();
  // A new platform identity (after a scanned enrollment): the worker's own thread switches to
  // it before its next request. Safe from any thread; the worker object is never replaced.
  void relink(PlatformConfig platform);

 private:
  void run();
  // The heartbeat answer's commands (new ids only, kept in the log first) and configuration,
  // handed to the UI thread.
  void take_commands(const nlohmann::json& answer, store::CommandLog& commands);
  void set_link(LinkState state, const std::string& reason, const std::string& reason_code = "");
  // The platform refused this terminal (401: held for re-enrollment; 403: disabled).
  void set_refused(const PlatformError& error);

  std::string database_path_;
  const store::SealingKey* key_;
  PlatformConfig platform_;                 // the worker thread's copy
  std::optional<PlatformConfig> relinked_;  // guarded by mutex_
  const Clock& clock_;
  Logger& logger_;
  Post post_;
  SyncPolicy policy_;
  const DeviceBoard* devices_;
  std::atomic<bool> heartbeat_due_{true};  // the first one goes out at once
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  std::atomic<bool> running_{false};
  bool link_known_ = false;
  LinkChanged link_;  // touched only by the worker thread
  std::thread thread_;
};

}  // namespace yiwang::kiosk

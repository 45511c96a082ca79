// Interactive platform calls (identity, catalog) on a worker thread; answers come back as events.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "core/app_events.h"
#include "platform/platform_client.h"

namespace yiwang::kiosk {

class PlatformTasks {
 public:
  using Post = std::function<void(AppEvent)>;
  using Call = std::function<PlatformResult(PlatformClient&)>;

  PlatformTasks(PlatformConfig config, Post post);
  ~PlatformTasks();
  PlatformTasks(const PlatformTasks&) = delete;
  PlatformTasks& operator=(const PlatformTasks&) = delete;

  // Runs call off the UI thread and posts a PlatformAnswer tagged with purpose and ticket.
  void request(std::string purpose, unsigned long long ticket, Call call);
  // A new platform identity: used from the next call on (safe from any thread).
  void relink(PlatformConfig config);

 private:
  struct Job {
    std::string purpose;
    unsigned long long ticket;
    Call call;
  };
  void run();

  PlatformConfig config_;
  std::optional<PlatformConfig> relinked_;  // guarded by mutex_
  Post post_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace yiwang::kiosk

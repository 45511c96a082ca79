// The task thread owns its own PlatformClient (and so its own connection).
#include "platform/platform_tasks.h"

#include <memory>

namespace yiwang::kiosk {

PlatformTasks::PlatformTasks(PlatformConfig config, Post post)
    : config_(std::move(config)), post_(std::move(post)) {
  thread_ = std::thread([this] { run(); });
}

PlatformTasks::~PlatformTasks() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

void PlatformTasks::request(std::string purpose, unsigned long long ticket, Call call) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({std::move(purpose), ticket, std::move(call)});
  }
  ready_.notify_all();
}

void PlatformTasks::relink(PlatformConfig config) {
  std::lock_guard lock(mutex_);
  relinked_ = std::move(config);
}

void PlatformTasks::run() {
  auto client = std::make_unique<PlatformClient>(config_);
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      if (relinked_) {
        config_ = std::move(*relinked_);
        relinked_.reset();
        client = std::make_unique<PlatformClient>(config_);
      }
    }
    auto result = job.call(*client);
    PlatformAnswer answer;
    answer.purpose = job.purpose;
    answer.ticket = job.ticket;
    answer.ok = result.ok();
    if (result) {
      answer.body = std::move(result.value().body);
      answer.etag = result.value().etag;
      answer.not_modified = result.value().status == 304;
    } else {
      answer.error = result.error();
    }
    post_(std::move(answer));
  }
}

}  // namespace yiwang::kiosk

// A thread-safe record of the events a driver posts, for tests that wait on them.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "support/wait_for.h"

namespace yiwang::test {

template <typename Event>
class EventLog {
 public:
  std::function<void(Event)> listener() {
    return [this](Event e) {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(e));
    };
  }
  int count(const std::function<bool(const Event&)>& match) {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& e : events_) n += match(e) ? 1 : 0;
    return n;
  }
  std::optional<Event> last(const std::function<bool(const Event&)>& match) {
    std::lock_guard lock(mutex_);
    for (auto it = events_.rbegin(); it != events_.rend(); ++it)
      if (match(*it)) return *it;
    return std::nullopt;
  }
  // Waits until at least `n` events match.
  bool wait(const std::function<bool(const Event&)>& match, int n = 1, int timeout_ms = 5000) {
    return wait_for([&] { return count(match) >= n; }, timeout_ms);
  }
  std::vector<Event> all() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }

 private:
  std::mutex mutex_;
  std::vector<Event> events_;
};

}  // namespace yiwang::test

// The one meeting point of threads: producers push events, the UI thread drains them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>

namespace yiwang::kiosk {

template <class Event>
class EventQueue {
 public:
  // waker is called after every push, from the pushing thread (it must be thread-safe: the
  // application passes one that posts an SDL user event).
  explicit EventQueue(std::function<void()> waker = {}) : waker_(std::move(waker)) {}

  void push(Event event) {
    {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(event));
    }
    arrived_.notify_all();
    if (waker_) waker_();
  }

  // Blocks until an event is queued or timeout_ms passes (negative: no limit). For loops that
  // have no other source of input to wait on (headless runs).
  void wait(int timeout_ms) {
    std::unique_lock lock(mutex_);
    const auto ready = [this] { return !events_.empty(); };
    if (timeout_ms < 0) {
      arrived_.wait(lock, ready);
    } else {
      arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms), ready);
    }
  }

  std::deque<Event> drain() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Event> events_;
  std::function<void()> waker_;
};

}  // namespace yiwang::kiosk

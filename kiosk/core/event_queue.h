// The one meeting point of threads: producers push events, the UI thread drains them.
#pragma once

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
    if (waker_) waker_();
  }

  std::deque<Event> drain() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }

 private:
  std::mutex mutex_;
  std::deque<Event> events_;
  std::function<void()> waker_;
};

}  // namespace yiwang::kiosk

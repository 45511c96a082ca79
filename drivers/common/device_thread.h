// The thread a device driver runs its loop on: started once, stopped from any thread, with a
// sleep that ends early when stopped so stop() never waits out a reconnect pause. The sleep is
// one wait on a condition variable (one wake-up), not a loop of short sleeps.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace yiwang::drivers {

class DeviceThread {
 public:
  DeviceThread() = default;
  ~DeviceThread() { stop(); }
  DeviceThread(const DeviceThread&) = delete;
  DeviceThread& operator=(const DeviceThread&) = delete;
  DeviceThread(DeviceThread&&) = delete;
  DeviceThread& operator=(DeviceThread&&) = delete;

  // Runs `loop` on a new thread; the loop should return once running() turns false.
  void start(std::function<void()> loop) {
    if (running_.exchange(true)) return;
    thread_ = std::thread(std::move(loop));
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      running_ = false;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  bool running() const { return running_.load(); }
  // Sleeps up to `milliseconds`, or until stop() is called.
  void sleep_ms(int milliseconds) const {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(milliseconds), [this] { return !running_; });
  }

 private:
  std::atomic<bool> running_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace yiwang::drivers

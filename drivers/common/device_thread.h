// The thread a device driver runs its loop on: started once, stopped from any thread, with a
// sleep that ends early when stopped so stop() never waits out a reconnect pause.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
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
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  bool running() const { return running_.load(); }
  // Sleeps up to `milliseconds`, in 10 ms slices so a stop is answered quickly.
  void sleep_ms(int milliseconds) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    while (running_ && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

 private:
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace yiwang::drivers

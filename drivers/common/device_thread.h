// The thread a device driver runs its loop on: started once, stopped from any thread, with a
// sleep and a stop descriptor that end at once when stopped, so stop() never waits out a pause
// or a poll. A sleep is one poll() on that descriptor (one wake-up), not a loop of short sleeps.
#pragma once

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>

namespace yiwang::drivers {

class DeviceThread {
 public:
  DeviceThread() : stop_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  ~DeviceThread() {
    stop();
    if (stop_fd_ >= 0) ::close(stop_fd_);
  }
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
    if (stop_fd_ >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
    }
    if (thread_.joinable()) thread_.join();
  }
  bool running() const { return running_.load(); }
  // Readable once stop() was called: loops that poll() add it to their descriptors.
  int stop_fd() const { return stop_fd_; }
  // Sleeps up to `milliseconds`; a stop ends it at once.
  void sleep_ms(int milliseconds) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    while (running_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            until - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return;
      if (stop_fd_ < 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(left, 10)));
        continue;
      }
      pollfd stop{stop_fd_, POLLIN, 0};
      ::poll(&stop, 1, static_cast<int>(left));
    }
  }

 private:
  std::atomic<bool> running_{false};
  int stop_fd_ = -1;
  std::thread thread_;
};

}  // namespace yiwang::drivers

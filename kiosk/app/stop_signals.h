// SIGTERM and SIGINT as events: blocked in every thread, read by one watcher thread through a
// signalfd, so a stop wakes the UI loop at once from any screen, idle or not.
#pragma once

#include <functional>
#include <thread>

namespace yiwang::kiosk {

// Blocks SIGTERM and SIGINT in the calling thread and every thread it creates afterwards. Call
// first thing in main(), before any thread exists.
void block_stop_signals();

class StopSignals {
 public:
  // on_stop runs on the watcher thread with the signal's number.
  explicit StopSignals(std::function<void(int)> on_stop);
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  bool ok() const { return signal_fd_ >= 0 && wake_fd_ >= 0; }

 private:
  void run();

  std::function<void(int)> on_stop_;
  int signal_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd: written once to end the watcher
  std::thread thread_;
};

}  // namespace yiwang::kiosk

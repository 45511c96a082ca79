// Polls a condition until it holds or a deadline passes (tests of threads and processes).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace yiwang::test {

inline bool wait_for(const std::function<bool()>& condition, int timeout_ms = 5000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace yiwang::test

// Retry delays: exponential backoff with full jitter and a cap, never shorter than Retry-After.
#pragma once

#include <algorithm>
#include <random>

namespace yiwang::kiosk {

struct BackoffPolicy {
  long long base_ms = 1000;
  long long cap_ms = 5LL * 60 * 1000;
  long long floor_ms = 250;  // full jitter can draw 0; never spin
};

// attempts: failures so far (0 for the first retry). random: any uniform random bit generator.
template <class Random>
long long retry_delay_ms(const BackoffPolicy& policy, int attempts, int retry_after_s,
                         Random& random) {
  const int shift = std::clamp(attempts, 0, 30);
  const long long ceiling = std::min(policy.cap_ms, policy.base_ms << shift);
  long long delay = std::uniform_int_distribution<long long>(0, ceiling)(random);
  delay = std::max(delay, policy.floor_ms);
  if (retry_after_s >= 0) delay = std::max(delay, static_cast<long long>(retry_after_s) * 1000);
  return delay;
}

}  // namespace yiwang::kiosk

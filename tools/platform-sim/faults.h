// Fault switches of the platform simulator: set on the command line or at runtime via /_sim/faults.
#pragma once

#include <atomic>
#include <mutex>
#include <random>

#include <nlohmann/json.hpp>

namespace yiwang::platform_sim {

struct FaultSettings {
  int latency_ms = 0;         // added before every /v1 request is handled
  double error_rate = 0;      // share of requests answered 503 + Retry-After, nothing done
  double drop_rate = 0;       // share of requests handled, then the connection cut mid-response
  double malformed_rate = 0;  // share of requests handled, then answered with broken JSON
  bool bad_digest = false;    // certificate documents carry a Digest that does not match
};

enum class Fault { none, error, drop, malformed };

class Faults {
 public:
  explicit Faults(FaultSettings settings) : settings_(settings) {}

  FaultSettings settings() {
    std::lock_guard lock(mutex_);
    return settings_;
  }
  void set(FaultSettings settings) {
    std::lock_guard lock(mutex_);
    settings_ = settings;
  }
  // Draws the fault for one request.
  Fault draw() {
    std::lock_guard lock(mutex_);
    const double roll = std::uniform_real_distribution<double>(0, 1)(random_);
    if (roll < settings_.error_rate) return Fault::error;
    if (roll < settings_.error_rate + settings_.drop_rate) return Fault::drop;
    if (roll < settings_.error_rate + settings_.drop_rate + settings_.malformed_rate) {
      return Fault::malformed;
    }
    return Fault::none;
  }

 private:
  std::mutex mutex_;
  FaultSettings settings_;
  std::mt19937 random_{std::random_device{}()};
};

inline nlohmann::json to_json(const FaultSettings& s) {
  return {{"latency_ms", s.latency_ms},
          {"error_rate", s.error_rate},
          {"drop_rate", s.drop_rate},
          {"malformed_rate", s.malformed_rate},
          {"bad_digest", s.bad_digest}};
}

inline FaultSettings from_json(const nlohmann::json& j, FaultSettings base) {
  base.latency_ms = j.value("latency_ms", base.latency_ms);
  base.error_rate = j.value("error_rate", base.error_rate);
  base.drop_rate = j.value("drop_rate", base.drop_rate);
  base.malformed_rate = j.value("malformed_rate", base.malformed_rate);
  base.bad_digest = j.value("bad_digest", base.bad_digest);
  return base;
}

}  // namespace yiwang::platform_sim

// The latest status of every device, readable from any thread (the sync worker puts it in
// heartbeats).
#pragma once

#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/device_status.h"

namespace yiwang::kiosk {

// NOLINTNEXTLINE(bugprone-exception-escape): the check sees nlohmann::json's asserting destructor
class DeviceBoard {
 public:
  // True when the state differs from what was known: worth an immediate heartbeat.
  bool update(const drivers::DeviceStatus& status);
  // The heartbeat's "devices" list: [{"name", "class", "state"}].
  nlohmann::json heartbeat_devices() const;
  // The last self-test's results (SelfTest::to_json), for heartbeats; null before the first.
  void set_self_test(nlohmann::json results);
  nlohmann::json self_test() const;

 private:
  nlohmann::json self_test_;
  mutable std::mutex mutex_;
  std::map<std::string, drivers::DeviceStatus> devices_;
};

}  // namespace yiwang::kiosk

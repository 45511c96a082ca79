// Remembers a device's last reported state so a driver reports each change once, not every poll.
#pragma once

#include <optional>
#include <string>

#include "common/device_status.h"

namespace yiwang::drivers {

class StatusLatch {
 public:
  StatusLatch(std::string name, std::string device_class)
      : name_(std::move(name)), device_class_(std::move(device_class)) {}

  // The status to report when state differs from the last one reported; nullopt otherwise.
  std::optional<DeviceStatus> change(DeviceState state, std::string detail) {
    if (state == last_) return std::nullopt;
    last_ = state;
    return DeviceStatus{name_, device_class_, state, std::move(detail)};
  }

 private:
  std::string name_;
  std::string device_class_;
  DeviceState last_ = DeviceState::starting;
};

}  // namespace yiwang::drivers

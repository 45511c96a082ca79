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
  // With `detail_matters`, a new detail in the same state is a change too (a reader online with
  // communication errors, and online again without them).
  std::optional<DeviceStatus> change(DeviceState state, std::string detail,
                                     bool detail_matters = false) {
    if (state == last_ && (!detail_matters || detail == last_detail_)) return std::nullopt;
    last_ = state;
    last_detail_ = detail;
    return DeviceStatus{name_, device_class_, state, std::move(detail)};
  }

 private:
  std::string name_;
  std::string device_class_;
  DeviceState last_ = DeviceState::starting;
  std::string last_detail_;
};

}  // namespace yiwang::drivers

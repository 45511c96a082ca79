// DeviceBoard: a mutex around a map; device threads write, the sync worker reads.
#include "services/device_board.h"

namespace yiwang::kiosk {

bool DeviceBoard::update(const drivers::DeviceStatus& status) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = devices_.try_emplace(status.name, status);
  if (inserted) return true;
  const bool changed = it->second.state != status.state || it->second.paper != status.paper;
  it->second = status;
  return changed;
}

nlohmann::json DeviceBoard::heartbeat_devices() const {
  std::lock_guard lock(mutex_);
  nlohmann::json devices = nlohmann::json::array();
  for (const auto& [name, status] : devices_) {
    nlohmann::json device = {{"name", name},
                             {"class", status.device_class},
                             {"state", std::string(drivers::to_string(status.state))}};
    if (status.paper != drivers::PaperState::unknown)
      device["paper"] = std::string(drivers::to_string(status.paper));
    devices.push_back(std::move(device));
  }
  return devices;
}

void DeviceBoard::set_self_test(nlohmann::json results) {
  std::lock_guard lock(mutex_);
  self_test_ = std::move(results);
}

nlohmann::json DeviceBoard::self_test() const {
  std::lock_guard lock(mutex_);
  return self_test_;
}

}  // namespace yiwang::kiosk

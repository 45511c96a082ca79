// Names of device and paper states as they appear in heartbeats and on the technician line.
#include "common/device_status.h"

namespace yiwang::drivers {

std::string_view to_string(DeviceState state) {
  switch (state) {
    case DeviceState::starting:
      return "starting";
    case DeviceState::online:
      return "online";
    case DeviceState::offline:
      return "offline";
    case DeviceState::powerOff:
      return "powerOff";
    case DeviceState::noDevice:
      return "noDevice";
    case DeviceState::hardwareError:
      return "hardwareError";
    case DeviceState::userError:
      return "userError";
    case DeviceState::busy:
      return "deviceBusy";
  }
  return "unknown";
}

std::string_view to_string(PaperState state) {
  switch (state) {
    case PaperState::unknown:
      return "unknown";
    case PaperState::full:
      return "full";
    case PaperState::low:
      return "low";
    case PaperState::out:
      return "out";
    case PaperState::jammed:
      return "jammed";
  }
  return "unknown";
}

}  // namespace yiwang::drivers

// The one device status shape every driver reports, after XFS4IoT's common status.
#pragma once

#include <string>
#include <string_view>

namespace yiwang::drivers {

enum class DeviceState {
  starting,
  online,
  offline,
  powerOff,
  noDevice,
  hardwareError,
  userError,
  busy
};

// Why an operation failed, as screens must treat it: the resident can fix a "retry" now
// (place the card again); a "fault" needs a technician.
enum class FailureKind { retry, fault };

enum class PaperState { unknown, full, low, out, jammed };

struct DeviceStatus {
  std::string name;          // "idcard", "receipt", "scanner"
  std::string device_class;  // "CardReader", "Printer", "Scanner"
  DeviceState state = DeviceState::starting;
  std::string detail;                      // technician-facing, never personal data
  PaperState paper = PaperState::unknown;  // printers only
};

std::string_view to_string(DeviceState state);
std::string_view to_string(PaperState state);

}  // namespace yiwang::drivers

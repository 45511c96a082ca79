// libFuzzer target: whatever a QR scanner delivers (receipts, e-ID codes, provisioning codes,
// anything else) goes through classify_scan before the kiosk acts on it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flow/scan_content.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::kiosk;
  const std::string_view code(reinterpret_cast<const char*>(data), size);
  const ScanContent content = classify_scan(code);
  if (content.kind == ScanKind::rejected && content.reason.empty()) __builtin_trap();
  if (content.kind == ScanKind::tracking && content.case_id.empty() && content.local_id.empty()) {
    __builtin_trap();
  }
  if (size > kMaxScanContent && content.kind != ScanKind::rejected) __builtin_trap();
  return 0;
}

// libFuzzer target: the provisioning QR parser, fed anything a scanner can read.
#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/enrollment.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto parsed = yiwang::kiosk::parse_provisioning_code(text);
  if (parsed) {
    const auto& code = parsed.value();
    const bool sane = code.platform.rfind("https://", 0) == 0 && !code.token.empty() &&
                      code.ca_sha256.size() == 64;
    if (!sane) __builtin_trap();
  } else if (parsed.error().empty()) {
    __builtin_trap();
  }
  // The same parser behind the prefix, so the fuzzer reaches the base64url and JSON paths.
  (void)yiwang::kiosk::parse_provisioning_code("kiosk-enroll:v1:" + text);
  return 0;
}

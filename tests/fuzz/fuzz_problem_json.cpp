// libFuzzer target: the problem+json classifier sees whatever a broken or hostile platform sends.
#include <cstddef>
#include <cstdint>
#include <string>

#include "platform/platform_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // First byte picks the status from the contract's table, second the Retry-After shape.
  static constexpr long kStatuses[] = {400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504};
  const long status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  const std::string retry_after = data[1] % 3 == 0   ? ""
                                  : data[1] % 3 == 1 ? std::to_string(data[1])
                                                     : std::string(1, static_cast<char>(data[1]));
  const std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto error = yiwang::kiosk::classify_http_error(status, body, retry_after);
  (void)error.summary();
  if (error.retry_after_s < -1) __builtin_trap();
  return 0;
}
